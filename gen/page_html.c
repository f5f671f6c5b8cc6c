/*
 * page_html.c - the offline HTML binder: index.html, plan.html and
 * runbooks/<id>.html. Every page is self-contained: the theme's CSS is
 * inlined and nothing is loaded from anywhere.
 */
#include <errno.h>

#include "duration.h"
#include "model.h"
#include "pages.h"
#include "strmap.h"

/*
 * A step's heading: its number, its title without the "Step N:" the
 * author may have written, and its estimate.
 */
static void step_heading(struct rb_buf *out, struct rb_step *st, size_t number)
{
	rb_buf_addf(out, "<h2 id=\"%s\" data-title=\"", st->slug);
	rb_escape_html(out, st->title, strlen(st->title));
	rb_buf_addf(out, "\"><span class=\"step-no\">%zu</span> ", number);
	rb_escape_html(out, st->title, strlen(st->title));
	if (st->est_lo >= 0) {
		struct rb_buf est = RB_BUF_INIT;

		rb_duration_format(&est, st->est_lo);
		if (st->est_hi != st->est_lo) {
			rb_buf_adds(&est, "\u2013");
			rb_duration_format(&est, st->est_hi);
		}
		rb_buf_addf(out, " <span class=\"estimate\">%s</span>", est.ptr);
		rb_buf_release(&est);
	}
	rb_buf_addf(out, " <a class=\"anchor\" href=\"#step-%zu\" aria-label=\"Link to step %zu\">#</a></h2>\n",
		    number, number);
}

/* An id for a heading that no other heading of the page has. */
static char *unique_id(struct rb_strmap *ids, struct rb_strlist *owned,
		       const char *text)
{
	char *base = rb_slugify_max(text, 60), *id = rb_xstrdup(*base ? base : "section");

	for (int n = 2; rb_strmap_get(ids, id) != SIZE_MAX; n++) {
		free(id);
		id = rb_xasprintf("%s-%d", *base ? base : "section", n);
	}
	free(base);
	rb_strlist_add(owned, id);
	rb_strmap_put(ids, id, 1);
	return id;
}

/*
 * A heading inside a step or before the first: cmark's HTML with an id and
 * a link to itself, so any part of a runbook can be linked to.
 */
static void anchored_heading(struct rb_buf *out, cmark_node *n,
			     struct rb_strmap *ids, struct rb_strlist *owned)
{
	cmark_llist *exts = rb_markdown_extensions();
	char *html = cmark_render_html(n, CMARK_OPT_UNSAFE, exts);
	char *text = cmark_render_plaintext(n, CMARK_OPT_DEFAULT, 0);
	const char *id = unique_id(ids, owned, text);
	int level = cmark_node_get_heading_level(n);
	size_t len = strlen(html);

	/* html is "<hN>...</hN>\n" */
	rb_buf_addf(out, "<h%d id=\"%s\">", level, id);
	if (len > 10)
		rb_buf_add(out, html + 4, len - 10);
	rb_buf_addf(out, " <a class=\"anchor\" href=\"#%s\" aria-label=\"Link to this section\">#</a></h%d>\n",
		    id, level);
	free(html);
	free(text);
}

/*
 * The body of a runbook: each step (level-2 heading) opens a <section>
 * that runs to the next step, so a step can be styled, linked and ticked.
 */
static void runbook_body(struct rb_buf *out, struct rb_runbook *r)
{
	cmark_llist *exts = rb_markdown_extensions();
	struct rb_strmap ids = RB_STRMAP_INIT;
	struct rb_strlist owned = { NULL, 0, 0 };
	size_t step = 0;
	bool open = false;

	for (size_t i = 0; i < r->steps_nr; i++)
		rb_strmap_put(&ids, r->steps[i].slug, 1);
	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n)) {
		char *html;

		if (step < r->steps_nr && n == r->steps[step].heading) {
			if (open)
				rb_buf_adds(out, "</section>\n");
			rb_buf_addf(out, "<section class=\"step\" id=\"step-%zu\" data-step=\"%zu\">\n",
				    step + 1, step + 1);
			open = true;
			step_heading(out, &r->steps[step], step + 1);
			step++;
			continue;
		}
		/* a leading "# Title" is the page's title already */
		if (n == r->title_heading)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			anchored_heading(out, n, &ids, &owned);
			continue;
		}
		/* raw HTML and URLs were made safe before (page_files.c) */
		html = cmark_render_html(n, CMARK_OPT_UNSAFE, exts);
		/* a wide table scrolls in its own box, never the page */
		if (!strcmp(cmark_node_get_type_string(n), "table"))
			rb_buf_adds(out, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" aria-label=\"Table\">\n");
		rb_buf_adds(out, html);
		if (!strcmp(cmark_node_get_type_string(n), "table"))
			rb_buf_adds(out, "</div>\n");
		free(html);
	}
	if (open)
		rb_buf_adds(out, "</section>\n");
	rb_strmap_release(&ids);
	rb_strlist_release(&owned);
}

static int render_page(struct rb_page_ctx *c, const char *tmpl, json_t *data,
		       const char *rel)
{
	struct rb_buf html = RB_BUF_INIT;
	int ret = -1;

	if (rb_templates_render(c->templates, tmpl, data, rb_escape_html, &html,
				c->diags) < 0)
		goto done;
	ret = rb_page_write(c, rel, html.ptr, html.len);
done:
	rb_buf_release(&html);
	return ret;
}

/* A shallow copy of the model with page-specific keys. */
static json_t *page_data(struct rb_page_ctx *c, const char *page,
			 const char *root_prefix, const char *css)
{
	json_t *data = json_copy(c->model);

	json_object_set_new(data, "page", json_pack("{s:s, s:b, s:b, s:b}",
		"name", page,
		"is_index", !strcmp(page, "index"),
		"is_plan", !strcmp(page, "plan"),
		"is_runbook", !strcmp(page, "runbook")));
	json_object_set_new(data, "root", json_string(root_prefix));
	if (!strcmp(page, "plan"))
		json_object_set_new(data, "title", json_string("DR plan"));
	json_object_set_new(data, "css", json_string(css));
	return data;
}

int rb_pages_html(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	size_t len;
	const char *base = rb_templates_theme_file_of(c->templates, "default",
						      "style.css", &len, c->diags);
	const char *own = rb_templates_theme_file(c->templates, "style.css",
						  &len, c->diags);
	char *css;
	json_t *data;
	int ret = 0;

	if (!base || !own)
		return -1;
	/* a theme's CSS comes after the default's, so it can set only what differs */
	css = own == base ? rb_xstrdup(base) : rb_xasprintf("%s\n%s", base, own);
	data = page_data(c, "index", "", css);
	if (render_page(c, "index.html", data, "index.html") < 0)
		ret = -1;
	json_decref(data);
	data = page_data(c, "plan", "", css);
	if (render_page(c, "plan.html", data, "plan.html") < 0)
		ret = -1;
	json_decref(data);
	for (size_t i = 0; i < b->runbooks_nr && ret == 0; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_buf body = RB_BUF_INIT;
		char *rel = rb_xasprintf("runbooks/%s.html", r->id);

		runbook_body(&body, r);
		data = page_data(c, "runbook", "../", css);
		json_object_set_new(data, "runbook",
				    json_copy(rb_model_runbook(c->model, i)));
		json_object_set_new(json_object_get(data, "runbook"), "body",
				    json_string(body.ptr));
		json_object_set_new(data, "title", json_string(r->title));
		if (render_page(c, "runbook.html", data, rel) < 0)
			ret = -1;
		json_decref(data);
		free(rel);
		rb_buf_release(&body);
	}
	if (ret == 0)
		ret = rb_search_index(c);
	free(css);
	return ret;
}
