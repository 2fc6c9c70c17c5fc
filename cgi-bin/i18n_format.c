/* i18n_format.c: locale-aware formatting: numbers, percentages, durations, times and {placeholder} filling. */
#include "i18n.h"

#include <stdio.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "numfmt.h"

char *
i18n_fill(struct arena *a, const char *pattern, const char *const names[],
          const char *const values[], size_t n)
{
	struct buf b = {0};
	const char *p = pattern;
	char *out;

	while (*p != '\0') {
		const char *open = strchr(p, '{'), *close;
		size_t i;

		if (open == NULL || (close = strchr(open, '}')) == NULL) {
			buf_puts(&b, p);
			break;
		}
		buf_append(&b, p, (size_t)(open - p));
		for (i = 0; i < n; i++)
			if (strlen(names[i]) == (size_t)(close - open - 1) &&
			    strncmp(open + 1, names[i], strlen(names[i])) == 0)
				break;
		if (i < n)
			buf_puts(&b, values[i]);
		else
			buf_append(&b, open, (size_t)(close - open + 1));
		p = close + 1;
	}
	out = arena_strdup(a, b.data ? b.data : "");
	buf_free(&b);
	return out;
}

int
i18n_plural_is_one(const char *code, int64_t n)
{
	/* Korean, Japanese and Chinese have one form; English and Spanish
	 * use "one" for exactly 1. */
	static const char *const no_plural[] = {"ko", "ja", "zh"};

	for (size_t i = 0; i < NELEM(no_plural); i++)
		if (strcmp(code, no_plural[i]) == 0)
			return 0;
	return n == 1;
}

const char *
i18n_fmt_int(struct arena *a, const struct locale *loc, int64_t v)
{
	char digits[32], out[64];
	const char *sep = loc->msg[MSG_FORMAT_GROUP];
	size_t sl = strlen(sep), o = 0;
	int neg = v < 0;
	int n =
	    snprintf(digits, sizeof(digits), "%llu",
	             (unsigned long long)(neg ? -(v + 1) + 1ULL : (uint64_t)v));

	if (neg)
		out[o++] = '-';
	for (int i = 0; i < n; i++) {
		if (i > 0 && (n - i) % 3 == 0 && o + sl < sizeof(out)) {
			memcpy(out + o, sep, sl);
			o += sl;
		}
		if (o < sizeof(out) - 1)
			out[o++] = digits[i];
	}
	out[o] = '\0';
	return arena_strdup(a, out);
}

const char *
i18n_fmt_decimal(struct arena *a, const struct locale *loc, double v,
                 int decimals)
{
	char num[48];
	char *dot;

	snprintf(num, sizeof(num), "%.*f", decimals, v);
	dot = strchr(num, '.');
	if (dot == NULL)
		return arena_strdup(a, num);
	*dot = '\0';
	return arena_printf(a, "%s%s%s", num, loc->msg[MSG_FORMAT_DECIMAL],
	                    dot + 1);
}

const char *
i18n_fmt_percent(struct arena *a, const struct locale *loc, double v)
{
	const char *names[] = {"value"};
	const char *values[] = {
	    i18n_fmt_decimal(a, loc, percent_shown(v, 1), 1)};

	return i18n_fill(a, loc->msg[MSG_FORMAT_PERCENT], names, values, 1);
}

const char *
i18n_fmt_ms(struct arena *a, const struct locale *loc, int64_t ms)
{
	const char *names[] = {"ms"};
	const char *values[] = {i18n_fmt_int(a, loc, ms)};

	return i18n_fill(a, loc->msg[MSG_FORMAT_MILLISECONDS], names, values,
	                 1);
}

const char *
i18n_fmt_relative(struct arena *a, const struct locale *loc, int64_t ago)
{
	static const struct {
		int64_t unit;
		enum msg one, other;
	} units[] = {
	    {86400, MSG_TIME_DAYS_ONE, MSG_TIME_DAYS_OTHER},
	    {3600, MSG_TIME_HOURS_ONE, MSG_TIME_HOURS_OTHER},
	    {60, MSG_TIME_MINUTES_ONE, MSG_TIME_MINUTES_OTHER},
	};

	for (size_t i = 0; i < NELEM(units); i++) {
		if (ago >= units[i].unit) {
			int64_t n = ago / units[i].unit;
			const char *names[] = {"n"};
			const char *values[] = {i18n_fmt_int(a, loc, n)};
			enum msg m = i18n_plural_is_one(loc->code, n)
			                 ? units[i].one
			                 : units[i].other;
			return i18n_fill(a, loc->msg[m], names, values, 1);
		}
	}
	return loc->msg[MSG_TIME_JUST_NOW];
}

const char *
i18n_fmt_datetime(struct arena *a, const struct locale *loc, int64_t t)
{
	return i18n_fmt_time_pattern(a, loc, MSG_FORMAT_DATETIME, t);
}

const char *
i18n_fmt_time_pattern(struct arena *a, const struct locale *loc,
                      enum msg pattern, int64_t t)
{
	time_t tt = (time_t)t;
	struct tm tm;
	const char *names[] = {"year", "month",  "day",
	                       "hour", "minute", "zone"};
	const char *values[6];

	/* In the display time zone (TZ, set from AIGO_TIMEZONE; UTC by
	 * default), with its abbreviation shown. */
	localtime_r(&tt, &tm);
	values[0] = arena_printf(a, "%04d", tm.tm_year + 1900);
	values[1] = arena_printf(a, "%02d", tm.tm_mon + 1);
	values[2] = arena_printf(a, "%02d", tm.tm_mday);
	values[3] = arena_printf(a, "%02d", tm.tm_hour);
	values[4] = arena_printf(a, "%02d", tm.tm_min);
	values[5] = tm.tm_zone != NULL ? arena_strdup(a, tm.tm_zone) : "UTC";
	return i18n_fill(a, loc->msg[pattern], names, values, 6);
}

const char *
i18n_fmt_duration(struct arena *a, const struct locale *loc, int64_t secs)
{
	const char *names[] = {"d", "h", "m"};
	const char *values[3];
	enum msg m;

	if (secs < 60)
		return loc->msg[MSG_DURATION_UNDER_MINUTE];
	values[0] = i18n_fmt_int(a, loc, secs / 86400);
	values[1] = i18n_fmt_int(
	    a, loc, secs >= 86400 ? secs % 86400 / 3600 : secs / 3600);
	values[2] =
	    i18n_fmt_int(a, loc, secs >= 3600 ? secs % 3600 / 60 : secs / 60);
	m = secs >= 86400  ? MSG_DURATION_DAYS_HOURS
	    : secs >= 3600 ? MSG_DURATION_HOURS_MINUTES
	                   : MSG_DURATION_MINUTES;
	return i18n_fill(a, loc->msg[m], names, values, 3);
}
