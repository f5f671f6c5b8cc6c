/*
 * arena.h - strings that live as long as the inventory that holds them,
 * copied one after another into large chunks and freed all at once.
 *
 * A state's resources each carried five or six malloc'd strings (address,
 * index, id, ARN, region, zone); at 50,000 resources malloc and the page
 * faults of its small blocks were a quarter of the load. Chunks start
 * small (an inventory of ten resources costs 4 KiB) and double up to one
 * huge page (see big_alloc.h).
 */
#ifndef RB_ARENA_H
#define RB_ARENA_H

#include <stddef.h>

struct rb_arena_chunk {
	char *mem;
	size_t size;
};

struct rb_arena {
	char *at, *end;             /* the free part of the last chunk */
	struct rb_arena_chunk *chunks;
	size_t chunks_nr, chunks_alloc;
};

#define RB_ARENA_INIT { NULL, NULL, NULL, 0, 0 }

/* A copy of s[0..n) and a NUL, in the arena. */
char *rb_arena_strndup(struct rb_arena *a, const char *s, size_t n);
char *rb_arena_strdup(struct rb_arena *a, const char *s);
void rb_arena_release(struct rb_arena *a);

#endif
