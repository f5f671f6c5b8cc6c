/*
 * infra.c - the inventory table and its lookups (redaction is redact.c's).
 * Reading export files is infra_load.c's.
 */
#include <ctype.h>

#include "aws_types.h"
#include "big_alloc.h"
#include "closest.h"
#include "infra.h"
#include "json_scan.h"

static json_t *unbound_value;

/* A member of a state's attributes, read from the text alone. */
struct rb_attr_memo {
	struct rb_attr_memo *next;
	char *key;
	json_t *value;		/* redacted; NULL when absent */
};

static void free_unbound(void)
{
	json_decref(unbound_value);
	unbound_value = NULL;
}

json_t *rb_unbound(void)
{
	if (!unbound_value) {
		unbound_value = json_object();
		atexit(free_unbound);
	}
	return unbound_value;
}

json_t *rb_json_path(json_t *v, const char *path)
{
	char part[256];

	while (v && *path) {
		size_t n = strcspn(path, ".");

		if (n >= sizeof(part))
			return NULL;
		memcpy(part, path, n);
		part[n] = '\0';
		if (json_is_array(v) && n && strspn(part, "0123456789") == n)
			v = json_array_get(v, strtoul(part, NULL, 10));
		else if (json_is_object(v))
			v = json_object_get(v, part);
		else
			return NULL;
		path += n + (path[n] == '.');
	}
	return v;
}

bool rb_redact_path(json_t *attrs, json_t *steps)
{
	json_t *cur = attrs, *parent = NULL;
	const char *last_key = NULL;
	size_t last_index = 0;
	size_t i;
	json_t *step;

	if (!json_is_array(steps) || !json_array_size(steps))
		return false;
	json_array_foreach(steps, i, step) {
		const char *kind = json_string_value(json_object_get(step, "type"));
		json_t *val = json_object_get(step, "value");

		parent = cur;
		last_key = NULL;
		if (kind && !strcmp(kind, "get_attr") && json_is_string(val)) {
			last_key = json_string_value(val);
			cur = json_object_get(cur, last_key);
		} else if (kind && !strcmp(kind, "index")) {
			json_t *k = json_object_get(val, "value");

			if (json_is_integer(k) && json_is_array(cur)) {
				last_index = (size_t)json_integer_value(k);
				cur = json_array_get(cur, last_index);
			} else if (json_is_string(k) && json_is_object(cur)) {
				last_key = json_string_value(k);
				cur = json_object_get(cur, last_key);
			} else {
				return false;
			}
		} else {
			return false;
		}
		if (!cur)
			return false;
	}
	if (json_is_null(cur))
		return false;
	if (last_key)
		json_object_set(parent, last_key, rb_redacted());
	else
		json_array_set(parent, last_index, rb_redacted());
	return true;
}

json_t *rb_sensitive_paths(const char *text, size_t len)
{
	json_t *paths = json_loadb(text, len, JSON_DECODE_ANY, NULL);

	if (!json_is_array(paths) || !json_array_size(paths)) {
		json_decref(paths);
		return NULL;
	}
	return paths;
}

json_t *rb_resource_attrs(const struct rb_resource *cr)
{
	/* the parse is a cache: the resource does not change for the caller */
	struct rb_resource *r = (struct rb_resource *)cr;
	json_t *a;
	size_t i;
	json_t *path;

	if (r->attributes)
		return r->attributes;
	/* the text was checked when the state was read */
	a = r->raw ? json_loadb(r->raw, r->raw_len, JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL) : NULL;
	if (!json_is_object(a)) {
		json_decref(a);
		a = json_object();
	}
	if (!r->sensitive && r->sensitive_raw)
		r->sensitive = rb_sensitive_paths(r->sensitive_raw, r->sensitive_len);
	json_array_foreach(r->sensitive, i, path)
		rb_redact_path(a, path);
	rb_redact_secret_keys(a);
	rb_aws_redact(r->type, a, rb_redacted());
	r->attributes = a;
	return a;
}

/*
 * The resources of a state come in runs that share type, name, module and
 * provider: the last few strings answer most calls without hashing.
 */
const char *rb_infra_intern(struct rb_infra *inv, const char *s)
{
	size_t k;
	const char *found;

	for (unsigned i = 0; i < 4; i++)
		if (inv->recent[i] && !strcmp(inv->recent[i], s))
			return inv->recent[i];
	k = rb_strmap_get(&inv->interned, s);
	if (k != SIZE_MAX) {
		found = inv->pool[k];
	} else {
		RB_GROW(inv->pool, inv->pool_nr + 1, inv->pool_alloc);
		inv->pool[inv->pool_nr] = rb_xstrdup(s);
		rb_strmap_put(&inv->interned, inv->pool[inv->pool_nr], inv->pool_nr);
		found = inv->pool[inv->pool_nr++];
	}
	inv->recent[inv->recent_next++ % 4] = found;
	return found;
}

static void reindex(struct rb_infra *inv);

void rb_infra_truncate(struct rb_infra *inv, size_t nr)
{
	while (inv->nr > nr) {
		struct rb_resource *r = &inv->items[--inv->nr];

		/* its strings stay in the arena until the infra is released */
		free(r->label);
		json_decref(r->attributes);
		json_decref(r->sensitive);
		while (r->memo) {
			struct rb_attr_memo *m = r->memo;

			r->memo = m->next;
			free(m->key);
			json_decref(m->value);
			free(m);
		}
	}
	reindex(inv);
}

/* The line and column of byte `at` of a kept export text. */
static struct rb_loc text_loc(const struct rb_infra *cinv, const struct rb_resource *r,
			      const char *at)
{
	/* the line index is a cache: the inventory does not change for the caller */
	struct rb_infra *inv = (struct rb_infra *)cinv;
	struct rb_loc loc = { r->source, 0, 0 };

	for (size_t i = 0; at && i < inv->texts_nr; i++) {
		struct rb_infra_text *kept = &inv->texts[i];
		const struct rb_file_text *t = &kept->file;
		size_t off, lo = 0, hi;

		if (at < t->data || at >= t->data + t->len)
			continue;
		off = (size_t)(at - t->data);
		if (!kept->line_starts) {
			size_t alloc = 0;

			RB_GROW(kept->line_starts, 1, alloc);
			kept->line_starts[kept->lines_nr++] = 0;
			for (const char *p = t->data, *end = t->data + t->len;
			     (p = memchr(p, '\n', (size_t)(end - p))); p++) {
				RB_GROW(kept->line_starts, kept->lines_nr + 1, alloc);
				kept->line_starts[kept->lines_nr++] = (size_t)(p - t->data) + 1;
			}
		}
		/* the last line starting at or before off */
		hi = kept->lines_nr;
		while (hi - lo > 1) {
			size_t mid = lo + (hi - lo) / 2;

			if (kept->line_starts[mid] <= off)
				lo = mid;
			else
				hi = mid;
		}
		loc.line = 1;
		loc.col = 1;
		rb_pos_advance(t->data + kept->line_starts[lo], off - kept->line_starts[lo], true,
			       &loc.line, &loc.col);
		loc.line += (int)lo;
		break;
	}
	return loc;
}

struct rb_loc rb_resource_loc(const struct rb_infra *inv, const struct rb_resource *r)
{
	return text_loc(inv, r, r->raw);
}

/* Moves the reader to the value of `part` (a key, or an item's number). */
static bool enter(struct rb_json_scan *sc, const char *part, size_t n, struct rb_buf *key)
{
	if (rb_json_peek(sc) == '[') {
		char *end;
		unsigned long item = strtoul(part, &end, 10);

		if (end != part + n || !rb_json_array_begin(sc))
			return false;
		for (unsigned long k = 0; rb_json_array_next(sc) == 1; k++) {
			if (k == item)
				return true;
			if (!rb_json_skip(sc, NULL))
				return false;
		}
		return false;
	}
	if (!rb_json_object_begin(sc))
		return false;
	while (rb_json_object_next(sc, key) == 1) {
		if (key->len == n && !memcmp(key->ptr, part, n))
			return true;
		if (!rb_json_skip(sc, NULL))
			return false;
	}
	return false;
}

struct rb_loc rb_resource_attr_loc(const struct rb_infra *inv, const struct rb_resource *r,
				   const char *path)
{
	struct rb_json_scan sc;
	struct rb_buf key = RB_BUF_INIT;
	const char *at = r->raw;
	bool found = r->raw != NULL;

	rb_json_scan_init(&sc, r->raw, r->raw ? r->raw_len : 0);
	for (const char *p = path; found && p; ) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);

		found = enter(&sc, p, n, &key);
		p = dot ? dot + 1 : NULL;
	}
	if (found && rb_json_peek(&sc))
		at = r->raw + sc.pos;
	rb_buf_release(&key);
	rb_json_scan_release(&sc);
	return text_loc(inv, r, at);
}

struct rb_loc rb_resource_value_loc(const struct rb_infra *inv, const struct rb_resource *r,
				    const char *value)
{
	size_t n = value ? strlen(value) : 0;
	const char *end = r->raw ? r->raw + r->raw_len : NULL;

	/* the value as a JSON string without escapes: "value" */
	for (const char *p = r->raw; n && p && p + n + 2 <= end; p++) {
		p = memchr(p, '"', (size_t)(end - p));
		if (!p || p + n + 2 > end)
			break;
		if (!memcmp(p + 1, value, n) && p[n + 1] == '"')
			return text_loc(inv, r, p);
	}
	return rb_resource_loc(inv, r);
}

void rb_infra_keep_text(struct rb_infra *inv, struct rb_file_text *text)
{
	RB_GROW(inv->texts, inv->texts_nr + 1, inv->texts_alloc);
	inv->texts[inv->texts_nr++] = (struct rb_infra_text){ *text, NULL, 0 };
	memset(text, 0, sizeof(*text));
}

char *rb_json_scalar_text(json_t *v)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		return rb_xstrdup(json_string_value(v));
	case JSON_INTEGER:
		return rb_xasprintf("%lld", (long long)json_integer_value(v));
	case JSON_REAL:
		return rb_xasprintf("%.15g", json_real_value(v));
	case JSON_TRUE:
		return rb_xstrdup("true");
	case JSON_FALSE:
		return rb_xstrdup("false");
	default:
		return NULL;
	}
}

/* Does the JSON text have the string "key"? */
static bool names_key(const char *text, size_t len, const char *key)
{
	size_t k = strlen(key);
	const char *end = text + len;

	if (!k)
		return true;
	for (const char *p = text; (p = memmem(p, (size_t)(end - p), key, k)); p++)
		if (p > text && p[-1] == '"' && p + k < end && p[k] == '"')
			return true;
	return false;
}

/* Past this many members asked of one resource, the whole object is parsed. */
#define MEMO_MAX 8

/*
 * Could redaction of the whole object change the member `key` in a way
 * redaction of the member alone would not? A name/value pair's value (the
 * name is another member), a type's secret attribute, a sensitive path
 * through it: then only the parsed, redacted attributes answer. (A secret
 * name, or secrets inside the value, the member's own redaction finds.)
 */
static bool may_redact(const struct rb_resource *r, const char *key)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	if (!strcasecmp(key, "value") || !strcasecmp(key, "parametervalue"))
		return true;
	/* a sensitive path's first step names a top-level key, unescaped
	   unless the text has a backslash */
	if (r->sensitive_raw &&
	    (memchr(r->sensitive_raw, '\\', r->sensitive_len) ||
	     names_key(r->sensitive_raw, r->sensitive_len, key)))
		return true;
	for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->secrets) && t->secrets[k]; k++)
		if (!strcmp(t->secrets[k], key))
			return true;
	return false;
}

/*
 * The member `key` read from the text: true and `*out` (a new reference,
 * or NULL when absent) when it could be, false when the whole object must
 * be parsed.
 */
static bool read_member(const struct rb_resource *r, const char *key, json_t **out)
{
	struct rb_json_scan sc;
	struct rb_buf name = RB_BUF_INIT;
	struct rb_json_span span = { 0, 0 };
	bool found = false;
	json_t *one, *v = NULL;

	/* the last of repeated keys counts, as in the parse */
	rb_json_scan_init(&sc, r->raw, r->raw_len);
	if (rb_json_object_begin(&sc)) {
		while (rb_json_object_next(&sc, &name) > 0) {
			if (!strcmp(name.ptr, key))
				found = rb_json_skip(&sc, &span);
			else
				rb_json_skip(&sc, NULL);
		}
	}
	rb_buf_release(&name);
	rb_json_scan_release(&sc);
	if (sc.error)
		return false;
	if (found) {
		v = json_loadb(r->raw + span.start, span.end - span.start,
			       JSON_DECODE_ANY | JSON_ALLOW_NUL, NULL);
		if (!v)
			return false;
		/* what redaction of the whole object does to this member, done to it alone */
		one = json_object();
		json_object_set_new(one, key, v);
		rb_redact_secret_keys(one);
		v = json_incref(json_object_get(one, key));
		json_decref(one);
	}
	*out = v;
	return true;
}

json_t *rb_resource_attr(const struct rb_resource *cr, const char *key)
{
	/* the memo is a cache: the resource does not change for the caller */
	struct rb_resource *r = (struct rb_resource *)cr;
	struct rb_attr_memo *m;
	size_t n = 0;
	json_t *v;

	if (r->attributes || !r->raw)
		return json_object_get(rb_resource_attrs(r), key);
	for (m = r->memo; m; m = m->next, n++)
		if (!strcmp(m->key, key))
			return m->value;
	if (n >= MEMO_MAX || may_redact(r, key) || !read_member(r, key, &v))
		return json_object_get(rb_resource_attrs(r), key);
	m = rb_xmalloc(sizeof(*m));
	m->key = rb_xstrdup(key);
	m->value = v;
	m->next = r->memo;
	r->memo = m;
	return v;
}

json_t *rb_resource_path(const struct rb_resource *r, const char *path)
{
	size_t n = strcspn(path, ".");
	char first[256];

	if (n >= sizeof(first))
		return NULL;
	memcpy(first, path, n);
	first[n] = '\0';
	return path[n] ? rb_json_path(rb_resource_attr(r, first), path + n + 1)
		       : rb_resource_attr(r, first);
}

const char *rb_resource_str(const struct rb_resource *r, const char *key)
{
	return json_string_value(rb_resource_attr(r, key));
}

void rb_infra_init(struct rb_infra *inv)
{
	memset(inv, 0, sizeof(*inv));
}

void rb_infra_release(struct rb_infra *inv)
{
	rb_infra_truncate(inv, 0);
	rb_big_free(inv->items, inv->alloc * sizeof(*inv->items));
	rb_arena_release(&inv->strings);
	for (size_t i = 0; i < inv->texts_nr; i++) {
		rb_file_text_release(&inv->texts[i].file);
		free(inv->texts[i].line_starts);
	}
	free(inv->texts);
	for (size_t i = 0; i < inv->pool_nr; i++)
		free(inv->pool[i]);
	free(inv->pool);
	rb_strmap_release(&inv->interned);
	for (size_t i = 0; i < inv->stacks_nr; i++)
		free(inv->stacks[i]);
	free(inv->stacks);
	for (size_t i = 0; i < inv->exports_nr; i++) {
		free(inv->exports[i].path);
		free(inv->exports[i].scope);
	}
	free(inv->exports);
	rb_strmap_release(&inv->by_address);
	rb_strmap_release(&inv->by_id);
	rb_strmap_release(&inv->by_arn);
	memset(inv, 0, sizeof(*inv));
}

/*
 * The address map is filled as resources are added; ids and ARNs are known
 * only once a loader has derived them, so they are indexed here, for the
 * resources added since the last call (a folder of many exports must not
 * index its first resources once per file).
 */
void rb_infra_index(struct rb_infra *inv)
{
	/* one stack: findings name resources as they always did */
	size_t from = inv->stacks_nr > 1 && !inv->labelled ? 0 : inv->indexed;

	for (size_t i = inv->indexed; i < inv->nr; i++) {
		struct rb_resource *r = &inv->items[i];

		r->next_id = r->id ? rb_strmap_put(&inv->by_id, r->id, i) : SIZE_MAX;
		r->next_arn = r->arn ? rb_strmap_put(&inv->by_arn, r->arn, i) : SIZE_MAX;
	}
	if (inv->stacks_nr > 1) {
		for (size_t i = from; i < inv->nr; i++) {
			struct rb_resource *r = &inv->items[i];

			if (!r->label)
				r->label = rb_xasprintf("%s:%s", r->stack, r->address);
		}
		inv->labelled = true;
	}
	inv->indexed = inv->nr;
}

/* After a truncation the maps name resources that are gone: start again. */
static void reindex(struct rb_infra *inv)
{
	rb_strmap_release(&inv->by_address);
	rb_strmap_release(&inv->by_id);
	rb_strmap_release(&inv->by_arn);
	for (size_t i = 0; i < inv->nr; i++)
		inv->items[i].next_address =
			rb_strmap_put(&inv->by_address, inv->items[i].address, i);
	inv->indexed = 0;
	rb_infra_index(inv);
}

bool rb_stack_name_valid(const char *name)
{
	size_t n = strspn(name, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n && !name[n];
}

char *rb_stack_default_name(const char *path)
{
	size_t len = strlen(path);
	const char *base;
	const char *dot;
	char *name;

	while (len > 1 && path[len - 1] == '/')
		len--;
	base = path + len;
	while (base > path && base[-1] != '/')
		base--;
	/* "dr.tfstate" -> "dr"; a leading dot does not start an extension */
	dot = NULL;
	for (const char *p = base + 1; p < path + len; p++)
		if (*p == '.')
			dot = p;
	name = rb_xstrndup(base, (size_t)((dot ? dot : path + len) - base));
	for (char *p = name; *p; p++)
		if (!strchr("abcdefghijklmnopqrstuvwxyz"
			    "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-", *p))
			*p = '-';
	if (!*name) {
		free(name);
		name = rb_xstrdup("default");
	}
	return name;
}

const char *rb_infra_stack_named(const struct rb_infra *inv, const char *name,
				 size_t len)
{
	/* a binder has a handful of stacks: a list is the right index */
	for (size_t i = 0; i < inv->stacks_nr; i++)
		if (strlen(inv->stacks[i]) == len && !memcmp(inv->stacks[i], name, len))
			return inv->stacks[i];
	return NULL;
}

const char *rb_infra_set_stack(struct rb_infra *inv, const char *name)
{
	const char *s = rb_infra_stack_named(inv, name, strlen(name));

	if (!s) {
		RB_GROW(inv->stacks, inv->stacks_nr + 1, inv->stacks_alloc);
		s = inv->stacks[inv->stacks_nr++] = rb_xstrdup(name);
	}
	inv->stack = s;
	return s;
}

size_t rb_address_stack_len(const char *text)
{
	size_t n = strspn(text, "abcdefghijklmnopqrstuvwxyz"
			  "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789_-");

	return n && text[n] == ':' ? n : 0;
}

const char *rb_resource_label(const struct rb_resource *r)
{
	return r->label ? r->label : r->address;
}

/* Is `address` (of a resource in `module`) a data source? */
static bool data_address(const char *address, const char *module)
{
	size_t skip = module && *module ? strlen(module) + 1 : 0;

	if (skip && (strncmp(address, module, skip - 1) || address[skip - 1] != '.'))
		skip = 0;
	return rb_starts_with(address + skip, "data.");
}

void rb_infra_reserve(struct rb_infra *inv, size_t more)
{
	size_t need = inv->nr + more;

	if (need > inv->alloc) {
		inv->items = rb_big_grow(inv->items, inv->alloc * sizeof(*inv->items),
					 need * sizeof(*inv->items));
		inv->alloc = need;
	}
	rb_strmap_reserve(&inv->by_address, need);
	rb_strmap_reserve(&inv->by_id, need);
	rb_strmap_reserve(&inv->by_arn, need);
}

struct rb_resource *rb_infra_add(struct rb_infra *inv, const char *address,
				 const char *type, const char *name,
				 const char *module, const char *index,
				 json_t *attributes, enum rb_origin origin,
				 const char *source, struct rb_diags *d)
{
	struct rb_resource *r;
	size_t head;

	if (!inv->stack) {
		char *def = rb_stack_default_name(source);

		rb_infra_set_stack(inv, def);
		free(def);
	}
	/*
	 * Put first, under the new address string: one probe finds the head
	 * of the same address in other stacks; a refusal puts the head back.
	 */
	if (inv->nr == inv->alloc) {
		size_t alloc = inv->alloc ? inv->alloc * 2 : 64;

		inv->items = rb_big_grow(inv->items, inv->alloc * sizeof(*inv->items),
					 alloc * sizeof(*inv->items));
		inv->alloc = alloc;
	}
	r = &inv->items[inv->nr];
	memset(r, 0, sizeof(*r));
	r->address = rb_arena_strdup(&inv->strings, address);
	head = rb_strmap_put(&inv->by_address, r->address, inv->nr);
	for (size_t prev = head; prev != SIZE_MAX; prev = inv->items[prev].next_address) {
		if (inv->items[prev].stack != inv->stack)
			continue;
		/*
		 * The same data source read by two states of one stack is one
		 * read of the same thing, not a resource in two places.
		 */
		if (!data_address(address, module))
			rb_error(d, (struct rb_loc){ source, 0, 0 },
				 "resource '%s' is also in %s: each resource may come from one state only",
				 address, inv->items[prev].source);
		rb_strmap_put(&inv->by_address, inv->items[head].address, head);
		json_decref(attributes);
		return NULL;
	}
	inv->nr++;
	r->type = rb_infra_intern(inv, type);
	r->name = rb_infra_intern(inv, name);
	r->module = rb_infra_intern(inv, module ? module : "");
	r->index = index ? rb_arena_strdup(&inv->strings, index) : NULL;
	r->provider = rb_infra_intern(inv, "");
	r->source = source;
	r->stack = inv->stack;
	r->origin = origin;
	r->attributes = attributes;
	r->next_id = r->next_arn = SIZE_MAX;
	r->next_address = head;
	return r;
}

const struct rb_resource *rb_infra_get_in(const struct rb_infra *inv,
					  const char *stack,
					  const char *address)
{
	for (size_t i = rb_strmap_get(&inv->by_address, address); i != SIZE_MAX;
	     i = inv->items[i].next_address)
		if (inv->items[i].stack == stack)
			return &inv->items[i];
	return NULL;
}

size_t rb_infra_lookup(const struct rb_infra *inv, const char *text,
		       size_t *out, size_t max)
{
	size_t slen = rb_address_stack_len(text);
	const char *stack = NULL;
	size_t n = 0;

	if (slen) {
		const struct rb_resource *r;

		stack = rb_infra_stack_named(inv, text, slen);
		r = stack ? rb_infra_get_in(inv, stack, text + slen + 1) : NULL;
		if (r && max)
			out[0] = (size_t)(r - inv->items);
		return r ? 1 : 0;
	}
	for (size_t i = rb_strmap_get(&inv->by_address, text); i != SIZE_MAX;
	     i = inv->items[i].next_address) {
		if (n < max)
			out[n] = i;
		n++;
	}
	/* the chain runs from the last added: list the stacks in load order */
	for (size_t a = 0, b = (n < max ? n : max); b > 1 && a < --b; a++) {
		size_t t = out[a];

		out[a] = out[b];
		out[b] = t;
	}
	return n;
}

const struct rb_resource *rb_infra_get(const struct rb_infra *inv,
				       const char *text)
{
	size_t i;

	return rb_infra_lookup(inv, text, &i, 1) == 1 ? &inv->items[i] : NULL;
}

/* The text form of a scalar, for comparisons with query values. */
static bool scalar_text(json_t *v, char *buf, size_t size)
{
	switch (json_typeof(v)) {
	case JSON_STRING:
		snprintf(buf, size, "%s", json_string_value(v));
		return true;
	case JSON_INTEGER:
		snprintf(buf, size, "%lld", (long long)json_integer_value(v));
		return true;
	case JSON_REAL:
		snprintf(buf, size, "%.15g", json_real_value(v));
		return true;
	case JSON_TRUE:
		snprintf(buf, size, "true");
		return true;
	case JSON_FALSE:
		snprintf(buf, size, "false");
		return true;
	default:
		return false;
	}
}

/* The value of a resource field: attributes first, then derived fields. */
static json_t *field_of(const struct rb_resource *r, const char *key,
			json_t **tmp)
{
	json_t *v = rb_resource_attr(r, key);

	*tmp = NULL;
	if (v)
		return v;
	if (!strcmp(key, "region") && r->region)
		return *tmp = json_string(r->region);
	if (!strcmp(key, "address"))
		return *tmp = json_string(r->address);
	if (!strcmp(key, "stack") && r->stack)
		return *tmp = json_string(r->stack);
	return NULL;
}

size_t rb_infra_query(const struct rb_infra *inv, const char *type,
		      json_t *where, size_t *out, size_t max)
{
	size_t n = 0;

	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];
		const char *key;
		json_t *want;
		bool ok = true;

		if (type && strcmp(r->type, type))
			continue;
		json_object_foreach(where, key, want) {
			char a[512], b[512];
			json_t *tmp, *have = field_of(r, key, &tmp);
			bool same = have && scalar_text(have, a, sizeof(a)) &&
				    scalar_text(want, b, sizeof(b)) && !strcmp(a, b);

			/* Route 53 names are written with or without the final dot */
			if (!same && have && json_is_string(have) && json_is_string(want)) {
				size_t la = strlen(a), lb = strlen(b);

				if (la && lb && (la == lb + 1 || lb == la + 1) &&
				    !strncmp(a, b, la < lb ? la : lb) &&
				    (a[la - 1] == '.' || b[lb - 1] == '.'))
					same = true;
			}
			json_decref(tmp);
			if (!same) {
				ok = false;
				break;
			}
		}
		if (!ok)
			continue;
		if (n < max)
			out[n] = i;
		n++;
	}
	return n;
}

const char *rb_infra_closest(const struct rb_infra *inv, const char *text)
{
	const char *best = NULL;
	size_t best_d = SIZE_MAX;
	size_t slen = rb_address_stack_len(text);
	const char *stack = slen ? rb_infra_stack_named(inv, text, slen) : NULL;
	const char *address = slen ? text + slen + 1 : text;
	size_t cap = strlen(address) / 3 + 1;
	const char *dot = strrchr(address, '.');
	size_t type_len = dot ? (size_t)(dot - address) : 0;

	if (cap > 6)
		cap = 6;
	for (size_t i = 0; i < inv->nr; i++) {
		const char *a = inv->items[i].address;
		size_t d;

		/* a stack that exists narrows the search to its resources */
		if (stack && inv->items[i].stack != stack)
			continue;
		/*
		 * Compare only addresses that share the type part, or all of
		 * them when the inventory is small: keeps a million-resource
		 * inventory fast.
		 */
		if (inv->nr > 5000 && type_len &&
		    strncmp(a, address, type_len < 8 ? type_len : 8))
			continue;
		d = rb_edit_distance(address, a, cap);
		if (d <= cap && d < best_d) {
			best = rb_resource_label(&inv->items[i]);
			best_d = d;
		}
	}
	return best;
}

char *rb_arn_region(const char *arn)
{
	const char *p = arn;
	const char *start, *end;

	/* arn:partition:service:region:account:resource */
	if (!arn || strncmp(arn, "arn:", 4))
		return NULL;
	for (int field = 0; field < 3; field++) {
		p = strchr(p, ':');
		if (!p)
			return NULL;
		p++;
	}
	start = p;
	end = strchr(start, ':');
	if (!end || end == start)
		return NULL;
	return rb_xstrndup(start, (size_t)(end - start));
}

/* A string or integer attribute as text, in `buf`; NULL when absent. */
static const char *string_attr(json_t *attrs, const char *key, char buf[32])
{
	json_t *v = json_object_get(attrs, key);

	if (json_is_string(v) && json_string_length(v))
		return json_string_value(v);
	if (json_is_integer(v)) {
		snprintf(buf, 32, "%lld", (long long)json_integer_value(v));
		return buf;
	}
	return NULL;
}

/* The region field of an ARN, interned; NULL when it has none. */
static const char *arn_region(struct rb_infra *inv, const char *arn)
{
	char *region = rb_arn_region(arn);
	const char *interned = region ? rb_infra_intern(inv, region) : NULL;

	free(region);
	return interned;
}

void rb_resource_derive_from(struct rb_infra *inv, struct rb_resource *r,
			     const char *id, const char *arn, const char *region,
			     const char *az, const char *fallback_region)
{
	/* a resource derived again keeps its old strings in the arena */
	r->id = id ? rb_arena_strdup(&inv->strings, id) : NULL;
	r->arn = arn ? rb_arena_strdup(&inv->strings, arn) : NULL;
	r->region = region ? rb_infra_intern(inv, region) : NULL;
	if (!r->region && r->arn)
		r->region = arn_region(inv, r->arn);
	if (!r->region && r->id)
		r->region = arn_region(inv, r->id);
	if (!r->region && az) {
		size_t n = strlen(az);
		char *zone_region = rb_xstrdup(az);

		/* us-east-1a -> us-east-1 */
		if (n > 1 && isalpha((unsigned char)az[n - 1]) &&
		    isdigit((unsigned char)az[n - 2]))
			zone_region[n - 1] = '\0';
		r->region = rb_infra_intern(inv, zone_region);
		free(zone_region);
	}
	if (!r->region && fallback_region)
		r->region = rb_infra_intern(inv, fallback_region);
	/* Route 53, CloudFront and IAM are global services */
	if (!r->region && rb_aws_type_global(r->type))
		r->region = rb_infra_intern(inv, "global");
}

void rb_resource_derive(struct rb_infra *inv, struct rb_resource *r,
			const char *fallback_region)
{
	json_t *a = rb_resource_attrs(r);
	char id[32], arn[32], region[32], az[32];

	rb_resource_derive_from(inv, r, string_attr(a, "id", id), string_attr(a, "arn", arn),
				string_attr(a, "region", region),
				string_attr(a, "availability_zone", az), fallback_region);
}
