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
 * bad token starts) say what it was. Duplicate keys are the caller's
 * business (Terraform keeps the last).
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
};

/* A value's bytes: s + start up to s + end. */
struct rb_json_span {
	size_t start, end;
};

void rb_json_scan_init(struct rb_json_scan *sc, const char *s, size_t len);

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

#endif
