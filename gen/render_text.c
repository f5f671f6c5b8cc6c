/*
 * render_text.c - a cmark-gfm tree as plain text.
 *
 * Three layers, each usable without the one above it:
 *
 *   inline pieces  the inline content of one paragraph, heading or table
 *                  cell flattened into words, breakable blanks and forced
 *                  breaks. A code span or a link target is appended to a
 *                  word whole, so it is never broken inside.
 *   wrapping       the layout core (layout.h) decides where the lines of
 *                  a piece list end and how wide table columns are; this
 *                  file measures for it in display columns (a CJK
 *                  character takes two) and lets CJK text, which has no
 *                  spaces, wrap between its characters.
 *   line builder   struct layout writes lines: each starts with the prefix
 *                  of the containers it is in (block quotes, list items),
 *                  a container's marker is written once on its first line,
 *                  and blocks are separated by one blank line unless they
 *                  are in a tight list.
 *
 * The tree is walked with cmark's iterator rather than by recursion, like
 * cmark's own renderers, so nesting depth costs no stack.
 */
#include <cmark-gfm-core-extensions.h>
#include <math.h>

#include "binder.h"
#include "display_width.h"
#include "figure.h"
#include "html_safe.h"
#include "layout.h"
#include "link_target.h"
#include "render_text.h"

/*
 * Below this many columns of room, nested text is laid out at this width
 * and overflows: a word per line is less readable than a long line.
 */
#define MIN_ROOM 10

/* "[image: " opens an image's alt text */
#define IMAGE_OPEN "[image: "

static bool is_type(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);

	return t && !strcmp(t, name);
}

/* Room left on a line of `width` after `used` columns, never too little. */
static size_t room_after(size_t width, size_t used)
{
	size_t room = width > used ? width - used : 0;
	size_t least = width < MIN_ROOM ? width : MIN_ROOM;

	if (room < least)
		room = least;
	return room ? room : 1;
}

/* --- inline pieces -------------------------------------------------------- */

struct piece {
	enum rb_layout_kind kind;
	size_t off, len;	/* bytes in the owner's text */
	size_t width;		/* display columns */
};

/*
 * The pieces' bytes follow each other in `text` in order (a break has
 * none), so the words and blanks of one line are one range of `text`.
 */
struct inl {
	struct rb_buf text;
	struct piece *pieces;
	size_t nr, alloc;
};

static void inl_reset(struct inl *in)
{
	rb_buf_reset(&in->text);
	in->nr = 0;
}

static void inl_release(struct inl *in)
{
	rb_buf_release(&in->text);
	free(in->pieces);
	in->pieces = NULL;
	in->nr = in->alloc = 0;
}

static struct piece *inl_last(struct inl *in)
{
	return in->nr ? &in->pieces[in->nr - 1] : NULL;
}

/*
 * The piece to extend: the last one if of the same kind (breaks never),
 * unless `apart` asks for a new one.
 */
static struct piece *inl_piece(struct inl *in, enum rb_layout_kind kind, bool apart)
{
	struct piece *p = inl_last(in);

	if (p && p->kind == kind && kind != RB_LAYOUT_BREAK && !apart)
		return p;
	RB_GROW(in->pieces, in->nr + 1, in->alloc);
	p = &in->pieces[in->nr++];
	p->kind = kind;
	p->off = in->text.len;
	p->len = 0;
	p->width = 0;
	return p;
}

/*
 * Appends bytes to the current word, or starts a word `apart` from it
 * (a line may end between them): nothing in them is a break.
 */
static void inl_word_part(struct inl *in, const char *s, size_t len, bool apart)
{
	struct piece *p;

	if (!len)
		return;
	p = inl_piece(in, RB_LAYOUT_WORD, apart);
	rb_buf_add(&in->text, s, len);
	p->len += len;
	p->width += rb_display_width(s, len);
}

static void inl_word(struct inl *in, const char *s, size_t len)
{
	inl_word_part(in, s, len, false);
}

static void inl_words(struct inl *in, const char *s)
{
	inl_word(in, s, strlen(s));
}

/*
 * Appends a breakable space. Runs of blanks are one space, as a browser
 * shows them: the double spaces of sloppy prose, or those left around
 * dropped HTML, are not worth a column; none starts a line.
 */
static void inl_space(struct inl *in)
{
	struct piece *p = inl_last(in);

	if (!p || p->kind != RB_LAYOUT_WORD)
		return;
	p = inl_piece(in, RB_LAYOUT_SPACE, false);
	rb_buf_addch(&in->text, ' ');
	p->len = p->width = 1;
}

static void inl_drop_space(struct inl *in)
{
	struct piece *p = inl_last(in);

	if (p && p->kind == RB_LAYOUT_SPACE) {
		rb_buf_truncate(&in->text, p->off);
		in->nr--;
	}
}

static void inl_break(struct inl *in)
{
	/* blanks before a forced break would trail on their line */
	inl_drop_space(in);
	inl_piece(in, RB_LAYOUT_BREAK, false);
}

static bool is_blank(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r';
}

/*
 * Appends a run of text without blanks: one word, or for CJK one word per
 * stretch between the places a line may end.
 */
static void inl_unspaced(struct inl *in, const char *s, size_t len)
{
	bool apart = false;

	while (len) {
		size_t n = rb_unbroken_head(s, len);

		inl_word_part(in, s, n, apart);
		apart = true;
		s += n;
		len -= n;
	}
}

/* Appends prose: every run of blanks is a place to break. */
static void inl_text(struct inl *in, const char *s, size_t len)
{
	size_t i = 0;

	while (i < len) {
		size_t j = i;

		if (is_blank(s[i])) {
			while (j < len && is_blank(s[j]))
				j++;
			inl_space(in);
		} else {
			while (j < len && !is_blank(s[j]))
				j++;
			inl_unspaced(in, s + i, j - i);
		}
		i = j;
	}
}

/* Appends code: one word, with line ends as spaces so lines stay lines. */
static void inl_code(struct inl *in, const char *s)
{
	while (s && *s) {
		size_t n = strcspn(s, "\r\n");

		inl_word(in, s, n);
		s += n;
		if (*s) {
			inl_word(in, " ", 1);
			s++;
		}
	}
}

/* --- wrapping ------------------------------------------------------------- */

static enum rb_layout_kind inl_kind(void *ctx, size_t i)
{
	const struct inl *in = ctx;

	return in->pieces[i].kind;
}

/* Widths are display columns; a blank before a word counts when on its line. */
static double inl_width(void *ctx, double line, size_t first, size_t i)
{
	const struct inl *in = ctx;
	const struct piece *p = &in->pieces[i];
	size_t space = i > first && p[-1].kind == RB_LAYOUT_SPACE ? p[-1].width : 0;

	return line + (double)(space + p->width);
}

/*
 * Breaks pieces into lines of at most `first_room` columns for the first
 * line and `room` for the others. A word wider than the room overflows its
 * line rather than being cut (it may be a command).
 */
static void wrap_pieces(struct rb_layout_lines *out, const struct inl *in,
			double first_room, double room)
{
	struct rb_layout_measure m = { inl_kind, inl_width, (void *)in };

	rb_layout_break(out, in->nr, &m, first_room, room);
}

/* The bytes of a wrapped line. */
static struct rb_slice wrap_line_text(const struct inl *in, const struct rb_layout_line *l)
{
	struct rb_slice s = { "", 0 };

	if (l->first < l->end) {
		const struct piece *a = &in->pieces[l->first];
		const struct piece *z = &in->pieces[l->end - 1];

		s.ptr = in->text.ptr + a->off;
		s.len = z->off + z->len - a->off;
	}
	return s;
}

/* --- line builder --------------------------------------------------------- */

/* A container being rendered: what to restore when it ends. */
struct frame {
	size_t prefix_len;
	bool tight;
	/* for a list */
	bool ordered;
	long long number;	/* of the next item */
	int number_width;	/* digits of the widest number */
};

struct table {
	size_t cols, rows;
	const uint8_t *align;	/* 'l', 'c', 'r' or 0, one per column */
	struct inl *cells;	/* rows * cols */
	size_t cells_alloc;
	bool *header;
	size_t header_alloc;
	size_t col;		/* of the next cell in the current row */
};

struct layout {
	struct rb_buf *out;
	size_t width;

	/* the line being written, its prefix included */
	struct rb_buf line;
	size_t line_width;
	bool line_open;

	/* what every new line starts with: "> " and spaces under markers */
	struct rb_buf prefix;

	/* a block ended: the next one starts after a blank line */
	bool need_blank;
	/* in a tight list: its blocks are not separated */
	bool tight;
	bool wrote;

	struct frame *frames;
	size_t frames_nr, frames_alloc;

	/* inline content being collected (paragraph, heading, cell) or NULL */
	struct inl *inl;
	struct inl para;
	/* text offsets where the open links and images start */
	size_t *spans;
	size_t spans_nr, spans_alloc;

	struct table table;
	struct rb_layout_lines wrap;
};

/* Writes a finished line, without its trailing blanks. */
static void lo_put(struct layout *lo, const char *s, size_t len)
{
	while (len && (s[len - 1] == ' ' || s[len - 1] == '\t'))
		len--;
	rb_buf_add(lo->out, s, len);
	rb_buf_addch(lo->out, '\n');
	lo->wrote = true;
}

/* Writes a blank line if a block ended before, as the context wants. */
static void lo_separate(struct layout *lo)
{
	if (lo->need_blank && !lo->tight && lo->wrote && !lo->line_open)
		lo_put(lo, lo->prefix.ptr, lo->prefix.len);
	lo->need_blank = false;
}

/* Makes sure a line is open: a new one starts with the prefix. */
static void lo_start_line(struct layout *lo)
{
	lo_separate(lo);
	if (lo->line_open)
		return;
	rb_buf_reset(&lo->line);
	rb_buf_add(&lo->line, lo->prefix.ptr, lo->prefix.len);
	lo->line_width = rb_display_width(lo->prefix.ptr, lo->prefix.len);
	lo->line_open = true;
}

static void lo_add(struct layout *lo, const char *s, size_t len)
{
	lo_start_line(lo);
	rb_buf_add(&lo->line, s, len);
	lo->line_width += rb_display_width(s, len);
}

static void lo_end_line(struct layout *lo)
{
	lo_start_line(lo);
	lo_put(lo, lo->line.ptr, lo->line.len);
	lo->line_open = false;
}

/* Ends a line holding only markers (an empty list item or quote). */
static void lo_close(struct layout *lo)
{
	if (lo->line_open)
		lo_end_line(lo);
}

/* A whole line of its own. */
static void lo_line(struct layout *lo, const char *s, size_t len)
{
	lo_start_line(lo);
	lo_add(lo, s, len);
	lo_end_line(lo);
}

static void lo_block_end(struct layout *lo)
{
	lo->need_blank = true;
}

/* Columns of text left on the current line and on the lines after it. */
static size_t lo_first_room(const struct layout *lo)
{
	return room_after(lo->width, lo->line_open ? lo->line_width : lo->prefix.len);
}

static size_t lo_room(const struct layout *lo)
{
	return room_after(lo->width, lo->prefix.len);
}

static struct frame *lo_push(struct layout *lo)
{
	struct frame *f;

	RB_GROW(lo->frames, lo->frames_nr + 1, lo->frames_alloc);
	f = &lo->frames[lo->frames_nr++];
	memset(f, 0, sizeof(*f));
	f->prefix_len = lo->prefix.len;
	f->tight = lo->tight;
	return f;
}

static void lo_pop(struct layout *lo)
{
	struct frame *f;

	if (!lo->frames_nr)
		return;
	f = &lo->frames[--lo->frames_nr];
	rb_buf_truncate(&lo->prefix, f->prefix_len);
	lo->tight = f->tight;
}

/* Wraps collected inline content onto lines; returns the line count. */
static size_t lo_wrap(struct layout *lo, const struct inl *in)
{
	wrap_pieces(&lo->wrap, in, (double)lo_first_room(lo), (double)lo_room(lo));
	return lo->wrap.nr;
}

/* Writes the lines lo_wrap() made. */
static void lo_write_wrapped(struct layout *lo, const struct inl *in)
{
	for (size_t i = 0; i < lo->wrap.nr; i++) {
		struct rb_slice s = wrap_line_text(in, &lo->wrap.items[i]);

		lo_line(lo, s.ptr, s.len);
	}
}

/* --- blocks --------------------------------------------------------------- */

static void render_paragraph(struct layout *lo)
{
	if (lo_wrap(lo, &lo->para))
		lo_write_wrapped(lo, &lo->para);
	lo_block_end(lo);
}

static void render_heading(struct layout *lo, cmark_node *n)
{
	size_t rule = 0;
	char *line;

	if (!lo_wrap(lo, &lo->para))
		return;
	lo_write_wrapped(lo, &lo->para);
	if (cmark_node_get_heading_level(n) <= 2) {
		for (size_t i = 0; i < lo->wrap.nr; i++)
			if ((size_t)lo->wrap.items[i].width > rule)
				rule = (size_t)lo->wrap.items[i].width;
		line = rb_xmalloc(rule + 1);
		memset(line, cmark_node_get_heading_level(n) == 1 ? '=' : '-', rule);
		lo_line(lo, line, rule);
		free(line);
	}
	lo_block_end(lo);
}

/*
 * A ```runbinder-figure block (figure.h) is a drawing for the PDF; in text
 * it is its `label`, the words of the picture, as a paragraph (the tables
 * around it hold the rest). A block without a label gives nothing.
 */
static void start_inlines(struct layout *lo);

static void render_figure(struct layout *lo, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n), *p = s ? s : "";

	while (*p) {
		size_t l = strcspn(p, "\n");

		if (l > 6 && !memcmp(p, "label ", 6)) {
			start_inlines(lo);
			inl_text(&lo->para, p + 6, l - 6);
			render_paragraph(lo);
			lo->inl = NULL;
			return;
		}
		p += l + (p[l] == '\n');
	}
}

/*
 * Every line indented by 4, never wrapped. Trailing blanks and blank lines
 * are dropped: invisible, and they would double the blank line after.
 */
static void render_code_block(struct layout *lo, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);
	size_t len = s ? strlen(s) : 0;

	while (len && is_blank(s[len - 1]))
		len--;
	while (len) {
		const char *nl = memchr(s, '\n', len);
		size_t l = nl ? (size_t)(nl - s) : len;
		size_t t = l;

		while (t && (s[t - 1] == ' ' || s[t - 1] == '\t' || s[t - 1] == '\r'))
			t--;
		lo_start_line(lo);
		if (t) {
			lo_add(lo, "    ", 4);
			lo_add(lo, s, t);
		}
		lo_end_line(lo);
		if (!nl)
			break;
		len -= l + 1;
		s = nl + 1;
	}
	lo_block_end(lo);
}

static void render_rule(struct layout *lo)
{
	size_t w = lo_first_room(lo);
	char *line = rb_xmalloc(w + 1);

	memset(line, '-', w);
	lo_line(lo, line, w);
	free(line);
	lo_block_end(lo);
}

static void enter_list(struct layout *lo, cmark_node *n)
{
	struct frame *f;
	long long last;
	size_t items = 0;
	char digits[32];

	for (cmark_node *c = cmark_node_first_child(n); c; c = cmark_node_next(c))
		items++;
	/* the blank before the list belongs to the list's container */
	lo_separate(lo);
	f = lo_push(lo);
	f->ordered = cmark_node_get_list_type(n) == CMARK_ORDERED_LIST;
	f->number = cmark_node_get_list_start(n);
	last = f->number + (long long)(items ? items - 1 : 0);
	f->number_width = snprintf(digits, sizeof(digits), "%lld", last);
	lo->tight = cmark_node_get_list_tight(n);
}

/* Writes the item's marker and indents what follows under its text. */
static void enter_item(struct layout *lo, cmark_node *n)
{
	struct frame *list = lo->frames_nr ? &lo->frames[lo->frames_nr - 1] : NULL;
	struct rb_buf marker = RB_BUF_INIT;

	if (list && list->ordered)
		rb_buf_addf(&marker, "%*lld. ", list->number_width, list->number++);
	else
		rb_buf_adds(&marker, "- ");
	if (is_type(n, "tasklist"))
		rb_buf_adds(&marker, cmark_gfm_extensions_get_tasklist_item_checked(n)
				     ? "[x] " : "[ ] ");
	lo_add(lo, marker.ptr, marker.len);
	lo_push(lo);
	rb_buf_addchars(&lo->prefix, ' ', rb_display_width(marker.ptr, marker.len));
	rb_buf_release(&marker);
}

/* A block quote (`> `) or a callout (`| `, callout.h): every line marked. */
static void enter_quote(struct layout *lo, const char *mark)
{
	lo_add(lo, mark, 2);
	lo_push(lo);
	rb_buf_adds(&lo->prefix, mark);
	/* a quote inside a tight list item still separates its own blocks */
	lo->tight = false;
}

static void leave_container(struct layout *lo)
{
	lo_close(lo);
	lo_pop(lo);
	lo_block_end(lo);
}

/* --- tables --------------------------------------------------------------- */

static void table_release(struct table *t)
{
	for (size_t i = 0; i < t->rows * t->cols; i++)
		inl_release(&t->cells[i]);
	free(t->cells);
	free(t->header);
	memset(t, 0, sizeof(*t));
}

static void enter_table(struct layout *lo, cmark_node *n)
{
	table_release(&lo->table);
	lo->table.cols = cmark_gfm_extensions_get_table_columns(n);
	lo->table.align = cmark_gfm_extensions_get_table_alignments(n);
}

static void enter_row(struct layout *lo, cmark_node *n)
{
	struct table *t = &lo->table;

	if (!t->cols)
		return;
	RB_GROW(t->cells, (t->rows + 1) * t->cols, t->cells_alloc);
	RB_GROW(t->header, t->rows + 1, t->header_alloc);
	memset(&t->cells[t->rows * t->cols], 0, t->cols * sizeof(*t->cells));
	for (size_t j = 0; j < t->cols; j++)
		rb_buf_init(&t->cells[t->rows * t->cols + j].text, 0);
	t->header[t->rows] = cmark_gfm_extensions_get_table_row_is_header(n);
	t->rows++;
	t->col = 0;
}

static void enter_cell(struct layout *lo)
{
	struct table *t = &lo->table;

	/* cmark-gfm evens rows out; a surplus cell would be dropped anyway */
	lo->inl = NULL;
	if (t->rows && t->col < t->cols)
		lo->inl = &t->cells[(t->rows - 1) * t->cols + t->col];
}

static void leave_cell(struct layout *lo)
{
	lo->table.col++;
	lo->inl = NULL;
	lo->spans_nr = 0;
}

static void table_rule(struct layout *lo, const size_t *w, size_t cols, char c)
{
	struct rb_buf b = RB_BUF_INIT;

	rb_buf_addch(&b, '+');
	for (size_t j = 0; j < cols; j++) {
		rb_buf_addchars(&b, c, w[j] + 2);
		rb_buf_addch(&b, '+');
	}
	lo_line(lo, b.ptr, b.len);
	rb_buf_release(&b);
}

/* Writes one table row, its cells wrapped in their columns. */
static void table_row(struct layout *lo, size_t r, const size_t *w,
		      struct rb_layout_lines *cl)
{
	struct table *t = &lo->table;
	struct rb_buf b = RB_BUF_INIT;
	size_t height = 1;

	for (size_t j = 0; j < t->cols; j++) {
		struct inl *c = &t->cells[r * t->cols + j];

		wrap_pieces(&cl[j], c, (double)w[j], (double)w[j]);
		if (cl[j].nr > height)
			height = cl[j].nr;
	}
	for (size_t k = 0; k < height; k++) {
		rb_buf_reset(&b);
		rb_buf_addch(&b, '|');
		for (size_t j = 0; j < t->cols; j++) {
			struct inl *c = &t->cells[r * t->cols + j];
			struct rb_slice s = { "", 0 };
			size_t tw = 0, pad, left = 0;

			if (k < cl[j].nr) {
				s = wrap_line_text(c, &cl[j].items[k]);
				tw = (size_t)cl[j].items[k].width;
			}
			pad = w[j] > tw ? w[j] - tw : 0;
			if (t->align && t->align[j] == 'r')
				left = pad;
			else if (t->align && t->align[j] == 'c')
				left = pad / 2;
			rb_buf_addchars(&b, ' ', left + 1);
			rb_buf_add(&b, s.ptr, s.len);
			rb_buf_addchars(&b, ' ', pad - left + 1);
			rb_buf_addch(&b, '|');
		}
		lo_line(lo, b.ptr, b.len);
	}
	rb_buf_release(&b);
}

/*
 * Draws the table collected from its cells. Rows are separated by a rule
 * only when a cell had to be wrapped: then a row is more than one line
 * and the rule shows where the next begins.
 */
static void leave_table(struct layout *lo)
{
	struct table *t = &lo->table;
	/* "| " before each cell, " " after it, "|" at the end */
	size_t cols = t->cols, used = lo->prefix.len + 3 * cols + 1;
	double *natural, *least, *fit;
	size_t *w;
	struct rb_layout_lines *cl;
	bool wrapped = false;

	if (!cols || !t->rows) {
		table_release(t);
		return;
	}
	natural = rb_xcalloc(cols, sizeof(*natural));
	least = rb_xcalloc(cols, sizeof(*least));
	fit = rb_xcalloc(cols, sizeof(*fit));
	w = rb_xcalloc(cols, sizeof(*w));
	cl = rb_xcalloc(cols, sizeof(*cl));
	for (size_t r = 0; r < t->rows; r++)
		for (size_t j = 0; j < cols; j++) {
			struct inl *c = &t->cells[r * cols + j];
			struct rb_layout_measure m = { inl_kind, inl_width, c };
			double word = rb_layout_widest_word(c->nr, &m);

			wrap_pieces(&cl[0], c, HUGE_VAL, HUGE_VAL);
			for (size_t k = 0; k < cl[0].nr; k++)
				if (cl[0].items[k].width > natural[j])
					natural[j] = cl[0].items[k].width;
			if (word > least[j])
				least[j] = word;
		}
	for (size_t j = 0; j < cols; j++) {
		/* an empty column is still drawn as one */
		if (!natural[j])
			natural[j] = least[j] = 1;
	}
	rb_layout_fit_columns(fit, natural, least, cols,
			      (double)(lo->width > used ? lo->width - used : 0),
			      RB_LAYOUT_COLUMNS);
	for (size_t j = 0; j < cols; j++)
		w[j] = (size_t)fit[j];
	for (size_t j = 0; j < cols; j++)
		if ((double)w[j] < natural[j])
			wrapped = true;
	table_rule(lo, w, cols, '-');
	for (size_t r = 0; r < t->rows; r++) {
		table_row(lo, r, w, cl);
		/* under a header "=", even with no row after it */
		if (t->header[r])
			table_rule(lo, w, cols, '=');
		else if (wrapped || r + 1 == t->rows)
			table_rule(lo, w, cols, '-');
	}
	for (size_t j = 0; j < cols; j++)
		rb_layout_lines_release(&cl[j]);
	free(cl);
	free(natural);
	free(least);
	free(fit);
	free(w);
	table_release(t);
	lo_block_end(lo);
}

/* --- inlines -------------------------------------------------------------- */

/* The link text says the url already (autolinks, `<https://...>`). */
static bool text_is_url(const char *text, size_t len, const char *url)
{
	static const char *const schemes[] = { "", "mailto:", "http://", "https://" };

	for (size_t i = 0; i < RB_ARRAY_SIZE(schemes); i++) {
		size_t n = strlen(schemes[i]);

		if (!strncmp(url, schemes[i], n) && strlen(url + n) == len &&
		    !memcmp(url + n, text, len))
			return true;
	}
	return false;
}

static void push_span(struct layout *lo)
{
	RB_GROW(lo->spans, lo->spans_nr + 1, lo->spans_alloc);
	lo->spans[lo->spans_nr++] = lo->inl->text.len;
}

static size_t pop_span(struct layout *lo)
{
	return lo->spans_nr ? lo->spans[--lo->spans_nr] : lo->inl->text.len;
}

/*
 * `text <url>`: the url is one word, so a line never breaks inside it;
 * `text (see ID)` for another runbook of the binder.
 */
static void leave_link(struct layout *lo, cmark_node *n)
{
	struct inl *in = lo->inl;
	size_t start = pop_span(lo);
	const char *url = cmark_node_get_url(n);
	const char *text = in->text.ptr + start;
	size_t id;

	if (!url || !*url || text_is_url(text, in->text.len - start, url))
		return;
	if (in->text.len > start)
		inl_space(in);
	if ((id = rb_link_runbook_id_len(url))) {
		char *see = rb_xasprintf("(see %.*s)", (int)id, url);

		inl_words(in, see);
		free(see);
		return;
	}
	inl_words(in, "<");
	inl_words(in, url);
	inl_words(in, ">");
}

static void leave_image(struct layout *lo)
{
	struct inl *in = lo->inl;
	size_t start = pop_span(lo);

	if (in->text.len == start + strlen(IMAGE_OPEN)) {
		/* no alt text: "[image]" rather than "[image: ]" */
		struct piece *p;

		inl_drop_space(in);
		p = inl_last(in);
		if (p && p->kind == RB_LAYOUT_WORD && p->len) {
			rb_buf_truncate(&in->text, in->text.len - 1);
			p->len--;
			p->width--;
		}
	}
	inl_words(in, "]");
}

/* Inline raw HTML (made safe, html_safe.h): its text, a break for <br>. */
static void html_inline(struct inl *in, const char *lit)
{
	struct rb_buf text = RB_BUF_INIT;
	const char *s;

	rb_html_text(&text, lit, strlen(lit));
	s = text.ptr;
	while (*s) {
		size_t n = strcspn(s, "\n");

		inl_text(in, s, n);
		s += n;
		if (*s == '\n') {
			inl_break(in);
			s++;
		}
	}
	rb_buf_release(&text);
}

static void on_inline(struct layout *lo, cmark_node *n, bool enter)
{
	struct inl *in = lo->inl;
	const char *lit = cmark_node_get_literal(n);

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		if (lit)
			inl_text(in, lit, strlen(lit));
		break;
	case CMARK_NODE_CODE:
		inl_code(in, lit);
		break;
	case CMARK_NODE_HTML_INLINE:
		if (lit && enter)
			html_inline(in, lit);
		break;
	case CMARK_NODE_SOFTBREAK:
		inl_space(in);
		break;
	case CMARK_NODE_LINEBREAK:
		inl_break(in);
		break;
	case CMARK_NODE_LINK:
		if (enter)
			push_span(lo);
		else
			leave_link(lo, n);
		break;
	case CMARK_NODE_IMAGE:
		if (enter) {
			push_span(lo);
			inl_text(in, IMAGE_OPEN, strlen(IMAGE_OPEN));
		} else {
			leave_image(lo);
		}
		break;
	default:
		/* raw HTML is dropped; emphasis and strong are their text */
		if (is_type(n, "strikethrough"))
			inl_words(in, "~");
	}
}

/* --- the walk ------------------------------------------------------------- */

static void start_inlines(struct layout *lo)
{
	inl_reset(&lo->para);
	lo->inl = &lo->para;
	lo->spans_nr = 0;
}

static void enter_heading(struct layout *lo, cmark_node *n)
{
	int level = cmark_node_get_heading_level(n);

	start_inlines(lo);
	/* levels 1 and 2 are underlined instead; cmark keeps them within 1..6 */
	if (level >= 3) {
		inl_word(&lo->para, "######", (size_t)(level < 6 ? level : 6));
		inl_space(&lo->para);
	}
}

/*
 * Table nodes (types the extension registers at run time, so known by
 * name only) and inlines.
 */
static void on_other(struct layout *lo, cmark_node *n, bool enter)
{
	if (is_type(n, "table")) {
		if (enter)
			enter_table(lo, n);
		else
			leave_table(lo);
	} else if (is_type(n, "table_row") || is_type(n, "table_header")) {
		if (enter)
			enter_row(lo, n);
	} else if (is_type(n, "table_cell")) {
		if (enter)
			enter_cell(lo);
		else
			leave_cell(lo);
	} else if (lo->inl) {
		on_inline(lo, n, enter);
	}
}

static void on_node(struct layout *lo, cmark_node *n, bool enter);

/*
 * A raw HTML block (made safe, html_safe.h) read as Markdown: a table is
 * drawn as one, other elements give their text.
 */
static void html_block(struct layout *lo, const char *lit)
{
	struct rb_buf md = RB_BUF_INIT;
	cmark_node *doc;
	cmark_iter *it;
	cmark_event_type ev;

	if (!lit)
		return;
	rb_html_markdown(&md, lit, strlen(lit));
	doc = rb_markdown_parse(md.ptr, md.len);
	it = cmark_iter_new(doc);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		on_node(lo, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	cmark_node_free(doc);
	rb_buf_release(&md);
}

static void on_node(struct layout *lo, cmark_node *n, bool enter)
{
	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_DOCUMENT:
		break;
	case CMARK_NODE_HTML_BLOCK:
		if (enter)
			html_block(lo, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_PARAGRAPH:
		if (enter) {
			start_inlines(lo);
		} else {
			render_paragraph(lo);
			lo->inl = NULL;
		}
		break;
	case CMARK_NODE_HEADING:
		if (enter) {
			enter_heading(lo, n);
		} else {
			render_heading(lo, n);
			lo->inl = NULL;
		}
		break;
	case CMARK_NODE_CODE_BLOCK:
		if (!strcmp(cmark_node_get_fence_info(n) ? cmark_node_get_fence_info(n) : "",
			    RB_FIGURE_INFO))
			render_figure(lo, n);
		else
			render_code_block(lo, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK:
		render_rule(lo);
		break;
	case CMARK_NODE_BLOCK_QUOTE:
	case CMARK_NODE_CUSTOM_BLOCK:
		if (enter)
			enter_quote(lo, cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE ? "> " : "| ");
		else
			leave_container(lo);
		break;
	case CMARK_NODE_LIST:
		if (enter) {
			enter_list(lo, n);
		} else {
			lo_pop(lo);
			lo_block_end(lo);
		}
		break;
	case CMARK_NODE_ITEM:
		if (enter)
			enter_item(lo, n);
		else
			leave_container(lo);
		break;
	default:
		on_other(lo, n, enter);
	}
}

void rb_render_text(struct rb_buf *out, cmark_node *doc, int width)
{
	struct layout lo;
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	size_t start = out->len;

	memset(&lo, 0, sizeof(lo));
	lo.out = out;
	lo.width = width > 0 ? (size_t)width : 1;
	rb_buf_init(&lo.line, 0);
	rb_buf_init(&lo.prefix, 0);
	rb_buf_init(&lo.para.text, 0);
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
		on_node(&lo, cmark_iter_get_node(it), ev == CMARK_EVENT_ENTER);
	cmark_iter_free(it);
	lo_close(&lo);
	/*
	 * Blank lines are only written before a block, but a line can still
	 * come out blank (a code span of spaces): the text ends with one
	 * newline all the same.
	 */
	while (out->len >= start + 1 && out->ptr[out->len - 1] == '\n' &&
	       (out->len == start + 1 || out->ptr[out->len - 2] == '\n'))
		rb_buf_truncate(out, out->len - 1);
	rb_buf_release(&lo.line);
	rb_buf_release(&lo.prefix);
	inl_release(&lo.para);
	table_release(&lo.table);
	free(lo.frames);
	free(lo.spans);
	rb_layout_lines_release(&lo.wrap);
}

void rb_wrap_text(struct rb_buf *out, const char *text, int width,
		  int first_indent, int indent)
{
	struct inl in = { RB_BUF_INIT, NULL, 0, 0 };
	struct rb_layout_lines lines = { NULL, 0, 0 };
	size_t w = width > 0 ? (size_t)width : 1;
	size_t first = first_indent > 0 ? (size_t)first_indent : 0;
	size_t rest = indent > 0 ? (size_t)indent : 0;

	/* a newline in `text` is a forced break, other blanks are breakable */
	while (text && *text) {
		size_t n = strcspn(text, "\n");

		inl_text(&in, text, n);
		text += n;
		if (*text) {
			inl_break(&in);
			text++;
		}
	}
	wrap_pieces(&lines, &in, (double)room_after(w, first), (double)room_after(w, rest));
	for (size_t i = 0; i < lines.nr; i++) {
		struct rb_slice s = wrap_line_text(&in, &lines.items[i]);

		/* an empty line gets no indent: no line ends in blanks */
		if (s.len)
			rb_buf_addchars(out, ' ', i ? rest : first);
		rb_buf_add(out, s.ptr, s.len);
		rb_buf_addch(out, '\n');
	}
	rb_layout_lines_release(&lines);
	inl_release(&in);
}
