#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "buf.h"
#include "service_roles.h"

/* One line per role: kind side region label <- counterpart | mechanism | key region. */
static char *roles_text(const struct rb_binder *b, const char *service)
{
	struct rb_buf out = RB_BUF_INIT;
	struct rb_role roles[32];
	const struct rb_service *s = NULL;
	size_t n;

	for (size_t i = 0; i < b->plan.services_nr; i++)
		if (!strcmp(b->plan.services[i].id, service))
			s = &b->plan.services[i];
	assert_non_null(s);
	n = rb_service_roles(b, s, roles, 32);
	assert_true(n <= 32);
	for (size_t i = 0; i < n; i++) {
		const struct rb_role *r = &roles[i];

		rb_buf_addf(&out, "%s %s %s %s", rb_role_kind_name(r->kind), r->side,
			    r->region ? r->region : "-", r->r ? rb_resource_label(r->r) : r->what);
		if (r->counterpart)
			rb_buf_addf(&out, " <> %s", rb_resource_label(r->counterpart));
		if (r->mechanism)
			rb_buf_addf(&out, " | %s", r->mechanism);
		if (r->by)
			rb_buf_addf(&out, " by %s", rb_resource_label(r->by));
		if (r->key_region)
			rb_buf_addf(&out, " | key %s", r->key_region);
		if (r->rpo >= 0)
			rb_buf_addf(&out, " | rpo %ld", r->rpo);
		rb_buf_adds(&out, "\n");
	}
	return rb_buf_detach(&out, NULL);
}

static void load(struct rb_binder *b, const char *root)
{
	struct rb_diags d = RB_DIAGS_INIT;

	memset(b, 0, sizeof(*b));
	assert_int_equal(rb_binder_load(b, root, &(struct rb_load_opts){ 0 }, &d), 0);
	rb_diags_release(&d);
}

static void expect(const struct rb_binder *b, const char *service, const char *want)
{
	char *got = roles_text(b, service);

	assert_string_equal(got, want);
	free(got);
}

static void example_roles(void **state)
{
	struct rb_binder b;

	(void)state;
	load(&b, ".");
	expect(&b, "db",
		"data primary us-east-1 aws_db_instance.primary <> aws_db_instance.dr_replica | cross-region read replica | key us-east-1 | rpo 60\n"
		"copy dr us-west-2 aws_db_instance.dr_replica <> aws_db_instance.primary | cross-region read replica | key us-west-2 | rpo 60\n"
		"copy dr us-west-2 aws_db_instance_automated_backups_replication.dr <> aws_db_instance.primary | automated backups replication | key us-west-2 | rpo 600\n"
		"key primary us-east-1 aws_kms_key.primary\n"
		"key dr us-west-2 aws_kms_key.dr\n");
	expect(&b, "auth",
		"data primary us-east-1 aws_elasticache_replication_group.sessions <> aws_elasticache_replication_group.sessions_dr | ElastiCache global datastore | rpo 1\n"
		"copy dr us-west-2 aws_elasticache_replication_group.sessions_dr <> aws_elasticache_replication_group.sessions | ElastiCache global datastore | rpo 1\n"
		"compute primary us-east-1 aws_ecs_service.auth <> module.dr.aws_ecs_service.backend[\"auth\"]\n"
		"compute dr us-west-2 module.dr.aws_ecs_service.backend[\"auth\"] <> aws_ecs_service.auth\n");
	expect(&b, "api",
		"compute primary us-east-1 aws_ecs_service.api <> module.dr.aws_ecs_service.backend[\"api\"]\n"
		"compute dr us-west-2 module.dr.aws_ecs_service.backend[\"api\"] <> aws_ecs_service.api\n"
		"dns primary - aws_route53_record.app_primary <> aws_route53_record.app_secondary | Route 53 failover\n"
		"dns dr - aws_route53_record.app_secondary <> aws_route53_record.app_primary | Route 53 failover\n"
		"health check global - aws_route53_health_check.app_primary <> aws_route53_record.app_primary\n");
	expect(&b, "uploads",
		"data primary us-east-1 aws_s3_bucket.uploads <> aws_s3_bucket.uploads_dr | S3 replication | rpo 900\n"
		"copy dr us-west-2 aws_s3_bucket.uploads_dr <> aws_s3_bucket.uploads | S3 replication by aws_s3_bucket_replication_configuration.uploads | key us-west-2 | rpo 900\n"
		"key dr us-west-2 aws_kms_key.dr\n");
	rb_binder_release(&b);
}

static void orders_roles(void **state)
{
	struct rb_binder b;

	(void)state;
	load(&b, "tests/examples/orders");
	expect(&b, "orders-db",
		"data primary eu-west-1 aws_rds_cluster.primary <> aws_rds_cluster.dr | Aurora global database | key eu-west-1 | rpo 1\n"
		"copy dr eu-central-1 aws_rds_cluster.dr <> aws_rds_cluster.primary | Aurora global database | key eu-central-1 | rpo 1\n"
		"copy dr eu-central-1 aws_backup_vault.dr <> aws_rds_cluster.primary | AWS Backup copy by aws_backup_plan.orders | key eu-central-1 | rpo 86400\n"
		"key primary eu-west-1 aws_kms_key.primary\n"
		"key dr eu-central-1 aws_kms_key.dr\n"
		"other global - aws_rds_global_cluster.orders\n");
	expect(&b, "orders-api",
		"compute primary eu-west-1 aws_autoscaling_group.orders_api <> aws_autoscaling_group.orders_api_dr\n"
		"compute dr eu-central-1 aws_autoscaling_group.orders_api_dr <> aws_autoscaling_group.orders_api\n"
		"dns primary - aws_route53_record.orders_primary <> aws_route53_record.orders_secondary | Route 53 failover\n"
		"dns dr - aws_route53_record.orders_secondary <> aws_route53_record.orders_primary | Route 53 failover\n"
		"health check global - aws_route53_health_check.orders_primary <> aws_route53_record.orders_primary\n");
	expect(&b, "carts",
		"data primary eu-west-1 aws_dynamodb_table.carts | DynamoDB global table | key eu-west-1 | rpo 1\n"
		"copy dr eu-central-1 the table replica <> aws_dynamodb_table.carts | DynamoDB global table | key eu-central-1 | rpo 1\n"
		"copy dr eu-central-1 aws_backup_vault.dr <> aws_dynamodb_table.carts | AWS Backup copy by aws_backup_plan.orders | key eu-central-1 | rpo 86400\n"
		"key primary eu-west-1 aws_kms_key.primary\n"
		"key dr eu-central-1 aws_kms_key.dr\n");
	expect(&b, "documents",
		"data primary eu-west-1 aws_efs_file_system.documents | EFS replication | key eu-west-1 | rpo 900\n"
		"copy dr eu-central-1 the file system replica <> aws_efs_file_system.documents | EFS replication by aws_efs_replication_configuration.documents | key eu-central-1 | rpo 900\n"
		"copy dr eu-central-1 aws_backup_vault.dr <> aws_efs_file_system.documents | AWS Backup copy by aws_backup_plan.orders | key eu-central-1 | rpo 86400\n"
		"data primary eu-west-1 aws_s3_bucket.invoices <> aws_s3_bucket.invoices_dr | S3 replication | rpo 900\n"
		"copy dr eu-central-1 aws_s3_bucket.invoices_dr <> aws_s3_bucket.invoices | S3 replication by aws_s3_bucket_replication_configuration.invoices | key eu-central-1 | rpo 900\n"
		"key primary eu-west-1 aws_kms_key.primary\n"
		"key dr eu-central-1 aws_kms_key.dr\n");
	rb_binder_release(&b);
}

/* The DR service of the same name, not the first of its type. */
static void counterpart_by_name(void **state)
{
	struct rb_binder b;
	struct rb_service s = { .id = "x", .name = "X" };
	const struct rb_resource *dr_api, *p;

	(void)state;
	load(&b, ".");
	s.infra = json_pack("[s, s, s, s]", "aws_ecs_service.auth", "aws_ecs_service.api",
			    "module.dr.aws_ecs_service.backend[\"auth\"]",
			    "module.dr.aws_ecs_service.backend[\"api\"]");
	dr_api = rb_infra_get(&b.infra, "module.dr.aws_ecs_service.backend[\"api\"]");
	assert_non_null(dr_api);
	p = rb_service_counterpart(&b.infra, &s, dr_api, "us-east-1");
	assert_non_null(p);
	assert_string_equal(p->address, "aws_ecs_service.api");
	/* none in a region the service has nothing in */
	assert_null(rb_service_counterpart(&b.infra, &s, dr_api, "eu-west-1"));
	assert_null(rb_service_counterpart(&b.infra, &s, dr_api, NULL));
	/* without a DR region, a store's copy is still its DR side */
	b.config.dr_region = NULL;
	{
		struct rb_role roles[8];
		struct rb_service db = { .id = "db", .name = "db" };

		db.infra = json_pack("[s]", "aws_db_instance.primary");
		assert_int_equal(rb_service_roles(&b, &db, roles, 8), 5);
		assert_int_equal(roles[0].kind, RB_ROLE_DATA);
		assert_string_equal(roles[0].side, "primary");
		assert_int_equal(roles[1].kind, RB_ROLE_COPY);
		assert_string_equal(roles[1].side, "dr");
		/* `max` bounds what is written, not what is counted */
		assert_int_equal(rb_service_roles(&b, &db, roles, 1), 5);
		json_decref(db.infra);
	}
	json_decref(s.infra);
	rb_binder_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(example_roles),
		cmocka_unit_test(orders_roles),
		cmocka_unit_test(counterpart_by_name),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
