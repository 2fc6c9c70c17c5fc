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

/* Beside the demo's automatic incidents: a manual incident with a title
 * and two updates, an update on an automatic one, a window that stands, a
 * cancelled one, and one that ended 40 days before the snapshot. */
static void
add_manual_rows(void)
{
	char err[512];
	const char *field = NULL;
	int64_t id, uid, auto_id;
	struct store *s = store_open_write(db, NULL, err, sizeof(err));
	struct incident_open o = {.provider = "openai",
	                          .model = "gpt-4o",
	                          .title = "Slow answers \"quoted\" <b>",
	                          .severity = SEVERITY_MAJOR,
	                          .started_at = T_SNAP - 7200,
	                          .state = UPDATE_INVESTIGATING,
	                          .body = "Looking into it.\nLine two.",
	                          .author = "ops",
	                          .at = T_SNAP - 7000};
	const char *prov[] = {"anthropic"}, *mods[] = {"gpt-4o"};
	struct maintenance_in m = {.title = "Planned work",
	                           .note = "A note",
	                           .starts_at = T_SNAP + 3600,
	                           .ends_at = T_SNAP + 7200,
	                           .providers = prov,
	                           .n_providers = 1,
	                           .models = mods,
	                           .n_models = 1};

	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_incident_open(s, &o, &id, &field, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_IDENTIFIED,
	                                       "Found it.", "ops", T_SNAP - 60,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	auto_id = unit_sql_int(db, "SELECT max(id) FROM incidents WHERE "
	                           "source = 'auto' AND resolved_at IS NOT "
	                           "NULL");
	ck_assert_int_gt(auto_id, 0);
	ck_assert_int_eq(store_incident_update(s, auto_id, UPDATE_RESOLVED,
	                                       "It was the network.", "cli",
	                                       T_SNAP - 30, &uid, &field, err,
	                                       sizeof(err)),
	                 0);
	ck_assert_msg(store_maintenance_add(s, &m, "ops", T_SNAP - 86400, &id,
	                                    &field, err, sizeof(err)) == 0,
	              "%s", err);
	m.starts_at = T_SNAP - 40 * 86400 - 7200;
	m.ends_at = T_SNAP - 40 * 86400;
	m.title = "Long ago";
	ck_assert_int_eq(store_maintenance_add(s, &m, "ops",
	                                       T_SNAP - 50 * 86400, &id, &field,
	                                       err, sizeof(err)),
	                 0);
	m.starts_at = T_SNAP + 86400;
	m.ends_at = T_SNAP + 90000;
	m.title = "Called off";
	ck_assert_int_eq(store_maintenance_add(s, &m, "ops", T_SNAP - 86400,
	                                       &id, &field, err, sizeof(err)),
	                 0);
	memset(&m, 0, sizeof(m));
	m.cancel = 1;
	ck_assert_int_eq(store_maintenance_change(s, id, &m, T_SNAP - 3600,
	                                          &field, err, sizeof(err)),
	                 0);
	store_close(s);
}

static void
make_db_and_snapshot(void)
{
	char err[512];

	snprintf(db, sizeof(db), "%s/tests/out/unit-snap.db", unit_root());
	snprintf(out, sizeof(out), "%s/tests/out/unit-snap.json", unit_root());
	unit_make_demo_db(db, T_SNAP, 3);
	add_manual_rows();
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.db_path, sizeof(cfg.db_path), "%s", db);
	snprintf(cfg.snapshot_path, sizeof(cfg.snapshot_path), "%s", out);
	snprintf(cfg.root, sizeof(cfg.root), "%s", unit_root());
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
    {"newer_format", "s/\"formatVersion\":\\t2/\"formatVersion\":\\t3/",
     "format version"},
    {"incident_unknown_model",
     "s/\\[\\([0-9]*\\), \"\\([a-z]*\\)\", \"[a-z0-9.-]*\", \"auto\"/[\\1, "
     "\"\\2\", \"nope\", \"auto\"/",
     "incident 0 invalid"},
    {"incident_bad_severity",
     "s/, \"\\(minor\\|major\\|critical\\)\", \"/, \"mild\", \"/", "invalid"},
    {"incident_columns",
     "s/\"peakSeverity\", \"regions\"/\"regions\", "
     "\"peakSeverity\"/",
     "incidents' columns"},
    {"export_columns", "0,/\"date\", \"model\"/s//\"day\", \"model\"/",
     "export invalid"},
    {"export_bad_sum",
     "s/\\(\"[0-9-]*\", \"[a-z0-9.-]*\", \"[a-z0-9-]*\", \\)\\([0-9]*\\), "
     "\\([0-9]*\\),/\\1\\2, \\2\\3,/",
     "export invalid"},
    {"maintenance_target", "s/\\[\"anthropic\", null\\]/[\"nope\", null]/",
     "maintenance 0 invalid"},
    {"lists_half", "s/\"maintenances\":/\"x\":/", "missing"},
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

/* The first column of sql's rows on the source database, joined with
 * ",", as the sqlite3 command-line tool prints them. */
static char *
cli_list(const char *sql)
{
	static char outbuf[65536];
	char cmd[4096];
	FILE *p;
	size_t n;

	snprintf(cmd, sizeof(cmd),
	         "sqlite3 -batch -readonly '%s' \"SELECT coalesce("
	         "group_concat(x, ','), '') FROM (%s)\"",
	         db, sql);
	p = popen(cmd, "r");
	ck_assert_ptr_nonnull(p);
	n = fread(outbuf, 1, sizeof(outbuf) - 1, p);
	ck_assert_int_eq(pclose(p), 0);
	outbuf[n] = '\0';
	while (n > 0 && outbuf[n - 1] == '\n')
		outbuf[--n] = '\0';
	return outbuf;
}

/* The ids of v joined with ",". */
static char *
ids_of(const struct incident_view *v, long n)
{
	static char b[65536];
	size_t len = 0;

	b[0] = '\0';
	for (long i = 0; i < n; i++)
		len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%lld",
		                        i ? "," : "", (long long)v[i].id);
	return b;
}

/* The incidents the snapshot keeps, in the words of docs/snapshot.md:
 * every open one, then the newest resolved ones that ended within the
 * last 30 days, up to 1000 in all (newest: started last, then id). */
#define KEPT_OPEN                                                              \
	"SELECT id AS x FROM incidents WHERE resolved_at IS NULL ORDER BY "    \
	"started_at DESC, id DESC"
#define KEPT_RESOLVED                                                          \
	"SELECT id AS x FROM incidents WHERE resolved_at > 1795839634 - "      \
	"2592000 ORDER BY started_at DESC, id DESC LIMIT 1000 - (SELECT "      \
	"count(*) FROM incidents WHERE resolved_at IS NULL)"
#define KEPT                                                                   \
	"SELECT * FROM (" KEPT_OPEN                                            \
	") UNION ALL SELECT * FROM (" KEPT_RESOLVED ")"

/* The snapshot's lists and its dataset, read from the file. */
static struct snapshot *
load_lists(struct arena *a, struct dataset *ds, struct snapshot_lists *l)
{
	char err[512];
	struct snapshot *snap = snapshot_load(out, err, sizeof(err));

	ck_assert_msg(snap != NULL, "%s", err);
	ck_assert_int_eq(snapshot_dataset(snap, a, ds, err, sizeof(err)), 0);
	ck_assert_msg(snapshot_lists(snap, ds, a, l, err, sizeof(err)) == 1,
	              "%s", err);
	return snap;
}

START_TEST(test_snapshot_lists_hold_what_sqlite3_selects)
{
	struct arena *a = arena_new();
	struct dataset ds;
	struct snapshot_lists l;
	struct snapshot *snap = load_lists(a, &ds, &l);
	char want[65536], got[4096];
	size_t len = 0;
	int found = 0;

	snprintf(want, sizeof(want), "%s", cli_list(KEPT));
	ck_assert_uint_gt(l.n_incidents, 10);
	ck_assert_str_eq(ids_of(l.incidents, (long)l.n_incidents), want);
	/* The manual one, as written. */
	for (size_t i = 0; i < l.n_incidents; i++) {
		const struct incident_view *v = &l.incidents[i];

		if (!v->is_manual)
			continue;
		found++;
		ck_assert_str_eq(v->title, "Slow answers \"quoted\" <b>");
		ck_assert_str_eq(v->model_slug, "gpt-4o");
		ck_assert_uint_eq(v->n_updates, 2);
		ck_assert_str_eq(v->updates[0].body,
		                 "Looking into it.\nLine two.");
		ck_assert_int_eq(v->state, UPDATE_IDENTIFIED);
		ck_assert_int_eq(v->inc.started_at, T_SNAP - 7200);
	}
	ck_assert_int_eq(found, 1);
	/* The windows that stand and end after the snapshot minus 30 days. */
	for (size_t i = 0; i < l.n_maintenances; i++)
		len += (size_t)snprintf(got + len, sizeof(got) - len, "%s%lld",
		                        i ? "," : "",
		                        (long long)l.maintenances[i].id);
	got[len] = '\0';
	ck_assert_str_eq(got, cli_list("SELECT id AS x FROM maintenances "
	                               "WHERE cancelled_at IS NULL AND "
	                               "ends_at > 1795839634 - 2592000 "
	                               "ORDER BY starts_at, id"));
	ck_assert_uint_eq(l.n_maintenances, 1);
	ck_assert_uint_eq(l.maintenances[0].n_targets, 2);
	/* The export of every range: a row per (UTC day, model, region)
	 * with checks in (T - range, T], and their counts. */
	for (int r = 0; r < RANGE__MAX; r++) {
		int64_t secs =
		    (int64_t)ranges[r].buckets * ranges[r].bucket_secs;
		int64_t checks = 0, outage = 0, degraded = 0;
		char sql[1024];

		for (size_t i = 0; i < l.exports[r].n; i++) {
			checks += l.exports[r].v[i].checks;
			outage += l.exports[r].v[i].outage;
			degraded += l.exports[r].v[i].degraded;
		}
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) FROM (SELECT DISTINCT checked_at / "
		         "86400, model_id, region FROM checks WHERE checked_at "
		         "> %lld AND checked_at <= %d)",
		         (long long)(T_SNAP - secs), T_SNAP);
		ck_assert_int_eq((int64_t)l.exports[r].n,
		                 unit_sql_int(db, sql));
		snprintf(sql, sizeof(sql),
		         "SELECT count(*) * 1000000 + sum(status = 'outage') * "
		         "1000 + sum(status = 'degraded') FROM checks WHERE "
		         "checked_at > %lld AND checked_at <= %d",
		         (long long)(T_SNAP - secs), T_SNAP);
		ck_assert_int_eq(checks * 1000000 + outage * 1000 + degraded,
		                 unit_sql_int(db, sql));
	}
	snapshot_free(snap);
	arena_free(a);
}
END_TEST

/* Filters of store_incidents and the same selection in SQL over the
 * incidents the snapshot keeps (KEPT). */
static const struct filter_case {
	const char *name;
	struct incident_filter f;
	const char *where; /* over incidents i, providers p, models m */
} filter_cases[] = {
    {"all", {0}, "1"},
    {"open", {.state = 1}, "i.resolved_at IS NULL"},
    {"resolved", {.state = 2}, "i.resolved_at IS NOT NULL"},
    {"provider", {.provider = "openai"}, "p.slug = 'openai'"},
    {"model", {.model = "gpt-4o"}, "m.slug = 'gpt-4o'"},
    {"resolved_of_a_model",
     {.state = 2, .model = "claude-sonnet-4"},
     "i.resolved_at IS NOT NULL AND m.slug = 'claude-sonnet-4'"},
    {"last_day",
     {.from = T_SNAP - 86400, .to = T_SNAP},
     "(i.resolved_at IS NULL OR i.resolved_at > 1795839634 - 86400) AND "
     "i.started_at < 1795839634"},
    {"a_page", {.offset = 5, .limit = 7}, "1 LIMIT 7 OFFSET 5"},
};

START_TEST(test_snapshot_memory_store_answers_like_the_database)
{
	const struct filter_case *c = &filter_cases[_i];
	struct arena *a = arena_new();
	struct dataset ds;
	struct snapshot_lists l;
	struct snapshot *snap = load_lists(a, &ds, &l);
	char path[1100], err[512], sql[2048], *schema;
	struct store *mem;
	struct incident_view *v;
	long n, total;
	const char *page;

	snprintf(path, sizeof(path), "%s/db/schema.sql", unit_root());
	schema = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(schema);
	mem = store_open_memory(schema, err, sizeof(err));
	free(schema);
	ck_assert_msg(mem != NULL, "%s", err);
	ck_assert_msg(store_fill_memory(mem, &ds, l.incidents, l.n_incidents,
	                                l.maintenances, l.n_maintenances, err,
	                                sizeof(err)) == 0,
	              "%s", err);
	n = store_incidents(mem, &c->f, a, &v, &total, err, sizeof(err));
	ck_assert_msg(n >= 0, "%s", err);
	snprintf(sql, sizeof(sql),
	         "SELECT i.id AS x FROM incidents i JOIN providers p ON p.id = "
	         "i.provider_id LEFT JOIN models m ON m.id = i.model_id WHERE "
	         "i.id IN (" KEPT ") AND %s",
	         c->where);
	/* The order of the answers: newest first. */
	page = strstr(sql + strlen(sql) - strlen(c->where), " LIMIT ");
	if (page != NULL) {
		char tail[64];

		snprintf(tail, sizeof(tail), "%s", page);
		snprintf((char *)page, sizeof(sql) - (size_t)(page - sql),
		         " ORDER BY i.started_at DESC, i.id DESC%s", tail);
	} else {
		strcat(sql, " ORDER BY i.started_at DESC, i.id DESC");
	}
	ck_assert_msg(strcmp(ids_of(v, n), cli_list(sql)) == 0, "%s: %s",
	              c->name, ids_of(v, n));
	if (c->f.limit == 0)
		ck_assert_int_eq(total, n);
	ck_assert_int_gt(n, 0);
	/* One with its details: the manual one's updates and title. */
	{
		struct incident_view one;
		int64_t id = unit_sql_int(
		    db, "SELECT id FROM incidents WHERE source = 'manual'");

		ck_assert_int_eq(
		    store_incident(mem, id, a, &one, err, sizeof(err)), 1);
		ck_assert_uint_eq(one.n_updates, 2);
		ck_assert_str_eq(one.updates[1].body, "Found it.");
		ck_assert_str_eq(one.provider_name, "OpenAI");
		ck_assert_int_eq(
		    store_incident(mem, 999999, a, &one, err, sizeof(err)), 0);
	}
	/* The windows from now on, as the Statuspage list asks. */
	{
		struct maintenance_view *m;

		ck_assert_int_eq(store_maintenances(mem, T_SNAP, 0, 0, a, &m,
		                                    err, sizeof(err)),
		                 1);
		ck_assert_str_eq(m[0].title, "Planned work");
		ck_assert_str_eq(m[0].targets[0].provider_slug, "anthropic");
		ck_assert_ptr_null(m[0].targets[0].model_slug);
		ck_assert_str_eq(m[0].targets[1].model_slug, "gpt-4o");
	}
	store_close(mem);
	snapshot_free(snap);
	arena_free(a);
}
END_TEST

/* A version 1 file (no lists) still reads; the fallback then has no
 * incidents, as before. A version 2 one answers them. */
START_TEST(test_snapshot_version_1_reads_without_lists)
{
	char err[512], v1[1200], cmd[3000];
	struct arena *a = arena_new();
	struct dataset ds;
	struct stats st;
	struct snapshot_lists l;
	struct snapshot *snap;
	struct source src;
	struct app_config c = cfg;
	struct incident_view *v;
	struct export_list ex;
	long total;

	snprintf(v1, sizeof(v1), "%s/tests/out/unit-snap-v1.json", unit_root());
	snap = snapshot_load(out, err, sizeof(err));
	ck_assert_ptr_nonnull(snap);
	ck_assert_int_eq(snapshot_dataset(snap, a, &ds, err, sizeof(err)), 0);
	ck_assert_int_eq(snapshot_write(&ds, 9, v1, err, sizeof(err)), 0);
	snapshot_free(snap);
	snprintf(cmd, sizeof(cmd),
	         "sed -i 's/\"formatVersion\":\\t2/\"formatVersion\":\\t1/' "
	         "'%s'",
	         v1);
	ck_assert_int_eq(system(cmd), 0);
	snap = snapshot_load(v1, err, sizeof(err));
	ck_assert_msg(snap != NULL, "%s", err);
	ck_assert_int_eq(snapshot_dataset(snap, a, &ds, err, sizeof(err)), 0);
	ck_assert_int_eq(snapshot_lists(snap, &ds, a, &l, err, sizeof(err)), 0);
	snapshot_free(snap);

	/* Through the source, the database away. */
	snprintf(c.db_path, sizeof(c.db_path), "/nonexistent/aigo.db");
	snprintf(c.snapshot_path, sizeof(c.snapshot_path), "%s", v1);
	source_init(&src, &c);
	source_load(&src, T_SNAP + 5, RANGE__MAX, 0, a, &ds, &st);
	ck_assert_int_eq(ds.source, SOURCE_FALLBACK);
	ck_assert_int_eq(source_has_incidents(&src, &ds), 0);
	ck_assert_int_eq(source_incidents(&src, &ds,
	                                  &(struct incident_filter){0}, a, &v,
	                                  &total, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(
	    source_export(&src, &ds, 86400, a, &ex, err, sizeof(err)), 0);
	source_free(&src);

	snprintf(c.snapshot_path, sizeof(c.snapshot_path), "%s", out);
	source_init(&src, &c);
	source_load(&src, T_SNAP + 5, RANGE__MAX, 0, a, &ds, &st);
	ck_assert_int_eq(ds.source, SOURCE_FALLBACK);
	ck_assert_int_eq(source_has_incidents(&src, &ds), 1);
	ck_assert_int_eq(source_incidents(&src, &ds,
	                                  &(struct incident_filter){0}, a, &v,
	                                  &total, err, sizeof(err)),
	                 unit_sql_int(db, "SELECT count(*) FROM (" KEPT ")"));
	ck_assert_int_eq(
	    source_export(&src, &ds, 86400, a, &ex, err, sizeof(err)),
	    unit_sql_int(db, "SELECT count(*) FROM (SELECT DISTINCT "
	                     "checked_at / 86400, model_id, region FROM checks "
	                     "WHERE checked_at > 1795839634 - 86400 AND "
	                     "checked_at <= 1795839634)"));
	/* The outbox is the database's alone. */
	{
		struct outbox_stats ob;

		ck_assert_int_eq(
		    source_outbox_stats(&src, &ds, a, &ob, err, sizeof(err)),
		    0);
	}
	source_free(&src);
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
	tcase_add_test(tc, test_snapshot_lists_hold_what_sqlite3_selects);
	tcase_add_loop_test(
	    tc, test_snapshot_memory_store_answers_like_the_database, 0,
	    (int)NELEM(filter_cases));
	tcase_add_test(tc, test_snapshot_version_1_reads_without_lists);
	suite_add_tcase(s, tc);
	return s;
}
