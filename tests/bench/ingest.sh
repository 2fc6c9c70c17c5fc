#!/usr/bin/env bash
# ingest.sh: ingest throughput through nginx with wrk, in batches of 1, 100 and 1000, each case on a fresh copy of the database, repeated in alternation.
set -uo pipefail
. "$(dirname "$0")/../../scripts/stack.sh"
cd "$STACK_ROOT" || exit 1
OUT=$STACK_ROOT/tests/out/bench-ingest
rm -rf "$OUT"
mkdir -p "$OUT"
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-10}
TOKEN=bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_INGEST_TOKENS=$OUT/tokens AIGO_LOG_LEVEL=warn
(umask 077 && echo "bench $TOKEN" >"$OUT/tokens")
trap 'stack_stop' EXIT
AIGO_DB=$OUT/template.db ./cgi-bin/aigo db init >/dev/null || exit 1
# Four models with a global endpoint: one per wrk thread.
MODELS=$(sqlite3 "$OUT/template.db" "SELECT group_concat(slug) FROM (SELECT m.slug FROM models m
	JOIN endpoints e ON e.model_id = m.id WHERE e.region = 'global' ORDER BY m.slug LIMIT 4)")
export TOKEN MODELS

for round in $(seq 1 "$ROUNDS"); do
	for batch in 1 100 1000; do
		cp "$OUT/template.db" "$AIGO_DB"
		rm -f "$AIGO_DB-wal" "$AIGO_DB-shm"
		port=$(stack_free_port)
		stack_start "$OUT/run" "$port" 2 >/dev/null || exit 1
		BATCH=$batch wrk -t 2 -c 4 -d "${SECS}s" -s tests/bench/ingest.lua \
			"http://127.0.0.1:$port/" >"$OUT/wrk-$batch-$round.txt" 2>&1
		stack_stop
		rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/wrk-$batch-$round.txt")
		bad=$(awk '/Non-2xx|Socket errors/ { n++ } END { print n + 0 }' "$OUT/wrk-$batch-$round.txt")
		# Only acknowledged batches count: a refused one fails the run.
		if [ "$bad" != 0 ]; then
			echo "bench: batch $batch: requests failed:" >&2
			cat "$OUT/wrk-$batch-$round.txt" >&2
			exit 1
		fi
		stored=$(sqlite3 "$AIGO_DB" "SELECT count(*) FROM checks")
		echo "$batch $round $rps ${bad:-0} $stored" >>"$OUT/results"
	done
done
echo "ingest through nginx, wrk -t2 -c4 -d${SECS}s, $ROUNDS rounds, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
printf '%-6s %14s %16s %10s %12s\n' batch "requests/s" "checks/s" "non-2xx" "stored/run"
for batch in 1 100 1000; do
	awk -v b="$batch" '$1 == b { print $3, $4, $5 }' "$OUT/results" | sort -n |
		awk -v b="$batch" '{ r[NR] = $1; bad += $2; s[NR] = $3 } END {
			m = r[int((NR + 1) / 2)]
			printf "%-6d %14.1f %16.0f %10d %12d\n", b, m, m * b, bad, s[int((NR + 1) / 2)] }'
done
