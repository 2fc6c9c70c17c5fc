/* util.h: per-request arena, growable byte buffer, escaping, parsing and time helpers. */
#ifndef AIGO_UTIL_H
#define AIGO_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <time.h>

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* Arena: all memory of one request (or one job) freed by one call. */
struct arena;

/* Returns a new arena; aborts only when the process is out of memory. */
struct arena *arena_new(void);
/* Frees every block the arena handed out, and the arena. NULL is allowed. */
void arena_free(struct arena *a);
/* Returns zeroed memory owned by the arena (never NULL). */
void *arena_alloc(struct arena *a, size_t size);
/* Returns a copy of s (or of its first n bytes) owned by the arena. */
char *arena_strdup(struct arena *a, const char *s);
char *arena_strndup(struct arena *a, const char *s, size_t n);
/* printf into arena memory. */
char *arena_printf(struct arena *a, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

/* Growable buffer; always NUL-terminated after the first append. */
struct buf {
	char *data;
	size_t len;
	size_t cap;
};

void buf_append(struct buf *b, const void *data, size_t len);
void buf_puts(struct buf *b, const char *s);
void buf_printf(struct buf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));
/* Appends s with &, <, >, " and ' replaced by entities (HTML, SVG text). */
void buf_put_xml_escaped(struct buf *b, const char *s);
/* Appends s percent-encoded for a URL query value (all but A-Z a-z 0-9
 * - . _ ~ and /). */
void buf_put_url_encoded(struct buf *b, const char *s);
void buf_free(struct buf *b);

/* Parses a whole decimal integer in [min, max]; returns 0 on success, -1 on
 * an empty string, trailing bytes, or a value out of range. */
int parse_int64(const char *s, int64_t min, int64_t max, int64_t *out);

/* Writes t as RFC 3339 UTC ("2026-11-28T03:48:00Z") into out (>= 21 bytes). */
void time_rfc3339(int64_t t, char out[21]);
/* Parses RFC 3339 "YYYY-MM-DDTHH:MM:SS[.frac](Z|+hh:mm|-hh:mm)" into seconds
 * since the epoch (the fraction is dropped); 0 on success, -1 otherwise
 * (also for a time before 1970). */
int time_parse_rfc3339(const char *s, int64_t *out);

/* Whether s[0..n) is well-formed UTF-8 (no overlong forms, surrogates or
 * values past U+10FFFF). */
int utf8_valid(const char *s, size_t n);

/* A percentage v in [0, 100] as shown with `decimals` decimals (DESIGN 3,
 * shown percentages): rounded, except that a value below 100 never shows
 * as 100 and one above 0 never as 0; they show as 100 - 10^-decimals and
 * 10^-decimals (99.9 and 0.1 with one decimal). */
double percent_shown(double v, int decimals);

/* The n values v in hundredths, into cents: each its value's floor or
 * ceiling, so that they add up to the values' sum in hundredths, rounded
 * (largest remainders). Decimals shown apart still add up. */
void hundredths_summing(const double *v, int n, int64_t *cents);

/* The number of bytes of a UTF-8 byte order mark at the start of s[0..n)
 * (spreadsheets write one before CSV and JSON): 3 or 0. */
size_t utf8_bom_len(const char *s, size_t n);

/* The current time in seconds: AIGO_NOW when set to an integer, else the
 * clock. Tests fix the clock through AIGO_NOW. */
int64_t clock_now(void);

/* 64-bit FNV-1a over bytes; stable across runs and machines. */
uint64_t hash_fnv1a(const void *data, size_t len, uint64_t seed);

/* Reads a whole file into malloc'd memory (NUL-terminated); NULL on error
 * with errno set. The caller frees. */
char *file_read_all(const char *path, size_t *len);

/* Calls fn(ctx, path, name, text) for every file of dir whose name ends in
 * suffix, with the file's text (freed after the call). Stops at the first
 * non-zero return and returns it; returns -1 with err set when the
 * directory or a file cannot be read. */
typedef int (*dir_file_fn)(void *ctx, const char *path, const char *name,
                           const char *text);
int dir_each_file(const char *dir, const char *suffix, dir_file_fn fn,
                  void *ctx, char *err, size_t errlen);

/* Logs one line to stderr: "ts level msg" (printf-style msg), when level
 * (debug, info, warn, error) is at least AIGO_LOG_LEVEL (default info). */
void log_msg(const char *level, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

#endif
