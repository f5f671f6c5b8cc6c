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

/* A file the previous binder holds with the same mark is taken over, else not. */
static void reuses_a_marked_file(void **state)
{
	char tmpl[] = "/tmp/rb-output-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *out = rb_xasprintf("%s/out", dir);
	char *kept = rb_xasprintf("%s/out/pdf/a.pdf", dir);
	struct rb_output o;
	struct stat before, after;
	char *s;

	(void)state;
	assert_non_null(dir);
	/* no previous binder: nothing to take over */
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_reuse(&o, "pdf/a.pdf", "key:1"), 0);
	assert_int_equal(rb_output_write(&o, "pdf/a.pdf", "%PDF key:1 body", 15, 0644), 0);
	assert_int_equal(rb_output_write(&o, "pdf/b.pdf", "%PDF key:2 body", 15, 0644), 0);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(stat(kept, &before), 0);
	/* the same mark: the same file, linked; another mark or a path outside: not */
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_reuse(&o, "pdf/a.pdf", "key:1"), 1);
	assert_int_equal(rb_output_reuse(&o, "pdf/b.pdf", "key:3"), 0);
	assert_int_equal(rb_output_reuse(&o, "../out/pdf/a.pdf", "key:1"), 0);
	assert_int_equal(o.files.nr, 1);
	assert_string_equal(o.files.items[0], "pdf/a.pdf");
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(stat(kept, &after), 0);
	assert_true(before.st_ino == after.st_ino);
	s = slurp(kept);
	assert_string_equal(s, "%PDF key:1 body");
	free(s);
	assert_int_equal(access(out, F_OK), 0);
	assert_int_equal(rb_remove_tree(dir), 0);
	free(out);
	free(kept);
}

/*
 * A file of the same bytes and mode as the previous binder's is linked; one
 * that differs only past the first piece read, or in its mode, is written.
 */
static void links_only_the_same_bytes(void **state)
{
	char tmpl[] = "/tmp/rb-output-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *out = rb_xasprintf("%s/out", dir);
	char *same = rb_xasprintf("%s/out/same.txt", dir);
	char *late = rb_xasprintf("%s/out/late.txt", dir);
	char *mode = rb_xasprintf("%s/out/mode.sh", dir);
	size_t len = RB_OUTPUT_CMP_SIZE * 2 + 17;
	char *big = rb_xmalloc(len);
	struct stat s1[3], s2[3];
	struct rb_output o;

	(void)state;
	assert_non_null(dir);
	for (size_t i = 0; i < len; i++)
		big[i] = (char)('a' + i % 26);
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_write(&o, "same.txt", big, len, 0644), 0);
	assert_int_equal(rb_output_write(&o, "late.txt", big, len, 0644), 0);
	assert_int_equal(rb_output_write(&o, "mode.sh", "x", 1, 0755), 0);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(stat(same, &s1[0]) | stat(late, &s1[1]) | stat(mode, &s1[2]), 0);
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_int_equal(rb_output_write(&o, "same.txt", big, len, 0644), 0);
	big[len - 2] = '!';
	assert_int_equal(rb_output_write(&o, "late.txt", big, len, 0644), 0);
	assert_int_equal(rb_output_write(&o, "mode.sh", "x", 1, 0644), 0);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(stat(same, &s2[0]) | stat(late, &s2[1]) | stat(mode, &s2[2]), 0);
	assert_true(s1[0].st_ino == s2[0].st_ino);
	assert_true(s1[1].st_ino != s2[1].st_ino);
	assert_true(s1[2].st_ino != s2[2].st_ino);
	assert_int_equal(s2[2].st_mode & 0777, 0644);
	assert_int_equal(rb_remove_tree(dir), 0);
	free(big);
	free(out);
	free(same);
	free(late);
	free(mode);
}

/* Each file has the mode asked for: made under a narrowing umask, or
 * rewritten where a file of another mode was. */
static void modes_whatever_the_umask(void **state)
{
	char tmpl[] = "/tmp/rb-output-XXXXXX";
	char *dir = mkdtemp(tmpl);
	char *out = rb_xasprintf("%s/out", dir);
	char *exe = rb_xasprintf("%s/out/s/run.sh", dir);
	char *doc = rb_xasprintf("%s/out/page.html", dir);
	char *again = rb_xasprintf("%s/again", dir);
	mode_t saved = umask(077);
	struct stat st;
	struct rb_output o;

	(void)state;
	assert_non_null(dir);
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_false(o.previous);
	assert_int_equal(rb_output_write(&o, "s/run.sh", "#!/bin/sh\n", 10, 0755), 0);
	assert_int_equal(rb_output_write(&o, "page.html", "<p>", 3, 0644), 0);
	assert_int_equal(rb_output_commit(&o), 0);
	rb_output_abort(&o);
	assert_int_equal(stat(exe, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0755);
	assert_int_equal(stat(doc, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0644);
	assert_int_equal(rb_output_begin(&o, out, 0, NULL), 0);
	assert_true(o.previous);
	rb_output_abort(&o);
	umask(0);
	assert_int_equal(rb_write_file(again, "a", 1, 0755), 0);
	assert_int_equal(rb_write_file(again, "b", 1, 0600), 0);
	assert_int_equal(stat(again, &st), 0);
	assert_int_equal(st.st_mode & 07777, 0600);
	assert_int_equal(st.st_size, 1);
	umask(saved);
	assert_int_equal(rb_remove_tree(dir), 0);
	free(out);
	free(exe);
	free(doc);
	free(again);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(safe_paths),
		cmocka_unit_test(swaps_in_and_aborts_cleanly),
		cmocka_unit_test(reuses_a_marked_file),
		cmocka_unit_test(links_only_the_same_bytes),
		cmocka_unit_test(modes_whatever_the_umask),
	};

	return cmocka_run_group_tests_name("output", tests, NULL, NULL);
}
