#!/usr/bin/env bash
# ingest.sh: ingest throughput through nginx with wrk, in batches of 1, 100 and 1000, each case on a fresh copy of the database, repeated in alternation; counts only checks stored and acknowledged.
# BASE_AIGO=PATH also measures that aigo binary (a build of another commit)
# in alternation with this one, so that both are compared in the same go.
set -uo pipefail
. "$(dirname "$0")/../../scripts/stack.sh"
. "$(dirname "$0")/wrk.sh"
cd "$STACK_ROOT" || exit 1
OUT=$STACK_ROOT/tests/out/bench-ingest
rm -rf "$OUT"
mkdir -p "$OUT"
ROUNDS=${ROUNDS:-3}
SECS=${SECS:-10}
CONNS=4
BINS=("this=$STACK_ROOT/cgi-bin/aigo")
[ -n "${BASE_AIGO:-}" ] && BINS+=("base=$BASE_AIGO")
TOKEN=bench-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
# The real clock for the server and the Lua script alike, whatever the
# caller set (run.sh fixes AIGO_NOW for its pages): checks dated from
# another clock than the server's are refused as in the future or too old.
unset AIGO_NOW
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_INGEST_TOKENS=$OUT/tokens AIGO_LOG_LEVEL=warn
(umask 077 && echo "bench $TOKEN" >"$OUT/tokens")
trap 'stack_stop' EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
# root_of BIN: the checkout a binary was built in (its schema, catalog and
# templates: another commit's build may read another schema version).
root_of() { (cd "$(dirname "$1")/.." && pwd); }
for bin in "${BINS[@]}"; do
	AIGO_ROOT=$(root_of "${bin#*=}") AIGO_DB=$OUT/template-${bin%%=*}.db \
		"${bin#*=}" db init >/dev/null || exit 1
done
# Four models with a global endpoint: one per wrk thread.
MODELS=$(sqlite3 "$OUT/template-this.db" "SELECT group_concat(slug) FROM (SELECT m.slug FROM models m
	JOIN endpoints e ON e.model_id = m.id WHERE e.region = 'global' ORDER BY m.slug LIMIT 4)")
BEFORE=$(sqlite3 "$OUT/template-this.db" "SELECT count(*) FROM checks") || exit 1
export TOKEN MODELS

for round in $(seq 1 "$ROUNDS"); do
	for batch in 1 100 1000; do
		for bin in "${BINS[@]}"; do
			label=${bin%%=*}
			f=$OUT/wrk-$label-$batch-$round.txt
			cp "$OUT/template-$label.db" "$AIGO_DB"
			rm -f "$AIGO_DB-wal" "$AIGO_DB-shm"
			port=$(stack_free_port)
			AIGO_ROOT=$(root_of "${bin#*=}") STACK_AIGO_BIN=${bin#*=} \
				stack_start "$OUT/run" "$port" 2 >/dev/null || exit 1
			bench_ingest_wrk "$f" "http://127.0.0.1:$port/" "$batch" "$CONNS" "$SECS"
			stack_stop
			after=$(sqlite3 "$AIGO_DB" "SELECT count(*) FROM checks") || exit 1
			read -r ok us stored acked < <(bench_ingest_count "ingest $label batch $batch round $round" \
				"$f" "$batch" "$CONNS" $((after - BEFORE))) || exit 1
			echo "$label $batch $round $ok $us $stored $acked" >>"$OUT/results"
		done
	done
done
echo "ingest through nginx, wrk -t2 -c$CONNS -d${SECS}s, $ROUNDS rounds in alternation, medians, $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
echo "checks/s: checks stored and acknowledged (2xx answers x batch, checked against count(*) of checks) / wrk's duration"
printf '%-6s %-6s %12s %12s %12s %10s\n' aigo batch "requests/s" "checks/s" "stored/run" "in flight"
for bin in "${BINS[@]}"; do
	for batch in 1 100 1000; do
		awk -v l="${bin%%=*}" -v b="$batch" '$1 == l && $2 == b {
			printf "%.3f %.3f %d %d\n", $4 * 1e6 / $5, $7 * 1e6 / $5, $6, $6 - $7 }' \
			"$OUT/results" | sort -n -k2 |
			awk -v l="${bin%%=*}" -v b="$batch" '{ r[NR] = $1; c[NR] = $2; s[NR] = $3; x[NR] = $4 } END {
				m = int((NR + 1) / 2)
				printf "%-6s %-6d %12.1f %12.0f %12d %10d\n", l, b, r[m], c[m], s[m], x[m] }'
	done
done
