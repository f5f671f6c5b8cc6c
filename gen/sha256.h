/*
 * sha256.h - SHA-256 as lowercase hex, the one form runbinder writes it
 * in (SHA256SUMS, BUILDINFO, the scripts' manifest, the export digests).
 */
#ifndef RB_SHA256_H
#define RB_SHA256_H

#include <stddef.h>

/* Writes 64 hex digits and a NUL into `out`. */
void rb_sha256_hex(const void *data, size_t len, char out[65]);

#endif
