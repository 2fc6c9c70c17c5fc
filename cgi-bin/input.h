/* input.h: validates every query key once, up front, into typed fields of struct input. */
#ifndef AIGO_INPUT_H
#define AIGO_INPUT_H

#include "http.h"

#define INPUT_VALUE_MAX 256

/* The name of each query key ("range"), by enum key. */
extern const char *const input_key_names[KEY__MAX];

/* Parses query (application/x-www-form-urlencoded) into in, with defaults
 * for absent keys. Unknown keys are ignored. Returns -1 and the offending
 * key's name in *bad_key when a known key has an invalid value (too long,
 * malformed escape, not in its enumeration); 0 otherwise. */
int input_parse(const char *query, struct input *in, const char **bad_key);

/* The query of in's present keys, each with its validated value: "" when
 * none, else "?key=value&..." (URL-encoded, in key order), in arena a. Links
 * carry this, never the raw query: what they repeat is bounded and valid. */
const char *input_query(const struct input *in, struct arena *a);

/* The values query key `key` (a name such as "range") accepts, as the
 * text an error shows ("1h, 24h, 7d, 30d", "1 to 500"), in arena a; NULL
 * for a key of free text or a slug, or an unknown one. */
const char *input_accepted(const char *key, struct arena *a);

/* Decodes %XX and '+' of s[0..n) into out (size > n); -1 on a bad escape
 * or a decoded NUL. */
int input_url_decode(const char *s, size_t n, char *out);

#endif
