/* test_outbox.c: the notification outbox: events written by the store's write paths (read back with plain SQL), the sender's store calls, maintenance, the v8 -> v9 migration, and notify.c's names, payload, filters and backoff. */
#include <sqlite3.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "catalog.h"
#include "config.h"
#include "fileutil.h"
#include "incidents.h"
#include "notify.h"
#include "store.h"
#include "unit.h"

#define T0 1795800000 /* the checks' time 0 */

static char ob_path[1100];

/* Every row of sql over ob_path, columns joined by '|', rows by '\n'
 * (NULL as "NULL"), in a heap string. */
static char *
ob_sql_text(const char *sql)
{
	struct buf b = {0};
	sqlite3 *h;
	sqlite3_stmt *st;

	ck_assert_int_eq(
	    sqlite3_open_v2(ob_path, &h, SQLITE_OPEN_READONLY, NULL),
	    SQLITE_OK);
	ck_assert_msg(sqlite3_prepare_v2(h, sql, -1, &st, NULL) == SQLITE_OK,
	              "%s: %s", sql, sqlite3_errmsg(h));
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (int i = 0; i < sqlite3_column_count(st); i++) {
			const char *t =
			    (const char *)sqlite3_column_text(st, i);

			buf_printf(&b, "%s%s", i ? "|" : "", t ? t : "NULL");
		}
		buf_puts(&b, "\n");
	}
	sqlite3_finalize(st);
	sqlite3_close(h);
	if (b.data == NULL)
		buf_puts(&b, "");
	return b.data;
}

static void
assert_sql(const char *sql, const char *want)
{
	char *got = ob_sql_text(sql);

	ck_assert_msg(strcmp(got, want) == 0, "%s\n got  [%s]\n want [%s]", sql,
	              got, want);
	free(got);
}

static void ob_exec(const char *sql) __attribute__((unused));
static void
ob_exec(const char *sql)
{
	sqlite3 *h;
	char *msg = NULL;

	ck_assert_int_eq(sqlite3_open(ob_path, &h), SQLITE_OK);
	ck_assert_msg(sqlite3_exec(h, sql, NULL, NULL, &msg) == SQLITE_OK,
	              "%s: %s", sql, msg ? msg : "?");
	sqlite3_free(msg);
	sqlite3_close(h);
}

/* A new database tests/out/unit-outbox-NAME.db from schema_file (relative
 * to the root) with the catalog, opened for writing. */
static struct store *
ob_db(const char *name, const char *schema_file)
{
	char err[256], path[1100];
	char *schema;
	struct store *s;

	snprintf(ob_path, sizeof(ob_path), "%s/tests/out/unit-outbox-%s.db",
	         unit_root(), name);
	remove(ob_path);
	snprintf(path, sizeof(path), "%s/%s", unit_root(), schema_file);
	schema = file_read_all(path, NULL);
	ck_assert_ptr_nonnull(schema);
	s = store_open_write(ob_path, schema, err, sizeof(err));
	free(schema);
	ck_assert_msg(s != NULL, "%s", err);
	snprintf(path, sizeof(path), "%s/db/catalog.json", unit_root());
	ck_assert_int_gt(catalog_load(s, path, err, sizeof(err)), 0);
	return s;
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
 * resolved - T0|duration" rows, by id (payload read with SQLite's JSON
 * functions, not the code under test). */
#define EVENTS_SQL                                                             \
	"SELECT kind, occurred_at - 1795800000, ifnull(severity, '-'), "       \
	"ifnull(json_extract(payload, '$.previousSeverity'), '-'), "           \
	"json_extract(payload, '$.startedAt') - 1795800000, CASE WHEN "        \
	"json_extract(payload, '$.resolvedAt') = 0 THEN '-' ELSE "             \
	"json_extract(payload, '$.resolvedAt') - 1795800000 END, CASE WHEN "   \
	"json_extract(payload, '$.resolvedAt') = 0 THEN '-' ELSE "             \
	"json_extract(payload, '$.resolvedAt') - json_extract(payload, "       \
	"'$.startedAt') END FROM outbox ORDER BY id"

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
	assert_sql("SELECT json_extract(payload, '$.provider'), "
	           "json_extract(payload, '$.providerName'), "
	           "json_extract(payload, '$.model'), json_extract(payload, "
	           "'$.modelName'), json_extract(payload, '$.regions'), "
	           "json_extract(payload, '$.manual'), incident_id = (SELECT "
	           "id FROM incidents), length(key), fanned_out_at FROM "
	           "outbox ORDER BY id",
	           "openai|OpenAI|gpt-4o|GPT-4o|global|0|1|32|NULL\n"
	           "openai|OpenAI|gpt-4o|GPT-4o|global|0|1|32|NULL\n");
	/* Two different random keys. */
	ck_assert_int_eq(
	    unit_sql_int(ob_path, "SELECT count(DISTINCT key) FROM outbox"), 2);
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
	assert_sql("SELECT incident_id, json_extract(payload, '$.manual'), "
	           "json_extract(payload, '$.title'), json_extract(payload, "
	           "'$.updateState'), json_extract(payload, '$.updateBody'), "
	           "json_extract(payload, '$.updateAuthor') FROM outbox ORDER "
	           "BY id",
	           "1|1|Slow answers|investigating|We are looking|ops\n"
	           "1|1|Slower answers|NULL||\n"
	           "1|1|Slower answers|NULL||\n"
	           "1|1|Slower answers|monitoring|A fix is out|ops\n"
	           "1|1|Slower answers|resolved|All good|ops\n"
	           "1|1|Slower answers|resolved|The cause was a bad deploy|"
	           "lead\n"
	           "2|1|Slow answers|resolved|We are looking|ops\n"
	           "2|1|Slow answers|resolved|We are looking|ops\n");
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
	           "1795800000, ifnull(done_at - 1795800000, '-') FROM "
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
	    "last_status, ifnull(last_error, '-'), ifnull(done_at - "
	    "1795800000, '-') FROM outbox_deliveries WHERE channel = "
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
	assert_sql("SELECT kind, occurred_at - 1795800000, maintenance_id, "
	           "ifnull(incident_id, '-'), ifnull(severity, '-'), "
	           "json_extract(payload, '$.maintenanceTitle'), "
	           "json_extract(payload, '$.maintenanceStartsAt') - "
	           "1795800000, json_extract(payload, '$.maintenanceEndsAt') - "
	           "1795800000, json_extract(payload, '$.maintenanceTargets') "
	           "FROM outbox ORDER BY id",
	           "maintenance.started|1000|1|-|-|Upgrade|1000|2000|"
	           "anthropic/claude-opus-4,openai\n"
	           "maintenance.ended|2000|1|-|-|Upgrade|1000|2000|"
	           "anthropic/claude-opus-4,openai\n");
}
END_TEST

Suite *
outbox_suite(void)
{
	Suite *s = suite_create("outbox");
	TCase *tc = tcase_create("events");

	tcase_set_timeout(tc, 60);
	tcase_add_test(tc, test_outbox_outage_opened_and_resolved_once);
	tcase_add_test(tc, test_outbox_severity_changes);
	tcase_add_test(tc, test_outbox_flapping_is_one_incident);
	tcase_add_test(tc, test_outbox_manual_incidents);
	tcase_add_test(tc, test_outbox_fan_out_head_record);
	tcase_add_test(tc, test_outbox_maintenance_once);
	suite_add_tcase(s, tc);
	return s;
}
