/* unit_pg.c: the unit tests' PostgreSQL mode (AIGO_UNIT_PG_URL): each test's database name is a schema of that database, and the unit_sql_* helpers' libpq side. */
#include <ctype.h>
#include <libpq-fe.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "unit.h"

/* A test names its database by a file path (tests/out/unit-store.db). In
 * PostgreSQL mode the name becomes a schema of AIGO_UNIT_PG_URL's database
 * (t_unit_store), and the URL the store and the helpers get selects it
 * with libpq's options (-c search_path=t_unit_store): tables made without
 * a schema's name land there, and a test that compares two databases (a
 * copy, a fresh one) gets two schemas side by side. unit_store_create
 * drops the schema and makes it again, so each test starts from an empty
 * one. */

#define UNIT_DB_MAX 32

static struct {
	char path[1100];
	char url[1400];
	char schema[64];
} names[UNIT_DB_MAX];
static int n_names;

/* Paths that stay SQLite files in PostgreSQL mode (the shared app of
 * whole-request tests). */
static char files[8][1100];
static int n_files;

int
unit_pg(void)
{
	const char *u = getenv("AIGO_UNIT_PG_URL");

	return u != NULL && u[0] != '\0';
}

/* Whether db is a libpq URL rather than a file path. */
static int
is_url(const char *db)
{
	return strncmp(db, "postgresql://", 13) == 0 ||
	       strncmp(db, "postgres://", 11) == 0;
}

void
unit_db_keep_file(const char *path)
{
	for (int i = 0; i < n_files; i++)
		if (strcmp(files[i], path) == 0)
			return;
	ck_assert_int_lt(n_files, (int)(sizeof(files) / sizeof(*files)));
	snprintf(files[n_files++], sizeof(*files), "%s", path);
}

/* The entry of path in names, made on first use. */
static int
name_of(const char *path)
{
	const char *base = strrchr(path, '/'), *u = getenv("AIGO_UNIT_PG_URL");
	char schema[64];
	size_t n = 0, len;
	int i;

	for (i = 0; i < n_names; i++)
		if (strcmp(names[i].path, path) == 0)
			return i;
	ck_assert_msg(n_names < UNIT_DB_MAX, "more than %d databases",
	              UNIT_DB_MAX);
	i = n_names++;
	snprintf(names[i].path, sizeof(names[i].path), "%s", path);
	base = base ? base + 1 : path;
	len = strlen(base);
	if (len > 3 && strcmp(base + len - 3, ".db") == 0)
		len -= 3; /* unit-store.db: t_unit_store */
	schema[n++] = 't';
	schema[n++] = '_';
	for (size_t k = 0; k < len && n + 1 < sizeof(schema); k++)
		schema[n++] = isalnum((unsigned char)base[k])
		                  ? (char)tolower((unsigned char)base[k])
		                  : '_';
	schema[n] = '\0';
	memcpy(names[i].schema, schema, sizeof(schema));
	snprintf(names[i].url, sizeof(names[i].url),
	         "%s%coptions=-csearch_path%%3D%s", u,
	         strchr(u, '?') ? '&' : '?', schema);
	return i;
}

const char *
unit_db(const char *path)
{
	if (!unit_pg() || is_url(path))
		return path;
	for (int i = 0; i < n_files; i++)
		if (strcmp(files[i], path) == 0)
			return path;
	return names[name_of(path)].url;
}

int
unit_db_is_pg(const char *db)
{
	return is_url(unit_db(db));
}

/* One connection per URL and process: a test runs many small queries, and
 * a scram-sha-256 login for each would cost more than the query. A
 * connection made in another process (a forked test's parent) is left
 * alone, never closed from here: its socket is the parent's. */
static struct {
	char url[1400];
	PGconn *c;
	pid_t pid;
} conns[4];

static PGconn *
conn(const char *url)
{
	static int next;
	int i;

	for (i = 0; i < 4; i++)
		if (conns[i].c != NULL && conns[i].pid == getpid() &&
		    strcmp(conns[i].url, url) == 0) {
			if (PQstatus(conns[i].c) == CONNECTION_OK)
				return conns[i].c;
			PQfinish(conns[i].c);
			conns[i].c = NULL;
			break;
		}
	if (i == 4) {
		i = next;
		next = (next + 1) % 4;
		if (conns[i].c != NULL && conns[i].pid == getpid())
			PQfinish(conns[i].c);
	}
	conns[i].c = PQconnectdb(url);
	conns[i].pid = getpid();
	snprintf(conns[i].url, sizeof(conns[i].url), "%s", url);
	ck_assert_msg(PQstatus(conns[i].c) == CONNECTION_OK, "PostgreSQL: %s",
	              PQerrorMessage(conns[i].c));
	return conns[i].c;
}

void
unit_pg_reset(const char *path)
{
	char sql[256];
	int i = name_of(path);
	PGresult *r;

	snprintf(sql, sizeof(sql),
	         "SET client_min_messages = warning; "
	         "DROP SCHEMA IF EXISTS %s CASCADE; CREATE SCHEMA %s",
	         names[i].schema, names[i].schema);
	r = PQexec(conn(getenv("AIGO_UNIT_PG_URL")), sql);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "%s: %s", sql,
	              PQresultErrorMessage(r));
	PQclear(r);
}

/* The result of sql over url: fails the test unless it ran. */
static PGresult *
run(const char *url, const char *sql)
{
	PGresult *r = PQexec(conn(url), sql);
	ExecStatusType st = PQresultStatus(r);

	ck_assert_msg(st == PGRES_COMMAND_OK || st == PGRES_TUPLES_OK, "%s: %s",
	              sql, PQresultErrorMessage(r));
	return r;
}

/* Moves every identity of url's schema past the largest id its table
 * holds: a test that inserts rows with their ids (as it may in SQLite,
 * whose rowid then goes on after them) leaves the store's next insert a
 * free id, as `aigo db copy` does after a copy. */
static void
sync_identities(const char *url)
{
	PGresult *r = run(
	    url, "SELECT string_agg(format('SELECT setval(%L, coalesce((SELECT "
	         "max(%I) FROM %I.%I), 0) + 1, false)', "
	         "pg_get_serial_sequence(format('%I.%I', table_schema, "
	         "table_name), column_name), column_name, table_schema, "
	         "table_name), '; ') FROM information_schema.columns WHERE "
	         "table_schema = current_schema() AND is_identity = 'YES'");

	ck_assert_int_eq(PQntuples(r), 1);
	if (!PQgetisnull(r, 0, 0))
		PQclear(run(url, PQgetvalue(r, 0, 0)));
	PQclear(r);
}

void
unit_pg_exec(const char *url, const char *sql)
{
	PQclear(run(url, sql));
	if (strcasestr(sql, "INSERT") != NULL)
		sync_identities(url);
}

/* t (PostgreSQL's text of a value) as a number: a boolean reads as 1 or
 * 0 (SQLite's comparisons give integers), a numeric (sum of a bigint) by
 * its integer part. */
static int64_t
pg_int(const char *t)
{
	if (strcmp(t, "t") == 0)
		return 1;
	if (strcmp(t, "f") == 0)
		return 0;
	return strtoll(t, NULL, 10);
}

int64_t
unit_pg_int(const char *url, const char *sql)
{
	PGresult *r = run(url, sql);
	int64_t v = -1;

	if (PQntuples(r) > 0 && PQnfields(r) > 0)
		v = PQgetisnull(r, 0, 0) ? 0 : pg_int(PQgetvalue(r, 0, 0));
	PQclear(r);
	return v;
}

char *
unit_pg_text(const char *url, const char *sql)
{
	struct buf b = {0};
	PGresult *r = run(url, sql);

	for (int row = 0; row < PQntuples(r); row++) {
		for (int i = 0; i < PQnfields(r); i++) {
			const char *t = PQgetisnull(r, row, i)
			                    ? "NULL"
			                    : PQgetvalue(r, row, i);

			/* A boolean as SQLite gives it. */
			if (PQftype(r, i) == 16 /* BOOLOID */ &&
			    !PQgetisnull(r, row, i))
				t = t[0] == 't' ? "1" : "0";
			buf_printf(&b, "%s%s", i ? "|" : "", t);
		}
		buf_puts(&b, "\n");
	}
	PQclear(r);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

int
unit_pg_refused(const char *url, const char *sql)
{
	PGresult *r = PQexec(conn(url), sql);
	const char *state = PQresultErrorField(r, PG_DIAG_SQLSTATE);
	int refused = -1;

	if (PQresultStatus(r) == PGRES_COMMAND_OK ||
	    PQresultStatus(r) == PGRES_TUPLES_OK)
		refused = 0;
	/* Class 23: integrity constraint violation; 22: data exception (a
	 * text where a number goes, SQLite STRICT's datatype refusal). */
	else if (state != NULL &&
	         (strncmp(state, "23", 2) == 0 || strncmp(state, "22", 2) == 0))
		refused = 1;
	ck_assert_msg(refused >= 0, "%s: %s", sql, PQresultErrorMessage(r));
	PQclear(r);
	if (refused == 0)
		sync_identities(url);
	return refused;
}

void
unit_pg_copy(const char *from, const char *to, const char *schema_sql)
{
	PGconn *c;
	PGresult *r;
	struct buf sql = {0};
	const char *src, *dst, *p;
	char tables[40][64];
	int n = 0, i_to;

	unit_pg_reset(to);
	i_to = name_of(to);
	src = names[name_of(from)].schema;
	dst = names[i_to].schema;
	unit_pg_exec(names[i_to].url, schema_sql);
	/* The tables in the order the schema makes them: a table's foreign
	 * keys name tables made before it. */
	for (p = schema_sql; (p = strstr(p, "CREATE TABLE ")) != NULL;) {
		size_t w;

		p += strlen("CREATE TABLE ");
		w = strspn(p, "abcdefghijklmnopqrstuvwxyz0123456789_");
		ck_assert_int_lt(n, 40);
		ck_assert_uint_lt(w, 64);
		memcpy(tables[n], p, w);
		tables[n++][w] = '\0';
	}
	ck_assert_int_gt(n, 0);
	buf_puts(&sql, "BEGIN;");
	for (int i = n - 1; i >= 0; i--)
		buf_printf(&sql, "DELETE FROM %s.%s;", dst, tables[i]);
	for (int i = 0; i < n; i++)
		buf_printf(&sql, "INSERT INTO %s.%s SELECT * FROM %s.%s;", dst,
		           tables[i], src, tables[i]);
	buf_puts(&sql, "COMMIT");
	c = conn(getenv("AIGO_UNIT_PG_URL"));
	r = PQexec(c, sql.data);
	ck_assert_msg(PQresultStatus(r) == PGRES_COMMAND_OK, "copy: %s",
	              PQresultErrorMessage(r));
	PQclear(r);
	buf_free(&sql);
	sync_identities(names[i_to].url);
}

int
unit_pg_drop_schemas(const char *prefix)
{
	const char *u = getenv("AIGO_UNIT_PG_URL");
	PGconn *c = PQconnectdb(u != NULL ? u : "");
	const char *params[1] = {prefix};
	PGresult *r = NULL;
	int ok = PQstatus(c) == CONNECTION_OK;

	/* No ck_assert here: Check refuses them outside a test. */
	if (ok)
		r = PQexecParams(
		    c,
		    "SELECT string_agg(format('DROP SCHEMA %I CASCADE', "
		    "nspname), "
		    "'; ') FROM pg_namespace WHERE starts_with(nspname, $1)",
		    1, NULL, params, NULL, NULL, 0);
	ok = ok && PQresultStatus(r) == PGRES_TUPLES_OK;
	if (ok && !PQgetisnull(r, 0, 0)) {
		PGresult *d;

		PQclear(PQexec(c, "SET client_min_messages = warning"));
		d = PQexec(c, PQgetvalue(r, 0, 0));

		ok = PQresultStatus(d) == PGRES_COMMAND_OK;
		PQclear(d);
	}
	PQclear(r);
	PQfinish(c);
	return ok ? 0 : -1;
}
