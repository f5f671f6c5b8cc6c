/*
 * output.h - writing the binder atomically.
 *
 * rb_output_begin() makes a staging directory beside the final one
 * (`.out.staging-XXXXXX` next to `out/`); files are written there;
 * rb_output_commit() fsyncs and swaps it in with one rename (an exchange
 * when the old binder exists), then removes the old tree. A failed or
 * killed build leaves the previous binder as it was; staging leftovers of
 * killed builds are removed by the next build. Paths given to
 * rb_output_write() are relative, and `..`, absolute paths and empty
 * segments are refused, so nothing is written outside the binder.
 */
#ifndef RB_OUTPUT_H
#define RB_OUTPUT_H

#include "fsutil.h"

struct rb_output {
	char *final;          /* e.g. "out" */
	char *staging;        /* e.g. ".out.staging-Ab12Cd" beside it */
	struct rb_strlist files; /* written, relative paths */
};

int rb_output_begin(struct rb_output *o, const char *final_dir);
int rb_output_write(struct rb_output *o, const char *rel, const void *data,
		    size_t len, int mode);
int rb_output_commit(struct rb_output *o);
void rb_output_abort(struct rb_output *o);

/* Is `rel` a safe relative path (no `..`, not absolute, no empty part)? */
bool rb_output_path_safe(const char *rel);

#endif
