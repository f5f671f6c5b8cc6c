#include "big_alloc.h"

#include <sys/mman.h>
#include <malloc.h>
#include <stdint.h>
#include <unistd.h>

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

/*
 * The heap in huge pages too: the view model, the pages and the parsed
 * attributes of a large state are millions of small allocations, and a
 * build touched 150 MB of fresh heap in 4 KiB pages. glibc is asked to
 * grow the heap 256 MiB at a time (address space, not memory: a page is
 * only made when first touched), to keep it, and to serve blocks up to
 * 32 MiB from it; the stretch is advised MADV_HUGEPAGE. A stretch the
 * break adds later is another mapping, advised when this is called again.
 */
void rb_heap_huge_pages(void)
{
	static char *first;
	char *top;
	uintptr_t start;

	if (!first) {
		/* volatile: a malloc freed unused is removed by the compiler */
		void *volatile p;

		mallopt(M_TOP_PAD, 256 << 20);
		mallopt(M_TRIM_THRESHOLD, 512 << 20);
		mallopt(M_MMAP_THRESHOLD, 32 << 20);
		first = sbrk(0);
		/* more than the heap has free: it grows by the pad now */
		p = malloc(4 << 20);
		free(p);
	}
	top = sbrk(0);
	if (first == (char *)-1 || top == (char *)-1)
		return;
	start = ((uintptr_t)first + HUGE_PAGE - 1) & ~(uintptr_t)(HUGE_PAGE - 1);
	if ((uintptr_t)top > start)
		madvise((void *)start, (uintptr_t)top - start, MADV_HUGEPAGE);
}
