/*
 * ttf_subset.h - a TrueType font reduced to the glyphs of a set of
 * characters, for the PDF writer's single-byte code-page fonts.
 *
 * libharu 2.3 embeds a TrueType font's tables whole except the glyph
 * outlines (it blanks the glyphs a document does not use): for DejaVu
 * that is about 45 KB of hmtx, loca, cmap, name and post in every PDF
 * and for every font. The reduced font keeps only what the code pages
 * can reach:
 *
 * - the glyphs of the characters asked for that the font has, .notdef
 *   (glyph 0) and the components of composite glyphs, renumbered in
 *   their old order;
 * - cmap: one format 4 subtable (3,1) for those characters;
 * - glyf and loca rewritten (short offsets when the glyphs fit), hmtx
 *   for the kept glyphs, head, hhea and maxp with the new counts;
 * - post as format 3 (no glyph names), name with only the records 0 to 6
 *   (copyright, family, style, identifier, full name, version,
 *   PostScript name) of the Windows Unicode English names (or the
 *   Macintosh ones for a font that has no such PostScript name), the
 *   PostScript name with a suffix: libharu 2.3 takes a font it loads for
 *   the one of the same name already in the document, and a document
 *   may need the whole font too (for its CID form);
 * - no hinting: the glyphs' instructions are dropped, and cvt, fpgm and
 *   prep are empty (libharu 2.3 copies those three tables and fails on a
 *   font without them); gasp, kern, GSUB, GPOS and the others are left
 *   out. OS/2 is kept as it is (libharu reads its embedding rights and
 *   metrics).
 *
 * The same font and characters give the same bytes. A damaged font is
 * never read out of bounds: the result is -1 and a message.
 */
#ifndef RB_TTF_SUBSET_H
#define RB_TTF_SUBSET_H

#include "buf.h"

/*
 * Reduces font `index` of the font file `data` (a TrueType collection
 * is read at that index; a plain font at 0) to the characters
 * `chars[0..n)` (BMP code points; the others and those the font lacks
 * are ignored), into `out`, its PostScript name followed by `suffix`
 * (ASCII). Returns 0, or -1 with what is wrong in `err` (`out` is then
 * empty).
 */
int rb_ttf_subset(struct rb_buf *out, const unsigned char *data, size_t len,
		  unsigned index, const uint32_t *chars, size_t n, const char *suffix,
		  char *err, size_t err_len);

/* The same from the file at `path`. */
int rb_ttf_subset_file(struct rb_buf *out, const char *path, unsigned index,
		       const uint32_t *chars, size_t n, const char *suffix, char *err,
		       size_t err_len);

#endif
