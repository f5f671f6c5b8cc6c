/*
 * big_alloc.h - zeroed memory for the large arrays of a big inventory (its
 * resource records and hash tables), in huge pages where the kernel
 * offers them.
 *
 * Why: loading a 50,000-resource state touched 32 MB of fresh memory in
 * 4 KiB pages, 8,200 page faults; on a virtual machine each costs several
 * microseconds, a fifth of the load. Arrays of 512 KiB or more are mapped
 * in whole huge pages on a 2 MiB boundary and advised MADV_HUGEPAGE: one fault per 2 MiB.
 * Smaller ones come from calloc as before. Where huge pages are off, the
 * advice is ignored and nothing else changes.
 */
#ifndef RB_BIG_ALLOC_H
#define RB_BIG_ALLOC_H

#include <stddef.h>

/* `size` zeroed bytes; never NULL (dies like rb_xmalloc). */
void *rb_big_calloc(size_t size);
/* Grows `p` (of old_size bytes, from rb_big_calloc or NULL) to new_size;
 * the new bytes are zero. */
void *rb_big_grow(void *p, size_t old_size, size_t new_size);
/* Frees `p` of `size` bytes (the size it was allocated or grown to). */
void rb_big_free(void *p, size_t size);
/* Puts the heap in huge pages where the kernel offers them (big_alloc.c);
 * called at start, and again after a phase that grew the heap. */
void rb_heap_huge_pages(void);

#endif
