/*
 * page.c - what the writers of every format share: writing a file into
 * the staging output, and templates that produce Markdown (plan.md),
 * escaped for it and parsed.
 */
#include <ctype.h>
#include <errno.h>

#include "pages.h"

int rb_page_write(struct rb_page_ctx *c, const char *rel, const char *data,
		  size_t len)
{
	if (rb_output_write(c->out, rel, data, len, 0644) < 0)
		return rb_error(c->diags, (struct rb_loc){ rel, 0, 0 },
				"cannot write: %s", strerror(errno));
	return 0;
}

void rb_escape_markdown(struct rb_buf *out, const char *s, size_t len)
{
	for (size_t i = 0; i < len; i++) {
		unsigned char ch = (unsigned char)s[i];

		if (ch == '\n' || ch == '\r') {
			rb_buf_addch(out, ' ');
			continue;
		}
		if (ispunct(ch))
			rb_buf_addch(out, '\\');
		rb_buf_addch(out, ch);
	}
}

cmark_node *rb_markdown_template(struct rb_page_ctx *c, const char *name,
				 json_t *data)
{
	struct rb_buf md = RB_BUF_INIT;
	cmark_node *doc = NULL;

	if (rb_templates_render(c->templates, name, data, rb_escape_markdown,
				&md, c->diags) == 0)
		doc = rb_markdown_parse(md.ptr, md.len);
	rb_buf_release(&md);
	return doc;
}
