#!/usr/bin/env bash
# backends.sh: `make bench-backends` (and the end of `make bench`): SQLite and PostgreSQL on the same demo data in one run: ingest in batches of 1,000 through nginx, the cold render of the page and the JSON (a fresh worker's first request, and a later one reading the database afresh), requests/s through nginx with answer reuse; medians of rounds in alternation, PG/SQLite ratios against issue 21's targets, as a markdown table on stdout and in tests/out/bench/backends.md.
#
# ROUNDS (5): ingest and nginx rounds, each backend once per round, the
# order swapped every round; INGEST_SECS (8), SECS (5): wrk's duration
# for an ingest run and for a page; CONNS (32): wrk's connections for a
# page (ingest uses 4, as ingest.sh); COLD (9): fresh processes per path
# and backend for the first render; WARM (20): renders after it in each;
# DAYS: the demo's days (7 when `aigo db copy` exists, else 2: the demo
# recorded into PostgreSQL statement by statement is slow); PERF=1: a
# `perf record -g` of the aigo workers (and the PostgreSQL backends
# connected at its start) during the first PostgreSQL ingest run
# (tests/out/bench-backends/perf-*).
# The run fails when a request fails or an acknowledged check is not
# stored, never because a target is missed.
set -uo pipefail
. "$(dirname "$0")/../../scripts/stack.sh"
. "$(dirname "$0")/wrk.sh"
. "$(dirname "$0")/../pg.sh"
cd "$STACK_ROOT" || exit 1
OUT=$STACK_ROOT/tests/out/bench-backends
TABLE=$STACK_ROOT/tests/out/bench/backends.md
rm -rf "$OUT"
mkdir -p "$OUT" "${TABLE%/*}"
ROUNDS=${ROUNDS:-5}
SECS=${SECS:-5}
INGEST_SECS=${INGEST_SECS:-8}
CONNS=${CONNS:-32}
COLD=${COLD:-9}
WARM=${WARM:-20}
INGEST_CONNS=4
BATCH=1000
# The demo is recorded on a fixed clock (run.sh's), so that the data, the
# pages and their bytes do not depend on the day the bench runs. Ingest
# runs on a clock a week later: its checks (one second apart per model,
# going back from a day before that clock) are newer than the demo's.
DEMO_NOW=1795839634
INGEST_NOW=$((DEMO_NOW + 7 * 86400))
export AIGO_NOW=$DEMO_NOW AIGO_ROOT=$STACK_ROOT AIGO_LOG_LEVEL=warn
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_INGEST_TOKENS=$OUT/tokens AIGO_MAX_REQUESTS=0
TOKEN=bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
(umask 077 && echo "bench $TOKEN" >"$OUT/tokens")
SQLITE_DB=$OUT/demo.db
PAGE=/en/monitoring
JSON=/api/v1/realtime-stats
AE="Accept-Encoding: gzip, deflate, br"

trap 'stack_stop' EXIT
for c in wrk psql sqlite3 curl; do
	command -v "$c" >/dev/null || { echo "bench: $c is missing (make deps)" >&2; exit 1; }
done
[ -x build/render ] || { echo "bench: build/render is missing (make build/render)" >&2; exit 1; }
PG_D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
pg_start "$PG_D" || exit 1 # chains pg_stop onto the EXIT trap
# PostgreSQL's own defaults for durability and memory, not the tests'
# (fsync off): an acknowledged batch is on disk, as SQLite's ingest
# commits with synchronous = FULL.
for s in "fsync = on" "full_page_writes = on" "synchronous_commit = on" "shared_buffers = '128MB'"; do
	pgq_admin "ALTER SYSTEM SET $s" || exit 1
done
pg_as "$PG_BIN/pg_ctl" -D "$PG_D/data" -l "$PG_D/server.log" -w -t 30 restart >/dev/null || exit 1
PG_URL=$AIGO_PG_URL
PG_INGEST_URL=${AIGO_PG_URL/\/aigo\?/\/aigo_ingest?}
PG_ADMIN_AIGO=${PG_ADMIN_URL/\/postgres\?/\/aigo?}

# use BACKEND: the database (and a snapshot of its own) the next aigo
# process serves: sqlite, pg, or their ingest copies sqlite-ingest and
# pg-ingest.
use() {
	case $1 in
	sqlite) AIGO_DB=$SQLITE_DB ;;
	sqlite-ingest) AIGO_DB=$OUT/ingest.db ;;
	pg) AIGO_DB=$PG_URL ;;
	pg-ingest) AIGO_DB=$PG_INGEST_URL ;;
	esac
	export AIGO_DB AIGO_SNAPSHOT=$OUT/fallback-${1%-ingest}.json
}
# order ROUND: the backends in the order of that round (swapped each one).
order() { if [ $(($1 % 2)) = 1 ]; then echo sqlite pg; else echo pg sqlite; fi; }
# count BACKEND SQL: one number from the backend's database.
count() {
	case $1 in
	sqlite*) sqlite3 "$AIGO_DB" "$2" ;;
	pg*) psql "$AIGO_DB" -X -A -t -q -v ON_ERROR_STOP=1 -c "$2" ;;
	esac
}

# 1. The same data in both.
copy_ok=0
./cgi-bin/aigo help 2>&1 | grep -q 'aigo db copy ' && copy_ok=1
DAYS=${DAYS:-$([ "$copy_ok" = 1 ] && echo 7 || echo 2)}
use sqlite
./cgi-bin/aigo demo --days "$DAYS" >"$OUT/demo-sqlite.txt" || exit 1
t0=$(date +%s.%N)
if [ "$copy_ok" = 1 ]; then
	LOADED="recorded into SQLite, then copied with \`aigo db copy\`"
	./cgi-bin/aigo db copy --from "$SQLITE_DB" --to "$PG_URL" >"$OUT/copy.txt" 2>&1 ||
		{ cat "$OUT/copy.txt" >&2; exit 1; }
else
	LOADED="recorded into each with \`aigo demo\` (no \`aigo db copy\` yet)"
	use pg
	./cgi-bin/aigo demo --days "$DAYS" >"$OUT/demo-pg.txt" || exit 1
fi
LOAD_S=$(echo "$(date +%s.%N) $t0" | awk '{ printf "%.0f", $1 - $2 }')
# Planner statistics now rather than whenever autovacuum gets to them.
psql "$PG_ADMIN_AIGO" -X -q -v ON_ERROR_STOP=1 -c 'VACUUM ANALYZE' || exit 1
# Every table both have holds as many rows in both, and the pages and the
# JSON (the CGI mode, no answer kept) are the same bytes.
use sqlite
TABLES=$(sqlite3 "$SQLITE_DB" "SELECT name FROM sqlite_master WHERE type = 'table'
	AND name NOT LIKE 'sqlite_%' AND name <> 'aigo_meta' ORDER BY name") || exit 1
for t in $TABLES; do
	use sqlite
	a=$(count sqlite "SELECT count(*) FROM $t") || exit 1
	use pg
	b=$(count pg "SELECT count(*) FROM $t") || exit 1
	[ "$a" = "$b" ] || { echo "bench: $t: $a rows in SQLite, $b in PostgreSQL: not the same data" >&2; exit 1; }
	echo "$t $a" >>"$OUT/rows"
done
for p in "$PAGE" "$JSON" "/api/v1/models?limit=500" /en/models/gpt-4o; do
	for b in sqlite pg; do
		use "$b"
		GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET PATH_INFO=${p%%\?*} \
			QUERY_STRING=$([ "$p" != "${p#*\?}" ] && echo "${p#*\?}") \
			./cgi-bin/aigo >"$OUT/cgi-$b.out" 2>>"$OUT/cgi.log" || exit 1
		head -n 1 "$OUT/cgi-$b.out" | grep -q '^Status: 200' ||
			{ echo "bench: $b: $p: $(head -n 1 "$OUT/cgi-$b.out")" >&2; exit 1; }
	done
	cmp -s "$OUT/cgi-sqlite.out" "$OUT/cgi-pg.out" ||
		{ echo "bench: $p: SQLite and PostgreSQL answer different bytes ($OUT/cgi-*.out)" >&2; exit 1; }
done
CHECKS=$(awk '$1 == "checks" { print $2 }' "$OUT/rows")
echo "bench: $CHECKS demo checks ($DAYS days) in both, $LOADED in $LOAD_S s; the same rows and bytes" >&2

# 2. Ingest: batches of 1,000 through nginx, on a fresh copy of the demo
# data each run (SQLite: the file; PostgreSQL: CREATE DATABASE ... TEMPLATE).
MODELS=$(sqlite3 "$SQLITE_DB" "SELECT group_concat(slug) FROM (SELECT m.slug FROM models m
	JOIN endpoints e ON e.model_id = m.id WHERE e.region = 'global' ORDER BY m.slug LIMIT 4)") || exit 1
export TOKEN MODELS
# perf_start: records the aigo workers and their PostgreSQL backends.
PERF_PID=
perf_start() {
	local pids
	curl -sf -o /dev/null "http://127.0.0.1:$port$JSON" || return 1
	pids=$( (pgrep -P "$STACK_AIGO_PID"; pgq_admin \
		"SELECT pid FROM pg_stat_activity WHERE application_name = 'aigo'") | paste -sd,)
	echo "$pids" >"$OUT/perf-pids"
	perf record -g -o "$OUT/perf-pg.data" -p "$pids" >"$OUT/perf-record.log" 2>&1 &
	PERF_PID=$!
	sleep 1
}
for round in $(seq 1 "$ROUNDS"); do
	for b in $(order "$round"); do
		f=$OUT/wrk-ingest-$b-$round.txt
		if [ "$b" = sqlite ]; then
			rm -f "$OUT"/ingest.db*
			cp "$SQLITE_DB" "$OUT/ingest.db" || exit 1
		else
			PGOPTIONS="-c client_min_messages=warning" pgq_admin "DROP DATABASE IF EXISTS aigo_ingest" >/dev/null &&
				pgq_admin "CREATE DATABASE aigo_ingest TEMPLATE aigo OWNER aigo" >/dev/null || exit 1
		fi
		use "$b-ingest"
		port=$(stack_free_port)
		AIGO_NOW=$INGEST_NOW stack_start "$OUT/run-ingest" "$port" 2 >/dev/null || exit 1
		[ "${PERF:-0}" = 1 ] && [ "$b" = pg ] && [ -z "$PERF_PID" ] && { perf_start || exit 1; }
		AIGO_NOW=$INGEST_NOW bench_ingest_wrk "$f" "http://127.0.0.1:$port/" "$BATCH" "$INGEST_CONNS" "$INGEST_SECS"
		if [ -n "$PERF_PID" ] && kill -INT "$PERF_PID" 2>/dev/null; then
			wait "$PERF_PID"
		fi
		stack_stop
		after=$(count "$b" "SELECT count(*) FROM checks") || exit 1
		read -r _ us _ acked < <(bench_ingest_count "ingest $b round $round" "$f" "$BATCH" \
			"$INGEST_CONNS" $((after - CHECKS))) || exit 1
		awk -v b="$b" -v a="$acked" -v us="$us" 'BEGIN { printf "ingest %s %.1f\n", b, a * 1e6 / us }' >>"$OUT/results"
	done
done
if [ -n "$PERF_PID" ]; then
	perf report -i "$OUT/perf-pg.data" --no-children --percent-limit 1 --stdio >"$OUT/perf-pg.txt" 2>/dev/null
	echo "bench: perf profile of the PostgreSQL ingest: $OUT/perf-pg.txt" >&2
fi
PGOPTIONS="-c client_min_messages=warning" pgq_admin "DROP DATABASE IF EXISTS aigo_ingest" >/dev/null || exit 1

# 3. The first request of a fresh worker, a second after its start (as
# aigo serve's workers start: app_start, the connection and the warm-up
# page, timed apart: the start row, its connection alone the connect
# row), then warm ones (connection kept, answer not: each reads the
# database afresh), in-process (build/render); and the first request of
# a worker that only connected at its start (START=connect, as before
# the warm-up: nothing prepared, read or kept).
for i in $(seq 1 "$COLD"); do
	for b in $(order "$i"); do
		use "$b"
		for p in "$PAGE" "$JSON"; do
			build/render "$b" first "$p" "$WARM" >>"$OUT/render" 2>>"$OUT/render.log" || exit 1
			START=connect build/render "$b" first "$p" "$WARM" >>"$OUT/render-connect" 2>>"$OUT/render.log" || exit 1
		done
	done
done
awk '{ k = ($2 == "'"$PAGE"'") ? "page" : "json"
	print "first-" k, $1, $3 / 1000; print "warm-" k, $1, $4 / 1000
	print "connect", $1, $5 / 1000; print "start", $1, $6 / 1000 }' "$OUT/render" >>"$OUT/results"
awk '{ k = ($2 == "'"$PAGE"'") ? "page" : "json"
	print "first-connect-" k, $1, $3 / 1000 }' "$OUT/render-connect" >>"$OUT/results"

# 4. Requests/s through nginx with answer reuse: the same URL again and
# again, as run.sh measures a page (the page as browsers ask, gzip).
for round in $(seq 1 "$ROUNDS"); do
	for b in $(order "$round"); do
		use "$b"
		port=$(stack_free_port)
		stack_start "$OUT/run-$b" "$port" 2 >/dev/null || exit 1
		for c in "page $PAGE" "json $JSON"; do
			set -- $c
			f=$OUT/wrk-$1-$b-$round.txt
			code=$(curl -s -o /dev/null -H "$AE" -w '%{http_code}' "http://127.0.0.1:$port$2")
			[ "$code" = 200 ] || { echo "bench: $b: $2 answers $code" >&2; exit 1; }
			if [ "$1" = page ]; then
				wrk -t 2 -c "$CONNS" -d "${SECS}s" -H "$AE" "http://127.0.0.1:$port$2" >"$f" 2>&1
			else
				wrk -t 2 -c "$CONNS" -d "${SECS}s" "http://127.0.0.1:$port$2" >"$f" 2>&1
			fi
			bench_wrk_ok "$1 $b round $round" "$f" || exit 1
			awk -v k="rps-$1" -v b="$b" '/^Requests\/sec/ { print k, b, $2 }' "$f" >>"$OUT/results"
		done
		stack_stop
	done
done

# 5. The table.
# stat KEY BACKEND: "median min max" of a results column.
stat() {
	awk -v k="$1" -v b="$2" '$1 == k && $2 == b { print $3 }' "$OUT/results" | sort -g |
		awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)], v[1], v[NR] }'
}
# row WHAT KEY FORMAT TARGET: one line of the table; TARGET is
# "ge N" (PostgreSQL's median at least N) or "ratio-le R" (PG/SQLite at
# most R) or empty.
row() {
	local what=$1 key=$2 fmt=$3 target=${4:-}
	read -r sm slo shi < <(stat "$key" sqlite)
	read -r pm plo phi < <(stat "$key" pg)
	awk -v w="$what" -v f="$fmt" -v t="$target" -v sm="$sm" -v slo="$slo" -v shi="$shi" \
		-v pm="$pm" -v plo="$plo" -v phi="$phi" 'BEGIN {
		r = pm / sm; split(t, tt, " ")
		if (tt[1] == "ge") verdict = sprintf("PostgreSQL >= %s: %s", tt[2], pm >= tt[2] ? "MET" : "NOT MET")
		else if (tt[1] == "ratio-le") verdict = sprintf("PG/SQLite <= %s: %s", tt[2], r <= tt[2] ? "MET" : "NOT MET")
		else verdict = ""
		printf "| %s | " f " (" f "–" f ") | " f " (" f "–" f ") | %.2f | %s |\n", w, sm, slo, shi, pm, plo, phi, r, verdict
	}'
}
{
	echo "| measure | SQLite: median (min–max) | PostgreSQL: median (min–max) | PG/SQLite | target |"
	echo "|---|---|---|---|---|"
	row "ingest, batches of 1,000 through nginx (checks/s)" ingest "%.0f" "ge 50000"
	row "a worker's connection, opened at its start (ms)" connect "%.1f"
	row "a worker's whole start: the connection and the warm-up page (ms)" start "%.1f"
	row "page $PAGE, cold: the first request of a fresh worker, a second after its start (ms)" first-page "%.1f" "ratio-le 2"
	row "JSON $JSON, cold: the first request of a fresh worker (ms)" first-json "%.1f"
	row "page, cold, a worker that only connected at its start, no warm-up (ms)" first-connect-page "%.1f"
	row "JSON, cold, a worker that only connected at its start, no warm-up (ms)" first-connect-json "%.1f"
	row "page, cold: a later request, the database read afresh (answer not reused) (ms)" warm-page "%.2f" "ratio-le 2"
	row "JSON, cold: a later request, the database read afresh (ms)" warm-json "%.2f"
	row "page through nginx, gzip, answer reused (requests/s)" rps-page "%.0f"
	row "JSON through nginx, answer reused (requests/s)" rps-json "%.0f"
} >"$OUT/table"
{
	echo "AI-GO Monitor, SQLite and PostgreSQL $("$PG_BIN/postgres" --version | awk '{ print $3 }') on the same data:" \
		"the demo at a fixed clock, $DAYS days, $CHECKS checks, $LOADED."
	echo
	echo "$(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end. Ingest: wrk -t2 -c$INGEST_CONNS" \
		"${INGEST_SECS}s, $ROUNDS runs each on a fresh copy of the data, acknowledged and stored checks only." \
		"Render: in-process (build/render), $COLD fresh processes each (start, then the first request a second later), $WARM later" \
		"requests in each (their median per process), and $COLD more that only connect at their start. nginx: aigo serve --workers 2, wrk -t2 -c$CONNS ${SECS}s, $ROUNDS rounds." \
		"The backends alternate round by round; no request failed."
	echo
	cat "$OUT/table"
} >"$TABLE"
echo
cat "$TABLE"
