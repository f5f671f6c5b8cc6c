/*
 * resolve.h - `{{name.attr.path}}` placeholders resolved on a parsed
 * runbook: in text, inline code, code blocks and link targets, never
 * re-parsed as Markdown.
 *
 * The scope is a JSON object whose keys are the names a placeholder may
 * start with (site, service, tier, runbook, and the runbook's bindings).
 * Mustache syntax: `{{x}}`, `{{&x}}` / `{{{x}}}`, comments `{{! ... }}`
 * and set-delimiter tags `{{=<% %>=}}`, which hold until the end of the
 * document or the next set-delimiter tag. Sections and partials are not
 * supported in runbooks.
 *
 * In code blocks a value must be one plain shell word (characters
 * [A-Za-z0-9_./:@=,+-]); `{{&x}}` inserts any value as one single-quoted
 * shell word instead. Elsewhere values are inserted as text.
 */
#ifndef RB_RESOLVE_H
#define RB_RESOLVE_H

#include <cmark-gfm.h>
#include <jansson.h>

#include "diag.h"

/*
 * Resolves every placeholder in `doc`. `path` and `line_base` (lines
 * before the document's first line) place errors. Returns the number of
 * errors recorded.
 */
size_t rb_resolve_doc(cmark_node *doc, json_t *scope, const char *path,
		      int line_base, struct rb_diags *d);

/*
 * The same, recording in `used` (an object, may be NULL) which attribute
 * paths of which names the document used: {"replica": ["identifier",
 * "region"]}, in order of first use, for the review lock.
 */
size_t rb_resolve_doc_used(cmark_node *doc, json_t *scope, const char *path,
			   int line_base, json_t *used, struct rb_diags *d);

/* Is `s` safe as one shell word without quoting? */
bool rb_shell_word_safe(const char *s);

/* Appends `s` as one single-quoted shell word. */
void rb_shell_quote(struct rb_buf *out, const char *s);

#endif
