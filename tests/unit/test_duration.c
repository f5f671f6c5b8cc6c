#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <cmocka.h>

#include "duration.h"

static void parses_durations(void **state)
{
	long s;

	(void)state;
	assert_int_equal(rb_duration_parse("90s", &s), 0);
	assert_int_equal(s, 90);
	assert_int_equal(rb_duration_parse("15m", &s), 0);
	assert_int_equal(s, 900);
	assert_int_equal(rb_duration_parse("1h30m", &s), 0);
	assert_int_equal(s, 5400);
	assert_int_equal(rb_duration_parse("1d", &s), 0);
	assert_int_equal(s, 86400);
	assert_int_equal(rb_duration_parse("0s", &s), 0);
	assert_int_equal(s, 0);
}

static void refuses_bad_durations(void **state)
{
	long s;

	(void)state;
	assert_int_equal(rb_duration_parse("", &s), -1);
	assert_int_equal(rb_duration_parse("15", &s), -1);
	assert_int_equal(rb_duration_parse("m", &s), -1);
	assert_int_equal(rb_duration_parse("30m1h", &s), -1);
	assert_int_equal(rb_duration_parse("1h1h", &s), -1);
	assert_int_equal(rb_duration_parse("15 m", &s), -1);
	assert_int_equal(rb_duration_parse("-5m", &s), -1);
	assert_int_equal(rb_duration_parse("99999999999999h", &s), -1);
}

static void formats_durations(void **state)
{
	struct rb_buf b = RB_BUF_INIT;

	(void)state;
	rb_duration_format(&b, 5400);
	assert_string_equal(b.ptr, "1h30m");
	rb_buf_reset(&b);
	rb_duration_format(&b, 0);
	assert_string_equal(b.ptr, "0s");
	rb_buf_reset(&b);
	rb_duration_format(&b, 90061);
	assert_string_equal(b.ptr, "1d1h1m1s");
	rb_buf_release(&b);
}

static void dates_round_trip(void **state)
{
	struct rb_buf b = RB_BUF_INIT;
	long d;

	(void)state;
	assert_int_equal(rb_date_parse("1970-01-01", &d), 0);
	assert_int_equal(d, 0);
	assert_int_equal(rb_date_parse("2026-11-24", &d), 0);
	assert_int_equal(d, 20781);
	rb_date_format(&b, d);
	assert_string_equal(b.ptr, "2026-11-24");
	assert_int_equal(rb_date_parse("2026-02-29", &d), -1);
	assert_int_equal(rb_date_parse("2024-02-29", &d), 0);
	assert_int_equal(rb_date_parse("2026-13-01", &d), -1);
	assert_int_equal(rb_date_parse("2026-1-01", &d), -1);
	assert_int_equal(rb_date_parse("2026-01-011", &d), -1);
	rb_buf_release(&b);
}

static void adds_months_clamping_the_day(void **state)
{
	struct rb_buf b = RB_BUF_INIT;
	long d;

	(void)state;
	rb_date_parse("2026-01-31", &d);
	rb_date_format(&b, rb_date_add_months(d, 1));
	assert_string_equal(b.ptr, "2026-02-28");
	rb_buf_reset(&b);
	rb_date_parse("2026-10-14", &d);
	rb_date_format(&b, rb_date_add_months(d, 6));
	assert_string_equal(b.ptr, "2027-04-14");
	rb_buf_release(&b);
}

int main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(parses_durations),
		cmocka_unit_test(refuses_bad_durations),
		cmocka_unit_test(formats_durations),
		cmocka_unit_test(dates_round_trip),
		cmocka_unit_test(adds_months_clamping_the_day),
	};

	return cmocka_run_group_tests_name("duration", tests, NULL, NULL);
}
