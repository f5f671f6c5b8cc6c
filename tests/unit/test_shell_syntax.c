#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <sys/stat.h>
#include <unistd.h>

#include "fsutil.h"
#include "shell_syntax.h"

static int syntax(const char *code, int *line)
{
	struct rb_buf msg = RB_BUF_INIT;
	int ret = rb_shell_syntax(code, line, &msg);

	rb_buf_release(&msg);
	return ret;
}

/* bash finds what does not parse, in and out of the check's function wrappers. */
static void bash_finds_errors(void **state)
{
	int line = 0;

	(void)state;
	if (system("command -v bash > /dev/null") != 0)
		skip();
	assert_int_equal(syntax("aws s3 ls\naws s3 ls s3://b \\\n  --recursive\n", &line), 0);
	assert_int_equal(syntax("fi\n", &line), 1);
	assert_int_equal(syntax("rb_block() {\n}\n", &line), 1);
	assert_int_equal(syntax("rb_block() {\naws x \\\n}\n", &line), 1);
	assert_int_equal(syntax("rb_block() {\n# a comment alone\n}\n", &line), 1);
	assert_int_equal(syntax("echo \"open\n", &line), 1);
	assert_int_equal(syntax("rb_b1() {\naws rds describe-db-instances\n}\nrb_b2() {\nls -la /tmp\n}\n",
				&line), 0);
}

/*
 * Plain simple commands are not asked of bash: with a bash on PATH that
 * refuses everything, they still parse, and anything else is refused.
 */
static void plain_commands_ask_no_bash(void **state)
{
	char tmpl[] = "/tmp/rb-shell-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *bash = rb_xasprintf("%s/bash", dir);
	char *path = rb_xstrdup(getenv("PATH") ? getenv("PATH") : "");
	static const char script[] = "#!/bin/sh\necho 'bash: -c: line 1: refused' >&2\nexit 2\n";
	int line = 0;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(rb_write_file(bash, script, sizeof(script) - 1, 0755), 0);
	setenv("PATH", dir, 1);
	assert_int_equal(syntax("aws ecs update-service --cluster c --service s \\\n"
				"  --desired-count 2 --region us-west-2\n", &line), 0);
	assert_int_equal(syntax("rb_block() {\n  # scale up\n  aws ecs wait services-stable\n}\n",
				&line), 0);
	assert_int_equal(syntax("echo \"$HOME\"\n", &line), 1);
	assert_int_equal(syntax("aws s3 ls | head\n", &line), 1);
	assert_int_equal(syntax("then\n", &line), 1);
	setenv("PATH", path, 1);
	assert_int_equal(rb_remove_tree(dir), 0);
	free(bash);
	free(path);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(bash_finds_errors),
		cmocka_unit_test(plain_commands_ask_no_bash),
	};

	return cmocka_run_group_tests_name("shell_syntax", tests, NULL, NULL);
}
