/*
 * page_html.c - the offline HTML binder: index.html, plan.html and
 * runbooks/<id>.html. Every page is self-contained: the theme's CSS is
 * inlined and nothing is loaded from anywhere.
 */
#include <errno.h>
#include <openssl/evp.h>

#include "duration.h"
#include "model.h"
#include "pages.h"
#include "step_code.h"
#include "strmap.h"
#include "template.h"

/*
 * A step's heading: its number, its title without the "Step N:" the
 * author may have written, and its estimate. The link to the step sits
 * beside the heading, not in it, so the heading reads as "Step 1 Title";
 * the page script puts the step's tick box before it.
 */
static void step_heading(struct rb_buf *out, struct rb_step *st, size_t number)
{
	rb_buf_addf(out, "<div class=\"step-head\">\n<h2 id=\"%s\" data-title=\"", st->slug);
	rb_escape_html(out, st->title, strlen(st->title));
	rb_buf_addf(out, "\"><span class=\"step-no\"><span class=\"vh\">Step </span>%zu</span> ",
		    number);
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
	rb_buf_addf(out, "</h2>\n<a class=\"anchor\" href=\"#step-%zu\" aria-label=\"Link to step %zu\">#</a>\n</div>\n",
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
 * The levels of the headings of a runbook page as written: the author's
 * levels, but never one deeper than the heading it falls under (the page
 * title is h1, a step h2), so "### a" then "##### b" reads as h3 then h4.
 */
struct heading_levels {
	int src[8], out[8];     /* [0] is the page or the step around them */
	int n;
};

static void levels_reset(struct heading_levels *hl, int level)
{
	hl->src[0] = hl->out[0] = level;
	hl->n = 1;
}

static int levels_next(struct heading_levels *hl, int level)
{
	int lv;

	while (hl->n > 1 && hl->src[hl->n - 1] >= level)
		hl->n--;
	lv = hl->out[hl->n - 1] + 1;
	if (lv > 6)
		lv = 6;
	if (hl->n < 8) {
		hl->src[hl->n] = level;
		hl->out[hl->n] = lv;
		hl->n++;
	}
	return lv;
}

/*
 * A heading inside a step or before the first: cmark's HTML with an id and
 * a link to itself, so any part of a runbook can be linked to, at `level`.
 */
static void anchored_heading(struct rb_buf *out, cmark_node *n, int level,
			     struct rb_strmap *ids, struct rb_strlist *owned)
{
	cmark_llist *exts = rb_markdown_extensions();
	char *html = cmark_render_html(n, CMARK_OPT_UNSAFE, exts);
	char *text = cmark_render_plaintext(n, CMARK_OPT_DEFAULT, 0);
	const char *id = unique_id(ids, owned, text);
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
 * A code block's HTML; a console transcript's <pre> carries `cmds` (taken
 * and freed here; NULL: none), the commands its copy button copies (data-copy: the prompts, the output and the
 * comments left out, as the step's script holds them).
 */
static char *code_block_html(cmark_node *code, char *cmds, cmark_llist *exts)
{
	char *html = cmark_render_html(code, CMARK_OPT_UNSAFE, exts);
	struct rb_buf out = RB_BUF_INIT;

	if (!cmds || strncmp(html, "<pre", 4)) {
		free(cmds);
		return html;
	}
	rb_buf_adds(&out, "<pre data-copy=\"");
	rb_escape_html(&out, cmds, strlen(cmds));
	rb_buf_addch(&out, '"');
	rb_buf_adds(&out, html + 4);
	free(cmds);
	free(html);
	return rb_buf_detach(&out, NULL);
}

/*
 * A block's HTML, the transcripts inside it as code_block_html() makes
 * them: each stands in the tree as a custom block of that HTML while the
 * block renders, then the tree is as it was.
 */
static char *block_html(cmark_node *n, cmark_llist *exts)
{
	cmark_node **codes = NULL, **stand = NULL;
	char **cmds = NULL;
	size_t nr = 0, alloc = 0, alloc2 = 0, alloc3 = 0;
	cmark_iter *it;
	char *html;

	if (cmark_node_get_type(n) == CMARK_NODE_CODE_BLOCK)
		return code_block_html(n, rb_code_block_commands(cmark_node_get_fence_info(n),
								 cmark_node_get_literal(n)), exts);
	it = cmark_iter_new(n);
	for (cmark_event_type ev; (ev = cmark_iter_next(it)) != CMARK_EVENT_DONE;) {
		cmark_node *b = cmark_iter_get_node(it);
		char *c;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(b) != CMARK_NODE_CODE_BLOCK)
			continue;
		c = rb_code_block_commands(cmark_node_get_fence_info(b), cmark_node_get_literal(b));
		if (c) {
			RB_GROW(codes, nr + 1, alloc);
			RB_GROW(cmds, nr + 1, alloc3);
			cmds[nr] = c;
			codes[nr++] = b;
		}
	}
	cmark_iter_free(it);
	for (size_t i = 0; i < nr; i++) {
		cmark_node *custom = cmark_node_new(CMARK_NODE_CUSTOM_BLOCK);
		char *code = code_block_html(codes[i], cmds[i], exts);

		cmark_node_set_on_enter(custom, code);
		free(code);
		cmark_node_replace(codes[i], custom);
		RB_GROW(stand, i + 1, alloc2);
		stand[i] = custom;
	}
	html = cmark_render_html(n, CMARK_OPT_UNSAFE, exts);
	for (size_t i = 0; i < nr; i++) {
		cmark_node_replace(stand[i], codes[i]);
		cmark_node_free(stand[i]);
	}
	free(codes);
	free(cmds);
	free(stand);
	return html;
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
	size_t step = 0, tables = 0;
	bool open = false;
	struct heading_levels hl;

	levels_reset(&hl, 1);
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
			levels_reset(&hl, 2);
			step++;
			continue;
		}
		/* a leading "# Title" is the page's title already */
		if (n == r->title_heading)
			continue;
		if (cmark_node_get_type(n) == CMARK_NODE_HEADING) {
			anchored_heading(out, n, levels_next(&hl, cmark_node_get_heading_level(n)),
					 &ids, &owned);
			continue;
		}
		/* raw HTML and URLs were made safe before (page_files.c) */
		html = block_html(n, exts);
		/* a wide table scrolls in its own box, not the page */
		if (!strcmp(cmark_node_get_type_string(n), "table")) {
			rb_buf_addf(out, "<div class=\"table-scroll\" tabindex=\"0\" role=\"region\" "
				    "aria-label=\"Table %zu\">\n", ++tables);
			rb_buf_adds(out, html);
			rb_buf_adds(out, "</div>\n");
		} else {
			rb_buf_adds(out, html);
		}
		free(html);
	}
	if (open)
		rb_buf_adds(out, "</section>\n");
	rb_strmap_release(&ids);
	rb_strlist_release(&owned);
}

/*
 * The Content-Security-Policy allows the page's own inline scripts by their
 * SHA-256, not 'unsafe-inline': the template writes CSP_SCRIPTS where the
 * hashes go, and they are computed here over the rendered page.
 */
#define CSP_SCRIPTS "'inline-script-hashes'"

static void add_script_hash(struct rb_buf *csp, const char *text, size_t len)
{
	unsigned char md[EVP_MAX_MD_SIZE], b64[4 * ((EVP_MAX_MD_SIZE + 2) / 3) + 1];
	unsigned int n = 0;

	EVP_Digest(text, len, md, &n, EVP_sha256(), NULL);
	EVP_EncodeBlock(b64, md, (int)n);
	rb_buf_addf(csp, "%s'sha256-%s'", csp->len ? " " : "", (const char *)b64);
}

static void hash_inline_scripts(struct rb_buf *html)
{
	struct rb_buf csp = RB_BUF_INIT, out = RB_BUF_INIT;
	const char *mark = strstr(html->ptr, CSP_SCRIPTS), *p = html->ptr;

	if (!mark)
		return;
	/* every <script> without a src: its text, as the browser hashes it */
	while ((p = strstr(p, "<script"))) {
		const char *gt = strchr(p, '>'), *end;

		if (!gt)
			break;
		end = strstr(gt, "</script>");
		if (!end)
			break;
		if (!memmem(p, (size_t)(gt - p), "src=", 4))
			add_script_hash(&csp, gt + 1, (size_t)(end - gt - 1));
		p = end + 9;
	}
	/* no inline script: no hash, and the space before the mark goes too */
	if (csp.len)
		rb_buf_add(&out, html->ptr, (size_t)(mark - html->ptr));
	else
		rb_buf_add(&out, html->ptr, (size_t)(mark - html->ptr) -
			   (mark > html->ptr && mark[-1] == ' '));
	rb_buf_adds(&out, csp.ptr);
	rb_buf_adds(&out, mark + strlen(CSP_SCRIPTS));
	rb_buf_release(html);
	*html = out;
	rb_buf_release(&csp);
}

static int render_page(struct rb_page_ctx *c, const char *tmpl, json_t *data,
		       const char *rel)
{
	struct rb_buf html = RB_BUF_INIT;
	int ret = -1;

	if (rb_templates_render(c->templates, tmpl, data, rb_escape_html, &html,
				c->diags) < 0)
		goto done;
	hash_inline_scripts(&html);
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
	json_t *data, *rj;
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
		/* a copy: the model's own values are not written to (a PDF
		   helper shares their pages until one side writes) */
		rj = json_deep_copy(rb_model_runbook(c->model, i));
		json_object_set_new(rj, "body", json_string(body.ptr));
		/* which pages of binder.pdf print it, once laid out */
		if (c->print && c->print[i].first)
			json_object_set_new(rj, "print",
					    json_pack("{s:i, s:i, s:b}", "first", (json_int_t)c->print[i].first,
						      "last", (json_int_t)c->print[i].last,
						      "single", c->print[i].first == c->print[i].last));
		json_object_set_new(data, "runbook", rj);
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
