/*
 * check_dr.c - the DR copy against its primary, as Terraform manages them:
 * a cross-region replica on another class or engine version, DR services
 * on another task definition revision, session stores on another node
 * type, secrets and parameters that exist in one region only.
 */
#include "check.h"
#include "duration.h"
#include "infra_index.h"

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
		rb_report(c, RB_RULE_DR_DRIFT, at(dr),
			  "give the DR copy the primary's settings, from the same Terraform module",
			  "%s differs from its primary %s: %s is %s in DR but %s in the primary",
			  rb_resource_label(dr), rb_resource_label(primary), what, a, b);
}

/* `nw-api:42` from a task definition ARN. */
static const char *task_tail(const char *arn)
{
	const char *slash = arn ? strrchr(arn, '/') : NULL;

	return slash ? slash + 1 : arn;
}

/* A replica against its source database. */
static void replica_differs(struct rb_checker *c, const struct rb_resource *dr,
			    const struct rb_resource *p)
{
	differs(c, dr, p, "instance_class", rb_resource_str(dr, "instance_class"),
		rb_resource_str(p, "instance_class"));
	differs(c, dr, p, "engine_version", rb_resource_str(dr, "engine_version"),
		rb_resource_str(p, "engine_version"));
}

static void copies(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *primary = c->binder->config.primary_region;
	const char *dr_region = c->binder->config.dr_region;
	struct rb_infra_index dbs, services, globals;

	rb_infra_index_build(&dbs, inv, "aws_db_instance", "identifier");
	rb_infra_index_build(&services, inv, "aws_ecs_service", "name");
	rb_infra_index_build(&globals, inv, "aws_elasticache_replication_group",
			     "global_replication_group_id");
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *dr = &inv->items[i];
		const char *src = rb_resource_str(dr, "replicate_source_db");

		if (managed(dr, "aws_db_instance") && src && *src) {
			/* the source, named by ARN or by identifier */
			for (size_t k = rb_strmap_get(&inv->by_arn, src); k != SIZE_MAX;
			     k = inv->items[k].next_arn) {
				const struct rb_resource *p = &inv->items[k];

				if (managed(p, "aws_db_instance") && p != dr)
					replica_differs(c, dr, p);
			}
			for (size_t k = rb_infra_index_first(&dbs, src); k != SIZE_MAX;
			     k = rb_infra_index_next(&dbs, k)) {
				const struct rb_resource *p = &inv->items[k];

				/* named both ways: compared once, above */
				if (!managed(p, "aws_db_instance") || p == dr ||
				    (p->arn && !strcmp(p->arn, src)))
					continue;
				replica_differs(c, dr, p);
			}
		}
		if (managed(dr, "aws_ecs_service") && dr->region && dr_region &&
		    !strcmp(dr->region, dr_region)) {
			for (size_t k = rb_infra_index_first(&services, rb_resource_str(dr, "name"));
			     k != SIZE_MAX; k = rb_infra_index_next(&services, k)) {
				const struct rb_resource *p = &inv->items[k];

				if (!managed(p, "aws_ecs_service") || !p->region || !primary ||
				    strcmp(p->region, primary))
					continue;
				differs(c, dr, p, "task definition", task_tail(rb_resource_str(dr, "task_definition")),
					task_tail(rb_resource_str(p, "task_definition")));
			}
		}
		if (managed(dr, "aws_elasticache_replication_group") && rb_resource_str(dr, "global_replication_group_id")) {
			for (size_t k = rb_infra_index_first(&globals, rb_resource_str(dr, "global_replication_group_id"));
			     k != SIZE_MAX && k < i; k = rb_infra_index_next(&globals, k)) {
				const struct rb_resource *p = &inv->items[k];

				if (managed(p, "aws_elasticache_replication_group"))
					differs(c, dr, p, "node_type", rb_resource_str(dr, "node_type"),
						rb_resource_str(p, "node_type"));
			}
		}
	}
	rb_infra_index_release(&dbs);
	rb_infra_index_release(&services);
	rb_infra_index_release(&globals);
}

/* A secret or parameter of the primary region the DR region lacks. */
static void one_region(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	const char *primary = c->binder->config.primary_region;
	const char *dr = c->binder->config.dr_region;
	struct rb_infra_index secrets, params;

	if (!primary || !*primary || !dr || !*dr)
		return;
	rb_infra_index_build(&secrets, inv, "aws_secretsmanager_secret", "name");
	rb_infra_index_build(&params, inv, "aws_ssm_parameter", "name");
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];
		const struct rb_infra_index *same;
		bool found = false;

		if (r->origin == RB_ORIGIN_AWSCLI || !r->region || strcmp(r->region, primary) ||
		    (strcmp(r->type, "aws_secretsmanager_secret") && strcmp(r->type, "aws_ssm_parameter")) ||
		    !rb_resource_str(r, "name"))
			continue;
		/* a secret with a replica in the DR region is there */
		if (!strcmp(r->type, "aws_secretsmanager_secret")) {
			size_t k;
			json_t *rep;

			json_array_foreach(json_object_get(rb_resource_attrs(r), "replica"), k, rep)
				if (json_string_value(json_object_get(rep, "region")) &&
				    !strcmp(json_string_value(json_object_get(rep, "region")), dr))
					found = true;
		}
		same = !strcmp(r->type, "aws_ssm_parameter") ? &params : &secrets;
		for (size_t k = rb_infra_index_first(same, rb_resource_str(r, "name")); k != SIZE_MAX && !found;
		     k = rb_infra_index_next(same, k)) {
			const struct rb_resource *o = &inv->items[k];

			if (o->region && !strcmp(o->region, dr))
				found = true;
		}
		if (!found)
			rb_report(c, RB_RULE_DR_MISSING_SECRET, at(r),
				  "create it in the DR region now (replicate the secret, or the parameter)",
				  "%s '%s' exists in %s only: the application will not start in %s",
				  r->type, rb_resource_str(r, "name"), primary, dr);
	}
	rb_infra_index_release(&secrets);
	rb_infra_index_release(&params);
}

void rb_check_dr(struct rb_checker *c)
{
	if (!c->binder->infra.nr)
		return;
	copies(c);
	one_region(c);
}
