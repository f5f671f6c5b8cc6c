/*
 * check_drift.c - the same resource seen by Terraform and by the AWS CLI:
 * differences on what a recovery depends on (counts, classes, versions,
 * record targets, health check timing, replication), and resources the
 * CLI sees that no state manages.
 */
#include <ctype.h>
#include <strings.h>

#include "check.h"

struct compared {
	const char *type;
	const char *paths[6];   /* dotted attribute paths; list items by number */
};

static const struct compared compared[] = {
	{ "aws_db_instance", { "instance_class", "engine_version", "replicate_source_db", NULL } },
	{ "aws_rds_cluster", { "engine_version", NULL } },
	{ "aws_ecs_service", { "desired_count", "task_definition", NULL } },
	{ "aws_route53_record", { "alias.0.name", "failover_routing_policy.0.type", "health_check_id", "records", NULL } },
	{ "aws_route53_health_check", { "request_interval", "failure_threshold", "resource_path", "fqdn", NULL } },
	{ "aws_s3_bucket_versioning", { "versioning_configuration.0.status", NULL } },
	{ "aws_s3_bucket_replication_configuration", { "rule.0.status", "rule.0.destination.0.bucket",
		"rule.0.destination.0.encryption_configuration.0.replica_kms_key_id", NULL } },
	{ "aws_elasticache_replication_group", { "node_type", "global_replication_group_id", NULL } },
	{ "aws_lb_target_group", { "port", "protocol", NULL } },
	{ "aws_kms_key", { "multi_region", NULL } },
};

/*
 * Text of a value for comparison: DNS names lose a final dot, the
 * `dualstack.` an alias target gets, and case; an ARN compares by its
 * tail when the other side is a bare identifier.
 */
static char *norm(json_t *v)
{
	struct rb_buf b = RB_BUF_INIT;
	char *s;

	if (!v || json_is_null(v))
		return NULL;
	if (json_is_string(v)) {
		const char *t = json_string_value(v);

		if (!strncasecmp(t, "dualstack.", 10))
			t += 10;
		rb_buf_adds(&b, t);
		if (b.len && b.ptr[b.len - 1] == '.')
			rb_buf_truncate(&b, b.len - 1);
		for (size_t i = 0; i < b.len; i++)
			b.ptr[i] = (char)tolower((unsigned char)b.ptr[i]);
		return rb_buf_detach(&b, NULL);
	}
	s = json_dumps(v, JSON_ENCODE_ANY | JSON_COMPACT | JSON_SORT_KEYS);
	return s;
}

static bool same(const char *a, const char *b)
{
	const char *ta, *tb;

	if (!strcmp(a, b))
		return true;
	/* replicate_source_db: an ARN on one side, an identifier on the other */
	ta = strrchr(a, ':');
	tb = strrchr(b, ':');
	return (ta && !strcmp(ta + 1, b)) || (tb && !strcmp(tb + 1, a));
}

/* The Terraform resource that is this CLI resource, if any. */
static const struct rb_resource *counterpart(struct rb_infra *inv,
					    const struct rb_resource *cli)
{
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *r = &inv->items[i];

		if (r->origin == RB_ORIGIN_AWSCLI || strcmp(r->type, cli->type))
			continue;
		if (cli->arn && r->arn && !strcmp(cli->arn, r->arn))
			return r;
		if (cli->id && r->id && !strcmp(cli->id, r->id))
			return r;
		if (!strcmp(r->type, "aws_db_instance") && rb_resource_str(r, "identifier") &&
		    rb_resource_str(cli, "identifier") && !strcmp(rb_resource_str(r, "identifier"), rb_resource_str(cli, "identifier")))
			return r;
		if (!strcmp(r->type, "aws_route53_record") && rb_resource_str(r, "name") && rb_resource_str(cli, "name") &&
		    !strcasecmp(rb_resource_str(r, "name"), rb_resource_str(cli, "name")) &&
		    rb_resource_str(r, "type") && rb_resource_str(cli, "type") && !strcmp(rb_resource_str(r, "type"), rb_resource_str(cli, "type")) &&
		    !strcmp(rb_resource_str(r, "set_identifier") ? rb_resource_str(r, "set_identifier") : "",
			    rb_resource_str(cli, "set_identifier") ? rb_resource_str(cli, "set_identifier") : ""))
			return r;
		if ((!strcmp(r->type, "aws_s3_bucket_versioning") ||
		     !strcmp(r->type, "aws_s3_bucket_replication_configuration")) &&
		    rb_resource_str(r, "bucket") && rb_resource_str(cli, "bucket") && !strcmp(rb_resource_str(r, "bucket"), rb_resource_str(cli, "bucket")))
			return r;
	}
	return NULL;
}

/* Records Route 53 creates with every zone: no state manages them. */
static bool zone_default(const struct rb_resource *r)
{
	const char *t = rb_resource_str(r, "type");

	return !strcmp(r->type, "aws_route53_record") && t &&
	       (!strcmp(t, "NS") || !strcmp(t, "SOA"));
}

void rb_check_drift(struct rb_checker *c)
{
	struct rb_infra *inv = &c->binder->infra;
	bool have_state = false;

	for (size_t i = 0; i < inv->nr; i++)
		if (inv->items[i].origin != RB_ORIGIN_AWSCLI)
			have_state = true;
	if (!have_state)
		return;
	for (size_t i = 0; i < inv->nr; i++) {
		const struct rb_resource *cli = &inv->items[i];
		const struct rb_resource *tf;
		const struct compared *cmp = NULL;
		struct rb_loc loc = { cli->source, 0, 0 };

		if (cli->origin != RB_ORIGIN_AWSCLI)
			continue;
		tf = counterpart(inv, cli);
		if (!tf) {
			if (!zone_default(cli) && strcmp(cli->type, "aws_db_snapshot"))
				rb_report(c, RB_RULE_DRIFT_UNMANAGED, loc,
					  "import it into Terraform, or remove it if nothing needs it",
					  "%s '%s' is in the AWS CLI export but in no Terraform state",
					  cli->type, cli->name);
			continue;
		}
		for (size_t k = 0; k < RB_ARRAY_SIZE(compared); k++)
			if (!strcmp(compared[k].type, cli->type))
				cmp = &compared[k];
		for (size_t k = 0; cmp && cmp->paths[k]; k++) {
			char *a = norm(rb_json_path(rb_resource_attrs(tf), cmp->paths[k]));
			char *b = norm(rb_json_path(rb_resource_attrs(cli), cmp->paths[k]));

			if (a && b && !same(a, b))
				rb_report(c, RB_RULE_DRIFT_ATTRIBUTE, loc,
					  "apply Terraform (or update it) so that the state and AWS agree, then re-export",
					  "%s: %s is %s in AWS but %s in the Terraform state (%s)",
					  rb_resource_label(tf), cmp->paths[k], b, a, tf->source);
			free(a);
			free(b);
		}
	}
}
