/*
 * templates.h - page templates and theme files: a binder's own
 * `templates/NAME` or `themes/THEME/NAME` overrides the built-in one of the
 * same name, file by file. Compiled templates are cached for the run.
 */
#ifndef RB_TEMPLATES_H
#define RB_TEMPLATES_H

#include "diag.h"
#include "template.h"

struct rb_templates;

struct rb_templates *rb_templates_new(const char *root, const char *theme);
void rb_templates_free(struct rb_templates *t);

/*
 * Renders template `name` (e.g. "runbook.html") with `data`; partials are
 * other templates by name (`{{> header.html}}`). Returns 0, or -1 with an
 * error recorded at the template's file.
 */
int rb_templates_render(struct rb_templates *t, const char *name,
			json_t *data, rb_escape_fn escape, struct rb_buf *out,
			struct rb_diags *d);

/*
 * A theme file's text (e.g. "style.css"), or NULL with an error. A theme
 * without the file gets the default theme's.
 */
const char *rb_templates_theme_file(struct rb_templates *t, const char *name,
				    size_t *len, struct rb_diags *d);
/* The same for a named theme. */
const char *rb_templates_theme_file_of(struct rb_templates *t, const char *theme,
				       const char *name, size_t *len,
				       struct rb_diags *d);

#endif
