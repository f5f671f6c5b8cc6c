#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "binder.h"
#include "render_text.h"

static char *text(const char *md, int width)
{
	cmark_node *doc = rb_markdown_parse(md, strlen(md));
	struct rb_buf out = RB_BUF_INIT;

	rb_render_text(&out, doc, width);
	cmark_node_free(doc);
	return rb_buf_detach(&out, NULL);
}

static void check(const char *md, int width, const char *want)
{
	char *got = text(md, width);

	assert_string_equal(got, want);
	free(got);
}

static void wraps_paragraphs(void **state)
{
	(void)state;
	check("Promote the cross-region read replica only when its lag is under the RPO.\n",
	      30,
	      "Promote the cross-region read\n"
	      "replica only when its lag is\n"
	      "under the RPO.\n");
	check("", 78, "");
}

static void headings_and_breaks(void **state)
{
	(void)state;
	check("# Title\n\n## Step 1: Go\n\n### Detail\n\n---\n", 20,
	      "Title\n=====\n\nStep 1: Go\n----------\n\n### Detail\n\n--------------------\n");
}

static void lists_and_tasks(void **state)
{
	(void)state;
	check("- [ ] Replica lag is under five minutes, checked twice\n- [x] Done\n\n"
	      "9. nine\n10. ten\n",
	      30,
	      "- [ ] Replica lag is under\n"
	      "      five minutes, checked\n"
	      "      twice\n"
	      "- [x] Done\n\n"
	      " 9. nine\n"
	      "10. ten\n");
	check("- a\n  - b\n    - c\n", 78, "- a\n  - b\n    - c\n");
}

static void code_is_never_wrapped(void **state)
{
	char line[121];
	struct rb_buf md = RB_BUF_INIT, want = RB_BUF_INIT;

	(void)state;
	memset(line, 'x', 120);
	line[120] = '\0';
	rb_buf_addf(&md, "```bash\naws rds x \\\n  %s\n```\n", line);
	rb_buf_addf(&want, "    aws rds x \\\n      %s\n", line);
	check(md.ptr, 40, want.ptr);
	check("Run `aws sts get-caller-identity` first.\n", 20,
	      "Run\naws sts get-caller-identity\nfirst.\n");
	rb_buf_release(&md);
	rb_buf_release(&want);
}

static void links_quotes_and_utf8(void **state)
{
	(void)state;
	check("See [the guide](https://example.com/g) and <https://x.io>.\n", 78,
	      "See the guide <https://example.com/g> and https://x.io.\n");
	check("> Decide:\n>\n> - fail over\n", 78, "> Decide:\n>\n> - fail over\n");
	check("café → ☐ ✓ über naïve déjà vu\n", 12, "café → ☐ ✓\nüber naïve\ndéjà vu\n");
	check("a  \nb\n", 78, "a\nb\n");
	check("<div>raw</div>\n\ntext <b>x</b>\n", 78, "text x\n");
}

static void tables(void **state)
{
	(void)state;
	check("| Check | Expected |\n|---|---:|\n| lag | 5 |\n", 78,
	      "+-------+----------+\n"
	      "| Check | Expected |\n"
	      "+=======+==========+\n"
	      "| lag   |        5 |\n"
	      "+-------+----------+\n");
	check("| a | b |\n|---|---|\n| one two three four | five six seven |\n", 24,
	      "+-----------+----------+\n"
	      "| a         | b        |\n"
	      "+===========+==========+\n"
	      "| one two   | five six |\n"
	      "| three     | seven    |\n"
	      "| four      |          |\n"
	      "+-----------+----------+\n");
}

static void pathological_inputs(void **state)
{
	struct rb_buf md = RB_BUF_INIT;
	char *got;

	(void)state;
	rb_buf_addchars(&md, 'y', 100000);
	got = text(md.ptr, 78);
	assert_int_equal(strlen(got), 100001);
	free(got);
	rb_buf_reset(&md);
	rb_buf_addchars(&md, '>', 200);
	rb_buf_adds(&md, " deep\n");
	free(text(md.ptr, 78));
	rb_buf_reset(&md);
	for (int i = 0; i < 300; i++)
		rb_buf_adds(&md, "| c ");
	rb_buf_adds(&md, "|\n");
	for (int i = 0; i < 300; i++)
		rb_buf_adds(&md, "|---");
	rb_buf_adds(&md, "|\n");
	free(text(md.ptr, 78));
	rb_buf_release(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps_paragraphs),
		cmocka_unit_test(headings_and_breaks),
		cmocka_unit_test(lists_and_tasks),
		cmocka_unit_test(code_is_never_wrapped),
		cmocka_unit_test(links_quotes_and_utf8),
		cmocka_unit_test(tables),
		cmocka_unit_test(pathological_inputs),
	};

	return cmocka_run_group_tests_name("render_text", tests, NULL, NULL);
}
