#!/usr/bin/env python3
"""pg_sql.py: every store statement of cgi-bin/store_sql_pg.c prepared on a real PostgreSQL, and its SELECTs (and a set of writes) run on SQLite and PostgreSQL over the same small data set, rows compared.

Usage: pg_sql.py DUMP SCHEMA.sql PG_URL
  DUMP: build/pg_sql_dump's JSON lines (both dialects' texts by name);
  SCHEMA.sql: db/schema.sql (SQLite's oracle, python's sqlite3);
  PG_URL: a database with db/schema-pg.sql loaded (psql, PGPASSFILE).
Prints "PASS name" / "FAIL name: why" lines, then
"pg_sql: N statements prepared, M compared, K failed"; exit 1 on a failure.
Leaves the PostgreSQL database with the data set in it.
"""

import json
import re
import sqlite3
import subprocess
import sys

T0 = 1700006400  # a multiple of 21600 (so of 3600 and 300)
BIG = 10**6
SEP = "\x1f"
NULL = "<NULL>"

# The data set, in statements both engines accept (explicit ids, the
# columns named). Chosen to make the dialects' differences show: names
# whose case changes the order, NULLs in sorted columns, checks both
# before and after a bucket's origin, a model with checks and no current
# status, open and resolved incidents of a model and of a provider.
DATA = f"""
INSERT INTO providers(id, slug, name, website, status_page) VALUES
 (1, 'acme', 'Acme', 'https://acme.example', 'https://status.acme.example'),
 (2, 'beta', 'beta labs', '', ''),
 (3, 'zeta', 'Zeta', '', '');
INSERT INTO models(id, provider_id, slug, name, modalities, context_window,
 released_at, deprecated_at, is_active, status_components) VALUES
 (1, 1, 'acme-one', 'Acme One', 'text', 128000, '2024-01-02', NULL, 1, 'API'),
 (2, 1, 'acme-two', 'acme two', 'text,image', NULL, NULL, '2025-01-01', 0, ''),
 (3, 2, 'beta-x', 'Beta X', 'text', 8192, NULL, NULL, 1, '');
INSERT INTO endpoints(id, model_id, region, url, method, expect_status,
 timeout_ms, degraded_ms) VALUES
 (1, 1, 'global', 'https://a.example/1', 'GET', '200', 30000, 5000),
 (2, 1, 'eu', 'https://a.example/1eu', 'POST', '200,204', 20000, 3000),
 (3, 2, 'global', 'https://a.example/2', 'GET', '200', 30000, 5000),
 (4, 3, 'global', 'https://b.example/x', 'HEAD', '200', 30000, 5000);
INSERT INTO checks(id, model_id, region, checked_at, status, latency_ms,
 http_status, error, source, probe_kind, error_kind, dns_ms, connect_ms,
 tls_ms, first_byte_ms, ttft_ms) VALUES
 (1, 1, 'global', {T0 + 60}, 'operational', 120, 200, NULL, 'probe', 'inference', NULL, 1, 2, 3, 4, 5),
 (2, 1, 'global', {T0 + 300}, 'outage', NULL, NULL, 'timed out', 'probe', 'inference', 'timeout', NULL, NULL, NULL, NULL, NULL),
 (3, 1, 'global', {T0 + 360}, 'degraded', 6000, 200, NULL, 'probe', 'reachability', NULL, NULL, NULL, NULL, NULL, NULL),
 (4, 1, 'eu', {T0 + 60}, 'operational', 90, 200, NULL, 'probe', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (5, 1, 'eu', {T0 + 360}, 'outage', 15, 503, 'HTTP 503', 'probe', 'inference', 'http_5xx', NULL, NULL, NULL, NULL, NULL),
 (6, 1, 'eu', {T0 + 3700}, 'operational', 80, 200, NULL, 'ingest', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (7, 2, 'global', {T0 + 120}, 'operational', 50, 200, NULL, 'demo', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (8, 3, 'global', {T0 - 600}, 'degraded', 7000, 200, NULL, 'import', NULL, NULL, NULL, NULL, NULL, NULL, NULL),
 (9, 3, 'global', {T0 + 900}, 'operational', 70, 200, NULL, 'import', NULL, NULL, NULL, NULL, NULL, NULL, NULL);
INSERT INTO current_status(model_id, region, checked_at, status, latency_ms,
 http_status, source, probe_kind, error_kind) VALUES
 (1, 'global', {T0 + 360}, 'degraded', 6000, 200, 'probe', 'reachability', NULL),
 (1, 'eu', {T0 + 3700}, 'operational', 80, 200, 'ingest', NULL, NULL),
 (2, 'global', {T0 + 120}, 'operational', 50, 200, 'demo', NULL, NULL);
INSERT INTO rollups_hourly(model_id, region, hour, n_operational, n_degraded,
 n_outage, latency_sum, latency_n, latency_max) VALUES
 (1, 'global', {T0}, 1, 1, 1, 6120, 2, 6000),
 (1, 'eu', {T0}, 1, 0, 1, 105, 2, 90),
 (1, 'eu', {T0 + 3600}, 1, 0, 0, 80, 1, 80),
 (2, 'global', {T0}, 1, 0, 0, 50, 1, 50),
 (3, 'global', {T0 - 3600}, 0, 1, 0, 7000, 1, 7000);
INSERT INTO rollups_5min(model_id, region, slot, n_operational, n_degraded,
 n_outage, last_at, last_status, start_status) VALUES
 (1, 'global', {T0}, 1, 0, 0, {T0 + 60}, 'operational', NULL),
 (1, 'global', {T0 + 300}, 0, 1, 1, {T0 + 360}, 'degraded', 'outage'),
 (1, 'eu', {T0}, 1, 0, 0, {T0 + 60}, 'operational', NULL),
 (1, 'eu', {T0 + 300}, 0, 0, 1, {T0 + 360}, 'outage', NULL),
 (1, 'eu', {T0 + 3600}, 1, 0, 0, {T0 + 3700}, 'operational', NULL),
 (2, 'global', {T0}, 1, 0, 0, NULL, NULL, NULL);
INSERT INTO model_rollups(model_id, width, start, n_operational, n_degraded,
 n_outage, s_operational, s_degraded, s_outage) VALUES
 (1, 3600, {T0}, 2, 1, 2, 5, 3, 4),
 (1, 3600, {T0 + 3600}, 1, 0, 0, 12, 0, 0),
 (1, 21600, {T0}, 3, 1, 2, 60, 3, 4),
 (2, 3600, {T0}, 1, 0, 0, 12, 0, 0),
 (3, 3600, {T0 - 3600}, 0, 1, 0, 0, 12, 0);
INSERT INTO incidents(id, provider_id, model_id, source, started_at,
 opened_at, resolved_at, closed_at, severity, peak_severity, regions,
 error_kinds, title) VALUES
 (1, 1, 1, 'auto', {T0 + 60}, {T0 + 240}, {T0 + 900}, {T0 + 1500}, 'major', 'critical', 'eu,global', 'http_5xx,timeout', NULL),
 (2, 1, NULL, 'auto', {T0 + 120}, {T0 + 300}, NULL, NULL, 'minor', 'minor', 'global', '', NULL),
 (3, 2, 3, 'manual', {T0 + 600}, {T0 + 600}, NULL, NULL, 'minor', 'minor', '', '', 'Beta X is slow'),
 (4, 1, 1, 'auto', {T0 + 2000}, {T0 + 2200}, NULL, NULL, 'minor', 'major', 'eu', 'timeout', NULL),
 (5, 1, 2, 'auto', {T0 + 2000}, {T0 + 2100}, {T0 + 2500}, {T0 + 2600}, 'minor', 'minor', 'global', '', NULL);
INSERT INTO incident_events(incident_id, seq, at, kind, severity) VALUES
 (1, 0, {T0 + 240}, 'opened', 'major'),
 (1, 1, {T0 + 400}, 'escalated', 'critical'),
 (1, 2, {T0 + 1500}, 'resolved', 'critical'),
 (2, 0, {T0 + 300}, 'opened', 'minor');
INSERT INTO incident_updates(id, incident_id, at, state, body, author) VALUES
 (1, 3, {T0 + 700}, 'investigating', 'Looking into it', 'cli'),
 (2, 1, {T0 + 300}, 'identified', 'Found it', 'ops'),
 (3, 3, {T0 + 700}, 'monitoring', 'Same instant, later id', 'cli'),
 (4, 3, {T0 + 650}, 'identified', 'Earlier, a later id', 'ops');
INSERT INTO maintenances(id, title, note, starts_at, ends_at, created_at,
 updated_at, cancelled_at, author) VALUES
 (1, 'Upgrade', '', {T0 + 3600}, {T0 + 7200}, {T0}, {T0}, NULL, 'cli'),
 (2, 'Old', 'a note', {T0 - 7200}, {T0 - 3600}, {T0 - 9000}, {T0 - 9000}, {T0 - 8000}, 'cli'),
 (3, 'Same start', '', {T0 + 3600}, {T0 + 5400}, {T0}, {T0}, NULL, 'ops');
INSERT INTO maintenance_targets(maintenance_id, provider_id, model_id) VALUES
 (1, 1, NULL), (1, 2, 3), (1, 1, 2), (2, 1, 1), (3, 2, NULL);
INSERT INTO provider_status(provider_id, format, checked_at, ok_at,
 indicator, description, error) VALUES
 (1, 'statuspage_v2', {T0 + 60}, {T0}, 'minor', 'Partial outage', 'timed out'),
 (2, 'statuspage_v2', {T0}, NULL, NULL, NULL, 'HTTP 500');
INSERT INTO provider_components(provider_id, name, status) VALUES
 (1, 'Chat', 'partial_outage'), (1, 'API', 'operational'),
 (1, 'api', 'degraded_performance'),
 (2, 'api', 'major_outage');
INSERT INTO provider_incidents(provider_id, ext_id, name, status, impact,
 started_at, updated_at, url, components) VALUES
 (1, 'abc', 'Slow', 'investigating', 'minor', {T0}, {T0}, 'https://x.example/abc', 'API'),
 (1, 'abd', 'Undated', 'identified', 'none', NULL, NULL, NULL, ''),
 (1, 'abe', 'Newer', 'monitoring', 'major', {T0 + 60}, NULL, NULL, 'Chat'),
 (1, 'abb', 'Undated too', 'identified', 'none', NULL, NULL, NULL, '');
INSERT INTO outbox(id, kind, key, occurred_at, created_at, incident_id,
 maintenance_id, provider_id, model_id, severity, payload, fanned_out_at)
 VALUES
 (1, 'incident.opened', '0123456789abcdef0123456789abcdef', {T0 + 240}, {T0 + 241}, 1, NULL, 1, 1, 'major', '{{"id": 1, "b": [1, 2]}}', {T0 + 250}),
 (2, 'incident.resolved', '1123456789abcdef0123456789abcdef', {T0 + 1500}, {T0 + 1501}, 1, NULL, 1, 1, 'critical', '{{}}', NULL),
 (3, 'maintenance.started', '2123456789abcdef0123456789abcdef', {T0 + 3600}, {T0 + 3600}, NULL, 1, 1, NULL, NULL, '{{"m": 1}}', {T0 + 3601}),
 (4, 'incident.opened', '3123456789abcdef0123456789abcdef', {T0 + 300}, {T0 + 301}, 2, NULL, 1, NULL, 'minor', '{{}}', {T0 + 302});
INSERT INTO outbox_deliveries(event_id, channel, state, attempts, next_at,
 last_at, last_status, last_error, done_at) VALUES
 (1, 'hook', 'delivered', 1, {T0 + 250}, {T0 + 251}, 200, NULL, {T0 + 251}),
 (1, 'mail', 'pending', 2, {T0 + 400}, {T0 + 300}, 500, 'server said no', NULL),
 (3, 'hook', 'pending', 0, {T0 + 3601}, NULL, NULL, NULL, NULL),
 (4, 'hook', 'delivered', 0, {T0 + 302}, {T0 + 303}, 204, NULL, {T0 + 303}),
 (4, 'mail', 'filtered', 0, {T0 + 302}, NULL, NULL, NULL, {T0 + 302});
INSERT INTO notify_counters(channel, delivered, failed, given_up) VALUES
 ('hook', 2, 0, 0), ('old', 3, 1, 1);
"""

# The parameter sets of each SELECT (values bound as SQLite's store.c
# binds them: integers, text, NULL).
SELECTS = {
    "SQL_PROVIDERS": [()],
    "SQL_MODELS": [()],
    "SQL_LATEST": [()],
    "SQL_LATEST_BEFORE": [(1, "global", T0 + 150), (1, "eu", T0 + BIG),
                          (9, "x", T0)],
    "SQL_ENDPOINT_PAIRS": [()],
    "SQL_WINDOW_ROLLUPS": [(T0 - 3600, T0 + 7200), (T0, T0 + 3600)],
    "SQL_WINDOW_5MIN": [(T0, T0 + 3600), (T0 + 300, T0 + 7200)],
    "SQL_WINDOW_MODEL": [(T0 - 21600, T0 + 21600, 3600),
                         (T0 - 21600, T0 + 21600, 21600)],
    "SQL_WINDOW": [(T0, T0 + 600), (0, T0 + BIG)],
    # an origin after some checks: negative quotients truncate to zero
    "SQL_HIST_CHECKS": [(T0, T0 + 3600, 300, T0 - 3600),
                        (T0 + 400, T0 + 7200, 300, 0)],
    "SQL_HIST_ROLLUPS": [(T0, T0 + 7200, 3600, T0 - 3600),
                         (T0 + 1800, T0 + 7200, 7200, 0)],
    "SQL_HIST_5MIN": [(T0, T0 + 3600, 600, T0), (T0 + 3000, T0 + 7200, 600, 0)],
    "SQL_IS_DEMO": [()],
    "SQL_USER_VERSION": [()],
    "SQL_MODEL_CHECKS": [(1, T0, T0 + 3600), (1, 0, T0 + BIG)],
    "SQL_RECENT_CHECKS": [(1, T0 + BIG, 3), (1, T0 + 200, 10),
                          (1, T0 + BIG, -1), (3, T0 + BIG, 1)],
    "SQL_ENDPOINTS": [()],
    "SQL_MODEL_REGIONS": [(1,), (3,), (99,)],
    "SQL_FIND_ENDPOINT": [("acme-one", "eu"), ("acme-one", "us"),
                          ("nope", "eu")],
    "SQL_MODEL_SLOTS": [(1, T0, T0 + 3600), (2, 0, T0 + BIG)],
    "SQL_HIST_MODEL": [(T0, T0 + 86400, 21600, T0 - 21600, 3600),
                       (T0 + 3600, T0 + 86400, 7200, 0, 3600),
                       (T0, T0 + 86400, 21600, 0, 21600)],
    "SQL_FRESHNESS": [()],
    "SQL_LIVE_CHECKS": [(T0, T0 + 3600), (0, T0 + BIG)],
    "SQL_LIVE_SLOTS": [(T0, T0 + 3600)],
    "SQL_REBUILD_SPANS": [()],
    "SQL_FIRST_CHECK": [()],
    "SQL_COUNT_SOURCES": [()],
    "INC_RULES": [()],
    "INC_CURRENT": [(1,), (3,)],
    "INC_IN_EFFECT": [(1, T0 + 1000), (1, T0), (1, T0 + BIG)],
    "INC_CHECKS": [(1, T0, T0 + 3600), (1, 0, T0 + BIG)],
    "INC_OLD_MODEL": [(1, T0, T0 + BIG), (1, T0 + 100, T0 + BIG)],
    "INC_OLD_PROVIDER": [(1, T0), (2, 0)],
    "INC_PROVIDER_IN_EFFECT": [(1, T0 + 1000), (1, T0)],
    "INC_EVENTS": [(1,), (2,)],
    "INC_MODEL_PROVIDER": [(3,)],
    "INC_ACTIVE_MODELS": [(1,)],
    "INC_PROVIDER_MODEL_INCIDENTS": [(1, T0), (1, T0 + 1000)],
    "INC_ALL_MODELS": [()],
    "INC_ALL_PROVIDERS": [()],
    "INC_LIST": [(0, 10), (1, 10), (0, -1), (0, 1)],
    "INC_COUNT": [()],
    "VIEW_LIST": [(0, None, None, 0, 0, 0, -1, 0),
                  (1, "acme", None, 0, 0, 0, 10, 0),
                  (2, None, "acme-one", T0 + 100, T0 + BIG, 0, 1, 1),
                  (0, None, None, 0, 0, 3, -1, 0),
                  (0, None, None, T0 + 1000, T0 + 2000, 0, 2, 1)],
    "VIEW_LIST_OPEN": [(1, None, None, 0, 0, 0, -1, 0),
                       (1, "acme", None, 0, 0, 0, 10, 0),
                       (1, None, "acme-one", T0 + 100, T0 + BIG, 0, 1, 0),
                       (1, None, None, 0, 0, 3, -1, 0),
                       (0, None, None, 0, 0, 0, -1, 0),
                       (2, None, None, 0, 0, 0, -1, 0)],
    "VIEW_COUNT": [(0, None, None, 0, 0, 0), (1, "acme", None, 0, 0, 0),
                   (2, None, "acme-one", T0 + 100, T0 + BIG, 0),
                   (0, None, None, T0 + 1000, T0 + 2001, 0)],
    "VIEW_UPDATES": [(1,), (3,)],
    "VIEW_MODELS": [(1, T0, None), (1, T0 + 1000, T0 + 100),
                    (1, T0 + 1000, None)],
    "VIEW_MAINT": [(T0, 0, 0), (T0 - BIG, 0, 1), (T0 - BIG, T0 + 4000, 1)],
    "VIEW_MAINT_TARGETS": [(1,), (3,)],
    "VIEW_PROVIDER_ID": [("beta",), ("nope",)],
    "VIEW_MODEL_ID": [("beta-x",)],
    "VIEW_INCIDENT": [(1,), (3,)],
    "VIEW_MAINT_ONE": [(2,), (1,)],
    "VIEW_UPDATES_OF": [(3,)],
    "VIEW_FOLLOW_TARGET": [(1, 1, 99, T0, T0 + BIG, T0 + 100),
                           (1, 1, 99, T0, T0 + BIG, T0 + 5000),
                           (1, None, 99, T0, T0 + BIG, T0 + 100),
                           (1, 1, 1, T0, T0 + BIG, T0)],
    "PST_FIND_PROVIDER": [("acme",)],
    "PST_READ_STATUS": [()],
    "PST_READ_COMPONENTS": [()],
    "PST_READ_INCIDENTS": [()],
    "PST_READ_MODEL_COMPONENTS": [()],
    "OB_NAMES": [(1, 1), (1, None), (2, 1)],
    "OB_INCIDENT": [(1,), (3,)],
    "OB_UNFANNED": [(10,), (-1,)],
    "OB_FANNED": [(1,), (2,)],
    "OB_HEAD": [("mail",), ("hook",), ("none",)],
    "OB_LAST_SENT": [("hook", 1), ("mail", 1)],
    "OB_NEWER": [("mail", 1, 0), ("mail", 1, 5)],
    "OB_COVERS": [(1, 1, T0 + 4000), (2, 3, T0 + 4000), (1, None, T0 + 4000),
                  (1, 1, T0 - 4000)],
    "OB_MAINT_DUE": [(T0, T0 + 3600), (T0 + 3600, T0 + 7200)],
    "OB_LIST": [(0, 10), (1, 10), (0, -1), (0, 2)],
    "OB_QUEUE": [()],
    "OB_CHANNELS": [()],
}

# SELECTs not compared, and why.
NOT_COMPARED = {
    "SQL_DATA_VERSION": "a different counter in each engine "
                        "(PRAGMA data_version; the generation row)",
    "SQL_SENDER_LOCK": "a lock of the server (SQLite: always 1; the "
                       "sender's lock file does it); pg.sh runs two "
                       "senders on one server",
}

# Writes run on both (each alone, then rolled back) with the table they
# change read back in full: (name, params, table, its columns read).
WRITES = [
    ("SQL_UPSERT_SLOT", (1, "global", T0 + 300, 1, 0, 0, T0 + 420,
                         "operational", None), "rollups_5min"),
    ("SQL_UPSERT_SLOT", (1, "global", T0 + 300, 1, 0, 0, T0 + 310,
                         "operational", "degraded"), "rollups_5min"),
    ("SQL_UPSERT_SLOT", (2, "global", T0, 0, 1, 0, T0 + 5, "degraded",
                         None), "rollups_5min"),
    # no newest check: SQLite's max(x, NULL) is NULL, greatest's is x
    ("SQL_UPSERT_SLOT", (1, "global", T0, 1, 0, 0, None, None, None),
     "rollups_5min"),
    ("SQL_UPSERT_SLOT", (9, "x", T0, 0, 1, 0, T0 + 5, "degraded", None),
     "rollups_5min"),
    ("SQL_UPSERT_ROLLUP", (1, "global", T0, 1, 0, 0, 7000, 1, 7000),
     "rollups_hourly"),
    ("SQL_UPSERT_ROLLUP", (1, "global", T0, 1, 0, 0, 10, 1, 10),
     "rollups_hourly"),
    ("SQL_UPSERT_5MIN", (1, "eu", T0, 1, 2, 3), "rollups_5min"),
    ("SQL_UPSERT_MODEL_ROLLUP", (1, 3600, T0, 1, 1, 1, 2, 2, 2),
     "model_rollups"),
    ("SQL_REBUILD_MODEL", (3600,), "model_rollups"),
    ("SQL_REBUILD_5MIN", (), "rollups_5min"),
    ("SQL_REBUILD_HOURLY", (), "rollups_hourly"),
    ("SQL_RESTORE_CURRENT", (), "current_status"),
    ("SQL_INSERT_CHECK", (1, "global", T0 + 60, "outage", -1, 0, "dup",
                          "probe", None, None, None, None, None, None,
                          None), "checks"),
    ("SQL_INSERT_CHECK", (2, "global", T0 + 60, "outage", -1, 0, "x",
                          "probe", "stream", "dns", 1, None, None, None,
                          None), "checks"),
    ("SQL_UPSERT_CURRENT", (1, "eu", T0 + 9000, "outage", 5, 500, "probe",
                            None, "http_5xx"), "current_status"),
    ("SQL_UPSERT_CURRENT", (1, "eu", T0, "outage", 5, 500, "probe", None,
                            None), "current_status"),
    ("SQL_UPSERT_MODEL", (1, "acme-one", "Acme 1", "text", 0, None, None, 1),
     "models"),
    ("SQL_UPSERT_MODEL", (2, "new-one", "New", "text", 3000000000, None,
                          None, 1), "models"),
    ("SQL_PRUNE_CHECKS", (T0 + 300,), "checks"),
    ("SQL_PRUNE_OUTBOX", (T0 + BIG,), "outbox"),
    ("SQL_PRUNE_DELIVERIES", (T0 + BIG,), "outbox_deliveries"),
    ("SQL_SET_SAMPLES_META", (1200,), "aigo_meta"),
    ("SQL_REBUILD_CLEAR", (), "model_rollups"),
    ("INC_SET_RULE", ("incident_open_after", "240"), "aigo_meta"),
    ("INC_SET_RULE", ("incident_new", "1"), "aigo_meta"),
    ("INC_UPDATE", (4, None, T0 + 2000, T0 + 2200, T0 + 2300, T0 + 2400,
                    "major", "major", "eu", ""), "incidents"),
    ("VIEW_INSERT_EVENT", (1, T0 + 1600, "escalated", "major"),
     "incident_events"),
    ("VIEW_INSERT_EVENT", (5, T0 + 2100, "opened", "minor"),
     "incident_events"),
    ("VIEW_MAINT_UPDATE", (1, "T", "n", T0 + 3600, T0 + 7200, T0 - 5, 1),
     "maintenances"),
    ("VIEW_MAINT_UPDATE", (1, "T", "n", T0 + 3600, T0 + 7200, T0 + 5, 0),
     "maintenances"),
    ("VIEW_STALE_TO_MANUAL", (), "incidents"),
    ("VIEW_DELETE_AUTO_FREE", (), "incidents"),
    ("PST_UPSERT_FAILED", (1, "statuspage_v2", T0 + 120, "HTTP 502"),
     "provider_status"),
    ("PST_UPSERT_OK", (2, "statuspage_v2", T0 + 120, "none", "Fine"),
     "provider_status"),
    ("PST_INSERT_INCIDENT", (2, "q", "Q", "resolved", "none", 0, T0, None,
                             ""), "provider_incidents"),
    ("OB_INSERT_ONCE", ("maintenance.started", T0 + 3600, T0 + 9, None, 1,
                        1, None, None, "{}"), "outbox"),
    ("OB_INSERT_ONCE", ("maintenance.ended", T0 + 7200, T0 + 9, None, 1, 1,
                        None, None, "{}"), "outbox"),
    ("OB_DELIVERY_INSERT", (1, "hook", "pending", T0, None),
     "outbox_deliveries"),
    ("OB_DELIVERY_INSERT", (2, "hook", "pending", T0, None),
     "outbox_deliveries"),
    ("OB_RECORD", (1, "mail", "given_up", 1, T0 + 500, T0 + 450, 500,
                   "again", T0 + 450, 1), "outbox_deliveries"),
    ("OB_RECORD", (1, "mail", "pending", 0, T0 + 500, T0 + 450, 500,
                   "again", None, 0), "outbox_deliveries"),
    ("OB_COUNT", ("hook", 1, 2, 3), "notify_counters"),
    ("OB_COUNT", ("new", 1, 2, 3), "notify_counters"),
]

# Columns left out of a table read back: outbox.key is random.
RANDOM_COLS = {"outbox": "key"}
# Rows left out: PostgreSQL's schema_version (SQLite's is a pragma).
TABLE_WHERE = {"aigo_meta": " WHERE key <> 'schema_version'"}

results = {"prepared": 0, "compared": 0, "failed": 0}


def report(name, ok, why=""):
    if ok:
        print(f"PASS {name}")
    else:
        results["failed"] += 1
        print(f"FAIL {name}: {why}")


def pg_literal(v):
    """v as the driver sends it: text (or NULL)."""
    if v is None:
        return "NULL"
    return "'" + str(v).replace("'", "''") + "'"


def lite_value(v):
    if v is None:
        return NULL
    if isinstance(v, float):
        return "REAL:" + repr(v)  # never equal to PostgreSQL's text
    return str(v)


def run_psql(url, script):
    """Runs script in one psql session; its stdout (each result with its
    header and its "(N rows)" footer, SEP between fields, NULL as NULL,
    and the script's \\echo markers)."""
    p = subprocess.run(
        ["psql", url, "-X", "-q", "-A", "-F", SEP, "-P",
         "null=" + NULL, "-v", "ON_ERROR_STOP=0", "-f", "-"],
        input=script, capture_output=True, text=True)
    return p.stdout


def sections(out):
    """{marker: (rows, error flag, message)} of run_psql's output, each
    section closed by a line '@@ id ERROR MESSAGE'; its rows those of
    every result in it (the N lines before each "(N rows)" footer: a row
    of one empty text is an empty line)."""
    res, lines = {}, []
    for line in out.split("\n"):
        if line.startswith("@@ "):
            _, key, err, msg = (line.split(" ", 3) + [""])[:4]
            rows = []
            for i, x in enumerate(lines):
                m = re.fullmatch(r"\((\d+) rows?\)", x)
                if m:
                    k = int(m.group(1))
                    rows += [y.split(SEP) for y in lines[i - k:i]] if k else []
            res[key] = (rows, err == "true", msg)
            lines = []
        else:
            lines.append(line)
    return res


def marker(key):
    return f"\\echo '@@ {key}' :ERROR :'LAST_ERROR_MESSAGE'\n"


def is_exec(text):
    """A text store.c runs with exec: more than one statement."""
    return ";" in text.replace("$$", "")[:-1] or text.startswith("DO ")


def sqlite_db(schema_path):
    db = sqlite3.connect(":memory:", isolation_level=None)
    with open(schema_path, encoding="utf-8") as f:
        db.executescript(f.read())
    db.execute("PRAGMA foreign_keys = ON")
    db.executescript("BEGIN;" + DATA + "COMMIT;")
    return db


def main(argv):
    dump_path, schema_path, url = argv[1:4]
    stmts = {}
    with open(dump_path, encoding="utf-8") as f:
        for line in f:
            r = json.loads(line)
            stmts[r["name"]] = r

    # ---- Every statement prepared -------------------------------------
    script = "\\set VERBOSITY terse\n"
    kinds = {}
    for name, r in stmts.items():
        pg = r["pg"]
        if r["block"] in ("tx", "copy_done"):
            continue
        if pg is None:
            if not (name.endswith("_V5") or name.endswith("_V7")):
                report(f"{name} has a PostgreSQL text", False, "NULL")
            continue
        if "?" in pg.replace("?|", "").replace("'?'", ""):
            report(f"{name}: no SQLite parameter left", False, pg)
        if is_exec(pg):
            kinds[name] = "exec"
            script += "BEGIN;\n" + pg + ";\n" + marker("prep:" + name)
            script += "ROLLBACK;\n"
        else:
            kinds[name] = "prepare"
            script += "BEGIN;\nPREPARE q AS " + pg + ";\n"
            script += marker("prep:" + name)
            script += "ROLLBACK;\nDEALLOCATE ALL;\n"
    res = sections(run_psql(url, script))
    for name, kind in kinds.items():
        got = res.get("prep:" + name)
        ok = got is not None and not got[1]
        if ok:
            results["prepared"] += 1
        report(f"{name}: {'runs' if kind == 'exec' else 'prepares'} on "
               "PostgreSQL", ok,
               "no answer from psql" if got is None else got[2])

    # ---- The data set in both -----------------------------------------
    lite = sqlite_db(schema_path)
    # explicit ids, as a copy writes them: then copy_done, as a copy
    # ends (else an INSERT without an id would take 1, 2...)
    out = run_psql(url, "BEGIN;\n" + DATA + "\n" + marker("data") +
                   stmts["copy_done"]["pg"] + ";\n" + marker("data:copy") +
                   "COMMIT;\n")
    for key in ("data", "data:copy"):
        got = sections(out).get(key)
        report(f"the data set loads into PostgreSQL ({key})",
               got is not None and not got[1], got[2] if got else "no answer")

    # ---- SELECTs compared ---------------------------------------------
    selects = [n for n, r in stmts.items()
               if r["block"] in ("sql", "inc", "view", "pst", "ob") and
               r["pg"] is not None and
               (r["sqlite"] or "").lstrip().upper().startswith(("SELECT", "PRAGMA"))]
    script = ""
    for name in selects:
        for k, params in enumerate(SELECTS.get(name, [])):
            args = ", ".join(pg_literal(v) for v in params)
            script += "PREPARE q AS " + stmts[name]["pg"] + ";\n"
            script += "EXECUTE q" + (f"({args})" if params else "") + ";\n"
            script += marker(f"sel:{name}:{k}") + "DEALLOCATE ALL;\n"
    res = sections(run_psql(url, script))
    for name in selects:
        sets = SELECTS.get(name, [])
        if not sets:
            why = NOT_COMPARED.get(name, "no parameter set in pg_sql.py")
            print(f"NOTE {name}: not compared: {why}")
            if name not in NOT_COMPARED:
                report(f"{name}: compared", False, why)
            continue
        # in order where either sorts (PostgreSQL sorts a few whose
        # order SQLite gives by its keys alone: the same order expected)
        ordered = "ORDER BY" in stmts[name]["sqlite"] + stmts[name]["pg"]
        for k, params in enumerate(sets):
            label = f"{name} {params}"
            try:
                want = [[lite_value(v) for v in row] for row in
                        lite.execute(stmts[name]["sqlite"], params)]
            except sqlite3.Error as e:
                report(label, False, f"SQLite: {e}")
                continue
            got = res.get(f"sel:{name}:{k}")
            if got is None or got[1]:
                report(label, False, "PostgreSQL: " +
                       (got[2] if got else "no answer"))
                continue
            rows = got[0]
            if not ordered:
                want, rows = sorted(want), sorted(rows)
            results["compared"] += 1
            report(label + f" ({len(want)} rows)", rows == want,
                   f"SQLite {want} PostgreSQL {rows}")
    for name in SELECTS:
        if name not in selects:
            report(f"{name} is a SELECT of both", False, "not in the dump")
    # VIEW_LIST_OPEN is VIEW_LIST when ?1 is 1 (the open incidents), and
    # nothing else: the same rows for every filter (compared above with
    # PostgreSQL's, so for both)
    for params in SELECTS["VIEW_LIST_OPEN"]:
        rows = {n: list(lite.execute(stmts[n]["sqlite"], params))
                for n in ("VIEW_LIST", "VIEW_LIST_OPEN")}
        want = rows["VIEW_LIST"] if params[0] == 1 else []
        report(f"VIEW_LIST_OPEN {params} is VIEW_LIST's open ones "
               f"({len(want)} rows)", rows["VIEW_LIST_OPEN"] == want,
               f"VIEW_LIST {want} VIEW_LIST_OPEN {rows['VIEW_LIST_OPEN']}")

    # ---- Writes compared by the table they change ---------------------
    script = ""
    cols = {}
    for k, (name, params, table) in enumerate(WRITES):
        c = [row[1] for row in lite.execute(f"PRAGMA table_info({table})")
             if row[1] != RANDOM_COLS.get(table)]
        cols[k] = c
        sel = f"SELECT {', '.join(c)} FROM {table}" + TABLE_WHERE.get(table, "")
        args = ", ".join(pg_literal(v) for v in params)
        pg = stmts[name]["pg"]
        # the identities where a copy leaves them (a sequence does not
        # go back at a rollback: SQLite's max(rowid) + 1 does)
        script += "BEGIN;\n" + stmts["copy_done"]["pg"] + ";\n"
        if is_exec(pg) or not params:
            script += pg + ";\n"
        else:
            script += f"PREPARE q AS {pg};\nEXECUTE q({args});\n"
        script += marker(f"w:{k}") + sel + ";\n" + marker(f"t:{k}")
        script += "ROLLBACK;\nDEALLOCATE ALL;\n"
    res = sections(run_psql(url, script))
    for k, (name, params, table) in enumerate(WRITES):
        label = f"{name} {params} -> {table}"
        sel = (f"SELECT {', '.join(cols[k])} FROM {table}" +
               TABLE_WHERE.get(table, ""))
        lite.execute("SAVEPOINT w")
        try:
            if is_exec(stmts[name]["sqlite"]):
                for one in stmts[name]["sqlite"].split(";"):
                    lite.execute(one)
            else:
                lite.execute(stmts[name]["sqlite"], params).fetchall()
            want = sorted([lite_value(v) for v in row]
                          for row in lite.execute(sel))
            lerr = None
        except sqlite3.Error as e:
            want, lerr = None, str(e)
        lite.execute("ROLLBACK TO w")
        lite.execute("RELEASE w")
        w, t = res.get(f"w:{k}"), res.get(f"t:{k}")
        if w is None or t is None:
            report(label, False, "no answer from psql")
            continue
        if lerr is not None or w[1]:
            # both must refuse it, or neither
            report(label + " (refused by both)", lerr is not None and w[1],
                   f"SQLite: {lerr}; PostgreSQL: "
                   f"{w[2] if w[1] else 'accepted'}")
            continue
        results["compared"] += 1
        report(label + f" ({len(want)} rows)", sorted(t[0]) == want,
               f"SQLite {want} PostgreSQL {sorted(t[0])}")

    # ---- The transactions and the copy's end --------------------------
    tx = {n: stmts[n]["pg"] for n in stmts if stmts[n]["block"] == "tx"}
    gen = "SELECT value FROM aigo_generation;\n"
    script = (gen + tx["TX_BEGIN_WRITE"] + ";\n" +
              "INSERT INTO notify_counters(channel) VALUES ('tx');\n" +
              tx["TX_COMMIT_WRITE"] + ";\n" + marker("tx:write") + gen +
              tx["TX_BEGIN_WRITE"] + ";\n" +
              "INSERT INTO notify_counters(channel) VALUES ('tx2');\n" +
              tx["TX_ROLLBACK"] + ";\n" + gen +
              tx["TX_BEGIN_READ"] + ";\n" +
              "SELECT count(*) FROM notify_counters WHERE channel LIKE 'tx%';\n"
              + tx["TX_COMMIT_READ"] + ";\n" + marker("tx:read") +
              tx["TX_BEGIN_READ"] + ";\n" +
              "INSERT INTO notify_counters(channel) VALUES ('tx3');\n" +
              marker("tx:readonly") + tx["TX_ROLLBACK"] + ";\n" +
              tx["TX_BEGIN_SCHEMA"] + ";\nCREATE TABLE tx_new (a int);\n" +
              "SELECT current_setting('transaction_isolation');\n" +
              marker("tx:schema") + tx["TX_ROLLBACK"] + ";\n" +
              tx["TX_BEGIN_BATCH"] + ";\n" +
              "SELECT current_setting('transaction_isolation');\n" +
              tx["TX_LOCK_WRITE"] + ";\n" +
              "SELECT count(*) FROM pg_locks l JOIN pg_class c ON c.oid = "
              "l.relation WHERE c.relname = 'aigo_generation' AND l.mode = "
              "'ShareRowExclusiveLock' AND l.granted AND l.pid = "
              "pg_backend_pid();\n" +
              marker("tx:batch") + tx["TX_ROLLBACK"] + ";\n" +
              "DELETE FROM notify_counters WHERE channel = 'tx';\n")
    res = sections(run_psql(url, script))
    w, r, ro = res.get("tx:write"), res.get("tx:read"), res.get("tx:readonly")
    ok = w is not None and r is not None and ro is not None
    g0 = int(w[0][0][0]) if ok and w[0] and w[0][0][0].isdigit() else -9
    report("TX_*: a write advances the generation by one, a rolled-back "
           "one does not, a read sees the commit",
           ok and not w[1] and not r[1] and
           [x[0] for x in r[0]] == [str(g0 + 1), str(g0 + 1), "1"],
           f"{w} {r}")
    sc = res.get("tx:schema")
    report("TX_BEGIN_SCHEMA: a serializable transaction that may create "
           "tables", sc is not None and not sc[1] and
           sc[0] == [["serializable"]], f"{sc}")
    ba = res.get("tx:batch")
    report("TX_BEGIN_BATCH, TX_LOCK_WRITE: a read-committed transaction "
           "(each statement after the lock sees the writers' commits "
           "before it), then the writers' lock",
           ba is not None and not ba[1] and
           ba[0] == [["read committed"], ["1"]], f"{ba}")
    report("TX_CHECKPOINT, TX_DURABLE: nothing on PostgreSQL",
           tx["TX_CHECKPOINT"] is None and tx["TX_DURABLE"] is None,
           f"{tx}")
    report("TX_BEGIN_READ: a read transaction refuses a write",
           ok and ro[1] and "read-only" in ro[2], f"{ro}")

    copy_done = stmts["copy_done"]["pg"]
    script = ("BEGIN;\n"
              "INSERT INTO providers(id, slug, name) VALUES (41, 'c41', 'C');\n"
              "INSERT INTO maintenances(id, title, starts_at, ends_at, "
              "created_at, updated_at, author) VALUES (77, 'M', 1, 2, 1, 1, "
              "'x');\n" + copy_done + ";\n" + marker("copy:run") +
              "INSERT INTO providers(slug, name) VALUES ('c42', 'C') "
              "RETURNING id;\n"
              "INSERT INTO maintenances(title, starts_at, ends_at, "
              "created_at, updated_at, author) VALUES ('M', 1, 2, 1, 1, "
              "'x') RETURNING id;\n"
              "INSERT INTO checks(model_id, region, checked_at, status, "
              "source) VALUES (1, 'global', 1, 'outage', 'probe') "
              "RETURNING id;\n"
              "DELETE FROM incident_updates;\n" + copy_done + ";\n" +
              "INSERT INTO incident_updates(incident_id, at, state, body, "
              "author) VALUES (1, 1, 'resolved', 'b', 'a') RETURNING id;\n"
              + marker("copy:ids") + "ROLLBACK;\n")
    res = sections(run_psql(url, script))
    c, i = res.get("copy:run"), res.get("copy:ids")
    report("copy_done: identities move past the largest id (42, 78, 10); "
           "an emptied table starts at 1",
           c is not None and not c[1] and i is not None and
           [x[0] for x in i[0]] == ["42", "78", "10", "1"],
           f"{c} {i}")
    report("copy_done: SQLite has none, parameter signs ? and $",
           stmts["copy_done"]["sqlite"] is None and
           stmts["copy_done"]["param"] == ["?", "$"],
           str(stmts["copy_done"]))

    print(f"pg_sql: {results['prepared']} statements prepared, "
          f"{results['compared']} compared, {results['failed']} failed")
    return 1 if results["failed"] else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
