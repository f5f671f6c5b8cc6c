#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <dirent.h>
#include <sys/stat.h>
#include <unistd.h>

#include "output.h"

static void safe_paths(void **state)
{
	(void)state;
	assert_true(rb_output_path_safe("index.html"));
	assert_true(rb_output_path_safe("runbooks/a.html"));
	assert_false(rb_output_path_safe("../x"));
	assert_false(rb_output_path_safe("a/../../x"));
	assert_false(rb_output_path_safe("/etc/passwd"));
	assert_false(rb_output_path_safe("a//b"));
	assert_false(rb_output_path_safe("./a"));
	assert_false(rb_output_path_safe("a/"));
	assert_false(rb_output_path_safe(""));
	assert_false(rb_output_path_safe("a\nb"));
}

static char *slurp(const char *path)
{
	char *data;
	size_t len;

	if (rb_read_file(path, 1 << 20, &data, &len) < 0)
		return NULL;
	return data;
}

/* Entries of `dir`, dot files included, "." and ".." not. */
static int count_entries(const char *dir)
{
	DIR *dh = opendir(dir);
	struct dirent *e;
	int n = 0;

	while (dh && (e = readdir(dh)))
		if (strcmp(e->d_name, ".") && strcmp(e->d_name, ".."))
			n++;
	if (dh)
		closedir(dh);
	return n;
}

static void swaps_in_and_aborts_cleanly(void **state)
{
	char tmpl[] = "/tmp/rb-output-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *out = rb_xasprintf("%s/out", dir);
	char *file = rb_xasprintf("%s/out/a/b.txt", dir);
	struct rb_output o;
	struct rb_strlist left = { 0 };
	char *s;

	(void)state;
	assert_non_null(dir);
	/* first build: out/ does not exist yet */
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_write(&o, "a/b.txt", "one", 3, 0644), 0);
	assert_int_equal(rb_output_write(&o, "../escape", "x", 1, 0644), -1);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	s = slurp(file);
	assert_string_equal(s, "one");
	free(s);
	/* a failed build leaves the previous binder */
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_write(&o, "a/b.txt", "two", 3, 0644), 0);
	rb_output_abort(&o);
	s = slurp(file);
	assert_string_equal(s, "one");
	free(s);
	/* one writer at a time: a second begin finds the lock held */
	{
		struct rb_output second;

		assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
		assert_int_equal(rb_output_begin(&second, out, 0, NULL), RB_OUTPUT_BUSY);
		assert_non_null(strstr(second.holder, "pid "));
		rb_output_abort(&second);
		rb_output_abort(&o);
	}
	/* a good build replaces it whole */
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_write(&o, "c.txt", "three", 5, 0644), 0);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(access(file, F_OK), -1);
	/* no staging directory is left beside out/ */
	assert_int_equal(count_entries(dir), 1);
	assert_int_equal(rb_list_files(dir, NULL, &left), 0);
	assert_int_equal(left.nr, 1);
	assert_string_equal(left.items[0], "out/c.txt");
	rb_strlist_release(&left);
	assert_int_equal(rb_remove_tree(dir), 0);
	free(out);
	free(file);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(safe_paths),
		cmocka_unit_test(swaps_in_and_aborts_cleanly),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
