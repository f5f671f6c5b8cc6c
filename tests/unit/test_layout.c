#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include <math.h>

#include "buf.h"
#include "layout.h"

/*
 * Items from a string, as the text renderer makes them: a run of letters
 * is a word as wide as it is long, a space a blank one column wide, a
 * newline a forced break.
 */
struct items {
	const char *s;
	size_t off[64], len[64];
	enum rb_layout_kind kind[64];
	size_t nr;
};

static void items_from(struct items *it, const char *s)
{
	it->s = s;
	it->nr = 0;
	for (size_t i = 0; s[i];) {
		size_t j = i + 1;

		if (s[i] == ' ')
			it->kind[it->nr] = RB_LAYOUT_SPACE;
		else if (s[i] == '\n')
			it->kind[it->nr] = RB_LAYOUT_BREAK;
		else {
			it->kind[it->nr] = RB_LAYOUT_WORD;
			while (s[j] && s[j] != ' ' && s[j] != '\n')
				j++;
		}
		it->off[it->nr] = i;
		it->len[it->nr] = j - i;
		it->nr++;
		i = j;
	}
}

static enum rb_layout_kind kind(void *ctx, size_t i)
{
	const struct items *it = ctx;

	return it->kind[i];
}

static double width(void *ctx, double line, size_t first, size_t i)
{
	const struct items *it = ctx;
	double space = i > first && it->kind[i - 1] == RB_LAYOUT_SPACE ? 1 : 0;

	return line + space + (double)it->len[i];
}

/* The lines `s` breaks into, one per line of the result. */
static char *wrap(const char *s, double first_room, double room)
{
	struct items it;
	struct rb_layout_measure m = { kind, width, &it };
	struct rb_layout_lines lines = { NULL, 0, 0 };
	struct rb_buf out = RB_BUF_INIT;

	items_from(&it, s);
	rb_layout_break(&lines, it.nr, &m, first_room, room);
	for (size_t k = 0; k < lines.nr; k++) {
		const struct rb_layout_line *l = &lines.items[k];

		if (l->first < l->end)
			rb_buf_add(&out, s + it.off[l->first],
				   it.off[l->end - 1] + it.len[l->end - 1] - it.off[l->first]);
		rb_buf_addch(&out, '|');
	}
	rb_layout_lines_release(&lines);
	return rb_buf_detach(&out, NULL);
}

static void check_wrap(const char *s, double first_room, double room, const char *want)
{
	char *got = wrap(s, first_room, room);

	assert_string_equal(got, want);
	free(got);
}

static void greedy_lines(void **state)
{
	(void)state;
	check_wrap("aa bb cc dd", 5, 5, "aa bb|cc dd|");
	check_wrap("aa bb cc dd", 4, 4, "aa|bb|cc|dd|");
	check_wrap("aa bb cc dd", 2, 8, "aa|bb cc dd|");
	check_wrap("aa bb cc dd", HUGE_VAL, HUGE_VAL, "aa bb cc dd|");
	check_wrap("", 5, 5, "");
}

static void long_words_stand_alone(void **state)
{
	(void)state;
	check_wrap("a verylongword b", 5, 5, "a|verylongword|b|");
	check_wrap("verylongword", 1, 1, "verylongword|");
}

static void forced_breaks(void **state)
{
	(void)state;
	check_wrap("aa\nbb", 10, 10, "aa|bb|");
	/* a break on an empty line makes a blank line */
	check_wrap("aa\n\nbb", 10, 10, "aa||bb|");
	check_wrap("\naa", 10, 10, "|aa|");
}

static void widest_word(void **state)
{
	struct items it;
	struct rb_layout_measure m = { kind, width, &it };

	(void)state;
	items_from(&it, "a bbb\ncc");
	assert_true(rb_layout_widest_word(it.nr, &m) == 3);
	items_from(&it, "");
	assert_true(rb_layout_widest_word(it.nr, &m) == 0);
}

static void columns_that_fit_keep_their_width(void **state)
{
	double natural[] = { 3, 10, 5 }, least[] = { 3, 4, 5 }, w[3];

	(void)state;
	rb_layout_fit_columns(w, natural, least, 3, 18, RB_LAYOUT_COLUMNS);
	assert_true(w[0] == 3 && w[1] == 10 && w[2] == 5);
	rb_layout_fit_columns(w, natural, least, 3, 18, RB_LAYOUT_POINTS);
	assert_true(w[0] == 3 && w[1] == 10 && w[2] == 5);
}

static void wide_columns_share_the_rest(void **state)
{
	double natural[] = { 2, 20, 30 }, least[] = { 2, 3, 3 }, w[3];

	(void)state;
	/* 2 stays; 20 and 30 share 23 columns, the odd one to the first */
	rb_layout_fit_columns(w, natural, least, 3, 25, RB_LAYOUT_COLUMNS);
	assert_true(w[0] == 2 && w[1] == 12 && w[2] == 11);
	rb_layout_fit_columns(w, natural, least, 3, 25, RB_LAYOUT_POINTS);
	assert_true(w[0] == 2);
	assert_true(fabs(w[1] - 11.5) < 0.001 && fabs(w[2] - 11.5) < 0.001);
}

static void least_widths_are_kept(void **state)
{
	double natural[] = { 20, 20 }, least[] = { 15, 3 }, w[2];

	(void)state;
	rb_layout_fit_columns(w, natural, least, 2, 20, RB_LAYOUT_COLUMNS);
	assert_true(w[0] == 15 && w[1] == 5);
	/* too narrow for the words: the columns do not fit */
	rb_layout_fit_columns(w, natural, least, 2, 10, RB_LAYOUT_COLUMNS);
	assert_true(w[0] == 15 && w[1] == 3);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(greedy_lines),
		cmocka_unit_test(long_words_stand_alone),
		cmocka_unit_test(forced_breaks),
		cmocka_unit_test(widest_word),
		cmocka_unit_test(columns_that_fit_keep_their_width),
		cmocka_unit_test(wide_columns_share_the_rest),
		cmocka_unit_test(least_widths_are_kept),
	};

	return cmocka_run_group_tests_name("layout", tests, NULL, NULL);
}
