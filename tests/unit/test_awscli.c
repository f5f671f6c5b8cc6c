#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "awscli.h"

static const struct rb_awscli_command *cmd(const char *service, const char *name)
{
	const struct rb_awscli_service *s = rb_awscli_service(service);

	assert_non_null(s);
	return rb_awscli_command(s, name);
}

/* Binary search needs every range in byte order, without duplicates. */
static void table_is_sorted(void **state)
{
	(void)state;
	assert_true(rb_awscli.services_nr >= 36);
	assert_true(rb_awscli.regions_nr > 30);
	assert_string_not_equal(rb_awscli.version, "unknown");
	for (size_t i = 1; i < rb_awscli.services_nr; i++)
		assert_true(strcmp(rb_awscli_str(rb_awscli.services[i - 1].name),
				   rb_awscli_str(rb_awscli.services[i].name)) < 0);
	for (size_t i = 1; i < rb_awscli.regions_nr; i++)
		assert_true(strcmp(rb_awscli_str(rb_awscli.regions[i - 1]),
				   rb_awscli_str(rb_awscli.regions[i])) < 0);
	for (size_t i = 1; i < rb_awscli.globals_nr; i++)
		assert_true(strcmp(rb_awscli_str(rb_awscli.globals[i - 1].name),
				   rb_awscli_str(rb_awscli.globals[i].name)) < 0);
	for (size_t i = 1; i < rb_awscli.others_nr; i++)
		assert_true(strcmp(rb_awscli_str(rb_awscli.others[i - 1]),
				   rb_awscli_str(rb_awscli.others[i])) < 0);
	for (size_t s = 0; s < rb_awscli.services_nr; s++) {
		const struct rb_awscli_service *sv = &rb_awscli.services[s];

		assert_true(sv->cmds + sv->cmds_nr <= rb_awscli.commands_nr);
		for (size_t c = sv->cmds; c < sv->cmds + sv->cmds_nr; c++) {
			const struct rb_awscli_command *cm = &rb_awscli.commands[c];

			if (c > sv->cmds)
				assert_true(strcmp(rb_awscli_str(cm[-1].name), rb_awscli_str(cm->name)) < 0);
			assert_true(cm->opts + cm->opts_nr <= rb_awscli.options_nr);
			for (size_t o = cm->opts + 1; o < cm->opts + cm->opts_nr; o++)
				assert_true(strcmp(rb_awscli_str(rb_awscli.options[o - 1].name),
						   rb_awscli_str(rb_awscli.options[o].name)) < 0);
		}
	}
}

static void services_commands_waiters(void **state)
{
	const struct rb_awscli_command *c;

	(void)state;
	assert_non_null(rb_awscli_service("rds"));
	assert_non_null(rb_awscli_service("s3"));
	assert_non_null(rb_awscli_service("s3api"));
	assert_null(rb_awscli_service("rdss"));
	assert_null(rb_awscli_service(""));
	/* a service the table does not describe is still known to the CLI */
	assert_null(rb_awscli_service("ecr"));
	assert_true(rb_awscli_service_known("ecr"));
	assert_true(rb_awscli_service_known("rds"));
	assert_false(rb_awscli_service_known("rsd"));

	c = cmd("rds", "promote-read-replica");
	assert_non_null(c);
	assert_int_equal(c->flags & RB_AWSCLI_KIND_MASK, 0);
	assert_null(cmd("rds", "promote-read-replica-db-instance"));
	c = cmd("rds", "wait db-instance-available");
	assert_non_null(c);
	assert_int_equal(c->flags & RB_AWSCLI_KIND_MASK, 1);
	assert_true(c->flags & RB_AWSCLI_PAGINATED);
	assert_null(cmd("rds", "wait instance-available"));
	c = cmd("s3", "sync");
	assert_non_null(c);
	assert_int_equal(c->flags & RB_AWSCLI_KIND_MASK, 2);
	assert_true(c->flags & RB_AWSCLI_NO_INPUT);
	/* the first and the last of a range */
	assert_non_null(cmd("s3", "cp"));
	assert_non_null(cmd("s3", "website"));
}

static void expect(const struct rb_awscli_command *c, const char *word,
		   enum rb_awscli_match want, const char *want_full)
{
	const char *full, *other;

	assert_int_equal(rb_awscli_option(c, word, &full, &other), want);
	if (want_full)
		assert_string_equal(full, want_full);
}

static void options_as_the_cli_reads_them(void **state)
{
	const struct rb_awscli_command *promote = cmd("rds", "promote-read-replica");
	const struct rb_awscli_command *describe = cmd("ec2", "describe-instances");
	const struct rb_awscli_command *dbs = cmd("rds", "describe-db-instances");
	const struct rb_awscli_command *sync = cmd("s3", "sync");
	const struct rb_awscli_command *modify = cmd("rds", "modify-db-instance");
	const char *full, *other;

	(void)state;
	expect(promote, "--db-instance-identifier", RB_AWSCLI_EXACT, "--db-instance-identifier");
	expect(promote, "--db-instance-identifer", RB_AWSCLI_UNKNOWN, NULL);
	/* an unambiguous prefix is the option */
	expect(promote, "--db-instance-id", RB_AWSCLI_PREFIX, "--db-instance-identifier");
	expect(describe, "--filter", RB_AWSCLI_PREFIX, "--filters");
	/* ... and a prefix of several is not */
	assert_int_equal(rb_awscli_option(modify, "--db", &full, &other), RB_AWSCLI_AMBIGUOUS);
	assert_non_null(full);
	assert_non_null(other);
	assert_string_not_equal(full, other);
	/* global options, exact or by prefix; globals win a shared prefix */
	expect(promote, "--region", RB_AWSCLI_EXACT, "--region");
	expect(promote, "--reg", RB_AWSCLI_PREFIX, "--region");
	expect(NULL, "--output", RB_AWSCLI_EXACT, "--output");
	expect(NULL, "--db-instance-identifier", RB_AWSCLI_UNKNOWN, NULL);
	/* booleans and their --no- form */
	expect(modify, "--apply-immediately", RB_AWSCLI_EXACT, NULL);
	expect(modify, "--no-apply-immediately", RB_AWSCLI_EXACT, NULL);
	/* paginator options only on paginated commands */
	expect(dbs, "--max-items", RB_AWSCLI_EXACT, "--max-items");
	expect(dbs, "--starting-token", RB_AWSCLI_EXACT, NULL);
	expect(promote, "--max-items", RB_AWSCLI_UNKNOWN, NULL);
	/* --cli-input-json on an operation, not on aws s3 */
	expect(promote, "--cli-input-json", RB_AWSCLI_EXACT, NULL);
	expect(promote, "--generate-cli-skeleton", RB_AWSCLI_EXACT, NULL);
	expect(sync, "--cli-input-json", RB_AWSCLI_UNKNOWN, NULL);
	expect(sync, "--delete", RB_AWSCLI_EXACT, NULL);
	expect(sync, "--recursive", RB_AWSCLI_UNKNOWN, NULL);
	/* not an option at all */
	expect(promote, "-", RB_AWSCLI_UNKNOWN, NULL);
	expect(promote, "--", RB_AWSCLI_UNKNOWN, NULL);
	expect(promote, "db-instance-identifier", RB_AWSCLI_UNKNOWN, NULL);
}

static void required_options_and_regions(void **state)
{
	const struct rb_awscli_command *promote = cmd("rds", "promote-read-replica");
	size_t required = 0, n;
	const char **names;

	(void)state;
	for (size_t i = 0; i < promote->opts_nr; i++)
		if (rb_awscli.options[promote->opts + i].flags & RB_AWSCLI_REQUIRED) {
			required++;
			assert_string_equal(rb_awscli_str(rb_awscli.options[promote->opts + i].name),
					    "--db-instance-identifier");
		}
	assert_int_equal(required, 1);
	assert_true(rb_awscli_region("us-east-1"));
	assert_true(rb_awscli_region("eu-central-2"));
	assert_false(rb_awscli_region("us-wset-2"));
	assert_false(rb_awscli_region(""));

	names = rb_awscli_command_names(rb_awscli_service("rds"), true, &n);
	assert_true(n > 5);
	for (size_t i = 0; i < n; i++)
		assert_false(rb_starts_with(names[i], "wait "));
	free(names);
	names = rb_awscli_option_names(promote, &n);
	assert_true(n > promote->opts_nr);
	free(names);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(table_is_sorted),
		cmocka_unit_test(services_commands_waiters),
		cmocka_unit_test(options_as_the_cli_reads_them),
		cmocka_unit_test(required_options_and_regions),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
