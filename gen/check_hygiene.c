/*
 * check_hygiene.c - links between runbooks that lead nowhere, failover
 * steps without a command, and runbooks not reviewed for too long.
 */
#include "check.h"
#include "duration.h"

/* The runbook id a relative link names (`failback-core-api.html`). */
static char *linked_id(const char *url)
{
	const char *end;
	size_t n;

	if (!url || strchr(url, ':') || url[0] == '/' || url[0] == '#')
		return NULL;
	end = url + strcspn(url, "#?");
	n = (size_t)(end - url);
	if (n > 5 && !strncmp(end - 5, ".html", 5))
		n -= 5;
	else if (n > 3 && !strncmp(end - 3, ".md", 3))
		n -= 3;
	else
		return NULL;
	/* runbooks/x.html from the index, ../runbooks/x.html, x.html beside */
	{
		const char *slash = memrchr(url, '/', n);
		const char *start = slash ? slash + 1 : url;

		return rb_xstrndup(start, (size_t)(url + n - start));
	}
}

static void links(struct rb_checker *c, struct rb_runbook *r)
{
	cmark_iter *it = cmark_iter_new(r->doc);
	cmark_event_type ev;

	while ((ev = cmark_iter_next(it)) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		char *id;

		if (ev != CMARK_EVENT_ENTER || cmark_node_get_type(n) != CMARK_NODE_LINK)
			continue;
		id = linked_id(cmark_node_get_url(n));
		if (id && !rb_binder_runbook(c->binder, id)) {
			cmark_node *p = n;

			while (p && !cmark_node_get_start_line(p))
				p = cmark_node_parent(p);
			rb_report(c, RB_RULE_HYGIENE_BROKEN_LINK,
				  (struct rb_loc){ r->path,
						   (p ? cmark_node_get_start_line(p) : 1) + r->body_line - 1,
						   p ? cmark_node_get_start_column(p) : 1 },
				  "link to a runbook by its id: [text](ID.html)",
				  "link to '%s' names no runbook", cmark_node_get_url(n));
		}
		free(id);
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
