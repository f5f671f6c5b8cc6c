/*
 * rules.c - the table of rules and what follows from a rule's row.
 */
#include "rules.h"

const struct rb_rule rb_rules[RB_RULE__NR] = {
	[RB_RULE_REF_UNBOUND] = { "ref-unbound", RB_FAMILY_REF, RB_SEV_ERROR, false,
		"a requires: entry matches no resource of the infra exports" },
	[RB_RULE_REF_AMBIGUOUS] = { "ref-ambiguous", RB_FAMILY_REF, RB_SEV_ERROR, false,
		"a requires: query matches more than one resource" },
	[RB_RULE_REF_PLACEHOLDER] = { "ref-placeholder", RB_FAMILY_REF, RB_SEV_ERROR, true,
		"a placeholder names an unknown binding or attribute, or no single value" },
	[RB_RULE_REF_SECRET] = { "ref-secret", RB_FAMILY_REF, RB_SEV_ERROR, true,
		"a placeholder reaches a redacted secret" },
	[RB_RULE_REF_UNSAFE_VALUE] = { "ref-unsafe-value", RB_FAMILY_REF, RB_SEV_ERROR, true,
		"a value placed in a command is not one plain shell word" },
	[RB_RULE_CMD_UNKNOWN_IDENTIFIER] = { "cmd-unknown-identifier", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command names a resource that is in no infra export" },
	[RB_RULE_CMD_WRONG_REGION] = { "cmd-wrong-region", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command's --region is not the region of the resource it names" },
	[RB_RULE_CMD_FAILED_REGION] = { "cmd-failed-region", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"a failover command that changes something in the region the failover leaves" },
	[RB_RULE_CMD_PROMOTE_WITHOUT_LAG] = { "cmd-promote-without-lag", RB_FAMILY_CMD, RB_SEV_WARNING, false,
		"a failover promotes a replica or a global secondary without reading its lag first" },
	[RB_RULE_CMD_MANUAL_DNS] = { "cmd-manual-dns", RB_FAMILY_CMD, RB_SEV_WARNING, false,
		"a failover changes DNS records by hand where the state fails DNS over by itself" },
	[RB_RULE_CMD_UNKNOWN_SERVICE] = { "cmd-unknown-service", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command names a service the AWS CLI does not have", true },
	[RB_RULE_CMD_UNKNOWN_COMMAND] = { "cmd-unknown-command", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command names a command its service does not have", true },
	[RB_RULE_CMD_UNKNOWN_OPTION] = { "cmd-unknown-option", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command gives an option its command does not have", true },
	[RB_RULE_CMD_MISSING_OPTION] = { "cmd-missing-option", RB_FAMILY_CMD, RB_SEV_WARNING, false,
		"an aws command leaves out an option its command requires" },
	[RB_RULE_CMD_UNKNOWN_WAITER] = { "cmd-unknown-waiter", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws ... wait command names a waiter its service does not have", true },
	[RB_RULE_CMD_UNKNOWN_REGION] = { "cmd-unknown-region", RB_FAMILY_CMD, RB_SEV_ERROR, false,
		"an aws command's --region is not an AWS region", true },
	[RB_RULE_DRIFT_ATTRIBUTE] = { "drift-attribute", RB_FAMILY_DRIFT, RB_SEV_WARNING, false,
		"a resource differs between Terraform state and an AWS CLI export on an attribute both carry, region included" },
	[RB_RULE_DRIFT_UNMANAGED] = { "drift-unmanaged", RB_FAMILY_DRIFT, RB_SEV_WARNING, false,
		"a resource in the AWS CLI exports is managed by no Terraform state" },
	[RB_RULE_DRIFT_MISSING] = { "drift-missing", RB_FAMILY_DRIFT, RB_SEV_WARNING, false,
		"a resource in the Terraform state is not in a complete AWS CLI export of its type and region" },
	[RB_RULE_DR_DRIFT] = { "dr-drift", RB_FAMILY_DR, RB_SEV_ERROR, false,
		"the DR copy differs from its primary (class, engine version, task definition, node type)" },
	[RB_RULE_DR_MISSING_SECRET] = { "dr-missing-secret", RB_FAMILY_DR, RB_SEV_ERROR, false,
		"a secret or parameter exists in the primary region only" },
	[RB_RULE_DR_CAPACITY] = { "dr-capacity", RB_FAMILY_DR, RB_SEV_ERROR, false,
		"DR compute or database the strategy cannot run on: a warm standby at zero, a multi-site region under production, a failover that never scales or resizes it to production" },
	[RB_RULE_PLAN_STATE_NO_RECOVERY] = { "plan-state-no-recovery", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a session store (Redis) that no runbook recovers" },
	[RB_RULE_PLAN_RPO_NO_REPLICATION] = { "plan-rpo-no-replication", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a data store of a service with an RPO has no copy in another region" },
	[RB_RULE_PLAN_RPO_COPY_TOO_SLOW] = { "plan-rpo-copy-too-slow", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"the best copy of a service's data store in another region may lose more than its RPO" },
	[RB_RULE_PLAN_RTO_UNREACHABLE] = { "plan-rto-unreachable", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a service's RTO is tighter than its strategy can reach" },
	[RB_RULE_PLAN_RPO_UNREACHABLE] = { "plan-rpo-unreachable", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a service's RPO is tighter than its strategy can reach" },
	[RB_RULE_PLAN_NO_SIGNOFF] = { "plan-no-signoff", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"recovery targets without a business sign-off" },
	[RB_RULE_PLAN_FEW_OWNERS] = { "plan-few-owners", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a service or runbook has fewer than 3 owners" },
	[RB_RULE_PLAN_NO_FAILBACK] = { "plan-no-failback", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a failover runbook names no failback runbook" },
	[RB_RULE_PLAN_DRILL_OVERDUE] = { "plan-drill-overdue", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a drill is overdue by the testing calendar" },
	[RB_RULE_PLAN_DRILL_MISSED_TARGET] = { "plan-drill-missed-target", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a failover drill recorded as a pass measured more than its service's RTO or RPO" },
	[RB_RULE_PLAN_ESTIMATE_OVER_RTO] = { "plan-estimate-over-rto", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a failover runbook's estimate is longer than its service's RTO" },
	[RB_RULE_PLAN_RTO_BUDGET] = { "plan-rto-budget", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"detection, the failover runbook and DNS together take longer than the service's RTO" },
	[RB_RULE_PLAN_RTO_MARGIN] = { "plan-rto-margin", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a failover that fits its RTO with less to spare than the config's rto_margin (20%)" },
	[RB_RULE_PLAN_RPO_MARGIN] = { "plan-rpo-margin", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"a data store's best copy fits the RPO with less to spare than the config's rpo_margin (20%)" },
	[RB_RULE_PLAN_NO_DNS_FAILOVER] = { "plan-no-dns-failover", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a failover without Route 53 PRIMARY and SECONDARY failover records and a health check" },
	[RB_RULE_PLAN_DNS_TOO_SLOW] = { "plan-dns-too-slow", RB_FAMILY_PLAN, RB_SEV_WARNING, false,
		"DNS failover (interval x failure threshold + TTL) takes longer than the RTO allows" },
	[RB_RULE_PLAN_BACKUPS_ONE_REGION] = { "plan-backups-one-region", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a database's automated backups are not replicated to another region" },
	[RB_RULE_PLAN_DR_KEY_REGION] = { "plan-dr-key-region", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a cross-region copy is not encrypted with a key of the DR region" },
	[RB_RULE_PLAN_BANNED_TERM] = { "plan-banned-term", RB_FAMILY_PLAN, RB_SEV_ERROR, false,
		"a runbook uses a term the config bans" },
	[RB_RULE_REVIEW_CHANGED] = { "review-changed", RB_FAMILY_REVIEW, RB_SEV_WARNING, false,
		"an infra value a runbook was reviewed against has changed since" },
	[RB_RULE_REVIEW_STALE] = { "review-stale", RB_FAMILY_REVIEW, RB_SEV_WARNING, false,
		"a runbook's last_reviewed is older than review_max_age" },
	[RB_RULE_HYGIENE_BROKEN_LINK] = { "hygiene-broken-link", RB_FAMILY_HYGIENE, RB_SEV_WARNING, false,
		"a link or image leads to nothing: no runbook, no file of the repository" },
	[RB_RULE_HYGIENE_STEP_WITHOUT_COMMAND] = { "hygiene-step-without-command", RB_FAMILY_HYGIENE, RB_SEV_WARNING, false,
		"a step of a failover or failback runbook has no command" },
	[RB_RULE_HYGIENE_STEP_SCRIPT] = { "hygiene-step-script", RB_FAMILY_HYGIENE, RB_SEV_ERROR, false,
		"a step's shell block cannot make a script: it does not parse (bash -n), has an unknown attribute, leaves a <value> to fill in, or is JSON output", true },
	[RB_RULE_SUPPRESSION_UNUSED] = { "suppression-unused", RB_FAMILY_SUPPRESSION, RB_SEV_NOTE, false,
		"a runbinder-ignore comment silences nothing" },
	[RB_RULE_SUPPRESSION_NO_REASON] = { "suppression-no-reason", RB_FAMILY_SUPPRESSION, RB_SEV_WARNING, false,
		"a runbinder-ignore comment gives no reason" },
	[RB_RULE_INVENTORY_DEPOSED] = { "inventory-deposed", RB_FAMILY_INVENTORY, RB_SEV_NOTE, false,
		"a Terraform state holds deposed objects, which are skipped" },
	[RB_RULE_INVENTORY_DUPLICATE_KEY] = { "inventory-duplicate-key", RB_FAMILY_INVENTORY, RB_SEV_WARNING, false,
		"an infra export repeats a key in one object; the last one is used" },
	[RB_RULE_FRONT_MATTER_IGNORED] = { "front-matter-ignored", RB_FAMILY_FRONT, RB_SEV_NOTE, false,
		"an adopted page's front matter has a key runbinder does not read (noted once per key)" },
	[RB_RULE_FRONT_MATTER_REPEATED_KEY] = { "front-matter-repeated-key", RB_FAMILY_FRONT, RB_SEV_WARNING, false,
		"an adopted page's front matter repeats a key; the last one is used" },
};

const struct rb_rule *rb_rule_find(const char *id)
{
	for (size_t i = 0; i < RB_RULE__NR; i++)
		if (!strcmp(rb_rules[i].id, id))
			return &rb_rules[i];
	return NULL;
}

int rb_rule_severity(const struct rb_rule *rule, json_t *config_rules)
{
	const char *s = json_string_value(json_object_get(config_rules, rule->id));

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

bool rb_rule_blocks_script(const char *id)
{
	const struct rb_rule *rule = id ? rb_rule_find(id) : NULL;

	return rule && rule->blocks_script;
}

struct rb_diag *rb_rule_finding(struct rb_diags *d, enum rb_rule_id rule,
				struct rb_loc loc, const char *hint,
				const char *fmt, ...)
{
	struct rb_buf msg = RB_BUF_INIT;
	struct rb_diag *g;
	va_list ap;

	va_start(ap, fmt);
	rb_buf_vaddf(&msg, fmt, ap);
	va_end(ap);
	g = rb_finding(d, rb_rules[rule].severity, rb_rules[rule].id, loc, hint,
		       "%s", msg.ptr);
	rb_buf_release(&msg);
	return g;
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
		const struct rb_rule *rule;

		if (g->severity != RB_SEV_ERROR)
			continue;
		if (!g->rule)
			return true;    /* a load error */
		rule = rb_rule_find(g->rule);
		if (rule && rule->bad_input)
			return true;
	}
	return false;
}
