/*
 * output.h - writing the binder atomically.
 *
 * rb_output_begin() takes the binder's lock (writer_lock.h), then makes a
 * staging directory beside the final one
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

#include <time.h>

#include "fsutil.h"
#include "strmap.h"
#include "writer_lock.h"

struct rb_output {
	char *final;          /* e.g. "out", or where the link "out" points */
	bool previous;        /* it was a directory at begin: a binder to reuse */
	char *staging;        /* e.g. ".out.staging-Ab12Cd" beside it */
	struct rb_strlist files; /* written, relative paths */
	struct rb_strmap dirs;  /* directories of the staging made so far, */
	struct rb_strlist dir_names; /* their names, which the map points to */
	struct rb_writer_lock lock; /* held from begin to commit or abort */
	char *holder;         /* RB_OUTPUT_BUSY: who holds the lock */
	/* the SHA-256 of the files whose bytes were in hand, by path */
	struct rb_strmap sums;
	struct rb_strlist sum_names, sum_hex;
	/* the previous binder's SHA256SUMS, read when first asked */
	bool old_read;
	struct timespec old_time;  /* its modification time */
	char *old_text;
	struct rb_strmap old_sums; /* path -> offset of its hex in old_text */
	char *cmp;            /* RB_OUTPUT_CMP_SIZE bytes: a previous file, read */
};

#define RB_OUTPUT_CMP_SIZE (256 * 1024)

#define RB_OUTPUT_BUSY (-2)

/*
 * Takes the binder's lock (waiting up to `wait_seconds`; `who` names the
 * command in the messages), then makes the staging directory. A binder
 * directory that is a symbolic link is written where it points. Returns
 * 0; -1 with errno (EACCES: the binder directory is read-only; ENOENT: a
 * link to nothing); RB_OUTPUT_BUSY when another runbinder still held the
 * lock after the wait (o->holder says which).
 */
int rb_output_begin(struct rb_output *o, const char *final_dir, double wait_seconds,
		    const char *who);
/*
 * A file another process wrote into the staging directory (the PDF
 * helpers), with its SHA-256 in hex when that process knew it.
 */
void rb_output_adopt(struct rb_output *o, const char *rel, const char *hex);
int rb_output_write(struct rb_output *o, const char *rel, const void *data,
		    size_t len, int mode);
/*
 * Takes `rel` over from the binder being replaced when the first 4 KB of
 * its copy there hold `mark` (a file that names the digest of its inputs):
 * hard-linked into the staging directory, or copied. Returns 1 when
 * taken over, 0 when it must be made (no previous copy, another mark, an
 * error).
 */
int rb_output_reuse(struct rb_output *o, const char *rel, const char *mark);
/*
 * The SHA-256 (hex) of `rel` when known without reading it back: hashed
 * as it was written, or, for a file taken over from the previous binder,
 * from that binder's SHA256SUMS when the file has not changed since they
 * were written. NULL otherwise.
 */
const char *rb_output_sum(const struct rb_output *o, const char *rel);

int rb_output_commit(struct rb_output *o);
void rb_output_abort(struct rb_output *o);
/*
 * After a commit, when the process ends next: the lock released, what the
 * output recorded freed only when rb_free_at_exit() says so (freeing the
 * names of 10,000 files wrote to heap pages a PDF helper had shared: a
 * fault each).
 */
void rb_output_done(struct rb_output *o);

/* Is `rel` a safe relative path (no `..`, not absolute, no empty part)? */
bool rb_output_path_safe(const char *rel);

#endif
