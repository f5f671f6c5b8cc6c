/*
 * aws_types.c - the one table of AWS resource types (aws_types.h says
 * what a row holds and who reads it).
 *
 * A row is written with designated initialisers so that a field a type
 * does not need is left out rather than spelt as NULL. The order of the
 * rows is the order the AWS CLI loader tries top-level keys in when an
 * output has no manifest entry: keep it.
 */
#include <strings.h>

#include "aws_types.h"
#include "util.h"

const struct rb_aws_type rb_aws_types[] = {
	{ .type = "aws_db_instance",
	  .cli = { "rds describe-db-instances", "DBInstances", RB_SHAPE_LIST,
		   .name_path = "DBInstanceIdentifier", .scope = RB_SCOPE_REGION, .fields = {
		{ "identifier", "DBInstanceIdentifier", RB_X_COPY },
		{ "id", "DbiResourceId", RB_X_COPY },
		{ "arn", "DBInstanceArn", RB_X_COPY },
		{ "instance_class", "DBInstanceClass", RB_X_COPY },
		{ "engine", "Engine", RB_X_COPY },
		{ "engine_version", "EngineVersion", RB_X_COPY },
		{ "status", "DBInstanceStatus", RB_X_COPY },
		{ "availability_zone", "AvailabilityZone", RB_X_COPY },
		{ "multi_az", "MultiAZ", RB_X_COPY },
		{ "replicate_source_db", "ReadReplicaSourceDBInstanceIdentifier", RB_X_COPY },
		{ "kms_key_id", "KmsKeyId", RB_X_COPY },
		{ "storage_encrypted", "StorageEncrypted", RB_X_COPY },
		{ "backup_retention_period", "BackupRetentionPeriod", RB_X_COPY },
		{ "address", "Endpoint.Address", RB_X_COPY },
		{ "port", "Endpoint.Port", RB_X_COPY },
		{ "cluster_identifier", "DBClusterIdentifier", RB_X_COPY } } },
	  .match = { "identifier" },
	  .idents = {
		{ "rds", "--db-instance-identifier", "identifier", .created = true },
		/* a cross-region replica's source lives in the other region */
		{ "rds", "--source-db-instance-identifier", "identifier", .other_region = true } },
	  .relations = { { RB_REL_SOURCE, "replicate_source_db", NULL, "aws_db_instance",
			   "identifier", { "instance_class", "engine_version" },
			   .key_attr = "kms_key_id", .what = "the replica",
			   .mechanism = "cross-region read replica", .rpo = 60,
			   .promote_service = "rds", .promote_ops = { "promote-read-replica" },
			   .lag_metrics = { "ReplicaLag" } } },
	  .secrets = { "password" },
	  .data_store = true,
	  .kms_key = "kms_key_id",
	  /* a Multi-AZ failover moves it to the standby's zone */
	  .drift_ignore = { "status", "latest_restorable_time", "availability_zone" } },

	{ .type = "aws_rds_cluster",
	  .cli = { "rds describe-db-clusters", "DBClusters", RB_SHAPE_LIST,
		   .name_path = "DBClusterIdentifier", .scope = RB_SCOPE_REGION, .fields = {
		{ "cluster_identifier", "DBClusterIdentifier", RB_X_COPY },
		{ "id", "DBClusterIdentifier", RB_X_COPY },
		{ "arn", "DBClusterArn", RB_X_COPY },
		{ "engine", "Engine", RB_X_COPY },
		{ "engine_version", "EngineVersion", RB_X_COPY },
		{ "status", "Status", RB_X_COPY },
		{ "endpoint", "Endpoint", RB_X_COPY },
		{ "reader_endpoint", "ReaderEndpoint", RB_X_COPY },
		{ "kms_key_id", "KmsKeyId", RB_X_COPY },
		{ "storage_encrypted", "StorageEncrypted", RB_X_COPY },
		{ "backup_retention_period", "BackupRetentionPeriod", RB_X_COPY },
		{ "multi_az", "MultiAZ", RB_X_COPY } } },
	  .match = { "cluster_identifier" },
	  .relations = {
		{ RB_REL_GROUP, "global_cluster_identifier", NULL, "aws_rds_cluster",
		  "global_cluster_identifier", { "engine_version" },
		  .key_attr = "kms_key_id", .what = "the secondary cluster",
		  .mechanism = "Aurora global database", .rpo = 1,
		  .promote_service = "rds",
		  .promote_ops = { "failover-global-cluster", "switchover-global-cluster" },
		  .lag_metrics = { "AuroraGlobalDBReplicationLag", "AuroraGlobalDBRPOLag" } },
		{ RB_REL_SOURCE, "replication_source_identifier", NULL, "aws_rds_cluster",
		  "cluster_identifier", { "engine_version" },
		  .key_attr = "kms_key_id", .what = "the replica cluster",
		  .mechanism = "cross-region Aurora replica", .rpo = 60,
		  .promote_service = "rds", .promote_ops = { "promote-read-replica-db-cluster" },
		  .lag_metrics = { "AuroraBinlogReplicaLag" } } },
	  .idents = { { "rds", "--db-cluster-identifier", "cluster_identifier" } },
	  .secrets = { "master_password" },
	  .data_store = true,
	  .kms_key = "kms_key_id",
	  .drift_ignore = { "status" } },

	{ .type = "aws_db_snapshot",
	  .cli = { "rds describe-db-snapshots", "DBSnapshots", RB_SHAPE_LIST,
		   .name_path = "DBSnapshotIdentifier", .scope = RB_SCOPE_REGION, .fields = {
		{ "db_snapshot_identifier", "DBSnapshotIdentifier", RB_X_COPY },
		{ "id", "DBSnapshotIdentifier", RB_X_COPY },
		{ "arn", "DBSnapshotArn", RB_X_COPY },
		{ "db_instance_identifier", "DBInstanceIdentifier", RB_X_COPY },
		{ "snapshot_type", "SnapshotType", RB_X_COPY },
		{ "status", "Status", RB_X_COPY },
		{ "encrypted", "Encrypted", RB_X_COPY },
		{ "kms_key_id", "KmsKeyId", RB_X_COPY },
		{ "snapshot_create_time", "SnapshotCreateTime", RB_X_COPY },
		{ "availability_zone", "AvailabilityZone", RB_X_COPY },
		{ "engine_version", "EngineVersion", RB_X_COPY } } },
	  .match = { "db_snapshot_identifier" },
	  .relations = { { RB_REL_BACKUP_OF, "db_instance_identifier", NULL, "aws_db_instance",
			   "identifier" } },
	  /* automated snapshots are AWS's own */
	  .unmanaged_ok = true,
	  .drift_ignore = { "status" } },

	{ .type = "aws_ecs_cluster",
	  .cli = { "ecs describe-clusters", "clusters", RB_SHAPE_LIST,
		   .name_path = "clusterName", .scope = RB_SCOPE_NAMED,
		   .name_flag = "--clusters", .name_attr = "name", .fields = {
		{ "name", "clusterName", RB_X_COPY },
		{ "id", "clusterArn", RB_X_COPY },
		{ "arn", "clusterArn", RB_X_COPY },
		{ "status", "status", RB_X_COPY },
		{ "running_tasks_count", "runningTasksCount", RB_X_COPY } } },
	  .idents = {
		{ "ecs", "--cluster", "name" },
		{ "ecs", "--clusters", "name", .many = true } },
	  .drift_ignore = { "status", "running_tasks_count" } },

	{ .type = "aws_ecs_service",
	  /* service names repeat across clusters: the ARN's tail does not */
	  .cli = { "ecs describe-services", "services", RB_SHAPE_LIST,
		   .name_path = "serviceArn", .name_after = ":service/", .scope = RB_SCOPE_NAMED,
		   .name_flag = "--services", .name_attr = "name",
		   .group_flag = "--cluster", .group_attr = "cluster", .fields = {
		{ "name", "serviceName", RB_X_COPY },
		{ "id", "serviceArn", RB_X_COPY },
		{ "arn", "serviceArn", RB_X_COPY },
		{ "cluster", "clusterArn", RB_X_COPY },
		{ "desired_count", "desiredCount", RB_X_COPY },
		{ "running_count", "runningCount", RB_X_COPY },
		{ "task_definition", "taskDefinition", RB_X_COPY },
		{ "launch_type", "launchType", RB_X_COPY },
		{ "status", "status", RB_X_COPY } } },
	  .idents = {
		{ "ecs", "--service", "name", .scope_flag = "--cluster", .scope_attr = "cluster" },
		{ "ecs", "--services", "name", .many = true, .scope_flag = "--cluster",
		  .scope_attr = "cluster" } },
	  /* the DR stack runs the primary's services under the same names */
	  .relations = { { RB_REL_SAME_NAME, NULL, NULL, "aws_ecs_service", "name",
			   { "task_definition" } } },
	  .capacity = { "desired_count", { { "ecs", "update-service", "--desired-count" } } },
	  .drift_ignore = { "running_count", "status" } },

	{ .type = "aws_route53_zone",
	  .cli = { "route53 list-hosted-zones", "HostedZones", RB_SHAPE_LIST,
		   .name_path = "Id", .name_after = "/hostedzone/", .scope = RB_SCOPE_GLOBAL, .fields = {
		{ "zone_id", "Id", RB_X_TAIL },
		{ "id", "Id", RB_X_TAIL },
		{ "name", "Name", RB_X_NO_DOT },
		{ "private_zone", "Config.PrivateZone", RB_X_COPY } } },
	  .idents = { { "route53", "--hosted-zone-id", "zone_id" } } },

	{ .type = "aws_route53_record",
	  .cli = { "route53 list-resource-record-sets", "ResourceRecordSets", RB_SHAPE_LIST,
		   .extras = RB_EXTRAS_RECORD, .scope = RB_SCOPE_ZONE, .fields = {
		{ "name", "Name", RB_X_NO_DOT },
		{ "fqdn", "Name", RB_X_NO_DOT },
		{ "type", "Type", RB_X_COPY },
		{ "ttl", "TTL", RB_X_COPY },
		{ "set_identifier", "SetIdentifier", RB_X_COPY },
		{ "health_check_id", "HealthCheckId", RB_X_COPY } } },
	  .match = { "name", "type", "set_identifier" },
	  /* Route 53 creates these with every zone */
	  .auto_attr = "type", .auto_values = { "NS", "SOA" },
	  .failover = { "failover_routing_policy.0.type", "health_check_id",
			"aws_route53_health_check" } },

	{ .type = "aws_route53_health_check",
	  .cli = { "route53 list-health-checks", "HealthChecks", RB_SHAPE_LIST,
		   .name_path = "Id", .arn_prefix = "arn:aws:route53:::healthcheck/",
		   .scope = RB_SCOPE_GLOBAL, .fields = {
		{ "id", "Id", RB_X_COPY },
		{ "type", "HealthCheckConfig.Type", RB_X_COPY },
		{ "fqdn", "HealthCheckConfig.FullyQualifiedDomainName", RB_X_COPY },
		{ "ip_address", "HealthCheckConfig.IPAddress", RB_X_COPY },
		{ "port", "HealthCheckConfig.Port", RB_X_COPY },
		{ "resource_path", "HealthCheckConfig.ResourcePath", RB_X_COPY },
		{ "request_interval", "HealthCheckConfig.RequestInterval", RB_X_COPY },
		{ "failure_threshold", "HealthCheckConfig.FailureThreshold", RB_X_COPY },
		{ "inverted", "HealthCheckConfig.Inverted", RB_X_COPY },
		{ "disabled", "HealthCheckConfig.Disabled", RB_X_COPY } } },
	  .idents = { { "route53", "--health-check-id", "id" } } },

	{ .type = "aws_s3_bucket",
	  .idents = { { "s3api", "--bucket", "bucket" } },
	  .data_store = true,
	  .exports_with = { { "aws_s3_bucket_versioning", false },
			    /* a bucket replicates when a replication resource names it */
			    { "aws_s3_bucket_replication_configuration", true } } },

	{ .type = "aws_s3_bucket_replication_configuration",
	  .cli = { "s3api get-bucket-replication", "ReplicationConfiguration", RB_SHAPE_OBJECT,
		   .extras = RB_EXTRAS_REPLICATION, .scope = RB_SCOPE_BUCKET, .fields = {
		{ "role", "Role", RB_X_COPY } } },
	  .match = { "bucket" },
	  .exports_with = { { "aws_s3_bucket_versioning", false } },
	  .relations = { { RB_REL_REPLICATES, "bucket", NULL, "aws_s3_bucket", "bucket" },
			 { RB_REL_DESTINATION, "rule.*", "bucket", "aws_s3_bucket", "arn",
			   .copy_path = "destination.*", .enabled_attr = "status",
			   .key_attr = "encryption_configuration.0.replica_kms_key_id",
			   .what = "the replica bucket",
			   /* most objects within 15 minutes (Replication Time Control's promise) */
			   .mechanism = "S3 replication", .rpo = 900 } } },

	{ .type = "aws_s3_bucket_versioning",
	  .cli = { "s3api get-bucket-versioning", "Status", RB_SHAPE_ROOT,
		   .extras = RB_EXTRAS_VERSIONING, .scope = RB_SCOPE_BUCKET },
	  .match = { "bucket" } },

	{ .type = "aws_lb",
	  .cli = { "elbv2 describe-load-balancers", "LoadBalancers", RB_SHAPE_LIST,
		   .name_path = "LoadBalancerName", .scope = RB_SCOPE_REGION, .fields = {
		{ "name", "LoadBalancerName", RB_X_COPY },
		{ "id", "LoadBalancerArn", RB_X_COPY },
		{ "arn", "LoadBalancerArn", RB_X_COPY },
		{ "dns_name", "DNSName", RB_X_COPY },
		{ "zone_id", "CanonicalHostedZoneId", RB_X_COPY },
		{ "load_balancer_type", "Type", RB_X_COPY },
		{ "internal", "Scheme", RB_X_INTERNAL },
		{ "vpc_id", "VpcId", RB_X_COPY },
		{ "state", "State.Code", RB_X_COPY } } },
	  .idents = {
		{ "elbv2", "--load-balancer-arn", "arn" },
		{ "elbv2", "--names", "name", .many = true } },
	  .drift_ignore = { "state" } },

	{ .type = "aws_lb_target_group",
	  .cli = { "elbv2 describe-target-groups", "TargetGroups", RB_SHAPE_LIST,
		   .name_path = "TargetGroupName", .scope = RB_SCOPE_REGION, .fields = {
		{ "name", "TargetGroupName", RB_X_COPY },
		{ "id", "TargetGroupArn", RB_X_COPY },
		{ "arn", "TargetGroupArn", RB_X_COPY },
		{ "port", "Port", RB_X_COPY },
		{ "protocol", "Protocol", RB_X_COPY },
		{ "vpc_id", "VpcId", RB_X_COPY },
		{ "target_type", "TargetType", RB_X_COPY } } },
	  .idents = { { "elbv2", "--target-group-arn", "arn" } } },

	{ .type = "aws_elasticache_replication_group",
	  .cli = { "elasticache describe-replication-groups", "ReplicationGroups", RB_SHAPE_LIST,
		   .name_path = "ReplicationGroupId", .scope = RB_SCOPE_REGION, .fields = {
		{ "replication_group_id", "ReplicationGroupId", RB_X_COPY },
		{ "id", "ReplicationGroupId", RB_X_COPY },
		{ "arn", "ARN", RB_X_COPY },
		{ "description", "Description", RB_X_COPY },
		{ "status", "Status", RB_X_COPY },
		{ "node_type", "CacheNodeType", RB_X_COPY },
		{ "automatic_failover_enabled", "AutomaticFailover", RB_X_ENABLED },
		{ "multi_az_enabled", "MultiAZ", RB_X_ENABLED },
		{ "transit_encryption_enabled", "TransitEncryptionEnabled", RB_X_COPY },
		{ "at_rest_encryption_enabled", "AtRestEncryptionEnabled", RB_X_COPY },
		{ "global_replication_group_id", "GlobalReplicationGroupInfo.GlobalReplicationGroupId", RB_X_COPY },
		{ "global_replication_group_member_role", "GlobalReplicationGroupInfo.GlobalReplicationGroupMemberRole", RB_X_COPY } } },
	  .idents = {
		{ "elasticache", "--replication-group-id", "replication_group_id" },
		{ "elasticache", "--primary-replication-group-id", "replication_group_id" } },
	  /* a global datastore: its members in other regions are its copies */
	  .relations = { { RB_REL_GROUP, "global_replication_group_id", NULL,
			   "aws_elasticache_replication_group", "global_replication_group_id",
			   { "node_type" }, .mechanism = "ElastiCache global datastore", .rpo = 1,
			   .promote_service = "elasticache",
			   .promote_ops = { "failover-global-replication-group" },
			   .lag_metrics = { "GlobalDatastoreReplicationLag" } } },
	  .secrets = { "auth_token" },
	  .drift_ignore = { "status" },
	  .application_state = true,
	  .kms_key = "kms_key_id" },

	{ .type = "aws_kms_key",
	  .cli = { "kms describe-key", "KeyMetadata", RB_SHAPE_OBJECT,
		   .name_path = "KeyId", .scope = RB_SCOPE_NAMED,
		   .name_flag = "--key-id", .name_attr = "arn", .fields = {
		{ "key_id", "KeyId", RB_X_COPY },
		{ "id", "KeyId", RB_X_COPY },
		{ "arn", "Arn", RB_X_COPY },
		{ "description", "Description", RB_X_COPY },
		{ "key_state", "KeyState", RB_X_COPY },
		{ "is_enabled", "Enabled", RB_X_COPY },
		{ "multi_region", "MultiRegion", RB_X_COPY },
		{ "key_usage", "KeyUsage", RB_X_COPY } } },
	  .idents = { { "kms", "--key-id", "key_id" } },
	  .drift_ignore = { "key_state" } },

	{ .type = "aws_secretsmanager_secret",
	  .cli = { "secretsmanager list-secrets", "SecretList", RB_SHAPE_LIST,
		   .name_path = "Name", .scope = RB_SCOPE_REGION, .fields = {
		{ "name", "Name", RB_X_COPY },
		{ "id", "ARN", RB_X_COPY },
		{ "arn", "ARN", RB_X_COPY },
		{ "kms_key_id", "KmsKeyId", RB_X_COPY },
		{ "primary_region", "PrimaryRegion", RB_X_COPY },
		{ "description", "Description", RB_X_COPY } } },
	  .idents = { { "secretsmanager", "--secret-id", "name" } },
	  /* replicated by the service itself: readable in each replica's region */
	  .relations = { { RB_REL_REGIONS, "replica", "region" },
			 { RB_REL_SAME_NAME, NULL, NULL, "aws_secretsmanager_secret", "name" } },
	  .needed_in_dr = true,
	  .kms_key = "kms_key_id" },

	{ .type = "aws_secretsmanager_secret_version",
	  .secrets = { "secret_string", "secret_binary" } },

	{ .type = "aws_ssm_parameter",
	  .cli = { "ssm describe-parameters", "Parameters", RB_SHAPE_LIST,
		   .name_path = "Name", .scope = RB_SCOPE_REGION, .fields = {
		{ "name", "Name", RB_X_COPY },
		{ "id", "Name", RB_X_COPY },
		{ "arn", "ARN", RB_X_COPY },
		{ "type", "Type", RB_X_COPY },
		{ "tier", "Tier", RB_X_COPY },
		{ "version", "Version", RB_X_COPY },
		{ "key_id", "KeyId", RB_X_COPY } } },
	  .idents = { { "ssm", "--name", "name" } },
	  .relations = { { RB_REL_SAME_NAME, NULL, NULL, "aws_ssm_parameter", "name" } },
	  .needed_in_dr = true },

	{ .type = "aws_backup_plan",
	  .cli = { "backup list-backup-plans", "BackupPlansList", RB_SHAPE_LIST,
		   .name_path = "BackupPlanName", .scope = RB_SCOPE_REGION, .fields = {
		{ "name", "BackupPlanName", RB_X_COPY },
		{ "id", "BackupPlanId", RB_X_COPY },
		{ "arn", "BackupPlanArn", RB_X_COPY },
		{ "version", "VersionId", RB_X_COPY } } },
	  /* a copy action puts each recovery point in another vault */
	  .relations = { { RB_REL_DESTINATION, "rule.*", "destination_vault_arn",
			   "aws_backup_vault", "arn", .copy_path = "copy_action.*",
			   .schedule_attr = "schedule", .what = "the backup copy",
			   .mechanism = "AWS Backup copy" } } },

	{ .type = "aws_backup_vault",
	  .idents = { { "backup", "--backup-vault-name", "name" } },
	  .kms_key = "kms_key_arn" },

	/* the resources (ARNs) a backup plan (`plan_id`) covers */
	{ .type = "aws_backup_selection",
	  .relations = { { RB_REL_BACKUP_OF, "resources", NULL, NULL, "arn" },
			 { RB_REL_GROUP, "plan_id", NULL, "aws_backup_plan", "id" } } },

	/* automated backups of `source_db_instance_arn`, copied to this region */
	{ .type = "aws_db_instance_automated_backups_replication",
	  .relations = { { RB_REL_BACKUP_OF, "source_db_instance_arn", NULL, "aws_db_instance",
			   "arn", .key_attr = "kms_key_id", .what = "the backup copy",
			   /* snapshots and transaction logs, shipped every few minutes */
			   .mechanism = "automated backups replication", .rpo = 600 } } },

	{ .type = "aws_dynamodb_table",
	  .idents = { { "dynamodb", "--table-name", "name" } },
	  .relations = { { RB_REL_REGIONS, "replica", "region_name", .key_attr = "kms_key_arn",
			   .what = "the table replica", .region_key = "region_name",
			   /* global tables: typically within a second */
			   .mechanism = "DynamoDB global table", .rpo = 1 } },
	  .data_store = true,
	  .kms_key = "server_side_encryption.0.kms_key_arn" },

	{ .type = "aws_efs_file_system",
	  .idents = { { "efs", "--file-system-id", "id" } },
	  .data_store = true,
	  .kms_key = "kms_key_id" },

	{ .type = "aws_efs_replication_configuration",
	  .relations = { { RB_REL_REPLICATES, "source_file_system_id", NULL, "aws_efs_file_system", "id" },
			 { RB_REL_DESTINATION, "destination.*", "file_system_id",
			   "aws_efs_file_system", "id",
			   .key_attr = "kms_key_id", .what = "the file system replica",
			   .region_key = "region", .enabled_attr = "status",
			   /* AWS: an RPO of 15 minutes for most file systems */
			   .mechanism = "EFS replication", .rpo = 900 } } },

	/* an alias names a key; a copy's key may be given by its alias */
	{ .type = "aws_kms_alias",
	  .idents = { { "kms", "--alias-name", "name" } } },

	{ .type = "aws_autoscaling_group",
	  .idents = { { "autoscaling", "--auto-scaling-group-name", "name" } },
	  .capacity = { "desired_capacity", {
		{ "autoscaling", "update-auto-scaling-group", "--desired-capacity" },
		{ "autoscaling", "set-desired-capacity", "--desired-capacity" } } } },

	{ .type = "aws_rds_global_cluster",
	  .idents = { { "rds", "--global-cluster-identifier", "global_cluster_identifier" } } },

	{ .type = "aws_kms_ciphertext", .secrets = { "plaintext" } },
	{ .type = "aws_iam_access_key",
	  .secrets = { "secret", "encrypted_secret", "ses_smtp_password_v4" } },
};

const size_t rb_aws_types_nr = RB_ARRAY_SIZE(rb_aws_types);

/* Services whose resources have no region. */
static const char *const global_prefixes[] = {
	"aws_route53", "aws_cloudfront", "aws_iam_",
	/* a global database spans regions; its clusters have theirs */
	"aws_rds_global_cluster",
};

const struct rb_aws_type *rb_aws_type(const char *type)
{
	if (!type)
		return NULL;
	for (size_t i = 0; i < RB_ARRAY_SIZE(rb_aws_types); i++)
		if (!strcmp(rb_aws_types[i].type, type))
			return &rb_aws_types[i];
	return NULL;
}

const struct rb_aws_type *rb_aws_type_by_command(const char *command)
{
	for (size_t i = 0; command && i < RB_ARRAY_SIZE(rb_aws_types); i++)
		if (rb_aws_types[i].cli.command && !strcmp(rb_aws_types[i].cli.command, command))
			return &rb_aws_types[i];
	return NULL;
}

const struct rb_aws_relation *rb_aws_relation(const char *type,
					      enum rb_aws_rel_kind kind)
{
	const struct rb_aws_type *t = rb_aws_type(type);

	for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->relations); k++)
		if (t->relations[k].kind == kind)
			return &t->relations[k];
	return NULL;
}

bool rb_aws_type_global(const char *type)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(global_prefixes); i++)
		if (rb_starts_with(type, global_prefixes[i]))
			return true;
	return false;
}

const struct rb_aws_ident *rb_aws_ident_find(const char *service,
					     const char *flag,
					     const struct rb_aws_type **type,
					     size_t *slot)
{
	for (size_t i = 0; i < RB_ARRAY_SIZE(rb_aws_types); i++) {
		const struct rb_aws_type *t = &rb_aws_types[i];

		for (size_t k = 0; k < RB_ARRAY_SIZE(t->idents) && t->idents[k].flag; k++) {
			if (strcmp(t->idents[k].service, service) || strcmp(t->idents[k].flag, flag))
				continue;
			if (type)
				*type = t;
			if (slot)
				*slot = i * RB_ARRAY_SIZE(t->idents) + k;
			return &t->idents[k];
		}
	}
	return NULL;
}

bool rb_aws_drift_ignored(const char *type, const char *attr)
{
	const struct rb_aws_type *t = rb_aws_type(type);

	for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->drift_ignore) && t->drift_ignore[k]; k++) {
		size_t n = strlen(t->drift_ignore[k]);

		/* `rule` covers `rule.0.status` */
		if (!strncmp(attr, t->drift_ignore[k], n) && (attr[n] == '\0' || attr[n] == '.'))
			return true;
	}
	return false;
}

size_t rb_aws_redact(const char *type, json_t *attrs, json_t *redacted)
{
	const struct rb_aws_type *t = rb_aws_type(type);
	size_t n = 0;

	for (size_t k = 0; t && k < RB_ARRAY_SIZE(t->secrets) && t->secrets[k]; k++) {
		json_t *v = json_object_get(attrs, t->secrets[k]);

		if (!v || json_is_null(v) || v == redacted ||
		    (json_is_string(v) && !json_string_length(v)))
			continue;
		json_object_set(attrs, t->secrets[k], redacted);
		n++;
	}
	return n;
}

const char *const *rb_aws_type_names(void)
{
	static const char *names[RB_ARRAY_SIZE(rb_aws_types) + 1];

	if (!names[0])
		for (size_t i = 0; i < RB_ARRAY_SIZE(rb_aws_types); i++)
			names[i] = rb_aws_types[i].type;
	return names;
}

/* rb_aws_ident_find()'s slots: four flags per row. */
_Static_assert(RB_ARRAY_SIZE(rb_aws_types) * RB_ARRAY_SIZE(rb_aws_types[0].idents) <=
	       RB_AWS_IDENT_SLOTS, "raise RB_AWS_IDENT_SLOTS");
