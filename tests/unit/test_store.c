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

/* The test's SQL reads alike in SQLite and PostgreSQL: a count of the
 * rows whose status is S with CASE (PostgreSQL does not sum a boolean),
 * IS [NOT] DISTINCT FROM for SQLite's IS [NOT], and a name for every
 * subquery in FROM. */
#define SUM_IS(s) "sum(CASE WHEN status = " s " THEN 1 ELSE 0 END)"

/* Rows of a rollup table (TABLE with its time column COL of WIDTH seconds)
 * that differ from counting the checks, plus checks the table misses. */
static int64_t
rollup_mismatches(const char *db, const char *table, const char *col, int width)
{
	static const char *const fmt =
	    "SELECT (SELECT count(*) FROM (SELECT model_id, region, "
	    "checked_at - checked_at %% %d AS t, %s o, %s d, %s x FROM checks "
	    "GROUP BY 1, 2, 3) k LEFT JOIN %s r ON r.model_id = k.model_id "
	    "AND r.region = k.region AND r.%s = k.t WHERE r.n_operational IS "
	    "DISTINCT FROM k.o OR r.n_degraded IS DISTINCT FROM k.d OR "
	    "r.n_outage IS DISTINCT FROM k.x) + (SELECT count(*) FROM checks) "
	    "- (SELECT sum(n_operational + n_degraded + n_outage) FROM %s)";
	char sql[2048];

	snprintf(sql, sizeof(sql), fmt, width, SUM_IS("'operational'"),
	         SUM_IS("'degraded'"), SUM_IS("'outage'"), table, col, table);
	return unit_sql_int(db, sql);
}

/* Whether the quarter day q's sample count COL differs from the sum of
 * its hours'. */
#define HOURS_DIFFER(col)                                                      \
	"q." col " IS DISTINCT FROM (SELECT sum(h." col ") FROM "              \
	"model_rollups h WHERE h.model_id = q.model_id AND h.width = 3600 "    \
	"AND h.start >= q.start AND h.start < q.start + 21600)"

/* Rows of model_rollups whose check counts differ from the checks' (per
 * model and hour, and per model and quarter day), plus quarter days whose
 * sample counts differ from the sum of their hours'. */
static int64_t
model_rollup_mismatches(const char *db)
{
	static const char *const fmt =
	    "SELECT count(*) FROM (SELECT model_id, checked_at - checked_at "
	    "%% %d AS t, %s o, %s d, %s x FROM checks GROUP BY 1, 2) k FULL "
	    "JOIN (SELECT * FROM model_rollups WHERE width = %d AND "
	    "n_operational + n_degraded + n_outage > 0) r ON r.model_id = "
	    "k.model_id AND r.start = k.t WHERE r.n_operational IS DISTINCT "
	    "FROM k.o OR r.n_degraded IS DISTINCT FROM k.d OR r.n_outage IS "
	    "DISTINCT FROM k.x";
	int64_t n = 0;

	for (int width = 3600; width <= 21600; width += 18000) {
		char sql[2048];

		snprintf(sql, sizeof(sql), fmt, width, SUM_IS("'operational'"),
		         SUM_IS("'degraded'"), SUM_IS("'outage'"), width);
		n += unit_sql_int(db, sql);
	}
	return n +
	       unit_sql_int(
	           db,
	           "SELECT count(*) FROM model_rollups q "
	           "WHERE q.width = 21600 AND (" HOURS_DIFFER("s_operational") " OR " HOURS_DIFFER(
	               "s_degraded") " OR " HOURS_DIFFER("s_outage") ")");
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
	    "r.slot = w.slot WHERE r.last_at IS DISTINCT FROM w.last_at OR "
	    "r.last_status IS DISTINCT FROM w.last_status OR "
	    "r.start_status IS DISTINCT FROM w.start_status");
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
	        "k.status = c.status AND k.probe_kind IS NOT DISTINCT FROM "
	        "c.probe_kind AND k.error_kind IS NOT DISTINCT FROM "
	        "c.error_kind) OR c.checked_at < (SELECT "
	        "max(checked_at) FROM checks k WHERE k.model_id = "
	        "c.model_id AND k.region = c.region)"),
	    0);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM current_status"),
	    unit_sql_int(
	        db_a, "SELECT count(*) FROM (SELECT DISTINCT model_id, region "
	              "FROM checks) AS d"));
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
/* The checks of a database as plain SQL gives them (model id, time,
 * status 0 operational, 1 degraded, 2 outage), read once per test. */
static struct {
	char db[1100];
	size_t n;
	int64_t *model, *at;
	int *status;
} checks_read;

static void
read_checks_once(const char *db)
{
	char *rows, *line, *next;
	size_t cap = 0;

	if (strcmp(checks_read.db, db) == 0)
		return;
	snprintf(checks_read.db, sizeof(checks_read.db), "%s", db);
	checks_read.n = 0;
	rows = unit_sql_text(db, "SELECT model_id, checked_at, CASE status "
	                         "WHEN 'operational' THEN 0 WHEN 'degraded' "
	                         "THEN 1 ELSE 2 END FROM checks");
	for (line = rows; *line; line = next) {
		char *p = line;
		size_t k = checks_read.n;

		next = strchr(line, '\n') + 1;
		if (k == cap) {
			cap = cap ? 2 * cap : 4096;
			checks_read.model =
			    xrealloc(checks_read.model,
			             cap * sizeof(*checks_read.model));
			checks_read.at = xrealloc(
			    checks_read.at, cap * sizeof(*checks_read.at));
			checks_read.status =
			    xrealloc(checks_read.status,
			             cap * sizeof(*checks_read.status));
		}
		checks_read.model[k] = strtoll(p, &p, 10);
		checks_read.at[k] = strtoll(p + 1, &p, 10);
		checks_read.status[k] = (int)strtol(p + 1, &p, 10);
		checks_read.n++;
	}
	free(rows);
}

/* Checks ds's counts of every window against counting the checks of
 * (now - window, now] per model and status, the checks read with plain
 * SQL (once: this is called for many nows), the windows' lengths as
 * DESIGN gives them. */
static void
expect_windows(const char *db, int64_t now, const struct dataset *ds)
{
	static const int64_t secs[WINDOW__MAX] = {86400, 7 * 86400, 30 * 86400};
	struct counts(*want)[WINDOW__MAX] =
	    calloc(ds->n_models + 1, sizeof(*want));

	int64_t max_id = 0;
	size_t *place;

	read_checks_once(db);
	for (size_t m = 0; m < ds->n_models; m++)
		if (ds->models[m].id > max_id)
			max_id = ds->models[m].id;
	/* Each model id's place in ds (n_models: none). */
	place = xmalloc(((size_t)max_id + 1) * sizeof(*place));
	for (int64_t id = 0; id <= max_id; id++)
		place[id] = ds->n_models;
	for (size_t m = 0; m < ds->n_models; m++)
		place[ds->models[m].id] = m;
	for (size_t i = 0; i < checks_read.n; i++) {
		int64_t id = checks_read.model[i];
		size_t m;

		if (checks_read.at[i] > now)
			continue;
		/* No ck_assert per check: each passing one writes to Check's
		 * pipe. */
		if (id < 0 || id > max_id || place[id] == ds->n_models)
			ck_abort_msg(
			    "a check of model %lld, not in the dataset",
			    (long long)id);
		m = place[id];
		for (int w = 0; w < WINDOW__MAX; w++)
			if (checks_read.at[i] > now - secs[w])
				want[m][w].n[checks_read.status[i]]++;
	}
	free(place);
	for (size_t m = 0; m < ds->n_models; m++)
		for (int w = 0; w < WINDOW__MAX; w++)
			for (int k = 0; k < 3; k++)
				if (ds->window[w][m].n[k] != want[m][w].n[k])
					ck_abort_msg(
					    "%s: now %lld, model %lld, status "
					    "%d: %lld, the checks say %lld",
					    window_names[w], (long long)now,
					    (long long)ds->models[m].id, k,
					    (long long)ds->window[w][m].n[k],
					    (long long)want[m][w].n[k]);
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
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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
	s = store_open_readonly(unit_db(db_a), err, sizeof(err));
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
			expect_windows(db_a, now, &ds);
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
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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
	/* Column by column the same type in every part (PostgreSQL's
	 * UNION wants it). */
	return unit_sql_text(
	    db,
	    "SELECT 'm', model_id, width || ' ' || start, n_operational, "
	    "n_degraded, n_outage, s_operational || ' ' || s_degraded, "
	    "CAST(s_outage AS TEXT) FROM model_rollups WHERE n_operational + "
	    "n_degraded + n_outage + s_operational + s_degraded + s_outage > 0 "
	    "UNION ALL SELECT '5', model_id, region || ' ' || slot, "
	    "n_operational, n_degraded, n_outage, last_at || ' ' || "
	    "last_status, coalesce(start_status, '-') FROM rollups_5min "
	    "UNION ALL SELECT 'h', model_id, region || ' ' || hour, "
	    "n_operational, n_degraded, n_outage, latency_sum || ' ' || "
	    "latency_n, CAST(latency_max AS TEXT) FROM rollups_hourly ORDER BY "
	    "1, 2, 3");
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
	char *ids = unit_sql_text(
	    db, "SELECT DISTINCT model_id FROM checks ORDER BY 1");

	for (char *idl = ids, *idn; *idl; idl = idn) {
		struct arena *a = arena_new();
		int64_t id = strtoll(idl, &idn, 10), lo = INT64_MAX, hi = 0;
		size_t n = 0, cap = 1 << 16;
		struct check_row *rows = arena_alloc(a, cap * sizeof(*rows));
		enum status *at;
		char sql[256], *text, *line, *next;

		idn = strchr(idl, '\n') + 1;
		snprintf(sql, sizeof(sql),
		         "SELECT region, checked_at, status FROM checks WHERE "
		         "model_id = %lld ORDER BY region, checked_at",
		         (long long)id);
		text = unit_sql_text(db, sql);
		for (line = text; *line; line = next) {
			char *f1 = strchr(line, '|'), *f2;

			next = strchr(line, '\n');
			*next++ = '\0';
			ck_assert_ptr_nonnull(f1);
			*f1++ = '\0';
			f2 = strchr(f1, '|');
			ck_assert_ptr_nonnull(f2);
			*f2++ = '\0';
			ck_assert_uint_lt(n, cap);
			memset(&rows[n], 0, sizeof(rows[n]));
			rows[n].region = arena_strdup(a, line);
			rows[n].checked_at = strtoll(f1, NULL, 10);
			rows[n].status = status_from_name(f2);
			lo = rows[n].checked_at < lo ? rows[n].checked_at : lo;
			hi = rows[n].checked_at > hi ? rows[n].checked_at : hi;
			n++;
		}
		free(text);
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
	free(ids);
	buf_append(&out, "", 0);
	return out.data;
}

/* model_rollups' hourly sample counts as samples_from_checks writes them. */
static char *
samples_stored(const char *db)
{
	return unit_sql_text(
	    db, "SELECT model_id || ' ' || start || ' ' || s_operational || "
	        "' ' || s_degraded || ' ' || s_outage FROM model_rollups "
	        "WHERE width = 3600 AND s_operational + s_degraded + "
	        "s_outage > 0 ORDER BY model_id, start");
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
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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
			c[i].dns_ms = c[i].connect_ms = c[i].tls_ms =
			    c[i].first_byte_ms = c[i].ttft_ms = -1;
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
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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
	s = store_open_write(unit_db(db_a), v1, err, sizeof(err));
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
	                              "''operational'' OR%' AND name NOT "
	                              "GLOB 'provider_*'"), /* Statuspage's */
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
	s = store_open_readonly(unit_db(db_a), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	store_close(s);
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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

/* The first column of the rows of sql over db, joined by "|". */
static void
sql_text(const char *db, const char *sql, char *out, size_t outlen)
{
	sqlite3 *h;
	sqlite3_stmt *st;
	size_t n = 0;

	out[0] = '\0';
	ck_assert_int_eq(sqlite3_open_v2(db, &h, SQLITE_OPEN_READONLY, NULL),
	                 SQLITE_OK);
	ck_assert_int_eq(sqlite3_prepare_v2(h, sql, -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW && n + 1 < outlen) {
		const char *t = (const char *)sqlite3_column_text(st, 0);

		n += (size_t)snprintf(out + n, outlen - n, "%s%s",
		                      n > 0 ? "|" : "", t ? t : "NULL");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
}

/* The migrations up to STORE_SCHEMA_VERSION (m[2..]), read from db/migrations. */
static void
read_migrations(char **m)
{
	char path[1100];

	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++) {
		snprintf(path, sizeof(path), "%s/db/migrations/%03d.sql",
		         unit_root(), v);
		m[v] = file_read_all(path, NULL);
		ck_assert_ptr_nonnull(m[v]);
	}
}

/* A version 5 database (as shipped), written through the version 5
 * statements, then upgraded in place by migration 6, twice: the second
 * time does nothing. The same rows, every new column NULL (not measured),
 * the columns and their rules those of a new file, and the new fields
 * written and read back afterwards. */
START_TEST(test_migration_from_version_5)
{
	static const char *const refused[] = {
	    "UPDATE checks SET probe_kind = 'guess' WHERE id = 1",
	    "UPDATE checks SET error_kind = 'oops' WHERE id = 1",
	    "UPDATE checks SET error_kind = 'OVERLOADED' WHERE id = 1",
	    "UPDATE checks SET dns_ms = -1 WHERE id = 1",
	    "UPDATE checks SET connect_ms = -5 WHERE id = 1",
	    "UPDATE checks SET tls_ms = -1 WHERE id = 1",
	    "UPDATE checks SET first_byte_ms = -1 WHERE id = 1",
	    "UPDATE checks SET ttft_ms = -1 WHERE id = 1",
	    "UPDATE checks SET ttft_ms = 'fast' WHERE id = 1",
	    "UPDATE current_status SET probe_kind = 'ping'",
	    "UPDATE current_status SET error_kind = 'nope'",
	};
	static const char *const columns =
	    "SELECT name || ' ' || type || ' ' || \"notnull\" FROM "
	    "pragma_table_info('%s') ORDER BY cid";
	char path[1100], fresh[1100], err[256], sql[256];
	char got[2048], want[2048];
	char *v5, *m[STORE_SCHEMA_VERSION + 1] = {0};
	struct store *s;
	struct arena *a;
	struct dataset ds;
	struct check_row *rows;
	struct check_in c;
	long n_new = 0, n_dup = 0, n;
	int64_t checks, digest, model;
	sqlite3 *h;

	paths();
	snprintf(path, sizeof(path), "%s/tests/unit/fixtures/schema-v5.sql",
	         unit_root());
	v5 = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(v5);
	read_migrations(m);
	remove(db_a);
	s = store_open_write(unit_db(db_a), v5, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_int_gt(catalog_load(s, path, err, sizeof(err)), 0);
	/* The demo says its probe kinds: a version 5 file has no place for
	 * them and keeps the rest. */
	ck_assert_int_gt(demo_fill(s, 7, 1, T_END, err, sizeof(err)), 0);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "PRAGMA user_version"), 5);
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	checks = unit_sql_int(db_a, "SELECT count(*) FROM checks");
	digest = unit_checks_digest(db_a, 0);
	/* It reads as before: no kinds. */
	a = arena_new();
	s = store_open_readonly(unit_db(db_a), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_read_dataset(s, T_END, 0, a, &ds, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_uint_gt(ds.n_latest, 100);
	for (size_t i = 0; i < ds.n_latest; i++)
		ck_assert_int_eq(ds.latest[i].probe_kind, PROBE_KIND__MAX);
	n = store_recent_checks(s, ds.models[0].id, T_END, a, &rows, err,
	                        sizeof(err));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(rows[0].probe_kind, PROBE_KIND__MAX);
	ck_assert_int_eq(rows[0].ttft_ms, -1);
	store_close(s);

	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)),
	    STORE_SCHEMA_VERSION - 5);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)), 0);
	ck_assert_int_eq(unit_sql_int(db_a, "PRAGMA user_version"),
	                 STORE_SCHEMA_VERSION);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"),
	                 checks);
	ck_assert_int_eq(unit_checks_digest(db_a, 0), digest);
	ck_assert_int_eq(
	    unit_sql_int(db_a,
	                 "SELECT count(*) FROM checks WHERE probe_kind IS NOT "
	                 "NULL OR error_kind IS NOT NULL OR dns_ms IS NOT "
	                 "NULL OR connect_ms IS NOT NULL OR tls_ms IS NOT "
	                 "NULL OR first_byte_ms IS NOT NULL OR ttft_ms IS "
	                 "NOT NULL"),
	    0);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM "
	                                    "current_status WHERE probe_kind "
	                                    "IS NOT NULL OR error_kind IS NOT "
	                                    "NULL"),
	                 0);
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM pragma_integrity_check "
	                       "WHERE integrity_check = 'ok'"),
	    1);
	/* The columns of a new file, in the same order. */
	snprintf(fresh, sizeof(fresh), "%s/tests/out/unit-store-fresh.db",
	         unit_root());
	unit_make_demo_db(fresh, T_END, 1);
	for (int t = 0; t < 2; t++) {
		snprintf(sql, sizeof(sql), columns,
		         t == 0 ? "checks" : "current_status");
		sql_text(db_a, sql, got, sizeof(got));
		sql_text(fresh, sql, want, sizeof(want));
		ck_assert_str_eq(got, want);
	}
	ck_assert_ptr_nonnull(strstr(got, "probe_kind TEXT 0|error_kind"));
	/* The rules hold on the upgraded file. */
	ck_assert_int_eq(sqlite3_open(db_a, &h), SQLITE_OK);
	for (size_t i = 0; i < NELEM(refused); i++)
		ck_assert_msg(sqlite3_exec(h, refused[i], NULL, NULL, NULL) ==
		                  SQLITE_CONSTRAINT,
		              "not refused: %s", refused[i]);
	sqlite3_close(h);

	/* A stream check with every field is stored and read back. */
	model = unit_sql_int(db_a, "SELECT min(id) FROM models");
	demo_check_at(7, "x", "global", 5000, T_END + 10, &c);
	c.model_id = model;
	c.status = STATUS_DEGRADED;
	c.latency_ms = 900;
	c.probe_kind = "stream";
	c.error_kind = "overloaded";
	c.dns_ms = 3;
	c.connect_ms = 0;
	c.tls_ms = 25;
	c.first_byte_ms = 410;
	c.ttft_ms = 480;
	ck_assert_msg(store_record_checks(s, &c, 1, &n_new, &n_dup, err,
	                                  sizeof(err)) == 0,
	              "%s", err);
	ck_assert_int_eq(n_new, 1);
	store_close(s);
	sql_text(db_a,
	         "SELECT probe_kind || ' ' || error_kind || ' ' || dns_ms || "
	         "' ' || connect_ms || ' ' || tls_ms || ' ' || first_byte_ms "
	         "|| ' ' || ttft_ms FROM checks "
	         "WHERE checked_at = 1795838410",
	         got, sizeof(got));
	ck_assert_str_eq(got, "stream overloaded 3 0 25 410 480");
	sql_text(db_a,
	         "SELECT probe_kind || ' ' || error_kind FROM current_status "
	         "WHERE checked_at = 1795838410",
	         got, sizeof(got));
	ck_assert_str_eq(got, "stream overloaded");
	s = store_open_readonly(unit_db(db_a), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_read_dataset(s, T_END + 10, 0, a, &ds, err, sizeof(err)) == 0,
	    "%s", err);
	n = store_recent_checks(s, model, T_END + 10, a, &rows, err,
	                        sizeof(err));
	ck_assert_int_gt(n, 0);
	ck_assert_int_eq(rows[0].checked_at, T_END + 10);
	ck_assert_int_eq(rows[0].probe_kind, PROBE_KIND_STREAM);
	ck_assert_int_eq(rows[0].error_kind, ERROR_KIND_OVERLOADED);
	ck_assert_int_eq(rows[0].dns_ms, 3);
	ck_assert_int_eq(rows[0].connect_ms, 0);
	ck_assert_int_eq(rows[0].tls_ms, 25);
	ck_assert_int_eq(rows[0].first_byte_ms, 410);
	ck_assert_int_eq(rows[0].ttft_ms, 480);
	for (size_t i = 0; i < ds.n_latest; i++)
		if (ds.models[ds.latest[i].model].id == model &&
		    ds.latest[i].checked_at == T_END + 10) {
			ck_assert_int_eq(ds.latest[i].probe_kind,
			                 PROBE_KIND_STREAM);
			ck_assert_int_eq(ds.latest[i].error_kind,
			                 ERROR_KIND_OVERLOADED);
		}
	store_close(s);
	arena_free(a);
	free(v5);
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
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
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

/* Issue 17: a tried-out database goes on with real checks only. Real
 * checks of some regions, older and newer than the demo's latest there;
 * then the demo is removed: only the real checks are left, counted by
 * source; each region with one has its latest as current status and the
 * others none; every rollup equals counting the checks left; the data
 * is no longer demo. A second removal removes nothing. */
START_TEST(test_remove_demo_keeps_real_checks_only)
{
	char err[256];
	struct check_in c[6];
	int64_t n[CHECK_SOURCE__MAX], demo, model;
	long n_new = 0, n_dup = 0;
	struct arena *a = arena_new();
	struct dataset ds;
	struct store *s;

	paths();
	unit_make_demo_db(db_a, T_END, 2);
	demo = unit_sql_int(db_a, "SELECT count(*) FROM checks");
	model = unit_sql_int(db_a, "SELECT min(m.id) FROM models m JOIN "
	                           "endpoints e ON e.model_id = m.id WHERE "
	                           "m.is_active = 1 AND e.region = 'global'");
	for (int i = 0; i < 6; i++) {
		/* Three in the hours before the demo's end, three after. */
		demo_check_at(7, "x", "global", 5000,
		              T_END - 7200 + (i < 3 ? i * 60 : 7200 + i * 60),
		              &c[i]);
		c[i].model_id = model + (i % 2);
		c[i].source = i == 5 ? "probe" : "ingest";
		c[i].probe_kind = "inference";
	}
	s = store_open_write(unit_db(db_a), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_record_checks(s, c, 6, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(store_count_sources(s, n, err, sizeof(err)), 0);
	ck_assert_int_eq(n[CHECK_SOURCE_DEMO], demo);
	ck_assert_int_eq(n[CHECK_SOURCE_INGEST], 5);
	ck_assert_int_eq(n[CHECK_SOURCE_PROBE], 1);
	ck_assert_int_eq(n[CHECK_SOURCE_IMPORT], 0);

	ck_assert_int_eq(store_remove_demo(s, 1800, err, sizeof(err)), demo);
	ck_assert_int_eq(store_remove_demo(s, 1800, err, sizeof(err)), 0);
	ck_assert_int_eq(store_count_sources(s, n, err, sizeof(err)), 0);
	ck_assert_int_eq(n[CHECK_SOURCE_DEMO], 0);
	ck_assert_int_eq(n[CHECK_SOURCE_INGEST] + n[CHECK_SOURCE_PROBE], 6);
	store_close(s);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM checks"), 6);
	/* The current statuses: one per region with checks, its latest. */
	ck_assert_int_eq(
	    unit_sql_int(db_a, "SELECT count(*) FROM current_status"),
	    unit_sql_int(db_a, "SELECT count(*) FROM (SELECT DISTINCT "
	                       "model_id, region FROM checks) AS d"));
	ck_assert_int_eq(
	    unit_sql_int(
	        db_a,
	        "SELECT count(*) FROM current_status c WHERE NOT EXISTS ("
	        "SELECT 1 FROM checks k WHERE k.model_id = c.model_id AND "
	        "k.region = c.region AND k.checked_at = c.checked_at AND "
	        "k.status = c.status AND k.source = c.source AND "
	        "k.probe_kind IS NOT DISTINCT FROM c.probe_kind) OR "
	        "c.checked_at < (SELECT "
	        "max(checked_at) FROM checks k WHERE k.model_id = "
	        "c.model_id AND k.region = c.region)"),
	    0);
	ck_assert_int_eq(
	    rollup_mismatches(db_a, "rollups_hourly", "hour", 3600), 0);
	ck_assert_int_eq(rollup_mismatches(db_a, "rollups_5min", "slot", 300),
	                 0);
	ck_assert_int_eq(slot_status_mismatches(db_a), 0);
	ck_assert_int_eq(model_rollup_mismatches(db_a), 0);
	ck_assert_int_eq(unit_sql_int(db_a, "SELECT count(*) FROM "
	                                    "rollups_hourly WHERE model_id "
	                                    "NOT IN (SELECT model_id FROM "
	                                    "checks)"),
	                 0);
	s = store_open_readonly(unit_db(db_a), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_int_eq(
	    store_read_dataset(s, T_END, RANGES_ALL, a, &ds, err, sizeof(err)),
	    0);
	ck_assert_int_eq(ds.is_demo, 0);
	store_close(s);
	arena_free(a);
}
END_TEST

/* A check naming a kind there is none of is refused with a clear reason,
 * and its batch writes nothing. */
static const struct bad_kind_case {
	const char *probe_kind, *error_kind, *why;
} bad_kinds[] = {
    {"ping", NULL, "check 1: unknown probe kind"},
    {"Stream", NULL, "check 1: unknown probe kind"},
    {NULL, "slow", "check 1: unknown error kind"},
    {"inference", "http_429", "check 1: unknown error kind"},
};

START_TEST(test_check_of_unknown_kind_writes_nothing)
{
	const struct bad_kind_case *k = &bad_kinds[_i];
	char err[256];
	struct check_in c[2];
	long n_new = 0, n_dup = 0;
	int64_t before;
	struct store *s = demo_db_and_new_check(&c[0], &before);

	c[1] = c[0];
	c[1].checked_at++;
	c[1].probe_kind = k->probe_kind;
	c[1].error_kind = k->error_kind;
	ck_assert_int_eq(
	    store_record_checks(s, c, 2, &n_new, &n_dup, err, sizeof(err)), -1);
	ck_assert_str_eq(err, k->why);
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
	/* The second pass (_i = 1) makes a version 2 file, and the
	 * migrations read old versions' files: SQLite's own (PostgreSQL
	 * starts at version 9, and they read sqlite_schema and pragmas). */
	tcase_add_loop_test(tc, test_window_counts_equal_the_checks, 0,
	                    unit_pg() ? 1 : 2);
	tcase_add_test(tc, test_prune_deletes_whole_old_hours);
	if (!unit_pg()) {
		tcase_add_test(tc, test_migration_from_version_1);
		tcase_add_test(tc, test_migration_from_version_5);
	}
	tcase_add_test(tc, test_late_checks_keep_samples_as_a_rebuild);
	tcase_add_test(tc, test_replayed_checks_are_duplicates);
	tcase_add_test(tc, test_bad_check_writes_nothing);
	tcase_add_test(tc, test_remove_demo_keeps_real_checks_only);
	tcase_add_loop_test(tc, test_check_of_unknown_kind_writes_nothing, 0,
	                    (int)NELEM(bad_kinds));
	suite_add_tcase(s, tc);
	return s;
}
