/*
 * markdown.c - the one place that configures cmark-gfm: GitHub-flavoured
 * Markdown with tables, task lists, strikethrough and autolinks; raw HTML
 * is parsed but never rendered (cmark's safe default). Other tools'
 * admonitions and GitHub alerts become callout blocks (callout.c).
 */
#include <cmark-gfm-core-extensions.h>
#include <pthread.h>

#include "binder.h"
#include "callout.h"

static const char *const extension_names[] = {
	"table", "tasklist", "strikethrough", "autolink",
};

static cmark_llist *extensions;
static pthread_once_t once = PTHREAD_ONCE_INIT;

static void free_extensions(void)
{
	cmark_llist_free(cmark_get_default_mem_allocator(), extensions);
	extensions = NULL;
}

static void init_extensions(void)
{
	cmark_gfm_core_extensions_ensure_registered();
	for (size_t i = 0; i < RB_ARRAY_SIZE(extension_names); i++) {
		cmark_syntax_extension *ext =
			cmark_find_syntax_extension(extension_names[i]);

		if (!ext)
			rb_die("cmark-gfm extension '%s' is missing",
			       extension_names[i]);
		extensions = cmark_llist_append(cmark_get_default_mem_allocator(),
						extensions, ext);
	}
	atexit(free_extensions);
}

cmark_llist *rb_markdown_extensions(void)
{
	pthread_once(&once, init_extensions);
	return extensions;
}

cmark_node *rb_markdown_parse(const char *text, size_t len)
{
	struct rb_buf alerts = RB_BUF_INIT;
	cmark_parser *parser;
	cmark_node *doc;

	rb_markdown_extensions();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (cmark_llist *l = extensions; l; l = l->next)
		cmark_parser_attach_syntax_extension(parser, l->data);
	/* other tools' admonitions, line for line as GitHub alerts */
	if (rb_callout_source(&alerts, text, len))
		cmark_parser_feed(parser, alerts.ptr, alerts.len);
	else
		cmark_parser_feed(parser, text, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	rb_buf_release(&alerts);
	cmark_consolidate_text_nodes(doc);
	rb_callout_tree(doc);
	return doc;
}

/*
 * Every renderer walks the tree, and some walk it by recursion; deeper
 * nesting than any runbook needs is refused at load instead of costing
 * stack later. Returns -1 (and records the error) when `doc` is too deep.
 */
int rb_markdown_check_depth(cmark_node *doc, const char *path, int line_offset,
			    struct rb_diags *d)
{
	cmark_iter *it = cmark_iter_new(doc);
	int rc = 0;

	while (cmark_iter_next(it) != CMARK_EVENT_DONE) {
		cmark_node *n = cmark_iter_get_node(it);
		int depth = 0;

		/* at most RB_MARKDOWN_MAX_DEPTH + 1 steps per node */
		for (cmark_node *p = n; p && depth <= RB_MARKDOWN_MAX_DEPTH;
		     p = cmark_node_parent(p))
			depth++;
		if (depth > RB_MARKDOWN_MAX_DEPTH) {
			rc = rb_error(d, (struct rb_loc){ path,
				 cmark_node_get_start_line(n) + line_offset,
				 cmark_node_get_start_column(n) },
				 "Markdown nested more than %d levels deep "
				 "(block quotes, lists, emphasis or links)",
				 RB_MARKDOWN_MAX_DEPTH);
			break;
		}
	}
	cmark_iter_free(it);
	return rc;
}
