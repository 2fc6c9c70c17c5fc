/* http.h: the request as validated input, and the buffered response with its headers. */
#ifndef AIGO_HTTP_H
#define AIGO_HTTP_H

#include "i18n.h"
#include "model.h"
#include "util.h"

enum method { METHOD_GET, METHOD_HEAD, METHOD_POST, METHOD_OTHER };

/* Query keys: one line each here and in input.c's table. */
enum key {
	KEY_RANGE,
	KEY_INCLUDE_HISTORY,
	KEY_PROVIDER,
	KEY_STATUS,
	KEY_SORT,
	KEY_ORDER,
	KEY_NEXT,
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

/* The status filter: a status, or STATUS__MAX for inactive models. */
#define FILTER_INACTIVE STATUS__MAX

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
};

#define HTTP_PATH_MAX 1024

struct request {
	struct arena *arena;
	enum method method;
	const char *method_name;
	const char *path;            /* without the query */
	const char *query;           /* raw, "" when none */
	const char *cookie_lang;     /* value of the lang cookie, or NULL */
	const char *accept_language; /* header, or NULL */
	const char *if_none_match;   /* header, or NULL */
	int64_t now;
	struct input in;
	/* Set by the dispatcher: the page's locale (prefix, else default),
	 * and the {slug} of the path (a-z, 0-9, '.', '-'; 1..64). */
	const struct locale *loc;
	const char *slug;
	/* Set on a 400: which key was wrong. */
	const char *bad_key;
};

struct response {
	int status;
	const char *content_type;
	struct buf headers; /* "Name: value\r\n" lines */
	struct buf body;
};

/* Reads the request from CGI/FastCGI variables through getvar. Returns 0,
 * or an HTTP status (400, 414) for a request that cannot be read. */
typedef const char *(*http_getvar)(void *ctx, const char *name);
int http_request_read(struct request *req, http_getvar getvar, void *ctx);

/* Appends a header line; refuses (returns -1) a name or value with CR, LF
 * or NUL, so no input can split the response. */
int http_header(struct response *resp, const char *name, const char *value);

/* The reason phrase of status ("OK", "Not Found"). */
const char *http_reason(int status);

/* Serializes resp as a CGI response (Status line, headers with exact
 * Content-Length and an ETag of the body, blank line, body unless HEAD)
 * into out. Answers 304 without a body when if_none_match matches. */
void http_response_serialize(struct response *resp, const struct request *req,
                             struct buf *out);

void http_response_free(struct response *resp);

#endif
