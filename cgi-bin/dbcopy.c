/* dbcopy.c: aigo db copy: every table of an install from one database to another (SQLite or PostgreSQL, either way), in batches and one transaction, then verified. */
#include "dbcopy.h"

#include "arena.h"
#include "pstatus.h"
#include "store.h"
#include "timefmt.h"
#include "store_db.h"
#include "store_pg.h"
#include "store_sql.h"

#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

/* Every table of db/schema.sql (the e2e suite proves that none is
 * missing), parents before children (the foreign keys), each with every
 * column by name and type (i: an integer, t: text; the copy refuses a
 * source with a column not named here) and a unique key that orders its
 * rows for the batches (columns or expressions, separated by spaces). */
static const struct copy_table {
	const char *name;
	const char *cols;
	const char *key;
	/* The rows copied (NULL: all): aigo_meta's schema_version is each
	 * backend's own (SQLite keeps its version in PRAGMA user_version). */
	const char *where;
	/* Run on the destination before its rows: the rows the schema
	 * itself inserts make way for the source's (NULL: none; such a
	 * table's rows do not count as AI-GO data in the destination). */
	const char *clear;
} tables[] = {
    {"providers", "id:i slug:t name:t website:t status_page:t", "id", NULL,
     NULL},
    {"models",
     "id:i provider_id:i slug:t name:t modalities:t context_window:i "
     "released_at:t deprecated_at:t is_active:i status_components:t",
     "id", NULL, NULL},
    {"endpoints",
     "id:i model_id:i region:t url:t method:t expect_status:t "
     "timeout_ms:i degraded_ms:i",
     "id", NULL, NULL},
    {"checks",
     "id:i model_id:i region:t checked_at:i status:t latency_ms:i "
     "http_status:i error:t source:t probe_kind:t error_kind:t dns_ms:i "
     "connect_ms:i tls_ms:i first_byte_ms:i ttft_ms:i",
     "id", NULL, NULL},
    {"current_status",
     "model_id:i region:t checked_at:i status:t latency_ms:i "
     "http_status:i source:t probe_kind:t error_kind:t",
     "model_id region", NULL, NULL},
    {"rollups_hourly",
     "model_id:i region:t hour:i n_operational:i n_degraded:i n_outage:i "
     "latency_sum:i latency_n:i latency_max:i",
     "model_id region hour", NULL, NULL},
    {"rollups_5min",
     "model_id:i region:t slot:i n_operational:i n_degraded:i n_outage:i "
     "last_at:i last_status:t start_status:t",
     "slot model_id region", NULL, NULL},
    {"model_rollups",
     "model_id:i width:i start:i n_operational:i n_degraded:i n_outage:i "
     "s_operational:i s_degraded:i s_outage:i",
     "width start model_id", NULL, NULL},
    {"incidents",
     "id:i provider_id:i model_id:i source:t started_at:i opened_at:i "
     "resolved_at:i closed_at:i severity:t peak_severity:t regions:t "
     "error_kinds:t title:t",
     "id", NULL, NULL},
    {"incident_events", "incident_id:i seq:i at:i kind:t severity:t",
     "incident_id seq", NULL, NULL},
    {"incident_updates", "id:i incident_id:i at:i state:t body:t author:t",
     "id", NULL, NULL},
    {"maintenances",
     "id:i title:t note:t starts_at:i ends_at:i created_at:i "
     "updated_at:i cancelled_at:i author:t",
     "id", NULL, NULL},
    {"maintenance_targets", "maintenance_id:i provider_id:i model_id:i",
     "maintenance_id provider_id coalesce(model_id,0)", NULL, NULL},
    {"provider_status",
     "provider_id:i format:t checked_at:i ok_at:i indicator:t "
     "description:t error:t",
     "provider_id", NULL, NULL},
    {"provider_components", "provider_id:i name:t status:t", "provider_id name",
     NULL, NULL},
    {"provider_incidents",
     "provider_id:i ext_id:t name:t status:t impact:t started_at:i "
     "updated_at:i url:t components:t",
     "provider_id ext_id", NULL, NULL},
    {"outbox",
     "id:i kind:t key:t occurred_at:i created_at:i incident_id:i "
     "maintenance_id:i provider_id:i model_id:i severity:t payload:t "
     "fanned_out_at:i",
     "id", NULL, NULL},
    {"outbox_deliveries",
     "event_id:i channel:t state:t attempts:i next_at:i last_at:i "
     "last_status:i last_error:t done_at:i",
     "event_id channel", NULL, NULL},
    {"notify_counters", "channel:t delivered:i failed:i given_up:i", "channel",
     NULL, NULL},
    {"aigo_meta", "key:t value:t", "key", "key <> 'schema_version'",
     "DELETE FROM aigo_meta WHERE key <> 'schema_version'"},
};
#define N_TABLES (sizeof(tables) / sizeof(*tables))

#define COLS_MAX 24
#define KEYS_MAX 3
#define NAME_MAX_LEN 64
#define SQL_MAX 32768

size_t
dbcopy_n_tables(void)
{
	return N_TABLES;
}

const char *
dbcopy_table(size_t i)
{
	return i < N_TABLES ? tables[i].name : NULL;
}

/* One table's columns and key, split out of its line. */
struct plan {
	const struct copy_table *t;
	int n_cols, n_keys;
	char col[COLS_MAX][NAME_MAX_LEN];
	char type[COLS_MAX]; /* 'i' or 't' */
	char key[KEYS_MAX][NAME_MAX_LEN];
	char key_type[KEYS_MAX];
};

/* Splits the words of s (separated by spaces) into out; returns how
 * many, or -1 for more than max or a word too long. */
static int
split_words(const char *s, char out[][NAME_MAX_LEN], int max)
{
	int n = 0;

	while (*s) {
		size_t len = strcspn(s, " ");

		if (len > 0) {
			if (n == max || len >= NAME_MAX_LEN)
				return -1;
			memcpy(out[n], s, len);
			out[n++][len] = '\0';
		}
		s += len + (s[len] == ' ');
	}
	return n;
}

/* The plan of t; 0, or -1 for a line this file got wrong. */
static int
plan_of(const struct copy_table *t, struct plan *p)
{
	memset(p, 0, sizeof(*p));
	p->t = t;
	p->n_cols = split_words(t->cols, p->col, COLS_MAX);
	p->n_keys = split_words(t->key, p->key, KEYS_MAX);
	if (p->n_cols < 1 || p->n_keys < 1)
		return -1;
	for (int i = 0; i < p->n_cols; i++) {
		char *colon = strchr(p->col[i], ':');

		if (colon == NULL || (colon[1] != 'i' && colon[1] != 't'))
			return -1;
		p->type[i] = colon[1];
		*colon = '\0';
	}
	/* A key that is a column has its type; an expression (coalesce of
	 * an id) is an integer. */
	for (int k = 0; k < p->n_keys; k++) {
		p->key_type[k] = 'i';
		for (int i = 0; i < p->n_cols; i++)
			if (strcmp(p->key[k], p->col[i]) == 0)
				p->key_type[k] = p->type[i];
	}
	return 0;
}

/* Appends fmt's text to out (cap bytes) at *used, cut at the end and
 * always terminated; once full, appends nothing more. 0, or -1 when the
 * text was cut or could not be formatted. */
static int vappend(char *out, size_t cap, size_t *used, const char *fmt,
                   va_list ap) __attribute__((format(printf, 4, 0)));

static int
vappend(char *out, size_t cap, size_t *used, const char *fmt, va_list ap)
{
	int n;

	if (*used + 1 >= cap)
		return -1;
	n = vsnprintf(out + *used, cap - *used, fmt, ap);
	if (n < 0)
		return -1;
	if ((size_t)n >= cap - *used) {
		*used = cap - 1;
		return -1;
	}
	*used += (size_t)n;
	return 0;
}

/* A growing SQL text of at most SQL_MAX bytes. */
struct sqlbuf {
	char s[SQL_MAX];
	size_t n;
};

static void sql_add(struct sqlbuf *b, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
sql_add(struct sqlbuf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vappend(b->s, sizeof(b->s), &b->n, fmt, ap);
	va_end(ap);
}

/* The SELECT of p's rows in key order, batch at a time: its columns, then
 * its key's values; after (1) the rows after the key bound as parameters
 * 1..n_keys (sign: the source's parameter sign). */
static void
sql_select(struct sqlbuf *b, const struct plan *p, char sign, int after,
           long batch)
{
	const char *where = p->t->where;

	sql_add(b, "SELECT ");
	for (int i = 0; i < p->n_cols; i++)
		sql_add(b, "%s, ", p->col[i]);
	for (int k = 0; k < p->n_keys; k++)
		sql_add(b, "%s%s", k ? ", " : "", p->key[k]);
	sql_add(b, " FROM %s", p->t->name);
	if (where != NULL || after)
		sql_add(b, " WHERE ");
	if (where != NULL)
		sql_add(b, "(%s)%s", where, after ? " AND " : "");
	if (after) {
		sql_add(b, "(");
		for (int k = 0; k < p->n_keys; k++)
			sql_add(b, "%s%s", k ? ", " : "", p->key[k]);
		sql_add(b, ") > (");
		for (int k = 0; k < p->n_keys; k++)
			sql_add(b, "%s%c%d", k ? ", " : "", sign, k + 1);
		sql_add(b, ")");
	}
	sql_add(b, " ORDER BY ");
	for (int k = 0; k < p->n_keys; k++)
		sql_add(b, "%s%s", k ? ", " : "", p->key[k]);
	sql_add(b, " LIMIT %ld", batch);
}

/* The INSERT of rows rows of p (sign: the destination's): parameter
 * r * n_cols + i + 1 is column i of row r. */
static void
sql_insert(struct sqlbuf *b, const struct plan *p, char sign, int rows)
{
	sql_add(b, "INSERT INTO %s (", p->t->name);
	for (int i = 0; i < p->n_cols; i++)
		sql_add(b, "%s%s", i ? ", " : "", p->col[i]);
	sql_add(b, ") VALUES ");
	for (int r = 0; r < rows; r++) {
		sql_add(b, "%s(", r ? ", " : "");
		for (int i = 0; i < p->n_cols; i++)
			sql_add(b, "%s%c%d", i ? ", " : "", sign,
			        r * p->n_cols + i + 1);
		sql_add(b, ")");
	}
}

/* One end of the copy. */
struct side {
	const char *name; /* as given */
	char shown[512];  /* as printed: the password hidden */
	struct db *db;
	const struct store_dialect *d;
	int pg;
	int64_t version;
};

static int
side_open(struct side *s, const char *name, enum db_mode mode, char *err,
          size_t errlen)
{
	s->name = name;
	s->pg = store_pg_is_url(name);
	store_pg_redact(name, name, s->shown, sizeof(s->shown));
	s->d = s->pg ? &store_pg_dialect : &store_sqlite_dialect;
	s->db = s->pg ? store_pg_connect(name, mode, &s->version, err, errlen)
	              : store_sqlite_open(name, mode, &s->version, err, errlen);
	return s->db == NULL ? -1 : 0;
}

/* Runs one statement of s without parameters and returns its first
 * column's integer (a count), or -1 with err set. */
static int64_t
query_int(struct side *s, const char *sql, char *err, size_t errlen)
{
	struct db_stmt *st = db_prepare(s->db, sql);
	int64_t v = -1;

	if (st != NULL && db_step(st) == DB_ROW)
		v = db_column_is_null(st, 0) ? 0 : db_column_int64(st, 0);
	if (v < 0)
		snprintf(err, errlen, "%s", db_errmsg(s->db));
	db_finalize(st);
	return v;
}

/* The rows of p's table in s that the copy moves (all: every row). */
static int64_t
count_rows(struct side *s, const struct plan *p, int all, char *err,
           size_t errlen)
{
	struct sqlbuf b = {.n = 0};

	sql_add(&b, "SELECT count(*) FROM %s", p->t->name);
	if (!all && p->t->where != NULL)
		sql_add(&b, " WHERE %s", p->t->where);
	return query_int(s, b.s, err, errlen);
}

/* Whether s's table of p has exactly p's columns (in any order): a
 * source of a schema this copy does not know is refused, not copied in
 * part. 0, or -1 with err saying which column. */
static int
check_columns(struct side *s, const struct plan *p, char *err, size_t errlen)
{
	struct sqlbuf b = {.n = 0};
	struct db_stmt *st;
	int rc, n, found = 0;

	sql_add(&b, "SELECT * FROM %s LIMIT 0", p->t->name);
	st = db_prepare(s->db, b.s);
	rc = st == NULL ? DB_ERROR : db_step(st);
	if (rc != DB_DONE && rc != DB_ROW) {
		snprintf(err, errlen, "%s: %s", p->t->name, db_errmsg(s->db));
		db_finalize(st);
		return -1;
	}
	n = db_column_count(st);
	for (int i = 0; i < n; i++) {
		const char *c = db_column_name(st, i);
		int j = 0;

		while (j < p->n_cols && strcmp(c, p->col[j]) != 0)
			j++;
		if (j == p->n_cols) {
			snprintf(err, errlen,
			         "%s: has a column %s that this aigo does not "
			         "copy",
			         p->t->name, c);
			db_finalize(st);
			return -1;
		}
		found++;
	}
	db_finalize(st);
	if (found != p->n_cols) {
		snprintf(err, errlen, "%s: lacks %d of its %d columns",
		         p->t->name, p->n_cols - found, p->n_cols);
		return -1;
	}
	return 0;
}

/* A key's values: the last row read, and those bound to the next read
 * (kept apart: a bound text must live until the statement's reset). */
struct keyvals {
	int64_t i[KEYS_MAX];
	char *t[KEYS_MAX];
	size_t cap[KEYS_MAX];
};

static void
keyvals_set_text(struct keyvals *kv, int k, const char *s)
{
	size_t n = strlen(s ? s : "") + 1;

	if (n > kv->cap[k]) {
		kv->t[k] = xrealloc(kv->t[k], n);
		kv->cap[k] = n;
	}
	memcpy(kv->t[k], s ? s : "", n);
}

static void
keyvals_free(struct keyvals *kv)
{
	for (int k = 0; k < KEYS_MAX; k++)
		free(kv->t[k]);
}

static void
progress(const struct dbcopy_opts *o, const char *table, int64_t done,
         int64_t total, int end, double secs)
{
	int pct = total > 0 ? (int)(done * 100 / total) : 100;

	if (o->tty)
		fprintf(o->errs, "\r%s %lld/%lld (%d%%)", table,
		        (long long)done, (long long)total, pct);
	else if (end)
		fprintf(o->errs, "%s %lld/%lld (%d%%)", table, (long long)done,
		        (long long)total, pct);
	if (end)
		fprintf(o->errs, " in %.1f s\n", secs);
	fflush(o->errs);
}

/* Rows written by one INSERT, at most (a round trip each in PostgreSQL:
 * one per row would be most of the copy's time). */
#define CHUNK_ROWS 100

/* Rows of one table read and not yet written: their values, texts copied
 * (the source's last only until its next step). */
struct chunk {
	const struct plan *p;
	struct side *dst;
	struct db_stmt *ins[CHUNK_ROWS + 1]; /* by rows, prepared on use */
	struct val {
		int null;
		int64_t i;
		const char *t;
	} v[CHUNK_ROWS * COLS_MAX];
	int n;               /* rows waiting */
	int64_t written;     /* rows written before them */
	struct arena *texts; /* their texts */
};

/* Writes the rows waiting in c with one INSERT. 0, or -1 with err naming
 * the table and the rows. */
static int
chunk_flush(struct chunk *c, char *err, size_t errlen)
{
	const struct plan *p = c->p;
	struct db_stmt *st;

	if (c->n == 0)
		return 0;
	st = c->ins[c->n];
	if (st == NULL) {
		struct sqlbuf b = {.n = 0};

		sql_insert(&b, p, c->dst->d->param, c->n);
		st = c->ins[c->n] = db_prepare(c->dst->db, b.s);
	}
	if (st != NULL) {
		for (int k = 0; k < c->n * p->n_cols; k++) {
			const struct val *v = &c->v[k];

			if (v->null)
				db_bind_null(st, k + 1);
			else if (p->type[k % p->n_cols] == 'i')
				db_bind_int64(st, k + 1, v->i);
			else
				db_bind_text(st, k + 1, v->t);
		}
	}
	if (st == NULL || db_step(st) != DB_DONE) {
		if (c->n == 1)
			snprintf(err, errlen, "%s: %s, row %lld: %s",
			         c->dst->shown, p->t->name,
			         (long long)c->written + 1,
			         db_errmsg(c->dst->db));
		else
			snprintf(err, errlen, "%s: %s, rows %lld-%lld: %s",
			         c->dst->shown, p->t->name,
			         (long long)c->written + 1,
			         (long long)c->written + c->n,
			         db_errmsg(c->dst->db));
		return -1;
	}
	db_reset(st);
	c->written += c->n;
	c->n = 0;
	arena_free(c->texts);
	c->texts = arena_new();
	return 0;
}

/* Copies the current row of st (p's columns first) into c, and writes
 * c's rows when it is full. 0, or -1 as chunk_flush. */
static int
chunk_add(struct chunk *c, struct db_stmt *st, char *err, size_t errlen)
{
	const struct plan *p = c->p;
	struct val *v = &c->v[c->n * p->n_cols];

	for (int i = 0; i < p->n_cols; i++) {
		v[i].null = db_column_is_null(st, i);
		if (v[i].null)
			continue;
		if (p->type[i] == 'i')
			v[i].i = db_column_int64(st, i);
		else
			v[i].t = arena_strdup(c->texts, db_column_text(st, i));
	}
	return ++c->n == CHUNK_ROWS ? chunk_flush(c, err, errlen) : 0;
}

/* Copies the rows of p from src to dst (inside dst's transaction),
 * batch rows per read, CHUNK_ROWS per INSERT. *copied gets the rows
 * written. 0, or -1 with err naming the table and what failed. */
static int
copy_rows(const struct dbcopy_opts *o, struct side *src, struct side *dst,
          const struct plan *p, int64_t total, int64_t *copied, char *err,
          size_t errlen)
{
	struct sqlbuf first = {.n = 0}, next = {.n = 0};
	struct db_stmt *s_first, *s_next, *st;
	struct chunk *c;
	struct keyvals last, bound;
	int64_t t0;
	int rc = 0;

	t0 = clock_mono_us();
	memset(&last, 0, sizeof(last));
	memset(&bound, 0, sizeof(bound));
	*copied = 0;
	sql_select(&first, p, src->d->param, 0, o->batch);
	sql_select(&next, p, src->d->param, 1, o->batch);
	if (p->t->clear != NULL && db_exec(dst->db, p->t->clear) != DB_OK) {
		snprintf(err, errlen, "%s: %s: %s", dst->shown, p->t->name,
		         db_errmsg(dst->db));
		return -1;
	}
	c = xcalloc(1, sizeof(*c));
	c->p = p;
	c->dst = dst;
	c->texts = arena_new();
	s_first = db_prepare(src->db, first.s);
	s_next = db_prepare(src->db, next.s);
	if (s_first == NULL || s_next == NULL) {
		snprintf(err, errlen, "%s: %s: %s", src->shown, p->t->name,
		         db_errmsg(src->db));
		rc = -1;
	}
	st = s_first;
	while (rc == 0) {
		long n = 0;
		int r;

		while ((r = db_step(st)) == DB_ROW) {
			if (chunk_add(c, st, err, errlen) != 0) {
				rc = -1;
				break;
			}
			for (int k = 0; k < p->n_keys; k++) {
				int col = p->n_cols + k;

				if (p->key_type[k] == 'i')
					last.i[k] = db_column_int64(st, col);
				else
					keyvals_set_text(
					    &last, k, db_column_text(st, col));
			}
			n++;
		}
		if (rc != 0)
			break;
		if (r != DB_DONE) {
			snprintf(err, errlen, "%s: %s: %s", src->shown,
			         p->t->name, db_errmsg(src->db));
			rc = -1;
			break;
		}
		if (chunk_flush(c, err, errlen) != 0) {
			rc = -1;
			break;
		}
		*copied = c->written;
		if (n < o->batch)
			break;
		progress(o, p->t->name, *copied, total, 0, 0);
		/* The next batch: the rows after the last one read. */
		db_reset(s_next);
		for (int k = 0; k < p->n_keys; k++) {
			if (p->key_type[k] == 'i') {
				bound.i[k] = last.i[k];
				db_bind_int64(s_next, k + 1, bound.i[k]);
			} else {
				keyvals_set_text(&bound, k, last.t[k]);
				db_bind_text(s_next, k + 1, bound.t[k]);
			}
		}
		st = s_next;
	}
	db_finalize(s_first);
	db_finalize(s_next);
	for (int k = 0; k <= CHUNK_ROWS; k++)
		db_finalize(c->ins[k]);
	arena_free(c->texts);
	free(c);
	keyvals_free(&last);
	keyvals_free(&bound);
	if (rc == 0)
		progress(o, p->t->name, *copied, total, 1,
		         clock_mono_secs_since(t0));
	else if (o->tty)
		fprintf(o->errs, "\n");
	return rc;
}

/* Removes the SQLite file path and the files SQLite keeps beside it. */
static void
remove_sqlite_file(const char *path)
{
	static const char *const ext[] = {"", "-wal", "-shm", "-journal"};
	char name[4096];

	for (size_t i = 0; i < sizeof(ext) / sizeof(*ext); i++) {
		snprintf(name, sizeof(name), "%s%s", path, ext[i]);
		unlink(name);
	}
}

/* The newest check in s (0: none), or -1 with err set. */
static int64_t
newest_check(struct side *s, char *err, size_t errlen)
{
	return query_int(s, "SELECT max(checked_at) FROM checks", err, errlen);
}

/* Reads the dataset of name (a SQLite file or a PostgreSQL URL) at now
 * into ds with the store's own reads; 0, or -1 with err set. */
static int
read_dataset(const char *name, int64_t now, struct arena *a, struct dataset *ds,
             char *err, size_t errlen)
{
	struct store *s = store_open_readonly(name, err, errlen);
	int rc;

	if (s == NULL)
		return -1;
	rc = store_read_dataset(s, now, RANGES_ALL | WINDOWS_ALL, a, ds, err,
	                        errlen);
	store_close(s);
	return rc;
}

/* The verification's second half: both datasets at now compared. Prints
 * the verdict; 0, or 1 when they differ or cannot be read. */
static int
verify_numbers(const struct dbcopy_opts *o, struct side *src, struct side *dst,
               int64_t now, long n_rows)
{
	struct arena *a = arena_new();
	struct dataset da, db;
	char err[512], diffs[2048];
	long numbers = 0, n;
	int rc = 1;

	if (read_dataset(src->name, now, a, &da, err, sizeof(err)) != 0)
		fprintf(o->errs, "aigo db copy: %s: %s\n", src->shown, err);
	else if (read_dataset(dst->name, now, a, &db, err, sizeof(err)) != 0)
		fprintf(o->errs, "aigo db copy: %s: %s\n", dst->shown, err);
	else if ((n = dbcopy_compare(&da, &db, diffs, sizeof(diffs),
	                             &numbers)) != 0)
		fprintf(o->errs,
		        "aigo db copy: the copy differs: %ld of %ld numbers "
		        "and names read at %lld:\n%s",
		        n, numbers, (long long)now, diffs);
	else {
		fprintf(o->out,
		        "copy verified: %zu tables, %ld rows, %ld numbers "
		        "equal\n",
		        N_TABLES, n_rows, numbers);
		rc = 0;
	}
	arena_free(a);
	return rc;
}

int
dbcopy_run(const struct dbcopy_opts *o)
{
	struct side src = {0}, dst = {0};
	struct plan plans[N_TABLES];
	int64_t n_src[N_TABLES], n_dst[N_TABLES], now = 0;
	char err[1024], shown[512];
	int created = 0, in_write = 0, in_read = 0, rc = 1, empty;
	long n_rows = 0;
	struct stat sb;
	int64_t t0;

	t0 = clock_mono_us();
	for (size_t i = 0; i < N_TABLES; i++)
		if (plan_of(&tables[i], &plans[i]) != 0) {
			fprintf(o->errs,
			        "aigo db copy: %s: a wrong line in "
			        "dbcopy.c\n",
			        tables[i].name);
			return 1;
		}
	if (strcmp(o->from, o->to) == 0) {
		store_pg_redact(o->from, o->from, shown, sizeof(shown));
		fprintf(o->errs,
		        "aigo db copy: %s: the source and the destination are "
		        "the same\n",
		        shown);
		return 1;
	}

	/* The source: read-only, of this schema version. */
	if (side_open(&src, o->from, DB_MODE_READ, err, sizeof(err)) != 0) {
		fprintf(o->errs, "aigo db copy: %s: %s\n", src.shown, err);
		return 1;
	}
	if (src.version == 0) {
		fprintf(o->errs,
		        "aigo db copy: %s: not an AI-GO database (no schema): "
		        "nothing to copy\n",
		        src.shown);
		goto out;
	}
	if (src.version != STORE_SCHEMA_VERSION) {
		fprintf(o->errs,
		        "aigo db copy: %s: schema version %lld; this aigo "
		        "copies version %d: run `aigo db init` on it first\n",
		        src.shown, (long long)src.version,
		        STORE_SCHEMA_VERSION);
		goto out;
	}

	/* The destination: an empty database, or the schema and no rows. A
	 * SQLite file that is not there is made (and removed on failure). */
	created =
	    !store_pg_is_url(o->to) && stat(o->to, &sb) != 0 && errno == ENOENT;
	if (side_open(&dst, o->to,
	              store_pg_is_url(o->to) ? DB_MODE_WRITE : DB_MODE_CREATE,
	              err, sizeof(err)) != 0) {
		fprintf(o->errs, "aigo db copy: %s: %s\n", dst.shown, err);
		goto out;
	}
	empty = dst.version == 0;
	if (!empty && dst.version != STORE_SCHEMA_VERSION) {
		fprintf(o->errs,
		        "aigo db copy: %s: schema version %lld: copy into a "
		        "new or empty database\n",
		        dst.shown, (long long)dst.version);
		goto out;
	}
	if (empty && (dst.pg ? o->schema_pg : o->schema_sqlite) == NULL) {
		fprintf(o->errs,
		        "aigo db copy: %s: the schema of %s cannot "
		        "be read\n",
		        dst.shown, dst.d->name);
		goto out;
	}

	/* One state of the source for every read. */
	if (db_exec(src.db, src.d->tx[TX_BEGIN_READ]) != DB_OK) {
		fprintf(o->errs, "aigo db copy: %s: %s\n", src.shown,
		        db_errmsg(src.db));
		goto out;
	}
	in_read = 1;
	for (size_t i = 0; i < N_TABLES; i++) {
		if (check_columns(&src, &plans[i], err, sizeof(err)) != 0 ||
		    (n_src[i] = count_rows(&src, &plans[i], 0, err,
		                           sizeof(err))) < 0) {
			fprintf(o->errs, "aigo db copy: %s: %s\n", src.shown,
			        err);
			goto out;
		}
	}
	now = newest_check(&src, err, sizeof(err));
	if (now < 0) {
		fprintf(o->errs, "aigo db copy: %s: %s\n", src.shown, err);
		goto out;
	}

	/* All of it in one transaction of the destination, or nothing;
	 * committed to disk when it says so (TX_DURABLE). */
	if ((dst.d->tx[TX_DURABLE] != NULL &&
	     db_exec(dst.db, dst.d->tx[TX_DURABLE]) != DB_OK) ||
	    db_exec(dst.db,
	            dst.d->tx[empty ? TX_BEGIN_SCHEMA : TX_BEGIN_WRITE]) !=
	        DB_OK) {
		fprintf(o->errs, "aigo db copy: %s: %s\n", dst.shown,
		        db_errmsg(dst.db));
		goto out;
	}
	in_write = 1;
	if (empty) {
		if (db_exec(dst.db, dst.pg ? o->schema_pg : o->schema_sqlite) !=
		    DB_OK) {
			fprintf(o->errs, "aigo db copy: %s: the schema: %s\n",
			        dst.shown, db_errmsg(dst.db));
			goto out;
		}
	} else {
		for (size_t i = 0; i < N_TABLES; i++) {
			int64_t n;

			if (tables[i].clear != NULL)
				continue;
			n = count_rows(&dst, &plans[i], 1, err, sizeof(err));
			if (n != 0) {
				if (n < 0)
					fprintf(o->errs,
					        "aigo db copy: %s: %s\n",
					        dst.shown, err);
				else
					fprintf(o->errs,
					        "aigo db copy: %s: holds AI-GO "
					        "data (%s: %lld rows): copy "
					        "into a new or empty database; "
					        "nothing was written\n",
					        dst.shown, tables[i].name,
					        (long long)n);
				goto out;
			}
		}
	}
	fprintf(o->errs, "aigo db copy: %s (%s) -> %s (%s%s)\n", src.shown,
	        src.d->name, dst.shown, dst.d->name,
	        empty ? ", schema created" : "");
	for (size_t i = 0; i < N_TABLES; i++) {
		int64_t copied;

		if (copy_rows(o, &src, &dst, &plans[i], n_src[i], &copied, err,
		              sizeof(err)) != 0) {
			fprintf(o->errs,
			        "aigo db copy: %s; nothing was written\n", err);
			goto out;
		}
		n_rows += (long)copied;
	}
	if (dst.d->copy_done != NULL &&
	    db_exec(dst.db, dst.d->copy_done) != DB_OK) {
		fprintf(o->errs, "aigo db copy: %s: %s; nothing was written\n",
		        dst.shown, db_errmsg(dst.db));
		goto out;
	}
	if (db_exec(dst.db, dst.d->tx[TX_COMMIT_WRITE]) != DB_OK) {
		fprintf(o->errs, "aigo db copy: %s: %s; nothing was written\n",
		        dst.shown, db_errmsg(dst.db));
		goto out;
	}
	in_write = 0;
	created = 0; /* it holds the copy now */
	/* A file whole without its WAL (one to move or back up). */
	if (dst.d->tx[TX_CHECKPOINT] != NULL)
		db_exec(dst.db, dst.d->tx[TX_CHECKPOINT]);
	fprintf(o->errs, "aigo db copy: %ld rows of %zu tables in %.1f s\n",
	        n_rows, N_TABLES, clock_mono_secs_since(t0));

	/* The verification: every table's rows on both. */
	rc = 0;
	fprintf(o->out, "%-22s %12s %12s\n", "table", "from", "to");
	for (size_t i = 0; i < N_TABLES; i++) {
		n_dst[i] = count_rows(&dst, &plans[i], 0, err, sizeof(err));
		fprintf(o->out, "%-22s %12lld %12lld%s\n", tables[i].name,
		        (long long)n_src[i], (long long)n_dst[i],
		        n_src[i] == n_dst[i] ? "" : "  DIFFERS");
		if (n_dst[i] != n_src[i])
			rc = 1;
	}
	if (rc != 0) {
		fprintf(o->errs,
		        "aigo db copy: the copy differs: the row counts marked "
		        "DIFFERS\n");
		goto out;
	}
	db_exec(src.db, src.d->tx[TX_COMMIT_READ]);
	in_read = 0;
	db_close(src.db);
	db_close(dst.db);
	src.db = dst.db = NULL;
	rc = verify_numbers(o, &src, &dst, now > 0 ? now : (int64_t)time(NULL),
	                    n_rows);
out:
	if (in_write)
		db_exec(dst.db, dst.d->tx[TX_ROLLBACK]);
	if (in_read)
		db_exec(src.db, src.d->tx[TX_ROLLBACK]);
	db_close(src.db);
	db_close(dst.db);
	if (created)
		remove_sqlite_file(o->to);
	return rc;
}

/* ---- the datasets compared ---- */

/* The differences found so far, and the first ones said. */
struct cmp {
	long diffs, numbers;
	char *out;
	size_t len, used;
	int said;
};

#define CMP_SAID_MAX 12

static void cmp_line(struct cmp *c, const char *fmt, ...)
    __attribute__((format(printf, 2, 3)));

static void
cmp_line(struct cmp *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	c->said++;
	va_start(ap, fmt);
	rc = vappend(c->out, c->len, &c->used, fmt, ap);
	va_end(ap);
	if (rc == 0 && c->used + 1 < c->len) {
		c->out[c->used++] = '\n';
		c->out[c->used] = '\0';
	}
}

/* Counts a difference of c; 1 with name (n bytes) formatted from fmt
 * when it is among the first ones, to be said; 0 when enough were. */
static int cmp_differs(struct cmp *c, char *name, size_t n, const char *fmt,
                       va_list ap) __attribute__((format(printf, 4, 0)));

static int
cmp_differs(struct cmp *c, char *name, size_t n, const char *fmt, va_list ap)
{
	c->diffs++;
	if (c->said >= CMP_SAID_MAX)
		return 0;
	vsnprintf(name, n, fmt, ap);
	return 1;
}

static void cmp_int(struct cmp *c, int64_t a, int64_t b, const char *fmt, ...)
    __attribute__((format(printf, 4, 5)));

/* One number: counted, and named when it differs. */
static void
cmp_int(struct cmp *c, int64_t a, int64_t b, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	int say;

	c->numbers++;
	if (a == b)
		return;
	va_start(ap, fmt);
	say = cmp_differs(c, name, sizeof(name), fmt, ap);
	va_end(ap);
	if (say)
		cmp_line(c, "%s: %lld vs %lld", name, (long long)a,
		         (long long)b);
}

static void cmp_str(struct cmp *c, const char *a, const char *b,
                    const char *fmt, ...) __attribute__((format(printf, 4, 5)));

/* One text (NULL: none): named when it differs. */
static void
cmp_str(struct cmp *c, const char *a, const char *b, const char *fmt, ...)
{
	char name[256];
	va_list ap;

	int say;

	if ((a == NULL && b == NULL) ||
	    (a != NULL && b != NULL && strcmp(a, b) == 0))
		return;
	va_start(ap, fmt);
	say = cmp_differs(c, name, sizeof(name), fmt, ap);
	va_end(ap);
	if (say)
		cmp_line(c, "%s: \"%.60s\" vs \"%.60s\"", name,
		         a ? a : "(none)", b ? b : "(none)");
}

/* What two providers' status pages said. */
static void
cmp_said(struct cmp *c, const char *who, const struct provider_said *a,
         const struct provider_said *b)
{
	const struct pstatus_report *ra, *rb;

	cmp_int(c, a != NULL, b != NULL, "provider %s: status page read", who);
	if (a == NULL || b == NULL)
		return;
	cmp_int(c, a->checked_at, b->checked_at,
	        "provider %s: status page checked_at", who);
	cmp_int(c, a->ok_at, b->ok_at, "provider %s: status page ok_at", who);
	cmp_str(c, a->error, b->error, "provider %s: status page error", who);
	ra = &a->report;
	rb = &b->report;
	cmp_int(c, ra->indicator, rb->indicator,
	        "provider %s: status page indicator", who);
	cmp_str(c, ra->description, rb->description,
	        "provider %s: status page description", who);
	cmp_int(c, (int64_t)ra->n_components, (int64_t)rb->n_components,
	        "provider %s: status page components", who);
	for (size_t i = 0; i < ra->n_components && i < rb->n_components; i++) {
		cmp_str(c, ra->components[i].name, rb->components[i].name,
		        "provider %s: component %zu", who, i);
		cmp_int(c, ra->components[i].status, rb->components[i].status,
		        "provider %s: component %s status", who,
		        ra->components[i].name);
	}
	cmp_int(c, (int64_t)ra->n_incidents, (int64_t)rb->n_incidents,
	        "provider %s: status page incidents", who);
	for (size_t i = 0; i < ra->n_incidents && i < rb->n_incidents; i++) {
		const struct pstatus_incident *x = &ra->incidents[i],
		                              *y = &rb->incidents[i];

		cmp_str(c, x->id, y->id, "provider %s: incident %zu", who, i);
		cmp_str(c, x->name, y->name, "provider %s: incident %s name",
		        who, x->id);
		cmp_int(c, x->status, y->status,
		        "provider %s: incident %s status", who, x->id);
		cmp_int(c, x->impact, y->impact,
		        "provider %s: incident %s impact", who, x->id);
		cmp_int(c, x->created_at, y->created_at,
		        "provider %s: incident %s created_at", who, x->id);
		cmp_int(c, x->updated_at, y->updated_at,
		        "provider %s: incident %s updated_at", who, x->id);
		cmp_str(c, x->url, y->url, "provider %s: incident %s url", who,
		        x->id);
		cmp_int(c, (int64_t)x->n_components, (int64_t)y->n_components,
		        "provider %s: incident %s components", who, x->id);
		for (size_t k = 0; k < x->n_components && k < y->n_components;
		     k++)
			cmp_str(c, x->components[k], y->components[k],
			        "provider %s: incident %s component %zu", who,
			        x->id, k);
	}
}

/* The counts of three statuses (a window's, a bucket's). */
static void
cmp_counts(struct cmp *c, const struct counts *a, const struct counts *b,
           const char *what, const char *model)
{
	for (int k = 0; k < 3; k++)
		cmp_int(c, a->n[k], b->n[k], "model %s: %s %s", model, what,
		        status_names[k]);
}

/* One history range of both (the same models). */
static void
cmp_history(struct cmp *c, const struct dataset *a, const struct dataset *b,
            int r)
{
	const struct history *x = &a->hist[r], *y = &b->hist[r];
	const char *rn = ranges[r].name;
	size_t nb;

	cmp_int(c, x->counts != NULL, y->counts != NULL, "history %s read", rn);
	if (x->counts == NULL || y->counts == NULL)
		return;
	cmp_int(c, x->n_buckets, y->n_buckets, "history %s buckets", rn);
	cmp_int(c, x->bucket_secs, y->bucket_secs, "history %s bucket width",
	        rn);
	cmp_int(c, x->first_bucket, y->first_bucket, "history %s first bucket",
	        rn);
	if (x->n_buckets != y->n_buckets || x->n_buckets < 0)
		return;
	nb = (size_t)x->n_buckets;
	if (x->n_instants != NULL && y->n_instants != NULL)
		for (size_t j = 0; j < nb; j++)
			cmp_int(c, x->n_instants[j], y->n_instants[j],
			        "history %s bucket %zu instants", rn, j);
	cmp_int(c, x->samples != NULL, y->samples != NULL,
	        "history %s samples read", rn);
	for (size_t m = 0; m < a->n_models; m++) {
		const char *slug = a->models[m].slug;

		for (size_t j = 0; j < nb; j++) {
			char what[64];

			snprintf(what, sizeof(what), "history %s bucket %zu",
			         rn, j);
			cmp_counts(c, &x->counts[m * nb + j],
			           &y->counts[m * nb + j], what, slug);
			if (x->samples == NULL || y->samples == NULL)
				continue;
			for (int k = 0; k < STATUS__MAX; k++)
				cmp_int(c, x->samples[m * nb + j].n[k],
				        y->samples[m * nb + j].n[k],
				        "model %s: %s %s instants", slug, what,
				        status_names[k]);
		}
	}
}

long
dbcopy_compare(const struct dataset *a, const struct dataset *b, char *diffs,
               size_t difflen, long *numbers)
{
	struct cmp c = {.out = diffs, .len = difflen};

	if (difflen > 0)
		diffs[0] = '\0';
	cmp_int(&c, a->now, b->now, "now");
	cmp_int(&c, a->is_demo, b->is_demo, "demo");
	cmp_int(&c, (int64_t)a->n_providers, (int64_t)b->n_providers,
	        "providers");
	for (size_t i = 0; i < a->n_providers && i < b->n_providers; i++) {
		const struct provider *x = &a->providers[i],
		                      *y = &b->providers[i];

		cmp_int(&c, x->id, y->id, "provider %s: id", x->slug);
		cmp_str(&c, x->slug, y->slug, "provider %zu: slug", i);
		cmp_str(&c, x->name, y->name, "provider %s: name", x->slug);
		cmp_str(&c, x->website, y->website, "provider %s: website",
		        x->slug);
		cmp_str(&c, x->status_page, y->status_page,
		        "provider %s: status page", x->slug);
		cmp_said(&c, x->slug, x->said, y->said);
	}
	cmp_int(&c, (int64_t)a->n_models, (int64_t)b->n_models, "models");
	for (size_t i = 0; i < a->n_models && i < b->n_models; i++) {
		const struct model *x = &a->models[i], *y = &b->models[i];

		cmp_int(&c, x->id, y->id, "model %s: id", x->slug);
		cmp_int(&c, (int64_t)x->provider, (int64_t)y->provider,
		        "model %s: provider", x->slug);
		cmp_str(&c, x->slug, y->slug, "model %zu: slug", i);
		cmp_str(&c, x->name, y->name, "model %s: name", x->slug);
		cmp_str(&c, x->modalities, y->modalities,
		        "model %s: modalities", x->slug);
		cmp_int(&c, x->context_window, y->context_window,
		        "model %s: context window", x->slug);
		cmp_int(&c, x->is_active, y->is_active, "model %s: active",
		        x->slug);
		/* NULL and "" both say none. */
		cmp_str(&c, x->status_components ? x->status_components : "",
		        y->status_components ? y->status_components : "",
		        "model %s: status components", x->slug);
	}
	cmp_int(&c, (int64_t)a->n_latest, (int64_t)b->n_latest,
	        "latest checks");
	for (size_t i = 0; i < a->n_latest && i < b->n_latest; i++) {
		const struct region_latest *x = &a->latest[i],
		                           *y = &b->latest[i];
		const char *slug =
		    x->model < a->n_models ? a->models[x->model].slug : "?";

		cmp_int(&c, (int64_t)x->model, (int64_t)y->model,
		        "latest %zu: model", i);
		cmp_str(&c, x->region, y->region, "latest %zu (%s): region", i,
		        slug);
		cmp_int(&c, x->has_check, y->has_check, "latest %s/%s: checked",
		        slug, x->region);
		cmp_int(&c, x->checked_at, y->checked_at,
		        "latest %s/%s: checked_at", slug, x->region);
		cmp_int(&c, x->status, y->status, "latest %s/%s: status", slug,
		        x->region);
		cmp_int(&c, x->latency_ms, y->latency_ms,
		        "latest %s/%s: latency", slug, x->region);
		cmp_int(&c, x->http_status, y->http_status,
		        "latest %s/%s: HTTP status", slug, x->region);
		cmp_int(&c, x->probe_kind, y->probe_kind,
		        "latest %s/%s: probe kind", slug, x->region);
		cmp_int(&c, x->error_kind, y->error_kind,
		        "latest %s/%s: error kind", slug, x->region);
	}
	if (a->n_models == b->n_models) {
		for (int w = 0; w < WINDOW__MAX; w++) {
			char what[32];

			cmp_int(&c, a->window[w] != NULL, b->window[w] != NULL,
			        "window %s read", window_names[w]);
			if (a->window[w] == NULL || b->window[w] == NULL)
				continue;
			snprintf(what, sizeof(what), "window %s",
			         window_names[w]);
			for (size_t m = 0; m < a->n_models; m++)
				cmp_counts(&c, &a->window[w][m],
				           &b->window[w][m], what,
				           a->models[m].slug);
		}
		for (int r = 0; r < RANGE__MAX; r++)
			cmp_history(&c, a, b, r);
	}
	if (c.diffs > c.said) {
		long more = c.diffs - c.said;

		cmp_line(&c, "... and %ld more", more);
	}
	if (numbers != NULL)
		*numbers = c.numbers;
	return c.diffs;
}
