/*
 * font_cmap.h - which characters a TrueType font has a glyph for, read
 * from its cmap table: what the PDF writer asks before it chooses, for
 * each character, the first of its fonts that can draw it.
 *
 * Only the Unicode BMP subtable (platform 3 encoding 1, or platform 0,
 * format 4) is read, the one libharu 2.3 draws through: a character it
 * does not list is one libharu would draw as a box, whatever other
 * subtables say. A TrueType collection (.ttc) is read at a font's index.
 */
#ifndef RB_FONT_CMAP_H
#define RB_FONT_CMAP_H

#include "util.h"

/* Font files larger than this are not fonts the PDF writer embeds. */
#define RB_FONT_FILE_LIMIT (64u << 20)

struct rb_font_cmap {
	uint32_t bits[0x10000 / 32];	/* a bit per BMP code point */
};

/*
 * Reads the cmap of font `index` of the file at `path` into `out`.
 * Returns 0, or -1 when the file cannot be read or has no such subtable
 * (`out` is then empty). A damaged file never reads out of bounds.
 */
int rb_font_cmap_read(struct rb_font_cmap *out, const char *path,
		      unsigned index);

/* The same from the file's bytes. */
int rb_font_cmap_parse(struct rb_font_cmap *out, const unsigned char *data,
		       size_t len, unsigned index);

/*
 * The glyph of each BMP character in the same subtable, 0 for none
 * (`gids` has 0x10000 entries). Returns 0, or -1 as above.
 */
int rb_font_cmap_glyphs(uint16_t gids[0x10000], const unsigned char *data,
			size_t len, unsigned index);

static inline bool rb_font_cmap_has(const struct rb_font_cmap *c, unsigned cp)
{
	return cp < 0x10000 && (c->bits[cp / 32] >> (cp % 32) & 1);
}

#endif
