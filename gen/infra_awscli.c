/*
 * infra_awscli.c - AWS CLI JSON outputs, normalised to the Terraform type
 * each describes, with Terraform's attribute names for what matters to a
 * runbook (identifiers, ARNs, regions, counts, classes, versions, record
 * targets). The original object is kept under the attribute `cli`.
 *
 * Addresses are `awscli.<type>["<name>"]`. The kind of an output comes
 * from its manifest entry's command when there is one, else from its
 * top-level key. What the output itself does not say (the region, the
 * hosted zone of record sets, the bucket of a bucket setting) comes from
 * the manifest entry.
 */
#include <ctype.h>

#include "buf.h"
#include "infra.h"

enum xform {
	X_COPY,
	X_ENABLED,      /* "enabled" / "Enabled" -> true */
	X_INTERNAL,     /* Scheme "internal" -> true */
	X_NO_DOT,       /* "app.example.com." -> "app.example.com" */
	X_ZONE_ID,      /* "/hostedzone/Z123" -> "Z123" */
};

struct field {
	const char *tf;
	const char *cli;   /* dotted path in the CLI object */
	enum xform x;
};

struct kind {
	const char *command;   /* "rds describe-db-instances" */
	const char *key;       /* top-level key of the output */
	bool single;           /* the key holds one object, not a list */
	const char *type;
	const char *name_path; /* what names the resource in its address */
	const char *needs;     /* manifest key it cannot do without */
	struct field fields[18];
};

static const struct kind kinds[] = {
	{ "rds describe-db-instances", "DBInstances", false, "aws_db_instance",
	  "DBInstanceIdentifier", NULL, {
		{ "identifier", "DBInstanceIdentifier", X_COPY },
		{ "id", "DbiResourceId", X_COPY },
		{ "arn", "DBInstanceArn", X_COPY },
		{ "instance_class", "DBInstanceClass", X_COPY },
		{ "engine", "Engine", X_COPY },
		{ "engine_version", "EngineVersion", X_COPY },
		{ "status", "DBInstanceStatus", X_COPY },
		{ "availability_zone", "AvailabilityZone", X_COPY },
		{ "multi_az", "MultiAZ", X_COPY },
		{ "replicate_source_db", "ReadReplicaSourceDBInstanceIdentifier", X_COPY },
		{ "kms_key_id", "KmsKeyId", X_COPY },
		{ "storage_encrypted", "StorageEncrypted", X_COPY },
		{ "backup_retention_period", "BackupRetentionPeriod", X_COPY },
		{ "address", "Endpoint.Address", X_COPY },
		{ "port", "Endpoint.Port", X_COPY },
		{ "cluster_identifier", "DBClusterIdentifier", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "rds describe-db-clusters", "DBClusters", false, "aws_rds_cluster",
	  "DBClusterIdentifier", NULL, {
		{ "cluster_identifier", "DBClusterIdentifier", X_COPY },
		{ "id", "DBClusterIdentifier", X_COPY },
		{ "arn", "DBClusterArn", X_COPY },
		{ "engine", "Engine", X_COPY },
		{ "engine_version", "EngineVersion", X_COPY },
		{ "status", "Status", X_COPY },
		{ "endpoint", "Endpoint", X_COPY },
		{ "reader_endpoint", "ReaderEndpoint", X_COPY },
		{ "kms_key_id", "KmsKeyId", X_COPY },
		{ "storage_encrypted", "StorageEncrypted", X_COPY },
		{ "backup_retention_period", "BackupRetentionPeriod", X_COPY },
		{ "multi_az", "MultiAZ", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "rds describe-db-snapshots", "DBSnapshots", false, "aws_db_snapshot",
	  "DBSnapshotIdentifier", NULL, {
		{ "db_snapshot_identifier", "DBSnapshotIdentifier", X_COPY },
		{ "id", "DBSnapshotIdentifier", X_COPY },
		{ "arn", "DBSnapshotArn", X_COPY },
		{ "db_instance_identifier", "DBInstanceIdentifier", X_COPY },
		{ "snapshot_type", "SnapshotType", X_COPY },
		{ "status", "Status", X_COPY },
		{ "encrypted", "Encrypted", X_COPY },
		{ "kms_key_id", "KmsKeyId", X_COPY },
		{ "snapshot_create_time", "SnapshotCreateTime", X_COPY },
		{ "availability_zone", "AvailabilityZone", X_COPY },
		{ "engine_version", "EngineVersion", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "ecs describe-clusters", "clusters", false, "aws_ecs_cluster",
	  "clusterName", NULL, {
		{ "name", "clusterName", X_COPY },
		{ "id", "clusterArn", X_COPY },
		{ "arn", "clusterArn", X_COPY },
		{ "status", "status", X_COPY },
		{ "running_tasks_count", "runningTasksCount", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "ecs describe-services", "services", false, "aws_ecs_service",
	  "serviceArn", NULL, {
		{ "name", "serviceName", X_COPY },
		{ "id", "serviceArn", X_COPY },
		{ "arn", "serviceArn", X_COPY },
		{ "cluster", "clusterArn", X_COPY },
		{ "desired_count", "desiredCount", X_COPY },
		{ "running_count", "runningCount", X_COPY },
		{ "task_definition", "taskDefinition", X_COPY },
		{ "launch_type", "launchType", X_COPY },
		{ "status", "status", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "route53 list-hosted-zones", "HostedZones", false, "aws_route53_zone",
	  "Id", NULL, {
		{ "zone_id", "Id", X_ZONE_ID },
		{ "id", "Id", X_ZONE_ID },
		{ "name", "Name", X_NO_DOT },
		{ "private_zone", "Config.PrivateZone", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "route53 list-resource-record-sets", "ResourceRecordSets", false,
	  "aws_route53_record", NULL, "hosted_zone_id", {
		{ "name", "Name", X_NO_DOT },
		{ "fqdn", "Name", X_NO_DOT },
		{ "type", "Type", X_COPY },
		{ "ttl", "TTL", X_COPY },
		{ "set_identifier", "SetIdentifier", X_COPY },
		{ "health_check_id", "HealthCheckId", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "route53 list-health-checks", "HealthChecks", false,
	  "aws_route53_health_check", "Id", NULL, {
		{ "id", "Id", X_COPY },
		{ "type", "HealthCheckConfig.Type", X_COPY },
		{ "fqdn", "HealthCheckConfig.FullyQualifiedDomainName", X_COPY },
		{ "ip_address", "HealthCheckConfig.IPAddress", X_COPY },
		{ "port", "HealthCheckConfig.Port", X_COPY },
		{ "resource_path", "HealthCheckConfig.ResourcePath", X_COPY },
		{ "request_interval", "HealthCheckConfig.RequestInterval", X_COPY },
		{ "failure_threshold", "HealthCheckConfig.FailureThreshold", X_COPY },
		{ "inverted", "HealthCheckConfig.Inverted", X_COPY },
		{ "disabled", "HealthCheckConfig.Disabled", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "s3api get-bucket-replication", "ReplicationConfiguration", true,
	  "aws_s3_bucket_replication_configuration", NULL, "bucket", {
		{ "role", "Role", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "s3api get-bucket-versioning", "Status", true,
	  "aws_s3_bucket_versioning", NULL, "bucket", {
		{ NULL, NULL, X_COPY } } },
	{ "elbv2 describe-load-balancers", "LoadBalancers", false, "aws_lb",
	  "LoadBalancerName", NULL, {
		{ "name", "LoadBalancerName", X_COPY },
		{ "id", "LoadBalancerArn", X_COPY },
		{ "arn", "LoadBalancerArn", X_COPY },
		{ "dns_name", "DNSName", X_COPY },
		{ "zone_id", "CanonicalHostedZoneId", X_COPY },
		{ "load_balancer_type", "Type", X_COPY },
		{ "internal", "Scheme", X_INTERNAL },
		{ "vpc_id", "VpcId", X_COPY },
		{ "state", "State.Code", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "elbv2 describe-target-groups", "TargetGroups", false,
	  "aws_lb_target_group", "TargetGroupName", NULL, {
		{ "name", "TargetGroupName", X_COPY },
		{ "id", "TargetGroupArn", X_COPY },
		{ "arn", "TargetGroupArn", X_COPY },
		{ "port", "Port", X_COPY },
		{ "protocol", "Protocol", X_COPY },
		{ "vpc_id", "VpcId", X_COPY },
		{ "target_type", "TargetType", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "elasticache describe-replication-groups", "ReplicationGroups", false,
	  "aws_elasticache_replication_group", "ReplicationGroupId", NULL, {
		{ "replication_group_id", "ReplicationGroupId", X_COPY },
		{ "id", "ReplicationGroupId", X_COPY },
		{ "arn", "ARN", X_COPY },
		{ "description", "Description", X_COPY },
		{ "status", "Status", X_COPY },
		{ "node_type", "CacheNodeType", X_COPY },
		{ "automatic_failover_enabled", "AutomaticFailover", X_ENABLED },
		{ "multi_az_enabled", "MultiAZ", X_ENABLED },
		{ "transit_encryption_enabled", "TransitEncryptionEnabled", X_COPY },
		{ "at_rest_encryption_enabled", "AtRestEncryptionEnabled", X_COPY },
		{ "global_replication_group_id", "GlobalReplicationGroupInfo.GlobalReplicationGroupId", X_COPY },
		{ "global_replication_group_member_role", "GlobalReplicationGroupInfo.GlobalReplicationGroupMemberRole", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "kms describe-key", "KeyMetadata", true, "aws_kms_key", "KeyId", NULL, {
		{ "key_id", "KeyId", X_COPY },
		{ "id", "KeyId", X_COPY },
		{ "arn", "Arn", X_COPY },
		{ "description", "Description", X_COPY },
		{ "key_state", "KeyState", X_COPY },
		{ "is_enabled", "Enabled", X_COPY },
		{ "multi_region", "MultiRegion", X_COPY },
		{ "key_usage", "KeyUsage", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "secretsmanager list-secrets", "SecretList", false,
	  "aws_secretsmanager_secret", "Name", NULL, {
		{ "name", "Name", X_COPY },
		{ "id", "ARN", X_COPY },
		{ "arn", "ARN", X_COPY },
		{ "kms_key_id", "KmsKeyId", X_COPY },
		{ "primary_region", "PrimaryRegion", X_COPY },
		{ "description", "Description", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "ssm describe-parameters", "Parameters", false, "aws_ssm_parameter",
	  "Name", NULL, {
		{ "name", "Name", X_COPY },
		{ "id", "Name", X_COPY },
		{ "arn", "ARN", X_COPY },
		{ "type", "Type", X_COPY },
		{ "tier", "Tier", X_COPY },
		{ "version", "Version", X_COPY },
		{ "key_id", "KeyId", X_COPY },
		{ NULL, NULL, X_COPY } } },
	{ "backup list-backup-plans", "BackupPlansList", false, "aws_backup_plan",
	  "BackupPlanName", NULL, {
		{ "name", "BackupPlanName", X_COPY },
		{ "id", "BackupPlanId", X_COPY },
		{ "arn", "BackupPlanArn", X_COPY },
		{ "version", "VersionId", X_COPY },
		{ NULL, NULL, X_COPY } } },
};

static json_t *transform(json_t *v, enum xform x)
{
	const char *s = json_string_value(v);

	switch (x) {
	case X_ENABLED:
		return s ? json_boolean(!strcasecmp(s, "enabled") ||
					!strcasecmp(s, "enabling"))
			 : json_incref(v);
	case X_INTERNAL:
		return s ? json_boolean(!strcmp(s, "internal")) : json_incref(v);
	case X_NO_DOT:
		if (s && *s && s[strlen(s) - 1] == '.')
			return json_stringn(s, strlen(s) - 1);
		return json_incref(v);
	case X_ZONE_ID:
		if (s && strrchr(s, '/'))
			return json_string(strrchr(s, '/') + 1);
		return json_incref(v);
	default:
		return json_incref(v);
	}
}

/* Route 53 record targets in Terraform's shape: alias, failover, records. */
static void record_extras(json_t *attrs, json_t *obj, const char *zone)
{
	json_t *alias = json_object_get(obj, "AliasTarget");
	json_t *records = json_object_get(obj, "ResourceRecords");
	const char *failover = json_string_value(json_object_get(obj, "Failover"));

	json_object_set_new(attrs, "zone_id", json_string(zone));
	if (alias) {
		json_t *name = json_object_get(alias, "DNSName");
		json_t *a = json_object();

		json_object_set_new(a, "name", transform(name ? name : json_null(), X_NO_DOT));
		json_object_set(a, "zone_id", json_object_get(alias, "HostedZoneId"));
		json_object_set(a, "evaluate_target_health",
				json_object_get(alias, "EvaluateTargetHealth"));
		json_object_set_new(attrs, "alias", json_pack("[o]", a));
	}
	if (json_is_array(records)) {
		json_t *list = json_array();
		size_t i;
		json_t *r;

		json_array_foreach(records, i, r)
			json_array_append(list, json_object_get(r, "Value"));
		json_object_set_new(attrs, "records", list);
	}
	if (failover)
		json_object_set_new(attrs, "failover_routing_policy",
				    json_pack("[{s:s}]", "type", failover));
}

/* S3 replication rules in Terraform's shape. */
static void replication_extras(json_t *attrs, json_t *obj)
{
	json_t *rules = json_array();
	size_t i;
	json_t *r;

	json_array_foreach(json_object_get(obj, "Rules"), i, r) {
		json_t *dest = json_object_get(r, "Destination");
		json_t *rule = json_object(), *d = json_object();
		json_t *key = rb_json_path(dest, "EncryptionConfiguration.ReplicaKmsKeyID");
		json_t *dm = rb_json_path(r, "DeleteMarkerReplication.Status");

		json_object_set(rule, "id", json_object_get(r, "ID"));
		json_object_set(rule, "status", json_object_get(r, "Status"));
		json_object_set(rule, "priority", json_object_get(r, "Priority"));
		json_object_set(d, "bucket", json_object_get(dest, "Bucket"));
		json_object_set(d, "storage_class", json_object_get(dest, "StorageClass"));
		if (key)
			json_object_set_new(d, "encryption_configuration",
					    json_pack("[{s:O}]", "replica_kms_key_id", key));
		json_object_set_new(rule, "destination", json_pack("[o]", d));
		if (dm)
			json_object_set_new(rule, "delete_marker_replication",
					    json_pack("[{s:O}]", "status", dm));
		json_array_append_new(rules, rule);
	}
	json_object_set_new(attrs, "rule", rules);
}

static const struct kind *kind_of(json_t *root, json_t *entry)
{
	const char *cmd = json_string_value(json_object_get(entry, "command"));

	if (cmd) {
		/* "aws rds describe-db-instances --region x" names its kind */
		for (size_t i = 0; i < RB_ARRAY_SIZE(kinds); i++) {
			const char *hit = strstr(cmd, kinds[i].command);
			size_t n = strlen(kinds[i].command);

			if (hit && (hit[n] == '\0' || isspace((unsigned char)hit[n])))
				return &kinds[i];
		}
	}
	if (!json_is_object(root))
		return NULL;
	for (size_t i = 0; i < RB_ARRAY_SIZE(kinds); i++) {
		json_t *v = json_object_get(root, kinds[i].key);

		if (!v)
			continue;
		if (!strcmp(kinds[i].type, "aws_s3_bucket_versioning")) {
			/* many outputs have a Status: this one has nothing else */
			const char *st = json_string_value(v);
			size_t n = json_object_size(root);

			if (st && (!strcmp(st, "Enabled") || !strcmp(st, "Suspended")) &&
			    (n == 1 || (n == 2 && json_object_get(root, "MFADelete"))))
				return &kinds[i];
			continue;
		}
		if (kinds[i].single ? json_is_object(v) : json_is_array(v))
			return &kinds[i];
	}
	return NULL;
}

static void add_one(struct rb_infra *inv, const struct kind *k, json_t *obj,
		    const char *display, json_t *entry, const char *extra,
		    struct rb_diags *d)
{
	const char *region = json_string_value(json_object_get(entry, "region"));
	json_t *attrs = json_object();
	struct rb_buf name = RB_BUF_INIT;
	struct rb_resource *r;
	char *index, *address;
	json_t *qname;

	for (const struct field *f = k->fields; f->tf; f++) {
		json_t *v = rb_json_path(obj, f->cli);

		if (v && !json_is_null(v))
			json_object_set_new(attrs, f->tf, transform(v, f->x));
	}
	if (!strcmp(k->type, "aws_route53_record")) {
		record_extras(attrs, obj, extra);
		rb_buf_addf(&name, "%s_%s_%s", extra,
			    json_string_value(json_object_get(attrs, "name")) ?: "",
			    json_string_value(json_object_get(attrs, "type")) ?: "");
		if (json_object_get(attrs, "set_identifier"))
			rb_buf_addf(&name, "_%s", json_string_value(json_object_get(attrs, "set_identifier")));
		json_object_set_new(attrs, "id", json_string(name.ptr));
	} else if (!strcmp(k->type, "aws_s3_bucket_replication_configuration")) {
		replication_extras(attrs, obj);
		json_object_set_new(attrs, "bucket", json_string(extra));
		json_object_set_new(attrs, "id", json_string(extra));
		rb_buf_adds(&name, extra);
	} else if (!strcmp(k->type, "aws_s3_bucket_versioning")) {
		json_object_set_new(attrs, "bucket", json_string(extra));
		json_object_set_new(attrs, "id", json_string(extra));
		json_object_set_new(attrs, "versioning_configuration",
				    json_pack("[{s:O, s:O}]",
					      "status", json_object_get(obj, "Status") ?: json_null(),
					      "mfa_delete", json_object_get(obj, "MFADelete") ?: json_null()));
		rb_buf_adds(&name, extra);
	} else {
		json_t *n = rb_json_path(obj, k->name_path);

		if (json_is_string(n))
			rb_buf_adds(&name, json_string_value(n));
		/* ECS service names repeat across clusters: the ARN tail does not */
		if (!strcmp(k->type, "aws_ecs_service") && strstr(name.ptr, ":service/")) {
			char *tail = rb_xstrdup(strstr(name.ptr, ":service/") + 9);

			rb_buf_reset(&name);
			rb_buf_adds(&name, tail);
			free(tail);
		} else if (!strcmp(k->type, "aws_route53_zone") && strrchr(name.ptr, '/')) {
			char *tail = rb_xstrdup(strrchr(name.ptr, '/') + 1);

			rb_buf_reset(&name);
			rb_buf_adds(&name, tail);
			free(tail);
		}
	}
	if (!strcmp(k->type, "aws_route53_health_check") && json_object_get(attrs, "id"))
		json_object_set_new(attrs, "arn", json_sprintf("arn:aws:route53:::healthcheck/%s",
			json_string_value(json_object_get(attrs, "id"))));
	if (!name.len) {
		rb_error(d, (struct rb_loc){ display, 0, 0 },
			 "an entry of this %s output has no '%s'", k->command,
			 k->name_path ? k->name_path : "name");
		json_decref(attrs);
		rb_buf_release(&name);
		return;
	}
	json_object_set(attrs, "cli", obj);
	rb_redact_secret_keys(attrs);
	qname = json_string(name.ptr);
	index = json_dumps(qname, JSON_ENCODE_ANY);
	json_decref(qname);
	address = rb_xasprintf("awscli.%s[%s]", k->type, index);
	/* the same resource in two CLI outputs (or twice in one) is one resource */
	if (rb_infra_get_in(inv, inv->stack, address)) {
		json_decref(attrs);
		free(index);
		free(address);
		rb_buf_release(&name);
		return;
	}
	r = rb_infra_add(inv, address, k->type, name.ptr, "awscli", index, attrs,
			 RB_ORIGIN_AWSCLI, display, d);
	if (r)
		rb_resource_derive(r, region);
	free(index);
	free(address);
	rb_buf_release(&name);
}

int rb_infra_load_awscli(struct rb_infra *inv, const char *display,
			 json_t *root, json_t *entry, const char **kind_name,
			 struct rb_diags *d)
{
	const struct kind *k = kind_of(root, entry);
	const char *extra = NULL;
	json_t *list;
	size_t i;
	json_t *obj;

	if (!k)
		return 0;
	*kind_name = k->command;
	if (k->needs) {
		extra = json_string_value(json_object_get(entry, k->needs));
		if (!extra) {
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "a %s output does not say its %s: add '%s:' for this file in the folder's manifest.yaml",
				 k->command, !strcmp(k->needs, "bucket") ? "bucket" : "hosted zone",
				 k->needs);
			return -1;
		}
	}
	if (!strcmp(k->type, "aws_s3_bucket_versioning")) {
		add_one(inv, k, root, display, entry, extra, d);
		return 1;
	}
	list = json_object_get(root, k->key);
	if (k->single) {
		if (!json_is_object(list)) {
			rb_error(d, (struct rb_loc){ display, 0, 0 },
				 "'%s' of a %s output must be an object", k->key,
				 k->command);
			return -1;
		}
		add_one(inv, k, list, display, entry, extra, d);
		return 1;
	}
	if (!json_is_array(list)) {
		rb_error(d, (struct rb_loc){ display, 0, 0 },
			 "'%s' of a %s output must be a list", k->key, k->command);
		return -1;
	}
	json_array_foreach(list, i, obj) {
		if (json_is_object(obj))
			add_one(inv, k, obj, display, entry, extra, d);
	}
	return 1;
}
