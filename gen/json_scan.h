/*
 * json_scan.h - a validating JSON reader that walks a document in place,
 * for exports too large to hold as a tree (Terraform states of hundreds of
 * MB). It builds no values: the caller steps through objects and arrays,
 * decodes the few strings and numbers it needs, and keeps the span of any
 * value whose contents it wants later (a resource's attributes), to parse
 * only when asked.
 *
 *   struct rb_json_scan sc;
 *   rb_json_scan_init(&sc, text, len);
 *   if (rb_json_object_begin(&sc))
 *           while (rb_json_object_next(&sc, &key) > 0)
 *                   if (!strcmp(key.ptr, "resources")) ... else rb_json_skip(&sc, NULL);
 *   if (sc.error) ... rb_json_scan_pos(&sc, &line, &col) ...
 *
 * Grammar: RFC 8259, strings checked for UTF-8 and control characters,
 * nesting bounded. The first error stops the reader: every later call
 * returns at once, and `error` and `error_at` (the byte offset where the
 * bad token starts) say what it was. Duplicate keys are kept as they are
 * (Terraform keeps the last); rb_json_scan_track_keys() lists them as the
 * reader passes them, so a large state is read once, not twice.
 */
#ifndef RB_JSON_SCAN_H
#define RB_JSON_SCAN_H

#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define RB_JSON_MAX_DEPTH 512

struct rb_json_scan {
	const char *s;
	size_t len, pos;
	int depth;
	const char *error;  /* NULL while all is well; a static message */
	size_t error_at;    /* offset of the token the error is about */
	struct rb_json_keys *keys; /* repeated keys, when tracked, or NULL */
};

/* A value's bytes: s + start up to s + end. */
struct rb_json_span {
	size_t start, end;
};

void rb_json_scan_init(struct rb_json_scan *sc, const char *s, size_t len);
/* Frees what rb_json_scan_track_keys() took. */
void rb_json_scan_release(struct rb_json_scan *sc);

/*
 * The kind of the next value, after white space: '{', '[', '"', '0' (a
 * number), 't', 'f', 'n'; or 0 at the end of the text or after an error.
 */
int rb_json_peek(struct rb_json_scan *sc);

/* Reads one value whatever it is, checking it; its span when `out`. */
bool rb_json_skip(struct rb_json_scan *sc, struct rb_json_span *out);

/* Consumes '{'; false (an error) when the next value is not an object. */
bool rb_json_object_begin(struct rb_json_scan *sc);

/*
 * The next member's key, decoded into `key` (NUL-terminated; a key with a
 * NUL byte in it is refused). 1 when there is one (read its value next),
 * 0 at the closing '}', -1 on an error.
 */
int rb_json_object_next(struct rb_json_scan *sc, struct rb_buf *key);

bool rb_json_array_begin(struct rb_json_scan *sc);

/* 1 when another item follows (read it next), 0 at ']', -1 on an error. */
int rb_json_array_next(struct rb_json_scan *sc);

/* Decodes a string value into `out` (replacing its contents). */
bool rb_json_string(struct rb_json_scan *sc, struct rb_buf *out);

/* Reads an integer value; false for any other value, or out of range. */
bool rb_json_integer(struct rb_json_scan *sc, long long *out);

/* Ends the document: only white space may follow. */
bool rb_json_end(struct rb_json_scan *sc);

/* Where the error is, 1-based (columns count characters). */
void rb_json_scan_pos(const struct rb_json_scan *sc, int *line, int *col);

/* For texts jansson reads whole. */

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

/*
 * From now on, note every key that repeats an earlier key of its object
 * (in the objects the reader enters or skips); rb_json_scan_dups() hands
 * them over in file order, as rb_json_duplicate_keys() gives them.
 */
void rb_json_scan_track_keys(struct rb_json_scan *sc);
size_t rb_json_scan_dups(struct rb_json_scan *sc, struct rb_json_dup **out);

void rb_json_dups_free(struct rb_json_dup *dups, size_t nr);

#endif
