/* timefmt.h: RFC 3339 times, the clock (fixed by AIGO_NOW in tests), and bounded integer parsing. */
#ifndef AIGO_TIMEFMT_H
#define AIGO_TIMEFMT_H

#include <stdint.h>

/* Parses a whole decimal integer in [min, max]; returns 0 on success, -1 on
 * an empty string, trailing bytes, or a value out of range. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Writes t as RFC 3339 UTC ("2026-11-28T03:48:00Z") into out (>= 21 bytes). */
void time_rfc3339(int64_t t, char out[21]);
/* Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)" into seconds
 * since the epoch (the fraction is dropped); 0 on success, -1 otherwise
 * (also for a time before 1970). */
int time_parse_rfc3339(const char *s, int64_t *out);

/* The current time in seconds: AIGO_NOW when set to an integer, else the
 * clock. Tests fix the clock through AIGO_NOW. */
int64_t clock_now(void);

/* Microseconds of the monotonic clock (CLOCK_MONOTONIC): for durations
 * and deadlines only, never for dates. */
int64_t clock_mono_us(void);

/* Seconds (with their fraction) of the monotonic clock since t0_us, an
 * earlier clock_mono_us(): for "done in 1.2 s" lines. */
double clock_mono_secs_since(int64_t t0_us);

#endif
