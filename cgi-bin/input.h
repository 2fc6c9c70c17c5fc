/* input.h: validates every query key once, up front, into typed fields of struct input. */
#ifndef AIGO_INPUT_H
#define AIGO_INPUT_H

#include "model.h"
#include "arena.h"

/* Query keys: one line each here and in input.c's table. */
enum key {
	KEY_RANGE,
	KEY_INCLUDE_HISTORY,
	KEY_PROVIDER,
	KEY_STATUS,
	KEY_SORT,
	KEY_ORDER,
	KEY_NEXT,
	KEY_ACTIVE,
	KEY_Q,
	KEY_LIMIT,
	KEY_OFFSET,
	KEY_MODEL,
	KEY_PAGE,
	KEY_STATE,
	KEY_FORMAT,
	KEY_REFRESH,
	KEY_LANG,
	KEY__MAX
};

/* How the models table is sorted (KEY_SORT). */
enum sort {
	SORT_PROVIDER,
	SORT_MODEL,
	SORT_STATUS,
	SORT_LATENCY,
	SORT_AVAILABILITY,
	SORT_CHECKED,
	SORT__MAX
};
extern const char *const sort_names[SORT__MAX];

/* The state filter of incidents (open, resolved) and maintenance windows
 * (upcoming, active, past) (KEY_STATE); each list takes its own. */
enum state_filter {
	STATE_ANY,
	STATE_OPEN,
	STATE_RESOLVED,
	STATE_UPCOMING,
	STATE_ACTIVE,
	STATE_PAST,
	STATE__MAX
};
extern const char *const state_filter_names[STATE__MAX];

/* The status filter: a status, or STATUS__MAX for inactive models. */
#define FILTER_INACTIVE STATUS__MAX

/* The format of an export (KEY_FORMAT). */
enum export_format { FORMAT_JSON, FORMAT_CSV, FORMAT__MAX };
extern const char *const export_format_names[FORMAT__MAX]; /* "json", "csv" */

/* Validated query values: handlers read only these. */
struct input {
	int present[KEY__MAX];
	enum range range;    /* KEY_RANGE, default RANGE_24H */
	int include_history; /* KEY_INCLUDE_HISTORY, default 0 */
	char provider[65];   /* KEY_PROVIDER: a slug, "" for all */
	int status;     /* KEY_STATUS: enum status or FILTER_INACTIVE; -1 all */
	enum sort sort; /* KEY_SORT, default SORT_PROVIDER */
	int descending; /* KEY_ORDER: asc (default) or desc */
	char next[513]; /* KEY_NEXT: a local path (and query), "" if none */
	int active;     /* KEY_ACTIVE: 1, 0, or -1 for both (default) */
	char q[65];     /* KEY_Q: a name search, "" for none */
	int64_t limit;  /* KEY_LIMIT: 1..500, default 50 */
	int64_t offset; /* KEY_OFFSET: 0..100000, default 0 */
	char model[65]; /* KEY_MODEL: a model slug, "" for all */
	int64_t
	    page; /* KEY_PAGE: 1..INPUT_PAGE_MAX, default 1 (the page's table) */
	enum state_filter state;   /* KEY_STATE, default STATE_ANY ("") */
	enum export_format format; /* KEY_FORMAT: csv or json, default json */
	int64_t refresh; /* KEY_REFRESH: seconds between reloads of the
	                    monitoring page, INPUT_REFRESH_MIN..MAX; 0 none */
	char lang[16];   /* KEY_LANG: a locale code's shape (a-z, -; the
	                    handler checks it is served), "" for none */
};

/* The most a list answers at once, and the default. */
#define INPUT_LIMIT_MAX 500
#define INPUT_LIMIT_DEFAULT 50
#define INPUT_OFFSET_MAX 100000
/* The highest page of the monitoring page's models table a link may ask
 * for (a page past the last one shows no rows). */
#define INPUT_PAGE_MAX 10000

/* The bounds of ?refresh= (seconds): wall displays reload the page. */
#define INPUT_REFRESH_MIN 30
#define INPUT_REFRESH_MAX 3600

#define INPUT_VALUE_MAX 256

/* The name of each query key ("range"), by enum key. */
extern const char *const input_key_names[KEY__MAX];

/* Every query key, as the keys mask of input_parse. */
#define INPUT_ALL_KEYS ((1u << KEY__MAX) - 1)

/* Parses query (application/x-www-form-urlencoded) into in, with defaults
 * for absent keys. Only the keys in the mask keys (bit 1 << KEY_...) are
 * read: other keys, and unknown ones, are ignored. Returns -1 and the
 * offending key's name in *bad_key when a key read has an invalid value
 * (too long, malformed escape, not in its enumeration), with in back at
 * the defaults (nothing half-read); 0 otherwise. A key given twice: the
 * last value, each one validated. */
int input_parse(const char *query, unsigned keys, struct input *in,
                const char **bad_key);

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
