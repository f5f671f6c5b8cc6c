#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "aws_types.h"
#include "util.h"

/* A type is found by its Terraform name and by its CLI command. */
static void lookups(void **state)
{
	const struct rb_aws_type *t;

	(void)state;
	t = rb_aws_type("aws_db_instance");
	assert_non_null(t);
	assert_string_equal(t->cli.command, "rds describe-db-instances");
	assert_ptr_equal(rb_aws_type_by_command("rds describe-db-instances"), t);
	assert_null(rb_aws_type("aws_db_instanse"));
	assert_null(rb_aws_type(NULL));
	assert_null(rb_aws_type_by_command("rds describe"));
	/* a type without a CLI output of its own */
	t = rb_aws_type("aws_s3_bucket");
	assert_non_null(t);
	assert_null(t->cli.command);
}

/* Every row: a unique type, a unique command, what its scope needs. */
static void rows_are_consistent(void **state)
{
	(void)state;
	for (size_t i = 0; i < rb_aws_types_nr; i++) {
		const struct rb_aws_type *t = &rb_aws_types[i];

		assert_ptr_equal(rb_aws_type(t->type), t);
		assert_true(rb_starts_with(t->type, "aws_"));
		if (t->cli.command) {
			assert_ptr_equal(rb_aws_type_by_command(t->cli.command), t);
			assert_non_null(t->cli.key);
			if (t->cli.scope == RB_SCOPE_NAMED) {
				assert_non_null(t->cli.name_flag);
				assert_non_null(t->cli.name_attr);
			}
		}
		/* a failover role comes with its health check */
		assert_true(!t->failover.role ||
			    (t->failover.health_check && rb_aws_type(t->failover.health_check_type)));
		for (size_t k = 0; k < RB_ARRAY_SIZE(t->exports_with) && t->exports_with[k].type; k++)
			assert_non_null(rb_aws_type(t->exports_with[k].type));
		for (size_t k = 0; k < RB_ARRAY_SIZE(t->relations); k++)
			if (t->relations[k].kind != RB_REL_NONE && t->relations[k].target_type)
				assert_true(rb_starts_with(t->relations[k].target_type, "aws_"));
	}
}

/* Identifier flags: by service and flag, each with its own slot. */
static void identifier_flags(void **state)
{
	const struct rb_aws_type *t = NULL;
	size_t a, b;
	const struct rb_aws_ident *f;

	(void)state;
	f = rb_aws_ident_find("rds", "--db-instance-identifier", &t, &a);
	assert_non_null(f);
	assert_string_equal(t->type, "aws_db_instance");
	assert_string_equal(f->attr, "identifier");
	assert_true(f->created);
	f = rb_aws_ident_find("rds", "--source-db-instance-identifier", &t, &b);
	assert_true(f->other_region);
	assert_int_not_equal(a, b);
	assert_true(a < RB_AWS_IDENT_SLOTS && b < RB_AWS_IDENT_SLOTS);
	f = rb_aws_ident_find("ecs", "--services", &t, &a);
	assert_true(f->many);
	assert_string_equal(f->scope_flag, "--cluster");
	/* --name is ssm's parameter, not another service's */
	assert_non_null(rb_aws_ident_find("ssm", "--name", NULL, NULL));
	assert_null(rb_aws_ident_find("ecs", "--name", NULL, NULL));
	assert_null(rb_aws_ident_find("rds", "--db-instance-identifer", NULL, NULL));
}

static void relations_and_drift(void **state)
{
	const struct rb_aws_relation *rel;

	(void)state;
	rel = rb_aws_relation("aws_db_instance", RB_REL_SOURCE);
	assert_non_null(rel);
	assert_string_equal(rel->attr, "replicate_source_db");
	/* the class is dr-capacity's (by strategy), not drift */
	assert_string_equal(rel->same[0], "engine_version");
	assert_null(rel->same[1]);
	assert_string_equal(rb_aws_type("aws_db_instance")->size.attr, "instance_class");
	assert_string_equal(rb_aws_type("aws_rds_cluster")->size.member_type, "aws_rds_cluster_instance");
	rel = rb_aws_relation("aws_secretsmanager_secret", RB_REL_REGIONS);
	assert_string_equal(rel->key, "region");
	assert_null(rb_aws_relation("aws_lb", RB_REL_SOURCE));
	assert_null(rb_aws_relation("aws_no_such_type", RB_REL_SOURCE));

	assert_true(rb_aws_drift_ignored("aws_db_instance", "status"));
	assert_true(rb_aws_drift_ignored("aws_db_instance", "latest_restorable_time"));
	assert_false(rb_aws_drift_ignored("aws_db_instance", "status_code"));
	assert_false(rb_aws_drift_ignored("aws_db_instance", "multi_az"));
	assert_false(rb_aws_drift_ignored("aws_no_such_type", "status"));

	assert_true(rb_aws_type_global("aws_route53_record"));
	assert_true(rb_aws_type_global("aws_iam_role"));
	assert_false(rb_aws_type_global("aws_db_instance"));
}

/* Type-specific secrets are replaced; absent, null and empty ones are not. */
static void type_secrets(void **state)
{
	json_t *red = json_string("(redacted)");
	json_t *attrs = json_pack("{s:s, s:s, s:n}", "plaintext", "hunter2", "key_id", "k",
				  "context", NULL);

	(void)state;
	assert_int_equal(rb_aws_redact("aws_kms_ciphertext", attrs, red), 1);
	assert_ptr_equal(json_object_get(attrs, "plaintext"), red);
	assert_string_equal(json_string_value(json_object_get(attrs, "key_id")), "k");
	assert_int_equal(rb_aws_redact("aws_kms_ciphertext", attrs, red), 0);
	assert_int_equal(rb_aws_redact("aws_lb", attrs, red), 0);
	json_decref(attrs);
	attrs = json_pack("{s:s}", "auth_token", "");
	assert_int_equal(rb_aws_redact("aws_elasticache_replication_group", attrs, red), 0);
	json_decref(attrs);
	json_decref(red);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(lookups),
		cmocka_unit_test(rows_are_consistent),
		cmocka_unit_test(identifier_flags),
		cmocka_unit_test(relations_and_drift),
		cmocka_unit_test(type_secrets),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
