#include "big_alloc.h"

#include <sys/mman.h>

#include "util.h"

#define HUGE_PAGE ((size_t)2 << 20)

/*
 * From 512 KiB on: the tables a map outgrows on its way to 2 MiB were
 * a quarter of the faults that remained; the cost is at most 1.5 MiB of
 * a huge page unused, and only for inventories of 20,000 resources on.
 */
static bool is_big(size_t size)
{
	return size >= HUGE_PAGE / 4;
}

/* The mapped length of a big array: whole huge pages. */
static size_t mapped(size_t size)
{
	return (size + HUGE_PAGE - 1) & ~(HUGE_PAGE - 1);
}

void *rb_big_calloc(size_t size)
{
	size_t len, lead, tail;
	char *raw, *p;

	if (!is_big(size))
		return rb_xcalloc(1, size);
	len = mapped(size);
	/* one huge page more, to cut the mapping at a 2 MiB boundary */
	raw = mmap(NULL, len + HUGE_PAGE, PROT_READ | PROT_WRITE,
		   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
	if (raw == MAP_FAILED)
		rb_die("out of memory mapping %zu bytes", len + HUGE_PAGE);
	p = (char *)(((uintptr_t)raw + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1));
	lead = (size_t)(p - raw);
	tail = HUGE_PAGE - lead;
	if (lead)
		munmap(raw, lead);
	if (tail)
		munmap(p + len, tail);
	madvise(p, len, MADV_HUGEPAGE);
	return p;
}

void *rb_big_grow(void *p, size_t old_size, size_t new_size)
{
	void *q;

	if (!p)
		return rb_big_calloc(new_size);
	if (!is_big(new_size)) {
		q = rb_xrealloc(p, new_size);
		memset((char *)q + old_size, 0, new_size - old_size);
		return q;
	}
	if (is_big(old_size) && mapped(old_size) >= new_size)
		return p;       /* the last huge page had room */
	q = rb_big_calloc(new_size);
	memcpy(q, p, old_size);
	rb_big_free(p, old_size);
	return q;
}

void rb_big_free(void *p, size_t size)
{
	if (!p)
		return;
	if (is_big(size))
		munmap(p, mapped(size));
	else
		free(p);
}
