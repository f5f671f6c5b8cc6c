#include <errno.h>

#include "assets.h"
#include "templates.h"

struct entry {
	char *key;            /* "templates/x.html" or "themes/default/x.css" */
	char *text;           /* owned when read from disk, else NULL */
	const char *data;
	size_t len;
	struct rb_template *compiled;
};

struct rb_templates {
	char *root;
	char *theme;
	struct entry *entries;
	size_t nr, alloc;
};

struct rb_templates *rb_templates_new(const char *root, const char *theme)
{
	struct rb_templates *t = rb_xcalloc(1, sizeof(*t));

	t->root = rb_xstrdup(root);
	t->theme = rb_xstrdup(theme);
	return t;
}

void rb_templates_free(struct rb_templates *t)
{
	if (!t)
		return;
	for (size_t i = 0; i < t->nr; i++) {
		free(t->entries[i].key);
		free(t->entries[i].text);
		if (t->entries[i].compiled)
			rb_template_free(t->entries[i].compiled);
	}
	free(t->entries);
	free(t->root);
	free(t->theme);
	free(t);
}

/* Finds `key` on disk below the binder root, else built in. */
static struct entry *lookup(struct rb_templates *t, const char *key)
{
	struct entry *e;
	char *path;
	char *data;
	size_t len;

	for (size_t i = 0; i < t->nr; i++)
		if (!strcmp(t->entries[i].key, key))
			return &t->entries[i];
	path = rb_xasprintf("%s/%s", t->root, key);
	if (rb_read_file(path, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		data = NULL;
		for (const struct rb_asset *a = rb_assets; a->path; a++) {
			if (!strcmp(a->path, key)) {
				RB_GROW(t->entries, t->nr + 1, t->alloc);
				e = &t->entries[t->nr++];
				memset(e, 0, sizeof(*e));
				e->key = rb_xstrdup(key);
				e->data = a->data;
				e->len = a->len;
				free(path);
				return e;
			}
		}
		free(path);
		return NULL;
	}
	free(path);
	RB_GROW(t->entries, t->nr + 1, t->alloc);
	e = &t->entries[t->nr++];
	memset(e, 0, sizeof(*e));
	e->key = rb_xstrdup(key);
	e->text = data;
	e->data = data;
	e->len = len;
	return e;
}

static const char *partial(void *ctx, const char *name, size_t *len)
{
	struct rb_templates *t = ctx;
	char *key = rb_xasprintf("templates/%s", name);
	struct entry *e = lookup(t, key);

	free(key);
	if (!e)
		return NULL;
	*len = e->len;
	return e->data;
}

int rb_templates_render(struct rb_templates *t, const char *name,
			json_t *data, rb_escape_fn escape, struct rb_buf *out,
			struct rb_diags *d)
{
	char *key = rb_xasprintf("templates/%s", name);
	struct entry *e = lookup(t, key);
	struct rb_template_error err;
	int ret = -1;

	if (!e) {
		rb_error(d, (struct rb_loc){ key, 0, 0 }, "no such template");
		goto done;
	}
	if (!e->compiled &&
	    rb_template_compile(&e->compiled, e->data, e->len, &err) < 0) {
		rb_error(d, (struct rb_loc){ key, err.line, err.col }, "%s",
			 err.message);
		goto done;
	}
	if (rb_template_render(e->compiled, out, data, partial, t, escape,
			       &err) < 0) {
		rb_error(d, (struct rb_loc){ key, err.line, err.col }, "%s",
			 err.message);
		goto done;
	}
	ret = 0;
done:
	free(key);
	return ret;
}

const char *rb_templates_theme_file(struct rb_templates *t, const char *name,
				    size_t *len, struct rb_diags *d)
{
	return rb_templates_theme_file_of(t, t->theme, name, len, d);
}

const char *rb_templates_theme_file_of(struct rb_templates *t, const char *theme,
				       const char *name, size_t *len,
				       struct rb_diags *d)
{
	char *key = rb_xasprintf("themes/%s/%s", theme, name);
	struct entry *e = lookup(t, key);

	/* a theme holds what it changes; the rest is the default theme's */
	if (!e && strcmp(theme, "default")) {
		char *base = rb_xasprintf("themes/default/%s", name);

		e = lookup(t, base);
		free(base);
	}
	if (!e) {
		rb_error(d, (struct rb_loc){ key, 0, 0 },
			 "theme '%s' has no file '%s'", theme, name);
		free(key);
		return NULL;
	}
	free(key);
	*len = e->len;
	return e->data;
}
