/*
 * duration.h - durations as written in plan data and runbooks: `90s`,
 * `15m`, `1h30m`, `4h`, `1d`, and dates as `YYYY-MM-DD`.
 */
#ifndef RB_DURATION_H
#define RB_DURATION_H

#include "buf.h"

/* Parses a duration into seconds; returns 0, or -1 when malformed. */
int rb_duration_parse(const char *s, long *out);

/* Appends a duration in its shortest form: `1h30m`, `15m`, `1d`, `0s`. */
void rb_duration_format(struct rb_buf *out, long seconds);

/* Parses `YYYY-MM-DD` into days since 1970-01-01; returns 0 or -1. */
int rb_date_parse(const char *s, long *days);

/* Appends days since 1970-01-01 as `YYYY-MM-DD`. */
void rb_date_format(struct rb_buf *out, long days);

/* Adds whole months to a day count, clamping the day of month. */
long rb_date_add_months(long days, int months);

#endif
