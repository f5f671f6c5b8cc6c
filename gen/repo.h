/*
 * repo.h - what the git repository says about the sources (libgit2):
 * the commit they come from, whether the working tree differs, and the
 * commit's time (shown as the source commit's date; the build date is today).
 */
#ifndef RB_REPO_H
#define RB_REPO_H

#include "util.h"

struct rb_repo_info {
	bool in_repo;
	char commit[41];       /* full id, "" when none */
	char short_id[13];
	long long commit_time; /* seconds since epoch, 0 when none */
	bool dirty;            /* working tree differs from HEAD */
};

/* Fills `out` for the repository containing `dir`; never fails. */
void rb_repo_info(struct rb_repo_info *out, const char *dir);

struct rb_last_change {
	char short_id[13];      /* "" when the file has no commit */
	long long time;         /* commit time, seconds since the epoch */
	char *author;           /* owned */
	char *subject;          /* first line of the message, owned */
	bool dirty;             /* the working tree differs from HEAD */
	bool before;            /* a shallow clone: changed at or before this
				   commit, the oldest one present */
};

/*
 * For each of `paths` (relative to `dir`), the last commit that changed
 * it, found in one walk of the history from HEAD. `out` has one entry per
 * path; entries stay empty outside a repository. Returns 1 when the
 * repository is a shallow clone (entries the present history cannot date
 * exactly are marked `before`), else 0.
 */
int rb_repo_last_changes(const char *dir, const char *ref,
			 const char *const *paths, size_t n,
			 struct rb_last_change *out);

/*
 * `--ref REF`: writes the files of commit REF's tree into a new temporary
 * directory (no checkout: the working tree and index are not touched) and
 * fills `info` for that commit. `*root` is the binder's directory inside
 * it (the same place relative to the repository as `dir`), `*tmp` the
 * directory to remove with rb_remove_tree() afterwards. Returns 0, or -1
 * with a message in `err`.
 */
int rb_repo_extract(const char *dir, const char *ref, struct rb_repo_info *info,
		    char **tmp, char **root, char *err, size_t errlen);
void rb_last_change_release(struct rb_last_change *c);

#endif
