/*
 * pdf_font.c - a PDF document's fonts, and text measured and drawn in
 * them character by character (see pdf_font.h).
 */
#include <unistd.h>

#include "buf.h"
#include "display_width.h"
#include "font_cmap.h"
#include "render_pdf.h"
#include "ttf_subset.h"

/*
 * Fonts for the scripts DejaVu lacks, tried in this order when the theme
 * names none: Chinese and kana, the kanji it lacks, Hangul. Each is
 * drawn right by libharu 2.3, which the CJK fonts of fonts-noto-cjk
 * (CFF outlines, no glyf table), fonts-droid-fallback and
 * fonts-wqy-microhei (glyphs made of parts its subsetting drops) are
 * not. A collection (.ttc) is read at its first font.
 */
static const char *const fallbacks[] = {
	"/usr/share/fonts/truetype/arphic/uming.ttc",
	"/usr/share/fonts/opentype/ipafont-gothic/ipag.ttf",
	"/usr/share/fonts/truetype/nanum/NanumGothic.ttf",
};

/*
 * The single-byte code pages a font is set in, tried in this order for a
 * character the font has: a document whose text they cover embeds each
 * font once as simple TrueType fonts (a font dictionary per code page used,
 * one font program) and needs no CID font, whose making costs libharu a
 * sweep of all 65,536 code points through the font's cmap and a 128 KB
 * CIDToGIDMap. Other characters are drawn in the font's CID (UTF-8) form.
 */
static const char *const code_pages[RB_PDF_CODE_PAGES] = {
	"WinAnsiEncoding", "CP1250", "CP1251", "CP1253", "CP1254", "CP1257",
};

/* For each BMP character: 1 + the first code page that has it (0: none), and its code there. */
static unsigned char page_of[0x10000], byte_of[0x10000];
static bool pages_read;

/* The code pages' characters, read from libharu's encoders once per process. */
static void read_code_pages(HPDF_Doc doc)
{
	if (pages_read)
		return;
	pages_read = true;
	for (size_t k = 0; k < RB_ARRAY_SIZE(code_pages); k++) {
		HPDF_Encoder enc = HPDF_GetEncoder(doc, code_pages[k]);

		for (unsigned code = 0x20; enc && code < 0x100; code++) {
			HPDF_UNICODE u = HPDF_Encoder_GetUnicode(enc, (HPDF_UINT16)code);

			if (u < 0x20 || u == 0x7f || page_of[u])
				continue;
			page_of[u] = (unsigned char)(k + 1);
			byte_of[u] = (unsigned char)code;
		}
	}
}

/*
 * The characters of a font file, read once per process (NULL if
 * unreadable).
 */
struct coverage {
	char *path;
	unsigned index;
	struct rb_font_cmap *cmap;
};

/* A font loaded into a document, with its glyph widths asked so far. */
struct loaded {
	HPDF_Font font;	/* the handle text is set in */
	int which;	/* its enum rb_pdf_font; -1: a fallback, UTF-8 only */
	float *w;	/* 0x10000 widths in 1/1000 em, negative = not asked yet */
	const struct rb_font_cmap *cmap;	/* NULL: taken as having every glyph */
	struct rb_pdf *doc;
};

/*
 * A font file reduced to the code pages' characters (ttf_subset.h), made
 * once per process and kept in memory; each document reads it through a
 * libharu memory stream (a file stream costs a read system call for
 * nearly every table and glyph it reads, the seeks between them dropping
 * stdio's buffer). The forked processes that make the runbook PDFs share
 * it. `made` is false when it could not be made: the code-page forms then
 * use the whole font.
 */
struct reduction {
	char *path;	/* the font file */
	bool made;
	struct rb_buf font;	/* the reduced font */
};

static struct coverage coverage[16];
static size_t coverage_nr;
static struct loaded loaded[16];
static size_t loaded_nr;
static struct reduction reductions[16];
static size_t reductions_nr;

/*
 * The font files tried once per process: every document's style names the
 * theme's, a fallback is tried when a character first needs it (a font
 * libharu cannot load is passed over), and a trial is a whole libharu
 * load of the file.
 */
static struct {
	char *path;
	bool ok;
} tried[16];
static size_t tried_nr;

static void free_caches(void)
{
	for (size_t i = 0; i < coverage_nr; i++) {
		free(coverage[i].path);
		free(coverage[i].cmap);
	}
	coverage_nr = 0;
	for (size_t i = 0; i < reductions_nr; i++) {
		free(reductions[i].path);
		rb_buf_release(&reductions[i].font);
	}
	reductions_nr = 0;
	for (size_t i = 0; i < loaded_nr; i++)
		free(loaded[i].w);
	loaded_nr = 0;
	for (size_t i = 0; i < tried_nr; i++)
		free(tried[i].path);
	tried_nr = 0;
}

static void free_caches_at_exit(void)
{
	static bool registered;

	if (!registered)
		atexit(free_caches);
	registered = true;
}

static const struct rb_font_cmap *coverage_of(const char *path, unsigned index)
{
	struct coverage *c;

	for (size_t i = 0; i < coverage_nr; i++)
		if (coverage[i].index == index && !strcmp(coverage[i].path, path))
			return coverage[i].cmap;
	if (coverage_nr == RB_ARRAY_SIZE(coverage))
		return NULL;
	free_caches_at_exit();
	c = &coverage[coverage_nr++];
	c->path = rb_xstrdup(path);
	c->index = index;
	c->cmap = rb_xmalloc(sizeof(*c->cmap));
	if (rb_font_cmap_read(c->cmap, path, index) < 0) {
		free(c->cmap);
		c->cmap = NULL;
	}
	return c->cmap;
}

/*
 * The font file at `path` reduced to the characters of the code pages,
 * made on first use; NULL when it cannot be made (then the whole font
 * serves, as libharu reads it).
 */
static const struct rb_buf *reduced_of(const char *path)
{
	struct reduction *r;
	uint32_t *chars;
	size_t n = 0;
	char err[160];

	for (size_t i = 0; i < reductions_nr; i++)
		if (!strcmp(reductions[i].path, path))
			return reductions[i].made ? &reductions[i].font : NULL;
	if (reductions_nr == RB_ARRAY_SIZE(reductions) || rb_ends_with(path, ".ttc") ||
	    rb_ends_with(path, ".TTC"))
		return NULL;
	free_caches_at_exit();
	r = &reductions[reductions_nr++];
	r->path = rb_xstrdup(path);
	r->made = false;
	r->font = (struct rb_buf)RB_BUF_INIT;
	chars = rb_xmalloc(0x10000 * sizeof(*chars));
	for (uint32_t c = 0; c < 0x10000; c++)
		if (page_of[c])
			chars[n++] = c;
	r->made = rb_ttf_subset_file(&r->font, path, 0, chars, n, "-CP", err, sizeof(err)) == 0 &&
		  r->font.len <= UINT32_MAX;
	free(chars);
	return r->made ? &r->font : NULL;
}

static void font_loaded(HPDF_Font font, int which, const char *path,
			unsigned index, struct rb_pdf *p)
{
	struct loaded *l;

	if (loaded_nr == RB_ARRAY_SIZE(loaded))
		return;
	free_caches_at_exit();
	l = &loaded[loaded_nr++];
	l->font = font;
	l->which = which;
	l->w = rb_xmalloc(0x10000 * sizeof(float));
	for (size_t k = 0; k < 0x10000; k++)
		l->w[k] = -1;
	l->cmap = coverage_of(path, index);
	l->doc = p;
}

static struct loaded *loaded_of(HPDF_Font font)
{
	for (size_t i = 0; i < loaded_nr; i++)
		if (loaded[i].font == font)
			return &loaded[i];
	return NULL;
}

void rb_pdf_fonts_release(struct rb_pdf *p)
{
	/* the next document's fonts may come at the same addresses */
	for (size_t i = 0; i < loaded_nr;) {
		if (loaded[i].doc == p) {
			free(loaded[i].w);
			loaded[i] = loaded[--loaded_nr];
		} else {
			i++;
		}
	}
	for (int i = 0; i < RB_FONTS; i++)
		free(p->font_paths[i]);
	for (size_t i = 0; i < RB_PDF_FALLBACKS; i++)
		free(p->fallback_paths[i]);
}

static void scratch_error(HPDF_STATUS error_no, HPDF_STATUS detail_no, void *user_data)
{
	(void)error_no;
	(void)detail_no;
	*(bool *)user_data = true;
}

static const char *load(HPDF_Doc doc, const char *path)
{
	if (rb_ends_with(path, ".ttc") || rb_ends_with(path, ".TTC"))
		return HPDF_LoadTTFontFromFile2(doc, path, 0, HPDF_TRUE);
	return HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE);
}

/*
 * Loads a font held in memory as libharu loads one from a file (its
 * LoadTTFontFromStream): the definition is registered once per
 * document, and an embedded font gets the document's next subset tag
 * (HPDFAA, HPDFAB, ...), so the bytes are those of a file load.
 */
static const char *load_memory(HPDF_Doc doc, const struct rb_buf *font)
{
	/* one buffer, a byte longer than the font: libharu's memory stream
	   cannot seek to its end when that is a buffer's end */
	HPDF_Stream s = HPDF_MemStream_New(doc->mmgr, (HPDF_UINT)font->len + 1);
	HPDF_FontDef def, known;

	if (!s)
		return NULL;
	if (HPDF_Stream_Write(s, (const HPDF_BYTE *)font->ptr, (HPDF_UINT)font->len) != HPDF_OK ||
	    HPDF_Stream_Seek(s, 0, HPDF_SEEK_SET) != HPDF_OK) {
		HPDF_Stream_Free(s);
		return NULL;
	}
	def = HPDF_TTFontDef_Load(doc->mmgr, s, HPDF_TRUE);	/* owns the stream now */
	if (!def)
		return NULL;
	known = HPDF_Doc_FindFontDef(doc, def->base_font);
	if (known) {
		HPDF_FontDef_Free(def);
		return known->base_font;
	}
	if (HPDF_Doc_RegisterFontDef(doc, def) != HPDF_OK)
		return NULL;
	if (!doc->ttfont_tag[0]) {
		memcpy(doc->ttfont_tag, "HPDFAA", 6);
	} else {
		for (int i = 5; i >= 0; i--) {
			if (++doc->ttfont_tag[i] <= 'Z')
				break;
			doc->ttfont_tag[i] = 'A';
		}
	}
	HPDF_TTFontDef_SetTagName(def, (char *)doc->ttfont_tag);
	return def->base_font;
}

/* Whether libharu embeds the font, tried in a document thrown away. */
static bool loads(const char *path)
{
	bool failed = false;
	HPDF_Doc doc = HPDF_New(scratch_error, &failed);
	bool ok;

	if (!doc)
		rb_die("cannot start a PDF document");
	ok = load(doc, path) && !failed;
	HPDF_Free(doc);
	return ok;
}

/* loads(), once per process for each font file: the theme's and the fallbacks */
static bool loads_once(const char *path)
{
	bool ok;

	for (size_t i = 0; i < tried_nr; i++)
		if (!strcmp(tried[i].path, path))
			return tried[i].ok;
	ok = loads(path);
	if (tried_nr < RB_ARRAY_SIZE(tried)) {
		free_caches_at_exit();
		tried[tried_nr].path = rb_xstrdup(path);
		tried[tried_nr++].ok = ok;
	}
	return ok;
}

bool rb_pdf_font_loads(const char *file)
{
	char *path = strchr(file, '/') ? rb_xstrdup(file)
				       : rb_xasprintf("%s/%s", RB_PDF_FONT_DIR, file);
	/* a missing file has its own message when the document is made */
	bool ok = access(path, R_OK) != 0 || loads_once(path);

	free(path);
	return ok;
}

size_t rb_pdf_fallbacks_installed(const char *out[RB_PDF_FALLBACKS])
{
	static const char *found[RB_ARRAY_SIZE(fallbacks)];
	static size_t found_nr = SIZE_MAX;	/* not looked for yet */

	/* which characters each has, and whether libharu embeds it, is
	   asked when a character first needs a fallback (glyph_font): a
	   document in the code pages never reads these large files */
	if (found_nr == SIZE_MAX) {
		found_nr = 0;
		for (size_t i = 0; i < RB_ARRAY_SIZE(fallbacks); i++)
			if (access(fallbacks[i], R_OK) == 0)
				found[found_nr++] = fallbacks[i];
	}
	for (size_t i = 0; i < found_nr; i++)
		out[i] = found[i];
	return found_nr;
}

HPDF_Font rb_pdf_font(struct rb_pdf *p, enum rb_pdf_font which)
{
	const struct rb_buf *reduced;
	const char *name;

	if (p->fonts[which])
		return p->fonts[which];
	read_code_pages(p->doc);
	/* the code pages' glyphs only; the whole font if that cannot be made */
	reduced = reduced_of(p->font_paths[which]);
	name = reduced ? load_memory(p->doc, reduced) : load(p->doc, p->font_paths[which]);
	p->reduced[which] = reduced && name;
	if (name)
		p->fonts[which] = HPDF_GetFont(p->doc, name, code_pages[0]);
	if (!p->fonts[which]) {
		/* a font that cannot be read: fall back so that layout goes on */
		p->failed = true;
		snprintf(p->error, sizeof(p->error), "cannot load the font %s",
			 p->font_paths[which]);
		if (which != RB_FONT_REGULAR)
			return rb_pdf_font(p, RB_FONT_REGULAR);
		/* the theme's fonts were tried when its pdf.yaml was read */
		rb_die("cannot load the font %s", p->font_paths[which]);
	}
	p->font_names[which] = name;
	p->paged[which][0] = p->fonts[which];
	font_loaded(p->fonts[which], (int)which, p->font_paths[which], 0, p);
	return p->fonts[which];
}

/*
 * The form of a loaded font that draws `cp`: the font in the first code
 * page that has the character, with its code there in `code` (`*paged`),
 * else the font as a CID font (the UTF-8 as it is).
 */
static HPDF_Font form_for(struct loaded *l, HPDF_Font font, uint32_t cp,
			  char *code, bool *paged)
{
	struct rb_pdf *p = l ? l->doc : NULL;
	int which = l ? l->which : -1;
	HPDF_Font *f;

	if (which < 0)
		return font;
	if (cp < 0x10000 && page_of[cp]) {
		f = &p->paged[which][page_of[cp] - 1];
		if (!*f)
			*f = HPDF_GetFont(p->doc, p->font_names[which], code_pages[page_of[cp] - 1]);
		if (*f) {
			code[0] = (char)byte_of[cp];
			*paged = true;
			return *f;
		}
	}
	if (!p->cid[which]) {
		/* the whole font: the reduced one has the code pages' glyphs only */
		const char *name = p->reduced[which] ? load(p->doc, p->font_paths[which])
						     : p->font_names[which];

		if (name)
			p->cid[which] = HPDF_GetFont(p->doc, name, "UTF-8");
	}
	return p->cid[which] ? p->cid[which] : font;
}

/* A fallback font of the document, loaded (and so embedded) when first needed. */
static HPDF_Font fallback_font(struct rb_pdf *p, size_t k)
{
	const char *name;

	if (p->fallbacks[k] || !p->fallback_paths[k])
		return p->fallbacks[k];
	name = load(p->doc, p->fallback_paths[k]);
	if (name)
		p->fallbacks[k] = HPDF_GetFont(p->doc, name, "UTF-8");
	if (p->fallbacks[k])
		font_loaded(p->fallbacks[k], -1, p->fallback_paths[k], 0, p);
	return p->fallbacks[k];
}

/* One warning per process: the first character no font can draw. */
static void missing_glyph(struct rb_pdf *p, uint32_t cp)
{
	static bool warned;
	char ch[5] = { 0 };

	if (warned || !p->diags)
		return;
	warned = true;
	if (cp < 0x800) {
		ch[0] = (char)(0xc0 | cp >> 6);
		ch[1] = (char)(0x80 | (cp & 0x3f));
	} else if (cp < 0x10000) {
		ch[0] = (char)(0xe0 | cp >> 12);
		ch[1] = (char)(0x80 | (cp >> 6 & 0x3f));
		ch[2] = (char)(0x80 | (cp & 0x3f));
	} else {
		ch[0] = (char)(0xf0 | cp >> 18);
		ch[1] = (char)(0x80 | (cp >> 12 & 0x3f));
		ch[2] = (char)(0x80 | (cp >> 6 & 0x3f));
		ch[3] = (char)(0x80 | (cp & 0x3f));
	}
	rb_finding(p->diags, RB_SEV_WARNING, NULL, (struct rb_loc){ p->source, 0, 0 },
		   p->fallbacks_nr ? NULL : "install the Debian packages " RB_PDF_FALLBACK_PACKAGES,
		   "no installed font has a glyph for '%s' (U+%04X): the PDF prints it as [U+%04X]",
		   ch, (unsigned)cp, (unsigned)cp);
}

/*
 * The font that draws `cp` for text set in `font` (known as `l`): the
 * font itself when it has the glyph, else DejaVu Sans, else the fallback
 * font; else NULL: no font has it (or it lies outside the Basic
 * Multilingual Plane, which libharu addresses by 16-bit code only), and
 * its code point is printed instead of a box. `*out` is the chosen font's
 * entry.
 */
static HPDF_Font glyph_font(struct loaded *l, HPDF_Font font, uint32_t cp,
			    struct loaded **out)
{
	HPDF_Font other;
	struct loaded *ol;

	*out = l;
	if (cp >= 0x10000) {
		if (l)
			missing_glyph(l->doc, cp);
		return NULL;
	}
	if (!l || !l->cmap || cp < 0x80 || rb_font_cmap_has(l->cmap, cp))
		return font;
	other = rb_pdf_font(l->doc, RB_FONT_REGULAR);
	ol = loaded_of(other);
	if (ol && ol->cmap && rb_font_cmap_has(ol->cmap, cp)) {
		*out = ol;
		return other;
	}
	for (size_t k = 0; k < l->doc->fallbacks_nr; k++) {
		/* a font is loaded only for a character it has */
		const char *path = l->doc->fallback_paths[k];
		const struct rb_font_cmap *c = path ? coverage_of(path, 0) : NULL;

		if (!c || !rb_font_cmap_has(c, cp) || !loads_once(path) ||
		    !(other = fallback_font(l->doc, k)))
			continue;
		*out = loaded_of(other);
		return other;
	}
	missing_glyph(l->doc, cp);
	*out = l;
	return NULL;
}

/* The width of one character (`n` bytes at `s`) in 1/1000 em. */
static float glyph_width(struct loaded *l, HPDF_Font font, const char *s,
			 size_t n, uint32_t cp)
{
	if (l && cp < 0x10000) {
		if (l->w[cp] < 0)
			l->w[cp] = (float)HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s,
							     (HPDF_UINT)n).width;
		return l->w[cp];
	}
	return (float)HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s, (HPDF_UINT)n).width;
}

/* A character of a text, as it is drawn. */
struct glyph {
	uint32_t cp;
	const char *bytes;	/* its UTF-8; a control character is a space */
	size_t n;
	HPDF_Font font;		/* the font that draws it */
	struct loaded *known;	/* that font's entry, or NULL */
	char code[16];		/* "[U+1F464]": what is drawn for it when no font can */
	HPDF_Font form;		/* the font's form that draws it (code page or CID) */
	const char *drawn;	/* the bytes drawn in that form */
	size_t drawn_n;
	char byte[1];
};

/* Reads the next character at `*s` into `g` and moves `*s` past it. */
static void next_glyph(struct glyph *g, struct loaded *l, HPDF_Font font,
		       const char **s, size_t *left)
{
	size_t len;

	g->cp = rb_utf8_next(*s, *left, &len);
	g->bytes = *s;
	g->n = len;
	*s += len;
	*left -= len;
	if (g->cp < 0x20 || g->cp == 0x7f) {
		g->cp = ' ';
		g->bytes = " ";
	}
	g->font = glyph_font(l, font, g->cp, &g->known);
	if (!g->font) {
		/* in the text's own font, measured as the string it is */
		snprintf(g->code, sizeof(g->code), "[U+%04X]", (unsigned)g->cp);
		g->bytes = g->code;
		g->n = strlen(g->code);
		g->cp = 0x110000;
		g->font = font;
		g->known = l;
	}
	g->drawn = g->bytes;
	g->drawn_n = g->n;
	if (g->cp == 0x110000) {
		/* "[U+1F464]" is ASCII: the text's font as it is */
		g->form = g->font;
		return;
	}
	{
		bool paged = false;

		g->form = form_for(g->known, g->font, g->cp, g->byte, &paged);
		if (paged) {
			g->drawn = g->byte;
			g->drawn_n = 1;
		}
	}
}

float rb_pdf_width(HPDF_Font font, float size, const char *text)
{
	struct loaded *l = loaded_of(font);
	const char *s = text;
	size_t left = strlen(text);
	float total = 0;

	while (left) {
		struct glyph g;

		next_glyph(&g, l, font, &s, &left);
		total += glyph_width(g.known, g.form, g.drawn, g.drawn_n, g.cp);
	}
	return total * size / 1000.0f;
}

/*
 * Draws a run of one font form (its bytes in that form's encoding, `w`
 * wide in 1/1000 em) and moves `*x` past it. A fallback font has one
 * weight: where the text asked for bold, its glyphs are stroked as well as
 * filled, a little heavier.
 */
static void draw_run(HPDF_Page page, HPDF_Font font, float size, float *x,
		     float y, struct rb_buf *run, float *w, bool embolden)
{
	float line = 0;

	if (!run->len)
		return;
	/* the font and size are graphics state, kept from one text object to
	   the next: set only when they change (each Tf costs libharu a
	   zeroed buffer, 3,000 instructions) */
	if (HPDF_Page_GetCurrentFont(page) != font || HPDF_Page_GetCurrentFontSize(page) != size)
		HPDF_Page_SetFontAndSize(page, font, size);
	if (embolden) {
		line = HPDF_Page_GetLineWidth(page);
		HPDF_Page_SetLineWidth(page, size * 0.04f);
		HPDF_Page_SetTextRenderingMode(page, HPDF_FILL_THEN_STROKE);
	}
	HPDF_Page_TextOut(page, *x, y, run->ptr);
	if (embolden) {
		HPDF_Page_SetTextRenderingMode(page, HPDF_FILL);
		HPDF_Page_SetLineWidth(page, line);
	}
	*x += *w * size / 1000.0f;
	*w = 0;
	rb_buf_reset(run);
}

/* Whether `font` is a fallback of the document. */
static bool is_fallback(const struct rb_pdf *p, HPDF_Font font)
{
	for (size_t k = 0; k < p->fallbacks_nr; k++)
		if (p->fallbacks[k] == font)
			return true;
	return false;
}

void rb_pdf_text_at(struct rb_pdf *p, HPDF_Page page, HPDF_Font font,
		    float size, float x, float y, const char *text)
{
	struct loaded *l = loaded_of(font);
	struct rb_buf run = RB_BUF_INIT;
	HPDF_Font run_font = font;
	const char *s = text;
	size_t left = strlen(text);
	bool bold = font == p->fonts[RB_FONT_BOLD] || font == p->fonts[RB_FONT_MONO_BOLD];
	float w = 0;

	if (!left)
		return;
	HPDF_Page_BeginText(page);
	while (left) {
		struct glyph g;

		next_glyph(&g, l, font, &s, &left);
		if (g.form != run_font)
			draw_run(page, run_font, size, &x, y, &run, &w,
				 bold && is_fallback(p, run_font));
		run_font = g.form;
		rb_buf_add(&run, g.drawn, g.drawn_n);
		w += glyph_width(g.known, g.form, g.drawn, g.drawn_n, g.cp);
	}
	draw_run(page, run_font, size, &x, y, &run, &w, bold && is_fallback(p, run_font));
	HPDF_Page_EndText(page);
	rb_buf_release(&run);
}
