#include "strmap.h"

uint64_t rb_hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;

	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	return h ^ (h >> 29);
}

static void grow(struct rb_strmap *m)
{
	const char **keys = m->keys;
	size_t *vals = m->vals, cap = m->cap;

	m->cap = cap ? cap * 2 : 16;
	m->keys = rb_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = rb_xcalloc(m->cap, sizeof(*m->vals));
	m->nr = 0;
	for (size_t i = 0; i < cap; i++)
		if (keys[i])
			rb_strmap_put(m, keys[i], vals[i]);
	free(keys);
	free(vals);
}

size_t rb_strmap_put(struct rb_strmap *m, const char *key, size_t val)
{
	size_t i;

	if ((m->nr + 1) * 4 > m->cap * 3)
		grow(m);
	i = rb_hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (!strcmp(m->keys[i], key)) {
			size_t old = m->vals[i];

			m->vals[i] = val;
			return old;
		}
		i = (i + 1) & (m->cap - 1);
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->nr++;
	return SIZE_MAX;
}

size_t rb_strmap_get(const struct rb_strmap *m, const char *key)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	i = rb_hash_str(key) & (m->cap - 1);
	while (m->keys[i]) {
		if (!strcmp(m->keys[i], key))
			return m->vals[i];
		i = (i + 1) & (m->cap - 1);
	}
	return SIZE_MAX;
}

void rb_strmap_release(struct rb_strmap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}
