/*
 * check.c - the sink the rule families report into: the severity the
 * config gives each rule, and the suppressions that silence a finding.
 */
#include "check.h"

static struct rb_diag *vreport(struct rb_checker *c, enum rb_rule_id rule_id,
			       struct rb_loc loc, const char *hint,
			       const char *fmt, va_list ap) RB_PRINTF(5, 0);

/* The finding, or NULL when the config or a suppression silences it. */
static struct rb_diag *vreport(struct rb_checker *c, enum rb_rule_id rule_id,
			       struct rb_loc loc, const char *hint,
			       const char *fmt, va_list ap)
{
	const struct rb_rule *rule = &rb_rules[rule_id];
	struct rb_buf msg = RB_BUF_INIT;
	struct rb_diag *g;
	int sev;

	sev = rb_rule_severity(rule, c->binder->config.rules);
	if (sev < 0)
		return NULL;
	if (c->notes_only)
		sev = RB_SEV_NOTE;
	for (size_t i = 0; loc.path && i < c->sups_nr; i++) {
		struct rb_suppression *s = &c->sups[i];

		if (s->has_reason && !strcmp(s->rule, rule->id) &&
		    !strcmp(s->path, loc.path) && s->line == loc.line - 1) {
			s->used = true;
			return NULL;
		}
	}
	rb_buf_vaddf(&msg, fmt, ap);
	g = rb_finding(c->diags, (enum rb_severity)sev, rule->id, loc, hint, "%s", msg.ptr);
	rb_buf_release(&msg);
	return g;
}

void rb_report(struct rb_checker *c, enum rb_rule_id rule_id, struct rb_loc loc,
	       const char *hint, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(c, rule_id, loc, hint, fmt, ap);
	va_end(ap);
}

void rb_report_about(struct rb_checker *c, enum rb_rule_id rule_id,
		     const struct rb_resource *r, struct rb_loc loc,
		     const char *hint, const char *fmt, ...)
{
	struct rb_infra *inv = &c->binder->infra;
	struct rb_diag *g;
	va_list ap;

	va_start(ap, fmt);
	g = vreport(c, rule_id, loc, hint, fmt, ap);
	va_end(ap);
	if (g)
		g->about = (size_t)(r - inv->items);
}
