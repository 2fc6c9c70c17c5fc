#!/usr/bin/env bash
# run.sh: `make bench`: the page and the JSON through nginx against their floors (nginx serving the same bytes, a minimal FastCGI responder), worker memory, and ingest; medians and ratios of one run.
set -uo pipefail
. "$(dirname "$0")/../../scripts/stack.sh"
. "$(dirname "$0")/wrk.sh"
cd "$STACK_ROOT" || exit 1
OUT=$STACK_ROOT/tests/out/bench
rm -rf "$OUT"
mkdir -p "$OUT/files"
ROUNDS=${ROUNDS:-5}
SECS=${SECS:-5}
CONNS=${CONNS:-32}
# A fixed clock keeps the page's bytes the same through the run; the demo
# data is made on the same clock, so the run does not depend on its date.
# (ingest.sh, run at the end, unsets it: ingest is measured on the real one.)
export AIGO_NOW=1795839634 AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT
export AIGO_SNAPSHOT=$OUT/fallback.json AIGO_SNAPSHOT_INTERVAL=0 AIGO_LOG_LEVEL=warn
export AIGO_INGEST_TOKENS=$OUT/no-tokens AIGO_MAX_REQUESTS=0

MIN_PID=
cleanup() {
	[ -n "$MIN_PID" ] && pkill -f "$OUT/fcgi_min" 2>/dev/null
	stack_stop
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
cc -O2 -Wall -Wextra -Werror -o "$OUT/fcgi_min" tests/bench/fcgi_min.c -lfcgi || exit 1
./cgi-bin/aigo demo >/dev/null || exit 1

MIN_PORT=$(stack_free_port)
STACK_NGINX_EXTRA="location /bench/ { alias $OUT/files/; }
        location = /bench-min { include /etc/nginx/fastcgi_params; fastcgi_pass 127.0.0.1:$MIN_PORT; }"
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 >/dev/null || exit 1
BASE="http://127.0.0.1:$PORT"
# The same bytes for the floors.
curl -sf -o "$OUT/files/page.html" "$BASE/en/monitoring" || exit 1
curl -sf -o "$OUT/files/stats.json" "$BASE/api/v1/realtime-stats" || exit 1
spawn-fcgi -a 127.0.0.1 -p "$MIN_PORT" -F 2 -- "$OUT/fcgi_min" "$OUT/files/stats.json" >/dev/null || exit 1
MIN_PID=started
for u in /bench/page.html /bench-min; do
	curl -sf -o /dev/null "$BASE$u" || { echo "bench: $u does not answer" >&2; exit 1; }
done
cmp -s <(curl -s "$BASE/bench-min") "$OUT/files/stats.json" || { echo "bench: floor differs" >&2; exit 1; }

CASES=("page /en/monitoring" "page-static /bench/page.html" "stats /api/v1/realtime-stats" "stats-min /bench-min")
# wrk counts only 4xx and 5xx as failed: every case must answer 200.
for c in "${CASES[@]}"; do
	set -- $c
	code=$(curl -s -o /dev/null -w '%{http_code}' "$BASE$2")
	[ "$code" = 200 ] || { echo "bench: $1: $2 answers $code, not 200" >&2; exit 1; }
done
for round in $(seq 1 "$ROUNDS"); do
	for c in "${CASES[@]}"; do
		set -- $c
		wrk -t 2 -c "$CONNS" -d "${SECS}s" "$BASE$2" >"$OUT/wrk-$1-$round.txt" 2>&1
		# A failed request fails the run: its rate would not be honest.
		bench_wrk_ok "$1 round $round" "$OUT/wrk-$1-$round.txt" || exit 1
		rps=$(awk '/^Requests\/sec/ { print $2 }' "$OUT/wrk-$1-$round.txt")
		echo "$1 $rps" >>"$OUT/results"
	done
done
median() { awk -v k="$1" '$1 == k { print $2 }' "$OUT/results" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
RSS=$(for p in $(pgrep -P "$STACK_AIGO_PID"); do awk '/VmRSS/ { print $2 }' "/proc/$p/status"; done | sort -n | tr '\n' ' ')
SIZE_PAGE=$(stat -c %s "$OUT/files/page.html")
SIZE_STATS=$(stat -c %s "$OUT/files/stats.json")
stack_stop

P=$(median page)
PS=$(median page-static)
S=$(median stats)
SM=$(median stats-min)
echo
echo "AI-GO Monitor bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; wrk -t2 -c$CONNS ${SECS}s x $ROUNDS rounds in alternation, medians; aigo serve --workers 2; no request failed"
printf '%-44s %12s\n' "case" "requests/s"
for k in page page-static stats stats-min; do
	printf '%-44s %12.0f\n' "$k" "$(median "$k")"
done
awk -v p="$P" -v ps="$PS" -v s="$S" -v sm="$SM" -v bp="$SIZE_PAGE" -v bs="$SIZE_STATS" 'BEGIN {
	printf "page (%d bytes) / nginx static of the same bytes: %.3f (target >= 0.15)\n", bp, p / ps
	printf "realtime-stats (%d bytes) / minimal FastCGI responder: %.3f (target >= 0.9)\n", bs, s / sm
}'
echo "worker RSS after the run (KiB): $RSS"
echo
echo "in-process render of each range, cold (median of 30, microseconds): page, JSON with history, then both after a write (SQLite reads every page afresh, as after ingest)"
build/render range 30 1h 24h 7d 30d || exit 1
echo
ROUNDS=3 SECS=8 bash tests/bench/ingest.sh || exit 1
