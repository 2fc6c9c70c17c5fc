#!/bin/bash
# pg_write.sh: the write path gives the same rows on SQLite and PostgreSQL: the same batches (duplicates within a batch and of earlier ones, late checks, several regions, demo and probe sources, incidents opened, escalated and resolved, their outbox events) recorded into both, every table compared; and a write PostgreSQL queues that fails fails its whole batch, saying which statement.
# Usage: bash tests/e2e/pg_write.sh   (after make and make build/pg_ingest)
set -eu
cd "$(dirname "$0")/../.."
. tests/pg.sh
for f in build/pg_ingest cgi-bin/aigo; do
	[ -x "$f" ] || { echo "pg_write.sh: make $f first" >&2; exit 1; }
done
dir=$(mktemp -d /tmp/aigo-pgw.XXXXXX)
pg_start "$dir" >/dev/null
work=$(mktemp -d /tmp/aigo-pgw-work.XXXXXX)
trap 'rm -rf "$work"; pg_stop "$dir"' EXIT
fail=0
ok() { echo "ok: $*"; }
no() { echo "FAIL: $*"; fail=1; }

# 1. The same batches into both; every table compared.
SCHEMA=db/schema.sql build/pg_ingest --equiv "$work/equiv.db" >"$work/lite.out"
SCHEMA=db/schema-pg.sql build/pg_ingest --equiv "$AIGO_PG_URL" >"$work/pg.out"
if cmp -s "$work/lite.out" "$work/pg.out"; then
	ok "the same checks new and duplicate: $(cat "$work/pg.out")"
else
	no "new and duplicate checks differ: $(cat "$work/lite.out") / $(cat "$work/pg.out")"
fi
if python3 tests/e2e/pg_write_check.py "$work/equiv.db" "$AIGO_PG_URL"; then
	ok "every table equal"
else
	no "tables differ"
fi
# The comparison sees one count changed by one.
pgq "UPDATE rollups_5min SET n_degraded = n_degraded + 1 WHERE (model_id, region, slot) = (SELECT model_id, region, min(slot) FROM rollups_5min GROUP BY model_id, region ORDER BY model_id, region COLLATE \"C\" LIMIT 1)"
if python3 tests/e2e/pg_write_check.py "$work/equiv.db" "$AIGO_PG_URL" >"$work/mutant.out"; then
	no "a count changed by one is not seen"
else
	ok "a count changed by one is seen: $(grep -c DIFFER "$work/mutant.out") table differs"
fi
pgq "UPDATE rollups_5min SET n_degraded = n_degraded - 1 WHERE (model_id, region, slot) = (SELECT model_id, region, min(slot) FROM rollups_5min GROUP BY model_id, region ORDER BY model_id, region COLLATE \"C\" LIMIT 1)"
n_incidents=$(pgq "SELECT count(*) FROM incidents")
n_outbox=$(pgq "SELECT count(*) FROM outbox")
[ "$n_incidents" -gt 10 ] && [ "$n_outbox" -gt 10 ] &&
	ok "the batches opened $n_incidents incidents and $n_outbox outbox events" ||
	no "too few incidents ($n_incidents) or outbox events ($n_outbox) to prove much"

# 2. A queued write that fails: the batch fails, naming the statement, and
# nothing of it stays (its checks, its current status, its rollups).
state="SELECT (SELECT count(*) FROM checks) || ' checks, ' || (SELECT max(checked_at) FROM current_status) || ' newest status, ' || (SELECT sum(n_outage) FROM rollups_hourly) || ' outages counted'"
checks0=$(pgq "SELECT count(*) FROM checks")
state0=$(pgq "$state")
pgq "ALTER TABLE rollups_hourly ADD CONSTRAINT pg_write_no_outage CHECK (n_outage = 0) NOT VALID"
set +e
build/pg_ingest --outage "$AIGO_PG_URL" >"$work/outage.out"
rc=$?
set -e
state1=$(pgq "$state")
if [ "$rc" = 3 ] && grep -q 'pg_write_no_outage' "$work/outage.out" &&
	grep -q 'queued: INSERT INTO rollups_hourly' "$work/outage.out"; then
	ok "the batch failed: $(cat "$work/outage.out")"
else
	no "a failed queued write (rc $rc): $(cat "$work/outage.out")"
fi
[ "$state1" = "$state0" ] &&
	ok "nothing of it written ($state1)" ||
	no "the failed batch left $state0 -> $state1"
pgq "ALTER TABLE rollups_hourly DROP CONSTRAINT pg_write_no_outage"
if build/pg_ingest --outage "$AIGO_PG_URL" >"$work/outage2.out" &&
	[ "$(pgq "SELECT count(*) FROM checks")" = $((checks0 + 3)) ]; then
	ok "without the constraint the same batch is recorded: $(cat "$work/outage2.out")"
else
	no "the batch after: $(cat "$work/outage2.out")"
fi
[ "$fail" = 0 ] && echo "pg_write: all passed" || echo "pg_write: FAILED"
exit "$fail"
