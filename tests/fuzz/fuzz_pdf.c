/* fuzz_pdf.c - Markdown laid out on PDF pages by the binder's own layout. */
#include "binder.h"
#include "fuzz.h"
#include "render_pdf.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_pdf_style style;
	struct rb_pdf pdf;
	struct rb_buf out = RB_BUF_INIT;
	cmark_node *doc;

	if (size > 64 * 1024)
		return 0;               /* layout cost grows with size, not bugs */
	doc = rb_markdown_parse((const char *)data, size);
	rb_pdf_style_default(&style);
	/* as for a runbook: deeper nesting is refused before any layout */
	if (doc && rb_markdown_check_depth(doc, "fuzz.md", 0, &d) < 0) {
		cmark_node_free(doc);
		doc = NULL;
	}
	if (doc && rb_pdf_init(&pdf, "A4", 0, "fuzz", &style, &d) == 0) {
		rb_pdf_markdown(&pdf, doc, false);
		(void)rb_pdf_save(&pdf, &out);
		rb_pdf_release(&pdf);
	}
	if (doc)
		cmark_node_free(doc);
	rb_buf_release(&out);
	rb_diags_release(&d);
	return 0;
}
