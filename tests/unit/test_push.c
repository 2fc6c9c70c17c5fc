/* test_push.c: a probe node's spool (order, duplicates, reopening), its retry schedule, its URL and token file, and items the ingest API accepts. */
#include <sqlite3.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>

#include "ingest.h"
#include "json.h"
#include "probe_push.h"
#include "store.h"
#include "unit.h"

static void
out_path(char *buf, size_t n, const char *name)
{
	snprintf(buf, n, "%s/tests/out/%s", unit_root(), name);
	remove(buf);
}

static void
write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "w");

	ck_assert_ptr_nonnull(f);
	fputs(text, f);
	fclose(f);
	chmod(path, 0600);
}

/* Appends one check of model at t; returns how many were new. */
static long
append_one(struct store_spool *sp, const char *model, int64_t t)
{
	char item[64], err[512];
	struct spool_item it = {0, model, "eu-node", t, item};
	long added = 0, dup = 0;

	snprintf(item, sizeof(item), "{\"model\": \"%s\", \"t\": %lld}", model,
	         (long long)t);
	ck_assert_int_eq(
	    store_spool_append(sp, &it, 1, &added, &dup, err, sizeof(err)), 0);
	ck_assert_int_eq(added + dup, 1);
	return added;
}

/* Appended in one transaction, peeked oldest first, deleted by range, and
 * kept across a close; a key already spooled is not added twice. */
START_TEST(test_push_spool_order_and_reopen)
{
	char path[1100], err[512];
	struct store_spool *sp;
	struct spool_item batch[3] = {
	    {0, "a", "eu-node", 100, "{\"n\": 1}"},
	    {0, "b", "eu-node", 100, "{\"n\": 2}"},
	    {0, "a", "eu-node", 105, "{\"n\": 3}"},
	};
	struct spool_item *got;
	struct arena *a = arena_new();
	long added = 0, dup = 0;
	int64_t last;

	out_path(path, sizeof(path), "unit-spool.db");
	sp = store_spool_open(path, err, sizeof(err));
	ck_assert_msg(sp != NULL, "%s", err);
	ck_assert_int_eq(store_spool_count(sp, err, sizeof(err)), 0);
	ck_assert_int_eq(
	    store_spool_append(sp, batch, 3, &added, &dup, err, sizeof(err)),
	    0);
	ck_assert_int_eq(added, 3);
	ck_assert_int_eq(dup, 0);
	ck_assert_int_eq(append_one(sp, "a", 105), 0); /* its key: a dup */
	ck_assert_int_eq(append_one(sp, "c", 90), 1);  /* older, added later */
	ck_assert_int_eq(store_spool_count(sp, err, sizeof(err)), 4);
	/* Oldest first: the order of adding, not of checked_at. */
	ck_assert_int_eq(store_spool_peek(sp, 10, a, &got, err, sizeof(err)),
	                 4);
	ck_assert_str_eq(got[0].item, "{\"n\": 1}");
	ck_assert_str_eq(got[1].model, "b");
	ck_assert_str_eq(got[2].item, "{\"n\": 3}");
	ck_assert_str_eq(got[3].model, "c");
	ck_assert_int_eq(got[3].checked_at, 90);
	ck_assert_str_eq(got[3].region, "eu-node");
	for (int i = 1; i < 4; i++)
		ck_assert_int_gt(got[i].id, got[i - 1].id);
	ck_assert_int_eq(store_spool_peek(sp, 2, a, &got, err, sizeof(err)), 2);
	ck_assert_int_eq(
	    store_spool_delete(sp, got[0].id, got[1].id, err, sizeof(err)), 2);
	store_spool_close(sp);

	/* Reopened: what was not deleted, in the same order. */
	sp = store_spool_open(path, err, sizeof(err));
	ck_assert_msg(sp != NULL, "%s", err);
	ck_assert_int_eq(store_spool_peek(sp, 10, a, &got, err, sizeof(err)),
	                 2);
	ck_assert_str_eq(got[0].item, "{\"n\": 3}");
	ck_assert_str_eq(got[1].model, "c");
	last = got[1].id;
	ck_assert_int_eq(
	    store_spool_delete(sp, got[0].id, got[1].id, err, sizeof(err)), 2);
	ck_assert_int_eq(store_spool_count(sp, err, sizeof(err)), 0);
	/* An emptied spool never hands out an old id again. */
	ck_assert_int_eq(append_one(sp, "a", 100), 1);
	ck_assert_int_eq(store_spool_peek(sp, 10, a, &got, err, sizeof(err)),
	                 1);
	ck_assert_int_gt(got[0].id, last);
	store_spool_close(sp);
	arena_free(a);
}
END_TEST

/* Another SQLite database is refused, and left as it was. */
START_TEST(test_push_spool_refuses_other_files)
{
	char path[1100], err[512];
	sqlite3 *db;

	out_path(path, sizeof(path), "unit-not-spool.db");
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	ck_assert_int_eq(sqlite3_exec(db,
	                              "PRAGMA journal_mode = WAL; "
	                              "CREATE TABLE aigo_meta (k, v)",
	                              NULL, NULL, NULL),
	                 SQLITE_OK);
	sqlite3_close(db);
	ck_assert_ptr_null(store_spool_open(path, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "not a spool of aigo probe --push"));
	ck_assert_int_eq(sqlite3_open(path, &db), SQLITE_OK);
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(db, "PRAGMA journal_mode", -1, &st, NULL);
		ck_assert_int_eq(sqlite3_step(st), SQLITE_ROW);
		ck_assert_str_eq((const char *)sqlite3_column_text(st, 0),
		                 "wal");
		sqlite3_finalize(st);
	}
	sqlite3_close(db);
}
END_TEST

/* The retry schedule: doubling from 1-2 s, capped at 30-60 s, jittered
 * over the upper half, the whole range reachable. */
START_TEST(test_push_backoff_schedule)
{
	static const struct {
		unsigned failures;
		int64_t lo, hi;
	} rows[] = {
	    {1, 1000, 2000},   {2, 2000, 4000},   {3, 4000, 8000},
	    {4, 8000, 16000},  {5, 16000, 32000}, {6, 30000, 60000},
	    {7, 30000, 60000}, {8, 30000, 60000}, {1000, 30000, 60000},
	};

	ck_assert_int_eq(probe_push_backoff_ms(0, 12345), 0);
	for (size_t i = 0; i < NELEM(rows); i++) {
		int64_t lo = rows[i].lo, hi = rows[i].hi;

		ck_assert_int_eq(probe_push_backoff_ms(rows[i].failures, 0),
		                 lo);
		ck_assert_int_eq(
		    probe_push_backoff_ms(rows[i].failures, (uint32_t)lo), hi);
		for (uint32_t r = 1; r < 4000000000u; r += 7654321u) {
			int64_t d = probe_push_backoff_ms(rows[i].failures, r);

			ck_assert_int_ge(d, lo);
			ck_assert_int_le(d, hi);
		}
	}
}
END_TEST

/* Central's base URL or its ingest URL; never a user name, another scheme
 * or a space. */
START_TEST(test_push_ingest_url)
{
	static const struct {
		const char *in, *out; /* NULL: refused */
	} rows[] = {
	    {"https://central.example",
	     "https://central.example/api/v1/checks"},
	    {"https://central.example/",
	     "https://central.example/api/v1/checks"},
	    {"https://example.com/aigo",
	     "https://example.com/aigo/api/v1/checks"},
	    {"http://127.0.0.1:8080/api/v1/checks",
	     "http://127.0.0.1:8080/api/v1/checks"},
	    {"ftp://central.example", NULL},
	    {"central.example", NULL},
	    {"https://", NULL},
	    {"https:///api/v1/checks", NULL},
	    {"https://user:pw@central.example/", NULL},
	    {"https://central.example/a b", NULL},
	    {"https://central.example/\r\nX: y", NULL},
	};
	char out[256], tiny[20];

	for (size_t i = 0; i < NELEM(rows); i++) {
		int rc = probe_push_ingest_url(rows[i].in, out, sizeof(out));

		if (rows[i].out == NULL) {
			ck_assert_msg(rc == -1, "%s accepted", rows[i].in);
		} else {
			ck_assert_msg(rc == 0, "%s refused", rows[i].in);
			ck_assert_str_eq(out, rows[i].out);
		}
	}
	ck_assert_int_eq(probe_push_ingest_url("https://central.example", tiny,
	                                       sizeof(tiny)),
	                 -1);
}
END_TEST

/* The token file: the token alone or central's "NAME TOKEN" line after
 * comments; empty or malformed refused, the error never holding it. */
START_TEST(test_push_read_token)
{
	static const struct {
		const char *text, *token; /* NULL: refused */
	} rows[] = {
	    {"abcdefghijklmnop0123\n", "abcdefghijklmnop0123"},
	    {"# the node's token\n\nnode-eu  ZZZZZZZZZZZZZZZZ+/=\r\n",
	     "ZZZZZZZZZZZZZZZZ+/="},
	    {"", NULL},
	    {"# only a comment\n\n", NULL},
	    {"short-token\n", NULL},
	    {"one two abcdefghijklmnop0123\n", NULL},
	    {"abcdefghijklmnop0123\"<x>\n", NULL},
	};
	char path[1100], token[300], err[512];

	out_path(path, sizeof(path), "unit-node-token");
	for (size_t i = 0; i < NELEM(rows); i++) {
		int rc;

		write_file(path, rows[i].text);
		memset(token, 0, sizeof(token));
		rc = probe_push_read_token(path, token, sizeof(token), err,
		                           sizeof(err));
		if (rows[i].token != NULL) {
			ck_assert_msg(rc == 0, "row %zu: %s", i, err);
			ck_assert_str_eq(token, rows[i].token);
		} else {
			ck_assert_msg(rc == -1, "row %zu accepted", i);
			ck_assert_ptr_null(strstr(err, "abcdefghijklmnop"));
			ck_assert_ptr_nonnull(strstr(err, path));
		}
	}
	remove(path);
	ck_assert_int_eq(
	    probe_push_read_token(path, token, sizeof(token), err, sizeof(err)),
	    -1);
}
END_TEST

/* What the node spools is what the ingest API takes: each item valid, in
 * the node's region, with the measured fields. */
START_TEST(test_push_items_are_valid_ingest)
{
	char path[1100], spool[1100], err[512];
	struct buf ca = {0};
	struct probe_push_options o = {"https://central.example", path,
	                               "eu-node", spool, &ca};
	struct probe_push *pp;
	struct check_in c[2];
	const char *slugs[2] = {"gpt-4o", "claude-sonnet-4"};
	long n_new = 0, n_dup = 0;
	struct arena *a = arena_new();
	struct store_spool *sp;
	struct spool_item *got;
	struct ingest_batch b;

	out_path(path, sizeof(path), "unit-push-token");
	out_path(spool, sizeof(spool), "unit-push-spool.db");
	write_file(path, "node-eu abcdefghijklmnop0123\n");
	pp = probe_push_open(&o, err, sizeof(err));
	ck_assert_msg(pp != NULL, "%s", err);
	ck_assert_int_eq(probe_push_waiting(pp), 0);
	memset(c, 0, sizeof(c));
	c[0] = (struct check_in){.region = "global",
	                         .checked_at = 1795839600,
	                         .status = STATUS_OPERATIONAL,
	                         .latency_ms = 420,
	                         .http_status = 200,
	                         .source = "probe",
	                         .probe_kind = "stream",
	                         .dns_ms = 3,
	                         .connect_ms = -1,
	                         .tls_ms = -1,
	                         .first_byte_ms = 300,
	                         .ttft_ms = 310};
	c[1] = (struct check_in){.region = "us-east",
	                         .checked_at = 1795839601,
	                         .status = STATUS_OUTAGE,
	                         .latency_ms = 3000,
	                         .http_status = 0,
	                         .error = "timeout: Timeout was reached",
	                         .source = "probe",
	                         .probe_kind = "inference",
	                         .error_kind = "timeout",
	                         .dns_ms = -1,
	                         .connect_ms = -1,
	                         .tls_ms = -1,
	                         .first_byte_ms = -1,
	                         .ttft_ms = -1};
	ck_assert_int_eq(probe_push_record(pp, c, slugs, 2, &n_new, &n_dup, err,
	                                   sizeof(err)),
	                 0);
	ck_assert_int_eq(n_new, 2);
	ck_assert_int_eq(probe_push_waiting(pp), 2);
	ck_assert_str_eq(probe_push_spool_path(pp), spool);
	probe_push_close(pp, NULL);

	sp = store_spool_open(spool, err, sizeof(err));
	ck_assert_msg(sp != NULL, "%s", err);
	ck_assert_int_eq(store_spool_peek(sp, 10, a, &got, err, sizeof(err)),
	                 2);
	ck_assert_str_eq(
	    got[0].item,
	    "{\"model\":\"gpt-4o\",\"region\":\"eu-node\",\"checkedAt\":"
	    "\"2026-11-28T04:20:00Z\",\"status\":\"operational\","
	    "\"latencyMs\":420,\"httpStatus\":200,\"probeKind\":\"stream\","
	    "\"ttftMs\":310,\"timings\":{\"dnsMs\":3,\"firstByteMs\":300}}");
	ingest_begin(&b, a, 1795839700, 90 * 86400, "ingest");
	for (int i = 0; i < 2; i++) {
		struct json_error je;
		cJSON *item = json_parse(got[i].item, strlen(got[i].item), &je);

		ck_assert_ptr_nonnull(item);
		ck_assert_int_eq(ingest_add(&b, item), 0);
		cJSON_Delete(item);
	}
	ck_assert_uint_eq(b.n_problems, 0);
	ck_assert_str_eq(b.checks[1].region, "eu-node");
	ck_assert_str_eq(b.checks[1].error_kind, "timeout");
	ck_assert_str_eq(b.checks[1].error, "timeout: Timeout was reached");
	ck_assert_int_eq(b.checks[1].http_status, 0);
	ck_assert_int_eq(b.checks[0].ttft_ms, 310);
	store_spool_close(sp);

	/* Another region, a URL with a user name: refused before anything. */
	o.region = "EU";
	ck_assert_ptr_null(probe_push_open(&o, err, sizeof(err)));
	ck_assert_ptr_nonnull(strstr(err, "--region EU"));
	o.region = "eu-node";
	o.url = "https://node:abcdefghijklmnop0123@central.example";
	ck_assert_ptr_null(probe_push_open(&o, err, sizeof(err)));
	ck_assert_ptr_null(strstr(err, "abcdefghijklmnop"));
	arena_free(a);
}
END_TEST

Suite *
push_suite(void)
{
	Suite *s = suite_create("push");
	TCase *tc = tcase_create("core");

	tcase_add_test(tc, test_push_spool_order_and_reopen);
	tcase_add_test(tc, test_push_spool_refuses_other_files);
	tcase_add_test(tc, test_push_backoff_schedule);
	tcase_add_test(tc, test_push_ingest_url);
	tcase_add_test(tc, test_push_read_token);
	tcase_add_test(tc, test_push_items_are_valid_ingest);
	suite_add_tcase(s, tc);
	return s;
}
