/* http.h: the request read from its CGI/FastCGI variables, the buffered response with its headers, and the table of HTTP statuses. */
#ifndef AIGO_HTTP_H
#define AIGO_HTTP_H

#include <stdint.h>

#include "arena.h"

struct input;
struct locale;

enum method {
	METHOD_GET,
	METHOD_HEAD,
	METHOD_POST,
	METHOD_PATCH,
	METHOD_OTHER
};

#define HTTP_PATH_MAX 1024  /* bytes of a path (414 beyond) */
#define HTTP_QUERY_MAX 4096 /* bytes of a query string (414 beyond) */

struct request {
	struct arena *arena;
	enum method method;
	const char *method_name;
	const char *path;            /* without the query */
	const char *query;           /* raw, "" when none */
	const char *cookie_lang;     /* value of the lang cookie, or NULL */
	const char *accept_language; /* header, or NULL */
	const char *accept_encoding; /* header, or NULL */
	const char *if_none_match;   /* header, or NULL */
	const char *content_type;    /* header, or NULL */
	const char *authorization;   /* header, or NULL */
	const char *body; /* POST or PATCH body (NUL-terminated), or NULL */
	size_t body_len;
	int64_t now;
	/* The validated query (struct input of input.h), set by the
	 * dispatcher before a handler runs. */
	struct input *in;
	/* Set by the dispatcher: the page's locale (prefix, else default),
	 * and the {slug} of the path (a-z, 0-9, '.', '-'; 1..64). */
	const struct locale *loc;
	const char *slug;
	/* Set on a 400: which key was wrong. */
	const char *bad_key;
	int route; /* the route table entry served, -1 for none */
	/* The site's base path ("" or such as "/status"): path starts with
	 * it, and every link and redirect made for the request gets it. */
	const char *base;
	/* The Host header when it is a host name or address with an
	 * optional port (else NULL), and whether the request came over
	 * HTTPS (REQUEST_SCHEME or HTTPS): for absolute links. */
	const char *host;
	int https;
	/* SERVER_PORT when it is 1..65535 (else NULL): the port the client
	 * reached, for a Host without one (nginx passes $host). */
	const char *port;
};

struct response {
	int status;
	const char *content_type;
	struct buf headers; /* "Name: value\r\n" lines */
	struct buf body;
	char etag[24]; /* the body's ETag, "" until http_response_etag */
	/* The body's gzip encoding: made once when the answer is kept for
	 * reuse (http_response_gzip), else when it is sent to a client that
	 * takes gzip; empty until then. */
	struct buf gzip;
	/* The generation of the database's data the body was made from
	 * (dataset.generation), 0 when it came from elsewhere. */
	uint64_t data_gen;
};

/* The largest request body read (ingest batches). */
#define HTTP_BODY_MAX (1024 * 1024)

/* Where a request comes from: its CGI/FastCGI variables, and its body
 * (read returns the bytes read, 0 at the end, -1 on an error). */
struct http_source {
	const char *(*getvar)(void *ctx, const char *name);
	long (*read)(void *ctx, char *buf, size_t n);
	void *ctx;
};

/* A struct http_source's read for a request without a body (a request
 * made in the program, a bench's or a fuzz harness's): reads nothing and
 * returns 0, the end. ctx, buf and n are not used. */
long http_read_none(void *ctx, char *buf, size_t n);

/* Reads the request (and a POST body of CONTENT_LENGTH bytes) from src.
 * Returns 0, or an HTTP status (400, 413, 414) for a request that cannot
 * be read. Either way every field of req is set to something every later
 * step can use: an over-long path is cut to HTTP_PATH_MAX bytes, an
 * over-long query reads as "", a refused body as none. */
int http_request_read(struct request *req, const struct http_source *src);

/* Appends a header line; refuses (returns -1) a name or value with CR, LF
 * or NUL, so no input can split the response. */
int http_header(struct response *resp, const char *name, const char *value);

/* Removes every header line named name (case-insensitive) from resp, as
 * before a header is set anew. */
void http_header_remove(struct response *resp, const char *name);

/* Every HTTP status the program answers, one line each: the number, the
 * reason phrase, for the errors the error page answers the JSON error code
 * and English message (NULL for the others), and whether /metrics counts
 * it apart (COUNTED) or with every status not counted apart (POOLED). */
#define HTTP_STATUSES(X)                                                       \
	X(200, "OK", NULL, NULL, COUNTED)                                      \
	X(201, "Created", NULL, NULL, POOLED)                                  \
	X(204, "No Content", NULL, NULL, POOLED)                               \
	X(301, "Moved Permanently", NULL, NULL, POOLED)                        \
	X(302, "Found", NULL, NULL, COUNTED)                                   \
	X(304, "Not Modified", NULL, NULL, COUNTED)                            \
	X(400, "Bad Request", "bad_request",                                   \
	  "A query parameter has a value this endpoint does not accept.",      \
	  COUNTED)                                                             \
	X(401, "Unauthorized", NULL, NULL, COUNTED)                            \
	X(403, "Forbidden", NULL, NULL, POOLED)                                \
	X(404, "Not Found", "not_found",                                       \
	  "There is no endpoint or resource at this path.", COUNTED)           \
	X(405, "Method Not Allowed", "method_not_allowed",                     \
	  "This endpoint does not accept this method; Allow lists those it "   \
	  "does.",                                                             \
	  COUNTED)                                                             \
	X(409, "Conflict", NULL, NULL, POOLED)                                 \
	X(413, "Content Too Large", "too_large",                               \
	  "The request body is larger than this endpoint accepts.", COUNTED)   \
	X(414, "URI Too Long", "uri_too_long",                                 \
	  "The path or the query is longer than this service accepts.",        \
	  COUNTED)                                                             \
	X(415, "Unsupported Media Type", NULL, NULL, COUNTED)                  \
	X(422, "Unprocessable Content", NULL, NULL, COUNTED)                   \
	X(500, "Internal Server Error", "internal",                            \
	  "The answer could not be made; the error has been logged.", COUNTED) \
	X(503, "Service Unavailable", "unavailable",                           \
	  "The data is unavailable right now; retry in a minute.", COUNTED)

struct http_status {
	int status;
	const char *reason;  /* "Not Found" */
	const char *code;    /* "not_found", or NULL */
	const char *message; /* for scripts, in English, or NULL */
};

/* The row of status in HTTP_STATUSES, or NULL for a status not there. */
const struct http_status *http_status_info(int status);

/* The reason phrase of status ("OK", "Not Found"; "Unknown" for a status
 * not in HTTP_STATUSES). */
const char *http_reason(int status);

/* The ETag of resp's body (a quoted hash), computed once into resp->etag:
 * set it first to reuse a known one. */
const char *http_response_etag(struct response *resp);

/* Makes resp->gzip at level (1..9) if the body is worth compressing (text,
 * JSON or SVG of GZIP_MIN_BYTES or more) and it is not made yet. */
void http_response_gzip(struct response *resp, int level);

/* Serializes resp as a CGI response (Status line, headers with exact
 * Content-Length and an ETag of the body, blank line, body unless HEAD)
 * into out. A body worth compressing (see http_response_gzip) is sent
 * gzip-encoded when req's Accept-Encoding prefers it (coding_negotiate),
 * with Content-Encoding, its own ETag (the identity one with "-gz"), and,
 * either way, "Vary: Accept-Encoding". Answers 304 without a body when
 * if_none_match matches the ETag of the coding sent. */
void http_response_serialize(struct response *resp, const struct request *req,
                             struct buf *out);

void http_response_free(struct response *resp);

#endif
