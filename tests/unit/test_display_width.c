#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "display_width.h"

static size_t width(const char *s)
{
	return rb_display_width(s, strlen(s));
}

static void columns(void **state)
{
	(void)state;
	assert_int_equal(width("failover"), 8);
	assert_int_equal(width("集群故障迁移"), 12);
	assert_int_equal(width("障害が発生"), 10);
	assert_int_equal(width("장애"), 4);
	assert_int_equal(width("ＡＢ"), 4);		/* fullwidth forms */
	assert_int_equal(width("Ελληνικά Русский"), 16);
	assert_int_equal(width("العربية"), 7);
	assert_int_equal(width("e\xcc\x81"), 1);	/* e + combining acute */
	assert_int_equal(width("a\xe2\x80\x8b" "b"), 2);	/* zero width space */
	assert_int_equal(width("\xff" "a"), 2);	/* a stray byte is one column */
	assert_int_equal(rb_char_width(0x1f600), 2);	/* emoji */
	assert_int_equal(rb_char_width(0x20000), 2);	/* CJK extension B */
}

static void decoding(void **state)
{
	size_t n;

	(void)state;
	assert_int_equal(rb_utf8_next("\xe9\x9b\x86", 3, &n), 0x96c6);
	assert_int_equal(n, 3);
	assert_int_equal(rb_utf8_next("\xe9\x9b", 2, &n), 0xfffd);	/* cut short */
	assert_int_equal(n, 2);
	assert_int_equal(rb_utf8_next("\xc0\xaf", 2, &n), 0xfffd);	/* overlong */
	assert_int_equal(n, 1);
	assert_int_equal(rb_utf8_next("\xed\xa0\x80", 3, &n), 0xfffd);	/* surrogate */
	assert_int_equal(rb_utf8_next("\xf0\x9f\x98\x80", 4, &n), 0x1f600);
	assert_int_equal(n, 4);
}

static void where_cjk_breaks(void **state)
{
	(void)state;
	/* between two ideographs, and between an ideograph and a Latin letter */
	assert_true(rb_may_break_between(0x96c6, 0x7fa4));
	assert_true(rb_may_break_between('a', 0x96c6));
	/* never between Latin letters, nor before 。 or after 「 */
	assert_false(rb_may_break_between('a', 'b'));
	assert_false(rb_may_break_between(0x96c6, 0x3002));
	assert_false(rb_may_break_between(0x300c, 0x96c6));
	assert_false(rb_may_break_between(0x30c6, 0x30fc));	/* テー */
	/* Hangul wraps at spaces only */
	assert_false(rb_may_break_between(0xc7a5, 0xc560));
	assert_int_equal(rb_unbroken_head("集群", 6), 3);
	assert_int_equal(rb_unbroken_head("Pod实例", 9), 3);
	assert_int_equal(rb_unbroken_head("群。", 6), 6);
	assert_int_equal(rb_unbroken_head("member1", 7), 7);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(columns),
		cmocka_unit_test(decoding),
		cmocka_unit_test(where_cjk_breaks),
	};

	return cmocka_run_group_tests_name("display_width", tests, NULL, NULL);
}
