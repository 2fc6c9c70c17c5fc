/* test_manual.c: unit tests of reading incidents with their updates and maintenance windows, and of manual incidents, updates and maintenance written (store.c). */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "fileutil.h"
#include "incidents.h"
#include "store.h"
#include "unit.h"

static char man_path[1100];

/* A new database tests/out/unit-manual-NAME.db from the schema file
 * (relative to the root) with the catalog, opened for writing. */
static struct store *
man_db(const char *name, const char *schema_file)
{
	snprintf(man_path, sizeof(man_path), "%s/tests/out/unit-manual-%s.db",
	         unit_root(), name);
	return unit_store_create(man_path, schema_file);
}

/* PostgreSQL's string_agg takes the order of its rows (SQLite's
 * group_concat takes them as its subquery sorts them): " ORDER BY cols"
 * on PostgreSQL, nothing on SQLite. */
#define ORDERED(db, cols) (unit_db_is_pg(db) ? " ORDER BY " cols : "")

static void
assert_sql(const char *path, const char *sql, const char *want)
{
	char *got = unit_sql_text(path, sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s\n got  [%s]\n want [%s]", sql,
	              got, want);
	free(got);
}

/* The incidents of the read tests, ids 1 to 7 (see the comments). */
static const char *const incident_rows =
    /* 1 A: anthropic, provider, auto, [1000, 2000) closed 2600 */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (1, (SELECT "
    "id FROM providers WHERE slug = 'anthropic'), NULL, 'auto', "
    "1000, 1180, 2000, 2600, 'major', 'critical', 'global,us-east', "
    "'http_5xx', NULL);INSERT INTO incident_events VALUES (1, 0, "
    "1180, 'opened', 'major'), (1, 1, 1500, 'escalated', "
    "'critical'), (1, 2, 1800, 'de-escalated', 'major'), (1, 3, "
    "2600, 'resolved', 'major');"
    /* 2 B: claude-opus-4, [900, 2100): overlaps A */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (2, (SELECT "
    "provider_id FROM models WHERE slug = 'claude-opus-4'), (SELECT "
    "id FROM models WHERE slug = 'claude-opus-4'), 'auto', 900, "
    "1080, 2100, 2700, 'major', 'major', '', '', NULL);"
    /* 3 C: claude-sonnet-4, [1900, open): overlaps A */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (3, (SELECT "
    "provider_id FROM models WHERE slug = 'claude-sonnet-4'), "
    "(SELECT id FROM models WHERE slug = 'claude-sonnet-4'), 'auto', "
    "1900, 2080, NULL, NULL, 'minor', 'minor', '', '', NULL);"
    /* 4 D: claude-haiku-4-5, [100, 1000): ends as A starts */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (4, (SELECT "
    "provider_id FROM models WHERE slug = 'claude-haiku-4-5'), "
    "(SELECT id FROM models WHERE slug = 'claude-haiku-4-5'), "
    "'auto', 100, 280, 1000, 1600, 'minor', 'minor', '', '', NULL);"
    /* 5 E: cohere, provider, manual, [3000, open) */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (5, (SELECT "
    "id FROM providers WHERE slug = 'cohere'), NULL, 'manual', 3000, "
    "3000, NULL, NULL, 'minor', 'minor', '', '', 'Cohere API "
    "errors');"
    /* 6 F: command-a, manual, [3000, 3400) */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (6, (SELECT "
    "provider_id FROM models WHERE slug = 'command-a'), (SELECT id "
    "FROM models WHERE slug = 'command-a'), 'manual', 3000, 3000, "
    "3400, 3400, 'critical', 'critical', '', '', 'Command A <slow> & "
    "\"odd\"');"
    /* 7 G: amazon-nova-pro, [500, 700) */
    "INSERT INTO incidents(id, provider_id, model_id, source, "
    "started_at, opened_at, resolved_at, closed_at, severity, "
    "peak_severity, regions, error_kinds, title) VALUES (7, (SELECT "
    "provider_id FROM models WHERE slug = 'amazon-nova-pro'), "
    "(SELECT id FROM models WHERE slug = 'amazon-nova-pro'), 'auto', "
    "500, 680, 700, 1300, 'major', 'major', '', '', NULL);"
    /* Updates, not in time order of their ids. */
    "INSERT INTO incident_updates(id, incident_id, at, state, body, "
    "author) VALUES (1, 5, 3300, 'identified', 'Found it', 'ops'), "
    "(2, 5, 3100, 'investigating', 'Looking', 'cli'), (3, 5, 3500, "
    "'monitoring', 'Fixed, watching', 'ops'), (4, 6, 3000, "
    "'investigating', 'Slow', 'cli'), (5, 6, 3400, 'resolved', 'Fast "
    "again', 'cli'), (6, 1, 1200, 'identified', 'Upstream', 'ops');";

/* The ids of v[0..n), "6,5,3" (static buffer). */
static const char *
ids_of(const struct incident_view *v, long n)
{
	static char b[256];
	size_t len = 0;

	b[0] = '\0';
	for (long i = 0; i < n && len + 24 < sizeof(b); i++)
		len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%lld",
		                        i ? "," : "", (long long)v[i].id);
	return b;
}

struct filter_case {
	struct incident_filter f;
	const char *ids; /* the page, newest first */
	long total;
};

/* Hand-computed from incident_rows: newest first is F(6, 3000), E(5,
 * 3000), C(3, 1900), A(1, 1000), B(2, 900), G(7, 500), D(4, 100). */
static const struct filter_case filter_cases[] = {
    {{0}, "6,5,3,1,2,7,4", 7},
    {{.state = 1}, "5,3", 2},
    {{.state = 2}, "6,1,2,7,4", 5},
    {{.provider = "anthropic"}, "3,1,2,4", 4},
    {{.provider = "anthropic", .state = 1}, "3", 1},
    {{.model = "claude-opus-4"}, "2", 1},
    {{.provider = "cohere", .model = "command-a"}, "6", 1},
    {{.provider = "cohere", .model = "claude-opus-4"}, "", 0},
    {{.provider = "nope"}, "", 0},
    /* In effect in [2000, 2900): A resolves at 2000, E starts at 3000. */
    {{.from = 2000, .to = 2900}, "3,2", 2},
    {{.to = 1000}, "2,7,4", 3},
    {{.from = 1000}, "6,5,3,1,2", 5},
    {{.limit = 3, .offset = 2}, "3,1,2", 7},
    {{.limit = 3, .offset = 6}, "4", 7},
    {{.limit = 3, .offset = 7}, "", 7},
    {{.provider = "nope", .offset = 1}, "", 0},
    {{.state = 1, .offset = 5}, "", 2},
    {{.state = 2, .limit = 2, .offset = 1}, "1,2", 5},
};

START_TEST(test_manual_read_filters)
{
	const struct filter_case *c = &filter_cases[_i];
	struct store *s = man_db("read", "db/schema.sql");
	struct arena *a = arena_new();
	struct incident_view *v = NULL;
	char err[256];
	long total = -1, n;

	unit_sql_exec(man_path, incident_rows);
	n = store_incidents(s, &c->f, a, &v, &total, err, sizeof(err));
	ck_assert_msg(n >= 0, "%s", err);
	ck_assert_ptr_nonnull(v);
	ck_assert_str_eq(ids_of(v, n), c->ids);
	ck_assert_int_eq(total, c->total);
	/* Without details: no events, updates or models. */
	for (long i = 0; i < n; i++) {
		ck_assert_uint_eq(v[i].inc.n_events, 0);
		ck_assert_uint_eq(v[i].n_updates, 0);
		ck_assert_uint_eq(v[i].n_models, 0);
		ck_assert_int_eq(v[i].state, UPDATE_STATE__MAX);
	}
	arena_free(a);
	store_close(s);
}
END_TEST

START_TEST(test_manual_read_details)
{
	struct store *s = man_db("details", "db/schema.sql");
	struct arena *a = arena_new();
	struct incident_view v, *l;
	struct incident_filter f = {.provider = "anthropic", .details = 1};
	char err[256];
	long total, n;

	unit_sql_exec(man_path, incident_rows);
	/* A: the provider incident with its events, one update and the
	 * models whose incidents overlap [1000, 2000) (not D's, which ends
	 * at 1000). */
	ck_assert_int_eq(store_incident(s, 1, a, &v, err, sizeof(err)), 1);
	ck_assert_int_eq(v.id, 1);
	ck_assert_str_eq(v.provider_slug, "anthropic");
	ck_assert_str_eq(v.provider_name, "Anthropic");
	ck_assert_ptr_null(v.model_slug);
	ck_assert_ptr_null(v.model_name);
	ck_assert_ptr_null(v.title);
	ck_assert_int_eq(v.is_manual, 0);
	ck_assert_int_eq(v.inc.started_at, 1000);
	ck_assert_int_eq(v.inc.opened_at, 1180);
	ck_assert_int_eq(v.inc.resolved_at, 2000);
	ck_assert_int_eq(v.inc.closed_at, 2600);
	ck_assert_int_eq(v.inc.severity, SEVERITY_MAJOR);
	ck_assert_int_eq(v.inc.peak, SEVERITY_CRITICAL);
	ck_assert_str_eq(v.inc.regions, "global,us-east");
	ck_assert_str_eq(v.inc.error_kinds, "http_5xx");
	ck_assert_uint_eq(v.inc.n_events, 4);
	ck_assert_int_eq(v.inc.events[1].at, 1500);
	ck_assert_int_eq(v.inc.events[1].kind, INCIDENT_ESCALATED);
	ck_assert_int_eq(v.inc.events[1].severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(v.inc.events[3].kind, INCIDENT_RESOLVED);
	ck_assert_uint_eq(v.n_updates, 1);
	ck_assert_str_eq(v.updates[0].body, "Upstream");
	ck_assert_str_eq(v.updates[0].author, "ops");
	ck_assert_int_eq(v.state, UPDATE_IDENTIFIED);
	ck_assert_uint_eq(v.n_models, 2);
	ck_assert_str_eq(v.models[0], "Claude Opus 4");
	ck_assert_str_eq(v.models[1], "Claude Sonnet 4");
	/* E: open manual provider incident; updates oldest first whatever
	 * their ids; its state the last one's; F's model overlaps it. */
	ck_assert_int_eq(store_incident(s, 5, a, &v, err, sizeof(err)), 1);
	ck_assert_int_eq(v.is_manual, 1);
	ck_assert_str_eq(v.title, "Cohere API errors");
	ck_assert_int_eq(v.inc.resolved_at, 0);
	ck_assert_uint_eq(v.inc.n_events, 0);
	ck_assert_uint_eq(v.n_updates, 3);
	ck_assert_int_eq(v.updates[0].id, 2);
	ck_assert_int_eq(v.updates[0].at, 3100);
	ck_assert_int_eq(v.updates[0].state, UPDATE_INVESTIGATING);
	ck_assert_str_eq(v.updates[0].body, "Looking");
	ck_assert_str_eq(v.updates[0].author, "cli");
	ck_assert_int_eq(v.updates[1].id, 1);
	ck_assert_int_eq(v.updates[2].id, 3);
	ck_assert_str_eq(v.updates[2].body, "Fixed, watching");
	ck_assert_int_eq(v.state, UPDATE_MONITORING);
	ck_assert_uint_eq(v.n_models, 1);
	ck_assert_str_eq(v.models[0], "Command A");
	/* F: a model's manual incident, as written; no models listed. */
	ck_assert_int_eq(store_incident(s, 6, a, &v, err, sizeof(err)), 1);
	ck_assert_str_eq(v.model_slug, "command-a");
	ck_assert_str_eq(v.model_name, "Command A");
	ck_assert_str_eq(v.provider_slug, "cohere");
	ck_assert_str_eq(v.title, "Command A <slow> & \"odd\"");
	ck_assert_int_eq(v.inc.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(v.state, UPDATE_RESOLVED);
	ck_assert_uint_eq(v.n_models, 0);
	/* C: an open automatic one without updates. */
	ck_assert_int_eq(store_incident(s, 3, a, &v, err, sizeof(err)), 1);
	ck_assert_int_eq(v.state, UPDATE_STATE__MAX);
	ck_assert_uint_eq(v.n_updates, 0);
	/* None. */
	ck_assert_int_eq(store_incident(s, 99, a, &v, err, sizeof(err)), 0);
	ck_assert_int_eq(store_incident(s, 0, a, &v, err, sizeof(err)), 0);
	/* The list with details: the same as one by one. */
	n = store_incidents(s, &f, a, &l, &total, err, sizeof(err));
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(ids_of(l, n), "3,1,2,4");
	ck_assert_uint_eq(l[1].n_models, 2);
	ck_assert_uint_eq(l[1].inc.n_events, 4);
	ck_assert_uint_eq(l[1].n_updates, 1);
	ck_assert_uint_eq(l[0].n_models, 0);
	arena_free(a);
	store_close(s);
}
END_TEST

/* The windows of the read tests, ids 1 to 4. */
static const char *const maint_rows =
    "INSERT INTO maintenances(id, title, note, starts_at, ends_at, "
    "created_at, updated_at, cancelled_at, author) VALUES (1, 'DB "
    "upgrade', '', 5000, 6000, 4000, 4000, NULL, 'ops'), (2, 'Old', "
    "'was fine', 1000, 2000, 900, 950, NULL, 'cli'), (3, 'Called "
    "off', '', 5500, 7000, 4000, 4500, 4500, 'ops'), (4, 'Later', "
    "'n', 8000, 9000, 4000, 4000, NULL, 'ops');INSERT INTO "
    "maintenance_targets VALUES (1, (SELECT provider_id FROM models "
    "WHERE slug = 'command-a'), (SELECT id FROM models WHERE slug = "
    "'command-a')), (1, (SELECT id FROM providers WHERE slug = "
    "'anthropic'), NULL), (2, (SELECT provider_id FROM models WHERE "
    "slug = 'qwen-max'), (SELECT id FROM models WHERE slug = "
    "'qwen-max')), (3, (SELECT id FROM providers WHERE slug = "
    "'cohere'), NULL), (4, (SELECT provider_id FROM models WHERE "
    "slug = 'amazon-nova-pro'), (SELECT id FROM models WHERE slug = "
    "'amazon-nova-pro')), (4, (SELECT id FROM providers WHERE slug = "
    "'amazon'), NULL);";

/* The ids of m[0..n), "1,4" (static buffer). */
static const char *
mids_of(const struct maintenance_view *m, long n)
{
	static char b[256];
	size_t len = 0;

	b[0] = '\0';
	for (long i = 0; i < n && len + 24 < sizeof(b); i++)
		len += (size_t)snprintf(b + len, sizeof(b) - len, "%s%lld",
		                        i ? "," : "", (long long)m[i].id);
	return b;
}

START_TEST(test_manual_read_maintenances)
{
	static const struct {
		int64_t from, to;
		int cancelled;
		const char *ids;
	} cases[] = {
	    {0, 0, 0, "2,1,4"},   {0, 0, 1, "2,1,3,4"}, {5000, 0, 0, "1,4"},
	    {6000, 8000, 0, ""},  {6000, 8000, 1, "3"}, {1999, 1000, 0, ""},
	    {1999, 1001, 0, "2"}, {2000, 0, 0, "1,4"},
	};
	struct store *s = man_db("maint", "db/schema.sql");
	struct arena *a = arena_new();
	struct maintenance_view *m;
	char err[256];
	long n;

	unit_sql_exec(man_path, maint_rows);
	for (size_t i = 0; i < NELEM(cases); i++) {
		n = store_maintenances(s, cases[i].from, cases[i].to,
		                       cases[i].cancelled, a, &m, err,
		                       sizeof(err));
		ck_assert_msg(n >= 0, "%s", err);
		ck_assert_ptr_nonnull(m);
		ck_assert_msg(strcmp(mids_of(m, n), cases[i].ids) == 0,
		              "case %zu: %s", i, mids_of(m, n));
	}
	n = store_maintenances(s, 0, 0, 1, a, &m, err, sizeof(err));
	ck_assert_int_eq(n, 4);
	ck_assert_str_eq(m[1].title, "DB upgrade");
	ck_assert_str_eq(m[1].note, "");
	ck_assert_int_eq(m[1].starts_at, 5000);
	ck_assert_int_eq(m[1].ends_at, 6000);
	ck_assert_int_eq(m[1].created_at, 4000);
	ck_assert_int_eq(m[1].updated_at, 4000);
	ck_assert_int_eq(m[1].cancelled_at, 0);
	/* Whole providers first, then by provider. */
	ck_assert_uint_eq(m[1].n_targets, 2);
	ck_assert_str_eq(m[1].targets[0].provider_slug, "anthropic");
	ck_assert_str_eq(m[1].targets[0].provider_name, "Anthropic");
	ck_assert_ptr_null(m[1].targets[0].model_slug);
	ck_assert_ptr_null(m[1].targets[0].model_name);
	ck_assert_str_eq(m[1].targets[1].provider_slug, "cohere");
	ck_assert_str_eq(m[1].targets[1].model_slug, "command-a");
	ck_assert_str_eq(m[1].targets[1].model_name, "Command A");
	ck_assert_str_eq(m[0].note, "was fine");
	ck_assert_int_eq(m[0].updated_at, 950);
	ck_assert_int_eq(m[2].cancelled_at, 4500);
	ck_assert_uint_eq(m[3].n_targets, 2);
	ck_assert_ptr_null(m[3].targets[0].model_slug);
	ck_assert_str_eq(m[3].targets[1].model_slug, "amazon-nova-pro");
	arena_free(a);
	store_close(s);
}
END_TEST

/* A version 7 file read without error: its incidents with no titles or
 * updates, no maintenance. */
START_TEST(test_manual_read_version_7)
{
	struct store *s = man_db("v7", "tests/unit/fixtures/schema-v7.sql");
	struct arena *a = arena_new();
	struct incident_filter f = {.details = 1};
	struct incident_view *v, one;
	struct maintenance_view *m;
	char err[256];
	long total, n;

	store_close(s);
	ck_assert_int_eq(unit_sql_int(man_path, "PRAGMA user_version"), 7);
	unit_sql_exec(
	    man_path,
	    "INSERT INTO incidents(id, provider_id, model_id, source, "
	    "started_at, opened_at, resolved_at, closed_at, severity, "
	    "peak_severity) VALUES (1, (SELECT id FROM providers WHERE slug "
	    "= 'anthropic'), NULL, 'auto', 1000, 1180, 2000, 2600, 'major', "
	    "'major'), (2, (SELECT provider_id FROM models WHERE slug = "
	    "'claude-opus-4'), (SELECT id FROM models WHERE slug = "
	    "'claude-opus-4'), 'auto', 900, 1080, NULL, NULL, 'minor', "
	    "'minor');");
	s = store_open_readonly(unit_db(man_path), err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	n = store_incidents(s, &f, a, &v, &total, err, sizeof(err));
	ck_assert_msg(n == 2, "%ld %s", n, err);
	ck_assert_int_eq(total, 2);
	ck_assert_str_eq(ids_of(v, n), "1,2");
	ck_assert_ptr_null(v[0].title);
	ck_assert_uint_eq(v[0].n_updates, 0);
	ck_assert_int_eq(v[0].state, UPDATE_STATE__MAX);
	ck_assert_uint_eq(v[0].n_models, 1);
	ck_assert_str_eq(v[0].models[0], "Claude Opus 4");
	ck_assert_int_eq(store_incident(s, 2, a, &one, err, sizeof(err)), 1);
	ck_assert_str_eq(one.model_slug, "claude-opus-4");
	n = store_maintenances(s, 0, 0, 1, a, &m, err, sizeof(err));
	ck_assert_int_eq(n, 0);
	ck_assert_ptr_nonnull(m);
	arena_free(a);
	store_close(s);
}
END_TEST

START_TEST(test_manual_update_state_names)
{
	for (int i = 0; i < UPDATE_STATE__MAX; i++)
		ck_assert_int_eq(update_state_from_name(update_state_names[i]),
		                 i);
	ck_assert_str_eq(update_state_names[UPDATE_INVESTIGATING],
	                 "investigating");
	ck_assert_str_eq(update_state_names[UPDATE_RESOLVED], "resolved");
	ck_assert_int_eq(update_state_from_name("Resolved"), UPDATE_STATE__MAX);
	ck_assert_int_eq(update_state_from_name(NULL), UPDATE_STATE__MAX);
	ck_assert_int_eq(update_state_from_name(""), UPDATE_STATE__MAX);
}
END_TEST

/* ---- writes ---- */

#define NOW 1795800000 /* the write tests' now */

/* The manual incident of the write tests at `at` (NOW: now). */
static struct incident_open
an_incident(void)
{
	return (struct incident_open){"anthropic",
	                              "claude-opus-4",
	                              "Opus answers slowly",
	                              SEVERITY_MAJOR,
	                              NOW - 600,
	                              UPDATE_INVESTIGATING,
	                              "We are looking into it.",
	                              "cli",
	                              NOW};
}

/* A manual incident opened, updated, changed and resolved: each row as
 * the rules say (hand-written), and what a resolved one refuses. */
START_TEST(test_manual_incident_lifecycle)
{
	struct store *s = man_db("life", "db/schema.sql");
	struct incident_open o = an_incident();
	const char *field;
	char err[256], sql[512];
	int64_t id = 0, uid = 0;

	ck_assert_msg(
	    store_incident_open(s, &o, &id, &field, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(id, 1);
	assert_sql(
	    man_path,
	    "SELECT p.slug, m.slug, source, started_at - 1795800000, "
	    "opened_at - 1795800000, resolved_at, closed_at, severity, "
	    "peak_severity, regions, error_kinds, title FROM incidents i "
	    "JOIN providers p ON p.id = i.provider_id JOIN models m ON "
	    "m.id = i.model_id",
	    "anthropic|claude-opus-4|manual|-600|-600|NULL|NULL|major|"
	    "major|||Opus answers slowly\n");
	assert_sql(man_path,
	           "SELECT seq, at - 1795800000, kind, severity FROM "
	           "incident_events ORDER BY seq",
	           "0|-600|opened|major\n");
	assert_sql(man_path,
	           "SELECT id, incident_id, at - 1795800000, state, body, "
	           "author FROM incident_updates",
	           "1|1|0|investigating|We are looking into it.|cli\n");
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_IDENTIFIED,
	                                       "Found: a bad deploy.\nRolling "
	                                       "back.",
	                                       "ops", NOW + 60, &uid, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(uid, 2);
	/* Escalated, renamed; de-escalated below the peak. */
	ck_assert_int_eq(store_incident_change(s, id, "Opus is down",
	                                       SEVERITY_CRITICAL, NOW + 120,
	                                       &field, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_change(s, id, NULL, SEVERITY_MINOR,
	                                       NOW + 150, &field, err,
	                                       sizeof(err)),
	                 0);
	/* The same severity again: no event. */
	ck_assert_int_eq(store_incident_change(s, id, NULL, SEVERITY_MINOR,
	                                       NOW + 160, &field, err,
	                                       sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_RESOLVED, "Fixed.",
	                                       "ops", NOW + 180, &uid, &field,
	                                       err, sizeof(err)),
	                 0);
	assert_sql(man_path,
	           "SELECT resolved_at - 1795800000, closed_at - 1795800000, "
	           "severity, peak_severity, title FROM incidents",
	           "180|180|minor|critical|Opus is down\n");
	assert_sql(man_path,
	           "SELECT seq, at - 1795800000, kind, severity FROM "
	           "incident_events ORDER BY seq",
	           "0|-600|opened|major\n1|120|escalated|critical\n"
	           "2|150|de-escalated|minor\n3|180|resolved|minor\n");
	/* Resolved: only resolved updates (a follow-up) and a new title. */
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_MONITORING,
	                                       "Back?", "ops", NOW + 240, &uid,
	                                       &field, err, sizeof(err)),
	                 STORE_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err, "is resolved"));
	ck_assert_int_eq(store_incident_change(s, id, NULL, SEVERITY_MAJOR,
	                                       NOW + 250, &field, err,
	                                       sizeof(err)),
	                 STORE_CONFLICT);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_RESOLVED,
	                                       "Postmortem: a config push.",
	                                       "ops", NOW + 300, &uid, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_change(s, id, "Opus was down",
	                                       SEVERITY__MAX, NOW + 310, &field,
	                                       err, sizeof(err)),
	                 0);
	snprintf(sql, sizeof(sql),
	         "SELECT resolved_at - 1795800000, title, (SELECT %s(state, "
	         "',' %s) FROM (SELECT state, at FROM incident_updates ORDER "
	         "BY at) AS u) FROM incidents",
	         unit_sql_concat(man_path), ORDERED(man_path, "at"));
	assert_sql(man_path, sql,
	           "180|Opus was down|investigating,identified,resolved,"
	           "resolved\n");
	/* Opened resolved at once: resolved now. */
	o.model = NULL;
	o.state = UPDATE_RESOLVED;
	ck_assert_int_eq(
	    store_incident_open(s, &o, &id, &field, err, sizeof(err)), 0);
	snprintf(sql, sizeof(sql),
	         "SELECT model_id, resolved_at - 1795800000, closed_at - "
	         "1795800000, (SELECT %s(kind, ',' %s) FROM (SELECT kind, seq "
	         "FROM incident_events WHERE incident_id = 2 ORDER BY seq) AS "
	         "e) FROM incidents WHERE id = 2",
	         unit_sql_concat(man_path), ORDERED(man_path, "seq"));
	assert_sql(man_path, sql, "NULL|0|0|opened,resolved\n");
	store_close(s);
}
END_TEST

struct bad_open {
	const char *name;
	struct incident_open o;
	int rc;
	const char *field;
};

/* Each refused with the field named and nothing written. */
START_TEST(test_manual_open_refused)
{
	static char long_title[INCIDENT_TITLE_MAX + 2];
	struct bad_open cases[16];
	size_t n = 0;
	struct store *s = man_db("refused", "db/schema.sql");
	const char *field;
	char err[256];
	int64_t id = 0;

	memset(long_title, 't', INCIDENT_TITLE_MAX + 1);
	cases[n] = (struct bad_open){"no provider", an_incident(),
	                             STORE_INVALID, "provider"};
	cases[n++].o.provider = NULL;
	cases[n] = (struct bad_open){"unknown provider", an_incident(),
	                             STORE_INVALID, "provider"};
	cases[n++].o.provider = "nope";
	cases[n] = (struct bad_open){"unknown model", an_incident(),
	                             STORE_INVALID, "model"};
	cases[n++].o.model = "gpt-99";
	cases[n] = (struct bad_open){"a model of another provider",
	                             an_incident(), STORE_INVALID, "model"};
	cases[n++].o.model = "command-a";
	cases[n] = (struct bad_open){"empty title", an_incident(),
	                             STORE_INVALID, "title"};
	cases[n++].o.title = "";
	cases[n] = (struct bad_open){"long title", an_incident(), STORE_INVALID,
	                             "title"};
	cases[n++].o.title = long_title;
	cases[n] = (struct bad_open){"two-line title", an_incident(),
	                             STORE_INVALID, "title"};
	cases[n++].o.title = "a\nb";
	cases[n] = (struct bad_open){"bad UTF-8", an_incident(), STORE_INVALID,
	                             "title"};
	cases[n++].o.title = "caf\xe9";
	cases[n] = (struct bad_open){"no severity", an_incident(),
	                             STORE_INVALID, "severity"};
	cases[n++].o.severity = SEVERITY_NONE;
	cases[n] = (struct bad_open){"bad state", an_incident(), STORE_INVALID,
	                             "state"};
	cases[n++].o.state = UPDATE_STATE__MAX;
	cases[n] = (struct bad_open){"empty message", an_incident(),
	                             STORE_INVALID, "message"};
	cases[n++].o.body = "";
	cases[n] = (struct bad_open){"started in the future", an_incident(),
	                             STORE_INVALID, "startedAt"};
	cases[n++].o.started_at = NOW + 1;
	cases[n] = (struct bad_open){"resolved as it starts", an_incident(),
	                             STORE_INVALID, "startedAt"};
	cases[n].o.started_at = NOW;
	cases[n++].o.state = UPDATE_RESOLVED;
	for (size_t i = 0; i < n; i++) {
		field = NULL;
		ck_assert_msg(store_incident_open(s, &cases[i].o, &id, &field,
		                                  err,
		                                  sizeof(err)) == cases[i].rc,
		              "%s: %s", cases[i].name, err);
		ck_assert_msg(
		    field != NULL && strcmp(field, cases[i].field) == 0,
		    "%s: field %s", cases[i].name, field ? field : "NULL");
		ck_assert_msg(strncmp(err, field, strlen(field)) == 0, "%s: %s",
		              cases[i].name, err);
	}
	ck_assert_int_eq(unit_sql_int(man_path, "SELECT count(*) FROM "
	                                        "incidents"),
	                 0);
	/* Updates and changes of what is not there, or automatic. */
	ck_assert_int_eq(store_incident_update(s, 5, UPDATE_IDENTIFIED, "x",
	                                       "cli", NOW, &id, &field, err,
	                                       sizeof(err)),
	                 STORE_NOT_FOUND);
	ck_assert_int_eq(store_incident_change(s, 5, "x", SEVERITY__MAX, NOW,
	                                       &field, err, sizeof(err)),
	                 STORE_NOT_FOUND);
	ck_assert_int_eq(store_incident_change(s, 5, NULL, SEVERITY__MAX, NOW,
	                                       &field, err, sizeof(err)),
	                 STORE_INVALID);
	unit_sql_exec(man_path, incident_rows);
	ck_assert_int_eq(store_incident_change(s, 3, "x", SEVERITY__MAX, NOW,
	                                       &field, err, sizeof(err)),
	                 STORE_CONFLICT);
	ck_assert_ptr_nonnull(strstr(err, "automatic"));
	/* An automatic one takes notes of any state while open; it stays
	 * open (the checks close it). */
	ck_assert_int_eq(store_incident_update(s, 3, UPDATE_RESOLVED,
	                                       "Looks fine", "ops", NOW, &id,
	                                       &field, err, sizeof(err)),
	                 0);
	assert_sql(man_path,
	           "SELECT resolved_at, (SELECT count(*) FROM incident_updates "
	           "WHERE incident_id = 3) FROM incidents WHERE id = 3",
	           "NULL|1\n");
	ck_assert_int_eq(store_incident_update(s, 1, UPDATE_MONITORING,
	                                       "late note", "ops", NOW, &id,
	                                       &field, err, sizeof(err)),
	                 STORE_CONFLICT);
	store_close(s);
}
END_TEST

START_TEST(test_manual_maintenance_writes)
{
	static const char *const providers[] = {"anthropic"};
	static const char *const models[] = {"command-a", "qwen-max"};
	static const char *const twice[] = {"command-a", "command-a"};
	static const char *const unknown[] = {"gpt-99"};
	struct store *s = man_db("mwrite", "db/schema.sql");
	struct maintenance_in m = {"DB upgrade",
	                           "Read-only for 10 min.\nSorry.",
	                           NOW + 3600,
	                           NOW + 7200,
	                           providers,
	                           1,
	                           models,
	                           2,
	                           0,
	                           0};
	struct maintenance_in c;
	const char *field;
	char err[256], sql[512];
	int64_t id = 0;
	struct {
		struct maintenance_in m;
		const char *field;
	} bad[8];
	size_t nb = 0;

	ck_assert_msg(store_maintenance_add(s, &m, "ops", NOW, &id, &field, err,
	                                    sizeof(err)) == 0,
	              "%s", err);
	ck_assert_int_eq(id, 1);
	assert_sql(man_path,
	           "SELECT title, note, starts_at - 1795800000, ends_at - "
	           "1795800000, created_at - 1795800000, updated_at - "
	           "1795800000, cancelled_at, author FROM maintenances",
	           "DB upgrade|Read-only for 10 min.\nSorry.|3600|7200|0|0|"
	           "NULL|ops\n");
	assert_sql(man_path,
	           "SELECT p.slug, m.slug FROM maintenance_targets t JOIN "
	           "providers p ON p.id = t.provider_id LEFT JOIN models m ON "
	           "m.id = t.model_id ORDER BY p.slug",
	           "alibaba|qwen-max\nanthropic|NULL\ncohere|command-a\n");
	/* Refused, nothing written. */
	bad[nb].m = m;
	bad[nb].m.ends_at = m.starts_at;
	bad[nb++].field = "endsAt";
	bad[nb].m = m;
	bad[nb].m.ends_at = m.starts_at + 31 * 86400 + 1;
	bad[nb++].field = "endsAt";
	bad[nb].m = m;
	bad[nb].m.starts_at = 0;
	bad[nb++].field = "startsAt";
	bad[nb].m = m;
	bad[nb].m.n_providers = bad[nb].m.n_models = 0;
	bad[nb++].field = "providers";
	bad[nb].m = m;
	bad[nb].m.models = twice;
	bad[nb++].field = "models";
	bad[nb].m = m;
	bad[nb].m.models = unknown;
	bad[nb].m.n_models = 1;
	bad[nb++].field = "models";
	bad[nb].m = m;
	bad[nb].m.title = "";
	bad[nb++].field = "title";
	bad[nb].m = m;
	bad[nb].m.note = "bell\a";
	bad[nb++].field = "note";
	for (size_t i = 0; i < nb; i++) {
		field = NULL;
		ck_assert_int_eq(store_maintenance_add(s, &bad[i].m, "ops", NOW,
		                                       &id, &field, err,
		                                       sizeof(err)),
		                 STORE_INVALID);
		ck_assert_msg(field && strcmp(field, bad[i].field) == 0,
		              "case %zu: %s", i, err);
	}
	ck_assert_int_eq(unit_sql_int(man_path, "SELECT count(*) FROM "
	                                        "maintenances"),
	                 1);
	ck_assert_int_eq(unit_sql_int(man_path, "SELECT count(*) FROM "
	                                        "maintenance_targets"),
	                 3);
	/* Changed: the title and the end; the rest kept. */
	memset(&c, 0, sizeof(c));
	c.title = "DB upgrade, longer";
	c.ends_at = NOW + 9000;
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 60, &field,
	                                          err, sizeof(err)),
	                 0);
	/* An end before the kept start is refused. */
	memset(&c, 0, sizeof(c));
	c.ends_at = NOW + 100;
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 70, &field,
	                                          err, sizeof(err)),
	                 STORE_INVALID);
	ck_assert_str_eq(field, "endsAt");
	/* The targets replaced. */
	memset(&c, 0, sizeof(c));
	c.models = models;
	c.n_models = 1;
	c.set_targets = 1;
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 80, &field,
	                                          err, sizeof(err)),
	                 0);
	snprintf(sql, sizeof(sql),
	         "SELECT title, note, starts_at - 1795800000, ends_at - "
	         "1795800000, updated_at - 1795800000, cancelled_at, (SELECT "
	         "%s(CASE WHEN model_id IS NOT NULL THEN '1' ELSE '0' END, "
	         "',') FROM maintenance_targets) FROM maintenances",
	         unit_sql_concat(man_path));
	assert_sql(man_path, sql,
	           "DB upgrade, longer|Read-only for 10 min.\nSorry.|3600|9000|"
	           "80|NULL|1\n");
	memset(&c, 0, sizeof(c));
	c.cancel = 1;
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 90, &field,
	                                          err, sizeof(err)),
	                 0);
	ck_assert_int_eq(unit_sql_int(man_path, "SELECT cancelled_at - "
	                                        "1795800000 FROM maintenances"),
	                 90);
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 95, &field,
	                                          err, sizeof(err)),
	                 STORE_CONFLICT);
	ck_assert_int_eq(store_maintenance_change(s, 7, &c, NOW + 95, &field,
	                                          err, sizeof(err)),
	                 STORE_NOT_FOUND);
	memset(&c, 0, sizeof(c));
	ck_assert_int_eq(store_maintenance_change(s, 1, &c, NOW + 95, &field,
	                                          err, sizeof(err)),
	                 STORE_INVALID);
	store_close(s);
}
END_TEST

/* ---- updates of automatic incidents through the write path ---- */

/* Records checks of the model slug in region global at T0 + from ..
 * T0 + to every `step` s, of status st ('o', 'x'). */
static void
record_run(struct store *s, const char *slug, int from, int to, int step,
           char st)
{
	struct check_in c[256];
	char err[256], sql[256];
	long n_new = 0, n_dup = 0;
	size_t n = 0;
	int64_t mid;

	snprintf(sql, sizeof(sql), "SELECT id FROM models WHERE slug = '%s'",
	         slug);
	mid = unit_sql_int(man_path, sql);
	for (int t = from; t <= to && n < NELEM(c); t += step) {
		memset(&c[n], 0, sizeof(c[n]));
		c[n].model_id = mid;
		c[n].region = "global";
		c[n].checked_at = NOW + t;
		c[n].status = st == 'o' ? STATUS_OPERATIONAL : STATUS_OUTAGE;
		c[n].latency_ms = 100;
		c[n].source = "ingest";
		c[n].error_kind = st == 'x' ? "http_5xx" : NULL;
		c[n].dns_ms = c[n].connect_ms = c[n].tls_ms =
		    c[n].first_byte_ms = c[n].ttft_ms = -1;
		n++;
	}
	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
}

/* The incidents of the file (times from NOW) with their updates' bodies
 * in time order, one line each. */
static char *
incidents_with_updates(const char *path)
{
	char sql[1024];

	snprintf(
	    sql, sizeof(sql),
	    "SELECT coalesce(m.slug, '*'), source, started_at - "
	    "1795800000, coalesce(CAST(resolved_at - 1795800000 AS TEXT), "
	    "'open'), (SELECT %s(body, ',' %s) FROM (SELECT body, at, "
	    "u.id FROM incident_updates u WHERE u.incident_id = i.id "
	    "ORDER BY at, u.id) AS u) FROM incidents i LEFT JOIN models m "
	    "ON m.id = i.model_id ORDER BY i.started_at, m.slug NULLS FIRST",
	    unit_sql_concat(path), ORDERED(path, "at, id"));
	return unit_sql_text(path, sql);
}

/* A copy of the file rebuilt gives the same incidents and updates. */
static void
assert_rebuild_keeps(const char *want)
{
	static const struct incident_rules rules = {180, 600, 1800, 50};
	char copy[1200], err[256];
	char *got;
	struct store *s;
	long nm, np;

	snprintf(copy, sizeof(copy), "%s.rebuilt", man_path);
	unit_db_copy(man_path, copy);
	s = store_open_write(unit_db(copy), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	ck_assert_msg(
	    store_rebuild_incidents(s, &rules, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	got = incidents_with_updates(copy);
	ck_assert_msg(strcmp(got, want) == 0, "rebuilt:\n%s\nwant:\n%s", got,
	              want);
	free(got);
	remove(copy);
}

/* Posts an update with body at NOW + t to the automatic incident of slug
 * starting at NOW + start. */
static void
note(struct store *s, const char *slug, int start, int t, const char *body)
{
	char sql[256], err[256];
	const char *field;
	int64_t id, uid;

	snprintf(sql, sizeof(sql),
	         "SELECT i.id FROM incidents i JOIN models m ON m.id = "
	         "i.model_id WHERE m.slug = '%s' AND started_at = %d",
	         slug, NOW + start);
	id = unit_sql_int(man_path, sql);
	ck_assert_int_gt(id, 0);
	/* Resolved ones (all here) take resolved updates only. */
	ck_assert_msg(store_incident_update(s, id, UPDATE_RESOLVED, body, "ops",
	                                    NOW + t, &uid, &field, err,
	                                    sizeof(err)) == 0,
	              "%s", err);
}

/* Two incidents (0-300, 960-1260) with updates merged by a late failure
 * at 630: the one that keeps its start keeps its id and updates; the
 * other's updates follow to it. */
START_TEST(test_manual_updates_follow_a_merge)
{
	struct store *s = man_db("merge", "db/schema.sql");
	char *got;

	record_run(s, "command-a", 0, 240, 60, 'x');
	record_run(s, "command-a", 300, 900, 60, 'o');
	record_run(s, "command-a", 960, 1200, 60, 'x');
	record_run(s, "command-a", 1260, 2000, 60, 'o');
	note(s, "command-a", 0, 100, "first");
	note(s, "command-a", 960, 1000, "second");
	note(s, "command-a", 960, 1100, "third");
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|auto|0|300|first\n"
	                      "command-a|auto|960|1260|second,third\n");
	free(got);
	record_run(s, "command-a", 630, 630, 60, 'x');
	store_close(s);
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|auto|0|1260|first,second,third\n");
	free(got);
	assert_rebuild_keeps("command-a|auto|0|1260|first,second,third\n");
}
END_TEST

/* One incident (0-1260) split by late recoveries into 0-300 and
 * 960-1260: it keeps its start, id and updates. */
START_TEST(test_manual_updates_stay_in_a_split)
{
	struct store *s = man_db("split", "db/schema.sql");
	char *got;
	int64_t id;

	record_run(s, "command-a", 0, 240, 60, 'x');
	record_run(s, "command-a", 960, 1200, 60, 'x');
	record_run(s, "command-a", 1260, 2000, 60, 'o');
	note(s, "command-a", 0, 100, "early");
	note(s, "command-a", 0, 1000, "late");
	id = unit_sql_int(man_path, "SELECT id FROM incidents");
	record_run(s, "command-a", 300, 900, 60, 'o');
	store_close(s);
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|auto|0|300|early,late\n"
	                      "command-a|auto|960|1260|NULL\n");
	free(got);
	ck_assert_int_eq(unit_sql_int(man_path,
	                              "SELECT id FROM incidents "
	                              "WHERE started_at = 1795800000"),
	                 id);
	assert_rebuild_keeps("command-a|auto|0|300|early,late\n"
	                     "command-a|auto|960|1260|NULL\n");
}
END_TEST

/* An incident that late checks show never was (its outage was flapping
 * every 30 s): with updates, it is kept as a manual one; without, it is
 * gone. A rebuild with a longer open delay does the same. */
START_TEST(test_manual_updates_kept_when_none_overlaps)
{
	static const struct incident_rules slow = {600, 600, 1800, 50};
	struct store *s = man_db("orphan", "db/schema.sql");
	char *got, err[256];
	long nm, np;

	record_run(s, "command-a", 0, 240, 60, 'o');
	record_run(s, "command-a", 300, 540, 60, 'x');
	record_run(s, "command-a", 600, 2000, 60, 'o');
	record_run(s, "command-r", 0, 240, 60, 'o');
	record_run(s, "command-r", 300, 540, 60, 'x');
	record_run(s, "command-r", 600, 2000, 60, 'o');
	note(s, "command-a", 300, 400, "is it down?");
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|auto|300|600|is it down?\n"
	                      "command-r|auto|300|600|NULL\n");
	free(got);
	record_run(s, "command-a", 330, 570, 60, 'o');
	record_run(s, "command-r", 330, 570, 60, 'o');
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|manual|300|600|is it down?\n");
	free(got);
	store_close(s);
	assert_rebuild_keeps("command-a|manual|300|600|is it down?\n");
	s = store_open_write(unit_db(man_path), NULL, err, sizeof(err));
	ck_assert_msg(s != NULL, "%s", err);
	/* Through a rebuild: an incident of command-r again, with a note,
	 * then a rebuild whose open delay it does not reach. */
	record_run(s, "command-r", 2100, 2400, 60, 'x');
	record_run(s, "command-r", 2460, 3500, 60, 'o');
	note(s, "command-r", 2100, 2200, "r down");
	ck_assert_msg(
	    store_rebuild_incidents(s, &slow, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	store_close(s);
	got = incidents_with_updates(man_path);
	ck_assert_str_eq(got, "command-a|manual|300|600|is it down?\n"
	                      "command-r|manual|2100|2460|r down\n");
	free(got);
}
END_TEST

/* A rebuild with the same rules keeps every automatic incident with
 * updates under its id (also a provider incident), and the updates. */
START_TEST(test_manual_updates_survive_a_rebuild)
{
	static const struct incident_rules rules = {180, 600, 1800, 50};
	struct store *s = man_db("rebuild", "db/schema.sql");
	char *before, *after, err[256];
	const char *field;
	int64_t pid, uid;
	long nm, np;

	/* Every active model of cohere down 300-600: a provider incident. */
	unit_sql_exec(man_path,
	              "UPDATE models SET is_active = 0 WHERE provider_id "
	              "= (SELECT id FROM providers WHERE slug = "
	              "'cohere') AND slug NOT IN ('command-a', "
	              "'command-r')");
	record_run(s, "command-a", 0, 240, 60, 'o');
	record_run(s, "command-a", 300, 540, 60, 'x');
	record_run(s, "command-a", 600, 2000, 60, 'o');
	record_run(s, "command-r", 0, 240, 60, 'o');
	record_run(s, "command-r", 300, 540, 60, 'x');
	record_run(s, "command-r", 600, 2000, 60, 'o');
	note(s, "command-a", 300, 400, "a note");
	pid = unit_sql_int(man_path, "SELECT id FROM incidents WHERE model_id "
	                             "IS NULL");
	ck_assert_int_gt(pid, 0);
	ck_assert_int_eq(store_incident_update(s, pid, UPDATE_RESOLVED,
	                                       "cohere-wide", "ops", NOW + 500,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	before =
	    unit_sql_text(man_path, "SELECT i.id, u.id, u.body FROM "
	                            "incident_updates u JOIN incidents i ON "
	                            "i.id = u.incident_id ORDER BY u.id");
	ck_assert_msg(
	    store_rebuild_incidents(s, &rules, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(nm, 2);
	ck_assert_int_eq(np, 1);
	store_close(s);
	after = unit_sql_text(man_path,
	                      "SELECT i.id, u.id, u.body FROM "
	                      "incident_updates u JOIN incidents i ON i.id "
	                      "= u.incident_id ORDER BY u.id");
	ck_assert_str_eq(after, before);
	free(before);
	free(after);
	before = incidents_with_updates(man_path);
	ck_assert_str_eq(before, "*|auto|300|600|cohere-wide\n"
	                         "command-a|auto|300|600|a note\n"
	                         "command-r|auto|300|600|NULL\n");
	free(before);
	assert_rebuild_keeps("*|auto|300|600|cohere-wide\n"
	                     "command-a|auto|300|600|a note\n"
	                     "command-r|auto|300|600|NULL\n");
}
END_TEST

Suite *
manual_suite(void)
{
	Suite *s = suite_create("manual");
	TCase *tc = tcase_create("read");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_manual_update_state_names);
	tcase_add_loop_test(tc, test_manual_read_filters, 0,
	                    (int)NELEM(filter_cases));
	tcase_add_test(tc, test_manual_read_details);
	tcase_add_test(tc, test_manual_read_maintenances);
	/* SQLite's own: a version 7 file (PostgreSQL starts at 9). */
	if (!unit_pg())
		tcase_add_test(tc, test_manual_read_version_7);
	suite_add_tcase(s, tc);
	tc = tcase_create("write");
	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_manual_incident_lifecycle);
	tcase_add_test(tc, test_manual_open_refused);
	tcase_add_test(tc, test_manual_maintenance_writes);
	tcase_add_test(tc, test_manual_updates_follow_a_merge);
	tcase_add_test(tc, test_manual_updates_stay_in_a_split);
	tcase_add_test(tc, test_manual_updates_kept_when_none_overlaps);
	tcase_add_test(tc, test_manual_updates_survive_a_rebuild);
	suite_add_tcase(s, tc);
	return s;
}
