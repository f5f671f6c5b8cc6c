/*
 * page_html.c - the offline HTML binder: index.html, plan.html and
 * runbooks/<id>.html. Every page is self-contained: the theme's CSS is
 * inlined and nothing is loaded from anywhere.
 */
#include <errno.h>

#include "duration.h"
#include "model.h"
#include "pages.h"

int rb_page_write(struct rb_page_ctx *c, const char *rel, const char *data,
		  size_t len)
{
	if (rb_output_write(c->out, rel, data, len, 0644) < 0)
		return rb_error(c->diags, (struct rb_loc){ rel, 0, 0 },
				"cannot write: %s", strerror(errno));
	return 0;
}

/*
 * A step's heading: its number, its title without the "Step N:" the
 * author may have written, and its estimate.
 */
static void step_heading(struct rb_buf *out, struct rb_step *st, size_t number)
{
	rb_buf_addf(out, "<h2 id=\"%s\"><span class=\"step-no\">%zu</span> ",
		    st->slug, number);
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
	rb_buf_adds(out, "</h2>\n");
}

/*
 * The body of a runbook: each step (level-2 heading) opens a <section>
 * that runs to the next step, so a step can be styled, linked and ticked.
 */
static void runbook_body(struct rb_buf *out, struct rb_runbook *r)
{
	cmark_llist *exts = rb_markdown_extensions();
	size_t step = 0;
	bool open = false;

	for (cmark_node *n = cmark_node_first_child(r->doc); n; n = cmark_node_next(n)) {
		char *html;

		if (step < r->steps_nr && n == r->steps[step].heading) {
			if (open)
				rb_buf_adds(out, "</section>\n");
			rb_buf_addf(out, "<section class=\"step\" id=\"step-%zu\">\n", step + 1);
			open = true;
			step_heading(out, &r->steps[step], step + 1);
			step++;
			continue;
		}
		/* the document's own title is the page's title already */
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING &&
		    cmark_node_get_heading_level(n) == 1 && !open)
			continue;
		html = cmark_render_html(n, CMARK_OPT_DEFAULT, exts);
		rb_buf_adds(out, html);
		free(html);
	}
	if (open)
		rb_buf_adds(out, "</section>\n");
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
	json_object_set_new(data, "css", json_string(css));
	return data;
}

int rb_pages_html(struct rb_page_ctx *c)
{
	struct rb_binder *b = c->binder;
	size_t css_len;
	const char *css = rb_templates_theme_file(c->templates, "style.css",
						  &css_len, c->diags);
	json_t *data;
	int ret = 0;

	if (!css)
		return -1;
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
		if (render_page(c, "runbook.html", data, rel) < 0)
			ret = -1;
		json_decref(data);
		free(rel);
		rb_buf_release(&body);
	}
	return ret;
}
