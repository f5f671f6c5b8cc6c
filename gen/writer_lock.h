/*
 * writer_lock.h - one writer of a binder at a time.
 *
 * Two builds of one binder (two pipeline runs in one workspace, or a
 * developer's build during a CI job) must not interleave: each removes
 * the other's staging directory as a leftover. A build and `publish` take
 * `.NAME.lock` beside the binder directory NAME (`.out.lock` beside
 * `out/`) before they touch it. The lock is an flock(2) on that file, so
 * the kernel drops it when its holder dies however it dies (SIGKILL
 * included): a killed build never wedges the next one. The file holds the
 * holder's pid and start time for the messages; a file left by a holder
 * that is gone is taken over with a note. The holder removes the file
 * when it is done.
 */
#ifndef RB_WRITER_LOCK_H
#define RB_WRITER_LOCK_H

#include <stdbool.h>

struct rb_writer_lock {
	char *path;         /* the lock file, NULL when not held */
	int fd;
};

enum rb_lock_result {
	RB_LOCK_TAKEN = 0,
	RB_LOCK_ERROR = -1,     /* errno says why */
	RB_LOCK_BUSY = -2,      /* another holder, still there after `wait` */
};

/*
 * Takes the lock of binder directory `dir`, waiting up to `wait_seconds`
 * for another holder (saying once on stderr that it waits, as `who`, e.g.
 * "runbinder build"; NULL: quiet). On RB_LOCK_BUSY, `holder` (malloc'd) says who holds
 * it: "pid 123, started 2026-12-01 15:40:02 UTC".
 */
enum rb_lock_result rb_writer_lock_take(struct rb_writer_lock *l, const char *dir,
					double wait_seconds, const char *who,
					char **holder);
void rb_writer_lock_release(struct rb_writer_lock *l);

#endif
