/*
 * figure.h - a picture the binder draws (the RTO bar, the drill chart, a
 * service's topology) as a list of shapes in a coordinate system of its
 * own: x to the right, y down, one unit a CSS pixel on the page at full
 * size and a point in the PDF at full size. The charts and the topology
 * are laid out once, in C (figure_charts.c, topology.c); the result goes
 * to the view model twice, from the same shapes:
 *
 * - as "shapes" for templates/figure.html, which writes them as inline
 *   SVG (no script, no link);
 * - as "lines", the body of a ```runbinder-figure block that
 *   templates/plan.md writes for the PDF (pdf_figure.c draws it) and the
 *   text (render_text.c leaves it out: the tables beside it say it all).
 *
 * The line format, one shape a line, numbers as integers:
 *
 *     figure W H              the size; first line
 *     label TEXT              what the picture says, in words
 *     rect CLASS X Y W H
 *     line CLASS X1 Y1 X2 Y2
 *     arrow CLASS X1 Y1 X2 Y2 a line with a head at X2 Y2
 *     text CLASS X Y ANCHOR SIZE TEXT   ANCHOR: start, middle or end;
 *                                       Y is the baseline
 *     title TEXT              the full text of the shape before it (an
 *                             address shortened to fit)
 *
 * A CLASS is a word of lowercase letters and dashes; the theme gives each
 * its colour (svg.figure in style.css, `colours` in pdf.yaml through
 * pdf_figure.c's table). Text is one line of UTF-8 without control
 * characters. Ownership: a figure owns its shapes and their strings.
 */
#ifndef RB_FIGURE_H
#define RB_FIGURE_H

#include <jansson.h>
#include <stdbool.h>
#include <stddef.h>

#include "buf.h"

#define RB_FIGURE_INFO "runbinder-figure"

enum rb_shape_kind { RB_SHAPE_RECT, RB_SHAPE_LINE, RB_SHAPE_ARROW, RB_SHAPE_TEXT };
enum rb_anchor { RB_ANCHOR_START, RB_ANCHOR_MIDDLE, RB_ANCHOR_END };

struct rb_shape {
	enum rb_shape_kind kind;
	char cls[24];
	int x, y, w, h;          /* rect: corner and size; line, arrow: x,y to w,h */
	enum rb_anchor anchor;   /* text */
	int size;                /* text: font size in units */
	char *text;              /* text, or NULL */
	char *title;             /* full text, or NULL */
};

struct rb_figure {
	int width, height;
	char *label;
	struct rb_shape *shapes;
	size_t nr, alloc;
};

void rb_figure_init(struct rb_figure *f, int width, int height);
void rb_figure_release(struct rb_figure *f);

/* `label` and texts are copied; a control character becomes a space. */
void rb_figure_label(struct rb_figure *f, const char *label);
void rb_figure_rect(struct rb_figure *f, const char *cls, int x, int y, int w, int h);
void rb_figure_line(struct rb_figure *f, const char *cls, int x1, int y1, int x2, int y2);
void rb_figure_arrow(struct rb_figure *f, const char *cls, int x1, int y1, int x2, int y2);
void rb_figure_text(struct rb_figure *f, const char *cls, int x, int y,
		    enum rb_anchor anchor, int size, const char *text);
/* The last shape's full text. */
void rb_figure_title(struct rb_figure *f, const char *title);

/*
 * How wide `text` is at `size`, reckoned wide enough for DejaVu Sans and
 * for the sans-serif fonts a browser picks: 0.62 em a column.
 */
int rb_figure_text_width(const char *text, int size);
/*
 * `text` shortened to at most `room` units at `size`: whole, or its head
 * and tail around an ellipsis (an address differs at both ends). New string.
 */
char *rb_figure_fit(const char *text, int size, int room);

/* The arrow head of an arrow: three points, x and y, in `out`. */
void rb_figure_arrow_head(const struct rb_shape *s, double out[6]);

/* The line format (above), each line ending in a newline. */
void rb_figure_write(struct rb_buf *out, const struct rb_figure *f);
/*
 * Reads the line format into `out` (initialised here); -1 with a message
 * in `err` at the first line it cannot read, 0 otherwise.
 */
int rb_figure_parse(struct rb_figure *out, const char *s, size_t len,
		    char *err, size_t errlen);

/* For the templates: {width, height, px_width, px_height (the size on screen), label, shapes: [{rect|line|arrow|text: {...}}], lines}. */
json_t *rb_figure_json(const struct rb_figure *f);

#endif
