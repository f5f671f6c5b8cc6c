/*
 * timings.h - wall time per phase of a build or a check, for --timings.
 * A phase is closed by naming it: the time since the previous mark is
 * added to it. Off, every call is a no-op.
 */
#ifndef RB_TIMINGS_H
#define RB_TIMINGS_H

#include <stdio.h>

#include "util.h"

#define RB_TIMINGS_MAX 16

struct rb_timings {
	bool on;
	double start, last;
	const char *names[RB_TIMINGS_MAX];
	double secs[RB_TIMINGS_MAX];
	size_t nr;
};

void rb_timings_start(struct rb_timings *t, bool on);
/* Adds the time since the last mark to `phase` (a string literal). */
void rb_timings_mark(struct rb_timings *t, const char *phase);
/* "timings:" then one line per phase and the total, on `f`. */
void rb_timings_print(const struct rb_timings *t, FILE *f);

#endif
