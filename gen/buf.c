#include "buf.h"

char rb_buf_empty[1];

void rb_buf_init(struct rb_buf *b, size_t hint)
{
	b->ptr = rb_buf_empty;
	b->len = 0;
	b->cap = 0;
	if (hint)
		rb_buf_grow(b, hint);
}

void rb_buf_release(struct rb_buf *b)
{
	if (b->cap)
		free(b->ptr);
	rb_buf_init(b, 0);
}

void rb_buf_grow(struct rb_buf *b, size_t extra)
{
	size_t need = b->len + extra + 1;
	size_t cap;

	if (need < b->len)
		rb_die("buffer size overflow");
	if (need <= b->cap)
		return;
	cap = b->cap ? b->cap : 64;
	while (cap < need)
		cap *= 2;
	if (b->cap) {
		b->ptr = rb_xrealloc(b->ptr, cap);
	} else {
		b->ptr = rb_xmalloc(cap);
		b->ptr[0] = '\0';
	}
	b->cap = cap;
}

void rb_buf_reset(struct rb_buf *b)
{
	rb_buf_truncate(b, 0);
}

void rb_buf_truncate(struct rb_buf *b, size_t len)
{
	if (len > b->len)
		rb_die("rb_buf_truncate beyond end");
	b->len = len;
	if (b->cap)
		b->ptr[len] = '\0';
}

void rb_buf_add(struct rb_buf *b, const void *data, size_t len)
{
	if (!len)
		return;
	rb_buf_grow(b, len);
	memcpy(b->ptr + b->len, data, len);
	b->len += len;
	b->ptr[b->len] = '\0';
}

void rb_buf_adds(struct rb_buf *b, const char *s)
{
	rb_buf_add(b, s, strlen(s));
}

void rb_buf_addch(struct rb_buf *b, int c)
{
	rb_buf_grow(b, 1);
	b->ptr[b->len++] = (char)c;
	b->ptr[b->len] = '\0';
}

void rb_buf_addchars(struct rb_buf *b, int c, size_t n)
{
	if (!n)
		return;
	rb_buf_grow(b, n);
	memset(b->ptr + b->len, c, n);
	b->len += n;
	b->ptr[b->len] = '\0';
}

void rb_buf_vaddf(struct rb_buf *b, const char *fmt, va_list ap)
{
	va_list ap2;
	int n;

	va_copy(ap2, ap);
	n = vsnprintf(b->ptr + b->len, b->cap ? b->cap - b->len : 0, fmt, ap2);
	va_end(ap2);
	if (n < 0)
		rb_die("bad format string");
	if ((size_t)n + b->len + 1 > b->cap || !b->cap) {
		rb_buf_grow(b, (size_t)n);
		n = vsnprintf(b->ptr + b->len, b->cap - b->len, fmt, ap);
	}
	b->len += (size_t)n;
}

void rb_buf_addf(struct rb_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	rb_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

char *rb_buf_detach(struct rb_buf *b, size_t *len)
{
	char *p;

	if (len)
		*len = b->len;
	if (!b->cap) {
		p = rb_xmalloc(1);
		p[0] = '\0';
	} else {
		p = b->ptr;
	}
	rb_buf_init(b, 0);
	return p;
}
