/*
 * fields.h - reading typed fields out of YAML mappings with errors at the
 * right place. Every getter records an error in `diags` when the value has
 * the wrong type and returns the fallback; callers check diags->errors at
 * the end of a load rather than after each field.
 */
#ifndef RB_FIELDS_H
#define RB_FIELDS_H

#include "yaml_tree.h"

struct rb_fields {
	const struct rb_yaml *yaml;
	json_t *obj;          /* the mapping; NULL gives only fallbacks */
	const char *what;     /* "config", "front matter", "service 'api'" */
	struct rb_diags *diags;
};

/*
 * Checks that `node` is a mapping ("`what` must be a mapping" otherwise)
 * and that every key is one of `allowed` (NULL-terminated): an unknown key
 * is an error at the key with a "did you mean" when one is close.
 * Returns 0 when it is a mapping (even with unknown keys), -1 otherwise.
 */
int rb_fields_init(struct rb_fields *f, const struct rb_yaml *y, json_t *node,
		   const char *what, const char *const *allowed,
		   struct rb_diags *d);

/* Strings: a YAML string, or an integer written plainly (`id: 42`). */
const char *rb_field_str(struct rb_fields *f, const char *key, bool required);
/* A duration (`15m`) in seconds, or `fallback` when absent. */
long rb_field_duration(struct rb_fields *f, const char *key, long fallback);
/* A date (`2026-11-01`) as days since the epoch, or -1 when absent. */
long rb_field_date(struct rb_fields *f, const char *key, bool required);
long rb_field_int(struct rb_fields *f, const char *key, long fallback);
/* A share in percent: `20%` or 20, from 0 to 100. */
long rb_field_percent(struct rb_fields *f, const char *key, long fallback);
/* A list of strings; NULL when absent (borrowed reference). */
json_t *rb_field_str_list(struct rb_fields *f, const char *key);
/* A mapping or NULL when absent (borrowed reference). */
json_t *rb_field_map(struct rb_fields *f, const char *key);
/* A [lo, hi] pair of durations; returns false when absent. */
bool rb_field_duration_range(struct rb_fields *f, const char *key, long *lo,
			     long *hi);
/* A [lo, hi] pair of numbers. */
bool rb_field_int_range(struct rb_fields *f, const char *key, long *lo,
			long *hi);
/* One of `choices` (NULL-terminated) or NULL when absent. */
const char *rb_field_enum(struct rb_fields *f, const char *key,
			  const char *const *choices, bool required);

struct rb_loc rb_field_loc(struct rb_fields *f, const char *key);

#endif
