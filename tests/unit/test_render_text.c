#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <cmark-gfm-core-extensions.h>

#include "render_text.h"

/* GFM as the product parses it: tables, task lists, strikethrough, autolinks */
static cmark_node *parse(const char *md, size_t len)
{
	static const char *const names[] = {
		"table", "tasklist", "strikethrough", "autolink",
	};
	cmark_parser *parser;
	cmark_node *doc;

	cmark_gfm_core_extensions_ensure_registered();
	parser = cmark_parser_new(CMARK_OPT_DEFAULT);
	for (size_t i = 0; i < RB_ARRAY_SIZE(names); i++) {
		cmark_syntax_extension *ext = cmark_find_syntax_extension(names[i]);

		assert_non_null(ext);
		cmark_parser_attach_syntax_extension(parser, ext);
	}
	cmark_parser_feed(parser, md, len);
	doc = cmark_parser_finish(parser);
	cmark_parser_free(parser);
	return doc;
}

/* Checks what every rendering must be: one final newline, no trailing blank. */
static void check_shape(const char *s, size_t len)
{
	if (!len)
		return;
	assert_int_equal(s[len - 1], '\n');
	if (len > 1)
		assert_int_not_equal(s[len - 2], '\n');
	for (size_t i = 0; i + 1 < len; i++)
		if (s[i + 1] == '\n' && (s[i] == ' ' || s[i] == '\t'))
			fail_msg("trailing blank before byte %zu", i + 1);
}

static char *text(const char *md, int width)
{
	cmark_node *doc = parse(md, strlen(md));
	struct rb_buf out = RB_BUF_INIT;

	rb_render_text(&out, doc, width);
	cmark_node_free(doc);
	check_shape(out.ptr, out.len);
	return rb_buf_detach(&out, NULL);
}

static void check(const char *md, int width, const char *want)
{
	char *got = text(md, width);

	assert_string_equal(got, want);
	free(got);
}

static void wraps_paragraphs_at_78(void **state)
{
	(void)state;
	check("Before promoting the replica, confirm that the primary is really gone: "
	      "a network partition that heals after the promotion leaves two writers, "
	      "and reconciling them by hand takes longer than the outage itself.\n",
	      RB_TEXT_WIDTH,
	      "Before promoting the replica, confirm that the primary is really gone: a\n"
	      "network partition that heals after the promotion leaves two writers, and\n"
	      "reconciling them by hand takes longer than the outage itself.\n");
	/* a word that ends exactly at column 78 stays on its line */
	check("aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff ggggggggg hhhhhhh"
	      " i\n", 78,
	      "aaaaaaaaa bbbbbbbbb ccccccccc ddddddddd eeeeeeeee fffffffff ggggggggg hhhhhhh\n"
	      "i\n");
	/* two paragraphs, one blank line between them */
	check("First.\n\n\n\nSecond.\n", 78, "First.\n\nSecond.\n");
}

static void wraps_paragraphs_at_20(void **state)
{
	(void)state;
	check("Promote the cross-region read replica only when its lag is under the RPO.\n",
	      20,
	      "Promote the\n"
	      "cross-region read\n"
	      "replica only when\n"
	      "its lag is under the\n"
	      "RPO.\n");
	/* a word longer than the width has a line of its own, uncut */
	check("see arn:aws:rds:eu-west-1:123456789012:db:orders now\n", 20,
	      "see\narn:aws:rds:eu-west-1:123456789012:db:orders\nnow\n");
	/* runs of blanks are one space */
	check("a  b\tc\n", 20, "a b c\n");
}

static void soft_and_hard_breaks(void **state)
{
	(void)state;
	check("one\ntwo\nthree\n", 78, "one two three\n");
	check("Region:  \neu-west-1\\\nus-east-1\n", 78, "Region:\neu-west-1\nus-east-1\n");
	/* a hard break in a list item keeps the hanging indent */
	check("- first line\\\n  second line\n", 78, "- first line\n  second line\n");
}

static void headings(void **state)
{
	(void)state;
	check("# Fail over the orders database\n\n## Step 1: Check\n\n### Detail\n\n"
	      "#### Deeper\n\ntext\n",
	      78,
	      "Fail over the orders database\n"
	      "=============================\n\n"
	      "Step 1: Check\n"
	      "-------------\n\n"
	      "### Detail\n\n"
	      "#### Deeper\n\n"
	      "text\n");
	/* a wrapped heading is underlined as wide as its widest line */
	check("Fail over *the orders* database\n===\n", 20,
	      "Fail over the orders\n"
	      "database\n"
	      "====================\n");
	check("# Café — état\n", 78, "Café — état\n===========\n");
}

static void bullet_and_ordered_lists(void **state)
{
	(void)state;
	check("- a\n  - b\n    - c\n- d\n", 78, "- a\n  - b\n    - c\n- d\n");
	check("1. one\n2. two\n   1. two.one\n   2. two.two\n3. three\n", 78,
	      "1. one\n"
	      "2. two\n"
	      "   1. two.one\n"
	      "   2. two.two\n"
	      "3. three\n");
	/* the start number is kept; numbers of different widths align right */
	check("8. eight\n9. nine\n10. ten\n    - under ten\n", 78,
	      " 8. eight\n"
	      " 9. nine\n"
	      "10. ten\n"
	      "    - under ten\n");
	/* hanging indent under the text of a wrapped item, up to column 24 */
	check("1. Stop the writers on the primary before anything else is done\n", 24,
	      "1. Stop the writers on\n"
	      "   the primary before\n"
	      "   anything else is done\n");
	/* a loose list separates its items; the list is apart from its text */
	check("Steps:\n\n- one\n\n- two\n\n  more on two\n\nAfter.\n", 78,
	      "Steps:\n\n- one\n\n- two\n\n  more on two\n\nAfter.\n");
	check("Steps:\n- one\n- two\n\nAfter.\n", 78,
	      "Steps:\n\n- one\n- two\n\nAfter.\n");
	/* an empty item is a bare marker */
	check("-\n- b\n", 78, "-\n- b\n");
}

static void task_items(void **state)
{
	(void)state;
	check("- [ ] Replica lag is under five minutes, checked twice\n- [x] Done\n", 30,
	      "- [ ] Replica lag is under\n"
	      "      five minutes, checked\n"
	      "      twice\n"
	      "- [x] Done\n");
	check("1. [X] Paged the on-call DBA\n2. [ ] Froze deploys\n   - [ ] web\n", 78,
	      "1. [x] Paged the on-call DBA\n"
	      "2. [ ] Froze deploys\n"
	      "       - [ ] web\n");
	/* not a task: the brackets are text */
	check("- [link] x\n", 78, "- [link] x\n");
}

static void code_blocks_are_never_wrapped(void **state)
{
	char line[121];
	struct rb_buf md = RB_BUF_INIT, want = RB_BUF_INIT;

	(void)state;
	memset(line, 'x', 120);
	line[120] = '\0';
	rb_buf_addf(&md, "```bash\naws rds x \\\n  %s\n```\n", line);
	rb_buf_addf(&want, "    aws rds x \\\n      %s\n", line);
	check(md.ptr, 78, want.ptr);
	check(md.ptr, 20, want.ptr);
	/* blank lines inside are kept, the last newline is not doubled */
	check("```\none\n\ntwo\n```\n\nafter\n", 78, "    one\n\n    two\n\nafter\n");
	check("    indented\n    code\n", 78, "    indented\n    code\n");
	/* in a list item, under the item's text */
	check("1. Run:\n\n   ```sh\n   psql -c 'select 1'\n   ```\n", 78,
	      "1. Run:\n\n       psql -c 'select 1'\n");
	/* tabs stay tabs: commands survive exactly */
	check("```\nprintf 'a\\tb'\n\tindented\n```\n", 78,
	      "    printf 'a\\tb'\n    \tindented\n");
	rb_buf_release(&md);
	rb_buf_release(&want);
}

static void inline_code(void **state)
{
	(void)state;
	check("Run `aws sts get-caller-identity` first.\n", 78,
	      "Run aws sts get-caller-identity first.\n");
	/* a span that fits on a line is moved whole to the next one */
	check("Then run `kubectl -n prod get pods` to see.\n", 30,
	      "Then run\n"
	      "kubectl -n prod get pods to\n"
	      "see.\n");
	/* one wider than the line is put on a line of its own, not cut */
	check("Run `aws rds promote-read-replica --db-instance-identifier orders` now.\n", 30,
	      "Run\n"
	      "aws rds promote-read-replica --db-instance-identifier orders\n"
	      "now.\n");
	/* punctuation stays with the span */
	check("(`x y`).\n", 4, "(x y).\n");
}

static void links(void **state)
{
	(void)state;
	check("See [the guide](https://example.com/g) and <https://x.io>.\n", 78,
	      "See the guide <https://example.com/g> and https://x.io.\n");
	check("Call www.example.com or ops@example.com or <dba@example.com>.\n", 78,
	      "Call www.example.com or ops@example.com or dba@example.com.\n");
	/* a url is never broken, it may move to the next line */
	check("Open [the dashboard](https://grafana.example.com/d/abc?from=now-1h) now\n",
	      40,
	      "Open the dashboard\n"
	      "<https://grafana.example.com/d/abc?from=now-1h>\n"
	      "now\n");
	check("![Topology](t.png) ![](x.png) [![b](b.svg)](https://ci)\n", 78,
	      "[image: Topology] [image] [image: b] <https://ci>\n");
	check("[](https://empty)\n", 78, "<https://empty>\n");
}

static void block_quotes(void **state)
{
	(void)state;
	check("> Decide:\n>\n> - fail over\n> - or wait\n", 78,
	      "> Decide:\n>\n> - fail over\n> - or wait\n");
	check("> Do not promote the replica while the primary still accepts writes.\n", 30,
	      "> Do not promote the replica\n"
	      "> while the primary still\n"
	      "> accepts writes.\n");
	check("> outer\n>\n> > inner\n>\n> back\n", 78, "> outer\n>\n> > inner\n>\n> back\n");
	check("- step\n\n  > note\n  > more\n", 78, "- step\n\n  > note more\n");
	check("- > quoted item\n", 78, "- > quoted item\n");
	check(">\n", 78, ">\n");
}

static void tables(void **state)
{
	(void)state;
	check("| Check | Expected |\n|---|---:|\n| lag | 5 |\n| écart | 10 |\n", 78,
	      "+-------+----------+\n"
	      "| Check | Expected |\n"
	      "+=======+==========+\n"
	      "| lag   |        5 |\n"
	      "| écart |       10 |\n"
	      "+-------+----------+\n");
	check("| a | b | c |\n|:-:|---|--|\n| x | `y z` | [l](u) |\n", 78,
	      "+---+-----+-------+\n"
	      "| a | b   | c     |\n"
	      "+===+=====+=======+\n"
	      "| x | y z | l <u> |\n"
	      "+---+-----+-------+\n");
	/* too wide: the cells wrap in their columns, rows get a rule between */
	check("| a | b |\n|---|---|\n| one two three four | five six seven |\n| x | y |\n", 24,
	      "+-----------+----------+\n"
	      "| a         | b        |\n"
	      "+===========+==========+\n"
	      "| one two   | five six |\n"
	      "| three     | seven    |\n"
	      "| four      |          |\n"
	      "+-----------+----------+\n"
	      "| x         | y        |\n"
	      "+-----------+----------+\n");
	/* a narrow column keeps its width, the wide one takes the rest */
	check("| n | text |\n|---|---|\n| 1 | the quick brown fox jumps over the lazy dog |\n",
	      30,
	      "+---+------------------------+\n"
	      "| n | text                   |\n"
	      "+===+========================+\n"
	      "| 1 | the quick brown fox    |\n"
	      "|   | jumps over the lazy    |\n"
	      "|   | dog                    |\n"
	      "+---+------------------------+\n");
	/* never narrower than the longest word: then wider than the width */
	check("| cmd |\n|---|\n| `systemctl restart postgresql` |\n", 10,
	      "+------------------------------+\n"
	      "| cmd                          |\n"
	      "+==============================+\n"
	      "| systemctl restart postgresql |\n"
	      "+------------------------------+\n");
	/* a header alone; a table in a list item */
	check("- | h |\n  |---|\n", 78,
	      "- +---+\n"
	      "  | h |\n"
	      "  +===+\n");
}

static void thematic_break(void **state)
{
	(void)state;
	check("above\n\n---\n\nbelow\n", 20,
	      "above\n\n--------------------\n\nbelow\n");
	check("> ***\n", 12, "> ----------\n");
	{
		char *got = text("***\n", RB_TEXT_WIDTH);

		assert_int_equal(strlen(got), RB_TEXT_WIDTH + 1);
		free(got);
	}
}

static void utf8_counts_code_points(void **state)
{
	(void)state;
	check("café → ☐ ✓ über naïve déjà vu\n", 12, "café → ☐ ✓\nüber naïve\ndéjà vu\n");
	/* 19 code points on the first line, many more bytes */
	check("Fail over — then fail back → done ✓\n", 20,
	      "Fail over — then\nfail back → done ✓\n");
	check("éééééééééé éééééééééé\n", 21, "éééééééééé éééééééééé\n");
	check("éééééééééé éééééééééé\n", 20, "éééééééééé\néééééééééé\n");
}

static void cjk_takes_two_columns_and_wraps_between_characters(void **state)
{
	(void)state;
	/* 12 ideographs are 24 columns: 10 columns hold 5, the comma stays with its word */
	check("在多云多集群场景中为了提高\n", 10, "在多云多集\n群场景中为\n了提高\n");
	check("集群发生故障时，先确认影响范围。\n", 14,
	      "集群发生故障\n时，先确认影响\n范围。\n");
	/* Latin words keep their spaces, ideographs join with no space */
	check("Karmada 集群故障迁移 member1\n", 12, "Karmada 集群\n故障迁移\nmember1\n");
	/* Korean wraps at its spaces, each syllable two columns */
	check("장애가 발생하면 먼저\n", 12, "장애가\n발생하면\n먼저\n");
	/* combining marks take no column */
	check("cafe\u0301 cafe\u0301\n", 9, "cafe\u0301 cafe\u0301\n");
}

static void emphasis_strike_and_html(void **state)
{
	(void)state;
	check("*Do* **not** ~~restart~~ ~stop~ it.\n", 78, "Do not ~restart~ ~stop~ it.\n");
	/* raw HTML gives its text; a comment gives nothing */
	check("<div>\nraw\n</div>\n\ntext <b>x</b> and <!-- c --> more\n", 78,
	      "raw\n\ntext x and more\n");
}

static void empty_documents(void **state)
{
	(void)state;
	check("", 78, "");
	check("\n\n   \n", 78, "");
	check("<!-- only a comment -->\n", 78, "");
	check("```\n```\n", 78, "");
}

static void wrap_text(void **state)
{
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	rb_wrap_text(&out, "Promote the replica only when its lag is under the RPO.", 24, 2, 4);
	assert_string_equal(out.ptr,
			    "  Promote the replica\n"
			    "    only when its lag is\n"
			    "    under the RPO.\n");
	rb_buf_reset(&out);
	rb_wrap_text(&out, "one\n\ntwo averyveryverylongword", 10, 0, 2);
	assert_string_equal(out.ptr, "one\n\n  two\n  averyveryverylongword\n");
	rb_buf_reset(&out);
	rb_wrap_text(&out, "", 10, 2, 2);
	assert_string_equal(out.ptr, "");
	rb_buf_release(&out);
}

static void appends_to_the_buffer(void **state)
{
	cmark_node *doc = parse("b\n", 2);
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	rb_buf_adds(&out, "a\n");
	rb_render_text(&out, doc, 78);
	assert_string_equal(out.ptr, "a\nb\n");
	cmark_node_free(doc);
	rb_buf_release(&out);
}

/* Counts lines and checks that `needle` occurs in the rendering. */
static size_t render_big(const struct rb_buf *md, const char *needle, size_t *len)
{
	cmark_node *doc = parse(md->ptr, md->len);
	struct rb_buf out = RB_BUF_INIT;
	size_t lines = 0;

	rb_render_text(&out, doc, RB_TEXT_WIDTH);
	cmark_node_free(doc);
	check_shape(out.ptr, out.len);
	assert_non_null(strstr(out.ptr, needle));
	for (size_t i = 0; i < out.len; i++)
		lines += out.ptr[i] == '\n';
	*len = out.len;
	rb_buf_release(&out);
	return lines;
}

static void pathological_inputs(void **state)
{
	struct rb_buf md = RB_BUF_INIT;
	size_t len;

	(void)state;
	/* one 100,000-character word: one line */
	rb_buf_addchars(&md, 'y', 100000);
	assert_int_equal(render_big(&md, "yyyy", &len), 1);
	assert_int_equal(len, 100001);
	/* 100,000 characters of words: wrapped, nothing lost */
	rb_buf_reset(&md);
	for (int i = 0; i < 20000; i++)
		rb_buf_adds(&md, "word ");
	assert_true(render_big(&md, "word word", &len) > 1000);
	assert_int_equal(len, 100000);
	/* 200 nested block quotes */
	rb_buf_reset(&md);
	rb_buf_addchars(&md, '>', 200);
	rb_buf_adds(&md, " deep words here\n");
	render_big(&md, "> > deep", &len);
	/* 200 nested lists */
	rb_buf_reset(&md);
	for (int i = 0; i < 200; i++) {
		rb_buf_addchars(&md, ' ', (size_t)i * 2);
		rb_buf_adds(&md, "- item\n");
	}
	assert_int_equal(render_big(&md, "- item", &len), 200);
	/* a table of 300 columns, wider than any width */
	rb_buf_reset(&md);
	for (int i = 0; i < 300; i++)
		rb_buf_adds(&md, "| c ");
	rb_buf_adds(&md, "|\n");
	for (int i = 0; i < 300; i++)
		rb_buf_adds(&md, "|---");
	rb_buf_adds(&md, "|\n");
	for (int i = 0; i < 300; i++)
		rb_buf_adds(&md, "| some words ");
	rb_buf_adds(&md, "|\n");
	render_big(&md, "| words | words |", &len);
	rb_buf_release(&md);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(wraps_paragraphs_at_78),
		cmocka_unit_test(wraps_paragraphs_at_20),
		cmocka_unit_test(soft_and_hard_breaks),
		cmocka_unit_test(headings),
		cmocka_unit_test(bullet_and_ordered_lists),
		cmocka_unit_test(task_items),
		cmocka_unit_test(code_blocks_are_never_wrapped),
		cmocka_unit_test(inline_code),
		cmocka_unit_test(links),
		cmocka_unit_test(block_quotes),
		cmocka_unit_test(tables),
		cmocka_unit_test(thematic_break),
		cmocka_unit_test(utf8_counts_code_points),
		cmocka_unit_test(cjk_takes_two_columns_and_wraps_between_characters),
		cmocka_unit_test(emphasis_strike_and_html),
		cmocka_unit_test(empty_documents),
		cmocka_unit_test(wrap_text),
		cmocka_unit_test(appends_to_the_buffer),
		cmocka_unit_test(pathological_inputs),
	};

	return cmocka_run_group_tests_name("render_text", tests, NULL, NULL);
}
