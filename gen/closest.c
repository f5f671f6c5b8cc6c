/*
 * closest.c - "did you mean": the edit distance between two names and the
 * closest of a list.
 */
#include <stdlib.h>
#include <string.h>

#include "closest.h"
#include "util.h"

size_t rb_edit_distance(const char *a, const char *b, size_t cap)
{
	size_t la = strlen(a), lb = strlen(b);
	size_t *row, best = 0;

	if ((la > lb ? la - lb : lb - la) > cap)
		return cap + 1;
	row = rb_xmalloc((lb + 1) * sizeof(*row));
	for (size_t j = 0; j <= lb; j++)
		row[j] = j;
	for (size_t i = 1; i <= la; i++) {
		size_t diag = row[0];

		row[0] = i;
		best = row[0];
		for (size_t j = 1; j <= lb; j++) {
			size_t up = row[j];
			size_t cost = a[i - 1] == b[j - 1] ? 0 : 1;
			size_t v = diag + cost;

			if (up + 1 < v)
				v = up + 1;
			if (row[j - 1] + 1 < v)
				v = row[j - 1] + 1;
			row[j] = v;
			diag = up;
			if (v < best)
				best = v;
		}
		if (best > cap)
			break;
	}
	best = row[lb];
	free(row);
	return best > cap ? cap + 1 : best;
}

const char *rb_closest(const char *s, const char *const *names, size_t n)
{
	const char *best = NULL;
	size_t best_d = 0;
	size_t cap = strlen(s) / 3 + 1;

	if (cap > 3)
		cap = 3;
	for (size_t i = 0; i < n; i++) {
		size_t d = rb_edit_distance(s, names[i], cap);

		if (d <= cap && (!best || d < best_d)) {
			best = names[i];
			best_d = d;
		}
	}
	return best;
}
