/* store_sql_pg.c: every statement of the store in PostgreSQL's dialect (15, db/schema-pg.sql; the names are store_sql.h's). */
#include "store_sql.h"

#include <stddef.h>

/* The twin of store_sql_sqlite.c, statement by statement: the same rows
 * in the same order, the same columns, the same parameters. The driver
 * (store_pg.c) sends every parameter as text and reads every column as
 * text, so a parameter whose type PostgreSQL cannot infer from a column
 * is cast ($1::bigint), and a boolean or a sum shown as a column is cast
 * to an integer (PostgreSQL would print t/f, or a numeric). What differs
 * from SQLite and why: docs/postgresql.md, "The statements". */

#define PROBE_COLS(t)                                                          \
	t "probe_kind, " t "error_kind, " t "dns_ms, " t "connect_ms, " t      \
	  "tls_ms, " t "first_byte_ms, " t "ttft_ms"

/* A LIMIT of parameter N: SQLite takes a negative limit (store.c binds
 * -1) for none, PostgreSQL refuses it; NULL is none there. */
#define PG_LIMIT(n) "CASE WHEN " n "::bigint >= 0 THEN " n "::bigint END"

/* The rows of a set-based upsert (_SET): its nine parameters, arrays of
 * the types t1..t9, unnested in the select list (a ProjectSet: element
 * by element, with no tuplestore, as unnest(...) in FROM would fill) */
#define PG_UNNEST9(t1, t2, t3, t4, t5, t6, t7, t8, t9)                         \
	"SELECT unnest($1::" t1 "[]), unnest($2::" t2 "[]), unnest($3::" t3    \
	"[]), unnest($4::" t4 "[]), unnest($5::" t5 "[]), unnest($6::" t6      \
	"[]), unnest($7::" t7 "[]), unnest($8::" t8 "[]), unnest($9::" t9      \
	"[]) "

/* The (element, region) pairs of a set-based read of ranges: arrays $1
 * (models), $2 and $3 (each element's bounds), joined with the model's
 * regions in current_status, as p(k, lo, hi, model_id, region, rc): k
 * the element's place (from 1), rc the region in "C" order. Sorted by k,
 * rc in a subquery that OFFSET 0 keeps apart, so that a read of one
 * ordered index range per pair sorts its rows by (k, rc, its key) with
 * an incremental sort (the pairs' order kept, each pair's rows already
 * in order) rather than all of them */
#define PG_PAIRS_SORTED                                                        \
	"(SELECT q.k, q.lo, q.hi, c.model_id, c.region, c.region COLLATE "     \
	"\"C\" AS rc FROM unnest($1::bigint[], $2::bigint[], $3::bigint[]) "   \
	"WITH ORDINALITY AS q(m, lo, hi, k) JOIN current_status c ON "         \
	"c.model_id = q.m ORDER BY 1, 6 OFFSET 0) p"

/* How an upsert merges into the row already there: the one-row and the
 * set-based (_SET) forms of a table's upsert share it. */
#define PG_ADD_COUNTS                                                          \
	"n_operational = t.n_operational + excluded.n_operational, "           \
	"n_degraded = t.n_degraded + excluded.n_degraded, "                    \
	"n_outage = t.n_outage + excluded.n_outage"
#define PG_MERGE_CURRENT                                                       \
	"ON CONFLICT(model_id, region) DO UPDATE SET "                         \
	"checked_at = excluded.checked_at, status = excluded.status, "         \
	"latency_ms = excluded.latency_ms, http_status = "                     \
	"excluded.http_status, "                                               \
	"source = excluded.source, probe_kind = excluded.probe_kind, "         \
	"error_kind = excluded.error_kind "                                    \
	"WHERE excluded.checked_at > current_status.checked_at"
#define PG_MERGE_HOURLY                                                        \
	"ON CONFLICT(model_id, region, hour) DO UPDATE SET " PG_ADD_COUNTS     \
	", latency_sum = t.latency_sum + excluded.latency_sum, "               \
	"latency_n = t.latency_n + excluded.latency_n, "                       \
	"latency_max = greatest(t.latency_max, excluded.latency_max)"
#define PG_MERGE_SLOT                                                          \
	"ON CONFLICT(model_id, region, slot) DO UPDATE SET " PG_ADD_COUNTS     \
	", last_status = CASE WHEN t.last_at IS NULL OR excluded.last_at > "   \
	"t.last_at THEN excluded.last_status ELSE t.last_status END, "         \
	"last_at = CASE WHEN excluded.last_at IS NOT NULL THEN "               \
	"greatest(coalesce(t.last_at, 0), excluded.last_at) END, "             \
	"start_status = coalesce(excluded.start_status, t.start_status)"
#define PG_MERGE_MODEL                                                         \
	"ON CONFLICT(width, start, model_id) DO UPDATE SET " PG_ADD_COUNTS     \
	", s_operational = t.s_operational + excluded.s_operational, "         \
	"s_degraded = t.s_degraded + excluded.s_degraded, "                    \
	"s_outage = t.s_outage + excluded.s_outage"

static const char *const store_pg_sql[SQL__MAX] = {
    /* SQL_PROVIDERS: COLLATE NOCASE is lower() of the C collation (ASCII
     * only, as NOCASE). Every text a PostgreSQL statement sorts is
     * COLLATE "C", SQLite's byte order, whatever the database's own
     * collation (en_US would sort "acme-two" among "acmet...") */
    [SQL_PROVIDERS] =
        "SELECT id, slug, name, website, status_page FROM providers "
        "ORDER BY lower(name COLLATE \"C\"), slug COLLATE \"C\"",
    /* SQL_MODELS: sorted in C; by id here too (SQLite's rowid order) */
    [SQL_MODELS] = "SELECT id, provider_id, slug, name, modalities, "
                   "coalesce(context_window, 0), is_active FROM models "
                   "ORDER BY id",
    [SQL_LATEST] = "SELECT model_id, region, checked_at, status, latency_ms, "
                   "http_status, probe_kind, error_kind FROM current_status",
    [SQL_LATEST_V5] = NULL,
    [SQL_LATEST_BEFORE] =
        "SELECT checked_at, status, latency_ms, http_status, probe_kind, "
        "error_kind FROM checks "
        "WHERE model_id = $1 AND region = $2 AND checked_at <= $3 "
        "ORDER BY checked_at DESC LIMIT 1",
    [SQL_LATEST_BEFORE_V5] = NULL,
    [SQL_ENDPOINT_PAIRS] = "SELECT model_id, region FROM endpoints",
    /* SQL_WINDOW_ROLLUPS and the like: CROSS JOIN ... ON (SQLite's way
     * of fixing the join order) is JOIN ... ON */
    [SQL_WINDOW_ROLLUPS] =
        "SELECT r.model_id, 0, r.n_operational, r.n_degraded, r.n_outage "
        "FROM current_status c JOIN rollups_hourly r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.hour >= $1 AND r.hour < $2",
    [SQL_WINDOW_5MIN] =
        "SELECT r.model_id, 0, r.n_operational, r.n_degraded, r.n_outage "
        "FROM rollups_5min r JOIN current_status c "
        "ON c.model_id = r.model_id AND c.region = r.region "
        "WHERE r.slot >= $1 AND r.slot < $2",
    [SQL_WINDOW_MODEL] =
        "SELECT model_id, 0, n_operational, n_degraded, n_outage "
        "FROM model_rollups WHERE width = $3 AND start >= $1 AND start < $2",
    [SQL_WINDOW] = "SELECT model_id, 0, status FROM checks "
                   "WHERE checked_at > $1 AND checked_at <= $2",
    /* SQL_HIST_*: bigint / bigint truncates toward zero, as SQLite */
    [SQL_HIST_CHECKS] =
        "SELECT model_id, (checked_at - $1::bigint) / $3::bigint, status "
        "FROM checks WHERE checked_at >= $4 AND checked_at < $2",
    [SQL_HIST_ROLLUPS] =
        "SELECT r.model_id, (r.hour - $1::bigint) / $3::bigint, "
        "r.n_operational, r.n_degraded, r.n_outage "
        "FROM current_status c JOIN rollups_hourly r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.hour >= $4 AND r.hour < $2",
    [SQL_HIST_5MIN] = "SELECT r.model_id, (r.slot - $1::bigint) / $3::bigint, "
                      "r.n_operational, r.n_degraded, r.n_outage "
                      "FROM rollups_5min r JOIN current_status c "
                      "ON c.model_id = r.model_id AND c.region = r.region "
                      "WHERE r.slot >= $4 AND r.slot < $2",
    [SQL_IS_DEMO] = "SELECT EXISTS (SELECT 1 FROM current_status "
                    "WHERE source = 'demo')::int",
    /* SQL_USER_VERSION: PostgreSQL has no user version; aigo_meta's row */
    [SQL_USER_VERSION] =
        "SELECT value::bigint FROM aigo_meta WHERE key = 'schema_version'",
    /* SQL_DATA_VERSION: the generation every write advances (a row, read
     * in the transaction's snapshot) */
    [SQL_DATA_VERSION] = "SELECT value FROM aigo_generation",
    [SQL_MODEL_CHECKS] =
        "SELECT region, checked_at, status, latency_ms, http_status, "
        "error, " PROBE_COLS(
            "") " FROM checks WHERE model_id = $1 AND checked_at >= $2 "
                "AND checked_at < $3 ORDER BY region COLLATE \"C\", checked_at",
    [SQL_MODEL_CHECKS_V5] = NULL,
    /* SQL_RECENT_CHECKS: SQLite's "rowid IN (a LIMITed subquery)" per
     * endpoint is a LATERAL subquery */
    [SQL_RECENT_CHECKS] =
        "SELECT c.region, c.checked_at, c.status, c.latency_ms, "
        "c.http_status, c.error, " PROBE_COLS(
            "c.") " FROM endpoints e CROSS JOIN LATERAL (SELECT k.* FROM "
                  "checks k WHERE k.model_id = e.model_id AND k.region = "
                  "e.region AND k.checked_at <= $2 ORDER BY k.checked_at "
                  "DESC LIMIT " PG_LIMIT(
                      "$3") ") c WHERE e.model_id = $1 "
                            "ORDER BY c.checked_at DESC, "
                            "c.region COLLATE \"C\" LIMIT " PG_LIMIT("$3"),
    [SQL_RECENT_CHECKS_V5] = NULL,
    [SQL_UPSERT_PROVIDER] =
        "INSERT INTO providers(slug, name, website, status_page) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT(slug) DO UPDATE SET "
        "name = excluded.name, website = excluded.website, "
        "status_page = excluded.status_page RETURNING id",
    /* SQL_UPSERT_MODEL and the others with nullif: the parameter is cast,
     * or nullif would take the type of the literal (integer, 32 bits) */
    [SQL_UPSERT_MODEL] =
        "INSERT INTO models(provider_id, slug, name, modalities, "
        "context_window, released_at, deprecated_at, is_active) "
        "VALUES ($1, $2, $3, $4, nullif($5::bigint, 0), $6, $7, $8) "
        "ON CONFLICT(slug) DO UPDATE SET provider_id = excluded.provider_id, "
        "name = excluded.name, modalities = excluded.modalities, "
        "context_window = excluded.context_window, "
        "released_at = excluded.released_at, "
        "deprecated_at = excluded.deprecated_at, "
        "is_active = excluded.is_active RETURNING id",
    [SQL_UPSERT_ENDPOINT] =
        "INSERT INTO endpoints(model_id, region, url, method, expect_status, "
        "timeout_ms, degraded_ms) VALUES ($1, $2, $3, $4, $5, $6, $7) "
        "ON CONFLICT(model_id, region) DO UPDATE SET url = excluded.url, "
        "method = excluded.method, expect_status = excluded.expect_status, "
        "timeout_ms = excluded.timeout_ms, degraded_ms = excluded.degraded_ms "
        "RETURNING id",
    [SQL_ENDPOINTS] =
        "SELECT e.model_id, m.slug, e.region, m.is_active, e.degraded_ms, "
        "(SELECT max(checked_at) FROM checks c "
        "WHERE c.model_id = e.model_id AND c.region = e.region) "
        "FROM endpoints e JOIN models m ON m.id = e.model_id "
        "ORDER BY m.slug COLLATE \"C\", e.region COLLATE \"C\"",
    [SQL_INSERT_CHECK] =
        "INSERT INTO checks(model_id, region, checked_at, status, latency_ms, "
        "http_status, error, source, probe_kind, error_kind, dns_ms, "
        "connect_ms, tls_ms, first_byte_ms, ttft_ms) VALUES ($1, $2, $3, $4, "
        "nullif($5::bigint, -1), nullif($6::bigint, 0), $7, $8, $9, $10, "
        "$11, $12, $13, $14, $15) ON CONFLICT DO NOTHING",
    [SQL_INSERT_CHECK_V5] = NULL,
    /* SQL_UPSERT_CURRENT: in DO UPDATE the row's own columns are named
     * with the table (PostgreSQL finds a bare name ambiguous) */
    [SQL_UPSERT_CURRENT] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source, probe_kind, error_kind) "
        "VALUES ($1, $2, $3, $4, nullif($5::bigint, -1), "
        "nullif($6::bigint, 0), $7, $8, $9) " PG_MERGE_CURRENT,
    [SQL_UPSERT_CURRENT_V5] = NULL,
    /* SQL_MODEL_REGIONS: group_concat over a sorted subquery is
     * string_agg with its own ORDER BY */
    [SQL_MODEL_REGIONS] = "SELECT coalesce(string_agg(region, ', ' ORDER BY "
                          "region COLLATE \"C\"), '') "
                          "FROM endpoints WHERE model_id = $1",
    [SQL_FIND_ENDPOINT] = "SELECT m.id, EXISTS (SELECT 1 FROM endpoints e "
                          "WHERE e.model_id = m.id AND e.region = $2)::int "
                          "FROM models m WHERE m.slug = $1",
    /* SQL_UPSERT_ROLLUP: max(a, b) of two NOT NULL columns is greatest */
    [SQL_UPSERT_ROLLUP] =
        "INSERT INTO rollups_hourly AS t(model_id, region, hour, "
        "n_operational, n_degraded, n_outage, latency_sum, latency_n, "
        "latency_max) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9) " PG_MERGE_HOURLY,
    [SQL_PRUNE_CHECKS] = "DELETE FROM checks WHERE id IN (SELECT id FROM "
                         "checks WHERE checked_at < $1 LIMIT 10000)",
    [SQL_PRUNE_HOURLY] = "DELETE FROM rollups_hourly WHERE hour < $1",
    [SQL_PRUNE_5MIN] = "DELETE FROM rollups_5min WHERE slot < $1",
    [SQL_UPSERT_5MIN] =
        "INSERT INTO rollups_5min AS t(model_id, region, slot, "
        "n_operational, n_degraded, n_outage) VALUES ($1, $2, $3, $4, $5, "
        "$6) ON CONFLICT(model_id, region, slot) DO UPDATE SET "
        "n_operational = t.n_operational + excluded.n_operational, "
        "n_degraded = t.n_degraded + excluded.n_degraded, "
        "n_outage = t.n_outage + excluded.n_outage",
    /* SQL_UPSERT_SLOT: SQLite's max(coalesce(last_at, 0), ?7) is NULL when
     * ?7 is; greatest would ignore it, hence the CASE */
    [SQL_UPSERT_SLOT] =
        "INSERT INTO rollups_5min AS t(model_id, region, slot, "
        "n_operational, n_degraded, n_outage, last_at, last_status, "
        "start_status) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, "
        "$9) " PG_MERGE_SLOT,
    [SQL_MODEL_SLOTS] =
        "SELECT r.region, r.slot, r.start_status, r.last_at, r.last_status "
        "FROM current_status c JOIN rollups_5min r "
        "ON r.model_id = c.model_id AND r.region = c.region "
        "AND r.slot >= $2 AND r.slot <= $3 "
        "WHERE c.model_id = $1 ORDER BY c.region COLLATE \"C\", r.slot",
    [SQL_UPSERT_MODEL_ROLLUP] =
        "INSERT INTO model_rollups AS t(model_id, width, start, "
        "n_operational, n_degraded, n_outage, s_operational, s_degraded, "
        "s_outage) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9) " PG_MERGE_MODEL,
    [SQL_HIST_MODEL] =
        "SELECT model_id, (start - $1::bigint) / $3::bigint, n_operational, "
        "n_degraded, n_outage, s_operational, s_degraded, s_outage "
        "FROM model_rollups WHERE width = $5 AND start >= $4 AND start < $2",
    [SQL_PRUNE_MODEL] = "DELETE FROM model_rollups WHERE start < $1",
    /* SQL_REBUILD_MODEL: sum(x = y) is sum((x = y)::int) (a boolean is
     * no number in PostgreSQL) */
    [SQL_REBUILD_MODEL] =
        "INSERT INTO model_rollups(model_id, width, start, n_operational, "
        "n_degraded, n_outage) SELECT model_id, $1::bigint, checked_at - "
        "checked_at % $1::bigint AS start, "
        "sum((status = 'operational')::int), "
        "sum((status = 'degraded')::int), sum((status = 'outage')::int) "
        "FROM checks GROUP BY model_id, start",
    [SQL_FRESHNESS] =
        "SELECT (SELECT value FROM aigo_meta WHERE key = 'samples_freshness'), "
        "coalesce((SELECT value FROM aigo_meta WHERE key = 'samples_built'), "
        "'0')",
    [SQL_LIVE_CHECKS] =
        "SELECT c.model_id, c.region, k.checked_at, NULL, k.checked_at, "
        "k.status FROM current_status c JOIN checks k "
        "ON k.model_id = c.model_id AND k.region = c.region "
        "AND k.checked_at > $1 AND k.checked_at <= $2 "
        "ORDER BY c.model_id, c.region COLLATE \"C\", k.checked_at",
    [SQL_LIVE_SLOTS] =
        "SELECT r.model_id, r.region, r.slot, r.start_status, r.last_at, "
        "r.last_status, r.n_operational, r.n_degraded, r.n_outage "
        "FROM rollups_5min r WHERE r.slot >= $1 AND r.slot <= $2",
    [SQL_REBUILD_5MIN] =
        "INSERT INTO rollups_5min(model_id, region, slot, n_operational, "
        "n_degraded, n_outage, last_at, last_status, start_status) "
        "SELECT g.model_id, g.region, g.slot, g.o, g.d, g.x, g.last, "
        "(SELECT status FROM checks k WHERE k.model_id = g.model_id "
        "AND k.region = g.region AND k.checked_at = g.last), "
        "(SELECT status FROM checks k WHERE k.model_id = g.model_id "
        "AND k.region = g.region AND k.checked_at = g.slot) "
        "FROM (SELECT model_id, region, checked_at - checked_at % 300 AS "
        "slot, sum((status = 'operational')::int) AS o, "
        "sum((status = 'degraded')::int) AS d, "
        "sum((status = 'outage')::int) AS x, max(checked_at) AS last "
        "FROM checks GROUP BY model_id, region, slot) g",
    [SQL_REBUILD_HOURLY] =
        "INSERT INTO rollups_hourly(model_id, region, hour, n_operational, "
        "n_degraded, n_outage, latency_sum, latency_n, latency_max) "
        "SELECT model_id, region, checked_at - checked_at % 3600 AS hour, "
        "sum((status = 'operational')::int), "
        "sum((status = 'degraded')::int), sum((status = 'outage')::int), "
        "coalesce(sum(latency_ms), 0)::bigint, count(latency_ms), "
        "coalesce(max(latency_ms), 0) FROM checks "
        "GROUP BY model_id, region, hour",
    [SQL_REBUILD_SPANS] = "SELECT model_id, min(slot), max(last_at) "
                          "FROM rollups_5min GROUP BY model_id",
    [SQL_FIRST_CHECK] = "SELECT coalesce(min(checked_at), 0) FROM checks",
    [SQL_COUNT_SOURCES] = "SELECT source, count(*) FROM checks GROUP BY source",
    [SQL_DELETE_DEMO_CHECKS] = "DELETE FROM checks WHERE source = 'demo'",
    [SQL_DELETE_DEMO_CURRENT] =
        "DELETE FROM current_status WHERE source = 'demo'",
    /* SQL_RESTORE_CURRENT: SQLite's bare columns beside max() (taken from
     * the row of the max) are DISTINCT ON, newest first */
    [SQL_RESTORE_CURRENT] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source, probe_kind, error_kind) "
        "SELECT DISTINCT ON (model_id, region) model_id, region, "
        "checked_at, status, latency_ms, http_status, source, probe_kind, "
        "error_kind FROM checks k WHERE NOT EXISTS (SELECT 1 FROM "
        "current_status c WHERE c.model_id = k.model_id AND c.region = "
        "k.region) ORDER BY model_id, region, checked_at DESC",
    [SQL_PRUNE_DELIVERIES] =
        "DELETE FROM outbox_deliveries WHERE event_id IN (SELECT o.id FROM "
        "outbox o WHERE o.created_at < $1 AND o.fanned_out_at IS NOT NULL "
        "AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE "
        "d.event_id = o.id AND d.state = 'pending'))",
    [SQL_PRUNE_OUTBOX] =
        "DELETE FROM outbox WHERE created_at < $1 AND fanned_out_at IS NOT "
        "NULL AND NOT EXISTS (SELECT 1 FROM outbox_deliveries d WHERE "
        "d.event_id = outbox.id)",
    [SQL_REBUILD_CLEAR] = "DELETE FROM rollups_5min; DELETE FROM "
                          "rollups_hourly; DELETE FROM model_rollups",
    /* SQL_SET_SAMPLES_META: CAST(?1 AS TEXT) of an integer is its
     * decimal digits, as $1::bigint::text */
    [SQL_SET_SAMPLES_META] =
        "INSERT INTO aigo_meta(key, value) VALUES ('samples_freshness', "
        "$1::bigint::text), ('samples_built', '1') ON CONFLICT(key) DO "
        "UPDATE SET value = excluded.value",
    /* SQL_SENDER_LOCK: one notification sender among the nodes: the
     * session advisory lock 1634297648 ("aigo"), taken unless this
     * session holds it already (pg_locks), so that asking at every turn
     * does not stack it, and a reconnect takes it again when free */
    [SQL_SENDER_LOCK] =
        "SELECT CASE WHEN EXISTS (SELECT 1 FROM pg_locks WHERE locktype = "
        "'advisory' AND classid = 0 AND objid = 1634297648 AND objsubid = "
        "1 AND pid = pg_backend_pid() AND granted) THEN true ELSE "
        "pg_try_advisory_lock(1634297648) END",
    /* SQL_INSERT_CHECKS_SET: SQL_INSERT_CHECK for arrays of the same 15
     * parameters (a negative timing is NULL, as store.c's bind_ms),
     * inserted in their order; the keys of the rows it wrote come back
     * (a key already there, or twice in the arrays, is not written).
     * The unnest calls in the select list (a ProjectSet) give the
     * elements in the arrays' order, with no tuplestore and no sort (as
     * unnest(...) WITH ORDINALITY in FROM and ORDER BY did): the ids
     * follow the batch's order, as SQLite's */
    [SQL_INSERT_CHECKS_SET] =
        "INSERT INTO checks(model_id, region, checked_at, status, latency_ms, "
        "http_status, error, source, probe_kind, error_kind, dns_ms, "
        "connect_ms, tls_ms, first_byte_ms, ttft_ms) "
        "SELECT m, r, t, st, nullif(l, -1), nullif(h, 0), e, src, pk, ek, "
        "CASE WHEN d >= 0 THEN d END, CASE WHEN c >= 0 THEN c END, "
        "CASE WHEN tl >= 0 THEN tl END, CASE WHEN fb >= 0 THEN fb END, "
        "CASE WHEN tt >= 0 THEN tt END "
        "FROM (SELECT unnest($1::bigint[]) m, unnest($2::text[]) r, "
        "unnest($3::bigint[]) t, unnest($4::text[]) st, "
        "unnest($5::bigint[]) l, unnest($6::bigint[]) h, "
        "unnest($7::text[]) e, unnest($8::text[]) src, "
        "unnest($9::text[]) pk, unnest($10::text[]) ek, "
        "unnest($11::bigint[]) d, unnest($12::bigint[]) c, "
        "unnest($13::bigint[]) tl, unnest($14::bigint[]) fb, "
        "unnest($15::bigint[]) tt) u ON CONFLICT DO NOTHING "
        "RETURNING model_id, region, checked_at",
    /* SQL_MODEL_SLOTS_SET: SQL_MODEL_SLOTS for arrays of its three
     * parameters (one element per run of sample instants), each row
     * after the run's place (from 1), in the order of the runs. Each
     * region's slots in a LATERAL subquery that OFFSET 0 keeps apart: a
     * range of rollups_5min_pair per region (as a join, the generic plan
     * hashed the whole of rollups_5min). The (run, region) pairs sorted
     * first (PG_PAIRS_SORTED), each range in slot order: an incremental
     * sort, not one of every row */
    [SQL_MODEL_SLOTS_SET] =
        "SELECT p.k, p.region, r.slot, r.start_status, r.last_at, "
        "r.last_status FROM " PG_PAIRS_SORTED
        " CROSS JOIN LATERAL (SELECT r.slot, r.start_status, r.last_at, "
        "r.last_status FROM rollups_5min r WHERE r.model_id = p.model_id "
        "AND r.region = p.region AND r.slot >= p.lo AND r.slot <= p.hi "
        "OFFSET 0) r ORDER BY p.k, p.rc, r.slot",
    /* SQL_UPSERT_ROLLUP_SET: SQL_UPSERT_ROLLUP for arrays of its nine
     * parameters, one element per (model, region, hour), each once */
    [SQL_UPSERT_ROLLUP_SET] =
        "INSERT INTO rollups_hourly AS t(model_id, region, hour, "
        "n_operational, n_degraded, n_outage, latency_sum, latency_n, "
        "latency_max) " PG_UNNEST9("bigint", "text", "bigint", "bigint",
                                   "bigint", "bigint", "bigint", "bigint",
                                   "bigint") PG_MERGE_HOURLY,
    /* SQL_UPSERT_SLOT_SET: SQL_UPSERT_SLOT for arrays of its nine
     * parameters, one element per (model, region, slot), each once */
    [SQL_UPSERT_SLOT_SET] =
        "INSERT INTO rollups_5min AS t(model_id, region, slot, "
        "n_operational, n_degraded, n_outage, last_at, last_status, "
        "start_status) " PG_UNNEST9("bigint", "text", "bigint", "bigint",
                                    "bigint", "bigint", "bigint", "text",
                                    "text") PG_MERGE_SLOT,
    /* SQL_UPSERT_CURRENT_SET: SQL_UPSERT_CURRENT for arrays of its nine
     * parameters, one element per (model, region), each once */
    [SQL_UPSERT_CURRENT_SET] =
        "INSERT INTO current_status(model_id, region, checked_at, status, "
        "latency_ms, http_status, source, probe_kind, error_kind) "
        "SELECT m, r, t, st, nullif(l, -1), nullif(h, 0), src, pk, ek "
        "FROM (" PG_UNNEST9(
            "bigint", "text", "bigint", "text", "bigint", "bigint", "text",
            "text",
            "text") ") AS u(m, r, t, st, l, h, src, pk, ek) " PG_MERGE_CURRENT,
    /* SQL_UPSERT_MODEL_ROLLUP_SET: SQL_UPSERT_MODEL_ROLLUP for arrays of
     * its nine parameters; a (model, width, start) may come several times
     * (once per region, again for the samples): summed first, since one
     * statement cannot update a row twice */
    [SQL_UPSERT_MODEL_ROLLUP_SET] =
        "INSERT INTO model_rollups AS t(model_id, width, start, "
        "n_operational, n_degraded, n_outage, s_operational, s_degraded, "
        "s_outage) SELECT m, w, st, sum(a)::bigint, sum(b)::bigint, "
        "sum(c)::bigint, sum(d)::bigint, sum(e)::bigint, sum(f)::bigint "
        "FROM (" PG_UNNEST9("bigint", "bigint", "bigint", "bigint", "bigint",
                            "bigint", "bigint", "bigint",
                            "bigint") ") AS u(m, w, st, a, b, c, d, e, f) "
                                      "GROUP BY m, w, st " PG_MERGE_MODEL,
};

#define INC_COLS                                                               \
	"id, started_at, opened_at, resolved_at, closed_at, severity, "        \
	"peak_severity, regions, error_kinds"

static const char *const store_pg_inc[INC__MAX] = {
    /* INC_RULES: GLOB 'incident_*' is an anchored regular expression (in
     * LIKE, _ would be a wildcard) */
    [INC_RULES] = "SELECT key, value FROM aigo_meta WHERE key ~ "
                  "'^incident_'",
    [INC_CURRENT] =
        "SELECT checked_at, status FROM current_status WHERE model_id = $1",
    [INC_IN_EFFECT] = "SELECT started_at, closed_at FROM incidents WHERE "
                      "model_id = $1 AND source = 'auto' AND started_at <= "
                      "$2 ORDER BY started_at DESC LIMIT 1",
    /* INC_CHECKS: each region's checks in a LATERAL subquery that OFFSET 0
     * keeps apart: one range of the unique (model_id, region, checked_at)
     * per region, whatever the estimates. As a join, the generic plan of
     * the prepared statement (without statistics on a table just filled)
     * scanned checks_time from $2 on: every model's checks since then */
    [INC_CHECKS] =
        "SELECT c.region, k.checked_at, k.status, k.error_kind FROM "
        "current_status c CROSS JOIN LATERAL (SELECT k.checked_at, "
        "k.status, k.error_kind FROM checks k WHERE k.model_id = "
        "c.model_id AND k.region = c.region AND k.checked_at >= $2 AND "
        "k.checked_at < $3 OFFSET 0) k WHERE c.model_id = $1 "
        "ORDER BY c.region COLLATE \"C\", k.checked_at",
    [INC_OLD_MODEL] = "SELECT " INC_COLS " FROM incidents WHERE model_id = "
                      "$1 AND source = 'auto' AND started_at >= $2 AND "
                      "started_at < $3 ORDER BY started_at",
    [INC_OLD_PROVIDER] = "SELECT " INC_COLS " FROM incidents WHERE "
                         "provider_id = $1 AND model_id IS NULL AND source "
                         "= 'auto' AND started_at >= $2 ORDER BY started_at",
    [INC_PROVIDER_IN_EFFECT] =
        "SELECT started_at, resolved_at FROM incidents WHERE provider_id = "
        "$1 AND model_id IS NULL AND source = 'auto' AND started_at <= $2 "
        "ORDER BY started_at DESC LIMIT 1",
    [INC_EVENTS] = "SELECT at, kind, severity FROM incident_events WHERE "
                   "incident_id = $1 ORDER BY seq",
    [INC_INSERT] =
        "INSERT INTO incidents(provider_id, model_id, source, started_at, "
        "opened_at, resolved_at, closed_at, severity, peak_severity, "
        "regions, error_kinds) VALUES ($1, $2, 'auto', $3, $4, $5, $6, $7, "
        "$8, $9, $10) RETURNING id",
    /* INC_UPDATE: $2 and $3 are not used (SQLite leaves them unbound);
     * PostgreSQL must know every parameter's type */
    [INC_UPDATE] = "UPDATE incidents SET opened_at = $4, resolved_at = $5, "
                   "closed_at = $6, severity = $7, peak_severity = $8, "
                   "regions = $9, error_kinds = $10 WHERE id = $1 AND "
                   "$2::bigint IS NOT DISTINCT FROM $2::bigint AND "
                   "$3::bigint IS NOT DISTINCT FROM $3::bigint",
    [INC_DELETE] = "DELETE FROM incidents WHERE id = $1",
    [INC_DELETE_EVENTS] = "DELETE FROM incident_events WHERE incident_id = $1",
    [INC_INSERT_EVENT] = "INSERT INTO incident_events(incident_id, seq, at, "
                         "kind, severity) VALUES ($1, $2, $3, $4, $5)",
    [INC_MODEL_PROVIDER] = "SELECT provider_id FROM models WHERE id = $1",
    [INC_ACTIVE_MODELS] = "SELECT count(*) FROM models WHERE provider_id = "
                          "$1 AND is_active = 1",
    [INC_PROVIDER_MODEL_INCIDENTS] =
        "SELECT i." INC_COLS " FROM incidents i JOIN models m ON m.id = "
        "i.model_id WHERE i.provider_id = $1 AND (i.resolved_at IS NULL OR "
        "i.resolved_at > $2) AND m.is_active = 1 AND i.source = 'auto' "
        "ORDER BY i.started_at",
    [INC_DELETE_AUTO_EVENTS] =
        "DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM "
        "incidents WHERE source = 'auto')",
    [INC_DELETE_AUTO] = "DELETE FROM incidents WHERE source = 'auto'",
    /* INC_ALL_*: in SQLite's order (its key's), which is the order the
     * rebuild gives the new incidents their ids in */
    [INC_ALL_MODELS] = "SELECT DISTINCT model_id FROM current_status "
                       "ORDER BY model_id",
    [INC_ALL_PROVIDERS] = "SELECT id FROM providers ORDER BY id",
    /* INC_SET_RULE: INSERT OR REPLACE is an upsert on the key */
    [INC_SET_RULE] = "INSERT INTO aigo_meta(key, value) VALUES ($1, $2) "
                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value",
    [INC_LIST] =
        "SELECT i." INC_COLS ", p.slug, m.slug, i.source FROM incidents i "
        "JOIN providers p ON p.id = i.provider_id LEFT JOIN models m ON "
        "m.id = i.model_id WHERE $1::bigint = 0 OR i.resolved_at IS NULL "
        "ORDER BY i.started_at DESC, i.id DESC LIMIT " PG_LIMIT("$2"),
    [INC_COUNT] = "SELECT count(model_id), count(*) - count(model_id) "
                  "FROM incidents WHERE source = 'auto'",
    /* INC_CURRENT_SET: INC_CURRENT for an array of models, each row after
     * its model's place in the array (from 1), in that order */
    [INC_CURRENT_SET] =
        "SELECT q.k, c.checked_at, c.status FROM unnest($1::bigint[]) WITH "
        "ORDINALITY AS q(m, k) JOIN current_status c ON c.model_id = q.m "
        "ORDER BY q.k",
    /* INC_IN_EFFECT_SET: INC_IN_EFFECT for arrays of its two parameters:
     * one row per element, in their order: its place (from 1), the
     * model's provider (INC_MODEL_PROVIDER), and INC_IN_EFFECT's columns
     * (NULL, NULL: none) */
    [INC_IN_EFFECT_SET] =
        "SELECT q.k, m.provider_id, i.started_at, i.closed_at FROM "
        "unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS q(m, e, k) "
        "JOIN models m ON m.id = q.m LEFT JOIN LATERAL (SELECT started_at, "
        "closed_at FROM incidents WHERE model_id = q.m AND source = 'auto' "
        "AND started_at <= q.e ORDER BY started_at DESC LIMIT 1) i ON true "
        "ORDER BY q.k",
    /* INC_CHECKS_SET: INC_CHECKS for arrays of its three parameters, each
     * row after its element's place (from 1), in their order, by region;
     * a region's rows as its range of the unique key gives them, which
     * the reader puts in time order (store.c's check_rows_time_order).
     * The pairs sorted first (PG_PAIRS_SORTED), so nothing else is: a
     * sort of every row by time, even an incremental one, was 45% of the
     * statement's time with 10,000 rows, and 5% of a batch's processor
     * time in the ingest bench */
    [INC_CHECKS_SET] =
        "SELECT p.k, p.region, k.checked_at, k.status, k.error_kind "
        "FROM " PG_PAIRS_SORTED " CROSS JOIN LATERAL (SELECT k.checked_at, "
        "k.status, k.error_kind FROM checks k WHERE k.model_id = "
        "p.model_id AND k.region = p.region AND k.checked_at >= p.lo AND "
        "k.checked_at < p.hi OFFSET 0) k ORDER BY p.k, p.rc",
    /* INC_OLD_MODEL_SET: for arrays of models and of lower bounds, each
     * model's automatic incidents that started at or after its bound
     * (INC_OLD_MODEL's columns, no upper bound) with their events
     * (INC_EVENTS's columns, NULL for an incident without any): one row
     * per event, after the element's place (from 1); by place, start,
     * id and the events' seq */
    [INC_OLD_MODEL_SET] =
        "SELECT q.k, i.id, i.started_at, i.opened_at, i.resolved_at, "
        "i.closed_at, i.severity, i.peak_severity, i.regions, "
        "i.error_kinds, e.at, e.kind, e.severity FROM "
        "unnest($1::bigint[], $2::bigint[]) WITH ORDINALITY AS q(m, lo, k) "
        "JOIN incidents i ON i.model_id = q.m AND i.source = 'auto' AND "
        "i.started_at >= q.lo LEFT JOIN incident_events e ON "
        "e.incident_id = i.id ORDER BY q.k, i.started_at, i.id, e.seq",
};

#define VIEW_COLS(T)                                                           \
	"i.id, i.started_at, i.opened_at, i.resolved_at, i.closed_at, "        \
	"i.severity, i.peak_severity, i.regions, i.error_kinds, p.slug, "      \
	"p.name, m.slug, m.name, i.source, " T ", i.provider_id, "             \
	"count(*) OVER ()"

/* VIEW_FROM: SQLite's (?1 = 1) = (i.resolved_at IS NULL) compares two
 * booleans, as here; each parameter compared with a literal is cast */
#define VIEW_JOIN                                                              \
	" FROM incidents i JOIN providers p ON p.id = i.provider_id LEFT "     \
	"JOIN models m ON m.id = i.model_id WHERE "
#define VIEW_FILTERS                                                           \
	" AND ($2::text IS NULL OR p.slug = $2::text) AND ($3::text IS NULL "  \
	"OR m.slug = $3::text) AND ($4::bigint = 0 OR i.resolved_at IS NULL "  \
	"OR i.resolved_at > $4::bigint) AND ($5::bigint = 0 OR i.started_at "  \
	"< $5::bigint) AND ($6::bigint = 0 OR i.id = $6::bigint)"
#define VIEW_FROM                                                              \
	VIEW_JOIN "($1::bigint = 0 OR ($1::bigint = 1) = (i.resolved_at IS "   \
	          "NULL))" VIEW_FILTERS
/* As SQLite's: the plan reads each provider's open incidents by
 * incidents_provider_end (provider_id, resolved_at), where VIEW_LIST's
 * generic plan filtered all of them (0.55 of 0.6 ms on the bench's 1,856
 * incidents, 4 open) */
#define VIEW_FROM_OPEN                                                         \
	VIEW_JOIN "$1::bigint = 1 AND i.resolved_at IS NULL" VIEW_FILTERS

#define VIEW_PAGE                                                              \
	" ORDER BY i.started_at DESC, i.id DESC LIMIT " PG_LIMIT(              \
	    "$7") " OFFSET greatest($8::bigint, 0)"

static const char *const store_pg_view[VIEW__MAX] = {
    [VIEW_LIST_V7] = NULL,
    [VIEW_LIST] = "SELECT " VIEW_COLS("i.title") VIEW_FROM VIEW_PAGE,
    [VIEW_LIST_OPEN] = "SELECT " VIEW_COLS("i.title") VIEW_FROM_OPEN VIEW_PAGE,
    [VIEW_COUNT] = "SELECT count(*)" VIEW_FROM,
    [VIEW_UPDATES] = "SELECT id, at, state, body, author FROM "
                     "incident_updates WHERE incident_id = $1 ORDER BY at, "
                     "id",
    [VIEW_MODELS] =
        "SELECT DISTINCT m.name COLLATE \"C\" FROM incidents i JOIN models "
        "m ON m.id = "
        "i.model_id WHERE i.provider_id = $1 AND (i.resolved_at IS NULL OR "
        "i.resolved_at > $2) AND ($3::bigint IS NULL OR i.started_at < "
        "$3::bigint) ORDER BY 1",
    /* VIEW_MAINT: ?3, a number used as a truth value, is $3 <> 0 */
    [VIEW_MAINT] = "SELECT id, title, note, starts_at, ends_at, created_at, "
                   "updated_at, cancelled_at FROM maintenances WHERE "
                   "ends_at > $1 AND ($2::bigint = 0 OR starts_at < "
                   "$2::bigint) AND ($3::bigint <> 0 OR cancelled_at IS "
                   "NULL) ORDER BY starts_at, id",
    [VIEW_MAINT_TARGETS] =
        "SELECT p.slug, p.name, m.slug, m.name FROM maintenance_targets t "
        "JOIN providers p ON p.id = t.provider_id LEFT JOIN models m ON "
        "m.id = t.model_id WHERE t.maintenance_id = $1 ORDER BY p.slug COLLATE "
        "\"C\", "
        "m.slug IS NOT NULL, m.slug COLLATE \"C\"",
    [VIEW_PROVIDER_ID] = "SELECT id FROM providers WHERE slug = $1",
    [VIEW_MODEL_ID] = "SELECT id, provider_id FROM models WHERE slug = $1",
    [VIEW_INSERT_MANUAL] =
        "INSERT INTO incidents(provider_id, model_id, source, started_at, "
        "opened_at, resolved_at, closed_at, severity, peak_severity, title) "
        "VALUES ($1, $2, 'manual', $3, $3, $4, $4, $5, $5, $6) RETURNING id",
    [VIEW_INSERT_EVENT] =
        "INSERT INTO incident_events(incident_id, seq, at, kind, severity) "
        "VALUES ($1, (SELECT coalesce(max(seq) + 1, 0) FROM incident_events "
        "WHERE incident_id = $1), $2, $3, $4)",
    [VIEW_INSERT_UPDATE] = "INSERT INTO incident_updates(incident_id, at, "
                           "state, body, author) VALUES ($1, $2, $3, $4, $5) "
                           "RETURNING id",
    [VIEW_INCIDENT] = "SELECT source, started_at, resolved_at, severity, "
                      "peak_severity FROM incidents WHERE id = $1",
    [VIEW_RESOLVE] =
        "UPDATE incidents SET resolved_at = $2, closed_at = $2 WHERE id = $1",
    [VIEW_SET_TITLE] = "UPDATE incidents SET title = $2 WHERE id = $1",
    [VIEW_SET_SEVERITY] = "UPDATE incidents SET severity = $2, "
                          "peak_severity = $3 WHERE id = $1",
    [VIEW_MAINT_INSERT] =
        "INSERT INTO maintenances(title, note, starts_at, ends_at, "
        "created_at, updated_at, author) VALUES ($1, $2, $3, $4, $5, $5, $6) "
        "RETURNING id",
    [VIEW_MAINT_ONE] = "SELECT title, note, starts_at, ends_at, created_at, "
                       "cancelled_at FROM maintenances WHERE id = $1",
    /* VIEW_MAINT_UPDATE: max(?6, created_at) is NULL with ?6 NULL in
     * SQLite (the NOT NULL refuses it); greatest would not be */
    [VIEW_MAINT_UPDATE] =
        "UPDATE maintenances SET title = $2, note = $3, starts_at = $4, "
        "ends_at = $5, updated_at = CASE WHEN $6::bigint IS NOT NULL THEN "
        "greatest($6::bigint, created_at) END, cancelled_at = CASE WHEN "
        "$7::bigint <> 0 AND $6::bigint IS NOT NULL THEN "
        "greatest($6::bigint, created_at) END WHERE id = $1",
    [VIEW_TARGETS_DELETE] =
        "DELETE FROM maintenance_targets WHERE maintenance_id = $1",
    [VIEW_TARGET_INSERT] = "INSERT INTO maintenance_targets(maintenance_id, "
                           "provider_id, model_id) VALUES ($1, $2, $3)",
    /* VIEW_UPDATES_OF: in SQLite's order (through its index on
     * (incident_id, at)): the order the updates follow in */
    [VIEW_UPDATES_OF] = "SELECT id, at FROM incident_updates WHERE "
                        "incident_id = $1 ORDER BY at, id",
    /* VIEW_FOLLOW_TARGET: model_id IS ?2 (NULL matches NULL) is IS NOT
     * DISTINCT FROM; true sorts after false, as 1 after 0 */
    [VIEW_FOLLOW_TARGET] =
        "SELECT id FROM incidents WHERE source = 'auto' AND provider_id = "
        "$1 AND model_id IS NOT DISTINCT FROM $2::bigint AND id != $3 AND "
        "started_at < $5 AND (resolved_at IS NULL OR resolved_at > $4) "
        "ORDER BY started_at <= $6::bigint DESC, CASE WHEN started_at <= "
        "$6::bigint THEN -started_at ELSE started_at END LIMIT 1",
    [VIEW_MOVE_UPDATE] =
        "UPDATE incident_updates SET incident_id = $2 WHERE id = $1",
    [VIEW_TO_MANUAL] = "UPDATE incidents SET source = 'manual' WHERE id = $1",
    [VIEW_DELETE_AUTO_EVENTS_FREE] =
        "DELETE FROM incident_events WHERE incident_id IN (SELECT id FROM "
        "incidents i WHERE source = 'auto' AND NOT EXISTS (SELECT 1 FROM "
        "incident_updates u WHERE u.incident_id = i.id))",
    [VIEW_DELETE_AUTO_FREE] =
        "DELETE FROM incidents WHERE source = 'auto' AND NOT EXISTS (SELECT "
        "1 FROM incident_updates u WHERE u.incident_id = incidents.id)",
    [VIEW_STALE_TO_MANUAL] =
        "UPDATE incidents SET source = 'manual' WHERE source = 'auto' AND "
        "model_id IS NOT NULL AND EXISTS (SELECT 1 FROM incident_updates u "
        "WHERE u.incident_id = incidents.id) AND started_at < coalesce(("
        "SELECT min(checked_at) FROM checks k WHERE k.model_id = "
        "incidents.model_id), 9223372036854775807)",
    [VIEW_SNAP_INCIDENT] =
        "INSERT INTO incidents(id, provider_id, model_id, source, "
        "started_at, opened_at, resolved_at, closed_at, severity, "
        "peak_severity, regions, error_kinds, title) VALUES ($1, (SELECT "
        "id FROM providers WHERE slug = $2), (SELECT id FROM models WHERE "
        "slug = $3), $4, $5, $6, $7, $8, $9, $10, $11, $12, $13)",
    [VIEW_SNAP_EVENT] = "INSERT INTO incident_events(incident_id, seq, at, "
                        "kind, severity) VALUES ($1, $2, $3, $4, $5)",
    [VIEW_SNAP_UPDATE] = "INSERT INTO incident_updates(id, incident_id, at, "
                         "state, body, author) VALUES ($1, $2, $3, $4, $5, "
                         "$6)",
    [VIEW_SNAP_MAINT] =
        "INSERT INTO maintenances(id, title, note, starts_at, ends_at, "
        "created_at, updated_at, cancelled_at, author) VALUES ($1, $2, $3, "
        "$4, $5, $6, $7, $8, 'snapshot')",
    [VIEW_SNAP_TARGET] =
        "INSERT INTO maintenance_targets(maintenance_id, provider_id, "
        "model_id) VALUES ($1, (SELECT id FROM providers WHERE slug = $2), "
        "(SELECT id FROM models WHERE slug = $3))",
};

static const char *const store_pg_pst[PST__MAX] = {
    [PST_FIND_PROVIDER] = "SELECT id FROM providers WHERE slug = $1",
    [PST_SET_COMPONENTS] =
        "UPDATE models SET status_components = $2 WHERE id = $1",
    [PST_FORGET_STATUS] = "DELETE FROM provider_status WHERE provider_id = $1",
    [PST_FORGET_COMPONENTS] =
        "DELETE FROM provider_components WHERE provider_id = $1",
    [PST_FORGET_INCIDENTS] =
        "DELETE FROM provider_incidents WHERE provider_id = $1",
    [PST_UPSERT_OK] =
        "INSERT INTO provider_status(provider_id, format, checked_at, ok_at, "
        "indicator, description, error) VALUES ($1, $2, $3, $3, $4, $5, "
        "NULL) ON CONFLICT(provider_id) DO UPDATE SET format = "
        "excluded.format, checked_at = excluded.checked_at, ok_at = "
        "excluded.ok_at, indicator = excluded.indicator, description = "
        "excluded.description, error = NULL",
    [PST_UPSERT_FAILED] =
        "INSERT INTO provider_status(provider_id, format, checked_at, error) "
        "VALUES ($1, $2, $3, $4) ON CONFLICT(provider_id) DO UPDATE SET "
        "format = excluded.format, checked_at = excluded.checked_at, "
        "ok_at = CASE WHEN provider_status.ok_at <= excluded.checked_at "
        "THEN provider_status.ok_at END, error = excluded.error",
    [PST_INSERT_COMPONENT] = "INSERT INTO provider_components(provider_id, "
                             "name, status) VALUES ($1, $2, $3)",
    [PST_INSERT_INCIDENT] =
        "INSERT INTO provider_incidents(provider_id, ext_id, name, status, "
        "impact, started_at, updated_at, url, components) VALUES ($1, $2, "
        "$3, $4, $5, nullif($6::bigint, 0), nullif($7::bigint, 0), $8, $9)",
    [PST_READ_STATUS] = "SELECT provider_id, checked_at, ok_at, indicator, "
                        "description, error FROM provider_status",
    [PST_READ_COMPONENTS] =
        "SELECT provider_id, name, status FROM "
        "provider_components ORDER BY provider_id, name COLLATE \"C\"",
    /* PST_READ_INCIDENTS: SQLite sorts NULL first, so last when DESC;
     * PostgreSQL the other way round */
    [PST_READ_INCIDENTS] =
        "SELECT provider_id, ext_id, name, status, impact, started_at, "
        "updated_at, url, components FROM provider_incidents ORDER BY "
        "provider_id, started_at DESC NULLS LAST, ext_id COLLATE \"C\"",
    [PST_READ_MODEL_COMPONENTS] =
        "SELECT id, status_components FROM models WHERE status_components "
        "<> ''",
};

#define OB_EV_COLS "o.id, o.kind, o.key, o.occurred_at, o.created_at, o.payload"

/* An event's key: 32 lower-case hex digits (SQLite:
 * lower(hex(randomblob(16)))): a random UUID without its dashes. */
#define OB_KEY "replace(gen_random_uuid()::text, '-', '')"

static const char *const store_pg_ob[OB__MAX] = {
    [OB_NAMES] = "SELECT p.slug, p.name, m.slug, m.name FROM providers p "
                 "LEFT JOIN models m ON m.id = $2 WHERE p.id = $1",
    [OB_INSERT] =
        "INSERT INTO outbox(kind, key, occurred_at, created_at, "
        "incident_id, maintenance_id, provider_id, model_id, severity, "
        "payload) VALUES ($1, " OB_KEY ", $2, $3, $4, $5, $6, $7, $8, $9)",
    /* OB_INSERT_ONCE: INSERT OR IGNORE names the one conflict it is for
     * (the partial unique index on kind, window and instant) */
    [OB_INSERT_ONCE] =
        "INSERT INTO outbox(kind, key, occurred_at, created_at, "
        "incident_id, maintenance_id, provider_id, model_id, severity, "
        "payload) VALUES ($1, " OB_KEY ", $2, $3, $4, $5, $6, $7, $8, $9) "
        "ON CONFLICT (kind, maintenance_id, occurred_at) WHERE "
        "maintenance_id IS NOT NULL DO NOTHING",
    [OB_INCIDENT] = "SELECT provider_id, model_id, source, title, regions, "
                    "started_at, resolved_at, severity FROM incidents "
                    "WHERE id = $1",
    [OB_UNFANNED] =
        "SELECT " OB_EV_COLS " FROM outbox o WHERE "
        "o.fanned_out_at IS NULL ORDER BY o.id LIMIT " PG_LIMIT("$1"),
    [OB_FANNED] =
        "SELECT (fanned_out_at IS NOT NULL)::int FROM outbox WHERE id = $1",
    [OB_DELIVERY_INSERT] =
        "INSERT INTO outbox_deliveries(event_id, channel, state, "
        "attempts, next_at, done_at) VALUES ($1, $2, $3, 0, $4, $5) "
        "ON CONFLICT (event_id, channel) DO NOTHING",
    [OB_MARK_FANNED] = "UPDATE outbox SET fanned_out_at = $2 WHERE id = $1",
    [OB_HEAD] = "SELECT " OB_EV_COLS ", d.attempts, d.next_at, "
                "o.incident_id FROM outbox_deliveries d JOIN outbox o ON "
                "o.id = d.event_id WHERE d.channel = $1 AND d.state = "
                "'pending' ORDER BY d.event_id LIMIT 1",
    [OB_LAST_SENT] = "SELECT max(d.done_at) FROM outbox o JOIN "
                     "outbox_deliveries d ON d.event_id = o.id AND "
                     "d.channel = $1 WHERE o.incident_id = $2 AND d.state "
                     "= 'delivered'",
    [OB_NEWER] = "SELECT EXISTS (SELECT 1 FROM outbox o JOIN "
                 "outbox_deliveries d ON d.event_id = o.id AND d.channel = "
                 "$1 WHERE o.incident_id = $2 AND o.id > $3 AND d.state = "
                 "'pending')::int",
    /* OB_RECORD: ?10, a number used as a truth value, is $10 <> 0 */
    [OB_RECORD] =
        "UPDATE outbox_deliveries SET state = $3, attempts = attempts + "
        "$4::bigint, next_at = $5, last_at = CASE WHEN $10::bigint <> 0 "
        "THEN $6::bigint ELSE last_at END, last_status = CASE WHEN "
        "$10::bigint <> 0 THEN $7::bigint ELSE last_status END, "
        "last_error = CASE WHEN $10::bigint <> 0 THEN $8::text ELSE "
        "last_error END, done_at = $9 WHERE event_id = $1 AND channel = $2 "
        "AND state = 'pending'",
    [OB_COUNT] = "INSERT INTO notify_counters AS t(channel, delivered, failed, "
                 "given_up) VALUES ($1, $2, $3, $4) ON CONFLICT(channel) DO "
                 "UPDATE SET delivered = t.delivered + excluded.delivered, "
                 "failed = t.failed + excluded.failed, given_up = t.given_up + "
                 "excluded.given_up",
    [OB_COVERS] = "SELECT EXISTS (SELECT 1 FROM maintenances w JOIN "
                  "maintenance_targets t ON t.maintenance_id = w.id WHERE "
                  "w.cancelled_at IS NULL AND w.starts_at <= $3 AND $3 < "
                  "w.ends_at AND t.provider_id = $1 AND (t.model_id IS "
                  "NULL OR t.model_id = $2))::int",
    [OB_MAINT_DUE] = "SELECT id, title, starts_at, ends_at FROM "
                     "maintenances WHERE cancelled_at IS NULL AND "
                     "((starts_at > $1 AND starts_at <= $2) OR (ends_at > "
                     "$1 AND ends_at <= $2)) ORDER BY starts_at, id",
    [OB_LIST] =
        "SELECT o.id, o.created_at, o.occurred_at, o.kind, o.incident_id, "
        "o.maintenance_id, p.slug, m.slug, d.channel, d.state, d.attempts, "
        "d.next_at, d.done_at, d.last_status, d.last_error FROM outbox o "
        "LEFT JOIN outbox_deliveries d ON d.event_id = o.id LEFT JOIN "
        "providers p ON p.id = o.provider_id LEFT JOIN models m ON m.id = "
        "o.model_id WHERE (d.channel IS NOT NULL OR o.fanned_out_at IS "
        "NULL) AND ($1::bigint = 0 OR d.state IS NULL OR d.state = "
        "'pending') ORDER BY o.id DESC, d.channel COLLATE \"C\" "
        "LIMIT " PG_LIMIT("$2"),
    /* OB_QUEUE: scalar min(a, b) of two values never NULL is least */
    [OB_QUEUE] =
        "SELECT (SELECT count(*) FROM outbox_deliveries WHERE state = "
        "'pending') + (SELECT count(*) FROM outbox WHERE fanned_out_at IS "
        "NULL), least(coalesce((SELECT min(created_at) FROM outbox WHERE "
        "fanned_out_at IS NULL), 9223372036854775807), coalesce((SELECT "
        "min(o.created_at) FROM outbox_deliveries d JOIN outbox o ON o.id "
        "= d.event_id WHERE d.state = 'pending'), 9223372036854775807))",
    [OB_CHANNELS] =
        "SELECT c.channel, coalesce(n.delivered, 0), coalesce(n.failed, 0), "
        "coalesce(n.given_up, 0), (SELECT count(*) FROM outbox_deliveries d "
        "WHERE d.channel = c.channel AND d.state = 'pending') FROM (SELECT "
        "channel FROM notify_counters UNION SELECT DISTINCT channel FROM "
        "outbox_deliveries) c LEFT JOIN notify_counters n ON n.channel = "
        "c.channel ORDER BY c.channel COLLATE \"C\"",
};

static const char *const store_pg_tx[TX__MAX] = {
    /* TX_BEGIN_READ: every read of a request from one snapshot */
    [TX_BEGIN_READ] = "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY; "
                      "SET LOCAL plan_cache_mode = force_generic_plan",
    /* TX_BEGIN_WRITE: the lock before any query, so the snapshot is taken
     * after it: one writer at a time (as BEGIN IMMEDIATE), each seeing
     * the previous one's commit; readers are not blocked */
    [TX_BEGIN_WRITE] = "BEGIN ISOLATION LEVEL SERIALIZABLE; LOCK TABLE "
                       "aigo_generation IN SHARE ROW EXCLUSIVE MODE",
    [TX_COMMIT_READ] = "COMMIT",
    /* TX_COMMIT_WRITE: the generation advances with the write */
    [TX_COMMIT_WRITE] = "UPDATE aigo_generation SET value = value + 1; "
                        "COMMIT",
    [TX_ROLLBACK] = "ROLLBACK",
    /* TX_BEGIN_SCHEMA: no generation row to lock yet (the schema makes
     * it); a second creator fails on the first one's tables */
    [TX_BEGIN_SCHEMA] = "BEGIN ISOLATION LEVEL SERIALIZABLE",
    /* TX_CHECKPOINT, TX_DURABLE: the server's own business */
    [TX_CHECKPOINT] = NULL,
    [TX_DURABLE] = NULL,
    /* TX_BEGIN_BATCH: READ COMMITTED, so that each statement after
     * TX_LOCK_WRITE sees every writer's commit before it, as after
     * TX_BEGIN_WRITE; a batch's checks, inserted before the lock, are
     * seen by no one else until its commit */
    [TX_BEGIN_BATCH] = "BEGIN ISOLATION LEVEL READ COMMITTED",
    [TX_LOCK_WRITE] = "LOCK TABLE aigo_generation IN SHARE ROW "
                      "EXCLUSIVE MODE",
};

/* After a copy: each identity column (found in the catalog) moves past
 * the largest id copied; an empty table's next id is 1. */
static const char store_pg_copy_done[] =
    "DO $$DECLARE r record; BEGIN FOR r IN SELECT table_name, column_name "
    "FROM information_schema.columns WHERE table_schema = current_schema() "
    "AND is_identity = 'YES' LOOP EXECUTE format('SELECT "
    "setval(pg_get_serial_sequence(%L, %L), greatest(max(%I), 1), "
    "max(%I) IS NOT NULL) FROM %I', quote_ident(r.table_name), "
    "r.column_name, r.column_name, r.column_name, r.table_name); END LOOP; "
    "END$$";

const struct store_dialect store_pg_dialect = {
    .name = "PostgreSQL",
    .sql = store_pg_sql,
    .inc = store_pg_inc,
    .view = store_pg_view,
    .pst = store_pg_pst,
    .ob = store_pg_ob,
    .tx = store_pg_tx,
    .param = '$',
    .copy_done = store_pg_copy_done,
};
