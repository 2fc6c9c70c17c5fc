/* store.c: all SQL of AI-GO Monitor: opening, schema, reading the dataset, the one write path. */
#include "store.h"
#include "store_db.h"
#include "store_pg.h"
#include "store_sql.h"

#include "config.h"
#include "pstatus.h"
#include "escape.h"
#include "rules.h"
#include "stats.h"
#include "timefmt.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

/* The statements of the incidents block (inc_sqls), prepared on use. */
#define INC_STMT_SLOTS 32
/* The statements of the providers' status block (pst_sqls). */
#define PST_STMT_SLOTS 16
/* The statements of the manual incidents and maintenance block
 * (view_sqls), prepared on use. */
#define VIEW_STMT_SLOTS 48
/* The statements of the notification outbox block (ob_sqls). */
#define OB_STMT_SLOTS 32

struct store {
	const struct store_dialect *d; /* the backend's statements */
	struct db *db;                 /* the connection */
	struct db_stmt *stmt[SQL__MAX];
	struct db_stmt *inc[INC_STMT_SLOTS];
	struct db_stmt *pst[PST_STMT_SLOTS]; /* the providers' status block */
	struct db_stmt *view[VIEW_STMT_SLOTS];
	int64_t version; /* the file's schema version, read in every
	                    transaction (a migration may run meanwhile)
	                    but where gen says nothing was written */
	struct db_stmt *ob[OB_STMT_SLOTS]; /* the outbox block */
	int ob_emit;     /* the write path's incidents step: changes of
	                    automatic incidents become outbox events */
	int64_t ob_last; /* then: the newest check of the batch */
	int read_depth;  /* store_begin_read calls not yet ended */
	int read_began;  /* the outermost of them began a transaction */
	/* The data version store_data_version read in the open read
	 * transaction (gen_ok), and the one version was read at
	 * (version_ok): while they are equal nothing was written, no
	 * migration either, and version stands without a read. */
	int64_t gen, version_gen;
	int gen_ok, version_ok;
	/* The write path's checks read by INC_CHECKS_SET (inc_read_windows),
	 * kept from batch to batch: an arena of that size freed at each
	 * batch's end had glibc give the heap's top back to the kernel and
	 * take it again (brk, a TLB flush each) some 17 times a batch. */
	struct check_row *inc_rows;
	size_t inc_rows_cap;
};

/* The first version with rollups_5min, with samples_hourly, and with the
 * probe kind, error kind and timings of a check. */
#define VERSION_5MIN 3
#define VERSION_SAMPLES 4
#define VERSION_PROBE 6
/* The first version with the providers' status tables. */
#define VERSION_PROVIDER_STATUS 8

static struct db_stmt *pst_stmt(struct store *s, enum pst_sql q, char *err,
                                size_t errlen);

/* err gets "what: the backend's message". */
static void
set_err(char *err, size_t errlen, const char *what, struct db *db)
{
	snprintf(err, errlen, "%s: %s", what,
	         db ? db_errmsg(db) : "out of memory");
}

/* The statement of sql kept in *slot: prepared the first time, else reset
 * and unbound. NULL with err set when it cannot be prepared. */
static struct db_stmt *
cached_stmt(struct store *s, struct db_stmt **slot, const char *sql, char *err,
            size_t errlen)
{
	if (*slot == NULL) {
		if (sql == NULL) {
			snprintf(err, errlen,
			         "%s: a statement it has no text for",
			         s->d->name);
			return NULL;
		}
		*slot = db_prepare(s->db, sql);
		if (*slot == NULL) {
			set_err(err, errlen, "prepare", s->db);
			return NULL;
		}
	} else {
		db_reset(*slot);
		db_clear(*slot);
	}
	return *slot;
}

/* Returns the prepared statement q, reset and unbound; NULL with err set. */
static struct db_stmt *
stmt_get(struct store *s, enum sql q, char *err, size_t errlen)
{
	return cached_stmt(s, &s->stmt[q], s->d->sql[q], err, errlen);
}

/* Runs sql (statements without parameters): 0, or the statement layer's
 * negative rc (DB_RETRY: busy) with err set. */
static int
exec_sql(struct db *db, const char *sql, char *err, size_t errlen)
{
	int rc = db_exec(db, sql);

	if (rc != DB_OK) {
		snprintf(err, errlen, "%s", db_errmsg(db));
		return rc;
	}
	return 0;
}

/* Runs the transaction statement q of s's backend, as exec_sql. */
static int
exec_tx(struct store *s, enum tx_sql q, char *err, size_t errlen)
{
	return s->d->tx[q] ? exec_sql(s->db, s->d->tx[q], err, errlen) : 0;
}

/* The one integer statement q answers (0 for no row): 0, or -1 with err
 * set. */
static int query_one(struct store *s, enum sql q, int64_t *out, char *err,
                     size_t errlen);

/* Whether version is one this program reads (it migrates older ones when
 * opened for writing); -1 with err set when it is newer or invalid. */
static int
version_check(int64_t version, char *err, size_t errlen)
{
	if (version > STORE_SCHEMA_VERSION) {
		snprintf(err, errlen,
		         "schema version %lld is newer than this program's %d",
		         (long long)version, STORE_SCHEMA_VERSION);
		return -1;
	}
	if (version < 1) {
		snprintf(err, errlen, "schema version %lld is not valid",
		         (long long)version);
		return -1;
	}
	return 0;
}

/* A store on db (a SQLite file path, ":memory:" for a database in
 * memory, or a PostgreSQL connection string) opened in mode, or NULL with err set. *version: the database's
 * schema version, 0 when it is empty. */
static struct store *
store_new(const char *db, enum db_mode mode, int64_t *version, char *err,
          size_t errlen)
{
	struct store *s = xcalloc(1, sizeof(*s));

	if (store_pg_is_url(db)) {
		s->d = &store_pg_dialect;
		s->db = store_pg_connect(db, mode, version, err, errlen);
	} else {
		s->d = &store_sqlite_dialect;
		s->db = store_sqlite_open(db, mode, version, err, errlen);
	}
	if (s->db == NULL) {
		free(s);
		return NULL;
	}
	if (*version > 0 && version_check(*version, err, errlen) != 0) {
		store_close(s);
		return NULL;
	}
	return s;
}

void
store_config_shown(struct app_config *cfg)
{
	if (store_pg_is_url(cfg->db_path))
		store_pg_redact(cfg->db_path, cfg->db_path, cfg->db_shown,
		                sizeof(cfg->db_shown));
	else
		snprintf(cfg->db_shown, sizeof(cfg->db_shown), "%s",
		         cfg->db_path);
}

/* err: the database db is empty (no password of db in it). */
static void
empty_err(const char *db, char *err, size_t errlen)
{
	if (store_pg_is_url(db))
		snprintf(
		    err, errlen,
		    "the PostgreSQL database has no AI-GO schema (run aigo "
		    "db init)");
	else
		snprintf(err, errlen, "%s: empty database", db);
}

struct store *
store_open_readonly(const char *path, char *err, size_t errlen)
{
	int64_t v;
	struct store *s = store_new(path, DB_MODE_READ, &v, err, errlen);

	if (s == NULL)
		return NULL;
	/* Older versions read the same way: `aigo db init` upgrades them. */
	if (v == 0) {
		empty_err(path, err, errlen);
		store_close(s);
		return NULL;
	}
	return s;
}

struct store *
store_open_write(const char *path, const char *schema_sql, char *err,
                 size_t errlen)
{
	int64_t v;
	/* Without a schema to apply, a missing file stays missing. */
	struct store *s = store_new(
	    path, schema_sql ? DB_MODE_CREATE : DB_MODE_WRITE, &v, err, errlen);

	if (s == NULL)
		return NULL;
	if (v == 0) {
		if (schema_sql == NULL) {
			empty_err(path, err, errlen);
			goto fail;
		}
		if (exec_tx(s, TX_BEGIN_SCHEMA, err, errlen) != 0)
			goto fail;
		if (exec_sql(s->db, schema_sql, err, errlen) != 0) {
			store_rollback(s);
			goto fail;
		}
		if (exec_tx(s, TX_COMMIT_WRITE, err, errlen) != 0)
			goto fail;
	}
	return s;
fail:
	store_close(s);
	return NULL;
}

int
store_migrate(struct store *s, const char *const *migrations, char *err,
              size_t errlen)
{
	int64_t v, after = -1;
	int applied = 0;

	if (query_one(s, SQL_USER_VERSION, &v, err, errlen) != 0)
		return -1;
	for (; v < STORE_SCHEMA_VERSION; v++, applied++) {
		const char *sql = migrations[v + 1];

		if (sql == NULL) {
			snprintf(err, errlen, "no migration to version %lld",
			         (long long)v + 1);
			return -1;
		}
		if (store_begin(s, err, errlen) != 0)
			return -1;
		after = -1;
		if (exec_sql(s->db, sql, err, errlen) != 0 ||
		    query_one(s, SQL_USER_VERSION, &after, err, errlen) != 0 ||
		    after != v + 1) {
			if (after >= 0 && after != v + 1)
				snprintf(err, errlen,
				         "migration to version %lld left "
				         "version %lld",
				         (long long)v + 1, (long long)after);
			store_rollback(s);
			return -1;
		}
		if (store_commit(s, err, errlen) != 0) {
			store_rollback(s);
			return -1;
		}
	}
	return applied;
}

void
store_close(struct store *s)
{
	if (s == NULL)
		return;
	for (int i = 0; i < SQL__MAX; i++)
		db_finalize(s->stmt[i]);
	for (int i = 0; i < INC_STMT_SLOTS; i++)
		db_finalize(s->inc[i]);
	for (int i = 0; i < PST_STMT_SLOTS; i++)
		db_finalize(s->pst[i]);
	for (int i = 0; i < VIEW_STMT_SLOTS; i++)
		db_finalize(s->view[i]);
	for (int i = 0; i < OB_STMT_SLOTS; i++)
		db_finalize(s->ob[i]);
	db_close(s->db);
	free(s->inc_rows);
	free(s);
}

static const char *
col_text(struct db_stmt *st, int i, struct arena *a)
{
	const char *t = db_column_text(st, i);

	return arena_strdup(a, t ? t : "");
}

/* id -> index maps for providers and models: an array indexed by id - lo
 * when the ids are dense enough (INTEGER PRIMARY KEYs from 1 are), else
 * sorted (id, index) pairs. A row of a rollup costs one lookup, so this
 * is on the path of every row read. */
struct idpair {
	int64_t id;
	size_t idx;
};

struct idmap {
	int64_t lo;
	size_t span;
	long *at; /* span entries, -1: no such id; NULL: use sorted */
	struct idpair *sorted;
	size_t n;
};

static int
idpair_cmp(const void *a, const void *b)
{
	const struct idpair *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Fills m from ids[0..n) (index i for ids[i]), in arena a. */
static void
idmap_build(struct idmap *m, const int64_t *ids, size_t n, struct arena *a)
{
	int64_t lo = INT64_MAX, hi = INT64_MIN;

	memset(m, 0, sizeof(*m));
	m->n = n;
	for (size_t i = 0; i < n; i++) {
		int64_t id = ids[i];

		lo = id < lo ? id : lo;
		hi = id > hi ? id : hi;
	}
	if (n > 0 && hi - lo < (int64_t)(16 * n + 4096)) {
		m->lo = lo;
		m->span = (size_t)(hi - lo) + 1;
		m->at = arena_alloc(a, m->span * sizeof(*m->at));
		for (size_t k = 0; k < m->span; k++)
			m->at[k] = -1;
		for (size_t i = 0; i < n; i++)
			m->at[ids[i] - lo] = (long)i;
		return;
	}
	m->sorted = arena_alloc(a, (n + 1) * sizeof(*m->sorted));
	for (size_t i = 0; i < n; i++)
		m->sorted[i] = (struct idpair){ids[i], i};
	qsort(m->sorted, n, sizeof(*m->sorted), idpair_cmp);
}

/* The index of id in m, or -1. */
static long
idmap_find(const struct idmap *m, int64_t id)
{
	struct idpair key = {id, 0};
	const struct idpair *hit;

	if (m->at != NULL)
		return id >= m->lo && (uint64_t)(id - m->lo) < m->span
		           ? m->at[id - m->lo]
		           : -1;
	hit = bsearch(&key, m->sorted, m->n, sizeof(*m->sorted), idpair_cmp);
	return hit ? (long)hit->idx : -1;
}

/* The providers' status block, read with the dataset (below). */
static int pst_read(struct store *s, struct arena *a, struct dataset *ds,
                    const struct idmap *pmap, const struct idmap *mmap,
                    char *err, size_t errlen);

/* Turns the last step's result code into 0, or -1 with err set. */
static int
step_done(struct store *s, int rc, char *err, size_t errlen)
{
	if (rc != DB_DONE) {
		set_err(err, errlen, "read", s->db);
		return -1;
	}
	return 0;
}

static int
read_providers(struct store *s, struct arena *a, struct dataset *ds,
               struct idmap *pmap, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_PROVIDERS, err, errlen);
	size_t cap = 16;
	int64_t *ids;
	int rc;

	if (st == NULL)
		return -1;
	ds->providers = arena_alloc(a, cap * sizeof(*ds->providers));
	while ((rc = db_step(st)) == DB_ROW) {
		ds->providers = arena_grow(a, ds->providers, ds->n_providers,
		                           &cap, sizeof(*ds->providers));
		struct provider *p = &ds->providers[ds->n_providers++];
		p->id = db_column_int64(st, 0);
		p->slug = col_text(st, 1, a);
		p->name = col_text(st, 2, a);
		p->website = col_text(st, 3, a);
		p->status_page = col_text(st, 4, a);
		p->said = NULL; /* pst_read */
	}
	if (step_done(s, rc, err, errlen))
		return -1;
	ids = arena_alloc(a, (ds->n_providers + 1) * sizeof(*ids));
	for (size_t i = 0; i < ds->n_providers; i++)
		ids[i] = ds->providers[i].id;
	idmap_build(pmap, ids, ds->n_providers, a);
	return 0;
}

/* SQLite's NOCASE: bytes compared with ASCII letters folded to lower
 * case, a prefix first. */
static int
nocase_cmp(const char *a, const char *b)
{
	for (;; a++, b++) {
		int x = (unsigned char)*a, y = (unsigned char)*b;

		x += x >= 'A' && x <= 'Z' ? 'a' - 'A' : 0;
		y += y >= 'A' && y <= 'Z' ? 'a' - 'A' : 0;
		if (x != y || x == 0)
			return x - y;
	}
}

/* The order of dataset.models: by provider (their index follows
 * SQL_PROVIDERS' order: name ignoring case, then slug), then name ignoring
 * case, then slug. */
static int
model_order(const void *x, const void *y)
{
	const struct model *a = x, *b = y;
	int r;

	if (a->provider != b->provider)
		return a->provider < b->provider ? -1 : 1;
	r = nocase_cmp(a->name, b->name);
	return r != 0 ? r : strcmp(a->slug, b->slug);
}

static int
read_models(struct store *s, struct arena *a, struct dataset *ds,
            const struct idmap *pmap, struct idmap *mmap, char *err,
            size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_MODELS, err, errlen);
	size_t cap = 64;
	int64_t *ids;
	int rc;

	if (st == NULL)
		return -1;
	ds->models = arena_alloc(a, cap * sizeof(*ds->models));
	while ((rc = db_step(st)) == DB_ROW) {
		long pi = idmap_find(pmap, db_column_int64(st, 1));
		if (pi < 0)
			continue; /* impossible with the foreign key */
		ds->models = arena_grow(a, ds->models, ds->n_models, &cap,
		                        sizeof(*ds->models));
		struct model *m = &ds->models[ds->n_models++];
		m->id = db_column_int64(st, 0);
		m->provider = (size_t)pi;
		m->slug = col_text(st, 2, a);
		m->name = col_text(st, 3, a);
		m->modalities = col_text(st, 4, a);
		m->context_window = db_column_int64(st, 5);
		m->is_active = db_column_int64(st, 6) != 0;
		m->status_components = NULL; /* pst_read */
	}
	if (step_done(s, rc, err, errlen))
		return -1;
	qsort(ds->models, ds->n_models, sizeof(*ds->models), model_order);
	ids = arena_alloc(a, (ds->n_models + 1) * sizeof(*ids));
	for (size_t i = 0; i < ds->n_models; i++)
		ids[i] = ds->models[i].id;
	idmap_build(mmap, ids, ds->n_models, a);
	return 0;
}

/* Appends to ds->latest, sorted by region_latest_cmp, a row without a
 * check for every endpoint that has none, and sorts it again. */
static int
add_unchecked_endpoints(struct store *s, struct arena *a, struct dataset *ds,
                        size_t *cap, const struct idmap *mmap, char *err,
                        size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_ENDPOINT_PAIRS, err, errlen);
	size_t checked = ds->n_latest;
	int rc;

	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		long mi = idmap_find(mmap, db_column_int64(st, 0));
		const char *region = db_column_text(st, 1);
		struct region_latest key = {.model = (size_t)mi,
		                            .region = region ? region : ""};
		struct region_latest *r;

		if (mi < 0 ||
		    bsearch(&key, ds->latest, checked, sizeof(*ds->latest),
		            region_latest_cmp) != NULL)
			continue;
		ds->latest = arena_grow(a, ds->latest, ds->n_latest, cap,
		                        sizeof(*ds->latest));
		r = &ds->latest[ds->n_latest++];
		memset(r, 0, sizeof(*r));
		r->model = (size_t)mi;
		r->region = arena_strdup(a, key.region);
		r->status = STATUS_UNKNOWN;
		r->latency_ms = -1;
		r->probe_kind = PROBE_KIND__MAX;
		r->error_kind = ERROR_KIND__MAX;
	}
	db_reset(st);
	if (ds->n_latest > checked)
		qsort(ds->latest, ds->n_latest, sizeof(*ds->latest),
		      region_latest_cmp);
	return step_done(s, rc, err, errlen);
}

/* A kind column: the kind it names, or max when NULL or unknown. */
static enum probe_kind
col_probe_kind(struct db_stmt *st, int i)
{
	return probe_kind_from_name(db_column_text(st, i));
}

static enum error_kind
col_error_kind(struct db_stmt *st, int i)
{
	return error_kind_from_name(db_column_text(st, i));
}

/* A column of milliseconds: its value, or -1 when NULL. */
static int64_t
col_ms(struct db_stmt *st, int i)
{
	return db_column_is_null(st, i) ? -1 : db_column_int64(st, i);
}

/* Fills r's check from the columns from col on of st's row: (checked_at,
 * status, latency_ms, http_status, probe_kind, error_kind); none when
 * checked_at is NULL. */
static void
latest_from_row(struct db_stmt *st, int col, struct region_latest *r)
{
	r->has_check = !db_column_is_null(st, col);
	r->checked_at = db_column_int64(st, col);
	r->status = r->has_check ? status_from_name(db_column_text(st, col + 1))
	                         : STATUS_UNKNOWN;
	if (r->status == STATUS__MAX)
		r->status = STATUS_UNKNOWN;
	r->latency_ms =
	    db_column_is_null(st, col + 2) ? -1 : db_column_int64(st, col + 2);
	r->http_status = db_column_int64(st, col + 3);
	r->probe_kind = col_probe_kind(st, col + 4);
	r->error_kind = col_error_kind(st, col + 5);
}

/* Replaces r's check, later than now, by the (model id, region)'s latest
 * at or before now (none if it has none). 0, or -1 with err set. */
static int
latest_before_now(struct store *s, int64_t id, int64_t now,
                  struct region_latest *r, char *err, size_t errlen)
{
	struct db_stmt *st =
	    stmt_get(s,
	             s->version >= VERSION_PROBE ? SQL_LATEST_BEFORE
	                                         : SQL_LATEST_BEFORE_V5,
	             err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_text(st, 2, r->region);
	db_bind_int64(st, 3, now);
	rc = db_step(st);
	if (rc == DB_ROW)
		latest_from_row(st, 0, r);
	else
		*r = (struct region_latest){.model = r->model,
		                            .region = r->region,
		                            .status = STATUS_UNKNOWN,
		                            .latency_ms = -1,
		                            .probe_kind = PROBE_KIND__MAX,
		                            .error_kind = ERROR_KIND__MAX};
	db_reset(st);
	return step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
}

/* Reads ds->latest: per (model, region) of a check or an endpoint, its
 * latest check at or before now (none for an endpoint never checked),
 * sorted by region_latest_cmp. 0, or -1 with err set. */
static int
read_latest(struct store *s, struct arena *a, struct dataset *ds,
            const struct idmap *mmap, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(
	    s, s->version >= VERSION_PROBE ? SQL_LATEST : SQL_LATEST_V5, err,
	    errlen);
	size_t cap = 128;
	int rc;

	if (st == NULL)
		return -1;
	ds->latest = arena_alloc(a, cap * sizeof(*ds->latest));
	while ((rc = db_step(st)) == DB_ROW) {
		int64_t id = db_column_int64(st, 0);
		long mi = idmap_find(mmap, id);
		struct region_latest *r;

		if (mi < 0)
			continue;
		ds->latest = arena_grow(a, ds->latest, ds->n_latest, &cap,
		                        sizeof(*ds->latest));
		r = &ds->latest[ds->n_latest++];
		r->model = (size_t)mi;
		r->region = col_text(st, 1, a);
		latest_from_row(st, 2, r);
		if (r->has_check && r->checked_at > ds->now &&
		    latest_before_now(s, id, ds->now, r, err, errlen) != 0)
			return -1;
	}
	if (step_done(s, rc, err, errlen))
		return -1;
	qsort(ds->latest, ds->n_latest, sizeof(*ds->latest), region_latest_cmp);
	return add_unchecked_endpoints(s, a, ds, &cap, mmap, err, errlen);
}

/* Steps st, whose rows are (model id, bucket, then either a check's status
 * or, with rollups set, the operational, degraded and outage counts),
 * adding sign times them to counts[model index * n_buckets + bucket]; rows
 * of unknown models or out-of-range buckets are skipped. A model is looked
 * up once per run of its rows (the rollups come grouped by model). A
 * status is told apart in C: comparing it in SQL costs more than reading
 * the row. Resets st; 0 or -1 with err set. */
static int
add_counts(struct store *s, struct db_stmt *st, int rollups,
           const struct idmap *mmap, struct counts *counts, int64_t n_buckets,
           int sign, char *err, size_t errlen)
{
	long mi = -1;
	int64_t id = -1;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		int64_t b = db_column_int64(st, 1);
		struct counts *c;

		if (db_column_int64(st, 0) != id) {
			id = db_column_int64(st, 0);
			mi = idmap_find(mmap, id);
		}
		if (mi < 0 || b < 0 || b >= n_buckets)
			continue;
		c = &counts[(size_t)mi * (size_t)n_buckets + (size_t)b];
		if (rollups) {
			for (int k = 0; k < 3; k++)
				c->n[k] += sign * db_column_int64(st, 2 + k);
		} else {
			enum status stt =
			    status_from_name(db_column_text(st, 2));

			if (stt < STATUS_UNKNOWN)
				c->n[stt] += sign;
		}
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* With send, sends st (bound) ahead (db_send: a failure to send is its
 * step's to report) and returns 0; else add_counts. The reads of
 * store_read_dataset's windows and histories run twice: sending (send 1:
 * each statement bound and sent, in the order of the reads) and reading
 * (send 0: bound with the same values, then stepped); so PostgreSQL
 * answers them together and SQLite runs each at its step. */
static int
send_or_add(struct store *s, int send, struct db_stmt *st, int rollups,
            const struct idmap *mmap, struct counts *counts, int64_t n_buckets,
            int sign, char *err, size_t errlen)
{
	if (send) {
		(void)db_send(st);
		return 0;
	}
	return add_counts(s, st, rollups, mmap, counts, n_buckets, sign, err,
	                  errlen);
}

/* Adds (sign 1) or takes away (sign -1) the checks in (lo, hi] from the
 * window counts (width 0), or adds those of model_rollups of width `width`
 * with lo <= start < hi: one range of its primary key. With send, sends
 * the read only (send_or_add). */
static int
window_add(struct store *s, int send, const struct idmap *mmap,
           struct counts *window, int64_t width, int64_t lo, int64_t hi,
           int sign, char *err, size_t errlen)
{
	struct db_stmt *st;

	if (width == 0 ? hi <= lo : lo >= hi)
		return 0;
	st = stmt_get(s, width == 0 ? SQL_WINDOW : SQL_WINDOW_MODEL, err,
	              errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, lo);
	db_bind_int64(st, 2, hi);
	if (width != 0)
		db_bind_int64(st, 3, width);
	return send_or_add(s, send, st, width != 0, mmap, window, 1, sign, err,
	                   errlen);
}

/* The W the sample counts of the file are made with, into *w (its
 * aigo_meta row, or the default), and whether they are counted (a version
 * 4 file whose samples_built is 1). 0, or -1 with err set. */
static int
samples_freshness(struct store *s, int64_t *w, int *built, char *err,
                  size_t errlen)
{
	struct db_stmt *st;
	int rc;

	*w = FRESHNESS_DEFAULT_SECS;
	*built = 0;
	if (s->version < VERSION_SAMPLES)
		return 0;
	st = stmt_get(s, SQL_FRESHNESS, err, errlen);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *v = db_column_text(st, 0);

		if (v == NULL || parse_int64(v, 60, 86400, w) != 0)
			*w = FRESHNESS_DEFAULT_SECS;
		*built = db_column_int64(st, 1) == 1;
	}
	db_reset(st);
	return step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
}

/* One int64 of a query without parameters (0 when NULL); 0 or -1. */
static int
query_one(struct store *s, enum sql q, int64_t *out, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, q, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st);
	*out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_reset(st);
	return step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
}

/* What the windows' and histories' reads of one dataset are made with,
 * read once: the samples' freshness and the first check. */
struct fresh {
	int64_t w;           /* the W the sample counts are made with */
	int built;           /* model_rollups and the slots' statuses counted */
	int64_t first_check; /* the first check's time; 0: none */
};

/* Adds the checks of the whole hours lo <= hour < hi to window from
 * model_rollups, a row per model and quarter day where the hours make
 * whole quarters, per hour elsewhere. With send, sends the reads only. */
static int
window_model_hours(struct store *s, int send, const struct idmap *mmap,
                   struct counts *window, int64_t lo, int64_t hi, char *err,
                   size_t errlen)
{
	int64_t q0 = (lo + 21599) / 21600 * 21600, q1 = hi - hi % 21600;

	if (q0 >= q1)
		q0 = q1 = hi;
	return window_add(s, send, mmap, window, 3600, lo, q0, 1, err,
	                  errlen) ||
	               window_add(s, send, mmap, window, 21600, q0, q1, 1, err,
	                          errlen) ||
	               window_add(s, send, mmap, window, 3600, q1, hi, 1, err,
	                          errlen)
	           ? -1
	           : 0;
}

/* The window (now - secs, now] into window, from rollups, corrected with
 * single checks near its ends, so that its cost grows neither with the
 * checks stored nor (much) with the check rate. Slots are 5 minutes (hours
 * in a version 2 file, which has no rollups_5min):
 *   start: the slots from the one holding now - 24 h + 1 up to the next
 *          whole hour; in that first slot the shorter of its checks in the
 *          window (added, slot left out) or before it (taken away, slot
 *          counted): at most half a slot of checks;
 *   then:  the hourly rollups up to now's hour, whose checks later than now
 *          are taken away (normally there are none).
 * Once model_rollups is counted (samples built), the whole hours come
 * from it, a row per model rather than a lookup per (model, region), and
 * so does the first hour when the checks to correct it with (the shorter
 * part of that hour, at most 30 minutes of checks) are likely fewer than
 * a few per (model, region); else the slots as above.
 * In two parts, each sent then read (send_or_add), because which reads
 * the first hour takes depends on the whole hours' count: part 0 reads the
 * whole hours and the checks later than now (built) or everything (not
 * built), and sets *quick (read, built) to whether the first hour comes
 * from model_rollups; part 1 (built) reads the first hour by *quick. */
static int
read_window(struct store *s, const struct dataset *ds, const struct idmap *mmap,
            const struct fresh *f, int64_t secs, int part, int send, int *quick,
            struct counts *window, char *err, size_t errlen)
{
	int fine = s->version >= VERSION_5MIN;
	int64_t g = fine ? 300 : 3600; /* the slot */
	int64_t lo = ds->now - secs, hi = ds->now;
	int64_t slot = lo + 1 - (lo + 1) % g;           /* the slot of lo + 1 */
	int64_t hour = lo + 1 - (lo + 1) % 3600 + 3600; /* first whole hour */
	int64_t last = hi - hi % 3600;                  /* the hour of now */
	int64_t cut = lo + 1 - (hour - 3600); /* first hour before lo + 1 */
	int counted = lo + 1 - slot <= g / 2; /* the first slot's rollup */
	struct db_stmt *st;

	if (f->built && part == 0) {
		int64_t n = 0;

		if (window_model_hours(s, send, mmap, window, hour, last + 3600,
		                       err, errlen))
			return -1;
		if (!send) {
			for (size_t m = 0; m < ds->n_models; m++)
				n += window[m].n[0] + window[m].n[1] +
				     window[m].n[2];
			/* The checks expected in the part of the first hour
			 * read. */
			*quick = n / ((last + 3600 - hour) / 3600 + 1) *
			             (cut <= 1800 ? cut : 3600 - cut) / 3600 <=
			         4 * (int64_t)ds->n_latest;
		}
		return window_add(s, send, mmap, window, 0, hi, last + 3599, -1,
		                  err, errlen);
	}
	if (f->built && *quick)
		return cut <= 1800
		           ? window_add(s, send, mmap, window, 3600,
		                        hour - 3600, hour, 1, err, errlen) ||
		                 window_add(s, send, mmap, window, 0,
		                            hour - 3601, lo, -1, err, errlen)
		           : window_add(s, send, mmap, window, 0, lo, hour - 1,
		                        1, err, errlen);
	if (!f->built && part != 0)
		return 0;
	st = stmt_get(s, fine ? SQL_WINDOW_5MIN : SQL_WINDOW_ROLLUPS, err,
	              errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, counted ? slot : slot + g);
	db_bind_int64(st, 2, hour);
	if (send_or_add(s, send, st, 1, mmap, window, 1, 1, err, errlen) ||
	    (counted ? window_add(s, send, mmap, window, 0, slot - 1, lo, -1,
	                          err, errlen)
	             : window_add(s, send, mmap, window, 0, lo, slot + g - 1, 1,
	                          err, errlen)))
		return -1;
	if (f->built)
		return 0; /* the whole hours and after now: part 0 */
	st = stmt_get(s, SQL_WINDOW_ROLLUPS, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, hour);
	db_bind_int64(st, 2, last + 3600);
	if (send_or_add(s, send, st, 1, mmap, window, 1, 1, err, errlen))
		return -1;
	return window_add(s, send, mmap, window, 0, hi, last + 3599, -1, err,
	                  errlen);
}

/* SLOT_COLUMNS, what the status readers step through: (region, time,
 * status at that time or NULL, newest time, status at the newest time). A
 * row of rollups_5min is (region, slot, start_status, last_at,
 * last_status); a check is (region, checked_at, NULL, checked_at, status).
 * The latest check at or before a 5-minute instant t is the check at t
 * (the start of t's slot) or the newest of an earlier slot, so a slot's two
 * checks give every instant's status that its checks give; between two
 * instants they may not (now itself comes from the latest checks). */

/* A growing array of check rows in an arena. */
struct row_vec {
	struct check_row *v;
	size_t n, cap;
	struct arena *a;
};

static struct check_row *
row_push(struct row_vec *r)
{
	r->v = arena_grow(r->a, r->v, r->n, &r->cap, sizeof(*r->v));
	memset(&r->v[r->n], 0, sizeof(r->v[0]));
	check_row_clear_probe(&r->v[r->n]);
	return &r->v[r->n++];
}

/* Appends the check rows of the SLOT_COLUMNS that start at column col of
 * st's row: the check at the start, if any, then the newest. A region
 * equal to the row before's shares its text. */
static void
push_slot(struct db_stmt *st, int col, struct row_vec *r)
{
	const char *region = db_column_text(st, col);
	int64_t start = db_column_int64(st, col + 1);
	int64_t last = db_column_int64(st, col + 3);
	struct check_row *c;

	if (region == NULL)
		region = "";
	if (r->n == 0 || strcmp(r->v[r->n - 1].region, region) != 0)
		region = arena_strdup(r->a, region);
	else
		region = r->v[r->n - 1].region;
	if (!db_column_is_null(st, col + 2) && start < last) {
		c = row_push(r);
		c->region = region;
		c->checked_at = start;
		c->status = status_from_name(db_column_text(st, col + 2));
	}
	c = row_push(r);
	c->region = region;
	c->checked_at = last;
	c->status = status_from_name(db_column_text(st, col + 4));
}

/* The 5-minute slot of t (t >= 0; 0 below). */
static int64_t
slot_of(int64_t t)
{
	return t <= 0 ? 0 : t - t % SAMPLE_SECS;
}

/* The index of model mi's first row in ds->latest (sorted by model index,
 * then region), or ds->n_latest when it has none. */
static size_t
latest_of(const struct dataset *ds, long mi)
{
	size_t lo = 0, hi = ds->n_latest;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if ((long)ds->latest[mid].model < mi)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* A row of SQL_LIVE_SLOTS or SQL_LIVE_CHECKS, read whole so that the rows
 * can be put in (model, region, time) order in C. */
struct live_row {
	long mi;            /* model index */
	const char *region; /* shared text per distinct region */
	int64_t slot, last_at;
	enum status start_status; /* STATUS__MAX: none */
	enum status last_status;
	int64_t n[3]; /* the slot's check counts (0 for a check) */
};

static int
live_row_cmp(const void *pa, const void *pb)
{
	const struct live_row *a = pa, *b = pb;
	int r;

	if (a->mi != b->mi)
		return a->mi < b->mi ? -1 : 1;
	if (a->region != b->region && (r = strcmp(a->region, b->region)) != 0)
		return r;
	return (a->slot > b->slot) - (a->slot < b->slot);
}

/* The text of region in a's copies of the distinct regions seen so far
 * (few: a linear look), else a new copy. */
static const char *
region_shared(struct arena *a, const char **seen, size_t *n, size_t max,
              const char *region)
{
	for (size_t k = 0; k < *n; k++)
		if (strcmp(seen[k], region) == 0)
			return seen[k];
	region = arena_strdup(a, region);
	if (*n < max)
		seen[(*n)++] = region;
	return region;
}

/* Whether model mi has a latest check row in region (a row of
 * current_status: what the slots of a region count for). */
static int
has_latest(const struct dataset *ds, long mi, const char *region)
{
	for (size_t k = latest_of(ds, mi);
	     k < ds->n_latest && ds->latest[k].model == (size_t)mi; k++)
		if (strcmp(ds->latest[k].region, region) == 0)
			return 1;
	return 0;
}

/* Reads st's rows (bound) into *out by model index, region and time,
 * leaving out models not in mmap and regions with no latest check. Returns
 * the number of rows, or -1 with err set. */
static long
live_rows(struct store *s, struct db_stmt *st, const struct dataset *ds,
          const struct idmap *mmap, int counts, struct arena *a,
          struct live_row **out, char *err, size_t errlen)
{
	const char *seen[64];
	size_t n_seen = 0, n = 0, cap = 0;
	struct live_row *v = NULL;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		long mi = idmap_find(mmap, db_column_int64(st, 0));
		const char *region = db_column_text(st, 1);
		struct live_row *r;

		if (mi < 0)
			continue;
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		r = &v[n++];
		r->mi = mi;
		r->region = region_shared(a, seen, &n_seen, NELEM(seen),
		                          region ? region : "");
		r->slot = db_column_int64(st, 2);
		r->start_status = db_column_is_null(st, 3)
		                      ? STATUS__MAX
		                      : status_from_name(db_column_text(st, 3));
		r->last_at = db_column_int64(st, 4);
		r->last_status = status_from_name(db_column_text(st, 5));
		for (int k = 0; k < 3; k++)
			r->n[k] = counts ? db_column_int64(st, 6 + k) : 0;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen) != 0)
		return -1;
	if (n > 1)
		qsort(v, n, sizeof(*v), live_row_cmp);
	/* A region's slots count only with its row of current_status. */
	size_t kept = 0;
	for (size_t k = 0; k < n; k++) {
		if (k > 0 && v[k].mi == v[k - 1].mi &&
		    v[k].region == v[k - 1].region) {
			if (kept > 0 && v[kept - 1].mi == v[k].mi &&
			    v[kept - 1].region == v[k].region)
				v[kept++] = v[k];
			continue;
		}
		if (has_latest(ds, v[k].mi, v[k].region))
			v[kept++] = v[k];
	}
	*out = v;
	return (long)kept;
}

/* Adds to h's samples the statuses at the instants from `from` (a
 * 5-minute boundary) to now, and at now itself, for every model: the
 * instants from the slots in [from - w, h's end) (from the checks in
 * (from - w, now] when the slots have no statuses, slots = 0), now from
 * the latest checks at or before now; instants before first_check are
 * none. With slots, the check counts of the slots from from - 300 on go
 * to h's counts too. With send, sends the read only (send_or_add). */
static int
samples_live(struct store *s, int send, struct history *h,
             const struct dataset *ds, const struct idmap *mmap, int64_t from,
             int64_t w, int64_t first_check, int slots, char *err,
             size_t errlen)
{
	struct db_stmt *st =
	    stmt_get(s, slots ? SQL_LIVE_SLOTS : SQL_LIVE_CHECKS, err, errlen);
	size_t ni =
	    ds->now >= from ? (size_t)((ds->now - from) / SAMPLE_SECS) + 1 : 0;
	struct row_vec rows = {0}, latest = {0};
	struct live_row *lr;
	enum status *at;
	long n;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, slots ? slot_of(from - w) : from - w);
	db_bind_int64(st, 2,
	              slots
	                  ? h->first_bucket + h->n_buckets * h->bucket_secs - 1
	                  : ds->now);
	if (send) {
		(void)db_send(st);
		return 0;
	}
	rows.a = latest.a = arena_new();
	at = arena_alloc(rows.a, sizeof(*at) * (ni + 1));
	n = live_rows(s, st, ds, mmap, slots, rows.a, &lr, err, errlen);
	if (n < 0) {
		arena_free(rows.a);
		return -1;
	}
	for (long k = 0; k < n; k++) {
		const struct live_row *r = &lr[k];
		long mi = r->mi;
		int64_t b = (r->slot - h->first_bucket) / h->bucket_secs;
		struct check_row *c;

		/* The slot's checks: the one at its start, if any, then the
		 * newest. */
		if (r->start_status != STATUS__MAX && r->slot < r->last_at) {
			c = row_push(&rows);
			c->region = r->region;
			c->checked_at = r->slot;
			c->status = r->start_status;
		}
		c = row_push(&rows);
		c->region = r->region;
		c->checked_at = r->last_at;
		c->status = r->last_status;
		if (slots && r->slot >= from - 300 && b >= 0 &&
		    b < h->n_buckets)
			for (int j = 0; j < 3; j++)
				h->counts[(size_t)mi * (size_t)h->n_buckets +
				          (size_t)b]
				    .n[j] += r->n[j];
		if (k + 1 < n && lr[k + 1].mi == mi)
			continue;
		/* The model's rows end: count its instants. */
		status_at_instants(rows.v, rows.n, from, SAMPLE_SECS, ni, w, at,
		                   rows.a);
		/* now itself, a sample of the last bucket (also when it is the
		 * boundary that ends the one before) */
		latest.n = 0;
		for (size_t j = latest_of(ds, mi);
		     j < ds->n_latest && ds->latest[j].model == (size_t)mi;
		     j++) {
			const struct region_latest *l = &ds->latest[j];

			if (l->has_check) {
				c = row_push(&latest);
				c->region = l->region;
				c->checked_at = l->checked_at;
				c->status = l->status;
			}
		}
		status_at_instants(latest.v, latest.n, ds->now, 1, 1, w,
		                   &at[ni], rows.a);
		for (size_t j = 0; j <= ni; j++) {
			int is_now = j == ni;
			int64_t t =
			    is_now ? ds->now : from + (int64_t)j * SAMPLE_SECS;
			int64_t tb =
			    is_now ? h->n_buckets - 1
			           : (t - 1 - h->first_bucket) / h->bucket_secs;

			if (t < first_check || tb < 0 || tb >= h->n_buckets ||
			    at[j] >= STATUS_UNKNOWN)
				continue;
			h->samples[(size_t)mi * (size_t)h->n_buckets +
			           (size_t)tb]
			    .n[at[j]]++;
		}
		rows.n = 0;
	}
	arena_free(rows.a);
	return 0;
}

/* Adds model_rollups' rows of width `width` with lo <= start < hi to h's
 * check counts and samples, in the bucket each starts in. With send, sends
 * the read only (send_or_add). */
static int
read_model_rollups(struct store *s, int send, struct history *h,
                   const struct idmap *mmap, int64_t width, int64_t lo,
                   int64_t hi, char *err, size_t errlen)
{
	struct db_stmt *st;
	int rc;

	if (lo >= hi)
		return 0;
	st = stmt_get(s, SQL_HIST_MODEL, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, h->first_bucket);
	db_bind_int64(st, 2, hi);
	db_bind_int64(st, 3, h->bucket_secs);
	db_bind_int64(st, 4, lo);
	db_bind_int64(st, 5, width);
	if (send) {
		(void)db_send(st);
		return 0;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		long mi = idmap_find(mmap, db_column_int64(st, 0));
		int64_t b = db_column_int64(st, 1);
		size_t cell = (size_t)mi * (size_t)h->n_buckets + (size_t)b;

		if (mi < 0 || b < 0 || b >= h->n_buckets)
			continue;
		for (int k = 0; k < 3; k++) {
			h->counts[cell].n[k] += db_column_int64(st, 2 + k);
			h->samples[cell].n[k] += db_column_int64(st, 5 + k);
		}
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* Reads the history of range into ds->hist[range] (DESIGN 3): per model
 * and bucket, its checks by status and its sample instants by status.
 * Once model_rollups is counted, the whole hours before now's come from
 * it, a row per model and quarter day where the buckets are whole quarter
 * days, per hour otherwise; the rest (the hour of now, every bucket of the
 * 1 h range or of an older file) from the hourly or 5-minute rollups (the
 * checks in a version 2 file) and the slots' statuses (the checks until
 * they are counted). With send, sends the reads only (send_or_add; h is
 * left alone). */
static int
read_history(struct store *s, int send, enum range range, struct dataset *ds,
             const struct idmap *mmap, const struct fresh *f, struct arena *a,
             char *err, size_t errlen)
{
	struct history sent = {0}, *h = send ? &sent : &ds->hist[range];
	enum sql q =
	    ranges[range].bucket_secs % 3600 == 0 ? SQL_HIST_ROLLUPS
	    : s->version >= VERSION_5MIN && ranges[range].bucket_secs % 300 == 0
	        ? SQL_HIST_5MIN
	        : SQL_HIST_CHECKS;
	int64_t w = f->w, first_check = f->first_check, first_instant, end,
	        from, now = ds->now;
	size_t cells;
	struct db_stmt *st;
	int built = f->built;

	history_layout(range, now, h);
	end = h->first_bucket + h->n_buckets * h->bucket_secs;
	if (send)
		goto reads;
	cells = ds->n_models * (size_t)h->n_buckets + 1;
	h->counts = arena_alloc(a, cells * sizeof(*h->counts));
	h->samples = arena_alloc(a, cells * sizeof(*h->samples));
	memset(h->samples, 0, cells * sizeof(*h->samples));
	h->n_instants =
	    arena_alloc(a, ((size_t)h->n_buckets + 1) * sizeof(*h->n_instants));
	/* Each bucket's instants: its 5-minute boundaries from the first
	 * check's on, up to now; now itself is one of the last bucket's. */
	first_instant =
	    (first_check + SAMPLE_SECS - 1) / SAMPLE_SECS * SAMPLE_SECS;
	for (int b = 0; b < h->n_buckets; b++) {
		int64_t lo = h->first_bucket + b * h->bucket_secs + 300;
		int64_t hi = lo - 300 + h->bucket_secs;

		if (lo < first_instant)
			lo = first_instant;
		if (hi > now - now % SAMPLE_SECS)
			hi = now - now % SAMPLE_SECS;
		h->n_instants[b] = first_check == 0 || hi < lo
		                       ? 0
		                       : (hi - lo) / SAMPLE_SECS + 1;
	}
	if (first_check != 0 && now >= first_check)
		h->n_instants[h->n_buckets - 1]++;
	/* Once counted: model_rollups up to now's hour, then the slots (their
	 * check counts too). Else the rollups or checks, then the checks. */
reads:
	from = h->first_bucket;
	if (built && h->bucket_secs % 3600 == 0 &&
	    now - now % 3600 > h->first_bucket) {
		int64_t hours = now - now % 3600;
		int64_t quarters = h->bucket_secs % 21600 == 0
		                       ? hours - hours % 21600
		                       : h->first_bucket;

		if (read_model_rollups(s, send, h, mmap, 21600, h->first_bucket,
		                       quarters, err, errlen) ||
		    read_model_rollups(s, send, h, mmap, 3600, quarters, hours,
		                       err, errlen))
			return -1;
		from = hours;
	}
	st = built ? NULL : stmt_get(s, q, err, errlen);
	if (!built && st == NULL)
		return -1;
	if (st != NULL) {
		db_bind_int64(st, 1, h->first_bucket);
		db_bind_int64(st, 2, end);
		db_bind_int64(st, 3, h->bucket_secs);
		db_bind_int64(st, 4, from);
		if (send_or_add(s, send, st, q != SQL_HIST_CHECKS, mmap,
		                h->counts, h->n_buckets, 1, err, errlen))
			return -1;
	}
	/* Now bounds every view: the last bucket's checks later than now
	 * are taken away (counts + n_buckets - 1 is its column). */
	st = stmt_get(s, SQL_WINDOW, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, now);
	db_bind_int64(st, 2, end - 1);
	if (send_or_add(s, send, st, 0, mmap,
	                send ? NULL : h->counts + h->n_buckets - 1,
	                h->n_buckets, -1, err, errlen))
		return -1;
	/* The slots' statuses are counted when model_rollups is. */
	if (first_check != 0 &&
	    samples_live(s, send, h, ds, mmap, from + 300, w, first_check,
	                 built, err, errlen))
		return -1;
	if (send)
		return 0;
	history_fill_unknown(h, ds->n_models);
	return 0;
}

/* The same data version as when the schema version was read, in this
 * transaction: nothing committed since, so the version is the same. */
static int
version_known(const struct store *s)
{
	return s->gen_ok && s->version_ok && s->version_gen == s->gen;
}

/* Sends ahead (db_send) the dataset's reads that take no parameter, in
 * the order store_read_dataset steps them, so that PostgreSQL answers
 * them in one round trip (SQLite: nothing; each runs at its step). Those
 * before the version is read (after: 0), then those whose use depends on
 * it (after: 1). A failure to send is the step's to report. */
static void
send_dataset_reads(struct store *s, int after, unsigned ranges_mask)
{
	enum sql q[8];
	enum pst_sql p[4];
	int n = 0, np = 0;
	char ignore[8];
	struct db_stmt *st;

	if (!after) {
		if (!version_known(s))
			q[n++] = SQL_USER_VERSION;
		q[n++] = SQL_PROVIDERS;
		q[n++] = SQL_MODELS;
		q[n++] = SQL_ENDPOINT_PAIRS;
	} else {
		if (s->version >= VERSION_PROBE)
			q[n++] = SQL_LATEST;
		if (s->version >= VERSION_PROVIDER_STATUS) {
			p[np++] = PST_READ_STATUS;
			p[np++] = PST_READ_COMPONENTS;
			p[np++] = PST_READ_INCIDENTS;
			p[np++] = PST_READ_MODEL_COMPONENTS;
		}
		if (s->version >= VERSION_SAMPLES)
			q[n++] = SQL_FRESHNESS;
		if (ranges_mask & RANGES_ALL)
			q[n++] = SQL_FIRST_CHECK;
		q[n++] = SQL_IS_DEMO;
	}
	for (int i = 0; i < n; i++)
		if ((st = stmt_get(s, q[i], ignore, sizeof(ignore))) != NULL)
			(void)db_send(st);
	for (int i = 0; i < np; i++)
		if ((st = pst_stmt(s, p[i], ignore, sizeof(ignore))) != NULL)
			(void)db_send(st);
}

/* Reads the file's schema version into s->version inside the open
 * transaction; 0, or -1 with err set (also for a version this program does
 * not read). */
static int
read_version(struct store *s, char *err, size_t errlen)
{
	struct db_stmt *st;
	int rc;

	if (version_known(s))
		return version_check(s->version, err, errlen);
	st = stmt_get(s, SQL_USER_VERSION, err, errlen);
	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		s->version = db_column_int64(st, 0);
	db_reset(st);
	if (rc != DB_ROW) {
		set_err(err, errlen, "read", s->db);
		s->version_ok = 0;
		return -1;
	}
	s->version_ok = s->gen_ok;
	s->version_gen = s->gen;
	return version_check(s->version, err, errlen);
}

int
store_read_dataset(struct store *s, int64_t now, unsigned ranges_mask,
                   struct arena *a, struct dataset *ds, char *err,
                   size_t errlen)
{
	struct idmap pmap, mmap;
	struct db_stmt *st;
	struct fresh f = {0};
	int quick[WINDOW__MAX] = {0};
	int ok = -1, began = !db_in_transaction(s->db);

	memset(ds, 0, sizeof(*ds));
	ds->now = now;
	ds->source = SOURCE_DATABASE;
	/* One read transaction: every number comes from one snapshot (the
	 * request's, when it has one: store_begin_read). */
	if (began) {
		s->gen_ok = 0; /* not read in this transaction */
		if (exec_tx(s, TX_BEGIN_READ, err, errlen) != 0)
			return -1;
	}
	/* The reads without parameters go ahead, in two sends. */
	send_dataset_reads(s, 0, ranges_mask);
	/* The file may have been changed in place since it was opened
	 * (read again unless the data version says nothing was written). */
	if (read_version(s, err, errlen))
		goto done;
	send_dataset_reads(s, 1, ranges_mask);
	if (read_providers(s, a, ds, &pmap, err, errlen) ||
	    read_models(s, a, ds, &pmap, &mmap, err, errlen) ||
	    read_latest(s, a, ds, &mmap, err, errlen) ||
	    pst_read(s, a, ds, &pmap, &mmap, err, errlen))
		goto done;
	/* The samples' freshness and the first check, once (sent ahead). */
	if (samples_freshness(s, &f.w, &f.built, err, errlen) != 0 ||
	    ((ranges_mask & RANGES_ALL) &&
	     query_one(s, SQL_FIRST_CHECK, &f.first_check, err, errlen) != 0))
		goto done;
	for (int w = 0; w < WINDOW__MAX; w++)
		if (w == WINDOW_24H || (ranges_mask & WINDOW_BIT(w)))
			ds->window[w] = arena_alloc(
			    a, (ds->n_models + 1) * sizeof(*ds->window[w]));
	/* The windows' first parts and the histories sent in one go, then
	 * read in the same order; then the windows' second parts (which
	 * depend on the first's counts) sent and read. */
	for (int part = 0; part < 2; part++)
		for (int send = 1; send >= 0; send--) {
			for (int w = 0; w < WINDOW__MAX; w++)
				if (ds->window[w] != NULL &&
				    read_window(s, ds, &mmap, &f,
				                window_secs[w], part, send,
				                &quick[w], ds->window[w], err,
				                errlen))
					goto done;
			for (int r = 0; r < RANGE__MAX && part == 0; r++)
				if ((ranges_mask & RANGE_BIT(r)) &&
				    read_history(s, send, (enum range)r, ds,
				                 &mmap, &f, a, err, errlen))
					goto done;
		}
	st = stmt_get(s, SQL_IS_DEMO, err, errlen);
	if (st == NULL)
		goto done;
	if (db_step(st) != DB_ROW) {
		set_err(err, errlen, "read", s->db);
		goto done;
	}
	ds->is_demo = db_column_int64(st, 0) != 0;
	db_reset(st);
	ok = 0;
done:
	for (int i = 0; i < SQL__MAX; i++)
		if (s->stmt[i] != NULL)
			db_reset(s->stmt[i]);
	if (began)
		exec_tx(s, TX_COMMIT_READ, err + (ok ? strlen(err) : 0),
		        ok ? 0 : errlen);
	return ok;
}

/* Steps st (rows of region, checked_at, status, latency_ms, http_status,
 * error, then PROBE_COLS) into arena rows; resets st. The count, or -1
 * with err set. */
static long
read_check_rows(struct store *s, struct db_stmt *st, struct arena *a,
                struct check_row **out, char *err, size_t errlen)
{
	size_t n = 0, cap = 256;
	struct check_row *v = arena_alloc(a, cap * sizeof(*v));
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		v[n].region = col_text(st, 0, a);
		v[n].checked_at = db_column_int64(st, 1);
		v[n].status = status_from_name(db_column_text(st, 2));
		v[n].latency_ms =
		    db_column_is_null(st, 3) ? -1 : db_column_int64(st, 3);
		v[n].http_status = db_column_int64(st, 4);
		v[n].error =
		    db_column_is_null(st, 5) ? NULL : col_text(st, 5, a);
		v[n].probe_kind = col_probe_kind(st, 6);
		v[n].error_kind = col_error_kind(st, 7);
		v[n].dns_ms = col_ms(st, 8);
		v[n].connect_ms = col_ms(st, 9);
		v[n].tls_ms = col_ms(st, 10);
		v[n].first_byte_ms = col_ms(st, 11);
		v[n].ttft_ms = col_ms(st, 12);
		if (v[n].status < STATUS_UNKNOWN)
			n++;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	*out = v;
	return (long)n;
}

long
store_model_checks(struct store *s, int64_t model_id, int64_t from, int64_t to,
                   struct arena *a, struct check_row **out, char *err,
                   size_t errlen)
{
	struct db_stmt *st =
	    stmt_get(s,
	             s->version >= VERSION_PROBE ? SQL_MODEL_CHECKS
	                                         : SQL_MODEL_CHECKS_V5,
	             err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, model_id);
	db_bind_int64(st, 2, from);
	db_bind_int64(st, 3, to);
	return read_check_rows(s, st, a, out, err, errlen);
}

long
store_recent_checks(struct store *s, int64_t model_id, int64_t now,
                    struct arena *a, struct check_row **out, char *err,
                    size_t errlen)
{
	struct db_stmt *st =
	    stmt_get(s,
	             s->version >= VERSION_PROBE ? SQL_RECENT_CHECKS
	                                         : SQL_RECENT_CHECKS_V5,
	             err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, model_id);
	db_bind_int64(st, 2, now);
	db_bind_int64(st, 3, RECENT_CHECKS);
	return read_check_rows(s, st, a, out, err, errlen);
}

/* Steps a RETURNING id statement once; returns the id or -1. */
static int64_t
step_returning_id(struct store *s, struct db_stmt *st, char *err, size_t errlen)
{
	int64_t id = -1;

	if (db_step(st) == DB_ROW)
		id = db_column_int64(st, 0);
	else
		set_err(err, errlen, "write", s->db);
	db_reset(st);
	return id;
}

int64_t
store_upsert_provider(struct store *s, const struct provider *p, char *err,
                      size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_UPSERT_PROVIDER, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, p->slug);
	db_bind_text(st, 2, p->name);
	db_bind_text(st, 3, p->website ? p->website : "");
	db_bind_text(st, 4, p->status_page ? p->status_page : "");
	return step_returning_id(s, st, err, errlen);
}

int64_t
store_upsert_model(struct store *s, const struct model_row *m, char *err,
                   size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_UPSERT_MODEL, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, m->provider_id);
	db_bind_text(st, 2, m->slug);
	db_bind_text(st, 3, m->name);
	db_bind_text(st, 4, m->modalities);
	db_bind_int64(st, 5, m->context_window);
	/* A NULL pointer binds NULL (bindings outlive db_reset). */
	db_bind_text(st, 6, m->released_at);
	db_bind_text(st, 7, m->deprecated_at);
	db_bind_int64(st, 8, m->is_active ? 1 : 0);
	return step_returning_id(s, st, err, errlen);
}

int64_t
store_upsert_endpoint(struct store *s, const struct endpoint_row *e, char *err,
                      size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_UPSERT_ENDPOINT, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, e->model_id);
	db_bind_text(st, 2, e->region);
	db_bind_text(st, 3, e->url);
	db_bind_text(st, 4, e->method);
	db_bind_text(st, 5, e->expect_status);
	db_bind_int64(st, 6, e->timeout_ms);
	db_bind_int64(st, 7, e->degraded_ms);
	return step_returning_id(s, st, err, errlen);
}

long
store_list_endpoints(struct store *s, struct arena *a,
                     struct endpoint_info **out, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_ENDPOINTS, err, errlen);
	size_t n = 0, cap = 128;
	struct endpoint_info *v;
	int rc;

	if (st == NULL)
		return -1;
	v = arena_alloc(a, cap * sizeof(*v));
	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		v[n].model_id = db_column_int64(st, 0);
		v[n].model_slug = col_text(st, 1, a);
		v[n].region = col_text(st, 2, a);
		v[n].is_active = db_column_int64(st, 3) != 0;
		v[n].degraded_ms = db_column_int64(st, 4);
		v[n].last_checked_at = db_column_int64(st, 5);
		n++;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	*out = v;
	return (long)n;
}

/* Begins the write transaction q (TX_BEGIN_WRITE or TX_BEGIN_BATCH):
 * store_begin's answers. */
static int
begin_write(struct store *s, enum tx_sql q, char *err, size_t errlen)
{
	int rc = exec_tx(s, q, err, errlen);

	return rc == DB_RETRY ? -2 : rc != 0 ? -1 : 0;
}

int
store_begin(struct store *s, char *err, size_t errlen)
{
	return begin_write(s, TX_BEGIN_WRITE, err, errlen);
}

int
store_commit(struct store *s, char *err, size_t errlen)
{
	int rc = exec_tx(s, TX_COMMIT_WRITE, err, errlen);

	return rc == DB_RETRY ? -2 : rc != 0 ? -1 : 0;
}

void
store_rollback(struct store *s)
{
	char ignore[8];

	if (db_in_transaction(s->db))
		exec_tx(s, TX_ROLLBACK, ignore, sizeof(ignore));
}

/* Binds ms to parameter i: NULL when negative (not measured). */
static void
bind_ms(struct db_stmt *st, int i, int64_t ms)
{
	if (ms < 0)
		db_bind_null(st, i);
	else
		db_bind_int64(st, i, ms);
}

/* Binds c to SQL_INSERT_CHECK (with_rest 2), SQL_INSERT_CHECK_V5
 * (with_rest 1), or the first five parameters only (0). */
static void
bind_check(struct db_stmt *st, const struct check_in *c, int with_rest)
{
	db_bind_int64(st, 1, c->model_id);
	db_bind_text(st, 2, c->region);
	db_bind_int64(st, 3, c->checked_at);
	db_bind_text(st, 4, status_names[c->status]);
	db_bind_int64(st, 5, c->latency_ms);
	if (with_rest) {
		db_bind_int64(st, 6, c->http_status);
		/* Bindings outlive db_reset: a NULL pointer binds NULL,
		 * so no value leaks from the previous check. */
		db_bind_text(st, 7, c->error);
		db_bind_text(st, 8, c->source);
	}
	if (with_rest == 2) {
		db_bind_text(st, 9, c->probe_kind);
		db_bind_text(st, 10, c->error_kind);
		bind_ms(st, 11, c->dns_ms);
		bind_ms(st, 12, c->connect_ms);
		bind_ms(st, 13, c->tls_ms);
		bind_ms(st, 14, c->first_byte_ms);
		bind_ms(st, 15, c->ttft_ms);
	}
}

/* Resets the write st, which went as it should (ok) or failed: 0, or -1
 * with err set. */
static int
write_end(struct store *s, struct db_stmt *st, int ok, char *err, size_t errlen)
{
	db_reset(st);
	if (!ok) {
		set_err(err, errlen, "write", s->db);
		return -1;
	}
	return 0;
}

/* Runs the write st to its end: 0, or -1 with err set. */
static int
step_write(struct store *s, struct db_stmt *st, char *err, size_t errlen)
{
	return write_end(s, st, db_step(st) == DB_DONE, err, errlen);
}

/* Runs st, a write nothing reads the rows or changes of, through
 * db_defer: PostgreSQL queues it (its failure comes at the next
 * statement that waits for an answer, or the COMMIT, and fails the
 * transaction there), SQLite runs it now. 0, or -1 with err set. */
static int
defer_write(struct store *s, struct db_stmt *st, char *err, size_t errlen)
{
	return write_end(s, st, db_defer(st) == DB_OK, err, errlen);
}

/* The rows of one deferred write of a batch (an upsert of the rollups or
 * the current status). With the dialect's set-based form of the one-row
 * statement (a _SET name: each parameter an array) the rows are kept
 * and run as one statement by rows_run; without it (SQLite) each row runs
 * at rows_end, as defer_write of the one-row form. */
struct set_rows {
	struct store *s;
	struct db_stmt *one; /* the one-row form; NULL when kept for set */
	struct db_stmt *set; /* the set-based form; NULL: none */
	const char *types;   /* each parameter's kind: 'i' int64, 't' text */
	int np;              /* how many parameters (strlen(types)) */
	size_t n, cap;       /* rows kept, room for */
	int64_t *iv;         /* row-major, n * np (the 't' places unused) */
	const char **tv;     /* row-major, n * np (the 'i' places unused) */
};

/* Opens r for the statement q (its set-based form qs when the dialect
 * has one) of parameters types ('i', 't' each). Texts bound are kept as
 * pointers until rows_run: they must live until then. 0, or -1 with err
 * set; rows_free frees r either way. */
static int
rows_open(struct store *s, struct set_rows *r, enum sql q, enum sql qs,
          const char *types, char *err, size_t errlen)
{
	memset(r, 0, sizeof(*r));
	r->s = s;
	r->types = types;
	r->np = (int)strlen(types);
	if (qs < SQL__MAX && s->d->sql[qs] != NULL) {
		r->set = stmt_get(s, qs, err, errlen);
		return r->set == NULL ? -1 : 0;
	}
	r->one = stmt_get(s, q, err, errlen);
	return r->one == NULL ? -1 : 0;
}

static void
rows_free(struct set_rows *r)
{
	free(r->iv);
	free(r->tv);
	r->iv = NULL;
	r->tv = NULL;
	r->n = r->cap = 0;
}

/* The row being bound: room for it. */
static size_t
rows_at(struct set_rows *r, int i)
{
	if (r->n == r->cap) {
		r->cap = r->cap ? r->cap * 2 : 64;
		r->iv =
		    xrealloc(r->iv, r->cap * (size_t)r->np * sizeof(*r->iv));
		r->tv =
		    xrealloc(r->tv, r->cap * (size_t)r->np * sizeof(*r->tv));
	}
	return r->n * (size_t)r->np + (size_t)(i - 1);
}

/* Parameter i (from 1) of the row being bound, as db_bind_int64. */
static void
rows_int(struct set_rows *r, int i, int64_t v)
{
	size_t at;

	if (r->one != NULL) {
		db_bind_int64(r->one, i, v);
		return;
	}
	at = rows_at(r, i); /* before r->iv: it may move */
	r->iv[at] = v;
}

/* Parameter i (from 1) of the row being bound, as db_bind_text (NULL:
 * NULL). */
static void
rows_text(struct set_rows *r, int i, const char *v)
{
	size_t at;

	if (r->one != NULL) {
		db_bind_text(r->one, i, v);
		return;
	}
	at = rows_at(r, i);
	r->tv[at] = v;
}

/* Ends the row being bound: runs it (deferred) or keeps it. 0, or -1
 * with err set. */
static int
rows_end(struct set_rows *r, char *err, size_t errlen)
{
	if (r->one != NULL)
		return defer_write(r->s, r->one, err, errlen);
	(void)rows_at(r, 1);
	r->n++;
	return 0;
}

/* Runs the rows kept (none with the one-row form) as one deferred
 * statement of the set-based form, each parameter the array of its
 * column; r is empty after. 0, or -1 with err set. */
static int
rows_run(struct set_rows *r, char *err, size_t errlen)
{
	int64_t *col;
	const char **tcol;
	int rc;

	if (r->one != NULL || r->n == 0)
		return 0;
	col = xmalloc(r->n * (size_t)r->np * sizeof(*col));
	tcol = xmalloc(r->n * (size_t)r->np * sizeof(*tcol));
	for (int i = 0; i < r->np; i++) {
		int64_t *cv = col + (size_t)i * r->n;
		const char **ct = tcol + (size_t)i * r->n;

		for (size_t k = 0; k < r->n; k++) {
			size_t at = k * (size_t)r->np + (size_t)i;

			if (r->types[i] == 't')
				ct[k] = r->tv[at];
			else
				cv[k] = r->iv[at];
		}
		if (r->types[i] == 't')
			db_bind_text_array(r->set, i + 1, ct, r->n);
		else
			db_bind_int64_array(r->set, i + 1, cv, r->n);
	}
	rc = defer_write(r->s, r->set, err, errlen);
	free(col);
	free(tcol);
	r->n = 0;
	return rc;
}

/* Orders the new checks of a batch by model, region, then time, so that
 * each (model, region) and each of its hours is one run. */
static int
new_check_order(const void *x, const void *y)
{
	const struct check_in *a = *(const struct check_in *const *)x;
	const struct check_in *b = *(const struct check_in *const *)y;
	int r;

	if (a->model_id != b->model_id)
		return a->model_id < b->model_id ? -1 : 1;
	r = strcmp(a->region, b->region);
	if (r != 0)
		return r;
	return (a->checked_at > b->checked_at) -
	       (a->checked_at < b->checked_at);
}

static int
same_region(const struct check_in *a, const struct check_in *b)
{
	return a->model_id == b->model_id && strcmp(a->region, b->region) == 0;
}

/* The widths of model_rollups: an hour and a quarter day. */
static const int64_t model_widths[] = {3600, 21600};

/* The parameters of SQL_UPSERT_MODEL_ROLLUP, for its set_rows. */
#define MODEL_ROLLUP_TYPES "iiiiiiiii"

/* Adds the checks n[3] and the sample instants smp[3] (by status) of one
 * model's hour to model_rollups (mr: SQL_UPSERT_MODEL_ROLLUP's rows), in
 * the hour's row and its quarter day's. */
static int
add_model_counts(struct set_rows *mr, int64_t model_id, int64_t hour,
                 const int64_t *n, const int64_t *smp, char *err, size_t errlen)
{
	for (size_t w = 0; w < sizeof(model_widths) / sizeof(*model_widths);
	     w++) {
		rows_int(mr, 1, model_id);
		rows_int(mr, 2, model_widths[w]);
		rows_int(mr, 3, hour - hour % model_widths[w]);
		for (int x = 0; x < 3; x++) {
			rows_int(mr, 4 + x, n[x]);
			rows_int(mr, 7 + x, smp[x]);
		}
		if (rows_end(mr, err, errlen))
			return -1;
	}
	return 0;
}

/* Adds the checks fresh[i..j) (in time order) of one (model, region) and
 * 5-minute slot to rollups_5min, one upsert row of st: SQL_UPSERT_5MIN, or
 * SQL_UPSERT_SLOT with the newest check and a check at the start. */
static int
record_5min(struct set_rows *st, int with_status, const struct check_in **fresh,
            size_t i, size_t j, char *err, size_t errlen)
{
	int64_t by[3] = {0, 0, 0};
	int64_t slot = fresh[i]->checked_at - fresh[i]->checked_at % 300;

	for (size_t k = i; k < j; k++)
		by[fresh[k]->status]++;
	rows_int(st, 1, fresh[i]->model_id);
	rows_text(st, 2, fresh[i]->region);
	rows_int(st, 3, slot);
	for (int k = 0; k < 3; k++)
		rows_int(st, 4 + k, by[k]);
	if (with_status) {
		rows_int(st, 7, fresh[j - 1]->checked_at);
		rows_text(st, 8, status_names[fresh[j - 1]->status]);
		rows_text(st, 9,
		          fresh[i]->checked_at == slot
		              ? status_names[fresh[i]->status]
		              : NULL);
	}
	return rows_end(st, err, errlen);
}

/* Adds the new checks to the hourly rollups, one upsert row per (model,
 * region, hour), with mr (SQL_UPSERT_MODEL_ROLLUP's rows; NULL: not yet
 * counted) also to the model's (model_rollups), and to the 5-minute ones
 * (version 3; with their statuses from version 4), one per (model, region,
 * slot); sets the current status from the newest check of each (model,
 * region), one upsert row each. fresh is sorted. The rows of rollups_hourly,
 * rollups_5min and current_status are run (deferred) before it returns;
 * mr's are left to the caller. */
static int
record_aggregates(struct store *s, const struct check_in **fresh, size_t n,
                  struct set_rows *mr, char *err, size_t errlen)
{
	static const int64_t none[3] = {0, 0, 0};
	int with_probe = s->version >= VERSION_PROBE;
	int with_status = s->version >= VERSION_SAMPLES;
	int with_5min = s->version >= VERSION_5MIN;
	struct set_rows cur, rol, r5;
	int rc = -1;

	memset(&r5, 0, sizeof(r5));
	memset(&cur, 0, sizeof(cur));
	if (rows_open(s, &rol, SQL_UPSERT_ROLLUP, SQL_UPSERT_ROLLUP_SET,
	              "itiiiiiii", err, errlen) ||
	    (with_5min &&
	     rows_open(s, &r5, with_status ? SQL_UPSERT_SLOT : SQL_UPSERT_5MIN,
	               with_status ? SQL_UPSERT_SLOT_SET : SQL__MAX,
	               with_status ? "itiiiiitt" : "itiiii", err, errlen)) ||
	    rows_open(s, &cur,
	              with_probe ? SQL_UPSERT_CURRENT : SQL_UPSERT_CURRENT_V5,
	              with_probe ? SQL_UPSERT_CURRENT_SET : SQL__MAX,
	              with_probe ? "ititiittt" : "ititiit", err, errlen))
		goto out;
	for (size_t i = 0; i < n;) {
		const struct check_in *c = fresh[i];
		int64_t hour = c->checked_at - c->checked_at % 3600;
		int64_t by[3] = {0, 0, 0}, sum = 0, with = 0, max = 0;
		size_t j = i;

		for (;
		     j < n && same_region(fresh[j], c) &&
		     fresh[j]->checked_at - fresh[j]->checked_at % 3600 == hour;
		     j++) {
			by[fresh[j]->status]++;
			if (fresh[j]->latency_ms >= 0) {
				sum += fresh[j]->latency_ms;
				with++;
				if (fresh[j]->latency_ms > max)
					max = fresh[j]->latency_ms;
			}
		}
		rows_int(&rol, 1, c->model_id);
		rows_text(&rol, 2, c->region);
		rows_int(&rol, 3, hour);
		for (int k = 0; k < 3; k++)
			rows_int(&rol, 4 + k, by[k]);
		rows_int(&rol, 7, sum);
		rows_int(&rol, 8, with);
		rows_int(&rol, 9, max);
		if (rows_end(&rol, err, errlen) ||
		    (mr != NULL && add_model_counts(mr, c->model_id, hour, by,
		                                    none, err, errlen)))
			goto out;
		/* The hour's runs of one 5-minute slot. */
		for (size_t k = i, m; with_5min && k < j; k = m) {
			int64_t slot = fresh[k]->checked_at / 300;

			for (m = k; m < j && fresh[m]->checked_at / 300 == slot;
			     m++)
				;
			if (record_5min(&r5, with_status, fresh, k, m, err,
			                errlen))
				goto out;
		}
		/* The last run of a (model, region) holds its newest check. */
		if (j == n || !same_region(fresh[j], c)) {
			const struct check_in *last = fresh[j - 1];

			rows_int(&cur, 1, last->model_id);
			rows_text(&cur, 2, last->region);
			rows_int(&cur, 3, last->checked_at);
			rows_text(&cur, 4, status_names[last->status]);
			rows_int(&cur, 5, last->latency_ms);
			rows_int(&cur, 6, last->http_status);
			rows_text(&cur, 7, last->source);
			if (with_probe) {
				rows_text(&cur, 8, last->probe_kind);
				rows_text(&cur, 9, last->error_kind);
			}
			if (rows_end(&cur, err, errlen))
				goto out;
		}
		i = j;
	}
	/* Before anything reads them (the sample runs, the incidents). */
	if (rows_run(&rol, err, errlen) ||
	    (with_5min && rows_run(&r5, err, errlen)) ||
	    rows_run(&cur, err, errlen))
		goto out;
	rc = 0;
out:
	rows_free(&rol);
	rows_free(&r5);
	rows_free(&cur);
	return rc;
}

/* The status of one model at the n instants lo + k * 300 (DESIGN 3) from
 * its slots in the file as they are now (one read of [lo - w, last
 * instant]), into out[0..n). 0, or -1 with err set. */
static int
slot_statuses(struct store *s, int64_t model_id, int64_t lo, size_t n,
              int64_t w, enum status *out, struct arena *a, char *err,
              size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_MODEL_SLOTS, err, errlen);
	struct row_vec rows = {0};
	int rc;

	if (st == NULL)
		return -1;
	rows.a = a;
	/* A model's slots over a few instants are a few rows: room for 8 to
	 * start with, not arena_grow's 64 (6 KB zeroed per call, twice per
	 * check written: a third of the prober's time at 4,000 probes/s). */
	rows.cap = 8;
	rows.v = arena_alloc(a, rows.cap * sizeof(*rows.v));
	db_bind_int64(st, 1, model_id);
	db_bind_int64(st, 2, slot_of(lo - w));
	db_bind_int64(st, 3, lo + (int64_t)(n - 1) * SAMPLE_SECS);
	while ((rc = db_step(st)) == DB_ROW)
		push_slot(st, 0, &rows);
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	status_at_instants(rows.v, rows.n, lo, SAMPLE_SECS, n, w, out, a);
	return 0;
}

/* Adds to model_rollups (mr: its upsert's rows), per hour, what changes
 * between the statuses before[k] and after[k] (before may be NULL: none)
 * of the instants first + k * 300 (k < n) of one model. An instant t counts in the hour h
 * with h < t <= h + 3600. */
static int
add_sample_changes(struct set_rows *mr, int64_t model_id, int64_t first,
                   const enum status *before, const enum status *after,
                   size_t n, char *err, size_t errlen)
{
	static const int64_t none[3] = {0, 0, 0};

	for (size_t k = 0; k < n;) {
		int64_t t = first + (int64_t)k * SAMPLE_SECS;
		int64_t hour = (t - 1) - (t - 1) % 3600, d[3] = {0, 0, 0};

		for (; k < n; k++) {
			t = first + (int64_t)k * SAMPLE_SECS;
			if ((t - 1) - (t - 1) % 3600 != hour)
				break;
			if (before != NULL && before[k] < STATUS_UNKNOWN)
				d[before[k]]--;
			if (after[k] < STATUS_UNKNOWN)
				d[after[k]]++;
		}
		if ((d[0] != 0 || d[1] != 0 || d[2] != 0) &&
		    add_model_counts(mr, model_id, hour, none, d, err, errlen))
			return -1;
	}
	return 0;
}

struct span {
	int64_t lo, hi;
};

static int
span_order(const void *x, const void *y)
{
	const struct span *a = x, *b = y;

	return (a->lo > b->lo) - (a->lo < b->lo);
}

/* A run of the sample instants lo + k * 300 (k < n) of one model that a
 * batch can change, with their statuses before it. */
struct sample_run {
	int64_t model_id, lo;
	size_t n;
	enum status *before;
};

/* The statuses of the instants of each run runs[i] from the slots as they
 * are now, into out[i][0..runs[i].n): slot_statuses per run, or with the
 * dialect's SQL_MODEL_SLOTS_SET one read for all of them. 0, or -1 with
 * err set. */
static int
runs_statuses(struct store *s, const struct sample_run *runs, long nr,
              int64_t w, enum status **out, struct arena *a, char *err,
              size_t errlen)
{
	struct db_stmt *st;
	int64_t *v;
	long k = 0;
	int rc;

	if (nr == 0)
		return 0;
	if (s->d->sql[SQL_MODEL_SLOTS_SET] == NULL) {
		for (long i = 0; i < nr; i++)
			if (slot_statuses(s, runs[i].model_id, runs[i].lo,
			                  runs[i].n, w, out[i], a, err, errlen))
				return -1;
		return 0;
	}
	st = stmt_get(s, SQL_MODEL_SLOTS_SET, err, errlen);
	if (st == NULL)
		return -1;
	/* Each run's SQL_MODEL_SLOTS parameters, as three arrays. */
	v = arena_alloc(a, (size_t)nr * 3 * sizeof(*v));
	for (long i = 0; i < nr; i++) {
		v[i] = runs[i].model_id;
		v[nr + i] = slot_of(runs[i].lo - w);
		v[2 * nr + i] =
		    runs[i].lo + (int64_t)(runs[i].n - 1) * SAMPLE_SECS;
	}
	db_bind_int64_array(st, 1, v, (size_t)nr);
	db_bind_int64_array(st, 2, v + nr, (size_t)nr);
	db_bind_int64_array(st, 3, v + 2 * nr, (size_t)nr);
	rc = db_step(st);
	/* The rows come run by run (column 0: the run's place from 1). */
	for (; k < nr; k++) {
		struct row_vec rows = {0};

		rows.a = a;
		rows.cap = 8;
		rows.v = arena_alloc(a, rows.cap * sizeof(*rows.v));
		for (; rc == DB_ROW && db_column_int64(st, 0) == k + 1;
		     rc = db_step(st))
			push_slot(st, 1, &rows);
		status_at_instants(rows.v, rows.n, runs[k].lo, SAMPLE_SECS,
		                   runs[k].n, w, out[k], a);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* The runs of sample instants the new checks fresh (sorted by model,
 * region, time) can change, each with its statuses before the batch: per
 * model, from each check's time until W after it, merged where they touch.
 * Call before the batch's slots are written (record_aggregates). *out is
 * in a; the number of runs, or -1 with err set. */
static long
sample_runs(struct store *s, const struct check_in **fresh, size_t n, int64_t w,
            struct arena *a, struct sample_run **out, char *err, size_t errlen)
{
	struct span *spans = arena_alloc(a, (n + 1) * sizeof(*spans));
	struct sample_run *runs = arena_alloc(a, (n + 1) * sizeof(*runs));
	enum status **statuses = arena_alloc(a, (n + 1) * sizeof(*statuses));
	long nr = 0;

	for (size_t i = 0, j; i < n; i = j) {
		size_t ns = 0;

		for (j = i; j < n && fresh[j]->model_id == fresh[i]->model_id;
		     j++) {
			int64_t c = fresh[j]->checked_at;
			int64_t f =
			    (c + SAMPLE_SECS - 1) / SAMPLE_SECS * SAMPLE_SECS;
			int64_t l = slot_of(c + w - 1);

			if (f <= l)
				spans[ns++] = (struct span){f, l};
		}
		qsort(spans, ns, sizeof(*spans), span_order);
		for (size_t k = 0, m; k < ns; k = m) {
			struct sample_run *r = &runs[nr++];
			int64_t hi = spans[k].hi;

			/* Runs that touch or overlap are one. */
			for (m = k + 1;
			     m < ns && spans[m].lo <= hi + SAMPLE_SECS; m++)
				if (spans[m].hi > hi)
					hi = spans[m].hi;
			r->model_id = fresh[i]->model_id;
			r->lo = spans[k].lo;
			r->n = (size_t)((hi - r->lo) / SAMPLE_SECS) + 1;
			r->before = arena_alloc(a, r->n * sizeof(*r->before));
		}
	}
	for (long i = 0; i < nr; i++)
		statuses[i] = runs[i].before;
	if (runs_statuses(s, runs, nr, w, statuses, a, err, errlen))
		return -1;
	*out = runs;
	return nr;
}

/* Adds to model_rollups' samples (mr: its upsert's rows) what the batch
 * changed in each of its runs: the statuses from the slots as now
 * written, less those before. Late, out-of-order and duplicate checks so
 * count as a rebuild would. */
static int
apply_sample_runs(struct store *s, const struct sample_run *runs, long nr,
                  int64_t w, struct set_rows *mr, struct arena *a, char *err,
                  size_t errlen)
{
	enum status **after = arena_alloc(a, ((size_t)nr + 1) * sizeof(*after));

	/* Every run's statuses first, then the changes: model_rollups is
	 * not read by slot_statuses, and the writes queue (db_defer) behind
	 * the last read instead of waiting for an answer between runs. */
	for (long i = 0; i < nr; i++)
		after[i] = arena_alloc(a, runs[i].n * sizeof(**after));
	if (runs_statuses(s, runs, nr, w, after, a, err, errlen))
		return -1;
	for (long i = 0; i < nr; i++)
		if (add_sample_changes(mr, runs[i].model_id, runs[i].lo,
		                       runs[i].before, after[i], runs[i].n, err,
		                       errlen))
			return -1;
	return 0;
}

/* Begins a write transaction on a file of schema version min or newer.
 * Returns 0; -2 (busy) or -1 with err set and no transaction open when the file is
 * older ("run aigo db init first") or cannot be read. */
static int
begin_at_version(struct store *s, int64_t min, char *err, size_t errlen)
{
	int rc = store_begin(s, err, errlen);

	if (rc != 0)
		return rc;
	if (read_version(s, err, errlen) != 0) {
		store_rollback(s);
		return -1;
	}
	if (s->version < min) {
		snprintf(err, errlen,
		         "schema version %lld is older than %lld: run aigo db "
		         "init first",
		         (long long)s->version, (long long)min);
		store_rollback(s);
		return -1;
	}
	return 0;
}

/* store_rebuild_rollups inside an open write transaction; 0, or -1 with
 * err set (the caller rolls back). */
static int
rebuild_rollups(struct store *s, int64_t freshness, char *err, size_t errlen)
{
	struct db_stmt *spans = NULL;
	struct set_rows mr = {0};
	int rc;

	rc = exec_sql(s->db, s->d->sql[SQL_REBUILD_CLEAR], err, errlen);
	if (rc == 0)
		rc = exec_sql(s->db, s->d->sql[SQL_REBUILD_5MIN], err, errlen);
	if (rc == 0)
		rc =
		    exec_sql(s->db, s->d->sql[SQL_REBUILD_HOURLY], err, errlen);
	for (size_t w = 0;
	     rc == 0 && w < sizeof(model_widths) / sizeof(*model_widths); w++) {
		struct db_stmt *st =
		    stmt_get(s, SQL_REBUILD_MODEL, err, errlen);

		if (st == NULL)
			rc = -1;
		else {
			db_bind_int64(st, 1, model_widths[w]);
			rc = step_write(s, st, err, errlen);
		}
	}
	if (rc == 0) {
		struct db_stmt *st =
		    stmt_get(s, SQL_SET_SAMPLES_META, err, errlen);

		if (st == NULL)
			rc = -1;
		else {
			db_bind_int64(st, 1, freshness);
			rc = step_write(s, st, err, errlen);
		}
	}
	/* The one-row upsert, each row as it comes (SQL__MAX: no set). */
	if (rc == 0)
		rc = rows_open(s, &mr, SQL_UPSERT_MODEL_ROLLUP, SQL__MAX,
		               MODEL_ROLLUP_TYPES, err, errlen);
	if (rc == 0) {
		spans = stmt_get(s, SQL_REBUILD_SPANS, err, errlen);
		rc = spans == NULL ? -1 : 0;
	}
	/* Each model's instants from its first slot until W after its
	 * newest check, from the slots just counted. */
	while (rc == 0 && (rc = db_step(spans)) == DB_ROW) {
		struct arena *a = arena_new();
		int64_t id = db_column_int64(spans, 0);
		int64_t lo = db_column_int64(spans, 1);
		int64_t hi = slot_of(db_column_int64(spans, 2) + freshness - 1);
		size_t n = hi >= lo ? (size_t)((hi - lo) / SAMPLE_SECS) + 1 : 0;
		enum status *st = arena_alloc(a, (n + 1) * sizeof(*st));

		rc = n == 0 ? 0
		     : slot_statuses(s, id, lo, n, freshness, st, a, err,
		                     errlen) ||
		             add_sample_changes(&mr, id, lo, NULL, st, n, err,
		                                errlen)
		         ? -1
		         : 0;
		arena_free(a);
	}
	if (spans != NULL)
		db_reset(spans);
	if (rc == DB_DONE)
		rc = 0;
	else if (rc != 0 && rc != -1) {
		set_err(err, errlen, "rebuild", s->db);
		rc = -1;
	}
	return rc;
}

int
store_rebuild_rollups(struct store *s, int64_t freshness, char *err,
                      size_t errlen)
{
	if (store_begin(s, err, errlen) != 0)
		return -1;
	if (rebuild_rollups(s, freshness, err, errlen) != 0) {
		store_rollback(s);
		return -1;
	}
	return store_commit(s, err, errlen);
}

int
store_count_sources(struct store *s, int64_t counts[CHECK_SOURCE__MAX],
                    char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_COUNT_SOURCES, err, errlen);
	int rc;

	for (int i = 0; i < CHECK_SOURCE__MAX; i++)
		counts[i] = 0;
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *name = db_column_text(st, 0);

		for (int i = 0; name != NULL && i < CHECK_SOURCE__MAX; i++)
			if (strcmp(name, check_source_names[i]) == 0)
				counts[i] = db_column_int64(st, 1);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

static int inc_after_removal(struct store *s, char *err, size_t errlen);

long
store_remove_demo(struct store *s, int64_t freshness, char *err, size_t errlen)
{
	static const enum sql steps[] = {SQL_DELETE_DEMO_CHECKS,
	                                 SQL_DELETE_DEMO_CURRENT,
	                                 SQL_RESTORE_CURRENT};
	long removed = 0;

	if (begin_at_version(s, VERSION_PROBE, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < sizeof(steps) / sizeof(*steps); i++) {
		struct db_stmt *st = stmt_get(s, steps[i], err, errlen);

		if (st == NULL || step_write(s, st, err, errlen) != 0)
			goto fail;
		if (steps[i] == SQL_DELETE_DEMO_CHECKS)
			removed = (long)db_changes(s->db);
	}
	/* The rollups count the checks that are left, afresh, and so do
	 * the automatic incidents (with the file's thresholds). */
	if (rebuild_rollups(s, freshness, err, errlen) != 0 ||
	    inc_after_removal(s, err, errlen) != 0 ||
	    store_commit(s, err, errlen) != 0)
		goto fail;
	return removed;
fail:
	store_rollback(s);
	return -1;
}

/* ---- Automatic incidents (schema version 7, docs/incidents.md) ----
 * Kept by the write path: per model touched by a batch, the incidents
 * from a restart point before its earliest new check are computed again
 * from the checks (incidents.c) and the rows that differ are replaced;
 * a provider's incidents are computed again from its models' when one
 * of them changed. Statements of this block are in inc_sqls. */

/* The first version with incidents. */
#define VERSION_INCIDENTS 7
/* The first with incident updates, and what keeps them (below). */
#define UPD_VERSION 8
static int upd_follow(struct store *s, int64_t id, int64_t provider_id,
                      int64_t model_id, const struct incident *inc, int *kept,
                      char *err, size_t errlen);
static int upd_rebuild_start(struct store *s, char *err, size_t errlen);
static int upd_rebuild_stale(struct store *s, char *err, size_t errlen);
/* The first with the notification outbox, and what writes its events
 * (below). */
#define VERSION_OUTBOX 9
struct inc_kept;
static void ob_predecessors(const struct inc_kept *old, long n_old,
                            const struct incident *fresh, size_t n_fresh,
                            long *pred, char *used);
static int ob_auto_events(struct store *s, int64_t id, int64_t provider_id,
                          int64_t model_id, const struct incident *p,
                          const struct incident *f, char *err, size_t errlen);
static int ob_overlap(const struct incident *x, const struct incident *y);
static int ob_vanished(struct store *s, int64_t id, int64_t provider_id,
                       int64_t model_id, const struct incident *old, char *err,
                       size_t errlen);
static int ob_manual(struct store *s, enum notify_kind kind, int64_t id,
                     int64_t at, enum severity previous,
                     enum update_state state, const char *body,
                     const char *author, char *err, size_t errlen);

_Static_assert(INC__MAX <= INC_STMT_SLOTS, "struct store: inc slots");

static struct db_stmt *
inc_stmt(struct store *s, enum inc_sql q, char *err, size_t errlen)
{
	return cached_stmt(s, &s->inc[q], s->d->inc[q], err, errlen);
}

/* The thresholds recorded in the file (defaults for missing keys). */
static int
inc_read_rules(struct store *s, struct incident_rules *r, char *err,
               size_t errlen)
{
	struct db_stmt *st = inc_stmt(s, INC_RULES, err, errlen);
	int rc;

	*r = (struct incident_rules){
	    INCIDENT_OPEN_AFTER_DEFAULT, INCIDENT_CLOSE_AFTER_DEFAULT,
	    FRESHNESS_DEFAULT_SECS, INCIDENT_PROVIDER_SHARE_DEFAULT};
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		const char *k = db_column_text(st, 0);
		const char *v = db_column_text(st, 1);
		int64_t x;

		if (k == NULL || v == NULL || parse_int64(v, 1, 86400 * 7, &x))
			continue;
		if (strcmp(k, "incident_open_after") == 0)
			r->open_after = x;
		else if (strcmp(k, "incident_close_after") == 0)
			r->close_after = x;
		else if (strcmp(k, "incident_freshness") == 0)
			r->freshness = x;
		else if (strcmp(k, "incident_provider_share") == 0 && x <= 100)
			r->provider_share = x;
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

static int64_t
col_or_zero(struct db_stmt *st, int i)
{
	return db_column_is_null(st, i) ? 0 : db_column_int64(st, i);
}

/* A kept incident and its row id. */
struct inc_kept {
	int64_t id;
	struct incident inc;
	int matched;
};

/* The event of st's columns c to c + 2 (at, kind, severity). */
static struct incident_event
inc_event_row(struct db_stmt *st, int c)
{
	return (struct incident_event){
	    db_column_int64(st, c),
	    incident_event_from_name(db_column_text(st, c + 1)),
	    severity_from_name(db_column_text(st, c + 2))};
}

/* Reads the events of incident id into inc (arena a). */
static int
inc_read_events(struct store *s, int send, int64_t id, struct incident *inc,
                struct arena *a, char *err, size_t errlen)
{
	struct db_stmt *st = inc_stmt(s, INC_EVENTS, err, errlen);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (send) {
		(void)db_send(st);
		return 0;
	}
	inc->events = NULL;
	inc->n_events = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		inc->events = arena_grow(a, inc->events, inc->n_events, &cap,
		                         sizeof(*inc->events));
		inc->events[inc->n_events++] = inc_event_row(st, 0);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* The kept row of st's columns c to c + 8 (INC_COLS), without its
 * events, into *k (strings in arena a). */
static void
inc_kept_row(struct db_stmt *st, int c, struct arena *a, struct inc_kept *k)
{
	struct incident *i = &k->inc;

	memset(k, 0, sizeof(*k));
	k->id = db_column_int64(st, c);
	i->started_at = db_column_int64(st, c + 1);
	i->opened_at = db_column_int64(st, c + 2);
	i->resolved_at = col_or_zero(st, c + 3);
	i->closed_at = col_or_zero(st, c + 4);
	i->severity = severity_from_name(db_column_text(st, c + 5));
	i->peak = severity_from_name(db_column_text(st, c + 6));
	i->regions = col_text(st, c + 7, a);
	i->error_kinds = col_text(st, c + 8, a);
}

/* Steps st (rows of INC_COLS from column 0) into kept rows with their
 * events. The count, or -1 with err set. */
static long
inc_read_kept(struct store *s, struct db_stmt *st, struct arena *a,
              struct inc_kept **out, char *err, size_t errlen)
{
	struct inc_kept *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		inc_kept_row(st, 0, a, &v[n]);
		n++;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	for (size_t k = 0; k < n; k++)
		if (inc_read_events(s, 0, v[k].id, &v[k].inc, a, err, errlen))
			return -1;
	*out = v;
	return (long)n;
}

/* A touched model's kept incidents read ahead with the dialect's
 * INC_OLD_MODEL_SET (inc_read_olds): those that started at or after lo,
 * with their events, by start. */
struct inc_olds {
	int have; /* 0: not read (INC_OLD_MODEL reads them) */
	int64_t lo;
	struct inc_kept *v;
	size_t n, cap;
};

/* The kept incidents of o that started in [from, until), as INC_OLD_MODEL
 * and inc_read_kept would read them (copies in arena a, not matched);
 * -1 when o does not hold them all (not read, or from before o->lo). */
static long
inc_olds_between(const struct inc_olds *o, int64_t from, int64_t until,
                 struct arena *a, struct inc_kept **out)
{
	struct inc_kept *v;
	size_t n = 0;

	if (o == NULL || !o->have || from < o->lo)
		return -1;
	v = arena_alloc(a, (o->n + 1) * sizeof(*v));
	for (size_t k = 0; k < o->n; k++)
		if (o->v[k].inc.started_at >= from &&
		    o->v[k].inc.started_at < until) {
			v[n] = o->v[k];
			v[n++].matched = 0;
		}
	*out = v;
	return (long)n;
}

static int
inc_same(const struct incident *a, const struct incident *b)
{
	if (a->started_at != b->started_at || a->opened_at != b->opened_at ||
	    a->resolved_at != b->resolved_at || a->closed_at != b->closed_at ||
	    a->severity != b->severity || a->peak != b->peak ||
	    strcmp(a->regions, b->regions) != 0 ||
	    strcmp(a->error_kinds, b->error_kinds) != 0 ||
	    a->n_events != b->n_events)
		return 0;
	for (size_t i = 0; i < a->n_events; i++)
		if (a->events[i].at != b->events[i].at ||
		    a->events[i].kind != b->events[i].kind ||
		    a->events[i].severity != b->events[i].severity)
			return 0;
	return 1;
}

static void
bind_time_or_null(struct db_stmt *st, int i, int64_t t)
{
	if (t == 0)
		db_bind_null(st, i);
	else
		db_bind_int64(st, i, t);
}

/* Writes inc as row id (0: a new row of provider_id and model_id, 0 for
 * a provider incident) with its events; the row's id into *row. 0, or -1
 * with err set. */
static int
inc_write(struct store *s, int64_t id, int64_t provider_id, int64_t model_id,
          const struct incident *inc, int64_t *row, char *err, size_t errlen)
{
	struct db_stmt *st =
	    inc_stmt(s, id == 0 ? INC_INSERT : INC_UPDATE, err, errlen);

	if (st == NULL)
		return -1;
	if (id == 0) {
		db_bind_int64(st, 1, provider_id);
		bind_time_or_null(st, 2, model_id);
	} else
		db_bind_int64(st, 1, id);
	db_bind_int64(st, 3, inc->started_at);
	db_bind_int64(st, 4, inc->opened_at);
	bind_time_or_null(st, 5, inc->resolved_at);
	bind_time_or_null(st, 6, inc->closed_at);
	db_bind_text(st, 7, severity_names[inc->severity]);
	db_bind_text(st, 8, severity_names[inc->peak]);
	db_bind_text(st, 9, inc->regions);
	db_bind_text(st, 10, inc->error_kinds);
	if (id == 0) {
		id = step_returning_id(s, st, err, errlen);
		if (id < 0)
			return -1;
	} else if (defer_write(s, st, err, errlen))
		return -1;
	*row = id;
	st = inc_stmt(s, INC_DELETE_EVENTS, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (defer_write(s, st, err, errlen))
		return -1;
	for (size_t k = 0; k < inc->n_events; k++) {
		const struct incident_event *e = &inc->events[k];

		st = inc_stmt(s, INC_INSERT_EVENT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, (int64_t)k);
		db_bind_int64(st, 3, e->at);
		db_bind_text(st, 4, incident_event_names[e->kind]);
		db_bind_text(st, 5, severity_names[e->severity]);
		if (defer_write(s, st, err, errlen))
			return -1;
	}
	return 0;
}

/* Makes the kept rows old[0..n_old) into fresh[0..n_fresh): a row with
 * the same start is kept (and updated where it differs), the others are
 * deleted or inserted, so an incident keeps its id while it lasts.
 * *changed is set when a row changed. In the write path (s->ob_emit)
 * each change a receiver should hear of is an outbox event
 * (docs/notifications.md). 0, or -1 with err set. */
static int
inc_sync(struct store *s, struct inc_kept *old, long n_old,
         const struct incident *fresh, size_t n_fresh, int64_t provider_id,
         int64_t model_id, int *changed, char *err, size_t errlen)
{
	long k = 0;
	long *pred = NULL;
	char *used = NULL;
	int rc = -1;

	if (s->ob_emit && s->version >= VERSION_OUTBOX) {
		pred = xmalloc((n_fresh + 1) * sizeof(*pred));
		used = xmalloc((size_t)n_old + 1);
		ob_predecessors(old, n_old, fresh, n_fresh, pred, used);
	}
	for (size_t i = 0; i < n_fresh; i++) {
		int64_t id = 0, row = 0;

		while (k < n_old && old[k].inc.started_at < fresh[i].started_at)
			k++;
		if (k < n_old && old[k].inc.started_at == fresh[i].started_at) {
			old[k].matched = 1;
			if (inc_same(&old[k].inc, &fresh[i]))
				continue;
			id = old[k].id;
		}
		*changed = 1;
		if (inc_write(s, id, provider_id, model_id, &fresh[i], &row,
		              err, errlen))
			goto out;
		if (pred != NULL &&
		    ob_auto_events(s, row, provider_id, model_id,
		                   pred[i] < 0 ? NULL : &old[pred[i]].inc,
		                   &fresh[i], err, errlen))
			goto out;
	}
	for (k = 0; k < n_old; k++) {
		struct db_stmt *st;
		int kept = 0;

		if (old[k].matched)
			continue;
		*changed = 1;
		/* Its updates follow (version 8), or it is kept. */
		if (s->version >= UPD_VERSION &&
		    upd_follow(s, old[k].id, provider_id, model_id, &old[k].inc,
		               &kept, err, errlen) != 0)
			goto out;
		if (kept)
			continue;
		/* An open one that vanished with nothing in its place. */
		if (pred != NULL && !used[k] && old[k].inc.resolved_at == 0) {
			int overlaps = 0;

			for (size_t i = 0; i < n_fresh && !overlaps; i++)
				overlaps = ob_overlap(&old[k].inc, &fresh[i]);
			if (!overlaps &&
			    ob_vanished(s, old[k].id, provider_id, model_id,
			                &old[k].inc, err, errlen))
				goto out;
		}
		for (int q = 0; q < 2; q++) {
			st =
			    inc_stmt(s, q == 0 ? INC_DELETE_EVENTS : INC_DELETE,
			             err, errlen);
			if (st == NULL)
				goto out;
			db_bind_int64(st, 1, old[k].id);
			if (defer_write(s, st, err, errlen))
				goto out;
		}
	}
	rc = 0;
out:
	free(pred);
	free(used);
	return rc;
}

/* One int64 of inc statement q with ?1 = x; *out 0 without a row. */
static int
inc_query_one(struct store *s, enum inc_sql q, int64_t x, int64_t *out,
              char *err, size_t errlen)
{
	struct db_stmt *st = inc_stmt(s, q, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, x);
	rc = db_step(st);
	*out = rc == DB_ROW ? db_column_int64(st, 0) : 0;
	db_reset(st);
	return step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
}

/* Computes a provider's automatic incidents again from its active
 * models' and replaces the kept ones that differ, from `from` on (0: all):
 * its model incidents are the same as before until then. The provider
 * incident in effect at `from` (or ending there) is computed again from
 * its start; at that restart point the rule does not hold just before,
 * and from there on every model incident that counts ends later. */
static int
inc_update_provider(struct store *s, const struct incident_rules *r,
                    int64_t provider_id, int64_t from, char *err, size_t errlen)
{
	struct arena *a = arena_new();
	struct inc_kept *models = NULL, *old = NULL;
	struct incident *m, *fresh;
	int64_t n_active, lo = from;
	long nm, no;
	size_t nf, skip = 0;
	int changed = 0, rc = -1, step;
	struct db_stmt *st;

	if (inc_query_one(s, INC_ACTIVE_MODELS, provider_id, &n_active, err,
	                  errlen))
		goto out;
	st = inc_stmt(s, INC_PROVIDER_IN_EFFECT, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64(st, 1, provider_id);
	db_bind_int64(st, 2, from);
	step = db_step(st);
	if (step == DB_ROW &&
	    (db_column_is_null(st, 1) || db_column_int64(st, 1) >= from))
		lo = db_column_int64(st, 0);
	db_reset(st);
	if (step_done(s, step == DB_ROW ? DB_DONE : step, err, errlen))
		goto out;
	st = inc_stmt(s, INC_PROVIDER_MODEL_INCIDENTS, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64(st, 1, provider_id);
	db_bind_int64(st, 2, lo);
	nm = inc_read_kept(s, st, a, &models, err, errlen);
	if (nm < 0)
		goto out;
	m = arena_alloc(a, ((size_t)nm + 1) * sizeof(*m));
	for (long i = 0; i < nm; i++)
		m[i] = models[i].inc;
	nf = incidents_of_provider(r, m, (size_t)nm, (size_t)n_active, a,
	                           &fresh);
	/* Before lo the model incidents read are not all of them. */
	while (skip < nf && fresh[skip].started_at < lo)
		skip++;
	st = inc_stmt(s, INC_OLD_PROVIDER, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64(st, 1, provider_id);
	db_bind_int64(st, 2, lo);
	no = inc_read_kept(s, st, a, &old, err, errlen);
	if (no < 0)
		goto out;
	rc = inc_sync(s, old, no, fresh + skip, nf - skip, provider_id, 0,
	              &changed, err, errlen);
out:
	arena_free(a);
	return rc;
}

/* Rows of checks (region, time, status, error kind from column c on)
 * into arena a: the rows come region by region. */
struct check_rows {
	struct check_row *v;
	size_t n, cap;
	const char *region; /* the last region copied into a */
	int heap;           /* v is grown with xgrow, not in a */
};

static void
check_rows_init(struct check_rows *cr, struct arena *a)
{
	cr->n = 0;
	cr->cap = 256;
	cr->v = arena_alloc(a, cr->cap * sizeof(*cr->v));
	cr->region = "";
	cr->heap = 0;
}

/* Adds st's row (columns c to c + 3) to cr (a check of no known status
 * is left out). */
static void
check_rows_push(struct check_rows *cr, struct db_stmt *st, int c,
                struct arena *a)
{
	const char *reg = db_column_text(st, c);
	struct check_row *v;

	cr->v = cr->heap
	            ? xgrow(cr->v, cr->n, &cr->cap, sizeof(*cr->v))
	            : arena_grow(a, cr->v, cr->n, &cr->cap, sizeof(*cr->v));
	v = &cr->v[cr->n];
	memset(v, 0, sizeof(*v));
	if (reg == NULL)
		reg = "";
	/* One copy per region. */
	if (strcmp(reg, cr->region) != 0)
		cr->region = arena_strdup(a, reg);
	v->region = cr->region;
	v->checked_at = db_column_int64(st, c + 1);
	v->status = status_from_name(db_column_text(st, c + 2));
	v->error_kind = col_error_kind(st, c + 3);
	if (v->status < STATUS_UNKNOWN)
		cr->n++;
}

/* A model's checks in [from, to) (by region, time) into arena rows
 * (region, time, status and error kind only). The count, or -1. */
static long
inc_read_checks(struct store *s, int64_t model_id, int64_t from, int64_t to,
                struct arena *a, struct check_row **out, char *err,
                size_t errlen)
{
	struct db_stmt *st = inc_stmt(s, INC_CHECKS, err, errlen);
	struct check_rows cr;
	int rc;

	if (st == NULL)
		return -1;
	check_rows_init(&cr, a);
	db_bind_int64(st, 1, model_id);
	db_bind_int64(st, 2, from);
	db_bind_int64(st, 3, to);
	while ((rc = db_step(st)) == DB_ROW)
		check_rows_push(&cr, st, 0, a);
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	*out = cr.v;
	return (long)cr.n;
}

/* What a batch needs to know of one model it touches, read before its
 * checks change current_status. */
struct inc_touch {
	int64_t model_id;
	int64_t e;           /* the earliest new check */
	int64_t last;        /* the newest new check */
	int64_t h_old;       /* the newest check before the batch; 0: none */
	int64_t in_effect;   /* the start of the incident in effect at e; 0 */
	int64_t provider_id; /* its provider; 0: not read yet */
	int64_t bad_until;   /* the latest old checks not operational: the
	                      * last instant they count (at + W); 0: none */
	int quiet;           /* nothing can change: skip it */
};

/* Takes one row of t's INC_CURRENT (time at, status) into t: its newest
 * old check, until when a bad one counts, and whether it can still be
 * quiet (*all_ok). */
static void
inc_touch_current(struct inc_touch *t, const struct incident_rules *r,
                  int64_t at, const char *status, int *all_ok)
{
	if (at > t->h_old)
		t->h_old = at;
	if (at >= t->e)
		*all_ok = 0;
	if ((status == NULL || strcmp(status, "operational") != 0) &&
	    at + r->freshness > t->bad_until)
		t->bad_until = at + r->freshness;
}

/* Takes t's INC_IN_EFFECT row (columns c, c + 1 of st) into t. */
static void
inc_touch_in_effect(struct inc_touch *t, struct db_stmt *st, int c)
{
	if (db_column_is_null(st, c + 1) || db_column_int64(st, c + 1) > t->e)
		t->in_effect = db_column_int64(st, c);
}

/* The element of a set-based read's arrays a row answers: its column 0
 * (the element's place, from 1) less one; -1 when it is not one of the n
 * elements. */
static long
row_place(struct db_stmt *st, long n)
{
	long k = (long)db_column_int64(st, 0) - 1;

	return k >= 0 && k < n ? k : -1;
}

/* inc_prepare's reads with the dialect's INC_CURRENT_SET and
 * INC_IN_EFFECT_SET: one statement each for the nt models of v (ok[i]:
 * whether v[i] can still be quiet). 0, or -1 with err set. */
static int
inc_prepare_set(struct store *s, const struct incident_rules *r,
                struct inc_touch *v, long nt, int *ok, char *err, size_t errlen)
{
	int64_t *ids = xmalloc(((size_t)nt + 1) * 2 * sizeof(*ids));
	struct db_stmt *st;
	long k = 0;
	int rc = -1;

	for (long i = 0; i < nt; i++) {
		ids[i] = v[i].model_id;
		ids[nt + i] = v[i].e;
	}
	st = inc_stmt(s, INC_CURRENT_SET, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64_array(st, 1, ids, (size_t)nt);
	/* Column 0: the model's place from 1; the rows come in that order. */
	while ((rc = db_step(st)) == DB_ROW) {
		k = row_place(st, nt);
		if (k >= 0)
			inc_touch_current(&v[k], r, db_column_int64(st, 1),
			                  db_column_text(st, 2), &ok[k]);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen)) {
		rc = -1;
		goto out;
	}
	rc = -1;
	st = inc_stmt(s, INC_IN_EFFECT_SET, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64_array(st, 1, ids, (size_t)nt);
	db_bind_int64_array(st, 2, ids + nt, (size_t)nt);
	while ((rc = db_step(st)) == DB_ROW) {
		k = row_place(st, nt);
		if (k < 0)
			continue;
		v[k].provider_id = db_column_int64(st, 1);
		if (!db_column_is_null(st, 2))
			inc_touch_in_effect(&v[k], st, 2);
	}
	db_reset(st);
	rc = step_done(s, rc, err, errlen) ? -1 : 0;
out:
	free(ids);
	return rc;
}

/* Reads what the incidents of the models of fresh (sorted by model)
 * need before the batch's aggregates are written, into *out (arena a):
 * per model, or for all at once with the dialect's _SET forms.
 * A model is quiet (nothing can change) when its new checks are all
 * operational and later than its old ones, its latest old checks are
 * operational or were no longer fresh at its newest old check h_old (the
 * incidents were computed up to h_old: a bad check still fresh there
 * counts on after it, up to e or until it goes stale, and can open one),
 * and no incident is in effect at e. The number of models, or -1 with
 * err set. */
static long
inc_prepare(struct store *s, const struct incident_rules *r,
            const struct check_in **fresh, size_t n, struct arena *a,
            struct inc_touch **out, char *err, size_t errlen)
{
	struct inc_touch *v = arena_alloc(a, (n + 1) * sizeof(*v));
	int *ok = arena_alloc(a, (n + 1) * sizeof(*ok));
	int set = s->d->inc[INC_CURRENT_SET] != NULL &&
	          s->d->inc[INC_IN_EFFECT_SET] != NULL;
	long nt = 0;

	for (size_t i = 0, j; i < n; i = j) {
		struct inc_touch *t = &v[nt];

		memset(t, 0, sizeof(*t));
		ok[nt++] = 1;
		t->model_id = fresh[i]->model_id;
		t->e = t->last = fresh[i]->checked_at;
		for (j = i; j < n && fresh[j]->model_id == t->model_id; j++) {
			if (fresh[j]->checked_at < t->e)
				t->e = fresh[j]->checked_at;
			if (fresh[j]->checked_at > t->last)
				t->last = fresh[j]->checked_at;
			if (fresh[j]->status != STATUS_OPERATIONAL)
				ok[nt - 1] = 0;
		}
	}
	if (set && nt > 0 && inc_prepare_set(s, r, v, nt, ok, err, errlen))
		return -1;
	for (long i = 0; !set && i < nt; i++) {
		struct inc_touch *t = &v[i];
		struct db_stmt *st = inc_stmt(s, INC_CURRENT, err, errlen);
		int rc;

		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, t->model_id);
		while ((rc = db_step(st)) == DB_ROW)
			inc_touch_current(t, r, db_column_int64(st, 0),
			                  db_column_text(st, 1), &ok[i]);
		db_reset(st);
		if (step_done(s, rc, err, errlen))
			return -1;
		st = inc_stmt(s, INC_IN_EFFECT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, t->model_id);
		db_bind_int64(st, 2, t->e);
		rc = db_step(st);
		if (rc == DB_ROW)
			inc_touch_in_effect(t, st, 0);
		db_reset(st);
		if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
			return -1;
	}
	for (long i = 0; i < nt; i++)
		v[i].quiet = ok[i] && v[i].in_effect == 0 &&
		             v[i].bad_until <= v[i].h_old;
	*out = v;
	return nt;
}

/* Computes the model's automatic incidents from `from` (a restart point,
 * or 0: its first check) and replaces the kept rows from there that
 * differ; *changed is set when one did. rows hold its checks from
 * from - W on: up to its newest one (settle 0), or up to `bound` only,
 * when its new checks are all before settle - W: then only the incidents
 * before the first point of rest at or after settle are replaced (from
 * there on the status, and so the incidents, are those kept), and 1 is
 * returned when there is no such point before bound (read all, call
 * again). provider_id is the model's provider (0: read it); olds (NULL:
 * none) its kept incidents read ahead (inc_read_olds). 0, or -1
 * with err set. */
static int
inc_recompute_model(struct store *s, const struct incident_rules *r,
                    int64_t model_id, int64_t provider_id, int64_t from,
                    int64_t settle, int64_t bound, const struct check_row *rows,
                    size_t n_rows, const struct inc_olds *olds, int *changed,
                    struct arena *a, char *err, size_t errlen)
{
	struct status_segment *seg;
	struct incident *fresh;
	struct inc_kept *old;
	int64_t hi = 0, first = INT64_MAX, until = INT64_MAX;
	size_t ns, nf;
	long no;
	struct db_stmt *st;

	for (size_t i = 0; i < n_rows; i++) {
		if (rows[i].checked_at > hi)
			hi = rows[i].checked_at;
		if (rows[i].checked_at < first)
			first = rows[i].checked_at;
	}
	/* From the first check: before it the status is unknown. */
	if (from == 0)
		from = n_rows > 0 ? first : 0;
	if (settle != 0)
		hi = bound;
	ns = incident_segments(rows, n_rows, r->freshness, from, hi, a, &seg);
	nf = incidents_of_model(r, seg, ns, rows, n_rows, a, &fresh);
	/* Where the rules rest in both computations: after it nothing
	 * differs. */
	for (int tries = 0; settle != 0; tries++) {
		int64_t kept = 0, closed = 0;
		int rc;

		if (tries == 8)
			return 1;
		until = incident_settle_at(seg, ns, fresh, nf, settle, bound);
		if (until == INT64_MIN)
			return 1;
		st = inc_stmt(s, INC_IN_EFFECT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, model_id);
		db_bind_int64(st, 2, until);
		rc = db_step(st);
		if (rc == DB_ROW) {
			kept = 1;
			closed = db_column_is_null(st, 1)
			             ? 0
			             : db_column_int64(st, 1);
		}
		db_reset(st);
		if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
			return -1;
		if (kept == 0 || (closed != 0 && closed <= until))
			break; /* nothing kept is in effect there either */
		if (closed == 0)
			return 1;
		settle = closed;
	}
	while (nf > 0 && fresh[nf - 1].started_at >= until)
		nf--;
	/* The kept incidents: read ahead (olds, when they cover from), or
	 * read now. */
	no = inc_olds_between(olds, from, until, a, &old);
	if (no < 0) {
		st = inc_stmt(s, INC_OLD_MODEL, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, model_id);
		db_bind_int64(st, 2, from);
		db_bind_int64(st, 3, until);
		no = inc_read_kept(s, st, a, &old, err, errlen);
	}
	if (no < 0 ||
	    (provider_id == 0 && inc_query_one(s, INC_MODEL_PROVIDER, model_id,
	                                       &provider_id, err, errlen)))
		return -1;
	return inc_sync(s, old, no, fresh, nf, provider_id, model_id, changed,
	                err, errlen);
}

/* The first window of checks inc_update_model reads for the touched
 * model t: [*from, *to), with where the rules can start again (*lo) and
 * the settle point and bound of inc_recompute_model (settle 0: up to the
 * newest check). */
static void
inc_window(const struct incident_rules *r, const struct inc_touch *t,
           int64_t *lo, int64_t *settle, int64_t *bound, int64_t *from,
           int64_t *to)
{
	/* Where the rules can start again: the incident in effect at e, or
	 * the bad run in progress there, which began after
	 * min(e, h_old) - open_after (it had not opened one). */
	if (t->in_effect != 0)
		*lo = t->in_effect;
	else
		*lo = (t->h_old != 0 && t->h_old < t->e ? t->h_old : t->e) -
		      r->open_after;
	/* Late checks well before the newest: the status changes only
	 * until W after the last of them; read a while beyond that. */
	*settle = t->last + r->freshness + 1;
	*bound = *settle + r->freshness + r->open_after + r->close_after;
	if (t->h_old <= *bound)
		*settle = 0;
	*from = *lo - r->freshness + 1;
	*to = *settle ? *bound : INT64_MAX;
}

/* Brings the incidents of the touched model t up to date after the
 * batch's checks are written (see inc_prepare). pre (NULL: read them)
 * holds its checks in inc_window's first window, read beforehand; olds
 * (NULL: none) its kept incidents read ahead. *provider_id is set when
 * its provider's incidents need computing again, from *since on (the
 * restart point: nothing changed before it; 0: all). */
static int
inc_update_model(struct store *s, const struct incident_rules *r,
                 const struct inc_touch *t, const struct check_rows *pre,
                 const struct inc_olds *olds, int64_t *provider_id,
                 int64_t *since, char *err, size_t errlen)
{
	struct arena *a = arena_new();
	struct check_row *rows;
	struct status_segment *seg;
	int64_t lo, from, settle, bound, w_from, w_to;
	long n;
	int changed = 0, rc = -1;

	*provider_id = 0;
	inc_window(r, t, &lo, &settle, &bound, &w_from, &w_to);
	if (pre != NULL) {
		rows = pre->v;
		n = (long)pre->n;
	} else
		n = inc_read_checks(s, t->model_id, w_from, w_to, a, &rows, err,
		                    errlen);
	if (n < 0)
		goto out;
	from = t->in_effect;
	if (from == 0) {
		size_t ns = incident_segments(rows, (size_t)n, r->freshness, lo,
		                              t->e, a, &seg);

		/* The incidents were computed up to h_old: restart at the
		 * bad run in progress there, if any (a bad check fresh at h_old
		 * counts on after it, even when stale by e). */
		from = incident_restart_at(
		    seg, ns,
		    t->h_old != 0 && t->h_old < t->e ? t->h_old + 1 : t->e);
		if (from == INT64_MIN) {
			/* Back to the model's first check. */
			n = inc_read_checks(s, t->model_id, 0,
			                    settle ? bound : INT64_MAX, a,
			                    &rows, err, errlen);
			if (n < 0)
				goto out;
			from = 0;
		}
	}
	*since = from;
	rc = inc_recompute_model(s, r, t->model_id, t->provider_id, from,
	                         settle, bound, rows, (size_t)n, olds, &changed,
	                         a, err, errlen);
	if (rc == 1) {
		/* No rest before bound: up to the newest check. */
		n = inc_read_checks(s, t->model_id,
		                    from == 0 ? 0 : from - r->freshness + 1,
		                    INT64_MAX, a, &rows, err, errlen);
		rc = n < 0 ? -1
		           : inc_recompute_model(s, r, t->model_id,
		                                 t->provider_id, from, 0, 0,
		                                 rows, (size_t)n, olds,
		                                 &changed, a, err, errlen);
	}
	if (rc == 0 && changed) {
		*provider_id = t->provider_id;
		if (*provider_id == 0 &&
		    inc_query_one(s, INC_MODEL_PROVIDER, t->model_id,
		                  provider_id, err, errlen))
			rc = -1;
	}
out:
	arena_free(a);
	return rc;
}

/* With the dialect's INC_OLD_MODEL_SET: the kept incidents of the m
 * models ids[j] that started at or after lo[j], with their events, into
 * olds[which[j]] (arena a). Nothing the batch writes before a model's
 * incidents are computed is what they hold: only that computation
 * writes them. 0 (olds untouched without the set form), or -1 with err
 * set. */
static int
inc_read_olds(struct store *s, const int64_t *ids, const int64_t *lo,
              const long *which, long m, struct inc_olds *olds, struct arena *a,
              char *err, size_t errlen)
{
	struct db_stmt *st;
	size_t ecap = 0;
	int rc;

	if (s->d->inc[INC_OLD_MODEL_SET] == NULL || m == 0)
		return 0;
	st = inc_stmt(s, INC_OLD_MODEL_SET, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64_array(st, 1, ids, (size_t)m);
	db_bind_int64_array(st, 2, lo, (size_t)m);
	/* Column 0: the element's place from 1; 1 to 9: the incident
	 * (INC_COLS); 10 to 12: one of its events (NULL: none), in order. */
	while ((rc = db_step(st)) == DB_ROW) {
		long k = row_place(st, m);
		struct inc_olds *o;
		struct incident *i;

		if (k < 0)
			continue;
		o = &olds[which[k]];
		if (o->n == 0 || o->v[o->n - 1].id != db_column_int64(st, 1)) {
			o->v =
			    arena_grow(a, o->v, o->n, &o->cap, sizeof(*o->v));
			inc_kept_row(st, 1, a, &o->v[o->n++]);
			ecap = 0;
		}
		i = &o->v[o->n - 1].inc;
		if (db_column_is_null(st, 10))
			continue;
		i->events = arena_grow(a, i->events, i->n_events, &ecap,
		                       sizeof(*i->events));
		i->events[i->n_events++] = inc_event_row(st, 10);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	for (long j = 0; j < m; j++) {
		olds[which[j]].have = 1;
		olds[which[j]].lo = lo[j];
	}
	return 0;
}

static int
check_time_order(const void *a, const void *b)
{
	int64_t x = ((const struct check_row *)a)->checked_at,
	        y = ((const struct check_row *)b)->checked_at;

	return (x > y) - (x < y);
}

/* Puts each region's run of rows of v[0..n) (rows by region, each
 * region's as its index range gave them) in time order: sorted already
 * as a rule, so checked in one pass and sorted only when not. */
static void
check_rows_time_order(struct check_row *v, size_t n)
{
	for (size_t i = 0, j; i < n; i = j) {
		int sorted = 1;

		for (j = i + 1; j < n && strcmp(v[j].region, v[i].region) == 0;
		     j++)
			sorted &= v[j].checked_at > v[j - 1].checked_at;
		if (!sorted)
			qsort(v + i, j - i, sizeof(*v), check_time_order);
	}
}

/* With the dialect's INC_CHECKS_SET: the checks of inc_window's first
 * window of every touched model that is not quiet, in one read, into
 * pre[i] for t[i]: its rows point into s->inc_rows (valid until the next
 * call), their regions into arena a; and their kept incidents from the
 * window's start on into olds (inc_read_olds). 0 (pre untouched without
 * the set form), or -1 with err set. */
static int
inc_read_windows(struct store *s, const struct incident_rules *r,
                 const struct inc_touch *t, long nt, struct check_rows *pre,
                 struct inc_olds *olds, struct arena *a, char *err,
                 size_t errlen)
{
	int64_t *v = xmalloc(((size_t)nt + 1) * 3 * sizeof(*v));
	long *which = xmalloc(((size_t)nt + 1) * sizeof(*which));
	/* at[j]: where element j's rows start in all; at[m]: their end. */
	size_t *at = xmalloc(((size_t)nt + 1) * sizeof(*at));
	struct check_rows all = {s->inc_rows, 0, s->inc_rows_cap, "", 1};
	struct db_stmt *st;
	long m = 0, last = -1;
	int rc;

	for (long i = 0; i < nt; i++) {
		int64_t lo, settle, bound;

		if (t[i].quiet)
			continue;
		which[m] = i;
		v[m] = t[i].model_id;
		inc_window(r, &t[i], &lo, &settle, &bound, &v[nt + m],
		           &v[2 * nt + m]);
		m++;
	}
	rc = 0;
	if (m == 0)
		goto out;
	rc = -1;
	st = inc_stmt(s, INC_CHECKS_SET, err, errlen);
	if (st == NULL)
		goto out;
	db_bind_int64_array(st, 1, v, (size_t)m);
	db_bind_int64_array(st, 2, v + nt, (size_t)m);
	db_bind_int64_array(st, 3, v + 2 * nt, (size_t)m);
	/* Column 0: the element's place from 1, the rows in that order
	 * (one after the elements that came before is left out). */
	while ((rc = db_step(st)) == DB_ROW) {
		long k = row_place(st, m);

		if (k < 0 || k < last)
			continue;
		while (last < k)
			at[++last] = all.n;
		check_rows_push(&all, st, 1, a);
	}
	db_reset(st);
	s->inc_rows = all.v;
	s->inc_rows_cap = all.cap;
	while (last < m)
		at[++last] = all.n;
	for (long j = 0; j < m; j++) {
		check_rows_time_order(all.v + at[j], at[j + 1] - at[j]);
		pre[which[j]] = (struct check_rows){
		    all.v + at[j], at[j + 1] - at[j], at[j + 1] - at[j], "", 0};
	}
	rc = step_done(s, rc, err, errlen) ||
	             inc_read_olds(s, v, v + nt, which, m, olds, a, err, errlen)
	         ? -1
	         : 0;
out:
	free(v);
	free(which);
	free(at);
	return rc;
}

/* The incidents step of record_batch, after its aggregates: the touched
 * models that are not quiet (their first windows of checks in one read
 * with the dialect's INC_CHECKS_SET), then the providers of those that
 * changed, each from the earliest restart point of its models. */
static int
inc_apply(struct store *s, const struct incident_rules *r,
          const struct inc_touch *t, long nt, char *err, size_t errlen)
{
	int64_t *providers = xmalloc(((size_t)nt + 1) * 2 * sizeof(*providers));
	struct check_rows *pre = NULL;
	struct inc_olds *olds = NULL;
	struct arena *a = NULL;
	long np = 0;
	int rc = 0;

	if (s->d->inc[INC_CHECKS_SET] != NULL) {
		a = arena_new();
		pre = arena_alloc(a, ((size_t)nt + 1) * sizeof(*pre));
		olds = arena_alloc(a, ((size_t)nt + 1) * sizeof(*olds));
		rc = inc_read_windows(s, r, t, nt, pre, olds, a, err, errlen);
	}
	/* providers[2k]: a provider id; providers[2k + 1]: from when. */
	for (long i = 0; rc == 0 && i < nt; i++) {
		int64_t p = 0, since = 0;
		long k;

		if (t[i].quiet)
			continue;
		rc = inc_update_model(s, r, &t[i], pre ? &pre[i] : NULL,
		                      olds ? &olds[i] : NULL, &p, &since, err,
		                      errlen);
		if (rc != 0 || p == 0)
			continue;
		for (k = 0; k < np && providers[2 * k] != p; k++)
			;
		if (k == np) {
			providers[2 * np] = p;
			providers[2 * np++ + 1] = since;
		} else if (since < providers[2 * k + 1])
			providers[2 * k + 1] = since;
	}
	for (long k = 0; rc == 0 && k < np; k++)
		rc = inc_update_provider(s, r, providers[2 * k],
		                         providers[2 * k + 1], err, errlen);
	free(providers);
	if (a != NULL)
		arena_free(a);
	return rc;
}

/* Writes the rules into aigo_meta and every automatic incident afresh
 * inside an open transaction: the models' from all their checks, then
 * the providers'. 0, or -1 with err set. */
static int
inc_rebuild(struct store *s, const struct incident_rules *r, char *err,
            size_t errlen)
{
	static const char *const keys[] = {
	    "incident_open_after", "incident_close_after", "incident_freshness",
	    "incident_provider_share"};
	const int64_t values[] = {r->open_after, r->close_after, r->freshness,
	                          r->provider_share};
	int64_t *ids = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	int rc = 0;

	for (size_t k = 0; k < NELEM(keys); k++) {
		char v[32];

		st = inc_stmt(s, INC_SET_RULE, err, errlen);
		if (st == NULL)
			return -1;
		snprintf(v, sizeof(v), "%lld", (long long)values[k]);
		db_bind_text(st, 1, keys[k]);
		db_bind_text(st, 2, v);
		if (step_write(s, st, err, errlen))
			return -1;
	}
	for (int q = 0; q < 2 && s->version < UPD_VERSION; q++) {
		st = inc_stmt(s,
		              q == 0 ? INC_DELETE_AUTO_EVENTS : INC_DELETE_AUTO,
		              err, errlen);
		if (st == NULL || step_write(s, st, err, errlen))
			return -1;
	}
	/* Those with updates are matched, or their updates follow. */
	if (s->version >= UPD_VERSION && upd_rebuild_start(s, err, errlen))
		return -1;
	/* q 0: every model with checks; q 1: every provider. */
	for (int q = 0; rc == 0 && q < 2; q++) {
		int step;

		if (q == 1 && s->version >= UPD_VERSION &&
		    upd_rebuild_stale(s, err, errlen) != 0) {
			rc = -1;
			break;
		}
		st = inc_stmt(s, q == 0 ? INC_ALL_MODELS : INC_ALL_PROVIDERS,
		              err, errlen);
		if (st == NULL) {
			rc = -1;
			break;
		}
		n = 0;
		while ((step = db_step(st)) == DB_ROW) {
			ids = xgrow(ids, n, &cap, sizeof(*ids));
			ids[n++] = db_column_int64(st, 0);
		}
		db_reset(st);
		rc = step_done(s, step, err, errlen);
		for (size_t i = 0; rc == 0 && i < n; i++) {
			struct arena *a = arena_new();
			struct check_row *rows;
			int changed = 0;
			long nr;

			if (q == 1)
				rc = inc_update_provider(s, r, ids[i], 0, err,
				                         errlen);
			else if ((nr = inc_read_checks(s, ids[i], 0, INT64_MAX,
			                               a, &rows, err, errlen)) <
			         0)
				rc = -1;
			else
				rc = inc_recompute_model(
				    s, r, ids[i], 0, 0, 0, 0, rows, (size_t)nr,
				    NULL, &changed, a, err, errlen);
			arena_free(a);
		}
	}
	free(ids);
	return rc;
}

/* After checks were deleted (store_remove_demo): every automatic
 * incident afresh with the file's thresholds, inside the open
 * transaction (nothing before version 7). 0, or -1 with err set. */
static int
inc_after_removal(struct store *s, char *err, size_t errlen)
{
	struct incident_rules r;

	if (s->version < VERSION_INCIDENTS)
		return 0;
	if (inc_read_rules(s, &r, err, errlen) != 0)
		return -1;
	return inc_rebuild(s, &r, err, errlen);
}

int
store_rebuild_incidents(struct store *s, const struct incident_rules *r,
                        long *n_model, long *n_provider, char *err,
                        size_t errlen)
{
	struct db_stmt *st;

	if (begin_at_version(s, VERSION_INCIDENTS, err, errlen) != 0)
		return -1;
	if (inc_rebuild(s, r, err, errlen) != 0)
		goto fail;
	st = inc_stmt(s, INC_COUNT, err, errlen);
	if (st == NULL)
		goto fail;
	if (db_step(st) == DB_ROW) {
		*n_model = (long)db_column_int64(st, 0);
		*n_provider = (long)db_column_int64(st, 1);
	}
	db_reset(st);
	if (store_commit(s, err, errlen) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

/* The kept incident of columns 1 to 8 of st's row (started_at, opened_at,
 * resolved_at, closed_at, severity, peak_severity, regions, error_kinds)
 * into *inc; its text in a. Events are not read. */
static void
incident_cols(struct db_stmt *st, struct arena *a, struct incident *inc)
{
	inc->started_at = db_column_int64(st, 1);
	inc->opened_at = db_column_int64(st, 2);
	inc->resolved_at = col_or_zero(st, 3);
	inc->closed_at = col_or_zero(st, 4);
	inc->severity = severity_from_name(db_column_text(st, 5));
	inc->peak = severity_from_name(db_column_text(st, 6));
	inc->regions = col_text(st, 7, a);
	inc->error_kinds = col_text(st, 8, a);
}

long
store_list_incidents(struct store *s, int open_only, long limit,
                     struct arena *a, struct incident_row **out, char *err,
                     size_t errlen)
{
	struct db_stmt *st;
	struct incident_row *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	if (read_version(s, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_INCIDENTS) {
		*out = NULL;
		return 0;
	}
	st = inc_stmt(s, INC_LIST, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, open_only != 0);
	db_bind_int64(st, 2, limit);
	while ((rc = db_step(st)) == DB_ROW) {
		struct incident_row *x;

		v = arena_grow(a, v, n, &cap, sizeof(*v));
		x = &v[n++];
		memset(x, 0, sizeof(*x));
		x->id = db_column_int64(st, 0);
		incident_cols(st, a, &x->inc);
		x->provider_slug = col_text(st, 9, a);
		x->model_slug =
		    db_column_is_null(st, 10) ? NULL : col_text(st, 10, a);
		x->source = col_text(st, 11, a);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	*out = v;
	return (long)n;
}
/* ---- end of automatic incidents ---- */

/* ---- Reading and writing incidents' views, updates and maintenance
 * (schema version 8, docs/incidents.md) ----
 * Statements of this block are in view_sqls. */

/* The first version with titles, updates and maintenance windows. */
#define VERSION_MANUAL UPD_VERSION

_Static_assert(VIEW__MAX <= VIEW_STMT_SLOTS, "struct store: view slots");

static struct db_stmt *
view_stmt(struct store *s, enum view_sql q, char *err, size_t errlen)
{
	return cached_stmt(s, &s->view[q], s->d->view[q], err, errlen);
}

/* Begins a read transaction unless one (or a write) is open: *began says
 * which, for view_end. 0, or -1 with err set. */
static int
view_begin(struct store *s, int *began, char *err, size_t errlen)
{
	*began = !db_in_transaction(s->db);
	if (*began && exec_tx(s, TX_BEGIN_READ, err, errlen) != 0)
		return -1;
	if (read_version(s, err, errlen) != 0) {
		if (*began)
			store_rollback(s);
		return -1;
	}
	return 0;
}

static void
view_end(struct store *s, int began)
{
	char ignore[8];

	for (int i = 0; i < VIEW__MAX; i++)
		if (s->view[i] != NULL)
			db_reset(s->view[i]);
	if (began)
		exec_tx(s, TX_COMMIT_READ, ignore, sizeof(ignore));
}

static const char *
col_text_or_null(struct db_stmt *st, int i, struct arena *a)
{
	return db_column_is_null(st, i) ? NULL : col_text(st, i, a);
}

/* Binds the filter f (and id, 0: any) to a statement of VIEW_FROM. */
static void
view_bind(struct db_stmt *st, const struct incident_filter *f, int64_t id)
{
	db_bind_int64(st, 1, f->state == 1 || f->state == 2 ? f->state : 0);
	db_bind_text(st, 2, f->provider);
	db_bind_text(st, 3, f->model);
	db_bind_int64(st, 4, f->from);
	db_bind_int64(st, 5, f->to);
	db_bind_int64(st, 6, id);
}

/* Reads the events and updates of v (and its state) and, for a provider
 * incident, the names of its models with an overlapping incident. With
 * send, sends those reads only (db_send; v is left alone): view_read sends
 * every incident's, then reads them in the same order, so that PostgreSQL
 * answers them together (SQLite runs each at its step). */
static int
view_details(struct store *s, int send, struct incident_view *v,
             int64_t provider_id, struct arena *a, char *err, size_t errlen)
{
	struct db_stmt *st;
	size_t cap = 0;
	int rc;

	if (inc_read_events(s, send, v->id, &v->inc, a, err, errlen) != 0)
		return -1;
	if (s->version >= VERSION_MANUAL) {
		st = view_stmt(s, VIEW_UPDATES, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, v->id);
		if (send)
			(void)db_send(st);
		while (!send && (rc = db_step(st)) == DB_ROW) {
			struct incident_update *u;

			v->updates = arena_grow(a, v->updates, v->n_updates,
			                        &cap, sizeof(*v->updates));
			u = &v->updates[v->n_updates++];
			u->id = db_column_int64(st, 0);
			u->at = db_column_int64(st, 1);
			u->state =
			    update_state_from_name(db_column_text(st, 2));
			u->body = col_text(st, 3, a);
			u->author = col_text(st, 4, a);
		}
		if (!send) {
			db_reset(st);
			if (step_done(s, rc, err, errlen))
				return -1;
		}
		if (v->n_updates > 0)
			v->state = v->updates[v->n_updates - 1].state;
	}
	if (v->model_slug != NULL)
		return 0;
	st = view_stmt(s, VIEW_MODELS, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, provider_id);
	db_bind_int64(st, 2, v->inc.started_at);
	bind_time_or_null(st, 3, v->inc.resolved_at);
	if (send) {
		(void)db_send(st);
		return 0;
	}
	cap = 0;
	while ((rc = db_step(st)) == DB_ROW) {
		v->models = arena_grow(a, v->models, v->n_models, &cap,
		                       sizeof(*v->models));
		v->models[v->n_models++] = col_text(st, 0, a);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* The statement of view_read's list of f (id: that one only), bound;
 * NULL with err set. */
static struct db_stmt *
view_list(struct store *s, const struct incident_filter *f, int64_t id,
          char *err, size_t errlen)
{
	/* The open ones (the monitoring page's banner) by their own
	 * statement: its plan reaches them by index. */
	struct db_stmt *st =
	    view_stmt(s,
	              s->version < VERSION_MANUAL ? VIEW_LIST_V7
	              : f->state == 1             ? VIEW_LIST_OPEN
	                                          : VIEW_LIST,
	              err, errlen);

	if (st == NULL)
		return NULL;
	view_bind(st, f, id);
	db_bind_int64(st, 7, f->limit > 0 ? f->limit : -1);
	db_bind_int64(st, 8, f->offset > 0 ? f->offset : 0);
	return st;
}

/* The incidents of f (id: that one only) into *out, with details when f
 * asks, and into *total how many f selects in all (0 when the page is
 * empty); the count on the page or -1 with err set. Inside view_begin. */
static long
view_read(struct store *s, const struct incident_filter *f, int64_t id,
          struct arena *a, struct incident_view **out, long *total, char *err,
          size_t errlen)
{
	struct db_stmt *st;
	struct incident_view *v = NULL;
	int64_t *pids = NULL;
	size_t n = 0, cap = 0, pcap = 0;
	int rc;

	*out = arena_alloc(a, sizeof(**out));
	*total = 0;
	if (s->version < VERSION_INCIDENTS)
		return 0;
	st = view_list(s, f, id, err, errlen);
	if (st == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		struct incident_view *x;
		const char *src;

		v = arena_grow(a, v, n, &cap, sizeof(*v));
		pids = arena_grow(a, pids, n, &pcap, sizeof(*pids));
		x = &v[n++];
		memset(x, 0, sizeof(*x));
		x->id = db_column_int64(st, 0);
		incident_cols(st, a, &x->inc);
		x->provider_slug = col_text(st, 9, a);
		x->provider_name = col_text(st, 10, a);
		x->model_slug = col_text_or_null(st, 11, a);
		x->model_name = col_text_or_null(st, 12, a);
		src = db_column_text(st, 13);
		x->is_manual = src != NULL && strcmp(src, "manual") == 0;
		x->title = col_text_or_null(st, 14, a);
		x->state = UPDATE_STATE__MAX;
		pids[n - 1] = db_column_int64(st, 15);
		*total = (long)db_column_int64(st, 16);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	for (int send = 1; send >= 0; send--)
		for (size_t k = 0; f->details && k < n; k++)
			if (view_details(s, send, &v[k], pids[k], a, err,
			                 errlen) != 0)
				return -1;
	if (n > 0)
		*out = v;
	return (long)n;
}

long
store_incidents(struct store *s, const struct incident_filter *f,
                struct arena *a, struct incident_view **out, long *total,
                char *err, size_t errlen)
{
	struct db_stmt *st;
	long n = -1;
	int began, rc;

	*out = arena_alloc(a, sizeof(**out));
	*total = 0;
	if (view_begin(s, &began, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_INCIDENTS) {
		n = 0;
		goto done;
	}
	/* The list's rows carry the count; only a page past the end needs
	 * it read apart. */
	n = view_read(s, f, 0, a, out, total, err, errlen);
	if (n != 0 || f->offset <= 0)
		goto done;
	st = view_stmt(s, VIEW_COUNT, err, errlen);
	if (st == NULL) {
		n = -1;
		goto done;
	}
	view_bind(st, f, 0);
	rc = db_step(st);
	if (rc == DB_ROW)
		*total = (long)db_column_int64(st, 0);
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		n = -1;
done:
	view_end(s, began);
	return n;
}

int
store_incident(struct store *s, int64_t id, struct arena *a,
               struct incident_view *out, char *err, size_t errlen)
{
	struct incident_filter f = {0};
	struct incident_view *v;
	long n, total;
	int began;

	memset(out, 0, sizeof(*out));
	if (id <= 0)
		return 0;
	if (view_begin(s, &began, err, errlen) != 0)
		return -1;
	f.details = 1;
	n = view_read(s, &f, id, a, &v, &total, err, errlen);
	view_end(s, began);
	if (n > 0)
		*out = v[0];
	return n < 0 ? -1 : n > 0;
}

/* Reads the targets of window m. */
static int
maint_targets(struct store *s, struct maintenance_view *m, struct arena *a,
              char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_MAINT_TARGETS, err, errlen);
	size_t cap = 0;
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, m->id);
	while ((rc = db_step(st)) == DB_ROW) {
		struct maintenance_target *t;

		m->targets = arena_grow(a, m->targets, m->n_targets, &cap,
		                        sizeof(*m->targets));
		t = &m->targets[m->n_targets++];
		t->provider_slug = col_text(st, 0, a);
		t->provider_name = col_text(st, 1, a);
		t->model_slug = col_text_or_null(st, 2, a);
		t->model_name = col_text_or_null(st, 3, a);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

long
store_maintenances(struct store *s, int64_t from, int64_t to, int cancelled,
                   struct arena *a, struct maintenance_view **out, char *err,
                   size_t errlen)
{
	struct maintenance_view *v = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	long ret = -1;
	int began, rc;

	*out = arena_alloc(a, sizeof(**out));
	if (view_begin(s, &began, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_MANUAL) {
		ret = 0;
		goto done;
	}
	st = view_stmt(s, VIEW_MAINT, err, errlen);
	if (st == NULL)
		goto done;
	db_bind_int64(st, 1, from);
	db_bind_int64(st, 2, to);
	db_bind_int64(st, 3, cancelled != 0);
	while ((rc = db_step(st)) == DB_ROW) {
		struct maintenance_view *m;

		v = arena_grow(a, v, n, &cap, sizeof(*v));
		m = &v[n++];
		memset(m, 0, sizeof(*m));
		m->id = db_column_int64(st, 0);
		m->title = col_text(st, 1, a);
		m->note = col_text(st, 2, a);
		m->starts_at = db_column_int64(st, 3);
		m->ends_at = db_column_int64(st, 4);
		m->created_at = db_column_int64(st, 5);
		m->updated_at = db_column_int64(st, 6);
		m->cancelled_at = col_or_zero(st, 7);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		goto done;
	for (size_t k = 0; k < n; k++)
		if (maint_targets(s, &v[k], a, err, errlen) != 0)
			goto done;
	if (n > 0)
		*out = v;
	ret = (long)n;
done:
	view_end(s, began);
	return ret;
}

/* ---- writes ---- */

/* Begins a write on a file of version 8: 0, -2 busy, -1 with err set. */
static int
man_begin(struct store *s, char *err, size_t errlen)
{
	return begin_at_version(s, VERSION_MANUAL, err, errlen);
}

/* Commits (rc 0) or rolls back; resets the block's statements. */
static int
man_end(struct store *s, int rc, char *err, size_t errlen)
{
	for (int i = 0; i < VIEW__MAX; i++)
		if (s->view[i] != NULL)
			db_reset(s->view[i]);
	if (rc == 0)
		rc = store_commit(s, err, errlen);
	if (rc != 0)
		store_rollback(s);
	return rc;
}

static int
man_invalid(const char **field, const char *name, char *err, size_t errlen,
            const char *why)
{
	*field = name;
	snprintf(err, errlen, "%s: %s", name, why);
	return STORE_INVALID;
}

/* Whether text is 1 (min) or 0 .. max bytes of UTF-8 without control
 * characters (lines: newline and tab allowed); else STORE_INVALID. */
static int
man_text(const char *text, size_t min, size_t max, int lines, const char *name,
         const char **field, char *err, size_t errlen)
{
	size_t n = text ? strlen(text) : 0;
	char why[96];

	if (text == NULL || n < min || n > max) {
		snprintf(why, sizeof(why), "must be %zu to %zu bytes", min,
		         max);
		return man_invalid(field, name, err, errlen, why);
	}
	if (!utf8_valid(text, n))
		return man_invalid(field, name, err, errlen,
		                   "must be UTF-8 text");
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)text[i];

		if ((c < 0x20 && !(lines && (c == '\n' || c == '\t'))) ||
		    c == 0x7f)
			return man_invalid(field, name, err, errlen,
			                   lines ? "must not hold control "
			                           "characters (newlines and "
			                           "tabs are allowed)"
			                         : "must be one line without "
			                           "control characters");
	}
	return 0;
}

/* One int64 of view statement q with ?1 the text x: 1 and *out, 0 when
 * there is no row, or -1. */
static int
man_lookup(struct store *s, enum view_sql q, const char *x, int64_t *out,
           int64_t *out2, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, q, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, x);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*out = db_column_int64(st, 0);
		if (out2 != NULL)
			*out2 = db_column_int64(st, 1);
	}
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		return -1;
	return rc == DB_ROW;
}

static int
man_event(struct store *s, int64_t id, int64_t at, enum incident_event_kind k,
          enum severity sev, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_INSERT_EVENT, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, at);
	db_bind_text(st, 3, incident_event_names[k]);
	db_bind_text(st, 4, severity_names[sev]);
	return step_write(s, st, err, errlen);
}

/* Writes an update; its id into *uid. */
static int
man_insert_update(struct store *s, int64_t id, int64_t at,
                  enum update_state state, const char *body, const char *author,
                  int64_t *uid, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_INSERT_UPDATE, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	db_bind_int64(st, 2, at);
	db_bind_text(st, 3, update_state_names[state]);
	db_bind_text(st, 4, body);
	db_bind_text(st, 5, author);
	*uid = step_returning_id(s, st, err, errlen);
	return *uid < 0 ? -1 : 0;
}

/* The checks of an update's values. */
static int
man_check_update(enum update_state state, const char *body, const char *author,
                 int64_t at, const char **field, char *err, size_t errlen)
{
	int rc;

	if (state >= UPDATE_STATE__MAX)
		return man_invalid(field, "state", err, errlen,
		                   "must be investigating, identified, "
		                   "monitoring or resolved");
	if ((rc = man_text(body, 1, UPDATE_BODY_MAX, 1, "message", field, err,
	                   errlen)) != 0 ||
	    (rc = man_text(author, 1, AUTHOR_MAX, 0, "author", field, err,
	                   errlen)) != 0)
		return rc;
	if (at <= 0)
		return man_invalid(field, "at", err, errlen,
		                   "must be a time after 1970");
	return 0;
}

static int
man_check_severity(enum severity sev, const char **field, char *err,
                   size_t errlen)
{
	if (sev <= SEVERITY_NONE || sev >= SEVERITY__MAX)
		return man_invalid(field, "severity", err, errlen,
		                   "must be minor, major or critical");
	return 0;
}

int
store_incident_open(struct store *s, const struct incident_open *o, int64_t *id,
                    const char **field, char *err, size_t errlen)
{
	int64_t pid = 0, mid = 0, mpid = 0, uid;
	struct db_stmt *st;
	int rc;

	*field = NULL;
	if ((rc = man_text(o->title, 1, INCIDENT_TITLE_MAX, 0, "title", field,
	                   err, errlen)) != 0 ||
	    (rc = man_check_severity(o->severity, field, err, errlen)) != 0 ||
	    (rc = man_check_update(o->state, o->body, o->author, o->at, field,
	                           err, errlen)) != 0)
		return rc;
	if (o->started_at <= 0 || o->started_at > o->at)
		return man_invalid(field, "startedAt", err, errlen,
		                   "must be a time after 1970 and not in the "
		                   "future");
	if (o->state == UPDATE_RESOLVED && o->started_at >= o->at)
		return man_invalid(field, "startedAt", err, errlen,
		                   "must be before now to resolve it at once");
	if (o->provider == NULL)
		return man_invalid(field, "provider", err, errlen,
		                   "is required");
	if ((rc = man_begin(s, err, errlen)) != 0)
		return rc;
	rc = man_lookup(s, VIEW_PROVIDER_ID, o->provider, &pid, NULL, err,
	                errlen);
	if (rc == 0)
		rc = man_invalid(field, "provider", err, errlen,
		                 "names no provider of the catalog");
	else if (rc == 1 && o->model != NULL) {
		rc = man_lookup(s, VIEW_MODEL_ID, o->model, &mid, &mpid, err,
		                errlen);
		if (rc == 0 || (rc == 1 && mpid != pid))
			rc = man_invalid(field, "model", err, errlen,
			                 rc == 0
			                     ? "names no model of the catalog"
			                     : "is not a model of that "
			                       "provider");
	}
	if (rc != 1)
		return man_end(s, rc, err, errlen);
	rc = -1;
	st = view_stmt(s, VIEW_INSERT_MANUAL, err, errlen);
	if (st == NULL)
		return man_end(s, rc, err, errlen);
	db_bind_int64(st, 1, pid);
	bind_time_or_null(st, 2, mid);
	db_bind_int64(st, 3, o->started_at);
	bind_time_or_null(st, 4, o->state == UPDATE_RESOLVED ? o->at : 0);
	db_bind_text(st, 5, severity_names[o->severity]);
	db_bind_text(st, 6, o->title);
	*id = step_returning_id(s, st, err, errlen);
	if (*id > 0 &&
	    man_event(s, *id, o->started_at, INCIDENT_OPENED, o->severity, err,
	              errlen) == 0 &&
	    (o->state != UPDATE_RESOLVED ||
	     man_event(s, *id, o->at, INCIDENT_RESOLVED, o->severity, err,
	               errlen) == 0) &&
	    man_insert_update(s, *id, o->at, o->state, o->body, o->author, &uid,
	                      err, errlen) == 0 &&
	    /* The outbox (version 9): opened, and resolved at once. */
	    ob_manual(s, NOTIFY_OPENED, *id, o->at, SEVERITY__MAX, o->state,
	              o->body, o->author, err, errlen) == 0 &&
	    (o->state != UPDATE_RESOLVED ||
	     ob_manual(s, NOTIFY_RESOLVED, *id, o->at, SEVERITY__MAX, o->state,
	               o->body, o->author, err, errlen) == 0))
		rc = 0;
	return man_end(s, rc, err, errlen);
}

/* Reads incident id: 1 with its source (manual?), start, end and
 * severities, 0 when there is none, -1. */
static int
man_read_incident(struct store *s, int64_t id, int *manual, int64_t *started,
                  int64_t *resolved, enum severity *sev, enum severity *peak,
                  char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_INCIDENT, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *src = db_column_text(st, 0);

		*manual = src != NULL && strcmp(src, "manual") == 0;
		*started = db_column_int64(st, 1);
		*resolved = col_or_zero(st, 2);
		*sev = severity_from_name(db_column_text(st, 3));
		*peak = severity_from_name(db_column_text(st, 4));
	}
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		return -1;
	return rc == DB_ROW;
}

static int
man_not_found(char *err, size_t errlen, const char *what, int64_t id)
{
	snprintf(err, errlen, "there is no %s %lld", what, (long long)id);
	return STORE_NOT_FOUND;
}

int
store_incident_update(struct store *s, int64_t id, enum update_state state,
                      const char *body, const char *author, int64_t at,
                      int64_t *update_id, const char **field, char *err,
                      size_t errlen)
{
	int64_t started = 0, resolved = 0;
	enum severity sev = SEVERITY_MINOR, peak = SEVERITY_MINOR;
	struct db_stmt *st;
	int manual = 0, rc;

	*field = NULL;
	if ((rc = man_check_update(state, body, author, at, field, err,
	                           errlen)) != 0)
		return rc;
	if ((rc = man_begin(s, err, errlen)) != 0)
		return rc;
	rc = man_read_incident(s, id, &manual, &started, &resolved, &sev, &peak,
	                       err, errlen);
	if (rc == 0)
		rc = man_not_found(err, errlen, "incident", id);
	else if (rc == 1 && resolved != 0 && state != UPDATE_RESOLVED) {
		snprintf(err, errlen,
		         "incident %lld is resolved: it takes only updates of "
		         "state resolved; open a new incident instead",
		         (long long)id);
		rc = STORE_CONFLICT;
	} else if (rc == 1 && manual && resolved == 0 &&
	           state == UPDATE_RESOLVED && at <= started)
		rc = man_invalid(
		    field, "state", err, errlen,
		    "resolved: only after the second the incident started");
	if (rc != 1)
		return man_end(s, rc, err, errlen);
	rc = -1;
	if (man_insert_update(s, id, at, state, body, author, update_id, err,
	                      errlen) != 0)
		return man_end(s, rc, err, errlen);
	if (manual && resolved == 0 && state == UPDATE_RESOLVED) {
		st = view_stmt(s, VIEW_RESOLVE, err, errlen);
		if (st == NULL)
			return man_end(s, rc, err, errlen);
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, at);
		if (step_write(s, st, err, errlen) != 0 ||
		    man_event(s, id, at, INCIDENT_RESOLVED, sev, err, errlen) !=
		        0)
			return man_end(s, rc, err, errlen);
	}
	/* The outbox (version 9): resolved when it resolves a manual
	 * incident, else an update. */
	if (ob_manual(s,
	              manual && resolved == 0 && state == UPDATE_RESOLVED
	                  ? NOTIFY_RESOLVED
	                  : NOTIFY_UPDATE,
	              id, at, SEVERITY__MAX, state, body, author, err,
	              errlen) != 0)
		return man_end(s, rc, err, errlen);
	return man_end(s, 0, err, errlen);
}

int
store_incident_change(struct store *s, int64_t id, const char *title,
                      enum severity severity, int64_t at, const char **field,
                      char *err, size_t errlen)
{
	int64_t started = 0, resolved = 0;
	enum severity sev = SEVERITY_MINOR, peak = SEVERITY_MINOR;
	struct db_stmt *st;
	int manual = 0, rc;

	*field = NULL;
	if (title == NULL && severity == SEVERITY__MAX)
		return man_invalid(field, "title", err, errlen,
		                   "nothing to change: give a title or a "
		                   "severity");
	if ((title != NULL &&
	     (rc = man_text(title, 1, INCIDENT_TITLE_MAX, 0, "title", field,
	                    err, errlen)) != 0) ||
	    (severity != SEVERITY__MAX &&
	     (rc = man_check_severity(severity, field, err, errlen)) != 0))
		return rc;
	if ((rc = man_begin(s, err, errlen)) != 0)
		return rc;
	rc = man_read_incident(s, id, &manual, &started, &resolved, &sev, &peak,
	                       err, errlen);
	if (rc == 0)
		rc = man_not_found(err, errlen, "incident", id);
	else if (rc == 1 && !manual) {
		snprintf(err, errlen,
		         "incident %lld is automatic: the checks say its "
		         "severity and it has no title; post an update instead",
		         (long long)id);
		rc = STORE_CONFLICT;
	} else if (rc == 1 && severity != SEVERITY__MAX && severity != sev &&
	           resolved != 0) {
		snprintf(err, errlen,
		         "incident %lld is resolved: its severity stays",
		         (long long)id);
		rc = STORE_CONFLICT;
	}
	if (rc != 1)
		return man_end(s, rc, err, errlen);
	rc = -1;
	if (title != NULL) {
		st = view_stmt(s, VIEW_SET_TITLE, err, errlen);
		if (st == NULL)
			return man_end(s, rc, err, errlen);
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, title);
		if (step_write(s, st, err, errlen) != 0)
			return man_end(s, rc, err, errlen);
	}
	if (severity != SEVERITY__MAX && severity != sev) {
		st = view_stmt(s, VIEW_SET_SEVERITY, err, errlen);
		if (st == NULL)
			return man_end(s, rc, err, errlen);
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, severity_names[severity]);
		db_bind_text(st, 3,
		             severity_names[severity > peak ? severity : peak]);
		if (step_write(s, st, err, errlen) != 0 ||
		    man_event(s, id, at > started ? at : started,
		              severity > sev ? INCIDENT_ESCALATED
		                             : INCIDENT_DEESCALATED,
		              severity, err, errlen) != 0 ||
		    ob_manual(s,
		              severity > sev ? NOTIFY_ESCALATED
		                             : NOTIFY_DEESCALATED,
		              id, at > started ? at : started, sev,
		              UPDATE_STATE__MAX, NULL, NULL, err, errlen) != 0)
			return man_end(s, rc, err, errlen);
	}
	return man_end(s, 0, err, errlen);
}

/* The checks of a window's values (those given). */
static int
maint_check(const struct maintenance_in *m, int64_t starts, int64_t ends,
            const char **field, char *err, size_t errlen)
{
	size_t n = m->n_providers + m->n_models;
	int rc;

	if ((m->title != NULL &&
	     (rc = man_text(m->title, 1, INCIDENT_TITLE_MAX, 0, "title", field,
	                    err, errlen)) != 0) ||
	    (m->note != NULL &&
	     (rc = man_text(m->note, 0, MAINTENANCE_NOTE_MAX, 1, "note", field,
	                    err, errlen)) != 0))
		return rc;
	if (starts <= 0)
		return man_invalid(field, "startsAt", err, errlen,
		                   "must be a time after 1970");
	if (ends <= starts)
		return man_invalid(field, "endsAt", err, errlen,
		                   "must be after the start");
	if (ends - starts > MAINTENANCE_LENGTH_MAX)
		return man_invalid(field, "endsAt", err, errlen,
		                   "must be at most 31 days after the start");
	if (m->set_targets && (n == 0 || n > MAINTENANCE_TARGETS_MAX))
		return man_invalid(field,
		                   m->n_providers == 0 && m->n_models > 0
		                       ? "models"
		                       : "providers",
		                   err, errlen,
		                   "the providers and models together must "
		                   "name 1 to 100 targets");
	return 0;
}

/* Writes the targets of window id (replacing any). */
static int
maint_targets_write(struct store *s, int64_t id, const struct maintenance_in *m,
                    const char **field, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_TARGETS_DELETE, err, errlen);
	size_t n = m->n_providers + m->n_models;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	if (step_write(s, st, err, errlen) != 0)
		return -1;
	for (size_t i = 0; i < n; i++) {
		int is_model = i >= m->n_providers;
		const char *slug =
		    is_model ? m->models[i - m->n_providers] : m->providers[i];
		const char *name = is_model ? "models" : "providers";
		int64_t pid = 0, mid = 0;
		int rc;

		for (size_t k = 0; k < i; k++)
			if ((k >= m->n_providers) == is_model &&
			    strcmp(slug, k >= m->n_providers
			                     ? m->models[k - m->n_providers]
			                     : m->providers[k]) == 0) {
				*field = name;
				snprintf(err, errlen, "%s: %s is named twice",
				         name, slug);
				return STORE_INVALID;
			}
		rc = is_model ? man_lookup(s, VIEW_MODEL_ID, slug, &mid, &pid,
		                           err, errlen)
		              : man_lookup(s, VIEW_PROVIDER_ID, slug, &pid,
		                           NULL, err, errlen);
		if (rc < 0)
			return -1;
		if (rc == 0) {
			*field = name;
			snprintf(err, errlen,
			         "%s: %.64s names no %s of the catalog", name,
			         slug, is_model ? "model" : "provider");
			return STORE_INVALID;
		}
		st = view_stmt(s, VIEW_TARGET_INSERT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, id);
		db_bind_int64(st, 2, pid);
		bind_time_or_null(st, 3, mid);
		if (step_write(s, st, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int
store_maintenance_add(struct store *s, const struct maintenance_in *m,
                      const char *author, int64_t at, int64_t *id,
                      const char **field, char *err, size_t errlen)
{
	struct maintenance_in all = *m;
	struct db_stmt *st;
	int rc;

	*field = NULL;
	all.set_targets = 1;
	if (m->title == NULL)
		return man_invalid(field, "title", err, errlen, "is required");
	if ((rc = maint_check(&all, m->starts_at, m->ends_at, field, err,
	                      errlen)) != 0 ||
	    (rc = man_text(author, 1, AUTHOR_MAX, 0, "author", field, err,
	                   errlen)) != 0)
		return rc;
	if (at <= 0)
		return man_invalid(field, "at", err, errlen,
		                   "must be a time after 1970");
	if ((rc = man_begin(s, err, errlen)) != 0)
		return rc;
	st = view_stmt(s, VIEW_MAINT_INSERT, err, errlen);
	if (st == NULL)
		return man_end(s, -1, err, errlen);
	db_bind_text(st, 1, m->title);
	db_bind_text(st, 2, m->note ? m->note : "");
	db_bind_int64(st, 3, m->starts_at);
	db_bind_int64(st, 4, m->ends_at);
	db_bind_int64(st, 5, at);
	db_bind_text(st, 6, author);
	*id = step_returning_id(s, st, err, errlen);
	if (*id < 0)
		return man_end(s, -1, err, errlen);
	return man_end(s, maint_targets_write(s, *id, &all, field, err, errlen),
	               err, errlen);
}

int
store_maintenance_change(struct store *s, int64_t id,
                         const struct maintenance_in *m, int64_t at,
                         const char **field, char *err, size_t errlen)
{
	struct db_stmt *st;
	char *title = NULL, *note = NULL;
	int64_t starts = 0, ends = 0, cancelled = 0;
	int rc;

	*field = NULL;
	if (m->title == NULL && m->note == NULL && m->starts_at == 0 &&
	    m->ends_at == 0 && !m->set_targets && !m->cancel)
		return man_invalid(field, "title", err, errlen,
		                   "nothing to change");
	if ((rc = man_begin(s, err, errlen)) != 0)
		return rc;
	st = view_stmt(s, VIEW_MAINT_ONE, err, errlen);
	if (st == NULL)
		return man_end(s, -1, err, errlen);
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		title = xstrdup(db_column_text(st, 0));
		note = xstrdup(db_column_text(st, 1));
		starts = db_column_int64(st, 2);
		ends = db_column_int64(st, 3);
		cancelled = col_or_zero(st, 5);
	}
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		rc = -1;
	else if (rc != DB_ROW)
		rc = man_not_found(err, errlen, "maintenance window", id);
	else if (cancelled != 0) {
		snprintf(err, errlen, "maintenance window %lld is cancelled",
		         (long long)id);
		rc = STORE_CONFLICT;
	} else
		rc = maint_check(m, m->starts_at ? m->starts_at : starts,
		                 m->ends_at ? m->ends_at : ends, field, err,
		                 errlen);
	if (rc == 0 &&
	    (st = view_stmt(s, VIEW_MAINT_UPDATE, err, errlen)) == NULL)
		rc = -1;
	if (rc == 0) {
		db_bind_int64(st, 1, id);
		db_bind_text(st, 2, m->title ? m->title : title);
		db_bind_text(st, 3, m->note ? m->note : note);
		db_bind_int64(st, 4, m->starts_at ? m->starts_at : starts);
		db_bind_int64(st, 5, m->ends_at ? m->ends_at : ends);
		db_bind_int64(st, 6, at);
		db_bind_int64(st, 7, m->cancel != 0);
		rc = step_write(s, st, err, errlen);
	}
	if (rc == 0 && m->set_targets)
		rc = maint_targets_write(s, id, m, field, err, errlen);
	rc = man_end(s, rc, err, errlen);
	free(title);
	free(note);
	return rc;
}

/* ---- updates of automatic incidents that are replaced ---- */

/* Before the automatic incident id of (provider_id, model_id: 0 for a
 * provider incident) over inc is deleted (the write path or the rebuild
 * replaced it): each of its updates goes to the automatic incident of the
 * same model (or provider) overlapping it that started last at or before
 * the update's time, else to the first overlapping one. When none
 * overlaps, the incident is kept as a manual one with its updates
 * (*kept set): nothing an operator wrote is lost. 0, or -1 with err. */
static int
upd_follow(struct store *s, int64_t id, int64_t provider_id, int64_t model_id,
           const struct incident *inc, int *kept, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_UPDATES_OF, err, errlen);
	int64_t *u = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*kept = 0;
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		u = xgrow(u, n, &cap, 2 * sizeof(*u));
		u[2 * n] = db_column_int64(st, 0);
		u[2 * n++ + 1] = db_column_int64(st, 1);
	}
	db_reset(st);
	rc = step_done(s, rc, err, errlen);
	for (size_t i = 0; rc == 0 && i < n && !*kept; i++) {
		int64_t to = 0;

		st = view_stmt(s, VIEW_FOLLOW_TARGET, err, errlen);
		if (st == NULL) {
			rc = -1;
			break;
		}
		db_bind_int64(st, 1, provider_id);
		bind_time_or_null(st, 2, model_id);
		db_bind_int64(st, 3, id);
		db_bind_int64(st, 4, inc->started_at);
		db_bind_int64(st, 5,
		              inc->resolved_at ? inc->resolved_at : INT64_MAX);
		db_bind_int64(st, 6, u[2 * i + 1]);
		rc = db_step(st);
		if (rc == DB_ROW)
			to = db_column_int64(st, 0);
		db_reset(st);
		rc = step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
		if (rc != 0)
			break;
		if (to == 0) {
			/* None overlaps: none does for the others either. */
			st = view_stmt(s, VIEW_TO_MANUAL, err, errlen);
			if (st == NULL) {
				rc = -1;
				break;
			}
			db_bind_int64(st, 1, id);
			rc = step_write(s, st, err, errlen);
			*kept = 1;
			break;
		}
		st = view_stmt(s, VIEW_MOVE_UPDATE, err, errlen);
		if (st == NULL) {
			rc = -1;
			break;
		}
		db_bind_int64(st, 1, u[2 * i]);
		db_bind_int64(st, 2, to);
		rc = step_write(s, st, err, errlen);
	}
	free(u);
	return rc;
}

/* The rebuild's start on a file of version 8: deletes the automatic
 * incidents without updates (inc_rebuild). 0, or -1 with err set. */
static int
upd_rebuild_start(struct store *s, char *err, size_t errlen)
{
	for (int q = 0; q < 2; q++) {
		struct db_stmt *st =
		    view_stmt(s,
		              q == 0 ? VIEW_DELETE_AUTO_EVENTS_FREE
		                     : VIEW_DELETE_AUTO_FREE,
		              err, errlen);

		if (st == NULL || step_write(s, st, err, errlen))
			return -1;
	}
	return 0;
}

/* After the rebuild's models: the automatic model incidents with updates
 * that no computation reached (they start before their model's first
 * check) are kept as manual ones. 0, or -1 with err set. */
static int
upd_rebuild_stale(struct store *s, char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_STALE_TO_MANUAL, err, errlen);

	return st == NULL ? -1 : step_write(s, st, err, errlen);
}
/* ---- end of incidents' views, updates and maintenance ---- */

/* What is wrong with c that the database would refuse less clearly, or
 * NULL. */
static const char *
check_in_problem(const struct check_in *c)
{
	if (c->status >= STATUS_UNKNOWN)
		return "invalid status";
	if (c->probe_kind != NULL &&
	    probe_kind_from_name(c->probe_kind) == PROBE_KIND__MAX)
		return "unknown probe kind";
	if (c->error_kind != NULL &&
	    error_kind_from_name(c->error_kind) == ERROR_KIND__MAX)
		return "unknown error kind";
	return NULL;
}

/* A check of a batch and its place in it. */
struct batch_key {
	const struct check_in *c;
	size_t i;
};

/* Orders a batch by the checks' key (model, region, time), then place. */
static int
batch_key_order(const void *x, const void *y)
{
	const struct batch_key *a = x, *b = y;
	int r;

	if (a->c->model_id != b->c->model_id)
		return a->c->model_id < b->c->model_id ? -1 : 1;
	r = strcmp(a->c->region, b->c->region);
	if (r != 0)
		return r;
	if (a->c->checked_at != b->c->checked_at)
		return a->c->checked_at < b->c->checked_at ? -1 : 1;
	return (a->i > b->i) - (a->i < b->i);
}

/* Writes the n checks of a batch with one SQL_INSERT_CHECKS_SET (the
 * dialect's set-based form): the first check of each key in the batch,
 * in the order of their keys (so that batches inserting at once, each
 * waiting for the other's keys, wait in one order, never each for the
 * other: no deadlock); a key already recorded is not written. is_new[i] is
 * set for each check written (the first of its key, as SQL_INSERT_CHECK
 * once per check would have it). 0, or -1 with err set. */
static int
insert_checks_set(struct store *s, struct db_stmt *st,
                  const struct check_in *checks, size_t n,
                  unsigned char *is_new, char *err, size_t errlen)
{
	struct batch_key *k = xmalloc((n + 1) * sizeof(*k));
	int64_t *iv = xmalloc((n + 1) * 10 * sizeof(*iv));
	const char **tv = xmalloc((n + 1) * 6 * sizeof(*tv));
	size_t u = 0;
	int rc;

	for (size_t i = 0; i < n; i++)
		k[i] = (struct batch_key){&checks[i], i};
	qsort(k, n, sizeof(*k), batch_key_order);
	/* is_new marks the first of each key until the answer comes. */
	memset(is_new, 0, n);
	for (size_t j = 0; j < n; j++)
		if (j == 0 || k[j].c->model_id != k[j - 1].c->model_id ||
		    k[j].c->checked_at != k[j - 1].c->checked_at ||
		    strcmp(k[j].c->region, k[j - 1].c->region) != 0)
			is_new[k[j].i] = 1;
	for (size_t j = 0; j < n; j++) {
		size_t i = k[j].i;
		const struct check_in *c = &checks[i];
		int64_t ints[10] = {c->model_id,   c->checked_at,
		                    c->latency_ms, c->http_status,
		                    c->dns_ms,     c->connect_ms,
		                    c->tls_ms,     c->first_byte_ms,
		                    c->ttft_ms,    0};
		const char *texts[6] = {c->region,     status_names[c->status],
		                        c->error,      c->source,
		                        c->probe_kind, c->error_kind};

		if (!is_new[i])
			continue;
		for (int x = 0; x < 9; x++)
			iv[(size_t)x * n + u] = ints[x];
		for (int x = 0; x < 6; x++)
			tv[(size_t)x * n + u] = texts[x];
		u++;
	}
	/* The parameters of SQL_INSERT_CHECK, each an array. */
	db_bind_int64_array(st, 1, iv, u);
	db_bind_text_array(st, 2, tv, u);
	db_bind_int64_array(st, 3, iv + n, u);
	db_bind_text_array(st, 4, tv + n, u);
	db_bind_int64_array(st, 5, iv + 2 * n, u);
	db_bind_int64_array(st, 6, iv + 3 * n, u);
	for (int x = 0; x < 4; x++)
		db_bind_text_array(st, 7 + x, tv + (size_t)(2 + x) * n, u);
	for (int x = 0; x < 5; x++)
		db_bind_int64_array(st, 11 + x, iv + (size_t)(4 + x) * n, u);
	memset(is_new, 0, n);
	while ((rc = db_step(st)) == DB_ROW) {
		struct check_in key = {0};
		struct batch_key want = {&key, 0}, *hit;
		const char *region = db_column_text(st, 1);

		key.model_id = db_column_int64(st, 0);
		key.region = region ? region : "";
		key.checked_at = db_column_int64(st, 2);
		/* The first of its key in the batch: the one written. */
		hit = bsearch(&want, k, n, sizeof(*k), batch_key_order);
		if (hit == NULL) {
			/* want's place 0 sorts before the key's checks. */
			size_t lo = 0, hi = n;

			while (lo < hi) {
				size_t mid = lo + (hi - lo) / 2;

				if (batch_key_order(&k[mid], &want) < 0)
					lo = mid + 1;
				else
					hi = mid;
			}
			hit = lo < n && k[lo].c->model_id == key.model_id &&
			              k[lo].c->checked_at == key.checked_at &&
			              strcmp(k[lo].c->region, key.region) == 0
			          ? &k[lo]
			          : NULL;
		}
		if (hit != NULL)
			is_new[hit->i] = 1;
	}
	db_reset(st);
	free(k);
	free(iv);
	free(tv);
	if (rc != DB_DONE) {
		set_err(err, errlen, "write", s->db);
		return -1;
	}
	return 0;
}

/* In a batch's transaction (TX_BEGIN_BATCH), after its checks' insert:
 * the writers' lock (TX_LOCK_WRITE), then the schema version again, since
 * a migration may have committed before the lock. 0, or -1 with err set
 * (also when the version changed: the batch is to be sent again). */
static int
batch_lock(struct store *s, char *err, size_t errlen)
{
	int64_t before = s->version;

	if (s->d->tx[TX_LOCK_WRITE] == NULL)
		return 0;
	if (exec_tx(s, TX_LOCK_WRITE, err, errlen) != 0)
		return -1;
	s->version_ok = 0;
	if (read_version(s, err, errlen) != 0)
		return -1;
	if (s->version != before) {
		snprintf(err, errlen,
		         "the schema changed from version %lld to %lld during "
		         "the batch; send it again",
		         (long long)before, (long long)s->version);
		return -1;
	}
	return 0;
}

/* Writes one batch inside an open transaction (TX_BEGIN_BATCH): each
 * check (the set-based insert before the writers' lock, beside other
 * batches), then the rollups, current status and sample counts of the
 * new ones. */
static int
record_batch(struct store *s, const struct check_in *checks, size_t n,
             long *n_new, long *n_dup, char *err, size_t errlen)
{
	int with_probe = s->version >= VERSION_PROBE;
	/* The dialect's set-based form, when it has one: one statement. */
	int set = with_probe && s->d->sql[SQL_INSERT_CHECKS_SET] != NULL;
	struct db_stmt *ins = stmt_get(s,
	                               set          ? SQL_INSERT_CHECKS_SET
	                               : with_probe ? SQL_INSERT_CHECK
	                                            : SQL_INSERT_CHECK_V5,
	                               err, errlen);
	unsigned char *is_new = NULL;
	const struct check_in **fresh;
	size_t n_fresh = 0;
	struct sample_run *runs = NULL;
	long n_runs = 0;
	struct incident_rules rules;
	struct inc_touch *touch = NULL;
	long n_touch = 0;
	struct set_rows mr = {0};
	struct arena *a;
	int64_t w;
	int rc = 0, built;

	if (ins == NULL)
		return -1;
	fresh = xmalloc((n + 1) * sizeof(*fresh));
	for (size_t i = 0; set && i < n; i++) {
		const char *bad = check_in_problem(&checks[i]);

		if (bad != NULL) {
			snprintf(err, errlen, "check %zu: %s", i, bad);
			free(fresh);
			return -1;
		}
	}
	if (set) {
		is_new = xmalloc(n + 1);
		if (insert_checks_set(s, ins, checks, n, is_new, err, errlen)) {
			free(is_new);
			free(fresh);
			return -1;
		}
	}
	/* What follows reads and updates what other writers share. */
	if (batch_lock(s, err, errlen) != 0) {
		free(is_new);
		free(fresh);
		return -1;
	}
	for (size_t i = 0; i < n; i++) {
		const struct check_in *c = &checks[i];

		const char *bad = set ? NULL : check_in_problem(c);

		if (set) {
			if (!is_new[i]) {
				(*n_dup)++;
				continue;
			}
			(*n_new)++;
			fresh[n_fresh++] = c;
			continue;
		}
		if (bad != NULL) {
			snprintf(err, errlen, "check %zu: %s", i, bad);
			free(fresh);
			return -1;
		}
		bind_check(ins, c, with_probe ? 2 : 1);
		if (step_write(s, ins, err, errlen)) {
			free(fresh);
			return -1;
		}
		if (db_changes(s->db) == 0) {
			(*n_dup)++;
			continue;
		}
		(*n_new)++;
		fresh[n_fresh++] = c;
	}
	free(is_new);
	qsort(fresh, n_fresh, sizeof(*fresh), new_check_order);
	a = arena_new();
	/* What the incidents need from before the batch (version 7). */
	if (s->version >= VERSION_INCIDENTS && n_fresh > 0) {
		rc = inc_read_rules(s, &rules, err, errlen);
		if (rc == 0) {
			n_touch = inc_prepare(s, &rules, fresh, n_fresh, a,
			                      &touch, err, errlen);
			rc = n_touch < 0 ? -1 : 0;
		}
		if (rc != 0) {
			arena_free(a);
			free(fresh);
			return -1;
		}
	}
	/* The samples the batch changes: their statuses before its slots are
	 * written, then after. Until model_rollups is counted (an upgraded
	 * file before its rebuild) it is left alone. */
	rc = samples_freshness(s, &w, &built, err, errlen);
	if (rc == 0 && built && n_fresh > 0) {
		n_runs =
		    sample_runs(s, fresh, n_fresh, w, a, &runs, err, errlen);
		rc = n_runs < 0 ? -1 : 0;
	}
	/* model_rollups' rows, from the checks and then the samples: one
	 * set-based upsert after both where the dialect has it (nothing in
	 * the batch reads model_rollups). */
	if (rc == 0 && built)
		rc = rows_open(s, &mr, SQL_UPSERT_MODEL_ROLLUP,
		               SQL_UPSERT_MODEL_ROLLUP_SET, MODEL_ROLLUP_TYPES,
		               err, errlen);
	if (rc == 0)
		rc = record_aggregates(s, fresh, n_fresh, built ? &mr : NULL,
		                       err, errlen);
	if (rc == 0)
		rc = apply_sample_runs(s, runs, n_runs, w, &mr, a, err, errlen);
	if (rc == 0)
		rc = rows_run(&mr, err, errlen);
	rows_free(&mr);
	if (rc == 0 && n_touch > 0) {
		/* Changes found here are news (version 9's outbox), unless
		 * the batch is the demo's alone (made-up history). */
		s->ob_emit = 0;
		s->ob_last = 0;
		for (size_t i = 0; i < n_fresh; i++) {
			if (fresh[i]->checked_at > s->ob_last)
				s->ob_last = fresh[i]->checked_at;
			if (fresh[i]->source == NULL ||
			    strcmp(fresh[i]->source, "demo") != 0)
				s->ob_emit = 1;
		}
		rc = inc_apply(s, &rules, touch, n_touch, err, errlen);
		s->ob_emit = 0;
	}
	arena_free(a);
	free(fresh);
	return rc;
}

/* How many times a batch broken off by the backend runs again. */
#define STORE_WRITE_RETRIES 3

int
store_record_checks(struct store *s, const struct check_in *checks, size_t n,
                    long *n_new, long *n_dup, char *err, size_t errlen)
{
	/* BEGIN IMMEDIATE waits up to the busy timeout; retry a few times so
	 * a long write elsewhere delays, not fails, this batch. A batch the
	 * backend broke off to be run again (PostgreSQL: a serialization
	 * failure, a deadlock) runs again from its BEGIN. */
	for (int attempt = 0;; attempt++) {
		long added = 0, dups = 0;

		int brc = begin_write(s, TX_BEGIN_BATCH, err, errlen);

		if (brc != 0) {
			if (brc != -2)
				return -1;
			if (attempt < 1)
				continue;
			return -2;
		}
		/* What the batch updates depends on the file's version. */
		if (read_version(s, err, errlen) ||
		    record_batch(s, checks, n, &added, &dups, err, errlen) ||
		    store_commit(s, err, errlen)) {
			int retry = db_retryable(s->db);

			store_rollback(s);
			if (retry && attempt < STORE_WRITE_RETRIES)
				continue;
			return retry ? -2 : -1;
		}
		*n_new += added;
		*n_dup += dups;
		return 0;
	}
}

/* Runs the prune statement q with ?1 = before in its own write transaction;
 * the number of rows deleted, or -1 with err set. */
static long
prune_step(struct store *s, enum sql q, int64_t before, char *err,
           size_t errlen)
{
	struct db_stmt *st;
	long n;

	if (store_begin(s, err, errlen) != 0)
		return -1;
	if (read_version(s, err, errlen) != 0)
		goto fail;
	if ((q == SQL_PRUNE_5MIN && s->version < VERSION_5MIN) ||
	    (q == SQL_PRUNE_MODEL && s->version < VERSION_SAMPLES) ||
	    ((q == SQL_PRUNE_DELIVERIES || q == SQL_PRUNE_OUTBOX) &&
	     s->version < VERSION_OUTBOX)) {
		store_rollback(s); /* an older file has no such table */
		return 0;
	}
	st = stmt_get(s, q, err, errlen);
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, before);
	if (step_write(s, st, err, errlen) != 0)
		goto fail;
	n = (long)db_changes(s->db);
	if (store_commit(s, err, errlen) == 0)
		return n;
fail:
	store_rollback(s);
	return -1;
}

long
store_prune(struct store *s, int64_t before, char *err, size_t errlen)
{
	long n, total = 0;

	before -= before % 3600;
	/* The rollups first: a reader never looks this far back, and the
	 * checks then go in short transactions that let ingest in between. */
	if (prune_step(s, SQL_PRUNE_HOURLY, before, err, errlen) < 0 ||
	    prune_step(s, SQL_PRUNE_5MIN, before, err, errlen) < 0 ||
	    prune_step(s, SQL_PRUNE_MODEL, before, err, errlen) < 0)
		return -1;
	/* The outbox's events every channel is done with (version 9): an
	 * event whose deliveries went first is gone at the next step, or
	 * at the next prune. */
	if (prune_step(s, SQL_PRUNE_DELIVERIES, before, err, errlen) < 0 ||
	    prune_step(s, SQL_PRUNE_OUTBOX, before, err, errlen) < 0)
		return -1;
	do {
		n = prune_step(s, SQL_PRUNE_CHECKS, before, err, errlen);
		if (n < 0)
			return -1;
		total += n;
	} while (n > 0);
	return total;
}

int
store_find_endpoint(struct store *s, const char *slug, const char *region,
                    int64_t *model_id, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_FIND_ENDPOINT, err, errlen);
	int rc, found = STORE_NO_MODEL;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	db_bind_text(st, 2, region);
	rc = db_step(st);
	if (rc == DB_ROW) {
		*model_id = db_column_int64(st, 0);
		found = db_column_int64(st, 1) ? 0 : STORE_NO_REGION;
		rc = db_step(st);
	}
	db_reset(st);
	db_clear(st);
	if (rc != DB_DONE) {
		set_err(err, errlen, "find endpoint", s->db);
		return -1;
	}
	return found;
}

int
store_checkpoint(const char *path, char *err, size_t errlen)
{
	struct store *s = store_open_write(path, NULL, err, errlen);
	int rc;

	if (s == NULL)
		return -1;
	rc = exec_tx(s, TX_CHECKPOINT, err, errlen);
	store_close(s);
	return rc;
}

const char *
store_model_regions(struct store *s, int64_t model_id, struct arena *a,
                    char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_MODEL_REGIONS, err, errlen);
	const char *out = NULL;

	if (st == NULL)
		return NULL;
	db_bind_int64(st, 1, model_id);
	if (db_step(st) == DB_ROW)
		out = col_text(st, 0, a);
	else
		set_err(err, errlen, "model regions", s->db);
	db_reset(st);
	return out;
}

int
store_set_durable(struct store *s, char *err, size_t errlen)
{
	return exec_tx(s, TX_DURABLE, err, errlen);
}

int
store_sender_lock(struct store *s, char *err, size_t errlen)
{
	int64_t held;

	if (query_one(s, SQL_SENDER_LOCK, &held, err, errlen) != 0)
		return -1;
	return held != 0;
}

int
store_data_version(struct store *s, int64_t *version, char *err, size_t errlen)
{
	struct db_stmt *st = stmt_get(s, SQL_DATA_VERSION, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	rc = db_step(st);
	if (rc == DB_ROW)
		*version = db_column_int64(st, 0);
	db_reset(st);
	if (rc != DB_ROW) {
		set_err(err, errlen, "data_version", s->db);
		s->gen_ok = 0;
		return -1;
	}
	/* Read_version's reference: only inside a read transaction (a
	 * statement alone is a snapshot of its own). */
	s->gen = *version;
	s->gen_ok = s->read_began && db_in_transaction(s->db);
	return 0;
}

/* ---- What the providers' own status pages say (schema version 8,
 * docs/probing.md "Provider-reported status") ----
 * provider_status, provider_components, provider_incidents, and the
 * models' status_components. Statements of this block are in pst_sqls. */

static struct db_stmt *
pst_stmt(struct store *s, enum pst_sql q, char *err, size_t errlen)
{
	return cached_stmt(s, &s->pst[q], s->d->pst[q], err, errlen);
}

/* Steps a statement that returns no row; 0, or -1 with err set. */
static int
pst_step(struct store *s, struct db_stmt *st, char *err, size_t errlen)
{
	int rc = db_step(st);

	db_reset(st);
	if (rc != DB_DONE) {
		set_err(err, errlen, "provider status", s->db);
		return -1;
	}
	return 0;
}

int
store_set_status_components(struct store *s, int64_t model_id,
                            const char *components, char *err, size_t errlen)
{
	struct db_stmt *st;

	/* A file older than version 8 (before its migration) has no
	 * column: nothing to keep. */
	if (read_version(s, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_PROVIDER_STATUS)
		return 0;
	st = pst_stmt(s, PST_SET_COMPONENTS, err, errlen);
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, model_id);
	db_bind_text(st, 2, components ? components : "");
	return pst_step(s, st, err, errlen);
}

int
store_forget_provider_status(struct store *s, int64_t provider_id, char *err,
                             size_t errlen)
{
	static const enum pst_sql qs[] = {
	    PST_FORGET_INCIDENTS, PST_FORGET_COMPONENTS, PST_FORGET_STATUS};

	if (read_version(s, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_PROVIDER_STATUS)
		return 0;

	for (size_t i = 0; i < NELEM(qs); i++) {
		struct db_stmt *st = pst_stmt(s, qs[i], err, errlen);

		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, provider_id);
		if (pst_step(s, st, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int
store_find_provider(struct store *s, const char *slug, int64_t *id, char *err,
                    size_t errlen)
{
	struct db_stmt *st = pst_stmt(s, PST_FIND_PROVIDER, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_text(st, 1, slug);
	rc = db_step(st);
	if (rc == DB_ROW)
		*id = db_column_int64(st, 0);
	db_reset(st);
	if (rc == DB_ROW)
		return 0;
	if (rc == DB_DONE)
		return 1;
	set_err(err, errlen, "provider", s->db);
	return -1;
}

/* The rows of a report r of provider_id (its old rows deleted). */
static int
pst_write_report(struct store *s, int64_t provider_id,
                 const struct pstatus_report *r, char *err, size_t errlen)
{
	struct buf lines = {0};
	struct db_stmt *st;

	for (int q = PST_FORGET_COMPONENTS; q <= PST_FORGET_INCIDENTS; q++) {
		st = pst_stmt(s, (enum pst_sql)q, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, provider_id);
		if (pst_step(s, st, err, errlen) != 0)
			return -1;
	}
	for (size_t i = 0; i < r->n_components; i++) {
		st = pst_stmt(s, PST_INSERT_COMPONENT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, provider_id);
		db_bind_text(st, 2, r->components[i].name);
		db_bind_text(st, 3,
		             pstatus_level_names[r->components[i].status]);
		if (pst_step(s, st, err, errlen) != 0)
			return -1;
	}
	for (size_t i = 0; i < r->n_incidents; i++) {
		const struct pstatus_incident *in = &r->incidents[i];

		st = pst_stmt(s, PST_INSERT_INCIDENT, err, errlen);
		if (st == NULL)
			return -1;
		lines.len = 0;
		buf_puts(&lines, "");
		for (size_t k = 0; k < in->n_components; k++) {
			if (lines.len + strlen(in->components[k]) + 1 > 4000)
				break; /* the column's bound */
			buf_printf(&lines, "%s%s", k ? "\n" : "",
			           in->components[k]);
		}
		db_bind_int64(st, 1, provider_id);
		db_bind_text(st, 2, in->id);
		db_bind_text(st, 3, in->name);
		db_bind_text(st, 4, pstatus_incident_status_names[in->status]);
		db_bind_text(st, 5, pstatus_indicator_names[in->impact]);
		db_bind_int64(st, 6, in->created_at);
		db_bind_int64(st, 7, in->updated_at);
		db_bind_text(st, 8, in->url);
		db_bind_text(st, 9, lines.data);
		if (pst_step(s, st, err, errlen) != 0) {
			buf_free(&lines);
			return -1;
		}
	}
	buf_free(&lines);
	return 0;
}

int
store_record_provider_status(struct store *s, int64_t provider_id,
                             enum pstatus_format format, int64_t checked_at,
                             const struct pstatus_report *r, const char *error,
                             char *err, size_t errlen)
{
	char text[501]; /* the error, bound until the step */
	struct db_stmt *st;

	if (format >= PSTATUS_FORMAT__MAX || checked_at <= 0) {
		snprintf(err, errlen, "provider status: bad format or time");
		return -1;
	}
	int brc = store_begin(s, err, errlen);

	if (brc != 0)
		return brc;
	st = pst_stmt(s, r != NULL ? PST_UPSERT_OK : PST_UPSERT_FAILED, err,
	              errlen);
	if (st == NULL)
		goto fail;
	db_bind_int64(st, 1, provider_id);
	db_bind_text(st, 2, pstatus_format_names[format]);
	db_bind_int64(st, 3, checked_at);
	if (r != NULL) {
		db_bind_text(st, 4, pstatus_indicator_names[r->indicator]);
		db_bind_text(st, 5, r->description ? r->description : "");
	} else {
		snprintf(text, sizeof(text), "%s",
		         error && *error ? error : "failed");
		db_bind_text(st, 4, text);
	}
	if (pst_step(s, st, err, errlen) != 0)
		goto fail;
	if (r != NULL && pst_write_report(s, provider_id, r, err, errlen) != 0)
		goto fail;
	if (store_commit(s, err, errlen) != 0)
		goto fail;
	return 0;
fail:
	store_rollback(s);
	return -1;
}

/* Puts the line list text into an arena array of names. */
static const char **
pst_lines(struct arena *a, const char *text, size_t *n)
{
	size_t cap = 1;
	const char **v;
	const char *p;

	for (p = text; *p; p++)
		cap += *p == '\n';
	v = arena_alloc(a, cap * sizeof(*v));
	*n = 0;
	for (p = text; *p != '\0';) {
		size_t len = strcspn(p, "\n");
		char *one = arena_alloc(a, len + 1);

		memcpy(one, p, len);
		one[len] = '\0';
		if (len > 0)
			v[(*n)++] = one;
		p += len + (p[len] == '\n');
	}
	return v;
}

/* Reads the providers' status rows into ds (store_read_dataset, in its
 * transaction): each provider's said, each model's status components. */
static int
pst_read(struct store *s, struct arena *a, struct dataset *ds,
         const struct idmap *pmap, const struct idmap *mmap, char *err,
         size_t errlen)
{
	struct provider_said *said;
	struct db_stmt *st;
	size_t *cap_c, *cap_i;
	int rc;

	if (s->version < VERSION_PROVIDER_STATUS || ds->n_providers == 0)
		return 0;
	said = arena_alloc(a, ds->n_providers * sizeof(*said));
	memset(said, 0, ds->n_providers * sizeof(*said));
	cap_c = arena_alloc(a, ds->n_providers * sizeof(*cap_c));
	cap_i = arena_alloc(a, ds->n_providers * sizeof(*cap_i));
	memset(cap_c, 0, ds->n_providers * sizeof(*cap_c));
	memset(cap_i, 0, ds->n_providers * sizeof(*cap_i));
	if ((st = pst_stmt(s, PST_READ_STATUS, err, errlen)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		long pi = idmap_find(pmap, db_column_int64(st, 0));
		struct provider_said *p;
		int ind;

		if (pi < 0)
			continue;
		p = &said[pi];
		p->checked_at = db_column_int64(st, 1);
		p->ok_at = db_column_int64(st, 2);
		ind =
		    pstatus_name_index(pstatus_indicator_names,
		                       PSTATUS_IND__MAX, db_column_text(st, 3));
		if (ind == PSTATUS_IND__MAX)
			p->ok_at = 0; /* no answer read yet */
		p->report.indicator = ind < PSTATUS_IND__MAX
		                          ? (enum pstatus_indicator)ind
		                          : PSTATUS_IND_NONE;
		p->report.description = col_text(st, 4, a);
		p->error = db_column_is_null(st, 5) ? NULL : col_text(st, 5, a);
		ds->providers[pi].said = p;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	if ((st = pst_stmt(s, PST_READ_COMPONENTS, err, errlen)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		long pi = idmap_find(pmap, db_column_int64(st, 0));
		struct pstatus_report *r;
		int lv =
		    pstatus_name_index(pstatus_level_names, PSTATUS_LEVEL__MAX,
		                       db_column_text(st, 2));

		if (pi < 0 || lv == PSTATUS_LEVEL__MAX)
			continue;
		r = &said[pi].report;
		if (cap_c[pi] == 0) {
			cap_c[pi] = 16;
			r->components =
			    arena_alloc(a, cap_c[pi] * sizeof(*r->components));
		}
		r->components = arena_grow(a, r->components, r->n_components,
		                           &cap_c[pi], sizeof(*r->components));
		r->components[r->n_components].name = col_text(st, 1, a);
		r->components[r->n_components].status = (enum pstatus_level)lv;
		r->n_components++;
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	if ((st = pst_stmt(s, PST_READ_INCIDENTS, err, errlen)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		long pi = idmap_find(pmap, db_column_int64(st, 0));
		struct pstatus_report *r;
		struct pstatus_incident *in;
		int is =
		    pstatus_name_index(pstatus_incident_status_names,
		                       PSTATUS_INC__MAX, db_column_text(st, 3));
		int im =
		    pstatus_name_index(pstatus_indicator_names,
		                       PSTATUS_IND__MAX, db_column_text(st, 4));

		if (pi < 0 || is == PSTATUS_INC__MAX || im == PSTATUS_IND__MAX)
			continue;
		r = &said[pi].report;
		if (cap_i[pi] == 0) {
			cap_i[pi] = 4;
			r->incidents =
			    arena_alloc(a, cap_i[pi] * sizeof(*r->incidents));
		}
		r->incidents = arena_grow(a, r->incidents, r->n_incidents,
		                          &cap_i[pi], sizeof(*r->incidents));
		in = &r->incidents[r->n_incidents++];
		memset(in, 0, sizeof(*in));
		in->id = col_text(st, 1, a);
		in->name = col_text(st, 2, a);
		in->status = (enum pstatus_incident_status)is;
		in->impact = (enum pstatus_indicator)im;
		in->created_at = db_column_int64(st, 5);
		in->updated_at = db_column_int64(st, 6);
		in->url = db_column_is_null(st, 7) ? NULL : col_text(st, 7, a);
		in->components = pst_lines(
		    a, db_column_text(st, 8) ? db_column_text(st, 8) : "",
		    &in->n_components);
	}
	db_reset(st);
	if (step_done(s, rc, err, errlen))
		return -1;
	if ((st = pst_stmt(s, PST_READ_MODEL_COMPONENTS, err, errlen)) == NULL)
		return -1;
	while ((rc = db_step(st)) == DB_ROW) {
		long mi = idmap_find(mmap, db_column_int64(st, 0));

		if (mi >= 0)
			ds->models[mi].status_components = col_text(st, 1, a);
	}
	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* ---- end of the providers' status pages ---- */

/* ---- The notification outbox (schema version 9, docs/notifications.md) ----
 * Events are written by the incidents' write paths above (ob_write, in
 * their transaction) and by store_outbox_maintenance; the sender reads
 * and records through the store_outbox_* functions. Statements of this
 * block are in ob_sqls. */

_Static_assert(OB__MAX <= OB_STMT_SLOTS, "struct store: outbox slots");

static struct db_stmt *
ob_stmt(struct store *s, enum ob_sql q, char *err, size_t errlen)
{
	return cached_stmt(s, &s->ob[q], s->d->ob[q], err, errlen);
}

/* Resets the block's statements (a reader's end). */
static void
ob_reset(struct store *s)
{
	for (int i = 0; i < OB__MAX; i++)
		if (s->ob[i] != NULL)
			db_reset(s->ob[i]);
}

/* An empty event: every payload field absent. */
static void
ob_event_init(struct notify_event *ev, enum notify_kind kind)
{
	memset(ev, 0, sizeof(*ev));
	ev->kind = kind;
	ev->provider = ev->provider_name = ev->model = ev->model_name = "";
	ev->severity = SEVERITY_NONE;
	ev->previous = SEVERITY__MAX;
	ev->title = ev->regions = "";
	ev->update_state = UPDATE_STATE__MAX;
	ev->update_body = ev->update_author = "";
	ev->maint_title = ev->maint_targets = "";
}

/* Writes event ev (its provider's and model's slugs and names looked up
 * here) inside the open write transaction; once: a maintenance event
 * already written is left as it is (*written 0). Nothing on a file older
 * than version 9. 0, or -1 with err set. */
static int
ob_write(struct store *s, struct notify_event *ev, int once, int *written,
         char *err, size_t errlen)
{
	struct arena *a;
	struct db_stmt *st;
	char *payload;
	int rc, sev = (int)ev->severity;

	if (written != NULL)
		*written = 0;
	if (s->version < VERSION_OUTBOX)
		return 0;
	a = arena_new();
	if (ev->provider_id != 0) {
		st = ob_stmt(s, OB_NAMES, err, errlen);
		if (st == NULL) {
			arena_free(a);
			return -1;
		}
		db_bind_int64(st, 1, ev->provider_id);
		bind_time_or_null(st, 2, ev->model_id);
		rc = db_step(st);
		if (rc == DB_ROW) {
			ev->provider = col_text(st, 0, a);
			ev->provider_name = col_text(st, 1, a);
			ev->model = col_text(st, 2, a);
			ev->model_name = col_text(st, 3, a);
		}
		db_reset(st);
		if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen)) {
			arena_free(a);
			return -1;
		}
	}
	if (ev->created_at == 0)
		ev->created_at = clock_now();
	payload = notify_payload_json(ev);
	st = payload
	         ? ob_stmt(s, once ? OB_INSERT_ONCE : OB_INSERT, err, errlen)
	         : NULL;
	if (st == NULL) {
		if (payload == NULL)
			snprintf(err, errlen, "outbox: out of memory");
		free(payload);
		arena_free(a);
		return -1;
	}
	db_bind_text(st, 1, notify_kind_names[ev->kind]);
	db_bind_int64(st, 2, ev->occurred_at > 0 ? ev->occurred_at : 1);
	db_bind_int64(st, 3, ev->created_at);
	bind_time_or_null(st, 4, ev->incident_id);
	bind_time_or_null(st, 5, ev->maintenance_id);
	bind_time_or_null(st, 6, ev->provider_id);
	bind_time_or_null(st, 7, ev->model_id);
	if (sev > SEVERITY_NONE && sev < SEVERITY__MAX)
		db_bind_text(st, 8, severity_names[sev]);
	db_bind_text(st, 9, payload);
	rc = step_write(s, st, err, errlen);
	if (rc == 0 && written != NULL)
		*written = db_changes(s->db) > 0;
	free(payload);
	arena_free(a);
	return rc;
}

/* An event of kind about the automatic incident inc (row id of
 * provider_id and model_id) at instant at. */
static int
ob_auto(struct store *s, enum notify_kind kind, int64_t id, int64_t provider_id,
        int64_t model_id, const struct incident *inc, int64_t at,
        enum severity previous, char *err, size_t errlen)
{
	struct notify_event ev;

	ob_event_init(&ev, kind);
	ev.occurred_at = at;
	ev.incident_id = id;
	ev.provider_id = provider_id;
	ev.model_id = model_id;
	ev.severity = inc->severity;
	ev.previous = previous;
	ev.started_at = inc->started_at;
	ev.resolved_at = kind == NOTIFY_RESOLVED ? inc->resolved_at : 0;
	ev.regions = inc->regions ? inc->regions : "";
	return ob_write(s, &ev, 0, NULL, err, errlen);
}

/* The instant of inc's last event (its opening when it has none). */
static int64_t
ob_last_event_at(const struct incident *inc)
{
	int64_t at = inc->opened_at;

	for (size_t i = 0; i < inc->n_events; i++)
		if (inc->events[i].at > at)
			at = inc->events[i].at;
	return at;
}

/* Whether [a_start, a_end) and [b_start, b_end) overlap (0: no end). */
static int
ob_overlap(const struct incident *x, const struct incident *y)
{
	int64_t xe = x->resolved_at ? x->resolved_at : INT64_MAX;
	int64_t ye = y->resolved_at ? y->resolved_at : INT64_MAX;

	return x->started_at < ye && y->started_at < xe;
}

/* The predecessors of fresh[0..n_fresh) among old[0..n_old) (inc_sync):
 * the old row with the same start, else an old row matched by no start
 * that overlaps it and is no other's predecessor; -1 none. pred[] and
 * used[] (one per old row) are the caller's. */
static void
ob_predecessors(const struct inc_kept *old, long n_old,
                const struct incident *fresh, size_t n_fresh, long *pred,
                char *used)
{
	long k = 0;

	for (long j = 0; j < n_old; j++)
		used[j] = 0;
	for (size_t i = 0; i < n_fresh; i++) {
		pred[i] = -1;
		while (k < n_old && old[k].inc.started_at < fresh[i].started_at)
			k++;
		if (k < n_old && old[k].inc.started_at == fresh[i].started_at) {
			pred[i] = k;
			used[k] = 1;
		}
	}
	for (size_t i = 0; i < n_fresh; i++)
		for (long j = 0; pred[i] < 0 && j < n_old; j++)
			if (!used[j] && ob_overlap(&old[j].inc, &fresh[i])) {
				pred[i] = j;
				used[j] = 1;
			}
}

/* The events of fresh row f (written as row id) given its predecessor p
 * (NULL: none), as docs/notifications.md says. 0, or -1 with err set. */
static int
ob_auto_events(struct store *s, int64_t id, int64_t provider_id,
               int64_t model_id, const struct incident *p,
               const struct incident *f, char *err, size_t errlen)
{
	enum notify_kind k;
	int64_t at;

	if (p == NULL) {
		if (ob_auto(s, NOTIFY_OPENED, id, provider_id, model_id, f,
		            f->opened_at, SEVERITY__MAX, err, errlen))
			return -1;
		if (f->resolved_at != 0 &&
		    ob_auto(s, NOTIFY_RESOLVED, id, provider_id, model_id, f,
		            f->resolved_at, SEVERITY__MAX, err, errlen))
			return -1;
		return 0;
	}
	if (p->resolved_at == 0 && f->resolved_at != 0)
		return ob_auto(s, NOTIFY_RESOLVED, id, provider_id, model_id, f,
		               f->resolved_at, SEVERITY__MAX, err, errlen);
	if (p->resolved_at != 0 && f->resolved_at == 0) {
		at = ob_last_event_at(f);
		return ob_auto(s, NOTIFY_OPENED, id, provider_id, model_id, f,
		               at > p->resolved_at ? at : p->resolved_at,
		               SEVERITY__MAX, err, errlen);
	}
	if (p->resolved_at != 0 || p->severity == f->severity)
		return 0;
	k = f->severity > p->severity ? NOTIFY_ESCALATED : NOTIFY_DEESCALATED;
	at = 0;
	for (size_t i = 0; i < f->n_events; i++)
		if (f->events[i].kind == INCIDENT_ESCALATED ||
		    f->events[i].kind == INCIDENT_DEESCALATED)
			at = f->events[i].at;
	return ob_auto(s, k, id, provider_id, model_id, f,
	               at ? at : ob_last_event_at(f), p->severity, err, errlen);
}

/* The event of an old open row that vanished with nothing overlapping
 * it: resolved at its last known end, the newest check of the batch that
 * removed it (never before its last event). */
static int
ob_vanished(struct store *s, int64_t id, int64_t provider_id, int64_t model_id,
            const struct incident *old, char *err, size_t errlen)
{
	struct incident gone = *old;
	int64_t at = ob_last_event_at(old);

	if (s->ob_last > at)
		at = s->ob_last;
	gone.resolved_at = at;
	return ob_auto(s, NOTIFY_RESOLVED, id, provider_id, model_id, &gone, at,
	               SEVERITY__MAX, err, errlen);
}

/* Fills ev's incident fields from row id as it is now (manual events).
 * 1, 0 when there is no such row, or -1 with err set. */
static int
ob_read_incident(struct store *s, int64_t id, struct notify_event *ev,
                 struct arena *a, char *err, size_t errlen)
{
	struct db_stmt *st = ob_stmt(s, OB_INCIDENT, err, errlen);
	int rc;

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	rc = db_step(st);
	if (rc == DB_ROW) {
		const char *src = db_column_text(st, 2);
		const char *title = col_text_or_null(st, 3, a);

		ev->incident_id = id;
		ev->provider_id = db_column_int64(st, 0);
		ev->model_id = col_or_zero(st, 1);
		ev->manual = src != NULL && strcmp(src, "manual") == 0;
		ev->title = title ? title : "";
		ev->regions = col_text(st, 4, a);
		ev->started_at = db_column_int64(st, 5);
		ev->resolved_at = col_or_zero(st, 6);
		ev->severity = severity_from_name(db_column_text(st, 7));
		if (ev->severity == SEVERITY__MAX)
			ev->severity = SEVERITY_NONE;
	}
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		return -1;
	return rc == DB_ROW;
}

/* An event of kind about incident id as it is now, at instant at, with
 * the operator's update (state UPDATE_STATE__MAX: none) and the severity
 * before (SEVERITY__MAX: none). Resolved events say when; the others do
 * not. 0, or -1 with err set. */
static int
ob_manual(struct store *s, enum notify_kind kind, int64_t id, int64_t at,
          enum severity previous, enum update_state state, const char *body,
          const char *author, char *err, size_t errlen)
{
	struct arena *a;
	struct notify_event ev;
	int rc;

	if (s->version < VERSION_OUTBOX)
		return 0;
	a = arena_new();
	ob_event_init(&ev, kind);
	rc = ob_read_incident(s, id, &ev, a, err, errlen);
	if (rc == 0) {
		snprintf(err, errlen, "outbox: no incident %lld",
		         (long long)id);
		rc = -1;
	}
	if (rc == 1) {
		ev.occurred_at = at;
		ev.previous = previous;
		if (kind != NOTIFY_RESOLVED)
			ev.resolved_at = 0;
		else if (ev.resolved_at == 0)
			ev.resolved_at = at;
		ev.update_state = state;
		if (state < UPDATE_STATE__MAX) {
			ev.update_body = body ? body : "";
			ev.update_author = author ? author : "";
		}
		rc = ob_write(s, &ev, 0, NULL, err, errlen);
	}
	arena_free(a);
	return rc;
}

static void ob_read_end(struct store *s, int began);

/* Begins a read of the outbox (a transaction unless one is open): 1 on a
 * file of version 9 or newer, 0 on an older one (nothing begun), -1 with
 * err set. */
static int
ob_read_begin(struct store *s, int *began, char *err, size_t errlen)
{
	if (view_begin(s, began, err, errlen) != 0)
		return -1;
	if (s->version >= VERSION_OUTBOX)
		return 1;
	ob_read_end(s, *began);
	return 0;
}

static void
ob_read_end(struct store *s, int began)
{
	char ignore[8];

	ob_reset(s);
	if (began)
		exec_tx(s, TX_COMMIT_READ, ignore, sizeof(ignore));
}

/* Begins a write of the outbox: 0, -2 busy, -1 with err set. */
static int
ob_begin(struct store *s, char *err, size_t errlen)
{
	return begin_at_version(s, VERSION_OUTBOX, err, errlen);
}

/* Commits (rc 0) or rolls back; 0, -2 busy or -1. */
static int
ob_end(struct store *s, int rc, char *err, size_t errlen)
{
	ob_reset(s);
	if (rc == 0)
		rc = store_commit(s, err, errlen);
	if (rc != 0)
		store_rollback(s);
	return rc;
}

static int
ob_old(struct store *s, char *err, size_t errlen)
{
	snprintf(err, errlen,
	         "schema version %lld is older than %d: run aigo db init first",
	         (long long)s->version, VERSION_OUTBOX);
	return -1;
}

/* Reads an event of OB_EV_COLS from column 0 of st into ev (arena a). */
static void
ob_event_cols(struct db_stmt *st, struct notify_event *ev, struct arena *a)
{
	const char *key = db_column_text(st, 2);

	notify_payload_parse(db_column_text(st, 5), ev, a);
	ev->id = db_column_int64(st, 0);
	ev->kind = notify_kind_from_name(db_column_text(st, 1));
	snprintf(ev->key, sizeof(ev->key), "%s", key ? key : "");
	ev->occurred_at = db_column_int64(st, 3);
	ev->created_at = db_column_int64(st, 4);
}

long
store_outbox_unfanned(struct store *s, long limit, struct arena *a,
                      struct notify_event **out, char *err, size_t errlen)
{
	struct notify_event *v = arena_alloc(a, sizeof(*v));
	size_t n = 0, cap = 1;
	struct db_stmt *st;
	int began, rc;

	*out = v;
	rc = ob_read_begin(s, &began, err, errlen);
	if (rc <= 0)
		return rc < 0 ? -1 : ob_old(s, err, errlen);
	st = ob_stmt(s, OB_UNFANNED, err, errlen);
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	db_bind_int64(st, 1, limit);
	while ((rc = db_step(st)) == DB_ROW) {
		v = arena_grow(a, v, n, &cap, sizeof(*v));
		ob_event_cols(st, &v[n++], a);
	}
	rc = step_done(s, rc, err, errlen);
	ob_read_end(s, began);
	*out = v;
	return rc == 0 ? (long)n : -1;
}

int
store_outbox_fan_out(struct store *s, int64_t event_id,
                     const struct notify_fanout *rows, size_t n, int64_t now,
                     char *err, size_t errlen)
{
	struct db_stmt *st;
	int64_t fanned = 0;
	int rc;

	if ((rc = ob_begin(s, err, errlen)) != 0)
		return rc;
	st = ob_stmt(s, OB_FANNED, err, errlen);
	if (st == NULL)
		return ob_end(s, -1, err, errlen);
	db_bind_int64(st, 1, event_id);
	rc = db_step(st);
	if (rc == DB_ROW)
		fanned = db_column_int64(st, 0);
	db_reset(st);
	if (step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen))
		return ob_end(s, -1, err, errlen);
	if (rc != DB_ROW) {
		snprintf(err, errlen, "outbox: no event %lld",
		         (long long)event_id);
		return ob_end(s, -1, err, errlen);
	}
	if (fanned) /* done before: nothing */
		return ob_end(s, 0, err, errlen);
	for (size_t i = 0; i < n; i++) {
		int final = rows[i].state != DELIVERY_PENDING;

		if (rows[i].state >= DELIVERY_STATE__MAX ||
		    rows[i].channel == NULL) {
			snprintf(err, errlen,
			         "outbox: fan-out row %zu is not "
			         "valid",
			         i);
			return ob_end(s, -1, err, errlen);
		}
		st = ob_stmt(s, OB_DELIVERY_INSERT, err, errlen);
		if (st == NULL)
			return ob_end(s, -1, err, errlen);
		db_bind_int64(st, 1, event_id);
		db_bind_text(st, 2, rows[i].channel);
		db_bind_text(st, 3, delivery_state_names[rows[i].state]);
		db_bind_int64(st, 4, final ? now : rows[i].next_at);
		bind_time_or_null(st, 5, final ? now : 0);
		if (step_write(s, st, err, errlen))
			return ob_end(s, -1, err, errlen);
	}
	st = ob_stmt(s, OB_MARK_FANNED, err, errlen);
	if (st == NULL)
		return ob_end(s, -1, err, errlen);
	db_bind_int64(st, 1, event_id);
	db_bind_int64(st, 2, now);
	rc = step_write(s, st, err, errlen);
	return ob_end(s, rc, err, errlen);
}

/* One int64 of statement st (bound by the caller) into *out (0 for no
 * row or NULL). 0, or -1 with err set. */
static int
ob_one(struct store *s, struct db_stmt *st, int64_t *out, char *err,
       size_t errlen)
{
	int rc = db_step(st);

	*out = rc == DB_ROW ? col_or_zero(st, 0) : 0;
	db_reset(st);
	return step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
}

int
store_outbox_head(struct store *s, const char *channel, struct arena *a,
                  struct notify_delivery *out, char *err, size_t errlen)
{
	struct db_stmt *st;
	int64_t incident = 0, newer = 0;
	int began, rc, found = 0;

	memset(out, 0, sizeof(*out));
	rc = ob_read_begin(s, &began, err, errlen);
	if (rc <= 0)
		return rc < 0 ? -1 : ob_old(s, err, errlen);
	st = ob_stmt(s, OB_HEAD, err, errlen);
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	db_bind_text(st, 1, channel);
	rc = db_step(st);
	if (rc == DB_ROW) {
		found = 1;
		ob_event_cols(st, &out->ev, a);
		out->channel = arena_strdup(a, channel);
		out->attempts = (int)db_column_int64(st, 6);
		out->next_at = db_column_int64(st, 7);
		incident = col_or_zero(st, 8);
	}
	db_reset(st);
	rc = step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
	if (rc == 0 && found && incident != 0) {
		st = ob_stmt(s, OB_LAST_SENT, err, errlen);
		if (st == NULL)
			rc = -1;
		else {
			db_bind_text(st, 1, channel);
			db_bind_int64(st, 2, incident);
			rc = ob_one(s, st, &out->last_sent_at, err, errlen);
		}
		st = rc == 0 ? ob_stmt(s, OB_NEWER, err, errlen) : NULL;
		if (st == NULL)
			rc = -1;
		else {
			db_bind_text(st, 1, channel);
			db_bind_int64(st, 2, incident);
			db_bind_int64(st, 3, out->ev.id);
			rc = ob_one(s, st, &newer, err, errlen);
			out->newer = newer != 0;
		}
	}
	ob_read_end(s, began);
	if (rc != 0)
		return -1;
	return found;
}

int
store_outbox_record(struct store *s, int64_t event_id, const char *channel,
                    enum delivery_state state, int64_t next_at, int status,
                    const char *error, int64_t now, char *err, size_t errlen)
{
	int attempt = state == DELIVERY_PENDING ||
	              state == DELIVERY_DELIVERED || state == DELIVERY_GIVEN_UP;
	int failed = state == DELIVERY_PENDING || state == DELIVERY_GIVEN_UP;
	size_t elen = error ? strlen(error) : 0;
	char line[301];
	struct db_stmt *st;
	int rc;

	if (state >= DELIVERY_STATE__MAX || channel == NULL) {
		snprintf(err, errlen, "outbox: not a delivery state");
		return -1;
	}
	/* One line of at most 300 bytes, cut at a character's start. */
	if (elen > 300) {
		elen = 300;
		while (elen > 0 && ((unsigned char)error[elen] & 0xc0) == 0x80)
			elen--;
	}
	if ((rc = ob_begin(s, err, errlen)) != 0)
		return rc;
	st = ob_stmt(s, OB_RECORD, err, errlen);
	if (st == NULL)
		return ob_end(s, -1, err, errlen);
	db_bind_int64(st, 1, event_id);
	db_bind_text(st, 2, channel);
	db_bind_text(st, 3, delivery_state_names[state]);
	db_bind_int64(st, 4, failed);
	db_bind_int64(st, 5, next_at);
	db_bind_int64(st, 6, now);
	if (status != 0)
		db_bind_int64(st, 7, status);
	if (elen > 0) {
		/* No line breaks in a one-line field. */
		for (size_t i = 0; i < elen; i++)
			line[i] = error[i] == '\n' || error[i] == '\r'
			              ? ' '
			              : error[i];
		line[elen] = '\0';
		db_bind_text(st, 8, line);
	}
	bind_time_or_null(st, 9, state == DELIVERY_PENDING ? 0 : now);
	db_bind_int64(st, 10, attempt);
	if (step_write(s, st, err, errlen))
		return ob_end(s, -1, err, errlen);
	if (db_changes(s->db) == 0) {
		snprintf(err, errlen,
		         "outbox: event %lld has no pending delivery to %s",
		         (long long)event_id, channel);
		return ob_end(s, -1, err, errlen);
	}
	if (state == DELIVERY_DELIVERED || failed) {
		st = ob_stmt(s, OB_COUNT, err, errlen);
		if (st == NULL)
			return ob_end(s, -1, err, errlen);
		db_bind_text(st, 1, channel);
		db_bind_int64(st, 2, state == DELIVERY_DELIVERED);
		db_bind_int64(st, 3, failed);
		db_bind_int64(st, 4, state == DELIVERY_GIVEN_UP);
		if (step_write(s, st, err, errlen))
			return ob_end(s, -1, err, errlen);
	}
	return ob_end(s, 0, err, errlen);
}

int
store_maintenance_covers(struct store *s, int64_t provider_id, int64_t model_id,
                         int64_t at, char *err, size_t errlen)
{
	struct db_stmt *st;
	int64_t yes = 0;
	int began, rc;

	if (view_begin(s, &began, err, errlen) != 0)
		return -1;
	if (s->version < VERSION_MANUAL) {
		ob_read_end(s, began);
		return 0; /* no windows before version 8 */
	}
	st = ob_stmt(s, OB_COVERS, err, errlen);
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	db_bind_int64(st, 1, provider_id);
	bind_time_or_null(st, 2, model_id);
	db_bind_int64(st, 3, at);
	rc = ob_one(s, st, &yes, err, errlen);
	ob_read_end(s, began);
	return rc != 0 ? -1 : yes != 0;
}

/* The targets of window id as "openai,anthropic/claude-x" (arena a). */
static int
ob_targets(struct store *s, int64_t id, struct arena *a, const char **out,
           char *err, size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_MAINT_TARGETS, err, errlen);
	struct buf b = {0};
	int rc;

	*out = "";
	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, id);
	while ((rc = db_step(st)) == DB_ROW) {
		const char *p = db_column_text(st, 0);
		const char *m = db_column_text(st, 2);

		buf_printf(&b, "%s%s%s%s", b.len ? "," : "", p ? p : "",
		           m ? "/" : "", m ? m : "");
	}
	db_reset(st);
	if (b.data != NULL)
		*out = arena_strdup(a, b.data);
	free(b.data);
	return step_done(s, rc, err, errlen);
}

long
store_outbox_maintenance(struct store *s, int64_t since, int64_t now, char *err,
                         size_t errlen)
{
	struct arena *a;
	struct notify_event *due = NULL;
	size_t n = 0, cap = 0;
	struct db_stmt *st;
	long written = 0;
	int rc;

	if ((rc = ob_begin(s, err, errlen)) != 0)
		return rc;
	a = arena_new();
	st = ob_stmt(s, OB_MAINT_DUE, err, errlen);
	if (st == NULL) {
		arena_free(a);
		return ob_end(s, -1, err, errlen);
	}
	db_bind_int64(st, 1, since);
	db_bind_int64(st, 2, now);
	while ((rc = db_step(st)) == DB_ROW) {
		struct notify_event *ev;

		due = arena_grow(a, due, n, &cap, sizeof(*due));
		ev = &due[n++];
		ob_event_init(ev, NOTIFY_MAINT_START);
		ev->maintenance_id = db_column_int64(st, 0);
		ev->maint_title = col_text(st, 1, a);
		ev->maint_starts = db_column_int64(st, 2);
		ev->maint_ends = db_column_int64(st, 3);
		ev->created_at = now;
	}
	db_reset(st);
	rc = step_done(s, rc, err, errlen);
	for (size_t i = 0; rc == 0 && i < n; i++) {
		struct notify_event *ev = &due[i];

		rc = ob_targets(s, ev->maintenance_id, a, &ev->maint_targets,
		                err, errlen);
		for (int q = 0; rc == 0 && q < 2; q++) {
			int64_t at = q == 0 ? ev->maint_starts : ev->maint_ends;
			int one = 0;

			if (at <= since || at > now)
				continue;
			ev->kind =
			    q == 0 ? NOTIFY_MAINT_START : NOTIFY_MAINT_END;
			ev->occurred_at = at;
			rc = ob_write(s, ev, 1, &one, err, errlen);
			written += one;
		}
	}
	arena_free(a);
	rc = ob_end(s, rc, err, errlen);
	return rc != 0 ? rc : written;
}

long
store_outbox_list(struct store *s, int pending_only, long limit,
                  struct arena *a, struct outbox_row **out, char *err,
                  size_t errlen)
{
	struct outbox_row *v = arena_alloc(a, sizeof(*v));
	size_t n = 0, cap = 1;
	struct db_stmt *st;
	int began, rc;

	*out = v;
	rc = ob_read_begin(s, &began, err, errlen);
	if (rc <= 0)
		return rc;
	st = ob_stmt(s, OB_LIST, err, errlen);
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	db_bind_int64(st, 1, pending_only != 0);
	db_bind_int64(st, 2, limit);
	while ((rc = db_step(st)) == DB_ROW) {
		struct outbox_row *r;
		int64_t inc = col_or_zero(st, 4), maint = col_or_zero(st, 5);
		const char *p = db_column_text(st, 6);
		const char *m = db_column_text(st, 7);
		const char *ch = col_text_or_null(st, 8, a);

		v = arena_grow(a, v, n, &cap, sizeof(*v));
		r = &v[n++];
		memset(r, 0, sizeof(*r));
		r->event_id = db_column_int64(st, 0);
		r->created_at = db_column_int64(st, 1);
		r->occurred_at = db_column_int64(st, 2);
		r->kind = notify_kind_from_name(db_column_text(st, 3));
		if (maint != 0)
			r->subject = arena_printf(a, "maintenance #%lld",
			                          (long long)maint);
		else
			r->subject = arena_printf(a, "%s%s%s #%lld",
			                          p ? p : "?", m ? "/" : "",
			                          m ? m : "", (long long)inc);
		r->channel = ch ? ch : "";
		r->state = ch ? delivery_state_from_name(db_column_text(st, 9))
		              : DELIVERY_STATE__MAX;
		r->attempts = (int)col_or_zero(st, 10);
		r->next_at = col_or_zero(st, 11);
		r->done_at = col_or_zero(st, 12);
		r->last_status = (int)col_or_zero(st, 13);
		r->last_error = col_text(st, 14, a);
	}
	rc = step_done(s, rc, err, errlen);
	ob_read_end(s, began);
	*out = v;
	return rc == 0 ? (long)n : -1;
}

int
store_outbox_stats(struct store *s, struct arena *a, struct outbox_stats *out,
                   char *err, size_t errlen)
{
	struct outbox_channel_stats *v = arena_alloc(a, sizeof(*v));
	size_t n = 0, cap = 1;
	struct db_stmt *st;
	int began, rc;

	memset(out, 0, sizeof(*out));
	out->channels = v;
	rc = ob_read_begin(s, &began, err, errlen);
	if (rc <= 0)
		return rc;
	st = ob_stmt(s, OB_QUEUE, err, errlen);
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	rc = db_step(st);
	if (rc == DB_ROW) {
		out->queued = db_column_int64(st, 0);
		out->oldest_at = db_column_int64(st, 1);
		if (out->oldest_at == INT64_MAX)
			out->oldest_at = 0;
	}
	db_reset(st);
	rc = step_done(s, rc == DB_ROW ? DB_DONE : rc, err, errlen);
	st = rc == 0 ? ob_stmt(s, OB_CHANNELS, err, errlen) : NULL;
	if (st == NULL) {
		ob_read_end(s, began);
		return -1;
	}
	while ((rc = db_step(st)) == DB_ROW) {
		struct outbox_channel_stats *c;

		v = arena_grow(a, v, n, &cap, sizeof(*v));
		c = &v[n++];
		c->channel = col_text(st, 0, a);
		c->delivered = db_column_int64(st, 1);
		c->failed = db_column_int64(st, 2);
		c->given_up = db_column_int64(st, 3);
		c->pending = db_column_int64(st, 4);
	}
	rc = step_done(s, rc, err, errlen);
	ob_read_end(s, began);
	out->channels = v;
	out->n_channels = n;
	return rc == 0 ? 0 : -1;
}
/* ---- end of the notification outbox ---- */

/* ---- The fallback snapshot's incidents and maintenance in memory ---- */

int
store_begin_read(struct store *s, char *err, size_t errlen)
{
	if (s->read_depth++ > 0 || db_in_transaction(s->db))
		return 0;
	s->gen_ok = 0;
	if (exec_tx(s, TX_BEGIN_READ, err, errlen) != 0) {
		s->read_depth = 0;
		return -1;
	}
	s->read_began = 1;
	return 0;
}

void
store_end_read(struct store *s)
{
	char ignore[8];

	if (s->read_depth > 0 && --s->read_depth > 0)
		return;
	if (s->read_began && db_in_transaction(s->db))
		exec_tx(s, TX_COMMIT_READ, ignore, sizeof(ignore));
	s->read_began = 0;
	s->gen_ok = 0;
}

struct store *
store_open_memory(const char *schema_sql, char *err, size_t errlen)
{
	struct store *s;
	int64_t v = 0;

	if (errlen > 0)
		err[0] = '\0';
	s = store_new(":memory:", DB_MODE_CREATE, &v, err, errlen);
	if (s == NULL)
		return NULL;
	if (exec_sql(s->db, schema_sql, err, errlen) != 0 ||
	    query_one(s, SQL_USER_VERSION, &v, err, errlen) != 0 ||
	    v != STORE_SCHEMA_VERSION) {
		if (err[0] == '\0')
			snprintf(err, errlen, "the schema is not version %d",
			         STORE_SCHEMA_VERSION);
		store_close(s);
		return NULL;
	}
	return s;
}

/* Steps an insert of the fill to its end; 0 or -1 with err set. */
static int
fill_step(struct store *s, struct db_stmt *st, char *err, size_t errlen)
{
	int rc = db_step(st);

	db_reset(st);
	return step_done(s, rc, err, errlen);
}

/* Inserts incident v with its events and updates. 0, or -1 with err. */
static int
fill_incident(struct store *s, const struct incident_view *v, char *err,
              size_t errlen)
{
	const struct incident *i = &v->inc;
	struct db_stmt *st = view_stmt(s, VIEW_SNAP_INCIDENT, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, v->id);
	db_bind_text(st, 2, v->provider_slug);
	db_bind_text(st, 3, v->model_slug);
	db_bind_text(st, 4, v->is_manual ? "manual" : "auto");
	db_bind_int64(st, 5, i->started_at);
	db_bind_int64(st, 6, i->opened_at);
	bind_time_or_null(st, 7, i->resolved_at);
	bind_time_or_null(st, 8, i->closed_at);
	db_bind_text(st, 9, severity_names[i->severity]);
	db_bind_text(st, 10, severity_names[i->peak]);
	db_bind_text(st, 11, i->regions ? i->regions : "");
	db_bind_text(st, 12, i->error_kinds ? i->error_kinds : "");
	db_bind_text(st, 13, v->title);
	if (fill_step(s, st, err, errlen) != 0)
		return -1;
	for (size_t k = 0; k < i->n_events; k++) {
		const struct incident_event *e = &i->events[k];

		st = view_stmt(s, VIEW_SNAP_EVENT, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, v->id);
		db_bind_int64(st, 2, (int64_t)k);
		db_bind_int64(st, 3, e->at);
		db_bind_text(st, 4, incident_event_names[e->kind]);
		db_bind_text(st, 5, severity_names[e->severity]);
		if (fill_step(s, st, err, errlen) != 0)
			return -1;
	}
	for (size_t k = 0; k < v->n_updates; k++) {
		const struct incident_update *u = &v->updates[k];

		st = view_stmt(s, VIEW_SNAP_UPDATE, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, u->id);
		db_bind_int64(st, 2, v->id);
		db_bind_int64(st, 3, u->at);
		db_bind_text(st, 4, update_state_names[u->state]);
		db_bind_text(st, 5, u->body);
		db_bind_text(st, 6, u->author);
		if (fill_step(s, st, err, errlen) != 0)
			return -1;
	}
	return 0;
}

/* Inserts window m with its targets. 0, or -1 with err. */
static int
fill_maintenance(struct store *s, const struct maintenance_view *m, char *err,
                 size_t errlen)
{
	struct db_stmt *st = view_stmt(s, VIEW_SNAP_MAINT, err, errlen);

	if (st == NULL)
		return -1;
	db_bind_int64(st, 1, m->id);
	db_bind_text(st, 2, m->title);
	db_bind_text(st, 3, m->note ? m->note : "");
	db_bind_int64(st, 4, m->starts_at);
	db_bind_int64(st, 5, m->ends_at);
	db_bind_int64(st, 6, m->created_at);
	db_bind_int64(st, 7, m->updated_at);
	bind_time_or_null(st, 8, m->cancelled_at);
	if (fill_step(s, st, err, errlen) != 0)
		return -1;
	for (size_t k = 0; k < m->n_targets; k++) {
		st = view_stmt(s, VIEW_SNAP_TARGET, err, errlen);
		if (st == NULL)
			return -1;
		db_bind_int64(st, 1, m->id);
		db_bind_text(st, 2, m->targets[k].provider_slug);
		db_bind_text(st, 3, m->targets[k].model_slug);
		if (fill_step(s, st, err, errlen) != 0)
			return -1;
	}
	return 0;
}

int
store_fill_memory(struct store *s, const struct dataset *ds,
                  const struct incident_view *inc, size_t n_inc,
                  const struct maintenance_view *m, size_t n_m, char *err,
                  size_t errlen)
{
	int64_t *pid;

	if (store_begin(s, err, errlen) != 0)
		return -1;
	pid = xcalloc(ds->n_providers + 1, sizeof(*pid));
	for (size_t i = 0; i < ds->n_providers; i++)
		if ((pid[i] = store_upsert_provider(s, &ds->providers[i], err,
		                                    errlen)) < 0)
			goto fail;
	for (size_t i = 0; i < ds->n_models; i++) {
		const struct model *md = &ds->models[i];
		struct model_row row = {
		    pid[md->provider],  md->slug, md->name, md->modalities,
		    md->context_window, NULL,     NULL,     md->is_active};

		if (store_upsert_model(s, &row, err, errlen) < 0)
			goto fail;
	}
	for (size_t i = 0; i < n_inc; i++)
		if (fill_incident(s, &inc[i], err, errlen) != 0)
			goto fail;
	for (size_t i = 0; i < n_m; i++)
		if (fill_maintenance(s, &m[i], err, errlen) != 0)
			goto fail;
	free(pid);
	return store_commit(s, err, errlen);
fail:
	free(pid);
	store_rollback(s);
	return -1;
}
