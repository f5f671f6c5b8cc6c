#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "dr_copies.h"

static void backup_schedules_give_their_period(void **state)
{
	(void)state;
	assert_int_equal(rb_backup_schedule_period("cron(0 2 * * ? *)"), 86400);
	assert_int_equal(rb_backup_schedule_period("cron(0 */4 * * ? *)"), 4 * 3600);
	assert_int_equal(rb_backup_schedule_period("cron(0 0/6 * * ? *)"), 6 * 3600);
	assert_int_equal(rb_backup_schedule_period("cron(0 * * * ? *)"), 3600);
	assert_int_equal(rb_backup_schedule_period("cron(*/15 * * * ? *)"), 15 * 60);
	assert_int_equal(rb_backup_schedule_period("cron(0 5 ? * SUN *)"), 7 * 86400);
	assert_int_equal(rb_backup_schedule_period("cron(0 5 1 * ? *)"), 31 * 86400);
	assert_int_equal(rb_backup_schedule_period("rate(12 hours)"), 12 * 3600);
	assert_int_equal(rb_backup_schedule_period("rate(1 day)"), 86400);
	assert_int_equal(rb_backup_schedule_period("rate(30 minutes)"), 1800);
	/* what it cannot tell is no figure, not a guess */
	assert_int_equal(rb_backup_schedule_period("cron(0 5 ? * MON-FRI *)"), -1);
	assert_int_equal(rb_backup_schedule_period("cron(0 2,14 * * ? *)"), -1);
	assert_int_equal(rb_backup_schedule_period("every day"), -1);
	assert_int_equal(rb_backup_schedule_period(NULL), -1);
}

static const char keys_state[] =
	"{\"version\": 4, \"terraform_version\": \"1.9.0\", \"serial\": 1, \"lineage\": \"x\",\n"
	" \"resources\": [\n"
	"  {\"mode\": \"managed\", \"type\": \"aws_kms_key\", \"name\": \"dr\",\n"
	"   \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\n"
	"   \"instances\": [{\"schema_version\": 0, \"attributes\": {\n"
	"     \"id\": \"b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174\", \"key_id\": \"b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174\",\n"
	"     \"arn\": \"arn:aws:kms:eu-central-1:210987654321:key/b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174\"}}]},\n"
	"  {\"mode\": \"managed\", \"type\": \"aws_kms_alias\", \"name\": \"dr\",\n"
	"   \"provider\": \"provider[\\\"registry.terraform.io/hashicorp/aws\\\"].dr\",\n"
	"   \"instances\": [{\"schema_version\": 0, \"attributes\": {\n"
	"     \"id\": \"alias/orders-dr\", \"name\": \"alias/orders-dr\",\n"
	"     \"arn\": \"arn:aws:kms:eu-central-1:210987654321:alias/orders-dr\",\n"
	"     \"target_key_arn\": \"arn:aws:kms:eu-central-1:210987654321:key/b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174\"}}]}\n"
	" ]}\n";

static void keys_resolve_by_arn_id_and_alias(void **state)
{
	struct rb_infra inv;
	struct rb_diags d = RB_DIAGS_INIT;
	char *region;

	(void)state;
	rb_infra_init(&inv);
	assert_int_equal(rb_infra_load_buffer(&inv, "keys.tfstate", keys_state, sizeof(keys_state) - 1,
					      NULL, &d), 0);
	region = rb_kms_key_region(&inv, "arn:aws:kms:us-west-2:123456789012:key/9b2e7d41");
	assert_string_equal(region, "us-west-2");
	free(region);
	region = rb_kms_key_region(&inv, "b8f37e02-91c4-4d6a-8e2b-5a0d93c6f174");
	assert_string_equal(region, "eu-central-1");
	free(region);
	region = rb_kms_key_region(&inv, "alias/orders-dr");
	assert_string_equal(region, "eu-central-1");
	free(region);
	/* a key the exports do not know: no region, so no finding */
	assert_null(rb_kms_key_region(&inv, "alias/elsewhere"));
	assert_null(rb_kms_key_region(&inv, "0000-unknown"));
	assert_null(rb_kms_key_region(&inv, NULL));
	rb_diags_release(&d);
	rb_infra_release(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(backup_schedules_give_their_period),
		cmocka_unit_test(keys_resolve_by_arn_id_and_alias),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
