/*
 * check.c - the rule table, severities from the config, suppressions, and
 * the order the rule families run in.
 */
#include <ctype.h>

#include "check.h"

const struct rb_rule rb_rules[] = {
	/* references: always errors, a binder cannot be rendered with them */
	{ "ref-unbound", RB_SEV_ERROR,
	  "a requires: entry matches no resource of the infra exports" },
	{ "ref-ambiguous", RB_SEV_ERROR,
	  "a requires: query matches more than one resource" },
	{ "ref-placeholder", RB_SEV_ERROR,
	  "a placeholder names an unknown binding or attribute, or no single value" },
	{ "ref-secret", RB_SEV_ERROR,
	  "a placeholder reaches a redacted secret" },
	{ "ref-unsafe-value", RB_SEV_ERROR,
	  "a value placed in a command is not one plain shell word" },
	{ "cmd-unknown-identifier", RB_SEV_ERROR,
	  "an aws command names a resource that is in no infra export" },
	{ "cmd-wrong-region", RB_SEV_ERROR,
	  "an aws command's --region is not the region of the resource it names" },
	/* the AWS CLI table (check_awscli.c) */
	{ "cmd-unknown-service", RB_SEV_ERROR,
	  "an aws command names a service the AWS CLI does not have" },
	{ "cmd-unknown-command", RB_SEV_ERROR,
	  "an aws command names a command its service does not have" },
	{ "cmd-unknown-option", RB_SEV_ERROR,
	  "an aws command gives an option its command does not have" },
	{ "cmd-missing-option", RB_SEV_WARNING,
	  "an aws command leaves out an option its command requires" },
	{ "cmd-unknown-waiter", RB_SEV_ERROR,
	  "an aws ... wait command names a waiter its service does not have" },
	{ "cmd-unknown-region", RB_SEV_ERROR,
	  "an aws command's --region is not an AWS region" },
	{ "drift-attribute", RB_SEV_WARNING,
	  "a resource differs between Terraform state and the AWS CLI export on an attribute that matters" },
	{ "drift-unmanaged", RB_SEV_WARNING,
	  "a resource in the AWS CLI exports is managed by no Terraform state" },
	{ "dr-drift", RB_SEV_ERROR,
	  "the DR copy differs from its primary (class, engine version, task definition, node type)" },
	{ "dr-missing-secret", RB_SEV_ERROR,
	  "a secret or parameter exists in the primary region only" },
	{ "plan-state-no-recovery", RB_SEV_WARNING,
	  "a session store (Redis) that no runbook recovers" },
	{ "plan-rpo-no-replication", RB_SEV_ERROR,
	  "an RPO under an hour without a cross-region replica of the service's database" },
	{ "plan-rto-unreachable", RB_SEV_ERROR,
	  "a service's RTO is tighter than its strategy can reach" },
	{ "plan-rpo-unreachable", RB_SEV_ERROR,
	  "a service's RPO is tighter than its strategy can reach" },
	{ "plan-no-signoff", RB_SEV_WARNING,
	  "recovery targets without a business sign-off" },
	{ "plan-few-owners", RB_SEV_WARNING,
	  "a service or runbook has fewer than 3 owners" },
	{ "plan-no-failback", RB_SEV_ERROR,
	  "a failover runbook names no failback runbook" },
	{ "plan-drill-overdue", RB_SEV_WARNING,
	  "a drill is overdue by the testing calendar" },
	{ "plan-drill-missed-target", RB_SEV_WARNING,
	  "a failover drill recorded as a pass measured more than its service's RTO or RPO" },
	{ "plan-estimate-over-rto", RB_SEV_WARNING,
	  "a failover runbook's estimate is longer than its service's RTO" },
	{ "plan-no-dns-failover", RB_SEV_ERROR,
	  "a failover without Route 53 PRIMARY and SECONDARY failover records and a health check" },
	{ "plan-dns-too-slow", RB_SEV_WARNING,
	  "DNS failover (interval x failure threshold + TTL) takes longer than the RTO allows" },
	{ "plan-backups-one-region", RB_SEV_ERROR,
	  "a database's automated backups are not replicated to another region" },
	{ "plan-dr-key-region", RB_SEV_ERROR,
	  "a cross-region copy is not encrypted with a key of the DR region" },
	{ "plan-banned-term", RB_SEV_ERROR,
	  "a runbook uses a term the config bans" },
	{ "review-changed", RB_SEV_WARNING,
	  "an infra value a runbook was reviewed against has changed since" },
	{ "review-stale", RB_SEV_WARNING,
	  "a runbook's last_reviewed is older than review_max_age" },
	{ "hygiene-broken-link", RB_SEV_ERROR,
	  "a link to another runbook names no runbook" },
	{ "hygiene-step-without-command", RB_SEV_WARNING,
	  "a step of a failover or failback runbook has no command" },
	{ "suppression-unused", RB_SEV_NOTE,
	  "a runbinder-ignore comment silences nothing" },
	{ "suppression-no-reason", RB_SEV_WARNING,
	  "a runbinder-ignore comment gives no reason" },
};

const size_t rb_rules_nr = RB_ARRAY_SIZE(rb_rules);

const struct rb_rule *rb_rule_find(const char *id)
{
	for (size_t i = 0; i < rb_rules_nr; i++)
		if (!strcmp(rb_rules[i].id, id))
			return &rb_rules[i];
	return NULL;
}

/* The severity the config gives `rule`; -1 when it is off. */
static int severity_of(struct rb_checker *c, const struct rb_rule *rule)
{
	const char *s = json_string_value(json_object_get(c->binder->config.rules,
							  rule->id));

	if (!s)
		return (int)rule->severity;
	if (!strcmp(s, "off"))
		return -1;
	if (!strcmp(s, "note"))
		return RB_SEV_NOTE;
	if (!strcmp(s, "warning"))
		return RB_SEV_WARNING;
	return RB_SEV_ERROR;
}

void rb_report(struct rb_checker *c, const char *rule_id, struct rb_loc loc,
	       const char *hint, const char *fmt, ...)
{
	const struct rb_rule *rule = rb_rule_find(rule_id);
	struct rb_buf msg = RB_BUF_INIT;
	va_list ap;
	int sev;

	if (!rule)
		rb_die("unknown rule '%s'", rule_id);
	sev = severity_of(c, rule);
	if (sev < 0)
		return;
	for (size_t i = 0; loc.path && i < c->sups_nr; i++) {
		struct rb_suppression *s = &c->sups[i];

		if (s->has_reason && !strcmp(s->rule, rule_id) &&
		    !strcmp(s->path, loc.path) && s->line == loc.line - 1) {
			s->used = true;
			return;
		}
	}
	va_start(ap, fmt);
	rb_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	rb_finding(c->diags, (enum rb_severity)sev, rule_id, loc, hint, "%s", msg.ptr);
	rb_buf_release(&msg);
}

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
	struct rb_checker c = { b, d, today, NULL, 0, 0 };

	for (size_t i = 0; i < b->runbooks_nr; i++)
		scan_suppressions(&c, b->runbooks[i]);
	for (size_t i = 0; i < c.sups_nr; i++) {
		struct rb_suppression *s = &c.sups[i];
		struct rb_loc loc = { s->path, s->line, s->col };

		if (!rb_rule_find(s->rule))
			rb_report(&c, "suppression-unused", loc, NULL,
				  "runbinder-ignore names unknown rule '%s'", s->rule);
		else if (!s->has_reason)
			rb_report(&c, "suppression-no-reason", loc,
				  "say why, e.g. <!-- runbinder-ignore RULE the reason -->",
				  "runbinder-ignore %s gives no reason, so it silences nothing",
				  s->rule);
	}
	rb_check_commands(&c);
	rb_check_awscli(&c);
	rb_check_drift(&c);
	rb_check_plan(&c);
	rb_check_hygiene(&c);
	rb_check_review(&c);
	rb_check_dr(&c);
	for (size_t i = 0; i < c.sups_nr; i++) {
		struct rb_suppression *s = &c.sups[i];

		if (s->has_reason && !s->used && rb_rule_find(s->rule))
			rb_report(&c, "suppression-unused",
				  (struct rb_loc){ s->path, s->line, s->col }, NULL,
				  "runbinder-ignore %s silences nothing on the next line",
				  s->rule);
		free(s->rule);
	}
	free(c.sups);
}

bool rb_findings_fail(const struct rb_diags *d, const char *level)
{
	enum rb_severity min = RB_SEV_ERROR;

	if (level && !strcmp(level, "never"))
		return false;
	if (level && !strcmp(level, "warning"))
		min = RB_SEV_WARNING;
	for (size_t i = 0; i < d->nr; i++)
		if (d->items[i].rule && d->items[i].severity >= min)
			return true;
	return false;
}

bool rb_diags_bad_input(const struct rb_diags *d)
{
	for (size_t i = 0; i < d->nr; i++) {
		const struct rb_diag *g = &d->items[i];

		if (g->severity != RB_SEV_ERROR)
			continue;
		/* a resource gone from the infra is drift; the rest is the source */
		if (!g->rule || (rb_starts_with(g->rule, "ref-") &&
				 strcmp(g->rule, "ref-unbound") && strcmp(g->rule, "ref-ambiguous")))
			return true;
	}
	return false;
}
