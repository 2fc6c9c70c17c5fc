/* pg_ingest.c: times store_record_checks in batches of 1,000 on SQLite or PostgreSQL and counts the statements and round trips of a batch (libpq calls wrapped at link time); its --equiv mode writes the equivalence test's fixed batches. */
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <libpq-fe.h>

#include "arena.h"
#include "model.h"
#include "store.h"

/* Usage:
 *   pg_ingest DB BATCHES [MODELS]   creates its catalog (provider
 *       "bench", MODELS models, 3 regions) unless there, then records
 *       BATCHES batches of 1,000 checks (every endpoint once a minute, a
 *       few outages that open and resolve incidents), timing each; prints
 *       "DB-KIND checks/s median=… min=… max=…" and, on PostgreSQL, the
 *       round trips of the last batch by statement (AIGO_BENCH_TRACE=1
 *       for each statement's text and time).
 *   pg_ingest --equiv DB [PREFIX [PART N [reversed]]]   the fixed
 *       sequence of batches of the equivalence test (pg_write.sh):
 *       duplicates within a batch and of earlier ones, late checks,
 *       several regions, demo and probe sources, outages that open,
 *       escalate and resolve incidents. PREFIX (default "bench"): the
 *       slugs of its catalog's providers and models, so that writers of
 *       other prefixes share none of them. PART N: only the batches whose
 *       place (from 0) is PART modulo N; reversed: each batch's checks
 *       in the opposite order.
 *   pg_ingest --catalog DB PREFIX   only --equiv's catalog of PREFIX.
 *   pg_ingest --outage DB           one batch of three outage checks;
 *       prints "recorded: …" (exit 0) or "failed: MESSAGE" (exit 3).
 * DB is a SQLite path (created with SCHEMA) or a PostgreSQL URL of a
 * database `aigo db init` made. Exits 1 on any failure, with the message.
 */

/* ---- round trips, counted by wrapping libpq (-Wl,--wrap=…) ---------- */

#define TRACE_MAX 256

struct trace {
	char name[160];
	char sql[160];
	long runs;
	double secs;
};

static struct trace traces[TRACE_MAX];
static int n_traces;
static long round_trips;

static double
now_secs(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

static struct trace *
trace_of(const char *name, const char *sql)
{
	char key[sizeof(traces[0].name)];

	snprintf(key, sizeof(key), "%s", name);
	for (int i = 0; i < n_traces; i++)
		if (strcmp(traces[i].name, key) == 0)
			return &traces[i];
	if (n_traces == TRACE_MAX)
		return &traces[TRACE_MAX - 1];
	snprintf(traces[n_traces].name, sizeof(traces[0].name), "%s", name);
	snprintf(traces[n_traces].sql, sizeof(traces[0].sql), "%s",
	         sql ? sql : "");
	for (char *p = traces[n_traces].sql; *p; p++)
		if (*p == '\n' || *p == '\t')
			*p = ' ';
	return &traces[n_traces++];
}

static void
trace_add(const char *name, const char *sql, double secs)
{
	struct trace *t = trace_of(name, sql);

	t->runs++;
	t->secs += secs;
	round_trips++;
}

static void
trace_reset(void)
{
	for (int i = 0; i < n_traces; i++) {
		traces[i].runs = 0;
		traces[i].secs = 0;
	}
	round_trips = 0;
}

PGresult *__real_PQexecPrepared(PGconn *, const char *, int,
                                const char *const *, const int *, const int *,
                                int);
PGresult *__wrap_PQexecPrepared(PGconn *, const char *, int,
                                const char *const *, const int *, const int *,
                                int);
PGresult *__real_PQprepare(PGconn *, const char *, const char *, int,
                           const Oid *);
PGresult *__wrap_PQprepare(PGconn *, const char *, const char *, int,
                           const Oid *);
PGresult *__real_PQexec(PGconn *, const char *);
PGresult *__wrap_PQexec(PGconn *, const char *);
PGresult *__real_PQdescribePrepared(PGconn *, const char *);
PGresult *__wrap_PQdescribePrepared(PGconn *, const char *);
int __real_PQpipelineSync(PGconn *);
int __wrap_PQpipelineSync(PGconn *);
int __real_PQsendQueryPrepared(PGconn *, const char *, int, const char *const *,
                               const int *, const int *, int);
int __wrap_PQsendQueryPrepared(PGconn *, const char *, int, const char *const *,
                               const int *, const int *, int);

/* The statements' texts by their server names (aigo_N). */
static struct {
	char name[24];
	char *sql;
} names[512];
static int n_names;

static const char *
sql_of(const char *name)
{
	for (int i = 0; i < n_names; i++)
		if (strcmp(names[i].name, name) == 0)
			return names[i].sql;
	return name;
}

PGresult *
__wrap_PQprepare(PGconn *c, const char *name, const char *sql, int n,
                 const Oid *types)
{
	double t0 = now_secs();
	PGresult *r = __real_PQprepare(c, name, sql, n, types);

	if (n_names < 512) {
		snprintf(names[n_names].name, sizeof(names[0].name), "%s",
		         name);
		names[n_names++].sql = strdup(sql);
	}
	trace_add("(prepare)", "PQprepare", now_secs() - t0);
	return r;
}

PGresult *
__wrap_PQdescribePrepared(PGconn *c, const char *name)
{
	double t0 = now_secs();
	PGresult *r = __real_PQdescribePrepared(c, name);

	trace_add("(describe)", "PQdescribePrepared", now_secs() - t0);
	return r;
}

PGresult *
__wrap_PQexecPrepared(PGconn *c, const char *name, int n, const char *const *v,
                      const int *l, const int *f, int rf)
{
	double t0 = now_secs();
	PGresult *r = __real_PQexecPrepared(c, name, n, v, l, f, rf);
	const char *sql = sql_of(name);

	trace_add(sql, sql, now_secs() - t0);
	return r;
}

PGresult *
__wrap_PQexec(PGconn *c, const char *sql)
{
	double t0 = now_secs();
	PGresult *r = __real_PQexec(c, sql);

	trace_add(sql, sql, now_secs() - t0);
	return r;
}

/* In a pipeline a statement sent is no round trip; its sync is. */
int
__wrap_PQsendQueryPrepared(PGconn *c, const char *name, int n,
                           const char *const *v, const int *l, const int *f,
                           int rf)
{
	const char *sql = sql_of(name);
	struct trace *t = trace_of(sql, sql);

	t->runs++;
	return __real_PQsendQueryPrepared(c, name, n, v, l, f, rf);
}

PGresult *__real_PQgetResult(PGconn *);
PGresult *__wrap_PQgetResult(PGconn *);

/* The answers' wait, outside PQexec*: the pipeline's. */
PGresult *
__wrap_PQgetResult(PGconn *c)
{
	double t0 = now_secs();
	PGresult *r = __real_PQgetResult(c);
	struct trace *t = trace_of("(pipeline answers)", "PQgetResult");

	t->secs += now_secs() - t0;
	return r;
}

int
__wrap_PQpipelineSync(PGconn *c)
{
	trace_add("(pipeline sync)", "PQpipelineSync", 0);
	return __real_PQpipelineSync(c);
}

static int
trace_order(const void *x, const void *y)
{
	const struct trace *a = x, *b = y;

	return (b->runs > a->runs) - (b->runs < a->runs);
}

static void
trace_print(void)
{
	double total = 0;
	long stmts = 0;

	qsort(traces, (size_t)n_traces, sizeof(*traces), trace_order);
	for (int i = 0; i < n_traces; i++) {
		if (traces[i].runs == 0)
			continue;
		total += traces[i].secs;
		if (traces[i].name[0] != '(')
			stmts += traces[i].runs;
		printf("  %6ld x %8.1f us  %.80s\n", traces[i].runs,
		       traces[i].secs * 1e6 / (double)traces[i].runs,
		       traces[i].sql);
	}
	printf("  last batch: %ld statements, %ld round trips, %.1f ms in "
	       "libpq\n",
	       stmts, round_trips, total * 1e3);
}

/* ---- the data --------------------------------------------------------- */

static const char *const regions[] = {"ap-northeast-2", "eu-west-1",
                                      "us-east-1"};
#define N_REGIONS 3
#define T0 1764547200 /* 2025-12-01 00:00 UTC */

static uint64_t rng = 42;
/* The slugs of the catalog's providers and models begin with it. */
static const char *prefix = "bench";
/* --equiv records the batches whose place is part modulo parts, each
 * in the opposite order when reversed; apart: PART N was given. */
static int part, parts = 1, reversed, apart;

static uint64_t
next_rand(void)
{
	rng = rng * 6364136223846793005ULL + 1442695040888963407ULL;
	return rng >> 33;
}

static void
die(const char *what, const char *err)
{
	fprintf(stderr, "pg_ingest: %s: %s\n", what, err);
	exit(1);
}

/* The catalog: provider "bench" (and "bench2" for half of the models),
 * models bench-m1… with an endpoint per region; ids into ids[]. */
static void
catalog(struct store *s, int n_models, int64_t *ids)
{
	char err[512];
	char mslug[64], pslug[2][40], pname[2][48];
	int64_t pid[2];

	if (store_begin(s, err, sizeof(err)) != 0)
		die("begin", err);
	for (int p = 0; p < 2; p++) {
		struct provider pr = {0};

		snprintf(pslug[p], sizeof(pslug[p]), "%s%s", prefix,
		         p ? "2" : "");
		snprintf(pname[p], sizeof(pname[p]), "%s%s", prefix,
		         p ? " two" : "");
		pr.slug = pslug[p];
		pr.name = pname[p];
		pid[p] = store_upsert_provider(s, &pr, err, sizeof(err));
		if (pid[p] < 0)
			die("provider", err);
	}
	for (int m = 0; m < n_models; m++) {
		struct model_row mr = {0};

		snprintf(mslug, sizeof(mslug), "%s-m%d", prefix, m + 1);
		mr.provider_id = pid[m % 2];
		mr.slug = mslug;
		mr.name = mslug;
		mr.modalities = "text";
		mr.is_active = 1;
		ids[m] = store_upsert_model(s, &mr, err, sizeof(err));
		if (ids[m] < 0)
			die("model", err);
		for (int r = 0; r < N_REGIONS; r++) {
			struct endpoint_row e = {0};

			e.model_id = ids[m];
			e.region = regions[r];
			e.url = "https://example.invalid/v1";
			e.method = "POST";
			e.expect_status = "200";
			e.timeout_ms = 30000;
			e.degraded_ms = 5000;
			if (store_upsert_endpoint(s, &e, err, sizeof(err)) < 0)
				die("endpoint", err);
		}
	}
	if (store_commit(s, err, sizeof(err)) != 0)
		die("commit", err);
}

/* A probe's check of model id at t with status st (timings, an error
 * kind for the bad ones). */
static void
fill_check(struct check_in *c, int64_t id, const char *region, int64_t t,
           enum status st, const char *source)
{
	memset(c, 0, sizeof(*c));
	c->model_id = id;
	c->region = region;
	c->checked_at = t;
	c->status = st;
	c->latency_ms =
	    st == STATUS_OUTAGE ? -1 : 200 + (int64_t)(next_rand() % 900);
	c->http_status = st == STATUS_OUTAGE ? 503 : 200;
	c->error = st == STATUS_OUTAGE ? "upstream said 503" : NULL;
	c->source = source;
	c->probe_kind = "inference";
	c->error_kind = st == STATUS_OUTAGE ? "http_5xx" : NULL;
	c->dns_ms = 2;
	c->connect_ms = 10 + (int64_t)(next_rand() % 20);
	c->tls_ms = st == STATUS_OUTAGE ? -1 : 30;
	c->first_byte_ms = c->latency_ms > 0 ? c->latency_ms - 50 : -1;
	c->ttft_ms = -1;
}

/* The bench's status of model m at minute k: outages of 40 minutes
 * every 12 hours (a different phase per model), 2 % degraded. */
static enum status
bench_status(int m, int64_t k)
{
	if ((k + m * 97) % 720 < 40)
		return STATUS_OUTAGE;
	return next_rand() % 50 == 0 ? STATUS_DEGRADED : STATUS_OPERATIONAL;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static void
record(struct store *s, const struct check_in *c, size_t n, long *added,
       long *dups)
{
	char err[512];

	if (store_record_checks(s, c, n, added, dups, err, sizeof(err)) != 0)
		die("record", err);
}

static int
bench(struct store *s, const char *db, int batches, int n_models)
{
	int64_t ids[512];
	struct check_in *c = calloc(1000, sizeof(*c));
	double *per = calloc((size_t)batches + 1, sizeof(*per));
	int64_t g = 0;
	long added = 0, dups = 0;
	int pg = strncmp(db, "postgres", 8) == 0;

	catalog(s, n_models, ids);
	/* Go on after what an earlier run wrote. */
	{
		char err[512];
		struct arena *a = arena_new();
		struct endpoint_info *e;
		long ne = store_list_endpoints(s, a, &e, err, sizeof(err));
		int64_t last = 0;

		if (ne < 0)
			die("endpoints", err);
		for (long i = 0; i < ne; i++)
			if (e[i].last_checked_at > last)
				last = e[i].last_checked_at;
		if (last >= T0)
			g = ((last - T0) / 60 + 1) * (int64_t)n_models *
			    N_REGIONS;
		arena_free(a);
	}
	for (int b = 0; b < batches; b++) {
		double t0;

		for (int i = 0; i < 1000; i++, g++) {
			int64_t e = g % (n_models * N_REGIONS);
			int64_t k = g / (n_models * N_REGIONS);
			int m = (int)(e / N_REGIONS);

			fill_check(&c[i], ids[m], regions[e % N_REGIONS],
			           T0 + k * 60 + e % 60, bench_status(m, k),
			           "probe");
		}
		trace_reset();
		t0 = now_secs();
		record(s, c, 1000, &added, &dups);
		per[b] = now_secs() - t0;
	}
	qsort(per, (size_t)batches, sizeof(*per), cmp_double);
	printf("%s: %d batches of 1000 (%d models x %d regions): checks/s "
	       "median=%.0f min=%.0f max=%.0f (%ld new, %ld dup)\n",
	       pg ? "PostgreSQL" : "SQLite", batches, n_models, N_REGIONS,
	       1000 / per[batches / 2], 1000 / per[batches - 1], 1000 / per[0],
	       added, dups);
	if (pg)
		trace_print();
	free(c);
	free(per);
	return 0;
}

/* With PART N: whether c, of a batch of part p, has the key of an
 * earlier check (past[0..n), of a batch of another part) with other
 * values. Which of two such checks is kept would depend on which writer
 * came first, so the later one is left out (by every writer alike). */
static int
taken_elsewhere(const struct check_in *c, int p, const struct check_in *past,
                const int *past_part, size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (past[j].checked_at == c->checked_at &&
		    past[j].model_id == c->model_id &&
		    past[j].region == c->region && past_part[j] != p &&
		    memcmp(&past[j], c, sizeof(*c)) != 0)
			return 1;
	return 0;
}

/* Whether x has the key of a check kept before it in its batch
 * (kept[0..n)) with other values: the first is kept, in the batch's
 * order. */
static int
taken_before(const struct check_in *x, const struct check_in *kept, size_t n)
{
	for (size_t j = 0; j < n; j++)
		if (kept[j].checked_at == x->checked_at &&
		    kept[j].model_id == x->model_id &&
		    kept[j].region == x->region &&
		    memcmp(&kept[j], x, sizeof(*x)) != 0)
			return 1;
	return 0;
}

/* Records batch c[0..n) of part p; past[0..n_past) came before it. With
 * PART N, without what taken_elsewhere and taken_before leave out, so
 * that no check's values depend on which writer, or which end of a
 * reversed batch, came first. */
static void
record_part(struct store *s, struct check_in *c, size_t n, int p,
            const struct check_in *past, const int *past_part, size_t n_past,
            long *added, long *dups)
{
	size_t k = 0;

	if (p != part)
		return;
	for (size_t i = 0; i < n; i++)
		if (!apart ||
		    (!taken_elsewhere(&c[i], p, past, past_part, n_past) &&
		     !taken_before(&c[i], c, k)))
			c[k++] = c[i];
	for (size_t i = 0; reversed && i < k / 2; i++) {
		struct check_in t = c[i];

		c[i] = c[k - 1 - i];
		c[k - 1 - i] = t;
	}
	record(s, c, k, added, dups);
}

/* The equivalence test's batches: deterministic (fixed seed). */
static int
equiv(struct store *s)
{
	int64_t ids[6];
	struct check_in *c = calloc(4000, sizeof(*c));
	struct check_in *past = calloc(20000, sizeof(*past));
	int *past_part = calloc(20000, sizeof(*past_part));
	size_t n_past = 0;
	long added = 0, dups = 0;

	rng = 7;
	catalog(s, 6, ids);
	for (int b = 0; b < 24; b++) {
		size_t n = b == 5 ? 1 : b == 9 ? 0 : 150 + next_rand() % 400;
		const char *source = b % 7 == 3 ? "demo" : "probe";

		for (size_t i = 0; i < n; i++) {
			uint64_t r = next_rand() % 100;
			int m = (int)(next_rand() % 6);
			int64_t k;

			if (r < 6 && n_past > 0) {
				/* A check recorded before: a duplicate. */
				c[i] = past[next_rand() % n_past];
				continue;
			}
			if (r < 10 && i > 0) {
				/* A duplicate within the batch. */
				c[i] = c[next_rand() % i];
				continue;
			}
			/* Minutes go on by batch; some checks are late. */
			k = (int64_t)b * 30 + (int64_t)(next_rand() % 30);
			if (r < 18)
				k -= 20 + (int64_t)(next_rand() % 200);
			if (k < 0)
				k = 0;
			fill_check(
			    &c[i], ids[m], regions[next_rand() % N_REGIONS],
			    T0 + k * 60 + (int64_t)(next_rand() % 60),
			    ((k / 40 + m) % 5 == 0)   ? STATUS_OUTAGE
			    : ((k / 25 + m) % 7 == 0) ? STATUS_DEGRADED
			                              : STATUS_OPERATIONAL,
			    source);
			if (r % 11 == 0) {
				c[i].probe_kind = NULL;
				c[i].error = NULL;
				c[i].latency_ms = -1;
				c[i].http_status = 0;
			}
		}
		for (size_t i = 0; i < n && n_past + i < 20000; i++) {
			past[n_past + i] = c[i];
			past_part[n_past + i] = b % parts;
		}
		record_part(s, c, n, b % parts, past, past_part, n_past, &added,
		            &dups);
		n_past = n_past + n < 20000 ? n_past + n : 20000;
	}
	/* The same batch twice: all duplicates the second time. */
	memcpy(c, past, 300 * sizeof(*c));
	record_part(s, c, 300, 0, past, past_part, n_past, &added, &dups);
	printf("equiv: %ld new, %ld dup\n", added, dups);
	free(c);
	free(past);
	free(past_part);
	return 0;
}

/* One batch of three outage checks of the first model; prints what
 * store_record_checks said. 0 when it recorded them, 3 when it failed. */
static int
one_outage(struct store *s)
{
	int64_t ids[1];
	struct check_in c[3];
	long added = 0, dups = 0;
	char err[1024];

	catalog(s, 1, ids);
	for (int i = 0; i < 3; i++)
		fill_check(&c[i], ids[0], regions[i], T0 + 86400 * 30 + i,
		           STATUS_OUTAGE, "probe");
	if (store_record_checks(s, c, 3, &added, &dups, err, sizeof(err)) !=
	    0) {
		printf("failed: %s\n", err);
		return 3;
	}
	printf("recorded: %ld new, %ld dup\n", added, dups);
	return 0;
}

static char *
read_all(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *buf;
	long len;

	if (f == NULL)
		die(path, "cannot open");
	fseek(f, 0, SEEK_END);
	len = ftell(f);
	fseek(f, 0, SEEK_SET);
	buf = malloc((size_t)len + 1);
	if (buf == NULL || fread(buf, 1, (size_t)len, f) != (size_t)len)
		die(path, "cannot read");
	buf[len] = '\0';
	fclose(f);
	return buf;
}

int
main(int argc, char **argv)
{
	int eq = argc > 1 && strcmp(argv[1], "--equiv") == 0;
	int outage = argc > 1 && strcmp(argv[1], "--outage") == 0;
	int only_catalog = argc > 3 && strcmp(argv[1], "--catalog") == 0;
	const char *db = argv[eq || outage || only_catalog ? 2 : 1];
	const char *schema_path = getenv("SCHEMA");
	char *schema = NULL;
	char err[512];
	struct store *s;
	int rc;

	if (argc < 3) {
		fprintf(stderr,
		        "usage: pg_ingest DB BATCHES [MODELS] | "
		        "pg_ingest --equiv DB [PREFIX] | pg_ingest "
		        "--catalog DB PREFIX | pg_ingest --outage DB\n");
		return 2;
	}
	if ((eq || only_catalog) && argc > 3)
		prefix = argv[3];
	if (eq && argc > 5) {
		apart = 1;
		part = atoi(argv[4]);
		parts = atoi(argv[5]);
		if (parts < 1 || part < 0 || part >= parts) {
			fprintf(stderr, "pg_ingest: PART N: 0 <= PART < N\n");
			return 2;
		}
		reversed = argc > 6 && strcmp(argv[6], "reversed") == 0;
	}
	if (schema_path != NULL)
		schema = read_all(schema_path);
	s = store_open_write(db, schema, err, sizeof(err));
	free(schema);
	if (s == NULL)
		die("open", err);
	if (only_catalog) {
		int64_t ids[6];

		catalog(s, 6, ids);
		rc = 0;
	} else if (outage)
		rc = one_outage(s);
	else if (eq)
		rc = equiv(s);
	else
		rc = bench(s, db, atoi(argv[2]), argc > 3 ? atoi(argv[3]) : 20);
	store_close(s);
	return rc;
}
