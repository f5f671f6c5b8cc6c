#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "bidi.h"

static void direction_of_a_word(void **state)
{
	(void)state;
	assert_true(rb_bidi_word_is_rtl("العربية:"));
	assert_true(rb_bidi_word_is_rtl("(עברית)"));
	assert_false(rb_bidi_word_is_rtl("failover"));
	assert_false(rb_bidi_word_is_rtl("2026-12-01"));
	assert_false(rb_bidi_word_is_rtl("集群"));
	/* punctuation alone decides nothing */
	assert_false(rb_bidi_word_is_rtl("،."));
	assert_true(rb_bidi_word_is_rtl("،عطل"));
}

static void reversed(void **state)
{
	char *s;

	(void)state;
	s = rb_bidi_reversed("عطل،");
	assert_string_equal(s, "،لطع");
	free(s);
	/* a mark stays after its letter: alef + fathatan */
	s = rb_bidi_reversed("\xd9\x84\xd8\xa7\xd9\x8b");
	assert_string_equal(s, "\xd8\xa7\xd9\x8b\xd9\x84");
	free(s);
	s = rb_bidi_reversed("");
	assert_string_equal(s, "");
	free(s);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(direction_of_a_word),
		cmocka_unit_test(reversed),
	};

	return cmocka_run_group_tests_name("bidi", tests, NULL, NULL);
}
