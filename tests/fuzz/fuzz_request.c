/* fuzz_request.c: one whole request through plain CGI (serve_cgi): method, path, query, headers and body from the input; checks the answer's framing, escaping, size and what ingest wrote. */
#include <cJSON.h>
#include <stdlib.h>
#include <string.h>

#include "fuzz.h"
#include "serve.h"

/* The input: lines of flags, method, path, query, Accept-Language, Cookie,
 * If-None-Match, Content-Type and Authorization (each cut at a NUL; an
 * empty one leaves its variable unset), then the body (all the rest).
 * Flags: 't' sends the site's ingest token as the Authorization; 's' says
 * the body is one byte longer than sent; 'u' gives the path and query as
 * REQUEST_URI instead of DOCUMENT_URI and QUERY_STRING. */
enum field {
	F_FLAGS,
	F_METHOD,
	F_PATH,
	F_QUERY,
	F_LANG,
	F_COOKIE,
	F_INM,
	F_TYPE,
	F_AUTH,
	F__MAX
};

static const char *const vars[F__MAX] = {
    NULL,
    "REQUEST_METHOD",
    "DOCUMENT_URI",
    "QUERY_STRING",
    "HTTP_ACCEPT_LANGUAGE",
    "HTTP_COOKIE",
    "HTTP_IF_NONE_MATCH",
    "CONTENT_TYPE",
    "HTTP_AUTHORIZATION",
};

struct req {
	char *f[F__MAX];
	const char *body;
	size_t body_len;
	int token, short_body, uri;
};

static struct fuzz_site *site;
static FILE *devnull;

int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	site = fuzz_site();
	devnull = fopen("/dev/null", "r");
	return 0;
}

static void
split(const uint8_t *data, size_t size, struct req *r)
{
	const char *p = (const char *)data, *end = p + size;

	memset(r, 0, sizeof(*r));
	for (int k = 0; k < F__MAX; k++) {
		const char *nl =
		    p < end ? memchr(p, '\n', (size_t)(end - p)) : NULL;
		size_t n = nl ? (size_t)(nl - p) : (size_t)(end - p);

		r->f[k] = strndup(p, n); /* cut at a NUL */
		p = nl ? nl + 1 : end;
	}
	r->body = p;
	r->body_len = (size_t)(end - p);
	r->token = strchr(r->f[F_FLAGS], 't') != NULL;
	r->short_body = strchr(r->f[F_FLAGS], 's') != NULL;
	r->uri = strchr(r->f[F_FLAGS], 'u') != NULL;
}

static void
set_env(const char *name, const char *value)
{
	if (value != NULL && *value != '\0')
		setenv(name, value, 1);
	else
		unsetenv(name);
}

static void
set_request_env(const struct req *r)
{
	char num[32], auth[128];

	for (int k = F_METHOD; k < F__MAX; k++)
		set_env(vars[k], r->f[k]);
	unsetenv("PATH_INFO");
	unsetenv("REQUEST_URI");
	if (r->uri) {
		char *uri =
		    malloc(strlen(r->f[F_PATH]) + strlen(r->f[F_QUERY]) + 2);

		sprintf(uri, "%s%s%s", r->f[F_PATH],
		        r->f[F_QUERY][0] ? "?" : "", r->f[F_QUERY]);
		unsetenv("DOCUMENT_URI");
		set_env("REQUEST_URI", uri);
		free(uri);
	}
	if (r->token) {
		snprintf(auth, sizeof(auth), "Bearer %s", site->token);
		setenv("HTTP_AUTHORIZATION", auth, 1);
	}
	snprintf(num, sizeof(num), "%zu", r->body_len + (r->short_body != 0));
	set_env("CONTENT_LENGTH", r->body_len || r->short_body ? num : NULL);
}

/* Serves r as plain CGI; returns serve_cgi's status and the answer. */
static int
serve(const struct req *r, char **out, size_t *out_len)
{
	FILE *in =
	    r->body_len ? fmemopen((void *)r->body, r->body_len, "r") : devnull;
	FILE *ans = open_memstream(out, out_len);
	FILE *saved_in = stdin, *saved_out = stdout;
	int rc;

	set_request_env(r);
	rewind(devnull);
	stdin = in;
	stdout = ans;
	rc = serve_cgi(&site->app);
	stdin = saved_in;
	stdout = saved_out;
	fclose(ans);
	if (in != devnull)
		fclose(in);
	return rc;
}

/* Input that reached the page unescaped would add a tag or an attribute,
 * or break a quoted value: the page has only what the templates write. */
static void
check_html(const struct fuzz_answer *a)
{
	const char *why = fuzz_html_problem(a->body, a->body_len);

	FUZZ_ASSERT(why == NULL, "the HTML answer has %s", why);
}

static void
check_json(const struct fuzz_answer *a)
{
	struct fuzz_json j;
	cJSON *doc = cJSON_ParseWithLength(a->body, a->body_len);

	FUZZ_ASSERT(doc != NULL, "the JSON answer does not parse: %s",
	            fuzz_show(a->body, a->body_len));
	cJSON_Delete(doc);
	fuzz_json_scan(a->body, a->body_len, 0, &j);
	FUZZ_ASSERT(j.valid && !j.ctl,
	            "the JSON answer is not strict JSON at byte %zu", j.end);
	FUZZ_ASSERT(j.utf8, "the JSON answer is not UTF-8: %s",
	            fuzz_show(a->body, a->body_len));
	FUZZ_ASSERT(!j.nul, "the JSON answer holds a \\u0000");
}

/* Redirects stay on the site, under its base path. */
static void
check_location(const char *loc)
{
	char resolved[16384];
	size_t nb = strlen(FUZZ_BASE);

	FUZZ_ASSERT(loc[0] == '/' && loc[1] != '/' && loc[1] != '\\',
	            "Location is not a local path: %s",
	            fuzz_show(loc, strlen(loc)));
	fuzz_resolve_path(loc, resolved, sizeof(resolved));
	FUZZ_ASSERT(strncmp(resolved, FUZZ_BASE, nb) == 0 &&
	                (resolved[nb] == '/' || resolved[nb] == '\0'),
	            "Location %s leaves the base path %s (as %s)",
	            fuzz_show(loc, strlen(loc)), FUZZ_BASE,
	            fuzz_show(resolved, strlen(resolved)));
}

static void
check_cookie(const char *cookie)
{
	char code[16] = "";
	int n = 0;

	FUZZ_ASSERT(sscanf(cookie, "lang=%15[^;]; Path=" FUZZ_BASE "/;%n", code,
	                   &n) == 1 &&
	                n > 0,
	            "Set-Cookie: %s", fuzz_show(cookie, strlen(cookie)));
	FUZZ_ASSERT(i18n_find(site->app.i18n, code) != NULL,
	            "Set-Cookie for a language not served: %s", code);
}

/* The number of checks in a request body {"checks": [...]} (after a byte
 * order mark, which ingest skips), or -1. */
static int
body_checks(const struct req *r)
{
	size_t bom =
	    r->body_len >= 3 && memcmp(r->body, "\xef\xbb\xbf", 3) == 0 ? 3 : 0;
	cJSON *doc = cJSON_ParseWithLength(r->body + bom, r->body_len - bom);
	const cJSON *c = cJSON_GetObjectItemCaseSensitive(doc, "checks");
	int n = cJSON_IsArray(c) ? cJSON_GetArraySize(c) : -1;

	cJSON_Delete(doc);
	return n;
}

/* What ingest answered agrees with what it was sent and what it wrote. */
static void
check_ingest(const struct req *r, const struct fuzz_answer *a, int wrote)
{
	cJSON *doc = cJSON_ParseWithLength(a->body, a->body_len);
	int sent = body_checks(r);

	if (a->status == 200) {
		struct fuzz_json j;
		const cJSON *acc = cJSON_GetObjectItem(doc, "accepted");
		const cJSON *nw = cJSON_GetObjectItem(doc, "new");
		const cJSON *dup = cJSON_GetObjectItem(doc, "duplicates");

		fuzz_json_scan(r->body, r->body_len, 1, &j);
		FUZZ_ASSERT(fuzz_json_trailing(r->body, r->body_len) == 0,
		            "ingest accepted a body with data after its JSON "
		            "value (from byte %zu)",
		            fuzz_json_trailing(r->body, r->body_len));
		FUZZ_ASSERT(!j.nul, "ingest accepted a string with U+0000");
		FUZZ_ASSERT(j.utf8, "ingest accepted a string not UTF-8");
		FUZZ_ASSERT(cJSON_IsNumber(acc) && cJSON_IsNumber(nw) &&
		                cJSON_IsNumber(dup),
		            "ingest's 200 lacks accepted/new/duplicates");
		FUZZ_ASSERT(acc->valueint == sent,
		            "ingest accepted %d checks of %d sent",
		            acc->valueint, sent);
		FUZZ_ASSERT(nw->valueint + dup->valueint == acc->valueint,
		            "ingest: new %d + duplicates %d != accepted %d",
		            nw->valueint, dup->valueint, acc->valueint);
		FUZZ_ASSERT(nw->valueint == 0 || wrote,
		            "ingest answered %d new checks but wrote nothing",
		            nw->valueint);
	} else {
		const cJSON *e = cJSON_GetObjectItem(doc, "error");
		const cJSON *msg = cJSON_GetObjectItem(e, "message");
		const cJSON *items = cJSON_GetObjectItem(e, "items");
		const cJSON *it;
		long n_bad;
		char *endp;

		FUZZ_ASSERT(!wrote, "ingest answered %d but wrote", a->status);
		if (!cJSON_IsArray(items) || !cJSON_IsString(msg) || sent < 0)
			goto out;
		/* "N checks are invalid; nothing was written." */
		n_bad = strtol(msg->valuestring, &endp, 10);
		if (endp == msg->valuestring)
			goto out;
		FUZZ_ASSERT(n_bad >= 1 && n_bad <= sent,
		            "ingest says %ld of %d checks are wrong: %s", n_bad,
		            sent, msg->valuestring);
		cJSON_ArrayForEach(it, items)
		{
			const cJSON *ix = cJSON_GetObjectItem(it, "index");

			FUZZ_ASSERT(cJSON_IsNumber(ix) && ix->valueint >= 0 &&
			                ix->valueint < sent,
			            "a problem's index is not one of the %d "
			            "checks",
			            sent);
		}
	}
out:
	cJSON_Delete(doc);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct req r;
	struct fuzz_answer a;
	char *out = NULL, v[16384];
	size_t out_len = 0;
	int64_t before, after;
	int rc, is_head, is_ingest;

	split(data, size, &r);
	before = fuzz_site_data_version();
	rc = serve(&r, &out, &out_len);
	after = fuzz_site_data_version();
	FUZZ_ASSERT(rc == 0, "serve_cgi returned %d after a complete answer",
	            rc);
	fuzz_answer_parse(out, out_len, &a);
	is_head = strcmp(r.f[F_METHOD], "HEAD") == 0;
	/* The path the app reads: a REQUEST_URI ends at its '?'. */
	is_ingest =
	    strcmp(r.f[F_METHOD], "POST") == 0 &&
	    strncmp(r.f[F_PATH], FUZZ_BASE "/api/v1/checks", 21) == 0 &&
	    (r.f[F_PATH][21] == '\0' || (r.uri && r.f[F_PATH][21] == '?'));

	/* Framing: one exact Content-Length, no body where none belongs. */
	if (a.status == 304) {
		FUZZ_ASSERT(fuzz_answer_header(&a, "Content-Length", NULL, 0) ==
		                0,
		            "304 with a Content-Length");
		FUZZ_ASSERT(a.body_len == 0, "304 with a body");
	} else {
		FUZZ_ASSERT(
		    fuzz_answer_header(&a, "Content-Length", v, sizeof(v)) == 1,
		    "not exactly one Content-Length");
		if (is_head)
			FUZZ_ASSERT(a.body_len == 0, "HEAD answered a body");
		else
			FUZZ_ASSERT(strtoull(v, NULL, 10) == a.body_len,
			            "Content-Length %s, body %zu bytes", v,
			            a.body_len);
	}
	FUZZ_ASSERT(fuzz_answer_header(&a, "Content-Type", NULL, 0) <= 1,
	            "Content-Type twice");
	FUZZ_ASSERT(fuzz_answer_header(&a, "X-Content-Type-Options", NULL, 0) ==
	                1,
	            "no X-Content-Type-Options");

	/* An error is about as long as what it answers, not more. */
	if (a.status >= 400)
		FUZZ_ASSERT(out_len <= 16384 + 4 * size,
		            "a %d answer of %zu bytes to a request of %zu",
		            a.status, out_len, size);

	if (a.status == 302 || a.status == 301 || a.status == 303 ||
	    a.status == 307 || a.status == 308) {
		FUZZ_ASSERT(fuzz_answer_header(&a, "Location", v, sizeof(v)) ==
		                1,
		            "a redirect without one Location");
		check_location(v);
	}
	if (a.status == 405)
		FUZZ_ASSERT(fuzz_answer_header(&a, "Allow", NULL, 0) == 1,
		            "405 without Allow");
	if (a.status == 401)
		FUZZ_ASSERT(
		    fuzz_answer_header(&a, "WWW-Authenticate", NULL, 0) == 1,
		    "401 without WWW-Authenticate");
	if (fuzz_answer_header(&a, "Set-Cookie", v, sizeof(v)) > 0)
		check_cookie(v);

	if (a.body_len > 0 &&
	    fuzz_answer_header(&a, "Content-Type", v, sizeof(v)) == 1) {
		if (strncmp(v, "application/json", 16) == 0)
			check_json(&a);
		else if (strncmp(v, "text/html", 9) == 0)
			check_html(&a);
	}

	/* Only an accepted ingest writes. */
	FUZZ_ASSERT(before == after || (is_ingest && a.status / 100 == 2),
	            "%s %s answered %d and wrote to the database",
	            r.f[F_METHOD], r.f[F_PATH], a.status);
	if (is_ingest && !is_head && a.status != 304 && a.body_len > 0)
		check_ingest(&r, &a, before != after);
	if (is_ingest && r.short_body)
		FUZZ_ASSERT(a.status >= 400, "a short body answered %d",
		            a.status);

	free(out);
	for (int k = 0; k < F__MAX; k++)
		free(r.f[k]);
	return 0;
}
