/* test_demo.c: the demo generator: the same seed gives the same checks and the same database, a top-up continues the same story, and the data looks like the real world. */
#include <stdio.h>
#include <string.h>

#include "demo.h"
#include "unit.h"

#define T_END 1795838400 /* 2026-11-28T04:00:00Z */

static char db_a[1100], db_b[1100];

static void
paths(void)
{
	snprintf(db_a, sizeof(db_a), "%s/tests/out/unit-demo-a.db",
	         unit_root());
	snprintf(db_b, sizeof(db_b), "%s/tests/out/unit-demo-b.db",
	         unit_root());
}

START_TEST(test_demo_check_is_deterministic)
{
	struct check_in a, b;

	for (int64_t t = T_END - 86400; t < T_END; t += 300) {
		demo_check_at(7, "gpt-4o", "eastus", 5000, t, &a);
		demo_check_at(7, "gpt-4o", "eastus", 5000, t, &b);
		ck_assert_int_eq(a.status, b.status);
		ck_assert_int_eq(a.latency_ms, b.latency_ms);
		ck_assert_int_eq(a.http_status, b.http_status);
		ck_assert_str_eq(a.probe_kind, b.probe_kind);
		ck_assert_int_eq(a.ttft_ms, b.ttft_ms);
		ck_assert_int_eq(a.dns_ms, b.dns_ms);
		ck_assert_int_eq(a.first_byte_ms, b.first_byte_ms);
		ck_assert(a.status == STATUS_OUTAGE ||
		          (a.latency_ms >= 0 && a.http_status >= 200));
		ck_assert_str_eq(a.source, "demo");
	}
}
END_TEST

START_TEST(test_demo_same_seed_same_database)
{
	paths();
	unit_record_demo_db(db_a, T_END, 1);
	unit_record_demo_db(db_b, T_END, 1);
	ck_assert_int_gt(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 20000);
	ck_assert_int_eq(unit_checks_digest(db_a, 0),
	                 unit_checks_digest(db_b, 0));
}
END_TEST

START_TEST(test_demo_top_up_continues_the_same_story)
{
	paths();
	/* A: filled an hour ago, topped up now. B: filled now at once. */
	unit_record_demo_db(db_a, T_END - 3600, 1);
	{
		char err[256];
		struct store *s =
		    store_open_write(unit_db(db_a), NULL, err, sizeof(err));
		ck_assert_msg(s != NULL, "%s", err);
		ck_assert_int_gt(demo_fill(s, 7, 1, T_END, err, sizeof(err)),
		                 0);
		/* A second top-up at the same time adds nothing. */
		ck_assert_int_eq(demo_fill(s, 7, 1, T_END, err, sizeof(err)),
		                 0);
		store_close(s);
	}
	unit_record_demo_db(db_b, T_END, 1);
	ck_assert_int_eq(unit_checks_digest(db_a, T_END - 86400),
	                 unit_checks_digest(db_b, T_END - 86400));
}
END_TEST

START_TEST(test_demo_looks_like_the_real_world)
{
	paths();
	unit_record_demo_db(db_a, T_END, 2);
	/* Outage windows: runs of at least 4 consecutive outage checks. */
	ck_assert_int_gt(unit_sql_int(db_a,
	                              "SELECT count(*) FROM rollups_hourly "
	                              "WHERE n_outage >= 4"),
	                 0);
	/* Slow periods: degraded by latency, not only by rate limits. */
	ck_assert_int_gt(unit_sql_int(db_a,
	                              "SELECT count(*) FROM checks WHERE "
	                              "status = 'degraded' AND latency_ms > "
	                              "5000"),
	                 0);
	ck_assert_int_gt(unit_sql_int(db_a, "SELECT count(*) FROM checks WHERE "
	                                    "http_status = 429"),
	                 0);
	/* One region down while another region of the model is up. */
	ck_assert_int_gt(
	    unit_sql_int(
	        db_a,
	        "SELECT count(*) FROM rollups_hourly a JOIN rollups_hourly "
	        "b ON a.model_id = b.model_id AND a.hour = b.hour AND "
	        "a.region < b.region WHERE a.n_outage >= 6 AND "
	        "b.n_operational >= 10"),
	    0);
	/* Exactly two active models are checked rarely (unknown most of
	 * the time); inactive models have no checks. */
	ck_assert_int_eq(
	    unit_sql_int(db_a,
	                 "SELECT count(*) FROM (SELECT model_id FROM checks "
	                 "GROUP BY model_id HAVING count(*) < 20) AS m"),
	    2);
	ck_assert_int_eq(unit_sql_int(db_a,
	                              "SELECT count(*) FROM checks c JOIN "
	                              "models m ON m.id = c.model_id WHERE "
	                              "m.is_active = 0"),
	                 0);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks WHERE "
	                                    "source <> 'demo'"),
	                 0);
}
END_TEST

/* What the demo says a probe measured holds together as a real probe's
 * would: one kind per model, each kind drawn; an error kind for each
 * failure the HTTP status or a timeout explains, none on an operational
 * check; phases and a time to first token only where a latency was
 * measured, inside it, and a first token only from a stream that
 * answered 200. */
START_TEST(test_demo_probes_say_what_they_measured)
{
	static const char *const none[] = {
	    /* a model with two kinds */
	    "SELECT count(*) FROM (SELECT model_id FROM checks GROUP BY "
	    "model_id HAVING count(DISTINCT probe_kind) <> 1) AS m",
	    "SELECT count(*) FROM checks WHERE probe_kind IS NULL",
	    "SELECT count(*) FROM checks WHERE status = 'operational' AND "
	    "error_kind IS NOT NULL",
	    "SELECT count(*) FROM checks WHERE (http_status = 429) <> "
	    "(error_kind IS NOT DISTINCT FROM 'rate_limited')",
	    "SELECT count(*) FROM checks WHERE (http_status = 503) <> "
	    "(error_kind IS NOT DISTINCT FROM 'http_5xx')",
	    "SELECT count(*) FROM checks WHERE (latency_ms IS NULL) <> "
	    "(error_kind IS NOT DISTINCT FROM 'timeout')",
	    "SELECT count(*) FROM checks WHERE (latency_ms IS NULL) <> "
	    "(first_byte_ms IS NULL) OR (latency_ms IS NULL) <> (dns_ms IS "
	    "NULL)",
	    "SELECT count(*) FROM checks WHERE dns_ms + connect_ms + tls_ms > "
	    "first_byte_ms OR first_byte_ms > latency_ms",
	    "SELECT count(*) FROM checks WHERE (ttft_ms IS NOT NULL) <> "
	    "(probe_kind = 'stream' AND http_status = 200)",
	    "SELECT count(*) FROM checks WHERE ttft_ms < first_byte_ms OR "
	    "ttft_ms > latency_ms",
	    /* current_status says the kinds of the latest check */
	    "SELECT count(*) FROM current_status c JOIN checks k ON "
	    "k.model_id = c.model_id AND k.region = c.region AND "
	    "k.checked_at = c.checked_at WHERE k.probe_kind IS DISTINCT "
	    "FROM c.probe_kind OR k.error_kind IS DISTINCT FROM "
	    "c.error_kind",
	};

	paths();
	unit_record_demo_db(db_a, T_END, 1);
	for (size_t i = 0; i < NELEM(none); i++)
		ck_assert_msg(unit_sql_int(db_a, none[i]) == 0, "%s", none[i]);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(DISTINCT probe_kind) FROM checks"),
	    3);
	ck_assert_int_gt(unit_sql_int(db_a, "SELECT count(*) FROM checks WHERE "
	                                    "ttft_ms IS NOT NULL"),
	                 1000);
}
END_TEST

Suite *
demo_suite(void)
{
	Suite *s = suite_create("demo");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_demo_check_is_deterministic);
	tcase_add_test(tc, test_demo_same_seed_same_database);
	tcase_add_test(tc, test_demo_top_up_continues_the_same_story);
	tcase_add_test(tc, test_demo_looks_like_the_real_world);
	tcase_add_test(tc, test_demo_probes_say_what_they_measured);
	suite_add_tcase(s, tc);
	return s;
}
