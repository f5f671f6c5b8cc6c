/*
 * sha256.h - SHA-256 as lowercase hex, the one form runbinder writes it
 * in (SHA256SUMS, BUILDINFO, the scripts' manifest, the export digests).
 */
#ifndef RB_SHA256_H
#define RB_SHA256_H

#include <stddef.h>

/* Writes 64 hex digits and a NUL into `out`. */
void rb_sha256_hex(const void *data, size_t len, char out[65]);

/* The same, over a text given in pieces. */
struct rb_sha256 {
	void *ctx;
};

void rb_sha256_begin(struct rb_sha256 *h);
void rb_sha256_add(struct rb_sha256 *h, const void *data, size_t len);
void rb_sha256_end_hex(struct rb_sha256 *h, char out[65]);

#endif
