/* test_store_pg.c: the PostgreSQL backend's parts that need no server: which db values are PostgreSQL, the parameters a statement counts, and passwords hidden from every message (test_store_pg_live.c, run by tests/e2e/pg.sh, has the server). */
#include <string.h>

#include "arena.h"
#include "store_db.h"
#include "config.h"
#include "store_pg.h"
#include "unit.h"

START_TEST(test_store_pg_is_url_by_scheme)
{
	static const struct {
		const char *db;
		int want;
	} cases[] = {
	    {"postgresql://h/db", 1},
	    {"postgresql:///aigo?host=/tmp/x", 1},
	    {"postgres://u@h/db", 1},
	    {"/var/lib/aigo/aigo.db", 0},
	    {"db/aigo.db", 0},
	    {"postgresql:", 0},
	    {"POSTGRESQL://h/db", 0},
	    {"host=/tmp dbname=aigo", 0},
	    /* SQLite files whose names start like a scheme */
	    {"postgres.db", 0},
	    {"postgres", 0},
	    {"postgresql", 0},
	    {"postgres/srv/aigo.db", 0},
	    {"", 0},
	    {NULL, 0},
	};

	for (size_t i = 0; i < NELEM(cases); i++)
		ck_assert_msg(store_pg_is_url(cases[i].db) == cases[i].want &&
		                  config_db_is_postgresql(cases[i].db) ==
		                      cases[i].want,
		              "%s", cases[i].db ? cases[i].db : "(null)");
}
END_TEST

/* Each row: a connection string, a message quoting it, the message as
 * it must be shown. */
START_TEST(test_store_pg_redact_hides_every_form_of_the_password)
{
	static const struct {
		const char *conninfo, *msg, *want;
	} cases[] = {
	    {"postgresql://aigo:s3cret@db.example/aigo",
	     "could not connect: postgresql://aigo:s3cret@db.example/aigo",
	     "could not connect: postgresql://aigo:***@db.example/aigo"},
	    {"postgresql:///aigo?host=/tmp/d&user=aigo&password=s3cret",
	     "invalid URI query parameter: \"password=s3cret&x\"",
	     "invalid URI query parameter: \"password=***&x\""},
	    /* key=value words, bare and quoted (with a space in it) */
	    {"host=/tmp dbname=aigo password=s3cret user=aigo",
	     "bad: password=s3cret user", "bad: password=*** user"},
	    {"host=/tmp password = 'my s3cret' dbname=aigo",
	     "failed for 'my s3cret'", "failed for '***'"},
	    /* as written and as percent-decoded */
	    {"postgresql://aigo:p%41ss%2Fw@h/aigo",
	     "token \"p%41ss%2Fw\", pAss/w", "token \"***\", ***"},
	    /* an '@' in the password: the last one before the query ends it */
	    {"postgresql://aigo:pa@ss@h/aigo?sslmode=require", "at pa@ss@h",
	     "at ***@h"},
	    /* a '/' in it: libpq stops there, so does one of the secrets */
	    {"postgresql://aigo:pa/ss@h/aigo", "invalid: \"pa\" in pa/ss",
	     "invalid: \"***\" in ***"},
	    /* nothing secret: the message as it is */
	    {"postgresql://aigo@h/aigo",
	     "password authentication failed for user \"aigo\"",
	     "password authentication failed for user \"aigo\""},
	    {NULL, "as it is", "as it is"},
	};
	char out[256];

	for (size_t i = 0; i < NELEM(cases); i++)
		ck_assert_str_eq(store_pg_redact(cases[i].conninfo,
		                                 cases[i].msg, out,
		                                 sizeof(out)),
		                 cases[i].want);
}
END_TEST

START_TEST(test_store_pg_redact_stops_at_the_buffer)
{
	char out[8];

	store_pg_redact("postgresql://u:pw@h/db", "abc pw defghij", out,
	                sizeof(out));
	ck_assert_str_eq(out, "abc ...");
	store_pg_redact("postgresql://u:pw@h/db", "a pw", out, sizeof(out));
	ck_assert_str_eq(out, "a ***");
	store_pg_redact(NULL, "abcdefghijk", out, sizeof(out));
	ck_assert_str_eq(out, "abcd...");
	store_pg_redact(NULL, "abcdefg", out, sizeof(out));
	ck_assert_str_eq(out, "abcdefg");
	/* A cut after a space ends with "...", not the space. */
	store_pg_redact(NULL, "abcdef ghij", out, sizeof(out));
	ck_assert_str_eq(out, "abcd...");
	store_pg_redact(NULL, "abcd efghij", out, sizeof(out));
	ck_assert_str_eq(out, "abcd...");
}
END_TEST

/* The parameters a statement is prepared with: the highest $N outside
 * quotes, comments, dollar-quoted bodies and names (counted by hand). */
START_TEST(test_store_pg_count_params)
{
	static const struct {
		const char *sql;
		int n;
	} cases[] = {
	    {"SELECT 1", 0},
	    {"SELECT $1", 1},
	    {"SELECT $2, $10, $3", 10},
	    {"SELECT '$4', \"$5\", 'it''s $6', $1", 1},
	    {"SELECT $1 -- $7\n, $2", 2},
	    {"SELECT /* $8 */ $1", 1},
	    {"DO $$ $9 $$; SELECT $tag$ $9 $tag$, $2", 2},
	    {"SELECT a$3 FROM t WHERE x = $1", 1},
	    {"SELECT $70000, $5", 5},
	    {"SELECT '$1", 0},
	    {"SELECT $1 /* $2", 1},
	    {"SELECT $$ $3", 0},
	    {"SELECT $1, '', $2", 2},
	    {"SELECT $1$2", 2},
	};

	for (size_t i = 0; i < NELEM(cases); i++)
		ck_assert_msg(store_pg_count_params(cases[i].sql) == cases[i].n,
		              "%s: %d, want %d", cases[i].sql,
		              store_pg_count_params(cases[i].sql), cases[i].n);
}
END_TEST

/* No server at that socket: the connection fails, the message says so
 * and hides the password. */
START_TEST(test_store_pg_open_failure_hides_the_password)
{
	char err[512];
	struct store_pg *pg = store_pg_open(
	    "postgresql://aigo:Hunter2secret@/aigo?host=/nonexistent-aigo-dir",
	    err, sizeof(err));

	ck_assert_ptr_null(pg);
	ck_assert_msg(strncmp(err, "PostgreSQL: connect: ", 21) == 0, "%s",
	              err);
	ck_assert_msg(strstr(err, "/nonexistent-aigo-dir") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "Hunter2") == NULL, "%s", err);
	ck_assert_msg(strchr(err, '\n') == NULL, "%s", err);

	pg = store_pg_open("postgresql://aigo:Hunter2secret@/aigo?host=/x&"
	                   "colour=red",
	                   err, sizeof(err));
	ck_assert_ptr_null(pg);
	ck_assert_msg(strstr(err, "colour") != NULL, "%s", err);
	ck_assert_msg(strstr(err, "Hunter2") == NULL, "%s", err);

	pg = store_pg_open("", err, sizeof(err));
	ck_assert_ptr_null(pg);
	ck_assert_str_eq(err, "PostgreSQL: no connection string");
	store_pg_close(NULL);
}
END_TEST

/* store_db.h's opener: no connection, the version untouched, the reason
 * without the password. */
START_TEST(test_store_pg_connect_failure_hides_the_password)
{
	char err[512];
	int64_t version = 77;
	struct db *db = store_pg_connect(
	    "postgresql://aigo:Hunter2secret@/aigo?host=/nonexistent-aigo-dir",
	    DB_MODE_READ, &version, err, sizeof(err));

	ck_assert_ptr_null(db);
	ck_assert_int_eq(version, 77);
	ck_assert_msg(strncmp(err, "PostgreSQL: connect: ", 21) == 0, "%s",
	              err);
	ck_assert_msg(strstr(err, "Hunter2") == NULL, "%s", err);
	db = store_pg_connect(NULL, DB_MODE_WRITE, &version, err, sizeof(err));
	ck_assert_ptr_null(db);
	ck_assert_str_eq(err, "PostgreSQL: no connection string");
	ck_assert_ptr_null(store_pg_of(NULL));
}
END_TEST

Suite *
store_pg_suite(void)
{
	Suite *s = suite_create("store_pg");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_store_pg_is_url_by_scheme);
	tcase_add_test(tc,
	               test_store_pg_redact_hides_every_form_of_the_password);
	tcase_add_test(tc, test_store_pg_redact_stops_at_the_buffer);
	tcase_add_test(tc, test_store_pg_count_params);
	tcase_add_test(tc, test_store_pg_open_failure_hides_the_password);
	tcase_add_test(tc, test_store_pg_connect_failure_hides_the_password);
	suite_add_tcase(s, tc);
	return s;
}
