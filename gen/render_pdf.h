/*
 * render_pdf.h - laying out text and cmark-gfm documents on PDF pages with
 * libharu, which draws but does not lay out. This is the layout engine:
 * a cursor that moves down the page, words wrapped by their measured
 * width, blocks kept together where a reader needs them whole (a short
 * command, a heading with what follows), tables fitted to the page with
 * their header repeated, and code wrapped with a visible continuation
 * mark. Where lines end and how wide table columns are is decided by the
 * layout core (layout.h), shared with the text renderer. The binder's
 * structure (cover, contents, running headers) is in page_pdf.c.
 *
 * Fonts are DejaVu from fonts-dejavu-core, embedded and subset, set in
 * single-byte code pages and in UTF-8 (CID) for the characters outside
 * them, with a fallback font for the scripts DejaVu lacks (pdf_font.h).
 * Ownership: the rb_pdf owns the libharu document; rb_pdf_release() frees it.
 */
#ifndef RB_RENDER_PDF_H
#define RB_RENDER_PDF_H

#include <cmark-gfm.h>
#include <hpdf.h>

#include "diag.h"
#include "pdf_font.h"

#define RB_PDF_FONT_DIR "/usr/share/fonts/truetype/dejavu"

/* The colours of the figures (pdf_figure.c), as style.css names them. */
enum rb_pdf_colour {
	RB_COLOUR_INK, RB_COLOUR_MUTED, RB_COLOUR_LINE, RB_COLOUR_BAND,
	RB_COLOUR_ACCENT, RB_COLOUR_WARN, RB_COLOUR_PAPER, RB_COLOURS
};

extern const char *const rb_pdf_colour_names[RB_COLOURS];

/* The print style, from the theme's pdf.yaml (see themes/default/pdf.yaml). */
struct rb_pdf_style {
	const char *font_regular, *font_bold, *font_italic, *font_mono,
		*font_mono_bold;     /* DejaVu file names, or paths */
	const char *font_fallback;   /* NULL: rb_pdf_fallbacks_installed() */
	float body, code, table;     /* points */
	float title, heading1, heading2, heading3;
	float margin_left, margin_right, margin_top, margin_bottom; /* mm */
	float code_band, table_header; /* grey: 0 black .. 1 white */
	float colours[RB_COLOURS][3];  /* RGB, 0 .. 1 */
};

void rb_pdf_style_default(struct rb_pdf_style *s);
/* "#rrggbb" into RGB from 0 to 1; -1 when it is not one. */
int rb_pdf_colour_parse(float out[3], const char *s);

struct rb_pdf_page {
	HPDF_Page page;
	char *header;           /* running header (section title), owned */
	char *footer;           /* what the footer says the page is from, owned; "": the build */
};

/* A link to another runbook drawn on a page: where, and to which id. */
struct rb_pdf_link {
	size_t page;            /* index in pages */
	HPDF_Rect rect;
	char *id;
};

struct rb_pdf {
	struct rb_pdf_style style;
	HPDF_Doc doc;
	/* loaded on first use: libharu embeds every font it loads. `fonts`
	   are the handles text is set in (the font in WinAnsi); the same
	   font program, reduced to the code pages' glyphs, in other code
	   pages is made when a character first needs it, and embedded
	   once; the font in UTF-8 (a CID font) is the whole font, loaded
	   when a character outside the code pages first needs it */
	HPDF_Font fonts[RB_FONTS];
	HPDF_Font paged[RB_FONTS][RB_PDF_CODE_PAGES];
	HPDF_Font cid[RB_FONTS];
	const char *font_names[RB_FONTS];
	bool reduced[RB_FONTS];	/* the code-page forms' font program is reduced */
	char *font_paths[RB_FONTS];
	/* for characters those fonts lack, tried in order */
	HPDF_Font fallbacks[RB_PDF_FALLBACKS];
	char *fallback_paths[RB_PDF_FALLBACKS];
	size_t fallbacks_nr;
	float width, height;    /* page size in points */
	float left, right;      /* content box */
	float top, bottom;
	float indent;           /* current left indent (lists, quotes) */
	HPDF_Page page;         /* current page, NULL before the first */
	float y;                /* cursor: baseline area top, from the bottom */
	struct rb_pdf_page *pages;
	size_t pages_nr, pages_alloc;
	const char *section;    /* running header for pages made from now on */
	const char *footer;     /* and their footer's source note, NULL: the build */
	bool failed;
	char error[160];
	struct rb_diags *diags;	/* warnings: a character no font has */
	const char *source;	/* the file being laid out, for those warnings */
	/* a fenced block that is a drawing rather than code, by its info
	   string: true when it drew it (page_pdf.c hands the plan's
	   ```runbinder-figure blocks to pdf_figure.h); NULL: all are code */
	bool (*on_fence)(struct rb_pdf *p, const char *info, const char *literal);
	/* the height on_fence would draw such a block in, 0 for code: a
	   heading right above it keeps with all of it */
	float (*fence_height)(const struct rb_pdf *p, const char *info, const char *literal);
	/* called for each level-2 heading drawn (steps), may be NULL */
	void (*on_heading)(void *ctx, cmark_node *heading, HPDF_Page page, float y);
	void *on_heading_ctx;
	/* links to runbooks (`ID.html`) drawn so far: page_pdf.c makes them
	   lead to the runbook's first page once every page is laid out */
	struct rb_pdf_link *links;
	size_t links_nr, links_alloc;
	/* where an image's `../files/PATH` (page_files.c) is read from: the
	   binder's root; NULL draws no image */
	const char *image_root;
	bool loading_image;     /* a libharu error now is the image's, not fatal */
	bool image_failed;
};

/* Starts a document on A4 or Letter; -1 with an error when a font is missing. */
int rb_pdf_init(struct rb_pdf *p, const char *paper, long long build_time,
		const char *title, const struct rb_pdf_style *style,
		struct rb_diags *d);
void rb_pdf_release(struct rb_pdf *p);

void rb_pdf_new_page(struct rb_pdf *p);
/* Starts a new page unless `h` points still fit below the cursor. */
void rb_pdf_need(struct rb_pdf *p, float h);

/* Text in one font and size, wrapped to the content box (or `width`). */
void rb_pdf_paragraph(struct rb_pdf *p, const char *text, HPDF_Font font,
		      float size, float leading);
/*
 * A title: a paragraph whose type is made smaller, down to `least`
 * points, until its widest word fits on a line; lines `leading` times
 * the size apart.
 */
void rb_pdf_title(struct rb_pdf *p, const char *text, HPDF_Font font,
		  float size, float least, float leading);
/*
 * `text` as it fits in `room` points on one line: whole, or its first
 * words and an ellipsis (cut inside its first word only when that alone
 * is wider). Returns a new string.
 */
char *rb_pdf_ellipsis(HPDF_Font font, float size, const char *text, float room);

/* A labelled fact table: "Service   Core API, T1 ..." rows on a band. */
void rb_pdf_facts(struct rb_pdf *p, const char *const *labels,
		  const char *const *values, size_t n);

/* Renders a document's blocks; `skip_title` skips a leading level-1 heading. */
void rb_pdf_markdown(struct rb_pdf *p, cmark_node *doc, bool skip_title);

void rb_pdf_space(struct rb_pdf *p, float h);
void rb_pdf_rule(struct rb_pdf *p);

/*
 * Marks the document with `keywords` (its /Keywords: a runbook PDF names
 * the digest of its inputs there, see page_pdf.c).
 */
void rb_pdf_keywords(struct rb_pdf *p, const char *keywords);

/* The document's bytes. */
int rb_pdf_save(struct rb_pdf *p, struct rb_buf *out);

#endif
