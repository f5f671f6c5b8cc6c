/*
 * review.h - the review lock: `review.lock.yaml` at the binder's root,
 * committed with the runbooks, records for each reviewed runbook the date
 * and the infra values its placeholders used then. `runbinder review ID`
 * writes it; the check `review-changed` reports what has changed since.
 *
 *   runbooks:
 *     failover-core-api:
 *       reviewed: 2026-11-24
 *       values:
 *         replica.identifier: "nw-prod-db-replica-usw2"
 *         replica.instance_class: "db.r6g.large"
 */
#ifndef RB_REVIEW_H
#define RB_REVIEW_H

#include "binder.h"

#define RB_REVIEW_LOCK "review.lock.yaml"

/*
 * The current values of every bound attribute `r` uses, as an object
 * "name.path" -> text ("(absent)" when the attribute is gone). New ref.
 */
json_t *rb_review_values(struct rb_binder *b, struct rb_runbook *r);

/* Reads the lock (NULL root when there is none); -1 on a bad file. */
int rb_review_load(struct rb_yaml **out, const char *root, struct rb_diags *d);

/* Writes the lock with `ids` reviewed on `today`, others kept as they were. */
int rb_review_write(struct rb_binder *b, const struct rb_strlist *ids,
		    long today, struct rb_diags *d);

#endif
