/*
 * link_target.h - where a link or an image of a runbook leads: another
 * runbook (and a heading in it), a file of the repository, a place
 * outside the binder, or nothing.
 *
 * A relative URL is read as the page's author meant it for GitHub, MkDocs,
 * Hugo, Jekyll, Middleman or Docusaurus: relative to the page's folder,
 * percent-decoded, a folder standing for its README.md, index.md or
 * _index.md, `x` or `x.html` for `x.md`, `x.html` for Middleman's
 * `x.html.md`, and runbinder's own `ID.html` naming a runbook by its id.
 * A URL starting with `/` is read from the runbooks folder. The checks
 * (check_hygiene.c), the renderers and the copying of files into the
 * binder all ask here, so they never disagree.
 */
#ifndef RB_LINK_TARGET_H
#define RB_LINK_TARGET_H

#include "binder.h"

/* The folder of out/ that holds the repository's files a runbook links to. */
#define RB_FILES_DIR "files"

enum rb_link_kind {
	RB_LINK_OUTSIDE,   /* a scheme, //host, template syntax, or empty */
	RB_LINK_HERE,      /* #anchor on the same page */
	RB_LINK_RUNBOOK,   /* another runbook (or this one by its path) */
	RB_LINK_FILE,      /* a file or folder of the repository */
	RB_LINK_MISSING,   /* relative, but nothing is there */
};

struct rb_link_target {
	enum rb_link_kind kind;
	struct rb_runbook *runbook; /* RB_LINK_RUNBOOK */
	char *anchor;               /* the fragment without '#', or NULL */
	char *path;                 /* FILE, MISSING: relative to the binder root */
};

/* Resolves `url`, written in runbook `from`; release with the next call. */
void rb_link_target(struct rb_binder *b, const struct rb_runbook *from,
		    const char *url, struct rb_link_target *t);
void rb_link_target_release(struct rb_link_target *t);

/*
 * For a missing target: the runbook source or file path, relative to the
 * page's folder, closest to what was written; NULL when none is close.
 */
char *rb_link_target_near(struct rb_binder *b, const struct rb_runbook *from,
			  const char *url);

/*
 * The length of the runbook id a link names as runbinder does
 * (`ID.html`, `ID.html#anchor`: what page_files.c makes every link between
 * runbooks), or 0 for any other URL.
 */
size_t rb_link_runbook_id_len(const char *url);

#endif
