#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "binder.h"
#include "render_text.h"
#include "resolve.h"

static json_t *scope(void)
{
	return json_pack("{s:{s:s, s:s}, s:{s:s, s:i, s:n, s:[{s:s}]}}",
			 "site", "title", "DR — Binder", "dr_region", "us-west-2",
			 "db", "identifier", "nw-db", "port", 5432, "none",
			 "alias", "name", "lb.example.com");
}

/* Resolves `md` and returns the text rendering and the first error. */
static char *resolve(const char *md, size_t *errors, char **first_error)
{
	struct rb_diags d = RB_DIAGS_INIT;
	cmark_node *doc = rb_markdown_parse(md, strlen(md));
	json_t *s = scope();
	struct rb_buf out = RB_BUF_INIT;
	char *text;

	*errors = rb_resolve_doc(doc, s, "x.md", 4, &d);
	*first_error = NULL;
	if (d.nr) {
		struct rb_buf e = RB_BUF_INIT;

		rb_buf_addf(&e, "%d:%d: %s", d.items[0].line, d.items[0].col,
			    d.items[0].message);
		*first_error = rb_buf_detach(&e, NULL);
	}
	rb_render_text(&out, doc, 78);
	text = rb_buf_detach(&out, NULL);
	cmark_node_free(doc);
	json_decref(s);
	rb_diags_release(&d);
	return text;
}

static void resolves_text_code_and_blocks(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("Promote `{{db.identifier}}` in {{site.dr_region}}.\n\n"
			  "```bash\naws rds x --db-instance-identifier {{db.identifier}} --port {{db.port}}\n```\n",
			  &n, &err);

	(void)state;
	assert_int_equal(n, 0);
	assert_null(err);
	assert_string_equal(t, "Promote nw-db in us-west-2.\n\n"
			    "    aws rds x --db-instance-identifier nw-db --port 5432\n");
	free(t);
}

static void list_items_by_number(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("{{db.alias.0.name}}\n", &n, &err);

	(void)state;
	assert_int_equal(n, 0);
	assert_string_equal(t, "lb.example.com\n");
	free(t);
	t = resolve("{{db.alias.1.name}}\n", &n, &err);
	assert_string_equal(err, "5:1: unknown placeholder '{{db.alias.1.name}}': no attribute '1'");
	free(err);
	free(t);
}

static void values_are_not_markdown(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("Title: {{site.title}} *kept*\n", &n, &err);

	(void)state;
	assert_int_equal(n, 0);
	assert_string_equal(t, "Title: DR — Binder kept\n");
	free(t);
}

static void unknown_names_are_errors_with_position(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("Line one.\n\nSee {{db.identifer}} now.\n", &n, &err);

	(void)state;
	assert_int_equal(n, 1);
	assert_string_equal(err, "7:5: unknown placeholder '{{db.identifer}}': no attribute 'identifer' (did you mean 'identifier'?)");
	free(err);
	free(t);
	t = resolve("{{dbb.port}}\n", &n, &err);
	assert_string_equal(err, "5:1: unknown placeholder '{{dbb.port}}': no name 'dbb' (did you mean 'db'?)");
	free(err);
	free(t);
}

static void code_block_positions(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("```bash\necho ok\necho {{db.zzz}}\n```\n", &n, &err);

	(void)state;
	assert_int_equal(n, 1);
	/* body line 1 is file line 5; the placeholder is on body line 3 */
	assert_string_equal(err, "7:6: unknown placeholder '{{db.zzz}}': no attribute 'zzz'");
	free(err);
	free(t);
}

static void unsafe_values_in_commands(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("```bash\necho {{site.title}}\n```\n", &n, &err);

	(void)state;
	assert_int_equal(n, 1);
	assert_string_equal(err, "6:6: value of '{{site.title}}' is unsafe in a command: 'DR — Binder' (use {{&site.title}} to insert it as one quoted word)");
	free(err);
	free(t);
	t = resolve("```bash\necho {{&site.title}}\n```\n", &n, &err);
	assert_int_equal(n, 0);
	assert_string_equal(t, "    echo 'DR — Binder'\n");
	free(t);
}

static void delimiters_and_comments(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("```bash\n{{=<% %>=}}\ndocker inspect --format '{{.State}}' <% db.identifier %>\n```\n",
			  &n, &err);

	(void)state;
	assert_int_equal(n, 0);
	assert_string_equal(t, "    docker inspect --format '{{.State}}' nw-db\n");
	free(t);
	t = resolve("a{{! note }}b\n", &n, &err);
	assert_int_equal(n, 0);
	assert_string_equal(t, "ab\n");
	free(t);
}

static void groups_nulls_and_sections_are_errors(void **state)
{
	size_t n;
	char *err;
	char *t = resolve("{{db}}\n", &n, &err);

	(void)state;
	assert_string_equal(err, "5:1: placeholder '{{db}}' names a group of values, not one value");
	free(err);
	free(t);
	t = resolve("{{db.none}}\n", &n, &err);
	assert_string_equal(err, "5:1: placeholder '{{db.none}}' has no value");
	free(err);
	free(t);
	t = resolve("{{#db}}x{{/db}}\n", &n, &err);
	assert_int_equal(n, 2);
	assert_string_equal(err, "5:1: '#' tags (sections and partials) are not supported in runbooks");
	free(err);
	free(t);
	t = resolve("{{db.identifier\n", &n, &err);
	assert_string_equal(err, "5:1: unclosed placeholder: '{{' without '}}'");
	free(err);
	free(t);
}

static void shell_quoting(void **state)
{
	struct rb_buf b = RB_BUF_INIT;

	(void)state;
	rb_shell_quote(&b, "it's $(rm -rf /)");
	assert_string_equal(b.ptr, "'it'\\''s $(rm -rf /)'");
	assert_true(rb_shell_word_safe("arn:aws:rds:us-east-1:123:db/x"));
	assert_false(rb_shell_word_safe("a b"));
	assert_false(rb_shell_word_safe("$(x)"));
	assert_false(rb_shell_word_safe(""));
	rb_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(resolves_text_code_and_blocks),
		cmocka_unit_test(values_are_not_markdown),
		cmocka_unit_test(list_items_by_number),
		cmocka_unit_test(unknown_names_are_errors_with_position),
		cmocka_unit_test(code_block_positions),
		cmocka_unit_test(unsafe_values_in_commands),
		cmocka_unit_test(delimiters_and_comments),
		cmocka_unit_test(groups_nulls_and_sections_are_errors),
		cmocka_unit_test(shell_quoting),
	};

	return cmocka_run_group_tests_name("resolve", tests, NULL, NULL);
}
