#include "recovery_time.h"

#include "aws_types.h"
#include "duration.h"
#include "util.h"

long rb_resource_num(const struct rb_resource *r, const char *key, long fallback)
{
	json_t *v = rb_resource_attr(r, key);

	if (json_is_integer(v))
		return (long)json_integer_value(v);
	if (json_is_string(v))
		return atol(json_string_value(v));
	return fallback;
}

/* "PRIMARY" / "SECONDARY" of a DNS failover record, or NULL. */
static const char *failover_type(const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);

	return t && t->failover.role ? json_string_value(rb_resource_path(r, t->failover.role))
				     : NULL;
}

void rb_recovery_dns(const struct rb_binder *b, const struct rb_resource **record,
		     const struct rb_resource **health, const struct rb_resource **secondary)
{
	const struct rb_resource *primary = NULL;
	/* a cache: the inventory does not change once the checks run */
	struct rb_binder *cache = (struct rb_binder *)b;

	if (b->dns.known) {
		*record = b->dns.record;
		*health = b->dns.health;
		*secondary = b->dns.secondary;
		return;
	}
	*record = *health = *secondary = NULL;
	for (size_t i = 0; i < b->infra.nr; i++) {
		const struct rb_resource *r = &b->infra.items[i];
		const char *t;

		if (r->origin == RB_ORIGIN_AWSCLI)
			continue;
		t = failover_type(r);
		if (t && !strcmp(t, "PRIMARY") && !primary)
			primary = r;
		if (t && !strcmp(t, "SECONDARY") && !*secondary)
			*secondary = r;
	}
	*record = primary;
	if (primary) {
		const struct rb_aws_type *pt = rb_aws_type(primary->type);
		const char *id = rb_resource_str(primary, pt->failover.health_check);

		for (size_t i = 0; id && i < b->infra.nr; i++) {
			const struct rb_resource *r = &b->infra.items[i];

			if (!strcmp(r->type, pt->failover.health_check_type) && r->id &&
			    !strcmp(r->id, id) && r->origin != RB_ORIGIN_AWSCLI)
				*health = r;
		}
	}
	cache->dns.known = true;
	cache->dns.record = *record;
	cache->dns.health = *health;
	cache->dns.secondary = *secondary;
}

/* The runbook's time: its `estimate:`, else the sum of its steps' longest. */
static long runbook_time(const struct rb_runbook *r, bool *from_estimate)
{
	long sum = 0;

	*from_estimate = r->estimate >= 0;
	if (r->estimate >= 0)
		return r->estimate;
	for (size_t k = 0; k < r->steps_nr; k++) {
		if (r->steps[k].est_hi < 0)
			return -1;
		sum += r->steps[k].est_hi;
	}
	return r->steps_nr ? sum : -1;
}

static void rpo_of(const struct rb_binder *b, const struct rb_service *s, struct rb_recovery *out)
{
	const struct rb_infra *inv = &b->infra;
	const char *dr = b->config.dr_region;
	size_t k;
	json_t *a;

	json_array_foreach(s->infra, k, a) {
		const struct rb_resource *store = rb_infra_get(inv, json_string_value(a));
		struct rb_dr_copy best;

		if (!store || !rb_dr_primary_store(store, dr))
			continue;
		out->stores++;
		rb_dr_best_copy(inv, store, &best);
		if (!best.rel) {
			/* a store no copy protects: nothing can be promised */
			out->rpo = -1;
			out->rpo_store = store;
			memset(&out->rpo_copy, 0, sizeof(out->rpo_copy));
			return;
		}
		if (!out->rpo_store || best.rpo > out->rpo) {
			out->rpo = best.rpo;
			out->rpo_store = store;
			out->rpo_copy = best;
		}
	}
}

void rb_recovery_compute(const struct rb_binder *b, const struct rb_service *s,
			 struct rb_recovery *out)
{
	const struct rb_resource *secondary;

	memset(out, 0, sizeof(*out));
	out->service = s;
	out->interval = out->threshold = -1;
	out->detection = out->dns = out->steps = out->rto = out->rpo = -1;
	out->drill_rto = out->drill_date = -1;
	for (size_t i = 0; i < b->runbooks_nr && !out->failover; i++)
		if (b->runbooks[i]->kind == RB_KIND_FAILOVER && b->runbooks[i]->service == s)
			out->failover = b->runbooks[i];
	rpo_of(b, s, out);
	if (!out->failover)
		return;
	out->steps = runbook_time(out->failover, &out->steps_from_estimate);
	for (size_t i = 0; i < b->plan.drills_nr; i++) {
		const struct rb_drill *d = &b->plan.drills[i];

		if (d->rto >= 0 && d->runbook_id && !strcmp(d->runbook_id, out->failover->id) &&
		    d->date > out->drill_date) {
			out->drill_rto = d->rto;
			out->drill_date = d->date;
		}
	}
	rb_recovery_dns(b, &out->record, &out->health, &secondary);
	if (out->record && out->health && secondary) {
		out->interval = rb_resource_num(out->health, "request_interval", 30);
		out->threshold = rb_resource_num(out->health, "failure_threshold", 3);
		out->detection = out->interval * out->threshold;
		out->dns = json_array_size(rb_resource_attr(out->record, "alias")) ? 60
			 : rb_resource_num(out->record, "ttl", 60);
	}
	if (out->steps >= 0)
		out->rto = (out->detection > 0 ? out->detection : 0) +
			   (out->dns > out->steps ? out->dns : out->steps);
}

static void add_duration(struct rb_buf *out, const char *before, long secs)
{
	rb_buf_adds(out, before);
	rb_duration_format(out, secs);
}

void rb_recovery_describe(const struct rb_binder *b, const struct rb_service *s,
			  struct rb_buf *out)
{
	struct rb_recovery rec;

	rb_recovery_compute(b, s, &rec);
	rb_buf_addf(out, "%s: ", s->name);
	if (rec.rto >= 0 && s->rto > 0) {
		add_duration(out, "RTO ", rec.rto);
		add_duration(out, " of ", s->rto);
		rb_buf_adds(out, " (");
		if (rec.detection >= 0)
			add_duration(out, "detection ", rec.detection);
		rb_buf_addf(out, "%srunbook '%s' ", rec.detection >= 0 ? " + " : "", rec.failover->id);
		rb_duration_format(out, rec.steps);
		if (rec.dns >= 0)
			add_duration(out, ", DNS ", rec.dns);
		rb_buf_adds(out, rec.dns >= 0 ? " alongside)" : ")");
	} else {
		rb_buf_adds(out, rec.failover ? "RTO not known (no estimate)" : "RTO not computed (no failover runbook)");
	}
	rb_buf_adds(out, "; ");
	if (!rec.stores || s->rpo <= 0) {
		rb_buf_adds(out, "RPO: no data store in its infra");
	} else if (rec.rpo < 0) {
		rb_buf_addf(out, "RPO: %s has no copy in another region", rb_resource_label(rec.rpo_store));
	} else {
		add_duration(out, "RPO ", rec.rpo);
		add_duration(out, " of ", s->rpo);
		rb_buf_addf(out, " (%s, %s)", rec.rpo_copy.rel->mechanism, rb_resource_label(rec.rpo_copy.by));
	}
}
