/*
 * check_hygiene.c - links between runbooks that lead nowhere, failover
 * steps without a command, step shell code that does not parse (bash -n)
 * or whose block attributes mean nothing, and runbooks not reviewed for
 * too long.
 */
#include <ctype.h>

#include "check.h"
#include "duration.h"
#include "html_safe.h"
#include "link_target.h"
#include "shell_syntax.h"
#include "step_code.h"

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

/*
 * Whether a block parses as its script holds it: in a function, where a
 * here-document left open would swallow the closing brace.
 */
static int block_syntax(const char *code, int *line, struct rb_buf *msg)
{
	char *wrapped = rb_xasprintf("rb_block() {\n%s}\n", code);
	int ret = rb_shell_syntax(wrapped, line, msg);

	/* bash's words on the block as written, unless only the function shows it */
	if (ret) {
		struct rb_buf plain = RB_BUF_INIT;
		int at;

		if (rb_shell_syntax(code, &at, &plain)) {
			rb_buf_reset(msg);
			rb_buf_adds(msg, plain.ptr);
			*line = at;
		} else if (*line > 1) {
			(*line)--;
		}
		rb_buf_release(&plain);
	}
	free(wrapped);
	return ret;
}

/*
 * Output pasted into a shell block: a JSON document, `[` or `{` alone on
 * the first line and a key or another bracket on the next.
 */
static bool json_output(const char *code)
{
	code += strspn(code, " \t\n");
	if ((*code != '[' && *code != '{') || code[1 + strspn(code + 1, " \t")] != '\n')
		return false;
	code += 1 + strspn(code + 1, " \t\n");
	return *code == '"' || *code == '{' || *code == '[';
}

/*
 * The first line of a shell block that is output or configuration pasted
 * in, not a command, though the shell would parse it: an INI section
 * (`[default]`: the test command needs spaces), an elision (`...`), a
 * port mapping of `docker ps` (`0.0.0.0:9200->9200/tcp` is a redirection).
 * Its 1-based line in the block, or 0.
 */
static int output_line(const char *code)
{
	int line = 1;

	for (const char *l = code; *l; line++) {
		const char *end = strchr(l, '\n'), *t = l + strspn(l, " \t");
		size_t n = end ? (size_t)(end - t) : strlen(t);
		char quote = 0;

		while (n && (t[n - 1] == ' ' || t[n - 1] == '\t' || t[n - 1] == '\r'))
			n--;
		if (n > 2 && t[0] == '[' && t[1] != '[' && t[1] != ' ' && t[n - 1] == ']' &&
		    !memchr(t, ' ', n))
			return line;
		if ((n >= 3 && !strncmp(t, "...", 3)) || (n >= 3 && !strncmp(t, "\xe2\x80\xa6", 3)))
			return line;
		for (size_t i = 1; i + 2 < n; i++) {
			if (t[i] == '\'' || t[i] == '"')
				quote = quote == t[i] ? 0 : quote ? quote : t[i];
			if (!quote && t[i] == '-' && t[i + 1] == '>' &&
			    isdigit((unsigned char)t[i - 1]) && isdigit((unsigned char)t[i + 2]))
				return line;
		}
		if (!end)
			break;
		l = end + 1;
	}
	return 0;
}

/*
 * Whether the blocks of a step parse together as its script holds them, one
 * function each (blocks with an attribute error are not in the script).
 */
static bool step_syntax(const struct rb_step_parts *parts, int *line, struct rb_buf *msg)
{
	struct rb_buf all = RB_BUF_INIT;
	bool ok;

	for (size_t k = 0; k < parts->nr; k++)
		if (parts->items[k].kind == RB_PART_CODE && !parts->items[k].error)
			rb_buf_addf(&all, "rb_b%zu() {\n%s}\n", k + 1, parts->items[k].text);
	ok = !all.len || !rb_shell_syntax(all.ptr, line, msg);
	rb_buf_release(&all);
	return ok;
}

/*
 * Does source line `line` hold a placeholder? An attribute whose
 * placeholder names nothing (already reported) is left empty, which is
 * not a mistake of its own.
 */
static bool line_has_placeholder(const struct rb_runbook *r, int line)
{
	const char *p = r->source, *end = r->source + r->source_len, *eol;

	for (int n = 1; p < end && n < line; n++) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));

		p = nl ? nl + 1 : end;
	}
	eol = memchr(p, '\n', (size_t)(end - p));
	return memmem(p, (size_t)((eol ? eol : end) - p), "{{", 2) != NULL;
}

/*
 * Every shell block of every step parses, and its attributes mean
 * something. In another tool's page (adopted) a block is documentation
 * first: one that cannot make a script is a note and gets no script.
 */
static void step_scripts(struct rb_checker *c, struct rb_runbook *r)
{
	c->notes_only = r->adopted;
	for (size_t i = 0; i < r->steps_nr; i++) {
		struct rb_step_parts parts = { 0 };
		struct rb_buf msg = RB_BUF_INIT;
		bool parses;
		int line, told = 0, code_line = 0;

		rb_step_parts(r, i, &parts);
		/*
		 * One bash for the step's blocks as its script holds them; only
		 * when that fails, one a block to find where (bash starts in
		 * milliseconds, a large set has a thousand blocks).
		 */
		parses = step_syntax(&parts, &line, &msg);
		for (size_t k = 0; k < parts.nr; k++) {
			struct rb_step_part *p = &parts.items[k];
			char *blank = NULL;

			rb_buf_reset(&msg);
			if (p->kind != RB_PART_CODE)
				continue;
			if (!code_line)
				code_line = p->line - 1;
			if (p->error && !(r->unbound_names && line_has_placeholder(r, p->line - 1)))
				rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT,
					  (struct rb_loc){ r->path, p->line - 1, 1 },
					  "see the README's Step scripts for the block attributes",
					  "%s", p->error);
			else if (!parses && block_syntax(p->text, &line, &msg) && ++told)
				rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT,
					  (struct rb_loc){ r->path, rb_step_part_line(p, line), 1 },
					  "a console transcript is ```console with $ prompts; a block only shown is ```bash {illustrative}",
					  "step %zu's shell code does not parse: %s", i + 1, msg.ptr);
			else if (json_output(p->text))
				rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT,
					  (struct rb_loc){ r->path, p->line - 1, 1 },
					  "give output a ```json block, or mark the block {illustrative}",
					  "step %zu's shell block is JSON output, not commands", i + 1);
			else if ((line = output_line(p->text)))
				rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT,
					  (struct rb_loc){ r->path, rb_step_part_line(p, line), 1 },
					  "give output or configuration a ```text (or ```ini) block, or mark the block {illustrative}",
					  "step %zu's shell block holds output or configuration, not a command, at this line",
					  i + 1);
			else if ((blank = rb_step_reader_placeholder(p->text, &line)))
				rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT,
					  (struct rb_loc){ r->path, rb_step_part_line(p, line), 1 },
					  "give the value with a {{placeholder}} or a variable the step sets; a block only shown is ```bash {illustrative}",
					  "step %zu's shell code leaves '%s' for the reader to fill in: the shell would read it as redirections",
					  i + 1, blank);
			free(blank);
		}
		if (!parses && !told && code_line)
			/* each block parses alone, not together: a quote one opens and another closes */
			rb_report(c, RB_RULE_HYGIENE_STEP_SCRIPT, (struct rb_loc){ r->path, code_line, 1 },
				  "close every quote and here-document in the block that opens it",
				  "step %zu's shell blocks do not parse as one script", i + 1);
		rb_buf_release(&msg);
		rb_step_parts_release(&parts);
	}
	c->notes_only = false;
}

void rb_check_hygiene(struct rb_checker *c)
{
	for (size_t i = 0; i < c->binder->runbooks_nr; i++) {
		struct rb_runbook *r = c->binder->runbooks[i];

		/* a page that did not parse has its own error and nothing to check */
		if (!r->doc)
			continue;
		links(c, r);
		steps(c, r);
		step_scripts(c, r);
	}
}
