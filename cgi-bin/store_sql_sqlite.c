/* store_sql_sqlite.c: every statement of the store in SQLite's dialect (the names are store_sql.h's). */
#include "store_sql.h"

#include <stddef.h>

/* The columns a version 6 file adds to a check read back (PROBE_COLS),
 * and what an older file gives in their place: read by probe_from_row. */
#define PROBE_COLS(t)                                                          \
	t "probe_kind, " t "error_kind, " t "dns_ms, " t "connect_ms, " t      \
	  "tls_ms, " t "first_byte_ms, " t "ttft_ms"
#define PROBE_COLS_NONE "NULL, NULL, NULL, NULL, NULL, NULL, NULL"

static const char *const store_sqlite_sql[SQL__MAX] = {
    /* SQL_PROVIDERS */
    [SQL_PROVIDERS] =
        "SELECT id, slug, name, website, status_page FROM providers "
        "ORDER BY name COLLATE NOCASE, slug",
    /* SQL_MODELS: in rowid order, sorted in C (read_models): SQLite's
     * sorter with a join cost more than the rest of reading a model */
    [SQL_MODELS] = "SELECT id, provider_id, slug, name, modalities, "
                   "coalesce(context_window, 0), is_active FROM models",
    /* SQL_LATEST: every (model, region) with a check, and its latest
     * check (one scan of current_status; one later than now is replaced
     * in C by SQL_LATEST_BEFORE). */
    [SQL_LATEST] = "SELECT model_id, region, checked_at, status, latency_ms, "
                   "http_status, probe_kind, error_kind FROM current_status",
    /* SQL_LATEST_V5: as SQL_LATEST, before version 6 (no kinds) */
    [SQL_LATEST_V5] = "SELECT model_id, region, checked_at, status, "
                      "latency_ms, http_status, NULL, NULL FROM current_status",
    /* SQL_LATEST_BEFORE: now bounds every view: where the latest check is
     * later than now (clock skew of a probe), the latest of (model ?1,
     * region ?2) at or before ?3 (now). */
    [SQL_LATEST_BEFORE] =
        "SELECT checked_at, status, latency_ms, http_status, probe_kind, "
        "error_kind FROM checks "
        "WHERE model_id = ?1 AND region = ?2 AND checked_at <= ?3 "
        "ORDER BY checked_at DESC LIMIT 1",
    [SQL_LATEST_BEFORE_V5] =
        "SELECT checked_at, status, latency_ms, http_status, NULL, NULL "
        "FROM checks WHERE model_id = ?1 AND region = ?2 AND checked_at <= ?3 "
        "ORDER BY checked_at DESC LIMIT 1",
    /* SQL_ENDPOINT_PAIRS: every (model, region) with an endpoint; those
     * without a current status are found in C (read_latest): a lookup per
     * endpoint in SQL costs more than reading them all */
    [SQL_ENDPOINT_PAIRS] = "SELECT model_id, region FROM endpoints",
    /* SQL_WINDOW_ROLLUPS: the rollups of the hours ?1 <= hour < ?2 (summed in
     * C). Every (model, region) with a rollup has a current status (the
     * write path keeps both), and walking those pairs reads each pair's
     * hours as one range of the primary key: no lookup per row through the
     * hour index, no sorter for a GROUP BY. */
    [SQL_WINDOW_ROLLUPS] =
        "SELECT r.model_id, 0, r.n_operational, r.n_degraded, r.n_outage "
        "FROM current_status c CROSS JOIN rollups_hourly r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.hour >= ?1 AND r.hour < ?2",
    /* SQL_WINDOW_5MIN: as SQL_WINDOW_ROLLUPS, the 5-minute slots
     * ?1 <= slot < ?2 (version 3) */
    [SQL_WINDOW_5MIN] =
        "SELECT r.model_id, 0, r.n_operational, r.n_degraded, r.n_outage "
        "FROM rollups_5min r CROSS JOIN current_status c "
        "ON c.model_id = r.model_id AND c.region = r.region "
        "WHERE r.slot >= ?1 AND r.slot < ?2",
    /* SQL_WINDOW_MODEL: the check counts of model_rollups of width ?3
     * with ?1 <= start < ?2: one range of its primary key */
    [SQL_WINDOW_MODEL] =
        "SELECT model_id, 0, n_operational, n_degraded, n_outage "
        "FROM model_rollups WHERE width = ?3 AND start >= ?1 AND start < ?2",
    /* SQL_WINDOW: ?1 < checked_at <= ?2, in index order (counted in C: no
     * sorter for a GROUP BY) */
    [SQL_WINDOW] = "SELECT model_id, 0, status FROM checks "
                   "WHERE checked_at > ?1 AND checked_at <= ?2",
    /* SQL_HIST_CHECKS: ?4 <= checked_at < ?2, bucket width ?3 from ?1; one row per
     * check in index order, counted in C */
    [SQL_HIST_CHECKS] =
        "SELECT model_id, (checked_at - ?1) / ?3, status FROM checks "
        "WHERE checked_at >= ?4 AND checked_at < ?2",
    /* SQL_HIST_ROLLUPS: ?4 <= hour < ?2, bucket width ?3 from ?1; as
     * SQL_WINDOW_ROLLUPS */
    [SQL_HIST_ROLLUPS] =
        "SELECT r.model_id, (r.hour - ?1) / ?3, r.n_operational, "
        "r.n_degraded, r.n_outage "
        "FROM current_status c CROSS JOIN rollups_hourly r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.hour >= ?4 AND r.hour < ?2",
    /* SQL_HIST_5MIN: ?4 <= slot < ?2, bucket width ?3 from ?1 (version
     * 3) */
    [SQL_HIST_5MIN] = "SELECT r.model_id, (r.slot - ?1) / ?3, r.n_operational, "
                      "r.n_degraded, r.n_outage "
                      "FROM rollups_5min r CROSS JOIN current_status c "
                      "ON c.model_id = r.model_id AND c.region = r.region "
                      "WHERE r.slot >= ?4 AND r.slot < ?2",
    /* SQL_IS_DEMO */
    [SQL_IS_DEMO] =
        "SELECT EXISTS (SELECT 1 FROM current_status WHERE source = 'demo')",
    /* SQL_USER_VERSION */
    [SQL_USER_VERSION] = "PRAGMA user_version",
    /* SQL_DATA_VERSION: changes when another connection commits */
    [SQL_DATA_VERSION] = "PRAGMA data_version",
    /* SQL_MODEL_CHECKS: one model's checks in [?2, ?3), by region and time */
    [SQL_MODEL_CHECKS] =
        "SELECT region, checked_at, status, latency_ms, http_status, "
        "error, " PROBE_COLS(
            "") " FROM checks WHERE model_id = ?1 AND checked_at >= ?2 "
                "AND checked_at < ?3 ORDER BY region, checked_at",
    [SQL_MODEL_CHECKS_V5] =
        "SELECT region, checked_at, status, latency_ms, http_status, "
        "error, " PROBE_COLS_NONE
        " FROM checks WHERE model_id = ?1 AND checked_at >= ?2 "
        "AND checked_at < ?3 ORDER BY region, checked_at",
    /* SQL_RECENT_CHECKS: one model's newest ?3 checks at or before ?2:
     * the newest ?3 of each endpoint's region (a short backward walk of
     * the unique index each), merged. */
    [SQL_RECENT_CHECKS] =
        "SELECT c.region, c.checked_at, c.status, c.latency_ms, "
        "c.http_status, c.error, " PROBE_COLS(
            "c.") " FROM endpoints e JOIN checks c ON c.rowid IN "
                  "(SELECT k.rowid FROM checks k WHERE k.model_id = e.model_id "
                  "AND k.region = e.region AND k.checked_at <= ?2 "
                  "ORDER BY k.checked_at DESC LIMIT ?3) "
                  "WHERE e.model_id = ?1 ORDER BY c.checked_at DESC, c.region "
                  "LIMIT ?3",
    [SQL_RECENT_CHECKS_V5] =
        "SELECT c.region, c.checked_at, c.status, c.latency_ms, "
        "c.http_status, c.error, " PROBE_COLS_NONE
        " FROM endpoints e JOIN checks c ON c.rowid IN "
        "(SELECT k.rowid FROM checks k WHERE k.model_id = e.model_id "
        "AND k.region = e.region AND k.checked_at <= ?2 "
        "ORDER BY k.checked_at DESC LIMIT ?3) "
        "WHERE e.model_id = ?1 ORDER BY c.checked_at DESC, c.region LIMIT ?3",
    /* SQL_UPSERT_PROVIDER */
    [SQL_UPSERT_PROVIDER] =
        "INSERT INTO providers(slug, name, website, status_page) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(slug) DO UPDATE SET "
        "name = excluded.name, website = excluded.website, "
        "status_page = excluded.status_page RETURNING id",
    /* SQL_UPSERT_MODEL */
    [SQL_UPSERT_MODEL] =
        "INSERT INTO models(provider_id, slug, name, modalities, "
        "context_window, "
        "released_at, deprecated_at, is_active) "
        "VALUES (?1, ?2, ?3, ?4, nullif(?5, 0), ?6, ?7, ?8) "
        "ON CONFLICT(slug) DO UPDATE SET provider_id = excluded.provider_id, "
        "name = excluded.name, modalities = excluded.modalities, "
        "context_window = excluded.context_window, "
        "released_at = excluded.released_at, "
        "deprecated_at = excluded.deprecated_at, "
        "is_active = excluded.is_active RETURNING id",
    /* SQL_UPSERT_ENDPOINT */
    [SQL_UPSERT_ENDPOINT] =
        "INSERT INTO endpoints(model_id, region, url, method, expect_status, "
        "timeout_ms, degraded_ms) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) "
        "ON CONFLICT(model_id, region) DO UPDATE SET url = excluded.url, "
        "method = excluded.method, expect_status = excluded.expect_status, "
        "timeout_ms = excluded.timeout_ms, degraded_ms = excluded.degraded_ms "
        "RETURNING id",
    /* SQL_ENDPOINTS */
    [SQL_ENDPOINTS] =
        "SELECT e.model_id, m.slug, e.region, m.is_active, e.degraded_ms, "
        "(SELECT max(checked_at) FROM checks c "
        "WHERE c.model_id = e.model_id AND c.region = e.region) "
        "FROM endpoints e JOIN models m ON m.id = e.model_id "
        "ORDER BY m.slug, e.region",
    /* SQL_INSERT_CHECK */
    [SQL_INSERT_CHECK] =
        "INSERT INTO checks(model_id, region, checked_at, status, latency_ms, "
        "http_status, error, source, probe_kind, error_kind, dns_ms, "
        "connect_ms, tls_ms, first_byte_ms, ttft_ms) VALUES (?1, ?2, ?3, ?4, "
        "nullif(?5, -1), nullif(?6, 0), ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
        "?15) ON CONFLICT DO NOTHING",
    /* SQL_INSERT_CHECK_V5: before version 6, without what it adds */
    [SQL_INSERT_CHECK_V5] =
        "INSERT INTO checks(model_id, region, checked_at, status, latency_ms, "
        "http_status, error, source) VALUES (?1, ?2, ?3, ?4, nullif(?5, -1), "
        "nullif(?6, 0), ?7, ?8) ON CONFLICT DO NOTHING",
    /* SQL_UPSERT_CURRENT */
    [SQL_UPSERT_CURRENT] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source, probe_kind, error_kind) "
        "VALUES (?1, ?2, ?3, ?4, nullif(?5, -1), nullif(?6, 0), ?7, ?8, ?9) "
        "ON CONFLICT(model_id, region) DO UPDATE SET "
        "checked_at = excluded.checked_at, status = excluded.status, "
        "latency_ms = excluded.latency_ms, http_status = excluded.http_status, "
        "source = excluded.source, probe_kind = excluded.probe_kind, "
        "error_kind = excluded.error_kind "
        "WHERE excluded.checked_at > current_status.checked_at",
    [SQL_UPSERT_CURRENT_V5] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source) VALUES (?1, ?2, ?3, ?4, "
        "nullif(?5, -1), nullif(?6, 0), ?7) "
        "ON CONFLICT(model_id, region) DO UPDATE SET "
        "checked_at = excluded.checked_at, status = excluded.status, "
        "latency_ms = excluded.latency_ms, http_status = excluded.http_status, "
        "source = excluded.source "
        "WHERE excluded.checked_at > current_status.checked_at",
    /* SQL_FIND_ENDPOINT: the model of slug ?1, and whether it has region ?2 */
    /* SQL_MODEL_REGIONS: the regions of a model's endpoints, "a, b" */
    [SQL_MODEL_REGIONS] = "SELECT coalesce(group_concat(region, ', '), '') "
                          "FROM (SELECT region FROM endpoints "
                          "WHERE model_id = ?1 ORDER BY region)",
    [SQL_FIND_ENDPOINT] = "SELECT m.id, EXISTS (SELECT 1 FROM endpoints e "
                          "WHERE e.model_id = m.id AND e.region = ?2) "
                          "FROM models m WHERE m.slug = ?1",
    /* SQL_UPSERT_ROLLUP: counts and latency of one (model, region, hour) */
    [SQL_UPSERT_ROLLUP] =
        "INSERT INTO rollups_hourly(model_id, region, hour, n_operational, "
        "n_degraded, n_outage, latency_sum, latency_n, latency_max) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(model_id, region, hour) DO UPDATE SET "
        "n_operational = n_operational + excluded.n_operational, "
        "n_degraded = n_degraded + excluded.n_degraded, "
        "n_outage = n_outage + excluded.n_outage, "
        "latency_sum = latency_sum + excluded.latency_sum, "
        "latency_n = latency_n + excluded.latency_n, "
        "latency_max = max(latency_max, excluded.latency_max)",
    /* SQL_PRUNE_*: up to 10,000 checks before ?1 (through checks_time), and
     * the rollups of the hours before ?1 */
    [SQL_PRUNE_CHECKS] = "DELETE FROM checks WHERE id IN (SELECT id FROM "
                         "checks WHERE checked_at < ?1 LIMIT 10000)",
    [SQL_PRUNE_HOURLY] = "DELETE FROM rollups_hourly WHERE hour < ?1",
    [SQL_PRUNE_5MIN] = "DELETE FROM rollups_5min WHERE slot < ?1",
    /* SQL_UPSERT_5MIN: counts of one (model, region, 5-minute slot) */
    [SQL_UPSERT_5MIN] =
        "INSERT INTO rollups_5min(model_id, region, slot, n_operational, "
        "n_degraded, n_outage) VALUES (?1, ?2, ?3, ?4, ?5, ?6) "
        "ON CONFLICT(model_id, region, slot) DO UPDATE SET "
        "n_operational = n_operational + excluded.n_operational, "
        "n_degraded = n_degraded + excluded.n_degraded, "
        "n_outage = n_outage + excluded.n_outage",
    /* SQL_UPSERT_SLOT: as SQL_UPSERT_5MIN, and the slot's newest check
     * (?7 time, ?8 status) and the status of a check at its start (?9,
     * NULL: none) (version 4) */
    [SQL_UPSERT_SLOT] =
        "INSERT INTO rollups_5min(model_id, region, slot, n_operational, "
        "n_degraded, n_outage, last_at, last_status, start_status) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(model_id, region, slot) DO UPDATE SET "
        "n_operational = n_operational + excluded.n_operational, "
        "n_degraded = n_degraded + excluded.n_degraded, "
        "n_outage = n_outage + excluded.n_outage, "
        "last_status = CASE WHEN last_at IS NULL OR excluded.last_at > "
        "last_at THEN excluded.last_status ELSE last_status END, "
        "last_at = max(coalesce(last_at, 0), excluded.last_at), "
        "start_status = coalesce(excluded.start_status, start_status)",
    /* SQL_MODEL_SLOTS: one model's slots ?2 <= slot <= ?3 by region, then
     * slot, as SLOT_COLUMNS (one primary-key range per region) */
    [SQL_MODEL_SLOTS] =
        "SELECT r.region, r.slot, r.start_status, r.last_at, r.last_status "
        "FROM current_status c CROSS JOIN rollups_5min r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.slot >= ?2 AND r.slot <= ?3 "
        "WHERE c.model_id = ?1 ORDER BY c.region, r.slot",
    /* SQL_UPSERT_MODEL_ROLLUP: adds ?4..?6 checks and ?7..?9 sample
     * instants by status to (model ?1, width ?2, start ?3) */
    [SQL_UPSERT_MODEL_ROLLUP] =
        "INSERT INTO model_rollups(model_id, width, start, n_operational, "
        "n_degraded, n_outage, s_operational, s_degraded, s_outage) "
        "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) "
        "ON CONFLICT(width, start, model_id) DO UPDATE SET "
        "n_operational = n_operational + excluded.n_operational, "
        "n_degraded = n_degraded + excluded.n_degraded, "
        "n_outage = n_outage + excluded.n_outage, "
        "s_operational = s_operational + excluded.s_operational, "
        "s_degraded = s_degraded + excluded.s_degraded, "
        "s_outage = s_outage + excluded.s_outage",
    /* SQL_HIST_MODEL: the rows of width ?5 with ?4 <= start < ?2 and
     * their bucket of width ?3 from ?1, one primary-key range: (model id,
     * bucket, 3 check counts, 3 sample counts) */
    [SQL_HIST_MODEL] =
        "SELECT model_id, (start - ?1) / ?3, n_operational, n_degraded, "
        "n_outage, s_operational, s_degraded, s_outage FROM model_rollups "
        "WHERE width = ?5 AND start >= ?4 AND start < ?2",
    [SQL_PRUNE_MODEL] = "DELETE FROM model_rollups WHERE start < ?1",
    /* SQL_REBUILD_MODEL: the check counts of width ?1 from the checks */
    [SQL_REBUILD_MODEL] =
        "INSERT INTO model_rollups(model_id, width, start, n_operational, "
        "n_degraded, n_outage) SELECT model_id, ?1, checked_at - "
        "checked_at % ?1 AS start, sum(status = 'operational'), "
        "sum(status = 'degraded'), sum(status = 'outage') FROM checks "
        "GROUP BY model_id, start",
    /* SQL_FRESHNESS: the W the sample counts were made with, and whether
     * they are counted */
    [SQL_FRESHNESS] =
        "SELECT (SELECT value FROM aigo_meta WHERE key = 'samples_freshness'), "
        "coalesce((SELECT value FROM aigo_meta WHERE key = 'samples_built'), "
        "'0')",
    /* SQL_LIVE_CHECKS: every check in (?1, ?2] by model, region, time,
     * as (model id, SLOT_COLUMNS) with one check per row: one range of
     * the unique index per (model, region), no sort (a file whose slots
     * have no statuses yet) */
    [SQL_LIVE_CHECKS] =
        "SELECT c.model_id, c.region, k.checked_at, NULL, k.checked_at, "
        "k.status FROM current_status c CROSS JOIN checks k "
        "ON k.model_id = c.model_id AND k.region = c.region "
        "AND k.checked_at > ?1 AND k.checked_at <= ?2 "
        "ORDER BY c.model_id, c.region, k.checked_at",
    /* SQL_LIVE_SLOTS: every slot ?1 <= slot <= ?2, as (model id,
     * SLOT_COLUMNS, 3 check counts), in the key's order (slot first: one
     * range of it, version 5); ordered by model and region in C */
    [SQL_LIVE_SLOTS] =
        "SELECT r.model_id, r.region, r.slot, r.start_status, r.last_at, "
        "r.last_status, r.n_operational, r.n_degraded, r.n_outage "
        "FROM rollups_5min r WHERE r.slot >= ?1 AND r.slot <= ?2",
    /* SQL_REBUILD_*: the rollups counted afresh from the checks, and the
     * span of each model's slots (its first slot, its newest check) */
    [SQL_REBUILD_5MIN] =
        "INSERT INTO rollups_5min(model_id, region, slot, n_operational, "
        "n_degraded, n_outage, last_at, last_status, start_status) "
        "SELECT g.model_id, g.region, g.slot, g.o, g.d, g.x, g.last, "
        "(SELECT status FROM checks k WHERE k.model_id = g.model_id "
        "AND k.region = g.region AND k.checked_at = g.last), "
        "(SELECT status FROM checks k WHERE k.model_id = g.model_id "
        "AND k.region = g.region AND k.checked_at = g.slot) "
        "FROM (SELECT model_id, region, checked_at - checked_at % 300 AS "
        "slot, sum(status = 'operational') AS o, sum(status = 'degraded') "
        "AS d, sum(status = 'outage') AS x, max(checked_at) AS last "
        "FROM checks GROUP BY model_id, region, slot) g",
    [SQL_REBUILD_HOURLY] =
        "INSERT INTO rollups_hourly(model_id, region, hour, n_operational, "
        "n_degraded, n_outage, latency_sum, latency_n, latency_max) "
        "SELECT model_id, region, checked_at - checked_at % 3600 AS hour, "
        "sum(status = 'operational'), sum(status = 'degraded'), "
        "sum(status = 'outage'), coalesce(sum(latency_ms), 0), "
        "count(latency_ms), coalesce(max(latency_ms), 0) FROM checks "
        "GROUP BY model_id, region, hour",
    [SQL_REBUILD_SPANS] = "SELECT model_id, min(slot), max(last_at) "
                          "FROM rollups_5min GROUP BY model_id",
    /* SQL_FIRST_CHECK: the time of the database's first check (0: none) */
    [SQL_FIRST_CHECK] = "SELECT coalesce(min(checked_at), 0) FROM checks",
    /* SQL_COUNT_SOURCES: the checks of each source (one scan) */
    [SQL_COUNT_SOURCES] = "SELECT source, count(*) FROM checks GROUP BY source",
    /* SQL_DELETE_DEMO_*: the demo's checks, and the current statuses
     * that are one of them */
    [SQL_DELETE_DEMO_CHECKS] = "DELETE FROM checks WHERE source = 'demo'",
    [SQL_DELETE_DEMO_CURRENT] =
        "DELETE FROM current_status WHERE source = 'demo'",
    /* SQL_RESTORE_CURRENT: the latest check of each (model, region) that
     * has checks but no current status (SQLite takes the bare columns
     * from the row of the max) */
    [SQL_RESTORE_CURRENT] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source, probe_kind, error_kind) "
        "SELECT model_id, region, max(checked_at), status, latency_ms, "
        "http_status, source, probe_kind, error_kind FROM checks k "
        "WHERE NOT EXISTS (SELECT 1 FROM current_status c WHERE "
        "c.model_id = k.model_id AND c.region = k.region) "
        "GROUP BY model_id, region",
    /* SQL_PRUNE_DELIVERIES, SQL_PRUNE_OUTBOX (version 9): the events
     * written before ?1 that every channel is done with (fanned out, no
     * delivery pending), their deliveries first */
    [SQL_PRUNE_DELIVERIES] =
        "DELETE FROM outbox_deliveries WHERE event_id IN (SELECT o.id FROM "
        "outbox o WHERE o.created_at < ?1 AND o.fanned_out_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE "
        "d.event_id = o.id AND d.state = 'pending'))",
    [SQL_PRUNE_OUTBOX] =
        "DELETE FROM outbox WHERE created_at < ?1 AND fanned_out_at IS NOT "
        "NULL AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE "
        "d.event_id = outbox.id)",
    /* SQL_REBUILD_CLEAR: before a rebuild of every rollup (exec) */
    [SQL_REBUILD_CLEAR] = "DELETE FROM rollups_5min; DELETE FROM "
                          "rollups_hourly; DELETE FROM model_rollups",
    /* SQL_SET_SAMPLES_META: the samples were built with freshness ?1 */
    /* SQL_SENDER_LOCK: SQLite's sender holds a lock file instead */
    [SQL_SENDER_LOCK] = "SELECT 1",
    [SQL_SET_SAMPLES_META] =
        "INSERT OR REPLACE INTO aigo_meta(key, value) VALUES "
        "('samples_freshness', CAST(?1 AS TEXT)), ('samples_built', '1')",
    /* SQL_INSERT_CHECKS_SET: none (SQL_INSERT_CHECK per check) */
    [SQL_INSERT_CHECKS_SET] = NULL,
    /* SQL_MODEL_SLOTS_SET: none (SQL_MODEL_SLOTS per run) */
    [SQL_MODEL_SLOTS_SET] = NULL,
    /* SQL_UPSERT_*_SET: none (the one-row upsert per row) */
    [SQL_UPSERT_ROLLUP_SET] = NULL,
    [SQL_UPSERT_SLOT_SET] = NULL,
    [SQL_UPSERT_CURRENT_SET] = NULL,
    [SQL_UPSERT_MODEL_ROLLUP_SET] = NULL,
};

#define INC_COLS                                                               \
	"id, started_at, opened_at, resolved_at, closed_at, severity, "        \
	"peak_severity, regions, error_kinds"

static const char *const store_sqlite_inc[INC__MAX] = {
    /* INC_RULES: the thresholds the incidents are kept with */
    [INC_RULES] = "SELECT key, value FROM aigo_meta WHERE key GLOB "
                  "'incident_*'",
    /* INC_CURRENT: the latest check of each region of a model */
    [INC_CURRENT] =
        "SELECT checked_at, status FROM current_status WHERE model_id = ?1",
    /* INC_IN_EFFECT: the model's last automatic incident starting at or
     * before ?2 (incidents of a model never overlap) */
    [INC_IN_EFFECT] = "SELECT started_at, closed_at FROM incidents WHERE "
                      "model_id = ?1 AND source = 'auto' AND started_at <= "
                      "?2 ORDER BY started_at DESC LIMIT 1",
    /* INC_CHECKS: a model's checks from ?2 on, by region and time: one
     * range of the unique index per region */
    [INC_CHECKS] =
        "SELECT k.region, k.checked_at, k.status, k.error_kind FROM "
        "current_status c CROSS JOIN checks k ON k.model_id = c.model_id "
        "AND k.region = c.region AND k.checked_at >= ?2 AND k.checked_at "
        "< ?3 WHERE c.model_id = ?1 ORDER BY c.region, k.checked_at",
    [INC_OLD_MODEL] = "SELECT " INC_COLS " FROM incidents WHERE model_id = "
                      "?1 AND source = 'auto' AND started_at >= ?2 AND "
                      "started_at < ?3 ORDER BY started_at",
    [INC_OLD_PROVIDER] = "SELECT " INC_COLS " FROM incidents WHERE "
                         "provider_id = ?1 AND model_id IS NULL AND source "
                         "= 'auto' AND started_at >= ?2 ORDER BY started_at",
    /* INC_PROVIDER_IN_EFFECT: the provider's last automatic incident
     * starting at or before ?2 */
    [INC_PROVIDER_IN_EFFECT] =
        "SELECT started_at, resolved_at FROM incidents WHERE provider_id = "
        "?1 AND model_id IS NULL AND source = 'auto' AND started_at <= ?2 "
        "ORDER BY started_at DESC LIMIT 1",
    [INC_EVENTS] = "SELECT at, kind, severity FROM incident_events WHERE "
                   "incident_id = ?1 ORDER BY seq",
    [INC_INSERT] =
        "INSERT INTO incidents(provider_id, model_id, source, started_at, "
        "opened_at, resolved_at, closed_at, severity, peak_severity, "
        "regions, error_kinds) VALUES (?1, ?2, 'auto', ?3, ?4, ?5, ?6, ?7, "
        "?8, ?9, ?10) RETURNING id",
    [INC_UPDATE] = "UPDATE incidents SET opened_at = ?4, resolved_at = ?5, "
                   "closed_at = ?6, severity = ?7, peak_severity = ?8, "
                   "regions = ?9, error_kinds = ?10 WHERE id = ?1",
    [INC_DELETE] = "DELETE FROM incidents WHERE id = ?1",
    [INC_DELETE_EVENTS] = "DELETE FROM incident_events WHERE incident_id = ?1",
    [INC_INSERT_EVENT] = "INSERT INTO incident_events(incident_id, seq, at, "
                         "kind, severity) VALUES (?1, ?2, ?3, ?4, ?5)",
    [INC_MODEL_PROVIDER] = "SELECT provider_id FROM models WHERE id = ?1",
    [INC_ACTIVE_MODELS] = "SELECT count(*) FROM models WHERE provider_id = "
                          "?1 AND is_active = 1",
    /* INC_PROVIDER_MODEL_INCIDENTS: the automatic incidents of a
     * provider's active models in effect after ?2 (through the index on
     * the end: two ranges of it) */
    [INC_PROVIDER_MODEL_INCIDENTS] =
        "SELECT i." INC_COLS " FROM incidents i JOIN models m ON m.id = "
        "i.model_id WHERE i.provider_id = ?1 AND (i.resolved_at IS NULL OR "
        "i.resolved_at > ?2) AND m.is_active = 1 AND i.source = 'auto' "
        "ORDER BY i.started_at",
    [INC_DELETE_AUTO_EVENTS] =
        "DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM "
        "incidents WHERE source = 'auto')",
    [INC_DELETE_AUTO] = "DELETE FROM incidents WHERE source = 'auto'",
    /* (In id order: the rebuild hands out new ids in this order.) */
    [INC_ALL_MODELS] = "SELECT DISTINCT model_id FROM current_status "
                       "ORDER BY model_id",
    [INC_ALL_PROVIDERS] = "SELECT id FROM providers ORDER BY id",
    [INC_SET_RULE] =
        "INSERT OR REPLACE INTO aigo_meta(key, value) VALUES (?1, ?2)",
    /* INC_LIST: the newest ?2 incidents (?1: open ones only) */
    [INC_LIST] =
        "SELECT i." INC_COLS ", p.slug, m.slug, i.source FROM incidents i "
        "JOIN providers p ON p.id = i.provider_id LEFT JOIN models m ON "
        "m.id = i.model_id WHERE ?1 = 0 OR i.resolved_at IS NULL ORDER BY "
        "i.started_at DESC, i.id DESC LIMIT ?2",
    [INC_COUNT] = "SELECT coalesce(sum(model_id IS NOT NULL), 0), "
                  "coalesce(sum(model_id IS NULL), 0) FROM incidents "
                  "WHERE source = 'auto'",
    /* INC_*_SET: none (the one-model reads per model) */
    [INC_CURRENT_SET] = NULL,
    [INC_IN_EFFECT_SET] = NULL,
    [INC_CHECKS_SET] = NULL,
    [INC_OLD_MODEL_SET] = NULL,
};

/* The columns of an incident as shown, of incidents i joined with their
 * provider p and model m (T: the title column, NULL before version 8). */
#define VIEW_COLS(T)                                                           \
	"i.id, i.started_at, i.opened_at, i.resolved_at, i.closed_at, "        \
	"i.severity, i.peak_severity, i.regions, i.error_kinds, p.slug, "      \
	"p.name, m.slug, m.name, i.source, " T ", i.provider_id, "             \
	"count(*) OVER ()"

/* (The provider's id is column 15; column 16 counts all the rows the
 * filter selects, before LIMIT and OFFSET.) Which incidents: ?1 state (0
 * any, 1 open, 2 resolved), ?2 a provider's slug (NULL: any), ?3 a
 * model's (NULL: any), in effect in [?4, ?5) (0: unbounded), ?6 one id (0:
 * any). */
#define VIEW_JOIN                                                              \
	" FROM incidents i JOIN providers p ON p.id = i.provider_id LEFT "     \
	"JOIN models m ON m.id = i.model_id WHERE "
#define VIEW_FILTERS                                                           \
	" AND (?2 IS NULL OR p.slug = ?2) AND (?3 IS NULL OR m.slug = ?3) "    \
	"AND (?4 = 0 OR i.resolved_at IS NULL OR i.resolved_at > ?4) AND "     \
	"(?5 = 0 OR i.started_at < ?5) AND (?6 = 0 OR i.id = ?6)"
#define VIEW_FROM                                                              \
	VIEW_JOIN "(?1 = 0 OR (?1 = 1) = (i.resolved_at IS "                   \
	          "NULL))" VIEW_FILTERS
/* The open ones (?1 = 1) with their condition as it is: PostgreSQL's
 * plan reaches them by an index (?1 = 0 OR … reaches none); SQLite reads
 * every incident either way */
#define VIEW_FROM_OPEN VIEW_JOIN "?1 = 1 AND i.resolved_at IS NULL" VIEW_FILTERS

#define VIEW_PAGE " ORDER BY i.started_at DESC, i.id DESC LIMIT ?7 OFFSET ?8"

static const char *const store_sqlite_view[VIEW__MAX] = {
    [VIEW_LIST_V7] = "SELECT " VIEW_COLS("NULL") VIEW_FROM VIEW_PAGE,
    [VIEW_LIST] = "SELECT " VIEW_COLS("i.title") VIEW_FROM VIEW_PAGE,
    /* VIEW_LIST_OPEN: VIEW_LIST's rows when ?1 is 1 (the open incidents;
     * none when it is not): store.c takes it for a list of open ones */
    [VIEW_LIST_OPEN] = "SELECT " VIEW_COLS("i.title") VIEW_FROM_OPEN VIEW_PAGE,
    [VIEW_COUNT] = "SELECT count(*)" VIEW_FROM,
    /* VIEW_UPDATES: an incident's updates, oldest first */
    [VIEW_UPDATES] = "SELECT id, at, state, body, author FROM "
                     "incident_updates WHERE incident_id = ?1 ORDER BY at, "
                     "id",
    /* VIEW_MODELS: the names of the models of provider ?1 with an
     * incident in effect at some instant of [?2, ?3) (?3 NULL: open) */
    [VIEW_MODELS] =
        "SELECT DISTINCT m.name FROM incidents i JOIN models m ON m.id = "
        "i.model_id WHERE i.provider_id = ?1 AND (i.resolved_at IS NULL OR "
        "i.resolved_at > ?2) AND (?3 IS NULL OR i.started_at < ?3) ORDER "
        "BY m.name",
    /* VIEW_MAINT: the windows ending after ?1 and starting before ?2 (0:
     * any), cancelled ones with ?3 */
    [VIEW_MAINT] = "SELECT id, title, note, starts_at, ends_at, created_at, "
                   "updated_at, cancelled_at FROM maintenances WHERE "
                   "ends_at > ?1 AND (?2 = 0 OR starts_at < ?2) AND (?3 "
                   "OR cancelled_at IS NULL) ORDER BY starts_at, id",
    /* VIEW_MAINT_TARGETS: a window's targets, whole providers first */
    [VIEW_MAINT_TARGETS] =
        "SELECT p.slug, p.name, m.slug, m.name FROM maintenance_targets t "
        "JOIN providers p ON p.id = t.provider_id LEFT JOIN models m ON "
        "m.id = t.model_id WHERE t.maintenance_id = ?1 ORDER BY p.slug, "
        "m.slug IS NOT NULL, m.slug",
    [VIEW_PROVIDER_ID] = "SELECT id FROM providers WHERE slug = ?1",
    [VIEW_MODEL_ID] = "SELECT id, provider_id FROM models WHERE slug = ?1",
    /* VIEW_INSERT_MANUAL: opened when it started; ?4: resolved at once */
    [VIEW_INSERT_MANUAL] =
        "INSERT INTO incidents(provider_id, model_id, source, started_at, "
        "opened_at, resolved_at, closed_at, severity, peak_severity, title) "
        "VALUES (?1, ?2, 'manual', ?3, ?3, ?4, ?4, ?5, ?5, ?6) RETURNING id",
    /* VIEW_INSERT_EVENT: the next event of incident ?1 */
    [VIEW_INSERT_EVENT] =
        "INSERT INTO incident_events(incident_id, seq, at, kind, severity) "
        "VALUES (?1, (SELECT coalesce(max(seq) + 1, 0) FROM incident_events "
        "WHERE incident_id = ?1), ?2, ?3, ?4)",
    [VIEW_INSERT_UPDATE] = "INSERT INTO incident_updates(incident_id, at, "
                           "state, body, author) VALUES (?1, ?2, ?3, ?4, ?5) "
                           "RETURNING id",
    [VIEW_INCIDENT] = "SELECT source, started_at, resolved_at, severity, "
                      "peak_severity FROM incidents WHERE id = ?1",
    [VIEW_RESOLVE] =
        "UPDATE incidents SET resolved_at = ?2, closed_at = ?2 WHERE id = ?1",
    [VIEW_SET_TITLE] = "UPDATE incidents SET title = ?2 WHERE id = ?1",
    [VIEW_SET_SEVERITY] = "UPDATE incidents SET severity = ?2, "
                          "peak_severity = ?3 WHERE id = ?1",
    [VIEW_MAINT_INSERT] =
        "INSERT INTO maintenances(title, note, starts_at, ends_at, "
        "created_at, updated_at, author) VALUES (?1, ?2, ?3, ?4, ?5, ?5, ?6) "
        "RETURNING id",
    [VIEW_MAINT_ONE] = "SELECT title, note, starts_at, ends_at, created_at, "
                       "cancelled_at FROM maintenances WHERE id = ?1",
    /* VIEW_MAINT_UPDATE: never before its creation (a clock set back) */
    [VIEW_MAINT_UPDATE] =
        "UPDATE maintenances SET title = ?2, note = ?3, starts_at = ?4, "
        "ends_at = ?5, updated_at = max(?6, created_at), cancelled_at = "
        "CASE WHEN ?7 THEN max(?6, created_at) END WHERE id = ?1",
    [VIEW_TARGETS_DELETE] =
        "DELETE FROM maintenance_targets WHERE maintenance_id = ?1",
    [VIEW_TARGET_INSERT] = "INSERT INTO maintenance_targets(maintenance_id, "
                           "provider_id, model_id) VALUES (?1, ?2, ?3)",
    [VIEW_UPDATES_OF] =
        "SELECT id, at FROM incident_updates WHERE incident_id = ?1 "
        "ORDER BY at, id",
    /* VIEW_FOLLOW_TARGET: where an update at ?6 of the automatic incident
     * ?3 of (?1, ?2) over [?4, ?5) goes when it is replaced: the other
     * automatic incident of the same model (or provider) overlapping it
     * that started last at or before ?6, else the first one after */
    [VIEW_FOLLOW_TARGET] =
        "SELECT id FROM incidents WHERE source = 'auto' AND provider_id = "
        "?1 AND model_id IS ?2 AND id != ?3 AND started_at < ?5 AND "
        "(resolved_at IS NULL OR resolved_at > ?4) ORDER BY started_at <= "
        "?6 DESC, CASE WHEN started_at <= ?6 THEN -started_at ELSE "
        "started_at END LIMIT 1",
    [VIEW_MOVE_UPDATE] =
        "UPDATE incident_updates SET incident_id = ?2 WHERE id = ?1",
    [VIEW_TO_MANUAL] = "UPDATE incidents SET source = 'manual' WHERE id = ?1",
    /* VIEW_DELETE_AUTO_*_FREE: the rebuild's start: the automatic
     * incidents without updates (those with updates are matched, or
     * their updates follow, as in the write path) */
    [VIEW_DELETE_AUTO_EVENTS_FREE] =
        "DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM "
        "incidents i WHERE source = 'auto' AND NOT EXISTS (SELECT 1 FROM "
        "incident_updates u WHERE u.incident_id = i.id))",
    [VIEW_DELETE_AUTO_FREE] =
        "DELETE FROM incidents WHERE source = 'auto' AND NOT EXISTS (SELECT "
        "1 FROM incident_updates u WHERE u.incident_id = incidents.id)",
    /* VIEW_STALE_TO_MANUAL: after the rebuild's models: an automatic
     * model incident with updates that starts before its model's first
     * check (checks deleted or pruned) was not computed again */
    [VIEW_STALE_TO_MANUAL] =
        "UPDATE incidents SET source = 'manual' WHERE source = 'auto' AND "
        "model_id IS NOT NULL AND EXISTS (SELECT 1 FROM incident_updates u "
        "WHERE u.incident_id = incidents.id) AND started_at < coalesce(("
        "SELECT min(checked_at) FROM checks k WHERE k.model_id = "
        "incidents.model_id), 9223372036854775807)",
    /* VIEW_SNAP_*: the snapshot's incidents and maintenance written into
     * the in-memory database (store_fill_memory), with their ids; the
     * provider and model by slug */
    [VIEW_SNAP_INCIDENT] =
        "INSERT INTO incidents(id, provider_id, model_id, source, "
        "started_at, opened_at, resolved_at, closed_at, severity, "
        "peak_severity, regions, error_kinds, title) VALUES (?1, (SELECT "
        "id FROM providers WHERE slug = ?2), (SELECT id FROM models WHERE "
        "slug = ?3), ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)",
    [VIEW_SNAP_EVENT] = "INSERT INTO incident_events(incident_id, seq, at, "
                        "kind, severity) VALUES (?1, ?2, ?3, ?4, ?5)",
    [VIEW_SNAP_UPDATE] = "INSERT INTO incident_updates(id, incident_id, at, "
                         "state, body, author) VALUES (?1, ?2, ?3, ?4, ?5, "
                         "?6)",
    [VIEW_SNAP_MAINT] =
        "INSERT INTO maintenances(id, title, note, starts_at, ends_at, "
        "created_at, updated_at, cancelled_at, author) VALUES (?1, ?2, ?3, "
        "?4, ?5, ?6, ?7, ?8, 'snapshot')",
    [VIEW_SNAP_TARGET] =
        "INSERT INTO maintenance_targets(maintenance_id, provider_id, "
        "model_id) VALUES (?1, (SELECT id FROM providers WHERE slug = ?2), "
        "(SELECT id FROM models WHERE slug = ?3))",
};

static const char *const store_sqlite_pst[PST__MAX] = {
    [PST_FIND_PROVIDER] = "SELECT id FROM providers WHERE slug = ?1",
    /* PST_SET_COMPONENTS: a model's statusComponents, one per line */
    [PST_SET_COMPONENTS] =
        "UPDATE models SET status_components = ?2 WHERE id = ?1",
    [PST_FORGET_STATUS] = "DELETE FROM provider_status WHERE provider_id = ?1",
    [PST_FORGET_COMPONENTS] =
        "DELETE FROM provider_components WHERE provider_id = ?1",
    [PST_FORGET_INCIDENTS] =
        "DELETE FROM provider_incidents WHERE provider_id = ?1",
    /* PST_UPSERT_OK: an answer read at ?3 */
    [PST_UPSERT_OK] =
        "INSERT INTO provider_status(provider_id, format, checked_at, ok_at, "
        "indicator, description, error) VALUES (?1, ?2, ?3, ?3, ?4, ?5, "
        "NULL) ON CONFLICT(provider_id) DO UPDATE SET format = "
        "excluded.format, checked_at = excluded.checked_at, ok_at = "
        "excluded.ok_at, indicator = excluded.indicator, description = "
        "excluded.description, error = NULL",
    /* PST_UPSERT_FAILED: an attempt at ?3 that failed: the last answer
     * (ok_at, indicator, description) stays */
    [PST_UPSERT_FAILED] =
        "INSERT INTO provider_status(provider_id, format, checked_at, error) "
        "VALUES (?1, ?2, ?3, ?4) ON CONFLICT(provider_id) DO UPDATE SET "
        "format = excluded.format, checked_at = excluded.checked_at, "
        "ok_at = CASE WHEN provider_status.ok_at <= excluded.checked_at "
        "THEN provider_status.ok_at END, error = excluded.error",
    [PST_INSERT_COMPONENT] = "INSERT INTO provider_components(provider_id, "
                             "name, status) VALUES (?1, ?2, ?3)",
    [PST_INSERT_INCIDENT] =
        "INSERT INTO provider_incidents(provider_id, ext_id, name, status, "
        "impact, started_at, updated_at, url, components) VALUES (?1, ?2, "
        "?3, ?4, ?5, nullif(?6, 0), nullif(?7, 0), ?8, ?9)",
    [PST_READ_STATUS] = "SELECT provider_id, checked_at, ok_at, indicator, "
                        "description, error FROM provider_status",
    [PST_READ_COMPONENTS] = "SELECT provider_id, name, status FROM "
                            "provider_components ORDER BY provider_id, name",
    [PST_READ_INCIDENTS] =
        "SELECT provider_id, ext_id, name, status, impact, started_at, "
        "updated_at, url, components FROM provider_incidents ORDER BY "
        "provider_id, started_at DESC, ext_id",
    [PST_READ_MODEL_COMPONENTS] =
        "SELECT id, status_components FROM models WHERE status_components "
        "<> ''",
};

/* An event's columns for a reader: id, kind, key, occurred_at,
 * created_at, payload. */
#define OB_EV_COLS "o.id, o.kind, o.key, o.occurred_at, o.created_at, o.payload"

static const char *const store_sqlite_ob[OB__MAX] = {
    /* OB_NAMES: the slugs and names of provider ?1 and model ?2 */
    [OB_NAMES] = "SELECT p.slug, p.name, m.slug, m.name FROM providers p "
                 "LEFT JOIN models m ON m.id = ?2 WHERE p.id = ?1",
    [OB_INSERT] =
        "INSERT INTO outbox(kind, key, occurred_at, created_at, "
        "incident_id, maintenance_id, provider_id, model_id, severity, "
        "payload) VALUES (?1, lower(hex(randomblob(16))), ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9)",
    /* OB_INSERT_ONCE: a maintenance event (the unique index on kind,
     * window and instant keeps it to one) */
    [OB_INSERT_ONCE] =
        "INSERT INTO outbox(kind, key, occurred_at, created_at, "
        "incident_id, maintenance_id, provider_id, model_id, severity, "
        "payload) VALUES (?1, lower(hex(randomblob(16))), ?2, ?3, ?4, ?5, "
        "?6, ?7, ?8, ?9) ON CONFLICT (kind, maintenance_id, occurred_at) "
        "WHERE maintenance_id IS NOT NULL DO NOTHING",
    /* OB_INCIDENT: what an event of incident ?1 says of it */
    [OB_INCIDENT] = "SELECT provider_id, model_id, source, title, regions, "
                    "started_at, resolved_at, severity FROM incidents "
                    "WHERE id = ?1",
    [OB_UNFANNED] = "SELECT " OB_EV_COLS " FROM outbox o WHERE "
                    "o.fanned_out_at IS NULL ORDER BY o.id LIMIT ?1",
    [OB_FANNED] = "SELECT fanned_out_at IS NOT NULL FROM outbox WHERE id = ?1",
    [OB_DELIVERY_INSERT] =
        "INSERT INTO outbox_deliveries(event_id, channel, state, "
        "attempts, next_at, done_at) VALUES (?1, ?2, ?3, 0, ?4, ?5) "
        "ON CONFLICT (event_id, channel) DO NOTHING",
    [OB_MARK_FANNED] = "UPDATE outbox SET fanned_out_at = ?2 WHERE id = ?1",
    /* OB_HEAD: channel ?1's oldest pending delivery */
    [OB_HEAD] = "SELECT " OB_EV_COLS ", d.attempts, d.next_at, "
                "o.incident_id FROM outbox_deliveries d JOIN outbox o ON "
                "o.id = d.event_id WHERE d.channel = ?1 AND d.state = "
                "'pending' ORDER BY d.event_id LIMIT 1",
    /* OB_LAST_SENT: when channel ?1 last took an event of incident ?2 */
    [OB_LAST_SENT] = "SELECT max(d.done_at) FROM outbox o JOIN "
                     "outbox_deliveries d ON d.event_id = o.id AND "
                     "d.channel = ?1 WHERE o.incident_id = ?2 AND d.state "
                     "= 'delivered'",
    /* OB_NEWER: a later event (than ?3) of incident ?2 pending on ?1 */
    [OB_NEWER] = "SELECT EXISTS (SELECT 1 FROM outbox o JOIN "
                 "outbox_deliveries d ON d.event_id = o.id AND d.channel = "
                 "?1 WHERE o.incident_id = ?2 AND o.id > ?3 AND d.state = "
                 "'pending')",
    /* OB_RECORD: an attempt (?10 = 1: its time, status and error) or a
     * decision on a pending delivery; ?4: failed attempts to add */
    [OB_RECORD] =
        "UPDATE outbox_deliveries SET state = ?3, attempts = attempts + ?4, "
        "next_at = ?5, last_at = CASE WHEN ?10 THEN ?6 ELSE last_at END, "
        "last_status = CASE WHEN ?10 THEN ?7 ELSE last_status END, "
        "last_error = CASE WHEN ?10 THEN ?8 ELSE last_error END, done_at = "
        "?9 WHERE event_id = ?1 AND channel = ?2 AND state = 'pending'",
    [OB_COUNT] = "INSERT INTO notify_counters(channel, delivered, failed, "
                 "given_up) VALUES (?1, ?2, ?3, ?4) ON CONFLICT(channel) DO "
                 "UPDATE SET delivered = delivered + excluded.delivered, "
                 "failed = failed + excluded.failed, given_up = given_up + "
                 "excluded.given_up",
    /* OB_COVERS: a standing window over instant ?3 naming provider ?1 as
     * a whole or its model ?2 (NULL: the provider as a whole) */
    [OB_COVERS] = "SELECT EXISTS (SELECT 1 FROM maintenances w JOIN "
                  "maintenance_targets t ON t.maintenance_id = w.id WHERE "
                  "w.cancelled_at IS NULL AND w.starts_at <= ?3 AND ?3 < "
                  "w.ends_at AND t.provider_id = ?1 AND (t.model_id IS "
                  "NULL OR t.model_id = ?2))",
    /* OB_MAINT_DUE: the standing windows starting or ending in (?1, ?2] */
    [OB_MAINT_DUE] = "SELECT id, title, starts_at, ends_at FROM "
                     "maintenances WHERE cancelled_at IS NULL AND "
                     "((starts_at > ?1 AND starts_at <= ?2) OR (ends_at > "
                     "?1 AND ends_at <= ?2)) ORDER BY starts_at, id",
    /* OB_LIST: the newest ?2 deliveries and events not fanned out (?1:
     * only those not final), newest first */
    [OB_LIST] =
        "SELECT o.id, o.created_at, o.occurred_at, o.kind, o.incident_id, "
        "o.maintenance_id, p.slug, m.slug, d.channel, d.state, d.attempts, "
        "d.next_at, d.done_at, d.last_status, d.last_error FROM outbox o "
        "LEFT JOIN outbox_deliveries d ON d.event_id = o.id LEFT JOIN "
        "providers p ON p.id = o.provider_id LEFT JOIN models m ON m.id = "
        "o.model_id WHERE (d.channel IS NOT NULL OR o.fanned_out_at IS "
        "NULL) AND (?1 = 0 OR d.state IS NULL OR d.state = 'pending') "
        "ORDER BY o.id DESC, d.channel LIMIT ?2",
    /* OB_QUEUE: pending deliveries and events not fanned out, and the
     * oldest creation among them */
    [OB_QUEUE] =
        "SELECT (SELECT count(*) FROM outbox_deliveries WHERE state = "
        "'pending') + (SELECT count(*) FROM outbox WHERE fanned_out_at IS "
        "NULL), min(ifnull((SELECT min(created_at) FROM outbox WHERE "
        "fanned_out_at IS NULL), 9223372036854775807), ifnull((SELECT "
        "min(o.created_at) FROM outbox_deliveries d JOIN outbox o ON o.id "
        "= d.event_id WHERE d.state = 'pending'), 9223372036854775807))",
    /* OB_CHANNELS: every channel with counters or deliveries */
    [OB_CHANNELS] =
        "SELECT c.channel, ifnull(n.delivered, 0), ifnull(n.failed, 0), "
        "ifnull(n.given_up, 0), (SELECT count(*) FROM outbox_deliveries d "
        "WHERE d.channel = c.channel AND d.state = 'pending') FROM (SELECT "
        "channel FROM notify_counters UNION SELECT DISTINCT channel FROM "
        "outbox_deliveries) c LEFT JOIN notify_counters n ON n.channel = "
        "c.channel ORDER BY c.channel",
};
static const char *const store_sqlite_tx[TX__MAX] = {
    [TX_BEGIN_READ] = "BEGIN",
    /* IMMEDIATE: the write lock at once, so a writer waits (busy
     * timeout) at BEGIN instead of failing at its first write */
    [TX_BEGIN_WRITE] = "BEGIN IMMEDIATE",
    [TX_COMMIT_READ] = "COMMIT",
    [TX_COMMIT_WRITE] = "COMMIT",
    [TX_ROLLBACK] = "ROLLBACK",
    [TX_BEGIN_SCHEMA] = "BEGIN IMMEDIATE",
    [TX_CHECKPOINT] = "PRAGMA wal_checkpoint(TRUNCATE)",
    [TX_DURABLE] = "PRAGMA synchronous = FULL",
    /* TX_BEGIN_BATCH: one writer at a time from the start */
    [TX_BEGIN_BATCH] = "BEGIN IMMEDIATE",
    [TX_LOCK_WRITE] = NULL,
};

const struct store_dialect store_sqlite_dialect = {
    .name = "SQLite",
    .sql = store_sqlite_sql,
    .inc = store_sqlite_inc,
    .view = store_sqlite_view,
    .pst = store_sqlite_pst,
    .ob = store_sqlite_ob,
    .tx = store_sqlite_tx,
    .param = '?',
    .copy_done = NULL,
};
