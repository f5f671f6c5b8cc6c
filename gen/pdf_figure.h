/*
 * pdf_figure.h - a ```runbinder-figure block (figure.h) drawn on the PDF
 * page with libharu's path operators: rectangles, lines and arrows filled
 * and stroked in the colours of the theme's pdf.yaml, text in the binder's
 * fonts. The figure keeps its proportions, at full size when the column
 * is wide enough and scaled down to it otherwise, and is never split
 * across pages.
 */
#ifndef RB_PDF_FIGURE_H
#define RB_PDF_FIGURE_H

#include "render_pdf.h"

/*
 * Draws the figure whose line format is `body` below the cursor and moves
 * the cursor under it. -1 when `body` cannot be read (nothing drawn, the
 * message in p->error), 0 otherwise.
 */
int rb_pdf_figure(struct rb_pdf *p, const char *body);

/* The height rb_pdf_figure() would take (so a heading keeps with it); 0 when unreadable. */
float rb_pdf_figure_height(const struct rb_pdf *p, const char *body);

#endif
