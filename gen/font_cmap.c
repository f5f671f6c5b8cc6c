/*
 * font_cmap.c - a TrueType font's cmap as a set of code points (see
 * font_cmap.h). Every offset is checked against the file's length.
 */
#include "font_cmap.h"

struct bytes {
	const unsigned char *p;
	size_t len;
};

static bool in(const struct bytes *b, size_t off, size_t n)
{
	return off <= b->len && n <= b->len - off;
}

static unsigned u16(const struct bytes *b, size_t off)
{
	return in(b, off, 2) ? (unsigned)b->p[off] << 8 | b->p[off + 1] : 0;
}

static uint32_t u32(const struct bytes *b, size_t off)
{
	return in(b, off, 4) ? (uint32_t)b->p[off] << 24 | (uint32_t)b->p[off + 1] << 16 |
			       (uint32_t)b->p[off + 2] << 8 | b->p[off + 3]
			     : 0;
}

/* The offset of the table `tag` of the font whose offset table is at `font`. */
static size_t table(const struct bytes *b, size_t font, const char *tag)
{
	unsigned n = u16(b, font + 4);

	for (unsigned i = 0; i < n; i++) {
		size_t rec = font + 12 + (size_t)i * 16;

		if (in(b, rec, 16) && !memcmp(b->p + rec, tag, 4))
			return u32(b, rec + 8);
	}
	return 0;
}

/*
 * Format 4: segments of code points, each mapped by a delta or an array.
 * Marks each character that has a glyph in `out`, and when `gids` is not
 * NULL, puts its glyph there.
 */
static int format4(struct rb_font_cmap *out, uint16_t *gids, const struct bytes *b,
		   size_t sub)
{
	unsigned segs = u16(b, sub + 6) / 2;
	size_t ends = sub + 14, starts = ends + 2 * (size_t)segs + 2;
	size_t deltas = starts + 2 * (size_t)segs, ranges = deltas + 2 * (size_t)segs;

	if (!in(b, ranges, 2 * (size_t)segs))
		return -1;
	for (unsigned s = 0; s < segs; s++) {
		unsigned end = u16(b, ends + 2 * s), start = u16(b, starts + 2 * s);
		unsigned delta = u16(b, deltas + 2 * s), range = u16(b, ranges + 2 * s);

		for (unsigned c = start; c <= end && c < 0xffff; c++) {
			unsigned gid = c + delta;

			if (range) {
				size_t at = ranges + 2 * (size_t)s + range + 2 * (size_t)(c - start);
				unsigned g = u16(b, at);

				gid = g ? g + delta : 0;
			}
			if (!(gid & 0xffff))
				continue;
			out->bits[c / 32] |= (uint32_t)1 << (c % 32);
			if (gids)
				gids[c] = (uint16_t)gid;
		}
	}
	return 0;
}

static int parse(struct rb_font_cmap *out, uint16_t *gids, const unsigned char *data,
		 size_t len, unsigned index)
{
	struct bytes b = { data, len };
	size_t font = 0, cmap;
	unsigned n;

	memset(out, 0, sizeof(*out));
	if (in(&b, 0, 4) && !memcmp(data, "ttcf", 4)) {
		if (index >= u32(&b, 8))
			return -1;
		font = u32(&b, 12 + 4 * (size_t)index);
	} else if (index) {
		return -1;
	}
	cmap = table(&b, font, "cmap");
	if (!cmap)
		return -1;
	n = u16(&b, cmap + 2);
	for (unsigned i = 0; i < n; i++) {
		size_t rec = cmap + 4 + (size_t)i * 8;
		unsigned platform = u16(&b, rec), encoding = u16(&b, rec + 2);
		size_t sub = cmap + u32(&b, rec + 4);

		if (!in(&b, rec, 8) || !((platform == 3 && encoding == 1) || platform == 0) ||
		    u16(&b, sub) != 4)
			continue;
		if (format4(out, gids, &b, sub) == 0)
			return 0;
		memset(out, 0, sizeof(*out));
		if (gids)
			memset(gids, 0, 0x10000 * sizeof(*gids));
	}
	return -1;
}

int rb_font_cmap_parse(struct rb_font_cmap *out, const unsigned char *data,
		       size_t len, unsigned index)
{
	return parse(out, NULL, data, len, index);
}

int rb_font_cmap_glyphs(uint16_t gids[0x10000], const unsigned char *data,
			size_t len, unsigned index)
{
	struct rb_font_cmap *seen = rb_xmalloc(sizeof(*seen));
	int ret;

	memset(gids, 0, 0x10000 * sizeof(*gids));
	ret = parse(seen, gids, data, len, index);
	free(seen);
	return ret;
}

int rb_font_cmap_read(struct rb_font_cmap *out, const char *path,
		      unsigned index)
{
	char *data;
	size_t len;
	int ret;

	memset(out, 0, sizeof(*out));
	if (rb_read_file(path, RB_FONT_FILE_LIMIT, &data, &len) < 0)
		return -1;
	ret = rb_font_cmap_parse(out, (const unsigned char *)data, len, index);
	free(data);
	return ret;
}
