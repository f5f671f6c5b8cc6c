/*
 * render_text.c - a cmark-gfm tree as plain text.
 *
 * The layout core works on lines: every block renders itself into a list
 * of lines no wider than the width it is given (except code, which is
 * never wrapped), and containers (list items, block quotes) prefix the
 * lines of their children. Inline content is first flattened into one
 * string in which a code span's spaces are protected, then wrapped on
 * spaces by counting UTF-8 code points.
 */
#include <cmark-gfm-core-extensions.h>

#include "render_text.h"

/* a space that must not break a line (inside code spans and link targets) */
#define HOLD '\x01'

struct lines {
	char **items;
	size_t nr, alloc;
};

static void lines_add(struct lines *l, char *owned)
{
	RB_GROW(l->items, l->nr + 1, l->alloc);
	l->items[l->nr++] = owned;
}

static void lines_release(struct lines *l)
{
	for (size_t i = 0; i < l->nr; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof(*l));
}

static size_t width_of(const char *s, size_t len)
{
	size_t w = 0;

	for (size_t i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			w++;
	return w;
}

static bool is_type(cmark_node *n, const char *name)
{
	const char *t = cmark_node_get_type_string(n);

	return t && !strcmp(t, name);
}

static void flatten(struct rb_buf *out, cmark_node *parent);

static void add_held(struct rb_buf *out, const char *s)
{
	for (; *s; s++)
		rb_buf_addch(out, *s == ' ' || *s == '\n' ? HOLD : *s);
}

static void flatten_node(struct rb_buf *out, cmark_node *n)
{
	const char *lit;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_TEXT:
		lit = cmark_node_get_literal(n);
		for (; lit && *lit; lit++)
			rb_buf_addch(out, *lit == '\n' ? ' ' : *lit);
		break;
	case CMARK_NODE_CODE:
		add_held(out, cmark_node_get_literal(n));
		break;
	case CMARK_NODE_SOFTBREAK:
		rb_buf_addch(out, ' ');
		break;
	case CMARK_NODE_LINEBREAK:
		rb_buf_addch(out, '\n');
		break;
	case CMARK_NODE_HTML_INLINE:
		break;
	case CMARK_NODE_LINK: {
		struct rb_buf text = RB_BUF_INIT;
		const char *url = cmark_node_get_url(n);

		flatten(&text, n);
		rb_buf_add(out, text.ptr, text.len);
		if (url && *url && strcmp(url, text.ptr) &&
		    !(rb_starts_with(url, "mailto:") && !strcmp(url + 7, text.ptr))) {
			rb_buf_adds(out, " <");
			add_held(out, url);
			rb_buf_addch(out, '>');
		}
		rb_buf_release(&text);
		break;
	}
	case CMARK_NODE_IMAGE:
		rb_buf_adds(out, "[image: ");
		flatten(out, n);
		rb_buf_addch(out, ']');
		break;
	default:
		if (is_type(n, "strikethrough")) {
			rb_buf_addch(out, '~');
			flatten(out, n);
			rb_buf_addch(out, '~');
		} else {
			flatten(out, n);
		}
	}
}

static void flatten(struct rb_buf *out, cmark_node *parent)
{
	for (cmark_node *c = cmark_node_first_child(parent); c; c = cmark_node_next(c))
		flatten_node(out, c);
}

/* Restores held spaces and drops trailing blanks. */
static char *finish_line(const char *s, size_t len)
{
	char *line = rb_xstrndup(s, len);

	for (char *p = line; *p; p++)
		if (*p == HOLD)
			*p = ' ';
	while (len && line[len - 1] == ' ')
		line[--len] = '\0';
	return line;
}

/* Greedy wrap of flattened text into `out` at `width` code points. */
static void wrap_flat(struct lines *out, const char *s, size_t width)
{
	struct rb_buf line = RB_BUF_INIT;
	size_t line_w = 0;
	const char *p = s;

	if (width < 1)
		width = 1;
	while (*p) {
		const char *w = p;
		size_t wl, ww;

		if (*p == ' ') {
			p++;
			continue;
		}
		if (*p == '\n') {
			lines_add(out, finish_line(line.ptr, line.len));
			rb_buf_reset(&line);
			line_w = 0;
			p++;
			continue;
		}
		while (*p && *p != ' ' && *p != '\n')
			p++;
		wl = (size_t)(p - w);
		ww = width_of(w, wl);
		if (line.len && line_w + 1 + ww > width) {
			lines_add(out, finish_line(line.ptr, line.len));
			rb_buf_reset(&line);
			line_w = 0;
		}
		if (line.len) {
			rb_buf_addch(&line, ' ');
			line_w++;
		}
		rb_buf_add(&line, w, wl);
		line_w += ww;
	}
	if (line.len || !out->nr)
		lines_add(out, finish_line(line.ptr, line.len));
	rb_buf_release(&line);
}

void rb_wrap_text(struct rb_buf *out, const char *text, int width,
		  int first_indent, int indent)
{
	struct lines l = { 0 };
	size_t w = width > indent ? (size_t)(width - indent) : 1;

	wrap_flat(&l, text, w);
	for (size_t i = 0; i < l.nr; i++) {
		rb_buf_addchars(out, ' ', (size_t)(i ? indent : first_indent));
		rb_buf_adds(out, l.items[i]);
		rb_buf_addch(out, '\n');
	}
	lines_release(&l);
}

static void render_blocks(struct lines *out, cmark_node *parent, size_t width,
			  bool tight);

/* Adds `child` lines with a first-line prefix and a continuation prefix. */
static void add_prefixed(struct lines *out, struct lines *child,
			 const char *first, const char *rest)
{
	for (size_t i = 0; i < child->nr; i++) {
		const char *pre = i ? rest : first;
		char *l;

		if (!child->items[i][0]) {
			/* no trailing blanks on an empty line */
			size_t n = strlen(pre);

			while (n && pre[n - 1] == ' ')
				n--;
			l = rb_xstrndup(pre, n);
		} else {
			l = rb_xasprintf("%s%s", pre, child->items[i]);
		}
		lines_add(out, l);
	}
}

static void render_code(struct lines *out, cmark_node *n)
{
	const char *s = cmark_node_get_literal(n);
	size_t len = s ? strlen(s) : 0;
	const char *p = s;

	if (len && s[len - 1] == '\n')
		len--;
	while (p && p <= s + len) {
		const char *nl = memchr(p, '\n', (size_t)(s + len - p));
		size_t l = nl ? (size_t)(nl - p) : (size_t)(s + len - p);

		while (l && (p[l - 1] == ' ' || p[l - 1] == '\t'))
			l--;
		lines_add(out, l ? rb_xasprintf("    %.*s", (int)l, p) : rb_xstrdup(""));
		if (!nl)
			break;
		p = nl + 1;
	}
}

static void render_heading(struct lines *out, cmark_node *n, size_t width)
{
	struct rb_buf flat = RB_BUF_INIT;
	int level = cmark_node_get_heading_level(n);
	struct lines l = { 0 };
	size_t max = 0;

	flatten(&flat, n);
	if (level >= 3) {
		struct rb_buf t = RB_BUF_INIT;

		rb_buf_addchars(&t, '#', (size_t)level);
		rb_buf_addch(&t, ' ');
		rb_buf_add(&t, flat.ptr, flat.len);
		wrap_flat(out, t.ptr, width);
		rb_buf_release(&t);
		rb_buf_release(&flat);
		return;
	}
	wrap_flat(&l, flat.ptr, width);
	for (size_t i = 0; i < l.nr; i++) {
		size_t w = width_of(l.items[i], strlen(l.items[i]));

		if (w > max)
			max = w;
		lines_add(out, l.items[i]);
	}
	free(l.items);
	{
		char *rule = rb_xmalloc(max + 1);

		memset(rule, level == 1 ? '=' : '-', max);
		rule[max] = '\0';
		lines_add(out, rule);
	}
	rb_buf_release(&flat);
}

static void render_list(struct lines *out, cmark_node *list, size_t width)
{
	bool ordered = cmark_node_get_list_type(list) == CMARK_ORDERED_LIST;
	bool tight = cmark_node_get_list_tight(list);
	int start = cmark_node_get_list_start(list);
	size_t count = 0, marker_w;
	char num[32];
	int i = 0;

	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it))
		count++;
	snprintf(num, sizeof(num), "%d.", start + (int)count - 1);
	marker_w = ordered ? strlen(num) + 1 : 2;
	for (cmark_node *it = cmark_node_first_child(list); it; it = cmark_node_next(it), i++) {
		struct lines child = { 0 };
		char first[64], rest[64];
		size_t w = marker_w;

		if (ordered) {
			snprintf(num, sizeof(num), "%d.", start + i);
			snprintf(first, sizeof(first), "%*s ", (int)(marker_w - 1), num);
		} else {
			snprintf(first, sizeof(first), "- ");
		}
		if (is_type(it, "tasklist")) {
			size_t n = strlen(first);

			snprintf(first + n, sizeof(first) - n, "[%c] ",
				 cmark_gfm_extensions_get_tasklist_item_checked(it) ? 'x' : ' ');
			w += 4;
		}
		if (w > 60)
			w = 60;
		memset(rest, ' ', w);
		rest[w] = '\0';
		render_blocks(&child, it, width > w ? width - w : 1, tight);
		if (!child.nr)
			lines_add(&child, rb_xstrdup(""));
		if (i > 0 && !tight)
			lines_add(out, rb_xstrdup(""));
		add_prefixed(out, &child, first, rest);
		lines_release(&child);
	}
}

struct cell {
	char *flat;
	size_t natural, longest_word;
};

static void measure(struct cell *c)
{
	const char *p = c->flat;

	c->natural = 0;
	c->longest_word = 0;
	while (*p) {
		const char *w;
		size_t ww;

		while (*p == ' ' || *p == '\n')
			p++;
		w = p;
		while (*p && *p != ' ' && *p != '\n')
			p++;
		ww = width_of(w, (size_t)(p - w));
		if (ww > c->longest_word)
			c->longest_word = ww;
	}
	c->natural = width_of(c->flat, strlen(c->flat));
}

static void table_rule(struct lines *out, const size_t *w, size_t cols, char ch)
{
	struct rb_buf b = RB_BUF_INIT;

	rb_buf_addch(&b, '+');
	for (size_t j = 0; j < cols; j++) {
		rb_buf_addchars(&b, ch, w[j] + 2);
		rb_buf_addch(&b, '+');
	}
	lines_add(out, rb_buf_detach(&b, NULL));
}

static void render_table(struct lines *out, cmark_node *table, size_t width)
{
	size_t cols = cmark_gfm_extensions_get_table_columns(table);
	uint8_t *align = cmark_gfm_extensions_get_table_alignments(table);
	size_t rows = 0, r = 0, avail, sum_nat = 0, sum_min = 0;
	struct cell *cells;
	size_t *w, *minw;
	bool *header;

	if (!cols)
		return;
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row))
		rows++;
	cells = rb_xcalloc(rows * cols, sizeof(*cells));
	header = rb_xcalloc(rows, sizeof(*header));
	w = rb_xcalloc(cols, sizeof(*w));
	minw = rb_xcalloc(cols, sizeof(*minw));
	for (cmark_node *row = cmark_node_first_child(table); row; row = cmark_node_next(row), r++) {
		size_t j = 0;

		header[r] = cmark_gfm_extensions_get_table_row_is_header(row);
		for (cmark_node *cell = cmark_node_first_child(row); cell && j < cols;
		     cell = cmark_node_next(cell), j++) {
			struct rb_buf flat = RB_BUF_INIT;

			flatten(&flat, cell);
			cells[r * cols + j].flat = rb_buf_detach(&flat, NULL);
		}
		for (; j < cols; j++)
			cells[r * cols + j].flat = rb_xstrdup("");
		for (j = 0; j < cols; j++) {
			struct cell *c = &cells[r * cols + j];

			measure(c);
			if (c->natural > w[j])
				w[j] = c->natural;
			if (c->longest_word > minw[j])
				minw[j] = c->longest_word;
		}
	}
	for (size_t j = 0; j < cols; j++) {
		sum_nat += w[j];
		sum_min += minw[j];
	}
	avail = width > 3 * cols + 1 ? width - (3 * cols + 1) : cols;
	if (sum_nat > avail) {
		/*
		 * Water-filling: the widest cap c such that every column gets
		 * min(natural, max(longest word, c)) and the sum fits. Narrow
		 * columns keep their natural width; wide ones share the rest.
		 */
		size_t lo = 0, hi = 0, c, used = 0;

		for (size_t j = 0; j < cols; j++)
			if (w[j] > hi)
				hi = w[j];
		while (lo < hi) {
			size_t mid = (lo + hi + 1) / 2, sum = 0;

			for (size_t j = 0; j < cols; j++) {
				size_t x = minw[j] > mid ? minw[j] : mid;

				sum += x < w[j] ? x : w[j];
			}
			if (sum <= avail)
				lo = mid;
			else
				hi = mid - 1;
		}
		c = lo;
		for (size_t j = 0; j < cols; j++) {
			size_t x = minw[j] > c ? minw[j] : c;

			if (x < w[j])
				w[j] = x;
			used += w[j];
		}
		(void)sum_min;
		/* what rounding left over goes to the columns still cut */
		for (size_t j = 0; used < avail && j < cols; j++) {
			size_t nat = 0;

			for (size_t k = 0; k < rows; k++)
				if (cells[k * cols + j].natural > nat)
					nat = cells[k * cols + j].natural;
			if (w[j] < nat) {
				w[j]++;
				used++;
			}
		}
	}
	for (size_t j = 0; j < cols; j++)
		if (!w[j])
			w[j] = 1;
	table_rule(out, w, cols, '-');
	for (r = 0; r < rows; r++) {
		struct lines *cl = rb_xcalloc(cols, sizeof(*cl));
		size_t height = 0;

		for (size_t j = 0; j < cols; j++) {
			wrap_flat(&cl[j], cells[r * cols + j].flat, w[j]);
			if (cl[j].nr > height)
				height = cl[j].nr;
		}
		for (size_t k = 0; k < height; k++) {
			struct rb_buf b = RB_BUF_INIT;

			rb_buf_addch(&b, '|');
			for (size_t j = 0; j < cols; j++) {
				const char *t = k < cl[j].nr ? cl[j].items[k] : "";
				size_t tw = width_of(t, strlen(t));
				size_t pad = w[j] > tw ? w[j] - tw : 0;
				size_t left = 0;

				if (align && align[j] == 'r')
					left = pad;
				else if (align && align[j] == 'c')
					left = pad / 2;
				rb_buf_addch(&b, ' ');
				rb_buf_addchars(&b, ' ', left);
				rb_buf_adds(&b, t);
				rb_buf_addchars(&b, ' ', pad - left);
				rb_buf_adds(&b, " |");
			}
			lines_add(out, rb_buf_detach(&b, NULL));
		}
		for (size_t j = 0; j < cols; j++)
			lines_release(&cl[j]);
		free(cl);
		table_rule(out, w, cols, header[r] ? '=' : '-');
	}
	for (size_t i = 0; i < rows * cols; i++)
		free(cells[i].flat);
	free(cells);
	free(header);
	free(w);
	free(minw);
}

static void render_block(struct lines *out, cmark_node *n, size_t width)
{
	struct rb_buf flat = RB_BUF_INIT;

	switch (cmark_node_get_type(n)) {
	case CMARK_NODE_PARAGRAPH:
		flatten(&flat, n);
		wrap_flat(out, flat.ptr, width);
		break;
	case CMARK_NODE_HEADING:
		render_heading(out, n, width);
		break;
	case CMARK_NODE_CODE_BLOCK:
		render_code(out, n);
		break;
	case CMARK_NODE_THEMATIC_BREAK: {
		size_t w = width < 78 ? width : 78;
		char *rule = rb_xmalloc(w + 1);

		memset(rule, '-', w);
		rule[w] = '\0';
		lines_add(out, rule);
		break;
	}
	case CMARK_NODE_BLOCK_QUOTE: {
		struct lines child = { 0 };

		render_blocks(&child, n, width > 2 ? width - 2 : 1, false);
		add_prefixed(out, &child, "> ", "> ");
		lines_release(&child);
		break;
	}
	case CMARK_NODE_LIST:
		render_list(out, n, width);
		break;
	case CMARK_NODE_HTML_BLOCK:
		break;
	default:
		if (is_type(n, "table"))
			render_table(out, n, width);
		else
			render_blocks(out, n, width, false);
	}
	rb_buf_release(&flat);
}

static void render_blocks(struct lines *out, cmark_node *parent, size_t width,
			  bool tight)
{
	/* a runaway nesting depth renders flat rather than off the page */
	if (width < 8)
		width = 8;
	for (cmark_node *n = cmark_node_first_child(parent); n; n = cmark_node_next(n)) {
		size_t before = out->nr;

		if (cmark_node_get_type(n) == CMARK_NODE_HTML_BLOCK)
			continue;
		if (out->nr && !tight)
			lines_add(out, rb_xstrdup(""));
		render_block(out, n, width);
		/* a block that rendered nothing leaves no blank line either */
		if (out->nr == before + 1 && before && !tight && !out->items[before][0]) {
			free(out->items[--out->nr]);
		}
	}
}

void rb_render_text(struct rb_buf *out, cmark_node *doc, int width)
{
	struct lines l = { 0 };
	size_t end;

	render_blocks(&l, doc, width > 8 ? (size_t)width : 8, false);
	end = l.nr;
	while (end && !l.items[end - 1][0])
		end--;
	for (size_t i = 0; i < end; i++) {
		rb_buf_adds(out, l.items[i]);
		rb_buf_addch(out, '\n');
	}
	lines_release(&l);
}
