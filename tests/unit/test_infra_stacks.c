#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "infra.h"

/* One state holding a managed resource and a data source. */
static const char state[] =
	"{\"version\": 4, \"resources\": ["
	" {\"mode\": \"managed\", \"type\": \"aws_sqs_queue\", \"name\": \"queue\","
	"  \"module\": \"module.sqs\", \"instances\": [{\"attributes\":"
	"  {\"id\": \"q\", \"name\": \"%s\"}}]},"
	" {\"mode\": \"data\", \"type\": \"aws_caller_identity\", \"name\": \"current\","
	"  \"instances\": [{\"attributes\": {\"id\": \"123\"}}]}]}";

static int load(struct rb_infra *inv, const char *stack, const char *display,
		const char *queue_name, struct rb_diags *d)
{
	char *json = rb_xasprintf(state, queue_name);
	int ret;

	rb_infra_set_stack(inv, stack);
	ret = rb_infra_load_buffer(inv, display, json, strlen(json), NULL, d);
	free(json);
	return ret;
}

static void qualified_addresses(void **unused)
{
	(void)unused;
	assert_int_equal(rb_address_stack_len("dr:aws_db_instance.main"), 2);
	assert_int_equal(rb_address_stack_len("dr-east_1:module.a.aws_x.y"), 9);
	assert_int_equal(rb_address_stack_len("aws_db_instance.main"), 0);
	/* a ':' inside an instance key does not qualify anything */
	assert_int_equal(rb_address_stack_len("aws_x.y[\"a:b\"]"), 0);
	assert_int_equal(rb_address_stack_len("awscli.aws_kms_key[\"arn:aws:kms:x\"]"), 0);
	assert_int_equal(rb_address_stack_len(":aws_x.y"), 0);
	assert_int_equal(rb_address_stack_len(""), 0);
	assert_true(rb_stack_name_valid("dr"));
	assert_true(rb_stack_name_valid("us-east_2"));
	assert_false(rb_stack_name_valid(""));
	assert_false(rb_stack_name_valid("dr east"));
	assert_false(rb_stack_name_valid("a.b"));
}

static void default_names(void **unused)
{
	static const char *const cases[][2] = {
		{ "infra/dr.tfstate", "dr" },
		{ "infra/primary/", "primary" },
		{ "content/infra", "infra" },
		{ "terraform.tfstate", "terraform" },
		{ "exports/prod.us-east-1.json", "prod-us-east-1" },
		{ "a b/state one.json", "state-one" },
		{ "", "default" },
		{ "/", "default" },
	};

	(void)unused;
	for (size_t i = 0; i < RB_ARRAY_SIZE(cases); i++) {
		char *name = rb_stack_default_name(cases[i][0]);

		assert_string_equal(name, cases[i][1]);
		assert_true(rb_stack_name_valid(name));
		free(name);
	}
}

static void two_stacks_share_addresses(void **unused)
{
	struct rb_infra inv;
	struct rb_diags d = RB_DIAGS_INIT;
	size_t found[4];
	const struct rb_resource *r;

	(void)unused;
	rb_infra_init(&inv);
	assert_int_equal(load(&inv, "primary", "p.tfstate", "orders", &d), 0);
	assert_int_equal(load(&inv, "dr", "dr.tfstate", "orders-dr", &d), 0);
	assert_int_equal(d.errors, 0);
	assert_int_equal(inv.nr, 4);
	assert_int_equal(inv.stacks_nr, 2);

	/* plain: both, in the order they were loaded */
	assert_int_equal(rb_infra_lookup(&inv, "module.sqs.aws_sqs_queue.queue", found, 4), 2);
	assert_string_equal(inv.items[found[0]].stack, "primary");
	assert_string_equal(inv.items[found[1]].stack, "dr");
	assert_null(rb_infra_get(&inv, "module.sqs.aws_sqs_queue.queue"));
	assert_string_equal(rb_resource_label(&inv.items[found[1]]),
			    "dr:module.sqs.aws_sqs_queue.queue");

	/* qualified: one */
	r = rb_infra_get(&inv, "dr:module.sqs.aws_sqs_queue.queue");
	assert_non_null(r);
	assert_string_equal(rb_resource_str(r, "name"), "orders-dr");
	assert_int_equal(rb_infra_lookup(&inv, "primary:data.aws_caller_identity.current", found, 4), 1);
	assert_string_equal(inv.items[found[0]].source, "p.tfstate");

	/* an unknown stack matches nothing; the closest names the real one */
	assert_int_equal(rb_infra_lookup(&inv, "dt:module.sqs.aws_sqs_queue.queue", found, 4), 0);
	assert_string_equal(rb_infra_closest(&inv, "dr:module.sqs.aws_sqs_queue.queu"),
			    "dr:module.sqs.aws_sqs_queue.queue");
	assert_string_equal(rb_infra_closest(&inv, "primary:module.sqs.aws_sqs_queue.queu"),
			    "primary:module.sqs.aws_sqs_queue.queue");

	rb_diags_release(&d);
	rb_infra_release(&inv);
}

static void one_stack_refuses_shared_managed_resources(void **unused)
{
	struct rb_infra inv;
	struct rb_diags d = RB_DIAGS_INIT;

	(void)unused;
	rb_infra_init(&inv);
	assert_int_equal(load(&inv, "main", "a.tfstate", "orders", &d), 0);
	assert_int_equal(load(&inv, "main", "b.tfstate", "orders", &d), -1);
	/* the queue is refused; the data source read twice is not */
	assert_int_equal(d.errors, 1);
	assert_string_equal(d.items[0].message,
			    "resource 'module.sqs.aws_sqs_queue.queue' is also in a.tfstate: each resource may come from one state only");
	assert_int_equal(inv.nr, 2);
	assert_int_equal(inv.stacks_nr, 1);
	/* one stack: addresses are not qualified */
	assert_string_equal(rb_resource_label(&inv.items[0]), "module.sqs.aws_sqs_queue.queue");
	assert_non_null(rb_infra_get(&inv, "data.aws_caller_identity.current"));
	assert_non_null(rb_infra_get(&inv, "main:data.aws_caller_identity.current"));
	rb_diags_release(&d);
	rb_infra_release(&inv);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(qualified_addresses),
		cmocka_unit_test(default_names),
		cmocka_unit_test(two_stacks_share_addresses),
		cmocka_unit_test(one_stack_refuses_shared_managed_resources),
	};

	return cmocka_run_group_tests_name("infra stacks", tests, NULL, NULL);
}
