/*
 * render_text.h - a cmark-gfm document as plain text for a terminal or
 * a printer: wrapped at a width, code never wrapped.
 *
 * Rules: paragraphs wrapped at `width` columns (counted in UTF-8 code
 * points) on spaces; headings as their text underlined (level 1 with `=`,
 * level 2 with `-`, deeper as `### text`); bullet lists with `- ` and
 * ordered lists with `1. ` and hanging indent; GFM task items as `[ ] ` or
 * `[x] `; block quotes prefixed with `> `, callouts (callout.h) with `| `; code blocks indented by 4
 * spaces and never wrapped (a line longer than the width stays long);
 * inline code as is (no backticks); emphasis as the bare text, strong as
 * the bare text; links as `text <url>` unless the text is the url, and
 * a link to another runbook (`ID.html`, `ID.html#anchor`) as
 * `text (see ID)`;
 * images as `[image: alt]`; thematic breaks as a line of `-`; GFM tables
 * drawn with `|`, `-` and `+` and a `=` rule under the header, columns
 * padded to the widest cell or, when the table is wider than `width`,
 * sharing it (never below a column's longest word) with cells wrapped and
 * a rule between body rows;
 * strikethrough as `~text~`; raw HTML (made safe by html_safe.c) as its
 * text, an HTML table as a table. Blocks are separated by
 * one blank line. The output ends with exactly one newline (or is empty).
 */
#ifndef RB_RENDER_TEXT_H
#define RB_RENDER_TEXT_H

#include <cmark-gfm.h>

#include "buf.h"

#define RB_TEXT_WIDTH 78

/* Appends the text rendering of `doc` (a CMARK_NODE_DOCUMENT) to `out`. */
void rb_render_text(struct rb_buf *out, cmark_node *doc, int width);

/*
 * Appends `text` wrapped at `width` with every line after the first
 * prefixed by `indent` spaces (and the first line by `first_indent`).
 * Words longer than the width are put on a line of their own, not cut.
 */
void rb_wrap_text(struct rb_buf *out, const char *text, int width,
		  int first_indent, int indent);

#endif
