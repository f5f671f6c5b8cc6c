/*
 * figure_charts.h - the plan page's charts as figures (figure.h): the RTO
 * bar of a service (recovery_time.h's parts against its target) and its
 * drill history (the measured RTO and RPO of each drill against the
 * targets). Laid out here once; HTML, PDF and text read the figure.
 */
#ifndef RB_FIGURE_CHARTS_H
#define RB_FIGURE_CHARTS_H

#include "binder.h"
#include "figure.h"
#include "recovery_time.h"

/* The width of the charts, in figure units. */
#define RB_CHART_WIDTH 440

/*
 * The stacked bar: detection, then the runbook, DNS alongside below, the
 * line at the RTO target, and a legend with the figures. The bar's right
 * end is the longer of the target and the achievable time plus a seventh.
 * `rec` must have an RTO (rto >= 0) and `s` a target.
 */
void rb_chart_rto_bar(struct rb_figure *out, const struct rb_service *s,
		      const struct rb_recovery *rec);

/*
 * The failover drills of `s` (rb_drill_failover_of) that measured an RTO
 * or an RPO, oldest first (the
 * last 12), each a row of bars against the target lines. Returns the
 * number of drills drawn; 0 leaves `out` empty (initialised).
 */
size_t rb_chart_drills(struct rb_figure *out, const struct rb_binder *b,
		       const struct rb_service *s);

#endif
