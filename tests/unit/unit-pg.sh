#!/usr/bin/env bash
# unit-pg.sh: the store's unit suites on PostgreSQL (tests/unit/run-unit with AIGO_UNIT_PG_URL): on the server AIGO_UNIT_PG_URL names, or on one of its own from tests/pg.sh; prints Check's summary line and "unit-pg: N passed, N failed".
#
# Usage: [AIGO_UNIT_PG_URL=URL] [AIGO_UNIT_SUITES="store outbox"] \
#          bash tests/unit/unit-pg.sh
# URL: a libpq URL of a database the tests may write to; each test drops
# and makes again a schema t_NAME of it (unit_pg.c), nothing else. Without
# it a server is started (tests/pg.sh pg_start) and stopped at the end,
# also on failure. AIGO_UNIT_SUITES: the suites (default: the store's,
# test_main.c's UNIT_PG_SUITES). The run's output is in UNIT_PG_LOG
# (tests/out/unit-pg.log), the times in the same name ending .time.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
mkdir -p tests/out
LOG=${UNIT_PG_LOG:-tests/out/unit-pg.log}
TIMES=${LOG%.log}.time

if [ -z "${AIGO_UNIT_PG_URL:-}" ]; then
	. tests/pg.sh
	D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
	pg_start "$D" || exit 1
	export AIGO_UNIT_PG_URL=$AIGO_PG_URL
fi
export AIGO_UNIT_PG_URL
[ -x tests/unit/run-unit ] || {
	echo "unit-pg: tests/unit/run-unit is not built (make tests/unit/run-unit)"
	exit 1
}

# A test's time limit (tcase_set_timeout, Check's 4 s by default) times
# this: PostgreSQL's write path takes a round trip per statement, and a
# test that writes days of demo checks takes several times SQLite's time
# (the .time file has both: what a day of the demo took).
# At least 10, also when make test asks 2 of every suite (a loaded machine
# once ran a PostgreSQL day of demo past 2 x 4 s).
m=${CK_TIMEOUT_MULTIPLIER:-10}
export CK_TIMEOUT_MULTIPLIER=$((m > 10 ? m : 10))
t0=$(date +%s%N)
AIGO_ROOT=${AIGO_ROOT:-$ROOT} AIGO_LOG_LEVEL=none AIGO_UNIT_TIMING=1 ./tests/unit/run-unit >"$LOG" 2>&1
rc=$?
t1=$(date +%s%N)
# Check's summary: "100%: Checks: 40, Failures: 0, Errors: 0".
line=$(grep -E '^[0-9]+%: Checks: [0-9]+, Failures: [0-9]+, Errors: [0-9]+' "$LOG" | tail -n 1)
grep -E ':[EF]:' "$LOG"
if [ -z "$line" ]; then
	cat "$LOG"
	echo "unit-pg: 0 passed, 1 failed (no summary line; exit status $rc)"
	exit 1
fi
echo "unit-pg: $line"
read -r checks failures errors <<<"$(echo "$line" | sed -E 's/.*Checks: ([0-9]+), Failures: ([0-9]+), Errors: ([0-9]+).*/\1 \2 \3/')"
bad=$((failures + errors))
echo "$(((t1 - t0) / 1000000)) ms for $checks tests: $(((t1 - t0) / 1000000 / (checks > 0 ? checks : 1))) ms per test" |
	tee "$TIMES"
# What emptying a schema and making a store there (schema, catalog) took.
awk '/^unit_store_create: PostgreSQL/ { n++; t += $3 }
	END { if (n) printf "a new database: %d made, %.0f ms each on average\n", n, t / n }' "$LOG" |
	tee -a "$TIMES"
awk '/^unit_make_demo_db: PostgreSQL/ { d += $6; t += $3 }
	END { if (d) printf "the demo written through the store: %d days in %.0f ms, %.0f ms a day\n", d, t, t / d }' "$LOG" |
	tee -a "$TIMES"
echo "unit-pg: $((checks - bad)) passed, $bad failed"
[ "$bad" = 0 ] && [ "$rc" = 0 ]
