/*
 * bidi.c - right-to-left words in visual order (see bidi.h).
 */
#include "bidi.h"
#include "buf.h"
#include "display_width.h"

static bool is_rtl(uint32_t cp)
{
	return (cp >= 0x0590 && cp <= 0x08ff) || (cp >= 0xfb1d && cp <= 0xfdff) ||
	       (cp >= 0xfe70 && cp <= 0xfeff);
}

/* Letters and digits decide a word's direction; punctuation does not. */
static bool is_strong(uint32_t cp)
{
	if (cp < 0x80)
		return (cp >= '0' && cp <= '9') || ((cp | 0x20) >= 'a' && (cp | 0x20) <= 'z');
	if (is_rtl(cp))
		return !(cp >= 0x0600 && cp <= 0x061f);	/* Arabic punctuation */
	return rb_char_width(cp) > 0 && !(cp >= 0x2000 && cp <= 0x2bff) &&
	       !(cp >= 0x3000 && cp <= 0x303f);
}

bool rb_bidi_word_is_rtl(const char *s)
{
	size_t len = strlen(s);

	while (len) {
		size_t n;
		uint32_t cp = rb_utf8_next(s, len, &n);

		if (is_strong(cp))
			return is_rtl(cp);
		s += n;
		len -= n;
	}
	return false;
}

char *rb_bidi_reversed(const char *s)
{
	size_t len = strlen(s), end = len;
	struct rb_buf b = RB_BUF_INIT;

	/* from the end: each base character with the marks that follow it */
	while (end) {
		size_t start = end, n;

		for (;;) {
			size_t i = start - 1;

			while (i && ((unsigned char)s[i] & 0xc0) == 0x80)
				i--;
			start = i;
			if (!start || rb_char_width(rb_utf8_next(s + start, end - start, &n)) != 0)
				break;
		}
		rb_buf_add(&b, s + start, end - start);
		end = start;
	}
	return rb_buf_detach(&b, NULL);
}
