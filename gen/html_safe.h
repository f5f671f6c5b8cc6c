/*
 * html_safe.h - raw HTML written in Markdown, made safe and readable.
 *
 * rb_html_safe() keeps a safe subset and makes the rest text: tables and
 * their parts, details/summary, br, kbd, sub/sup, img (with a source the
 * caller accepts), a (http, https, mailto and relative targets), and
 * harmless formatting (p, div, span, b, strong, i, em, u, s, del, ins,
 * code, pre, lists, hr, small, mark, abbr, blockquote, h1-h6). Only the
 * attributes that say what a table, list, link or image is survive
 * (colspan, rowspan, align, start, open, href, title, src, alt, width,
 * height); no style, no event, no class. Any other tag (`<script>`,
 * `<style>`, `<namespace>` meant as a placeholder) is escaped, so it shows
 * as the text it is and never runs; comments are dropped. Closing tags
 * close only what the page opened; rb_html_close() closes the rest.
 *
 * The text and PDF renderers read the result back: rb_html_text() gives
 * its visible text, rb_html_markdown() the same as Markdown, with an HTML
 * table as a GFM table, so they show it with their own table layout.
 */
#ifndef RB_HTML_SAFE_H
#define RB_HTML_SAFE_H

#include "buf.h"

/* What a page has opened and not closed yet. */
struct rb_html_open {
	const char **names;      /* static tag names */
	size_t nr, alloc;
};

/*
 * What a link's or an image's URL becomes (a new string), or NULL to drop
 * it; `tag` is "a" or "img".
 */
typedef char *(*rb_html_url_fn)(void *ctx, const char *tag, const char *url);

void rb_html_safe(struct rb_buf *out, const char *html, size_t len,
		  struct rb_html_open *open, rb_html_url_fn url, void *ctx);
/* Closes what `open` holds, innermost first (the caller frees its names). */
void rb_html_close(struct rb_buf *out, struct rb_html_open *open);

/* Calls `fn` with the href of each <a> and the src of each <img> of `html`. */
void rb_html_each_url(const char *html, size_t len,
		      void (*fn)(void *ctx, const char *tag, const char *url), void *ctx);

/* The visible text of safe HTML: tags gone, entities decoded, br a newline. */
void rb_html_text(struct rb_buf *out, const char *html, size_t len);
/* Safe HTML as Markdown: tables as GFM tables, blocks as paragraphs. */
void rb_html_markdown(struct rb_buf *out, const char *html, size_t len);

#endif
