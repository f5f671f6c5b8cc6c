/*
 * figure_charts.c - the RTO bar and the drill-history chart, laid out.
 */
#include <stdlib.h>
#include <string.h>

#include "duration.h"
#include "figure_charts.h"
#include "util.h"

#define BAR_W 400           /* the bar's length for the whole scale */
#define TEXT_SIZE 10
#define SWATCH 10
#define MAX_DRILLS 12

/* x of `secs` on a length of `w` units standing for `scale` seconds */
static int scale_x(long secs, long scale, int w)
{
	return scale > 0 && secs > 0 ? (int)((secs * w + scale / 2) / scale) : 0;
}

static char *duration(long secs)
{
	struct rb_buf b = RB_BUF_INIT;

	rb_duration_format(&b, secs);
	return rb_buf_detach(&b, NULL);
}

/* A legend: swatches and their words in rows from `y`; returns the y below. */
struct legend_item {
	const char *cls;
	bool line;          /* a line's swatch, not a box's */
	char *words;
};

static int legend(struct rb_figure *f, const struct legend_item *items, size_t n, int y)
{
	int x = 0;

	for (size_t i = 0; i < n; i++) {
		int w = SWATCH + 4 + rb_figure_text_width(items[i].words, TEXT_SIZE);

		if (x && x + w > f->width) {
			x = 0;
			y += 16;
		}
		if (items[i].line)
			rb_figure_line(f, items[i].cls, x + SWATCH / 2, y, x + SWATCH / 2, y + SWATCH);
		else
			rb_figure_rect(f, items[i].cls, x, y, SWATCH, SWATCH);
		rb_figure_text(f, "label", x + SWATCH + 4, y + SWATCH - 1, RB_ANCHOR_START,
			       TEXT_SIZE, items[i].words);
		x += w + 14;
	}
	return y + SWATCH + 4;
}

void rb_chart_rto_bar(struct rb_figure *out, const struct rb_service *s,
		      const struct rb_recovery *rec)
{
	long scale = (rec->rto > s->rto ? rec->rto : s->rto) * 8 / 7;
	long start = rec->detection > 0 ? rec->detection : 0;
	int det_w = scale_x(start, scale, BAR_W);
	int steps_w = scale_x(rec->steps, scale, BAR_W);
	int dns_w = scale_x(rec->dns > 0 ? rec->dns : 0, scale, BAR_W);
	int target_x = scale_x(s->rto, scale, BAR_W);
	char *det = duration(start), *steps = duration(rec->steps);
	char *dns = duration(rec->dns > 0 ? rec->dns : 0), *target = duration(s->rto);
	char *total = duration(rec->rto);
	struct legend_item items[4];
	struct rb_buf b = RB_BUF_INIT;
	size_t n = 0;
	int y;

	rb_figure_init(out, RB_CHART_WIDTH, 0);
	rb_buf_addf(&b, "%s: failover %s against an RTO of %s (", s->name, total, target);
	if (rec->detection > 0)
		rb_buf_addf(&b, "detection %s, then ", det);
	rb_buf_addf(&b, "runbook %s", steps);
	if (rec->dns > 0)
		rb_buf_addf(&b, ", DNS %s alongside", dns);
	rb_buf_adds(&b, ")");
	rb_figure_label(out, b.ptr);
	rb_buf_reset(&b);
	rb_figure_text(out, "head", 0, 11, RB_ANCHOR_START, TEXT_SIZE, s->name);
	rb_figure_rect(out, "det", 0, 22, det_w, 14);
	rb_figure_rect(out, "steps", det_w, 22, steps_w, 14);
	if (dns_w)
		rb_figure_rect(out, "dns", det_w, 38, dns_w, 5);
	rb_figure_line(out, "target", target_x, 18, target_x, 48);
	rb_figure_text(out, rec->rto > s->rto ? "over" : "label", det_w + steps_w + 4, 34,
		       RB_ANCHOR_START, TEXT_SIZE, total);
	if (rec->detection > 0) {
		rb_buf_addf(&b, "detection %s", det);
		items[n++] = (struct legend_item){ "det", false, rb_buf_detach(&b, NULL) };
	}
	rb_buf_addf(&b, "runbook %s", steps);
	items[n++] = (struct legend_item){ "steps", false, rb_buf_detach(&b, NULL) };
	if (dns_w) {
		rb_buf_addf(&b, "DNS %s", dns);
		items[n++] = (struct legend_item){ "dns", false, rb_buf_detach(&b, NULL) };
	}
	rb_buf_addf(&b, "RTO target %s", target);
	items[n++] = (struct legend_item){ "target", true, rb_buf_detach(&b, NULL) };
	y = legend(out, items, n, 56);
	out->height = y;
	for (size_t i = 0; i < n; i++)
		free(items[i].words);
	free(det);
	free(steps);
	free(dns);
	free(target);
	free(total);
	rb_buf_release(&b);
}

static const struct rb_drill *sort_drills;

/* oldest first; equal dates keep the plan's order */
static int drill_cmp(const void *pa, const void *pb)
{
	size_t a = *(const size_t *)pa, b = *(const size_t *)pb;

	if (sort_drills[a].date != sort_drills[b].date)
		return sort_drills[a].date < sort_drills[b].date ? -1 : 1;
	return a < b ? -1 : a > b;
}

/* One panel of the chart: a bar per drill of the figure `what` measured. */
struct panel {
	const char *what;   /* "RTO", "RPO" */
	const char *cls;    /* "rto", "rpo" */
	long target;
	int x, w;           /* where it is, its width */
};

static long measure(const struct rb_drill *d, const struct panel *pn)
{
	return pn->cls[1] == 't' ? d->rto : d->rpo;
}

static void draw_panel(struct rb_figure *f, const struct panel *pn, const struct rb_drill *drills,
		       const size_t *rows, size_t n, int top, int row_h)
{
	const int value_room = 46;
	int bar_w = pn->w - value_room;
	long most = pn->target;
	struct rb_buf b = RB_BUF_INIT;
	int tx;

	for (size_t i = 0; i < n; i++)
		if (measure(&drills[rows[i]], pn) > most)
			most = measure(&drills[rows[i]], pn);
	tx = pn->target > 0 ? pn->x + scale_x(pn->target, most, bar_w) : -1;
	rb_buf_addf(&b, "Measured %s", pn->what);
	rb_figure_text(f, "head", pn->x, top - 8, RB_ANCHOR_START, TEXT_SIZE, b.ptr);
	for (size_t i = 0; i < n; i++) {
		long v = measure(&drills[rows[i]], pn);
		int y = top + (int)i * row_h;
		int w = scale_x(v, most, bar_w), vx;
		bool over = pn->target > 0 && v > pn->target;

		if (v < 0) {
			rb_figure_text(f, "note", pn->x, y + row_h - 5, RB_ANCHOR_START, TEXT_SIZE - 1,
				       "not measured");
			continue;
		}
		rb_buf_reset(&b);
		rb_duration_format(&b, v);
		if (w < 1)
			w = 1;
		/* the figure beside its bar, past the target line where they would cross */
		vx = pn->x + w + 4;
		if (tx >= pn->x + w && tx < vx + rb_figure_text_width(b.ptr, TEXT_SIZE))
			vx = tx + 4;
		rb_figure_rect(f, over ? "over" : pn->cls, pn->x, y + 3, w, row_h - 6);
		rb_figure_text(f, over ? "over" : "label", vx, y + row_h - 5,
			       RB_ANCHOR_START, TEXT_SIZE, b.ptr);
	}
	if (pn->target > 0) {
		rb_figure_line(f, "target", tx, top - 2, tx, top + (int)n * row_h + 2);
		rb_buf_reset(&b);
		rb_buf_adds(&b, "target ");
		rb_duration_format(&b, pn->target);
		rb_figure_text(f, "note", tx, top + (int)n * row_h + 13, RB_ANCHOR_MIDDLE,
			       TEXT_SIZE - 1, b.ptr);
	}
	rb_buf_release(&b);
}

size_t rb_chart_drills(struct rb_figure *out, const struct rb_binder *b,
		       const struct rb_service *s)
{
	const struct rb_plan *p = &b->plan;
	size_t *rows = rb_xcalloc(p->drills_nr + 1, sizeof(*rows)), n = 0, first;
	bool any_rto = false, any_rpo = false;
	const int label_w = 76, row_h = 18, top = 40;
	struct panel panels[2];
	size_t np = 0;
	struct rb_buf words = RB_BUF_INIT, v = RB_BUF_INIT;

	rb_figure_init(out, RB_CHART_WIDTH, 0);
	rb_figure_text(out, "head", 0, 11, RB_ANCHOR_START, TEXT_SIZE, s->name);
	for (size_t i = 0; i < p->drills_nr; i++) {
		const struct rb_drill *d = &p->drills[i];

		/* a failover's measures, as plan-drill-missed-target judges them */
		if (rb_drill_failover_of((struct rb_binder *)b, d) != s || (d->rto < 0 && d->rpo < 0))
			continue;
		rows[n++] = i;
		any_rto |= d->rto >= 0;
		any_rpo |= d->rpo >= 0;
	}
	if (!n) {
		free(rows);
		return 0;
	}
	sort_drills = p->drills;
	qsort(rows, n, sizeof(*rows), drill_cmp);
	first = n > MAX_DRILLS ? n - MAX_DRILLS : 0;
	n -= first;
	if (any_rto)
		panels[np++] = (struct panel){ "RTO", "rto", s->rto, 0, 0 };
	if (any_rpo)
		panels[np++] = (struct panel){ "RPO", "rpo", s->rpo, 0, 0 };
	for (size_t k = 0; k < np; k++) {
		panels[k].w = (RB_CHART_WIDTH - label_w - 12 * (int)(np - 1)) / (int)np;
		panels[k].x = label_w + (int)k * (panels[k].w + 12);
	}
	/* the words: every drill's figures */
	rb_buf_addf(&words, "%s: drills against the targets:", s->name);
	for (size_t i = 0; i < n; i++) {
		const struct rb_drill *d = &p->drills[rows[first + i]];
		int y = top + (int)i * row_h;

		rb_buf_reset(&v);
		rb_date_format(&v, d->date);
		rb_figure_text(out, "label", 0, y + row_h - 5, RB_ANCHOR_START, TEXT_SIZE, v.ptr);
		rb_buf_addf(&words, "%s %s", i ? ";" : "", v.ptr);
		if (d->rto >= 0) {
			rb_buf_adds(&words, " RTO ");
			rb_duration_format(&words, d->rto);
		}
		if (d->rpo >= 0) {
			rb_buf_adds(&words, d->rto >= 0 ? ", RPO " : " RPO ");
			rb_duration_format(&words, d->rpo);
		}
	}
	for (size_t k = 0; k < np; k++) {
		if (panels[k].target > 0) {
			rb_buf_addf(&words, "%s %s target ", k ? "," : ";", panels[k].what);
			rb_duration_format(&words, panels[k].target);
		}
		draw_panel(out, &panels[k], p->drills, rows + first, n, top, row_h);
	}
	rb_figure_label(out, words.ptr);
	out->height = top + (int)n * row_h + 18;
	rb_buf_release(&words);
	rb_buf_release(&v);
	free(rows);
	return n;
}
