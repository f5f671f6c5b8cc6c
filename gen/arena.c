#include "arena.h"

#include "big_alloc.h"
#include "util.h"

#define FIRST_CHUNK ((size_t)4 << 10)
#define LAST_CHUNK ((size_t)2 << 20)

static void new_chunk(struct rb_arena *a, size_t need)
{
	size_t size = a->chunks_nr ? a->chunks[a->chunks_nr - 1].size * 2 : FIRST_CHUNK;
	char *mem;

	if (size > LAST_CHUNK)
		size = LAST_CHUNK;
	if (size < need)
		size = need;
	mem = rb_big_calloc(size);
	RB_GROW(a->chunks, a->chunks_nr + 1, a->chunks_alloc);
	a->chunks[a->chunks_nr++] = (struct rb_arena_chunk){ mem, size };
	a->at = mem;
	a->end = mem + size;
}

char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n)
{
	size_t room = a->at ? (size_t)(a->end - a->at) : 0;
	char *p;

	if (room < n + 1)
		new_chunk(a, n + 1);
	p = a->at;
	memcpy(p, s, n);
	p[n] = '\0';
	a->at += n + 1;
	return p;
}

char *rb_arena_strdup(struct rb_arena *a, const char *s)
{
	return rb_arena_strndup(a, s, strlen(s));
}

void rb_arena_release(struct rb_arena *a)
{
	for (size_t i = 0; i < a->chunks_nr; i++)
		rb_big_free(a->chunks[i].mem, a->chunks[i].size);
	free(a->chunks);
	memset(a, 0, sizeof(*a));
}
