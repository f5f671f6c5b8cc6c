#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <unistd.h>
#include <cmocka.h>
#include <hpdf.h>

#include "font_cmap.h"
#include "ttf_subset.h"

#define SANS "/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf"

static unsigned u16(const unsigned char *p)
{
	return (unsigned)p[0] << 8 | p[1];
}

static uint32_t u32(const unsigned char *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

/* The table `tag` of a plain font file: its offset, its length in `len`; 0 if none. */
static size_t table(const unsigned char *f, const char *tag, size_t *len)
{
	for (unsigned i = 0; i < u16(f + 4); i++) {
		const unsigned char *rec = f + 12 + 16 * (size_t)i;

		if (!memcmp(rec, tag, 4)) {
			*len = u32(rec + 12);
			return u32(rec + 8);
		}
	}
	*len = 0;
	return 0;
}

/* Where glyph `g` starts in glyf, and its length. */
static size_t glyph(const unsigned char *f, unsigned g, size_t *len)
{
	size_t n, head = table(f, "head", &n), loca = table(f, "loca", &n);
	size_t glyf = table(f, "glyf", &n), a, b;

	if (u16(f + head + 50)) {
		a = u32(f + loca + 4 * g);
		b = u32(f + loca + 4 * g + 4);
	} else {
		a = 2 * (size_t)u16(f + loca + 2 * g);
		b = 2 * (size_t)u16(f + loca + 2 * g + 2);
	}
	*len = b - a;
	return glyf + a;
}

/* The advance width of glyph `g`. */
static unsigned advance(const unsigned char *f, unsigned g)
{
	size_t n, hhea = table(f, "hhea", &n), hmtx = table(f, "hmtx", &n);
	unsigned metrics = u16(f + hhea + 34);

	return u16(f + hmtx + 4 * (g < metrics ? g : metrics - 1));
}

static const uint32_t chars[] = { ' ', 'A', 'g', 0xe9 /* é: a composite */, 0x416 /* Ж */,
				  0x20ac /* € */, 0x4e2d /* 中: DejaVu has none */ };

static void read_font(char **data, size_t *len)
{
	assert_int_equal(rb_read_file(SANS, RB_FONT_FILE_LIMIT, data, len), 0);
}

static void reduced_font(void **state)
{
	char *data, err[160];
	size_t len, n;
	struct rb_buf out = RB_BUF_INIT, again = RB_BUF_INIT;
	uint16_t *old_gid = malloc(0x10000 * sizeof(*old_gid));
	uint16_t *new_gid = malloc(0x10000 * sizeof(*new_gid));
	const unsigned char *f, *src;
	static const char *const tags[] = { "OS/2", "cmap", "cvt ", "fpgm", "glyf", "head", "hhea",
					    "hmtx", "loca", "maxp", "name", "post", "prep" };

	(void)state;
	read_font(&data, &len);
	src = (const unsigned char *)data;
	assert_int_equal(rb_ttf_subset(&out, src, len, 0, chars, RB_ARRAY_SIZE(chars), "-CP",
				       err, sizeof(err)), 0);
	f = (const unsigned char *)out.ptr;
	/* the tables, in order, and no other */
	assert_int_equal(u16(f + 4), RB_ARRAY_SIZE(tags));
	for (size_t i = 0; i < RB_ARRAY_SIZE(tags); i++)
		assert_memory_equal(f + 12 + 16 * i, tags[i], 4);
	assert_int_equal(table(f, "fpgm", &n) && n == 0, 1);
	assert_int_equal(table(f, "prep", &n) && n == 0, 1);
	/* .notdef, space, A, g, é and its two parts (e, acute), Ж, € */
	assert_int_equal(u16(f + table(f, "maxp", &n) + 4), 9);
	assert_int_equal(u32(f + table(f, "post", &n)), 0x00030000);
	assert_int_equal(n, 32);
	/* each character maps to a glyph of the same width and outline */
	assert_int_equal(rb_font_cmap_glyphs(old_gid, src, len, 0), 0);
	assert_int_equal(rb_font_cmap_glyphs(new_gid, f, out.len, 0), 0);
	for (size_t i = 0; i < RB_ARRAY_SIZE(chars) - 1; i++) {
		unsigned o = old_gid[chars[i]], g = new_gid[chars[i]];
		size_t olen, glen, oat = glyph(src, o, &olen), gat = glyph(f, g, &glen);

		assert_true(g > 0 && g < 9);
		assert_int_equal(advance(f, g), advance(src, o));
		if (olen && (int16_t)u16(src + oat) >= 0)
			/* the same bounding box and contours; no instructions */
			assert_memory_equal(f + gat, src + oat, 10 + 2 * (size_t)u16(src + oat));
	}
	assert_int_equal(new_gid[0x4e2d], 0);
	assert_int_equal(new_gid['B'], 0);	/* not asked for */
	/* the composite's components are kept, renumbered */
	{
		size_t glen, gat = glyph(f, new_gid[0xe9], &glen);
		unsigned flags, parts = 0;
		size_t at = gat + 10;

		assert_true((int16_t)u16(f + gat) < 0);
		do {
			size_t plen;

			flags = u16(f + at);
			assert_true(u16(f + at + 2) < 9);
			(void)glyph(f, u16(f + at + 2), &plen);
			assert_true(plen > 0);
			assert_int_equal(flags & 0x100, 0);	/* no instructions */
			parts++;
			at += 4 + ((flags & 1) ? 4 : 2) + ((flags & 8) ? 2 : (flags & 0x40) ? 4 : (flags & 0x80) ? 8 : 0);
		} while (flags & 0x20);
		assert_int_equal(parts, 2);
		assert_true(new_gid['e'] == 0);	/* kept as a part, not mapped */
	}
	/* the same bytes again */
	assert_int_equal(rb_ttf_subset(&again, src, len, 0, chars, RB_ARRAY_SIZE(chars), "-CP",
				       err, sizeof(err)), 0);
	assert_int_equal(again.len, out.len);
	assert_memory_equal(again.ptr, out.ptr, out.len);
	rb_buf_release(&again);
	rb_buf_release(&out);
	free(old_gid);
	free(new_gid);
	free(data);
}

static void pdf_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	(void)error_no;
	(void)detail_no;
	*(bool *)user_data = true;
}

/* libharu loads the reduced font, names it with the suffix, and measures as with the whole font. */
static void loaded_by_libharu(void **state)
{
	char path[] = "/tmp/test_ttf_subset.XXXXXX", err[160];
	struct rb_buf out = RB_BUF_INIT;
	bool failed = false;
	HPDF_Doc doc;
	const char *name, *whole;
	int fd;

	(void)state;
	assert_int_equal(rb_ttf_subset_file(&out, SANS, 0, chars, RB_ARRAY_SIZE(chars), "-CP",
					    err, sizeof(err)), 0);
	fd = mkstemp(path);
	assert_true(fd >= 0);
	assert_int_equal(write(fd, out.ptr, out.len), (ssize_t)out.len);
	close(fd);
	doc = HPDF_New(pdf_error, &failed);
	name = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
	whole = HPDF_LoadTTFontFromFile(doc, SANS, HPDF_TRUE);
	assert_non_null(name);
	assert_non_null(whole);
	assert_string_equal(name, "DejaVuSans-CP,Book");
	assert_string_equal(whole, "DejaVuSans,Book");
	{
		HPDF_Font a = HPDF_GetFont(doc, name, "WinAnsiEncoding");
		HPDF_Font b = HPDF_GetFont(doc, whole, "WinAnsiEncoding");
		const HPDF_BYTE text[] = "Ag \xe9\x80";

		assert_int_equal(HPDF_Font_TextWidth(a, text, 5).width,
				 HPDF_Font_TextWidth(b, text, 5).width);
	}
	assert_false(failed);
	HPDF_Free(doc);
	unlink(path);
	rb_buf_release(&out);
}

static void bad_fonts(void **state)
{
	char *data, err[160];
	size_t len;
	struct rb_buf out = RB_BUF_INIT;
	unsigned char *copy;
	const unsigned char *src;
	uint32_t seed = 1;
	size_t at, n;

	(void)state;
	read_font(&data, &len);
	src = (const unsigned char *)data;
	assert_int_equal(rb_ttf_subset(&out, src, 8, 0, chars, 1, "", err, sizeof(err)), -1);
	assert_string_equal(err, "not a TrueType font: the file is too short");
	assert_int_equal(out.len, 0);
	assert_int_equal(rb_ttf_subset(&out, src, len, 1, chars, 1, "", err, sizeof(err)), -1);
	assert_string_equal(err, "not a font collection: no font 1");
	assert_int_equal(rb_ttf_subset(&out, src, 2000, 0, chars, 1, "", err, sizeof(err)), -1);
	assert_string_equal(err, "the head table lies outside the file");
	assert_int_equal(rb_ttf_subset_file(&out, "/nonexistent/font.ttf", 0, chars, 1, "", err,
					    sizeof(err)), -1);
	assert_string_equal(err, "cannot read /nonexistent/font.ttf: No such file or directory");
	/* cut anywhere: an error, never a read past the end */
	for (size_t cut = 0; cut < len; cut += cut < 512 ? 1 : 4999)
		assert_int_equal(rb_ttf_subset(&out, src, cut, 0, chars, RB_ARRAY_SIZE(chars), "",
					       err, sizeof(err)), -1);
	/* bytes changed in the directory, head, hhea, maxp, loca and glyphs */
	copy = malloc(len);
	for (int round = 0; round < 300; round++) {
		static const char *const tags[] = { "head", "hhea", "maxp", "loca", "glyf", "cmap", "name" };
		size_t off = table(src, tags[round % RB_ARRAY_SIZE(tags)], &n);

		memcpy(copy, src, len);
		for (int k = 0; k < 8; k++) {
			seed = seed * 1103515245u + 12345u;
			at = round % 3 == 0 ? (seed >> 8) % 400 : off + (seed >> 8) % (n < 4096 ? n : 4096);
			copy[at] = (unsigned char)(seed >> 24);
		}
		(void)rb_ttf_subset(&out, copy, len, 0, chars, RB_ARRAY_SIZE(chars), "", err,
				    sizeof(err));
	}
	/* a glyph that loca puts past the end of glyf */
	memcpy(copy, src, len);
	{
		size_t loca = table(src, "loca", &n), glyf_len;

		(void)table(src, "glyf", &glyf_len);
		/* long offsets (DejaVu): glyph 36 ('A') ends past glyf */
		assert_int_equal(u16(src + table(src, "head", &n) + 50), 1);
		copy[loca + 4 * 37] = 0x7f;
		assert_int_equal(rb_ttf_subset(&out, copy, len, 0, chars, RB_ARRAY_SIZE(chars), "",
					       err, sizeof(err)), -1);
		assert_string_equal(err, "glyph 36 lies outside the glyf table");
		(void)glyf_len;
	}
	free(copy);
	rb_buf_release(&out);
	free(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(reduced_font),
		cmocka_unit_test(loaded_by_libharu),
		cmocka_unit_test(bad_fonts),
	};

	return cmocka_run_group_tests_name("ttf_subset", tests, NULL, NULL);
}
