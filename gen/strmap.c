#include "strmap.h"

#include "big_alloc.h"

uint64_t rb_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

/* The slot holding `key`, or the empty slot where it belongs. */
static struct rb_strmap_slot *find(const struct rb_strmap *m, const char *key,
				   uint32_t hash)
{
	size_t mask = m->cap - 1, i = hash & mask;

	for (;; i = (i + 1) & mask) {
		struct rb_strmap_slot *s = &m->slots[i];

		if (!s->key || (s->hash == hash && !strcmp(s->key, key)))
			return s;
	}
}

static void resize(struct rb_strmap *m, size_t new_cap)
{
	struct rb_strmap_slot *old = m->slots;
	size_t cap = m->cap;

	m->cap = new_cap;
	m->slots = rb_big_calloc(m->cap * sizeof(*m->slots));
	for (size_t i = 0; i < cap; i++) {
		size_t mask = m->cap - 1, k;

		if (!old[i].key)
			continue;
		/* keys are distinct: only an empty slot is looked for */
		for (k = old[i].hash & mask; m->slots[k].key; k = (k + 1) & mask)
			;
		m->slots[k] = old[i];
	}
	rb_big_free(old, cap * sizeof(*old));
}

/* Full at three quarters: probes stay short. */
static bool fits(size_t cap, size_t nr)
{
	return nr * 4 <= cap * 3;
}

void rb_strmap_reserve(struct rb_strmap *m, size_t nr)
{
	size_t cap = m->cap ? m->cap : 16;

	while (!fits(cap, nr))
		cap *= 2;
	if (cap != m->cap)
		resize(m, cap);
}

size_t rb_strmap_put(struct rb_strmap *m, const char *key, size_t val)
{
	uint32_t hash = (uint32_t)rb_hash_str(key);
	struct rb_strmap_slot *s;

	if (val >= UINT32_MAX)
		rb_die("too many keys in one map: %zu", val);
	if (!fits(m->cap, m->nr + 1))
		resize(m, m->cap ? m->cap * 2 : 16);
	s = find(m, key, hash);
	if (s->key) {
		size_t old = s->val;

		s->val = val;
		return old;
	}
	s->key = key;
	s->val = val;
	s->hash = hash;
	m->nr++;
	return SIZE_MAX;
}

size_t rb_strmap_get(const struct rb_strmap *m, const char *key)
{
	const struct rb_strmap_slot *s;

	if (!m->cap)
		return SIZE_MAX;
	s = find(m, key, (uint32_t)rb_hash_str(key));
	return s->key ? s->val : SIZE_MAX;
}

void rb_strmap_release(struct rb_strmap *m)
{
	rb_big_free(m->slots, m->cap * sizeof(*m->slots));
	memset(m, 0, sizeof(*m));
}
