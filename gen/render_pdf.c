/*
 * render_pdf.c - the PDF layout engine (see render_pdf.h).
 *
 * Coordinates are PDF points with the origin at the bottom left; the
 * cursor `y` is the top of the next line box. Inline content becomes a
 * list of pieces (a word in one font) that the layout core (layout.h)
 * breaks into lines, as it does the text renderer's words, measured here
 * in points.
 */
#include <cmark-gfm-core-extensions.h>
#include <ctype.h>
#include <math.h>
#include <time.h>

#include "bidi.h"
#include "buf.h"
#include "display_width.h"
#include "binder.h"
#include "html_safe.h"
#include "layout.h"
#include "link_target.h"
#include "render_pdf.h"

#define BODY_SIZE (p->style.body)
#define BODY_LEADING (p->style.body * 1.35f)
#define CODE_SIZE (p->style.code)
#define CODE_LEADING (p->style.code * 1.3f)
#define KEEP_CODE_LINES 15

static void error_handler(HPDF_STATUS error_no, HPDF_STATUS detail_no,
			  void *user_data)
{
	struct rb_pdf *p = user_data;

	if (p->loading_image) {
		p->image_failed = true;
		return;
	}
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

const char *const rb_pdf_colour_names[RB_COLOURS] = {
	"ink", "muted", "line", "band", "accent", "warn", "paper",
};

/* the default theme's style.css, for a page printed on white */
static const char *const colour_defaults[RB_COLOURS] = {
	"#1b1f24", "#57606a", "#d0d7de", "#f3f5f7", "#0b4f8a", "#9a3412", "#ffffff",
};

int rb_pdf_colour_parse(float out[3], const char *s)
{
	float v[3];

	if (!s || s[0] != '#' || strlen(s) != 7)
		return -1;
	for (int i = 0; i < 3; i++) {
		int hi = rb_hex_digit(s[1 + 2 * i]), lo = rb_hex_digit(s[2 + 2 * i]);

		if (hi < 0 || lo < 0)
			return -1;
		v[i] = (float)(hi * 16 + lo) / 255.0f;
	}
	memcpy(out, v, sizeof(v));
	return 0;
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
	for (int i = 0; i < RB_COLOURS; i++)
		rb_pdf_colour_parse(s->colours[i], colour_defaults[i]);
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
	p->diags = d;
	p->doc = HPDF_New(error_handler, p);
	if (!p->doc)
		rb_die("cannot start a PDF document");
	HPDF_SetCompressionMode(p->doc, HPDF_COMP_ALL);
	/* the CID fonts' encoder, made when a character needs one; the info
	   strings are ASCII (ascii()), written as they are */
	HPDF_UseUTFEncodings(p->doc);
	{
		const char *files[RB_FONTS] = {
			style->font_regular, style->font_bold, style->font_italic,
			style->font_mono, style->font_mono_bold,
		};
		const char *fallbacks[RB_PDF_FALLBACKS];
		bool missing = false;

		for (int i = 0; i < RB_FONTS; i++)
			if (!(p->font_paths[i] = font_path(files[i], d)))
				missing = true;
		/* none installed: a warning when a character needs one */
		if (style->font_fallback) {
			if (!(p->fallback_paths[0] = font_path(style->font_fallback, d)))
				missing = true;
			p->fallbacks_nr = 1;
		} else {
			p->fallbacks_nr = rb_pdf_fallbacks_installed(fallbacks);
			for (size_t i = 0; i < p->fallbacks_nr; i++)
				p->fallback_paths[i] = rb_xstrdup(fallbacks[i]);
		}
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
	rb_pdf_fonts_release(p);
	for (size_t i = 0; i < p->pages_nr; i++) {
		free(p->pages[i].header);
		free(p->pages[i].footer);
	}
	free(p->pages);
	for (size_t i = 0; i < p->links_nr; i++)
		free(p->links[i].id);
	free(p->links);
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
	p->pages[p->pages_nr].footer = rb_xstrdup(p->footer ? p->footer : "");
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

/* --- inline pieces ------------------------------------------------------- */

struct piece {
	char *text;     /* NULL for a forced break */
	HPDF_Font font;
	float size;
	float width;
	bool space;     /* a space before it */
	const char *link; /* a runbook's id (the URL `ID.html`), or NULL */
	size_t link_len;
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

	/* a break before the first word would end no line: none is kept */
	if (ps->pending_newline && ps->nr) {
		RB_GROW(ps->items, ps->nr + 1, ps->alloc);
		pc = &ps->items[ps->nr++];
		memset(pc, 0, sizeof(*pc));
	}
	RB_GROW(ps->items, ps->nr + 1, ps->alloc);
	pc = &ps->items[ps->nr++];
	memset(pc, 0, sizeof(*pc));
	pc->text = rb_xstrndup(w, len);
	pc->font = font;
	pc->size = size;
	pc->width = rb_pdf_width(font, size, pc->text);
	pc->space = ps->pending_space && ps->nr > 1;
	ps->pending_space = false;
	ps->pending_newline = false;
}

/*
 * Adds a run of text without blanks: one word, or for CJK, which has no
 * spaces, one word per stretch between the places a line may end.
 */
static void add_unspaced(struct pieces *ps, const char *s, size_t len,
			 HPDF_Font font, float size)
{
	while (len) {
		size_t n = rb_unbroken_head(s, len);

		add_word(ps, s, n, font, size);
		s += n;
		len -= n;
	}
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
		add_unspaced(ps, w, (size_t)(s - w), font, size);
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
			size_t before = ps->nr, id = rb_link_runbook_id_len(url);

			collect(p, ps, n, st);
			for (size_t k = before; id && k < ps->nr; k++) {
				ps->items[k].link = url;
				ps->items[k].link_len = id;
			}
			/* on paper a link is its target, when it leads outside */
			if (url && (rb_starts_with(url, "http://") || rb_starts_with(url, "https://"))) {
				/* (a break the link's first word brought does not count) */
				size_t first = before < ps->nr && !ps->items[before].text ? before + 1 : before;
				bool same = ps->nr == first + 1 && !strcmp(ps->items[first].text, url);

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
			ps->pending_space = true;
			collect(p, ps, n, st);
			add_text(ps, "]", rb_pdf_font(p, RB_FONT_ITALIC), st.size);
			pieces_release(&alt);
			break;
		}
		case CMARK_NODE_HTML_INLINE: {
			/* made safe (html_safe.h): its text, a break for <br> */
			struct rb_buf text = RB_BUF_INIT;
			const char *lit = cmark_node_get_literal(n);

			rb_html_text(&text, lit ? lit : "", lit ? strlen(lit) : 0);
			for (const char *s = text.ptr; *s; ) {
				size_t k = strcspn(s, "\n");
				char *part = rb_xstrndup(s, k);

				add_text(ps, part, font_for(p, st), st.size);
				free(part);
				s += k;
				if (*s == '\n') {
					ps->pending_newline = true;
					s++;
				}
			}
			rb_buf_release(&text);
			break;
		}
		default:
			collect(p, ps, n, st);
		}
	}
}

/*
 * The longest head of `s` (at least one code point) no wider than `room`:
 * where a word too wide for any line is cut.
 */
static size_t fit_head(HPDF_Font font, float size, const char *s, size_t len,
		       float room)
{
	size_t end = 0;

	while (end < len) {
		size_t next = end + 1;
		char *head;
		bool over;

		while (next < len && ((unsigned char)s[next] & 0xc0) == 0x80)
			next++;
		head = rb_xstrndup(s, next);
		over = end > 0 && rb_pdf_width(font, size, head) > room;
		free(head);
		if (over)
			break;
		end = next;
	}
	return end;
}

/* The pieces as the layout core sees them. */
struct flow_measure {
	const struct pieces *ps;
	float sum;      /* the line so far, as flow() has always summed it */
};

static enum rb_layout_kind piece_kind(void *ctx, size_t i)
{
	const struct flow_measure *m = ctx;

	return m->ps->items[i].text ? RB_LAYOUT_WORD : RB_LAYOUT_BREAK;
}

/*
 * A line is compared as (line + space) + word but kept as line + (space +
 * word): floats round the two apart, and a line that fits by a hair must
 * break where it always has.
 */
static double piece_width(void *ctx, double line, size_t first, size_t i)
{
	struct flow_measure *m = ctx;
	const struct piece *pc = &m->ps->items[i];
	float sw, fit;

	(void)line;
	if (i == first) {
		m->sum = pc->width;
		return pc->width;
	}
	sw = pc->space ? rb_pdf_width(pc->font, pc->size, " ") : 0;
	fit = m->sum + sw + pc->width;
	m->sum += sw + pc->width;
	return fit;
}

/* Draws a piece wider than a line on lines of its own, cut between code points. */
static float flow_cut(struct rb_pdf *p, const struct piece *pc, float x0, float x1,
		      float leading, float *base)
{
	const char *s = pc->text;
	size_t len = strlen(s);

	for (;;) {
		size_t n = fit_head(pc->font, pc->size, s, len, x1 - x0);
		char *head = rb_xstrndup(s, n);
		float x;

		rb_pdf_text_at(p, p->page, pc->font, pc->size, x0, *base, head);
		if (n == len) {
			x = x0 + rb_pdf_width(pc->font, pc->size, head);
			free(head);
			return x;
		}
		free(head);
		s += n;
		len -= n;
		p->y -= leading;
		rb_pdf_need(p, leading);
		*base = p->y - leading * 0.78f;
	}
}

/*
 * The order pieces [start, end) of a line are drawn in: a run of
 * right-to-left words reversed, each word's letters reversed (bidi.h).
 * `space[i]`: whether a space comes before the i-th piece drawn.
 */
static void visual_order(struct pieces *ps, size_t start, size_t end,
			 size_t *order, bool *space)
{
	size_t i = start;

	while (i < end) {
		size_t j = i;

		while (j < end && ps->items[j].text && rb_bidi_word_is_rtl(ps->items[j].text))
			j++;
		if (j == i) {
			order[i - start] = i;
			space[i - start] = ps->items[i].space;
			i++;
			continue;
		}
		/* drawn j-1 .. i: the gap before the run stays before it */
		for (size_t k = i; k < j; k++) {
			struct piece *pc = &ps->items[j - 1 - (k - i)];
			char *rev = rb_bidi_reversed(pc->text);

			free(pc->text);
			pc->text = rev;
			order[k - start] = j - 1 - (k - i);
			space[k - start] = k == i ? ps->items[i].space : ps->items[j - (k - i)].space;
		}
		i = j;
	}
}

/*
 * Draws the words gathered in `run` (one font and size, with the spaces
 * between them) as one text object: one BT ... ET per run of a line
 * rather than per word, at half the cost for the viewer and the file.
 */
static void flush_run(struct rb_pdf *p, struct rb_buf *run, const struct piece **run_pc,
		      float x, float base)
{
	if (*run_pc && run->len)
		rb_pdf_text_at(p, p->page, (*run_pc)->font, (*run_pc)->size, x, base, run->ptr);
	*run_pc = NULL;
	rb_buf_reset(run);
}

/* Draws pieces wrapped between x0 and x1 from the cursor down. */
static void flow(struct rb_pdf *p, struct pieces *ps, float x0, float x1,
		 float leading)
{
	struct flow_measure fm = { ps, 0 };
	struct rb_layout_measure m = { piece_kind, piece_width, &fm };
	struct rb_layout_lines lines = { NULL, 0, 0 };
	struct rb_buf run = RB_BUF_INIT;
	const struct piece *run_pc = NULL;
	float run_x = 0;

	rb_layout_break(&lines, ps->nr, &m, x1 - x0, x1 - x0);
	for (size_t l = 0; l < lines.nr; l++) {
		size_t start = lines.items[l].first, end = lines.items[l].end;
		float x = x0;
		float base;

		size_t *order = NULL;
		bool *space = NULL;

		rb_pdf_need(p, leading);
		base = p->y - leading * 0.78f;
		/* (most lines have no right-to-left word, and keep their order) */
		for (size_t k = start; k < end && !order; k++)
			if (ps->items[k].text && rb_bidi_word_is_rtl(ps->items[k].text)) {
				order = rb_xcalloc(end - start, sizeof(*order));
				space = rb_xcalloc(end - start, sizeof(*space));
				visual_order(ps, start, end, order, space);
			}
		for (size_t k = start; k < end; k++) {
			struct piece *pc = &ps->items[order ? order[k - start] : k];
			bool gap = order ? space[k - start] : pc->space;

			if (run_pc && (!pc->text || pc->font != run_pc->font ||
				       pc->size != run_pc->size || pc->width > x1 - x0))
				flush_run(p, &run, &run_pc, run_x, base);
			if (k > start && gap) {
				x += rb_pdf_width(pc->font, pc->size, " ");
				if (run_pc)
					rb_buf_addch(&run, ' ');
			}
			if (pc->width > x1 - x0) {
				x = flow_cut(p, pc, x0, x1, leading, &base);
				continue;
			}
			if (!pc->text)
				continue;
			/* the words of one font and size are drawn as one string */
			if (!run_pc) {
				run_pc = pc;
				run_x = x;
			}
			rb_buf_adds(&run, pc->text);
			if (pc->link) {
				struct rb_pdf_link *lk;

				RB_GROW(p->links, p->links_nr + 1, p->links_alloc);
				lk = &p->links[p->links_nr++];
				lk->page = p->pages_nr - 1;
				lk->rect = (HPDF_Rect){ x, base - pc->size * 0.25f,
						       x + pc->width, base + pc->size * 0.85f };
				lk->id = rb_xstrndup(pc->link, pc->link_len);
			}
			x += pc->width;
		}
		flush_run(p, &run, &run_pc, run_x, base);
		free(order);
		free(space);
		p->y -= leading;
	}
	rb_buf_release(&run);
	rb_layout_lines_release(&lines);
}

void rb_pdf_paragraph(struct rb_pdf *p, const char *text, HPDF_Font font,
		      float size, float leading)
{
	struct pieces ps = { 0 };

	add_text(&ps, text, font, size);
	flow(p, &ps, p->left + p->indent, p->right, leading);
	pieces_release(&ps);
}

/* --- titles and one-line labels: never cut inside a word --------------- */

/* The widest word of `text`, as the paragraph layout splits it. */
static float widest_piece(const char *text, HPDF_Font font, float size)
{
	struct pieces ps = { 0 };
	float best = 0;

	add_text(&ps, text, font, size);
	for (size_t i = 0; i < ps.nr; i++)
		if (ps.items[i].text && ps.items[i].width > best)
			best = ps.items[i].width;
	pieces_release(&ps);
	return best;
}

void rb_pdf_title(struct rb_pdf *p, const char *text, HPDF_Font font,
		  float size, float least, float leading)
{
	float room = p->right - p->left - p->indent;

	/* a word wider than the line: smaller type, rather than a cut word */
	while (size > least && widest_piece(text, font, size) > room)
		size = size - 1 > least ? size - 1 : least;
	rb_pdf_paragraph(p, text, font, size, size * leading);
}

char *rb_pdf_ellipsis(HPDF_Font font, float size, const char *text, float room)
{
	static const char mark[] = "\u2026";
	struct pieces ps = { 0 };
	struct rb_buf b = RB_BUF_INIT;
	float used = 0, mark_w;
	size_t k = 0;

	if (rb_pdf_width(font, size, text) <= room)
		return rb_xstrdup(text);
	mark_w = rb_pdf_width(font, size, mark);
	add_text(&ps, text, font, size);
	/* whole words while they and the mark fit */
	for (; k < ps.nr && ps.items[k].text; k++) {
		float sw = k && ps.items[k].space ? rb_pdf_width(font, size, " ") : 0;

		if (used + sw + ps.items[k].width + mark_w > room)
			break;
		if (sw > 0)
			rb_buf_addch(&b, ' ');
		rb_buf_adds(&b, ps.items[k].text);
		used += sw + ps.items[k].width;
	}
	/* not even the first word: as much of it as fits */
	if (!k && ps.nr && ps.items[0].text) {
		const char *w = ps.items[0].text;
		float left = room - mark_w;

		rb_buf_add(&b, w, left > 0 ? fit_head(font, size, w, strlen(w), left) : 0);
	}
	pieces_release(&ps);
	rb_buf_adds(&b, mark);
	return rb_buf_detach(&b, NULL);
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

/* A PNG or JPEG of the binder (`../files/PATH`), loaded; NULL if none. */
static HPDF_Image load_image(struct rb_pdf *p, const char *url)
{
	static const char prefix[] = "../" RB_FILES_DIR "/";
	char *path, *lower;
	HPDF_Image img = NULL;
	bool png, jpeg;
	unsigned char magic[8] = { 0 };
	FILE *f;

	if (!p->image_root || !url || strncmp(url, prefix, sizeof(prefix) - 1))
		return NULL;
	lower = rb_xstrdup(url);
	for (char *c = lower; *c; c++)
		*c = (char)tolower((unsigned char)*c);
	png = rb_ends_with(lower, ".png");
	jpeg = rb_ends_with(lower, ".jpg") || rb_ends_with(lower, ".jpeg");
	free(lower);
	if (!png && !jpeg)
		return NULL;
	path = rb_xasprintf("%s/%s", p->image_root, url + sizeof(prefix) - 1);
	/* what the name says must be what the file is */
	if ((f = fopen(path, "rb"))) {
		if (fread(magic, 1, sizeof(magic), f) != sizeof(magic))
			memset(magic, 0, sizeof(magic));
		fclose(f);
	}
	if ((png && !memcmp(magic, "\x89PNG\r\n\x1a\n", 8)) ||
	    (jpeg && magic[0] == 0xff && magic[1] == 0xd8)) {
		p->loading_image = true;
		p->image_failed = false;
		img = png ? HPDF_LoadPngImageFromFile(p->doc, path)
			  : HPDF_LoadJpegImageFromFile(p->doc, path);
		p->loading_image = false;
		if (p->image_failed) {
			HPDF_ResetError(p->doc);
			img = NULL;
		}
	}
	free(path);
	return img;
}

/*
 * A paragraph of images only: each PNG or JPEG drawn, fitted to the text
 * column (at 96 pixels to the inch, never larger) and to two thirds of the
 * page; any other image as its alt text and path. False when the
 * paragraph has text too, or no image could be drawn: it is then text.
 */
static bool images(struct rb_pdf *p, cmark_node *para)
{
	HPDF_Image *imgs = NULL;
	size_t n = 0, alloc = 0, drawn = 0, k = 0;

	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		cmark_node_type t = cmark_node_get_type(c);
		const char *lit = cmark_node_get_literal(c);

		if (t != CMARK_NODE_IMAGE && t != CMARK_NODE_SOFTBREAK &&
		    t != CMARK_NODE_LINEBREAK &&
		    !(t == CMARK_NODE_TEXT && lit && !lit[strspn(lit, " \t")]))
			return false;
	}
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		if (cmark_node_get_type(c) != CMARK_NODE_IMAGE)
			continue;
		RB_GROW(imgs, n + 1, alloc);
		imgs[n] = load_image(p, cmark_node_get_url(c));
		drawn += imgs[n++] != NULL;
	}
	if (!drawn) {
		free(imgs);
		return false;
	}
	for (cmark_node *c = cmark_node_first_child(para); c; c = cmark_node_next(c)) {
		float w, h, room = p->right - p->left - p->indent;
		float tall = (p->top - p->bottom) * 0.66f, scale;
		HPDF_Image img;

		if (cmark_node_get_type(c) != CMARK_NODE_IMAGE)
			continue;
		if (!(img = imgs[k++])) {
			char *alt = cmark_render_plaintext(c, CMARK_OPT_DEFAULT, 0);
			char *line = rb_xasprintf("[image: %s] %s", alt, cmark_node_get_url(c));

			rb_pdf_paragraph(p, line, rb_pdf_font(p, RB_FONT_ITALIC), BODY_SIZE,
					 BODY_LEADING);
			free(line);
			free(alt);
			continue;
		}
		w = (float)HPDF_Image_GetWidth(img) * 0.75f;
		h = (float)HPDF_Image_GetHeight(img) * 0.75f;
		if (w <= 0 || h <= 0)
			continue;
		scale = room / w < tall / h ? room / w : tall / h;
		if (scale < 1) {
			w *= scale;
			h *= scale;
		}
		rb_pdf_need(p, h + 8);
		HPDF_Page_DrawImage(p->page, img, p->left + p->indent, p->y - h - 2, w, h);
		p->y -= h + 8;
	}
	free(imgs);
	return true;
}

static void heading(struct rb_pdf *p, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);
	struct style st = { true, false, level == 1 ? p->style.heading1
				       : level == 2 ? p->style.heading2 : p->style.heading3 };
	float leading = st.size * 1.3f, next = 4 * BODY_LEADING;
	cmark_node *after = cmark_node_next(n);

	/* a heading stays with a drawing right after it, whole */
	if (p->fence_height && after && cmark_node_get_type(after) == CMARK_NODE_CODE_BLOCK) {
		const char *info = cmark_node_get_fence_info(after), *lit = cmark_node_get_literal(after);
		float h = p->fence_height(p, info ? info : "", lit ? lit : "");

		/* (with the heading's own space above and below) */
		if (h + 12 > next)
			next = h + 12;
	}
	/* ... and with at least three lines of anything else */
	rb_pdf_need(p, leading + next);
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

/*
 * The bytes of the head of a code line that fills at most `cols` display
 * columns (a CJK character takes two), at least one character.
 */
static size_t cut(const char *s, size_t len, size_t cols)
{
	size_t i = 0, used = 0;

	while (i < len) {
		size_t n;
		size_t w = (size_t)rb_char_width(rb_utf8_next(s + i, len - i, &n));

		if (i && used + w > cols)
			break;
		used += w;
		i += n;
	}
	return i;
}

/* A code line with its tabs expanded to the next multiple of 8 columns. */
static char *expand_tabs(const char *s, size_t len)
{
	struct rb_buf b = RB_BUF_INIT;
	size_t col = 0, i = 0;

	while (i < len) {
		size_t n;
		uint32_t cp = rb_utf8_next(s + i, len - i, &n);

		if (cp == '\t') {
			rb_buf_addchars(&b, ' ', 8 - col % 8);
			col += 8 - col % 8;
		} else {
			rb_buf_add(&b, s + i, n);
			col += (size_t)rb_char_width(cp);
		}
		i += n;
	}
	return rb_buf_detach(&b, NULL);
}

/*
 * The mark at the end of a code line cut at the margin: a bent arrow
 * (as U+21B5) at `x`, on the baseline `base`, for type of `size` points.
 * Drawn, not set in a font: the character is in none of the code pages,
 * and setting it would embed the whole monospace bold font as a CID font
 * (about 40 KB) in each PDF with a cut line.
 */
static void continuation_mark(HPDF_Page page, float x, float base, float size)
{
	float right = x + size * 0.56f, left = x;
	float top = base + size * 0.52f, mid = base + size * 0.14f, head = size * 0.19f;

	HPDF_Page_GSave(page);
	HPDF_Page_SetLineWidth(page, size * 0.12f);
	HPDF_Page_MoveTo(page, right, top);
	HPDF_Page_LineTo(page, right, mid);
	HPDF_Page_LineTo(page, left + head, mid);
	HPDF_Page_Stroke(page);
	HPDF_Page_MoveTo(page, left, mid);
	HPDF_Page_LineTo(page, left + head * 1.3f, mid + head);
	HPDF_Page_LineTo(page, left + head * 1.3f, mid - head);
	HPDF_Page_ClosePath(page);
	HPDF_Page_Fill(page);
	HPDF_Page_GRestore(page);
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
		char *line = expand_tabs(lit + i, nl ? (size_t)(nl - (lit + i)) : len - i);
		size_t l = strlen(line), done = 0;

		do {
			size_t take = cut(line + done, l - done, cols);

			RB_GROW(lines, nr + 1, alloc);
			lines[nr].text = rb_xstrndup(line + done, take);
			done += take;
			lines[nr].cont = done < l;
			nr++;
		} while (done < l);
		free(line);
		if (!nl)
			break;
		i = (size_t)(nl - lit) + 1;
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
				continuation_mark(p->page, x1 - pad - mark_w + 2, base, CODE_SIZE);
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
		else if (cmark_node_get_type(n) == CMARK_NODE_SOFTBREAK ||
			 cmark_node_get_type(n) == CMARK_NODE_LINEBREAK)
			rb_buf_addch(&b, ' ');
		else if (cmark_node_get_type(n) == CMARK_NODE_HTML_INLINE) {
			/* raw HTML made safe (html_safe.h): its text, a space for a break */
			const char *lit = cmark_node_get_literal(n);
			size_t from = b.len;

			rb_html_text(&b, lit ? lit : "", lit ? strlen(lit) : 0);
			for (size_t k = from; k < b.len; k++)
				if (b.ptr[k] == '\n')
					b.ptr[k] = ' ';
		}
	}
	cmark_iter_free(it);
	return rb_buf_detach(&b, NULL);
}

/*
 * A cell's words for the layout core: split at spaces, and a word wider
 * than the column cut between code points onto lines of its own, with the
 * last part of it beginning a line that later words may join.
 */
struct cell_word {
	size_t off, len;
	bool brk;       /* a forced break instead of a word */
};

struct cell_words {
	const char *text;
	HPDF_Font font;
	float size;
	struct cell_word *items;
	size_t nr, alloc;
	struct rb_buf line;     /* scratch: a line being measured */
};

static void cell_push(struct cell_words *cw, size_t off, size_t len, bool brk)
{
	RB_GROW(cw->items, cw->nr + 1, cw->alloc);
	cw->items[cw->nr].off = off;
	cw->items[cw->nr].len = len;
	cw->items[cw->nr].brk = brk;
	cw->nr++;
}

/* Splits `text` into words; those wider than `w` (+ rounding) are cut. */
static void cell_split(struct cell_words *cw, const char *text, HPDF_Font font,
		       float size, float w)
{
	const char *s = text;

	memset(cw, 0, sizeof(*cw));
	cw->text = text;
	cw->font = font;
	cw->size = size;
	rb_buf_init(&cw->line, 0);
	while (*s) {
		const char *word;
		size_t off, len;
		char *cand;
		bool wide;

		while (*s == ' ')
			s++;
		if (!*s)
			break;
		word = s;
		while (*s && *s != ' ')
			s++;
		off = (size_t)(word - text);
		len = (size_t)(s - word);
		/* (the tolerance absorbs float rounding of column widths) */
		cand = rb_xstrndup(word, len);
		wide = rb_pdf_width(font, size, cand) > w + 0.01f;
		free(cand);
		if (!wide) {
			cell_push(cw, off, len, false);
			continue;
		}
		if (cw->nr)
			cell_push(cw, 0, 0, true);
		for (;;) {
			size_t n = fit_head(font, size, text + off, len, w);

			cell_push(cw, off, n, false);
			if (n == len)
				break;
			cell_push(cw, 0, 0, true);
			off += n;
			len -= n;
		}
	}
}

static void cell_words_release(struct cell_words *cw)
{
	free(cw->items);
	rb_buf_release(&cw->line);
	memset(cw, 0, sizeof(*cw));
}

/* The words [first, end) of a line, one space apart. */
static void cell_line(struct rb_buf *out, const struct cell_words *cw,
		      size_t first, size_t end)
{
	rb_buf_reset(out);
	for (size_t k = first; k < end; k++) {
		if (k > first)
			rb_buf_addch(out, ' ');
		rb_buf_add(out, cw->text + cw->items[k].off, cw->items[k].len);
	}
}

static enum rb_layout_kind cell_kind(void *ctx, size_t i)
{
	const struct cell_words *cw = ctx;

	return cw->items[i].brk ? RB_LAYOUT_BREAK : RB_LAYOUT_WORD;
}

/* A line is measured whole: the font's widths, not a sum of rounded parts. */
static double cell_width(void *ctx, double line, size_t first, size_t i)
{
	struct cell_words *cw = ctx;

	(void)line;
	cell_line(&cw->line, cw, first, i + 1);
	return rb_pdf_width(cw->font, cw->size, cw->line.ptr);
}

/* Lines of `text` wrapped at `w` points; none for an empty cell. */
static size_t cell_lines(const char *text, HPDF_Font font, float size, float w,
			 char ***out)
{
	struct cell_words cw;
	struct rb_layout_measure m = { cell_kind, cell_width, &cw };
	struct rb_layout_lines lines = { NULL, 0, 0 };
	size_t nr;
	char **res;

	cell_split(&cw, text, font, size, w);
	rb_layout_break(&lines, cw.nr, &m, w, w);
	nr = lines.nr;
	res = rb_xcalloc(nr + 1, sizeof(*res));
	for (size_t k = 0; k < nr; k++) {
		cell_line(&cw.line, &cw, lines.items[k].first, lines.items[k].end);
		res[k] = rb_buf_detach(&cw.line, NULL);
	}
	*out = res;
	rb_layout_lines_release(&lines);
	cell_words_release(&cw);
	return nr;
}

static void free_lines(char **lines, size_t nr)
{
	for (size_t k = 0; k < nr; k++)
		free(lines[k]);
	free(lines);
}

/* The widest word of `text`, which its column cannot be narrower than. */
static float widest_word(const char *text, HPDF_Font font, float size)
{
	struct cell_words cw;
	struct rb_layout_measure m = { cell_kind, cell_width, &cw };
	float best;

	cell_split(&cw, text, font, size, INFINITY);
	best = (float)rb_layout_widest_word(cw.nr, &m);
	cell_words_release(&cw);
	return best;
}
/*
 * A table is laid out in three steps: measure (every cell's text and the
 * natural and least width of every column), fit (the widths shared out
 * by the layout core, then the type made smaller or words cut when even
 * that is too wide for the page), draw (row by row, the header repeated
 * at the top of a new page).
 */
struct pdf_table {
	size_t cols, rows;
	char **text;            /* rows * cols cells */
	bool *header;           /* per row */
	size_t header_row;      /* the first header row, or SIZE_MAX */
	float *w;               /* column widths with padding; natural at first */
	float *minw;            /* the widest word of a column, with padding */
	float size, leading, pad;
	float sum;              /* the table's width */
};

static HPDF_Font row_font(struct rb_pdf *p, const struct pdf_table *t, size_t r)
{
	return t->header[r] ? rb_pdf_font(p, RB_FONT_BOLD) : rb_pdf_font(p, RB_FONT_REGULAR);
}

static void table_measure(struct rb_pdf *p, struct pdf_table *t, cmark_node *node)
{
	size_t r = 0;

	for (cmark_node *row = cmark_node_first_child(node); row; row = cmark_node_next(row))
		t->rows++;
	t->text = rb_xcalloc(t->rows * t->cols, sizeof(*t->text));
	t->header = rb_xcalloc(t->rows, sizeof(*t->header));
	t->w = rb_xcalloc(t->cols, sizeof(*t->w));
	t->minw = rb_xcalloc(t->cols, sizeof(*t->minw));
	t->header_row = SIZE_MAX;
	for (cmark_node *row = cmark_node_first_child(node); row; row = cmark_node_next(row), r++) {
		size_t cols = t->cols, j = 0;

		t->header[r] = cmark_gfm_extensions_get_table_row_is_header(row);
		if (t->header[r] && t->header_row == SIZE_MAX)
			t->header_row = r;
		for (cmark_node *c = cmark_node_first_child(row); c && j < cols; c = cmark_node_next(c), j++)
			t->text[r * cols + j] = cell_text(c);
		for (; j < cols; j++)
			t->text[r * cols + j] = rb_xstrdup("");
		for (j = 0; j < cols; j++) {
			HPDF_Font f = row_font(p, t, r);
			float nat = rb_pdf_width(f, t->size, t->text[r * cols + j]) + 2 * t->pad;
			float mw = widest_word(t->text[r * cols + j], f, t->size) + 2 * t->pad;

			if (nat > t->w[j])
				t->w[j] = nat;
			if (mw > t->minw[j])
				t->minw[j] = mw;
		}
	}
}

/*
 * The longest words alone are wider than the page: set the table smaller,
 * down to 70% of its size, before cutting words.
 */
static void table_shrink(struct pdf_table *t, float avail)
{
	float pad = t->pad;
	float text_sum = t->sum - 2 * pad * (float)t->cols;
	float room = avail - 2 * pad * (float)t->cols;
	float f = text_sum > 0 && room > 0 ? room / text_sum * 0.999f : 0;

	if (f <= 0)
		return;
	if (f < 0.7f)
		f = 0.7f;
	t->size *= f;
	t->leading *= f;
	t->sum = 0;
	for (size_t j = 0; j < t->cols; j++) {
		t->w[j] = (t->w[j] - 2 * pad) * f + 2 * pad;
		t->sum += t->w[j];
	}
}

/*
 * Still wider than the page at the smallest size: shrink every column
 * alike and cut words, down to three letters a column; only a table with
 * more columns than that allows runs off.
 */
static void table_squeeze(struct rb_pdf *p, struct pdf_table *t, float avail)
{
	float least = rb_pdf_width(rb_pdf_font(p, RB_FONT_REGULAR), t->size, "MMM") + 2 * t->pad;

	/* columns held at the floor leave the rest less room: repeat */
	for (int it = 0; it < 8 && t->sum > avail + 0.01f; it++) {
		float floored = 0, other = 0;

		for (size_t j = 0; j < t->cols; j++) {
			if (t->w[j] <= least)
				floored += t->w[j];
			else
				other += t->w[j];
		}
		if (other <= 0 || avail - floored <= 0)
			break;
		t->sum = 0;
		for (size_t j = 0; j < t->cols; j++) {
			if (t->w[j] > least) {
				t->w[j] *= (avail - floored) / other;
				if (t->w[j] < least)
					t->w[j] = least;
			}
			t->sum += t->w[j];
		}
	}
}

static void table_fit(struct rb_pdf *p, struct pdf_table *t)
{
	float avail = p->right - p->left - p->indent;
	double *natural = rb_xcalloc(t->cols, sizeof(*natural));
	double *least = rb_xcalloc(t->cols, sizeof(*least));
	double *fit = rb_xcalloc(t->cols, sizeof(*fit));

	for (size_t j = 0; j < t->cols; j++) {
		natural[j] = t->w[j];
		least[j] = t->minw[j];
	}
	rb_layout_fit_columns(fit, natural, least, t->cols, avail, RB_LAYOUT_POINTS);
	t->sum = 0;
	for (size_t j = 0; j < t->cols; j++) {
		t->w[j] = (float)fit[j];
		/* a column never overflows the page: cut words if it must */
		if (t->w[j] > avail)
			t->w[j] = avail;
		t->sum += t->w[j];
	}
	if (t->sum > avail)
		table_shrink(t, avail);
	if (t->sum > avail)
		table_squeeze(p, t, avail);
	free(natural);
	free(least);
	free(fit);
}

/* The header row again at the top of a page, its cells on one line. */
static void table_header_again(struct rb_pdf *p, const struct pdf_table *t)
{
	float hx = p->left + p->indent;
	float hh = t->leading + 2 * t->pad;
	HPDF_Font bold = rb_pdf_font(p, RB_FONT_BOLD);

	HPDF_Page_SetGrayFill(p->page, p->style.table_header);
	HPDF_Page_Rectangle(p->page, hx, p->y - hh, t->sum, hh);
	HPDF_Page_Fill(p->page);
	HPDF_Page_SetGrayFill(p->page, 0);
	for (size_t j = 0; j < t->cols; j++) {
		char **hl;
		size_t hn = cell_lines(t->text[t->header_row * t->cols + j], bold, t->size,
				       t->w[j] - 2 * t->pad, &hl);

		if (hn)
			rb_pdf_text_at(p, p->page, bold, t->size, hx + t->pad,
				       p->y - t->pad - t->leading * 0.8f, hl[0]);
		free_lines(hl, hn);
		hx += t->w[j];
	}
	p->y -= hh;
}

static void table_row(struct rb_pdf *p, const struct pdf_table *t, size_t r)
{
	size_t cols = t->cols, height = 1;
	char ***lines = rb_xcalloc(cols, sizeof(*lines));
	size_t *counts = rb_xcalloc(cols, sizeof(*counts));
	HPDF_Font f = row_font(p, t, r);
	float pad = t->pad, leading = t->leading, row_h, x;

	for (size_t j = 0; j < cols; j++) {
		counts[j] = cell_lines(t->text[r * cols + j], f, t->size, t->w[j] - 2 * pad, &lines[j]);
		if (counts[j] > height)
			height = counts[j];
	}
	row_h = (float)height * leading + 2 * pad;
	if (!p->page || p->y - row_h < p->bottom) {
		rb_pdf_new_page(p);
		if (t->header_row != SIZE_MAX && !t->header[r])
			table_header_again(p, t);
	}
	x = p->left + p->indent;
	if (t->header[r]) {
		HPDF_Page_SetGrayFill(p->page, p->style.table_header);
		HPDF_Page_Rectangle(p->page, x, p->y - row_h, t->sum, row_h);
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0);
	}
	HPDF_Page_SetLineWidth(p->page, 0.5f);
	HPDF_Page_SetGrayStroke(p->page, 0.55f);
	HPDF_Page_Rectangle(p->page, x, p->y - row_h, t->sum, row_h);
	HPDF_Page_Stroke(p->page);
	/* text first: libharu allows no text inside a path */
	for (size_t j = 0; j < cols; j++) {
		for (size_t k = 0; k < counts[j]; k++)
			rb_pdf_text_at(p, p->page, f, t->size, x + pad,
				       p->y - pad - leading * 0.8f - (float)k * leading,
				       lines[j][k]);
		x += t->w[j];
		free_lines(lines[j], counts[j]);
	}
	x = p->left + p->indent;
	for (size_t j = 0; j + 1 < cols; j++) {
		x += t->w[j];
		HPDF_Page_MoveTo(p->page, x, p->y);
		HPDF_Page_LineTo(p->page, x, p->y - row_h);
	}
	/* a one-column table has no inner line, and no path to stroke */
	if (cols > 1)
		HPDF_Page_Stroke(p->page);
	HPDF_Page_SetGrayStroke(p->page, 0);
	p->y -= row_h;
	free(lines);
	free(counts);
}

static void table_release(struct pdf_table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		free(t->text[i]);
	free(t->text);
	free(t->header);
	free(t->w);
	free(t->minw);
	memset(t, 0, sizeof(*t));
}

static void table(struct rb_pdf *p, cmark_node *node)
{
	struct pdf_table t;

	memset(&t, 0, sizeof(t));
	t.cols = cmark_gfm_extensions_get_table_columns(node);
	if (!t.cols)
		return;
	t.size = p->style.table;
	t.leading = p->style.table * 1.3f;
	t.pad = 4;
	table_measure(p, &t, node);
	table_fit(p, &t);
	/* a header is never left alone at the foot of a page: a row comes with it */
	if (t.rows > 1)
		rb_pdf_need(p, 2 * (t.leading + 2 * t.pad) + 3);
	p->y -= 3;
	for (size_t r = 0; r < t.rows; r++)
		table_row(p, &t, r);
	p->y -= 6;
	table_release(&t);
}

/*
 * A block quote: a thin grey bar beside it. A callout (callout.h): a
 * thick dark one, its label in bold above the body.
 */
static void quote(struct rb_pdf *p, cmark_node *n)
{
	bool callout = cmark_node_get_type(n) == CMARK_NODE_CUSTOM_BLOCK;
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
		HPDF_Page_SetGrayFill(p->page, callout ? 0.15f : 0.45f);
		HPDF_Page_Rectangle(p->page, p->left + save + 2, p->y,
				    callout ? 5 : 2.5f, top - p->y);
		HPDF_Page_Fill(p->page);
		HPDF_Page_SetGrayFill(p->page, 0);
	}
	/* one callout after another: two boxes, not one */
	if (callout)
		p->y -= 6;
}

/*
 * A raw HTML block (made safe, html_safe.h) read as Markdown: a table is
 * laid out as one, other elements give their text.
 */
static void html_block(struct rb_pdf *p, const char *lit, bool tight)
{
	struct rb_buf md = RB_BUF_INIT;
	cmark_node *doc;

	if (!lit)
		return;
	rb_html_markdown(&md, lit, strlen(lit));
	doc = rb_markdown_parse(md.ptr, md.len);
	blocks(p, doc, tight);
	cmark_node_free(doc);
	rb_buf_release(&md);
}

static void blocks(struct rb_pdf *p, cmark_node *parent, bool tight)
{
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		struct style body = { false, false, BODY_SIZE };

		if (p->failed)
			return;
		switch (cmark_node_get_type(n)) {
		case CMARK_NODE_PARAGRAPH:
			if (!images(p, n))
				paragraph_node(p, n, body, BODY_LEADING);
			if (!tight)
				p->y -= 5;
			break;
		case CMARK_NODE_HEADING:
			heading(p, n);
			break;
		case CMARK_NODE_CODE_BLOCK:
			if (p->on_fence &&
			    p->on_fence(p, cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "",
					cmark_node_get_literal(n) ? cmark_node_get_literal(n) : ""))
				break;
			code_block(p, n);
			break;
		case CMARK_NODE_LIST:
			list(p, n);
			p->y -= 3;
			break;
		case CMARK_NODE_BLOCK_QUOTE:
		case CMARK_NODE_CUSTOM_BLOCK:
			quote(p, n);
			break;
		case CMARK_NODE_THEMATIC_BREAK:
			rb_pdf_rule(p);
			break;
		case CMARK_NODE_HTML_BLOCK:
			html_block(p, cmark_node_get_literal(n), tight);
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

void rb_pdf_keywords(struct rb_pdf *p, const char *keywords)
{
	HPDF_SetInfoAttr(p->doc, HPDF_INFO_KEYWORDS, keywords);
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
