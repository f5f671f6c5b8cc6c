/*
 * recovery_time.h - what a failover of a service takes, part by part, and
 * what it may lose, computed from the plan, its failover runbook and the
 * infra exports; compared with the service's RTO and RPO by check_plan.c,
 * shown on the plan page (model.c) and by `check --verbose`.
 *
 * The chain: the Route 53 health check notices the outage after its
 * request interval times its failure threshold (detection); the failover
 * runbook starts then and takes its estimate (its `estimate:`, else the
 * sum of its steps' longest estimates); DNS failover switches at
 * detection, and resolvers follow within the record's TTL (60 s for an
 * alias record, Route 53's own figure), alongside the runbook's steps. So
 * the service is back after detection + the longer of the steps and DNS.
 *
 * The RPO: each data store of the service may lose what its best copy in
 * another region may lose (dr_copies.h); the service, the worst of them.
 */
#ifndef RB_RECOVERY_TIME_H
#define RB_RECOVERY_TIME_H

#include "binder.h"
#include "buf.h"
#include "dr_copies.h"

struct rb_recovery {
	const struct rb_service *service;
	const struct rb_runbook *failover;   /* its failover runbook, or NULL */
	const struct rb_resource *record;    /* the PRIMARY failover record, or NULL */
	const struct rb_resource *health;    /* its health check, or NULL */
	long interval, threshold;            /* the health check's; -1 when none */
	long detection, dns, steps;          /* seconds; -1 when not known */
	long rto;                            /* achievable; -1 when not known */
	bool steps_from_estimate;            /* the runbook's `estimate:`, not its steps */
	long drill_rto;                      /* the last drill's measure, or -1 */
	long drill_date;                     /* its date (days), or -1 */
	/* the RPO: the store whose best copy loses most, and that copy */
	const struct rb_resource *rpo_store;
	struct rb_dr_copy rpo_copy;
	long rpo;                            /* achievable; -1 when not known */
	size_t stores;                       /* data stores judged */
};

/* The PRIMARY DNS failover record of the state and its health check. */
void rb_recovery_dns(const struct rb_binder *b, const struct rb_resource **record,
		     const struct rb_resource **health, const struct rb_resource **secondary);

/* A number attribute of a resource (a number or a numeric string). */
long rb_resource_num(const struct rb_resource *r, const char *key, long fallback);

void rb_recovery_compute(const struct rb_binder *b, const struct rb_service *s,
			 struct rb_recovery *out);

/*
 * One line on what a failover of `s` achieves against its targets, for
 * `check --verbose`: "Core API: RTO 11m30s of 15m (detection 1m30s +
 * runbook 'failover-core-api' 10m, DNS 1m alongside); RPO ...".
 */
void rb_recovery_describe(const struct rb_binder *b, const struct rb_service *s,
			  struct rb_buf *out);

#endif
