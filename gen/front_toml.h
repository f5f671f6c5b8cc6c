/*
 * front_toml.h - Hugo's TOML front matter (between `+++` lines), read as
 * the YAML it can be written as, so that one reader (yaml_tree) serves
 * both and an adopted page's keys are found at their own lines.
 */
#ifndef RB_FRONT_TOML_H
#define RB_FRONT_TOML_H

#include "buf.h"

/*
 * Writes to `out` the YAML for the TOML in `s`, line for line, so that a
 * position in the YAML is the same line in the TOML: `key = value` becomes
 * `key: value` (TOML's strings, numbers, booleans, dates and one-line
 * arrays are YAML flow values as they are). What a front matter needs no
 * more of becomes an empty line: comments, tables (`[params]` and the keys
 * below it), multi-line strings, and any line that is not `key = value`.
 */
void rb_front_toml_as_yaml(const char *s, size_t len, struct rb_buf *out);

#endif
