#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "font_cmap.h"

/* A font file with a cmap of one format 4 subtable, built by hand. */
static size_t font(unsigned char *f, bool collection)
{
	size_t at = 0, font_at, cmap;
	/* segments: 'A'..'C' by delta; 0x96c6..0x96c7 by the glyph array (0x96c7 has none); 0xffff */
	static const unsigned short seg_end[] = { 0x43, 0x96c7, 0xffff };
	static const unsigned short seg_start[] = { 0x41, 0x96c6, 0xffff };
	static const unsigned short seg_delta[] = { (unsigned short)-0x40, 0, 1 };
	static const unsigned short seg_range[] = { 0, 4, 0 };
	static const unsigned short glyphs[] = { 7, 0 };

#define U16(v) (f[at++] = (unsigned char)((v) >> 8), f[at++] = (unsigned char)(v))
#define U32(v) (U16((v) >> 16), U16((v) & 0xffff))
	memset(f, 0, 512);
	if (collection) {
		memcpy(f, "ttcf", 4);
		at = 4;
		U32(0x10000);
		U32(1);
		U32(16);
	}
	font_at = at;
	U32(0x10000);
	U16(1);			/* one table */
	at += 6;
	memcpy(f + at, "cmap", 4);
	at += 8;
	cmap = font_at + 12 + 16;
	U32(cmap);
	U32(200);
	at = cmap;
	U16(0);
	U16(1);			/* one subtable */
	U16(3);
	U16(1);
	U32(12);
	U16(4);			/* format 4 */
	U16(0);
	U16(0);
	U16(6);			/* segCountX2 */
	at += 6;
	for (int i = 0; i < 3; i++)
		U16(seg_end[i]);
	U16(0);
	for (int i = 0; i < 3; i++)
		U16(seg_start[i]);
	for (int i = 0; i < 3; i++)
		U16(seg_delta[i]);
	for (int i = 0; i < 3; i++)
		U16(seg_range[i]);
	for (int i = 0; i < 2; i++)
		U16(glyphs[i]);
#undef U16
#undef U32
	return at;
}

static void cmap_of_a_font(void **state)
{
	unsigned char f[512];
	struct rb_font_cmap *c = malloc(sizeof(*c));
	size_t len;

	(void)state;
	for (int collection = 0; collection < 2; collection++) {
		len = font(f, collection);
		assert_int_equal(rb_font_cmap_parse(c, f, len, 0), 0);
		assert_true(rb_font_cmap_has(c, 'A'));
		assert_true(rb_font_cmap_has(c, 'C'));
		assert_false(rb_font_cmap_has(c, 'D'));
		assert_true(rb_font_cmap_has(c, 0x96c6));
		assert_false(rb_font_cmap_has(c, 0x96c7));	/* glyph 0: none */
		assert_false(rb_font_cmap_has(c, 0xffff));
		assert_false(rb_font_cmap_has(c, 0x1f600));
		/* a font index the file does not have */
		assert_int_equal(rb_font_cmap_parse(c, f, len, 1), -1);
		/* cut anywhere, it never reads past the end */
		for (size_t cut = 0; cut < len; cut++)
			(void)rb_font_cmap_parse(c, f, cut, 0);
	}
	assert_int_equal(rb_font_cmap_read(c, "/nonexistent/font.ttf", 0), -1);
	assert_false(rb_font_cmap_has(c, 'A'));
	free(c);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(cmap_of_a_font),
	};

	return cmocka_run_group_tests_name("font_cmap", tests, NULL, NULL);
}
