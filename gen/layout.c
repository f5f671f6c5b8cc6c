/*
 * layout.c - line breaking and column fitting (see layout.h).
 *
 * Only arithmetic on widths: what a width means, and how it is measured,
 * stays with the renderer's callbacks, so that text and PDF make the same
 * decisions in their own units.
 */
#include <math.h>

#include "layout.h"

void rb_layout_lines_release(struct rb_layout_lines *lines)
{
	free(lines->items);
	lines->items = NULL;
	lines->nr = lines->alloc = 0;
}

static void push_line(struct rb_layout_lines *out, const struct rb_layout_line *l)
{
	RB_GROW(out->items, out->nr + 1, out->alloc);
	out->items[out->nr++] = *l;
}

void rb_layout_break(struct rb_layout_lines *out, size_t n,
		     const struct rb_layout_measure *m, double first_room,
		     double room)
{
	struct rb_layout_line cur = { 0, 0, 0 };
	bool words = false;	/* `cur` holds a word */

	out->nr = 0;
	for (size_t i = 0; i < n; i++) {
		double limit = out->nr ? room : first_room;

		switch (m->kind(m->ctx, i)) {
		case RB_LAYOUT_SPACE:
			break;
		case RB_LAYOUT_BREAK:
			if (!words)
				cur.first = cur.end = i;
			push_line(out, &cur);
			cur.width = 0;
			words = false;
			break;
		case RB_LAYOUT_WORD:
			if (words) {
				double w = m->width(m->ctx, cur.width, cur.first, i);

				if (!(w > limit)) {
					cur.width = w;
					cur.end = i + 1;
					break;
				}
				push_line(out, &cur);
			}
			/* the first word of a line goes on it, fitting or not */
			cur.first = i;
			cur.width = m->width(m->ctx, 0, i, i);
			cur.end = i + 1;
			words = true;
			break;
		}
	}
	if (words)
		push_line(out, &cur);
}

double rb_layout_widest_word(size_t n, const struct rb_layout_measure *m)
{
	double best = 0;

	for (size_t i = 0; i < n; i++)
		if (m->kind(m->ctx, i) == RB_LAYOUT_WORD) {
			double w = m->width(m->ctx, 0, i, i);

			if (w > best)
				best = w;
		}
	return best;
}

/* A sum in the unit's precision: points are floats on the page. */
static double add(enum rb_layout_unit unit, double a, double b)
{
	return unit == RB_LAYOUT_POINTS ? (double)(float)(a + b) : a + b;
}

static double capped(double natural, double least, double cap)
{
	double x = least > cap ? least : cap;

	return x < natural ? x : natural;
}

static double capped_sum(const double *natural, const double *least,
			 size_t cols, double cap, enum rb_layout_unit unit)
{
	double sum = 0;

	for (size_t j = 0; j < cols; j++)
		sum = add(unit, sum, capped(natural[j], least[j], cap));
	return sum;
}

/* The largest cap whose columns fit in `room` (the column sum grows with it). */
static double find_cap(const double *natural, const double *least, size_t cols,
		       double room, enum rb_layout_unit unit)
{
	double lo = 0, hi = 0;

	if (unit == RB_LAYOUT_POINTS) {
		/* forty halvings of the room are finer than a float can tell */
		hi = room;
		for (int it = 0; it < 40; it++) {
			double mid = (double)(float)((lo + hi) / 2);

			if (capped_sum(natural, least, cols, mid, unit) <= room)
				lo = mid;
			else
				hi = mid;
		}
		return lo;
	}
	for (size_t j = 0; j < cols; j++)
		if (natural[j] > hi)
			hi = natural[j];
	while (lo < hi) {
		double mid = lo + floor((hi - lo + 1) / 2);

		if (capped_sum(natural, least, cols, mid, unit) <= room)
			lo = mid;
		else
			hi = mid - 1;
	}
	return lo;
}

void rb_layout_fit_columns(double *w, const double *natural,
			   const double *least, size_t cols, double room,
			   enum rb_layout_unit unit)
{
	double used = 0, cap;

	for (size_t j = 0; j < cols; j++) {
		w[j] = natural[j];
		used = add(unit, used, w[j]);
	}
	if (used <= room)
		return;
	cap = find_cap(natural, least, cols, room, unit);
	used = 0;
	for (size_t j = 0; j < cols; j++) {
		w[j] = capped(natural[j], least[j], cap);
		used = add(unit, used, w[j]);
	}
	if (unit != RB_LAYOUT_COLUMNS)
		return;
	/* what the cap's rounding left goes to the columns still cut, in order */
	for (size_t j = 0; j < cols && used < room; j++)
		if (w[j] < natural[j]) {
			w[j]++;
			used++;
		}
}
