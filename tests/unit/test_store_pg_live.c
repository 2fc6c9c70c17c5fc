/* test_store_pg_live.c: the PostgreSQL statement layer (store_db.h over store_pg.c) against a real server: its own binary, build/test_pg_live, run by tests/e2e/pg.sh with the server of tests/pg.sh. */
#include <check.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store_db.h"
#include "store_pg.h"

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

/* The database every test uses (main makes it afresh), its URL, and the
 * server's directory (tests/pg.sh's PG_DIR). */
#define LIVE_DB "pglive"
static char live_url[512];
static const char *pg_dir, *admin_url, *password;

static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* A connection to url in mode; fails the test when there is none. */
static struct db *
connect_to(const char *url, enum db_mode mode)
{
	char err[512];
	int64_t v = -1;
	struct db *db = store_pg_connect(url, mode, &v, err, sizeof(err));

	ck_assert_msg(db != NULL, "connect: %s", err);
	return db;
}

static struct db *
live(void)
{
	return connect_to(live_url, DB_MODE_WRITE);
}

/* Runs sql (no parameters) on db; fails the test unless DB_OK. */
static void
ok_exec(struct db *db, const char *sql)
{
	int rc = db_exec(db, sql);

	ck_assert_msg(rc == DB_OK, "%s: rc %d: %s", sql, rc, db_errmsg(db));
}

/* The first column of sql's first row as text ("(null)" for NULL), in a
 * static buffer; fails the test when sql fails or has no row. */
static const char *
one(struct db *db, const char *sql)
{
	static char buf[512];
	struct db_stmt *st = db_prepare(db, sql);
	int rc;

	ck_assert_ptr_nonnull(st);
	rc = db_step(st);
	ck_assert_msg(rc == DB_ROW, "%s: rc %d: %s", sql, rc, db_errmsg(db));
	snprintf(buf, sizeof(buf), "%s",
	         db_column_is_null(st, 0) ? "(null)" : db_column_text(st, 0));
	db_finalize(st);
	return buf;
}

static int64_t
one_int(struct db *db, const char *sql)
{
	return strtoll(one(db, sql), NULL, 10);
}

/* The session's backend process id. */
static int64_t
backend_pid(struct db *db)
{
	return one_int(db, "SELECT pg_backend_pid()");
}

/* Ends the session of process pid from the superuser's connection, and
 * waits (up to 5 s) until it is gone. */
static void
terminate(int64_t pid)
{
	struct db *admin = connect_to(admin_url, DB_MODE_WRITE);
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT pg_terminate_backend(%lld, 5000)",
	         (long long)pid);
	ck_assert_str_eq(one(admin, sql), "t");
	db_close(admin);
}

/* db's last message contains text. */
static void
errmsg_has(struct db *db, const char *text)
{
	ck_assert_msg(strstr(db_errmsg(db), text) != NULL, "%s", db_errmsg(db));
}

START_TEST(test_pg_connect_sets_the_session)
{
	char err[512];
	int64_t version = -1;
	struct db *db = store_pg_connect(live_url, DB_MODE_WRITE, &version, err,
	                                 sizeof(err));

	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_str_eq(db->ops->name, "PostgreSQL");
	ck_assert_ptr_eq(store_pg_of(db), (struct store_pg *)db);
	ck_assert_ptr_null(store_pg_of(NULL));
	ck_assert_int_eq(version, 0); /* no schema in it */
	ck_assert_str_eq(one(db, "SHOW statement_timeout"), "10s");
	ck_assert_str_eq(one(db, "SHOW TimeZone"), "UTC");
	ck_assert_str_eq(one(db, "SHOW application_name"), "aigo");
	ck_assert_str_eq(one(db, "SHOW default_transaction_read_only"), "off");
	ck_assert_int_eq(db_in_transaction(db), 0);
	db_close(db);
	db_close(NULL);
}
END_TEST

START_TEST(test_pg_reuses_a_statement_across_runs)
{
	struct db *db = live();
	struct db_stmt *ins, *sel;
	int64_t sum = 0;
	int rows = 0, rc;

	ok_exec(db, "CREATE TABLE reuse (id BIGINT PRIMARY KEY, name TEXT, "
	            "n BIGINT)");
	ins = db_prepare(db, "INSERT INTO reuse VALUES ($1, $2, $3)");
	ck_assert_ptr_nonnull(ins);
	ck_assert_int_eq(db_column_count(ins), 0);
	for (int i = 1; i <= 5; i++) {
		char name[16];

		snprintf(name, sizeof(name), "row %d", i);
		db_bind_int64(ins, 1, i);
		db_bind_text(ins, 2, name);
		db_bind_int64(ins, 3, i * 100);
		ck_assert_int_eq(db_step(ins), DB_DONE);
		ck_assert_int_eq(db_changes(db), 1);
		/* Stepping again without a reset runs nothing. */
		ck_assert_int_eq(db_step(ins), DB_DONE);
		db_reset(ins);
	}
	ck_assert_int_eq(db_column_count(ins), 0);
	ck_assert_str_eq(one(db, "SELECT count(*) || ' ' || sum(n) FROM reuse"),
	                 "5 1500");
	/* One prepared statement on the server for the insert (and for the
	 * count of them). */
	ck_assert_str_eq(one(db, "SELECT count(*) FROM pg_prepared_statements "
	                         "WHERE statement LIKE 'INSERT INTO reuse%'"),
	                 "1");

	sel = db_prepare(db, "SELECT id, name, n AS hundreds FROM reuse "
	                     "WHERE id >= $1 ORDER BY id");
	ck_assert_int_eq(db_column_count(sel), 0);
	ck_assert_ptr_null(db_column_name(sel, 0));
	for (int run = 0; run < 3; run++) {
		db_bind_int64(sel, 1, 2 + run);
		rows = 0;
		sum = 0;
		while ((rc = db_step(sel)) == DB_ROW) {
			char want[16];

			snprintf(want, sizeof(want), "row %lld",
			         (long long)db_column_int64(sel, 0));
			ck_assert_str_eq(db_column_text(sel, 1), want);
			sum += db_column_int64(sel, 2);
			rows++;
		}
		ck_assert_int_eq(rc, DB_DONE);
		ck_assert_int_eq(db_step(sel), DB_DONE);
		/* ids 2+run .. 5: their n are id * 100 */
		ck_assert_int_eq(rows, 4 - run);
		ck_assert_int_eq(sum,
		                 (int64_t)(2 + run + 5) * (4 - run) / 2 * 100);
		db_reset(sel);
	}
	ck_assert_int_eq(db_column_count(sel), 3);
	ck_assert_str_eq(db_column_name(sel, 0), "id");
	ck_assert_str_eq(db_column_name(sel, 2), "hundreds");
	ck_assert_ptr_null(db_column_name(sel, 3));
	/* A reset keeps the bound values (as sqlite3_reset): the last
	 * run's rows again; a clear forgets them: $1 is NULL, no row. */
	rows = 0;
	while (db_step(sel) == DB_ROW)
		rows++;
	ck_assert_int_eq(rows, 2);
	db_reset(sel);
	db_clear(sel);
	ck_assert_int_eq(db_step(sel), DB_DONE);
	db_finalize(ins);
	db_finalize(sel);
	db_close(db);
}
END_TEST

START_TEST(test_pg_null_goes_in_and_comes_out)
{
	struct db *db = live();
	struct db_stmt *st;

	ok_exec(db, "CREATE TABLE nulls (id BIGINT, t TEXT, n BIGINT)");
	st = db_prepare(db, "INSERT INTO nulls VALUES ($1, $2, $3)");
	db_bind_int64(st, 1, 1);
	db_bind_text(st, 2, NULL); /* NULL text binds NULL */
	db_bind_null(st, 3);
	ck_assert_int_eq(db_step(st), DB_DONE);
	db_reset(st);
	db_bind_int64(st, 1, 2);
	db_bind_text(st, 2, ""); /* empty text is not NULL */
	db_bind_int64(st, 3, 7);
	db_bind_null(st, 3); /* the last binding counts */
	ck_assert_int_eq(db_step(st), DB_DONE);
	db_reset(st);
	db_clear(st);
	db_bind_int64(st, 1, 3); /* $2, $3 cleared: NULL */
	ck_assert_int_eq(db_step(st), DB_DONE);
	db_finalize(st);
	ck_assert_str_eq(one(db,
	                     "SELECT string_agg(id || ':' || (t IS NULL) || "
	                     "(n IS NULL), ',' ORDER BY id) FROM nulls"),
	                 "1:truetrue,2:falsetrue,3:truetrue");

	st = db_prepare(db, "SELECT t, n FROM nulls ORDER BY id");
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_int_eq(db_column_is_null(st, 0), 1);
	ck_assert_int_eq(db_column_is_null(st, 1), 1);
	ck_assert_ptr_null(db_column_text(st, 0));
	ck_assert_int_eq(db_column_int64(st, 1), 0);
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_int_eq(db_column_is_null(st, 0), 0);
	ck_assert_str_eq(db_column_text(st, 0), "");
	/* Out of range: NULL. */
	ck_assert_int_eq(db_column_is_null(st, 5), 1);
	ck_assert_ptr_null(db_column_text(st, -1));
	db_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_pg_text_round_trips_byte_for_byte)
{
	static const char *const texts[] = {
	    "it's \"quoted\"",
	    "back\\slash \\n \\\\ E'\\x41'",
	    "Grüße — 日本語 🙂",
	    "line\nbreak\ttab",
	    "$1 ? %s %% :name",
	    "'); DROP TABLE texts; --",
	    "",
	};
	struct db *db = live();
	struct db_stmt *ins, *sel, *len;

	ok_exec(db, "CREATE TABLE texts (id BIGINT, t TEXT)");
	ins = db_prepare(db, "INSERT INTO texts VALUES ($1, $2)");
	sel = db_prepare(db, "SELECT t FROM texts WHERE id = $1");
	len = db_prepare(db, "SELECT octet_length($1::text), $1::text");
	for (size_t i = 0; i < NELEM(texts); i++) {
		db_bind_int64(ins, 1, (int64_t)i);
		db_bind_text(ins, 2, texts[i]);
		ck_assert_int_eq(db_step(ins), DB_DONE);
		db_reset(ins);
		db_bind_int64(sel, 1, (int64_t)i);
		ck_assert_int_eq(db_step(sel), DB_ROW);
		ck_assert_str_eq(db_column_text(sel, 0), texts[i]);
		db_reset(sel);
		/* The server counts the same bytes as strlen. */
		db_bind_text(len, 1, texts[i]);
		ck_assert_int_eq(db_step(len), DB_ROW);
		ck_assert_int_eq(db_column_int64(len, 0),
		                 (int64_t)strlen(texts[i]));
		ck_assert_str_eq(db_column_text(len, 1), texts[i]);
		db_reset(len);
	}
	ck_assert_str_eq(one(db, "SELECT count(*) FROM texts"), "7");
	/* Characters, not bytes: 13 of them in 26 bytes. */
	ck_assert_str_eq(one(db, "SELECT char_length(t) || ' ' || "
	                         "octet_length(t) FROM texts WHERE id = 2"),
	                 "13 26");
	db_finalize(ins);
	db_finalize(sel);
	db_finalize(len);
	db_close(db);
}
END_TEST

START_TEST(test_pg_int64_extremes_round_trip)
{
	/* The driver reads up to 18 digits itself, the rest with strtoll:
	 * both sides of that edge. */
	static const int64_t vals[] = {
	    INT64_MIN,
	    INT64_MIN + 1,
	    -1,
	    0,
	    1,
	    1767225600,
	    999999999999999999,
	    1000000000000000000,
	    INT64_MAX,
	};
	static const char *const texts[] = {
	    "-9223372036854775808",
	    "-9223372036854775807",
	    "-1",
	    "0",
	    "1",
	    "1767225600",
	    "999999999999999999",
	    "1000000000000000000",
	    "9223372036854775807",
	};
	struct db *db = live();
	struct db_stmt *st = db_prepare(db, "SELECT $1::bigint, $1::text");

	for (size_t i = 0; i < NELEM(vals); i++) {
		db_bind_int64(st, 1, vals[i]);
		ck_assert_int_eq(db_step(st), DB_ROW);
		ck_assert_int_eq(db_column_int64(st, 0), vals[i]);
		ck_assert_str_eq(db_column_text(st, 1), texts[i]);
		db_reset(st);
	}
	db_finalize(st);
	/* What is not an integer reads as 0, a boolean as 1 or 0. */
	st = db_prepare(db, "SELECT true, false, 1.5, 'abc', '12abc', "
	                    "'2026-12-02'::date, '', 1 < 2");
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_int_eq(db_column_int64(st, 0), 1);
	ck_assert_int_eq(db_column_int64(st, 1), 0);
	ck_assert_str_eq(db_column_text(st, 2), "1.5");
	for (int i = 2; i < 7; i++)
		ck_assert_int_eq(db_column_int64(st, i), 0);
	ck_assert_int_eq(db_column_int64(st, 7), 1);
	db_finalize(st);
	db_close(db);
}
END_TEST

START_TEST(test_pg_changes_counts_each_kind_of_write)
{
	struct db *db = live();
	struct db_stmt *st;

	ok_exec(db, "CREATE TABLE ch (id BIGINT PRIMARY KEY, v BIGINT)");
	ok_exec(db, "INSERT INTO ch SELECT g, g % 3 FROM "
	            "generate_series(1, 10) g");
	ck_assert_int_eq(db_changes(db), 10);
	/* Independently: v = 0 for 3, 6, 9. */
	st = db_prepare(db, "UPDATE ch SET v = v + 10 WHERE v = $1");
	db_bind_int64(st, 1, 0);
	ck_assert_int_eq(db_step(st), DB_DONE);
	ck_assert_int_eq(db_changes(db), 3);
	db_finalize(st);
	/* A read leaves it. */
	ck_assert_str_eq(one(db, "SELECT count(*) FROM ch"), "10");
	ck_assert_int_eq(db_changes(db), 3);
	ok_exec(db, "DELETE FROM ch WHERE id > 6");
	ck_assert_int_eq(db_changes(db), 4);
	ok_exec(db, "UPDATE ch SET v = 0 WHERE id > 100");
	ck_assert_int_eq(db_changes(db), 0);

	st = db_prepare(db, "INSERT INTO ch VALUES ($1, 0) "
	                    "ON CONFLICT (id) DO NOTHING");
	db_bind_int64(st, 1, 2); /* there: ignored */
	ck_assert_int_eq(db_step(st), DB_DONE);
	ck_assert_int_eq(db_changes(db), 0);
	db_reset(st);
	db_bind_int64(st, 1, 20); /* new */
	ck_assert_int_eq(db_step(st), DB_DONE);
	ck_assert_int_eq(db_changes(db), 1);
	db_finalize(st);

	/* RETURNING: the rows, and the changes. */
	st = db_prepare(db, "INSERT INTO ch VALUES ($1, 1), ($2, 1) "
	                    "ON CONFLICT (id) DO NOTHING RETURNING id");
	db_bind_int64(st, 1, 21);
	db_bind_int64(st, 2, 1); /* there */
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_int_eq(db_column_int64(st, 0), 21);
	ck_assert_str_eq(db_column_name(st, 0), "id");
	ck_assert_int_eq(db_step(st), DB_DONE);
	ck_assert_int_eq(db_changes(db), 1);
	db_finalize(st);
	st = db_prepare(db, "UPDATE ch SET v = v + 1 WHERE id IN (1, 2, 21) "
	                    "RETURNING id, v");
	for (int i = 0; i < 3; i++)
		ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_int_eq(db_step(st), DB_DONE);
	ck_assert_int_eq(db_changes(db), 3);
	db_finalize(st);
	/* psql over the same statements: 8 rows, sum 30. */
	ck_assert_str_eq(one(db, "SELECT count(*) || ' ' || sum(v) FROM ch"),
	                 "8 30");
	db_close(db);
}
END_TEST

START_TEST(test_pg_constraint_and_other_errors)
{
	struct db *db = live();
	struct db_stmt *st;
	int rc;

	ok_exec(db, "CREATE TABLE cons (id BIGINT PRIMARY KEY, "
	            "n BIGINT NOT NULL CHECK (n >= 0))");
	ok_exec(db, "INSERT INTO cons VALUES (1, 1)");
	st = db_prepare(db, "INSERT INTO cons VALUES ($1, $2)");
	db_bind_int64(st, 1, 1);
	db_bind_int64(st, 2, 5);
	ck_assert_int_eq(db_step(st), DB_CONSTRAINT);
	errmsg_has(
	    db, "duplicate key value violates unique constraint \"cons_pkey\"");
	ck_assert_msg(strchr(db_errmsg(db), '\n') == NULL, "%s", db_errmsg(db));
	db_reset(st);
	db_bind_int64(st, 1, 2);
	db_bind_int64(st, 2, -1);
	ck_assert_int_eq(db_step(st), DB_CONSTRAINT);
	errmsg_has(db, "cons_n_check");
	db_reset(st);
	db_bind_int64(st, 1, 3); /* n NULL */
	ck_assert_int_eq(db_step(st), DB_CONSTRAINT);
	db_reset(st);
	/* The connection goes on: a good row. */
	db_bind_int64(st, 1, 4);
	db_bind_int64(st, 2, 4);
	ck_assert_int_eq(db_step(st), DB_DONE);
	db_finalize(st);

	/* Bad SQL: the prepare keeps it, its first step fails. */
	st = db_prepare(db, "SELEKT 1");
	ck_assert_ptr_nonnull(st);
	rc = db_step(st);
	ck_assert_int_eq(rc, DB_ERROR);
	errmsg_has(db, "syntax error");
	db_finalize(st);
	ck_assert_int_eq(db_exec(db, "SELECT * FROM no_such_table"), DB_ERROR);
	errmsg_has(db, "\"no_such_table\" does not exist");
	/* A type error is no constraint. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO cons VALUES (9, 'x')"),
	                 DB_ERROR);

	/* Inside a transaction a constraint aborts it: a COMMIT then is a
	 * failure (the server answers ROLLBACK), and nothing was kept. */
	ok_exec(db, "BEGIN");
	ok_exec(db, "INSERT INTO cons VALUES (10, 10)");
	ck_assert_int_eq(db_exec(db, "INSERT INTO cons VALUES (1, 1)"),
	                 DB_CONSTRAINT);
	ck_assert_int_eq(db_in_transaction(db), 1);
	ck_assert_int_eq(db_exec(db, "SELECT 1"), DB_ERROR);
	errmsg_has(db, "current transaction is aborted");
	ck_assert_int_eq(db_exec(db, "COMMIT"), DB_ERROR);
	errmsg_has(db, "rolled back");
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_str_eq(one(db, "SELECT count(*) FROM cons WHERE id = 10"),
	                 "0");
	db_close(db);
}
END_TEST

/* The first run sends the prepare and the execution together, with the
 * parameters counted in the text: a $N in a string, a quoted name, a
 * comment, a dollar-quoted body or a name is no parameter. A failed
 * prepare leaves the statement unprepared: it is prepared again at its
 * next run. */
START_TEST(test_pg_first_run_counts_parameters_and_prepares_again)
{
	struct db *db = live();
	struct db_stmt *st;

	st = db_prepare(db, "SELECT $1::text || '$9''$8' || $$ $7 $$ || "
	                    "$q$ $6 $q$ || $2::bigint /* $5 */ AS \"a$4\" "
	                    "-- $3\n");
	db_bind_text(st, 1, "x");
	db_bind_int64(st, 2, 42);
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_str_eq(db_column_text(st, 0), "x$9'$8 $7  $6 42");
	ck_assert_str_eq(db_column_name(st, 0), "a$4");
	db_finalize(st);

	st = db_prepare(db, "SELECT count(*) FROM later WHERE n > $1");
	db_bind_int64(st, 1, 0);
	ck_assert_int_eq(db_step(st), DB_ERROR);
	errmsg_has(db, "\"later\" does not exist");
	db_reset(st);
	ok_exec(db, "CREATE TABLE later (n BIGINT); "
	            "INSERT INTO later VALUES (1), (2)");
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_str_eq(db_column_text(st, 0), "2");
	db_reset(st);
	/* Inside a transaction too; the failure aborts it, as before. */
	ok_exec(db, "BEGIN");
	ck_assert_int_eq(db_step(st), DB_ROW);
	ck_assert_str_eq(db_column_text(st, 0), "2");
	db_reset(st);
	ok_exec(db, "COMMIT");
	db_finalize(st);
	db_close(db);
}
END_TEST

/* db_send: reads sent ahead (their prepares too) in one round trip, each
 * read at its step in any order; a reset and rebind after the send
 * change nothing of that run; a failing one fails the call that brought
 * the answers; an answer nobody read is dropped by the next exec. */
START_TEST(test_pg_send_reads_ahead)
{
	struct db *db = live();
	struct db_stmt *a, *b, *bad;

	ok_exec(db, "CREATE TABLE ahead (n BIGINT); "
	            "INSERT INTO ahead VALUES (1), (2), (3)");
	a = db_prepare(db, "SELECT count(*) FROM ahead WHERE n >= $1");
	b = db_prepare(db, "SELECT n FROM ahead ORDER BY n DESC");
	ok_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	db_bind_int64(a, 1, 2);
	ck_assert_int_eq(db_send(a), DB_OK);
	ck_assert_int_eq(db_send(b), DB_OK);
	db_reset(a);
	db_clear(a);
	db_bind_int64(a, 1, 3); /* not the run sent */
	ck_assert_int_eq(db_step(b), DB_ROW);
	ck_assert_str_eq(db_column_text(b, 0), "3");
	ck_assert_int_eq(db_step(b), DB_ROW);
	ck_assert_str_eq(db_column_text(b, 0), "2");
	db_reset(b);
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_str_eq(db_column_text(a, 0), "2");
	ck_assert_str_eq(db_column_name(a, 0), "count");
	db_reset(a);
	/* Now run at its step: the values bound now. */
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_str_eq(db_column_text(a, 0), "1");
	db_reset(a);
	/* An answer not read is gone with the transaction's end. */
	ck_assert_int_eq(db_send(b), DB_OK);
	ok_exec(db, "COMMIT");
	ok_exec(db, "INSERT INTO ahead VALUES (4)");
	ck_assert_int_eq(db_step(b), DB_ROW);
	ck_assert_str_eq(db_column_text(b, 0), "4");
	db_reset(b);
	/* A failing one fails the step that brings the answers. */
	bad = db_prepare(db, "SELECT n / 0 FROM ahead");
	ok_exec(db, "BEGIN");
	ck_assert_int_eq(db_send(bad), DB_OK);
	ck_assert_int_eq(db_send(b), DB_OK);
	ck_assert_int_eq(db_step(b), DB_ERROR);
	errmsg_has(db, "division by zero");
	errmsg_has(db, "(queued: SELECT n / 0");
	db_reset(b);
	ok_exec(db, "ROLLBACK");
	ck_assert_int_eq(db_step(bad), DB_ERROR);
	errmsg_has(db, "division by zero");
	db_reset(bad);
	ck_assert_int_eq(db_step(b), DB_ROW);
	ck_assert_str_eq(db_column_text(b, 0), "4");
	db_finalize(bad);
	db_finalize(a);
	db_finalize(b);
	db_close(db);
}
END_TEST

/* db_send of one statement several times (other values each time): its
 * steps read the answers in the order sent, each run's rows until its
 * reset, all in one round trip; then a step runs it anew. Answers of an
 * earlier queue that no step read are dropped by a send of it in a new
 * queue. */
START_TEST(test_pg_send_one_statement_several_times)
{
	struct db *db = live();
	struct db_stmt *a, *b;

	ok_exec(db, "CREATE TABLE again (n BIGINT); "
	            "INSERT INTO again VALUES (1), (2), (3)");
	a = db_prepare(db, "SELECT n FROM again WHERE n >= $1 ORDER BY n");
	b = db_prepare(db, "SELECT count(*) FROM again");
	ok_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ");
	for (int v = 3; v >= 1; v--) {
		db_bind_int64(a, 1, v);
		ck_assert_int_eq(db_send(a), DB_OK);
	}
	ck_assert_int_eq(db_send(b), DB_OK);
	for (int v = 3; v >= 1; v--) {
		for (int n = v; n <= 3; n++) {
			ck_assert_int_eq(db_step(a), DB_ROW);
			ck_assert_int_eq(db_column_int64(a, 0), n);
		}
		ck_assert_int_eq(db_step(a), DB_DONE);
		db_reset(a);
	}
	ck_assert_int_eq(db_step(b), DB_ROW);
	ck_assert_str_eq(db_column_text(b, 0), "3");
	db_reset(b);
	/* None kept: run at its step with the values bound now. */
	db_bind_int64(a, 1, 2);
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_int_eq(db_column_int64(a, 0), 2);
	db_reset(a);
	/* Two sent, one read; a send in a new queue drops the other. */
	db_bind_int64(a, 1, 1);
	ck_assert_int_eq(db_send(a), DB_OK);
	db_bind_int64(a, 1, 2);
	ck_assert_int_eq(db_send(a), DB_OK);
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_int_eq(db_column_int64(a, 0), 1);
	db_reset(a);
	db_bind_int64(a, 1, 3);
	ck_assert_int_eq(db_send(a), DB_OK);
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_int_eq(db_column_int64(a, 0), 3);
	ck_assert_int_eq(db_step(a), DB_DONE);
	db_reset(a);
	ok_exec(db, "COMMIT");
	db_finalize(a);
	db_finalize(b);
	db_close(db);
}
END_TEST

START_TEST(test_pg_serialization_failure_is_retry)
{
	struct db *a = live(), *b = live();
	struct db_stmt *st;

	ok_exec(a, "CREATE TABLE ser (id BIGINT PRIMARY KEY, v BIGINT); "
	           "INSERT INTO ser VALUES (1, 0)");
	ok_exec(a, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	ck_assert_str_eq(one(a, "SELECT v FROM ser WHERE id = 1"), "0");
	/* b writes the row a has read, and commits first. */
	ok_exec(b, "BEGIN ISOLATION LEVEL SERIALIZABLE; "
	           "UPDATE ser SET v = v + 1 WHERE id = 1; COMMIT");
	st = db_prepare(a, "UPDATE ser SET v = v + $1 WHERE id = 1");
	db_bind_int64(st, 1, 10);
	ck_assert_int_eq(db_step(st), DB_RETRY);
	ck_assert_msg(strstr(db_errmsg(a), "could not serialize access") !=
	                  NULL,
	              "%s", db_errmsg(a));
	ck_assert_int_eq(db_in_transaction(a), 1);
	ok_exec(a, "ROLLBACK");
	ck_assert_int_eq(db_in_transaction(a), 0);
	/* Run again from its BEGIN, it succeeds. */
	db_reset(st);
	ok_exec(a, "BEGIN ISOLATION LEVEL SERIALIZABLE");
	ck_assert_str_eq(one(a, "SELECT v FROM ser WHERE id = 1"), "1");
	db_bind_int64(st, 1, 10);
	ck_assert_int_eq(db_step(st), DB_DONE);
	ok_exec(a, "COMMIT");
	ck_assert_str_eq(one(b, "SELECT v FROM ser WHERE id = 1"), "11");
	db_finalize(st);
	db_close(a);
	db_close(b);
}
END_TEST

/* The child's half of the deadlock: its own connection; locks row 2, says
 * so on fd, then wants row 1. Exits with the rc of that update (+10). */
static void
deadlock_child(int fd)
{
	char err[512];
	int64_t v;
	struct db *db =
	    store_pg_connect(live_url, DB_MODE_WRITE, &v, err, sizeof(err));
	int rc;

	if (db == NULL || db_exec(db, "BEGIN") != DB_OK ||
	    db_exec(db, "UPDATE dl SET v = 2 WHERE id = 2") != DB_OK)
		_exit(1);
	if (write(fd, "x", 1) != 1)
		_exit(1);
	rc = db_exec(db, "UPDATE dl SET v = 2 WHERE id = 1");
	if (rc == DB_OK)
		rc = db_exec(db, "COMMIT");
	else
		db_exec(db, "ROLLBACK");
	/* No db_close: _exit leaves the inherited sockets alone. */
	_exit(rc + 10);
}

START_TEST(test_pg_deadlock_is_retry)
{
	struct db *db = live();
	int fds[2], status, rc;
	char c;
	pid_t pid;

	ok_exec(db, "CREATE TABLE dl (id BIGINT PRIMARY KEY, v BIGINT); "
	            "INSERT INTO dl VALUES (1, 0), (2, 0)");
	ck_assert_int_eq(pipe(fds), 0);
	ok_exec(db, "BEGIN");
	ok_exec(db, "UPDATE dl SET v = 1 WHERE id = 1");
	pid = fork();
	ck_assert_int_ne(pid, -1);
	if (pid == 0) {
		close(fds[0]);
		deadlock_child(fds[1]);
	}
	close(fds[1]);
	ck_assert_int_eq(read(fds[0], &c, 1), 1);
	/* Row 2 is the child's, which waits (or will) for row 1: the server
	 * finds the cycle after deadlock_timeout (1 s) and fails one. */
	rc = db_exec(db, "UPDATE dl SET v = 1 WHERE id = 2");
	if (rc == DB_OK)
		ok_exec(db, "COMMIT");
	else
		errmsg_has(db, "deadlock detected");
	if (rc != DB_OK)
		ok_exec(db, "ROLLBACK");
	ck_assert_int_eq(waitpid(pid, &status, 0), pid);
	ck_assert(WIFEXITED(status));
	/* One of the two got DB_RETRY, the other went through. */
	if (rc == DB_OK)
		ck_assert_int_eq(WEXITSTATUS(status), DB_RETRY + 10);
	else {
		ck_assert_int_eq(rc, DB_RETRY);
		ck_assert_int_eq(WEXITSTATUS(status), DB_OK + 10);
	}
	ck_assert_str_eq(one(db, "SELECT string_agg(v::text, ',' ORDER BY id) "
	                         "FROM dl"),
	                 rc == DB_OK ? "1,1" : "2,2");
	close(fds[0]);
	db_close(db);
}
END_TEST

START_TEST(test_pg_in_transaction_follows_begin_and_end)
{
	struct db *db = live();

	ck_assert_int_eq(db_in_transaction(db), 0);
	ok_exec(db, "BEGIN");
	ck_assert_int_eq(db_in_transaction(db), 1);
	ok_exec(db, "SELECT 1");
	ck_assert_int_eq(db_in_transaction(db), 1);
	ok_exec(db, "COMMIT");
	ck_assert_int_eq(db_in_transaction(db), 0);
	ok_exec(db, "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY");
	ck_assert_int_eq(db_exec(db, "SELECT 1/0"), DB_ERROR);
	ck_assert_int_eq(db_in_transaction(db), 1); /* failed, not ended */
	ok_exec(db, "ROLLBACK");
	ck_assert_int_eq(db_in_transaction(db), 0);
	/* Several statements in one exec; the changes of the last write. */
	ok_exec(db, "CREATE TABLE multi (x BIGINT); "
	            "INSERT INTO multi VALUES (1), (2), (3); "
	            "UPDATE multi SET x = x + 1 WHERE x > 1");
	ck_assert_int_eq(db_changes(db), 2);
	ck_assert_str_eq(one(db, "SELECT sum(x) FROM multi"), "8");
	/* COPY is refused, and the connection goes on. */
	ck_assert_int_eq(db_exec(db, "COPY multi FROM STDIN"), DB_ERROR);
	ck_assert_int_eq(db_exec(db, "COPY multi TO STDOUT"), DB_ERROR);
	errmsg_has(db, "COPY");
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_str_eq(one(db, "SELECT count(*) FROM multi"), "3");
	db_close(db);
}
END_TEST

START_TEST(test_pg_errmsg_hides_the_password)
{
	char url[700], sql[200];
	struct db *db;
	struct db_stmt *st;

	/* The password in the URI, and a statement whose error quotes it. */
	snprintf(url, sizeof(url), "postgresql://aigo:%s@/%s?host=%s", password,
	         LIVE_DB, pg_dir);
	db = connect_to(url, DB_MODE_WRITE);
	st = db_prepare(db, "SELECT $1::bigint");
	db_bind_text(st, 1, password);
	ck_assert_int_eq(db_step(st), DB_ERROR);
	errmsg_has(db, "invalid input syntax for type bigint: \"***\"");
	ck_assert_msg(strstr(db_errmsg(db), password) == NULL, "%s",
	              db_errmsg(db));
	db_finalize(st);
	ck_assert_int_eq(db_exec(db, password), DB_ERROR);
	ck_assert_msg(strstr(db_errmsg(db), password) == NULL, "%s",
	              db_errmsg(db));
	db_close(db);
	/* As a query parameter too. */
	snprintf(url, sizeof(url),
	         "postgresql:///%s?host=%s&user=aigo&"
	         "password=%s",
	         LIVE_DB, pg_dir, password);
	db = connect_to(url, DB_MODE_WRITE);
	snprintf(sql, sizeof(sql), "SELECT '%s'::bigint", password);
	ck_assert_int_eq(db_exec(db, sql), DB_ERROR);
	errmsg_has(db, "for type bigint: \"***\"");
	ck_assert_msg(strstr(db_errmsg(db), password) == NULL, "%s",
	              db_errmsg(db));
	db_close(db);
}
END_TEST

START_TEST(test_pg_statement_timeout_cancels)
{
	struct db *db = live();
	double t0;

	ok_exec(db, "SET statement_timeout = 200");
	t0 = now_s();
	ck_assert_int_eq(db_exec(db, "SELECT pg_sleep(3)"), DB_ERROR);
	ck_assert_msg(now_s() - t0 < 2.5, "took %.2f s", now_s() - t0);
	errmsg_has(db, "canceling statement due to statement timeout");
	/* The connection goes on. */
	ck_assert_str_eq(one(db, "SELECT 41 + 1"), "42");
	db_close(db);
}
END_TEST

START_TEST(test_pg_reconnects_outside_a_transaction)
{
	struct db *db = live();
	struct db_stmt *pid_st = db_prepare(db, "SELECT pg_backend_pid()");
	int64_t pid1, pid2;

	ck_assert_int_eq(db_step(pid_st), DB_ROW);
	pid1 = db_column_int64(pid_st, 0);
	db_reset(pid_st);
	ok_exec(db, "SET statement_timeout = 1234");
	terminate(pid1);
	/* The prepared statement, on a new session (prepared again). */
	ck_assert_int_eq(db_step(pid_st), DB_ROW);
	pid2 = db_column_int64(pid_st, 0);
	ck_assert_int_ne(pid2, pid1);
	ck_assert_int_gt(pid2, 0);
	db_reset(pid_st);
	/* The session's settings again, not the old session's. */
	ck_assert_str_eq(one(db, "SHOW statement_timeout"), "10s");
	ck_assert_str_eq(one(db, "SHOW TimeZone"), "UTC");
	/* db_exec reconnects too. */
	terminate(pid2);
	ok_exec(db, "CREATE TABLE IF NOT EXISTS rc (x BIGINT)");
	ck_assert_int_ne(backend_pid(db), pid2);
	ck_assert_int_eq(db_step(pid_st), DB_ROW);
	db_finalize(pid_st);
	db_close(db);
}
END_TEST

/* The session ends while a statement runs (outside a transaction): that
 * statement fails, the next one reconnects. */
START_TEST(test_pg_session_ending_mid_statement_fails_it_then_reconnects)
{
	struct db *db = live();
	int64_t pid = backend_pid(db);
	pid_t child;
	int status;

	child = fork();
	ck_assert_int_ne(child, -1);
	if (child == 0) {
		char err[512], sql[128];
		int64_t v;
		struct db *admin = store_pg_connect(admin_url, DB_MODE_WRITE,
		                                    &v, err, sizeof(err));

		usleep(300 * 1000);
		snprintf(sql, sizeof(sql),
		         "SELECT pg_terminate_backend(%lld, 5000)",
		         (long long)pid);
		_exit(admin != NULL && db_exec(admin, sql) == DB_OK ? 0 : 1);
	}
	ck_assert_int_eq(db_exec(db, "SELECT pg_sleep(5)"), DB_ERROR);
	errmsg_has(db, "terminating connection");
	ck_assert_int_eq(waitpid(child, &status, 0), child);
	ck_assert_int_eq(WEXITSTATUS(status), 0);
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_int_ne(backend_pid(db), pid);
	db_close(db);
}
END_TEST

START_TEST(test_pg_connection_lost_inside_a_transaction_fails)
{
	struct db *db = live();
	int64_t pid;

	ok_exec(db, "CREATE TABLE lost (x BIGINT)");
	/* The ROLLBACK ends it and reconnects. */
	ok_exec(db, "BEGIN");
	ok_exec(db, "INSERT INTO lost VALUES (1)");
	pid = backend_pid(db);
	terminate(pid);
	ck_assert_int_eq(db_exec(db, "INSERT INTO lost VALUES (2)"), DB_ERROR);
	errmsg_has(db, "terminating connection");
	ck_assert_int_eq(db_in_transaction(db), 1);
	/* Not in autocommit on a new session: still a failure. */
	ck_assert_int_eq(db_exec(db, "INSERT INTO lost VALUES (3)"), DB_ERROR);
	errmsg_has(db, "lost inside the transaction");
	ck_assert_int_eq(db_in_transaction(db), 1);
	ok_exec(db, "ROLLBACK");
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_int_ne(backend_pid(db), pid);
	ck_assert_str_eq(one(db, "SELECT count(*) FROM lost"), "0");

	/* A COMMIT of a lost transaction fails; the next statement
	 * reconnects. */
	ok_exec(db, "BEGIN");
	ok_exec(db, "INSERT INTO lost VALUES (4)");
	pid = backend_pid(db);
	terminate(pid);
	ck_assert_int_eq(db_exec(db, "INSERT INTO lost VALUES (5)"), DB_ERROR);
	ck_assert_int_eq(db_exec(db, "COMMIT"), DB_ERROR);
	errmsg_has(db, "nothing of it was committed");
	ck_assert_int_eq(db_in_transaction(db), 0);
	ck_assert_str_eq(one(db, "SELECT count(*) FROM lost"), "0");
	db_close(db);
}
END_TEST

START_TEST(test_pg_unreachable_server_fails_then_recovers)
{
	struct db *admin = connect_to(admin_url, DB_MODE_WRITE);
	char url[600];
	struct db *db;
	double t0;

	ok_exec(admin, "DROP DATABASE IF EXISTS pggone");
	ok_exec(admin, "CREATE DATABASE pggone OWNER aigo");
	snprintf(url, sizeof(url), "postgresql:///pggone?host=%s&user=aigo",
	         pg_dir);
	db = connect_to(url, DB_MODE_WRITE);
	ck_assert_str_eq(one(db, "SELECT current_database()"), "pggone");
	/* Its database goes (and the session with it): the reconnection
	 * fails, and the statement says why. */
	ok_exec(admin, "DROP DATABASE pggone WITH (FORCE)");
	ck_assert_int_eq(db_exec(db, "SELECT 1"), DB_ERROR);
	errmsg_has(db, "the server cannot be reached");
	errmsg_has(db, "\"pggone\" does not exist");
	ck_assert_int_eq(db_in_transaction(db), 0);
	/* At once again: no new attempt yet, the same reason, no wait. */
	t0 = now_s();
	ck_assert_int_eq(db_exec(db, "SELECT 1"), DB_ERROR);
	ck_assert_msg(now_s() - t0 < 0.2, "took %.2f s", now_s() - t0);
	errmsg_has(db, "next attempt within 1000 ms");
	/* Back: after the wait, the next statement reconnects. */
	ok_exec(admin, "CREATE DATABASE pggone OWNER aigo");
	usleep((STORE_PG_RETRY_MS + 100) * 1000);
	ck_assert_str_eq(one(db, "SELECT current_database()"), "pggone");
	db_close(db);
	ok_exec(admin, "DROP DATABASE pggone WITH (FORCE)");
	db_close(admin);
}
END_TEST

START_TEST(test_pg_read_mode_refuses_writes)
{
	struct db *db = connect_to(live_url, DB_MODE_READ);

	ck_assert_str_eq(one(db, "SHOW default_transaction_read_only"), "on");
	ck_assert_int_eq(db_exec(db, "CREATE TABLE ro (x BIGINT)"), DB_ERROR);
	errmsg_has(db, "read-only transaction");
	ck_assert_str_eq(one(db, "SELECT 2 * 21"), "42");
	db_close(db);
}
END_TEST

START_TEST(test_pg_finalize_deallocates_and_close_frees)
{
	struct db *db = live();
	/* Not counting itself (prepared while it runs). */
	const char *count = "SELECT count(*) - 1 FROM pg_prepared_statements";
	struct db_stmt *a, *b;

	/* one() prepares and finalizes its own: none left. */
	ck_assert_str_eq(one(db, count), "0");
	a = db_prepare(db, "SELECT 1");
	ck_assert_int_eq(db_step(a), DB_ROW);
	ck_assert_str_eq(one(db, count), "1");
	db_finalize(a);
	ck_assert_str_eq(one(db, count), "0");
	/* Inside a transaction: at the next statement after it. */
	a = db_prepare(db, "SELECT 2");
	ck_assert_int_eq(db_step(a), DB_ROW);
	ok_exec(db, "BEGIN");
	db_finalize(a);
	ck_assert_str_eq(one(db, count), "1");
	ok_exec(db, "COMMIT");
	ck_assert_str_eq(one(db, count), "0");
	/* Statements still alive: close finalizes them. */
	a = db_prepare(db, "SELECT 3");
	b = db_prepare(db, "SELECT 4");
	ck_assert_int_eq(db_step(a), DB_ROW);
	(void)b;
	db_close(db);
	db_finalize(NULL);
}
END_TEST

START_TEST(test_pg_schema_version_after_the_schema)
{
	struct db *admin = connect_to(admin_url, DB_MODE_WRITE);
	char url[600], err[512];
	int64_t version = -1;
	struct db *db;
	FILE *f;
	char *sql;
	long n;

	ok_exec(admin, "DROP DATABASE IF EXISTS pgschema");
	ok_exec(admin, "CREATE DATABASE pgschema OWNER aigo");
	snprintf(url, sizeof(url), "postgresql:///pgschema?host=%s&user=aigo",
	         pg_dir);
	db = store_pg_connect(url, DB_MODE_CREATE, &version, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(version, 0);
	f = fopen("db/schema-pg.sql", "r");
	ck_assert_ptr_nonnull(f);
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	sql = calloc(1, (size_t)n + 1);
	ck_assert_int_eq(fread(sql, 1, (size_t)n, f), (size_t)n);
	fclose(f);
	ck_assert_int_eq(
	    store_pg_apply_schema(store_pg_of(db), sql, err, sizeof(err)), 0);
	free(sql);
	db_close(db);
	db = store_pg_connect(url, DB_MODE_READ, &version, err, sizeof(err));
	ck_assert_msg(db != NULL, "%s", err);
	ck_assert_int_eq(version, STORE_PG_SCHEMA_VERSION);
	db_close(db);
	ok_exec(admin, "DROP DATABASE pgschema WITH (FORCE)");
	db_close(admin);
}
END_TEST

static Suite *
store_pg_live_suite(void)
{
	Suite *s = suite_create("store_pg_live");
	TCase *tc = tcase_create("server");

	/* Under make test's load: the deadlock takes 1 s, the reconnect
	 * tests start sessions. */
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_pg_connect_sets_the_session);
	tcase_add_test(tc, test_pg_reuses_a_statement_across_runs);
	tcase_add_test(tc, test_pg_null_goes_in_and_comes_out);
	tcase_add_test(tc, test_pg_text_round_trips_byte_for_byte);
	tcase_add_test(tc, test_pg_int64_extremes_round_trip);
	tcase_add_test(tc, test_pg_changes_counts_each_kind_of_write);
	tcase_add_test(tc, test_pg_constraint_and_other_errors);
	tcase_add_test(tc,
	               test_pg_first_run_counts_parameters_and_prepares_again);
	tcase_add_test(tc, test_pg_send_reads_ahead);
	tcase_add_test(tc, test_pg_send_one_statement_several_times);
	tcase_add_test(tc, test_pg_serialization_failure_is_retry);
	tcase_add_test(tc, test_pg_deadlock_is_retry);
	tcase_add_test(tc, test_pg_in_transaction_follows_begin_and_end);
	tcase_add_test(tc, test_pg_errmsg_hides_the_password);
	tcase_add_test(tc, test_pg_statement_timeout_cancels);
	tcase_add_test(tc, test_pg_reconnects_outside_a_transaction);
	tcase_add_test(
	    tc, test_pg_session_ending_mid_statement_fails_it_then_reconnects);
	tcase_add_test(tc, test_pg_connection_lost_inside_a_transaction_fails);
	tcase_add_test(tc, test_pg_unreachable_server_fails_then_recovers);
	tcase_add_test(tc, test_pg_read_mode_refuses_writes);
	tcase_add_test(tc, test_pg_finalize_deallocates_and_close_frees);
	tcase_add_test(tc, test_pg_schema_version_after_the_schema);
	suite_add_tcase(s, tc);
	return s;
}

/* Run from the checkout's root with tests/pg.sh's server: PG_DIR,
 * PG_ADMIN_URL, PG_PASSWORD and PGPASSFILE (pg_start exports them). */
int
main(void)
{
	struct db *admin;
	SRunner *sr;
	char err[512];
	int64_t v;
	int n, failed;

	pg_dir = getenv("PG_DIR");
	admin_url = getenv("PG_ADMIN_URL");
	password = getenv("PG_PASSWORD");
	if (pg_dir == NULL || admin_url == NULL || password == NULL ||
	    getenv("AIGO_PG_URL") == NULL) {
		fprintf(stderr, "test_pg_live: needs the server of tests/pg.sh "
		                "(run by tests/e2e/pg.sh)\n");
		return 2;
	}
	snprintf(live_url, sizeof(live_url),
	         "postgresql:///%s?host=%s&user=aigo", LIVE_DB, pg_dir);
	admin =
	    store_pg_connect(admin_url, DB_MODE_WRITE, &v, err, sizeof(err));
	if (admin == NULL ||
	    db_exec(admin, "DROP DATABASE IF EXISTS " LIVE_DB
	                   " WITH (FORCE)") != DB_OK ||
	    db_exec(admin, "CREATE DATABASE " LIVE_DB " OWNER aigo") != DB_OK) {
		fprintf(stderr, "test_pg_live: %s\n",
		        admin != NULL ? db_errmsg(admin) : err);
		db_close(admin);
		return 2;
	}
	db_close(admin);
	sr = srunner_create(store_pg_live_suite());
	srunner_run_all(sr, CK_NORMAL);
	n = srunner_ntests_run(sr);
	failed = srunner_ntests_failed(sr);
	srunner_free(sr);
	printf("test_pg_live: %d passed, %d failed\n", n - failed, failed);
	return failed == 0 ? EXIT_SUCCESS : EXIT_FAILURE;
}
