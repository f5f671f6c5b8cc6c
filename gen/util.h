/*
 * util.h - allocation helpers that never return NULL, small string helpers,
 * and the list of libc calls this project does not use.
 *
 * Every .c file in gen/ includes this header after its other system headers
 * (the banned-call macros must come last). Allocation failure prints one
 * line to stderr and exits with status 3 (internal fault), so call sites
 * need no NULL checks.
 */
#ifndef RB_UTIL_H
#define RB_UTIL_H

#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define RB_ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))

#if defined(__GNUC__)
#define RB_PRINTF(f, a) __attribute__((format(printf, f, a)))
#define RB_NORETURN __attribute__((noreturn))
#else
#define RB_PRINTF(f, a)
#define RB_NORETURN
#endif

/* Exit statuses shared by every command (DESIGN §4). */
enum {
	RB_EXIT_OK = 0,
	RB_EXIT_FINDINGS = 1,
	RB_EXIT_BAD_INPUT = 2,
	RB_EXIT_INTERNAL = 3,
};

/* Largest source file read (config, plan, runbook, export). */
#define RB_MAX_FILE_SIZE (16u * 1024u * 1024u)

RB_NORETURN void rb_die(const char *fmt, ...) RB_PRINTF(1, 2);
void *rb_xmalloc(size_t n);
void *rb_xcalloc(size_t n, size_t size);
void *rb_xrealloc(void *p, size_t n);
char *rb_xstrdup(const char *s);
char *rb_xstrndup(const char *s, size_t n);
char *rb_xasprintf(const char *fmt, ...) RB_PRINTF(1, 2);

/* Grow an array of elements to hold at least `need`, doubling. */
#define RB_GROW(ptr, need, cap)                                              \
	do {                                                                 \
		if ((size_t)(need) > (cap)) {                                \
			size_t rb_nc_ = (cap) ? (cap) * 2 : 8;               \
			while (rb_nc_ < (size_t)(need))                      \
				rb_nc_ *= 2;                                 \
			(ptr) = rb_xrealloc((ptr), rb_nc_ * sizeof(*(ptr))); \
			(cap) = rb_nc_;                                      \
		}                                                            \
	} while (0)

bool rb_starts_with(const char *s, const char *prefix);
/*
 * Whether what lives until the process ends (the binder, the view model)
 * is freed before it ends: in sanitizer builds, and when the environment
 * has RUNBINDER_FREE_AT_EXIT (the valgrind runs of the tests), so that a
 * leak check sees every block freed. Otherwise the kernel takes the
 * memory back at once, and a build saves the walk of freeing it.
 */
bool rb_free_at_exit(void);

/* The offset of the first byte that is not valid UTF-8, or SIZE_MAX. */
size_t rb_utf8_invalid(const char *s, size_t len);
/* The value of a hexadecimal digit, or -1. */
int rb_hex_digit(char c);
bool rb_ends_with(const char *s, const char *suffix);

/*
 * Reads a whole file into a NUL-terminated buffer. Returns 0, or -1 with
 * errno set; a file larger than `limit` gives -1 with errno EFBIG.
 */
int rb_read_file(const char *path, size_t limit, char **out, size_t *out_len);

#include "banned.h"

#endif
