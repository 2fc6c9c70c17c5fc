#!/usr/bin/env bash
# unit-pg.sh: the store's unit suites on PostgreSQL (tests/unit/run-unit with AIGO_UNIT_PG_URL): on the server AIGO_UNIT_PG_URL names, or on one of its own from tests/pg.sh; prints Check's summary line and "unit-pg: N passed, N failed".
#
# Usage: [AIGO_UNIT_PG_URL=URL] [AIGO_UNIT_SUITES="store outbox"] \
#          bash tests/unit/unit-pg.sh
# URL: a libpq URL of a database the tests may write to; each test drops
# and makes again a schema t_NAME of it (unit_pg.c), nothing else. Without
# it a server is started (tests/pg.sh pg_start) and stopped at the end,
# also on failure. AIGO_UNIT_SUITES: the suites (default: the store's,
# test_main.c's UNIT_PG_SUITES). The run's output is in
# tests/out/unit-pg.log; the time per test in tests/out/unit-pg.time.
set -uo pipefail
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
cd "$ROOT" || exit 1
mkdir -p tests/out
LOG=tests/out/unit-pg.log

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
	tee tests/out/unit-pg.time
# What emptying a schema and making a store there (schema, catalog) took.
awk '/^unit_store_create: PostgreSQL/ { n++; t += $3 }
	END { if (n) printf "a new database: %d made, %.0f ms each on average\n", n, t / n }' "$LOG" |
	tee -a tests/out/unit-pg.time
echo "unit-pg: $((checks - bad)) passed, $bad failed"
[ "$bad" = 0 ] && [ "$rc" = 0 ]
