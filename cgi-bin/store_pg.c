/* store_pg.c: the PostgreSQL backend of the store (issue 21): the connection (timeouts, reconnect), the statement layer of store_db.h over libpq, the schema and its version; the only file that calls libpq. */
#include "store_pg.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "config.h"
#include "store_db.h"

struct pg_stmt;

/* What a queued answer is for: a run whose rows nobody reads (db_defer),
 * a statement's prepare, a run whose answer its statement keeps for its
 * next step (db_send). */
enum pg_q { PG_Q_RUN, PG_Q_PREPARE, PG_Q_KEEP };

struct pg_queued {
	const char *sql; /* for the message of one that fails */
	struct pg_stmt *st;
	enum pg_q kind;
};

/* A connection: store_db.h's struct db first, so that a struct db * of
 * this backend is a struct store_pg *. */
struct store_pg {
	struct db base;
	PGconn *conn;
	char *conninfo; /* kept for the redaction of libpq's messages */
	enum db_mode mode;
	/* +1 at each new session (PQreset): a statement prepared on the
	 * server in an older one is prepared again at its next run. */
	unsigned epoch;
	unsigned next_name; /* the server-side statements' names: aigo_N */
	/* The connection went away inside a transaction the caller has not
	 * ended yet: statements fail until its ROLLBACK. */
	int lost_in_tx;
	int need_session; /* a new session whose settings failed */
	int closing;
	/* After a failed reconnection, none before this (monotonic). */
	struct timespec retry_at;
	char down[512]; /* why that reconnection failed */
	int64_t changes;
	int retry;             /* the last failure was DB_RETRY */
	struct pg_stmt *stmts; /* the statements alive, for close */
	/* "DEALLOCATE aigo_N;" of statements finalized inside a transaction,
	 * run at the next statement outside one. */
	char *dealloc;
	size_t dealloc_len, dealloc_cap;
	/* What db_defer and db_send queued (libpq's pipeline mode while
	 * n_queued > 0), one entry per answer to come, in order. */
	struct pg_queued *queued;
	int n_queued, queued_cap;
	unsigned go; /* counts the queues begun (not those the limit split) */
	char err[1024];
};

/* A bound parameter: NULL, an integer (printed into num) or text. */
enum pg_kind { PG_NULL = 0, PG_INT, PG_TEXT };

struct pg_slot {
	enum pg_kind kind;
	const char *text;
	char num[24];
	char *own; /* an array's literal (text points here); freed with st */
	size_t own_cap;
};

struct pg_stmt {
	struct db_stmt base;
	struct store_pg *pg;
	struct pg_stmt *prev, *next;
	char *sql;
	char name[24];  /* its name on the server while epoch is pg's */
	unsigned epoch; /* 0: not prepared on the server */
	int nparams;    /* the server's count, from its description */
	int nslots;     /* slot and values hold this many */
	struct pg_slot *slot;
	const char **values;
	PGresult *res; /* the run's result, until the reset */
	/* db_send: runs' answers queued (sent: how many are still to
	 * come), then arrived (kept, in the order sent): each next step
	 * reads the first; dropped by the next exec or the finalize. */
	int sent;
	PGresult **kept;
	int n_kept, kept_cap;
	unsigned kept_go; /* the queue (pg's go) its answers were sent in */
	int prep_sent;    /* its prepare is queued (under name) */
	int ran, row, nrows;
	int ncols;    /* -1 until a first run */
	char **names; /* ncols names, one block, kept until finalize */
};

/* Every statement of this file, by name (kcaldav's sqls[SQL__MAX]). */
enum pg_sql {
	PG_SQL_SESSION,   /* the session's settings, after connecting */
	PG_SQL_READ_ONLY, /* and for a connection that only reads */
	PG_SQL_HAS_META,  /* $1: a table name; is there such a table */
	PG_SQL_META,      /* $1: a key of aigo_meta; its value */
	PG_SQL_BEGIN,     /* a write transaction */
	PG_SQL_COMMIT,    /* its end */
	PG_SQL_ROLLBACK,  /* its end on failure */
	PG_SQL__MAX
};

/* SET cannot take a bound parameter: the timeout is a constant here. */
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

static const char *const pg_sqls[PG_SQL__MAX] = {
    /* PG_SQL_SESSION; and random_page_cost 1.1 where the server's
     * configuration leaves it at its default, 4, a cost for spinning
     * disks: with it, the foreign key's check of every inserted check
     * (the trigger's plan, made once per session) read the whole of
     * `models`, a table of two pages, rather than one row through its
     * key, a tenth of a batch's processor time (docs/postgresql.md) */
    "SET statement_timeout = " PG_STR(
        STORE_PG_STATEMENT_TIMEOUT_MS) "; SET TIME ZONE 'UTC'; "
                                       "SELECT set_config('random_page_"
                                       "cost', '1.1', false) FROM "
                                       "pg_settings WHERE name = "
                                       "'random_page_cost' AND source "
                                       "= 'default'",
    /* PG_SQL_READ_ONLY */
    "SET default_transaction_read_only = on",
    /* PG_SQL_HAS_META */
    "SELECT to_regclass($1::text) IS NOT NULL",
    /* PG_SQL_META */
    "SELECT value FROM aigo_meta WHERE key = $1",
    /* PG_SQL_BEGIN */
    "BEGIN ISOLATION LEVEL SERIALIZABLE",
    /* PG_SQL_COMMIT */
    "COMMIT",
    /* PG_SQL_ROLLBACK */
    "ROLLBACK",
};

int
store_pg_is_url(const char *db)
{
	return config_db_is_postgresql(db);
}

/* The secrets store_pg_redact hides, at most this many. */
#define PG_SECRETS 8

struct pg_secrets {
	char *s[PG_SECRETS];
	int n;
};

/* Adds the n bytes at p (a secret as written) to sec, and its
 * percent-decoded form when that differs. Empty ones are not secrets. */
static void
secret_add(struct pg_secrets *sec, const char *p, size_t n)
{
	char *raw, *dec;
	size_t j = 0;

	if (n == 0 || sec->n >= PG_SECRETS - 1)
		return;
	raw = strndup(p, n);
	dec = malloc(n + 1);
	if (raw == NULL || dec == NULL) {
		free(raw);
		free(dec);
		return;
	}
	for (size_t i = 0; i < n; i++) {
		unsigned int c;

		if (raw[i] == '%' && i + 2 < n &&
		    isxdigit((unsigned char)raw[i + 1]) &&
		    isxdigit((unsigned char)raw[i + 2]) &&
		    sscanf(raw + i + 1, "%2x", &c) == 1 && c != 0) {
			dec[j++] = (char)c;
			i += 2;
		} else {
			dec[j++] = raw[i];
		}
	}
	dec[j] = '\0';
	sec->s[sec->n++] = raw;
	if (strcmp(dec, raw) != 0 && j > 0)
		sec->s[sec->n++] = dec;
	else
		free(dec);
}

/* The secrets of conninfo, read from its text alone, so that a string
 * libpq cannot parse is redacted as well: a URI's password (between the
 * first ':' of its user information and the '@' that ends it) and every
 * value of a password word or query parameter. */
static void
secrets_of(const char *conninfo, struct pg_secrets *sec)
{
	const char *p, *at, *colon, *q;

	sec->n = 0;
	if (conninfo == NULL)
		return;
	if (store_pg_is_url(conninfo)) {
		p = strstr(conninfo, "://") + 3;
		q = p + strcspn(p, "?");
		/* The last '@' before the query: a password may hold one. */
		at = NULL;
		for (const char *c = p; c < q; c++)
			if (*c == '@')
				at = c;
		colon = at != NULL ? memchr(p, ':', (size_t)(at - p)) : NULL;
		if (colon != NULL) {
			secret_add(sec, colon + 1, (size_t)(at - colon - 1));
			/* libpq's parser ends the user information at a '/'. */
			secret_add(sec, colon + 1, strcspn(colon + 1, "@/"));
		}
	}
	for (p = strstr(conninfo, "password"); p != NULL;
	     p = strstr(p + 1, "password")) {
		q = p + 8;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q != '=')
			continue;
		q++;
		while (*q == ' ' || *q == '\t')
			q++;
		if (*q == '\'') {
			const char *e = q + 1;

			while (*e != '\0' && *e != '\'')
				e += e[0] == '\\' && e[1] != '\0' ? 2 : 1;
			secret_add(sec, q + 1, (size_t)(e - q - 1));
		} else {
			secret_add(sec, q, strcspn(q, "& \t\r\n"));
		}
	}
}

char *
store_pg_redact(const char *conninfo, const char *msg, char *out,
                size_t out_len)
{
	struct pg_secrets sec;
	const char *m;
	size_t o = 0;

	if (out_len == 0)
		return out;
	secrets_of(conninfo, &sec);
	/* libpq's own reading of the password, where it can read one. */
	if (conninfo != NULL) {
		PQconninfoOption *opts = PQconninfoParse(conninfo, NULL);

		for (PQconninfoOption *o2 = opts; o2 != NULL && o2->keyword;
		     o2++)
			if (strcmp(o2->keyword, "password") == 0 &&
			    o2->val != NULL)
				secret_add(&sec, o2->val, strlen(o2->val));
		PQconninfoFree(opts);
	}
	m = msg != NULL ? msg : "";
	while (*m != '\0' && o + 1 < out_len) {
		size_t best = 0;

		/* The longest secret that starts here. */
		for (int i = 0; i < sec.n; i++) {
			size_t n = strlen(sec.s[i]);

			if (n > best && strncmp(m, sec.s[i], n) == 0)
				best = n;
		}
		if (best > 0) {
			for (const char *r = "***"; *r && o + 1 < out_len; r++)
				out[o++] = *r;
			m += best;
		} else {
			out[o++] = *m++;
		}
	}
	/* Cut short: it ends with "...", so never with a space (which a
	 * configuration file would not read back) or a word cut unseen. */
	if (*m != '\0' && out_len >= 4) {
		if (o > out_len - 4)
			o = out_len - 4;
		memcpy(out + o, "...", 3);
		o += 3;
	}
	out[o] = '\0';
	for (int i = 0; i < sec.n; i++)
		free(sec.s[i]);
	return out;
}

/* Copies msg, redacted of conninfo's secrets, into out as one line:
 * libpq's trailing newline dropped, each inner newline (and the
 * indentation after it) made one space. */
static void
pg_clean(const char *conninfo, const char *msg, char *out, size_t out_len)
{
	size_t n, o = 0;

	store_pg_redact(conninfo, msg, out, out_len);
	n = strlen(out);
	while (n > 0 && (out[n - 1] == '\n' || out[n - 1] == ' '))
		out[--n] = '\0';
	for (size_t i = 0; i < n; i++) {
		if (out[i] == '\n' || out[i] == '\t') {
			out[o++] = ' ';
			while (i + 1 < n &&
			       (out[i + 1] == ' ' || out[i + 1] == '\t' ||
			        out[i + 1] == '\n'))
				i++;
		} else {
			out[o++] = out[i];
		}
	}
	out[o] = '\0';
}

/* err := "PostgreSQL: WHAT: MSG" with MSG redacted of conninfo's secrets,
 * on one line. */
static void
pg_error(const char *conninfo, const char *what, const char *msg, char *err,
         size_t errlen)
{
	char clean[1024];

	pg_clean(conninfo, msg, clean, sizeof(clean));
	snprintf(err, errlen, "PostgreSQL: %s: %s", what,
	         *clean ? clean : "failed");
}

/* Runs statement s of pg_sqls with its n text parameters; the result, or
 * NULL with err set when it did not return want. */
static PGresult *
pg_run(struct store_pg *pg, enum pg_sql s, int n, const char *const *params,
       ExecStatusType want, char *err, size_t errlen)
{
	PGresult *r = n == 0 ? PQexec(pg->conn, pg_sqls[s])
	                     : PQexecParams(pg->conn, pg_sqls[s], n, NULL,
	                                    params, NULL, NULL, 0);

	if (r != NULL && PQresultStatus(r) == want)
		return r;
	pg_error(pg->conninfo, "query",
	         r != NULL ? PQresultErrorMessage(r) : PQerrorMessage(pg->conn),
	         err, errlen);
	PQclear(r);
	return NULL;
}

/* The server's notices (a WARNING for a ROLLBACK outside a transaction,
 * the FATAL of a terminated session read while idle) would go to stderr:
 * the errors that matter come back as results. */
static void
pg_notice_ignore(void *arg, const char *message)
{
	(void)arg;
	(void)message;
}

/* The session's settings (again after a reconnection). 0, or -1 with
 * err set. */
static int
pg_session(struct store_pg *pg, char *err, size_t errlen)
{
	PGresult *r =
	    pg_run(pg, PG_SQL_SESSION, 0, NULL, PGRES_TUPLES_OK, err, errlen);

	if (r == NULL)
		return -1;
	PQclear(r);
	if (pg->mode != DB_MODE_READ)
		return 0;
	r = pg_run(pg, PG_SQL_READ_ONLY, 0, NULL, PGRES_COMMAND_OK, err,
	           errlen);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}

static const struct db_ops pg_ops;

static struct store_pg *
pg_open(const char *conninfo, enum db_mode mode, char *err, size_t errlen)
{
	/* Later keywords win: the connection string's own connect_timeout
	 * and application_name replace these defaults. */
	const char *kw[] = {"connect_timeout", "application_name", "dbname",
	                    NULL};
	const char *val[] = {PG_STR(STORE_PG_CONNECT_TIMEOUT_S), "aigo",
	                     conninfo, NULL};
	struct store_pg *pg;

	if (conninfo == NULL || *conninfo == '\0') {
		snprintf(err, errlen, "PostgreSQL: no connection string");
		return NULL;
	}
	pg = calloc(1, sizeof(*pg));
	if (pg == NULL || (pg->conninfo = strdup(conninfo)) == NULL) {
		free(pg);
		snprintf(err, errlen, "PostgreSQL: out of memory");
		return NULL;
	}
	pg->base.ops = &pg_ops;
	pg->mode = mode;
	pg->epoch = 1;
	snprintf(pg->err, sizeof(pg->err), "not an error");
	pg->conn = PQconnectdbParams(kw, val, 1);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		pg_error(conninfo, "connect",
		         pg->conn != NULL ? PQerrorMessage(pg->conn)
		                          : "out of memory",
		         err, errlen);
		store_pg_close(pg);
		return NULL;
	}
	PQsetNoticeProcessor(pg->conn, pg_notice_ignore, NULL);
	if (pg_session(pg, err, errlen) != 0) {
		store_pg_close(pg);
		return NULL;
	}
	return pg;
}

struct store_pg *
store_pg_open(const char *conninfo, char *err, size_t errlen)
{
	return pg_open(conninfo, DB_MODE_WRITE, err, errlen);
}

void
store_pg_close(struct store_pg *pg)
{
	if (pg != NULL)
		pg_ops.close(&pg->base);
}

struct store_pg *
store_pg_of(struct db *db)
{
	return db != NULL && db->ops == &pg_ops ? (struct store_pg *)db : NULL;
}

struct db *
store_pg_connect(const char *conninfo, enum db_mode mode, int64_t *version,
                 char *err, size_t errlen)
{
	struct store_pg *pg = pg_open(conninfo, mode, err, errlen);
	int v;

	if (pg == NULL)
		return NULL;
	v = store_pg_schema_version(pg, err, errlen);
	if (v < 0) {
		store_pg_close(pg);
		return NULL;
	}
	if (version != NULL)
		*version = v;
	return &pg->base;
}

/* ---- The statement layer ---------------------------------------------- */

/* pg's message := libpq's msg, redacted, on one line; what (when not
 * NULL) goes before it as "PostgreSQL: WHAT: ". */
static void
pg_fail(struct store_pg *pg, const char *what, const char *msg)
{
	pg->retry = 0; /* pg_failed says when it is */
	if (what != NULL)
		pg_error(pg->conninfo, what, msg, pg->err, sizeof(pg->err));
	else
		pg_clean(pg->conninfo, msg, pg->err, sizeof(pg->err));
	if (pg->err[0] == '\0')
		snprintf(pg->err, sizeof(pg->err), "PostgreSQL: failed");
}

/* The first word of sql (after blanks and semicolons) is word, any case. */
static int
pg_starts_with(const char *sql, const char *word)
{
	size_t n = strlen(word);

	while (*sql == ' ' || *sql == '\t' || *sql == '\n' || *sql == '\r' ||
	       *sql == ';')
		sql++;
	return strncasecmp(sql, word, n) == 0 &&
	       !isalnum((unsigned char)sql[n]) && sql[n] != '_';
}

/* sql may end a transaction by rolling it back (its text has ROLLBACK or
 * ABORT, any case). */
static int
pg_says_rollback(const char *sql)
{
	return strcasestr(sql, "ROLLBACK") != NULL ||
	       strcasestr(sql, "ABORT") != NULL;
}

static int
pg_in_tx_status(PGTransactionStatusType t)
{
	return t == PQTRANS_INTRANS || t == PQTRANS_INERROR ||
	       t == PQTRANS_ACTIVE;
}

/* While idle, the server has nothing to say: data on the socket is a
 * session that ended (a FATAL message, then the end of the stream) or a
 * notice. Reads it, so that PQstatus knows before a statement is sent
 * into a closed connection. A few reads at most, none that waits. */
static void
pg_probe(struct store_pg *pg)
{
	struct pollfd p = {.fd = PQsocket(pg->conn), .events = POLLIN};
	PGnotify *n;

	for (int i = 0; i < 4 && p.fd >= 0 && poll(&p, 1, 0) == 1; i++) {
		if (PQconsumeInput(pg->conn) == 0)
			return;
		(void)PQisBusy(pg->conn); /* parses what came */
		while ((n = PQnotifies(pg->conn)) != NULL)
			PQfreemem(n);
	}
}

static void
pg_now(struct timespec *t)
{
	clock_gettime(CLOCK_MONOTONIC, t);
}

/* Drops st's arrived answers that no step read. */
static void
pg_kept_clear(struct pg_stmt *st)
{
	for (int i = 0; i < st->n_kept; i++)
		PQclear(st->kept[i]);
	st->n_kept = 0;
}

/* Keeps r as st's last arrived answer; 0, or -1 (out of memory: r is
 * not kept). */
static int
pg_kept_push(struct pg_stmt *st, PGresult *r)
{
	if (st->n_kept == st->kept_cap) {
		int cap = st->kept_cap ? st->kept_cap * 2 : 4;
		PGresult **k = realloc(st->kept, (size_t)cap * sizeof(*k));

		if (k == NULL)
			return -1;
		st->kept = k;
		st->kept_cap = cap;
	}
	st->kept[st->n_kept++] = r;
	return 0;
}

/* The queue is empty: its statements wait for no answer any more. */
static void
pg_queue_forget(struct store_pg *pg)
{
	for (int i = 0; i < pg->n_queued; i++) {
		pg->queued[i].st->sent = 0;
		pg->queued[i].st->prep_sent = 0;
	}
	pg->n_queued = 0;
}

/* A new session on the bad connection: PQreset (at most the connect
 * timeout), then the settings again; no statement is prepared on the
 * server any more. After a failed attempt the next one waits
 * STORE_PG_RETRY_MS (the calls in between fail at once: no busy loop, no
 * sleep). DB_OK or DB_ERROR with the message. */
static int
pg_reconnect(struct store_pg *pg)
{
	struct timespec now;
	char why[512];

	pg_now(&now);
	if (now.tv_sec < pg->retry_at.tv_sec ||
	    (now.tv_sec == pg->retry_at.tv_sec &&
	     now.tv_nsec < pg->retry_at.tv_nsec)) {
		snprintf(pg->err, sizeof(pg->err),
		         "PostgreSQL: the server cannot be reached (next "
		         "attempt within %d ms): %s",
		         STORE_PG_RETRY_MS, pg->down);
		return DB_ERROR;
	}
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		PQreset(pg->conn);
		/* A queue cut by the lost session is no more (db_defer). */
		if (PQpipelineStatus(pg->conn) != PQ_PIPELINE_OFF)
			(void)PQexitPipelineMode(pg->conn);
		pg_queue_forget(pg);
		pg->epoch++;
		pg->dealloc_len = 0;
		pg->need_session = 1;
	}
	if (PQstatus(pg->conn) != CONNECTION_OK)
		pg_clean(pg->conninfo, PQerrorMessage(pg->conn), pg->down,
		         sizeof(pg->down));
	else if (pg_session(pg, why, sizeof(why)) != 0)
		snprintf(pg->down, sizeof(pg->down), "%s", why);
	else {
		pg->need_session = 0;
		pg->retry_at.tv_sec = 0;
		pg->retry_at.tv_nsec = 0;
		return DB_OK;
	}
	pg_now(&pg->retry_at);
	pg->retry_at.tv_nsec += (long)(STORE_PG_RETRY_MS % 1000) * 1000000L;
	pg->retry_at.tv_sec +=
	    STORE_PG_RETRY_MS / 1000 + pg->retry_at.tv_nsec / 1000000000L;
	pg->retry_at.tv_nsec %= 1000000000L;
	snprintf(pg->err, sizeof(pg->err),
	         "PostgreSQL: the server cannot be reached: %s", pg->down);
	return DB_ERROR;
}

/* Before a statement (sql's text) is sent: a connection lost inside a
 * transaction stays lost until its ROLLBACK (a COMMIT fails); a bad
 * connection outside one gets a new session; the deallocations wait for
 * a moment outside a transaction. DB_OK or DB_ERROR with the message. */
static int
pg_ready(struct store_pg *pg, const char *sql)
{
	if (pg->lost_in_tx) {
		if (pg_starts_with(sql, "COMMIT") ||
		    pg_starts_with(sql, "END")) {
			pg->lost_in_tx = 0;
			snprintf(
			    pg->err, sizeof(pg->err),
			    "PostgreSQL: the connection was lost inside "
			    "the transaction: nothing of it was committed");
			return DB_ERROR;
		}
		if (!pg_says_rollback(sql)) {
			snprintf(pg->err, sizeof(pg->err),
			         "PostgreSQL: the connection was lost inside "
			         "the transaction (its ROLLBACK reconnects)");
			return DB_ERROR;
		}
		pg->lost_in_tx = 0;
	}
	if (PQstatus(pg->conn) == CONNECTION_OK &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE)
		pg_probe(pg);
	if ((PQstatus(pg->conn) != CONNECTION_OK || pg->need_session) &&
	    pg_reconnect(pg) != DB_OK)
		return DB_ERROR;
	if (pg->dealloc_len > 0 &&
	    PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
		PQclear(PQexec(pg->conn, pg->dealloc));
		pg->dealloc_len = 0;
	}
	return DB_OK;
}

/* The rc of a failed result r (NULL: libpq's own failure): SQLSTATE 40001
 * and 40P01 DB_RETRY, class 23 DB_CONSTRAINT, anything else DB_ERROR;
 * the message in pg. A connection lost inside a transaction (pre: the
 * status before the statement) is remembered. */
static int
pg_failed(struct store_pg *pg, PGresult *r, PGTransactionStatusType pre)
{
	const char *state =
	    r != NULL ? PQresultErrorField(r, PG_DIAG_SQLSTATE) : NULL;
	const char *msg = r != NULL ? PQresultErrorMessage(r) : "";

	if (*msg == '\0')
		msg = PQerrorMessage(pg->conn);
	if (PQstatus(pg->conn) != CONNECTION_OK) {
		/* libpq's message has the server's last words (a FATAL) and
		 * its own "server closed the connection". */
		if (pg_in_tx_status(pre))
			pg->lost_in_tx = 1;
		if (*PQerrorMessage(pg->conn) != '\0')
			msg = PQerrorMessage(pg->conn);
		pg_fail(pg, NULL, msg);
		return DB_ERROR;
	}
	pg_fail(pg, NULL, msg);
	pg->retry = state != NULL && (strcmp(state, "40001") == 0 ||
	                              strcmp(state, "40P01") == 0);
	if (pg->retry)
		return DB_RETRY;
	if (state != NULL && strncmp(state, "23", 2) == 0)
		return DB_CONSTRAINT;
	return DB_ERROR;
}

/* The rc of result r of sql: DB_OK for a command or rows (the changes of
 * an INSERT, UPDATE, DELETE or MERGE kept), a COMMIT that the server
 * turned into a ROLLBACK a DB_ERROR, a failure as pg_failed says. */
static int
pg_result(struct store_pg *pg, PGresult *r, PGTransactionStatusType pre,
          const char *sql)
{
	ExecStatusType s = r != NULL ? PQresultStatus(r) : PGRES_FATAL_ERROR;
	const char *tag;

	if (s == PGRES_COPY_IN || s == PGRES_COPY_OUT || s == PGRES_COPY_BOTH) {
		/* Not through this layer: end it, so the connection goes on. */
		char *buf;
		PGresult *rest;

		if (s != PGRES_COPY_OUT)
			PQputCopyEnd(pg->conn, "not through db_exec");
		while (s != PGRES_COPY_IN &&
		       PQgetCopyData(pg->conn, &buf, 0) >= 0)
			PQfreemem(buf);
		while ((rest = PQgetResult(pg->conn)) != NULL)
			PQclear(rest);
		snprintf(pg->err, sizeof(pg->err),
		         "PostgreSQL: COPY is not run by this layer");
		return DB_ERROR;
	}
	if (s != PGRES_COMMAND_OK && s != PGRES_TUPLES_OK &&
	    s != PGRES_EMPTY_QUERY)
		return pg_failed(pg, r, pre);
	tag = PQcmdStatus(r);
	if (strncmp(tag, "INSERT", 6) == 0 || strncmp(tag, "UPDATE", 6) == 0 ||
	    strncmp(tag, "DELETE", 6) == 0 || strncmp(tag, "MERGE", 5) == 0)
		pg->changes = strtoll(PQcmdTuples(r), NULL, 10);
	else if (strcmp(tag, "ROLLBACK") == 0 && !pg_says_rollback(sql)) {
		snprintf(pg->err, sizeof(pg->err),
		         "PostgreSQL: the transaction was rolled back, not "
		         "committed (a statement of it had failed)");
		return DB_ERROR;
	}
	return DB_OK;
}

/* At most this many statements queue before they are sent and answered:
 * their answers (a few dozen bytes each) then fit the socket's buffer,
 * so the server never waits for a reader that is still writing. */
#define PG_QUEUE_MAX 512

/* Sends the queue (db_defer, db_send) with a sync, reads each answer
 * (a prepare that succeeded marks its statement prepared; a db_send's
 * answer goes to its statement) and leaves pipeline mode. DB_OK, or the
 * first failure's rc with the message naming its statement (the
 * statements after it were not run). */
static int
pg_flush(struct store_pg *pg)
{
	int q = 0, rc = DB_OK, n = pg->n_queued;
	PGresult *r;

	if (n == 0)
		return DB_OK;
	if (PQpipelineSync(pg->conn) != 1) {
		rc = pg_failed(pg, NULL, PQTRANS_INTRANS);
		n = 0;
	}
	while (n > 0) {
		struct pg_queued *e;

		r = PQgetResult(pg->conn);
		if (r == NULL) {
			if (PQstatus(pg->conn) != CONNECTION_OK) {
				if (rc == DB_OK)
					rc = pg_failed(pg, NULL,
					               PQTRANS_INTRANS);
				break;
			}
			q++; /* the end of one statement's answer */
			continue;
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		e = q < n ? &pg->queued[q] : NULL;
		if (rc == DB_OK &&
		    PQresultStatus(r) != PGRES_PIPELINE_ABORTED) {
			int one = pg_result(pg, r, PQTRANS_INTRANS,
			                    e != NULL ? e->sql : "");

			if (one != DB_OK) {
				size_t len =
				    strnlen(pg->err, sizeof(pg->err) - 80);

				rc = one;
				snprintf(pg->err + len, sizeof(pg->err) - len,
				         " (queued: %.60s)",
				         e != NULL ? e->sql : "?");
			} else if (e != NULL && e->kind == PG_Q_PREPARE) {
				e->st->epoch = pg->epoch;
			} else if (e != NULL && e->kind == PG_Q_KEEP) {
				if (e->st->sent > 0)
					e->st->sent--;
				if (pg_kept_push(e->st, r) != 0) {
					snprintf(pg->err, sizeof(pg->err),
					         "PostgreSQL: out of memory");
					rc = DB_ERROR;
				} else {
					r = NULL;
				}
			}
		}
		PQclear(r);
	}
	pg_queue_forget(pg);
	if (PQstatus(pg->conn) == CONNECTION_OK &&
	    PQexitPipelineMode(pg->conn) != 1 && rc == DB_OK) {
		pg_fail(pg, NULL, PQerrorMessage(pg->conn));
		rc = DB_ERROR;
	}
	return rc;
}

/* Drops the answers db_send brought that no step read. */
static void
pg_drop_kept(struct store_pg *pg)
{
	for (struct pg_stmt *st = pg->stmts; st != NULL; st = st->next)
		pg_kept_clear(st);
}

static int
pg_sync(struct db *db)
{
	return pg_flush((struct store_pg *)db);
}

static int
pg_exec(struct db *db, const char *sql)
{
	struct store_pg *pg = (struct store_pg *)db;
	PGTransactionStatusType pre;
	PGresult *r;
	int rc;

	/* A queued failure fails the statement after it; a ROLLBACK goes
	 * on (it ends the transaction the failure aborted). */
	if ((rc = pg_flush(pg)) != DB_OK && !pg_says_rollback(sql))
		return rc;
	pg_drop_kept(pg); /* the transaction they belong to may end */
	if (pg_ready(pg, sql) != DB_OK)
		return DB_ERROR;
	pre = PQtransactionStatus(pg->conn);
	r = PQexec(pg->conn, sql);
	rc = pg_result(pg, r, pre, sql);
	PQclear(r);
	/* Statements the text removed from the server are prepared again. */
	if (rc == DB_OK && (strcasestr(sql, "DISCARD") != NULL ||
	                    strcasestr(sql, "DEALLOCATE") != NULL))
		pg->epoch++;
	return rc;
}

static struct db_stmt *
pg_prepare(struct db *db, const char *sql)
{
	struct store_pg *pg = (struct store_pg *)db;
	struct pg_stmt *st = calloc(1, sizeof(*st));

	if (st == NULL || (st->sql = strdup(sql)) == NULL) {
		free(st);
		snprintf(pg->err, sizeof(pg->err), "PostgreSQL: out of memory");
		return NULL;
	}
	st->base.ops = &pg_ops;
	st->pg = pg;
	st->ncols = -1;
	st->next = pg->stmts;
	if (pg->stmts != NULL)
		pg->stmts->prev = st;
	pg->stmts = st;
	return &st->base;
}

/* Room for n parameters in st (slots kept between runs). 0 or -1. */
static int
pg_slots(struct pg_stmt *st, int n)
{
	struct pg_slot *s;
	const char **v;
	int want = st->nslots > 0 ? st->nslots : 8;

	if (n <= st->nslots)
		return 0;
	while (want < n)
		want *= 2;
	s = realloc(st->slot, (size_t)want * sizeof(*s));
	if (s == NULL)
		return -1;
	st->slot = s;
	v = realloc(st->values, (size_t)want * sizeof(*v));
	if (v == NULL)
		return -1;
	st->values = v;
	memset(st->slot + st->nslots, 0,
	       (size_t)(want - st->nslots) * sizeof(*s));
	st->nslots = want;
	return 0;
}

static void pg_values(struct pg_stmt *st);

int
store_pg_count_params(const char *sql)
{
	const char *p = sql;
	int max = 0;

	while (*p != '\0') {
		if (*p == '\'' || *p == '"') {
			char q = *p++;

			/* A doubled quote stays inside. */
			while (*p != '\0' && !(*p == q && p[1] != q))
				p += *p == q ? 2 : 1;
			if (*p != '\0')
				p++;
		} else if (p[0] == '-' && p[1] == '-') {
			while (*p != '\0' && *p != '\n')
				p++;
		} else if (p[0] == '/' && p[1] == '*') {
			const char *e = strstr(p + 2, "*/");

			p = e != NULL ? e + 2 : p + strlen(p);
		} else if (*p == '$' && isdigit((unsigned char)p[1])) {
			long n = strtol(p + 1, (char **)&p, 10);

			if (n > max && n < 65536)
				max = (int)n;
		} else if (*p == '$') {
			/* $tag$ ... $tag$, the tag a name or empty. */
			const char *t = p + 1, *e;
			char tag[64];
			size_t len;

			while (isalnum((unsigned char)*t) || *t == '_')
				t++;
			len = (size_t)(t - p) + 1;
			if (*t != '$' || len >= sizeof(tag)) {
				p++;
				continue;
			}
			memcpy(tag, p, len);
			tag[len] = '\0';
			e = strstr(t + 1, tag);
			p = e != NULL ? e + len : p + strlen(p);
		} else if (isalnum((unsigned char)*p) || *p == '_') {
			/* A name may hold a $ (a$1): not a parameter. */
			while (isalnum((unsigned char)*p) || *p == '_' ||
			       *p == '$')
				p++;
		} else {
			p++;
		}
	}
	return max;
}

/* The first run of st on this session, in one round trip: its prepare
 * under a new name and its execution go together in libpq's pipeline
 * mode with one sync (the number of parameters counted in its text, as
 * the server counts them). The run's result in *out, or an error rc with
 * the message: a failed prepare (an error in the SQL) is its own, the
 * execution after it is skipped by the server. st is prepared (its epoch
 * the connection's) only when its prepare succeeded. */
static int
pg_first_run(struct pg_stmt *st, PGTransactionStatusType pre, PGresult **out)
{
	struct store_pg *pg = st->pg;
	char name[24];
	int n = store_pg_count_params(st->sql), rc = DB_OK, got = 0;
	PGresult *r;

	*out = NULL;
	if (pg_slots(st, n) != 0) {
		snprintf(pg->err, sizeof(pg->err), "PostgreSQL: out of memory");
		return DB_ERROR;
	}
	snprintf(name, sizeof(name), "aigo_%u", ++pg->next_name);
	st->nparams = n;
	pg_values(st);
	if (PQenterPipelineMode(pg->conn) != 1 ||
	    PQsendPrepare(pg->conn, name, st->sql, 0, NULL) != 1 ||
	    PQsendQueryPrepared(pg->conn, name, n, st->values, NULL, NULL, 0) !=
	        1 ||
	    PQpipelineSync(pg->conn) != 1) {
		rc = pg_failed(pg, NULL, pre);
		/* Whatever was sent is answered and read, if the session
		 * lives; a lost one is reset at the next statement. */
		if (PQstatus(pg->conn) == CONNECTION_OK &&
		    PQpipelineStatus(pg->conn) != PQ_PIPELINE_OFF &&
		    PQpipelineSync(pg->conn) == 1)
			while ((r = PQgetResult(pg->conn)) != NULL ||
			       PQstatus(pg->conn) == CONNECTION_OK) {
				int sync = r != NULL && PQresultStatus(r) ==
				                            PGRES_PIPELINE_SYNC;

				PQclear(r);
				if (sync)
					break;
			}
		if (PQstatus(pg->conn) == CONNECTION_OK)
			(void)PQexitPipelineMode(pg->conn);
		return rc != DB_OK ? rc : DB_ERROR;
	}
	for (;;) {
		r = PQgetResult(pg->conn);
		if (r == NULL) {
			/* The end of one statement's answer, or a lost
			 * session. */
			if (PQstatus(pg->conn) != CONNECTION_OK) {
				if (rc == DB_OK)
					rc = pg_failed(pg, NULL, pre);
				break;
			}
			continue;
		}
		if (PQresultStatus(r) == PGRES_PIPELINE_SYNC) {
			PQclear(r);
			break;
		}
		if (got++ == 0) {
			/* The prepare's answer. */
			rc = pg_result(pg, r, pre, st->sql);
			if (rc == DB_OK) {
				memcpy(st->name, name, sizeof(name));
				st->epoch = pg->epoch;
			}
			PQclear(r);
		} else if (rc == DB_OK && *out == NULL) {
			/* The execution's. */
			rc = pg_result(pg, r, pre, st->sql);
			if (rc == DB_OK)
				*out = r;
			else
				PQclear(r);
		} else {
			PQclear(r); /* skipped after a failure */
		}
	}
	if (PQstatus(pg->conn) == CONNECTION_OK &&
	    PQexitPipelineMode(pg->conn) != 1 && rc == DB_OK) {
		pg_fail(pg, NULL, PQerrorMessage(pg->conn));
		rc = DB_ERROR;
	}
	if (rc == DB_OK && *out == NULL) {
		snprintf(pg->err, sizeof(pg->err),
		         "PostgreSQL: no answer to the statement");
		rc = DB_ERROR;
	}
	if (rc != DB_OK) {
		PQclear(*out);
		*out = NULL;
	}
	return rc;
}

/* Keeps the names of r's columns in st (once: they outlive the result). */
static void
pg_keep_names(struct pg_stmt *st, const PGresult *r)
{
	int n = PQnfields(r);
	size_t size = (size_t)n * sizeof(char *);
	char *p;

	for (int i = 0; i < n; i++)
		size += strlen(PQfname(r, i)) + 1;
	st->names = malloc(size > 0 ? size : 1);
	if (st->names == NULL)
		return;
	st->ncols = n;
	p = (char *)(st->names + n);
	for (int i = 0; i < n; i++) {
		size_t len = strlen(PQfname(r, i)) + 1;

		memcpy(p, PQfname(r, i), len);
		st->names[i] = p;
		p += len;
	}
}

static int
pg_next_row(struct pg_stmt *st)
{
	if (st->row < st->nrows)
		st->row++;
	return st->row < st->nrows ? DB_ROW : DB_DONE;
}

/* The bound values as libpq takes them. */
static void
pg_values(struct pg_stmt *st)
{
	for (int i = 0; i < st->nparams; i++)
		st->values[i] = st->slot[i].kind == PG_INT    ? st->slot[i].num
		                : st->slot[i].kind == PG_TEXT ? st->slot[i].text
		                                              : NULL;
}

static int
pg_step(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	struct store_pg *pg = st->pg;
	PGTransactionStatusType pre;
	PGresult *r;
	int rc;

	if (st->ran)
		return pg_next_row(st);
	if ((rc = pg_flush(pg)) != DB_OK)
		return rc;
	if (st->n_kept > 0) {
		/* Its answer came with the queue (db_send): the first sent. */
		r = st->kept[0];
		memmove(st->kept, st->kept + 1,
		        (size_t)--st->n_kept * sizeof(*st->kept));
		goto ran;
	}
	if (pg_ready(pg, st->sql) != DB_OK)
		return DB_ERROR;
	pre = PQtransactionStatus(pg->conn);
	if (st->epoch != pg->epoch) {
		/* Prepared and run in one round trip. */
		if ((rc = pg_first_run(st, pre, &r)) != DB_OK)
			return rc;
	} else {
		pg_values(st);
		r = PQexecPrepared(pg->conn, st->name, st->nparams, st->values,
		                   NULL, NULL, 0);
		rc = pg_result(pg, r, pre, st->sql);
		if (rc != DB_OK) {
			PQclear(r);
			return rc;
		}
	}
ran:
	st->res = r;
	st->ran = 1;
	st->row = -1;
	st->nrows = PQresultStatus(r) == PGRES_TUPLES_OK ? PQntuples(r) : 0;
	if (st->ncols < 0 && st->names == NULL)
		pg_keep_names(st, r);
	return pg_next_row(st);
}

/* Queues a run of st (what for: kind) in the connection's pipeline, its
 * prepare before it when it is not prepared on this session (the
 * parameters counted in its text, as pg_first_run does). Outside a
 * pipeline it first gets the connection ready as a step does. DB_OK or
 * an error rc. */
static int
pg_queue(struct pg_stmt *st, enum pg_q kind)
{
	struct store_pg *pg = st->pg;
	int rc;

	if (pg->n_queued == 0)
		pg->go++;
	if (pg->n_queued == 0 || pg->n_queued + 2 > PG_QUEUE_MAX) {
		if ((rc = pg_flush(pg)) != DB_OK)
			return rc;
		if (pg_ready(pg, st->sql) != DB_OK)
			return DB_ERROR;
	}
	if (pg->n_queued + 2 > pg->queued_cap) {
		int cap = pg->queued_cap ? pg->queued_cap * 2 : 64;
		struct pg_queued *q =
		    realloc(pg->queued, (size_t)cap * sizeof(*q));

		if (q == NULL) {
			snprintf(pg->err, sizeof(pg->err),
			         "PostgreSQL: out of memory");
			return DB_ERROR;
		}
		pg->queued = q;
		pg->queued_cap = cap;
	}
	if (pg->n_queued == 0 && PQenterPipelineMode(pg->conn) != 1) {
		pg_fail(pg, NULL, PQerrorMessage(pg->conn));
		return DB_ERROR;
	}
	if (st->epoch != pg->epoch && !st->prep_sent) {
		int n = store_pg_count_params(st->sql);

		if (pg_slots(st, n) != 0) {
			snprintf(pg->err, sizeof(pg->err),
			         "PostgreSQL: out of memory");
			rc = pg_flush(pg);
			return rc != DB_OK ? rc : DB_ERROR;
		}
		st->nparams = n;
		snprintf(st->name, sizeof(st->name), "aigo_%u",
		         ++pg->next_name);
		if (PQsendPrepare(pg->conn, st->name, st->sql, 0, NULL) != 1) {
			pg_fail(pg, NULL, PQerrorMessage(pg->conn));
			rc = pg_flush(pg);
			return rc != DB_OK ? rc : DB_ERROR;
		}
		pg->queued[pg->n_queued++] =
		    (struct pg_queued){st->sql, st, PG_Q_PREPARE};
		st->prep_sent = 1;
	}
	pg_values(st);
	pg->queued[pg->n_queued++] = (struct pg_queued){st->sql, st, kind};
	if (PQsendQueryPrepared(pg->conn, st->name, st->nparams, st->values,
	                        NULL, NULL, 0) != 1) {
		pg->n_queued--;
		pg_fail(pg, NULL, PQerrorMessage(pg->conn));
		rc = pg_flush(pg);
		return rc != DB_OK ? rc : DB_ERROR;
	}
	if (kind == PG_Q_KEEP) {
		/* Answers sent in an earlier queue that no step read are
		 * stale; those of this one are read in the order sent (also
		 * when the queue's limit sent part of it already). */
		if (st->kept_go != pg->go)
			pg_kept_clear(st);
		st->kept_go = pg->go;
		st->sent++;
	}
	return DB_OK;
}

/* store_db.h's defer: queued, its answer only checked. */
static int
pg_defer(struct db_stmt *s)
{
	return pg_queue((struct pg_stmt *)s, PG_Q_RUN);
}

/* store_db.h's send: queued, its answer kept for its next step. */
static int
pg_send(struct db_stmt *s)
{
	return pg_queue((struct pg_stmt *)s, PG_Q_KEEP);
}

static void
pg_reset(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	PQclear(st->res);
	st->res = NULL;
	st->ran = 0;
}

/* The bound values go; every parameter is NULL again. */
static void
pg_clear(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	for (int i = 0; i < st->nslots; i++)
		st->slot[i].kind = PG_NULL;
}

/* Queues "DEALLOCATE name;" for the next moment outside a transaction. */
static void
pg_dealloc_later(struct store_pg *pg, const char *name)
{
	size_t n = strlen("DEALLOCATE ;") + strlen(name);

	if (pg->dealloc_len + n + 1 > pg->dealloc_cap) {
		size_t cap = (pg->dealloc_len + n + 1) * 2;
		char *d = realloc(pg->dealloc, cap);

		if (d == NULL)
			return; /* the server keeps it until the session ends */
		pg->dealloc = d;
		pg->dealloc_cap = cap;
	}
	pg->dealloc_len += (size_t)snprintf(pg->dealloc + pg->dealloc_len,
	                                    pg->dealloc_cap - pg->dealloc_len,
	                                    "DEALLOCATE %s;", name);
}

static void
pg_finalize(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	struct store_pg *pg = st->pg;

	/* What is queued may name st's text: answered first. */
	if (!pg->closing)
		(void)pg_flush(pg);
	/* The server's copy goes too: at once outside a transaction (where
	 * a failure cannot abort one), else later; with the session when
	 * the connection closes. */
	if (st->epoch == pg->epoch && !pg->closing && pg->conn != NULL &&
	    PQstatus(pg->conn) == CONNECTION_OK) {
		if (PQtransactionStatus(pg->conn) == PQTRANS_IDLE) {
			char sql[48];

			snprintf(sql, sizeof(sql), "DEALLOCATE %s", st->name);
			PQclear(PQexec(pg->conn, sql));
		} else {
			pg_dealloc_later(pg, st->name);
		}
	}
	if (st->prev != NULL)
		st->prev->next = st->next;
	else
		pg->stmts = st->next;
	if (st->next != NULL)
		st->next->prev = st->prev;
	PQclear(st->res);
	pg_kept_clear(st);
	free(st->kept);
	free(st->sql);
	for (int i = 0; i < st->nslots; i++)
		free(st->slot[i].own);
	free(st->slot);
	free(st->values);
	free(st->names);
	free(st);
}

static void
pg_bind_int64(struct db_stmt *s, int i, int64_t v)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	char tmp[24], *p = tmp + sizeof(tmp);
	uint64_t u = v < 0 ? 0 - (uint64_t)v : (uint64_t)v;
	struct pg_slot *slot;

	if (i < 1 || pg_slots(st, i) != 0)
		return;
	slot = &st->slot[i - 1];
	/* Decimal, by hand: a batch binds thousands of these. */
	*--p = '\0';
	do {
		*--p = (char)('0' + u % 10);
		u /= 10;
	} while (u != 0);
	if (v < 0)
		*--p = '-';
	memcpy(slot->num, p, (size_t)(tmp + sizeof(tmp) - p));
	slot->kind = PG_INT;
}

static void
pg_bind_text(struct db_stmt *s, int i, const char *text)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (i < 1 || pg_slots(st, i) != 0)
		return;
	st->slot[i - 1].kind = text != NULL ? PG_TEXT : PG_NULL;
	st->slot[i - 1].text = text;
}

static void
pg_bind_null(struct db_stmt *s, int i)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	if (i >= 1 && i <= st->nslots)
		st->slot[i - 1].kind = PG_NULL;
}

/* Room for len more bytes in slot's own buffer after used. 0 or -1. */
static int
pg_own(struct pg_slot *slot, size_t used, size_t len)
{
	if (used + len + 1 > slot->own_cap) {
		size_t cap = (used + len + 1) * 2;
		char *p = realloc(slot->own, cap);

		if (p == NULL)
			return -1;
		slot->own = p;
		slot->own_cap = cap;
	}
	return 0;
}

/* The slot of parameter i for an array literal of at least len bytes,
 * NULL until the literal is done (pg_array_done), its '{' written; NULL
 * when i is not a parameter or there is no memory (it stays NULL). */
static struct pg_slot *
pg_array_start(struct db_stmt *s, int i, size_t len)
{
	struct pg_stmt *st = (struct pg_stmt *)s;
	struct pg_slot *slot;

	if (i < 1 || pg_slots(st, i) != 0)
		return NULL;
	slot = &st->slot[i - 1];
	slot->kind = PG_NULL;
	if (pg_own(slot, 0, len) != 0)
		return NULL;
	slot->own[0] = '{';
	return slot;
}

/* Ends the array literal of slot at used (room for "}" reserved): the
 * parameter is that text from now on. */
static void
pg_array_done(struct pg_slot *slot, size_t used)
{
	slot->own[used++] = '}';
	slot->own[used] = '\0';
	slot->text = slot->own;
	slot->kind = PG_TEXT;
}

/* Parameter i as the array literal {v0,v1,…}. */
static void
pg_bind_int64_array(struct db_stmt *s, int i, const int64_t *v, size_t n)
{
	struct pg_slot *slot = pg_array_start(s, i, 2 + n * 21);
	size_t used = 1;

	if (slot == NULL)
		return;
	for (size_t k = 0; k < n; k++)
		used += (size_t)snprintf(slot->own + used, 22, "%s%lld",
		                         k ? "," : "", (long long)v[k]);
	pg_array_done(slot, used);
}

/* Parameter i as the array literal {"v0",NULL,…}: each element quoted,
 * its " and \ escaped with a \. */
static void
pg_bind_text_array(struct db_stmt *s, int i, const char *const *v, size_t n)
{
	struct pg_slot *slot = pg_array_start(s, i, 2);
	size_t used = 1;

	if (slot == NULL)
		return;
	for (size_t k = 0; k < n; k++) {
		const char *t = v[k];
		size_t len = t ? strlen(t) : 0;

		/* Each byte escaped at worst, the quotes and the comma. */
		if (pg_own(slot, used, 2 * len + 8) != 0)
			return;
		if (k > 0)
			slot->own[used++] = ',';
		if (t == NULL) {
			memcpy(slot->own + used, "NULL", 4);
			used += 4;
			continue;
		}
		slot->own[used++] = '"';
		for (; *t; t++) {
			if (*t == '"' || *t == '\\')
				slot->own[used++] = '\\';
			slot->own[used++] = *t;
		}
		slot->own[used++] = '"';
	}
	pg_array_done(slot, used);
}

static int
pg_column_count(struct db_stmt *s)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	return st->ncols > 0 ? st->ncols : 0;
}

static const char *
pg_column_name(struct db_stmt *s, int i)
{
	struct pg_stmt *st = (struct pg_stmt *)s;

	return i >= 0 && i < st->ncols ? st->names[i] : NULL;
}

/* The text of column i of the current row; NULL for SQL NULL or no such
 * column or row. */
static const char *
pg_value(struct pg_stmt *st, int i)
{
	if (st->res == NULL || st->row < 0 || st->row >= st->nrows || i < 0 ||
	    i >= PQnfields(st->res) || PQgetisnull(st->res, st->row, i))
		return NULL;
	return PQgetvalue(st->res, st->row, i);
}

static int
pg_column_is_null(struct db_stmt *s, int i)
{
	return pg_value((struct pg_stmt *)s, i) == NULL;
}

int64_t
store_pg_int64_of(const char *t)
{
	char *end;
	long long v;
	int64_t d = 0;
	int n = 0;

	if (t == NULL)
		return 0;
	/* A boolean reads as SQLite's would: 1 or 0. */
	if (t[0] == 't' && t[1] == '\0')
		return 1;
	/* Most values are a few digits (a page reads rows by the thousand):
	 * read here, as strtoll with its locale and bases took a twentieth
	 * of a page's processor time. Up to 18 digits cannot overflow; a
	 * sign, more digits or anything else go to strtoll. */
	while (n < 18 && t[n] >= '0' && t[n] <= '9')
		d = d * 10 + (t[n++] - '0');
	if (n > 0 && t[n] == '\0')
		return d;
	v = strtoll(t, &end, 10); /* out of range: the nearest int64 */
	return end != t && *end == '\0' ? (int64_t)v : 0;
}

static int64_t
pg_column_int64(struct db_stmt *s, int i)
{
	return store_pg_int64_of(pg_value((struct pg_stmt *)s, i));
}

static const char *
pg_column_text(struct db_stmt *s, int i)
{
	return pg_value((struct pg_stmt *)s, i);
}

static int64_t
pg_changes(struct db *db)
{
	return ((struct store_pg *)db)->changes;
}

static const char *
pg_errmsg(struct db *db)
{
	return ((struct store_pg *)db)->err;
}

static int
pg_retryable(struct db *db)
{
	return ((struct store_pg *)db)->retry;
}

static int
pg_in_transaction(struct db *db)
{
	struct store_pg *pg = (struct store_pg *)db;

	return pg->lost_in_tx ||
	       (pg->conn != NULL &&
	        pg_in_tx_status(PQtransactionStatus(pg->conn)));
}

static void
pg_close(struct db *db)
{
	struct store_pg *pg = (struct store_pg *)db;

	(void)pg_flush(pg);
	pg->closing = 1;
	while (pg->stmts != NULL)
		pg_finalize(&pg->stmts->base);
	PQfinish(pg->conn);
	free(pg->conninfo);
	free(pg->dealloc);
	free(pg->queued);
	free(pg);
}

static const struct db_ops pg_ops = {
    .name = "PostgreSQL",
    .exec = pg_exec,
    .prepare = pg_prepare,
    .step = pg_step,
    .reset = pg_reset,
    .clear = pg_clear,
    .finalize = pg_finalize,
    .bind_int64 = pg_bind_int64,
    .bind_text = pg_bind_text,
    .bind_null = pg_bind_null,
    .column_count = pg_column_count,
    .column_name = pg_column_name,
    .column_is_null = pg_column_is_null,
    .column_int64 = pg_column_int64,
    .column_text = pg_column_text,
    .changes = pg_changes,
    .errmsg = pg_errmsg,
    .in_transaction = pg_in_transaction,
    .retryable = pg_retryable,
    .close = pg_close,
    .defer = pg_defer,
    .send = pg_send,
    .sync = pg_sync,
    .bind_int64_array = pg_bind_int64_array,
    .bind_text_array = pg_bind_text_array,
};

/* ---- The schema --------------------------------------------------------- */

/* pg ready for a statement, or -1 with err set. */
static int
pg_ready_err(struct store_pg *pg, char *err, size_t errlen)
{
	if (pg_ready(pg, "") == DB_OK)
		return 0;
	snprintf(err, errlen, "%s", pg->err);
	return -1;
}
/* The value of aigo_meta's key in *out (malloc'd; NULL: no such row).
 * Returns 0, or -1 with err set. */
static int
meta_value(struct store_pg *pg, const char *key, char **out, char *err,
           size_t errlen)
{
	const char *params[1] = {key};
	PGresult *r =
	    pg_run(pg, PG_SQL_META, 1, params, PGRES_TUPLES_OK, err, errlen);

	*out = NULL;
	if (r == NULL)
		return -1;
	if (PQntuples(r) == 1 && !PQgetisnull(r, 0, 0))
		*out = strdup(PQgetvalue(r, 0, 0));
	PQclear(r);
	return 0;
}

int
store_pg_schema_version(struct store_pg *pg, char *err, size_t errlen)
{
	const char *params[1] = {"aigo_meta"};
	char *app = NULL, *ver = NULL, *end = NULL;
	PGresult *r;
	long v = -1;
	int has;

	if (pg_ready_err(pg, err, errlen) != 0)
		return -1;
	r = pg_run(pg, PG_SQL_HAS_META, 1, params, PGRES_TUPLES_OK, err,
	           errlen);
	if (r == NULL)
		return -1;
	has = PQntuples(r) == 1 && strcmp(PQgetvalue(r, 0, 0), "t") == 0;
	PQclear(r);
	if (!has)
		return 0;
	if (meta_value(pg, "application", &app, err, errlen) != 0 ||
	    meta_value(pg, "schema_version", &ver, err, errlen) != 0) {
		free(app);
		return -1;
	}
	if (app == NULL || strcmp(app, "aigo") != 0) {
		snprintf(err, errlen,
		         "PostgreSQL: the database has an aigo_meta table but "
		         "is not an AI-GO database");
	} else if (ver != NULL)
		v = strtol(ver, &end, 10);
	if (app != NULL && strcmp(app, "aigo") == 0 &&
	    (ver == NULL || end == ver || *end != '\0' || v < 1 ||
	     v > 1000000)) {
		snprintf(err, errlen,
		         "PostgreSQL: schema version \"%.32s\" is not valid",
		         ver != NULL ? ver : "(none)");
		v = -1;
	}
	free(app);
	free(ver);
	return (int)v;
}

int
store_pg_apply_schema(struct store_pg *pg, const char *schema_sql, char *err,
                      size_t errlen)
{
	PGresult *r;

	if (pg_ready_err(pg, err, errlen) != 0)
		return -1;
	r = pg_run(pg, PG_SQL_BEGIN, 0, NULL, PGRES_COMMAND_OK, err, errlen);
	if (r == NULL)
		return -1;
	PQclear(r);
	/* Several statements in one call: the simple query protocol. */
	r = PQexec(pg->conn, schema_sql);
	if (r == NULL || PQresultStatus(r) != PGRES_COMMAND_OK) {
		pg_error(NULL, "schema",
		         r != NULL ? PQresultErrorMessage(r)
		                   : PQerrorMessage(pg->conn),
		         err, errlen);
		PQclear(r);
		PQclear(pg_run(pg, PG_SQL_ROLLBACK, 0, NULL, PGRES_COMMAND_OK,
		               err + strlen(err), 0));
		return -1;
	}
	PQclear(r);
	r = pg_run(pg, PG_SQL_COMMIT, 0, NULL, PGRES_COMMAND_OK, err, errlen);
	if (r == NULL)
		return -1;
	PQclear(r);
	return 0;
}
