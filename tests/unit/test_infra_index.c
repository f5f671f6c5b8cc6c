#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "infra_index.h"

static void add(struct rb_infra *inv, const char *address, const char *type,
		const char *name_attr)
{
	struct rb_diags d = RB_DIAGS_INIT;
	json_t *attrs = name_attr ? json_pack("{s:s}", "name", name_attr) : json_object();

	assert_non_null(rb_infra_add(inv, address, type, "x", "", NULL, attrs,
				     RB_ORIGIN_TFSTATE, "state", &d));
	rb_diags_release(&d);
}

/* Same values chain in inventory order; other types and missing values stay out. */
static void chains_in_inventory_order(void **state)
{
	struct rb_infra inv;
	struct rb_infra_index ix;
	size_t i;

	(void)state;
	rb_infra_init(&inv);
	add(&inv, "aws_ecs_service.a", "aws_ecs_service", "api");
	add(&inv, "aws_ssm_parameter.a", "aws_ssm_parameter", "api");
	add(&inv, "aws_ecs_service.b", "aws_ecs_service", "auth");
	add(&inv, "aws_ecs_service.c", "aws_ecs_service", "api");
	add(&inv, "aws_ecs_service.d", "aws_ecs_service", NULL);
	rb_infra_index_build(&ix, &inv, "aws_ecs_service", "name");

	i = rb_infra_index_first(&ix, "api");
	assert_int_equal(i, 0);
	i = rb_infra_index_next(&ix, i);
	assert_int_equal(i, 3);
	assert_int_equal(rb_infra_index_next(&ix, i), SIZE_MAX);
	assert_int_equal(rb_infra_index_first(&ix, "auth"), 2);
	assert_int_equal(rb_infra_index_first(&ix, "web"), SIZE_MAX);
	assert_int_equal(rb_infra_index_first(&ix, NULL), SIZE_MAX);

	assert_int_equal(ix.values_nr, 3);
	assert_string_equal(ix.values[0], "api");
	assert_string_equal(ix.values[1], "auth");
	assert_string_equal(ix.values[2], "api");

	rb_infra_index_release(&ix);
	rb_infra_release(&inv);
}

static void empty_inventory(void **state)
{
	struct rb_infra inv;
	struct rb_infra_index ix;

	(void)state;
	rb_infra_init(&inv);
	rb_infra_index_build(&ix, &inv, "aws_db_instance", "identifier");
	assert_int_equal(rb_infra_index_first(&ix, "db"), SIZE_MAX);
	assert_int_equal(ix.values_nr, 0);
	rb_infra_index_release(&ix);
	rb_infra_release(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(chains_in_inventory_order),
		cmocka_unit_test(empty_inventory),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
