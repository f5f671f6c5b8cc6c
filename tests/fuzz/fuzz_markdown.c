/*
 * fuzz_markdown.c - a runbook file (front matter and Markdown) parsed as
 * a binder parses it, then rendered to HTML and to 78-column text.
 */
#include "binder.h"
#include "fuzz.h"
#include "render_text.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_diags d = RB_DIAGS_INIT;
	char *src = rb_xstrndup((const char *)data, size);
	struct rb_runbook *r;
	struct rb_buf text = RB_BUF_INIT;

	/* the parser owns the source from here on */
	r = rb_runbook_parse("content/runbooks/fuzz.md", src, size, "fuzz", false, &d);
	if (r && r->doc) {
		char *html = cmark_render_html(r->doc, CMARK_OPT_DEFAULT,
					       rb_markdown_extensions());

		free(html);
		rb_render_text(&text, r->doc, 78);
		rb_render_text(&text, r->doc, 20);
	}
	rb_runbook_free(r);
	rb_buf_release(&text);
	rb_diags_release(&d);
	return 0;
}
