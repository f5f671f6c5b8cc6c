#include <errno.h>
#include <unistd.h>

#include "duration.h"
#include "fields.h"
#include "review.h"

json_t *rb_review_values(struct rb_binder *b, struct rb_runbook *r)
{
	json_t *out = json_object();

	for (size_t i = 0; i < r->bindings_nr; i++) {
		struct rb_binding *bd = &r->bindings[i];
		json_t *paths = json_object_get(r->used, bd->name);
		json_t *scope;
		size_t k;
		json_t *p;

		if (!bd->name || bd->resource == SIZE_MAX || !paths)
			continue;
		scope = rb_binding_scope(&b->infra.items[bd->resource]);
		json_array_foreach(paths, k, p) {
			json_t *v = rb_json_path(scope, json_string_value(p));
			char *text = v == rb_redacted() ? NULL : rb_json_scalar_text(v);
			char *key = rb_xasprintf("%s.%s", bd->name, json_string_value(p));

			json_object_set_new(out, key, json_string(text ? text : "(absent)"));
			free(key);
			free(text);
		}
		json_decref(scope);
	}
	return out;
}

int rb_review_load(struct rb_yaml **out, const char *root, struct rb_diags *d)
{
	static const char *const top_keys[] = { "runbooks", NULL };
	char *path = rb_xasprintf("%s/%s", root, RB_REVIEW_LOCK);
	char *data;
	size_t len;
	struct rb_fields f;
	int ret = 0;

	*out = NULL;
	if (rb_read_file(path, RB_MAX_FILE_SIZE, &data, &len) < 0) {
		if (errno != ENOENT)
			ret = rb_error(d, (struct rb_loc){ RB_REVIEW_LOCK, 0, 0 },
				       "cannot read: %s", strerror(errno));
		free(path);
		return ret;
	}
	free(path);
	if (rb_yaml_parse(out, RB_REVIEW_LOCK, data, len, 0, d) < 0) {
		free(data);
		return -1;
	}
	free(data);
	if (!json_is_null(rb_yaml_root(*out)) &&
	    rb_fields_init(&f, *out, rb_yaml_root(*out), "review lock", top_keys, d) < 0)
		return -1;
	return 0;
}

static void yaml_quoted(struct rb_buf *b, const char *s)
{
	rb_buf_addch(b, '"');
	for (; *s; s++) {
		if (*s == '"' || *s == '\\')
			rb_buf_addch(b, '\\');
		if ((unsigned char)*s < 0x20)
			rb_buf_addf(b, "\\x%02x", (unsigned char)*s);
		else
			rb_buf_addch(b, *s);
	}
	rb_buf_addch(b, '"');
}

static int cmp_keys(const void *a, const void *b)
{
	return strcmp(*(const char *const *)a, *(const char *const *)b);
}

/* Appends an object's keys in byte order, for a stable file. */
static const char **sorted_keys(json_t *obj, size_t *n)
{
	const char **keys = rb_xcalloc(json_object_size(obj) + 1, sizeof(*keys));
	const char *k;
	json_t *v;

	*n = 0;
	json_object_foreach(obj, k, v) {
		(void)v;
		keys[(*n)++] = k;
	}
	qsort(keys, *n, sizeof(*keys), cmp_keys);
	return keys;
}

int rb_review_write(struct rb_binder *b, const struct rb_strlist *ids,
		    long today, struct rb_diags *d)
{
	struct rb_yaml *old = NULL;
	json_t *all = json_object(), *prev;
	struct rb_buf text = RB_BUF_INIT, when = RB_BUF_INIT;
	const char **keys;
	size_t n;
	char *path, *tmp;
	int ret = -1;

	if (rb_review_load(&old, b->root, d) < 0)
		goto done;
	prev = old ? json_object_get(rb_yaml_root(old), "runbooks") : NULL;
	if (json_is_object(prev))
		json_object_update(all, prev);
	rb_date_format(&when, today);
	for (size_t i = 0; i < ids->nr; i++) {
		struct rb_runbook *r = rb_binder_runbook(b, ids->items[i]);

		json_object_set_new(all, r->id, json_pack("{s:s, s:o}",
			"reviewed", when.ptr, "values", rb_review_values(b, r)));
	}
	rb_buf_adds(&text,
		"# The infra values each runbook was last reviewed against.\n"
		"# Written by `runbinder review ID`; commit it with the runbooks.\n"
		"runbooks:\n");
	keys = sorted_keys(all, &n);
	for (size_t i = 0; i < n; i++) {
		json_t *e = json_object_get(all, keys[i]);
		json_t *values = json_object_get(e, "values");
		const char **vk;
		size_t vn;

		rb_buf_addf(&text, "  %s:\n    reviewed: %s\n    values:%s\n", keys[i],
			    json_string_value(json_object_get(e, "reviewed")) ?: "",
			    json_object_size(values) ? "" : " {}");
		vk = sorted_keys(values, &vn);
		for (size_t k = 0; k < vn; k++) {
			rb_buf_adds(&text, "      ");
			yaml_quoted(&text, vk[k]);
			rb_buf_adds(&text, ": ");
			yaml_quoted(&text, json_string_value(json_object_get(values, vk[k])) ?: "");
			rb_buf_addch(&text, '\n');
		}
		free(vk);
	}
	free(keys);
	path = rb_xasprintf("%s/%s", b->root, RB_REVIEW_LOCK);
	tmp = rb_xasprintf("%s.tmp", path);
	if (rb_write_file(tmp, text.ptr, text.len, 0644) < 0 || rename(tmp, path) < 0) {
		rb_error(d, (struct rb_loc){ RB_REVIEW_LOCK, 0, 0 }, "cannot write: %s",
			 strerror(errno));
		unlink(tmp);
	} else {
		ret = 0;
	}
	free(path);
	free(tmp);
done:
	json_decref(all);
	rb_yaml_free(old);
	rb_buf_release(&text);
	rb_buf_release(&when);
	return ret;
}
