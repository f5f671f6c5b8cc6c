/*
 * template.h - a Mustache template engine over jansson values.
 *
 * Implements the Mustache spec modules interpolation, sections, inverted,
 * comments, partials and delimiters (spec v1.3): escaped `{{x}}` and raw
 * `{{{x}}}` / `{{& x}}` variables, dotted names, implicit iterator `{{.}}`,
 * sections over lists, objects, booleans and other truthy values, inverted
 * sections, comments, partials (`{{> name}}`, with standalone indentation),
 * set delimiter (`{{=<% %>=}}`) and the standalone-line rules. Lambdas,
 * dynamic names and inheritance are not supported.
 *
 * A template is compiled once and rendered many times. Falsey values:
 * false, null, missing, empty list (the spec's rules; 0 and "" are truthy
 * as in the spec). Numbers print like the spec expects (integers as
 * integers, reals in the shortest form that reads back, e.g. 1.21).
 */
#ifndef RB_TEMPLATE_H
#define RB_TEMPLATE_H

#include <jansson.h>

#include "buf.h"

struct rb_template;

/*
 * Looks up partial `name`; returns its text and length, or NULL when there
 * is no such partial (which renders as empty, as the spec requires).
 * The text must stay valid until rendering returns.
 */
typedef const char *(*rb_partial_fn)(void *ctx, const char *name,
				     size_t *len);

/* Appends `s` escaped for the output; NULL escape = insert as is. */
typedef void (*rb_escape_fn)(struct rb_buf *out, const char *s, size_t len);

struct rb_template_error {
	int line; /* 1-based, within the template text */
	int col;
	char message[160];
};

/*
 * Compiles `text`. Returns 0, or -1 with `err` filled (unclosed tag,
 * unclosed or mismatched section, bad set-delimiter tag).
 */
int rb_template_compile(struct rb_template **out, const char *text,
			size_t len, struct rb_template_error *err);

/*
 * Renders with `data` as the root context. Partials are compiled on first
 * use and cached in the template; a recursion deeper than 100 partials is
 * an error, and so is a render of over ten million tags or 1 GiB (a
 * template that expands exponentially). Returns 0, or -1 with `err` filled (error in a partial).
 */
int rb_template_render(struct rb_template *t, struct rb_buf *out,
		       json_t *data, rb_partial_fn partials, void *pctx,
		       rb_escape_fn escape, struct rb_template_error *err);

void rb_template_free(struct rb_template *t);

/* HTML escaping as the spec wants: & < > " become entities. */
void rb_escape_html(struct rb_buf *out, const char *s, size_t len);

#endif
