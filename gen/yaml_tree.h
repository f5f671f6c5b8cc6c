/*
 * yaml_tree.h - YAML (libyaml) read into jansson values that remember where
 * each node came from.
 *
 * One call parses one YAML document into a `struct rb_yaml`: a jansson
 * tree plus a position table. Positions are looked up by container and
 * key or index, because jansson shares its true/false/null singletons.
 * Objects and arrays also have a position of their own.
 *
 * Scalars: quoted scalars are strings; plain scalars are null (`~`, `null`,
 * empty), booleans (`true`, `false` only: never `yes`/`no`/`on`), integers
 * (decimal, optional sign), reals (decimal with `.` or exponent), anything
 * else a string (so `2026-11-01` and `15m` stay strings). Mapping keys must
 * be scalars and unique. Anchors and aliases are supported; an alias is a
 * deep copy counted against a node budget so that an alias bomb is refused
 * quickly. The merge key `<<` is not supported (an error).
 *
 * Errors are recorded in `diags` as `path:line:col: error: message` (YAML
 * syntax errors, duplicate keys, depth over RB_YAML_MAX_DEPTH, node budget
 * exceeded, more than one document, invalid UTF-8) and the call returns -1
 * with *out == NULL. An empty input gives a null root.
 *
 * `line_offset` is added to every line (front matter starts below the
 * opening `---` of a Markdown file); `path` is copied.
 */
#ifndef RB_YAML_TREE_H
#define RB_YAML_TREE_H

#include <jansson.h>

#include "diag.h"

#define RB_YAML_MAX_DEPTH 64
#define RB_YAML_MAX_NODES 1000000

struct rb_yaml;

int rb_yaml_parse(struct rb_yaml **out, const char *path, const char *data,
		  size_t len, int line_offset, struct rb_diags *diags);

/*
 * The same, but a key repeated in one mapping is not an error: the last
 * value is kept, as the static site generators whose front matter is
 * adopted do, and each repeat is remembered for rb_yaml_repeats().
 */
int rb_yaml_parse_repeats(struct rb_yaml **out, const char *path,
			  const char *data, size_t len, int line_offset,
			  struct rb_diags *diags);

/* A key given again in the same mapping: the key and where the repeat is. */
struct rb_yaml_repeat {
	const char *key;        /* owned by the rb_yaml */
	int line, col;
};

/* The repeats rb_yaml_parse_repeats() met, in document order. */
size_t rb_yaml_repeats(const struct rb_yaml *y,
		       const struct rb_yaml_repeat **list);

/* The document's root value, owned by the rb_yaml (borrowed reference). */
json_t *rb_yaml_root(const struct rb_yaml *y);

/* The path given to rb_yaml_parse (owned by the rb_yaml). */
const char *rb_yaml_path(const struct rb_yaml *y);

/* Where an object or array node starts; the root's position for others. */
struct rb_loc rb_yaml_loc(const struct rb_yaml *y, const json_t *node);

/* Where `key` of object `obj` is written (the key), and its value. */
struct rb_loc rb_yaml_loc_key(const struct rb_yaml *y, const json_t *obj,
			      const char *key);
struct rb_loc rb_yaml_loc_val(const struct rb_yaml *y, const json_t *obj,
			      const char *key);

/* Where element `i` of array `arr` is written. */
struct rb_loc rb_yaml_loc_at(const struct rb_yaml *y, const json_t *arr,
			     size_t i);

void rb_yaml_free(struct rb_yaml *y);

#endif
