/* json.h: cJSON helpers shared by the JSON API, ingest and the files the program reads: strict parsing, times, numbers. */
#ifndef AIGO_JSON_H
#define AIGO_JSON_H

#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>

/* Why json_parse refused a text. */
struct json_error {
	const char *reason; /* static text, such as "not valid JSON" */
	size_t offset;      /* the byte where it went wrong, 0 if none */
	char pointer[128];  /* for a NUL: the JSON Pointer of the string
	                       ("/checks/3/error"; "" for the root), else "" */
};

/* Parses text[0..len) as exactly one JSON value. A UTF-8 BOM before it and
 * whitespace after it are allowed; any other byte after it, and a string
 * holding a NUL (\u0000 or a raw NUL byte, which cJSON would cut the
 * string at), are refused. Returns the tree (the caller cJSON_Deletes it),
 * or NULL with e filled. */
cJSON *json_parse(const char *text, size_t len, struct json_error *e);

/* e as one line of text into out: "not valid JSON at byte 12", or
 * "/a/0/b: a string holds a NUL character (\u0000)". */
void json_error_text(const struct json_error *e, char *out, size_t outlen);

/* root as JSON text on one line (json_print) or indented for people to read
 * (json_print_indented), in malloc'd memory the caller frees. Never NULL:
 * cJSON fails to print only when memory runs out, and that aborts
 * (xnonnull). cJSON allocates with plain malloc, not through
 * cJSON_InitHooks: hooks other than malloc and free would turn off its
 * realloc, and every answer printed would be copied once more. */
char *json_print(const cJSON *root);
char *json_print_indented(const cJSON *root);

/* Adds t as an RFC 3339 UTC string ("2026-11-28T04:00:00Z"). */
void json_add_time(cJSON *o, const char *name, int64_t t);
/* Adds v as a number when has, else null. */
void json_add_int_or_null(cJSON *o, const char *name, int has, int64_t v);

/* Adds the n (at most 8) values v under names, each to two decimals,
 * rounded so that they add up to their sum rounded to two decimals
 * (largest remainders: each is its value's floor or ceiling in
 * hundredths); all null when !has. */
void json_add_decimals_summing(cJSON *o, const char *const *names,
                               const double *v, int n, int has);

/* Adds a percentage with two decimals when has, else null. */
void json_add_percent(cJSON *o, const char *name, int has, double v);

#endif
