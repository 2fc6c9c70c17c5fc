/* test_outbox.c: the notification outbox: events written by the store's write paths (read back with plain SQL), the sender's store calls, maintenance, the v8 -> v9 migration, and notify.c's names, payload, filters and backoff. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "catalog.h"
#include "config.h"
#include "fileutil.h"
#include "incidents.h"
#include "notify.h"
#include "notify_list.h"
#include "app.h"
#include "store.h"
#include "unit.h"

#define T0 1795800000 /* the checks' time 0 */

static char ob_path[1100];

/* Every row of sql over ob_path (unit_sql_text). */
static char *
ob_sql_text(const char *sql)
{
	return unit_sql_text(ob_path, sql);
}

static void
assert_sql(const char *sql, const char *want)
{
	char *got = ob_sql_text(sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s\n got  [%s]\n want [%s]", sql,
	              got, want);
	free(got);
}

/* A new database tests/out/unit-outbox-NAME.db from schema_file (relative
 * to the root) with the catalog, opened for writing. */
static struct store *
ob_db(const char *name, const char *schema_file)
{
	snprintf(ob_path, sizeof(ob_path), "%s/tests/out/unit-outbox-%s.db",
	         unit_root(), name);
	return unit_store_create(ob_path, schema_file);
}

/* The id of the active model of slug. */
static int64_t
model_id(const char *slug)
{
	char sql[256];
	int64_t id;

	snprintf(sql, sizeof(sql), "SELECT id FROM models WHERE slug = '%s'",
	         slug);
	id = unit_sql_int(ob_path, sql);
	ck_assert_int_gt(id, 0);
	return id;
}

/* A run of checks of one region: every 60 s from `from` to `to`
 * (inclusive, seconds after T0), all 'o' operational, 'd' degraded or
 * 'x' outage. */
struct run {
	const char *region;
	int from, to;
	char status;
};

static void
check_at(int64_t model, const char *region, int t, char status,
         struct check_in *c)
{
	memset(c, 0, sizeof(*c));
	c->model_id = model;
	c->region = region;
	c->checked_at = T0 + t;
	c->status = status == 'o'   ? STATUS_OPERATIONAL
	            : status == 'd' ? STATUS_DEGRADED
	                            : STATUS_OUTAGE;
	c->latency_ms = 100;
	c->source = "ingest";
	c->error_kind = status == 'x' ? "http_5xx" : NULL;
	c->dns_ms = c->connect_ms = c->tls_ms = c->first_byte_ms = c->ttft_ms =
	    -1;
}

static void
record(struct store *s, struct check_in *c, size_t n)
{
	char err[256];
	long n_new = 0, n_dup = 0;

	ck_assert_msg(
	    store_record_checks(s, c, n, &n_new, &n_dup, err, sizeof(err)) == 0,
	    "%s", err);
}

/* Posts the runs of model as a live prober would: one batch per minute
 * holding that minute's check of every region, in time order. */
static void
post_live(struct store *s, int64_t model, const struct run *runs, size_t n_runs)
{
	int lo = 1 << 30, hi = -(1 << 30);

	for (size_t r = 0; r < n_runs; r++) {
		if (runs[r].from < lo)
			lo = runs[r].from;
		if (runs[r].to > hi)
			hi = runs[r].to;
	}
	for (int t = lo; t <= hi; t += 60) {
		struct check_in c[8];
		size_t n = 0;

		for (size_t r = 0; r < n_runs && n < 8; r++)
			if (t >= runs[r].from && t <= runs[r].to &&
			    (t - runs[r].from) % 60 == 0)
				check_at(model, runs[r].region, t,
				         runs[r].status, &c[n++]);
		if (n > 0)
			record(s, c, n);
	}
}

/* The outbox as "kind|occurred - T0|severity|previous|started - T0|
 * resolved - T0|duration" rows, by id (payload read with the database's
 * JSON operators, not the code under test). The SQL reads alike in SQLite
 * and PostgreSQL: payload ->> 'key' is a member's value as text in both
 * (a number CAST to compute with), payload -> 'key' its JSON text (true,
 * false), and coalesce a value of one type. */
#define J_INT(key) "CAST(payload ->> '" key "' AS BIGINT)"
#define EVENTS_SQL                                                                                                                                             \
	"SELECT kind, occurred_at - 1795800000, coalesce(severity, '-'), "                                                                                     \
	"coalesce(payload ->> 'previousSeverity', '-'), " J_INT("startedAt") " - 1795800000, CASE WHEN " J_INT("resolvedAt") " = 0 THEN '-' ELSE CAST(" J_INT( \
	    "resolvedAt") " - 1795800000 AS "                                                                                                                  \
	                  "TEXT) END, CASE WHEN " J_INT(                                                                                                       \
	                      "resolvedAt") " = 0 THEN '-' ELSE "                                                                                              \
	                                    "CAST(" J_INT(                                                                                                     \
	                                        "resolvedAt") " - " J_INT("st"                                                                                 \
	                                                                  "ar"                                                                                 \
	                                                                  "te"                                                                                 \
	                                                                  "dA"                                                                                 \
	                                                                  "t") " AS TEXT) "                                                                    \
	                                                                       "END FROM outbox ORDER BY id"

/* An outage of one model, posted minute by minute: one opened (when the
 * rule confirms it, 180 s after it began: 480), one resolved (at the
 * first instant of the recovery that closed it: 600, 300 s long), both
 * critical (the only region out); the payload names the model and its
 * provider. */
START_TEST(test_outbox_outage_opened_and_resolved_once)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 540, 'x'},
	                                  {"global", 600, 1500, 'o'}};
	struct store *s = ob_db("outage", "db/schema.sql");
	int64_t m = model_id("gpt-4o");

	post_live(s, m, runs, 3);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|600|critical|-|300|600|300\n");
	assert_sql("SELECT payload ->> 'provider', payload ->> "
	           "'providerName', payload ->> 'model', payload ->> "
	           "'modelName', payload ->> 'regions', CAST(payload -> "
	           "'manual' AS TEXT), incident_id = (SELECT id FROM "
	           "incidents), length(key), fanned_out_at FROM outbox ORDER "
	           "BY id",
	           "openai|OpenAI|gpt-4o|GPT-4o|global|false|1|32|NULL\n"
	           "openai|OpenAI|gpt-4o|GPT-4o|global|false|1|32|NULL\n");
	/* Two different random keys. */
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(DISTINCT key) FROM outbox"), 2);
}
END_TEST

/* The same outage in one batch (an import): the incident is new and
 * already resolved: one opened, then one resolved; the batch again (all
 * duplicates) writes nothing. */
START_TEST(test_outbox_outage_in_one_batch)
{
	struct store *s = ob_db("batch", "db/schema.sql");
	int64_t m = model_id("gpt-4o");
	struct check_in c[26];
	size_t n = 0;

	for (int t = 0; t <= 1500; t += 60)
		check_at(m, "global", t, t >= 300 && t <= 540 ? 'x' : 'o',
		         &c[n++]);
	record(s, c, n);
	record(s, c, n);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|600|critical|-|300|600|300\n");
}
END_TEST

/* Region a out from 300 to 1500, region b from 600 to 900: opened major
 * (one region of two out), escalated to critical at 600 (both out),
 * de-escalated to major at 960 (b back), resolved at 1560 (a back),
 * major; each change once. */
START_TEST(test_outbox_severity_changes)
{
	static const struct run runs[] = {
	    {"a", 0, 240, 'o'}, {"a", 300, 1500, 'x'}, {"a", 1560, 2400, 'o'},
	    {"b", 0, 540, 'o'}, {"b", 600, 900, 'x'},  {"b", 960, 2400, 'o'}};
	struct store *s = ob_db("severity", "db/schema.sql");

	post_live(s, model_id("gpt-4o"), runs, 6);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|major|-|300|-|-\n"
	           "incident.escalated|600|critical|major|300|-|-\n"
	           "incident.deescalated|960|major|critical|300|-|-\n"
	           "incident.resolved|1560|major|-|300|1560|1260\n");
}
END_TEST

/* Flapping inside one incident (bad 300-600, good 660, bad 720, good
 * 780, bad 840, good from 900): one incident, one opened, one resolved;
 * flapping shorter than the open delay writes nothing. */
START_TEST(test_outbox_flapping_is_one_incident)
{
	static const struct run runs[] = {
	    {"global", 0, 240, 'o'},   {"global", 300, 600, 'x'},
	    {"global", 660, 660, 'o'}, {"global", 720, 720, 'x'},
	    {"global", 780, 780, 'o'}, {"global", 840, 840, 'x'},
	    {"global", 900, 2100, 'o'}};
	static const struct run brief[] = {
	    {"global", 0, 240, 'o'},   {"global", 300, 300, 'x'},
	    {"global", 360, 360, 'o'}, {"global", 420, 420, 'x'},
	    {"global", 480, 480, 'o'}, {"global", 540, 540, 'x'},
	    {"global", 600, 1800, 'o'}};
	struct store *s = ob_db("flap", "db/schema.sql");

	post_live(s, model_id("gpt-4o"), runs, 7);
	post_live(s, model_id("gpt-4o-mini"), brief, 7);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|900|critical|-|300|900|600\n");
}
END_TEST

/* Late checks move an incident's start earlier: live, bad from 360
 * opens one at 540; a late outage check at 300 makes it start at 300
 * (opened at 480): the same incident for the receivers, no second
 * opened; its recovery at 660 is one resolved, 360 s long. */
START_TEST(test_outbox_late_start_is_the_same_incident)
{
	static const struct run before[] = {{"global", 0, 240, 'o'},
	                                    {"global", 360, 600, 'x'}};
	static const struct run after[] = {{"global", 660, 1320, 'o'}};
	struct store *s = ob_db("late", "db/schema.sql");
	int64_t m = model_id("gpt-4o");
	struct check_in c;

	post_live(s, m, before, 2);
	assert_sql(EVENTS_SQL, "incident.opened|540|critical|-|360|-|-\n");
	check_at(m, "global", 300, 'x', &c);
	record(s, &c, 1);
	assert_sql("SELECT started_at - 1795800000, opened_at - 1795800000 "
	           "FROM incidents",
	           "300|480\n");
	assert_sql(EVENTS_SQL, "incident.opened|540|critical|-|360|-|-\n");
	post_live(s, m, after, 1);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|540|critical|-|360|-|-\n"
	           "incident.resolved|660|critical|-|300|660|360\n");
}
END_TEST

/* Late checks that open a resolved incident again: resolved at 600
 * (closed at 1200); late outage checks from 930 to 1170 (between the
 * live ones, which are on the minute) put the recovery
 * at 1200, not yet 600 s long: the same incident is open again, which
 * the receivers hear as opened (at the resolution they were told of, 600,
 * its latest change before); from 1800 it is resolved at 1200. */
START_TEST(test_outbox_reopened_incident)
{
	static const struct run live[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 540, 'x'},
	                                  {"global", 600, 1200, 'o'}};
	static const struct run late[] = {{"global", 930, 1170, 'x'}};
	static const struct run more[] = {{"global", 1260, 1800, 'o'}};
	struct store *s = ob_db("reopen", "db/schema.sql");
	int64_t m = model_id("gpt-4o");
	struct check_in c[8];
	size_t n = 0;

	post_live(s, m, live, 3);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|600|critical|-|300|600|300\n");
	for (int t = late[0].from; t <= late[0].to; t += 60)
		check_at(m, "global", t, 'x', &c[n++]);
	record(s, c, n);
	assert_sql("SELECT started_at - 1795800000, "
	           "coalesce(CAST(resolved_at AS TEXT), 'open') FROM incidents",
	           "300|open\n");
	post_live(s, m, more, 1);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|600|critical|-|300|600|300\n"
	           "incident.opened|600|critical|-|300|-|-\n"
	           "incident.resolved|1200|critical|-|300|1200|900\n");
}
END_TEST

/* A late batch that makes an open incident vanish: bad 300-480 opened
 * one at 480; a late operational check at 390 cuts the bad run to 90 s
 * and 60 s: no incident. The receivers hear it resolved, at its last
 * known end: the newest check of that batch (390), but never before the
 * last change they heard of (480). */
START_TEST(test_outbox_vanished_incident_is_resolved)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 480, 'x'}};
	struct store *s = ob_db("vanish", "db/schema.sql");
	int64_t m = model_id("gpt-4o");
	struct check_in c;

	post_live(s, m, runs, 2);
	assert_sql(EVENTS_SQL, "incident.opened|480|critical|-|300|-|-\n");
	check_at(m, "global", 390, 'o', &c);
	record(s, &c, 1);
	store_close(s);
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM incidents"), 0);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|480|critical|-|300|480|180\n");
	assert_sql("SELECT count(DISTINCT incident_id) FROM outbox", "1\n");
}
END_TEST

/* Provider incidents too: both of deepseek's active models out at once
 * make the provider's incident, which opens with theirs and resolves
 * with theirs, as a provider event (no model). A provider incident's
 * opened_at is its start (docs/incidents.md), and so is the event's
 * instant. */
START_TEST(test_outbox_provider_incident)
{
	static const char *const slugs[] = {"deepseek-chat",
	                                    "deepseek-reasoner"};
	struct store *s = ob_db("provider", "db/schema.sql");
	int64_t ids[2];

	ck_assert_int_eq(unit_sql_int(ob_path,
	                              "SELECT count(*) FROM models WHERE "
	                              "is_active = 1 AND provider_id = (SELECT "
	                              "id FROM providers WHERE slug = "
	                              "'deepseek')"),
	                 2);
	for (int k = 0; k < 2; k++)
		ids[k] = model_id(slugs[k]);
	/* Both posted minute by minute together. */
	for (int t = 0; t <= 1500; t += 60) {
		struct check_in c[2];

		for (int k = 0; k < 2; k++)
			check_at(ids[k], "global", t,
			         t >= 300 && t <= 540 ? 'x' : 'o', &c[k]);
		record(s, c, 2);
	}
	store_close(s);
	assert_sql("SELECT kind, occurred_at - 1795800000, severity, "
	           "payload ->> 'provider', payload ->> 'providerName', "
	           "payload ->> 'model', coalesce(CAST(model_id AS TEXT), "
	           "'-') FROM outbox WHERE model_id IS NULL "
	           "ORDER BY id",
	           "incident.opened|300|critical|deepseek|DeepSeek||-\n"
	           "incident.resolved|600|critical|deepseek|DeepSeek||-\n");
	ck_assert_int_eq(unit_sql_int(ob_path, "SELECT count(*) FROM outbox "
	                                       "WHERE model_id IS NOT NULL"),
	                 4);
}
END_TEST

/* A rebuild (aigo incidents rebuild) writes no events: it recomputes
 * what receivers were already told; the write path after it goes on
 * from the rebuilt rows without repeating one. */
START_TEST(test_outbox_rebuild_writes_none)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 540, 'x'},
	                                  {"global", 600, 900, 'o'}};
	static const struct run more[] = {{"global", 960, 1500, 'o'}};
	static const struct incident_rules rules = {180, 600, 1800, 50};
	struct store *s = ob_db("rebuild", "db/schema.sql");
	int64_t m = model_id("gpt-4o");
	long nm = 0, np = 0;
	char err[256];

	post_live(s, m, runs, 3);
	assert_sql(EVENTS_SQL, "incident.opened|480|critical|-|300|-|-\n");
	unit_sql_exec(ob_path,
	              "DELETE FROM incidents; DELETE FROM incident_events;");
	ck_assert_msg(
	    store_rebuild_incidents(s, &rules, &nm, &np, err, sizeof(err)) == 0,
	    "%s", err);
	ck_assert_int_eq(nm, 1);
	assert_sql(EVENTS_SQL, "incident.opened|480|critical|-|300|-|-\n");
	post_live(s, m, more, 1);
	store_close(s);
	assert_sql(EVENTS_SQL,
	           "incident.opened|480|critical|-|300|-|-\n"
	           "incident.resolved|600|critical|-|300|600|300\n");
}
END_TEST

static int64_t open_manual(struct store *s, enum update_state state);

/* An event is written in the same transaction as its change: when the
 * outbox refuses it (a trigger here), the batch of checks that opened
 * the incident, or the manual incident, is not written either; once the
 * outbox takes it again, the same batch writes both. */
START_TEST(test_outbox_event_and_change_are_one)
{
	static const struct run runs[] = {{"global", 0, 240, 'o'},
	                                  {"global", 300, 420, 'x'}};
	struct store *s = ob_db("atomic", "db/schema.sql");
	struct incident_open o = {
	    "openai",       "gpt-4o", "Down",
	    SEVERITY_MAJOR, T0,       UPDATE_INVESTIGATING,
	    "Looking",      "ops",    T0 + 100};
	int64_t m = model_id("gpt-4o"), id = 0;
	long n_new = 0, n_dup = 0;
	struct check_in c;
	const char *field;
	char err[256];

	post_live(s, m, runs, 2);
	/* A trigger in each backend's words. */
	unit_sql_exec(ob_path,
	              unit_db_is_pg(ob_path)
	                  ? "CREATE FUNCTION refuse() RETURNS trigger "
	                    "LANGUAGE plpgsql AS $$BEGIN RAISE EXCEPTION 'the "
	                    "outbox refuses'; END$$; CREATE TRIGGER refuse "
	                    "BEFORE INSERT ON outbox FOR EACH ROW EXECUTE "
	                    "FUNCTION refuse();"
	                  : "CREATE TRIGGER refuse BEFORE INSERT ON outbox "
	                    "BEGIN SELECT RAISE(ABORT, 'the outbox refuses'); "
	                    "END;");
	/* 480: the check that opens it. */
	check_at(m, "global", 480, 'x', &c);
	ck_assert_int_eq(
	    store_record_checks(s, &c, 1, &n_new, &n_dup, err, sizeof(err)),
	    -1);
	ck_assert_msg(strstr(err, "the outbox refuses") != NULL, "%s", err);
	ck_assert_int_eq(
	    store_incident_open(s, &o, &id, &field, err, sizeof(err)), -1);
	ck_assert_int_eq(unit_sql_int(ob_path, "SELECT count(*) FROM checks "
	                                       "WHERE checked_at = 1795800480"),
	                 0);
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM incidents"), 0);
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM incident_updates"), 0);
	unit_sql_exec(ob_path, unit_db_is_pg(ob_path)
	                           ? "DROP TRIGGER refuse ON outbox"
	                           : "DROP TRIGGER refuse");
	record(s, &c, 1);
	store_close(s);
	assert_sql(EVENTS_SQL, "incident.opened|480|critical|-|300|-|-\n");
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM incidents"), 1);
}
END_TEST

/* Calls that name no such event or delivery say so and change nothing. */
START_TEST(test_outbox_bad_calls)
{
	struct store *s = ob_db("bad", "db/schema.sql");
	struct notify_fanout f[1] = {{"hook", DELIVERY_PENDING, 0}};
	struct notify_fanout wrong[1] = {{"hook", DELIVERY_STATE__MAX, 0}};
	char err[256];

	ck_assert_int_eq(store_outbox_fan_out(s, 7, f, 1, T0, err, sizeof(err)),
	                 -1);
	ck_assert_str_eq(err, "outbox: no event 7");
	ck_assert_int_eq(store_outbox_record(s, 7, "hook", DELIVERY_DELIVERED,
	                                     0, 200, "", T0, err, sizeof(err)),
	                 -1);
	ck_assert_str_eq(err,
	                 "outbox: event 7 has no pending delivery to hook");
	ck_assert_int_eq(store_outbox_record(s, 7, "hook", DELIVERY_STATE__MAX,
	                                     0, 200, "", T0, err, sizeof(err)),
	                 -1);
	open_manual(s, UPDATE_INVESTIGATING);
	ck_assert_int_eq(
	    store_outbox_fan_out(s, 1, wrong, 1, T0, err, sizeof(err)), -1);
	store_close(s);
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM outbox_deliveries"), 0);
	ck_assert_int_eq(unit_sql_int(ob_path, "SELECT count(*) FROM outbox "
	                                       "WHERE fanned_out_at IS NULL"),
	                 1);
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(*) FROM notify_counters"), 0);
}
END_TEST

/* A manual incident as an operator writes it at T0 + 100 (started at
 * T0), of gpt-4o. */
static int64_t
open_manual(struct store *s, enum update_state state)
{
	struct incident_open o = {"openai",         "gpt-4o", "Slow answers",
	                          SEVERITY_MINOR,   T0,       state,
	                          "We are looking", "ops",    T0 + 100};
	const char *field;
	char err[256];
	int64_t id = 0;

	ck_assert_msg(
	    store_incident_open(s, &o, &id, &field, err, sizeof(err)) == 0,
	    "%s", err);
	return id;
}

/* Manual: opened with its first update; a title alone writes nothing; a
 * severity change while open is escalated / de-escalated with the one
 * before; an update is incident.updated; resolving it is
 * incident.resolved with the update's text; a follow-up on the resolved
 * incident is incident.updated again. Opening one resolved at once
 * writes opened and resolved. */
START_TEST(test_outbox_manual_incidents)
{
	struct store *s = ob_db("manual", "db/schema.sql");
	const char *field;
	char err[256];
	int64_t id, uid, id2;

	id = open_manual(s, UPDATE_INVESTIGATING);
	ck_assert_int_eq(store_incident_change(s, id, "Slower answers",
	                                       SEVERITY__MAX, T0 + 150, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_change(s, id, NULL, SEVERITY_MAJOR,
	                                       T0 + 200, &field, err,
	                                       sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_change(s, id, NULL, SEVERITY_MINOR,
	                                       T0 + 300, &field, err,
	                                       sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_MONITORING,
	                                       "A fix is out", "ops", T0 + 400,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_RESOLVED,
	                                       "All good", "ops", T0 + 500,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_RESOLVED,
	                                       "The cause was a bad deploy",
	                                       "lead", T0 + 600, &uid, &field,
	                                       err, sizeof(err)),
	                 0);
	/* Refused changes write nothing. */
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_MONITORING,
	                                       "again", "ops", T0 + 700, &uid,
	                                       &field, err, sizeof(err)),
	                 STORE_CONFLICT);
	id2 = open_manual(s, UPDATE_RESOLVED);
	store_close(s);
	assert_sql(EVENTS_SQL, "incident.opened|100|minor|-|0|-|-\n"
	                       "incident.escalated|200|major|minor|0|-|-\n"
	                       "incident.deescalated|300|minor|major|0|-|-\n"
	                       "incident.updated|400|minor|-|0|-|-\n"
	                       "incident.resolved|500|minor|-|0|500|500\n"
	                       "incident.updated|600|minor|-|0|-|-\n"
	                       "incident.opened|100|minor|-|0|-|-\n"
	                       "incident.resolved|100|minor|-|0|100|100\n");
	assert_sql("SELECT incident_id, CAST(payload -> 'manual' AS TEXT), "
	           "payload ->> 'title', payload ->> 'updateState', payload "
	           "->> 'updateBody', payload ->> 'updateAuthor' FROM outbox "
	           "ORDER BY id",
	           "1|true|Slow answers|investigating|We are looking|ops\n"
	           "1|true|Slower answers|NULL||\n"
	           "1|true|Slower answers|NULL||\n"
	           "1|true|Slower answers|monitoring|A fix is out|ops\n"
	           "1|true|Slower answers|resolved|All good|ops\n"
	           "1|true|Slower answers|resolved|The cause was a bad deploy|"
	           "lead\n"
	           "2|true|Slow answers|resolved|We are looking|ops\n"
	           "2|true|Slow answers|resolved|We are looking|ops\n");
	ck_assert_int_eq(id2, 2);
}
END_TEST

/* The sender's calls over the events of a manual incident: unfanned,
 * fan_out (once), head, record (pending, delivered, given_up,
 * superseded) with the counters, the cooldown's facts, list and stats. */
START_TEST(test_outbox_fan_out_head_record)
{
	struct store *s = ob_db("sender", "db/schema.sql");
	struct arena *a = arena_new();
	struct notify_event *ev;
	struct notify_delivery d;
	struct outbox_row *rows;
	struct outbox_stats st;
	const char *field;
	char err[256];
	int64_t id, uid;
	long n;

	id = open_manual(s, UPDATE_INVESTIGATING);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_IDENTIFIED,
	                                       "Found it", "ops", T0 + 200,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	n = store_outbox_unfanned(s, 10, a, &ev, err, sizeof(err));
	ck_assert_msg(n == 2, "%ld %s", n, err);
	ck_assert_int_eq(ev[0].kind, NOTIFY_OPENED);
	ck_assert_int_eq(ev[0].occurred_at, T0 + 100);
	ck_assert_str_eq(ev[0].provider, "openai");
	ck_assert_str_eq(ev[0].model_name, "GPT-4o");
	ck_assert_str_eq(ev[0].title, "Slow answers");
	ck_assert_int_eq(ev[0].severity, SEVERITY_MINOR);
	ck_assert_int_eq(ev[0].update_state, UPDATE_INVESTIGATING);
	ck_assert_int_eq(ev[0].incident_id, id);
	ck_assert_int_eq(strlen(ev[0].key), 32);
	ck_assert_int_eq(ev[1].kind, NOTIFY_UPDATE);
	ck_assert_str_eq(ev[1].update_body, "Found it");
	/* Stats before a fan-out: two events queued, the oldest's creation. */
	ck_assert_int_eq(store_outbox_stats(s, a, &st, err, sizeof(err)), 0);
	ck_assert_int_eq(st.queued, 2);
	ck_assert_int_eq(st.oldest_at,
	                 unit_sql_int(ob_path, "SELECT min(created_at) FROM "
	                                       "outbox"));
	ck_assert_uint_eq(st.n_channels, 0);
	/* Fan-out: hook pending at T0 + 1000, mail filtered. */
	for (int e = 0; e < 2; e++) {
		struct notify_fanout f[2] = {
		    {"hook", DELIVERY_PENDING, T0 + 1000 + e},
		    {"mail", DELIVERY_FILTERED, 0}};

		ck_assert_int_eq(store_outbox_fan_out(s, ev[e].id, f, 2,
		                                      T0 + 900, err,
		                                      sizeof(err)),
		                 0);
	}
	{
		/* Again: nothing changes. */
		struct notify_fanout f[1] = {{"other", DELIVERY_PENDING, 5}};

		ck_assert_int_eq(store_outbox_fan_out(s, ev[0].id, f, 1,
		                                      T0 + 950, err,
		                                      sizeof(err)),
		                 0);
	}
	assert_sql("SELECT event_id, channel, state, attempts, next_at - "
	           "1795800000, coalesce(CAST(done_at - 1795800000 AS TEXT), "
	           "'-') FROM "
	           "outbox_deliveries ORDER BY event_id, channel",
	           "1|hook|pending|0|1000|-\n1|mail|filtered|0|900|900\n"
	           "2|hook|pending|0|1001|-\n2|mail|filtered|0|900|900\n");
	assert_sql("SELECT fanned_out_at - 1795800000 FROM outbox ORDER BY id",
	           "900\n900\n");
	ck_assert_int_eq(store_outbox_unfanned(s, 10, a, &ev, err, sizeof(err)),
	                 0);
	/* The head: the first event, whatever its next_at; a later event
	 * of the same incident is queued. */
	ck_assert_int_eq(store_outbox_head(s, "hook", a, &d, err, sizeof(err)),
	                 1);
	ck_assert_int_eq(d.ev.id, 1);
	ck_assert_str_eq(d.channel, "hook");
	ck_assert_int_eq(d.attempts, 0);
	ck_assert_int_eq(d.next_at, T0 + 1000);
	ck_assert_int_eq(d.last_sent_at, 0);
	ck_assert_int_eq(d.newer, 1);
	ck_assert_str_eq(d.ev.title, "Slow answers");
	ck_assert_int_eq(store_outbox_head(s, "mail", a, &d, err, sizeof(err)),
	                 0);
	/* A failed attempt, then delivered. */
	ck_assert_int_eq(store_outbox_record(s, 1, "hook", DELIVERY_PENDING,
	                                     T0 + 1002, 503, "HTTP 503\nbusy",
	                                     T0 + 1000, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_outbox_head(s, "hook", a, &d, err, sizeof(err)),
	                 1);
	ck_assert_int_eq(d.ev.id, 1);
	ck_assert_int_eq(d.attempts, 1);
	ck_assert_int_eq(d.next_at, T0 + 1002);
	ck_assert_int_eq(store_outbox_record(s, 1, "hook", DELIVERY_DELIVERED,
	                                     0, 200, "", T0 + 1003, err,
	                                     sizeof(err)),
	                 0);
	/* Final: not recorded again. */
	ck_assert_int_eq(store_outbox_record(s, 1, "hook", DELIVERY_DELIVERED,
	                                     0, 200, "", T0 + 1004, err,
	                                     sizeof(err)),
	                 -1);
	ck_assert_int_eq(store_outbox_head(s, "hook", a, &d, err, sizeof(err)),
	                 1);
	ck_assert_int_eq(d.ev.id, 2);
	ck_assert_int_eq(d.last_sent_at, T0 + 1003);
	ck_assert_int_eq(d.newer, 0);
	assert_sql(
	    "SELECT event_id, state, attempts, last_at - 1795800000, "
	    "last_status, coalesce(last_error, '-'), coalesce(CAST(done_at - "
	    "1795800000 AS TEXT), '-') FROM outbox_deliveries WHERE channel = "
	    "'hook' ORDER BY event_id",
	    "1|delivered|1|1003|200|-|1003\n2|pending|0|NULL|NULL|-|-\n");
	/* Two failures then given up; then list and stats. */
	ck_assert_int_eq(store_outbox_record(s, 2, "hook", DELIVERY_PENDING,
	                                     T0 + 1100, 0, "connection refused",
	                                     T0 + 1050, err, sizeof(err)),
	                 0);
	assert_sql("SELECT attempts, last_status, last_error FROM "
	           "outbox_deliveries WHERE event_id = 2 AND channel = 'hook'",
	           "1|NULL|connection refused\n");
	n = store_outbox_list(s, 1, 10, a, &rows, err, sizeof(err));
	ck_assert_int_eq(n, 1);
	ck_assert_int_eq(rows[0].event_id, 2);
	ck_assert_str_eq(rows[0].subject, "openai/gpt-4o #1");
	ck_assert_str_eq(rows[0].channel, "hook");
	ck_assert_int_eq(rows[0].state, DELIVERY_PENDING);
	ck_assert_int_eq(rows[0].attempts, 1);
	ck_assert_str_eq(rows[0].last_error, "connection refused");
	n = store_outbox_list(s, 0, 10, a, &rows, err, sizeof(err));
	ck_assert_int_eq(n, 4);
	ck_assert_int_eq(rows[3].event_id, 1);
	ck_assert_str_eq(rows[3].channel, "mail");
	ck_assert_int_eq(rows[3].state, DELIVERY_FILTERED);
	ck_assert_int_eq(store_outbox_stats(s, a, &st, err, sizeof(err)), 0);
	ck_assert_int_eq(st.queued, 1);
	ck_assert_int_eq(st.oldest_at,
	                 unit_sql_int(ob_path, "SELECT created_at FROM outbox "
	                                       "WHERE id = 2"));
	ck_assert_uint_eq(st.n_channels, 2);
	ck_assert_str_eq(st.channels[0].channel, "hook");
	ck_assert_int_eq(st.channels[0].delivered, 1);
	ck_assert_int_eq(st.channels[0].failed, 2);
	ck_assert_int_eq(st.channels[0].given_up, 0);
	ck_assert_int_eq(st.channels[0].pending, 1);
	ck_assert_str_eq(st.channels[1].channel, "mail");
	ck_assert_int_eq(st.channels[1].delivered, 0);
	ck_assert_int_eq(store_outbox_record(s, 2, "hook", DELIVERY_GIVEN_UP, 0,
	                                     500, "HTTP 500", T0 + 2000, err,
	                                     sizeof(err)),
	                 0);
	ck_assert_int_eq(store_outbox_head(s, "hook", a, &d, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_outbox_stats(s, a, &st, err, sizeof(err)), 0);
	ck_assert_int_eq(st.queued, 0);
	ck_assert_int_eq(st.oldest_at, 0);
	store_close(s);
	assert_sql("SELECT channel, delivered, failed, given_up FROM "
	           "notify_counters ORDER BY channel",
	           "hook|1|3|1\n");
	assert_sql("SELECT event_id, state, attempts, done_at - 1795800000 "
	           "FROM outbox_deliveries WHERE channel = 'hook' ORDER BY "
	           "event_id",
	           "1|delivered|1|1003\n2|given_up|2|2000\n");
	arena_free(a);
}
END_TEST

/* A window of openai as a whole and anthropic's claude-opus-4 over
 * [T0 + 1000, T0 + 2000): started once when the sender's look covers
 * its start, ended once when it covers its end, however often it looks;
 * a cancelled window writes nothing. */
START_TEST(test_outbox_maintenance_once)
{
	static const char *const providers[] = {"openai"};
	static const char *const models[] = {"claude-opus-4"};
	struct store *s = ob_db("maint", "db/schema.sql");
	struct maintenance_in m = {.title = "Upgrade",
	                           .starts_at = T0 + 1000,
	                           .ends_at = T0 + 2000,
	                           .providers = providers,
	                           .n_providers = 1,
	                           .models = models,
	                           .n_models = 1};
	struct maintenance_in cancel = {.cancel = 1};
	const char *field;
	char err[256];
	int64_t id, id2;

	ck_assert_msg(store_maintenance_add(s, &m, "ops", T0, &id, &field, err,
	                                    sizeof(err)) == 0,
	              "%s", err);
	m.title = "Called off";
	ck_assert_msg(store_maintenance_add(s, &m, "ops", T0, &id2, &field, err,
	                                    sizeof(err)) == 0,
	              "%s", err);
	ck_assert_int_eq(store_maintenance_change(s, id2, &cancel, T0 + 10,
	                                          &field, err, sizeof(err)),
	                 0);
	ck_assert_int_eq(
	    store_outbox_maintenance(s, T0, T0 + 999, err, sizeof(err)), 0);
	ck_assert_int_eq(
	    store_outbox_maintenance(s, T0, T0 + 1000, err, sizeof(err)), 1);
	ck_assert_int_eq(
	    store_outbox_maintenance(s, T0 + 500, T0 + 1500, err, sizeof(err)),
	    0);
	ck_assert_int_eq(
	    store_outbox_maintenance(s, T0, T0 + 2500, err, sizeof(err)), 1);
	ck_assert_int_eq(
	    store_outbox_maintenance(s, 0, T0 + 9000, err, sizeof(err)), 0);
	/* A window that ends at the look's start is not in (since, now]. */
	ck_assert_int_eq(
	    store_outbox_maintenance(s, T0 + 2000, T0 + 9000, err, sizeof(err)),
	    0);
	store_close(s);
	assert_sql(
	    "SELECT kind, occurred_at - 1795800000, maintenance_id, "
	    "coalesce(CAST(incident_id AS TEXT), '-'), "
	    "coalesce(severity, '-'), payload ->> 'maintenanceTitle', " J_INT(
	        "maintenanceStartsAt") " - 1795800000, " J_INT("maintenanceEnds"
	                                                       "At") " - "
	                                                             "179580000"
	                                                             "0, "
	                                                             "payload "
	                                                             "->> "
	                                                             "'maintena"
	                                                             "nceTarget"
	                                                             "s' FROM "
	                                                             "outbox "
	                                                             "ORDER BY "
	                                                             "id",
	    "maintenance.started|1000|1|-|-|Upgrade|1000|2000|"
	    "anthropic/claude-opus-4,openai\n"
	    "maintenance.ended|2000|1|-|-|Upgrade|1000|2000|"
	    "anthropic/claude-opus-4,openai\n");
}
END_TEST

/* aigo prune: events written before the cut that every channel is done
 * with go with their deliveries; an event with a delivery pending, one
 * not fanned out yet, and a newer one stay. */
START_TEST(test_outbox_prune)
{
	struct store *s = ob_db("prune", "db/schema.sql");
	struct notify_fanout done[2] = {{"hook", DELIVERY_PENDING, 0},
	                                {"mail", DELIVERY_SILENCED, 0}};
	struct notify_fanout none[1] = {{"hook", DELIVERY_FILTERED, 0}};
	const char *field;
	char err[256];
	int64_t id, uid;

	id = open_manual(s, UPDATE_INVESTIGATING);
	for (int k = 0; k < 4; k++)
		ck_assert_int_eq(
		    store_incident_update(s, id, UPDATE_IDENTIFIED, "More",
		                          "ops", T0 + 200 + k, &uid, &field,
		                          err, sizeof(err)),
		    0);
	/* 1: delivered and silenced; 2: pending; 3: not fanned out; 4: as
	 * 1 but new; 5: fanned out to no channel but a filtered one. */
	for (int e = 1; e <= 5; e++)
		if (e != 3)
			ck_assert_int_eq(
			    store_outbox_fan_out(s, e, e == 5 ? none : done,
			                         e == 5 ? 1 : 2, T0 + 300, err,
			                         sizeof(err)),
			    0);
	for (int e = 1; e <= 4; e += 3)
		ck_assert_int_eq(
		    store_outbox_record(s, e, "hook", DELIVERY_DELIVERED, 0,
		                        200, "", T0 + 400, err, sizeof(err)),
		    0);
	unit_sql_exec(
	    ob_path, "UPDATE outbox SET created_at = 1795000000 WHERE id != 4");
	unit_sql_exec(ob_path,
	              "UPDATE outbox SET created_at = 1795900000 WHERE id = 4");
	/* The cut: 1795800000 (an hour's start). */
	ck_assert_int_ge(store_prune(s, T0, err, sizeof(err)), 0);
	store_close(s);
	assert_sql("SELECT id FROM outbox ORDER BY id", "2\n3\n4\n");
	assert_sql("SELECT event_id, channel, state FROM outbox_deliveries "
	           "ORDER BY event_id, channel",
	           "2|hook|pending\n2|mail|silenced\n4|hook|delivered\n"
	           "4|mail|silenced\n");
	/* The counters stay. */
	assert_sql("SELECT channel, delivered FROM notify_counters",
	           "hook|2\n");
}
END_TEST

/* aigo notify list: the queue, the counters, and the rows newest first
 * (not fanned out: "queued"); --pending leaves the final ones out; a bad
 * argument is exit status 2; control characters of an error are not
 * printed. */
START_TEST(test_outbox_notify_list)
{
	struct store *s = ob_db("list", "db/schema.sql");
	struct notify_fanout f[2] = {{"hook", DELIVERY_PENDING, T0 + 500},
	                             {"mail", DELIVERY_FILTERED, 0}};
	struct app_config cfg;
	char a0[] = "--pending", a1[] = "--limit", a2[] = "5", a3[] = "0";
	char err[256], *text = NULL, *args[3] = {a0, a1, a2};
	char *bad[2] = {a1, a3};
	size_t len = 0;
	FILE *out;

	open_manual(s, UPDATE_INVESTIGATING);
	open_manual(s, UPDATE_INVESTIGATING);
	ck_assert_int_eq(
	    store_outbox_fan_out(s, 1, f, 2, T0 + 400, err, sizeof(err)), 0);
	ck_assert_int_eq(store_outbox_record(s, 1, "hook", DELIVERY_PENDING,
	                                     T0 + 600, 503, "busy\x1b[31m",
	                                     T0 + 500, err, sizeof(err)),
	                 0);
	store_close(s);
	unit_sql_exec(ob_path, "UPDATE outbox SET created_at = 1795800000");
	memset(&cfg, 0, sizeof(cfg));
	snprintf(cfg.db_path, sizeof(cfg.db_path), "%s", unit_db(ob_path));
	out = open_memstream(&text, &len);
	ck_assert_int_eq(notify_list_main(&cfg, 0, NULL, out), 0);
	fclose(out);
	ck_assert_msg(strstr(text, "queue: 2 (deliveries pending and events "
	                           "not fanned out); oldest written: "
	                           "2026-11-27T17:20:00Z\n") == text,
	              "%s", text);
	ck_assert_ptr_nonnull(strstr(text, "\nhook "));
	ck_assert_msg(
	    strstr(text, "\n2       2026-11-27T17:20:00Z incident.opened       "
	                 "openai/gpt-4o #2             -                queued "
	                 "    0   -                    \n"),
	    "%s", text);
	ck_assert_msg(
	    strstr(text,
	           "\n1       2026-11-27T17:20:00Z incident.opened       "
	           "openai/gpt-4o #1             hook             pending "
	           "   1   2026-11-27T17:30:00Z 503 busy?[31m\n"),
	    "%s", text);
	ck_assert_ptr_nonnull(strstr(text, " filtered "));
	ck_assert_ptr_nonnull(strstr(text, "\n3 rows\n"));
	free(text);
	text = NULL;
	out = open_memstream(&text, &len);
	ck_assert_int_eq(notify_list_main(&cfg, 3, args, out), 0);
	fclose(out);
	ck_assert_ptr_null(strstr(text, " filtered "));
	ck_assert_ptr_nonnull(strstr(text, "\n2 rows\n"));
	free(text);
	ck_assert_int_eq(notify_list_main(&cfg, 2, bad, stdout), 2);
	ck_assert_int_eq(notify_list_main(&cfg, 1, bad + 1, stdout), 2);
}
END_TEST

/* covers(): a window that stands covers the models it names and every
 * model of a provider it names as a whole, over [starts, ends); a
 * provider as a whole only by a window of the whole provider; a
 * cancelled window covers nothing. */
START_TEST(test_outbox_maintenance_covers)
{
	static const char *const openai[] = {"openai"};
	static const char *const opus[] = {"claude-opus-4"};
	static const char *const deepseek[] = {"deepseek"};
	struct store *s = ob_db("covers", "db/schema.sql");
	struct maintenance_in w1 = {.title = "A",
	                            .starts_at = T0 + 1000,
	                            .ends_at = T0 + 2000,
	                            .providers = openai,
	                            .n_providers = 1};
	struct maintenance_in w2 = {.title = "B",
	                            .starts_at = T0 + 1000,
	                            .ends_at = T0 + 2000,
	                            .models = opus,
	                            .n_models = 1};
	struct maintenance_in w3 = {.title = "C",
	                            .starts_at = T0 + 1000,
	                            .ends_at = T0 + 2000,
	                            .providers = deepseek,
	                            .n_providers = 1};
	struct maintenance_in cancel = {.cancel = 1};
	struct {
		const char *provider, *model;
		int at, want;
	} cases[] = {
	    {"openai", "gpt-4o", 1000, 1},
	    {"openai", "gpt-4o", 1999, 1},
	    {"openai", "gpt-4o", 2000, 0},
	    {"openai", "gpt-4o", 999, 0},
	    {"openai", NULL, 1500, 1},
	    {"anthropic", "claude-opus-4", 1500, 1},
	    {"anthropic", "claude-sonnet-4", 1500, 0},
	    {"anthropic", NULL, 1500, 0},
	    {"deepseek", "deepseek-chat", 1500, 0},
	    {"deepseek", NULL, 1500, 0},
	};
	const char *field;
	char err[256], sql[256];
	int64_t id;

	ck_assert_int_eq(store_maintenance_add(s, &w1, "ops", T0, &id, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_maintenance_add(s, &w2, "ops", T0, &id, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_maintenance_add(s, &w3, "ops", T0, &id, &field,
	                                       err, sizeof(err)),
	                 0);
	ck_assert_int_eq(store_maintenance_change(s, id, &cancel, T0 + 1,
	                                          &field, err, sizeof(err)),
	                 0);
	for (size_t k = 0; k < sizeof(cases) / sizeof(*cases); k++) {
		int64_t pid, mid = 0;

		snprintf(sql, sizeof(sql),
		         "SELECT id FROM providers WHERE slug = '%s'",
		         cases[k].provider);
		pid = unit_sql_int(ob_path, sql);
		if (cases[k].model != NULL)
			mid = model_id(cases[k].model);
		ck_assert_msg(
		    store_maintenance_covers(s, pid, mid, T0 + cases[k].at, err,
		                             sizeof(err)) == cases[k].want,
		    "case %zu", k);
	}
	store_close(s);
}
END_TEST

/* The table text of the outbox's tables and indexes of the file path. */
static char *
outbox_shape(const char *path)
{
	char saved[1100], want[1100];
	char *text;

	snprintf(want, sizeof(want), "%s", path);
	snprintf(saved, sizeof(saved), "%s", ob_path);
	snprintf(ob_path, sizeof(ob_path), "%s", want);
	text = ob_sql_text(
	    "SELECT m.type, m.name, CASE m.type WHEN 'table' THEN (SELECT "
	    "group_concat(c.name || ' ' || c.type || ' ' || c.\"notnull\" || "
	    "' ' || ifnull(c.dflt_value, '-') || ' ' || c.pk, ', ') FROM "
	    "pragma_table_info(m.name) c) ELSE m.sql END FROM sqlite_schema m "
	    "WHERE m.tbl_name IN ('outbox', 'outbox_deliveries', "
	    "'notify_counters') ORDER BY m.name");
	snprintf(ob_path, sizeof(ob_path), "%s", saved);
	return text;
}

/* A version 8 file (as shipped): a manual incident written there makes
 * no event (no outbox yet), the outbox calls say to upgrade (stats and
 * list: empty); migration 9 then adds the outbox as a new file has it,
 * twice (the second does nothing), and the next change is an event. */
START_TEST(test_outbox_migration_from_version_8)
{
	char path[1100], fresh[1100], err[256];
	char *m[STORE_SCHEMA_VERSION + 1] = {0}, *got, *want;
	struct store *s;
	struct arena *a = arena_new();
	struct notify_delivery d;
	struct outbox_stats st;
	struct outbox_row *rows;
	int64_t id, uid;
	const char *field;

	s = ob_db("fresh", "db/schema.sql");
	store_close(s);
	snprintf(fresh, sizeof(fresh), "%s", ob_path);
	s = ob_db("v8", "tests/unit/fixtures/schema-v8.sql");
	ck_assert_int_eq(unit_sql_int(ob_path, "PRAGMA user_version"), 8);
	id = open_manual(s, UPDATE_INVESTIGATING);
	ck_assert_int_eq(store_outbox_head(s, "hook", a, &d, err, sizeof(err)),
	                 -1);
	ck_assert_ptr_nonnull(strstr(err, "aigo db init"));
	ck_assert_int_eq(store_outbox_stats(s, a, &st, err, sizeof(err)), 0);
	ck_assert_int_eq(st.queued, 0);
	ck_assert_int_eq(
	    store_outbox_list(s, 0, 10, a, &rows, err, sizeof(err)), 0);
	ck_assert_int_eq(store_outbox_maintenance(s, 0, T0, err, sizeof(err)),
	                 -1);
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++) {
		snprintf(path, sizeof(path), "%s/db/migrations/%03d.sql",
		         unit_root(), v);
		m[v] = file_read_all(path, NULL);
		ck_assert_ptr_nonnull(m[v]);
	}
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)), 1);
	ck_assert_int_eq(
	    store_migrate(s, (const char *const *)m, err, sizeof(err)), 0);
	ck_assert_int_eq(unit_sql_int(ob_path, "PRAGMA user_version"), 9);
	got = outbox_shape(ob_path);
	want = outbox_shape(fresh);
	ck_assert_str_eq(got, want);
	ck_assert_int_eq(unit_count(got, "\n"), 10);
	free(got);
	free(want);
	ck_assert_int_eq(unit_sql_int(ob_path, "SELECT count(*) FROM outbox"),
	                 0);
	ck_assert_int_eq(store_incident_update(s, id, UPDATE_IDENTIFIED,
	                                       "Found it", "ops", T0 + 200,
	                                       &uid, &field, err, sizeof(err)),
	                 0);
	store_close(s);
	assert_sql(EVENTS_SQL, "incident.updated|200|minor|-|0|-|-\n");
	for (int v = 2; v <= STORE_SCHEMA_VERSION; v++)
		free(m[v]);
	arena_free(a);
}
END_TEST

/* The rules refuse what the outbox must never hold. */
START_TEST(test_outbox_schema_rules)
{
	static const char *const refused[] = {
	    "INSERT INTO outbox(kind, key, occurred_at, created_at, payload) "
	    "VALUES ('test', '0123456789abcdef0123456789abcdef', 1, 1, '{}')",
	    "INSERT INTO outbox(kind, key, occurred_at, created_at, payload) "
	    "VALUES ('incident.opened', 'short', 1, 1, '{}')",
	    "INSERT INTO outbox(kind, key, occurred_at, created_at, payload) "
	    "VALUES ('incident.opened', '0123456789abcdef0123456789abcdef', "
	    "1, 1, '[]')",
	    "INSERT INTO outbox(kind, key, occurred_at, created_at, severity, "
	    "payload) VALUES ('incident.opened', "
	    "'0123456789abcdef0123456789abcdef', 1, 1, 'none', '{}')",
	    "INSERT INTO outbox_deliveries(event_id, channel, state, next_at) "
	    "VALUES (1, 'hook', 'sent', 1)",
	    "INSERT INTO outbox_deliveries(event_id, channel, state, next_at) "
	    "VALUES (99, 'hook', 'pending', 1)",
	};
	struct store *s = ob_db("rules", "db/schema.sql");

	store_close(s);
	unit_sql_exec(ob_path,
	              "INSERT INTO outbox(kind, key, occurred_at, created_at, "
	              "payload) VALUES ('incident.opened', "
	              "'0123456789abcdef0123456789abcdef', 1, 1, '{}')");
	for (size_t i = 0; i < sizeof(refused) / sizeof(*refused); i++)
		ck_assert_msg(unit_sql_refused(ob_path, refused[i]),
		              "not refused: %s", refused[i]);
	/* The same maintenance event twice (two keys) is one row. */
	ck_assert_int_eq(
	    unit_sql_refused(
	        ob_path,
	        "INSERT INTO outbox(kind, key, occurred_at, created_at, "
	        "maintenance_id, payload) VALUES ('maintenance.started', "
	        "'0123456789abcdef0123456789abcde8', 5, 5, 3, '{}'), "
	        "('maintenance.started', '0123456789abcdef0123456789abcde9', "
	        "5, 6, 3, '{}') ON CONFLICT DO NOTHING"),
	    0);
	ck_assert_int_eq(unit_sql_int(ob_path, "SELECT count(*) FROM outbox "
	                                       "WHERE maintenance_id = 3"),
	                 1);
}
END_TEST

/* The names of kinds and states, both ways. */
START_TEST(test_notify_names)
{
	static const char *const kinds[] = {
	    "incident.opened",      "incident.escalated",
	    "incident.deescalated", "incident.resolved",
	    "incident.updated",     "maintenance.started",
	    "maintenance.ended",    "test"};
	static const char *const states[] = {
	    "pending",  "delivered",  "given_up", "filtered",
	    "silenced", "superseded", "expired"};

	ck_assert_int_eq(NOTIFY_KIND__MAX, 8);
	for (int i = 0; i < NOTIFY_KIND__MAX; i++) {
		ck_assert_str_eq(notify_kind_names[i], kinds[i]);
		ck_assert_int_eq(notify_kind_from_name(kinds[i]), i);
	}
	ck_assert_int_eq(DELIVERY_STATE__MAX, 7);
	for (int i = 0; i < DELIVERY_STATE__MAX; i++) {
		ck_assert_str_eq(delivery_state_names[i], states[i]);
		ck_assert_int_eq(delivery_state_from_name(states[i]), i);
	}
	ck_assert_int_eq(notify_kind_from_name(NULL), NOTIFY_KIND__MAX);
	ck_assert_int_eq(notify_kind_from_name("incident.Opened"),
	                 NOTIFY_KIND__MAX);
	ck_assert_int_eq(notify_kind_from_name("opened"), NOTIFY_KIND__MAX);
	ck_assert_int_eq(delivery_state_from_name(NULL), DELIVERY_STATE__MAX);
	ck_assert_int_eq(delivery_state_from_name("given-up"),
	                 DELIVERY_STATE__MAX);
}
END_TEST

/* A payload written and read back gives every field; not an object, or a
 * field of the wrong type, is refused with the fields absent. */
START_TEST(test_notify_payload_round_trip)
{
	struct arena *a = arena_new();
	struct notify_event ev = {0}, back = {0};
	char *text;

	ev.kind = NOTIFY_ESCALATED;
	ev.incident_id = 12;
	ev.provider_id = 3;
	ev.model_id = 44;
	ev.provider = "openai";
	ev.provider_name = "OpenAI";
	ev.model = "gpt-4o";
	ev.model_name = "GPT-4o \"omni\" <é>";
	ev.severity = SEVERITY_CRITICAL;
	ev.previous = SEVERITY_MAJOR;
	ev.manual = 1;
	ev.title = "Slow, then down";
	ev.started_at = T0;
	ev.resolved_at = 0;
	ev.regions = "eastus,global";
	ev.update_state = UPDATE_MONITORING;
	ev.update_body = "line one\nline two";
	ev.update_author = "ops";
	ev.maint_title = "";
	ev.maint_targets = "";
	text = notify_payload_json(&ev);
	ck_assert_ptr_nonnull(text);
	ck_assert_int_eq(notify_payload_parse(text, &back, a), 0);
	ck_assert_int_eq(back.incident_id, 12);
	ck_assert_int_eq(back.provider_id, 3);
	ck_assert_int_eq(back.model_id, 44);
	ck_assert_int_eq(back.maintenance_id, 0);
	ck_assert_str_eq(back.provider, "openai");
	ck_assert_str_eq(back.provider_name, "OpenAI");
	ck_assert_str_eq(back.model, "gpt-4o");
	ck_assert_str_eq(back.model_name, "GPT-4o \"omni\" <é>");
	ck_assert_int_eq(back.severity, SEVERITY_CRITICAL);
	ck_assert_int_eq(back.previous, SEVERITY_MAJOR);
	ck_assert_int_eq(back.manual, 1);
	ck_assert_str_eq(back.title, "Slow, then down");
	ck_assert_int_eq(back.started_at, T0);
	ck_assert_int_eq(back.resolved_at, 0);
	ck_assert_str_eq(back.regions, "eastus,global");
	ck_assert_int_eq(back.update_state, UPDATE_MONITORING);
	ck_assert_str_eq(back.update_body, "line one\nline two");
	ck_assert_str_eq(back.update_author, "ops");
	ck_assert_str_eq(back.maint_title, "");
	free(text);
	/* No previous severity and no update: null, read back as absent. */
	ev.previous = SEVERITY__MAX;
	ev.update_state = UPDATE_STATE__MAX;
	ev.kind = NOTIFY_MAINT_START;
	ev.maintenance_id = 7;
	ev.maint_title = "Upgrade";
	ev.maint_starts = T0;
	ev.maint_ends = T0 + 3600;
	ev.maint_targets = "openai,anthropic/claude-x";
	text = notify_payload_json(&ev);
	ck_assert_ptr_nonnull(strstr(text, "\"previousSeverity\":null"));
	ck_assert_int_eq(notify_payload_parse(text, &back, a), 0);
	ck_assert_int_eq(back.previous, SEVERITY__MAX);
	ck_assert_int_eq(back.update_state, UPDATE_STATE__MAX);
	ck_assert_int_eq(back.maintenance_id, 7);
	ck_assert_str_eq(back.maint_title, "Upgrade");
	ck_assert_int_eq(back.maint_ends, T0 + 3600);
	ck_assert_str_eq(back.maint_targets, "openai,anthropic/claude-x");
	free(text);
	ck_assert_int_eq(notify_payload_parse("[]", &back, a), -1);
	ck_assert_int_eq(notify_payload_parse("{", &back, a), -1);
	ck_assert_int_eq(notify_payload_parse(NULL, &back, a), -1);
	ck_assert_int_eq(
	    notify_payload_parse("{\"severity\":\"dire\",\"provider\":\"x\"}",
	                         &back, a),
	    -1);
	ck_assert_str_eq(back.provider, "");
	ck_assert_int_eq(
	    notify_payload_parse("{\"incidentId\":\"12\"}", &back, a), -1);
	ck_assert_int_eq(back.incident_id, 0);
	ck_assert_int_eq(notify_payload_parse("{}", &back, a), 0);
	ck_assert_int_eq(back.previous, SEVERITY__MAX);
	arena_free(a);
}
END_TEST

/* The filter rule of docs/notifications.md, one row per case: providers,
 * models, min_severity; the event; whether the channel takes it. */
static const struct wants_case {
	const char *providers, *models;
	int min_severity;
	enum notify_kind kind;
	const char *provider, *model;
	enum severity severity;
	const char *targets;
	int want;
} wants_cases[] = {
    {"", "", 1, NOTIFY_OPENED, "openai", "gpt-4o", SEVERITY_MINOR, "", 1},
    {"", "", 2, NOTIFY_OPENED, "openai", "gpt-4o", SEVERITY_MINOR, "", 0},
    {"", "", 2, NOTIFY_RESOLVED, "openai", "gpt-4o", SEVERITY_MAJOR, "", 1},
    {"", "", 3, NOTIFY_ESCALATED, "openai", "gpt-4o", SEVERITY_MAJOR, "", 0},
    {"", "", 3, NOTIFY_UPDATE, "openai", "gpt-4o", SEVERITY_MINOR, "", 1},
    {"anthropic,openai", "", 1, NOTIFY_OPENED, "openai", "gpt-4o",
     SEVERITY_MINOR, "", 1},
    {"anthropic, openai", "", 1, NOTIFY_OPENED, "openai", "gpt-4o",
     SEVERITY_MINOR, "", 1},
    {"anthropic", "", 1, NOTIFY_OPENED, "openai", "gpt-4o", SEVERITY_MINOR, "",
     0},
    {"open", "", 1, NOTIFY_OPENED, "openai", "gpt-4o", SEVERITY_MINOR, "", 0},
    {"", "gpt-4o", 1, NOTIFY_OPENED, "openai", "gpt-4o", SEVERITY_MINOR, "", 1},
    {"", "gpt-4o", 1, NOTIFY_OPENED, "openai", "gpt-5", SEVERITY_MINOR, "", 0},
    {"openai", "gpt-4o", 1, NOTIFY_OPENED, "openai", "gpt-5", SEVERITY_MINOR,
     "", 0},
    {"anthropic", "gpt-4o", 1, NOTIFY_OPENED, "openai", "gpt-4o",
     SEVERITY_MINOR, "", 0},
    {"", "", 1, NOTIFY_OPENED, "openai", "", SEVERITY_MAJOR, "", 1},
    {"openai", "", 1, NOTIFY_OPENED, "openai", "", SEVERITY_MAJOR, "", 1},
    {"anthropic", "", 1, NOTIFY_OPENED, "openai", "", SEVERITY_MAJOR, "", 0},
    {"", "gpt-4o", 1, NOTIFY_OPENED, "openai", "", SEVERITY_MAJOR, "", 0},
    {"openai", "gpt-4o", 1, NOTIFY_OPENED, "openai", "", SEVERITY_MAJOR, "", 1},
    {"", "", 3, NOTIFY_MAINT_START, "", "", SEVERITY_NONE,
     "openai,anthropic/claude-x", 1},
    {"anthropic", "", 1, NOTIFY_MAINT_END, "", "", SEVERITY_NONE,
     "openai,anthropic/claude-x", 1},
    {"", "claude-x", 1, NOTIFY_MAINT_START, "", "", SEVERITY_NONE,
     "openai,anthropic/claude-x", 1},
    {"google", "", 1, NOTIFY_MAINT_START, "", "", SEVERITY_NONE,
     "openai,anthropic/claude-x", 0},
    {"", "gpt-4o", 1, NOTIFY_MAINT_START, "", "", SEVERITY_NONE,
     "openai,anthropic/claude-x", 0},
    {"google", "gpt-4o", 3, NOTIFY_TEST, "", "", SEVERITY_NONE, "", 1},
};

START_TEST(test_notify_channel_wants)
{
	const struct wants_case *c = &wants_cases[_i];
	struct notify_channel ch;
	struct notify_event ev;

	memset(&ch, 0, sizeof(ch));
	memset(&ev, 0, sizeof(ev));
	snprintf(ch.name, sizeof(ch.name), "hook");
	snprintf(ch.providers, sizeof(ch.providers), "%s", c->providers);
	snprintf(ch.models, sizeof(ch.models), "%s", c->models);
	ch.min_severity = c->min_severity;
	ev.kind = c->kind;
	ev.provider = c->provider;
	ev.model = c->model;
	ev.provider_name = ev.model_name = ev.title = ev.regions = "";
	ev.update_body = ev.update_author = ev.maint_title = "";
	ev.severity = c->severity;
	ev.previous = SEVERITY__MAX;
	ev.maint_targets = c->targets;
	ck_assert_msg(notify_channel_wants(&ch, &ev) == c->want, "case %d", _i);
}
END_TEST

/* 1 s doubling, capped: waits after 1, 2, 3 ... failed attempts. */
START_TEST(test_notify_backoff)
{
	static const struct {
		int attempts;
		int64_t max, want;
	} cases[] = {{1, 300, 1},   {2, 300, 2},    {3, 300, 4},
	             {9, 300, 256}, {10, 300, 300}, {100, 300, 300},
	             {5, 10, 10},   {4, 10, 8},     {1000000, 86400, 86400}};

	for (size_t i = 0; i < sizeof(cases) / sizeof(*cases); i++)
		ck_assert_msg(notify_backoff(cases[i].attempts, cases[i].max) ==
		                  cases[i].want,
		              "case %zu", i);
}
END_TEST

/* /metrics from the database (a demo's, whose checks write no events):
 * the counters per channel (a configured
 * channel not counted yet shows 0; a name that is not [a-z0-9-] is left
 * out), the queue (one event not fanned out, one delivery pending) and
 * the age of its oldest event (AIGO_NOW − its created_at). */
START_TEST(test_outbox_metrics)
{
	struct unit_reply r;
	char path[1100], sql[1200];
	int64_t now = 1795838400; /* AIGO_NOW of the app's tests */

	snprintf(path, sizeof(path), "%s/tests/out/unit-outbox-metrics.db",
	         unit_root());
	unit_make_demo_db(path, 1795838400, 1);
	snprintf(ob_path, sizeof(ob_path), "%s", path);
	/* The demo's made-up history wrote incidents but no events. */
	ck_assert_int_gt(unit_sql_int(path, "SELECT count(*) FROM incidents"),
	                 10);
	ck_assert_int_eq(unit_sql_int(path, "SELECT count(*) FROM outbox"), 0);
	snprintf(sql, sizeof(sql),
	         "INSERT INTO outbox(id, kind, key, occurred_at, created_at, "
	         "payload, fanned_out_at) VALUES (1, 'incident.opened', "
	         "'0123456789abcdef0123456789abcde1', 5, %lld, '{}', NULL), "
	         "(2, 'incident.resolved', '0123456789abcdef0123456789abcde2', "
	         "6, %lld, '{}', 7), (3, 'incident.updated', "
	         "'0123456789abcdef0123456789abcde3', 6, %lld, '{}', 7);"
	         "INSERT INTO outbox_deliveries(event_id, channel, state, "
	         "next_at) VALUES (2, 'hook', 'pending', 0), (2, 'mail', "
	         "'delivered', 0), (3, 'hook', 'delivered', 0);"
	         "INSERT INTO notify_counters VALUES ('hook', 3, 2, 1), "
	         "('mail', 1, 0, 0), ('Bad Name', 9, 9, 9);",
	         (long long)(now - 1000), (long long)(now - 5000),
	         (long long)(now - 9000));
	unit_sql_exec(ob_path, sql);
	snprintf(unit_app.cfg.channels[0].name,
	         sizeof(unit_app.cfg.channels[0].name), "%s", "pager");
	unit_app.cfg.n_channels = 1;
	unit_use_db(unit_db(path));
	unit_request(&r, "GET", "/metrics", "", NULL);
	unit_app.cfg.n_channels = 0;
	unit_use_db(NULL);
	ck_assert_int_eq(r.status, 200);
	ck_assert_ptr_nonnull(
	    strstr(r.body, "# HELP aigo_notify_deliveries_total "));
	ck_assert_ptr_nonnull(
	    strstr(r.body, "# TYPE aigo_notify_deliveries_total counter\n"
	                   "aigo_notify_deliveries_total{channel=\"hook\"} 3\n"
	                   "aigo_notify_deliveries_total{channel=\"mail\"} 1\n"
	                   "aigo_notify_deliveries_total{channel=\"pager\"} "
	                   "0\n"));
	ck_assert_ptr_nonnull(
	    strstr(r.body, "# TYPE aigo_notify_failures_total counter\n"
	                   "aigo_notify_failures_total{channel=\"hook\"} 2\n"
	                   "aigo_notify_failures_total{channel=\"mail\"} 0\n"));
	ck_assert_ptr_nonnull(
	    strstr(r.body, "aigo_notify_given_up_total{channel=\"hook\"} 1\n"));
	ck_assert_ptr_null(strstr(r.body, "Bad Name"));
	ck_assert_ptr_nonnull(strstr(r.body,
	                             "# TYPE aigo_notify_queue_depth gauge\n"
	                             "aigo_notify_queue_depth 2\n"));
	/* The oldest queued: event 2 (5000 s); event 3 is done. */
	ck_assert_ptr_nonnull(
	    strstr(r.body, "# TYPE aigo_notify_oldest_event_age_seconds gauge\n"
	                   "aigo_notify_oldest_event_age_seconds 5000\n"));
	buf_free(&r.raw);
}
END_TEST

Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("events");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_outbox_outage_opened_and_resolved_once);
	tcase_add_test(tc, test_outbox_outage_in_one_batch);
	tcase_add_test(tc, test_outbox_severity_changes);
	tcase_add_test(tc, test_outbox_flapping_is_one_incident);
	tcase_add_test(tc, test_outbox_late_start_is_the_same_incident);
	tcase_add_test(tc, test_outbox_reopened_incident);
	tcase_add_test(tc, test_outbox_vanished_incident_is_resolved);
	tcase_add_test(tc, test_outbox_provider_incident);
	tcase_add_test(tc, test_outbox_rebuild_writes_none);
	tcase_add_test(tc, test_outbox_event_and_change_are_one);
	tcase_add_test(tc, test_outbox_bad_calls);
	tcase_add_test(tc, test_outbox_manual_incidents);
	tcase_add_test(tc, test_outbox_fan_out_head_record);
	tcase_add_test(tc, test_outbox_maintenance_once);
	tcase_add_test(tc, test_outbox_maintenance_covers);
	tcase_add_test(tc, test_outbox_prune);
	tcase_add_test(tc, test_outbox_notify_list);
	/* SQLite's own: a version 8 file (PostgreSQL starts at 9). */
	if (!unit_pg())
		tcase_add_test(tc, test_outbox_migration_from_version_8);
	tcase_add_test(tc, test_outbox_schema_rules);
	suite_add_tcase(s, tc);
	tc = tcase_create("notify");
	tcase_add_test(tc, test_notify_names);
	tcase_add_test(tc, test_notify_payload_round_trip);
	tcase_add_loop_test(tc, test_notify_channel_wants, 0,
	                    (int)(sizeof(wants_cases) / sizeof(*wants_cases)));
	tcase_add_test(tc, test_notify_backoff);
	suite_add_tcase(s, tc);
	tc = unit_app_tcase();
	tcase_add_test(tc, test_outbox_metrics);
	suite_add_tcase(s, tc);
	return s;
}
