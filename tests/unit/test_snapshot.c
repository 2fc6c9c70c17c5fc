/* test_snapshot.c: the fallback snapshot: exact round trip of a database's stats, validation, atomic writes. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "app.h"
#include "arena.h"
#include "fileutil.h"
#include "unit.h"

#define T_SNAP 1795839634

static char db[1100], out[1100];
static struct app_config cfg;

static void
make_db_and_snapshot(void)
{
	char err[512];

	snprintf(db, sizeof(db), "%s/tests/out/unit-snap.db", unit_root());
	snprintf(out, sizeof(out), "%s/tests/out/unit-snap.json", unit_root());
	unit_make_demo_db(db, T_SNAP, 3);
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.db_path, sizeof(cfg.db_path), "%s", db);
	snprintf(cfg.snapshot_path, sizeof(cfg.snapshot_path), "%s", out);
	cfg.freshness = FRESHNESS_DEFAULT_SECS;
	ck_assert_msg(source_write_snapshot(&cfg, T_SNAP, err, sizeof(err)) ==
	                  0,
	              "%s", err);
}

static void
assert_same_stats(const struct stats *x, const struct stats *y, size_t n)
{
	ck_assert_int_eq(x->total, y->total);
	ck_assert_int_eq(x->active, y->active);
	ck_assert_int_eq(x->providers, y->providers);
	ck_assert_mem_eq(x->by_status, y->by_status, sizeof(x->by_status));
	ck_assert_int_eq(x->has_avg_availability, y->has_avg_availability);
	ck_assert(x->avg_availability == y->avg_availability);
	for (size_t m = 0; m < n; m++) {
		const struct model_stat *a = &x->models[m], *b = &y->models[m];

		ck_assert_int_eq(a->status, b->status);
		ck_assert_mem_eq(a->has_availability, b->has_availability,
		                 sizeof(a->has_availability));
		ck_assert_mem_eq(a->availability, b->availability,
		                 sizeof(a->availability));
		ck_assert_int_eq(a->last_checked, b->last_checked);
		ck_assert_int_eq(a->latency_ms, b->latency_ms);
		ck_assert_int_eq(a->n_regions, b->n_regions);
		ck_assert_int_eq(a->reachability_only, b->reachability_only);
	}
	ck_assert_int_eq(x->n_points, y->n_points);
	for (int p = 0; p < x->n_points; p++) {
		ck_assert_int_eq(x->buckets[p].start, y->buckets[p].start);
		ck_assert_mem_eq(x->buckets[p].by_status,
		                 y->buckets[p].by_status,
		                 sizeof(x->buckets[p].by_status));
		ck_assert(x->buckets[p].availability ==
		          y->buckets[p].availability);
	}
}

START_TEST(test_snapshot_round_trip_gives_the_same_stats)
{
	char err[512];
	struct store *s;
	struct snapshot *snap;
	struct arena *a = arena_new();

	s = store_open_readonly(db, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	snap = snapshot_load(out, err, sizeof(err));
	ck_assert_msg(snap != NULL, "%s", err);
	ck_assert_int_eq(snapshot_time(snap), T_SNAP);
	for (int r = 0; r <= RANGE__MAX; r++) {
		struct dataset live, back;
		struct stats x, y;
		const char *why;

		ck_assert_int_eq(
		    store_read_dataset(s, T_SNAP,
		                       (r < RANGE__MAX ? RANGE_BIT(r) : 0) |
		                           WINDOWS_ALL,
		                       a, &live, err, sizeof(err)),
		    0);
		ck_assert_int_eq(
		    snapshot_dataset(snap, a, &back, err, sizeof(err)), 0);
		ck_assert_int_eq(stats_compute(&live, (enum range)r,
		                               FRESHNESS_DEFAULT_SECS, a, &x,
		                               &why),
		                 0);
		ck_assert_int_eq(stats_compute(&back, (enum range)r,
		                               FRESHNESS_DEFAULT_SECS, a, &y,
		                               &why),
		                 0);
		ck_assert_int_eq(back.source, SOURCE_FALLBACK);
		ck_assert_int_eq(back.is_demo, live.is_demo);
		ck_assert_int_eq(back.n_models, live.n_models);
		for (size_t m = 0; m < live.n_models; m++)
			ck_assert_str_eq(back.models[m].slug,
			                 live.models[m].slug);
		/* Each region's latest kinds, as the database says them. */
		ck_assert_uint_eq(back.n_latest, live.n_latest);
		for (size_t i = 0; i < live.n_latest; i++) {
			ck_assert_str_eq(back.latest[i].region,
			                 live.latest[i].region);
			ck_assert_int_eq(back.latest[i].probe_kind,
			                 live.latest[i].probe_kind);
			ck_assert_int_eq(back.latest[i].error_kind,
			                 live.latest[i].error_kind);
		}
		assert_same_stats(&x, &y, live.n_models);
	}
	snapshot_free(snap);
	store_close(s);
	arena_free(a);
}
END_TEST

/* Rewrites the snapshot with one sed expression; returns the new path. */
static const char *
mutated(const char *name, const char *sed)
{
	static char path[1200];
	char cmd[3000];

	snprintf(path, sizeof(path), "%s/tests/out/unit-snap-%s.json",
	         unit_root(), name);
	snprintf(cmd, sizeof(cmd), "%s '%s' '%s' > '%s'", "sed -e", sed, out,
	         path);
	ck_assert_int_eq(system(cmd), 0);
	return path;
}

static const struct bad_case {
	const char *name;
	const char *sed; /* applied to a good snapshot */
	const char *why; /* part of the error */
} bad_cases[] = {
    {"not_json", "1s/{/[/", "not valid JSON at byte"},
    {"other_format", "s/\"aigo-snapshot\"/\"other\"/", "not an AI-GO snapshot"},
    {"newer_format", "s/\"formatVersion\":\\t1/\"formatVersion\":\\t2/",
     "format version"},
    {"bad_time", "s/\"generatedAt\":\\t\"2026/\"generatedAt\":\\t\"20x6/",
     "generatedAt"},
    {"truncated", "200,$d", "not valid JSON at byte"},
    {"trailing_data", "$s/$/x/", "more data after the JSON value"},
    {"nul_in_a_name", "0,/\"name\":\\t\"/s//\"name\":\\t\"\\\\u0000/",
     "a string holds a NUL"},
    {"unknown_model",
     "0,/\"model\":\\t\"[a-z0-9.-]*\"/s//\"model\":\\t\"nope\"/", "invalid"},
    {"bad_status", "s/\"status\":\\t\"outage\"/\"status\":\\t\"fine\"/",
     "latest row"},
    {"negative_count", "0,/\"outage\":\\t[0-9]/s//\"outage\":\\t-1/",
     "invalid"},
    {"unknown_probe_kind",
     "0,/\"probeKind\":\\t\"[a-z]*\"/s//\"probeKind\":\\t\"ping\"/",
     "latest row"},
    {"probe_kind_not_a_string",
     "0,/\"probeKind\":\\t\"[a-z]*\"/s//\"probeKind\":\\t1/", "latest row"},
    {"unknown_error_kind",
     "0,/\"errorKind\":\\tnull/s//\"errorKind\":\\t\"slow\"/", "latest row"},
};

START_TEST(test_snapshot_rejects_damaged_files)
{
	const struct bad_case *c = &bad_cases[_i];
	char err[512] = "";
	struct snapshot *snap;

	snap = snapshot_load(mutated(c->name, c->sed), err, sizeof(err));
	ck_assert_msg(snap == NULL, "%s: accepted", c->name);
	ck_assert_msg(strstr(err, c->why) != NULL, "%s: %s", c->name, err);
}
END_TEST

/* A snapshot written before the probe's kinds (format 1 without them;
 * here their members renamed) still reads, its regions' kinds not said. */
START_TEST(test_snapshot_without_kinds_reads)
{
	char err[512];
	struct arena *a = arena_new();
	struct dataset ds;
	struct snapshot *snap = snapshot_load(
	    mutated("no_kinds",
	            "s/\"probeKind\"/\"p\"/; s/\"errorKind\"/\"e\"/"),
	    err, sizeof(err));

	ck_assert_msg(snap != NULL, "%s", err);
	ck_assert_int_eq(snapshot_dataset(snap, a, &ds, err, sizeof(err)), 0);
	ck_assert_uint_gt(ds.n_latest, 100);
	for (size_t i = 0; i < ds.n_latest; i++) {
		ck_assert_int_eq(ds.latest[i].probe_kind, PROBE_KIND__MAX);
		ck_assert_int_eq(ds.latest[i].error_kind, ERROR_KIND__MAX);
	}
	snapshot_free(snap);
	arena_free(a);
}
END_TEST

START_TEST(test_snapshot_failed_write_keeps_the_old_file)
{
	char err[512], *before, *after;
	struct app_config broken;

	before = file_read_all(out, NULL);
	ck_assert_ptr_nonnull(before);
	/* A database that cannot answer never replaces a good snapshot. */
	broken = cfg;
	snprintf(broken.db_path, sizeof(broken.db_path), "%s", out);
	ck_assert_int_eq(
	    source_write_snapshot(&broken, T_SNAP + 60, err, sizeof(err)), -1);
	snprintf(broken.db_path, sizeof(broken.db_path), "%s",
	         "/nonexistent/aigo.db");
	ck_assert_int_eq(
	    source_write_snapshot(&broken, T_SNAP + 60, err, sizeof(err)), -1);
	after = file_read_all(out, NULL);
	ck_assert_str_eq(before, after);
	free(before);
	free(after);
}
END_TEST

Suite *
snapshot_suite(void)
{
	Suite *s = suite_create("snapshot");
	TCase *tc = tcase_create("core");

	tcase_set_timeout(tc, 120);
	/* Made once, before the tests fork; no test changes them. */
	tcase_add_unchecked_fixture(tc, make_db_and_snapshot, NULL);
	tcase_add_test(tc, test_snapshot_round_trip_gives_the_same_stats);
	tcase_add_loop_test(tc, test_snapshot_rejects_damaged_files, 0,
	                    (int)NELEM(bad_cases));
	tcase_add_test(tc, test_snapshot_failed_write_keeps_the_old_file);
	tcase_add_test(tc, test_snapshot_without_kinds_reads);
	suite_add_tcase(s, tc);
	return s;
}
