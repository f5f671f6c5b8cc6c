/*
 * The Mustache spec suite: one cmocka test per spec case, from the JSON
 * files in tests/mustache-spec (RB_MUSTACHE_SPEC_DIR overrides). Prints a
 * pass count per module first.
 */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <jansson.h>

#include "template.h"

static const char *const modules[] = {
	"interpolation", "sections", "inverted", "comments", "partials",
	"delimiters",
};

static const char *partial(void *ctx, const char *name, size_t *len)
{
	json_t *p = json_object_get(ctx, name);

	if (!json_is_string(p))
		return NULL;
	*len = json_string_length(p);
	return json_string_value(p);
}

/* Renders one case; returns the output (caller frees) or NULL. */
static char *render_case(json_t *c)
{
	const char *text = json_string_value(json_object_get(c, "template"));
	struct rb_template *t;
	struct rb_template_error err;
	struct rb_buf out = RB_BUF_INIT;

	if (rb_template_compile(&t, text, strlen(text), &err) < 0)
		return NULL;
	if (rb_template_render(t, &out, json_object_get(c, "data"), partial,
			       json_object_get(c, "partials"), rb_escape_html,
			       &err) < 0) {
		rb_template_free(t);
		rb_buf_release(&out);
		return NULL;
	}
	rb_template_free(t);
	return rb_buf_detach(&out, NULL);
}

static void spec_case(void **state)
{
	json_t *c = *state;
	char *got = render_case(c);

	assert_non_null(got);
	assert_string_equal(got, json_string_value(json_object_get(c, "expected")));
	free(got);
}

int main(void)
{
	const char *dir = getenv("RB_MUSTACHE_SPEC_DIR");
	struct CMUnitTest *tests = NULL;
	json_t *specs[RB_ARRAY_SIZE(modules)];
	size_t nr = 0, alloc = 0;
	int failed;

	if (!dir)
		dir = "tests/mustache-spec";
	for (size_t m = 0; m < RB_ARRAY_SIZE(modules); m++) {
		char *path = rb_xasprintf("%s/%s.json", dir, modules[m]);
		json_error_t err;
		size_t i, pass = 0;
		json_t *c;

		specs[m] = json_load_file(path, 0, &err);
		if (!specs[m]) {
			fprintf(stderr, "%s: %s\n", path, err.text);
			return 1;
		}
		json_array_foreach(json_object_get(specs[m], "tests"), i, c) {
			char *got = render_case(c);
			const char *name = json_string_value(json_object_get(c, "name"));

			if (got && !strcmp(got, json_string_value(json_object_get(c, "expected"))))
				pass++;
			free(got);
			RB_GROW(tests, nr + 1, alloc);
			memset(&tests[nr], 0, sizeof(tests[nr]));
			tests[nr].name = rb_xasprintf("%s: %s", modules[m], name);
			tests[nr].test_func = spec_case;
			tests[nr].initial_state = c;
			nr++;
		}
		printf("mustache spec %s: %zu/%zu passed\n", modules[m], pass,
		       json_array_size(json_object_get(specs[m], "tests")));
		free(path);
	}
	fflush(stdout);
	failed = _cmocka_run_group_tests("mustache spec", tests, nr, NULL, NULL);
	for (size_t i = 0; i < nr; i++)
		free((char *)tests[i].name);
	free(tests);
	for (size_t m = 0; m < RB_ARRAY_SIZE(modules); m++)
		json_decref(specs[m]);
	return failed;
}
