/* demo.c: deterministic demo checks for the catalog, recorded through the one write path. */
#include "demo.h"

#include <stdio.h>
#include <string.h>

#include "arena.h"
#include "hash.h"

#define BLOCK 21600     /* incidents (20-180 min) are drawn per 6-hour block */
#define SPARSE_EVERY 72 /* a sparse model is checked every 72 intervals */
#define BATCH 10000

/* Hash of (seed, a, b, n): the only source of variation in the demo. */
static uint64_t
mix(uint64_t seed, const char *a, const char *b, int64_t n)
{
	uint64_t h = hash_fnv1a(a, strlen(a), seed);

	h = hash_fnv1a("|", 1, h);
	h = hash_fnv1a(b, strlen(b), h);
	h = hash_fnv1a(&n, sizeof(n), h);
	/* Final avalanche so nearby n give unrelated values. */
	h ^= h >> 33;
	h *= UINT64_C(0xff51afd7ed558ccd);
	h ^= h >> 33;
	return h;
}

enum demo_incident { INC_NONE, INC_OUTAGE, INC_SLOW, INC_RATE_LIMIT };

/* An incident of `key` covering t, drawn per block: with `pct` percent
 * chance a block has one, starting somewhere in it, lasting 20-180 min. */
static enum demo_incident
incident_at(uint64_t seed, const char *slug, const char *key, int pct,
            int64_t t)
{
	int64_t block = t / BLOCK;

	for (int64_t b = block - 1; b <= block; b++) {
		uint64_t h = mix(seed, slug, key, b);
		int64_t start, len;

		if ((int)(h % 100) >= pct)
			continue;
		start = b * BLOCK + (int64_t)((h >> 8) % BLOCK);
		len = 60 * (20 + (int64_t)((h >> 24) % 161));
		if (t >= start && t < start + len) {
			switch ((h >> 40) % 4) {
			case 0:
			case 1:
				return INC_OUTAGE;
			case 2:
				return INC_SLOW;
			default:
				return INC_RATE_LIMIT;
			}
		}
	}
	return INC_NONE;
}

enum probe_kind
demo_probe_kind(uint64_t seed, const char *slug)
{
	unsigned roll = (unsigned)(mix(seed, slug, "probe", 0) % 10);

	return roll < 3   ? PROBE_KIND_REACHABILITY
	       : roll < 7 ? PROBE_KIND_INFERENCE
	                  : PROBE_KIND_STREAM;
}

/* The phases of a demo request that took c->latency_ms (none without a
 * latency), and the time to its first token for a stream probe that
 * answered, from their own hash of (seed, slug, region, t). */
static void
demo_timings(uint64_t seed, const char *slug, const char *region, int64_t t,
             enum probe_kind kind, struct check_in *c)
{
	uint64_t h = mix(seed, region, slug, t);
	int64_t setup, rest;

	c->dns_ms = c->connect_ms = c->tls_ms = c->first_byte_ms = c->ttft_ms =
	    -1;
	if (c->latency_ms < 0)
		return;
	c->dns_ms = 1 + (int64_t)(h % 25);
	c->connect_ms = 5 + (int64_t)((h >> 8) % 40);
	c->tls_ms = 10 + (int64_t)((h >> 16) % 60);
	setup = c->dns_ms + c->connect_ms + c->tls_ms;
	if (setup > c->latency_ms) /* a fast answer over a kept connection */
		c->dns_ms = c->connect_ms = c->tls_ms = setup = 0;
	rest = c->latency_ms - setup;
	if (kind == PROBE_KIND_STREAM && c->http_status == 200) {
		c->ttft_ms =
		    setup + rest * (25 + (int64_t)((h >> 24) % 30)) / 100;
		c->first_byte_ms =
		    setup + (c->ttft_ms - setup) *
		                (60 + (int64_t)((h >> 32) % 30)) / 100;
	} else {
		c->first_byte_ms =
		    setup + rest * (80 + (int64_t)((h >> 24) % 16)) / 100;
	}
}

void
demo_check_at(uint64_t seed, const char *slug, const char *region,
              int64_t degraded_ms, int64_t t, struct check_in *c)
{
	enum probe_kind kind = demo_probe_kind(seed, slug);

	uint64_t h = mix(seed, slug, region, t);
	int64_t base = 250 + (int64_t)(mix(seed, slug, "base", 0) % 1800);
	enum demo_incident inc = incident_at(seed, slug, "model", 12, t);

	if (inc == INC_NONE)
		inc = incident_at(seed, slug, region, 6, t);
	if (inc == INC_NONE) {
		unsigned roll = (unsigned)(h % 1000);
		inc = roll < 1   ? INC_OUTAGE
		      : roll < 3 ? INC_RATE_LIMIT
		      : roll < 6 ? INC_SLOW
		                 : INC_NONE;
	}
	c->checked_at = t;
	c->region = region;
	c->source = "demo";
	c->error = NULL;
	c->probe_kind = probe_kind_names[kind];
	c->error_kind = NULL;
	/* Latency: the model's base, +-30 % per check. */
	c->latency_ms = base * (70 + (int64_t)((h >> 16) % 61)) / 100;
	c->http_status = 200;
	c->status = STATUS_OPERATIONAL;
	switch (inc) {
	case INC_OUTAGE:
		c->status = STATUS_OUTAGE;
		if ((h >> 48) % 2) {
			c->http_status = 0;
			c->latency_ms = -1;
			c->error = "timeout after 30000 ms";
			c->error_kind = error_kind_names[ERROR_KIND_TIMEOUT];
		} else {
			c->http_status = 503;
			c->error = "503 Service Unavailable";
			c->error_kind = error_kind_names[ERROR_KIND_HTTP_5XX];
		}
		break;
	case INC_SLOW:
		c->status = STATUS_DEGRADED;
		c->latency_ms = degraded_ms + 200 + (int64_t)((h >> 20) % 7000);
		break;
	case INC_RATE_LIMIT:
		c->status = STATUS_DEGRADED;
		c->http_status = 429;
		c->error = "429 Too Many Requests";
		c->error_kind = error_kind_names[ERROR_KIND_RATE_LIMITED];
		break;
	case INC_NONE:
		if (c->latency_ms > degraded_ms)
			c->status = STATUS_DEGRADED;
		break;
	}
	demo_timings(seed, slug, region, t, kind, c);
}

int
demo_is_sparse(uint64_t seed, const char *slug, const struct endpoint_info *eps,
               long n_eps)
{
	uint64_t mine = mix(seed, slug, "sparse", 0);
	int lower = 0;

	/* Sparse when fewer than two active models draw a lower number. */
	for (long i = 0; i < n_eps; i++) {
		if (!eps[i].is_active ||
		    (i > 0 &&
		     strcmp(eps[i].model_slug, eps[i - 1].model_slug) == 0))
			continue;
		if (mix(seed, eps[i].model_slug, "sparse", 0) < mine)
			lower++;
	}
	return lower < 2;
}

/* One endpoint's place in demo_fill's walk: its next interval k (a check
 * at k * DEMO_INTERVAL + off), and whether it is sparse. */
struct demo_walk {
	int64_t k, off;
	int sparse;
};

long
demo_fill(struct store *s, uint64_t seed, int days, int64_t now, char *err,
          size_t errlen)
{
	struct arena *a = arena_new();
	struct endpoint_info *eps;
	long n_eps = store_list_endpoints(s, a, &eps, err, errlen);
	struct demo_walk *w;
	struct check_in *batch;
	size_t nb = 0;
	long n_new = 0, n_dup = 0;
	int64_t first = now + 1;

	if (n_eps < 0)
		goto fail;
	batch = arena_alloc(a, BATCH * sizeof(*batch));
	w = arena_alloc(a, (size_t)(n_eps > 0 ? n_eps : 1) * sizeof(*w));
	for (long i = 0; i < n_eps; i++) {
		const struct endpoint_info *e = &eps[i];
		int64_t from = now - (int64_t)days * 86400;

		if (!e->is_active)
			continue;
		w[i].sparse = demo_is_sparse(seed, e->model_slug, eps, n_eps);
		w[i].off = (int64_t)(mix(seed, e->model_slug, e->region, -1) %
		                     DEMO_INTERVAL);
		if (e->last_checked_at >= from)
			from = e->last_checked_at + 1;
		w[i].k = (from - w[i].off + DEMO_INTERVAL - 1) / DEMO_INTERVAL;
		if (w[i].k * DEMO_INTERVAL + w[i].off < first)
			first = w[i].k * DEMO_INTERVAL + w[i].off;
	}
	/* Time first, an hour of every endpoint at a time, as probes report:
	 * each batch adds to the end of the time-ordered tables and indexes
	 * instead of touching all of them (endpoint by endpoint, a batch of
	 * 31 days wrote each page of checks_time again). */
	for (int64_t hour = first - first % 3600; hour <= now; hour += 3600) {
		int64_t end = hour + 3600 <= now ? hour + 3600 : now + 1;

		for (long i = 0; i < n_eps; i++) {
			const struct endpoint_info *e = &eps[i];

			if (!e->is_active)
				continue;
			for (; w[i].k * DEMO_INTERVAL + w[i].off < end;
			     w[i].k++) {
				if (w[i].sparse && w[i].k % SPARSE_EVERY != 0)
					continue;
				batch[nb].model_id = e->model_id;
				demo_check_at(seed, e->model_slug, e->region,
				              e->degraded_ms,
				              w[i].k * DEMO_INTERVAL + w[i].off,
				              &batch[nb]);
				if (++nb == BATCH) {
					if (store_record_checks(s, batch, nb,
					                        &n_new, &n_dup,
					                        err, errlen))
						goto fail;
					nb = 0;
				}
			}
		}
	}
	if (nb > 0 &&
	    store_record_checks(s, batch, nb, &n_new, &n_dup, err, errlen))
		goto fail;
	arena_free(a);
	return n_new;
fail:
	arena_free(a);
	return -1;
}
