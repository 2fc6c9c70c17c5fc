/* probe_push.c: aigo probe --push: a probe node's checks, spooled durably and posted in order to a central server's ingest API, with backoff. */
#include "probe_push.h"

#include <cJSON.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "fileutil.h"
#include "ingest.h"
#include "json.h"
#include "log.h"
#include "timefmt.h"
#include "tokens.h"

#define PUSH_URL_MAX 2048
#define PUSH_BODY_MAX (512 * 1024) /* bytes of a POST (the API takes 1 MiB) */
#define PUSH_ANSWER_MAX 65536      /* bytes of an answer read */
#define PUSH_TIMEOUT_MS 30000
#define PUSH_CONNECT_TIMEOUT_MS 10000
#define PUSH_TOKEN_CHARS                                                       \
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-._~+/" \
	"="
#define PUSH_REGION_CHARS "abcdefghijklmnopqrstuvwxyz0123456789-"

struct probe_push {
	char url[PUSH_URL_MAX];
	char region[33];
	char *spool_path;
	const struct buf *ca;
	struct curl_slist *headers; /* the only copy of the token */
	struct store_spool *spool;
	long waiting; /* checks in the spool, as last counted */
	/* The POST in flight (easy non-NULL): which ids it carries. */
	CURL *easy;
	struct buf body, answer;
	int64_t first_id, last_id;
	long n_sent;
	/* Retries: how many POSTs failed in a row, and when the next is due
	 * (monotonic ms). */
	unsigned failures;
	int64_t retry_at;
	int refused;
	uint32_t rng;
};

int64_t
probe_push_backoff_ms(unsigned failures, uint32_t random)
{
	int64_t b = PUSH_BACKOFF_MAX_MS;

	if (failures == 0)
		return 0;
	if (failures < 8)
		b = (int64_t)PUSH_BACKOFF_MIN_MS << failures;
	if (b > PUSH_BACKOFF_MAX_MS)
		b = PUSH_BACKOFF_MAX_MS;
	return b / 2 + (int64_t)(random % (uint32_t)(b / 2 + 1));
}

int
probe_push_ingest_url(const char *url, char *out, size_t outlen)
{
	static const char suffix[] = "/api/v1/checks";
	const char *host;
	size_t n = strlen(url), auth;
	int w;

	if (strncmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return -1;
	auth = strcspn(host, "/?#");
	if (auth == 0 || memchr(host, '@', auth) != NULL)
		return -1;
	for (size_t i = 0; i < n; i++)
		if ((unsigned char)url[i] <= ' ' || url[i] == 0x7f)
			return -1;
	if (n >= sizeof(suffix) - 1 &&
	    strcmp(url + n - (sizeof(suffix) - 1), suffix) == 0)
		w = snprintf(out, outlen, "%s", url);
	else
		w = snprintf(out, outlen, "%.*s%s",
		             (int)(n > 0 && url[n - 1] == '/' ? n - 1 : n), url,
		             suffix);
	return w < 0 || (size_t)w >= outlen ? -1 : 0;
}

int
probe_push_read_token(const char *path, char *out, size_t outlen, char *err,
                      size_t errlen)
{
	struct stat st;
	size_t len = 0;
	char *text = file_read_all(path, &len), *line, *save = NULL;
	int rc = -1;

	if (text == NULL) {
		snprintf(err, errlen, "token file %s: %s", path,
		         strerror(errno));
		return -1;
	}
	if (stat(path, &st) == 0 && (st.st_mode & 077) != 0)
		log_msg("warn",
		        "probe: token file %s is readable or writable by group "
		        "or others: chmod 600 it",
		        path);
	snprintf(err, errlen, "token file %s: empty (it needs the token)",
	         path);
	for (line = strtok_r(text, "\n", &save); line != NULL;
	     line = strtok_r(NULL, "\n", &save)) {
		char *w1, *w2, *s2 = NULL, *tok;
		size_t n;

		line[strcspn(line, "\r")] = '\0';
		w1 = strtok_r(line, " \t", &s2);
		if (w1 == NULL || w1[0] == '#')
			continue;
		w2 = strtok_r(NULL, " \t", &s2);
		tok = w2 != NULL ? w2 : w1;
		n = strlen(tok);
		if (strtok_r(NULL, " \t", &s2) != NULL || n < 16 ||
		    n > TOKEN_MAX || strspn(tok, PUSH_TOKEN_CHARS) != n ||
		    n >= outlen) {
			snprintf(
			    err, errlen,
			    "token file %s: its first line is not a token "
			    "(\"TOKEN\" or \"NAME TOKEN\", a token of 16 to "
			    "256 of A-Z a-z 0-9 - . _ ~ + / =)",
			    path);
			break;
		}
		memcpy(out, tok, n + 1);
		rc = 0;
		break;
	}
	memset(text, 0, len);
	free(text);
	return rc;
}

/* The default spool: $STATE_DIRECTORY/spool.db (systemd's StateDirectory=),
 * else aigo-spool.db beside the token file. */
static char *
default_spool(const char *token_file)
{
	const char *state = getenv("STATE_DIRECTORY");
	const char *slash = strrchr(token_file, '/');
	struct buf b = {0};

	if (state != NULL && *state != '\0')
		buf_printf(&b, "%.*s/spool.db", (int)strcspn(state, ":"),
		           state);
	else if (slash != NULL)
		buf_printf(&b, "%.*s/aigo-spool.db", (int)(slash - token_file),
		           token_file);
	else
		buf_printf(&b, "aigo-spool.db");
	return b.data;
}

struct probe_push *
probe_push_open(const struct probe_push_options *o, char *err, size_t errlen)
{
	struct probe_push *pp = xcalloc(1, sizeof(*pp));
	char token[TOKEN_MAX + 1];
	struct buf auth = {0};
	size_t rn = strlen(o->region);

	if (probe_push_ingest_url(o->url, pp->url, sizeof(pp->url)) != 0) {
		/* Not repeated: it may hold a password. */
		snprintf(err, errlen,
		         "--push: not an http:// or https:// URL with a host "
		         "(and without a user name or password)");
		goto fail;
	}
	if (rn < 1 || rn > 32 || strspn(o->region, PUSH_REGION_CHARS) != rn) {
		snprintf(err, errlen,
		         "--region %s: must be 1-32 of a-z, 0-9, '-'",
		         o->region);
		goto fail;
	}
	memcpy(pp->region, o->region, rn + 1);
	if (probe_push_read_token(o->token_file, token, sizeof(token), err,
	                          errlen) != 0)
		goto fail;
	buf_printf(&auth, "Authorization: Bearer %s", token);
	memset(token, 0, sizeof(token));
	pp->headers = xnonnull(curl_slist_append(NULL, auth.data));
	memset(auth.data, 0, auth.len);
	buf_free(&auth);
	pp->headers = xnonnull(
	    curl_slist_append(pp->headers, "Content-Type: application/json"));
	/* No "Expect: 100-continue" round trip before a large batch. */
	pp->headers = xnonnull(curl_slist_append(pp->headers, "Expect:"));
	pp->spool_path =
	    o->spool != NULL ? xstrdup(o->spool) : default_spool(o->token_file);
	pp->spool = store_spool_open(pp->spool_path, err, errlen);
	if (pp->spool == NULL)
		goto fail;
	pp->waiting = store_spool_count(pp->spool, err, errlen);
	if (pp->waiting < 0)
		goto fail;
	pp->ca = o->ca;
	pp->rng = (uint32_t)time(NULL) ^ (uint32_t)getpid() * 2654435761u;
	if (strncmp(pp->url, "http://", 7) == 0 &&
	    strncmp(pp->url, "http://127.", 11) != 0 &&
	    strncmp(pp->url, "http://localhost", 16) != 0 &&
	    strncmp(pp->url, "http://[::1]", 12) != 0)
		log_msg("warn",
		        "probe: --push %s is plain http: the token crosses the "
		        "network unencrypted; use https",
		        pp->url);
	if (pp->waiting > 0)
		log_msg("info",
		        "probe: %ld checks wait in the spool %s: they are sent "
		        "first",
		        pp->waiting, pp->spool_path);
	return pp;
fail:
	probe_push_close(pp, NULL);
	return NULL;
}

void
probe_push_close(struct probe_push *pp, CURLM *multi)
{
	if (pp == NULL)
		return;
	if (pp->easy != NULL) {
		if (multi != NULL)
			curl_multi_remove_handle(multi, pp->easy);
		curl_easy_cleanup(pp->easy);
	}
	/* The list holds the token: wipe it before it is freed. */
	for (struct curl_slist *l = pp->headers; l != NULL; l = l->next)
		memset(l->data, 0, strlen(l->data));
	curl_slist_free_all(pp->headers);
	store_spool_close(pp->spool);
	buf_free(&pp->body);
	buf_free(&pp->answer);
	free(pp->spool_path);
	free(pp);
}

/* One check as an ingest item (docs/api.md), in the node's region. */
static char *
item_json(const struct probe_push *pp, const struct check_in *c,
          const char *slug)
{
	cJSON *o = cJSON_CreateObject();
	char *text;

	cJSON_AddStringToObject(o, "model", slug);
	cJSON_AddStringToObject(o, "region", pp->region);
	json_add_time(o, "checkedAt", c->checked_at);
	cJSON_AddStringToObject(o, "status", status_names[c->status]);
	if (c->latency_ms >= 0)
		cJSON_AddNumberToObject(
		    o, "latencyMs",
		    (double)(c->latency_ms < INGEST_LATENCY_MAX
		                 ? c->latency_ms
		                 : INGEST_LATENCY_MAX));
	if (c->http_status >= 100 && c->http_status <= 599)
		cJSON_AddNumberToObject(o, "httpStatus",
		                        (double)c->http_status);
	if (c->error != NULL)
		cJSON_AddStringToObject(o, "error", c->error);
	if (c->probe_kind != NULL)
		cJSON_AddStringToObject(o, "probeKind", c->probe_kind);
	if (c->error_kind != NULL && c->status != STATUS_OPERATIONAL)
		cJSON_AddStringToObject(o, "errorKind", c->error_kind);
	if (c->ttft_ms >= 0 && c->probe_kind != NULL &&
	    strcmp(c->probe_kind, probe_kind_names[PROBE_KIND_STREAM]) == 0)
		cJSON_AddNumberToObject(o, "ttftMs",
		                        (double)(c->ttft_ms < INGEST_LATENCY_MAX
		                                     ? c->ttft_ms
		                                     : INGEST_LATENCY_MAX));
	if (c->dns_ms >= 0 || c->connect_ms >= 0 || c->tls_ms >= 0 ||
	    c->first_byte_ms >= 0) {
		cJSON *t = cJSON_AddObjectToObject(o, "timings");
		const char *names[] = {"dnsMs", "connectMs", "tlsMs",
		                       "firstByteMs"};
		int64_t v[] = {c->dns_ms, c->connect_ms, c->tls_ms,
		               c->first_byte_ms};

		for (size_t k = 0; k < NELEM(names); k++)
			if (v[k] >= 0)
				cJSON_AddNumberToObject(
				    t, names[k],
				    (double)(v[k] < INGEST_LATENCY_MAX
				                 ? v[k]
				                 : INGEST_LATENCY_MAX));
	}
	text = json_print(o);
	cJSON_Delete(o);
	return text;
}

int
probe_push_record(struct probe_push *pp, const struct check_in *checks,
                  const char *const *slugs, size_t n, long *n_new, long *n_dup,
                  char *err, size_t errlen)
{
	struct spool_item *items = xcalloc(n ? n : 1, sizeof(*items));
	char **texts = xcalloc(n ? n : 1, sizeof(*texts));
	long added = 0;
	int rc;

	for (size_t i = 0; i < n; i++) {
		texts[i] = item_json(pp, &checks[i], slugs[i]);
		items[i].model = slugs[i];
		items[i].region = pp->region;
		items[i].checked_at = checks[i].checked_at;
		items[i].item = texts[i];
	}
	rc =
	    store_spool_append(pp->spool, items, n, &added, n_dup, err, errlen);
	for (size_t i = 0; i < n; i++)
		free(texts[i]);
	free(texts);
	free(items);
	if (rc == 0) {
		*n_new += added;
		pp->waiting += added;
	}
	return rc;
}

static size_t
on_answer(char *data, size_t size, size_t n, void *ctx)
{
	struct buf *b = ctx;
	size_t len = size * n;

	if (b->len < PUSH_ANSWER_MAX)
		buf_append(b, data, len);
	return len;
}

void
probe_push_send(struct probe_push *pp, CURLM *multi)
{
	struct arena *a;
	struct spool_item *items;
	char err[512];
	long n;

	if (pp->easy != NULL || pp->waiting == 0 ||
	    (clock_mono_us() / 1000) < pp->retry_at)
		return;
	a = arena_new();
	n = store_spool_peek(pp->spool, PUSH_BATCH_MAX, a, &items, err,
	                     sizeof(err));
	if (n <= 0) {
		if (n < 0)
			log_msg("error", "probe: spool %s: %s", pp->spool_path,
			        err);
		else
			pp->waiting = 0;
		arena_free(a);
		return;
	}
	pp->body.len = 0;
	buf_puts(&pp->body, "{\"checks\": [");
	pp->n_sent = 0;
	pp->first_id = items[0].id;
	for (long i = 0; i < n; i++) {
		size_t len = strlen(items[i].item);

		if (i > 0 && pp->body.len + len + 3 > PUSH_BODY_MAX)
			break;
		if (i > 0)
			buf_puts(&pp->body, ",");
		buf_append(&pp->body, items[i].item, len);
		pp->last_id = items[i].id;
		pp->n_sent++;
	}
	buf_puts(&pp->body, "]}");
	arena_free(a);
	pp->answer.len = 0;
	pp->easy = xnonnull(curl_easy_init());
	curl_easy_setopt(pp->easy, CURLOPT_URL, pp->url);
	curl_easy_setopt(pp->easy, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(pp->easy, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(pp->easy, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(pp->easy, CURLOPT_TIMEOUT_MS, (long)PUSH_TIMEOUT_MS);
	curl_easy_setopt(pp->easy, CURLOPT_CONNECTTIMEOUT_MS,
	                 (long)PUSH_CONNECT_TIMEOUT_MS);
	curl_easy_setopt(pp->easy, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(pp->easy, CURLOPT_SSL_VERIFYHOST, 2L);
	if (pp->ca != NULL && pp->ca->len > 0) {
		struct curl_blob blob = {pp->ca->data, pp->ca->len,
		                         CURL_BLOB_NOCOPY};

		curl_easy_setopt(pp->easy, CURLOPT_CAINFO_BLOB, &blob);
	}
	curl_easy_setopt(pp->easy, CURLOPT_USERAGENT, "aigo-probe/1");
	curl_easy_setopt(pp->easy, CURLOPT_HTTPHEADER, pp->headers);
	curl_easy_setopt(pp->easy, CURLOPT_POSTFIELDSIZE, (long)pp->body.len);
	curl_easy_setopt(pp->easy, CURLOPT_POSTFIELDS, pp->body.data);
	curl_easy_setopt(pp->easy, CURLOPT_WRITEFUNCTION, on_answer);
	curl_easy_setopt(pp->easy, CURLOPT_WRITEDATA, &pp->answer);
	curl_easy_setopt(pp->easy, CURLOPT_PRIVATE, NULL);
	curl_multi_add_handle(multi, pp->easy);
}

/* What central's JSON error said, on one line of printable ASCII: its
 * code and message, and the first item's problem. */
static void
answer_reason(const struct buf *answer, char *out, size_t outlen)
{
	struct json_error je;
	cJSON *root =
	    answer->len > 0 ? json_parse(answer->data, answer->len, &je) : NULL;
	const cJSON *e = cJSON_GetObjectItemCaseSensitive(root, "error");
	const cJSON *code = cJSON_GetObjectItemCaseSensitive(e, "code");
	const cJSON *msg = cJSON_GetObjectItemCaseSensitive(e, "message");
	const cJSON *item =
	    cJSON_GetArrayItem(cJSON_GetObjectItemCaseSensitive(e, "items"), 0);
	const cJSON *index = cJSON_GetObjectItemCaseSensitive(item, "index");
	const cJSON *field = cJSON_GetObjectItemCaseSensitive(item, "field");
	const cJSON *why = cJSON_GetObjectItemCaseSensitive(item, "reason");

	size_t n;

	snprintf(out, outlen, "%s: %s",
	         cJSON_IsString(code) ? code->valuestring : "no JSON error",
	         cJSON_IsString(msg) ? msg->valuestring : "");
	n = strlen(out);
	if (cJSON_IsString(why) && n < outlen)
		snprintf(out + n, outlen - n, " (item %d, %s: %s)",
		         cJSON_IsNumber(index) ? index->valueint : -1,
		         cJSON_IsString(field) ? field->valuestring : "-",
		         why->valuestring);
	cJSON_Delete(root);
	for (char *p = out; *p != '\0'; p++)
		if ((unsigned char)*p < ' ' || (unsigned char)*p >= 0x7f)
			*p = '?';
}

/* Whether answer is the ingest API's acknowledgement of n checks
 * ({"accepted": n, ...}): a 2xx from something else (a wrong URL, a
 * captive proxy) deletes nothing. */
static int
acknowledges(const struct buf *answer, long n)
{
	struct json_error je;
	cJSON *root =
	    answer->len > 0 ? json_parse(answer->data, answer->len, &je) : NULL;
	const cJSON *acc = cJSON_GetObjectItemCaseSensitive(root, "accepted");
	int ok = cJSON_IsNumber(acc) && acc->valuedouble == (double)n;

	cJSON_Delete(root);
	return ok;
}

/* Schedules the next try after a failure; returns the wait in ms. */
static int64_t
push_failed(struct probe_push *pp)
{
	int64_t wait;

	pp->failures++;
	pp->rng = pp->rng * 1664525u + 1013904223u;
	wait = probe_push_backoff_ms(pp->failures, pp->rng >> 8);
	pp->retry_at = (clock_mono_us() / 1000) + wait;
	return wait;
}

int
probe_push_finish(struct probe_push *pp, CURLM *multi, CURL *easy,
                  CURLcode code)
{
	char err[512], why[512];
	long status = 0;
	int64_t wait;

	if (pp == NULL || easy != pp->easy)
		return 0;
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &status);
	curl_multi_remove_handle(multi, easy);
	curl_easy_cleanup(easy);
	pp->easy = NULL;
	if (code == CURLE_OK && status >= 200 && status <= 299 &&
	    !acknowledges(&pp->answer, pp->n_sent)) {
		wait = push_failed(pp);
		pp->refused = 1;
		log_msg("error",
		        "probe: push: %s answered HTTP %ld, but not the ingest "
		        "API's acknowledgement of %ld checks (a wrong URL?); "
		        "%ld checks kept in the spool; next try in %.1f s",
		        pp->url, status, pp->n_sent, pp->waiting,
		        (double)wait / 1000);
		return 1;
	}
	if (code == CURLE_OK && status >= 200 && status <= 299) {
		long gone = store_spool_delete(pp->spool, pp->first_id,
		                               pp->last_id, err, sizeof(err));

		if (gone < 0) {
			/* Sent again later: central counts them as duplicates. */
			log_msg("error", "probe: spool %s: %s", pp->spool_path,
			        err);
			push_failed(pp);
			return 1;
		}
		pp->waiting -= gone;
		if (pp->waiting < 0)
			pp->waiting = 0;
		if (pp->failures > 0)
			log_msg("info",
			        "probe: push: %s answers again: %ld checks "
			        "acknowledged, %ld wait in the spool",
			        pp->url, pp->n_sent, pp->waiting);
		else
			log_msg(
			    "debug",
			    "probe: push: %ld checks acknowledged, %ld wait",
			    pp->n_sent, pp->waiting);
		pp->failures = 0;
		pp->retry_at = 0;
		pp->refused = 0;
		return 1;
	}
	wait = push_failed(pp);
	pp->refused =
	    code == CURLE_OK &&
	    (status == 400 || status == 401 || status == 403 || status == 404 ||
	     status == 413 || status == 415 || status == 422);
	if (code != CURLE_OK) {
		log_msg("warn",
		        "probe: push: %s not reached (%s): %ld checks kept in "
		        "the spool; next try in %.1f s",
		        pp->url, curl_easy_strerror(code), pp->waiting,
		        (double)wait / 1000);
	} else if (status == 401 || status == 403) {
		log_msg("error",
		        "probe: push: %s refused the token (HTTP %ld): check "
		        "--token-file against central's ingest tokens; %ld "
		        "checks kept in the spool; next try in %.1f s",
		        pp->url, status, pp->waiting, (double)wait / 1000);
	} else if (pp->refused) {
		answer_reason(&pp->answer, why, sizeof(why));
		log_msg("error",
		        "probe: push: %s refused a batch of %ld checks (HTTP "
		        "%ld %s); all %ld checks kept in the spool %s, retried "
		        "until it is accepted (next in %.1f s): fix central "
		        "(a model or region missing from its catalog?) or "
		        "remove the spool",
		        pp->url, pp->n_sent, status, why, pp->waiting,
		        pp->spool_path, (double)wait / 1000);
	} else {
		log_msg("warn",
		        "probe: push: %s answered HTTP %ld: %ld checks kept in "
		        "the spool; next try in %.1f s",
		        pp->url, status, pp->waiting, (double)wait / 1000);
	}
	return 1;
}

long
probe_push_waiting(const struct probe_push *pp)
{
	return pp->waiting;
}

int
probe_push_in_flight(const struct probe_push *pp)
{
	return pp->easy != NULL;
}

int64_t
probe_push_retry_in_ms(const struct probe_push *pp)
{
	int64_t d = pp->retry_at - (clock_mono_us() / 1000);

	return d > 0 ? d : 0;
}

int
probe_push_refused(const struct probe_push *pp)
{
	return pp->refused;
}

const char *
probe_push_spool_path(const struct probe_push *pp)
{
	return pp->spool_path;
}
