#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>
#include <time.h>

#include "yaml_tree.h"

/* Parses `text`; on failure returns NULL and the first error as text. */
static struct rb_yaml *parse(const char *text, int offset, char **error)
{
	struct rb_diags d = RB_DIAGS_INIT;
	struct rb_yaml *y = NULL;

	*error = NULL;
	if (rb_yaml_parse(&y, "f.yaml", text, strlen(text), offset, &d) < 0) {
		assert_true(d.nr > 0);
		*error = rb_xasprintf("%d:%d: %s", d.items[0].line,
				      d.items[0].col, d.items[0].message);
	}
	rb_diags_release(&d);
	return y;
}

static void types_of_scalars(void **state)
{
	char *err;
	struct rb_yaml *y = parse("a: 42\nb: -7\nc: 1.5\nd: true\ne: false\n"
				  "f: ~\ng:\nh: yes\ni: 2026-11-01\nj: 15m\n"
				  "k: '42'\nl: \"true\"\nm: 0123\nn: 99999999999999999999\n",
				  0, &err);
	json_t *r;

	(void)state;
	assert_null(err);
	r = rb_yaml_root(y);
	assert_int_equal(json_integer_value(json_object_get(r, "a")), 42);
	assert_int_equal(json_integer_value(json_object_get(r, "b")), -7);
	assert_true(json_is_real(json_object_get(r, "c")));
	assert_true(json_is_true(json_object_get(r, "d")));
	assert_true(json_is_false(json_object_get(r, "e")));
	assert_true(json_is_null(json_object_get(r, "f")));
	assert_true(json_is_null(json_object_get(r, "g")));
	assert_string_equal(json_string_value(json_object_get(r, "h")), "yes");
	assert_string_equal(json_string_value(json_object_get(r, "i")), "2026-11-01");
	assert_string_equal(json_string_value(json_object_get(r, "j")), "15m");
	assert_string_equal(json_string_value(json_object_get(r, "k")), "42");
	assert_string_equal(json_string_value(json_object_get(r, "l")), "true");
	assert_string_equal(json_string_value(json_object_get(r, "m")), "0123");
	assert_string_equal(json_string_value(json_object_get(r, "n")), "99999999999999999999");
	rb_yaml_free(y);
}

static void positions_of_keys_values_and_elements(void **state)
{
	char *err;
	struct rb_yaml *y = parse("top:\n  inner: value\n  list:\n    - one\n    - { k: v }\n", 3, &err);
	json_t *top, *list;
	struct rb_loc l;

	(void)state;
	assert_null(err);
	top = json_object_get(rb_yaml_root(y), "top");
	list = json_object_get(top, "list");
	l = rb_yaml_loc_key(y, top, "inner");
	assert_int_equal(l.line, 5);
	assert_int_equal(l.col, 3);
	l = rb_yaml_loc_val(y, top, "inner");
	assert_int_equal(l.line, 5);
	assert_int_equal(l.col, 10);
	l = rb_yaml_loc_at(y, list, 1);
	assert_int_equal(l.line, 8);
	assert_int_equal(l.col, 7);
	l = rb_yaml_loc(y, json_array_get(list, 1));
	assert_int_equal(l.line, 8);
	assert_int_equal(l.col, 7);
	assert_string_equal(l.path, "f.yaml");
	rb_yaml_free(y);
}

static void expect_error(const char *text, const char *want)
{
	char *err;
	struct rb_yaml *y = parse(text, 0, &err);

	assert_null(y);
	assert_non_null(err);
	assert_string_equal(err, want);
	free(err);
}

static void errors_with_positions(void **state)
{
	(void)state;
	expect_error("a: 1\na: 2\n", "2:1: duplicate key 'a'");
	expect_error("a: b: c\n", "1:5: mapping values are not allowed in this context");
	expect_error("- a\n- *nope\n", "2:3: unknown alias 'nope'");
	expect_error("base: &b {x: 1}\nc:\n  <<: *b\n", "3:3: merge keys ('<<') are not supported");
	expect_error("? [a]\n: 1\n", "1:3: mapping key must be a scalar");
	expect_error("a: 1\n---\nb: 2\n", "2:1: more than one YAML document");
}

static void invalid_utf8_is_refused(void **state)
{
	char *err;
	struct rb_yaml *y = parse("a: caf\xe9\n", 0, &err);

	(void)state;
	assert_null(y);
	assert_string_equal(err, "1:7: incomplete UTF-8 octet sequence: the file must be UTF-8 text");
	free(err);
}

static void deep_nesting_is_refused(void **state)
{
	struct rb_buf b = RB_BUF_INIT;
	char *err;

	(void)state;
	for (int i = 0; i < 70; i++)
		rb_buf_addch(&b, '[');
	for (int i = 0; i < 70; i++)
		rb_buf_addch(&b, ']');
	assert_null(parse(b.ptr, 0, &err));
	assert_string_equal(err, "1:65: nesting deeper than 64 levels");
	free(err);
	rb_buf_release(&b);
}

static void alias_bomb_is_refused_quickly(void **state)
{
	const char *bomb =
		"a: &a [x,x,x,x,x,x,x,x,x]\n"
		"b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\n"
		"c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\n"
		"d: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\n"
		"e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\n"
		"f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]\n"
		"g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]\n"
		"h: &h [*g,*g,*g,*g,*g,*g,*g,*g,*g]\n"
		"i: &i [*h,*h,*h,*h,*h,*h,*h,*h,*h]\n";
	char *err;

	(void)state;
	assert_null(parse(bomb, 0, &err));
	assert_string_equal(err, "7:8: alias expansion exceeds 1000000 nodes");
	free(err);
}

static void aliases_copy_values(void **state)
{
	char *err;
	struct rb_yaml *y = parse("base: &b {x: 1}\nuse: *b\n", 0, &err);
	json_t *use;

	(void)state;
	assert_null(err);
	use = json_object_get(rb_yaml_root(y), "use");
	assert_int_equal(json_integer_value(json_object_get(use, "x")), 1);
	assert_int_equal(rb_yaml_loc_val(y, use, "x").line, 1);
	rb_yaml_free(y);
}

static void empty_and_large_documents(void **state)
{
	struct rb_buf b = RB_BUF_INIT;
	struct rb_yaml *y;
	char *err;

	(void)state;
	y = parse("", 0, &err);
	assert_true(json_is_null(rb_yaml_root(y)));
	rb_yaml_free(y);
	for (int i = 0; i < 100000; i++)
		rb_buf_addf(&b, "key%d: %d\n", i, i);
	y = parse(b.ptr, 0, &err);
	assert_int_equal(json_object_size(rb_yaml_root(y)), 100000);
	assert_int_equal(rb_yaml_loc_key(y, rb_yaml_root(y), "key99999").line, 100000);
	rb_yaml_free(y);
	rb_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(types_of_scalars),
		cmocka_unit_test(positions_of_keys_values_and_elements),
		cmocka_unit_test(errors_with_positions),
		cmocka_unit_test(invalid_utf8_is_refused),
		cmocka_unit_test(deep_nesting_is_refused),
		cmocka_unit_test(alias_bomb_is_refused_quickly),
		cmocka_unit_test(aliases_copy_values),
		cmocka_unit_test(empty_and_large_documents),
	};

	return cmocka_run_group_tests_name("yaml_tree", tests, NULL, NULL);
}
