#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <string.h>

#include "buf.h"
#include "figure.h"

static const char sample[] =
	"figure 440 60\n"
	"label Core API: failover 11m30s against an RTO of 15m\n"
	"rect steps 0 22 400 14\n"
	"line target 385 18 385 48\n"
	"arrow copy 10 20 200 20\n"
	"title backup copy to us-west-2\n"
	"text label 4 34 start 10 11m30s\n"
	"text head 220 11 middle 12 Two  words kept\n";

/* The line format reads back into what writes it, shape for shape. */
static void round_trip(void **state)
{
	struct rb_figure f;
	struct rb_buf out = RB_BUF_INIT;
	char err[160];

	(void)state;
	assert_int_equal(rb_figure_parse(&f, sample, strlen(sample), err, sizeof(err)), 0);
	assert_int_equal(f.width, 440);
	assert_int_equal(f.height, 60);
	assert_int_equal((int)f.nr, 5);
	assert_int_equal(f.shapes[2].kind, RB_SHAPE_ARROW);
	assert_string_equal(f.shapes[2].title, "backup copy to us-west-2");
	assert_int_equal(f.shapes[4].anchor, RB_ANCHOR_MIDDLE);
	assert_string_equal(f.shapes[4].text, "Two  words kept");
	rb_figure_write(&out, &f);
	assert_string_equal(out.ptr, sample);
	rb_buf_release(&out);
	rb_figure_release(&f);
}

/* A line it cannot read is named, with its number. */
static void bad_lines(void **state)
{
	static const char *const bad[] = {
		"rect a 0 0 1 1\n",                       /* no figure line first */
		"figure 0 10\n",                          /* no size */
		"figure 10 10\nrect a 0 0 -1 1\n",        /* a negative size */
		"figure 10 10\nrect a 0 0 1\n",           /* a number short */
		"figure 10 10\nrect a 0 0 1 1 1\n",       /* a number too many */
		"figure 10 10\ntext a 0 0 left 10 x\n",   /* no such anchor */
		"figure 10 10\ncircle a 0 0 1 1\n",       /* no such shape */
		"figure 10 10\ntitle alone\n",            /* a title of nothing */
		"",
	};
	struct rb_figure f;
	char err[160];

	(void)state;
	for (size_t i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(rb_figure_parse(&f, bad[i], strlen(bad[i]), err, sizeof(err)), -1);
		rb_figure_release(&f);
	}
	assert_int_equal(rb_figure_parse(&f, bad[6], strlen(bad[6]), err, sizeof(err)), -1);
	assert_string_equal(err, "figure line 2 cannot be read: 'circle a 0 0 1 1'");
	rb_figure_release(&f);
}

/* A long address keeps its head and tail around an ellipsis. */
static void fit(void **state)
{
	char *s;

	(void)state;
	s = rb_figure_fit("aws_db_instance.primary", 10, 400);
	assert_string_equal(s, "aws_db_instance.primary");
	free(s);
	/* 10 columns of 6.2 units: 62 units */
	s = rb_figure_fit("module.dr.aws_ecs_service.backend[\"api\"]", 10, 62);
	assert_string_equal(s, "modul\u2026pi\"]");
	free(s);
	assert_int_equal(rb_figure_text_width("abcde", 10), 31);
}

/* Text is one line: a newline in a label becomes a space. */
static void one_line_text(void **state)
{
	struct rb_figure f;
	struct rb_buf out = RB_BUF_INIT;

	(void)state;
	rb_figure_init(&f, 10, 10);
	rb_figure_label(&f, "two\nlines");
	rb_figure_text(&f, "Label!", 0, 5, RB_ANCHOR_END, 9, "a\tb");
	rb_figure_write(&out, &f);
	assert_string_equal(out.ptr, "figure 10 10\nlabel two lines\ntext -abel- 0 5 end 9 a b\n");
	rb_buf_release(&out);
	rb_figure_release(&f);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(round_trip),
		cmocka_unit_test(bad_lines),
		cmocka_unit_test(fit),
		cmocka_unit_test(one_line_text),
	};

	return cmocka_run_group_tests_name("figure", tests, NULL, NULL);
}
