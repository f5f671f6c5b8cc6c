#include <errno.h>
#include <sys/stat.h>

#include "util.h"

void rb_die(const char *fmt, ...)
{
	va_list ap;

	fputs("runbinder: fatal: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(RB_EXIT_INTERNAL);
}

void *rb_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		rb_die("out of memory allocating %zu bytes", n);
	return p;
}

void *rb_xcalloc(size_t n, size_t size)
{
	void *p = calloc(n ? n : 1, size ? size : 1);

	if (!p)
		rb_die("out of memory allocating %zu x %zu bytes", n, size);
	return p;
}

void *rb_xrealloc(void *p, size_t n)
{
	void *q = realloc(p, n ? n : 1);

	if (!q)
		rb_die("out of memory allocating %zu bytes", n);
	return q;
}

char *rb_xstrdup(const char *s)
{
	return rb_xstrndup(s, strlen(s));
}

char *rb_xstrndup(const char *s, size_t n)
{
	char *p = rb_xmalloc(n + 1);

	memcpy(p, s, n);
	p[n] = '\0';
	return p;
}

char *rb_xasprintf(const char *fmt, ...)
{
	va_list ap, ap2;
	int n;
	char *p;

	va_start(ap, fmt);
	va_copy(ap2, ap);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0)
		rb_die("bad format string");
	p = rb_xmalloc((size_t)n + 1);
	vsnprintf(p, (size_t)n + 1, fmt, ap2);
	va_end(ap2);
	return p;
}

bool rb_starts_with(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

bool rb_ends_with(const char *s, const char *suffix)
{
	size_t a = strlen(s), b = strlen(suffix);

	return a >= b && memcmp(s + a - b, suffix, b) == 0;
}

int rb_read_file(const char *path, size_t limit, char **out, size_t *out_len)
{
	FILE *f = fopen(path, "rb");
	struct stat st;
	char *data;
	size_t n;

	*out = NULL;
	*out_len = 0;
	if (!f)
		return -1;
	if (fstat(fileno(f), &st) < 0) {
		fclose(f);
		return -1;
	}
	if (!S_ISREG(st.st_mode)) {
		fclose(f);
		errno = EISDIR;
		return -1;
	}
	if ((uintmax_t)st.st_size > limit) {
		fclose(f);
		errno = EFBIG;
		return -1;
	}
	data = rb_xmalloc((size_t)st.st_size + 1);
	n = fread(data, 1, (size_t)st.st_size, f);
	if (ferror(f)) {
		int e = errno;
		free(data);
		fclose(f);
		errno = e;
		return -1;
	}
	fclose(f);
	data[n] = '\0';
	*out = data;
	*out_len = n;
	return 0;
}

size_t rb_utf8_invalid(const char *text, size_t len)
{
	const unsigned char *s = (const unsigned char *)text;

	for (size_t i = 0; i < len;) {
		unsigned char c = s[i];
		size_t n;
		uint32_t cp;

		if (c < 0x80) {
			i++;
			continue;
		}
		if (c >= 0xc2 && c <= 0xdf) {
			n = 1;
			cp = c & 0x1f;
		} else if (c >= 0xe0 && c <= 0xef) {
			n = 2;
			cp = c & 0x0f;
		} else if (c >= 0xf0 && c <= 0xf4) {
			n = 3;
			cp = c & 0x07;
		} else {
			return i;
		}
		for (size_t k = 1; k <= n; k++) {
			if (i + k >= len || (s[i + k] & 0xc0) != 0x80)
				return i;
			cp = (cp << 6) | (s[i + k] & 0x3f);
		}
		/* overlong forms, surrogates, beyond U+10FFFF */
		if ((n == 2 && cp < 0x800) || (n == 3 && cp < 0x10000) ||
		    (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff)
			return i;
		i += n + 1;
	}
	return SIZE_MAX;
}

#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RB_SANITIZED 1
#endif
#endif
#if defined(__SANITIZE_ADDRESS__)
#define RB_SANITIZED 1
#endif

bool rb_free_at_exit(void)
{
#ifdef RB_SANITIZED
	return true;
#else
	static int free_at_exit = -1;

	if (free_at_exit < 0)
		free_at_exit = getenv("RUNBINDER_FREE_AT_EXIT") != NULL;
	return free_at_exit;
#endif
}

int rb_hex_digit(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}
