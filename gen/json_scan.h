/*
 * json_scan.h - what jansson does not tell about a JSON text: where the
 * token it stopped at starts, and which object keys repeat.
 *
 * Both scan the raw bytes without building values: finding the repeated
 * keys of a 15 MB state takes about a tenth of the time jansson takes to
 * parse it. Offsets are bytes from `s`.
 */
#ifndef RB_JSON_SCAN_H
#define RB_JSON_SCAN_H

#include <stddef.h>

/*
 * The offset where the token holding byte `end - 1` starts (jansson
 * reports the position after the last byte it read: the end of the bad
 * token). A string is one token from its opening quote. Works on any
 * bytes, valid JSON or not.
 */
size_t rb_json_token_start(const char *s, size_t len, size_t end);

struct rb_json_dup {
	size_t offset; /* the opening quote of the repeated key */
	char *key;     /* the key as written between the quotes (malloc'd) */
};

/*
 * Every key that repeats an earlier key of the same object, in file
 * order, into a malloc'd array `*out`; returns how many. `s` must be
 * valid JSON (jansson read it). Keys compare as written: a key spelled
 * with escapes the other spelling lacks is not found.
 */
size_t rb_json_duplicate_keys(struct rb_json_dup **out, const char *s, size_t len);

void rb_json_dups_free(struct rb_json_dup *dups, size_t nr);

#endif
