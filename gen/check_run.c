/*
 * check_run.c - the order the rule families run in, and the
 * runbinder-ignore comments: found before the checks, reported after
 * them when they silence nothing.
 */
#include <ctype.h>

#include "check.h"

/* Finds `<!-- runbinder-ignore RULE reason -->` comments in a runbook. */
static void scan_suppressions(struct rb_checker *c, struct rb_runbook *r)
{
	static const char marker[] = "<!-- runbinder-ignore";
	const char *s = r->source;
	int line = 1;
	const char *line_start = s;

	for (const char *p = s; p < s + r->source_len; p++) {
		if (*p == '\n') {
			line++;
			line_start = p + 1;
			continue;
		}
		if (*p != '<' || strncmp(p, marker, sizeof(marker) - 1))
			continue;
		{
			const char *q = p + sizeof(marker) - 1;
			const char *end = strstr(q, "-->");
			const char *rule_start, *rule_end;
			struct rb_suppression *sup;

			if (!end)
				break;
			while (q < end && isspace((unsigned char)*q))
				q++;
			rule_start = q;
			while (q < end && !isspace((unsigned char)*q))
				q++;
			rule_end = q;
			while (q < end && isspace((unsigned char)*q))
				q++;
			RB_GROW(c->sups, c->sups_nr + 1, c->sups_alloc);
			sup = &c->sups[c->sups_nr++];
			sup->path = r->path;
			sup->line = line;
			sup->col = (int)(p - line_start) + 1;
			sup->rule = rb_xstrndup(rule_start, (size_t)(rule_end - rule_start));
			sup->has_reason = q < end;
			sup->used = false;
		}
	}
}

void rb_check_binder(struct rb_binder *b, long today, struct rb_diags *d)
{
	struct rb_checker c = { b, d, today, NULL, 0, 0, false, NULL, 0, 0 };
	bool whole_infra, whole_plan;

	for (size_t i = 0; i < b->runbooks_nr; i++)
		scan_suppressions(&c, b->runbooks[i]);
	for (size_t i = 0; i < c.sups_nr; i++) {
		struct rb_suppression *s = &c.sups[i];
		struct rb_loc loc = { s->path, s->line, s->col };

		if (!rb_rule_find(s->rule))
			rb_report(&c, RB_RULE_SUPPRESSION_UNUSED, loc, NULL,
				  "runbinder-ignore names unknown rule '%s'", s->rule);
		else if (!s->has_reason)
			rb_report(&c, RB_RULE_SUPPRESSION_NO_REASON, loc,
				  "say why, e.g. <!-- runbinder-ignore RULE the reason -->",
				  "runbinder-ignore %s gives no reason, so it silences nothing",
				  s->rule);
	}
	/*
	 * A source that did not load leaves out what the families that judge
	 * the whole inventory or the whole plan would need: they wait for its
	 * fix rather than report what it would have held as missing.
	 */
	whole_infra = !b->infra_incomplete;
	whole_plan = !b->plan.incomplete;
	if (whole_infra)
		rb_check_commands(&c);
	rb_check_awscli(&c);
	if (whole_infra)
		rb_check_drift(&c);
	if (whole_infra && whole_plan)
		rb_check_plan(&c);
	rb_check_hygiene(&c);
	if (whole_infra)
		rb_check_review(&c);
	if (whole_infra && whole_plan)
		rb_check_dr(&c);
	if (whole_plan)
		rb_check_plan_data(&c);
	for (size_t i = 0; i < c.sups_nr; i++) {
		struct rb_suppression *s = &c.sups[i];

		if (s->has_reason && !s->used && rb_rule_find(s->rule) &&
		    whole_infra && whole_plan)
			rb_report(&c, RB_RULE_SUPPRESSION_UNUSED,
				  (struct rb_loc){ s->path, s->line, s->col }, NULL,
				  "runbinder-ignore %s silences nothing on the next line",
				  s->rule);
		free(s->rule);
	}
	free(c.sups);
	free(c.scales);
}
