/*
 * buf.h - a growable byte buffer, always NUL-terminated.
 *
 * `ptr` is never NULL: a fresh buffer points at a shared empty string and
 * allocates on the first write. Use RB_BUF_INIT or rb_buf_init(); release
 * with rb_buf_release() (the struct can be reused afterwards), or take the
 * bytes with rb_buf_detach(), which leaves the buffer empty.
 */
#ifndef RB_BUF_H
#define RB_BUF_H

#include "util.h"

extern char rb_buf_empty[];

struct rb_buf {
	char *ptr;
	size_t len;
	size_t cap;
};

#define RB_BUF_INIT { rb_buf_empty, 0, 0 }

/* A non-owning view of bytes; not NUL-terminated. */
struct rb_slice {
	const char *ptr;
	size_t len;
};

void rb_buf_init(struct rb_buf *b, size_t hint);
void rb_buf_release(struct rb_buf *b);
void rb_buf_grow(struct rb_buf *b, size_t extra);
void rb_buf_reset(struct rb_buf *b);
void rb_buf_truncate(struct rb_buf *b, size_t len);
void rb_buf_add(struct rb_buf *b, const void *data, size_t len);
void rb_buf_adds(struct rb_buf *b, const char *s);
void rb_buf_addch(struct rb_buf *b, int c);
void rb_buf_addchars(struct rb_buf *b, int c, size_t n);
void rb_buf_addf(struct rb_buf *b, const char *fmt, ...) RB_PRINTF(2, 3);
void rb_buf_vaddf(struct rb_buf *b, const char *fmt, va_list ap) RB_PRINTF(2, 0);
/* Returns the malloc'd bytes (caller frees); the buffer is left empty. */
char *rb_buf_detach(struct rb_buf *b, size_t *len);

#endif
