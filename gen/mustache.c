/*
 * mustache.c - the Mustache tag scanner.
 */
#include <ctype.h>

#include "mustache.h"
#include "util.h"

/* memmem over [from, len) of `s`, for a NUL-terminated needle. */
static const char *find(const char *s, size_t from, size_t len,
			const char *needle)
{
	size_t n = strlen(needle);

	if (n > len)
		return NULL;
	for (size_t i = from; i + n <= len; i++)
		if (s[i] == needle[0] && !memcmp(s + i, needle, n))
			return s + i;
	return NULL;
}

int rb_mustache_next(const char *s, size_t len, size_t pos,
		     const struct rb_mustache_delims *dl,
		     struct rb_mustache_tag *tag)
{
	const char *o = find(s, pos, len, dl->open);
	size_t inner, cl = strlen(dl->close);
	const char *cend;

	if (!o)
		return 0;
	tag->start = (size_t)(o - s);
	inner = tag->start + strlen(dl->open);
	tag->sigil = inner < len ? s[inner] : '\0';
	if (tag->sigil == '{') {
		char want[40];

		snprintf(want, sizeof(want), "}%s", dl->close);
		cend = find(s, inner + 1, len, want);
		if (!cend)
			return -1;
		tag->content = tag->name = s + inner + 1;
		tag->content_len = tag->name_len = (size_t)(cend - tag->name);
		tag->end = (size_t)(cend - s) + cl + 1;
		return 1;
	}
	if (!tag->sigil || !strchr("#^/!>&=", tag->sigil))
		tag->sigil = 0;
	cend = find(s, inner + (tag->sigil ? 1 : 0), len, dl->close);
	if (!cend)
		return -1;
	tag->content = s + inner;
	tag->content_len = (size_t)(cend - tag->content);
	tag->name = tag->content + (tag->sigil ? 1 : 0);
	tag->name_len = (size_t)(cend - tag->name);
	tag->end = (size_t)(cend - s) + cl;
	return 1;
}

bool rb_mustache_set_delims(struct rb_mustache_delims *dl, const char *name,
			    size_t len)
{
	const char *a = name, *e = name + len;
	size_t al, bl;
	const char *b;

	if (e <= a || e[-1] != '=')
		return false;
	e--;
	while (a < e && isspace((unsigned char)*a))
		a++;
	for (al = 0; a + al < e && !isspace((unsigned char)a[al]); al++)
		;
	b = a + al;
	while (b < e && isspace((unsigned char)*b))
		b++;
	for (bl = 0; b + bl < e && !isspace((unsigned char)b[bl]); bl++)
		;
	for (const char *z = b + bl; z < e; z++)
		if (!isspace((unsigned char)*z))
			return false;
	/* kept as C strings: a NUL would leave them empty */
	if (!al || !bl || al >= sizeof(dl->open) || bl >= sizeof(dl->close) ||
	    memchr(a, '=', al) || memchr(b, '=', bl) || memchr(a, '\0', al) ||
	    memchr(b, '\0', bl))
		return false;
	memcpy(dl->open, a, al);
	dl->open[al] = '\0';
	memcpy(dl->close, b, bl);
	dl->close[bl] = '\0';
	return true;
}
