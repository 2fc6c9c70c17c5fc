/* store_pg.c: the PostgreSQL backend of the store (issue 21), its first part: connecting with a statement timeout, the schema and its version; the only file that calls libpq. */
#include "store_pg.h"

#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

struct store_pg {
	PGconn *conn;
};

/* Every statement of this file, by name (kcaldav's sqls[SQL__MAX]). */
enum pg_sql {
	PG_SQL_SESSION,  /* the session's settings, after connecting */
	PG_SQL_HAS_META, /* $1: a table name; is there such a table */
	PG_SQL_META,     /* $1: a key of aigo_meta; its value */
	PG_SQL_BEGIN,    /* a write transaction */
	PG_SQL_COMMIT,   /* its end */
	PG_SQL_ROLLBACK, /* its end on failure */
	PG_SQL__MAX
};

/* SET cannot take a bound parameter: the timeout is a constant here. */
#define PG_STR_(x) #x
#define PG_STR(x) PG_STR_(x)

static const char *const pg_sqls[PG_SQL__MAX] = {
    /* PG_SQL_SESSION */
    "SET statement_timeout = " PG_STR(
        STORE_PG_STATEMENT_TIMEOUT_MS) "; "
                                       "SET TIME ZONE 'UTC'",
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
	return db != NULL && (strncmp(db, "postgresql://", 13) == 0 ||
	                      strncmp(db, "postgres://", 11) == 0);
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
	for (const char *m = msg != NULL ? msg : "";
	     *m != '\0' && o + 1 < out_len;) {
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
	out[o] = '\0';
	for (int i = 0; i < sec.n; i++)
		free(sec.s[i]);
	return out;
}

/* err := "PostgreSQL: WHAT: MSG" with MSG redacted of conninfo's secrets
 * and without libpq's trailing newline. */
static void
pg_error(const char *conninfo, const char *what, const char *msg, char *err,
         size_t errlen)
{
	char clean[1024];
	size_t n;

	store_pg_redact(conninfo, msg, clean, sizeof(clean));
	n = strlen(clean);
	while (n > 0 && (clean[n - 1] == '\n' || clean[n - 1] == ' '))
		clean[--n] = '\0';
	for (char *c = clean; *c; c++)
		if (*c == '\n' || *c == '\t')
			*c = ' ';
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
	pg_error(NULL, "query",
	         r != NULL ? PQresultErrorMessage(r) : PQerrorMessage(pg->conn),
	         err, errlen);
	PQclear(r);
	return NULL;
}

struct store_pg *
store_pg_open(const char *conninfo, char *err, size_t errlen)
{
	/* Later keywords win: the connection string's own connect_timeout
	 * and application_name replace these defaults. */
	const char *kw[] = {"connect_timeout", "application_name", "dbname",
	                    NULL};
	const char *val[] = {PG_STR(STORE_PG_CONNECT_TIMEOUT_S), "aigo",
	                     conninfo, NULL};
	struct store_pg *pg;
	PGresult *r;

	if (conninfo == NULL || *conninfo == '\0') {
		snprintf(err, errlen, "PostgreSQL: no connection string");
		return NULL;
	}
	pg = calloc(1, sizeof(*pg));
	if (pg == NULL) {
		snprintf(err, errlen, "PostgreSQL: out of memory");
		return NULL;
	}
	pg->conn = PQconnectdbParams(kw, val, 1);
	if (pg->conn == NULL || PQstatus(pg->conn) != CONNECTION_OK) {
		pg_error(conninfo, "connect",
		         pg->conn != NULL ? PQerrorMessage(pg->conn)
		                          : "out of memory",
		         err, errlen);
		store_pg_close(pg);
		return NULL;
	}
	r = pg_run(pg, PG_SQL_SESSION, 0, NULL, PGRES_COMMAND_OK, err, errlen);
	if (r == NULL) {
		store_pg_close(pg);
		return NULL;
	}
	PQclear(r);
	return pg;
}

void
store_pg_close(struct store_pg *pg)
{
	if (pg == NULL)
		return;
	PQfinish(pg->conn);
	free(pg);
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
	PGresult *r =
	    pg_run(pg, PG_SQL_BEGIN, 0, NULL, PGRES_COMMAND_OK, err, errlen);

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
