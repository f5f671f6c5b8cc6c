/*
 * closest.h - "did you mean": the name of a list closest to a mistyped
 * one, for the hints of messages. Pure functions, no allocation kept.
 */
#ifndef RB_CLOSEST_H
#define RB_CLOSEST_H

#include <stddef.h>

/* Levenshtein distance, capped at `cap` + 1. */
size_t rb_edit_distance(const char *a, const char *b, size_t cap);

/*
 * The closest of `names` to `s`, or NULL when none is close (a distance
 * of at most a third of `s`'s length plus one, and at most 3).
 */
const char *rb_closest(const char *s, const char *const *names, size_t n);

#endif
