/*
 * layout.h - where lines end and how wide table columns are, for the
 * renderers that wrap: plain text (widths in display columns) and PDF
 * (widths in points of a font). The decisions are made here once; the
 * renderers only measure and draw.
 *
 * Line breaking: a renderer describes its inline content as a sequence of
 * items (words, breakable blanks, forced breaks) and hands a measure: a
 * callback that says what each item is, and one that says how wide a line
 * becomes when a word is added to it. rb_layout_break() fills greedily: as
 * many words as fit on a line, blanks at a break dropped, a word wider than
 * the room alone on its line (it overflows; cutting it is the renderer's
 * choice, made before or after).
 *
 * Column fitting: rb_layout_fit_columns() shares a width between the
 * columns of a table from each column's natural width (its widest line)
 * and least width (its widest word): narrow columns keep their width, the
 * wide ones share the rest.
 *
 * Nothing here allocates except the line list, which the caller owns and
 * frees with rb_layout_lines_release(). Widths are doubles: whole columns
 * are exact in them, and points keep the single precision they are drawn
 * with (see enum rb_layout_unit).
 */
#ifndef RB_LAYOUT_H
#define RB_LAYOUT_H

#include "util.h"

enum rb_layout_kind {
	RB_LAYOUT_WORD,		/* never broken */
	RB_LAYOUT_SPACE,	/* blanks where a line may end (and are then dropped) */
	RB_LAYOUT_BREAK,	/* a forced line break */
};

struct rb_layout_measure {
	/* What item `i` is. */
	enum rb_layout_kind (*kind)(void *ctx, size_t i);
	/*
	 * The width of a line holding the words from item `first` to word
	 * `i`, given `line`, its width up to the word before `i` (0 when
	 * `i == first`). Blanks between the words are the callback's to count.
	 */
	double (*width)(void *ctx, double line, size_t first, size_t i);
	void *ctx;
};

struct rb_layout_line {
	size_t first, end;	/* items [first, end); empty for a blank line */
	double width;		/* as the measure gave it */
};

struct rb_layout_lines {
	struct rb_layout_line *items;
	size_t nr, alloc;
};

void rb_layout_lines_release(struct rb_layout_lines *lines);

/*
 * Breaks `n` items into lines at most `first_room` wide for the first line
 * and `room` for the others (HUGE_VAL: break only where forced). `out` is
 * emptied first. A forced break ends the line, even an empty one; a line
 * holds at least one word.
 */
void rb_layout_break(struct rb_layout_lines *out, size_t n,
		     const struct rb_layout_measure *m, double first_room,
		     double room);

/* The widest word of `n` items, as the measure gives it alone on a line. */
double rb_layout_widest_word(size_t n, const struct rb_layout_measure *m);

enum rb_layout_unit {
	/*
	 * Whole display columns: the largest cap is found exactly, and what
	 * its rounding leaves goes to the columns still cut, in order.
	 */
	RB_LAYOUT_COLUMNS,
	/*
	 * Points, summed in single precision as libharu takes coordinates:
	 * the cap is found by a fixed bisection, so the same table gives the
	 * same page.
	 */
	RB_LAYOUT_POINTS,
};

/*
 * Column widths `w` for `cols` columns that fit in `room`, when the
 * natural widths do not: the largest cap such that every column gets its
 * natural width up to the cap, but never less than its least width. The
 * columns may still not fit (their words are wider than the room); what to
 * do then (cut, shrink, overflow) is the renderer's choice.
 */
void rb_layout_fit_columns(double *w, const double *natural,
			   const double *least, size_t cols, double room,
			   enum rb_layout_unit unit);

#endif
