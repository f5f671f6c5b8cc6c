/*
 * yaml.c - libyaml events into jansson values, with a side table of
 * positions keyed by (container, key) and (container, index).
 */
#include <limits.h>
#include <yaml.h>

#include "yaml_tree.h"

struct pos_entry {
	const json_t *container;
	const char *key;        /* NULL for array elements and containers */
	size_t index;
	int kind;               /* 0 container itself, 1 key, 2 value, 3 element */
	int line, col;
};

struct anchor {
	char *name;
	json_t *value;
	size_t nodes;           /* nodes in the anchored value */
	int line, col;
};

struct rb_yaml {
	char *path;
	json_t *root;
	struct pos_entry *table;
	size_t table_cap, table_nr;
	char **keys;            /* owned key copies for the table */
	size_t keys_nr, keys_alloc;
	int root_line, root_col;
	struct rb_yaml_repeat *repeats; /* keys given twice (lenient parse) */
	size_t repeats_nr, repeats_alloc;
};

struct parser {
	struct rb_yaml *y;
	yaml_parser_t p;
	struct rb_diags *d;
	int line_offset;
	size_t nodes;
	int depth;
	struct anchor *anchors;
	size_t anchors_nr, anchors_alloc;
	bool failed;
	bool repeats_ok;        /* a repeated key takes the last value */
	const char *data;
	size_t len;
};

static uint64_t hash_mix(uint64_t h)
{
	h ^= h >> 33;
	h *= 0xff51afd7ed558ccdULL;
	h ^= h >> 33;
	h *= 0xc4ceb9fe1a85ec53ULL;
	h ^= h >> 33;
	return h;
}

static uint64_t hash_entry(const json_t *c, const char *key, size_t index,
			   int kind)
{
	uint64_t h = (uint64_t)(uintptr_t)c * 31 + (uint64_t)kind;

	if (key) {
		for (const unsigned char *p = (const unsigned char *)key; *p; p++)
			h = h * 1099511628211ULL + *p;
	} else {
		h = h * 1099511628211ULL + index;
	}
	return hash_mix(h);
}

static bool entry_match(const struct pos_entry *e, const json_t *c,
			const char *key, size_t index, int kind)
{
	if (e->container != c || e->kind != kind)
		return false;
	if (key)
		return e->key && !strcmp(e->key, key);
	return !e->key && e->index == index;
}

static void table_put(struct rb_yaml *y, const json_t *c, const char *key,
		      size_t index, int kind, int line, int col);

static void table_grow(struct rb_yaml *y)
{
	struct pos_entry *old = y->table;
	size_t old_cap = y->table_cap;

	y->table_cap = old_cap ? old_cap * 2 : 64;
	y->table = rb_xcalloc(y->table_cap, sizeof(*y->table));
	y->table_nr = 0;
	for (size_t i = 0; i < old_cap; i++)
		if (old[i].container)
			table_put(y, old[i].container, old[i].key, old[i].index,
				  old[i].kind, old[i].line, old[i].col);
	free(old);
}

static void table_put(struct rb_yaml *y, const json_t *c, const char *key,
		      size_t index, int kind, int line, int col)
{
	size_t i;

	if ((y->table_nr + 1) * 2 > y->table_cap)
		table_grow(y);
	i = hash_entry(c, key, index, kind) & (y->table_cap - 1);
	while (y->table[i].container) {
		if (entry_match(&y->table[i], c, key, index, kind)) {
			y->table[i].line = line;
			y->table[i].col = col;
			return;
		}
		i = (i + 1) & (y->table_cap - 1);
	}
	y->table[i] = (struct pos_entry){ c, key, index, kind, line, col };
	y->table_nr++;
}

static const struct pos_entry *table_get(const struct rb_yaml *y,
					 const json_t *c, const char *key,
					 size_t index, int kind)
{
	size_t i;

	if (!y->table_cap)
		return NULL;
	i = hash_entry(c, key, index, kind) & (y->table_cap - 1);
	while (y->table[i].container) {
		if (entry_match(&y->table[i], c, key, index, kind))
			return &y->table[i];
		i = (i + 1) & (y->table_cap - 1);
	}
	return NULL;
}

static const char *intern_key(struct rb_yaml *y, const char *key)
{
	RB_GROW(y->keys, y->keys_nr + 1, y->keys_alloc);
	return y->keys[y->keys_nr++] = rb_xstrdup(key);
}

static struct rb_loc mark_loc(struct parser *ps, yaml_mark_t m)
{
	return (struct rb_loc){ ps->y->path, (int)m.line + 1 + ps->line_offset,
				(int)m.column + 1 };
}

static void fail_va(struct parser *ps, yaml_mark_t m, const char *hint,
		    const char *fmt, va_list ap) RB_PRINTF(4, 0);

/* The one error of a parse (the first); the rest would follow from it. */
static void fail_va(struct parser *ps, yaml_mark_t m, const char *hint,
		    const char *fmt, va_list ap)
{
	struct rb_buf msg = RB_BUF_INIT;

	if (ps->failed)
		return;
	ps->failed = true;
	rb_buf_vaddf(&msg, fmt, ap);
	rb_error_hint(ps->d, mark_loc(ps, m), hint, "%s", msg.ptr);
	rb_buf_release(&msg);
}

static void fail(struct parser *ps, yaml_mark_t m, const char *fmt, ...)
	RB_PRINTF(3, 4);

static void fail(struct parser *ps, yaml_mark_t m, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_va(ps, m, NULL, fmt, ap);
	va_end(ap);
}

static void fail_hint(struct parser *ps, yaml_mark_t m, const char *hint,
		      const char *fmt, ...) RB_PRINTF(4, 5);

static void fail_hint(struct parser *ps, yaml_mark_t m, const char *hint,
		      const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	fail_va(ps, m, hint, fmt, ap);
	va_end(ap);
}

/* How many times the line of `m` holds `c`. */
static size_t line_count(const struct parser *ps, yaml_mark_t m, char c)
{
	size_t at = m.index < ps->len ? m.index : ps->len;
	size_t start = at, end = at, n = 0;

	while (start && ps->data[start - 1] != '\n')
		start--;
	while (end < ps->len && ps->data[end] != '\n')
		end++;
	for (size_t i = start; i < end; i++)
		n += ps->data[i] == c;
	return n;
}

/*
 * What to do about libyaml's message for the mistakes people make most:
 * indentation that does not line up, a tab, a value with ': ' or a quote
 * in it left unquoted, a quote or a [ ] list not closed.
 */
static const char *yaml_hint(const struct parser *ps, yaml_mark_t m,
			     const char *problem, const char *context)
{
	if (!context)
		context = "";
	if (strstr(problem, "tab character"))
		return "YAML indents with spaces: replace the tab with spaces";
	if (strstr(problem, "expected ',' or ']'")) {
		if (line_count(ps, m, '"') || line_count(ps, m, '\'') || line_count(ps, m, '[') > 1)
			return "an item of a [ ] list that holds quotes or brackets must be quoted whole, "
			       "in single quotes ('module.x.y[\"api\"]'), or write the list one '- ' item a line";
		return "a [ ] list closes with ']' on the same line and separates its items with ', '";
	}
	if (strstr(problem, "expected ',' or '}'"))
		return "a { } mapping closes with '}' on the same line and separates its entries with ', '";
	if (strstr(problem, "mapping values are not allowed"))
		return "a value holding ': ' must be quoted (\"a: b\"); or this line is indented deeper than the key above it";
	if (strstr(problem, "expected '-' indicator") || strstr(problem, "expected key"))
		return "check the indentation: the keys of one item line up under each other, "
		       "and the lines of a list start with '- ' at the same column; "
		       "a quote opened above and never closed gives this too";
	if (strstr(problem, "cannot start any token"))
		return "a value starting with @, ` or % must be quoted";
	if (strstr(problem, "expected ':'"))
		return "a key is followed by ': ' (a colon and a space)";
	if (strstr(context, "quoted scalar"))
		return "a quote is opened and never closed; inside \"...\" write \\\" for a quote, inside '...' write ''";
	return NULL;
}

static void parser_error(struct parser *ps)
{
	yaml_parser_t *p = &ps->p;
	yaml_mark_t m = p->problem_mark;
	const char *problem = p->problem ? p->problem : "invalid YAML";

	if (p->error == YAML_READER_ERROR) {
		/* reader errors carry a byte offset: turn it into line:col */
		m.line = 0;
		m.column = 0;
		for (size_t i = 0; i < p->problem_offset && i < ps->len; i++) {
			if (ps->data[i] == '\n') {
				m.line++;
				m.column = 0;
			} else if (((unsigned char)ps->data[i] & 0xc0) != 0x80) {
				m.column++;
			}
		}
		fail(ps, m, "%s: the file must be UTF-8 text", problem);
		return;
	}
	if (p->context)
		fail_hint(ps, m, yaml_hint(ps, m, problem, p->context), "%s (%s)", problem, p->context);
	else
		fail_hint(ps, m, yaml_hint(ps, m, problem, NULL), "%s", problem);
}

static bool next_event(struct parser *ps, yaml_event_t *ev)
{
	if (!yaml_parser_parse(&ps->p, ev)) {
		parser_error(ps);
		return false;
	}
	return true;
}

static bool is_int(const char *s, long long *out)
{
	const char *p = s;
	long long v = 0;
	bool neg = false;

	if (*p == '-' || *p == '+')
		neg = *p++ == '-';
	if (!*p)
		return false;
	/* a leading zero makes it a string, e.g. 0123 (an account id) */
	if (p[0] == '0' && p[1])
		return false;
	for (; *p; p++) {
		if (*p < '0' || *p > '9')
			return false;
		if (v > (LLONG_MAX - (*p - '0')) / 10)
			return false;
		v = v * 10 + (*p - '0');
	}
	*out = neg ? -v : v;
	return true;
}

static bool is_real(const char *s, double *out)
{
	const char *p = s;
	bool digits = false, dot = false, exp = false;
	char *end;

	if (*p == '-' || *p == '+')
		p++;
	for (; *p; p++) {
		if (*p >= '0' && *p <= '9') {
			digits = true;
		} else if (*p == '.' && !dot && !exp) {
			dot = true;
		} else if ((*p == 'e' || *p == 'E') && digits && !exp) {
			exp = true;
			if (p[1] == '-' || p[1] == '+')
				p++;
			if (!p[1])
				return false;
		} else {
			return false;
		}
	}
	if (!digits || (!dot && !exp))
		return false;
	*out = strtod(s, &end);
	return *end == '\0';
}

static json_t *scalar_value(const yaml_event_t *ev)
{
	const char *s = (const char *)ev->data.scalar.value;
	size_t len = ev->data.scalar.length;
	const char *tag = (const char *)ev->data.scalar.tag;
	long long i;
	double r;

	if (tag && !strcmp(tag, YAML_STR_TAG))
		return json_stringn(s, len);
	if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE)
		return json_stringn(s, len);
	if (len == 0 || !strcmp(s, "~") || !strcmp(s, "null") ||
	    !strcmp(s, "Null") || !strcmp(s, "NULL"))
		return json_null();
	if (!strcmp(s, "true") || !strcmp(s, "True") || !strcmp(s, "TRUE"))
		return json_true();
	if (!strcmp(s, "false") || !strcmp(s, "False") || !strcmp(s, "FALSE"))
		return json_false();
	if (strlen(s) == len && is_int(s, &i))
		return json_integer(i);
	if (strlen(s) == len && is_real(s, &r))
		return json_real(r);
	return json_stringn(s, len);
}

static json_t *parse_node(struct parser *ps, yaml_event_t *ev, int *line,
			  int *col);

static void add_anchor(struct parser *ps, const char *name, json_t *v,
		       size_t nodes)
{
	RB_GROW(ps->anchors, ps->anchors_nr + 1, ps->anchors_alloc);
	ps->anchors[ps->anchors_nr].name = rb_xstrdup(name);
	ps->anchors[ps->anchors_nr].value = json_incref(v);
	ps->anchors[ps->anchors_nr].nodes = nodes;
	ps->anchors_nr++;
}

static bool budget(struct parser *ps, size_t n, yaml_mark_t m)
{
	ps->nodes += n;
	if (ps->nodes > RB_YAML_MAX_NODES) {
		fail(ps, m, "alias expansion exceeds %d nodes", RB_YAML_MAX_NODES);
		return false;
	}
	return true;
}

/*
 * Records positions for every container inside a deep copy made for an
 * alias, using the positions of the original where the shapes match.
 */
static void copy_positions(struct rb_yaml *y, const json_t *from,
			   const json_t *to)
{
	const struct pos_entry *e;
	const char *k;
	json_t *v;
	size_t i;

	if ((e = table_get(y, from, NULL, 0, 0)))
		table_put(y, to, NULL, 0, 0, e->line, e->col);
	if (json_is_object(from)) {
		json_object_foreach((json_t *)from, k, v) {
			const char *key = NULL;

			if ((e = table_get(y, from, k, 0, 1))) {
				key = e->key;
				table_put(y, to, key, 0, 1, e->line, e->col);
			}
			if ((e = table_get(y, from, k, 0, 2)))
				table_put(y, to, e->key, 0, 2, e->line, e->col);
			copy_positions(y, v, json_object_get(to, k));
		}
	} else if (json_is_array(from)) {
		json_array_foreach((json_t *)from, i, v) {
			if ((e = table_get(y, from, NULL, i, 3)))
				table_put(y, to, NULL, i, 3, e->line, e->col);
			copy_positions(y, v, json_array_get(to, i));
		}
	}
}

static json_t *parse_mapping(struct parser *ps, yaml_event_t *start)
{
	json_t *obj = json_object();
	yaml_mark_t sm = start->start_mark;

	table_put(ps->y, obj, NULL, 0, 0, (int)sm.line + 1 + ps->line_offset,
		  (int)sm.column + 1);
	for (;;) {
		yaml_event_t kev, vev;
		json_t *val;
		int kl, kc, vl, vc;
		const char *key;

		if (!next_event(ps, &kev))
			goto error;
		if (kev.type == YAML_MAPPING_END_EVENT) {
			yaml_event_delete(&kev);
			return obj;
		}
		if (kev.type != YAML_SCALAR_EVENT) {
			fail(ps, kev.start_mark, "mapping key must be a scalar");
			yaml_event_delete(&kev);
			goto error;
		}
		kl = (int)kev.start_mark.line + 1 + ps->line_offset;
		kc = (int)kev.start_mark.column + 1;
		if (kev.data.scalar.style == YAML_PLAIN_SCALAR_STYLE &&
		    !strcmp((const char *)kev.data.scalar.value, "<<")) {
			fail(ps, kev.start_mark, "merge keys ('<<') are not supported");
			yaml_event_delete(&kev);
			goto error;
		}
		if (strlen((const char *)kev.data.scalar.value) != kev.data.scalar.length) {
			fail(ps, kev.start_mark, "mapping key contains a NUL character");
			yaml_event_delete(&kev);
			goto error;
		}
		if (json_object_get(obj, (const char *)kev.data.scalar.value)) {
			struct rb_yaml *y = ps->y;

			if (!ps->repeats_ok) {
				fail(ps, kev.start_mark, "duplicate key '%s'",
				     (const char *)kev.data.scalar.value);
				yaml_event_delete(&kev);
				goto error;
			}
			RB_GROW(y->repeats, y->repeats_nr + 1, y->repeats_alloc);
			y->repeats[y->repeats_nr++] = (struct rb_yaml_repeat){
				intern_key(y, (const char *)kev.data.scalar.value), kl, kc,
			};
		}
		if (!budget(ps, 1, kev.start_mark)) {
			yaml_event_delete(&kev);
			goto error;
		}
		key = intern_key(ps->y, (const char *)kev.data.scalar.value);
		yaml_event_delete(&kev);
		if (!next_event(ps, &vev))
			goto error;
		val = parse_node(ps, &vev, &vl, &vc);
		yaml_event_delete(&vev);
		if (!val)
			goto error;
		if (json_object_set_new(obj, key, val) < 0) {
			fail(ps, sm, "invalid UTF-8 in key '%s'", key);
			goto error;
		}
		table_put(ps->y, obj, key, 0, 1, kl, kc);
		table_put(ps->y, obj, key, 0, 2, vl, vc);
	}
error:
	json_decref(obj);
	return NULL;
}

static json_t *parse_sequence(struct parser *ps, yaml_event_t *start)
{
	json_t *arr = json_array();
	yaml_mark_t sm = start->start_mark;

	table_put(ps->y, arr, NULL, 0, 0, (int)sm.line + 1 + ps->line_offset,
		  (int)sm.column + 1);
	for (;;) {
		yaml_event_t ev;
		json_t *val;
		int l, c;

		if (!next_event(ps, &ev))
			goto error;
		if (ev.type == YAML_SEQUENCE_END_EVENT) {
			yaml_event_delete(&ev);
			return arr;
		}
		val = parse_node(ps, &ev, &l, &c);
		yaml_event_delete(&ev);
		if (!val)
			goto error;
		table_put(ps->y, arr, NULL, json_array_size(arr), 3, l, c);
		json_array_append_new(arr, val);
	}
error:
	json_decref(arr);
	return NULL;
}

static json_t *parse_node(struct parser *ps, yaml_event_t *ev, int *line,
			  int *col)
{
	json_t *v = NULL;
	const char *anchor = NULL;
	size_t before = ps->nodes;

	*line = (int)ev->start_mark.line + 1 + ps->line_offset;
	*col = (int)ev->start_mark.column + 1;
	switch (ev->type) {
	case YAML_ALIAS_EVENT: {
		const char *name = (const char *)ev->data.alias.anchor;
		struct anchor *a = NULL;

		for (size_t i = ps->anchors_nr; i-- > 0;)
			if (!strcmp(ps->anchors[i].name, name)) {
				a = &ps->anchors[i];
				break;
			}
		if (!a) {
			fail(ps, ev->start_mark, "unknown alias '%s'", name);
			return NULL;
		}
		if (!budget(ps, a->nodes, ev->start_mark))
			return NULL;
		if (json_is_object(a->value) || json_is_array(a->value)) {
			v = json_deep_copy(a->value);
			copy_positions(ps->y, a->value, v);
		} else {
			v = json_incref(a->value);
		}
		return v;
	}
	case YAML_SCALAR_EVENT:
		if (!budget(ps, 1, ev->start_mark))
			return NULL;
		anchor = (const char *)ev->data.scalar.anchor;
		v = scalar_value(ev);
		if (!v) {
			fail(ps, ev->start_mark, "invalid UTF-8 in a value");
			return NULL;
		}
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (++ps->depth > RB_YAML_MAX_DEPTH) {
			fail(ps, ev->start_mark, "nesting deeper than %d levels",
			     RB_YAML_MAX_DEPTH);
			return NULL;
		}
		if (!budget(ps, 1, ev->start_mark))
			return NULL;
		if (ev->type == YAML_MAPPING_START_EVENT) {
			anchor = (const char *)ev->data.mapping_start.anchor;
			v = parse_mapping(ps, ev);
		} else {
			anchor = (const char *)ev->data.sequence_start.anchor;
			v = parse_sequence(ps, ev);
		}
		ps->depth--;
		if (!v)
			return NULL;
		break;
	default:
		fail(ps, ev->start_mark, "unexpected YAML event");
		return NULL;
	}
	if (anchor)
		add_anchor(ps, anchor, v, ps->nodes - before);
	return v;
}

static int parse(struct rb_yaml **out, const char *path, const char *data,
		 size_t len, int line_offset, bool repeats_ok,
		 struct rb_diags *diags)
{
	struct rb_yaml *y = rb_xcalloc(1, sizeof(*y));
	struct parser ps;
	yaml_event_t ev;
	bool have_doc = false;
	int ret = -1;

	*out = NULL;
	y->path = rb_xstrdup(path);
	y->root_line = 1 + line_offset;
	y->root_col = 1;
	memset(&ps, 0, sizeof(ps));
	ps.y = y;
	ps.d = diags;
	ps.line_offset = line_offset;
	ps.repeats_ok = repeats_ok;
	ps.data = data;
	ps.len = len;
	if (memchr(data, '\0', len)) {
		const char *nul = memchr(data, '\0', len);
		int line = 1 + line_offset;

		for (const char *p = data; p < nul; p++)
			line += *p == '\n';
		rb_error(diags, (struct rb_loc){ y->path, line, 0 },
			 "file contains a NUL byte: it must be UTF-8 text");
		rb_yaml_free(y);
		return -1;
	}
	if (!yaml_parser_initialize(&ps.p))
		rb_die("cannot initialise libyaml");
	yaml_parser_set_input_string(&ps.p, (const unsigned char *)data, len);
	yaml_parser_set_encoding(&ps.p, YAML_UTF8_ENCODING);
	for (;;) {
		if (!next_event(&ps, &ev))
			goto done;
		if (ev.type == YAML_STREAM_END_EVENT) {
			yaml_event_delete(&ev);
			break;
		}
		if (ev.type == YAML_DOCUMENT_START_EVENT) {
			if (have_doc) {
				fail(&ps, ev.start_mark, "more than one YAML document");
				yaml_event_delete(&ev);
				goto done;
			}
			have_doc = true;
			yaml_event_delete(&ev);
			if (!next_event(&ps, &ev))
				goto done;
			y->root = parse_node(&ps, &ev, &y->root_line, &y->root_col);
			yaml_event_delete(&ev);
			if (!y->root)
				goto done;
			continue;
		}
		yaml_event_delete(&ev);
	}
	if (!y->root)
		y->root = json_null();
	ret = 0;
done:
	yaml_parser_delete(&ps.p);
	for (size_t i = 0; i < ps.anchors_nr; i++) {
		free(ps.anchors[i].name);
		json_decref(ps.anchors[i].value);
	}
	free(ps.anchors);
	if (ret < 0) {
		rb_yaml_free(y);
		return -1;
	}
	*out = y;
	return 0;
}

int rb_yaml_parse(struct rb_yaml **out, const char *path, const char *data,
		  size_t len, int line_offset, struct rb_diags *diags)
{
	return parse(out, path, data, len, line_offset, false, diags);
}

int rb_yaml_parse_repeats(struct rb_yaml **out, const char *path,
			  const char *data, size_t len, int line_offset,
			  struct rb_diags *diags)
{
	return parse(out, path, data, len, line_offset, true, diags);
}

size_t rb_yaml_repeats(const struct rb_yaml *y,
		       const struct rb_yaml_repeat **list)
{
	*list = y->repeats;
	return y->repeats_nr;
}

json_t *rb_yaml_root(const struct rb_yaml *y)
{
	return y->root;
}

const char *rb_yaml_path(const struct rb_yaml *y)
{
	return y->path;
}

static struct rb_loc loc_of(const struct rb_yaml *y, const struct pos_entry *e)
{
	if (!e)
		return (struct rb_loc){ y->path, y->root_line, y->root_col };
	return (struct rb_loc){ y->path, e->line, e->col };
}

struct rb_loc rb_yaml_loc(const struct rb_yaml *y, const json_t *node)
{
	return loc_of(y, table_get(y, node, NULL, 0, 0));
}

struct rb_loc rb_yaml_loc_key(const struct rb_yaml *y, const json_t *obj,
			      const char *key)
{
	const struct pos_entry *e = table_get(y, obj, key, 0, 1);

	return e ? loc_of(y, e) : rb_yaml_loc(y, obj);
}

struct rb_loc rb_yaml_loc_val(const struct rb_yaml *y, const json_t *obj,
			      const char *key)
{
	const struct pos_entry *e = table_get(y, obj, key, 0, 2);

	return e ? loc_of(y, e) : rb_yaml_loc(y, obj);
}

struct rb_loc rb_yaml_loc_at(const struct rb_yaml *y, const json_t *arr,
			     size_t i)
{
	const struct pos_entry *e = table_get(y, arr, NULL, i, 3);

	return e ? loc_of(y, e) : rb_yaml_loc(y, arr);
}

void rb_yaml_free(struct rb_yaml *y)
{
	if (!y)
		return;
	json_decref(y->root);
	for (size_t i = 0; i < y->keys_nr; i++)
		free(y->keys[i]);
	free(y->keys);
	free(y->repeats);
	free(y->table);
	free(y->path);
	free(y);
}
