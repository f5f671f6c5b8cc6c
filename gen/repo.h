/*
 * repo.h - what the git repository says about the sources (libgit2):
 * the commit they come from, whether the working tree differs, and the
 * commit's time (the default build time, for byte-identical output).
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

#endif
