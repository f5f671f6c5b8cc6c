/*
 * cmd_export_script.c - `runbinder export-script`: the AWS CLI commands
 * that produce the exports the current runbooks bind to, with the manifest
 * that goes beside them, as one bash script for CI to run on every infra
 * change.
 */
#include "binder.h"
#include "cmd.h"
#include "opt.h"
#include "resolve.h"

struct export_opts {
	struct rb_common_opts common;
};

static const struct rb_opt export_opts[] = {
	RB_OPT_DIR(struct export_opts),
	RB_OPT_STATE(struct export_opts),
	RB_OPT_HELP(struct export_opts),
};

void cmd_export_script_help(FILE *f)
{
	rb_opt_help(f, "export-script", NULL,
		    "Prints a bash script that runs the AWS CLI commands producing the\n"
		    "exports the runbooks' bindings need, and writes their manifest.yaml.\n"
		    "Run it with the folder to write to (default content/infra).",
		    export_opts, RB_ARRAY_SIZE(export_opts));
}

struct export {
	char *file;
	char *command;      /* without the redirection */
	char *region;       /* for the manifest, or NULL */
	char *zone, *bucket;
	char *services;     /* ECS services appended to the command */
};

struct exports {
	struct export *items;
	size_t nr, alloc;
};

static void add(struct exports *e, const char *file, const char *command,
		const char *region, const char *zone, const char *bucket)
{
	for (size_t i = 0; i < e->nr; i++)
		if (!strcmp(e->items[i].file, file))
			return;
	RB_GROW(e->items, e->nr + 1, e->alloc);
	e->items[e->nr].file = rb_xstrdup(file);
	e->items[e->nr].command = rb_xstrdup(command);
	e->items[e->nr].region = region ? rb_xstrdup(region) : NULL;
	e->items[e->nr].zone = zone ? rb_xstrdup(zone) : NULL;
	e->items[e->nr].bucket = bucket ? rb_xstrdup(bucket) : NULL;
	e->items[e->nr].services = NULL;
	e->nr++;
}

/* `nw-dr` from `arn:aws:ecs:us-west-2:1:cluster/nw-dr` */
static const char *tail(const char *s)
{
	const char *slash = s ? strrchr(s, '/') : NULL;

	return slash ? slash + 1 : s;
}

static bool safe(const char *s)
{
	return s && rb_shell_word_safe(s);
}

/* Does a replication configuration name bucket `b` as its source? */
static bool replicated(const struct rb_infra *inv, const char *b)
{
	for (size_t i = 0; i < inv->nr; i++)
		if (!strcmp(inv->items[i].type, "aws_s3_bucket_replication_configuration") &&
		    rb_resource_str(&inv->items[i], "bucket") && !strcmp(rb_resource_str(&inv->items[i], "bucket"), b))
			return true;
	return false;
}

/* The export that describes resource `r`, if the AWS CLI has one. */
static void export_for(struct exports *e, const struct rb_infra *inv,
		       const struct rb_resource *r)
{
	const char *region = r->region;
	char *file = NULL, *cmd = NULL;
	const char *t = r->type;

	if (!safe(region) && strcmp(region ? region : "", "global"))
		return;
	if (!strcmp(t, "aws_db_instance")) {
		file = rb_xasprintf("rds-describe-db-instances.%s.json", region);
		cmd = rb_xasprintf("aws rds describe-db-instances --region %s", region);
	} else if (!strcmp(t, "aws_rds_cluster")) {
		file = rb_xasprintf("rds-describe-db-clusters.%s.json", region);
		cmd = rb_xasprintf("aws rds describe-db-clusters --region %s", region);
	} else if (!strcmp(t, "aws_ecs_cluster") && safe(rb_resource_str(r, "name"))) {
		file = rb_xasprintf("ecs-describe-clusters.%s.%s.json", rb_resource_str(r, "name"), region);
		cmd = rb_xasprintf("aws ecs describe-clusters --clusters %s --region %s",
				   rb_resource_str(r, "name"), region);
	} else if (!strcmp(t, "aws_ecs_service") && safe(tail(rb_resource_str(r, "cluster"))) &&
		   safe(rb_resource_str(r, "name"))) {
		/* one call per cluster, naming each service the runbooks use */
		file = rb_xasprintf("ecs-describe-services.%s.%s.json",
				    tail(rb_resource_str(r, "cluster")), region);
		for (size_t i = 0; i < e->nr; i++) {
			char *more, *padded, *word;
			bool seen;

			if (strcmp(e->items[i].file, file))
				continue;
			padded = rb_xasprintf(" %s ", e->items[i].services);
			word = rb_xasprintf(" %s ", rb_resource_str(r, "name"));
			seen = strstr(padded, word) != NULL;
			free(padded);
			free(word);
			if (seen) {
				free(file);
				return;
			}
			more = rb_xasprintf("%s %s", e->items[i].services, rb_resource_str(r, "name"));

			free(e->items[i].services);
			e->items[i].services = more;
			free(file);
			return;
		}
		cmd = rb_xasprintf("aws ecs describe-services --cluster %s --region %s --services",
				   tail(rb_resource_str(r, "cluster")), region);
		add(e, file, cmd, region, NULL, NULL);
		e->items[e->nr - 1].services = rb_xstrdup(rb_resource_str(r, "name"));
		goto done;
	} else if (!strcmp(t, "aws_route53_record") && safe(rb_resource_str(r, "zone_id"))) {
		file = rb_xasprintf("route53-list-resource-record-sets.%s.json", rb_resource_str(r, "zone_id"));
		cmd = rb_xasprintf("aws route53 list-resource-record-sets --hosted-zone-id %s",
				   rb_resource_str(r, "zone_id"));
		add(e, file, cmd, NULL, rb_resource_str(r, "zone_id"), NULL);
		goto done;
	} else if (!strcmp(t, "aws_route53_health_check")) {
		file = rb_xstrdup("route53-list-health-checks.json");
		cmd = rb_xstrdup("aws route53 list-health-checks");
		region = NULL;
	} else if (!strcmp(t, "aws_route53_zone")) {
		file = rb_xstrdup("route53-list-hosted-zones.json");
		cmd = rb_xstrdup("aws route53 list-hosted-zones");
		region = NULL;
	} else if ((!strcmp(t, "aws_s3_bucket") || !strcmp(t, "aws_s3_bucket_replication_configuration") ||
		    !strcmp(t, "aws_s3_bucket_versioning")) && safe(rb_resource_str(r, "bucket"))) {
		const char *b = rb_resource_str(r, "bucket");

		file = rb_xasprintf("s3api-get-bucket-versioning.%s.json", b);
		cmd = rb_xasprintf("aws s3api get-bucket-versioning --bucket %s", b);
		add(e, file, cmd, region, NULL, b);
		free(file);
		free(cmd);
		if (!strcmp(t, "aws_s3_bucket_versioning"))
			return;
		file = rb_xasprintf("s3api-get-bucket-replication.%s.json", b);
		cmd = rb_xasprintf("aws s3api get-bucket-replication --bucket %s", b);
		if (!strcmp(t, "aws_s3_bucket") && !replicated(inv, b)) {
			/* a bucket replicates when a replication resource names it */
			free(file);
			free(cmd);
			return;
		}
		add(e, file, cmd, region, NULL, b);
		goto done;
	} else if (!strcmp(t, "aws_lb")) {
		file = rb_xasprintf("elbv2-describe-load-balancers.%s.json", region);
		cmd = rb_xasprintf("aws elbv2 describe-load-balancers --region %s", region);
	} else if (!strcmp(t, "aws_lb_target_group")) {
		file = rb_xasprintf("elbv2-describe-target-groups.%s.json", region);
		cmd = rb_xasprintf("aws elbv2 describe-target-groups --region %s", region);
	} else if (!strcmp(t, "aws_elasticache_replication_group")) {
		file = rb_xasprintf("elasticache-describe-replication-groups.%s.json", region);
		cmd = rb_xasprintf("aws elasticache describe-replication-groups --region %s", region);
	} else if (!strcmp(t, "aws_kms_key") && safe(r->arn)) {
		file = rb_xasprintf("kms-describe-key.%s.%s.json", tail(r->arn), region);
		cmd = rb_xasprintf("aws kms describe-key --key-id %s --region %s", r->arn, region);
	} else if (!strcmp(t, "aws_secretsmanager_secret")) {
		file = rb_xasprintf("secretsmanager-list-secrets.%s.json", region);
		cmd = rb_xasprintf("aws secretsmanager list-secrets --region %s", region);
	} else if (!strcmp(t, "aws_ssm_parameter")) {
		file = rb_xasprintf("ssm-describe-parameters.%s.json", region);
		cmd = rb_xasprintf("aws ssm describe-parameters --region %s", region);
	} else if (!strcmp(t, "aws_backup_plan")) {
		file = rb_xasprintf("backup-list-backup-plans.%s.json", region);
		cmd = rb_xasprintf("aws backup list-backup-plans --region %s", region);
	} else {
		return;
	}
	add(e, file, cmd, region, NULL, NULL);
done:
	free(file);
	free(cmd);
}

static int cmp_export(const void *a, const void *b)
{
	return strcmp(((const struct export *)a)->file, ((const struct export *)b)->file);
}

int cmd_export_script(int argc, char **argv)
{
	struct export_opts o = { RB_COMMON_OPTS_INIT };
	struct rb_cmd cmd;
	int ret;
	struct rb_diags d = RB_DIAGS_INIT;
	struct exports e = { 0 };
	struct rb_binder b;
	int status = RB_EXIT_BAD_INPUT;
	bool loaded = false;

	ret = rb_cmd_start(&cmd, "export-script", export_opts, RB_ARRAY_SIZE(export_opts),
			   cmd_export_script_help, &o, false, argc, argv);
	if (ret <= 0) {
		status = ret ? RB_EXIT_BAD_INPUT : RB_EXIT_OK;
		goto done;
	}
	if (cmd.args.nr) {
		fprintf(stderr, "runbinder export-script: error: unexpected argument '%s'\n",
			cmd.args.items[0]);
		goto done;
	}
	loaded = true;
	if (rb_binder_load(&b, o.common.dir, &(struct rb_load_opts){ &o.common.states, NULL }, &d) < 0 || d.errors) {
		rb_print_diags(&d);
		goto done;
	}
	for (size_t i = 0; i < b.runbooks_nr; i++) {
		struct rb_runbook *r = b.runbooks[i];

		for (size_t k = 0; k < r->bindings_nr; k++)
			if (r->bindings[k].resource != SIZE_MAX)
				export_for(&e, &b.infra, &b.infra.items[r->bindings[k].resource]);
	}
	if (e.nr)
		qsort(e.items, e.nr, sizeof(*e.items), cmp_export);
	printf("#!/usr/bin/env bash\n"
	       "# Refreshes the AWS CLI exports that the runbooks of this binder bind to,\n"
	       "# and their manifest. Usage: export.sh [FOLDER]  (default content/infra)\n"
	       "set -euo pipefail\n"
	       "out=${1:-content/infra}\n"
	       "mkdir -p \"$out\"\n");
	for (size_t i = 0; i < e.nr; i++) {
		if (e.items[i].services) {
			char *full = rb_xasprintf("%s %s", e.items[i].command, e.items[i].services);

			free(e.items[i].command);
			e.items[i].command = full;
		}
		printf("%s --output json > \"$out/%s\"\n", e.items[i].command, e.items[i].file);
	}
	printf("cat > \"$out/manifest.yaml\" <<'MANIFEST'\nexports:\n");
	for (size_t i = 0; i < e.nr; i++) {
		printf("  - file: %s\n    command: %s\n", e.items[i].file, e.items[i].command);
		if (e.items[i].region && strcmp(e.items[i].region, "global"))
			printf("    region: %s\n", e.items[i].region);
		if (e.items[i].zone)
			printf("    hosted_zone_id: %s\n", e.items[i].zone);
		if (e.items[i].bucket)
			printf("    bucket: %s\n", e.items[i].bucket);
	}
	printf("MANIFEST\n");
	status = RB_EXIT_OK;
done:
	for (size_t i = 0; i < e.nr; i++) {
		free(e.items[i].file);
		free(e.items[i].command);
		free(e.items[i].region);
		free(e.items[i].zone);
		free(e.items[i].bucket);
		free(e.items[i].services);
	}
	free(e.items);
	if (loaded)
		rb_binder_release(&b);
	rb_diags_release(&d);
	rb_cmd_release(&cmd);
	return status;
}
