/*
 * runbook.c - one runbook: optional YAML front matter between `---` lines,
 * then GitHub-flavoured Markdown. Each level-2 heading is a step; a time in
 * parentheses at its end, `(2 min)`, `(5-10 min)`, `(1h)`, is the step's
 * estimate. Without front matter the id comes from the file's path and the
 * title from the first heading, so existing Markdown can be adopted as is.
 *
 * A page is a runbinder runbook when its front matter gives one of the keys
 * only runbinder reads (own_keys): it is read strictly, an unknown key is an
 * error. Any other page (Hugo, Jekyll, MkDocs, Docusaurus, Middleman front
 * matter, or none) is adopted: the keys those tools share with runbinder
 * (title, description, weight, tags, ...) are used, the others are left for
 * the binder to note once per name, a repeated key takes its last value.
 */
#include <ctype.h>
#include <strings.h>

#include "binder.h"
#include "closest.h"
#include "duration.h"
#include "fields.h"
#include "front_toml.h"

/* The keys only runbinder gives a meaning to. */
static const char *const own_keys[] = {
	"service", "kind", "failback", "estimate", "requires", "owners",
	"last_reviewed", NULL,
};
/*
 * Every key runbinder reads: its own, then those it shares with other
 * tools' front matter (the order keys are synonyms: Hugo's weight,
 * Middleman's order, Docusaurus's sidebar_position, Jekyll's nav_order).
 */
static const char *const front_keys[] = {
	"service", "kind", "failback", "estimate", "requires", "owners",
	"last_reviewed", "id", "title", "description", "weight", "order",
	"sidebar_position", "nav_order", "tags", "aliases", "redirect_from",
	"date", NULL,
};
/* What an adopted page's front matter is read for: all but runbinder's own. */
#define SHARED_KEYS (front_keys + RB_ARRAY_SIZE(own_keys) - 1)
static const char *const order_keys[] = {
	"weight", "order", "sidebar_position", "nav_order", NULL,
};

bool rb_front_key_known(const char *key)
{
	for (size_t i = 0; front_keys[i]; i++)
		if (!strcmp(key, front_keys[i]))
			return true;
	return false;
}

const char *rb_adopted_key_closest(const char *key)
{
	size_t n = 0;

	/* 'pdf' is not a misspelt 'id': a short key is a word of its own */
	if (strlen(key) < 4)
		return NULL;
	while (SHARED_KEYS[n])
		n++;
	return rb_closest(key, SHARED_KEYS, n);
}

static const char *const kinds[] = {
	"procedure", "failover", "failback", "restore-test", NULL,
};

const char *rb_runbook_kind_name(enum rb_runbook_kind k)
{
	return kinds[k];
}

const enum rb_runbook_kind rb_kind_order[RB_KINDS] = {
	RB_KIND_FAILOVER, RB_KIND_FAILBACK, RB_KIND_RESTORE_TEST, RB_KIND_PROCEDURE,
};

bool rb_id_valid(const char *s)
{
	size_t n = 0;

	if (!s || !(islower((unsigned char)*s) || isdigit((unsigned char)*s)))
		return false;
	for (; s[n]; n++) {
		unsigned char c = (unsigned char)s[n];

		if (!(islower(c) || isdigit(c) || c == '-' || c == '_' || c == '.'))
			return false;
	}
	return n <= 100;
}

char *rb_slugify(const char *s)
{
	return rb_slugify_max(s, 60);
}

char *rb_slugify_max(const char *s, size_t max)
{
	struct rb_buf b = RB_BUF_INIT;
	bool dash = false;

	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (isalnum(c)) {
			if (dash && b.len)
				rb_buf_addch(&b, '-');
			dash = false;
			rb_buf_addch(&b, tolower(c));
			if (b.len >= max)
				break;
		} else {
			dash = true;
		}
	}
	if (!b.len)
		rb_buf_adds(&b, "untitled");
	return rb_buf_detach(&b, NULL);
}

/* Text of all the inlines below `node`, e.g. a heading's words. */
static void node_text(struct rb_buf *out, cmark_node *node)
{
	for (cmark_node *c = cmark_node_first_child(node); c; c = cmark_node_next(c)) {
		switch (cmark_node_get_type(c)) {
		case CMARK_NODE_TEXT:
		case CMARK_NODE_CODE:
			rb_buf_adds(out, cmark_node_get_literal(c));
			break;
		case CMARK_NODE_SOFTBREAK:
		case CMARK_NODE_LINEBREAK:
			rb_buf_addch(out, ' ');
			break;
		default:
			node_text(out, c);
		}
	}
}

/* Reads a number; returns the position after it or NULL. */
static const char *read_num(const char *s, long *n)
{
	if (!isdigit((unsigned char)*s))
		return NULL;
	*n = 0;
	while (isdigit((unsigned char)*s)) {
		if (*n > 100000)
			return NULL;
		*n = *n * 10 + (*s++ - '0');
	}
	return s;
}

/*
 * Parses the inside of a trailing "(...)": `2 min`, `5-10 min`,
 * `5–10 minutes`, `1 h`, `90s`, `1h30m`. Returns 0 and the range.
 */
static int parse_estimate(const char *s, long *lo, long *hi)
{
	long a, b, unit;
	const char *p;

	if (rb_duration_parse(s, &a) == 0) {
		*lo = *hi = a;
		return 0;
	}
	if (!(p = read_num(s, &a)))
		return -1;
	b = a;
	while (*p == ' ')
		p++;
	if (*p == '-' || !strncmp(p, "\u2013", 3)) {
		p += *p == '-' ? 1 : 3;
		while (*p == ' ')
			p++;
		if (!(p = read_num(p, &b)) || b < a)
			return -1;
	}
	while (*p == ' ')
		p++;
	if (!strcmp(p, "min") || !strcmp(p, "mins") || !strcmp(p, "minutes") ||
	    !strcmp(p, "minute") || !strcmp(p, "m"))
		unit = 60;
	else if (!strcmp(p, "h") || !strcmp(p, "hour") || !strcmp(p, "hours"))
		unit = 3600;
	else if (!strcmp(p, "s") || !strcmp(p, "sec") || !strcmp(p, "seconds"))
		unit = 1;
	else
		return -1;
	*lo = a * unit;
	*hi = b * unit;
	return 0;
}

static void add_step(struct rb_runbook *r, cmark_node *heading, int line_base)
{
	struct rb_buf text = RB_BUF_INIT;
	struct rb_step *st;
	size_t size, start;
	char *slug;

	node_text(&text, heading);
	r->steps = rb_xrealloc(r->steps, (r->steps_nr + 1) * sizeof(*r->steps));
	st = &r->steps[r->steps_nr++];
	memset(st, 0, sizeof(*st));
	st->est_lo = st->est_hi = -1;
	st->heading = heading;
	st->line = cmark_node_get_start_line(heading) + line_base;
	size = text.len;
	while (size && text.ptr[size - 1] == ' ')
		size--;
	if (size && text.ptr[size - 1] == ')') {
		char *open = memrchr(text.ptr, '(', size);

		if (open) {
			char *inner = rb_xstrndup(open + 1, (size_t)(text.ptr + size - 1 - open - 1));

			if (parse_estimate(inner, &st->est_lo, &st->est_hi) == 0) {
				size = (size_t)(open - text.ptr);
				while (size && text.ptr[size - 1] == ' ')
					size--;
			}
			free(inner);
		}
	}
	/* steps are numbered by the binder: "Step 2: Promote" is "Promote" */
	start = 0;
	if (size > 5 && !strncasecmp(text.ptr, "step ", 5)) {
		size_t k = 5;

		while (k < size && isdigit((unsigned char)text.ptr[k]))
			k++;
		if (k > 5 && k < size && (text.ptr[k] == ':' || text.ptr[k] == '.' ||
					   text.ptr[k] == ' ')) {
			k++;
			while (k < size && text.ptr[k] == ' ')
				k++;
			if (k < size)
				start = k;
		}
	}
	st->title = rb_xstrndup(text.ptr + start, size - start);
	slug = rb_slugify(st->title);
	st->slug = rb_xasprintf("%02zu-%s", r->steps_nr, slug);
	free(slug);
	rb_buf_release(&text);
}

/*
 * Finds the front matter: the file starts with a line `---` (YAML) or
 * `+++` (Hugo's TOML) and a later line of the same (or `...` after `---`)
 * closes it. Returns 1 for YAML, 2 for TOML, with the front matter's
 * length and where the body starts; 0 when there is none, -1 when it is
 * not closed.
 */
static int split_front(const char *src, size_t len, size_t *yaml_start,
		       size_t *yaml_len, size_t *body_start, int *body_line)
{
	size_t pos = 3;
	int line = 2;
	char fence = len >= 4 ? src[0] : 0;

	if (len < 4 || (fence != '-' && fence != '+') || src[1] != fence ||
	    src[2] != fence)
		return 0;
	/* Hugo lets blanks follow a `+++` */
	while (fence == '+' && pos < len && (src[pos] == ' ' || src[pos] == '\t'))
		pos++;
	if (pos >= len || (src[pos] != '\n' && src[pos] != '\r'))
		return 0;
	pos += src[pos] == '\r' && pos + 1 < len && src[pos + 1] == '\n' ? 2 : 1;
	*yaml_start = pos;
	while (pos < len) {
		const char *eol = memchr(src + pos, '\n', len - pos);
		size_t end = eol ? (size_t)(eol - src) : len;
		size_t l = end - pos;

		if (l && src[pos + l - 1] == '\r')
			l--;
		while (fence == '+' && l > 3 && (src[pos + l - 1] == ' ' || src[pos + l - 1] == '\t'))
			l--;
		if (l == 3 && ((!memcmp(src + pos, src, 3)) ||
			       (fence == '-' && !memcmp(src + pos, "...", 3)))) {
			*yaml_len = pos - *yaml_start;
			*body_start = eol ? end + 1 : len;
			*body_line = line + 1;
			return fence == '-' ? 1 : 2;
		}
		pos = eol ? end + 1 : len;
		line++;
	}
	return -1;
}

/* Is it a runbinder runbook's front matter? One of runbinder's own keys says so. */
static bool own_front(json_t *root)
{
	for (size_t i = 0; own_keys[i]; i++)
		if (json_object_get(root, own_keys[i]))
			return true;
	return false;
}

/*
 * A title from the file's name, for a page that has neither a title nor a
 * heading: "restore-db_v2.md" is "Restore db v2"; a folder's README.md,
 * index.md or _index.md is named after its folder.
 */
static char *readable_name(const char *rel)
{
	const char *slash = strrchr(rel, '/');
	const char *base = slash ? slash + 1 : rel;
	size_t len = strcspn(base, ".");
	struct rb_buf b = RB_BUF_INIT;

	if (slash && slash > rel &&
	    ((len == 6 && !strncasecmp(base, "readme", 6)) ||
	     (len == 5 && !strncmp(base, "index", 5)) ||
	     (len == 6 && !strncmp(base, "_index", 6)))) {
		const char *dir = slash;

		while (dir > rel && dir[-1] != '/')
			dir--;
		base = dir;
		len = (size_t)(slash - dir);
	}
	for (size_t i = 0; i < len; i++)
		rb_buf_addch(&b, base[i] == '-' || base[i] == '_' ? ' ' : base[i]);
	if (b.len && islower((unsigned char)b.ptr[0]))
		b.ptr[0] = (char)toupper((unsigned char)b.ptr[0]);
	return rb_buf_detach(&b, NULL);
}

/* A list of strings that may be written as one string (`tags: dns`). */
static json_t *front_list(struct rb_fields *f, const char *key)
{
	json_t *v = json_object_get(f->obj, key);

	if (json_is_string(v)) {
		json_t *list = json_pack("[O]", v);

		json_object_set_new(f->obj, key, list);
		return list;
	}
	return rb_field_str_list(f, key);
}

/* The keys other tools share with runbinder: a description, an order, tags, aliases, a date. */
static void shared_keys(struct rb_runbook *r, struct rb_fields *f)
{
	json_t *v;

	r->description = rb_field_str(f, "description", false);
	for (size_t i = 0; order_keys[i]; i++) {
		if (!(v = json_object_get(f->obj, order_keys[i])) || json_is_null(v))
			continue;
		if (!json_is_number(v)) {
			rb_error(f->diags, rb_field_loc(f, order_keys[i]),
				 "'%s' in front matter must be a number (it orders the runbooks of a folder)",
				 order_keys[i]);
			continue;
		}
		r->order = json_number_value(v);
		r->has_order = true;
	}
	r->tags = front_list(f, "tags");
	r->aliases = front_list(f, "aliases");
	if (!r->aliases)
		r->aliases = front_list(f, "redirect_from");
	v = json_object_get(f->obj, "date");
	/* a date as those tools write it, 2019-03-26 or 2019-03-26T08:47:11+01:00 */
	if (json_is_string(v))
		r->date = json_string_value(v);
}

/* Reads the front matter; `id` and `title` point into it. */
static void read_front(struct rb_runbook *r, bool ignore_unknown,
		       const char **id, const char **title, struct rb_diags *d)
{
	json_t *root = rb_yaml_root(r->front);
	const struct rb_yaml_repeat *rep;
	size_t nrep = rb_yaml_repeats(r->front, &rep);
	struct rb_fields f;
	const char *kind;

	if (json_is_null(root))
		return;
	r->adopted = !json_is_object(root) || !own_front(root);
	/* a runbinder runbook says each key once; other tools keep the last */
	for (size_t i = 0; !r->adopted && i < nrep; i++)
		rb_error(d, (struct rb_loc){ r->path, rep[i].line, rep[i].col },
			 "duplicate key '%s'", rep[i].key);
	if (rb_fields_init(&f, r->front, root, "front matter",
			   ignore_unknown || r->adopted ? NULL : front_keys, d) < 0)
		return;
	*id = rb_field_str(&f, "id", false);
	if (*id && !rb_id_valid(*id)) {
		rb_error(d, rb_field_loc(&f, "id"),
			 "invalid id '%s': use lowercase letters, digits, '-', '_' and '.' (at most 100)",
			 *id);
		*id = NULL;
	}
	*title = rb_field_str(&f, "title", false);
	shared_keys(r, &f);
	if (r->adopted)
		return;
	r->service_id = rb_field_str(&f, "service", false);
	kind = rb_field_enum(&f, "kind", kinds, false);
	for (int k = 0; kind && kinds[k]; k++)
		if (!strcmp(kind, kinds[k]))
			r->kind = (enum rb_runbook_kind)k;
	r->failback_id = rb_field_str(&f, "failback", false);
	r->estimate = rb_field_duration(&f, "estimate", -1);
	r->requires = rb_field_map(&f, "requires");
	r->owners = rb_field_str_list(&f, "owners");
	r->last_reviewed = rb_field_date(&f, "last_reviewed", false);
}

struct rb_runbook *rb_runbook_parse(const char *rel, char *source, size_t len,
				    const char *id_fallback, bool ignore_unknown,
				    struct rb_diags *d)
{
	struct rb_runbook *r = rb_xcalloc(1, sizeof(*r));
	size_t ys = 0, yl = 0, body = 0;
	const char *id = NULL, *title = NULL;
	cmark_node *heading = NULL;
	int front;

	r->path = rb_xstrdup(rel);
	r->id = rb_xstrdup(id_fallback);
	r->source = source;
	r->source_len = len;
	r->body_line = 1;
	r->estimate = -1;
	r->last_reviewed = -1;
	r->kind = RB_KIND_PROCEDURE;
	r->adopted = true;

	if (memchr(source, '\0', len)) {
		rb_error(d, (struct rb_loc){ r->path, 0, 0 },
			 "file contains a NUL byte (not a text file)");
		return r;
	}
	{
		size_t bad = rb_utf8_invalid(source, len);

		if (bad != SIZE_MAX) {
			int line = 1, col = 1;

			rb_pos_advance(source, bad, true, &line, &col);
			rb_error(d, (struct rb_loc){ r->path, line, col },
				 "invalid UTF-8 (byte 0x%02x): the file must be UTF-8 text",
				 (unsigned char)source[bad]);
			return r;
		}
	}
	front = split_front(source, len, &ys, &yl, &body, &r->body_line);
	if (front < 0) {
		rb_error(d, (struct rb_loc){ r->path, 1, 1 },
			 "front matter opened with '%.3s' is never closed", source);
		return r;
	}
	if (front) {
		struct rb_buf toml = RB_BUF_INIT;
		int parsed;

		/* Hugo's TOML is read as the YAML it can be written as */
		if (front == 2)
			rb_front_toml_as_yaml(source + ys, yl, &toml);
		parsed = rb_yaml_parse_repeats(&r->front, r->path,
					       front == 2 ? toml.ptr : source + ys,
					       front == 2 ? toml.len : yl, 1, d);
		rb_buf_release(&toml);
		if (parsed < 0)
			return r;
		read_front(r, ignore_unknown, &id, &title, d);
	} else {
		body = 0;
	}
	r->doc = rb_markdown_parse(source + body, len - body);
	if (rb_markdown_check_depth(r->doc, r->path, r->body_line - 1, d) < 0)
		return r;
	/* steps: level-2 headings at the top level of the document */
	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n)) {
		if (cmark_node_get_type(n) != CMARK_NODE_HEADING)
			continue;
		if (cmark_node_get_heading_level(n) == 2)
			add_step(r, n, r->body_line - 1);
		if (!heading)
			heading = n;
	}
	if (id) {
		free(r->id);
		r->id = rb_xstrdup(id);
	}
	/* the title: the front matter's, else the first heading, else the file's name */
	if (heading) {
		struct rb_buf t = RB_BUF_INIT;

		/* a step's heading titles the page without its number and estimate */
		if (r->steps_nr && heading == r->steps[0].heading)
			rb_buf_adds(&t, r->steps[0].title);
		else
			node_text(&t, heading);
		r->title = rb_buf_detach(&t, NULL);
		/* a leading "# Title" is the page's title, shown once */
		if (heading == cmark_node_first_child(r->doc) &&
		    cmark_node_get_heading_level(heading) == 1 &&
		    (!title || !strcmp(title, r->title)))
			r->title_heading = heading;
	}
	if (title || !r->title || !*r->title) {
		free(r->title);
		r->title = title ? rb_xstrdup(title) : readable_name(rel);
	}
	return r;
}

void rb_runbook_free(struct rb_runbook *r)
{
	if (!r)
		return;
	for (size_t i = 0; i < r->steps_nr; i++) {
		free(r->steps[i].title);
		free(r->steps[i].slug);
	}
	free(r->steps);
	free(r->bindings);
	free(r->named);
	json_decref(r->used);
	if (r->doc)
		cmark_node_free(r->doc);
	if (r->front)
		rb_yaml_free(r->front);
	free(r->source);
	free(r->path);
	free(r->id);
	free(r->title);
	free(r);
}
