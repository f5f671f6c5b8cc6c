/*
 * html_safe.c - raw HTML in Markdown: the safe subset kept, the rest made
 * text (see html_safe.h).
 */
#include <ctype.h>
#include <strings.h>

#include "fsutil.h"
#include "html_safe.h"

enum { VOID = 1, BLOCK = 2 };

/* The elements kept, with the attributes each keeps (besides a/img's URL). */
static const struct element {
	const char *name;
	const char *attrs;       /* space-separated, between spaces */
	int flags;
} elements[] = {
	{ "a", " title ", 0 },
	{ "abbr", " title ", 0 },
	{ "b", "", 0 },
	{ "blockquote", "", BLOCK },
	{ "br", "", VOID },
	{ "caption", "", BLOCK },
	{ "code", "", 0 },
	{ "col", " span ", VOID },
	{ "colgroup", " span ", 0 },
	{ "dd", "", BLOCK },
	{ "del", "", 0 },
	{ "details", " open ", BLOCK },
	{ "div", "", BLOCK },
	{ "dl", "", BLOCK },
	{ "dt", "", BLOCK },
	{ "em", "", 0 },
	{ "h1", "", BLOCK },
	{ "h2", "", BLOCK },
	{ "h3", "", BLOCK },
	{ "h4", "", BLOCK },
	{ "h5", "", BLOCK },
	{ "h6", "", BLOCK },
	{ "hr", "", VOID | BLOCK },
	{ "i", "", 0 },
	{ "img", " alt title width height ", VOID },
	{ "ins", "", 0 },
	{ "kbd", "", 0 },
	{ "li", "", BLOCK },
	{ "mark", "", 0 },
	{ "ol", " start ", BLOCK },
	{ "p", "", BLOCK },
	{ "pre", "", BLOCK },
	{ "s", "", 0 },
	{ "small", "", 0 },
	{ "span", "", 0 },
	{ "strong", "", 0 },
	{ "sub", "", 0 },
	{ "summary", "", BLOCK },
	{ "sup", "", 0 },
	{ "table", "", BLOCK },
	{ "tbody", "", BLOCK },
	{ "td", " colspan rowspan align ", 0 },
	{ "tfoot", "", BLOCK },
	{ "th", " colspan rowspan align ", 0 },
	{ "thead", "", BLOCK },
	{ "tr", "", BLOCK },
	{ "u", "", 0 },
	{ "ul", "", BLOCK },
};

static const struct element *element_named(const char *s, size_t n)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(elements); i++)
		if (strlen(elements[i].name) == n && !strncasecmp(elements[i].name, s, n))
			return &elements[i];
	return NULL;
}

/* --- tags ------------------------------------------------------------------ */

struct attr {
	const char *name, *value;
	size_t name_len, value_len;
};

struct tag {
	bool closing, self_closing;
	const char *name;
	size_t name_len;
	struct attr attrs[16];
	size_t attrs_nr;
	size_t len;              /* from '<' to after '>' */
};

/* Reads a tag at `s` (`s[0]` is '<'); false when it is not one. */
static bool read_tag(const char *s, size_t len, struct tag *t)
{
	size_t i = 1;

	memset(t, 0, sizeof(*t));
	if (i < len && s[i] == '/') {
		t->closing = true;
		i++;
	}
	if (i >= len || !isalpha((unsigned char)s[i]))
		return false;
	t->name = s + i;
	while (i < len && (isalnum((unsigned char)s[i]) || s[i] == '-' || s[i] == ':'))
		i++;
	t->name_len = (size_t)(s + i - t->name);
	for (;;) {
		struct attr a = { 0 };

		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i >= len)
			return false;
		if (s[i] == '>') {
			t->len = i + 1;
			return true;
		}
		if (s[i] == '/' && i + 1 < len && s[i + 1] == '>') {
			t->self_closing = true;
			t->len = i + 2;
			return true;
		}
		a.name = s + i;
		while (i < len && !isspace((unsigned char)s[i]) && !strchr("=>/\"'", s[i]))
			i++;
		a.name_len = (size_t)(s + i - a.name);
		if (!a.name_len)
			return false;
		while (i < len && isspace((unsigned char)s[i]))
			i++;
		if (i < len && s[i] == '=') {
			i++;
			while (i < len && isspace((unsigned char)s[i]))
				i++;
			if (i < len && (s[i] == '"' || s[i] == '\'')) {
				char q = s[i++];

				a.value = s + i;
				while (i < len && s[i] != q)
					i++;
				if (i >= len)
					return false;
				a.value_len = (size_t)(s + i - a.value);
				i++;
			} else {
				a.value = s + i;
				while (i < len && !isspace((unsigned char)s[i]) && s[i] != '>')
					i++;
				a.value_len = (size_t)(s + i - a.value);
			}
		}
		if (t->attrs_nr < RB_ARRAY_SIZE(t->attrs))
			t->attrs[t->attrs_nr++] = a;
	}
}

static bool attr_is(const struct attr *a, const char *name)
{
	return a->name_len == strlen(name) && !strncasecmp(a->name, name, a->name_len);
}

static bool keeps_attr(const struct element *e, const struct attr *a)
{
	char *key = rb_xasprintf(" %.*s ", (int)a->name_len, a->name);
	bool keep;

	for (char *k = key; *k; k++)
		*k = (char)tolower((unsigned char)*k);
	keep = strstr(e->attrs, key) != NULL;
	free(key);
	return keep;
}

static void escape(struct rb_buf *out, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		switch (s[i]) {
		case '<': rb_buf_adds(out, "&lt;"); break;
		case '>': rb_buf_adds(out, "&gt;"); break;
		case '&': rb_buf_adds(out, "&amp;"); break;
		case '"': rb_buf_adds(out, "&quot;"); break;
		default: rb_buf_add(out, s + i, 1);
		}
	}
}

/* --- entities -------------------------------------------------------------- */

static const struct {
	const char *name, *text;
} entities[] = {
	{ "amp", "&" }, { "lt", "<" }, { "gt", ">" }, { "quot", "\"" },
	{ "apos", "'" }, { "nbsp", " " }, { "copy", "\u00a9" }, { "reg", "\u00ae" },
	{ "mdash", "\u2014" }, { "ndash", "\u2013" }, { "hellip", "\u2026" },
	{ "laquo", "\u00ab" }, { "raquo", "\u00bb" }, { "times", "\u00d7" },
	{ "rarr", "\u2192" }, { "larr", "\u2190" }, { "check", "\u2713" },
	{ "trade", "\u2122" }, { "deg", "\u00b0" }, { "middot", "\u00b7" },
};

static void add_code_point(struct rb_buf *out, unsigned long cp)
{
	if (!out)
		return;
	char u[4];
	size_t n;

	if (cp == 0 || cp > 0x10ffff || (cp >= 0xd800 && cp <= 0xdfff))
		cp = 0xfffd;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xc0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3f));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xe0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[2] = (char)(0x80 | (cp & 0x3f));
		n = 3;
	} else {
		u[0] = (char)(0xf0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3f));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3f));
		u[3] = (char)(0x80 | (cp & 0x3f));
		n = 4;
	}
	rb_buf_add(out, u, n);
}

/*
 * An entity at `s` ('&'): its text added to `out` (unless NULL); the
 * bytes read, 0 if none.
 */
static size_t entity(struct rb_buf *out, const char *s, size_t len)
{
	size_t semi = 1;

	while (semi < len && semi < 12 && s[semi] != ';')
		semi++;
	if (semi >= len || s[semi] != ';')
		return 0;
	if (s[1] == '#') {
		bool hex = semi > 2 && (s[2] == 'x' || s[2] == 'X');
		char *end;
		char num[16];
		unsigned long cp;

		memcpy(num, s + 2 + hex, semi - 2 - hex);
		num[semi - 2 - hex] = '\0';
		cp = strtoul(num, &end, hex ? 16 : 10);
		if (!*num || *end)
			return 0;
		add_code_point(out, cp);
		return semi + 1;
	}
	for (size_t i = 0; i < RB_ARRAY_SIZE(entities); i++)
		if (strlen(entities[i].name) == semi - 1 &&
		    !strncmp(entities[i].name, s + 1, semi - 1)) {
			if (out)
				rb_buf_adds(out, entities[i].text);
			return semi + 1;
		}
	return 0;
}

/* --- the safe subset ------------------------------------------------------- */

static void open_push(struct rb_html_open *o, const char *name)
{
	RB_GROW(o->names, o->nr + 1, o->alloc);
	o->names[o->nr++] = name;
}

static void safe_tag(struct rb_buf *out, const struct element *e, const struct tag *t,
		     struct rb_html_open *open, rb_html_url_fn url, void *ctx)
{
	bool is_img = !strcmp(e->name, "img"), is_a = !strcmp(e->name, "a");
	bool has_src = false;
	struct rb_buf tag = RB_BUF_INIT;

	if (t->closing) {
		size_t k = open->nr;

		while (k && strcmp(open->names[k - 1], e->name))
			k--;
		if (!k || (e->flags & VOID))
			return;          /* closes nothing the page opened */
		while (open->nr >= k) {
			rb_buf_addf(out, "</%s>", open->names[open->nr - 1]);
			open->nr--;
		}
		return;
	}
	rb_buf_addf(&tag, "<%s", e->name);
	for (size_t i = 0; i < t->attrs_nr; i++) {
		const struct attr *a = &t->attrs[i];
		char *v = rb_xstrndup(a->value ? a->value : "", a->value_len), *u;

		if ((is_img && attr_is(a, "src")) || (is_a && attr_is(a, "href"))) {
			if ((u = url(ctx, e->name, v))) {
				rb_buf_adds(&tag, is_img ? " src=\"" : " href=\"");
				escape(&tag, u, strlen(u));
				rb_buf_adds(&tag, "\"");
				has_src = true;
				free(u);
			}
		} else if (keeps_attr(e, a)) {
			rb_buf_adds(&tag, " ");
			for (size_t k = 0; k < a->name_len; k++)
				rb_buf_addf(&tag, "%c", tolower((unsigned char)a->name[k]));
			rb_buf_adds(&tag, "=\"");
			escape(&tag, v, strlen(v));
			rb_buf_adds(&tag, "\"");
		}
		free(v);
	}
	if (is_img && !has_src) {
		/* an image from elsewhere: its alt text, never a request */
		rb_buf_adds(out, "[image");
		for (size_t i = 0; i < t->attrs_nr; i++)
			if (attr_is(&t->attrs[i], "alt") && t->attrs[i].value_len) {
				rb_buf_adds(out, ": ");
				escape(out, t->attrs[i].value, t->attrs[i].value_len);
			}
		rb_buf_adds(out, "]");
	} else {
		rb_buf_add(out, tag.ptr, tag.len);
		rb_buf_adds(out, ">");
		if (!(e->flags & VOID) && !t->self_closing)
			open_push(open, e->name);
	}
	rb_buf_release(&tag);
}

void rb_html_safe(struct rb_buf *out, const char *html, size_t len,
		  struct rb_html_open *open, rb_html_url_fn url, void *ctx)
{
	size_t i = 0;

	while (i < len) {
		struct tag t;
		const struct element *e;

		if (html[i] != '<') {
			size_t n = strcspn(html + i, "<");

			if (n > len - i)
				n = len - i;
			/* text stays as written (entities and all), but no '>' or '"' raw */
			for (size_t k = 0; k < n; k++) {
				char c = html[i + k];

				if (c == '>')
					rb_buf_adds(out, "&gt;");
				else if (c == '&' && !entity(NULL, html + i + k, len - i - k))
					rb_buf_adds(out, "&amp;");
				else
					rb_buf_add(out, &c, 1);
			}
			i += n;
			continue;
		}
		if (len - i >= 4 && !strncmp(html + i, "<!--", 4)) {
			const char *end = memmem(html + i + 4, len - i - 4, "-->", 3);

			if (end) {
				i = (size_t)(end + 3 - html);
				continue;
			}
		}
		if (read_tag(html + i, len - i, &t) && (e = element_named(t.name, t.name_len))) {
			safe_tag(out, e, &t, open, url, ctx);
			i += t.len;
			continue;
		}
		rb_buf_adds(out, "&lt;");
		i++;
	}
}

void rb_html_close(struct rb_buf *out, struct rb_html_open *open)
{
	while (open->nr)
		rb_buf_addf(out, "</%s>", open->names[--open->nr]);
}

/* --- reading it back --------------------------------------------------------- */

/* Calls `on_text` for each run of text (entities decoded) and `on_tag` for each tag. */
struct reader {
	void (*on_text)(struct reader *r, const char *s, size_t n);
	void (*on_tag)(struct reader *r, const struct element *e, bool closing,
		       const struct tag *t);
	struct rb_buf *out;
	/* rb_html_markdown: the table being read */
	int table_depth;
	struct rb_strlist cells;   /* row-major, a NULL item ends a row */
	struct rb_buf cell;
	bool in_cell;
	int pre;
};

static void read_html(struct reader *r, const char *html, size_t len)
{
	struct rb_buf text = RB_BUF_INIT;
	size_t i = 0;

	while (i < len) {
		struct tag t;
		const struct element *e;
		size_t n;

		if (html[i] == '&' && (n = entity(&text, html + i, len - i))) {
			i += n;
			continue;
		}
		if (html[i] != '<') {
			rb_buf_add(&text, html + i, 1);
			i++;
			continue;
		}
		if (len - i >= 4 && !strncmp(html + i, "<!--", 4) &&
		    memmem(html + i + 4, len - i - 4, "-->", 3)) {
			/* a comment: nothing to read (rb_html_safe drops them too) */
			i = (size_t)((const char *)memmem(html + i + 4, len - i - 4, "-->", 3) + 3 - html);
			continue;
		}
		if (read_tag(html + i, len - i, &t) && (e = element_named(t.name, t.name_len))) {
			r->on_text(r, text.ptr, text.len);
			rb_buf_reset(&text);
			r->on_tag(r, e, t.closing, &t);
			i += t.len;
			continue;
		}
		rb_buf_add(&text, "<", 1);
		i++;
	}
	r->on_text(r, text.ptr, text.len);
	rb_buf_release(&text);
}

static void alt_text(struct rb_buf *out, const struct tag *t)
{
	rb_buf_adds(out, "[image");
	for (size_t i = 0; i < t->attrs_nr; i++)
		if (attr_is(&t->attrs[i], "alt") && t->attrs[i].value_len)
			rb_buf_addf(out, ": %.*s", (int)t->attrs[i].value_len, t->attrs[i].value);
	rb_buf_adds(out, "]");
}

static void text_of_text(struct reader *r, const char *s, size_t n)
{
	rb_buf_add(r->out, s, n);
}

static void text_of_tag(struct reader *r, const struct element *e, bool closing,
			const struct tag *t)
{
	if (!strcmp(e->name, "br") || (e->flags & BLOCK))
		rb_buf_adds(r->out, "\n");
	else if (!strcmp(e->name, "td") || !strcmp(e->name, "th"))
		rb_buf_adds(r->out, " ");
	else if (!strcmp(e->name, "img") && !closing)
		alt_text(r->out, t);
}

void rb_html_text(struct rb_buf *out, const char *html, size_t len)
{
	struct reader r = { text_of_text, text_of_tag, out, 0, { 0 }, RB_BUF_INIT, false, 0 };

	read_html(&r, html, len);
}

/* Text as Markdown that reads back as it: punctuation escaped, spaces one. */
static void md_text(struct rb_buf *out, const char *s, size_t n, bool keep_lines)
{
	bool space = false;

	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];

		if (c == '\n' && keep_lines) {
			rb_buf_adds(out, "\\\n");
			continue;
		}
		if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
			space = true;
			continue;
		}
		if (space && out->len && out->ptr[out->len - 1] != '\n')
			rb_buf_adds(out, " ");
		space = false;
		if (ispunct(c))
			rb_buf_adds(out, "\\");
		rb_buf_add(out, s + i, 1);
	}
	if (space && out->len && out->ptr[out->len - 1] != '\n')
		rb_buf_adds(out, " ");
}

static void md_of_text(struct reader *r, const char *s, size_t n)
{
	if (r->table_depth) {
		if (r->in_cell)
			md_text(&r->cell, s, n, false);
		return;
	}
	md_text(r->out, s, n, r->pre > 0);
}

static void end_cell(struct reader *r)
{
	if (!r->in_cell)
		return;
	while (r->cell.len && r->cell.ptr[r->cell.len - 1] == ' ')
		rb_buf_truncate(&r->cell, r->cell.len - 1);
	rb_strlist_add(&r->cells, rb_xstrdup(r->cell.len ? r->cell.ptr : ""));
	rb_buf_reset(&r->cell);
	r->in_cell = false;
}

static void end_row(struct reader *r)
{
	end_cell(r);
	if (r->cells.nr && r->cells.items[r->cells.nr - 1])
		rb_strlist_add(&r->cells, NULL);
}

/* The rows read as a GFM table; the first row is its header. */
static void md_table(struct reader *r)
{
	size_t cols = 0, n = 0, row = 0;

	end_row(r);
	for (size_t i = 0; i < r->cells.nr; i++) {
		if (r->cells.items[i]) {
			n++;
			continue;
		}
		cols = n > cols ? n : cols;
		n = 0;
	}
	if (cols) {
		rb_buf_adds(r->out, "\n\n");
		for (size_t i = 0; i < r->cells.nr; i++) {
			if (r->cells.items[i]) {
				rb_buf_addf(r->out, "| %s ", r->cells.items[i]);
				n++;
				continue;
			}
			for (; n < cols; n++)
				rb_buf_adds(r->out, "| ");
			rb_buf_adds(r->out, "|\n");
			if (!row++) {
				for (size_t k = 0; k < cols; k++)
					rb_buf_adds(r->out, "| --- ");
				rb_buf_adds(r->out, "|\n");
			}
			n = 0;
		}
		rb_buf_adds(r->out, "\n");
	}
	for (size_t i = 0; i < r->cells.nr; i++)
		free(r->cells.items[i]);
	r->cells.nr = 0;
}

static void md_of_tag(struct reader *r, const struct element *e, bool closing,
		      const struct tag *t)
{
	const char *name = e->name;

	if (!strcmp(name, "table")) {
		if (!closing && r->table_depth++ == 0)
			r->cells.nr = 0;
		else if (closing && r->table_depth > 0 && --r->table_depth == 0)
			md_table(r);
		return;
	}
	if (r->table_depth) {
		if (!strcmp(name, "tr") && !closing)
			end_row(r);
		else if ((!strcmp(name, "td") || !strcmp(name, "th")) && !closing) {
			end_cell(r);
			r->in_cell = true;
		} else if (!strcmp(name, "img") && r->in_cell) {
			struct rb_buf alt = RB_BUF_INIT;

			alt_text(&alt, t);
			md_text(&r->cell, alt.ptr, alt.len, false);
			rb_buf_release(&alt);
		} else if (r->in_cell && (!strcmp(name, "br") || (e->flags & BLOCK))) {
			rb_buf_adds(&r->cell, " ");
		}
		return;
	}
	if (!strcmp(name, "pre"))
		r->pre += closing ? -1 : 1;
	if (!strcmp(name, "br"))
		rb_buf_adds(r->out, "\\\n");
	else if (e->flags & BLOCK)
		rb_buf_adds(r->out, "\n\n");
	else if (!strcmp(name, "img") && !closing) {
		struct rb_buf alt = RB_BUF_INIT;

		alt_text(&alt, t);
		md_text(r->out, alt.ptr, alt.len, false);
		rb_buf_release(&alt);
	}
}

void rb_html_markdown(struct rb_buf *out, const char *html, size_t len)
{
	struct reader r = { md_of_text, md_of_tag, out, 0, { 0 }, RB_BUF_INIT, false, 0 };

	read_html(&r, html, len);
	if (r.table_depth)
		md_table(&r);
	for (size_t i = 0; i < r.cells.nr; i++)
		free(r.cells.items[i]);
	free(r.cells.items);
	rb_buf_release(&r.cell);
}

void rb_html_each_url(const char *html, size_t len,
		      void (*fn)(void *ctx, const char *tag, const char *url), void *ctx)
{
	for (size_t i = 0; i < len; i++) {
		struct tag t;
		const struct element *e;

		if (html[i] != '<' || !read_tag(html + i, len - i, &t) || t.closing ||
		    !(e = element_named(t.name, t.name_len)) ||
		    (strcmp(e->name, "a") && strcmp(e->name, "img")))
			continue;
		for (size_t k = 0; k < t.attrs_nr; k++)
			if (attr_is(&t.attrs[k], !strcmp(e->name, "a") ? "href" : "src")) {
				char *url = rb_xstrndup(t.attrs[k].value ? t.attrs[k].value : "",
							t.attrs[k].value_len);

				fn(ctx, e->name, url);
				free(url);
			}
		i += t.len - 1;
	}
}
