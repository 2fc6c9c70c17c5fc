#!/usr/bin/env bash
# run.sh: `make bench`: each page and JSON case through nginx as browsers ask (gzip) and as scripts do (identity), against their floors (nginx sending the same bytes as a file or its precompressed copy, a minimal FastCGI responder): requests/s, p99, CPU per request, bytes; worker memory, render times and ingest; medians and ratios of one run.
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
MIN_SOCK=
cleanup() {
	[ -n "$MIN_PID" ] && pkill -f "$OUT/fcgi_min" 2>/dev/null
	[ -n "$MIN_SOCK" ] && rm -rf "${MIN_SOCK%/*}"
	stack_stop
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "bench: wrk is missing (apt-get install wrk)" >&2; exit 1; }
cc -O2 -Wall -Wextra -Werror -o "$OUT/fcgi_min" tests/bench/fcgi_min.c -lfcgi || exit 1
./cgi-bin/aigo demo >/dev/null || exit 1

# The minimal responder listens as aigo does: on a Unix socket.
MIN_SOCK=$(mktemp -d /tmp/aigo-bench.XXXXXX)/min.sock
# /bench/ serves files as nginx does static files, with the precompressed
# copy (gzip_static) to clients that take gzip: the floors.
STACK_NGINX_EXTRA="location /bench/ { alias $OUT/files/; gzip_static on; }
        location = /bench-min { include /etc/nginx/fastcgi_params; fastcgi_pass unix:$MIN_SOCK; }
        location = /bench-page-min { include /etc/nginx/fastcgi_params; gzip off; fastcgi_pass unix:$MIN_SOCK-page; }"
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 >/dev/null || exit 1
BASE="http://127.0.0.1:$PORT"
AE="Accept-Encoding: gzip, deflate, br"
# The same bytes for the floors: the page as a file and as the .gz copy the
# build would make (gzip -9, as the application's kept answer is).
curl -sf -o "$OUT/files/page.html" "$BASE/en/monitoring" || exit 1
gzip -9 -n -c "$OUT/files/page.html" >"$OUT/files/page.html.gz"
cp "$OUT/files/page.html" "$OUT/files/page-gz.html"
cp "$OUT/files/page.html.gz" "$OUT/files/page-gz.html.gz"
curl -sf -o "$OUT/files/stats.json" "$BASE/api/v1/realtime-stats" || exit 1
spawn-fcgi -s "$MIN_SOCK" -F 2 -- "$OUT/fcgi_min" "$OUT/files/stats.json" >/dev/null || exit 1
# The page's gzip bytes from memory: what FastCGI through nginx costs with
# no work at all (the floor of the architecture for page-gzip).
spawn-fcgi -s "$MIN_SOCK-page" -F 2 -- "$OUT/fcgi_min" "$OUT/files/page.html.gz" \
	"text/html; charset=utf-8" gzip >/dev/null || exit 1
MIN_PID=started
for u in /bench/page.html /bench-min /bench-page-min; do
	curl -sf -o /dev/null "$BASE$u" || { echo "bench: $u does not answer" >&2; exit 1; }
done
cmp -s <(curl -s "$BASE/bench-min") "$OUT/files/stats.json" || { echo "bench: floor differs" >&2; exit 1; }

# NAME PATH CODING: each page and JSON case as a browser asks (gzip) and
# as a script without Accept-Encoding does (identity), and the floors.
CASES=("page-gzip /en/monitoring gzip" "page /en/monitoring identity"
	"model-gzip /en/models/gpt-4o gzip" "model /en/models/gpt-4o identity"
	"models-gzip /api/v1/models?limit=500 gzip" "models /api/v1/models?limit=500 identity"
	"stats-gzip /api/v1/realtime-stats gzip" "stats /api/v1/realtime-stats identity"
	"static-gz /bench/page-gz.html gzip" "static /bench/page.html identity"
	"stats-min /bench-min identity" "page-min /bench-page-min gzip")
# Every case answers 200, and its bytes per answer are known.
for c in "${CASES[@]}"; do
	set -- $c
	[ "$3" = gzip ] && set -- "$@" -H "$AE"
	code=$(curl -s -o "$OUT/b-$1" -D "$OUT/h-$1" "${@:4}" -w '%{http_code}' "$BASE$2")
	[ "$code" = 200 ] || { echo "bench: $1: $2 answers $code, not 200" >&2; exit 1; }
	enc=$(grep -i '^content-encoding:' "$OUT/h-$1" | tr -d '\r' | cut -d' ' -f2)
	echo "$1 $(stat -c %s "$OUT/b-$1") ${enc:-identity}" >>"$OUT/bytes"
done
# serving_ticks: user+sys clock ticks so far of the processes that serve
# (the aigo workers, nginx's workers, the minimal responders).
serving_ticks() {
	local pids p
	pids="$(pgrep -P "$STACK_AIGO_PID") $(pgrep -P "$STACK_NGINX_PID") $(pgrep -f "$OUT/fcgi_min")"
	for p in $pids; do awk '{ print $14 + $15 }' "/proc/$p/stat" 2>/dev/null; done | awk '{ s += $1 } END { print s + 0 }'
}
TICK=$(getconf CLK_TCK)
for round in $(seq 1 "$ROUNDS"); do
	for c in "${CASES[@]}"; do
		set -- $c
		t0=$(serving_ticks)
		if [ "$3" = gzip ]; then
			wrk -t 2 -c "$CONNS" -d "${SECS}s" --latency -H "$AE" "$BASE$2" >"$OUT/wrk-$1-$round.txt" 2>&1
		else
			wrk -t 2 -c "$CONNS" -d "${SECS}s" --latency "$BASE$2" >"$OUT/wrk-$1-$round.txt" 2>&1
		fi
		t1=$(serving_ticks)
		# A failed request fails the run: its rate would not be honest.
		bench_wrk_ok "$1 round $round" "$OUT/wrk-$1-$round.txt" || exit 1
		awk -v k="$1" -v t="$((t1 - t0))" -v hz="$TICK" '
			/^Requests\/sec/ { rps = $2 }
			/ requests in / { n = $1 }
			$1 == "99%" { p99 = $2; u = p99; sub(/[a-z]+$/, "", p99)
				p99 *= (u ~ /us$/) ? 0.001 : (u ~ /ms$/) ? 1 : 1000 }
			END { printf "%s %s %.3f %.1f\n", k, rps, p99, t / hz * 1e6 / n }' \
			"$OUT/wrk-$1-$round.txt" >>"$OUT/results"
	done
done
# median KEY COLUMN: the median over the rounds of a results column (2:
# requests/s, 3: p99 ms, 4: CPU microseconds per request).
median() { awk -v k="$1" -v c="${2:-2}" '$1 == k { print $c }' "$OUT/results" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
RSS=$(for p in $(pgrep -P "$STACK_AIGO_PID"); do awk '/VmRSS/ { print $2 }' "/proc/$p/status"; done | sort -n | tr '\n' ' ')
stack_stop

echo
echo "AI-GO Monitor bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end; wrk -t2 -c$CONNS ${SECS}s x $ROUNDS rounds in alternation, medians; aigo serve --workers 2 on a Unix socket, as the minimal responders; no request failed"
echo "gzip: the request sends \"$AE\" (as browsers do); identity: no Accept-Encoding (as scripts do)"
printf '%-12s %-28s %-9s %12s %9s %14s %10s\n' case path coding "requests/s" "p99 ms" "CPU us/req" "bytes"
for c in "${CASES[@]}"; do
	set -- $c
	printf '%-12s %-28s %-9s %12.0f %9.2f %14.1f %10s\n' "$1" "$2" \
		"$(awk -v k="$1" '$1 == k { print $3 }' "$OUT/bytes")" \
		"$(median "$1" 2)" "$(median "$1" 3)" "$(median "$1" 4)" \
		"$(awk -v k="$1" '$1 == k { print $2 }' "$OUT/bytes")"
done
awk -v pg="$(median page-gzip)" -v p="$(median page)" -v sg="$(median static-gz)" -v st="$(median static)" \
	-v s="$(median stats)" -v sm="$(median stats-min)" -v mg="$(median models-gzip)" -v m="$(median models)" \
	-v og="$(median model-gzip)" -v o="$(median model)" -v pm="$(median page-min)" 'BEGIN {
	printf "page, gzip / nginx sending the same page precompressed (gzip_static): %.3f (target >= 0.5)\n", pg / sg
	printf "page, identity / nginx sending the same bytes as a file: %.3f\n", p / st
	printf "page, gzip / minimal FastCGI responder of the same gzip bytes: %.3f\n", pg / pm
	printf "minimal FastCGI responder of the page / nginx sending it precompressed: %.3f (the most FastCGI allows)\n", pm / sg
	printf "realtime-stats / minimal FastCGI responder of the same bytes: %.3f (target >= 0.95)\n", s / sm
	printf "gzip / identity: page %.3f, model page %.3f, models JSON %.3f (target >= 0.8)\n", pg / p, og / o, mg / m
}'
echo "worker RSS after the run (KiB): $RSS"
echo
echo "in-process render of each range, cold (median of 30, microseconds): page, JSON with history, then both after a write (SQLite reads every page afresh, as after ingest)"
build/render range 30 1h 24h 7d 30d || exit 1
echo
ROUNDS=3 SECS=8 bash tests/bench/ingest.sh || exit 1
