/*
 * strmap.h - a hash map from strings to indexes (open addressing, linear
 * probing, power-of-two capacity). Keys are borrowed: they must outlive
 * the map. Used for O(1) lookups of resources by address, id and ARN.
 *
 * Each slot keeps the key's hash beside it: a probe compares two integers
 * and touches the key's bytes only when they match, and growing never
 * hashes a key again (a million-resource state spent a third of its load
 * time comparing strings on probes before this).
 */
#ifndef RB_STRMAP_H
#define RB_STRMAP_H

#include "util.h"

struct rb_strmap_slot {
	const char *key;    /* NULL: empty */
	uint32_t val;       /* indexes fit: a map holds under 2^32 keys */
	uint32_t hash;      /* the key's hash, low half (capacities are 2^k < 2^32) */
};

struct rb_strmap {
	struct rb_strmap_slot *slots;
	size_t cap, nr;
};

#define RB_STRMAP_INIT { NULL, 0, 0 }

/* Room for `nr` keys in all without growing (one table, sized once). */
void rb_strmap_reserve(struct rb_strmap *m, size_t nr);
/* Sets key -> val (val < UINT32_MAX); returns the previous value or
 * SIZE_MAX when new. */
size_t rb_strmap_put(struct rb_strmap *m, const char *key, size_t val);
/* The value of `key`, or SIZE_MAX. */
size_t rb_strmap_get(const struct rb_strmap *m, const char *key);
void rb_strmap_release(struct rb_strmap *m);

uint64_t rb_hash_str(const char *s);

#endif
