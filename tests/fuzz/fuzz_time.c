/* fuzz_time.c: RFC 3339 times (time_parse_rfc3339) against a reference reading with calendar arithmetic of its own, and the round trip through time_rfc3339. */
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "timefmt.h"

static int
num(const char *s, int n, int *out)
{
	*out = 0;
	for (int i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		*out = *out * 10 + (s[i] - '0');
	}
	return 0;
}

/* Days from 1970-01-01 to y-m-d of the proleptic Gregorian calendar. */
static int64_t
days_from_civil(int64_t y, int m, int d)
{
	int64_t era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

static int
month_days(int y, int m)
{
	static const int days[] = {31, 28, 31, 30, 31, 30,
	                           31, 31, 30, 31, 30, 31};
	int leap = (y % 4 == 0 && y % 100 != 0) || y % 400 == 0;

	return m == 2 && leap ? 29 : days[m - 1];
}

/* RFC 3339 section 5.6 date-time ('T'/'Z' in either case, any fraction,
 * offsets to 23:59, from 1970 on): 1 with *t set, 0 when not one, and -1
 * for second 60
 * (a leap second, which a reader may refuse or take as the next second,
 * *t). */
static int
reference_parse(const char *s, int64_t *t)
{
	int y, mo, d, h, mi, se, oh = 0, om = 0, sign = 0;
	size_t n = strlen(s), i = 19;

	if (n < 20 || num(s, 4, &y) || s[4] != '-' || num(s + 5, 2, &mo) ||
	    s[7] != '-' || num(s + 8, 2, &d) ||
	    (s[10] != 'T' && s[10] != 't') || num(s + 11, 2, &h) ||
	    s[13] != ':' || num(s + 14, 2, &mi) || s[16] != ':' ||
	    num(s + 17, 2, &se))
		return 0;
	if (s[i] == '.') {
		size_t start = ++i;

		while (s[i] >= '0' && s[i] <= '9')
			i++;
		if (i == start)
			return 0;
	}
	if ((s[i] == 'Z' || s[i] == 'z') && s[i + 1] == '\0') {
		sign = 0;
	} else if ((s[i] == '+' || s[i] == '-') && n - i == 6 &&
	           num(s + i + 1, 2, &oh) == 0 && s[i + 3] == ':' &&
	           num(s + i + 4, 2, &om) == 0 && oh <= 23 && om <= 59) {
		sign = s[i] == '-' ? -1 : 1;
	} else {
		return 0;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > month_days(y, mo) || h > 23 ||
	    mi > 59 || se > 60)
		return 0;
	*t = days_from_civil(y, mo, d) * 86400 + h * 3600 + mi * 60 + se -
	     sign * (oh * 3600 + om * 60);
	/* No check was made before 1970: such a time is refused. */
	if (y < 1970 || *t < 0)
		return 0;
	return se == 60 ? -1 : 1;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	char *s = strndup((const char *)data, size);
	int64_t got = 0, want = 0;
	int rc = time_parse_rfc3339(s, &got), ref = reference_parse(s, &want);

	FUZZ_ASSERT(rc == 0 || rc == -1, "returned %d", rc);
	if (ref == 1) {
		FUZZ_ASSERT(rc == 0, "\"%s\" refused", fuzz_show(s, strlen(s)));
		FUZZ_ASSERT(got == want, "\"%s\" read as %lld, not %lld",
		            fuzz_show(s, strlen(s)), (long long)got,
		            (long long)want);
	} else if (ref == 0) {
		FUZZ_ASSERT(rc != 0,
		            "\"%s\" is not an RFC 3339 time, read as "
		            "%lld",
		            fuzz_show(s, strlen(s)), (long long)got);
	} else if (rc == 0) {
		FUZZ_ASSERT(got == want,
		            "leap second \"%s\" read as %lld, not "
		            "%lld",
		            fuzz_show(s, strlen(s)), (long long)got,
		            (long long)want);
	}
	/* Written back in UTC, it reads the same (years 1000 to 9999, which
	 * the writer prints in four digits). */
	if (rc == 0 && got >= INT64_C(-30610224000) &&
	    got <= INT64_C(253402300799)) {
		char back[21];
		int64_t again = 0;

		time_rfc3339(got, back);
		FUZZ_ASSERT(time_parse_rfc3339(back, &again) == 0 &&
		                again == got,
		            "%lld written as \"%s\" does not read back",
		            (long long)got, back);
	}
	free(s);
	return 0;
}
