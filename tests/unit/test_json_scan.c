#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>
#include <string.h>

#include "json_scan.h"
#include "util.h"

/* Does the reader accept `text` as one document, as jansson does? */
static bool accepts(const char *text)
{
	struct rb_json_scan sc;

	rb_json_scan_init(&sc, text, strlen(text));
	return rb_json_skip(&sc, NULL) && rb_json_end(&sc);
}

static bool jansson_accepts(const char *text)
{
	json_error_t err;
	json_t *v = json_loadb(text, strlen(text), JSON_DECODE_ANY, &err);

	json_decref(v);
	return v != NULL;
}

static void agrees_with_jansson(void **state)
{
	static const char *const docs[] = {
		"{}", "[]", "{\"a\":1}", "[1,2,3]", " {\"a\" : [true, false, null] } ",
		"-0", "1.5e-3", "\"x\\u00e9\\ud83d\\ude00\"", "\"\xc3\xa9\"", "{\"a\":{\"b\":[{}]}}",
		/* refused */
		"", "{", "[1,]", "[,1]", "{\"a\"}", "{\"a\":1,}", "[1 2]", "01", "1.", ".5",
		"-", "1e", "tru", "nul", "\"\\x\"", "\"\\ud800\"", "\"\\udc00x\"", "\"a\nb\"",
		"\"\xc3\"", "\"\xed\xa0\x80\"", "\"\xc0\xaf\"", "{1:2}", "[1]]", "\"abc",
		"{\"a\":1 \"b\":2}",
	};

	(void)state;
	for (size_t i = 0; i < sizeof(docs) / sizeof(docs[0]); i++) {
		if (accepts(docs[i]) != jansson_accepts(docs[i]))
			fail_msg("disagree on %s", docs[i]);
	}
}

static void walks_objects_and_keeps_spans(void **state)
{
	const char *text = "{\"version\": 4, \"resources\": [{\"type\": \"aws_db_instance\","
			   " \"attributes\": {\"id\": \"db-1\", \"tags\": {\"a\": \"b\"}}}, {\"type\": \"x\"}]}";
	struct rb_json_scan sc;
	struct rb_buf key = RB_BUF_INIT, val = RB_BUF_INIT;
	struct rb_json_span attrs = { 0, 0 };
	long long version = 0;
	size_t n = 0;

	(void)state;
	rb_json_scan_init(&sc, text, strlen(text));
	assert_true(rb_json_object_begin(&sc));
	while (rb_json_object_next(&sc, &key) > 0) {
		if (!strcmp(key.ptr, "version")) {
			assert_true(rb_json_integer(&sc, &version));
		} else if (!strcmp(key.ptr, "resources")) {
			assert_true(rb_json_array_begin(&sc));
			while (rb_json_array_next(&sc) > 0) {
				assert_true(rb_json_object_begin(&sc));
				n++;
				while (rb_json_object_next(&sc, &key) > 0) {
					if (!strcmp(key.ptr, "type"))
						assert_true(rb_json_string(&sc, &val));
					else
						assert_true(rb_json_skip(&sc, !strcmp(key.ptr, "attributes") ? &attrs : NULL));
				}
			}
		} else {
			assert_true(rb_json_skip(&sc, NULL));
		}
	}
	assert_true(rb_json_end(&sc));
	assert_null(sc.error);
	assert_int_equal(version, 4);
	assert_int_equal(n, 2);
	assert_string_equal(val.ptr, "x");
	assert_int_equal(attrs.end - attrs.start, strlen("{\"id\": \"db-1\", \"tags\": {\"a\": \"b\"}}"));
	assert_memory_equal(text + attrs.start, "{\"id\"", 5);
	rb_buf_release(&key);
	rb_buf_release(&val);
}

static void decodes_escapes(void **state)
{
	const char *text = "\"a\\\"b\\\\c\\/d\\n\\u00e9\\ud83d\\ude00\"";
	struct rb_json_scan sc;
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	rb_json_scan_init(&sc, text, strlen(text));
	assert_true(rb_json_string(&sc, &out));
	assert_string_equal(out.ptr, "a\"b\\c/d\n\xc3\xa9\xf0\x9f\x98\x80");
	rb_buf_release(&out);
}

static void errors_point_at_the_token(void **state)
{
	const char *text = "{\n  \"a\": [1, 2,\n   tru]\n}";
	struct rb_json_scan sc;
	int line, col;

	(void)state;
	rb_json_scan_init(&sc, text, strlen(text));
	assert_false(rb_json_skip(&sc, NULL));
	rb_json_scan_pos(&sc, &line, &col);
	assert_int_equal(line, 3);
	assert_int_equal(col, 4);
	assert_string_equal(sc.error, "invalid literal: expected true, false or null");
}

static void bounds_nesting(void **state)
{
	char deep[2 * RB_JSON_MAX_DEPTH + 8];
	struct rb_json_scan sc;
	size_t n = RB_JSON_MAX_DEPTH + 1;

	(void)state;
	memset(deep, '[', n);
	memset(deep + n, ']', n);
	deep[2 * n] = '\0';
	rb_json_scan_init(&sc, deep, strlen(deep));
	assert_false(rb_json_skip(&sc, NULL));
	assert_string_equal(sc.error, "nested deeper than 512 levels");
	deep[2 * n - 1] = '\0';
	memmove(deep, deep + 1, strlen(deep + 1) + 1);
	rb_json_scan_init(&sc, deep, strlen(deep));
	assert_true(rb_json_skip(&sc, NULL) && rb_json_end(&sc));
}

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
		cmocka_unit_test(agrees_with_jansson),
		cmocka_unit_test(walks_objects_and_keeps_spans),
		cmocka_unit_test(decodes_escapes),
		cmocka_unit_test(errors_point_at_the_token),
		cmocka_unit_test(bounds_nesting),
		cmocka_unit_test(token_starts),
		cmocka_unit_test(duplicate_keys),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
