/*
 * check.h - the checks: the runner that applies the rule families to a
 * loaded binder (check_run.c) and the sink they report into (check.c).
 *
 * The rules themselves are described in rules.h. The config's `rules:`
 * re-grades a rule or turns it off. A runbook silences
 * one finding with `<!-- runbinder-ignore RULE reason -->` on the line
 * above it; the reason is required, and a suppression that silences
 * nothing is itself reported.
 *
 * Rule families live one per file: check_commands.c (literal aws commands),
 * check_awscli.c (aws commands against the AWS CLI table),
 * check_drift.c (state against AWS CLI exports), check_plan.c (the DR plan),
 * check_hygiene.c (links, steps), check_dr.c (the DR copy against its
 * primary), check_review.c (the review lock, review age). Each rule lives
 * in the file its id's prefix names.
 */
#ifndef RB_CHECK_H
#define RB_CHECK_H

#include "binder.h"
#include "rules.h"

struct rb_suppression {
	const char *path;        /* runbook path (borrowed) */
	int line;                /* the comment's line */
	int col;
	char *rule;
	bool has_reason;
	bool used;
};

/* A command of a runbook that sets how many of a resource run. */
struct rb_scale_action {
	const struct rb_runbook *runbook;
	size_t resource;         /* index in the infra */
	long count;              /* -1 for a class */
	struct rb_loc loc;       /* the count's word */
	/* a database class it gives (aws_types.h's size), interned; or NULL */
	const char *size;
};

struct rb_checker {
	struct rb_binder *binder;
	struct rb_diags *diags;
	long today;              /* days since the epoch: the build date */
	struct rb_suppression *sups;
	size_t sups_nr, sups_alloc;
	/* findings reported now are at most notes (an adopted page's code) */
	bool notes_only;
	/* the scaling commands check_commands read, for dr-capacity */
	struct rb_scale_action *scales;
	size_t scales_nr, scales_alloc;
};

/*
 * Reports a finding of `rule` unless the config turns it off or a
 * suppression on the line above silences it. `hint` may be NULL.
 */
void rb_report(struct rb_checker *c, enum rb_rule_id rule, struct rb_loc loc,
	       const char *hint, const char *fmt, ...) RB_PRINTF(5, 6);

/*
 * rb_report for a finding about resource `r` of the inventory, recorded
 * as about it (rb_diag.about), so that the banner of every runbook that
 * binds or names it carries the finding.
 */
void rb_report_about(struct rb_checker *c, enum rb_rule_id rule,
		     const struct rb_resource *r, struct rb_loc loc,
		     const char *hint, const char *fmt, ...) RB_PRINTF(6, 7);

/* Runs every check on a binder that loaded without errors (check_run.c). */
void rb_check_binder(struct rb_binder *b, long today, struct rb_diags *d);

/* The rule families. */
void rb_check_commands(struct rb_checker *c);
void rb_check_drift(struct rb_checker *c);
void rb_check_plan(struct rb_checker *c);
void rb_check_hygiene(struct rb_checker *c);
void rb_check_review(struct rb_checker *c);
void rb_check_dr(struct rb_checker *c);
/* After the DR copies: the data stores the plan must recover. */
void rb_check_plan_data(struct rb_checker *c);
void rb_check_awscli(struct rb_checker *c);

#endif
