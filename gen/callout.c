/*
 * callout.c - admonitions and alerts as callout blocks (see callout.h).
 */
#include <ctype.h>
#include <strings.h>

#include "callout.h"

enum shown { NOTE, TIP, IMPORTANT, WARNING, CAUTION };

/* The HTML a callout opens with, for each of the five kinds shown. */
static const char *const opening[] = {
	[NOTE] = "<div class=\"callout callout-note\" role=\"note\">\n",
	[TIP] = "<div class=\"callout callout-tip\" role=\"note\">\n",
	[IMPORTANT] = "<div class=\"callout callout-important\" role=\"note\">\n",
	[WARNING] = "<div class=\"callout callout-warning\" role=\"note\">\n",
	[CAUTION] = "<div class=\"callout callout-caution\" role=\"note\">\n",
};

/* What a kind is called in each tool, and which of the five it is shown as. */
static const struct kind {
	const char *name, *label;
	enum shown shown;
} kinds[] = {
	{ "note", "Note", NOTE },
	{ "tip", "Tip", TIP },
	{ "important", "Important", IMPORTANT },
	{ "warning", "Warning", WARNING },
	{ "caution", "Caution", CAUTION },
	{ "info", "Info", NOTE },
	{ "abstract", "Abstract", NOTE },
	{ "summary", "Summary", NOTE },
	{ "example", "Example", NOTE },
	{ "quote", "Quote", NOTE },
	{ "question", "Question", NOTE },
	{ "hint", "Hint", TIP },
	{ "success", "Success", TIP },
	{ "attention", "Attention", WARNING },
	{ "danger", "Danger", CAUTION },
	{ "failure", "Failure", CAUTION },
	{ "error", "Error", CAUTION },
	{ "bug", "Bug", CAUTION },
};

static const struct kind *kind_named(const char *s, size_t n)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(kinds); i++)
		if (strlen(kinds[i].name) == n && !strncasecmp(kinds[i].name, s, n))
			return &kinds[i];
	return NULL;
}

/* --- the source: MkDocs and Docusaurus blocks as GitHub alerts ---------- */

struct line {
	const char *s;
	size_t n;           /* without the newline */
};

static size_t indent_of(struct line l)
{
	size_t i = 0, w = 0;

	for (; i < l.n && (l.s[i] == ' ' || l.s[i] == '\t'); i++)
		w += l.s[i] == '\t' ? 4 - w % 4 : 1;
	return i == l.n ? SIZE_MAX : w;   /* a blank line: no indent at all */
}

/* A fence (``` or ~~~, three or more, up to three spaces in). */
static bool is_fence(struct line l, char *ch, size_t *len)
{
	size_t i = 0, k;

	while (i < l.n && i < 3 && l.s[i] == ' ')
		i++;
	if (i >= l.n || (l.s[i] != '`' && l.s[i] != '~'))
		return false;
	for (k = i; k < l.n && l.s[k] == l.s[i]; k++)
		;
	if (k - i < 3)
		return false;
	*ch = l.s[i];
	*len = k - i;
	return true;
}

/* A line of indent and fence characters only: a closing fence. */
static bool only_fence(struct line l)
{
	for (size_t i = 0; i < l.n; i++)
		if (!strchr(" \t`~", l.s[i]))
			return false;
	return true;
}

/* The alert line `> [!KIND] Title` for an opening; false when not one. */
static bool mkdocs_open(struct line l, struct rb_buf *alert)
{
	const char *s = l.s, *end = l.s + l.n;
	const struct kind *k;
	const char *w;

	if (l.n < 5 || (strncmp(s, "!!!", 3) && strncmp(s, "???", 3)))
		return false;
	s += 3;
	if (s < end && *s == '+')
		s++;
	if (s >= end || *s != ' ')
		return false;
	while (s < end && *s == ' ')
		s++;
	for (w = s; s < end && (isalnum((unsigned char)*s) || *s == '-' || *s == '_'); s++)
		;
	if (!(k = kind_named(w, (size_t)(s - w))))
		k = &kinds[0];
	/* further words are classes; a quoted string is the title */
	while (s < end && *s != '"')
		s++;
	rb_buf_addf(alert, "> [!%s]", k->name);
	if (s < end) {
		const char *t = ++s;

		while (s < end && *s != '"')
			s++;
		rb_buf_addf(alert, " %.*s", (int)(s - t), t);
	} else if (!kind_named(w, strcspn(w, " "))) {
		/* an unknown kind names itself */
		rb_buf_addf(alert, " %.*s", (int)strcspn(w, " \""), w);
	}
	return true;
}

static bool docusaurus_open(struct line l, struct rb_buf *alert)
{
	const char *s = l.s, *end = l.s + l.n, *w;
	const struct kind *k;

	if (l.n < 4 || strncmp(s, ":::", 3) || !isalpha((unsigned char)s[3]))
		return false;
	s += 3;
	for (w = s; s < end && isalnum((unsigned char)*s); s++)
		;
	if (!(k = kind_named(w, (size_t)(s - w))))
		return false;
	rb_buf_addf(alert, "> [!%s]", k->name);
	/* ":::note Title" or ":::note[Title]" */
	while (s < end && (*s == ' ' || *s == '['))
		s++;
	if (s < end) {
		size_t n = (size_t)(end - s);

		while (n && (s[n - 1] == ']' || s[n - 1] == ' '))
			n--;
		if (n)
			rb_buf_addf(alert, " %.*s", (int)n, s);
	}
	return true;
}

static bool is_docusaurus_close(struct line l)
{
	size_t n = l.n;

	while (n && (l.s[n - 1] == ' ' || l.s[n - 1] == '\t'))
		n--;
	return n == 3 && !strncmp(l.s, ":::", 3);
}

/* `l` with `depth` quote markers before it and `drop` columns of indent less. */
static void quoted(struct rb_buf *out, struct line l, int depth, size_t drop)
{
	size_t i = 0, w = 0;

	for (int d = 0; d < depth; d++)
		rb_buf_adds(out, d + 1 < depth || l.n ? "> " : ">");
	while (i < l.n && w < drop && (l.s[i] == ' ' || l.s[i] == '\t')) {
		w += l.s[i] == '\t' ? 4 - w % 4 : 1;
		i++;
	}
	rb_buf_add(out, l.s + i, l.n - i);
}

/* The indent of the next line that is not blank, or 0 at the end. */
static size_t next_indent(const char *p, const char *end)
{
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p) };
		size_t in = indent_of(l);

		if (in != SIZE_MAX)
			return in;
		p = nl ? nl + 1 : end;
	}
	return 0;
}

bool rb_callout_source(struct rb_buf *out, const char *text, size_t len)
{
	struct rb_buf alert = RB_BUF_INIT;
	const char *p = text, *end = text + len;
	bool any = false;
	int docu = 0;           /* open Docusaurus blocks */
	bool mkdocs = false;    /* in an MkDocs body */
	char fence = 0;
	size_t fence_len = 0;
	size_t start = out->len;

	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		struct line l = { p, nl ? (size_t)(nl - p) : (size_t)(end - p) };
		size_t in = indent_of(l);
		char ch;
		size_t flen;

		p = nl ? nl + 1 : end;
		if (mkdocs && in != SIZE_MAX && in < 4)
			mkdocs = false;
		if (fence) {
			if (is_fence(l, &ch, &flen) && ch == fence && flen >= fence_len &&
			    only_fence(l))
				fence = 1;   /* closed by this line */
		} else if (!mkdocs && (docu || in == 0 || in == SIZE_MAX)) {
			rb_buf_reset(&alert);
			if (in == 0 && mkdocs_open(l, &alert)) {
				for (int d = 0; d < docu; d++)
					rb_buf_adds(out, "> ");
				rb_buf_add(out, alert.ptr, alert.len);
				rb_buf_adds(out, "\n");
				mkdocs = any = true;
				continue;
			}
			if (in == 0 && docusaurus_open(l, &alert)) {
				for (int d = 0; d < docu; d++)
					rb_buf_adds(out, "> ");
				rb_buf_add(out, alert.ptr, alert.len);
				rb_buf_adds(out, "\n");
				docu++;
				any = true;
				continue;
			}
			if (docu && is_docusaurus_close(l)) {
				docu--;
				rb_buf_adds(out, "\n");
				continue;
			}
		}
		if (fence == 1) {
			fence = 0;
		} else if (!fence && is_fence(l, &ch, &flen)) {
			fence = ch;
			fence_len = flen;
		}
		/* a blank line is in an MkDocs body only when the body goes on */
		if (mkdocs && in == SIZE_MAX && next_indent(p, end) < 4)
			quoted(out, l, docu, 0);
		else
			quoted(out, l, docu + (mkdocs ? 1 : 0), mkdocs ? 4 : 0);
		rb_buf_adds(out, "\n");
	}
	rb_buf_release(&alert);
	if (!any) {
		rb_buf_truncate(out, start);
		return false;
	}
	/* the text's last line had no newline: neither has ours */
	if (len && text[len - 1] != '\n' && out->len > start)
		rb_buf_truncate(out, out->len - 1);
	return true;
}

/* --- the tree: alerts as callout blocks ------------------------------------ */

/* "[!WARNING] Title": the kind, and where the title starts; NULL if none. */
static const struct kind *alert_marker(const char *text, const char **title)
{
	const char *close;
	const struct kind *k;

	if (!text || strncmp(text, "[!", 2) || !(close = strchr(text, ']')))
		return NULL;
	if (!(k = kind_named(text + 2, (size_t)(close - text - 2))))
		return NULL;
	*title = close + 1 + strspn(close + 1, " \t");
	return k;
}

static void make_callout(cmark_node *quote, cmark_node *para, cmark_node *marker,
			 const struct kind *k, const char *title)
{
	cmark_node *box = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
	cmark_node *label = cmark_node_new(CMARK_NODE_PARAGRAPH);
	cmark_node *strong = cmark_node_new(CMARK_NODE_STRONG);
	cmark_node *text = cmark_node_new(CMARK_NODE_TEXT);
	cmark_node *next;

	cmark_node_set_on_enter(box, opening[k->shown]);
	cmark_node_set_on_exit(box, "</div>\n");
	cmark_node_set_literal(text, *title ? title : k->label);
	cmark_node_append_child(strong, text);
	cmark_node_append_child(label, strong);
	cmark_node_append_child(box, label);
	/* the marker's line ends at the first break; what follows is body */
	next = cmark_node_next(marker);
	cmark_node_free(marker);
	if (next && (cmark_node_get_type(next) == CMARK_NODE_SOFTBREAK ||
		     cmark_node_get_type(next) == CMARK_NODE_LINEBREAK))
		cmark_node_free(next);
	if (!cmark_node_first_child(para))
		cmark_node_free(para);
	while (cmark_node_first_child(quote))
		cmark_node_append_child(box, cmark_node_first_child(quote));
	cmark_node_replace(quote, box);
	cmark_node_free(quote);
}

void rb_callout_tree(cmark_node *doc)
{
	cmark_iter *it = cmark_iter_new(doc);
	cmark_node **quotes = NULL;
	size_t nr = 0, alloc = 0;
	cmark_event_type ev;

	/* collected first: the tree must not change under the iterator */
	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);

		if (ev == CMARK_EVENT_EXIT && cmark_node_get_type(n) == CMARK_NODE_BLOCK_QUOTE) {
			RB_GROW(quotes, nr + 1, alloc);
			quotes[nr++] = n;
		}
	}
	cmark_iter_free(it);
	/* inner quotes first (exit order), so an alert inside an alert works */
	for (size_t i = 0; i < nr; i++) {
		cmark_node *para = cmark_node_first_child(quotes[i]);
		cmark_node *first = para ? cmark_node_first_child(para) : NULL;
		const struct kind *k;
		const char *title;
		char *t;

		if (!para || cmark_node_get_type(para) != CMARK_NODE_PARAGRAPH || !first ||
		    cmark_node_get_type(first) != CMARK_NODE_TEXT ||
		    !(k = alert_marker(cmark_node_get_literal(first), &title)))
			continue;
		t = rb_xstrdup(title);
		make_callout(quotes[i], para, first, k, t);
		free(t);
	}
	free(quotes);
}
