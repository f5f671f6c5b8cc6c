/*
 * sums.h - out/BUILDINFO (where the binder came from) and out/SHA256SUMS
 * (every file, in sha256sum's format), and checking a binder against them.
 */
#ifndef RB_SUMS_H
#define RB_SUMS_H

#include "binder.h"
#include "output.h"
#include "repo.h"

/* Writes BUILDINFO then SHA256SUMS of every file written so far. */
int rb_sums_write(struct rb_output *out, const struct rb_binder *b,
		  const struct rb_repo_info *repo, long long build_time,
		  const char *version, struct rb_diags *d);

/*
 * Checks `dir` against its SHA256SUMS: prints one line per changed,
 * missing or extra file to `f`; returns how many there were, or -1 when
 * there is no SHA256SUMS.
 */
long rb_sums_verify(const char *dir, FILE *f);

#endif
