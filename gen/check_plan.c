/*
 * check_plan.c - the DR plan against DR practice: targets the strategy can
 * reach, business sign-off, owners, failback, the testing calendar, DNS
 * failover, cross-region backups and the keys that encrypt them; and the
 * data the plan must recover: session stores no runbook recovers, low
 * RPOs without a cross-region copy.
 */
#include <strings.h>

#include "aws_types.h"
#include "banned_terms.h"
#include "check.h"
#include "dr_copies.h"
#include "duration.h"
#include "recovery_time.h"
#include "infra_index.h"

static void targets(struct rb_checker *c)
{
	struct rb_plan *p = &c->binder->plan;

	for (size_t i = 0; i < p->services_nr; i++) {
		struct rb_service *s = &p->services[i];
		struct rb_buf a = RB_BUF_INIT, b = RB_BUF_INIT;

		if (!s->strategy)
			continue;
		if (s->rto < s->strategy->rto_lo) {
			rb_duration_format(&a, s->rto);
			rb_duration_format(&b, s->strategy->rto_lo);
			rb_report(c, RB_RULE_PLAN_RTO_UNREACHABLE, s->loc,
				  "choose a faster strategy, or agree a looser RTO with the business",
				  "service '%s' has an RTO of %s but %s cannot recover faster than %s",
				  s->id, a.ptr, s->strategy->name, b.ptr);
		}
		rb_buf_reset(&a);
		rb_buf_reset(&b);
		if (s->rpo < s->strategy->rpo_lo) {
			rb_duration_format(&a, s->rpo);
			rb_duration_format(&b, s->strategy->rpo_lo);
			rb_report(c, RB_RULE_PLAN_RPO_UNREACHABLE, s->loc,
				  "replicate more often (a faster strategy), or agree a looser RPO",
				  "service '%s' has an RPO of %s but %s loses up to %s at best",
				  s->id, a.ptr, s->strategy->name, b.ptr);
		}
		rb_buf_release(&a);
		rb_buf_release(&b);
		if (s->own_targets && s->signoff.date < 0)
			rb_report(c, RB_RULE_PLAN_NO_SIGNOFF, s->loc,
				  "add signoff: { by: \"Name, Title\", date: YYYY-MM-DD }",
				  "service '%s' sets its own RTO/RPO without a business sign-off",
				  s->id);
		if (json_array_size(s->owners) < 3)
			rb_report(c, RB_RULE_PLAN_FEW_OWNERS, s->loc,
				  "name at least 3 people who can run its recovery",
				  "service '%s' has %zu owner%s: one absence away from nobody who knows the plan",
				  s->id, json_array_size(s->owners),
				  json_array_size(s->owners) == 1 ? "" : "s");
	}
	for (size_t i = 0; i < p->tiers_nr; i++) {
		struct rb_tier *t = &p->tiers[i];
		bool used = false;

		for (size_t k = 0; k < p->services_nr; k++)
			if (p->services[k].tier == t)
				used = true;
		if (used && t->signoff.date < 0) {
			struct rb_loc loc = t->loc;

			if (!loc.path)
				loc = (struct rb_loc){ c->binder->config.plan_dir, 0, 0 };
			rb_report(c, RB_RULE_PLAN_NO_SIGNOFF, loc,
				  "targets are set by the business: add signoff: { by: ..., date: ... } to the tier",
				  "tier '%s' has services but its RTO/RPO have no business sign-off",
				  t->id);
		}
	}
}

static void runbooks(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_loc loc = { r->path, 1, 1 };

		if (r->kind == RB_KIND_FAILOVER && !r->failback_id)
			rb_report(c, RB_RULE_PLAN_NO_FAILBACK, loc,
				  "write the failback runbook and name it with failback: ID",
				  "failover runbook '%s' has no failback runbook", r->id);
		if (r->owners && json_array_size(r->owners) < 3)
			rb_report(c, RB_RULE_PLAN_FEW_OWNERS, loc,
				  "name at least 3 people who can run it",
				  "runbook '%s' has %zu owner%s", r->id,
				  json_array_size(r->owners),
				  json_array_size(r->owners) == 1 ? "" : "s");
	}
}

/* "27m" for a duration, written into the caller's buffer */
static const char *dur_text(struct rb_buf *b, long secs)
{
	rb_buf_reset(b);
	rb_duration_format(b, secs);
	return b->ptr;
}

/*
 * A failover runbook must fit in its service's RTO: its `estimate`, else
 * the sum of its steps' longest estimates. A runbook that cannot finish in
 * time is found here, not in the drill.
 */
static void estimates(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_buf e = RB_BUF_INIT, t = RB_BUF_INIT;

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_loc loc = { r->path, 1, 1 };
		long est = r->estimate, steps = 0;
		bool all = r->steps_nr > 0;

		if (r->kind != RB_KIND_FAILOVER || !r->service || r->service->rto <= 0)
			continue;
		for (size_t k = 0; k < r->steps_nr; k++) {
			if (r->steps[k].est_hi < 0)
				all = false;
			else
				steps += r->steps[k].est_hi;
		}
		if (est < 0 && all)
			est = steps;
		if (est <= r->service->rto)
			continue;
		if (r->front && json_object_get(rb_yaml_root(r->front), "estimate"))
			loc = rb_yaml_loc_val(r->front, rb_yaml_root(r->front), "estimate");
		rb_report(c, RB_RULE_PLAN_ESTIMATE_OVER_RTO, loc,
			  "shorten the steps (automate, pre-scale, lower TTLs) or agree a longer RTO with the business",
			  "failover runbook '%s' takes %s%s but the RTO of %s is %s",
			  r->id, dur_text(&e, est), r->estimate < 0 ? " (its steps)" : "",
			  r->service->name, dur_text(&t, r->service->rto));
	}
	rb_buf_release(&e);
	rb_buf_release(&t);
}

/*
 * The whole chain against the RTO: detection, then the failover runbook
 * alongside DNS (recovery_time.h). A part that alone exceeds the RTO is
 * plan-estimate-over-rto's or plan-dns-too-slow's; this is the sum of
 * parts that each fit, and the margin a failover should leave.
 */
static void rto_budget(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_buf t = RB_BUF_INIT, parts = RB_BUF_INIT, x = RB_BUF_INIT;

	for (size_t i = 0; i < b->plan.services_nr; i++) {
		const struct rb_service *s = &b->plan.services[i];
		struct rb_recovery rec;
		struct rb_loc loc;
		long spare;

		rb_recovery_compute(b, s, &rec);
		if (rec.rto < 0 || s->rto <= 0 || rec.steps > s->rto ||
		    (rec.detection >= 0 && rec.detection + rec.dns > s->rto))
			continue;
		rb_buf_reset(&parts);
		if (rec.detection >= 0) {
			rb_buf_addf(&parts, "detection %s", dur_text(&x, rec.detection));
			rb_buf_addf(&parts, " + runbook '%s' %s", rec.failover->id, dur_text(&x, rec.steps));
			rb_buf_addf(&parts, ", DNS %s alongside", dur_text(&x, rec.dns));
		} else {
			rb_buf_addf(&parts, "runbook '%s' %s", rec.failover->id, dur_text(&x, rec.steps));
		}
		loc = (struct rb_loc){ rec.failover->path, 1, 1 };
		if (rec.failover->front && json_object_get(rb_yaml_root(rec.failover->front), "estimate"))
			loc = rb_yaml_loc_val(rec.failover->front, rb_yaml_root(rec.failover->front), "estimate");
		spare = s->rto - rec.rto;
		if (spare < 0)
			rb_report(c, RB_RULE_PLAN_RTO_BUDGET, loc,
				  "detect sooner (health check interval and threshold), shorten the steps, or agree a longer RTO",
				  "failing over %s takes %s (%s), more than the RTO of %s",
				  s->name, dur_text(&t, rec.rto), parts.ptr, dur_text(&x, s->rto));
		else if (spare * 100 < s->rto * b->config.rto_margin)
			rb_report(c, RB_RULE_PLAN_RTO_MARGIN, loc,
				  "a failover rarely goes as planned: shorten the steps or detect sooner (the margin is rto_margin in the config)",
				  "failing over %s takes %s (%s), under %ld%% to spare of its RTO of %s",
				  s->name, dur_text(&t, rec.rto), parts.ptr, b->config.rto_margin,
				  dur_text(&x, s->rto));
	}
	rb_buf_release(&t);
	rb_buf_release(&parts);
	rb_buf_release(&x);
}

/*
 * A failover drill recorded as a pass must have met its service's targets:
 * a drill that measured 27 minutes against an RTO of 15 did not pass.
 */
static void drill_results(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_plan *p = &b->plan;
	struct rb_buf m = RB_BUF_INIT, t = RB_BUF_INIT, when = RB_BUF_INIT;

	for (size_t i = 0; i < p->drills_nr; i++) {
		struct rb_drill *dr = &p->drills[i];
		struct rb_service *s = rb_drill_failover_of(b, dr);
		const char *what = NULL;
		long measured = 0, target = 0;

		if (!s || !dr->result || strcmp(dr->result, "pass"))
			continue;
		if (dr->rto >= 0 && s->rto > 0 && dr->rto > s->rto) {
			what = "RTO";
			measured = dr->rto;
			target = s->rto;
		} else if (dr->rpo >= 0 && s->rpo > 0 && dr->rpo > s->rpo) {
			what = "RPO";
			measured = dr->rpo;
			target = s->rpo;
		}
		if (!what)
			continue;
		rb_buf_reset(&when);
		rb_date_format(&when, dr->date);
		rb_report(c, RB_RULE_PLAN_DRILL_MISSED_TARGET, dr->loc,
			  "record it as partial or fail, and fix what made it miss",
			  "the %s of %s measured %s %s against a target of %s for %s, yet is recorded as pass",
			  dr->type == RB_DRILL_FULL ? "full DR drill" : "component failover",
			  when.ptr, what, dur_text(&m, measured), dur_text(&t, target), s->name);
	}
	rb_buf_release(&m);
	rb_buf_release(&t);
	rb_buf_release(&when);
}

static const char *drill_label(enum rb_drill_type t)
{
	switch (t) {
	case RB_DRILL_BACKUP_RESTORE: return "backup restore test (monthly)";
	case RB_DRILL_TABLETOP: return "tabletop exercise (quarterly)";
	case RB_DRILL_COMPONENT_FAILOVER: return "component failover (quarterly)";
	default: return "full DR drill (twice a year)";
	}
}

static void calendar(struct rb_checker *c)
{
	struct rb_plan *p = &c->binder->plan;

	if (!p->drills_nr && !p->services_nr)
		return;
	for (int t = 0; t < RB_DRILL_TYPES; t++) {
		struct rb_drill *last = NULL;
		struct rb_buf when = RB_BUF_INIT;
		long due;

		for (size_t i = 0; i < p->drills_nr; i++)
			if ((int)p->drills[i].type == t &&
			    (!last || p->drills[i].date > last->date))
				last = &p->drills[i];
		if (!last) {
			struct rb_loc loc = { c->binder->config.plan_dir, 0, 0 };

			if (p->drills_nr)
				loc = p->drills[p->drills_nr - 1].loc;
			rb_report(c, RB_RULE_PLAN_DRILL_OVERDUE, loc,
				  "schedule it and record it in the drills list",
				  "no %s has ever been done", drill_label((enum rb_drill_type)t));
			continue;
		}
		due = rb_date_add_months(last->date, rb_drill_period_months((enum rb_drill_type)t));
		if (due >= c->today)
			continue;
		rb_date_format(&when, due);
		rb_buf_addch(&when, ' ');
		rb_date_format(&when, last->date);
		when.ptr[10] = '\0';
		rb_report(c, RB_RULE_PLAN_DRILL_OVERDUE, last->loc,
			  "schedule it and record it in the drills list",
			  "the %s is overdue: due %s, %ld days ago; last done %s",
			  drill_label((enum rb_drill_type)t), when.ptr, c->today - due,
			  when.ptr + 11);
		rb_buf_release(&when);
	}
}

/*
 * Failover runbooks need DNS failover: a PRIMARY record with a health
 * check and a SECONDARY record, in the Terraform state (the managed ones).
 * The switch takes interval x threshold, then the TTL (60 s for alias
 * records), and must fit in the RTO.
 */
static void dns_failover(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	const struct rb_resource *primary, *secondary, *hc;

	if (!b->infra.nr)
		return;
	rb_recovery_dns(b, &primary, &hc, &secondary);
	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct rb_runbook *r = b->runbooks[i];
		struct rb_loc loc = { r->path, 1, 1 };
		long secs, ttl;

		if (r->kind != RB_KIND_FAILOVER)
			continue;
		if (!primary || !secondary || !hc) {
			rb_report(c, RB_RULE_PLAN_NO_DNS_FAILOVER, loc,
				  "add Route 53 failover records (PRIMARY with a health check, SECONDARY) to the state",
				  "failover runbook '%s' relies on DNS failover, but the state has %s",
				  r->id, !primary ? "no PRIMARY failover record"
				       : !secondary ? "no SECONDARY failover record"
						    : "no health check on the PRIMARY record");
			continue;
		}
		if (!r->service)
			continue;
		ttl = json_array_size(rb_resource_attr(primary, "alias")) ? 60
			: rb_resource_num(primary, "ttl", 60);
		secs = rb_resource_num(hc, "request_interval", 30) * rb_resource_num(hc, "failure_threshold", 3) + ttl;
		if (secs > r->service->rto) {
			struct rb_buf a = RB_BUF_INIT, d = RB_BUF_INIT;

			rb_duration_format(&a, secs);
			rb_duration_format(&d, r->service->rto);
			rb_report(c, RB_RULE_PLAN_DNS_TOO_SLOW, loc,
				  "lower the health check's interval or failure threshold, or the record's TTL",
				  "DNS failover takes %s (interval %ld s x threshold %ld + TTL %ld s), more than the RTO of %s",
				  a.ptr, rb_resource_num(hc, "request_interval", 30),
				  rb_resource_num(hc, "failure_threshold", 3), ttl, d.ptr);
			rb_buf_release(&a);
			rb_buf_release(&d);
		}
	}
}

/* Is `r` itself a replica of something (its type's source attribute set)? */
/*
 * Is a backup of the store kept in another region: an automated backups
 * replication, a snapshot copy, an AWS Backup copy action? (A replica is
 * not a backup: a mistake replicates with the data.)
 */
static bool backup_elsewhere(const struct rb_infra *inv, const struct rb_resource *store)
{
	struct rb_dr_copy copies[16];
	size_t n = rb_dr_copies(inv, store, copies, RB_ARRAY_SIZE(copies));

	for (size_t i = 0; i < n && i < RB_ARRAY_SIZE(copies); i++)
		if (copies[i].rel->kind == RB_REL_BACKUP_OF || copies[i].rel->schedule_attr)
			return true;
	return false;
}

/*
 * Copies encrypted with a KMS key outside their own region: a replica's or
 * a backup replication's key, an S3 replication rule's replica key, a
 * global table replica's, an EFS destination's; the key given by ARN, id
 * or alias (dr_copies.c resolves it).
 */
static void copy_keys(struct rb_checker *c, const struct rb_resource *r)
{
	struct rb_infra *inv = &c->binder->infra;
	struct rb_dr_copy copies[16];
	size_t n = rb_dr_copies_made_by(inv, r, copies, RB_ARRAY_SIZE(copies));

	for (size_t i = 0; i < n && i < RB_ARRAY_SIZE(copies); i++) {
		const struct rb_dr_copy *cp = &copies[i];
		char *region = rb_kms_key_region(inv, cp->key);

		if (region && cp->region && strcmp(region, cp->region))
			rb_report_about(c, RB_RULE_PLAN_DR_KEY_REGION, r, rb_resource_value_loc(inv, r, cp->key),
				  "use a KMS key of the DR region: a key in the failed region is lost with it",
				  "%s of '%s' is encrypted with a key in %s, not in %s",
				  cp->rel->what ? cp->rel->what : "the copy", rb_resource_label(r),
				  region, cp->region);
		free(region);
	}
}

static void backups(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *dr = c->binder->config.dr_region;

	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];

		if (r->origin == RB_ORIGIN_AWSCLI)
			continue;
		/* automated backups of a data store on the primary side */
		/* the type first: a resource's attributes are parsed only when read */
		if (rb_dr_primary_store(r, dr) && rb_resource_num(r, "backup_retention_period", 0) > 0 &&
		    !backup_elsewhere(inv, r))
			rb_report_about(c, RB_RULE_PLAN_BACKUPS_ONE_REGION, r, rb_resource_attr_loc(inv, r, "backup_retention_period"),
				  "copy the backups to the DR region (automated backups replication for RDS, or an AWS Backup copy action) under a DR-region KMS key",
				  "automated backups of '%s' stay in %s: a regional outage takes them too",
				  rb_resource_label(r), r->region ? r->region : "one region");
		copy_keys(c, r);
	}
}

struct wording_ctx {
	struct rb_checker *checker;
	const char *path;
};

static void wording_hit(void *ctx, int line, int col, const char *text, size_t len)
{
	struct wording_ctx *w = ctx;
	struct rb_buf shown = RB_BUF_INIT;

	/* a phrase across a line break is shown on one line */
	for (size_t i = 0; i < len; i++)
		rb_buf_addch(&shown, (text[i] == '\n' || text[i] == '\r' || text[i] == '\t') ? ' ' : text[i]);
	rb_report(w->checker, RB_RULE_PLAN_BANNED_TERM, (struct rb_loc){ w->path, line, col },
		  "DR documents read as written by their owners: reword it",
		  "'%s' names a writing tool", shown.ptr);
	rb_buf_release(&shown);
}

static void banned_terms(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	size_t k;
	json_t *term;

	for (size_t i = 0; i < b->runbooks_nr; i++) {
		struct wording_ctx w = { c, b->runbooks[i]->path };

		rb_banned_default_scan(b->runbooks[i]->source, b->runbooks[i]->source_len,
				       wording_hit, &w);
	}
	json_array_foreach(b->config.banned_terms, k, term) {
		const char *t = json_string_value(term);
		size_t tl = strlen(t);

		if (!tl)
			continue;
		for (size_t i = 0; i < b->runbooks_nr; i++) {
			struct rb_runbook *r = b->runbooks[i];
			int line = 1, col = 1;

			for (size_t p = 0; p < r->source_len; p++) {
				if (r->source[p] == '\n') {
					line++;
					col = 1;
					continue;
				}
				if (p + tl <= r->source_len && !strncasecmp(r->source + p, t, tl))
					rb_report(c, RB_RULE_PLAN_BANNED_TERM, (struct rb_loc){ r->path, line, col },
						  "reword it: the config bans this term in DR documents",
						  "banned term '%.*s'", (int)tl, r->source + p);
				if (((unsigned char)r->source[p] & 0xc0) != 0x80)
					col++;
			}
		}
	}
}

void rb_check_plan(struct rb_checker *c)
{
	targets(c);
	runbooks(c);
	calendar(c);
	estimates(c);
	rto_budget(c);
	drill_results(c);
	dns_failover(c);
	backups(c);
	banned_terms(c);
}


/* Redis and other session stores need a runbook that recovers them. */
static void stateful(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	bool *bound = rb_xcalloc(b->infra.nr, sizeof(*bound));

	for (size_t k = 0; k < b->runbooks_nr; k++)
		for (size_t m = 0; m < b->runbooks[k]->bindings_nr; m++)
			if (b->runbooks[k]->bindings[m].resource < b->infra.nr)
				bound[b->runbooks[k]->bindings[m].resource] = true;
	for (size_t i = 0; i < b->infra.nr; i++) {
		const struct rb_resource *r = &b->infra.items[i];

		const struct rb_aws_type *t = rb_aws_type(r->type);

		if (r->origin == RB_ORIGIN_AWSCLI || !t || !t->application_state)
			continue;
		if (!bound[i])
			rb_report_about(c, RB_RULE_PLAN_STATE_NO_RECOVERY, r, rb_resource_loc(&b->infra, r),
				  "write a runbook that binds it and says how sessions survive or are re-created",
				  "%s holds application state (sessions) but no runbook binds it", rb_resource_label(r));
	}
	free(bound);
}

/*
 * Every data store of a service with an RPO has a copy in another region,
 * and the best of its copies loses no more than the RPO. Stores in the
 * plan's DR region are the copies themselves, and so are replicas.
 */
static void rpo_copies(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_infra *inv = &b->infra;
	const char *dr = b->config.dr_region;

	for (size_t i = 0; i < b->plan.services_nr; i++) {
		struct rb_service *s = &b->plan.services[i];
		size_t k;
		json_t *a;

		if (s->rpo <= 0)
			continue;
		json_array_foreach(s->infra, k, a) {
			const struct rb_resource *store = rb_infra_get(inv, json_string_value(a));
			struct rb_dr_copy best_copy;
			const struct rb_dr_copy *best = &best_copy;
			struct rb_buf rpo = RB_BUF_INIT, lose = RB_BUF_INIT;
			size_t n;

			if (!store || !rb_dr_primary_store(store, dr))
				continue;
			n = rb_dr_best_copy(inv, store, &best_copy);
			if (!best_copy.rel)
				best = NULL;
			rb_duration_format(&rpo, s->rpo);
			if (!n)
				rb_report(c, RB_RULE_PLAN_RPO_NO_REPLICATION, s->loc,
					  "copy it to the DR region: a cross-region replica, a global table, a replication configuration or a backup copy",
					  "service '%s' promises an RPO of %s but %s has no copy in another region",
					  s->id, rpo.ptr, rb_resource_label(store));
			else if (best && best->rpo > s->rpo) {
				rb_duration_format(&lose, best->rpo);
				rb_report(c, RB_RULE_PLAN_RPO_COPY_TOO_SLOW, s->loc,
					  "replicate it continuously (or copy it more often), or agree a looser RPO with the business",
					  "service '%s' promises an RPO of %s but the best copy of %s in another region, by %s (%s), may lose %s",
					  s->id, rpo.ptr, rb_resource_label(store), best->rel->mechanism,
					  rb_resource_label(best->by), lose.ptr);
			} else if (best && (s->rpo - best->rpo) * 100 < s->rpo * b->config.rpo_margin) {
				rb_duration_format(&lose, best->rpo);
				rb_report(c, RB_RULE_PLAN_RPO_MARGIN, s->loc,
					  "a copy falls behind under load: replicate continuously or copy more often (the margin is rpo_margin in the config)",
					  "service '%s' promises an RPO of %s and the best copy of %s, by %s (%s), may lose %s: under %ld%% to spare",
					  s->id, rpo.ptr, rb_resource_label(store), best->rel->mechanism,
					  rb_resource_label(best->by), lose.ptr, b->config.rpo_margin);
			}
			rb_buf_release(&rpo);
			rb_buf_release(&lose);
		}
	}
}

void rb_check_plan_data(struct rb_checker *c)
{
	if (!c->binder->infra.nr)
		return;
	stateful(c);
	rpo_copies(c);
}
