/*
 * check_hygiene.c - links between runbooks that lead nowhere, failover
 * steps without a command, and runbooks not reviewed for too long.
 */
#include "check.h"
#include "duration.h"
#include "link_target.h"

static struct rb_loc node_loc(struct rb_runbook *r, cmark_node *n)
{
	while (n && !cmark_node_get_start_line(n))
		n = cmark_node_parent(n);
	return (struct rb_loc){ r->path,
				(n ? cmark_node_get_start_line(n) : 1) + r->body_line - 1,
				n ? cmark_node_get_start_column(n) : 1 };
}

/*
 * Links and images whose target is not there: not a runbook, not a file
 * of the repository (link_target.c says how a URL is read).
 */
static void links(struct rb_checker *c, struct rb_runbook *r)
{
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		cmark_node_type type = cmark_node_get_type(n);
		struct rb_link_target t;
		const char *url;
		char *near, *hint;

		if (ev != CMARK_EVENT_ENTER ||
		    (type != CMARK_NODE_LINK && type != CMARK_NODE_IMAGE))
			continue;
		url = cmark_node_get_url(n);
		rb_link_target(c->binder, r, url, &t);
		if (t.kind == RB_LINK_MISSING) {
			near = rb_link_target_near(c->binder, r, url);
			hint = near ? rb_xasprintf("did you mean '%s'?", near)
				    : rb_xstrdup("link to a page or file of the repository by its "
						 "path relative to this page, or to a runbook by its id: [text](ID.html)");
			rb_report(c, RB_RULE_HYGIENE_BROKEN_LINK, node_loc(r, n), hint,
				  "%s '%s': %s does not exist",
				  type == CMARK_NODE_IMAGE ? "image" : "link to", url, t.path);
			free(hint);
			free(near);
		}
		rb_link_target_release(&t);
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
