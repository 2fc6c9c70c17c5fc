/* fuzz_pg_int.c: how the PostgreSQL driver reads a column's text as an integer (store_pg_int64_of) against strtoll and against a second reading of its rules in 128-bit arithmetic, on any text. */
#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "store_pg.h"

/* The rules of store_pg.h read again, one character at a time: "t" is 1;
 * else blanks (C's isspace), one optional sign, one or more digits and
 * the end, the value clamped to int64; anything else 0. */
static int64_t
reference(const char *s)
{
	__int128 v = 0, lim = (__int128)INT64_MAX + 1;
	int neg = 0, digits = 0;

	if (strcmp(s, "t") == 0)
		return 1;
	while (isspace((unsigned char)*s))
		s++;
	if (*s == '+' || *s == '-')
		neg = *s++ == '-';
	for (; *s >= '0' && *s <= '9'; s++, digits++)
		if (v <= lim) /* past it the clamp decides */
			v = v * 10 + (*s - '0');
	if (digits == 0 || *s != '\0')
		return 0;
	if (neg)
		return v >= lim ? INT64_MIN : (int64_t)-v;
	return v >= lim ? INT64_MAX : (int64_t)v;
}

/* The reader before its own loop (2026-12-02): strtoll alone. */
static int64_t
by_strtoll(const char *t)
{
	char *end;
	long long v;

	if (t[0] == 't' && t[1] == '\0')
		return 1;
	errno = 0;
	v = strtoll(t, &end, 10);
	return end != t && *end == '\0' ? (int64_t)v : 0;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* The text ends at its first NUL, as PQgetvalue's does. */
	size_t n;
	char *text = fuzz_cstring(data, size, &n);
	int64_t got, want, old;

	if (text == NULL)
		return 0;
	got = store_pg_int64_of(text);
	want = reference(text);
	old = by_strtoll(text);
	FUZZ_ASSERT(got == want, "read %lld, the rules say %lld: \"%s\"",
	            (long long)got, (long long)want, fuzz_show(text, n));
	FUZZ_ASSERT(got == old, "read %lld, strtoll's reader %lld: \"%s\"",
	            (long long)got, (long long)old, fuzz_show(text, n));
	FUZZ_ASSERT(store_pg_int64_of(NULL) == 0, "NULL is not 0");
	free(text);
	return 0;
}
