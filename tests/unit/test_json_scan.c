#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "json_scan.h"
#include "util.h"

/* Where jansson stops on `text`, moved to the start of its token. */
static size_t start_of_error(const char *text)
{
	json_error_t err;
	json_t *v = json_loads(text, 0, &err);

	assert_null(v);
	return rb_json_token_start(text, strlen(text), (size_t)err.position);
}

static void token_starts(void **state)
{
	(void)state;
	/* a word, a number run into a word, a single character, a string */
	assert_int_equal(start_of_error("{\"a\": tru }"), 6);
	assert_int_equal(start_of_error("{\"a\": 12x}"), 8);
	assert_int_equal(start_of_error("{\"a\": 1,}"), 8);
	assert_int_equal(start_of_error("{\"a\": \"b\\q\"}"), 6);
	assert_int_equal(start_of_error("[command]terraform show -json"), 1);
	/* strings holding brackets and quotes are one token */
	assert_int_equal(start_of_error("[\"]\\\"[\", nul]"), 9);
	/* out of range and empty inputs stay in bounds */
	assert_int_equal(rb_json_token_start("", 0, 0), 0);
	assert_int_equal(rb_json_token_start("{ ", 2, 99), 1);
}

static void duplicate_keys(void **state)
{
	static const char text[] =
		"{\"a\": 1, \"b\": {\"a\": 2, \"x\": \"{\\\"a\\\": 1}\"},\n"
		" \"list\": [{\"k\": 1, \"k\": 2}, {\"k\": 3}],\n"
		" \"a\": \"a\", \"a\": [\"a\", \"a\"]}";
	struct rb_json_dup *dups;
	size_t n;

	(void)state;
	n = rb_json_duplicate_keys(&dups, text, sizeof(text) - 1);
	assert_int_equal(n, 3);
	/* in file order: the repeated k of the list's first object, then both repeats of a */
	assert_string_equal(dups[0].key, "k");
	assert_int_equal(dups[0].offset, (size_t)(strstr(text, "\"k\": 2") - text));
	assert_string_equal(dups[1].key, "a");
	assert_int_equal(dups[1].offset, (size_t)(strstr(text, "\"a\": \"a\"") - text));
	assert_string_equal(dups[2].key, "a");
	assert_int_equal(dups[2].offset, (size_t)(strstr(text, "\"a\": [") - text));
	rb_json_dups_free(dups, n);
	n = rb_json_duplicate_keys(&dups, "{\"a\":{},\"b\":[]}", 15);
	assert_int_equal(n, 0);
	rb_json_dups_free(dups, n);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(token_starts),
		cmocka_unit_test(duplicate_keys),
	};

	return cmocka_run_group_tests_name("json_scan", tests, NULL, NULL);
}
