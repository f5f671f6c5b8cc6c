/*
 * check_hygiene.c - links between runbooks that lead nowhere, failover
 * steps without a command, and runbooks not reviewed for too long.
 */
#include "check.h"
#include "duration.h"
#include "html_safe.h"
#include "link_target.h"

static struct rb_loc node_loc(struct rb_runbook *r, cmark_node *n)
{
	while (n && !cmark_node_get_start_line(n))
		n = cmark_node_parent(n);
	return (struct rb_loc){ r->path,
				(n ? cmark_node_get_start_line(n) : 1) + r->body_line - 1,
				n ? cmark_node_get_start_column(n) : 1 };
}

struct link_check {
	struct rb_checker *c;
	struct rb_runbook *r;
	cmark_node *n;
};

/* One link or image: a finding when its target is not there. */
static void link(struct link_check *lc, bool image, const char *url)
{
	struct rb_link_target t;
	char *near, *hint;

	rb_link_target(lc->c->binder, lc->r, url, &t);
	if (t.kind == RB_LINK_MISSING) {
		near = rb_link_target_near(lc->c->binder, lc->r, url);
		hint = near ? rb_xasprintf("did you mean '%s'?", near)
			    : rb_xstrdup("link to a page or file of the repository by its "
					 "path relative to this page, or to a runbook by its id: [text](ID.html)");
		rb_report(lc->c, RB_RULE_HYGIENE_BROKEN_LINK, node_loc(lc->r, lc->n), hint,
			  "%s '%s': %s does not exist", image ? "image" : "link to", url, t.path);
		free(hint);
		free(near);
	}
	rb_link_target_release(&t);
}

static void html_link(void *ctx, const char *tag, const char *url)
{
	link(ctx, !strcmp(tag, "img"), url);
}

/*
 * Links and images whose target is not there: not a runbook, not a file
 * of the repository (link_target.c says how a URL is read), in Markdown
 * and in raw HTML.
 */
static void links(struct rb_checker *c, struct rb_runbook *r)
{
	cmark_iter *it = cmark_iter_new(r->doc);
	struct link_check lc = { c, r, NULL };
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		const char *lit = cmark_node_get_literal(n);

		if (ev != CMARK_EVENT_ENTER)
			continue;
		lc.n = n;
		if (type == CMARK_NODE_LINK || type == CMARK_NODE_IMAGE)
			link(&lc, type == CMARK_NODE_IMAGE, cmark_node_get_url(n));
		else if ((type == CMARK_NODE_HTML_BLOCK || type == CMARK_NODE_HTML_INLINE) && lit)
			rb_html_each_url(lit, strlen(lit), html_link, &lc);
	}
	cmark_iter_free(it);
}

static void steps(struct rb_checker *c, struct rb_runbook *r)
{
	if (r->kind != RB_KIND_FAILOVER && r->kind != RB_KIND_FAILBACK)
		return;
	for (size_t i = 0; i < r->steps_nr; i++) {
		cmark_node *end = i + 1 < r->steps_nr ? r->steps[i + 1].heading : NULL;
		bool command = false;

		for (cmark_node *n = cmark_node_next(r->steps[i].heading); n && n != end;
		     n = cmark_node_next(n)) {
			cmark_iter *it = cmark_iter_new(n);
			cmark_event_type ev;

			while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE)
				if (cmark_node_get_type(cmark_iter_get_node(it)) == CMARK_NODE_CODE_BLOCK)
					command = true;
			cmark_iter_free(it);
		}
		if (!command)
			rb_report(c, RB_RULE_HYGIENE_STEP_WITHOUT_COMMAND,
				  (struct rb_loc){ r->path, r->steps[i].line, 1 },
				  "give the exact command in a ```bash block, or silence this with a reason",
				  "step %zu '%s' of %s runbook '%s' has no command", i + 1,
				  r->steps[i].title, rb_runbook_kind_name(r->kind), r->id);
	}
}

void rb_check_hygiene(struct rb_checker *c)
{
	for (size_t i = 0; i < c->binder->runbooks_nr; i++) {
		struct rb_runbook *r = c->binder->runbooks[i];

		links(c, r);
		steps(c, r);
	}
}
