/*
 * callout.h - notes and warnings the way other tools write them, as one
 * kind of block: GitHub alerts (`> [!NOTE]`, TIP, IMPORTANT, WARNING,
 * CAUTION), MkDocs admonitions (`!!! warning "Title"` with an indented
 * body, `???` for folded ones) and Docusaurus admonitions (`:::danger
 * Title` ... `:::`).
 *
 * MkDocs and Docusaurus blocks are first written as GitHub alerts, line
 * for line (a body line keeps its line number; its column moves by the
 * width of the `> ` put before it and the indent taken away); after
 * parsing, every alert becomes a cmark custom block whose first child is
 * a paragraph with the label in strong text (the title, else the kind:
 * "Warning"), so every renderer can show it: HTML as
 * `<div class="callout callout-KIND" role="note">`, text and PDF with a
 * bar of their own. Custom blocks in a runbook's tree are callouts only.
 */
#ifndef RB_CALLOUT_H
#define RB_CALLOUT_H

#include <cmark-gfm.h>

#include "buf.h"

/*
 * `text` with MkDocs and Docusaurus admonitions written as GitHub alerts
 * into `out`; false (and `out` untouched) when the text has none.
 */
bool rb_callout_source(struct rb_buf *out, const char *text, size_t len);

/* Every GitHub alert of `doc` made a callout block. */
void rb_callout_tree(cmark_node *doc);

#endif
