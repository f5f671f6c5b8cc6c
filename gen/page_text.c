/*
 * page_text.c - the text binder: txt/<id>.txt per runbook and
 * txt/binder.txt with cover, contents, plan and every runbook, for `less`
 * on a jump host and for plain printing. The plan part is produced as
 * Markdown by templates/plan.md and laid out by the text renderer, so its
 * tables are drawn the same way as the runbooks' tables.
 */
#include <ctype.h>

#include "display_width.h"
#include "model.h"
#include "pages.h"
#include "render_text.h"

/* Renders a Markdown-producing template and lays it out as text. */
static int markdown_template(struct rb_page_ctx *c, const char *name,
			     json_t *data, struct rb_buf *out)
{
	cmark_node *doc = rb_markdown_template(c, name, data);

	if (!doc)
		return -1;
	rb_render_text(out, doc, RB_TEXT_WIDTH);
	cmark_node_free(doc);
	return 0;
}

/*
 * `text` wrapped at the text width for a template line that has `used`
 * display columns before it, its later lines indented by `indent`.
 */
static json_t *wrapped(const char *text, size_t used, size_t indent)
{
	struct rb_buf b = RB_BUF_INIT;
	json_t *j;

	rb_wrap_text(&b, text, RB_TEXT_WIDTH, (int)used, (int)indent);
	rb_buf_truncate(&b, b.len && b.ptr[b.len - 1] == '\n' ? b.len - 1 : b.len);
	/* the template writes what comes before the first line */
	j = json_string(b.ptr + (b.len >= used ? used : b.len));
	rb_buf_release(&b);
	return j;
}

/* The model's site with its title wrapped after the classification. */
static json_t *site_wrapped(json_t *model)
{
	json_t *site = json_copy(json_object_get(model, "site"));
	const char *cls = json_string_value(json_object_get(site, "classification"));
	const char *title = json_string_value(json_object_get(site, "title"));
	size_t used = cls && *cls ? rb_display_width(cls, strlen(cls)) + 4 : 0;

	json_object_set_new(site, "title", wrapped(title ? title : "", used, 0));
	return site;
}

/* Runbook i's page; `data` is the model with the site wrapped, and gets its "runbook". */
static int runbook_text(struct rb_page_ctx *c, json_t *data, size_t i, struct rb_buf *out)
{
	struct rb_runbook *r = c->binder->runbooks[i];
	struct rb_buf body = RB_BUF_INIT;
	json_t *rb = json_deep_copy(rb_model_runbook(c->model, i));
	int ret;

	{
		/* the title heads the page already: a leading "# Title" is not repeated */
		cmark_node *first = r->title_heading;

		if (first) {
			cmark_node_unlink(first);
			rb_render_text(&body, r->doc, RB_TEXT_WIDTH);
			cmark_node_prepend_child(r->doc, first);
		} else {
			rb_render_text(&body, r->doc, RB_TEXT_WIDTH);
		}
	}
	json_object_set_new(rb, "body", json_string(body.ptr));
	rb_buf_reset(&body);
	{
		/* the title on lines of the text width, underlined as wide as its widest */
		json_t *title = wrapped(r->title, 0, 0);
		const char *t = json_string_value(title);
		size_t widest = 0;

		while (*t) {
			size_t n = strcspn(t, "\n"), w = rb_display_width(t, n);

			if (w > widest)
				widest = w;
			t += n + (t[n] == '\n');
		}
		rb_buf_addchars(&body, '=', widest);
		json_object_set_new(rb, "title", title);
	}
	json_object_set_new(rb, "rule", json_string(body.ptr));
	json_object_set_new(data, "runbook", rb);
	ret = rb_templates_render(c->templates, "runbook.txt", data, NULL, out,
				  c->diags);
	rb_buf_release(&body);
	return ret;
}

int rb_pages_text(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	struct rb_buf page = RB_BUF_INIT, all = RB_BUF_INIT, plan = RB_BUF_INIT;
	size_t *order = rb_model_order(b);
	json_t *data;
	int ret = 0;

	/* the model and its wrapped site, once for every runbook's page */
	data = json_copy(c->model);
	json_object_set_new(data, "site", site_wrapped(c->model));
	/* the binder in the order of the index: the failovers first */
	for (size_t k = 0; k < b->runbooks_nr && ret == 0; k++) {
		size_t i = order[k];
		char *rel = rb_xasprintf("txt/%s.txt", b->runbooks[i]->id);

		rb_buf_reset(&page);
		ret = runbook_text(c, data, i, &page);
		if (ret == 0)
			ret = rb_page_write(c, rel, page.ptr, page.len);
		if (ret == 0) {
			rb_buf_adds(&all, "\f\n");
			rb_buf_add(&all, page.ptr, page.len);
		}
		free(rel);
	}
	json_decref(data);
	if (ret == 0)
		ret = markdown_template(c, "plan.md", c->model, &plan);
	if (ret == 0) {
		json_t *runbooks = json_array(), *rj;
		size_t k;

		data = json_copy(c->model);
		json_object_set_new(data, "site", site_wrapped(c->model));
		/* contents lines "  id: title", the title wrapped under itself */
		json_array_foreach(json_object_get(c->model, "runbooks_in_order"), k, rj) {
			json_t *copy = json_deep_copy(rj);
			const char *id = json_string_value(json_object_get(rj, "id"));
			const char *title = json_string_value(json_object_get(rj, "title"));

			json_object_set_new(copy, "title",
					    wrapped(title ? title : "",
						    4 + rb_display_width(id ? id : "", strlen(id ? id : "")), 4));
			json_array_append_new(runbooks, copy);
		}
		json_object_set_new(data, "runbooks", runbooks);
		json_object_set_new(data, "plan_text", json_string(plan.ptr));
		json_object_set_new(data, "runbooks_text", json_string(all.ptr));
		rb_buf_reset(&page);
		ret = rb_templates_render(c->templates, "binder.txt", data, NULL,
					  &page, c->diags);
		json_decref(data);
		if (ret == 0)
			ret = rb_page_write(c, "txt/binder.txt", page.ptr, page.len);
	}
	rb_buf_release(&page);
	rb_buf_release(&all);
	rb_buf_release(&plan);
	free(order);
	return ret;
}
