/*
 * The Mustache engine against templates that never end: a delimiter with
 * a NUL in it, sections nested over the same list or too deep, a partial
 * including itself. Each must fail with its message, quickly, instead of
 * looping or running off the end of the stack.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "template.h"

static const char *self(void *ctx, const char *name, size_t *len)
{
	(void)name;
	*len = strlen(ctx);
	return ctx;
}

/* Compiles and renders `text` (partials are `text` again); returns the
 * render's result and leaves the message in `err`. */
static int render(const char *text, size_t len, struct rb_template_error *err)
{
	json_t *data = json_pack("{s[iiiiii]}", "list", 1, 2, 3, 4, 5, 6);
	struct rb_buf out = RB_BUF_INIT;
	struct rb_template *t;
	int ret;

	memset(err, 0, sizeof(*err));
	ret = rb_template_compile(&t, text, len, err);
	if (ret == 0) {
		ret = rb_template_render(t, &out, data, self, (void *)text,
					 rb_escape_html, err);
		rb_template_free(t);
	}
	rb_buf_release(&out);
	json_decref(data);
	return ret;
}

static void repeat(struct rb_buf *b, const char *s, int n)
{
	while (n-- > 0)
		rb_buf_adds(b, s);
}

static void nul_in_delimiter(void **state)
{
	static const char text[] = "a {{=<\0% %>=}} b <%x%>";
	struct rb_template_error err;

	(void)state;
	assert_int_equal(render(text, sizeof(text) - 1, &err), -1);
	assert_string_equal(err.message, "bad set-delimiter tag");
	assert_int_equal(err.line, 1);
	assert_int_equal(err.col, 3);
}

static void sections_nested_over_one_list(void **state)
{
	struct rb_buf text = RB_BUF_INIT;
	struct rb_template_error err;

	(void)state;
	/* 6^12 visits if nothing stops it */
	repeat(&text, "{{#list}}.", 12);
	repeat(&text, "{{/list}}", 12);
	assert_int_equal(render(text.ptr, text.len, &err), -1);
	assert_string_equal(err.message,
			    "template expands too far (over 10000000 tags or 1024 MiB rendered): a partial or section repeats itself");
	rb_buf_release(&text);
}

static void partial_including_itself(void **state)
{
	static const char text[] = "x{{>p}}{{>p}}";
	struct rb_template_error err;

	(void)state;
	assert_int_equal(render(text, sizeof(text) - 1, &err), -1);
	assert_string_equal(err.message, "partial recursion deeper than 100");
}

static void sections_nested_too_deep(void **state)
{
	struct rb_buf text = RB_BUF_INIT;
	struct rb_template_error err;

	(void)state;
	repeat(&text, "{{^f}}", 101);
	repeat(&text, "{{/f}}", 101);
	assert_int_equal(render(text.ptr, text.len, &err), -1);
	assert_string_equal(err.message, "sections nested deeper than 100");
	assert_int_equal(err.col, 601);
	rb_buf_release(&text);
}

static void sections_in_partials_too_deep(void **state)
{
	struct rb_buf text = RB_BUF_INIT;
	struct rb_template_error err;

	(void)state;
	/* 99 sections a partial, 99 partials deep: the recursion is bounded */
	repeat(&text, "{{^f}}", 99);
	rb_buf_adds(&text, "{{>p}}");
	repeat(&text, "{{/f}}", 99);
	assert_int_equal(render(text.ptr, text.len, &err), -1);
	assert_string_equal(err.message,
			    "template nests deeper than 1000 sections and partials");
	rb_buf_release(&text);
}

static void nested_sections_within_limits(void **state)
{
	static const char text[] = "{{#list}}{{#list}}{{.}}{{/list}}{{/list}}";
	struct rb_template_error err;

	(void)state;
	assert_int_equal(render(text, sizeof(text) - 1, &err), 0);
}

/* A count of zero does not open a section; any other number does. */
static void zero_is_false(void **state)
{
	json_t *data = json_pack("{s:i, s:i, s:f}", "none", 0, "two", 2, "nought", 0.0);
	struct rb_template_error err;
	struct rb_buf out = RB_BUF_INIT;
	struct rb_template *t;
	const char *text = "[{{#none}}a{{/none}}{{^none}}b{{/none}}{{#two}}c{{/two}}"
			   "{{#nought}}d{{/nought}}]";

	(void)state;
	memset(&err, 0, sizeof(err));
	assert_int_equal(rb_template_compile(&t, text, strlen(text), &err), 0);
	assert_int_equal(rb_template_render(t, &out, data, self, (void *)text,
					    rb_escape_html, &err), 0);
	assert_string_equal(out.ptr, "[bc]");
	rb_template_free(t);
	rb_buf_release(&out);
	json_decref(data);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(nul_in_delimiter),
		cmocka_unit_test(sections_nested_over_one_list),
		cmocka_unit_test(partial_including_itself),
		cmocka_unit_test(sections_nested_too_deep),
		cmocka_unit_test(sections_in_partials_too_deep),
		cmocka_unit_test(nested_sections_within_limits),
		cmocka_unit_test(zero_is_false),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
