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
