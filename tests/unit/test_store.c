/* test_store.c: the one write path, checked against the database with plain SQL: current status and rollups equal counting the checks, window counts, late checks, prune, migrations and duplicates. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "demo.h"
#include "fileutil.h"
#include "stats.h"
#include "unit.h"

#define T_END 1795838400 /* 2026-11-28T04:00:00Z */

static char db_a[1100];

static void
paths(void)
{
	snprintf(db_a, sizeof(db_a), "%s/tests/out/unit-store.db", unit_root());
}

/* Rows of a rollup table (TABLE with its time column COL of WIDTH seconds)
 * that differ from counting the checks, plus checks the table misses. */
static int64_t
rollup_mismatches(const char *db, const char *table, const char *col, int width)
{
	char sql[1024];

	snprintf(sql, sizeof(sql),
	         "SELECT (SELECT count(*) FROM (SELECT model_id, region, "
	         "checked_at - checked_at %% %d AS t, "
	         "sum(status = 'operational') o, sum(status = 'degraded') d, "
	         "sum(status = 'outage') x FROM checks GROUP BY 1, 2, 3) k "
	         "LEFT JOIN %s r ON r.model_id = k.model_id AND "
	         "r.region = k.region AND r.%s = k.t "
	         "WHERE r.n_operational IS NOT k.o OR r.n_degraded IS NOT k.d "
	         "OR r.n_outage IS NOT k.x) + "
	         "(SELECT count(*) FROM checks) - (SELECT "
	         "sum(n_operational + n_degraded + n_outage) FROM %s)",
	         width, table, col, table);
	return unit_sql_int(db, sql);
}

/* Rows of model_rollups whose check counts differ from the checks' (per
 * model and hour, and per model and quarter day), plus quarter days whose
 * sample counts differ from the sum of their hours'. */
static int64_t
model_rollup_mismatches(const char *db)
{
	int64_t n = 0;

	for (int width = 3600; width <= 21600; width += 18000) {
		char sql[1024];

		snprintf(
		    sql, sizeof(sql),
		    "SELECT count(*) FROM (SELECT model_id, "
		    "checked_at - checked_at %% %d AS t, "
		    "sum(status = 'operational') o, sum(status = "
		    "'degraded') d, sum(status = 'outage') x FROM checks "
		    "GROUP BY 1, 2) k FULL JOIN (SELECT * FROM "
		    "model_rollups WHERE width = %d AND n_operational + "
		    "n_degraded + n_outage > 0) r ON r.model_id = "
		    "k.model_id AND r.start = k.t WHERE r.n_operational IS "
		    "NOT k.o OR r.n_degraded IS NOT k.d OR r.n_outage IS "
		    "NOT k.x",
		    width, width);
		n += unit_sql_int(db, sql);
	}
	return n + unit_sql_int(
	               db,
	               "SELECT count(*) FROM model_rollups q WHERE "
	               "q.width = 21600 AND (q.s_operational, q.s_degraded, "
	               "q.s_outage) IS NOT (SELECT sum(s_operational), "
	               "sum(s_degraded), sum(s_outage) FROM model_rollups h "
	               "WHERE h.model_id = q.model_id AND h.width = 3600 AND "
	               "h.start >= q.start AND h.start < q.start + 21600)");
}

/* Slots of rollups_5min whose newest check (time, status) or the status
 * of a check at their start differ from the checks (window functions, not
 * the product's GROUP BY), plus slots with checks but no row. */
static int64_t
slot_status_mismatches(const char *db)
{
	return unit_sql_int(
	    db,
	    "WITH k AS (SELECT model_id, region, checked_at, status, "
	    "checked_at - checked_at % 300 AS slot, row_number() OVER "
	    "(PARTITION BY model_id, region, checked_at - checked_at % 300 "
	    "ORDER BY checked_at DESC) AS nth FROM checks), "
	    "want AS (SELECT l.model_id, l.region, l.slot, l.checked_at AS "
	    "last_at, l.status AS last_status, f.status AS start_status "
	    "FROM k l LEFT JOIN k f ON f.model_id = l.model_id AND "
	    "f.region = l.region AND f.checked_at = l.slot WHERE l.nth = 1) "
	    "SELECT count(*) FROM want w LEFT JOIN rollups_5min r ON "
	    "r.model_id = w.model_id AND r.region = w.region AND "
	    "r.slot = w.slot WHERE r.last_at IS NOT w.last_at OR "
	    "r.last_status IS NOT w.last_status OR "
	    "r.start_status IS NOT w.start_status");
}

START_TEST(test_write_path_keeps_current_status_and_rollups)
{
	paths();
	unit_make_demo_db(db_a, T_END, 1);
	/* current_status holds exactly the latest check of each region. */
	ck_assert_int_eq(
	    unit_sql_int(
	        db_a,
	        "SELECT count(*) FROM current_status c WHERE NOT EXISTS ("
	        "SELECT 1 FROM checks k WHERE k.model_id = c.model_id AND "
	        "k.region = c.region AND k.checked_at = c.checked_at AND "
	        "k.status = c.status) OR c.checked_at < (SELECT "
	        "max(checked_at) FROM checks k WHERE k.model_id = "
	        "c.model_id AND k.region = c.region)"),
	    0);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM current_status"),
	    unit_sql_int(
	        db_a, "SELECT count(*) FROM (SELECT DISTINCT model_id, region "
	              "FROM checks)"));
	/* Rollups count every check once, by status, per hour and per 5
	 * minutes. */
	ck_assert_int_eq(
	    rollup_mismatches(db_a, "rollups_hourly", "hour", 3600), 0);
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	/* The slots' newest check and start status (version 4). */
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	/* And their latency: sum, count and maximum per hour. */
	ck_assert_int_eq(
	    unit_sql_int(db_a,
	                 "SELECT count(*) FROM (SELECT model_id, region, "
	                 "checked_at - checked_at % 3600 AS h, "
	                 "coalesce(sum(latency_ms), 0) s, count(latency_ms) n, "
	                 "coalesce(max(latency_ms), 0) m FROM checks GROUP BY "
	                 "1, 2, 3) k "
	                 "JOIN rollups_hourly r ON r.model_id = k.model_id AND "
	                 "r.region = k.region AND r.hour = k.h "
	                 "WHERE r.latency_sum <> k.s OR r.latency_n <> k.n "
	                 "OR r.latency_max <> k.m"),
	    0);
}
END_TEST

/* The window counts read from the rollups plus single checks at its ends
 * equal counting the checks of (now - 24 h, now] with plain SQL: for times
 * that put a check exactly at now, one second after now (a check later
 * than now in now's hour), exactly at the window's start (excluded) and one
 * second after it (included), at every position in the hour and the
 * 5-minute slot, so both ways of correcting the start are taken. Over a
 * version 3 file (5-minute slots) and the same file as version 2 (slots of
 * an hour). */
/* Checks ds's counts of window w against counting the checks of
 * (now - w, now] per model and status with plain SQL. */
static void
expect_window(const char *db, int64_t now, const struct dataset *ds,
              enum window w)
{
	struct counts *want = calloc(ds->n_models + 1, sizeof(*want));
	sqlite3 *h;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(h,
	                       "SELECT model_id, sum(status = 'operational'), "
	                       "sum(status = 'degraded'), "
	                       "sum(status = 'outage') FROM checks "
	                       "WHERE checked_at > ?1 AND checked_at <= ?2 "
	                       "GROUP BY model_id",
	                       -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, now - window_secs[w]);
	sqlite3_bind_int64(st, 2, now);
	while (sqlite3_step(st) == SQLITE_ROW)
		for (size_t m = 0; m < ds->n_models; m++)
			if (ds->models[m].id == sqlite3_column_int64(st, 0))
				for (int k = 0; k < 3; k++)
					want[m].n[k] =
					    sqlite3_column_int64(st, 1 + k);
	sqlite3_finalize(st);
	sqlite3_close(h);
	for (size_t m = 0; m < ds->n_models; m++)
		for (int k = 0; k < 3; k++)
			ck_assert_msg(ds->window[w][m].n[k] == want[m].n[k],
			              "%s: now %lld, model %lld, status %d: "
			              "%lld, the checks say %lld",
			              window_names[w], (long long)now,
			              (long long)ds->models[m].id, k,
			              (long long)ds->window[w][m].n[k],
			              (long long)want[m].n[k]);
	free(want);
}

START_TEST(test_window_counts_equal_the_checks)
{
	static const int64_t edges[] = {0, 3599, 600, 899};
	char err[512], sql[512];
	struct store *s;
	int64_t t0 = T_END - 2 * 86400, g = _i == 0 ? 300 : 3600;
	int tried[2] = {0, 0};

	paths();
	unit_make_demo_db(db_a, T_END, 3);
	/* Checks on the first and last second of 24 hours and of one of
	 * their 5-minute slots. */
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	for (int h = 0; h < 24; h++) {
		struct check_in edge[NELEM(edges)];
		long n_new, n_dup;

		for (size_t e = 0; e < NELEM(edges); e++) {
			demo_check_at(7, "x", "global", 5000,
			              t0 + h * 3600 + edges[e], &edge[e]);
			edge[e].model_id =
			    unit_sql_int(db_a, "SELECT min(id) FROM models");
		}
		ck_assert_msg(store_record_checks(s, edge, NELEM(edges), &n_new,
		                                  &n_dup, err,
		                                  sizeof(err)) == 0,
		              "%s", err);
	}
	store_close(s);
	if (_i == 1) {
		sqlite3 *h;

		ck_assert_int_eq(sqlite3_open(db_a, &h), SQLITE_OK);
		ck_assert_int_eq(sqlite3_exec(h,
		                              "DROP TABLE rollups_5min; "
		                              "PRAGMA user_version = 2",
		                              NULL, NULL, NULL),
		                 SQLITE_OK);
		sqlite3_close(h);
	}
	s = store_open_readonly(db_a, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	for (int k = 0; k < 24; k++) {
		int64_t c, nows[8];

		/* A check about k * 2 h + k * 150 s after t0. */
		snprintf(sql, sizeof(sql),
		         "SELECT min(checked_at) FROM checks WHERE checked_at "
		         ">= %lld",
		         (long long)(t0 + k * 7350));
		c = unit_sql_int(db_a, sql);
		nows[0] = c + 86400;         /* a check at now */
		nows[1] = c + 86400 - 1;     /* a check one second after now */
		nows[2] = c + 2 * 86400;     /* a check at now - 24 h */
		nows[3] = c + 2 * 86400 - 1; /* ... at now - 24 h + 1 */
		/* Edge checks at the start of the window's first hour (taken
		 * away) and at its end (added). */
		nows[4] = t0 + k * 3600 + 86400 + 600;
		nows[5] = t0 + k * 3600 + 86400 + 2000;
		/* The same for a 5-minute slot. */
		nows[6] = t0 + k * 3600 + 600 + 86400;
		nows[7] = t0 + k * 3600 + 600 + 86400 + 199;
		for (int j = 0; j < 8; j++) {
			struct arena *a = arena_new();
			struct dataset ds;
			int64_t now = nows[j];

			tried[(now - 86400 + 1) % g <= g / 2]++;
			ck_assert_msg(store_read_dataset(s, now, WINDOWS_ALL, a,
			                                 &ds, err,
			                                 sizeof(err)) == 0,
			              "%s", err);
			for (int w = 0; w < WINDOW__MAX; w++)
				expect_window(db_a, now, &ds, (enum window)w);
			arena_free(a);
		}
	}
	/* Both ways of correcting the start were taken. */
	ck_assert_int_gt(tried[0], 8);
	ck_assert_int_gt(tried[1], 8);
	store_close(s);
}
END_TEST

/* Pruning deletes exactly the checks before the hour of its time, and the
 * rollups of those hours, so the rollups still equal the checks; the
 * current status stays; a second run deletes nothing. */
START_TEST(test_prune_deletes_whole_old_hours)
{
	/* What is left starts at the hour. */
	static const char *const oldest[] = {
	    "SELECT min(hour) FROM rollups_hourly",
	    "SELECT min(slot) FROM rollups_5min",
	    "SELECT min(checked_at) FROM checks",
	};
	char err[256], sql[256];
	int64_t before = T_END - 86400 - 1234, hour = before - before % 3600;
	int64_t total, old, current;
	struct store *s;

	paths();
	unit_make_demo_db(db_a, T_END, 3);
	total = unit_sql_int(db_a, "SELECT count(*) FROM checks");
	snprintf(sql, sizeof(sql),
	         "SELECT count(*) FROM checks WHERE checked_at < %lld",
	         (long long)hour);
	old = unit_sql_int(db_a, sql);
	current = unit_sql_int(db_a, "SELECT count(*) FROM current_status");
	ck_assert_int_gt(old, 10000); /* more than one transaction */
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(store_prune(s, before, err, sizeof(err)), old);
	ck_assert_int_eq(store_prune(s, before, err, sizeof(err)), 0);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 total - old);
	for (size_t i = 0; i < NELEM(oldest); i++)
		ck_assert_int_ge(unit_sql_int(db_a, oldest[i]), hour);
	ck_assert_int_eq(
	    rollup_mismatches(db_a, "rollups_hourly", "hour", 3600), 0);
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM current_status"), current);
}
END_TEST

/* Every row with counts of model_rollups, rollups_5min and
 * rollups_hourly, a line each, in key order. */
static char *
rollups_dump(const char *db)
{
	static const char *const sql =
	    "SELECT 'm', model_id, width || ' ' || start, n_operational, "
	    "n_degraded, n_outage, s_operational || ' ' || s_degraded, "
	    "s_outage FROM model_rollups WHERE n_operational + n_degraded + "
	    "n_outage + s_operational + s_degraded + s_outage > 0 UNION ALL "
	    "SELECT '5', model_id, region || ' ' || "
	    "slot, "
	    "n_operational, n_degraded, n_outage, last_at || ' ' || "
	    "last_status, coalesce(start_status, '-') FROM rollups_5min "
	    "UNION ALL SELECT 'h', model_id, region || ' ' || hour, "
	    "n_operational, n_degraded, n_outage, latency_sum || ' ' || "
	    "latency_n, latency_max FROM rollups_hourly ORDER BY 1, 2, 3";
	struct buf out = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < 8; i++)
			buf_printf(&out, "%s%s", i ? " " : "",
			           (const char *)sqlite3_column_text(st, i));
		buf_puts(&out, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	buf_append(&out, "", 0);
	return out.data;
}

/* The "model hour op deg out" lines of sample instants that model_rollups
 * should hold per hour with
 * freshness w, counted from the checks themselves (read with plain SQL,
 * every 5-minute instant of each model through status_at_instants),
 * not from the slots the product reads. */
static char *
samples_from_checks(const char *db, int64_t w)
{
	struct buf out = {0};
	sqlite3 *h;
	sqlite3_stmt *ids, *st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
	                                    "SELECT DISTINCT model_id FROM "
	                                    "checks ORDER BY 1",
	                                    -1, &ids, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h,
	                                    "SELECT region, checked_at, status "
	                                    "FROM checks WHERE model_id = ?1 "
	                                    "ORDER BY region, checked_at",
	                                    -1, &st, NULL),
	                 SQLITE_OK);
	while (sqlite3_step(ids) == SQLITE_ROW) {
		struct arena *a = arena_new();
		int64_t id = sqlite3_column_int64(ids, 0), lo = INT64_MAX,
		        hi = 0;
		size_t n = 0, cap = 1 << 16;
		struct check_row *rows = arena_alloc(a, cap * sizeof(*rows));
		enum status *at;

		sqlite3_bind_int64(st, 1, id);
		while (sqlite3_step(st) == SQLITE_ROW) {
			ck_assert_uint_lt(n, cap);
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].region = arena_strdup(
			    a, (const char *)sqlite3_column_text(st, 0));
			rows[n].checked_at = sqlite3_column_int64(st, 1);
			rows[n].status = status_from_name(
			    (const char *)sqlite3_column_text(st, 2));
			lo = rows[n].checked_at < lo ? rows[n].checked_at : lo;
			hi = rows[n].checked_at > hi ? rows[n].checked_at : hi;
			n++;
		}
		sqlite3_reset(st);
		lo = (lo + 299) / 300 * 300;
		hi = (hi + w - 1) / 300 * 300;
		at =
		    arena_alloc(a, sizeof(*at) * (size_t)((hi - lo) / 300 + 1));
		status_at_instants(rows, n, lo, 300,
		                   (size_t)((hi - lo) / 300 + 1), w, at, a);
		for (int64_t t = lo; t <= hi;) {
			int64_t hour = (t - 1) - (t - 1) % 3600, c[3] = {0};

			for (; t <= hi && (t - 1) - (t - 1) % 3600 == hour;
			     t += 300)
				if (at[(t - lo) / 300] < STATUS_UNKNOWN)
					c[at[(t - lo) / 300]]++;
			if (c[0] + c[1] + c[2] > 0)
				buf_printf(&out, "%lld %lld %lld %lld %lld\n",
				           (long long)id, (long long)hour,
				           (long long)c[0], (long long)c[1],
				           (long long)c[2]);
		}
		arena_free(a);
	}
	sqlite3_finalize(st);
	sqlite3_finalize(ids);
	sqlite3_close(h);
	buf_append(&out, "", 0);
	return out.data;
}

/* model_rollups' hourly sample counts as samples_from_checks writes them. */
static char *
samples_stored(const char *db)
{
	struct buf out = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(
	    sqlite3_prepare_v2(h,
	                       "SELECT model_id, start, s_operational, "
	                       "s_degraded, s_outage FROM model_rollups "
	                       "WHERE width = 3600 AND s_operational + "
	                       "s_degraded + s_outage > 0 ORDER BY 1, 2",
	                       -1, &st, NULL),
	    SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		buf_printf(&out, "%lld %lld %lld %lld %lld\n",
		           (long long)sqlite3_column_int64(st, 0),
		           (long long)sqlite3_column_int64(st, 1),
		           (long long)sqlite3_column_int64(st, 2),
		           (long long)sqlite3_column_int64(st, 3),
		           (long long)sqlite3_column_int64(st, 4));
	sqlite3_finalize(st);
	sqlite3_close(h);
	buf_append(&out, "", 0);
	return out.data;
}

/* Fails, showing the first line that differs, unless got equals want. */
static void
assert_same_lines(const char *got, const char *want)
{
	size_t i = 0, line;

	while (got[i] != '\0' && got[i] == want[i])
		i++;
	line = i;
	while (line > 0 && got[line - 1] != '\n')
		line--;
	ck_assert_msg(got[i] == want[i],
	              "first difference: got \"%.60s\", want \"%.60s\"",
	              got + line, want + line);
}

/* Issue 13: checks that arrive late and out of order (older than ones
 * already stored, in another region, inside a gap, on a slot's start,
 * duplicates) leave the sample counts and every rollup exactly as counting
 * them afresh from the checks. */
START_TEST(test_late_checks_keep_samples_as_a_rebuild)
{
	char err[256];
	struct store *s;
	char *kept, *rebuilt;
	uint64_t x = 12345;
	int64_t azure = 0, gpt = 0;

	paths();
	unit_make_demo_db(db_a, T_END, 1);
	azure = unit_sql_int(
	    db_a, "SELECT id FROM models WHERE slug = 'azure-gpt-4o'");
	gpt = unit_sql_int(db_a, "SELECT id FROM models WHERE slug = 'gpt-4o'");
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	for (int batch = 0; batch < 12; batch++) {
		static const char *const regions[] = {"eastus", "japaneast",
		                                      "global"};
		struct check_in c[40];
		long n_new = 0, n_dup = 0;

		memset(c, 0, sizeof(c));
		for (int i = 0; i < 40; i++) {
			x = x * 6364136223846793005u + 1442695040888963407u;
			c[i].model_id = (x >> 20) % 3 == 0 ? gpt : azure;
			c[i].region = c[i].model_id == gpt
			                  ? "global"
			                  : regions[(x >> 30) % 2];
			/* Anywhere in the last 30 hours, to the second;
			 * every seventh at the start of a 5-minute slot. */
			c[i].checked_at = T_END - (int64_t)((x >> 33) % 108000);
			if (i % 7 == 0)
				c[i].checked_at -= c[i].checked_at % 300;
			c[i].status = (enum status)((x >> 50) % 3);
			c[i].latency_ms = 100;
			c[i].source = "ingest";
		}
		ck_assert_msg(store_record_checks(s, c, 40, &n_new, &n_dup, err,
		                                  sizeof(err)) == 0,
		              "%s", err);
	}
	store_close(s);
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	ck_assert_int_gt(unit_sql_int(db_a, "SELECT count(*) FROM rollups_5min "
	                                    "WHERE start_status IS NOT NULL"),
	                 0);
	/* The samples kept are those of the checks themselves. */
	kept = samples_from_checks(db_a, 1800);
	rebuilt = samples_stored(db_a);
	ck_assert_uint_gt(strlen(kept), 1000);
	assert_same_lines(kept, rebuilt);
	free(kept);
	free(rebuilt);
	kept = rollups_dump(db_a);
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(store_rebuild_rollups(s, 1800, err, sizeof(err)) == 0,
	              "%s", err);
	store_close(s);
	rebuilt = rollups_dump(db_a);
	ck_assert_uint_gt(strlen(rebuilt), 1000);
	assert_same_lines(kept, rebuilt);
	free(kept);
	free(rebuilt);
}
END_TEST

/* Whether db's rollups_5min has the key of version 5, the slot first, and
 * an index for one model's slots. */
static int
rollups_5min_keyed_by_slot(const char *db)
{
	return unit_sql_int(db,
	                    "SELECT group_concat(name) = "
	                    "'slot,model_id,region' FROM (SELECT name FROM "
	                    "pragma_table_info('rollups_5min') WHERE pk > 0 "
	                    "ORDER BY pk)") == 1 &&
	       unit_sql_int(db, "SELECT group_concat(name) = "
	                        "'model_id,region,slot' FROM (SELECT name FROM "
	                        "pragma_index_info('rollups_5min_pair') ORDER "
	                        "BY seqno)") == 1;
}

/* A version 1 database (as shipped) upgraded in place by the migrations:
 * same rows, same rules, the newest version, no IN list left in a CHECK,
 * rollups_5min keyed by time first (version 5), the
 * 5-minute rollups filled, the history samples counted by the rebuild
 * that `aigo db init` runs after migration 4 (not before: until then
 * they are marked not built and nothing adds to them). */
START_TEST(test_migration_from_version_1)
{
	/* Rows the rule refuses: an unknown status, an unknown source. */
	static const char *const refused[] = {
	    "INSERT INTO checks(model_id, region, checked_at, status, source) "
	    "VALUES (1, 'global', 1, 'fine', 'probe')",
	    "INSERT INTO checks(model_id, region, checked_at, status, source) "
	    "VALUES (1, 'global', 1, 'outage', 'guess')",
	};
	char path[1100], err[256];
	char *v1, *m[STORE_SCHEMA_VERSION + 1] = {0};
	struct store *s;
	int64_t checks, digest_before;
	sqlite3 *h;

	paths();
	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/schema-v1.sql",
	         unit_root());
	v1 = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(v1);
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++) {
		snprintf(path, sizeof(path), "%s/db/migrations/%03d.sql",
		         unit_root(), v);
		m[v] = file_read_all(path, NULL);
		ck_assert_ptr_nonnull(m[v]);
	}
	remove(db_a);
	s = store_open_write(db_a, v1, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_int_gt(catalog_load(s, path, err, sizeof(err)), 0);
	ck_assert_int_gt(demo_fill(s, 7, 1, T_END, err, sizeof(err)), 0);
	ck_assert_int_eq(unit_sql_int(db_a, "PRAGMA user_version"), 1);
	checks = unit_sql_int(db_a, "SELECT count(*) FROM checks");
	digest_before = unit_checks_digest(db_a, 0);

	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)),
	    STORE_SCHEMA_VERSION - 1);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)), 0);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM "
	                                    "model_rollups"),
	                 0);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT value FROM aigo_meta "
	                                    "WHERE key = 'samples_built'"),
	                 0);
	ck_assert_int_gt(slot_status_mismatches(db_a), 0);
	ck_assert_msg(store_rebuild_rollups(s, 1800, err, sizeof(err)) == 0,
	              "%s", err);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT value FROM aigo_meta "
	                                    "WHERE key = 'samples_built'"),
	                 1);
	ck_assert_int_gt(unit_sql_int(db_a, "SELECT sum(s_operational) FROM "
	                                    "model_rollups"),
	                 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(unit_sql_int(db_a, "PRAGMA user_version"),
	                 STORE_SCHEMA_VERSION);
	/* Version 5, as a new file (schema.sql) has it. */
	ck_assert(rollups_5min_keyed_by_slot(db_a));
	snprintf(path, sizeof(path), "%s/tests/out/unit-store-new.db",
	         unit_root());
	unit_make_demo_db(path, T_END, 1);
	ck_assert(rollups_5min_keyed_by_slot(path));
	/* Version 3 counted the stored checks per 5 minutes. */
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	ck_assert_int_eq(unit_sql_int(db_a,
	                              "SELECT count(*) FROM sqlite_schema "
	                              "WHERE sql LIKE '%status IN (%' "
	                              "OR sql LIKE '%source IN (%'"),
	                 0);
	ck_assert_int_eq(unit_sql_int(db_a,
	                              "SELECT count(*) FROM sqlite_schema "
	                              "WHERE sql LIKE '%status = "
	                              "''operational'' OR%'"),
	                 3);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM pragma_integrity_check "
	                       "WHERE integrity_check = 'ok'"),
	    1);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 checks);
	ck_assert_int_eq(unit_checks_digest(db_a, 0), digest_before);
	/* The rule still holds. */
	ck_assert_int_eq(sqlite3_open(db_a, &h), SQLITE_OK);
	for (size_t i = 0; i < NELEM(refused); i++)
		ck_assert_int_eq(sqlite3_exec(h, refused[i], NULL, NULL, NULL),
		                 SQLITE_CONSTRAINT);
	sqlite3_close(h);
	/* The upgraded file reads and writes as a new one. */
	s = store_open_readonly(db_a, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	store_close(s);
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_gt(demo_fill(s, 7, 1, T_END + 3600, err, sizeof(err)), 0);
	store_close(s);
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	free(v1);
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++)
		free(m[v]);
}
END_TEST

/* A fresh demo database open for writing, its check count, and one check
 * of a real model that is not in it yet. */
static struct store *
demo_db_and_new_check(struct check_in *c, int64_t *before)
{
	char err[256];
	struct store *s;

	paths();
	unit_make_demo_db(db_a, T_END, 1);
	*before = unit_sql_int(db_a, "SELECT count(*) FROM checks");
	s = store_open_write(db_a, NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	demo_check_at(7, "x", "global", 5000, T_END + 10, c);
	c->model_id = unit_sql_int(db_a, "SELECT min(id) FROM models");
	return s;
}

START_TEST(test_replayed_checks_are_duplicates)
{
	char err[256];
	struct check_in c[2];
	long n_new = 0, n_dup = 0;
	int64_t before;
	struct store *s = demo_db_and_new_check(&c[0], &before);

	c[0].status = STATUS_OUTAGE;
	c[1] = c[0];
	ck_assert_int_eq(
	    store_record_checks(s, c, 2, &n_new, &n_dup, err, sizeof(err)), 0);
	ck_assert_int_eq(n_new, 1);
	ck_assert_int_eq(n_dup, 1);
	n_new = n_dup = 0;
	ck_assert_int_eq(
	    store_record_checks(s, c, 1, &n_new, &n_dup, err, sizeof(err)), 0);
	ck_assert_int_eq(n_new, 0);
	ck_assert_int_eq(n_dup, 1);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 before + 1);
}
END_TEST

START_TEST(test_bad_check_writes_nothing)
{
	char err[256];
	struct check_in c[2];
	long n_new = 0, n_dup = 0;
	int64_t before;
	struct store *s = demo_db_and_new_check(&c[0], &before);

	c[1] = c[0];
	c[1].checked_at++;
	c[1].model_id = 999999; /* violates the foreign key */
	ck_assert_int_eq(
	    store_record_checks(s, c, 2, &n_new, &n_dup, err, sizeof(err)), -1);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 before);
}
END_TEST

Suite *
store_suite(void)
{
	Suite *s = suite_create("store");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	tcase_add_test(tc, test_write_path_keeps_current_status_and_rollups);
	tcase_add_loop_test(tc, test_window_counts_equal_the_checks, 0, 2);
	tcase_add_test(tc, test_prune_deletes_whole_old_hours);
	tcase_add_test(tc, test_migration_from_version_1);
	tcase_add_test(tc, test_late_checks_keep_samples_as_a_rebuild);
	tcase_add_test(tc, test_replayed_checks_are_duplicates);
	tcase_add_test(tc, test_bad_check_writes_nothing);
	suite_add_tcase(s, tc);
	return s;
}
