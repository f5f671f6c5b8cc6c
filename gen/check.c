/*
 * check.c - the sink the rule families report into: the severity the
 * config gives each rule, and the suppressions that silence a finding.
 */
#include "check.h"

void rb_report(struct rb_checker *c, enum rb_rule_id rule_id, struct rb_loc loc,
	       const char *hint, const char *fmt, ...)
{
	const struct rb_rule *rule = &rb_rules[rule_id];
	struct rb_buf msg = RB_BUF_INIT;
	va_list ap;
	int sev;

	sev = rb_rule_severity(rule, c->binder->config.rules);
	if (sev < 0)
		return;
	if (c->notes_only)
		sev = RB_SEV_NOTE;
	for (size_t i = 0; loc.path && i < c->sups_nr; i++) {
		struct rb_suppression *s = &c->sups[i];

		if (s->has_reason && !strcmp(s->rule, rule->id) &&
		    !strcmp(s->path, loc.path) && s->line == loc.line - 1) {
			s->used = true;
			return;
		}
	}
	va_start(ap, fmt);
	rb_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rb_finding(c->diags, (enum rb_severity)sev, rule->id, loc, hint, "%s", msg.ptr);
	rb_buf_release(&msg);
}
