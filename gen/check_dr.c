/*
 * check_dr.c - the DR copy against its primary, as Terraform manages them,
 * from the DR relations of each type's row in aws_types.c: a replica
 * against its source (class, engine version), a member of a global group
 * against the others (node type), a resource of the DR region against
 * the one of the same name in the primary region (task definition); and
 * what must exist in the DR region too (secrets, parameters) but exists
 * in the primary region only.
 */
#include "aws_types.h"
#include "check.h"
#include "duration.h"
#include "infra_index.h"
#include "recovery_time.h"
#include "service_roles.h"

static bool managed(const struct rb_resource *r, const char *type)
{
	return r->origin != RB_ORIGIN_AWSCLI && !strcmp(r->type, type);
}


/* `nw-api:42` from a task definition ARN; other values as they are. */
static const char *arn_tail(const char *v)
{
	const char *slash = v && !strncmp(v, "arn:", 4) ? strrchr(v, '/') : NULL;

	return slash ? slash + 1 : v;
}

/* The attributes a copy must share with its primary. */
static void differs(struct rb_checker *c, const struct rb_aws_relation *rel,
		    const struct rb_resource *dr, const struct rb_resource *primary)
{
	for (size_t k = 0; k < RB_ARRAY_SIZE(rel->same) && rel->same[k]; k++) {
		const char *a = arn_tail(rb_resource_str(dr, rel->same[k]));
		const char *b = arn_tail(rb_resource_str(primary, rel->same[k]));

		if (a && b && strcmp(a, b))
			rb_report_about(c, RB_RULE_DR_DRIFT, dr, rb_resource_attr_loc(&c->binder->infra, dr, rel->same[k]),
				  "give the DR copy the primary's settings, from the same Terraform module",
				  "%s differs from its primary %s: %s is %s in DR but %s in the primary",
				  rb_resource_label(dr), rb_resource_label(primary), rel->same[k], a, b);
	}
}

/* A copy naming its source, by ARN or by the source's identifier. */
static void by_source(struct rb_checker *c, const struct rb_aws_relation *rel,
		      const struct rb_resource *dr, struct rb_infra_index *targets)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *src = rb_resource_str(dr, rel->attr);

	if (!src || !*src)
		return;
	for (size_t k = rb_strmap_get(&inv->by_arn, src); k != SIZE_MAX; k = inv->items[k].next_arn) {
		const struct rb_resource *p = &inv->items[k];

		if (managed(p, rel->target_type) && p != dr)
			differs(c, rel, dr, p);
	}
	for (size_t k = rb_infra_index_first(targets, src); k != SIZE_MAX;
	     k = rb_infra_index_next(targets, k)) {
		const struct rb_resource *p = &inv->items[k];

		/* named both ways: compared once, above */
		if (!managed(p, rel->target_type) || p == dr || (p->arn && !strcmp(p->arn, src)))
			continue;
		differs(c, rel, dr, p);
	}
}

static void copies(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *primary = c->binder->config.primary_region;
	const char *dr_region = c->binder->config.dr_region;

	for (size_t t = 0; t < rb_aws_types_nr; t++) {
		const struct rb_aws_type *row = &rb_aws_types[t];

		for (size_t m = 0; m < RB_ARRAY_SIZE(row->relations); m++) {
			const struct rb_aws_relation *rel = &row->relations[m];
			struct rb_infra_index targets;

			if (!rel->same[0] || !rel->target_type)
				continue;
			rb_infra_index_build(&targets, inv, rel->target_type,
					     rel->kind == RB_REL_GROUP ? rel->attr : rel->target_attr);
			for (size_t i = 0; i < inv->nr; i++) {
				const struct rb_resource *dr = &inv->items[i];
				const char *v;

				if (!managed(dr, row->type))
					continue;
				switch (rel->kind) {
				case RB_REL_SOURCE:
					by_source(c, rel, dr, &targets);
					break;
				case RB_REL_GROUP:
					/* every pair of members once */
					v = rb_resource_str(dr, rel->attr);
					for (size_t k = v && *v ? rb_infra_index_first(&targets, v) : SIZE_MAX;
					     k != SIZE_MAX && k < i; k = rb_infra_index_next(&targets, k))
						if (managed(&inv->items[k], rel->target_type))
							differs(c, rel, dr, &inv->items[k]);
					break;
				case RB_REL_SAME_NAME:
					if (!dr->region || !dr_region || strcmp(dr->region, dr_region))
						break;
					for (size_t k = rb_infra_index_first(&targets, rb_resource_str(dr, rel->target_attr));
					     k != SIZE_MAX; k = rb_infra_index_next(&targets, k)) {
						const struct rb_resource *p = &inv->items[k];

						if (managed(p, rel->target_type) && p->region && primary &&
						    !strcmp(p->region, primary))
							differs(c, rel, dr, p);
					}
					break;
				default:
					break;
				}
			}
			rb_infra_index_release(&targets);
		}
	}
}

/* Is `r` copied into `region` by the service itself (a secret's replica)? */
static bool replicated_to(const struct rb_resource *r, const char *region)
{
	const struct rb_aws_relation *rel = rb_aws_relation(r->type, RB_REL_REGIONS);
	size_t k;
	json_t *rep;

	json_array_foreach(rel ? rb_resource_attr(r, rel->attr) : NULL, k, rep) {
		const char *rr = json_string_value(json_object_get(rep, rel->key));

		if (rr && !strcmp(rr, region))
			return true;
	}
	return false;
}

/* What must exist in the DR region too but is in the primary region only. */
static void one_region(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *primary = c->binder->config.primary_region;
	const char *dr = c->binder->config.dr_region;

	if (!primary || !*primary || !dr || !*dr)
		return;
	for (size_t t = 0; t < rb_aws_types_nr; t++) {
		const struct rb_aws_type *row = &rb_aws_types[t];
		const struct rb_aws_relation *rel = rb_aws_relation(row->type, RB_REL_SAME_NAME);
		struct rb_infra_index same;

		if (!row->needed_in_dr || !rel)
			continue;
		rb_infra_index_build(&same, inv, row->type, rel->target_attr);
		for (size_t i = 0; i < inv->nr; i++) {
			const struct rb_resource *r = &inv->items[i];
			const char *name = rb_resource_str(r, rel->target_attr);
			bool found;

			if (r->origin == RB_ORIGIN_AWSCLI || !r->region || strcmp(r->region, primary) ||
			    strcmp(r->type, row->type) || !name)
				continue;
			found = replicated_to(r, dr);
			for (size_t k = rb_infra_index_first(&same, name); k != SIZE_MAX && !found;
			     k = rb_infra_index_next(&same, k)) {
				const struct rb_resource *o = &inv->items[k];

				if (o->region && !strcmp(o->region, dr))
					found = true;
			}
			if (!found)
				rb_report_about(c, RB_RULE_DR_MISSING_SECRET, r, rb_resource_loc(inv, r),
					  "create it in the DR region now (replicate the secret, or the parameter)",
					  "%s '%s' exists in %s only: the application will not start in %s",
					  r->type, name, primary, dr);
		}
		rb_infra_index_release(&same);
	}
}

/* The strategy of a service as capacity reads it, from its id or name. */
enum strategy_kind { KIND_OTHER, KIND_PILOT_LIGHT, KIND_WARM_STANDBY, KIND_MULTI_SITE };

static enum strategy_kind strategy_kind(const struct rb_service *s)
{
	const char *id = s->strategy_id ? s->strategy_id : "";

	if (rb_starts_with(id, "pilot"))
		return KIND_PILOT_LIGHT;
	if (rb_starts_with(id, "warm"))
		return KIND_WARM_STANDBY;
	if (rb_starts_with(id, "multi") || rb_starts_with(id, "active"))
		return KIND_MULTI_SITE;
	return KIND_OTHER;
}

/* A database's class and node count (-1: not known), by its type's `size`. */
struct db_size {
	const char *cls;
	long nodes;
};

static struct db_size db_size(const struct rb_infra *inv, const struct rb_resource *r)
{
	const struct rb_aws_type *t = rb_aws_type(r->type);
	struct db_size z = { NULL, -1 };
	const char *key;

	if (!t->size.member_type) {
		z.cls = rb_resource_str(r, t->size.attr);
		if (t->size.count_attr)
			z.nodes = rb_resource_num(r, t->size.count_attr, -1);
		return z;
	}
	key = rb_resource_str(r, t->size.member_key);
	z.nodes = 0;
	for (size_t i = 0; key && i < inv->nr; i++) {
		const struct rb_resource *m = &inv->items[i];
		const char *of = rb_resource_str(m, t->size.member_attr);

		if (managed(m, t->size.member_type) && of && !strcmp(of, key) && m->stack == r->stack) {
			z.nodes++;
			if (!z.cls)
				z.cls = rb_resource_str(m, t->size.attr);
		}
	}
	return z;
}

/*
 * The rank of a class's size ("db.r6g.large" -> large): nano < micro <
 * small < medium < large < xlarge < 2xlarge < ... < metal; -1 unknown.
 */
static long class_rank(const char *cls)
{
	static const char *const names[] = { "nano", "micro", "small", "medium", "large", "xlarge" };
	const char *dot = strrchr(cls, '.');
	const char *size = dot ? dot + 1 : cls;
	char *end;
	long n;

	for (size_t i = 0; i < RB_ARRAY_SIZE(names); i++)
		if (!strcmp(size, names[i]))
			return (long)i;
	if (!strcmp(size, "metal"))
		return 1000;
	n = strtol(size, &end, 10);
	return end != size && n > 0 && !strcmp(end, "xlarge") ? 4 + n : -1;
}

/* Is class `dr` below `prod`? Classes that cannot be ranked must be equal. */
static bool class_below(const char *dr, const char *prod)
{
	long a, b;

	if (!dr || !prod || !strcmp(dr, prod))
		return false;
	a = class_rank(dr);
	b = class_rank(prod);
	return a < 0 || b < 0 || a < b;
}

/*
 * A database's DR copy against what the strategy promises: multi-site
 * runs production's class and node count; a warm standby runs at least
 * one node and production's class, or a failover runbook gives it that
 * class; pilot light may run a smaller class or no instance, and a
 * failover runbook gives it production's class.
 */
static void database_capacity(struct rb_checker *c, const struct rb_service *s,
			      enum strategy_kind kind)
{
	struct rb_infra *inv = &c->binder->infra;
	size_t n;
	struct rb_role *roles = rb_service_roles_list(c->binder, s, &n);

	for (size_t i = 0; i < n; i++) {
		const struct rb_resource *d = roles[i].r, *p = roles[i].counterpart;
		const struct rb_aws_type *t = d ? rb_aws_type(d->type) : NULL;
		const struct rb_scale_action *best = NULL;
		struct db_size dz, pz;

		/* a copy of the store's own type (a replica, a member), in a known region */
		if (roles[i].kind != RB_ROLE_COPY || !t || !t->size.attr || !p || strcmp(p->type, d->type) ||
		    !roles[i].region)
			continue;
		dz = db_size(inv, d);
		pz = db_size(inv, p);
		if (kind == KIND_MULTI_SITE) {
			if (class_below(dz.cls, pz.cls))
				rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_attr_loc(inv, d, t->size.attr),
					  "give the DR copy production's class: multi-site takes the full load without resizing",
					  "%s runs %s in %s but production (%s) runs %s: %s is multi-site",
					  rb_resource_label(d), dz.cls, roles[i].region, rb_resource_label(p), pz.cls, s->name);
			else if (dz.nodes >= 0 && pz.nodes >= 0 && dz.nodes < pz.nodes)
				rb_report_about(c, RB_RULE_DR_CAPACITY, d,
						t->size.count_attr ? rb_resource_attr_loc(inv, d, t->size.count_attr)
								   : rb_resource_loc(inv, d),
					  "run as many nodes in both regions: multi-site takes the full load without scaling",
					  "%s runs %ld of production's %ld nodes in %s (%s): %s is multi-site",
					  rb_resource_label(d), dz.nodes, pz.nodes, roles[i].region, rb_resource_label(p), s->name);
			continue;
		}
		if (kind == KIND_WARM_STANDBY && dz.nodes == 0) {
			rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_loc(inv, d),
				  "keep an instance running in the DR region, or plan the service as pilot light",
				  "%s is a warm standby for %s but runs no instance", rb_resource_label(d), s->name);
			continue;
		}
		if (!class_below(dz.cls, pz.cls) && dz.nodes != 0)
			continue;
		/* the failover's class for it: the first that reaches production's */
		for (size_t k = 0; k < c->scales_nr; k++) {
			const struct rb_scale_action *sa = &c->scales[k];

			if (sa->runbook->kind == RB_KIND_FAILOVER && &inv->items[sa->resource] == d &&
			    sa->size && (!best || class_below(best->size, sa->size)))
				best = sa;
		}
		if (!best)
			rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_attr_loc(inv, d, t->size.attr),
				  "resize it in the failover runbook (aws rds modify-db-instance --db-instance-class, aws rds create-db-instance, aws elasticache modify-replication-group --cache-node-type) to production's class",
				  "no failover runbook gives %s (%s) production's class %s (%s)",
				  rb_resource_label(d), dz.nodes == 0 ? "no instance" : dz.cls,
				  pz.cls ? pz.cls : "", rb_resource_label(p));
		else if (class_below(best->size, pz.cls))
			rb_report_about(c, RB_RULE_DR_CAPACITY, d, best->loc,
				  "give it production's class, best through a placeholder of the primary's",
				  "the failover gives %s the class %s, but production (%s) runs %s",
				  rb_resource_label(d), best->size, rb_resource_label(p), pz.cls);
	}
	free(roles);
}

/*
 * DR compute against what the strategy promises: pilot light may keep it
 * at zero, warm standby runs some, multi-site runs production's figure;
 * unless it already does, a failover runbook scales it to production's
 * figure (the count its command sets, after placeholders).
 */
static void capacity(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_infra *inv = &b->infra;
	const char *primary = b->config.primary_region, *dr = b->config.dr_region;

	if (!primary || !*primary || !dr || !*dr)
		return;
	for (size_t i = 0; i < b->plan.services_nr; i++) {
		const struct rb_service *s = &b->plan.services[i];
		enum strategy_kind kind = strategy_kind(s);
		size_t k;
		json_t *a;

		if (kind == KIND_OTHER)
			continue;
		database_capacity(c, s, kind);
		json_array_foreach(s->infra, k, a) {
			const struct rb_resource *d = rb_infra_get(inv, json_string_value(a)), *p;
			const struct rb_aws_type *t = d ? rb_aws_type(d->type) : NULL;
			const struct rb_scale_action *best = NULL;
			long dr_n, prod_n;

			if (!t || !t->capacity.attr || !d->region || strcmp(d->region, dr))
				continue;
			/* its production side, as the plan page's roles pair them */
			p = rb_service_counterpart(inv, s, d, primary);
			if (!p)
				continue;
			dr_n = rb_resource_num(d, t->capacity.attr, -1);
			prod_n = rb_resource_num(p, t->capacity.attr, -1);
			if (dr_n < 0 || prod_n < 0)
				continue;
			if (kind == KIND_WARM_STANDBY && dr_n == 0) {
				rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_attr_loc(inv, d, t->capacity.attr),
					  "keep some running in the DR region, or plan the service as pilot light",
					  "%s is a warm standby for %s but runs nothing: its %s is 0", rb_resource_label(d),
					  s->name, t->capacity.attr);
				continue;
			}
			if (dr_n >= prod_n)
				continue;
			if (kind == KIND_MULTI_SITE) {
				rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_attr_loc(inv, d, t->capacity.attr),
					  "run production's capacity in both regions: multi-site takes the full load without scaling",
					  "%s runs %ld in %s but production (%s) runs %ld: %s is multi-site",
					  rb_resource_label(d), dr_n, dr, rb_resource_label(p), prod_n, s->name);
				continue;
			}
			for (size_t n = 0; n < c->scales_nr; n++) {
				const struct rb_scale_action *sa = &c->scales[n];

				if (sa->runbook->kind == RB_KIND_FAILOVER && &inv->items[sa->resource] == d &&
				    !sa->size && (!best || sa->count > best->count))
					best = sa;
			}
			if (!best)
				rb_report_about(c, RB_RULE_DR_CAPACITY, d, rb_resource_attr_loc(inv, d, t->capacity.attr),
					  "scale it in the failover runbook: aws ecs update-service --desired-count or aws autoscaling update-auto-scaling-group --desired-capacity, with the production figure",
					  "no failover runbook scales %s (%s %ld) up to production's %ld (%s)",
					  rb_resource_label(d), t->capacity.attr, dr_n, prod_n, rb_resource_label(p));
			else if (best->count < prod_n)
				rb_report_about(c, RB_RULE_DR_CAPACITY, d, best->loc,
					  "scale it to the production figure, best through a placeholder of the primary's count",
					  "the failover scales %s to %ld, but production (%s) runs %ld",
					  rb_resource_label(d), best->count, rb_resource_label(p), prod_n);
		}
	}
}

void rb_check_dr(struct rb_checker *c)
{
	if (!c->binder->infra.nr)
		return;
	copies(c);
	one_region(c);
	capacity(c);
}
