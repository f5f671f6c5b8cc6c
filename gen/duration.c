#include <ctype.h>

#include "duration.h"

int rb_duration_parse(const char *s, long *out)
{
	long total = 0;
	long last_unit = 0;

	if (!s || !*s)
		return -1;
	while (*s) {
		long n = 0, unit;
		const char *start = s;

		while (isdigit((unsigned char)*s)) {
			if (n > 100000000L)
				return -1;
			n = n * 10 + (*s - '0');
			s++;
		}
		if (s == start)
			return -1;
		switch (*s) {
		case 'd': unit = 86400; break;
		case 'h': unit = 3600; break;
		case 'm': unit = 60; break;
		case 's': unit = 1; break;
		default: return -1;
		}
		/* units must come in decreasing order, each once: 1h30m, not 30m1h */
		if (last_unit && unit >= last_unit)
			return -1;
		last_unit = unit;
		total += n * unit;
		s++;
	}
	*out = total;
	return 0;
}

void rb_duration_format(struct rb_buf *out, long seconds)
{
	static const struct { long secs; char unit; } units[] = {
		{ 86400, 'd' }, { 3600, 'h' }, { 60, 'm' }, { 1, 's' },
	};
	bool any = false;

	if (seconds < 0)
		seconds = 0;
	for (size_t i = 0; i < RB_ARRAY_SIZE(units); i++) {
		long n = seconds / units[i].secs;

		if (n) {
			rb_buf_addf(out, "%ld%c", n, units[i].unit);
			seconds -= n * units[i].secs;
			any = true;
		}
	}
	if (!any)
		rb_buf_adds(out, "0s");
}

/* Howard Hinnant's days_from_civil / civil_from_days. */
static long days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? (unsigned)-3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static void civil_from_days(long z, long *y, unsigned *m, unsigned *d)
{
	long era;
	unsigned doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = (unsigned)(z - era * 146097);
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	*y = (long)yoe + era * 400;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp < 10 ? mp + 3 : mp - 9;
	*y += *m <= 2;
}

static unsigned month_days(long y, unsigned m)
{
	static const unsigned days[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31 };
	bool leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

int rb_date_parse(const char *s, long *days)
{
	unsigned y, m, d;

	for (int i = 0; i < 10; i++) {
		if (i == 4 || i == 7) {
			if (s[i] != '-')
				return -1;
		} else if (!isdigit((unsigned char)s[i])) {
			return -1;
		}
	}
	if (s[10])
		return -1;
	y = (unsigned)((s[0] - '0') * 1000 + (s[1] - '0') * 100 + (s[2] - '0') * 10 + (s[3] - '0'));
	m = (unsigned)((s[5] - '0') * 10 + (s[6] - '0'));
	d = (unsigned)((s[8] - '0') * 10 + (s[9] - '0'));
	if (y < 1970 || m < 1 || m > 12 || d < 1 || d > month_days(y, m))
		return -1;
	*days = days_from_civil(y, m, d);
	return 0;
}

void rb_date_format(struct rb_buf *out, long days)
{
	long y;
	unsigned m, d;

	civil_from_days(days, &y, &m, &d);
	rb_buf_addf(out, "%04ld-%02u-%02u", y, m, d);
}

long rb_date_add_months(long days, int months)
{
	long y;
	unsigned m, d;
	long total;

	civil_from_days(days, &y, &m, &d);
	total = y * 12 + (long)(m - 1) + months;
	y = total / 12;
	m = (unsigned)(total % 12) + 1;
	if (d > month_days(y, m))
		d = month_days(y, m);
	return days_from_civil(y, m, d);
}
