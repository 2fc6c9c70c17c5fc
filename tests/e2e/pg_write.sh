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

# 3. Writers at once (PostgreSQL inserts a batch's checks before it takes
# the writers' lock, beside other batches): four writers of --equiv's
# batches, two of them the same ones (prefix w1, twice, the second with
# each batch's checks in the opposite order) and two of their own (w2,
# w3), into a database of their own, give the same rows as each prefix's
# batches once, one prefix after the other, into SQLite, and no deadlock
# (a batch inserts its checks in the order of their keys). The
# catalogs are made first, in the same order in both, so their ids agree;
# new incidents and outbox events take ids in the order of the writers'
# commits, so those are compared by content.
pgq_admin "CREATE DATABASE aigo_conc OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
conc_url=${AIGO_PG_URL/\/\/\/aigo?/\/\/\/aigo_conc?}
for p in w1 w2 w3; do
	SCHEMA=db/schema.sql build/pg_ingest --catalog "$work/conc.db" $p
	SCHEMA=db/schema-pg.sql build/pg_ingest --catalog "$conc_url" $p
done
# (w1 with "0 1": every batch, without the checks whose values would
# depend on which end of a batch came first: pg_ingest.c's record_part.)
for p in "w1 0 1" w2 w3; do
	# shellcheck disable=SC2086 # p: the prefix and more arguments
	SCHEMA=db/schema.sql build/pg_ingest --equiv "$work/conc.db" $p >"$work/conc-lite-${p%% *}.out"
done
pids=()
for w in "w1 0 1" "w1 0 1 reversed" "w2" "w3"; do
	# shellcheck disable=SC2086 # w: the prefix and more arguments
	build/pg_ingest --equiv "$conc_url" $w >"$work/conc-pg-${#pids[@]}.out" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || no "a writer at once failed: $(cat "$work"/conc-pg-*.out)"; done
new_of() { cat "$@" | awk '{ n += $2 } END { print n + 0 }'; }
lite_new=$(new_of "$work"/conc-lite-*.out)
pg_new=$(new_of "$work"/conc-pg-*.out)
[ "$lite_new" = "$pg_new" ] && [ "$lite_new" -gt 1000 ] &&
	ok "four writers at once stored $pg_new new checks, as the batches once each in SQLite" ||
	no "new checks: SQLite $lite_new, the writers at once $pg_new"
if python3 tests/e2e/pg_write_check.py --by-content "$work/conc.db" "$conc_url" >"$work/conc-check.out"; then
	ok "writers at once: every table equal ($(tail -n 1 "$work/conc-check.out"))"
else
	no "writers at once: tables differ"
	cat "$work/conc-check.out"
fi
deadlocks=$(pgq_admin "SELECT deadlocks FROM pg_stat_database WHERE datname = 'aigo_conc'")
[ "$deadlocks" = 0 ] && ok "writers at once: no deadlock" || no "writers at once: $deadlocks deadlocks"
pgq_admin "DROP DATABASE aigo_conc"

# 4. Writers at once on the same models: three writers each record every
# third batch of --equiv's (prefix w4) into a database of their own. The
# incidents depend on the order the batches came in, but the checks and
# what is counted from them do not: they equal those of the three parts
# one after the other into SQLite (a check whose key another part's
# batch took with other values is left out by all: which one is kept
# depends on the order). Without the writers' lock, two batches' counts
# would start from the same state and one of them be lost.
pgq_admin "CREATE DATABASE aigo_conc OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
for k in 0 1 2; do
	SCHEMA=db/schema.sql build/pg_ingest --equiv "$work/conc4.db" w4 $k 3 >>"$work/conc4-lite.out"
done
SCHEMA=db/schema-pg.sql build/pg_ingest --catalog "$conc_url" w4
pids=()
for k in 0 1 2; do
	build/pg_ingest --equiv "$conc_url" w4 $k 3 >"$work/conc4-pg-$k.out" 2>&1 &
	pids+=($!)
done
for p in "${pids[@]}"; do wait "$p" || no "a writer at once failed: $(cat "$work"/conc4-pg-*.out)"; done
lite_new=$(new_of "$work/conc4-lite.out")
pg_new=$(new_of "$work"/conc4-pg-*.out)
[ "$lite_new" = "$pg_new" ] &&
	ok "three writers of the same models stored $pg_new new checks, as the three parts one after the other in SQLite" ||
	no "new checks: SQLite $lite_new, the writers of the same models $pg_new"
counted=checks,current_status,rollups_hourly,rollups_5min,model_rollups
if python3 tests/e2e/pg_write_check.py --tables $counted "$work/conc4.db" "$conc_url" >"$work/conc4-check.out"; then
	ok "writers of the same models: $counted equal ($(tail -n 1 "$work/conc4-check.out"))"
else
	no "writers of the same models: tables differ"
	cat "$work/conc4-check.out"
fi
pgq_admin "DROP DATABASE aigo_conc"
[ "$fail" = 0 ] && echo "pg_write: all passed" || echo "pg_write: FAILED"
exit "$fail"
