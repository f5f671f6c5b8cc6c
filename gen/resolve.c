#include <ctype.h>

#include "closest.h"
#include "fields.h"
#include "infra.h"
#include "mustache.h"
#include "resolve.h"
#include "rules.h"

struct resolver {
	json_t *scope;
	json_t *used;
	const char *path;
	int line_base;
	struct rb_diags *diags;
	struct rb_mustache_delims delims;
	size_t errors;
};

bool rb_shell_word_safe(const char *s)
{
	if (!*s)
		return false;
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (!(isalnum(c) || strchr("_./:@=,+-", c)))
			return false;
	}
	return true;
}

void rb_shell_quote(struct rb_buf *out, const char *s)
{
	rb_buf_addch(out, '\'');
	for (; *s; s++) {
		if (*s == '\'')
			rb_buf_adds(out, "'\\''");
		else
			rb_buf_addch(out, *s);
	}
	rb_buf_addch(out, '\'');
}

static void trim(const char **s, size_t *len)
{
	while (*len && isspace((unsigned char)**s)) {
		(*s)++;
		(*len)--;
	}
	while (*len && isspace((unsigned char)(*s)[*len - 1]))
		(*len)--;
}

/* Remembers `name.rest` as used, for the review lock. */
static void note_use(struct resolver *r, const char *name)
{
	const char *dot = strchr(name, '.');
	char *first;
	json_t *list;
	size_t i;
	json_t *e;

	if (!r->used || !dot)
		return;
	first = rb_xstrndup(name, (size_t)(dot - name));
	list = json_object_get(r->used, first);
	if (!list) {
		list = json_array();
		json_object_set_new(r->used, first, list);
	}
	json_array_foreach(list, i, e)
		if (!strcmp(json_string_value(e), dot + 1))
			break;
	if (i == json_array_size(list))
		json_array_append_new(list, json_string(dot + 1));
	free(first);
}

/* Names of an object's keys, for "did you mean". */
static const char *closest_key(json_t *obj, const char *name)
{
	const char *names[256];
	size_t n = 0;
	const char *key;
	json_t *v;

	json_object_foreach(obj, key, v) {
		(void)v;
		if (n < RB_ARRAY_SIZE(names))
			names[n++] = key;
	}
	return rb_closest(name, names, n);
}

/*
 * Looks `name` up in the scope. Returns 0 with the value as text in `out`,
 * 1 for a binding that matched nothing (already reported), or records an
 * error and returns -1.
 */
static int lookup(struct resolver *r, const char *name, struct rb_loc loc,
		  struct rb_buf *out)
{
	json_t *cur = r->scope;
	const char *p = name;
	struct rb_buf part = RB_BUF_INIT;
	int ret = -1;

	if (!*name || name[0] == '.' || name[strlen(name) - 1] == '.') {
		rb_error(r->diags, loc,
			 "malformed placeholder '{{%s}}' (a command that needs '{{' can switch delimiters with {{=<%% %%>=}})",
			 name);
		goto done;
	}
	while (*p) {
		const char *dot = strchr(p, '.');
		size_t n = dot ? (size_t)(dot - p) : strlen(p);
		json_t *next;

		rb_buf_reset(&part);
		rb_buf_add(&part, p, n);
		next = NULL;
		/* list items by number: {{record.alias.0.name}} */
		if (json_is_array(cur) && n && strspn(part.ptr, "0123456789") == n)
			next = json_array_get(cur, strtoul(part.ptr, NULL, 10));
		else if (json_is_object(cur))
			next = json_object_get(cur, part.ptr);
		if (!next) {
			const char *near = json_is_object(cur) ? closest_key(cur, part.ptr) : NULL;

			if (cur == r->scope)
				rb_rule_finding(r->diags, RB_RULE_REF_PLACEHOLDER, loc, NULL,
					 "unknown placeholder '{{%s}}': no name '%s'%s%s%s",
					 name, part.ptr, near ? " (did you mean '" : "",
					 near ? near : "", near ? "'?)" : "");
			else
				rb_rule_finding(r->diags, RB_RULE_REF_PLACEHOLDER, loc, NULL,
					 "unknown placeholder '{{%s}}': no attribute '%s'%s%s%s",
					 name, part.ptr, near ? " (did you mean '" : "",
					 near ? near : "", near ? "'?)" : "");
			goto done;
		}
		cur = next;
		if (cur == rb_unbound()) {
			/* the binding's own error says it all */
			ret = 1;
			goto done;
		}
		p += n;
		if (*p == '.')
			p++;
	}
	if (cur == rb_redacted()) {
		rb_rule_finding(r->diags, RB_RULE_REF_SECRET, loc, NULL,
			   "placeholder '{{%s}}' reaches a secret: sensitive values never go into the binder",
			   name);
		goto done;
	}
	switch (json_typeof(cur)) {
	case JSON_STRING:
		rb_buf_add(out, json_string_value(cur), json_string_length(cur));
		break;
	case JSON_INTEGER:
		rb_buf_addf(out, "%lld", (long long)json_integer_value(cur));
		break;
	case JSON_REAL:
		rb_buf_addf(out, "%.15g", json_real_value(cur));
		break;
	case JSON_TRUE:
		rb_buf_adds(out, "true");
		break;
	case JSON_FALSE:
		rb_buf_adds(out, "false");
		break;
	case JSON_NULL:
		rb_rule_finding(r->diags, RB_RULE_REF_PLACEHOLDER, loc, NULL,
			   "placeholder '{{%s}}' has no value", name);
		goto done;
	default:
		rb_rule_finding(r->diags, RB_RULE_REF_PLACEHOLDER, loc, NULL,
			   "placeholder '{{%s}}' names a group of values, not one value",
			   name);
		goto done;
	}
	ret = 0;
	note_use(r, name);
done:
	rb_buf_release(&part);
	return ret;
}

/* Where byte `off` of a literal starting at (line, col) is. */
static struct rb_loc loc_at(struct resolver *r, const char *s, size_t off,
			    int line, int col, bool block)
{
	struct rb_loc loc = { r->path, line + r->line_base, col };

	if (block) {
		/* a code block's literal starts on the line after the fence */
		loc.line++;
		loc.col = 1;
	}
	rb_pos_advance(s, off, true, &loc.line, &loc.col);
	return loc;
}

/*
 * Is the tag at `start` another tool's syntax that shares the braces:
 * Hugo's shortcodes `{{< name >}}` and `{{% name %}}`, GitHub Actions'
 * `${{ expression }}`? Those pass through as text. Sets tag->end to just
 * after it (the end of the text when it is not closed).
 */
static bool other_tool_tag(const char *s, size_t len, size_t start,
			   const struct rb_mustache_delims *dl,
			   struct rb_mustache_tag *tag, int found)
{
	size_t inner = start + 2;

	if (strcmp(dl->open, "{{") || strcmp(dl->close, "}}"))
		return false;
	if (inner < len && (s[inner] == '<' || s[inner] == '%')) {
		char close[4] = { s[inner] == '<' ? '>' : '%', '}', '}', '\0' };
		const char *end = memmem(s + inner + 1, len - inner - 1, close, 3);

		tag->end = end ? (size_t)(end - s) + 3 : len;
		return true;
	}
	if (start > 0 && s[start - 1] == '$') {
		tag->end = found > 0 ? tag->end : len;
		return true;
	}
	return false;
}

/*
 * Resolves the placeholders of one literal. Returns a new string in `out`
 * and true when anything changed.
 */
static bool resolve_string(struct resolver *r, const char *s, int line,
			   int col, bool block, struct rb_buf *out)
{
	size_t pos = 0, len = strlen(s);
	bool changed = false;
	struct rb_buf name = RB_BUF_INIT, value = RB_BUF_INIT;

	while (pos < len) {
		struct rb_mustache_tag t;
		int found = rb_mustache_next(s, len, pos, &r->delims, &t);
		size_t start, inner_len;
		const char *tag;
		bool raw = false;
		struct rb_loc loc;

		if (!found) {
			rb_buf_add(out, s + pos, len - pos);
			break;
		}
		start = t.start;
		if (other_tool_tag(s, len, start, &r->delims, &t, found)) {
			/* Hugo's shortcodes, a CI system's ${{ }}: text, as written */
			rb_buf_add(out, s + pos, t.end - pos);
			pos = t.end;
			continue;
		}
		rb_buf_add(out, s + pos, start - pos);
		changed = true;
		loc = loc_at(r, s, start, line, col, block);
		if (found < 0) {
			bool triple = s[start + strlen(r->delims.open)] == '{';

			rb_error(r->diags, loc, "unclosed placeholder: '%s' without '%s%s'",
				 r->delims.open, triple ? "}" : "", r->delims.close);
			r->errors++;
			rb_buf_add(out, s + start, len - start);
			break;
		}
		tag = t.content;
		inner_len = t.content_len;
		trim(&tag, &inner_len);
		pos = t.end;
		if (t.sigil == '{') {
			raw = true;
		} else if (inner_len && tag[0] == '&') {
			raw = true;
			tag++;
			inner_len--;
			trim(&tag, &inner_len);
		} else if (inner_len && tag[0] == '!') {
			continue;
		} else if (inner_len && tag[0] == '=') {
			if (!rb_mustache_set_delims(&r->delims, tag + 1, inner_len - 1)) {
				rb_error(r->diags, loc, "bad set-delimiter tag");
				r->errors++;
			}
			/* a tag alone on its line takes the line with it */
			if (block && (start == 0 || s[start - 1] == '\n') &&
			    s[pos] == '\n')
				pos++;
			continue;
		} else if (inner_len && strchr("#^/>", tag[0])) {
			rb_error(r->diags, loc,
				 "'%c' tags (sections and partials) are not supported in runbooks",
				 tag[0]);
			r->errors++;
			continue;
		}
		rb_buf_reset(&name);
		rb_buf_add(&name, tag, inner_len);
		rb_buf_reset(&value);
		switch (lookup(r, name.ptr, loc, &value)) {
		case -1:
			r->errors++;
			continue;
		case 1:
			continue;
		}
		if (block && raw) {
			rb_shell_quote(out, value.ptr);
		} else if (block && !rb_shell_word_safe(value.ptr)) {
			rb_rule_finding(r->diags, RB_RULE_REF_UNSAFE_VALUE, loc, NULL,
				   "value of '{{%s}}' is unsafe in a command: '%s' (use {{&%s}} to insert it as one quoted word)",
				   name.ptr, value.ptr, name.ptr);
			r->errors++;
		} else {
			rb_buf_add(out, value.ptr, value.len);
		}
	}
	rb_buf_release(&name);
	rb_buf_release(&value);
	return changed;
}

static void node_pos(cmark_node *n, int *line, int *col)
{
	while (n && !cmark_node_get_start_line(n))
		n = cmark_node_parent(n);
	*line = n ? cmark_node_get_start_line(n) : 1;
	*col = n ? cmark_node_get_start_column(n) : 1;
}

size_t rb_resolve_doc(cmark_node *doc, json_t *scope, const char *path,
		      int line_base, struct rb_diags *d)
{
	return rb_resolve_doc_used(doc, scope, path, line_base, NULL, d);
}

size_t rb_resolve_doc_used(cmark_node *doc, json_t *scope, const char *path,
			   int line_base, json_t *used, struct rb_diags *d)
{
	struct resolver r = { scope, used, path, line_base, d, RB_MUSTACHE_DELIMS_INIT, 0 };
	cmark_iter *it = cmark_iter_new(doc);
	cmark_event_type ev;
	struct rb_buf out = RB_BUF_INIT;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		int line, col;

		if (ev != CMARK_EVENT_ENTER)
			continue;
		node_pos(n, &line, &col);
		rb_buf_reset(&out);
		switch (type) {
		case CMARK_NODE_TEXT:
			if (resolve_string(&r, cmark_node_get_literal(n), line,
					   col, false, &out))
				cmark_node_set_literal(n, out.ptr);
			break;
		case CMARK_NODE_CODE:
			/* cmark places a code span at its content, past the backticks */
			if (resolve_string(&r, cmark_node_get_literal(n), line,
					   col, false, &out))
				cmark_node_set_literal(n, out.ptr);
			break;
		case CMARK_NODE_CODE_BLOCK:
			if (resolve_string(&r, cmark_node_get_literal(n), line,
					   col, true, &out))
				cmark_node_set_literal(n, out.ptr);
			/* a block's attributes may name a value: expect="<= {{service.rpo_seconds}}" */
			rb_buf_reset(&out);
			if (cmark_node_get_fence_info(n) &&
			    resolve_string(&r, cmark_node_get_fence_info(n), line, col, false, &out))
				cmark_node_set_fence_info(n, out.ptr);
			break;
		case CMARK_NODE_LINK:
		case CMARK_NODE_IMAGE:
			if (resolve_string(&r, cmark_node_get_url(n), line, col,
					   false, &out))
				cmark_node_set_url(n, out.ptr);
			break;
		default:
			break;
		}
	}
	cmark_iter_free(it);
	rb_buf_release(&out);
	return r.errors;
}
