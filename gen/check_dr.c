/*
 * check_dr.c - the DR copy against its primary, as Terraform manages them:
 * a cross-region replica on another class or engine version, DR services
 * on another task definition revision, session stores on another node
 * type, secrets and parameters that exist in one region only, stateful
 * services no runbook recovers, and low RPOs without cross-region copies.
 */
#include "check.h"
#include "duration.h"

static const char *attr(const struct rb_resource *r, const char *k)
{
	return json_string_value(json_object_get(r->attributes, k));
}

static bool managed(const struct rb_resource *r, const char *type)
{
	return r->origin != RB_ORIGIN_AWSCLI && !strcmp(r->type, type);
}

static struct rb_loc at(const struct rb_resource *r)
{
	return (struct rb_loc){ r->source, 0, 0 };
}

static void differs(struct rb_checker *c, const struct rb_resource *dr,
		    const struct rb_resource *primary, const char *what,
		    const char *a, const char *b)
{
	if (a && b && strcmp(a, b))
		rb_report(c, "dr-drift", at(dr),
			  "give the DR copy the primary's settings, from the same Terraform module",
			  "%s differs from its primary %s: %s is %s in DR but %s in the primary",
			  dr->address, primary->address, what, a, b);
}

/* `nw-api:42` from a task definition ARN. */
static const char *task_tail(const char *arn)
{
	const char *slash = arn ? strrchr(arn, '/') : NULL;

	return slash ? slash + 1 : arn;
}

static void copies(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;

	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *dr = &inv->items[i];
		const char *src = attr(dr, "replicate_source_db");

		if (managed(dr, "aws_db_instance") && src && *src) {
			for (size_t k = 0; k < inv->nr; k++) {
				const struct rb_resource *p = &inv->items[k];

				if (!managed(p, "aws_db_instance") || p == dr)
					continue;
				if ((p->arn && !strcmp(p->arn, src)) ||
				    (attr(p, "identifier") && !strcmp(attr(p, "identifier"), src))) {
					differs(c, dr, p, "instance_class", attr(dr, "instance_class"),
						attr(p, "instance_class"));
					differs(c, dr, p, "engine_version", attr(dr, "engine_version"),
						attr(p, "engine_version"));
				}
			}
		}
		if (managed(dr, "aws_ecs_service") && dr->region && c->binder->config.dr_region &&
		    !strcmp(dr->region, c->binder->config.dr_region)) {
			for (size_t k = 0; k < inv->nr; k++) {
				const struct rb_resource *p = &inv->items[k];

				if (!managed(p, "aws_ecs_service") || !p->region ||
				    strcmp(p->region, c->binder->config.primary_region) ||
				    !attr(p, "name") || !attr(dr, "name") ||
				    strcmp(attr(p, "name"), attr(dr, "name")))
					continue;
				differs(c, dr, p, "task definition", task_tail(attr(dr, "task_definition")),
					task_tail(attr(p, "task_definition")));
			}
		}
		if (managed(dr, "aws_elasticache_replication_group") && attr(dr, "global_replication_group_id")) {
			for (size_t k = 0; k < inv->nr; k++) {
				const struct rb_resource *p = &inv->items[k];

				if (managed(p, "aws_elasticache_replication_group") && p != dr &&
				    k < i && attr(p, "global_replication_group_id") &&
				    !strcmp(attr(p, "global_replication_group_id"),
					    attr(dr, "global_replication_group_id")))
					differs(c, dr, p, "node_type", attr(dr, "node_type"),
						attr(p, "node_type"));
			}
		}
	}
}

/* A secret or parameter of the primary region the DR region lacks. */
static void one_region(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *primary = c->binder->config.primary_region;
	const char *dr = c->binder->config.dr_region;

	if (!primary || !*primary || !dr || !*dr)
		return;
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];
		bool found = false;

		if (r->origin == RB_ORIGIN_AWSCLI || !r->region || strcmp(r->region, primary) ||
		    (strcmp(r->type, "aws_secretsmanager_secret") && strcmp(r->type, "aws_ssm_parameter")) ||
		    !attr(r, "name"))
			continue;
		/* a secret with a replica in the DR region is there */
		if (!strcmp(r->type, "aws_secretsmanager_secret")) {
			size_t k;
			json_t *rep;

			json_array_foreach(json_object_get(r->attributes, "replica"), k, rep)
				if (json_string_value(json_object_get(rep, "region")) &&
				    !strcmp(json_string_value(json_object_get(rep, "region")), dr))
					found = true;
		}
		for (size_t k = 0; k < inv->nr && !found; k++) {
			const struct rb_resource *o = &inv->items[k];

			if (!strcmp(o->type, r->type) && o->region && !strcmp(o->region, dr) &&
			    attr(o, "name") && !strcmp(attr(o, "name"), attr(r, "name")))
				found = true;
		}
		if (!found)
			rb_report(c, "dr-missing-secret", at(r),
				  "create it in the DR region now (replicate the secret, or the parameter)",
				  "%s '%s' exists in %s only: the application will not start in %s",
				  r->type, attr(r, "name"), primary, dr);
	}
}

/* Redis and other session stores need a runbook that recovers them. */
static void stateful(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;

	for (size_t i = 0; i < b->infra.nr; i++) {
		const struct rb_resource *r = &b->infra.items[i];
		bool recovered = false;

		if (!managed(r, "aws_elasticache_replication_group"))
			continue;
		for (size_t k = 0; k < b->runbooks_nr && !recovered; k++)
			for (size_t m = 0; m < b->runbooks[k]->bindings_nr; m++)
				if (b->runbooks[k]->bindings[m].resource == i)
					recovered = true;
		if (!recovered)
			rb_report(c, "plan-state-no-recovery", at(r),
				  "write a runbook that binds it and says how sessions survive or are re-created",
				  "%s holds application state (sessions) but no runbook binds it", r->address);
	}
}

/* A service with an RPO under an hour needs its data copied to another region. */
static void rpo_replication(struct rb_checker *c)
{
	struct rb_binder *b = c->binder;
	struct rb_infra *inv = &b->infra;

	for (size_t i = 0; i < b->plan.services_nr; i++) {
		struct rb_service *s = &b->plan.services[i];
		size_t k;
		json_t *a;

		if (s->rpo >= 3600)
			continue;
		json_array_foreach(s->infra, k, a) {
			const struct rb_resource *db = rb_infra_get(inv, json_string_value(a));
			bool copied = false;

			if (!db || strcmp(db->type, "aws_db_instance") ||
			    (attr(db, "replicate_source_db") && *attr(db, "replicate_source_db")))
				continue;
			for (size_t m = 0; m < inv->nr && !copied; m++) {
				const struct rb_resource *o = &inv->items[m];
				const char *src = attr(o, "replicate_source_db");

				if (managed(o, "aws_db_instance") && src && o->region && db->region &&
				    strcmp(o->region, db->region) &&
				    ((db->arn && !strcmp(src, db->arn)) ||
				     (attr(db, "identifier") && !strcmp(src, attr(db, "identifier")))))
					copied = true;
			}
			if (!copied) {
				struct rb_buf rpo = RB_BUF_INIT;

				rb_duration_format(&rpo, s->rpo);
				rb_report(c, "plan-rpo-no-replication", s->loc,
					  "add a cross-region read replica: backups alone lose hours",
					  "service '%s' promises an RPO of %s but its database %s has no cross-region replica",
					  s->id, rpo.ptr, db->address);
				rb_buf_release(&rpo);
			}
		}
	}
}

void rb_check_dr(struct rb_checker *c)
{
	if (!c->binder->infra.nr)
		return;
	copies(c);
	one_region(c);
	stateful(c);
	rpo_replication(c);
}
