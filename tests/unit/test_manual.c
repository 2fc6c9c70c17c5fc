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

/* Runs sql (any number of statements) over the file path. */
static void
sql_exec(const char *path, const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(path, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	              "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

/* A new database tests/out/unit-manual-NAME.db from the schema file
 * (relative to the root) with the catalog, opened for writing. */
static struct store *
man_db(const char *name, const char *schema_file)
{
	char err[256], path[1100];
	char *schema;
	struct store *s;

	snprintf(man_path, sizeof(man_path), "%s/tests/out/unit-manual-%s.db",
	         unit_root(), name);
	remove(man_path);
	snprintf(path, sizeof(path), "%s/%s", unit_root(), schema_file);
	schema = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(schema);
	s = store_open_write(man_path, schema, err, sizeof(err));
	free(schema);
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_int_gt(catalog_load(s, path, err, sizeof(err)), 0);
	return s;
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

	sql_exec(man_path, incident_rows);
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

	sql_exec(man_path, incident_rows);
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

	sql_exec(man_path, maint_rows);
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
	sql_exec(
	    man_path,
	    "INSERT INTO incidents(id, provider_id, model_id, source, "
	    "started_at, opened_at, resolved_at, closed_at, severity, "
	    "peak_severity) VALUES (1, (SELECT id FROM providers WHERE slug "
	    "= 'anthropic'), NULL, 'auto', 1000, 1180, 2000, 2600, 'major', "
	    "'major'), (2, (SELECT provider_id FROM models WHERE slug = "
	    "'claude-opus-4'), (SELECT id FROM models WHERE slug = "
	    "'claude-opus-4'), 'auto', 900, 1080, NULL, NULL, 'minor', "
	    "'minor');");
	s = store_open_readonly(man_path, err, sizeof(err));
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
	tcase_add_test(tc, test_manual_read_version_7);
	suite_add_tcase(s, tc);
	return s;
}
