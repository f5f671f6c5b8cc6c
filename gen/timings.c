/* timings.c - wall time per phase (see timings.h). */
#include <time.h>

#include "timings.h"

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

void rb_timings_start(struct rb_timings *t, bool on)
{
	memset(t, 0, sizeof(*t));
	t->on = on;
	if (on)
		t->start = t->last = now();
}

void rb_timings_mark(struct rb_timings *t, const char *phase)
{
	double n;
	size_t i;

	if (!t || !t->on)
		return;
	n = now();
	for (i = 0; i < t->nr && strcmp(t->names[i], phase); i++)
		;
	if (i == t->nr) {
		if (t->nr == RB_TIMINGS_MAX)
			return;
		t->names[t->nr++] = phase;
	}
	t->secs[i] += n - t->last;
	t->last = n;
}

void rb_timings_print(const struct rb_timings *t, FILE *f)
{
	if (!t->on)
		return;
	fputs("timings:\n", f);
	for (size_t i = 0; i < t->nr; i++)
		fprintf(f, "  %-16s %8.3f s\n", t->names[i], t->secs[i]);
	fprintf(f, "  %-16s %8.3f s\n", "total", t->last - t->start);
}
