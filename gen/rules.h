/*
 * rules.h - every rule runbinder reports findings under, described once.
 *
 * A rule is an enum value, so a mistyped rule fails to compile; its row
 * in rb_rules[] gives the id users see and configure (`rules:` in the
 * config, `runbinder-ignore` comments, SARIF and JUnit), its family, its
 * default severity, whether a finding of it is a fault of the sources
 * (exit 2) rather than drift from the infra or a weakness of the plan
 * (exit 1), and the one-line summary of `runbinder help rules` and SARIF.
 *
 * Adding a rule: a value in enum rb_rule_id in its family's block, its row
 * in rules.c, the check in the file its family names (check.h lists them),
 * a mutation case in tests/checks/ and an entry in the README's list.
 */
#ifndef RB_RULES_H
#define RB_RULES_H

#include <jansson.h>

#include "diag.h"

enum rb_rule_family {
	RB_FAMILY_REF,         /* resolve.c, binder.c: references to the infra */
	RB_FAMILY_CMD,         /* check_commands.c, check_awscli.c: aws commands */
	RB_FAMILY_DRIFT,       /* check_drift.c: state against AWS CLI exports */
	RB_FAMILY_DR,          /* check_dr.c: the DR copy against its primary */
	RB_FAMILY_PLAN,        /* check_plan.c: the DR plan */
	RB_FAMILY_REVIEW,      /* check_review.c: the review lock and its age */
	RB_FAMILY_HYGIENE,     /* check_hygiene.c: links and steps */
	RB_FAMILY_SUPPRESSION, /* check.c: runbinder-ignore comments */
	RB_FAMILY_INVENTORY,   /* infra_*.c: notes on what an export holds */
	RB_FAMILY_FRONT,       /* binder.c: other tools' front matter, adopted */
};

enum rb_rule_id {
	RB_RULE_REF_UNBOUND,
	RB_RULE_REF_AMBIGUOUS,
	RB_RULE_REF_PLACEHOLDER,
	RB_RULE_REF_SECRET,
	RB_RULE_REF_UNSAFE_VALUE,
	RB_RULE_CMD_UNKNOWN_IDENTIFIER,
	RB_RULE_CMD_WRONG_REGION,
	RB_RULE_CMD_FAILED_REGION,
	RB_RULE_CMD_PROMOTE_WITHOUT_LAG,
	RB_RULE_CMD_MANUAL_DNS,
	RB_RULE_CMD_UNKNOWN_SERVICE,
	RB_RULE_CMD_UNKNOWN_COMMAND,
	RB_RULE_CMD_UNKNOWN_OPTION,
	RB_RULE_CMD_MISSING_OPTION,
	RB_RULE_CMD_UNKNOWN_WAITER,
	RB_RULE_CMD_UNKNOWN_REGION,
	RB_RULE_DRIFT_ATTRIBUTE,
	RB_RULE_DRIFT_UNMANAGED,
	RB_RULE_DRIFT_MISSING,
	RB_RULE_DR_DRIFT,
	RB_RULE_DR_MISSING_SECRET,
	RB_RULE_DR_CAPACITY,
	RB_RULE_PLAN_STATE_NO_RECOVERY,
	RB_RULE_PLAN_RPO_NO_REPLICATION,
	RB_RULE_PLAN_RPO_COPY_TOO_SLOW,
	RB_RULE_PLAN_RTO_UNREACHABLE,
	RB_RULE_PLAN_RPO_UNREACHABLE,
	RB_RULE_PLAN_NO_SIGNOFF,
	RB_RULE_PLAN_FEW_OWNERS,
	RB_RULE_PLAN_NO_FAILBACK,
	RB_RULE_PLAN_DRILL_OVERDUE,
	RB_RULE_PLAN_DRILL_MISSED_TARGET,
	RB_RULE_PLAN_ESTIMATE_OVER_RTO,
	RB_RULE_PLAN_RTO_BUDGET,
	RB_RULE_PLAN_RTO_MARGIN,
	RB_RULE_PLAN_RPO_MARGIN,
	RB_RULE_PLAN_NO_DNS_FAILOVER,
	RB_RULE_PLAN_DNS_TOO_SLOW,
	RB_RULE_PLAN_BACKUPS_ONE_REGION,
	RB_RULE_PLAN_DR_KEY_REGION,
	RB_RULE_PLAN_BANNED_TERM,
	RB_RULE_REVIEW_CHANGED,
	RB_RULE_REVIEW_STALE,
	RB_RULE_HYGIENE_BROKEN_LINK,
	RB_RULE_HYGIENE_STEP_WITHOUT_COMMAND,
	RB_RULE_HYGIENE_STEP_SCRIPT,
	RB_RULE_SUPPRESSION_UNUSED,
	RB_RULE_SUPPRESSION_NO_REASON,
	/* notes on loading, not checks: not listed as rules in the reports */
	RB_RULE_INVENTORY_DEPOSED,
	RB_RULE_INVENTORY_DUPLICATE_KEY,
	RB_RULE_FRONT_MATTER_IGNORED,
	RB_RULE_FRONT_MATTER_REPEATED_KEY,
	RB_RULE__NR
};

/* The rules the checks apply come first: SARIF and JUnit list these. */
#define RB_RULE_CHECKS_NR RB_RULE_INVENTORY_DEPOSED

struct rb_rule {
	const char *id;           /* "ref-unbound" */
	enum rb_rule_family family;
	enum rb_severity severity; /* by default; the config may change it */
	bool bad_input;           /* an error of it means exit 2, not 1 */
	const char *summary;
	bool blocks_script;       /* an error of it: its command cannot run, so
				     its step script stops with the finding */
};

extern const struct rb_rule rb_rules[RB_RULE__NR];

/* The rule named `id` (as users write it), or NULL. */
const struct rb_rule *rb_rule_find(const char *id);

/* Does an error of the rule with this id make its command not runnable? */
bool rb_rule_blocks_script(const char *id);

/*
 * The severity `config_rules` (the config's `rules:`, may be NULL) gives
 * the rule: its default unless re-graded; -1 when it is off.
 */
int rb_rule_severity(const struct rb_rule *rule, json_t *config_rules);

/* Records a finding of `rule` at its default severity. */
struct rb_diag *rb_rule_finding(struct rb_diags *d, enum rb_rule_id rule,
				struct rb_loc loc, const char *hint,
				const char *fmt, ...) RB_PRINTF(5, 6);

/*
 * Is any error a fault of the sources themselves (exit 2) rather than
 * drift from the infra (exit 1)? Load errors and errors of bad-input
 * rules are; a required resource that no export has any more is drift.
 */
bool rb_diags_bad_input(const struct rb_diags *d);

/* Are there findings at or above `level` ("error", "warning", "never")? */
bool rb_findings_fail(const struct rb_diags *d, const char *level);

#endif
