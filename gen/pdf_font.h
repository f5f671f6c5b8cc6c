/*
 * pdf_font.h - the fonts of a PDF document: loading them when first
 * used, choosing for each character the first font that has its glyph,
 * measuring text and drawing it in runs of one font.
 *
 * A document's text is set in its theme's fonts (DejaVu by default). A
 * character the font asked for lacks is drawn in DejaVu Sans when that
 * has it, else in the first fallback font that has it (the theme's, or
 * the installed Debian fonts for CJK that libharu can embed: AR PL UMing
 * for Chinese and kana, IPAGothic for Japanese kanji, NanumGothic for
 * Korean),
 * loaded, and so embedded, only in the documents that use it. A character no font has is drawn as the font's
 * box, with one warning per build naming it. TAB and the other control
 * characters are drawn as spaces.
 *
 * Text is drawn in each font's first single-byte code page that has the
 * character (WinAnsi first), as a simple TrueType font; the font's UTF-8
 * (CID) form, costly for libharu to make, only for characters outside
 * them. The code-page forms share one font program, the font reduced to
 * the code pages' glyphs (ttf_subset.h, made once per process); the CID
 * form embeds the whole font.
 *
 * Glyph widths are asked of libharu once per font and code point, and
 * which characters a font has is read from its cmap (font_cmap.h) once per
 * process.
 */
#ifndef RB_PDF_FONT_H
#define RB_PDF_FONT_H

#include <hpdf.h>

#include "util.h"

struct rb_pdf;

enum rb_pdf_font {
	RB_FONT_REGULAR,
	RB_FONT_BOLD,
	RB_FONT_ITALIC,
	RB_FONT_MONO,
	RB_FONT_MONO_BOLD,
	RB_FONTS
};

/* The Debian packages of the fallback fonts, named in the warning. */
#define RB_PDF_FALLBACK_PACKAGES "fonts-arphic-uming, fonts-ipafont-gothic and fonts-nanum"

/*
 * Can the PDF writer embed this font (a DejaVu file name or a path)? True
 * too when the file does not exist: rb_pdf_init() reports that.
 */
bool rb_pdf_font_loads(const char *file);

/*
 * Single-byte code pages a font is used in (WinAnsi first), so that a
 * document whose text they cover needs no CID font: pdf_font.c.
 */
#define RB_PDF_CODE_PAGES 6

/* Fallback fonts a document tries, in order. */
#define RB_PDF_FALLBACKS 3

/*
 * The fallback fonts when the theme names none: the installed Debian
 * fonts for CJK, looked for once per process (whether libharu can embed
 * one is tried when a character first needs it). Returns how many paths
 * it put in `out`.
 */
size_t rb_pdf_fallbacks_installed(const char *out[RB_PDF_FALLBACKS]);

/* A font of the document, loaded and embedded when first asked for. */
HPDF_Font rb_pdf_font(struct rb_pdf *p, enum rb_pdf_font which);

/* The width of `text` in points, each character in the font that draws it. */
float rb_pdf_width(HPDF_Font font, float size, const char *text);

/* One line of text at a position, no wrapping. */
void rb_pdf_text_at(struct rb_pdf *p, HPDF_Page page, HPDF_Font font,
		    float size, float x, float y, const char *text);

/* Forgets the fonts of a document about to be freed. */
void rb_pdf_fonts_release(struct rb_pdf *p);

#endif
