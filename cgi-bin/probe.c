/* probe.c: aigo probe: the prober's schedule and its libcurl multi loop, the keys it reads, and what it records through the one write path. */
#include "probe.h"

#include <curl/curl.h>
#include <signal.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "arena.h"
#include "catalog.h"
#include "fileutil.h"
#include "log.h"
#include "timefmt.h"
#include "metrics.h"
#include "probe_family.h"
#include "probe_keys.h"
#include "probe_push.h"
#include "probe_schedule.h"
#include "pstatus.h"
#include "statuspage.h"
#include "store.h"

_Static_assert(ERR__MAX <= METRICS_PROBE_ERRORS, "metrics hold every kind");

#define TICK_MS 1000             /* results are written once a tick */
#define PENDING_MAX 100000       /* results kept while the database is locked */
#define CONNECT_TIMEOUT_MS 10000 /* at most; the endpoint's timeout if less */
#define LATE_HIST_MS 60000       /* lateness counted per ms up to this */
#define PUSH_STOP_MS 5000        /* --push: sending at a stop, at most */
#define PUSH_ONCE_MS 20000       /* --push --once: sending, at most */
#define STATUS_TIMEOUT_MS 15000  /* one read of a status API, at most */

/* One endpoint of the catalog as the prober runs it. */
struct ep {
	const struct catalog_provider *provider;
	const struct catalog_model *model;
	const struct catalog_endpoint *ce;
	int64_t model_id;
	enum probe_kind kind; /* as probed: reachability without the key */
	const char *keys[2];  /* the key values (from the environment) */
	int64_t interval_ms, offset_ms;
	int64_t next_ms; /* the next planned start */
	int in_flight;
	size_t heap_at;
	int done; /* --once: its result is in */
};

/* One provider's status API as the prober reads it. */
struct sread {
	const struct catalog_provider *provider;
	int64_t provider_id;
	int64_t interval_ms, offset_ms;
	int64_t next_ms; /* the next planned read */
	CURL *easy;      /* while a read is in flight, else NULL */
	struct curl_slist *headers;
	struct buf body;
	int too_big; /* the answer passed PSTATUS_BODY_MAX */
	int64_t planned_ms, started_ms;
	int done;       /* --once: read */
	char line[400]; /* --once: what it said */
};

/* One probe in flight. */
struct job {
	struct ep *ep;
	CURL *easy;
	struct arena *arena;
	struct probe_request req;
	struct curl_slist *headers;
	struct buf body;
	struct probe_stream stream;
	int64_t planned_ms, started_ms;
	int64_t token_us;        /* monotonic µs at the first token; 0: none */
	struct job *next_free;   /* in the pool of free jobs */
	struct job *prev, *next; /* in the list of running jobs */
};

/* One result waiting for its tick's transaction. */
struct result {
	struct ep *ep;
	int64_t checked_at;
	struct probe_verdict v;
	enum probe_kind kind;
	int64_t latency_ms, http_status;
	int64_t dns_ms, connect_ms, tls_ms, first_byte_ms, ttft_ms; /* -1 */
	char error[160];
};

struct prober {
	const struct app_config *cfg;
	struct catalog cat;
	struct probe_keys keys; /* the probe_keys file's, when set */
	struct store *store;
	struct ep *eps;
	size_t n_eps;
	struct ep **heap; /* by next_ms */
	size_t n_heap;
	CURLM *multi;
	struct job *free_jobs;
	struct job *running; /* the jobs in flight */
	size_t in_flight;
	struct buf ca_blob; /* the system's CAs and probe_ca_file, or empty */
	struct result *pending;
	size_t n_pending, cap_pending;
	struct result *all; /* --once: every result, by endpoint */
	int once;
	uint64_t n_probes, n_skipped;
	/* How late each start was, per ms (the last: LATE_HIST_MS or
	 * more), for the summary: bounded however long the prober runs. */
	uint64_t *late_hist; /* LATE_HIST_MS + 1 counts */
	uint64_t n_late;
	int64_t late_max_ms;
	/* --push: the checks go to central's ingest API through a spool
	 * (probe_push.c), not to the database. */
	struct probe_push *push;
	const char *node_region;
	/* The providers' status APIs (none on a probe node). */
	struct sread *sreads;
	size_t n_sreads;
};

static volatile sig_atomic_t stopping;

static void
on_stop(int sig)
{
	(void)sig;
	stopping = 1;
}

static int64_t
realtime_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_REALTIME, &ts);
	return (int64_t)ts.tv_sec * 1000 + ts.tv_nsec / 1000000;
}

enum probe_transport
probe_transport_of(int curl_code)
{
	switch ((CURLcode)curl_code) {
	case CURLE_OK:
		return TRANSPORT_OK;
	case CURLE_OPERATION_TIMEDOUT:
		return TRANSPORT_TIMEOUT;
	case CURLE_COULDNT_RESOLVE_HOST:
	case CURLE_COULDNT_RESOLVE_PROXY:
		return TRANSPORT_DNS;
	case CURLE_SSL_CONNECT_ERROR:
	case CURLE_PEER_FAILED_VERIFICATION:
	case CURLE_SSL_CERTPROBLEM:
	case CURLE_SSL_CIPHER:
	case CURLE_SSL_CACERT_BADFILE:
	case CURLE_SSL_ISSUER_ERROR:
	case CURLE_SSL_PINNEDPUBKEYNOTMATCH:
	case CURLE_SSL_INVALIDCERTSTATUS:
	case CURLE_SSL_CRL_BADFILE:
	case CURLE_USE_SSL_FAILED:
		return TRANSPORT_TLS;
	case CURLE_RECV_ERROR:
	case CURLE_SEND_ERROR:
	case CURLE_GOT_NOTHING:
	case CURLE_PARTIAL_FILE:
	case CURLE_HTTP2:
	case CURLE_HTTP2_STREAM:
		return TRANSPORT_BROKEN;
	case CURLE_WEIRD_SERVER_REPLY:
	case CURLE_BAD_CONTENT_ENCODING:
	case CURLE_UNSUPPORTED_PROTOCOL:
		return TRANSPORT_PROTOCOL;
	default:
		return TRANSPORT_CONNECT;
	}
}

/* ---- the schedule's heap of endpoints by next planned start ---- */

static void
heap_swap(struct prober *p, size_t i, size_t j)
{
	struct ep *t = p->heap[i];

	p->heap[i] = p->heap[j];
	p->heap[j] = t;
	p->heap[i]->heap_at = i;
	p->heap[j]->heap_at = j;
}

static void
heap_up(struct prober *p, size_t i)
{
	while (i > 0 && p->heap[(i - 1) / 2]->next_ms > p->heap[i]->next_ms) {
		heap_swap(p, i, (i - 1) / 2);
		i = (i - 1) / 2;
	}
}

static void
heap_down(struct prober *p, size_t i)
{
	for (;;) {
		size_t l = 2 * i + 1, r = l + 1, m = i;

		if (l < p->n_heap && p->heap[l]->next_ms < p->heap[m]->next_ms)
			m = l;
		if (r < p->n_heap && p->heap[r]->next_ms < p->heap[m]->next_ms)
			m = r;
		if (m == i)
			return;
		heap_swap(p, i, m);
		i = m;
	}
}

/* ---- setting up ---- */

/* Reads each provider's key variables once (the probe_keys file's value,
 * else the environment's); an inference or stream
 * endpoint without them is probed for reachability, said once per
 * provider. */
static void
read_keys(struct prober *p)
{
	for (size_t i = 0; i < p->cat.n_providers; i++) {
		const struct catalog_provider *cp = &p->cat.providers[i];
		const char *vals[CATALOG_KEYS_MAX] = {0};
		int have = cp->n_key_env > 0;
		size_t downgraded = 0;

		for (int k = 0; k < cp->n_key_env; k++) {
			vals[k] =
			    probe_keys_get(&p->keys, cp->key_env[k], NULL);
			if (vals[k] == NULL || *vals[k] == '\0')
				have = 0;
		}
		for (size_t e = 0; e < p->n_eps; e++) {
			struct ep *ep = &p->eps[e];

			if (ep->provider != cp)
				continue;
			ep->kind = ep->ce->kind;
			if (ep->kind == PROBE_KIND_REACHABILITY)
				continue;
			if (!have) {
				ep->kind = PROBE_KIND_REACHABILITY;
				downgraded++;
				continue;
			}
			ep->keys[0] = vals[0];
			ep->keys[1] = cp->n_key_env > 1 ? vals[1] : NULL;
		}
		if (downgraded > 0)
			log_msg("warn",
			        "probe: provider %s: %s%s%s not set: its %zu "
			        "inference/stream endpoint%s probed for "
			        "reachability only",
			        cp->slug, cp->key_env[0],
			        cp->n_key_env > 1 ? " or " : "",
			        cp->n_key_env > 1 ? cp->key_env[1] : "",
			        downgraded, downgraded == 1 ? " is" : "s are");
	}
}

int
probe_ca_bundle(const char *ca_file, struct buf *out)
{
	CURL *e;
	char *sys = NULL, *extra;
	size_t len = 0;

	if (ca_file[0] == '\0')
		return 0;
	extra = file_read_all(ca_file, &len);
	if (extra == NULL)
		return -1;
	e = curl_easy_init();
	if (e != NULL &&
	    curl_easy_getinfo(e, CURLINFO_CAINFO, &sys) == CURLE_OK &&
	    sys != NULL) {
		size_t n = 0;
		char *bundle = file_read_all(sys, &n);

		if (bundle != NULL) {
			buf_append(out, bundle, n);
			buf_puts(out, "\n");
			free(bundle);
		}
	}
	if (e != NULL)
		curl_easy_cleanup(e);
	buf_append(out, extra, len);
	free(extra);
	return 0;
}

/* The prober's CAs: the system's and probe_ca_file. */
static int
load_ca(struct prober *p)
{
	if (probe_ca_bundle(p->cfg->probe_ca_file, &p->ca_blob) == 0)
		return 0;
	fprintf(stderr, "aigo probe: probe_ca_file %s: cannot read\n",
	        p->cfg->probe_ca_file);
	return -1;
}

/* The catalog's active endpoints with their model ids in the database. */
static int
load_endpoints(struct prober *p)
{
	char err[512];
	size_t n = 0;

	p->eps = xcalloc(p->cat.n_endpoints ? p->cat.n_endpoints : 1,
	                 sizeof(*p->eps));
	for (size_t i = 0; i < p->cat.n_providers; i++) {
		const struct catalog_provider *cp = &p->cat.providers[i];

		for (size_t j = 0; j < cp->n_models; j++) {
			const struct catalog_model *m = &cp->models[j];

			if (!m->is_active)
				continue;
			for (size_t k = 0; k < m->n_endpoints; k++) {
				struct ep *ep = &p->eps[n];
				int rc = store_find_endpoint(
				    p->store, m->slug, m->endpoints[k].region,
				    &ep->model_id, err, sizeof(err));

				if (rc != 0) {
					fprintf(
					    stderr, "aigo probe: %s %s: %s\n",
					    m->slug, m->endpoints[k].region,
					    rc < 0 ? err
					           : "not in the database: "
					             "run aigo db init with "
					             "this catalog");
					return -1;
				}
				ep->provider = cp;
				ep->model = m;
				ep->ce = &m->endpoints[k];
				ep->interval_ms =
				    1000 * (ep->ce->interval_s
				                ? ep->ce->interval_s
				                : p->cfg->probe_interval);
				ep->offset_ms = probe_schedule_offset(
				    m->slug, ep->ce->region, ep->interval_ms);
				n++;
			}
		}
	}
	p->n_eps = n;
	return 0;
}

/* --push: one endpoint per active model, all recorded in the node's
 * region: the model's endpoint in that region when it has one, else its
 * first, so that a (model, region, second) is made once. No database. */
static int
load_node_endpoints(struct prober *p)
{
	size_t n = 0, elsewhere = 0;

	p->eps = xcalloc(p->cat.n_endpoints ? p->cat.n_endpoints : 1,
	                 sizeof(*p->eps));
	for (size_t i = 0; i < p->cat.n_providers; i++) {
		const struct catalog_provider *cp = &p->cat.providers[i];

		for (size_t j = 0; j < cp->n_models; j++) {
			const struct catalog_model *m = &cp->models[j];
			struct ep *ep = &p->eps[n];
			size_t k = 0;

			if (!m->is_active || m->n_endpoints == 0)
				continue;
			while (k < m->n_endpoints &&
			       strcmp(m->endpoints[k].region, p->node_region) !=
			           0)
				k++;
			if (k == m->n_endpoints) {
				k = 0;
				elsewhere++;
			}
			ep->provider = cp;
			ep->model = m;
			ep->ce = &m->endpoints[k];
			ep->interval_ms = 1000 * (ep->ce->interval_s
			                              ? ep->ce->interval_s
			                              : p->cfg->probe_interval);
			ep->offset_ms = probe_schedule_offset(
			    m->slug, p->node_region, ep->interval_ms);
			n++;
		}
	}
	p->n_eps = n;
	log_msg("info",
	        "probe: node of region %s: %zu models, %zu of them through "
	        "their endpoint in another region (none in %s)",
	        p->node_region, n, elsewhere, p->node_region);
	return 0;
}

/* ---- one probe ---- */

static size_t
on_body(char *data, size_t size, size_t n, void *ctx)
{
	struct job *j = ctx;
	size_t len = size * n;

	if (j->ep->kind == PROBE_KIND_STREAM) {
		if (probe_stream_feed(&j->stream, data, len))
			j->token_us = clock_mono_us();
	} else if (j->ep->kind == PROBE_KIND_INFERENCE &&
	           j->body.len <= PROBE_BODY_MAX) {
		buf_append(&j->body, data, len);
	}
	return len; /* a reachability probe reads and drops the body */
}

static struct job *
job_get(struct prober *p)
{
	struct job *j = p->free_jobs;

	if (j != NULL) {
		p->free_jobs = j->next_free;
		curl_easy_reset(j->easy);
		return j;
	}
	j = xcalloc(1, sizeof(*j));
	j->easy = xnonnull(curl_easy_init());
	return j;
}

static void
job_put(struct prober *p, struct job *j)
{
	CURL *easy = j->easy;

	if (j->prev != NULL)
		j->prev->next = j->next;
	else if (p->running == j)
		p->running = j->next;
	if (j->next != NULL)
		j->next->prev = j->prev;

	curl_slist_free_all(j->headers);
	arena_free(j->arena);
	buf_free(&j->body);
	probe_stream_free(&j->stream);
	memset(j, 0, sizeof(*j));
	j->easy = easy;
	j->next_free = p->free_jobs;
	p->free_jobs = j;
}

/* Starts the probe of ep planned for planned_ms. */
static void
probe_start(struct prober *p, struct ep *ep, int64_t planned_ms)
{
	struct job *j = job_get(p);
	struct probe_target t;
	CURL *e = j->easy;
	int64_t timeout = ep->ce->timeout_ms;

	j->ep = ep;
	j->arena = arena_new();
	j->planned_ms = planned_ms;
	j->stream.family = ep->ce->family;
	t.family = ep->ce->family;
	t.kind = ep->kind;
	t.url = ep->ce->url;
	t.method = ep->ce->method;
	t.provider_model = ep->ce->provider_model;
	t.region = ep->ce->region;
	t.keys[0] = ep->kind != PROBE_KIND_REACHABILITY ? ep->keys[0] : NULL;
	t.keys[1] = ep->kind != PROBE_KIND_REACHABILITY ? ep->keys[1] : NULL;
	t.request_patch = ep->ce->request_patch;
	probe_build_request(&t, j->arena, &j->req);
	for (int h = 0; h < j->req.n_headers; h++) {
		char *line =
		    arena_printf(j->arena, "%s: %s", j->req.headers[h].name,
		                 j->req.headers[h].value);
		struct curl_slist *l = curl_slist_append(j->headers, line);

		j->headers = xnonnull(l);
	}
	curl_easy_setopt(e, CURLOPT_URL, j->req.url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)timeout);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	                 (long)(timeout < CONNECT_TIMEOUT_MS
	                            ? timeout
	                            : CONNECT_TIMEOUT_MS));
	curl_easy_setopt(e, CURLOPT_HTTP_VERSION, (long)CURL_HTTP_VERSION_2TLS);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_blob.len > 0) {
		struct curl_blob blob = {p->ca_blob.data, p->ca_blob.len,
		                         CURL_BLOB_NOCOPY};

		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
	}
	curl_easy_setopt(e, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(e, CURLOPT_USERAGENT, "aigo-probe/1");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, j->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, j);
	curl_easy_setopt(e, CURLOPT_PRIVATE, j);
	if (strcmp(j->req.method, "HEAD") == 0) {
		curl_easy_setopt(e, CURLOPT_NOBODY, 1L);
	} else if (j->req.body != NULL) {
		curl_easy_setopt(e, CURLOPT_POSTFIELDSIZE,
		                 (long)j->req.body_len);
		curl_easy_setopt(e, CURLOPT_POSTFIELDS, j->req.body);
	}
	if (j->req.aws_sigv4 != NULL) {
		curl_easy_setopt(e, CURLOPT_AWS_SIGV4, j->req.aws_sigv4);
		curl_easy_setopt(e, CURLOPT_USERPWD, j->req.aws_userpwd);
	}
	ep->in_flight = 1;
	p->in_flight++;
	j->prev = NULL;
	j->next = p->running;
	if (p->running != NULL)
		p->running->prev = j;
	p->running = j;
	j->started_ms = realtime_ms();
	if (p->late_hist != NULL) {
		int64_t late = j->started_ms - planned_ms;

		late = late > 0 ? late : 0;
		p->late_hist[late < LATE_HIST_MS ? late : LATE_HIST_MS]++;
		p->n_late++;
		if (late > p->late_max_ms)
			p->late_max_ms = late;
	}
	curl_multi_add_handle(p->multi, e);
}

/* A libcurl time in µs as ms (-1 when not measured). */
static int64_t
info_ms(CURL *e, CURLINFO what)
{
	curl_off_t us = 0;

	if (curl_easy_getinfo(e, what, &us) != CURLE_OK || us <= 0)
		return -1;
	return (int64_t)((us + 500) / 1000);
}

static void
result_add(struct prober *p, const struct result *r)
{
	if (p->once) {
		p->all[r->ep - p->eps] = *r;
		r->ep->done = 1;
	}
	if (p->n_pending >= PENDING_MAX) {
		log_msg("error",
		        "probe: %zu results not written (database "
		        "locked); the oldest dropped",
		        p->n_pending);
		memmove(p->pending, p->pending + 1,
		        (p->n_pending - 1) * sizeof(*p->pending));
		p->n_pending--;
	}
	p->pending = xgrow(p->pending, p->n_pending, &p->cap_pending,
	                   sizeof(*p->pending));
	p->pending[p->n_pending++] = *r;
}

/* Reads what libcurl saw of a finished probe, classifies it, and keeps
 * the result for the tick's write. */
static void
probe_finish(struct prober *p, struct job *j, CURLcode code)
{
	struct ep *ep = j->ep;
	CURL *e = j->easy;
	struct result r;
	struct probe_seen seen;
	long status = 0, connects = 0;
	int64_t dns, conn, app;

	memset(&r, 0, sizeof(r));
	r.ep = ep;
	r.kind = ep->kind;
	r.checked_at = j->started_ms / 1000;
	curl_easy_getinfo(e, CURLINFO_RESPONSE_CODE, &status);
	curl_easy_getinfo(e, CURLINFO_NUM_CONNECTS, &connects);
	r.http_status = status;
	r.latency_ms = info_ms(e, CURLINFO_TOTAL_TIME_T);
	if (r.latency_ms < 0)
		r.latency_ms = 0;
	r.first_byte_ms =
	    status > 0 ? info_ms(e, CURLINFO_STARTTRANSFER_TIME_T) : -1;
	/* A reused connection has no DNS, connect or TLS time of its own. */
	dns = info_ms(e, CURLINFO_NAMELOOKUP_TIME_T);
	conn = info_ms(e, CURLINFO_CONNECT_TIME_T);
	app = info_ms(e, CURLINFO_APPCONNECT_TIME_T);
	r.dns_ms = connects > 0 ? (dns < 0 ? 0 : dns) : -1;
	r.connect_ms =
	    connects > 0 && conn >= 0 ? conn - (dns < 0 ? 0 : dns) : -1;
	r.tls_ms = connects > 0 && app >= 0 && conn >= 0 ? app - conn : -1;
	/* TTFT on libcurl's clock, the one the latency is on: the total time
	 * less what came after the first token (libcurl's own time spent
	 * is only updated now and then while the transfer runs). */
	r.ttft_ms = -1;
	if (ep->kind == PROBE_KIND_STREAM && j->token_us > 0) {
		int64_t after = (clock_mono_us() - j->token_us + 500) / 1000;

		r.ttft_ms = r.latency_ms > after ? r.latency_ms - after : 0;
	}
	memset(&seen, 0, sizeof(seen));
	seen.kind = ep->kind;
	seen.transport = probe_transport_of(code);
	seen.http_status = (int)status;
	seen.total_ms = r.latency_ms;
	seen.expect = ep->ce->expect;
	seen.n_expect = ep->ce->n_expect;
	seen.degraded_ms = ep->ce->degraded_ms;
	if (ep->kind == PROBE_KIND_STREAM) {
		seen.body = probe_stream_verdict(&j->stream);
		seen.body_hint = j->stream.hint;
	} else if (ep->kind == PROBE_KIND_INFERENCE) {
		seen.body = probe_check_body(ep->ce->family, j->body.data,
		                             j->body.len, &seen.body_hint);
	}
	r.v = probe_classify(&seen);
	/* The text says what happened in general words: never the answer's
	 * body (a provider may quote the key back) or a header. */
	if (r.v.error == ERR_NONE && r.v.status == STATUS_DEGRADED)
		snprintf(r.error, sizeof(r.error),
		         "slow: %lld ms over the %lld ms threshold",
		         (long long)r.latency_ms, (long long)seen.degraded_ms);
	else if (r.v.error != ERR_NONE && code != CURLE_OK && status == 0)
		snprintf(r.error, sizeof(r.error), "%s: %s",
		         probe_error_names[r.v.error],
		         curl_easy_strerror(code));
	else if (r.v.error == ERR_EMPTY || r.v.error == ERR_MALFORMED ||
	         (r.v.error != ERR_NONE && seen.body == BODY_ERROR &&
	          status >= 200 && status <= 299))
		snprintf(r.error, sizeof(r.error), "%s: HTTP %ld, %s",
		         probe_error_names[r.v.error], status,
		         seen.body == BODY_ERROR   ? "an error in the body"
		         : seen.body == BODY_EMPTY ? "no completion"
		                                   : "not the API's answer");
	else if (r.v.error != ERR_NONE)
		snprintf(r.error, sizeof(r.error), "%s: HTTP %ld",
		         probe_error_names[r.v.error], status);
	metrics_probe(
	    (int)r.v.status, (int)r.v.error,
	    p->once ? 0 : (double)(j->started_ms - j->planned_ms) / 1000.0);
	log_msg("debug", "probe: %s %s %s: %s %lld ms %s", ep->model->slug,
	        ep->ce->region, probe_kind_names[ep->kind],
	        status_names[r.v.status], (long long)r.latency_ms,
	        r.v.error ? probe_error_names[r.v.error] : "-");
	result_add(p, &r);
	curl_multi_remove_handle(p->multi, e);
	ep->in_flight = 0;
	p->in_flight--;
	p->n_probes++;
	job_put(p, j);
}

static int status_finish(struct prober *p, CURL *easy, CURLcode code);

static void
collect(struct prober *p)
{
	CURLMsg *msg;
	int left;

	while ((msg = curl_multi_info_read(p->multi, &left)) != NULL) {
		struct job *j = NULL;

		if (msg->msg != CURLMSG_DONE)
			continue;
		if (probe_push_finish(p->push, p->multi, msg->easy_handle,
		                      msg->data.result))
			continue;
		if (status_finish(p, msg->easy_handle, msg->data.result))
			continue;
		curl_easy_getinfo(msg->easy_handle, CURLINFO_PRIVATE, &j);
		probe_finish(p, j, msg->data.result);
	}
}

/* Writes the tick's results in one transaction; kept for the next tick
 * when the database stays locked. */
static void
flush(struct prober *p)
{
	struct check_in *c;
	const char **slugs;
	char err[512];
	long n_new = 0, n_dup = 0;
	int rc;

	/* --push: the oldest spooled checks go out (never blocking). */
	if (p->push != NULL)
		probe_push_send(p->push, p->multi);
	if (p->n_pending == 0)
		return;
	c = xcalloc(p->n_pending, sizeof(*c));
	slugs = xcalloc(p->n_pending, sizeof(*slugs));
	for (size_t i = 0; i < p->n_pending; i++) {
		const struct result *r = &p->pending[i];

		c[i].model_id = r->ep->model_id;
		c[i].region = r->ep->ce->region;
		c[i].checked_at = r->checked_at;
		c[i].status = r->v.status;
		c[i].latency_ms = r->latency_ms;
		c[i].http_status =
		    r->http_status >= 100 && r->http_status <= 599
		        ? r->http_status
		        : 0;
		c[i].error = r->error[0] ? r->error : NULL;
		c[i].source = "probe";
		/* What the probe measured: its kind as probed, its error kind
		 * (none for ERR_NONE), and the phases (-1: not measured). */
		c[i].probe_kind = probe_kind_names[r->kind];
		c[i].error_kind = probe_error_names[r->v.error];
		c[i].dns_ms = r->dns_ms;
		c[i].connect_ms = r->connect_ms;
		c[i].tls_ms = r->tls_ms;
		c[i].first_byte_ms = r->first_byte_ms;
		c[i].ttft_ms = r->ttft_ms;
		slugs[i] = r->ep->model->slug;
	}
	if (p->push != NULL)
		rc = probe_push_record(p->push, c, slugs, p->n_pending, &n_new,
		                       &n_dup, err, sizeof(err));
	else
		rc = store_record_checks(p->store, c, p->n_pending, &n_new,
		                         &n_dup, err, sizeof(err));
	free(c);
	free(slugs);
	if (rc != 0) {
		log_msg(rc == -2 ? "warn" : "error",
		        "probe: %zu results not written yet: %s", p->n_pending,
		        err);
		return;
	}
	if (n_dup > 0)
		log_msg("warn", "probe: %ld results were already recorded",
		        n_dup);
	p->n_pending = 0;
}

/* ---- the providers' status APIs (docs/probing.md, "Provider-reported
 * status"): read on their own interval in the same multi loop ---- */

/* Reads the status APIs of the catalog's providers that name one, with
 * their provider ids in the database. Not on a probe node (--push):
 * central reads them. */
static int
load_status_reads(struct prober *p)
{
	char err[512];
	size_t n = 0;

	p->sreads = xcalloc(p->cat.n_providers ? p->cat.n_providers : 1,
	                    sizeof(*p->sreads));
	for (size_t i = 0; i < p->cat.n_providers; i++) {
		const struct catalog_provider *cp = &p->cat.providers[i];
		struct sread *sr = &p->sreads[n];
		int rc;

		if (cp->status_api_url == NULL)
			continue;
		rc = store_find_provider(p->store, cp->slug, &sr->provider_id,
		                         err, sizeof(err));
		if (rc != 0) {
			fprintf(stderr, "aigo probe: provider %s: %s\n",
			        cp->slug,
			        rc < 0 ? err
			               : "not in the database: run aigo db "
			                 "init with this catalog");
			return -1;
		}
		sr->provider = cp;
		sr->interval_ms = 1000 * p->cfg->status_interval;
		sr->offset_ms = probe_schedule_offset(cp->slug, "status-api",
		                                      sr->interval_ms);
		n++;
	}
	p->n_sreads = n;
	return 0;
}

static size_t
on_status_body(char *data, size_t size, size_t n, void *ctx)
{
	struct sread *sr = ctx;
	size_t len = size * n;

	if (sr->body.len + len > PSTATUS_BODY_MAX) {
		sr->too_big = 1;
		return 0; /* libcurl stops the transfer */
	}
	buf_append(&sr->body, data, len);
	return len;
}

/* Starts the read of sr planned for planned_ms: a GET of the URL with no
 * key, no cookie and no redirect followed. */
static void
status_start(struct prober *p, struct sread *sr, int64_t planned_ms)
{
	CURL *e = xnonnull(curl_easy_init());

	sr->easy = e;
	sr->planned_ms = planned_ms;
	sr->too_big = 0;
	sr->body.len = 0;
	sr->headers =
	    xnonnull(curl_slist_append(NULL, "Accept: application/json"));
	curl_easy_setopt(e, CURLOPT_URL, sr->provider->status_api_url);
	curl_easy_setopt(e, CURLOPT_PROTOCOLS_STR, "http,https");
	curl_easy_setopt(e, CURLOPT_FOLLOWLOCATION, 0L);
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_TIMEOUT_MS, (long)STATUS_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS,
	                 (long)CONNECT_TIMEOUT_MS);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYPEER, 1L);
	curl_easy_setopt(e, CURLOPT_SSL_VERIFYHOST, 2L);
	if (p->ca_blob.len > 0) {
		struct curl_blob blob = {p->ca_blob.data, p->ca_blob.len,
		                         CURL_BLOB_NOCOPY};

		curl_easy_setopt(e, CURLOPT_CAINFO_BLOB, &blob);
	}
	curl_easy_setopt(e, CURLOPT_ACCEPT_ENCODING, "");
	curl_easy_setopt(e, CURLOPT_USERAGENT, "aigo-probe/1");
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, sr->headers);
	curl_easy_setopt(e, CURLOPT_WRITEFUNCTION, on_status_body);
	curl_easy_setopt(e, CURLOPT_WRITEDATA, sr);
	sr->started_ms = realtime_ms();
	curl_multi_add_handle(p->multi, e);
}

static void
status_release(struct prober *p, struct sread *sr)
{
	curl_multi_remove_handle(p->multi, sr->easy);
	curl_easy_cleanup(sr->easy);
	curl_slist_free_all(sr->headers);
	sr->easy = NULL;
	sr->headers = NULL;
}

/* When easy is a status read's: reads its answer, records it through the
 * store, and returns 1; else 0. */
static int
status_finish(struct prober *p, CURL *easy, CURLcode code)
{
	struct sread *sr = NULL;
	struct pstatus_report r;
	struct arena *a;
	char why[300] = "", err[512];
	long http = 0;
	int rc;

	for (size_t i = 0; i < p->n_sreads && sr == NULL; i++)
		if (p->sreads[i].easy == easy)
			sr = &p->sreads[i];
	if (sr == NULL)
		return 0;
	a = arena_new();
	curl_easy_getinfo(easy, CURLINFO_RESPONSE_CODE, &http);
	if (sr->too_big)
		snprintf(why, sizeof(why), "the answer is larger than %d bytes",
		         PSTATUS_BODY_MAX);
	else if (code != CURLE_OK)
		snprintf(why, sizeof(why), "%s", curl_easy_strerror(code));
	else if (http != 200)
		snprintf(why, sizeof(why), "HTTP %ld", http);
	else if (statuspage_parse(sr->body.data, sr->body.len, a, &r, err,
	                          sizeof(err)) != 0)
		snprintf(why, sizeof(why),
		         "not a Statuspage v2 summary: %.240s", err);
	rc = store_record_provider_status(
	    p->store, sr->provider_id, sr->provider->status_api_format,
	    sr->started_ms / 1000, why[0] ? NULL : &r, why[0] ? why : NULL, err,
	    sizeof(err));
	if (rc != 0)
		log_msg(rc == -2 ? "warn" : "error",
		        "probe: status API of %s: not recorded: %s",
		        sr->provider->slug, err);
	if (why[0])
		log_msg("warn", "probe: status API of %s (%s): %s",
		        sr->provider->slug, sr->provider->status_api_url, why);
	metrics_status_read(
	    why[0] != 0,
	    p->once ? 0 : (double)(sr->started_ms - sr->planned_ms) / 1000.0);
	if (p->once) {
		if (why[0])
			snprintf(sr->line, sizeof(sr->line), "failed: %s", why);
		else
			snprintf(sr->line, sizeof(sr->line),
			         "%s (%.80s): %zu components, %zu open "
			         "incidents",
			         pstatus_indicator_names[r.indicator],
			         r.description, r.n_components, r.n_incidents);
		sr->done = 1;
	}
	arena_free(a);
	status_release(p, sr);
	return 1;
}

/* Starts every status read due by now whose previous one has ended. They
 * are not counted in probe_concurrency: a read never holds up a probe. */
static void
status_due(struct prober *p, int64_t now)
{
	for (size_t i = 0; i < p->n_sreads; i++) {
		struct sread *sr = &p->sreads[i];
		int64_t planned = sr->next_ms;

		if (sr->next_ms > now)
			continue;
		while (sr->next_ms <= now)
			sr->next_ms += sr->interval_ms;
		if (sr->easy == NULL)
			status_start(p, sr, planned);
	}
}

/* The time of the next status read due (INT64_MAX for none). */
static int64_t
status_next_ms(const struct prober *p)
{
	int64_t next = INT64_MAX;

	for (size_t i = 0; i < p->n_sreads; i++)
		if (p->sreads[i].next_ms < next)
			next = p->sreads[i].next_ms;
	return next;
}

/* Whether a status read is still in flight. */
static int
status_in_flight(const struct prober *p)
{
	for (size_t i = 0; i < p->n_sreads; i++)
		if (p->sreads[i].easy != NULL)
			return 1;
	return 0;
}

static void
print_status_once(const struct prober *p, FILE *out)
{
	for (size_t i = 0; i < p->n_sreads; i++) {
		const struct sread *sr = &p->sreads[i];

		fprintf(out, "status API %-16s %s\n", sr->provider->slug,
		        sr->done ? sr->line : "not read");
	}
}

static void
status_free(struct prober *p)
{
	for (size_t i = 0; i < p->n_sreads; i++) {
		if (p->sreads[i].easy != NULL)
			status_release(p, &p->sreads[i]);
		buf_free(&p->sreads[i].body);
	}
	free(p->sreads);
	p->sreads = NULL;
	p->n_sreads = 0;
}

/* ---- the loop ---- */

/* Starts every endpoint due by now whose previous probe has ended, while
 * probe_concurrency allows; a start whose endpoint is still being probed
 * is skipped (never twice at once). */
static void
start_due(struct prober *p, int64_t now)
{
	while (p->n_heap > 0 && p->heap[0]->next_ms <= now &&
	       p->in_flight < (size_t)p->cfg->probe_concurrency) {
		struct ep *ep = p->heap[0];
		int64_t planned = ep->next_ms;

		ep->next_ms += ep->interval_ms;
		heap_down(p, 0);
		if (ep->in_flight) {
			p->n_skipped++;
			metrics_add(&metrics()->probes_skipped);
			log_msg("info",
			        "probe: %s %s still running at its next "
			        "start; that start is skipped",
			        ep->model->slug, ep->ce->region);
			continue;
		}
		probe_start(p, ep, planned);
	}
}

/* The lateness below which a share (per mille) of the starts were. */
static int64_t
late_quantile(const struct prober *p, uint64_t per_mille)
{
	uint64_t want = (p->n_late * per_mille + 999) / 1000, seen = 0;

	for (int64_t ms = 0; p->late_hist != NULL && ms <= LATE_HIST_MS; ms++) {
		seen += p->late_hist[ms];
		if (seen >= want && seen > 0)
			return ms;
	}
	return 0;
}

static void
log_summary(struct prober *p)
{
	log_msg("info",
	        "probe: stopped after %llu probes of %zu endpoints; "
	        "lateness p50 %lld ms, p99 %lld ms, max %lld ms; %llu "
	        "starts skipped",
	        (unsigned long long)p->n_probes, p->n_eps,
	        (long long)late_quantile(p, 500),
	        (long long)late_quantile(p, 990), (long long)p->late_max_ms,
	        (unsigned long long)p->n_skipped);
}

static void
run_schedule(struct prober *p)
{
	int64_t now = realtime_ms(), last_flush = now;

	p->heap = xcalloc(p->n_eps ? p->n_eps : 1, sizeof(*p->heap));
	p->late_hist = xcalloc(LATE_HIST_MS + 1, sizeof(*p->late_hist));
	for (size_t i = 0; i < p->n_eps; i++) {
		struct ep *ep = &p->eps[i];

		ep->next_ms =
		    probe_schedule_next(now, ep->offset_ms, ep->interval_ms);
		ep->heap_at = p->n_heap;
		p->heap[p->n_heap++] = ep;
		heap_up(p, ep->heap_at);
	}
	for (size_t i = 0; i < p->n_sreads; i++)
		p->sreads[i].next_ms = probe_schedule_next(
		    now, p->sreads[i].offset_ms, p->sreads[i].interval_ms);
	log_msg("info",
	        "probe: %zu endpoints on their schedule, %lld in "
	        "flight at most",
	        p->n_eps, (long long)p->cfg->probe_concurrency);
	metrics_probe_tick(now / 1000);
	if (p->n_sreads > 0)
		log_msg("info",
		        "probe: %zu providers' status APIs read every %lld s",
		        p->n_sreads, (long long)p->cfg->status_interval);
	while (!stopping) {
		int running, wait;

		now = realtime_ms();
		start_due(p, now);
		status_due(p, now);
		curl_multi_perform(p->multi, &running);
		collect(p);
		now = realtime_ms();
		if (now - last_flush >= TICK_MS) {
			flush(p);
			last_flush = now;
			/* For AigoProberDown: the loop is alive and writing. */
			metrics_probe_tick(now / 1000);
		}
		wait = TICK_MS;
		if (p->n_heap > 0 &&
		    p->in_flight < (size_t)p->cfg->probe_concurrency) {
			int64_t d = p->heap[0]->next_ms - now;

			wait = d < 0 ? 0 : d < wait ? (int)d : wait;
		}
		if (p->n_sreads > 0) {
			int64_t d = status_next_ms(p) - now;

			wait = d < 0 ? 0 : d < wait ? (int)d : wait;
		}
		if (wait > 0)
			curl_multi_poll(p->multi, NULL, 0, wait, NULL);
	}
}

/* --once: every endpoint now, then the table and the summary. */
static void
run_once(struct prober *p)
{
	size_t next = 0, done = 0;
	int64_t last_flush = realtime_ms();

	p->all = xcalloc(p->n_eps ? p->n_eps : 1, sizeof(*p->all));
	/* Each status API once, beside the probes. */
	for (size_t i = 0; i < p->n_sreads; i++)
		status_start(p, &p->sreads[i], 0);
	while ((done < p->n_eps || status_in_flight(p)) && !stopping) {
		int running;

		while (next < p->n_eps &&
		       p->in_flight < (size_t)p->cfg->probe_concurrency)
			probe_start(p, &p->eps[next++], 0);
		curl_multi_perform(p->multi, &running);
		collect(p);
		/* Each endpoint is probed once: the probes ended are the
		 * endpoints done (not a pass over every endpoint a turn). */
		done = (size_t)p->n_probes;
		if (realtime_ms() - last_flush >= TICK_MS) {
			flush(p);
			last_flush = realtime_ms();
		}
		/* Waits only while no more can start: on a fast network every
		 * probe of a turn may end within curl_multi_perform, and the
		 * wait then lasted its 100 ms with nothing in flight. */
		if ((done < p->n_eps &&
		     (next >= p->n_eps ||
		      p->in_flight >= (size_t)p->cfg->probe_concurrency)) ||
		    (done >= p->n_eps && status_in_flight(p)))
			curl_multi_poll(p->multi, NULL, 0, 100, NULL);
	}
}

static void
print_once(const struct prober *p, FILE *out)
{
	size_t n[STATUS__MAX] = {0}, kinds[PROBE_KIND__MAX] = {0};

	fprintf(out, "%-28s %-16s %-12s %-11s %9s %9s  %s\n", "MODEL", "REGION",
	        "KIND", "STATUS", "LATENCY", "TTFT", "ERROR");
	for (size_t i = 0; i < p->n_eps; i++) {
		const struct ep *ep = &p->eps[i];
		const struct result *r = &p->all[i];
		char lat[32] = "-", ttft[32] = "-";

		if (!ep->done)
			continue;
		snprintf(lat, sizeof(lat), "%lld ms", (long long)r->latency_ms);
		if (r->ttft_ms >= 0)
			snprintf(ttft, sizeof(ttft), "%lld ms",
			         (long long)r->ttft_ms);
		fprintf(out, "%-28s %-16s %-12s %-11s %9s %9s  %s\n",
		        ep->model->slug, ep->ce->region,
		        probe_kind_names[r->kind], status_names[r->v.status],
		        lat, ttft,
		        r->v.error ? probe_error_names[r->v.error] : "-");
		n[r->v.status]++;
		kinds[r->kind]++;
	}
	fprintf(out,
	        "%zu endpoints: %zu operational, %zu degraded, %zu outage; "
	        "%zu inference, %zu stream, %zu reachability only\n",
	        n[STATUS_OPERATIONAL] + n[STATUS_DEGRADED] + n[STATUS_OUTAGE],
	        n[STATUS_OPERATIONAL], n[STATUS_DEGRADED], n[STATUS_OUTAGE],
	        kinds[PROBE_KIND_INFERENCE], kinds[PROBE_KIND_STREAM],
	        kinds[PROBE_KIND_REACHABILITY]);
}

static void
prober_free(struct prober *p)
{
	struct job *j = p->free_jobs;

	probe_push_close(p->push, p->multi);
	status_free(p);
	while (j != NULL) {
		struct job *next = j->next_free;

		curl_easy_cleanup(j->easy);
		free(j);
		j = next;
	}
	if (p->multi != NULL)
		curl_multi_cleanup(p->multi);
	store_close(p->store);
	catalog_free(&p->cat);
	probe_keys_free(&p->keys);
	free(p->eps);
	free(p->heap);
	free(p->pending);
	free(p->all);
	free(p->late_hist);
	buf_free(&p->ca_blob);
}

/* Stops the probes still running (at a stop signal) without a result. */
static void
abandon(struct prober *p)
{
	while (p->running != NULL) {
		struct job *j = p->running;

		curl_multi_remove_handle(p->multi, j->easy);
		j->ep->in_flight = 0;
		p->in_flight--;
		job_put(p, j);
	}
}

/* --push: sends what the spool holds until it is empty, central refuses
 * it (an operator must act), or ms pass (a retry due later counts as
 * past). */
static void
push_drain(struct prober *p, int64_t ms)
{
	int64_t deadline = clock_mono_us() / 1000 + ms;

	for (;;) {
		int64_t now = clock_mono_us() / 1000,
		        retry = probe_push_retry_in_ms(p->push);
		int running;

		if (!probe_push_in_flight(p->push) &&
		    (probe_push_waiting(p->push) == 0 ||
		     probe_push_refused(p->push) || now + retry >= deadline))
			return;
		if (now >= deadline)
			return;
		probe_push_send(p->push, p->multi);
		curl_multi_perform(p->multi, &running);
		collect(p);
		curl_multi_poll(p->multi, NULL, 0,
		                probe_push_in_flight(p->push) ? 100
		                : retry > 0                   ? (int)retry
		                                              : 0,
		                NULL);
	}
}

/* Takes the --push arguments: 1 when argv[*i] is one of them (its value
 * taken, *i moved past it), 0 when it is not, -1 (said on stderr) when
 * its value is missing. */
static int
push_arg(struct probe_push_options *o, int argc, char **argv, int *i)
{
	static const char *const names[] = {"--push", "--token-file",
	                                    "--region", "--spool"};
	const char **slots[] = {&o->url, &o->token_file, &o->region, &o->spool};

	for (size_t k = 0; k < NELEM(names); k++) {
		if (strcmp(argv[*i], names[k]) != 0)
			continue;
		if (*i + 1 >= argc) {
			fprintf(stderr, "aigo probe: %s needs a value\n",
			        names[k]);
			return -1;
		}
		*slots[k] = argv[++*i];
		return 1;
	}
	return 0;
}

int
probe_main(const struct app_config *cfg, int argc, char **argv)
{
	struct prober p;
	struct probe_push_options popt = {0};
	char err[512];
	int rc = 1, took;

	memset(&p, 0, sizeof(p));
	p.cfg = cfg;
	for (int i = 0; i < argc; i++) {
		if (strcmp(argv[i], "--once") == 0) {
			p.once = 1;
		} else if ((took = push_arg(&popt, argc, argv, &i)) != 0) {
			if (took < 0)
				return 2;
		} else {
			fprintf(stderr,
			        "aigo probe: %s is not an argument of probe\n",
			        argv[i]);
			return 2;
		}
	}
	if (popt.url == NULL &&
	    (popt.token_file || popt.region || popt.spool)) {
		fprintf(stderr, "aigo probe: --token-file, --region and "
		                "--spool go with --push URL\n");
		return 2;
	}
	if (popt.url != NULL && (!popt.token_file || !popt.region)) {
		fprintf(stderr, "aigo probe: --push URL needs --token-file "
		                "FILE and --region REGION\n");
		return 2;
	}
	if (catalog_read(cfg->catalog_path, &p.cat, err, sizeof(err)) != 0) {
		fprintf(stderr, "aigo probe: catalog: %s\n", err);
		return PROBE_EXIT_REFUSED;
	}
	if (cfg->probe_keys[0] != '\0' &&
	    probe_keys_read(cfg->probe_keys, &p.keys, err, sizeof(err)) != 0) {
		log_msg("error", "probe: probe_keys %s", err);
		rc = PROBE_EXIT_REFUSED;
		goto out;
	}
	if (popt.url == NULL)
		p.store =
		    store_open_write(cfg->db_path, NULL, err, sizeof(err));
	if (popt.url == NULL && p.store == NULL) {
		fprintf(stderr, "aigo probe: %s: %s (run aigo db init)\n",
		        cfg->db_path, err);
		goto out;
	}
	if (curl_global_init(CURL_GLOBAL_DEFAULT) != CURLE_OK) {
		fprintf(stderr, "aigo probe: libcurl did not start\n");
		goto out;
	}
	if (popt.url != NULL) {
		popt.ca = &p.ca_blob;
		p.node_region = popt.region;
		p.push = probe_push_open(&popt, err, sizeof(err));
		if (p.push == NULL) {
			fprintf(stderr, "aigo probe: %s\n", err);
			goto out;
		}
	}
	if ((p.push ? load_node_endpoints(&p) : load_endpoints(&p)) != 0 ||
	    (p.push == NULL && load_status_reads(&p) != 0) ||
	    load_ca(&p) != 0) {
		rc = PROBE_EXIT_REFUSED;
		goto out;
	}
	read_keys(&p);
	p.multi = xnonnull(curl_multi_init());
	curl_multi_setopt(p.multi, CURLMOPT_PIPELINING, CURLPIPE_MULTIPLEX);
	curl_multi_setopt(p.multi, CURLMOPT_MAXCONNECTS,
	                  (long)cfg->probe_concurrency);
	signal(SIGPIPE, SIG_IGN);
	signal(SIGTERM, on_stop);
	signal(SIGINT, on_stop);
	if (p.once)
		run_once(&p);
	else
		run_schedule(&p);
	abandon(&p);
	flush(&p);
	if (p.push != NULL && p.n_pending == 0)
		push_drain(&p, p.once ? PUSH_ONCE_MS : PUSH_STOP_MS);
	if (p.once) {
		print_once(&p, stdout);
		print_status_once(&p, stdout);
	} else
		log_summary(&p);
	rc = p.n_pending == 0 ? 0 : 1;
	if (p.push != NULL && probe_push_waiting(p.push) > 0) {
		if (p.once)
			fprintf(stderr,
			        "aigo probe: %ld checks wait in the spool %s: "
			        "central did not acknowledge them; the next "
			        "run sends them first\n",
			        probe_push_waiting(p.push),
			        probe_push_spool_path(p.push));
		else
			log_msg("info",
			        "probe: %ld checks wait in the spool %s; the "
			        "next start sends them first",
			        probe_push_waiting(p.push),
			        probe_push_spool_path(p.push));
		rc = p.once ? 1 : rc;
	}
out:
	prober_free(&p);
	curl_global_cleanup();
	return rc;
}

int
probe_config_check(const struct app_config *cfg, FILE *out, FILE *err_out)
{
	struct catalog cat;
	struct probe_keys keys = {0};
	char err[512];
	size_t kinds[PROBE_KIND__MAX] = {0};
	int rc = 0;

	if (catalog_read(cfg->catalog_path, &cat, err, sizeof(err)) != 0) {
		fprintf(err_out, "aigo config check: catalog: %s\n", err);
		return 1;
	}
	if (cfg->probe_keys[0] != '\0' &&
	    probe_keys_read(cfg->probe_keys, &keys, err, sizeof(err)) != 0) {
		fprintf(err_out, "aigo config check: probe_keys %s\n", err);
		probe_keys_free(&keys);
		rc = 1; /* the keys of the environment are still listed */
	}
	for (size_t i = 0; i < cat.n_providers; i++)
		for (size_t j = 0; j < cat.providers[i].n_models; j++) {
			const struct catalog_model *m =
			    &cat.providers[i].models[j];

			for (size_t k = 0; m->is_active && k < m->n_endpoints;
			     k++)
				kinds[m->endpoints[k].kind]++;
		}
	fprintf(out,
	        "\n# catalog %s: %zu providers, %zu models, %zu endpoints; "
	        "active: %zu inference, %zu stream, %zu reachability\n",
	        cfg->catalog_path, cat.n_providers, cat.n_models,
	        cat.n_endpoints, kinds[PROBE_KIND_INFERENCE],
	        kinds[PROBE_KIND_STREAM], kinds[PROBE_KIND_REACHABILITY]);
	fprintf(out,
	        "# probe keys (set: yes or no; values are never shown)%s%s\n",
	        cfg->probe_keys[0] ? "; probe_keys: " : "", cfg->probe_keys);
	for (size_t i = 0; i < cat.n_providers; i++) {
		const struct catalog_provider *cp = &cat.providers[i];

		for (int k = 0; k < cp->n_key_env; k++) {
			int in_file;
			const char *v =
			    probe_keys_get(&keys, cp->key_env[k], &in_file);

			fprintf(out, "#   %-28s %-16s %s\n", cp->key_env[k],
			        cp->slug,
			        v == NULL ? "no"
			        : in_file ? "yes, from probe_keys"
			                  : "yes");
		}
	}
	probe_keys_free(&keys);
	catalog_free(&cat);
	return rc;
}
