/*
 * render_pdf.c - the PDF layout engine (see render_pdf.h).
 *
 * Coordinates are PDF points with the origin at the bottom left; the
 * cursor `y` is the top of the next line box. Inline content becomes a
 * list of pieces (a word in one font), laid out greedily like the text
 * renderer's words but measured in points.
 */
#include <unistd.h>
#include <cmark-gfm-core-extensions.h>
#include <time.h>

#include "buf.h"
#include "render_pdf.h"

#define BODY_SIZE (p->style.body)
#define BODY_LEADING (p->style.body * 1.35f)
#define CODE_SIZE (p->style.code)
#define CODE_LEADING (p->style.code * 1.3f)
#define KEEP_CODE_LINES 15

static void forget_metrics(HPDF_Font font);

static void error_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no,
			  void *user_data)
{
	struct rb_pdf *p = user_data;

	if (!p->failed)
		snprintf(p->error, sizeof(p->error),
			 "libharu error 0x%04x (detail %u)", (unsigned)error_no,
			 (unsigned)detail_no);
	p->failed = true;
}

/* Checks that a font file exists; returns its path (malloc'd) or NULL. */
static char *font_path(const char *file, struct rb_diags *d)
{
	/* a bare name is a DejaVu file; a path is any TrueType font */
	char *path = strchr(file, '/') ? rb_xstrdup(file)
				       : rb_xasprintf("%s/%s", RB_PDF_FONT_DIR, file);
	FILE *f = fopen(path, "rb");

	if (!f) {
		rb_error(d, (struct rb_loc){ path, 0, 0 },
			 strchr(file, '/') ? "font missing: the theme's pdf.yaml names a file that does not exist"
					   : "font missing: install the Debian package fonts-dejavu-core");
		free(path);
		return NULL;
	}
	fclose(f);
	return path;
}

bool rb_pdf_font_loads(const char *file)
{
	char *path = strchr(file, '/') ? rb_xstrdup(file)
				       : rb_xasprintf("%s/%s", RB_PDF_FONT_DIR, file);
	struct rb_pdf scratch;
	bool ok = true;

	/* a missing file has its own message when the document is made */
	if (access(path, R_OK) == 0) {
		HPDF_Doc doc;

		memset(&scratch, 0, sizeof(scratch));
		doc = HPDF_New(error_handler, &scratch);
		if (!doc)
			rb_die("cannot start a PDF document");
		ok = HPDF_LoadTTFontFromFile(doc, path, HPDF_TRUE) && !scratch.failed;
		HPDF_Free(doc);
	}
	free(path);
	return ok;
}

HPDF_Font rb_pdf_font(struct rb_pdf *p, enum rb_pdf_font which)
{
	const char *name;

	if (p->fonts[which])
		return p->fonts[which];
	name = HPDF_LoadTTFontFromFile(p->doc, p->font_paths[which], HPDF_TRUE);
	if (name)
		p->fonts[which] = HPDF_GetFont(p->doc, name, "UTF-8");
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
	return p->fonts[which];
}

/* PDF info strings are not UTF-8: keep ASCII, turn dashes into '-'. */
static char *ascii(const char *s)
{
	struct rb_buf b = RB_BUF_INIT;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c < 0x80 && c >= 0x20)
			rb_buf_addch(&b, c);
		else if (c == 0xe2 && (unsigned char)s[1] == 0x80 &&
			 ((unsigned char)s[2] == 0x93 || (unsigned char)s[2] == 0x94)) {
			rb_buf_addch(&b, '-');
			s += 2;
		} else if ((c & 0xc0) == 0xc0) {
			rb_buf_addch(&b, '?');
		}
	}
	return rb_buf_detach(&b, NULL);
}

void rb_pdf_style_default(struct rb_pdf_style *s)
{
	memset(s, 0, sizeof(*s));
	s->font_regular = "DejaVuSans.ttf";
	s->font_bold = "DejaVuSans-Bold.ttf";
	s->font_italic = "DejaVuSans-Oblique.ttf";
	s->font_mono = "DejaVuSansMono.ttf";
	s->font_mono_bold = "DejaVuSansMono-Bold.ttf";
	s->body = 10;
	s->code = 8.5f;
	s->table = 8.5f;
	s->title = 17;
	s->heading1 = 16;
	s->heading2 = 13;
	s->heading3 = 11;
	s->margin_left = s->margin_right = 20;
	s->margin_top = s->margin_bottom = 22;
	s->code_band = 0.94f;
	s->table_header = 0.9f;
}

int rb_pdf_init(struct rb_pdf *p, const char *paper, long long build_time,
		const char *title, const struct rb_pdf_style *style,
		struct rb_diags *d)
{
	HPDF_Date date;
	time_t t = (time_t)build_time;
	struct tm tm;
	char *plain;

	memset(p, 0, sizeof(*p));
	p->style = *style;
	p->doc = HPDF_New(error_handler, p);
	if (!p->doc)
		rb_die("cannot start a PDF document");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(p->doc);
	HPDF_SetCurrentEncoder(p->doc, "UTF-8");
	{
		const char *files[RB_FONTS] = {
			style->font_regular, style->font_bold, style->font_italic,
			style->font_mono, style->font_mono_bold,
		};
		bool missing = false;

		for (int i = 0; i < RB_FONTS; i++)
			if (!(p->font_paths[i] = font_path(files[i], d)))
				missing = true;
		if (missing)
			return -1;
	}
	if (paper && !strcmp(paper, "Letter")) {
		p->width = 612;
		p->height = 792;
	} else {
		p->width = 595.276f;
		p->height = 841.89f;
	}
	/* millimetres to points */
	p->left = style->margin_left * 72 / 25.4f;
	p->right = p->width - style->margin_right * 72 / 25.4f;
	p->top = p->height - style->margin_top * 72 / 25.4f;
	p->bottom = style->margin_bottom * 72 / 25.4f;
	/* dates from the build time, so the same sources give the same bytes */
	gmtime_r(&t, &tm);
	memset(&date, 0, sizeof(date));
	date.year = tm.tm_year + 1900;
	date.month = tm.tm_mon + 1;
	date.day = tm.tm_mday;
	date.hour = tm.tm_hour;
	date.minutes = tm.tm_min;
	date.seconds = tm.tm_sec;
	date.ind = 'Z';
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_CREATION_DATE, date);
	HPDF_SetInfoDateAttr(p->doc, HPDF_INFO_MOD_DATE, date);
	plain = ascii(title);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_TITLE, plain);
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_CREATOR, "runbinder");
	free(plain);
	return 0;
}

void rb_pdf_release(struct rb_pdf *p)
{
	/* the next document's fonts may come at the same addresses */
	for (int i = 0; i < RB_FONTS; i++) {
		if (p->fonts[i])
			forget_metrics(p->fonts[i]);
		free(p->font_paths[i]);
	}
	for (size_t i = 0; i < p->pages_nr; i++)
		free(p->pages[i].header);
	free(p->pages);
	if (p->doc)
		HPDF_Free(p->doc);
	memset(p, 0, sizeof(*p));
}

void rb_pdf_new_page(struct rb_pdf *p)
{
	HPDF_Page page = HPDF_AddPage(p->doc);

	if (!page) {
		/* libharu refused: keep drawing on the last page, report at save */
		p->failed = true;
		if (!p->page)
			rb_die("libharu cannot make a page: %s", p->error);
		p->y = p->top;
		return;
	}
	HPDF_Page_SetWidth(page, p->width);
	HPDF_Page_SetHeight(page, p->height);
	RB_GROW(p->pages, p->pages_nr + 1, p->pages_alloc);
	p->pages[p->pages_nr].page = page;
	p->pages[p->pages_nr].header = rb_xstrdup(p->section ? p->section : "");
	p->pages_nr++;
	p->page = page;
	p->y = p->top;
}

void rb_pdf_need(struct rb_pdf *p, float h)
{
	if (!p->page || p->y - h < p->bottom)
		rb_pdf_new_page(p);
}

void rb_pdf_space(struct rb_pdf *p, float h)
{
	if (p->page && p->y < p->top)
		p->y -= h;
}

/*
 * Glyph widths per font and code point, asked of libharu once each: its
 * own lookup walks the font's cmap for every character and dominated the
 * PDF time. Widths of a TrueType font add up (libharu does not kern), so
 * a string's width is the sum. One table per font, for the Basic
 * Multilingual Plane; other code points go to libharu.
 */
struct metrics {
	HPDF_Font font;
	float *w;       /* 0x10000 widths in 1/1000 em, negative = unknown */
};

static struct metrics metrics[16];
static size_t metrics_nr;

static void free_metrics(void)
{
	for (size_t i = 0; i < metrics_nr; i++)
		free(metrics[i].w);
	metrics_nr = 0;
}

static float *widths_of(HPDF_Font font)
{
	for (size_t i = 0; i < metrics_nr; i++)
		if (metrics[i].font == font)
			return metrics[i].w;
	if (metrics_nr == RB_ARRAY_SIZE(metrics))
		return NULL;
	if (!metrics_nr)
		atexit(free_metrics);
	metrics[metrics_nr].font = font;
	metrics[metrics_nr].w = rb_xmalloc(0x10000 * sizeof(float));
	for (size_t k = 0; k < 0x10000; k++)
		metrics[metrics_nr].w[k] = -1;
	return metrics[metrics_nr++].w;
}

/* Forgets the widths of fonts of a document that is freed. */
static void forget_metrics(HPDF_Font font)
{
	for (size_t i = 0; i < metrics_nr; i++) {
		if (metrics[i].font != font)
			continue;
		free(metrics[i].w);
		metrics[i] = metrics[--metrics_nr];
		return;
	}
}

float rb_pdf_width(HPDF_Font font, float size, const char *text)
{
	float *w = widths_of(font);
	float total = 0;
	const unsigned char *s = (const unsigned char *)text;

	if (!*text)
		return 0;
	while (*s) {
		unsigned cp;
		size_t n;

		if (*s < 0x80) {
			cp = *s;
			n = 1;
		} else if ((*s & 0xe0) == 0xc0 && (s[1] & 0xc0) == 0x80) {
			cp = ((unsigned)(*s & 0x1f) << 6) | (s[1] & 0x3f);
			n = 2;
		} else if ((*s & 0xf0) == 0xe0 && (s[1] & 0xc0) == 0x80 && (s[2] & 0xc0) == 0x80) {
			cp = ((unsigned)(*s & 0x0f) << 12) | ((unsigned)(s[1] & 0x3f) << 6) | (s[2] & 0x3f);
			n = 3;
		} else {
			cp = 0x10000; /* outside the table: ask libharu */
			n = 1;
			while (s[n] && (s[n] & 0xc0) == 0x80)
				n++;
		}
		if (w && cp < 0x10000) {
			if (w[cp] < 0) {
				HPDF_TextWidth tw = HPDF_Font_TextWidth(font, s, (HPDF_UINT)n);

				w[cp] = (float)tw.width;
			}
			total += w[cp];
		} else {
			HPDF_TextWidth tw = HPDF_Font_TextWidth(font, s, (HPDF_UINT)n);

			total += (float)tw.width;
		}
		s += n;
	}
	return total * size / 1000.0f;
}

void rb_pdf_text_at(struct rb_pdf *p, HPDF_Page page, HPDF_Font font,
		    float size, float x, float y, const char *text)
{
	(void)p;
	if (!*text)
		return;
	HPDF_Page_BeginText(page);
	HPDF_Page_SetFontAndSize(page, font, size);
	HPDF_Page_TextOut(page, x, y, text);
	HPDF_Page_EndText(page);
}

/* --- inline pieces ------------------------------------------------------- */

struct piece {
	char *text;
	HPDF_Font font;
	float size;
	float width;
	bool space;     /* a space before it */
	bool newline;   /* a hard break before it */
};

struct pieces {
	struct piece *items;
	size_t nr, alloc;
	bool pending_space;
	bool pending_newline;
};

static void add_word(struct pieces *ps, const char *w, size_t len,
		     HPDF_Font font, float size)
{
	struct piece *pc;

	RB_GROW(ps->items, ps->nr + 1, ps->alloc);
	pc = &ps->items[ps->nr++];
	pc->text = rb_xstrndup(w, len);
	pc->font = font;
	pc->size = size;
	pc->width = rb_pdf_width(font, size, pc->text);
	pc->space = ps->pending_space && ps->nr > 1;
	pc->newline = ps->pending_newline;
	ps->pending_space = false;
	ps->pending_newline = false;
}

static void add_text(struct pieces *ps, const char *s, HPDF_Font font,
		     float size)
{
	while (*s) {
		const char *w;

		if (*s == ' ' || *s == '\n' || *s == '\t') {
			ps->pending_space = true;
			s++;
			continue;
		}
		w = s;
		while (*s && *s != ' ' && *s != '\n' && *s != '\t')
			s++;
		add_word(ps, w, (size_t)(s - w), font, size);
	}
}

static void pieces_release(struct pieces *ps)
{
	for (size_t i = 0; i < ps->nr; i++)
		free(ps->items[i].text);
	free(ps->items);
	memset(ps, 0, sizeof(*ps));
}

struct style {
	bool bold, italic;
	float size;
};

static HPDF_Font font_for(struct rb_pdf *p, struct style st)
{
	return st.bold ? rb_pdf_font(p, RB_FONT_BOLD) : st.italic ? rb_pdf_font(p, RB_FONT_ITALIC) : rb_pdf_font(p, RB_FONT_REGULAR);
}

static bool is_type(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);

	return t && !strcmp(t, name);
}

static void collect(struct rb_pdf *p, struct pieces *ps, cmark_node *parent,
		    struct style st)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		struct style inner = st;

		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_TEXT:
			add_text(ps, cmark_node_get_literal(n), font_for(p, st), st.size);
			break;
		case CMARK_NODE_CODE:
			/* a code span is one unit: its spaces do not break it */
			{
				const char *lit = cmark_node_get_literal(n);

				add_word(ps, lit, strlen(lit), st.bold ? rb_pdf_font(p, RB_FONT_MONO_BOLD) : rb_pdf_font(p, RB_FONT_MONO),
					 st.size * 0.92f);
			}
			break;
		case CMARK_NODE_SOFTBREAK:
			ps->pending_space = true;
			break;
		case CMARK_NODE_LINEBREAK:
			ps->pending_newline = true;
			break;
		case CMARK_NODE_STRONG:
			inner.bold = true;
			collect(p, ps, n, inner);
			break;
		case CMARK_NODE_EMPH:
			inner.italic = true;
			collect(p, ps, n, inner);
			break;
		case CMARK_NODE_LINK: {
			const char *url = cmark_node_get_url(n);
			size_t before = ps->nr;

			collect(p, ps, n, st);
			/* on paper a link is its target, when it leads outside */
			if (url && (rb_starts_with(url, "http://") || rb_starts_with(url, "https://"))) {
				bool same = ps->nr == before + 1 && !strcmp(ps->items[before].text, url);

				if (!same) {
					char *t = rb_xasprintf("<%s>", url);

					ps->pending_space = true;
					add_word(ps, t, strlen(t), rb_pdf_font(p, RB_FONT_MONO), st.size * 0.85f);
					free(t);
				}
			}
			break;
		}
		case CMARK_NODE_IMAGE: {
			struct pieces alt = { 0 };

			add_text(ps, "[image:", rb_pdf_font(p, RB_FONT_ITALIC), st.size);
			collect(p, ps, n, st);
			add_text(ps, "]", rb_pdf_font(p, RB_FONT_ITALIC), st.size);
			pieces_release(&alt);
			break;
		}
		case CMARK_NODE_HTML_INLINE:
			break;
		default:
			collect(p, ps, n, st);
		}
	}
}

/* Draws pieces wrapped between x0 and x1 from the cursor down. */
static void flow(struct rb_pdf *p, struct pieces *ps, float x0, float x1,
		 float leading)
{
	size_t i = 0;

	while (i < ps->nr) {
		size_t start = i, end = i;
		float w = 0;

		/* the longest run that fits; at least one piece per line */
		while (end < ps->nr) {
			struct piece *pc = &ps->items[end];
			float sw = end > start && pc->space ? rb_pdf_width(pc->font, pc->size, " ") : 0;

			if (end > start && (pc->newline || w + sw + pc->width > x1 - x0))
				break;
			w += sw + pc->width;
			end++;
		}
		rb_pdf_need(p, leading);
		{
			float x = x0;
			float base = p->y - leading * 0.78f;

			for (size_t k = start; k < end; k++) {
				struct piece *pc = &ps->items[k];

				if (k > start && pc->space)
					x += rb_pdf_width(pc->font, pc->size, " ");
				if (pc->width > x1 - x0) {
					/* a word wider than the line: cut it by characters */
					const char *s = pc->text;
					struct rb_buf seg = RB_BUF_INIT;

					while (*s) {
						size_t clen = 1;

						while (s[clen] && ((unsigned char)s[clen] & 0xc0) == 0x80)
							clen++;
						rb_buf_add(&seg, s, clen);
						if (rb_pdf_width(pc->font, pc->size, seg.ptr) > x1 - x0 && seg.len > clen) {
							rb_buf_truncate(&seg, seg.len - clen);
							rb_pdf_text_at(p, p->page, pc->font, pc->size, x0, base, seg.ptr);
							p->y -= leading;
							rb_pdf_need(p, leading);
							base = p->y - leading * 0.78f;
							rb_buf_reset(&seg);
							continue;
						}
						s += clen;
					}
					rb_pdf_text_at(p, p->page, pc->font, pc->size, x0, base, seg.ptr);
					x = x0 + rb_pdf_width(pc->font, pc->size, seg.ptr);
					rb_buf_release(&seg);
					continue;
				}
				rb_pdf_text_at(p, p->page, pc->font, pc->size, x, base, pc->text);
				x += pc->width;
			}
		}
		p->y -= leading;
		i = end;
	}
}

void rb_pdf_paragraph(struct rb_pdf *p, const char *text, HPDF_Font font,
		      float size, float leading)
{
	struct pieces ps = { 0 };

	add_text(&ps, text, font, size);
	flow(p, &ps, p->left + p->indent, p->right, leading);
	pieces_release(&ps);
}

void rb_pdf_rule(struct rb_pdf *p)
{
	rb_pdf_need(p, 10);
	HPDF_Page_SetLineWidth(p->page, 0.6f);
	HPDF_Page_SetGrayStroke(p->page, 0.6f);
	HPDF_Page_MoveTo(p->page, p->left + p->indent, p->y - 5);
	HPDF_Page_LineTo(p->page, p->right, p->y - 5);
	HPDF_Page_Stroke(p->page);
	HPDF_Page_SetGrayStroke(p->page, 0);
	p->y -= 10;
}

void rb_pdf_facts(struct rb_pdf *p, const char *const *labels,
		  const char *const *values, size_t n)
{
	float label_w = 0, start, pad = 6;
	size_t lines = 0;

	for (size_t i = 0; i < n; i++) {
		float w = rb_pdf_width(rb_pdf_font(p, RB_FONT_BOLD), 9, labels[i]);

		if (w > label_w)
			label_w = w;
		lines++;
	}
	rb_pdf_need(p, (float)lines * 13 + 2 * pad);
	start = p->y;
	HPDF_Page_SetGrayFill(p->page, 0.95f);
	HPDF_Page_Rectangle(p->page, p->left, p->y - (float)lines * 13 - 2 * pad,
			    p->right - p->left, (float)lines * 13 + 2 * pad);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	p->y -= pad;
	for (size_t i = 0; i < n; i++) {
		float base = p->y - 10;
		float save = p->indent;

		rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_BOLD), 9, p->left + pad, base, labels[i]);
		p->indent = label_w + 2 * pad + 8;
		{
			struct pieces ps = { 0 };

			add_text(&ps, values[i], rb_pdf_font(p, RB_FONT_REGULAR), 9);
			flow(p, &ps, p->left + p->indent, p->right - pad, 13);
			pieces_release(&ps);
		}
		p->indent = save;
	}
	if (p->y > start - (float)lines * 13 - 2 * pad)
		p->y = start - (float)lines * 13 - 2 * pad;
	p->y -= pad;
	p->y -= 8;
}

/* --- blocks ------------------------------------------------------------- */

static void blocks(struct rb_pdf *p, cmark_node *parent, bool tight);

static void paragraph_node(struct rb_pdf *p, cmark_node *n, struct style st,
			   float leading)
{
	struct pieces ps = { 0 };

	collect(p, &ps, n, st);
	flow(p, &ps, p->left + p->indent, p->right, leading);
	pieces_release(&ps);
}

static void heading(struct rb_pdf *p, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	struct style st = { true, false, level == 1 ? p->style.heading1
				       : level == 2 ? p->style.heading2 : p->style.heading3 };
	float leading = st.size * 1.3f;

	/* a heading stays with at least three lines of what follows it */
	rb_pdf_need(p, leading + 4 * BODY_LEADING);
	p->y -= level <= 2 ? 8 : 4;
	if (level == 2 && p->on_heading)
		p->on_heading(p->on_heading_ctx, n, p->page, p->y);
	paragraph_node(p, n, st, leading);
	if (level == 2) {
		HPDF_Page_SetLineWidth(p->page, 0.8f);
		HPDF_Page_MoveTo(p->page, p->left + p->indent, p->y - 1);
		HPDF_Page_LineTo(p->page, p->right, p->y - 1);
		HPDF_Page_Stroke(p->page);
		p->y -= 6;
	} else {
		p->y -= 2;
	}
}

/* Splits a code line into pieces no longer than `cols` code points. */
static size_t cut(const char *s, size_t len, size_t cols)
{
	size_t i = 0, n = 0;

	while (i < len && n < cols) {
		i++;
		while (i < len && ((unsigned char)s[i] & 0xc0) == 0x80)
			i++;
		n++;
	}
	return i;
}

static void code_block(struct rb_pdf *p, cmark_node *n)
{
	const char *lit = cmark_node_get_literal(n);
	size_t len = lit ? strlen(lit) : 0;
	float x0 = p->left + p->indent, x1 = p->right;
	float pad = 5, mark_w = 10;
	float char_w = rb_pdf_width(rb_pdf_font(p, RB_FONT_MONO), CODE_SIZE, "M");
	size_t cols = (size_t)((x1 - x0 - 2 * pad - mark_w) / char_w);
	struct lines { char *text; bool cont; } *lines = NULL;
	size_t nr = 0, alloc = 0, i = 0;

	if (len && lit[len - 1] == '\n')
		len--;
	if (cols < 10)
		cols = 10;
	/* wrap every source line at `cols`, marking the cut */
	while (i <= len) {
		const char *nl = memchr(lit + i, '\n', len - i);
		size_t l = nl ? (size_t)(nl - (lit + i)) : len - i;
		size_t done = 0;

		do {
			size_t take = cut(lit + i + done, l - done, cols);

			RB_GROW(lines, nr + 1, alloc);
			lines[nr].text = rb_xstrndup(lit + i + done, take);
			done += take;
			lines[nr].cont = done < l;
			nr++;
		} while (done < l);
		if (!nl)
			break;
		i += l + 1;
	}
	/* a short command is never split across pages */
	if (nr <= KEEP_CODE_LINES)
		rb_pdf_need(p, (float)nr * CODE_LEADING + 2 * pad + 4);
	p->y -= 3;
	for (size_t k = 0; k < nr;) {
		size_t fit, end;
		float top;

		rb_pdf_need(p, CODE_LEADING + 2 * pad);
		fit = (size_t)((p->y - p->bottom - 2 * pad) / CODE_LEADING);
		if (fit < 1)
			fit = 1;
		end = k + fit < nr ? k + fit : nr;
		top = p->y;
		HPDF_Page_SetGrayFill(p->page, p->style.code_band);
		HPDF_Page_Rectangle(p->page, x0, top - (float)(end - k) * CODE_LEADING - 2 * pad,
				    x1 - x0, (float)(end - k) * CODE_LEADING + 2 * pad);
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0.35f);
		HPDF_Page_Rectangle(p->page, x0, top - (float)(end - k) * CODE_LEADING - 2 * pad,
				    2, (float)(end - k) * CODE_LEADING + 2 * pad);
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0);
		p->y -= pad;
		for (; k < end; k++) {
			float base = p->y - CODE_LEADING * 0.8f;

			rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_MONO), CODE_SIZE, x0 + pad + 2, base,
				       lines[k].text);
			if (lines[k].cont)
				rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_MONO_BOLD), CODE_SIZE,
					       x1 - pad - mark_w + 2, base, "\u21b5");
			p->y -= CODE_LEADING;
		}
		p->y -= pad;
		if (k < nr)
			rb_pdf_new_page(p);
	}
	p->y -= 3;
	for (size_t k = 0; k < nr; k++)
		free(lines[k].text);
	free(lines);
}

static void checkbox(struct rb_pdf *p, float x, float top, bool checked)
{
	float s = 7.5f, y = top - BODY_LEADING * 0.78f - 0.5f;

	HPDF_Page_SetLineWidth(p->page, 0.8f);
	HPDF_Page_Rectangle(p->page, x, y, s, s);
	HPDF_Page_Stroke(p->page);
	if (checked)
		rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_BOLD), 8, x + 0.8f, y + 0.8f, "\u2713");
}

static void list(struct rb_pdf *p, cmark_node *n)
{
	bool ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	bool tight = cmark_node_get_list_tight(n);
	int number = cmark_node_get_list_start(n);
	float save = p->indent;

	for (cmark_node *item = cmark_node_first_child(n); item; item = cmark_node_next(item)) {
		bool task = is_type(item, "tasklist");
		float marker_w = task ? 16 : ordered ? 18 : 12;
		float top;

		rb_pdf_need(p, BODY_LEADING);
		top = p->y;
		if (task) {
			checkbox(p, p->left + save + 1, top,
				 cmark_gfm_extensions_get_tasklist_item_checked(item));
		} else {
			char mark[24];

			if (ordered)
				snprintf(mark, sizeof(mark), "%d.", number++);
			else
				snprintf(mark, sizeof(mark), "\u2022");
			rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_REGULAR), BODY_SIZE, p->left + save + 1,
				       top - BODY_LEADING * 0.78f, mark);
		}
		p->indent = save + marker_w;
		blocks(p, item, tight);
		p->indent = save;
		if (!tight)
			p->y -= 3;
	}
	p->indent = save;
}

/* --- tables ------------------------------------------------------------- */

static char *cell_text(cmark_node *cell)
{
	struct rb_buf b = RB_BUF_INIT;
	cmark_iter *it = cmark_iter_new(cell);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_TEXT || cmark_node_get_type(n) == CMARK_NODE_CODE)
			rb_buf_adds(&b, cmark_node_get_literal(n));
		else if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK)
			rb_buf_addch(&b, ' ');
	}
	cmark_iter_free(it);
	return rb_buf_detach(&b, NULL);
}

/* Lines of `text` wrapped at `w` points (words wider than w stand alone). */
static size_t wrap_words(const char *text, HPDF_Font font, float size, float w,
			 char ***out)
{
	struct rb_buf line = RB_BUF_INIT;
	char **lines = NULL;
	size_t nr = 0, alloc = 0;
	const char *s = text;

	while (*s) {
		const char *word;
		char *cand;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ')
			s++;
		/* (the tolerance absorbs float rounding of column widths) */
		if (rb_pdf_width(font, size, (cand = rb_xstrndup(word, (size_t)(s - word)))) > w + 0.01f) {
			/* a word wider than the column: on lines of its own, cut
			 * between code points */
			free(cand);
			if (line.len) {
				RB_GROW(lines, nr + 1, alloc);
				lines[nr++] = rb_buf_detach(&line, NULL);
			}
			while (word < s) {
				const char *end = word;

				do {
					const char *next = end + 1;

					while (next < s && ((unsigned char)*next & 0xC0) == 0x80)
						next++;
					cand = rb_xstrndup(word, (size_t)(next - word));
					if (end > word && rb_pdf_width(font, size, cand) > w) {
						free(cand);
						break;
					}
					free(cand);
					end = next;
				} while (end < s);
				if (end < s) {
					RB_GROW(lines, nr + 1, alloc);
					lines[nr++] = rb_xstrndup(word, (size_t)(end - word));
				} else {
					rb_buf_add(&line, word, (size_t)(end - word));
				}
				word = end;
			}
			continue;
		}
		free(cand);
		cand = line.len ? rb_xasprintf("%s %.*s", line.ptr, (int)(s - word), word)
				: rb_xstrndup(word, (size_t)(s - word));
		if (line.len && rb_pdf_width(font, size, cand) > w) {
			RB_GROW(lines, nr + 1, alloc);
			lines[nr++] = rb_buf_detach(&line, NULL);
			rb_buf_add(&line, word, (size_t)(s - word));
		} else {
			rb_buf_reset(&line);
			rb_buf_adds(&line, cand);
		}
		free(cand);
	}
	RB_GROW(lines, nr + 1, alloc);
	lines[nr++] = rb_buf_detach(&line, NULL);
	*out = lines;
	return nr;
}

static float longest_word(const char *text, HPDF_Font font, float size)
{
	float best = 0;
	const char *s = text;

	while (*s) {
		const char *w;
		char *word;
		float width;

		while (*s == ' ')
			s++;
		w = s;
		while (*s && *s != ' ')
			s++;
		if (s == w)
			break;
		word = rb_xstrndup(w, (size_t)(s - w));
		width = rb_pdf_width(font, size, word);
		free(word);
		if (width > best)
			best = width;
	}
	return best;
}

static void table(struct rb_pdf *p, cmark_node *t)
{
	size_t cols = cmark_gfm_extensions_get_table_columns(t);
	size_t rows = 0, r = 0;
	float size = p->style.table, leading = p->style.table * 1.3f, pad = 4;
	float avail = p->right - p->left - p->indent;
	float *w, *minw, sum = 0;
	char **text;
	bool *header;
	size_t header_row = SIZE_MAX;

	if (!cols)
		return;
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row))
		rows++;
	text = rb_xcalloc(rows * cols, sizeof(*text));
	header = rb_xcalloc(rows, sizeof(*header));
	w = rb_xcalloc(cols, sizeof(*w));
	minw = rb_xcalloc(cols, sizeof(*minw));
	for (cmark_node *row = cmark_node_first_child(t); row; row = cmark_node_next(row), r++) {
		size_t j = 0;

		header[r] = cmark_gfm_extensions_get_table_row_is_header(row);
		if (header[r] && header_row == SIZE_MAX)
			header_row = r;
		for (cmark_node *c = cmark_node_first_child(row); c && j < cols; c = cmark_node_next(c), j++)
			text[r * cols + j] = cell_text(c);
		for (; j < cols; j++)
			text[r * cols + j] = rb_xstrdup("");
		for (j = 0; j < cols; j++) {
			HPDF_Font f = header[r] ? rb_pdf_font(p, RB_FONT_BOLD) : rb_pdf_font(p, RB_FONT_REGULAR);
			float nat = rb_pdf_width(f, size, text[r * cols + j]) + 2 * pad;
			float mw = longest_word(text[r * cols + j], f, size) + 2 * pad;

			if (nat > w[j])
				w[j] = nat;
			if (mw > minw[j])
				minw[j] = mw;
		}
	}
	for (size_t j = 0; j < cols; j++)
		sum += w[j];
	if (sum > avail) {
		/* water-filling, as in the text renderer: narrow columns keep their width */
		float lo = 0, hi = avail;

		for (int it = 0; it < 40; it++) {
			float mid = (lo + hi) / 2, s = 0;

			for (size_t j = 0; j < cols; j++) {
				float x = minw[j] > mid ? minw[j] : mid;

				s += x < w[j] ? x : w[j];
			}
			if (s <= avail)
				lo = mid;
			else
				hi = mid;
		}
		sum = 0;
		for (size_t j = 0; j < cols; j++) {
			float x = minw[j] > lo ? minw[j] : lo;

			if (x < w[j])
				w[j] = x;
			/* a column never overflows the page: cut words if it must */
			if (w[j] > avail)
				w[j] = avail;
			sum += w[j];
		}
	}
	if (sum > avail) {
		/*
		 * The longest words alone are wider than the page: set the
		 * table smaller, down to 70% of its size, before cutting words.
		 */
		float text_sum = sum - 2 * pad * (float)cols;
		float room = avail - 2 * pad * (float)cols;
		float f = text_sum > 0 && room > 0 ? room / text_sum * 0.999f : 0;

		if (f > 0) {
			if (f < 0.7f)
				f = 0.7f;
			size *= f;
			leading *= f;
			sum = 0;
			for (size_t j = 0; j < cols; j++) {
				w[j] = (w[j] - 2 * pad) * f + 2 * pad;
				sum += w[j];
			}
		}
	}
	if (sum > avail) {
		/*
		 * Still wider than the page at the smallest size: shrink every
		 * column alike and cut words, down to three letters a column;
		 * only a table with more columns than that allows runs off.
		 */
		float least = rb_pdf_width(rb_pdf_font(p, RB_FONT_REGULAR), size, "MMM") + 2 * pad;

		/* columns held at the floor leave the rest less room: repeat */
		for (int it = 0; it < 8 && sum > avail + 0.01f; it++) {
			float floored = 0, other = 0;

			for (size_t j = 0; j < cols; j++) {
				if (w[j] <= least)
					floored += w[j];
				else
					other += w[j];
			}
			if (other <= 0 || avail - floored <= 0)
				break;
			sum = 0;
			for (size_t j = 0; j < cols; j++) {
				if (w[j] > least) {
					w[j] *= (avail - floored) / other;
					if (w[j] < least)
						w[j] = least;
				}
				sum += w[j];
			}
		}
	}
	p->y -= 3;
	for (r = 0; r < rows; r++) {
		char ***cell_lines = rb_xcalloc(cols, sizeof(*cell_lines));
		size_t *counts = rb_xcalloc(cols, sizeof(*counts));
		size_t height = 1;
		float row_h, x;
		HPDF_Font f = header[r] ? rb_pdf_font(p, RB_FONT_BOLD) : rb_pdf_font(p, RB_FONT_REGULAR);

		for (size_t j = 0; j < cols; j++) {
			counts[j] = wrap_words(text[r * cols + j], f, size, w[j] - 2 * pad, &cell_lines[j]);
			if (counts[j] > height)
				height = counts[j];
		}
		row_h = (float)height * leading + 2 * pad;
		if (!p->page || p->y - row_h < p->bottom) {
			rb_pdf_new_page(p);
			/* the header row is repeated on the next page */
			if (header_row != SIZE_MAX && !header[r]) {
				float hx = p->left + p->indent;
				float hh = leading + 2 * pad;

				HPDF_Page_SetGrayFill(p->page, p->style.table_header);
				HPDF_Page_Rectangle(p->page, hx, p->y - hh, sum, hh);
				HPDF_Page_Fill(p->page);
				HPDF_Page_SetGrayFill(p->page, 0);
				for (size_t j = 0; j < cols; j++) {
					char **hl;
					size_t hn = wrap_words(text[header_row * cols + j], rb_pdf_font(p, RB_FONT_BOLD), size,
							       w[j] - 2 * pad, &hl);

					rb_pdf_text_at(p, p->page, rb_pdf_font(p, RB_FONT_BOLD), size, hx + pad,
						       p->y - pad - leading * 0.8f, hl[0]);
					for (size_t k = 0; k < hn; k++)
						free(hl[k]);
					free(hl);
					hx += w[j];
				}
				p->y -= hh;
			}
		}
		x = p->left + p->indent;
		if (header[r]) {
			HPDF_Page_SetGrayFill(p->page, p->style.table_header);
			HPDF_Page_Rectangle(p->page, x, p->y - row_h, sum, row_h);
			HPDF_Page_Fill(p->page);
			HPDF_Page_SetGrayFill(p->page, 0);
		}
		HPDF_Page_SetLineWidth(p->page, 0.5f);
		HPDF_Page_SetGrayStroke(p->page, 0.55f);
		HPDF_Page_Rectangle(p->page, x, p->y - row_h, sum, row_h);
		HPDF_Page_Stroke(p->page);
		/* text first: libharu allows no text inside a path */
		for (size_t j = 0; j < cols; j++) {
			for (size_t k = 0; k < counts[j]; k++)
				rb_pdf_text_at(p, p->page, f, size, x + pad,
					       p->y - pad - leading * 0.8f - (float)k * leading,
					       cell_lines[j][k]);
			x += w[j];
			for (size_t k = 0; k < counts[j]; k++)
				free(cell_lines[j][k]);
			free(cell_lines[j]);
		}
		x = p->left + p->indent;
		for (size_t j = 0; j + 1 < cols; j++) {
			x += w[j];
			HPDF_Page_MoveTo(p->page, x, p->y);
			HPDF_Page_LineTo(p->page, x, p->y - row_h);
		}
		/* a one-column table has no inner line, and no path to stroke */
		if (cols > 1)
			HPDF_Page_Stroke(p->page);
		HPDF_Page_SetGrayStroke(p->page, 0);
		p->y -= row_h;
		free(cell_lines);
		free(counts);
	}
	p->y -= 6;
	for (size_t i = 0; i < rows * cols; i++)
		free(text[i]);
	free(text);
	free(header);
	free(w);
	free(minw);
}

static void quote(struct rb_pdf *p, cmark_node *n)
{
	float save = p->indent;
	float top;
	HPDF_Page page;

	rb_pdf_need(p, BODY_LEADING);
	top = p->y;
	page = p->page;
	p->indent = save + 12;
	blocks(p, n, false);
	p->indent = save;
	if (page == p->page) {
		HPDF_Page_SetGrayFill(p->page, 0.45f);
		HPDF_Page_Rectangle(p->page, p->left + save + 2, p->y, 2.5f, top - p->y);
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0);
	}
}

static void blocks(struct rb_pdf *p, cmark_node *parent, bool tight)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		struct style body = { false, false, BODY_SIZE };

		if (p->failed)
			return;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			paragraph_node(p, n, body, BODY_LEADING);
			if (!tight)
				p->y -= 5;
			break;
		case CMARK_NODE_HEADING:
			heading(p, n);
			break;
		case CMARK_NODE_CODE_BLOCK:
			code_block(p, n);
			break;
		case CMARK_NODE_LIST:
			list(p, n);
			p->y -= 3;
			break;
		case CMARK_NODE_BLOCK_QUOTE:
			quote(p, n);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			rb_pdf_rule(p);
			break;
		case CMARK_NODE_HTML_BLOCK:
			break;
		default:
			if (is_type(n, "table"))
				table(p, n);
			else
				blocks(p, n, tight);
		}
	}
}

void rb_pdf_markdown(struct rb_pdf *p, cmark_node *doc, bool skip_title)
{
	cmark_node *first = cmark_node_first_child(doc);

	if (skip_title && first && cmark_node_get_type(first) == CMARK_NODE_HEADING &&
	    cmark_node_get_heading_level(first) == 1) {
		cmark_node_unlink(first);
		blocks(p, doc, false);
		cmark_node_prepend_child(doc, first);
	} else {
		blocks(p, doc, false);
	}
}

int rb_pdf_save(struct rb_pdf *p, struct rb_buf *out)
{
	HPDF_UINT32 size;

	if (p->failed || HPDF_SaveToStream(p->doc) != HPDF_OK)
		return -1;
	size = HPDF_GetStreamSize(p->doc);
	rb_buf_grow(out, size);
	if (HPDF_ReadFromStream(p->doc, (HPDF_BYTE *)out->ptr + out->len, &size) != HPDF_OK &&
	    !size)
		return -1;
	out->len += size;
	out->ptr[out->len] = '\0';
	return 0;
}
