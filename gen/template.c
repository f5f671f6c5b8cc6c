/*
 * template.c - Mustache: compile once to a tree of nodes, render many
 * times over a stack of jansson contexts.
 *
 * Compiling is two passes: tokenize the text (following set-delimiter
 * tags as they come), then apply the standalone-line rule to the tokens
 * (a section, inverted, closing, comment, partial or delimiter tag alone
 * on its line takes the line's indentation and newline with it) and build
 * the section tree.
 */
#include <ctype.h>
#include <stdarg.h>

#include "diag.h"
#include "mustache.h"
#include "template.h"

enum node_type { N_TEXT, N_VAR, N_RAW, N_SECTION, N_INVERTED, N_PARTIAL };

struct node {
	enum node_type type;
	const char *text;       /* N_TEXT: into the template's copy */
	size_t len;
	char *name;             /* tags */
	char *indent;           /* N_PARTIAL: standalone indentation or NULL */
	struct node *children;  /* sections */
	size_t nr, alloc;
};

struct partial_cache {
	char *key;              /* name + '\n' + indent */
	struct rb_template *t;
};

struct rb_template {
	char *src;              /* owned copy of the text */
	size_t len;
	struct node root;
	struct partial_cache *partials;
	size_t partials_nr, partials_alloc;
};

enum tok_type { T_TEXT, T_VAR, T_RAW, T_SECTION, T_INVERTED, T_CLOSE,
		T_COMMENT, T_PARTIAL, T_DELIM };

struct token {
	enum tok_type type;
	size_t start, end;      /* T_TEXT: the text; tags: the whole tag */
	size_t orig_start;      /* start before standalone trimming */
	char *name;
	char *indent;
	bool dropped;
};

struct compiler {
	const char *s;
	size_t len;
	struct token *toks;
	size_t nr, alloc;
	struct rb_template_error *err;
};

static void set_error(struct rb_template_error *err, const char *s,
		      size_t off, const char *fmt, ...) RB_PRINTF(4, 5);

static void set_error(struct rb_template_error *err, const char *s,
		      size_t off, const char *fmt, ...)
{
	va_list ap;
	int line = 1, col = 1;

	rb_pos_advance(s, off, true, &line, &col);
	if (!err)
		return;
	err->line = line;
	err->col = col;
	va_start(ap, fmt);
	vsnprintf(err->message, sizeof(err->message), fmt, ap);
	va_end(ap);
}

static struct token *add_tok(struct compiler *c, enum tok_type type,
			     size_t start, size_t end)
{
	struct token *t;

	RB_GROW(c->toks, c->nr + 1, c->alloc);
	t = &c->toks[c->nr++];
	memset(t, 0, sizeof(*t));
	t->type = type;
	t->start = start;
	t->orig_start = start;
	t->end = end;
	return t;
}

static char *trimmed(const char *s, size_t len)
{
	while (len && isspace((unsigned char)*s)) {
		s++;
		len--;
	}
	while (len && isspace((unsigned char)s[len - 1]))
		len--;
	return rb_xstrndup(s, len);
}

static int tokenize(struct compiler *c)
{
	struct rb_mustache_delims dl = RB_MUSTACHE_DELIMS_INIT;
	struct rb_mustache_tag tag;
	size_t pos = 0;
	int found;

	while ((found = rb_mustache_next(c->s, c->len, pos, &dl, &tag)) > 0) {
		struct token *t;

		if (tag.start > pos)
			add_tok(c, T_TEXT, pos, tag.start);
		pos = tag.end;
		switch (tag.sigil) {
		case '{': t = add_tok(c, T_RAW, tag.start, pos); break;
		case '#': t = add_tok(c, T_SECTION, tag.start, pos); break;
		case '^': t = add_tok(c, T_INVERTED, tag.start, pos); break;
		case '/': t = add_tok(c, T_CLOSE, tag.start, pos); break;
		case '>': t = add_tok(c, T_PARTIAL, tag.start, pos); break;
		case '&': t = add_tok(c, T_RAW, tag.start, pos); break;
		case '!':
			add_tok(c, T_COMMENT, tag.start, pos);
			continue;
		case '=':
			add_tok(c, T_DELIM, tag.start, pos);
			if (!rb_mustache_set_delims(&dl, tag.name, tag.name_len)) {
				set_error(c->err, c->s, tag.start, "bad set-delimiter tag");
				return -1;
			}
			continue;
		default: t = add_tok(c, T_VAR, tag.start, pos); break;
		}
		t->name = trimmed(tag.name, tag.name_len);
	}
	if (found < 0) {
		set_error(c->err, c->s, tag.start, "unclosed tag");
		return -1;
	}
	if (pos < c->len)
		add_tok(c, T_TEXT, pos, c->len);
	return 0;
}

static bool standalone_type(enum tok_type t)
{
	return t == T_SECTION || t == T_INVERTED || t == T_CLOSE ||
	       t == T_COMMENT || t == T_PARTIAL || t == T_DELIM;
}

/*
 * A tag is standalone when the rest of its line, before and after, is
 * blank and holds no other tag. The blank run before it is then dropped
 * (kept as a partial's indentation) and so is the newline after it.
 * Positions are checked on the source text, which trimming never changes.
 */
static void apply_standalone(struct compiler *c)
{
	const char *s = c->s;

	for (size_t i = 0; i < c->nr; i++) {
		struct token *t = &c->toks[i];
		struct token *prev = i ? &c->toks[i - 1] : NULL;
		struct token *next = i + 1 < c->nr ? &c->toks[i + 1] : NULL;
		size_t p = t->start, q = t->end;

		if (!standalone_type(t->type))
			continue;
		while (p > 0 && (s[p - 1] == ' ' || s[p - 1] == '\t'))
			p--;
		if (p > 0 && s[p - 1] != '\n')
			continue;
		if (prev && (prev->type != T_TEXT || p < prev->orig_start))
			continue;
		while (q < c->len && (s[q] == ' ' || s[q] == '\t'))
			q++;
		if (q + 1 < c->len && s[q] == '\r' && s[q + 1] == '\n')
			q += 2;
		else if (q < c->len && s[q] == '\n')
			q++;
		else if (q < c->len)
			continue;
		if (prev) {
			if (t->type == T_PARTIAL && p < t->start)
				t->indent = rb_xstrndup(s + p, t->start - p);
			prev->end = p;
		}
		if (next && next->type == T_TEXT)
			next->start = q;
	}
}

static struct node *add_node(struct node *parent, enum node_type type)
{
	struct node *n;

	RB_GROW(parent->children, parent->nr + 1, parent->alloc);
	n = &parent->children[parent->nr++];
	memset(n, 0, sizeof(*n));
	n->type = type;
	return n;
}

static void free_node(struct node *n)
{
	for (size_t i = 0; i < n->nr; i++)
		free_node(&n->children[i]);
	free(n->children);
	free(n->name);
	free(n->indent);
}

/* Deeper than any real template; keeps the recursion off the stack's end. */
#define MAX_SECTION_DEPTH 100

/*
 * Builds the tree. Children arrays may move while a section is filled, so
 * the stack holds index paths, not pointers. `depth` counts the sections
 * open around `root`.
 */
static int build(struct compiler *c, struct node *root, size_t *i,
		 const struct token *open, int depth)
{
	while (*i < c->nr) {
		struct token *t = &c->toks[(*i)++];
		struct node *n;

		switch (t->type) {
		case T_TEXT:
			if (t->end > t->start) {
				n = add_node(root, N_TEXT);
				n->text = c->s + t->start;
				n->len = t->end - t->start;
			}
			break;
		case T_VAR:
		case T_RAW:
			n = add_node(root, t->type == T_VAR ? N_VAR : N_RAW);
			n->name = t->name;
			t->name = NULL;
			break;
		case T_PARTIAL:
			n = add_node(root, N_PARTIAL);
			n->name = t->name;
			n->indent = t->indent;
			t->name = NULL;
			t->indent = NULL;
			break;
		case T_SECTION:
		case T_INVERTED:
			if (depth >= MAX_SECTION_DEPTH) {
				set_error(c->err, c->s, t->start,
					  "sections nested deeper than %d",
					  MAX_SECTION_DEPTH);
				return -1;
			}
			n = add_node(root, t->type == T_SECTION ? N_SECTION : N_INVERTED);
			n->name = rb_xstrdup(t->name);
			if (build(c, n, i, t, depth + 1) < 0)
				return -1;
			break;
		case T_CLOSE:
			if (!open) {
				set_error(c->err, c->s, t->start,
					  "unexpected closing tag '%s'", t->name);
				return -1;
			}
			if (strcmp(t->name, open->name)) {
				set_error(c->err, c->s, t->start,
					  "unexpected closing tag '%s' (open section is '%s')",
					  t->name, open->name);
				return -1;
			}
			return 0;
		default:
			break;
		}
	}
	if (open) {
		set_error(c->err, c->s, open->start, "unclosed section '%s'",
			  open->name);
		return -1;
	}
	return 0;
}

int rb_template_compile(struct rb_template **out, const char *text,
			size_t len, struct rb_template_error *err)
{
	struct rb_template *t = rb_xcalloc(1, sizeof(*t));
	struct compiler c = { 0 };
	size_t i = 0;
	int ret;

	*out = NULL;
	t->src = rb_xstrndup(text, len);
	t->len = len;
	c.s = t->src;
	c.len = len;
	c.err = err;
	ret = tokenize(&c);
	if (ret == 0) {
		apply_standalone(&c);
		ret = build(&c, &t->root, &i, NULL, 0);
	}
	for (size_t k = 0; k < c.nr; k++) {
		free(c.toks[k].name);
		free(c.toks[k].indent);
	}
	free(c.toks);
	if (ret < 0) {
		rb_template_free(t);
		return -1;
	}
	*out = t;
	return 0;
}

void rb_template_free(struct rb_template *t)
{
	if (!t)
		return;
	free_node(&t->root);
	for (size_t i = 0; i < t->partials_nr; i++) {
		free(t->partials[i].key);
		rb_template_free(t->partials[i].t);
	}
	free(t->partials);
	free(t->src);
	free(t);
}

void rb_escape_html(struct rb_buf *out, const char *s, size_t len)
{
	size_t run = 0;

	for (size_t i = 0; i < len; i++) {
		const char *rep;

		switch (s[i]) {
		case '&': rep = "&amp;"; break;
		case '<': rep = "&lt;"; break;
		case '>': rep = "&gt;"; break;
		case '"': rep = "&quot;"; break;
		default: continue;
		}
		rb_buf_add(out, s + run, i - run);
		rb_buf_adds(out, rep);
		run = i + 1;
	}
	rb_buf_add(out, s + run, len - run);
}

struct render {
	struct rb_template *top;
	json_t **stack;
	size_t depth, alloc;
	rb_partial_fn partials;
	void *pctx;
	rb_escape_fn escape;
	struct rb_template_error *err;
	int partial_depth;
	int nest;               /* sections and partials open */
	size_t steps;           /* tags and texts rendered so far */
};

/*
 * Sections nested over the same list make a short template expand
 * exponentially, so one render may visit so many nodes and write so many
 * bytes, far beyond any page of a real binder: for 10,000 runbooks the
 * index visits 220,000 and txt/binder.txt is 60 MB.
 */
#define MAX_RENDER_STEPS 10000000
/* sections within partials within sections: bounds the recursion */
#define MAX_RENDER_NEST 1000
#define MAX_RENDER_BYTES (1024u << 20)

static void push(struct render *r, json_t *v)
{
	RB_GROW(r->stack, r->depth + 1, r->alloc);
	r->stack[r->depth++] = v;
}

static json_t *lookup(struct render *r, const char *name)
{
	const char *dot;
	json_t *v = NULL;
	char first[256];
	size_t n;

	if (!strcmp(name, "."))
		return r->depth ? r->stack[r->depth - 1] : NULL;
	dot = strchr(name, '.');
	n = dot ? (size_t)(dot - name) : strlen(name);
	if (n >= sizeof(first))
		return NULL;
	memcpy(first, name, n);
	first[n] = '\0';
	for (size_t i = r->depth; i-- > 0;) {
		if (json_is_object(r->stack[i]) &&
		    (v = json_object_get(r->stack[i], first)))
			break;
	}
	while (v && dot) {
		const char *part = dot + 1;

		dot = strchr(part, '.');
		n = dot ? (size_t)(dot - part) : strlen(part);
		if (n >= sizeof(first) || !json_is_object(v))
			return NULL;
		memcpy(first, part, n);
		first[n] = '\0';
		v = json_object_get(v, first);
	}
	return v;
}

/*
 * Zero is false too, as a template author reads `{{#counts.findings}}`:
 * the spec leaves numbers to the language, and a count of nothing must
 * not open a section.
 */
static bool falsey(json_t *v)
{
	return !v || json_is_null(v) || json_is_false(v) ||
	       (json_is_integer(v) && json_integer_value(v) == 0) ||
	       (json_is_real(v) && json_real_value(v) == 0.0) ||
	       (json_is_array(v) && json_array_size(v) == 0) ||
	       (json_is_string(v) && json_string_length(v) == 0);
}

static void format_real(struct rb_buf *out, double d)
{
	char tmp[40];

	for (int prec = 15; prec <= 17; prec++) {
		snprintf(tmp, sizeof(tmp), "%.*g", prec, d);
		if (strtod(tmp, NULL) == d)
			break;
	}
	rb_buf_adds(out, tmp);
}

static void interpolate(struct render *r, json_t *v, bool escaped,
			struct rb_buf *out)
{
	struct rb_buf tmp = RB_BUF_INIT;
	const char *s;
	size_t len;

	switch (json_typeof(v)) {
	case JSON_STRING:
		s = json_string_value(v);
		len = json_string_length(v);
		break;
	case JSON_INTEGER:
		rb_buf_addf(&tmp, "%lld", (long long)json_integer_value(v));
		s = tmp.ptr;
		len = tmp.len;
		break;
	case JSON_REAL:
		format_real(&tmp, json_real_value(v));
		s = tmp.ptr;
		len = tmp.len;
		break;
	case JSON_TRUE:
		s = "true";
		len = 4;
		break;
	case JSON_FALSE:
		s = "false";
		len = 5;
		break;
	default:
		return;
	}
	if (escaped && r->escape)
		r->escape(out, s, len);
	else
		rb_buf_add(out, s, len);
	rb_buf_release(&tmp);
}

static int render_nodes(struct render *r, const struct node *parent,
			struct rb_buf *out);

static struct rb_template *get_partial(struct render *r, const char *name,
				       const char *indent)
{
	struct rb_template *top = r->top;
	char *key = rb_xasprintf("%s\n%s", name, indent ? indent : "");
	struct rb_buf text = RB_BUF_INIT;
	struct rb_template *t = NULL;
	const char *src;
	size_t len = 0;

	for (size_t i = 0; i < top->partials_nr; i++) {
		if (!strcmp(top->partials[i].key, key)) {
			free(key);
			return top->partials[i].t;
		}
	}
	src = r->partials ? r->partials(r->pctx, name, &len) : NULL;
	if (src) {
		/* a standalone partial's lines all take its indentation */
		if (indent && *indent) {
			bool bol = true;

			for (size_t i = 0; i < len; i++) {
				if (bol)
					rb_buf_adds(&text, indent);
				rb_buf_addch(&text, src[i]);
				bol = src[i] == '\n';
			}
		} else {
			rb_buf_add(&text, src, len);
		}
		if (rb_template_compile(&t, text.ptr, text.len, r->err) < 0) {
			if (r->err) {
				struct rb_buf m = RB_BUF_INIT;

				rb_buf_addf(&m, "in partial '%s': %s", name,
					    r->err->message);
				snprintf(r->err->message, sizeof(r->err->message),
					 "%s", m.ptr);
				rb_buf_release(&m);
			}
			t = NULL;
			free(key);
			rb_buf_release(&text);
			return NULL;
		}
	} else {
		rb_template_compile(&t, "", 0, NULL);
	}
	RB_GROW(top->partials, top->partials_nr + 1, top->partials_alloc);
	top->partials[top->partials_nr].key = key;
	top->partials[top->partials_nr].t = t;
	top->partials_nr++;
	rb_buf_release(&text);
	return t;
}

/* An error of the render as a whole (no line of its own); returns -1. */
RB_PRINTF(2, 3)
static int render_failed(struct render *r, const char *fmt, ...)
{
	va_list ap;

	if (r->err) {
		r->err->line = 0;
		r->err->col = 0;
		va_start(ap, fmt);
		vsnprintf(r->err->message, sizeof(r->err->message), fmt, ap);
		va_end(ap);
	}
	return -1;
}

static int render_children(struct render *r, const struct node *parent,
			   struct rb_buf *out)
{
	for (size_t i = 0; i < parent->nr; i++) {
		const struct node *n = &parent->children[i];
		json_t *v;

		if (++r->steps > MAX_RENDER_STEPS || out->len > MAX_RENDER_BYTES)
			return render_failed(r, "template expands too far (over %d tags or %u MiB rendered): a partial or section repeats itself",
					     MAX_RENDER_STEPS, MAX_RENDER_BYTES >> 20);
		switch (n->type) {
		case N_TEXT:
			rb_buf_add(out, n->text, n->len);
			break;
		case N_VAR:
		case N_RAW:
			v = lookup(r, n->name);
			if (v)
				interpolate(r, v, n->type == N_VAR, out);
			break;
		case N_SECTION:
			v = lookup(r, n->name);
			if (falsey(v))
				break;
			if (json_is_array(v)) {
				size_t k;
				json_t *e;

				json_array_foreach(v, k, e) {
					push(r, e);
					if (render_nodes(r, n, out) < 0)
						return -1;
					r->depth--;
				}
			} else {
				push(r, v);
				if (render_nodes(r, n, out) < 0)
					return -1;
				r->depth--;
			}
			break;
		case N_INVERTED:
			v = lookup(r, n->name);
			if (falsey(v) && render_nodes(r, n, out) < 0)
				return -1;
			break;
		case N_PARTIAL: {
			struct rb_template *p;

			if (r->partial_depth >= 100)
				return render_failed(r, "partial recursion deeper than 100");
			p = get_partial(r, n->name, n->indent);
			if (!p)
				return -1;
			r->partial_depth++;
			if (render_nodes(r, &p->root, out) < 0)
				return -1;
			r->partial_depth--;
			break;
		}
		}
	}
	return 0;
}

static int render_nodes(struct render *r, const struct node *parent,
			struct rb_buf *out)
{
	int ret;

	if (r->nest >= MAX_RENDER_NEST)
		return render_failed(r, "template nests deeper than %d sections and partials",
				     MAX_RENDER_NEST);
	r->nest++;
	ret = render_children(r, parent, out);
	r->nest--;
	return ret;
}

int rb_template_render(struct rb_template *t, struct rb_buf *out,
		       json_t *data, rb_partial_fn partials, void *pctx,
		       rb_escape_fn escape, struct rb_template_error *err)
{
	struct render r = { .top = t, .partials = partials, .pctx = pctx,
			    .escape = escape, .err = err };
	int ret;

	push(&r, data);
	ret = render_nodes(&r, &t->root, out);
	free(r.stack);
	return ret;
}
