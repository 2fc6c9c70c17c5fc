/* http.c: the request read from its CGI/FastCGI variables, the buffered response with its headers, and the table of HTTP statuses. */
#include "http.h"

#include <stdio.h>
#include <string.h>
#include <strings.h>

#include "encoding.h"
#include "hash.h"
#include "timefmt.h"

static const char *
cookie_value(struct arena *a, const char *cookies, const char *name)
{
	size_t nl = strlen(name);
	const char *p = cookies;

	while (p != NULL && *p != '\0') {
		while (*p == ' ' || *p == ';')
			p++;
		const char *end = strchr(p, ';');
		size_t len = end ? (size_t)(end - p) : strlen(p);
		if (len > nl && strncmp(p, name, nl) == 0 && p[nl] == '=') {
			size_t vl = len - nl - 1;
			if (vl > 16)
				return NULL;
			return arena_strndup(a, p + nl + 1, vl);
		}
		p = end;
	}
	return NULL;
}

/* Reads the body of CONTENT_LENGTH bytes into arena memory. */
static int
read_body(struct request *req, const struct http_source *src)
{
	const char *cl = src->getvar(src->ctx, "CONTENT_LENGTH");
	int64_t len = 0;
	size_t got = 0;
	char *body;

	if (cl == NULL || *cl == '\0')
		return 0;
	if (parse_int64(cl, 0, INT64_MAX, &len) != 0)
		return 400;
	if (len > HTTP_BODY_MAX)
		return 413;
	body = arena_alloc(req->arena, (size_t)len + 1);
	while (got < (size_t)len) {
		long n = src->read(src->ctx, body + got, (size_t)len - got);

		if (n <= 0)
			return 400; /* the client sent less than it announced */
		got += (size_t)n;
	}
	req->body = body;
	req->body_len = got;
	return 0;
}

long
http_read_none(void *ctx, char *buf, size_t n)
{
	(void)ctx;
	(void)buf;
	(void)n;
	return 0;
}

int
http_request_read(struct request *req, const struct http_source *src)
{
	void *ctx = src->ctx;
	const char *(*getvar)(void *, const char *) = src->getvar;
	const char *m = getvar(ctx, "REQUEST_METHOD");
	const char *path = getvar(ctx, "DOCUMENT_URI");
	const char *q = getvar(ctx, "QUERY_STRING");
	const char *inm = getvar(ctx, "HTTP_IF_NONE_MATCH");
	const char *cookies = getvar(ctx, "HTTP_COOKIE");

	/* Every field is set before anything can be refused, so that every
	 * later step (the error page, the access log, the metrics) reads a
	 * whole request whatever the outcome. */
	req->method_name = m ? m : "GET";
	req->method = strcmp(req->method_name, "GET") == 0     ? METHOD_GET
	              : strcmp(req->method_name, "HEAD") == 0  ? METHOD_HEAD
	              : strcmp(req->method_name, "POST") == 0  ? METHOD_POST
	              : strcmp(req->method_name, "PATCH") == 0 ? METHOD_PATCH
	                                                       : METHOD_OTHER;
	if (path == NULL || *path == '\0')
		path = getvar(ctx, "PATH_INFO");
	if (path == NULL || *path == '\0') {
		const char *uri = getvar(ctx, "REQUEST_URI");
		path = uri ? arena_strndup(req->arena, uri, strcspn(uri, "?"))
		           : "/";
	}
	req->path = *path != '\0' ? path : "/";
	req->query = q ? q : "";
	req->accept_language = getvar(ctx, "HTTP_ACCEPT_LANGUAGE");
	req->accept_encoding = getvar(ctx, "HTTP_ACCEPT_ENCODING");
	req->if_none_match = inm && strlen(inm) < 256 ? inm : NULL;
	req->cookie_lang =
	    cookies ? cookie_value(req->arena, cookies, "lang") : NULL;
	req->content_type = getvar(ctx, "CONTENT_TYPE");
	req->authorization = getvar(ctx, "HTTP_AUTHORIZATION");
	req->host = getvar(ctx, "HTTP_HOST");
	if (req->host != NULL &&
	    (*req->host == '\0' || strlen(req->host) > 255 ||
	     strspn(req->host, "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstu"
	                       "vwxyz0123456789-.:[]") != strlen(req->host)))
		req->host = NULL;
	{
		const char *sch = getvar(ctx, "REQUEST_SCHEME"),
		           *on = getvar(ctx, "HTTPS");

		req->https = (sch != NULL && strcmp(sch, "https") == 0) ||
		             (on != NULL && strcmp(on, "on") == 0);
		req->port = getvar(ctx, "SERVER_PORT");
		if (req->port != NULL &&
		    (*req->port == '\0' || strlen(req->port) > 5 ||
		     strspn(req->port, "0123456789") != strlen(req->port)))
			req->port = NULL;
	}
	req->body = NULL;
	req->body_len = 0;
	/* An over-long path is kept cut (to answer /api/ paths in JSON and
	 * to log it), an over-long query not at all. */
	if (strlen(req->path) > HTTP_PATH_MAX ||
	    strlen(req->query) > HTTP_QUERY_MAX) {
		req->path = arena_strndup(req->arena, req->path,
		                          strnlen(req->path, HTTP_PATH_MAX));
		req->query = "";
		return 414;
	}
	return req->method == METHOD_POST || req->method == METHOD_PATCH
	           ? read_body(req, src)
	           : 0;
}

static int
header_safe(const char *s)
{
	return strpbrk(s, "\r\n") == NULL;
}

int
http_header(struct response *resp, const char *name, const char *value)
{
	struct buf *h = &resp->headers;

	if (!header_safe(name) || !header_safe(value))
		return -1;
	buf_puts(h, name);
	buf_append(h, ": ", 2);
	buf_puts(h, value);
	buf_append(h, "\r\n", 2);
	return 0;
}

void
http_header_remove(struct response *resp, const char *name)
{
	struct buf *h = &resp->headers;
	size_t n = strlen(name), at = 0;

	while (at < h->len) {
		char *line = h->data + at;
		char *end = strstr(line, "\r\n");
		size_t len = end ? (size_t)(end - line) + 2 : h->len - at;

		if (len > n && line[n] == ':' &&
		    strncasecmp(line, name, n) == 0) {
			memmove(line, line + len, h->len - at - len + 1);
			h->len -= len;
		} else {
			at += len;
		}
	}
}

#define HTTP_STATUS_ROW(status, reason, code, message, counting)               \
	{status, reason, code, message},
static const struct http_status statuses[] = {HTTP_STATUSES(HTTP_STATUS_ROW)};
#undef HTTP_STATUS_ROW

const struct http_status *
http_status_info(int status)
{
	for (size_t i = 0; i < NELEM(statuses); i++)
		if (statuses[i].status == status)
			return &statuses[i];
	return NULL;
}

const char *
http_reason(int status)
{
	const struct http_status *info = http_status_info(status);

	return info != NULL ? info->reason : "Unknown";
}

/* Whether the If-None-Match list names etag (or is "*"). */
static int
etag_matches(const char *inm, const char *etag)
{
	size_t el = strlen(etag);

	if (strcmp(inm, "*") == 0)
		return 1;
	for (const char *p = inm; (p = strstr(p, etag)) != NULL; p += el)
		if ((p == inm || p[-1] == ' ' || p[-1] == ',' ||
		     p[-1] == '/') &&
		    (p[el] == '\0' || p[el] == ',' || p[el] == ' '))
			return 1;
	return 0;
}

const char *
http_response_etag(struct response *resp)
{
	if (resp->etag[0] == '\0')
		snprintf(resp->etag, sizeof(resp->etag), "\"%016llx\"",
		         (unsigned long long)hash_fnv1a(resp->body.data,
		                                        resp->body.len, 0));
	return resp->etag;
}

/* Whether resp's body is worth sending gzip-encoded: text of a kind that
 * compresses, long enough to gain. */
static int
compressible(const struct response *resp)
{
	const char *t = resp->content_type;

	return resp->body.len >= GZIP_MIN_BYTES && t != NULL &&
	       (strncmp(t, "text/", 5) == 0 ||
	        strncmp(t, "application/json", 16) == 0 ||
	        strncmp(t, "application/atom+xml", 20) == 0 ||
	        strncmp(t, "image/svg+xml", 13) == 0);
}

void
http_response_gzip(struct response *resp, int level)
{
	if (resp->gzip.len == 0 && compressible(resp))
		gzip_encode(resp->body.data, resp->body.len, level,
		            &resp->gzip);
}

void
http_response_serialize(struct response *resp, const struct request *req,
                        struct buf *out)
{
	int vary = compressible(resp);
	int gz = vary && coding_negotiate(req->accept_encoding) == CODING_GZIP;
	const struct buf *body = &resp->body;
	char etag[32];
	int status = resp->status;
	int with_body = req->method != METHOD_HEAD;

	/* Each coding has its own ETag, so a 304 is right for each. */
	snprintf(etag, sizeof(etag), "%s", http_response_etag(resp));
	if (gz) {
		/* zlib's default level: an answer not kept is sent once. */
		http_response_gzip(resp, 6);
		body = &resp->gzip;
		snprintf(etag + strlen(etag) - 1,
		         sizeof(etag) - strlen(etag) + 1, "-gz\"");
	}
	if ((status == 200) && req->if_none_match != NULL &&
	    etag_matches(req->if_none_match, etag)) {
		status = 304;
		with_body = 0;
	}
	buf_printf(out, "Status: %d %s\r\n", status, http_reason(status));
	if (status != 304 && resp->content_type != NULL) {
		buf_puts(out, "Content-Type: ");
		buf_puts(out, resp->content_type);
		buf_puts(out, "\r\n");
	}
	if (status != 304 && gz)
		buf_puts(out, "Content-Encoding: gzip\r\n");
	if (status != 304)
		buf_printf(out, "Content-Length: %zu\r\n", body->len);
	if (status == 200 || status == 304) {
		buf_puts(out, "ETag: ");
		buf_puts(out, etag);
		buf_puts(out, "\r\n");
	}
	if (vary)
		buf_puts(out, "Vary: Accept-Encoding\r\n");
	buf_append(out, resp->headers.data, resp->headers.len);
	buf_puts(out, "\r\n");
	if (with_body)
		buf_append(out, body->data, body->len);
}

void
http_response_free(struct response *resp)
{
	buf_free(&resp->headers);
	buf_free(&resp->body);
	buf_free(&resp->gzip);
}
