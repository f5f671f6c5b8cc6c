/*
 * check.h - the checks: every rule runbinder knows, and the runner that
 * applies them to a loaded binder.
 *
 * A rule has an id, a default severity and a one-line summary (the same
 * table feeds the SARIF rule metadata and `runbinder help rules`). The
 * config's `rules:` re-grades a rule or turns it off. A runbook silences
 * one finding with `<!-- runbinder-ignore RULE reason -->` on the line
 * above it; the reason is required, and a suppression that silences
 * nothing is itself reported.
 *
 * Rule families live one per file: check_commands.c (literal aws commands),
 * check_awscli.c (aws commands against the AWS CLI table),
 * check_drift.c (state against AWS CLI exports), check_plan.c (the DR plan),
 * check_hygiene.c (links, steps, currency), check_dr.c (the DR copy
 * against its primary), check_review.c (the review lock).
 */
#ifndef RB_CHECK_H
#define RB_CHECK_H

#include "binder.h"

struct rb_rule {
	const char *id;
	enum rb_severity severity;
	const char *summary;
};

extern const struct rb_rule rb_rules[];
extern const size_t rb_rules_nr;

const struct rb_rule *rb_rule_find(const char *id);

struct rb_suppression {
	const char *path;        /* runbook path (borrowed) */
	int line;                /* the comment's line */
	int col;
	char *rule;
	bool has_reason;
	bool used;
};

struct rb_checker {
	struct rb_binder *binder;
	struct rb_diags *diags;
	long today;              /* days since the epoch: the build date */
	struct rb_suppression *sups;
	size_t sups_nr, sups_alloc;
};

/*
 * Reports a finding of `rule` unless the config turns it off or a
 * suppression on the line above silences it. `hint` may be NULL.
 */
void rb_report(struct rb_checker *c, const char *rule, struct rb_loc loc,
	       const char *hint, const char *fmt, ...) RB_PRINTF(5, 6);

/* Runs every check on a binder that loaded without errors. */
void rb_check_binder(struct rb_binder *b, long today, struct rb_diags *d);

/* The rule families. */
void rb_check_commands(struct rb_checker *c);
void rb_check_drift(struct rb_checker *c);
void rb_check_plan(struct rb_checker *c);
void rb_check_hygiene(struct rb_checker *c);
void rb_check_review(struct rb_checker *c);
void rb_check_dr(struct rb_checker *c);
void rb_check_awscli(struct rb_checker *c);

/*
 * Does a finding of `rule` at error level make the command it is on not
 * runnable (an unknown service, command, option, waiter or region)? Its
 * step script then stops with the finding instead of running it.
 */
bool rb_rule_blocks_script(const char *rule);

/*
 * Is any error a fault of the sources themselves (exit 2) rather than
 * drift from the infra (exit 1)? Load errors and placeholder errors are;
 * a required resource that no export has any more is drift.
 */
bool rb_diags_bad_input(const struct rb_diags *d);

/* Are there findings at or above `level` ("error", "warning", "never")? */
bool rb_findings_fail(const struct rb_diags *d, const char *level);

#endif
