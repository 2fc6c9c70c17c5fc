#!/usr/bin/env bash
# probe.sh: `make bench`'s prober part: aigo probe against nginx answering a fixed OpenAI-shaped body on loopback (keep-alive), at 1,000 and 10,000 endpoints and at a saturating interval: probes/s, CPU per stored probe, share of one core, peak RSS, lateness p99; medians of ROUNDS.
# AIGO=PATH measures another aigo binary (a build of another commit, with
# its checkout's schema) the same way; PROBE_CASES="1k 10k" runs only those
# cases. A probe that is not stored as operational fails the run.
set -uo pipefail
. "$(dirname "$0")/../../scripts/stack.sh"
cd "$STACK_ROOT" || exit 1
OUT=$STACK_ROOT/tests/out/bench-probe
rm -rf "$OUT"
mkdir -p "$OUT/nginx/tmp"
ROUNDS=${ROUNDS:-3}
AIGO=${AIGO:-$STACK_ROOT/cgi-bin/aigo}
WARM=2 # seconds after the prober's start before the window opens
# NAME ENDPOINTS INTERVAL_S WINDOW_S: the target (10,000 at 60 s), a
# tenth of it at a 10 s interval, and "capacity": 100,000 endpoints at the
# shortest interval the catalog allows (5 s: 20,000 probes/s asked for,
# more than the prober can do), so the rate is what it can do.
CASES=()
for c in "1k 1000 10 ${SECS_1K:-20}" "10k 10000 60 ${SECS_10K:-30}" "capacity 100000 5 ${SECS_CAP:-10}"; do
	case " ${PROBE_CASES:-1k 10k capacity} " in *" ${c%% *} "*) CASES+=("$c") ;; esac
done
[ "${#CASES[@]}" -gt 0 ] || { echo "bench: probe: no case in PROBE_CASES" >&2; exit 1; }
AIGO_ROOT=$(cd "$(dirname "$AIGO")/.." && pwd) || exit 1
export AIGO_ROOT AIGO_LOG_LEVEL=info AIGO_SNAPSHOT=$OUT/none.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_PROBE_CA_FILE='' AIGO_PROBE_CONCURRENCY=32
export BENCH_API_KEY=bench-dummy-key # the catalog's keyEnv; nginx ignores it
unset http_proxy https_proxy HTTP_PROXY HTTPS_PROXY all_proxy ALL_PROXY

NGINX_PID=
PROBE_PID=
cleanup() {
	[ -n "$PROBE_PID" ] && kill -TERM "$PROBE_PID" 2>/dev/null && wait "$PROBE_PID" 2>/dev/null
	[ -n "$NGINX_PID" ] && kill -TERM "$NGINX_PID" 2>/dev/null && wait "$NGINX_PID" 2>/dev/null
}
trap cleanup EXIT
fail() {
	echo "bench: probe: $*" >&2
	exit 1
}

# ---- the fake provider: nginx, one worker, a fixed chat completion ----------
PORT=$(stack_free_port) || exit 1
BODY='{"id":"chatcmpl-bench","object":"chat.completion","created":0,"model":"bench","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}],"usage":{"prompt_tokens":10,"completion_tokens":1,"total_tokens":11}}'
cat >"$OUT/nginx/nginx.conf" <<EOF
worker_processes 1;
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 1024; }
http {
    access_log off;
    client_body_temp_path $OUT/nginx/tmp;
    keepalive_requests 100000000;
    keepalive_timeout 600s;
    server {
        listen 127.0.0.1:$PORT;
        location / {
            default_type application/json;
            return 200 '$BODY';
        }
    }
}
EOF
g="daemon off;"
[ "$(id -u)" = 0 ] && g="$g user root;"
nginx -p "$OUT/nginx" -c "$OUT/nginx/nginx.conf" -g "$g" 2>>"$OUT/nginx/stderr.log" &
NGINX_PID=$!
URL=http://127.0.0.1:$PORT/v1/chat/completions
for _ in $(seq 1 100); do
	curl -fs -o /dev/null -d '{}' "$URL" && break
	sleep 0.1
done
[ "$(curl -s -d '{}' "$URL")" = "$BODY" ] || fail "nginx does not answer on $PORT"
NGINX_WORKER=$(pgrep -P "$NGINX_PID" | head -n 1)
[ -n "$NGINX_WORKER" ] || fail "no nginx worker"

# ---- a catalog and an empty database per case ---------------------------------
# N models of one provider, each an openai-chat inference endpoint on the
# same host (the connections are reused), its own providerModel.
for c in "${CASES[@]}"; do
	set -- $c
	jq -c -n --argjson n "$2" --argjson iv "$3" --arg u "$URL" '{providers: [{slug: "bench",
		name: "Bench", keyEnv: "BENCH_API_KEY", models: [range($n) as $i
		| ($i | tostring | ("00000" + .)[-6:]) as $s | {slug: ("bench-" + $s), name: ("Bench " + $s),
		endpoints: [{url: $u, method: "POST", api: "openai-chat", probe: "inference",
		providerModel: ("bench-model-" + $s), intervalS: $iv, timeoutMs: 5000, degradedMs: 5000}]}]}]}' \
		>"$OUT/$1.json" || fail "cannot write the catalog of $1"
	AIGO_CATALOG=$OUT/$1.json AIGO_DB=$OUT/$1-template.db "$AIGO" db init >"$OUT/$1-init.log" 2>&1 ||
		fail "db init of $1: $(tail -n 3 "$OUT/$1-init.log")"
done

ticks() { awk '{ print $14 + $15 }' "/proc/$1/stat"; }
# Sleeps to the start of the next second of the real clock.
to_second() {
	local ns
	ns=$(date +%N)
	sleep "$(printf '0.%09d' $((1000000000 - 10#$ns)))"
}
TICK=$(getconf CLK_TCK)

# run_case NAME N INTERVAL SECS ROUND: one run of the prober on a fresh
# database; appends a line to results.
run_case() {
	local name=$1 n=$2 iv=$3 secs=$4 round=$5
	local db=$OUT/$name.db log=$OUT/$name-$round.log
	local s0 s1 t0 t1 w0 w1 hwm rc stored bad window summary
	cp "$OUT/$name-template.db" "$db" && rm -f "$db-wal" "$db-shm"
	AIGO_CATALOG=$OUT/$name.json AIGO_DB=$db "$AIGO" probe 2>"$log" &
	PROBE_PID=$!
	# The window opens WARM s after the schedule started, on a second.
	for _ in $(seq 1 600); do
		grep -q 'endpoints on their schedule' "$log" && break
		kill -0 "$PROBE_PID" 2>/dev/null || break
		sleep 0.05
	done
	grep -q 'endpoints on their schedule' "$log" || fail "$name: the prober did not start: $(tail -n 3 "$log")"
	sleep "$WARM"
	to_second
	s0=$(date +%s)
	t0=$(ticks "$PROBE_PID")
	w0=$(ticks "$NGINX_WORKER")
	sleep $((secs - 1))
	to_second
	s1=$(date +%s)
	t1=$(ticks "$PROBE_PID")
	w1=$(ticks "$NGINX_WORKER")
	hwm=$(awk '/^VmHWM/ { print $2 }' "/proc/$PROBE_PID/status")
	kill -TERM "$PROBE_PID"
	wait "$PROBE_PID"
	rc=$?
	PROBE_PID=
	[ "$rc" = 0 ] || fail "$name round $round: aigo probe exited $rc: $(tail -n 3 "$log")"
	# Only acknowledged work counts: the probes stored as operational in
	# the window's whole seconds. Any other stored status fails the run.
	read -r stored bad window < <(sqlite3 -separator ' ' "$db" "SELECT count(*),
		count(*) FILTER (WHERE status != 'operational'),
		count(*) FILTER (WHERE checked_at >= $s0 AND checked_at < $s1) FROM checks")
	[ "${bad:-x}" = 0 ] || fail "$name round $round: $bad of $stored probes not operational: $(sqlite3 "$db" \
		"SELECT status, error FROM checks WHERE status != 'operational' LIMIT 3")"
	[ "${window:-0}" -gt 0 ] || fail "$name round $round: no probe stored in the window"
	summary=$(grep -o 'stopped after .*' "$log")
	[ -n "$summary" ] || fail "$name round $round: no summary logged"
	# lateness p50 A ms, p99 B ms, max C ms; D starts skipped
	read -r p99 max skipped < <(sed -n 's/.*p99 \([0-9]*\) ms, max \([0-9]*\) ms; \([0-9]*\) starts skipped.*/\1 \2 \3/p' <<<"$summary")
	if [ "$name" != capacity ]; then
		# Below capacity the prober keeps its schedule: every start made,
		# the window holds its share of the interval (within 10 %).
		[ "$skipped" = 0 ] || fail "$name round $round: $skipped starts skipped"
		[ $((window * 10)) -ge $((n * (s1 - s0) * 9 / iv)) ] ||
			fail "$name round $round: $window probes in $((s1 - s0)) s, $((n * (s1 - s0) / iv)) planned"
	fi
	awk -v k="$name" -v r="$round" -v w="$window" -v s=$((s1 - s0)) -v t=$((t1 - t0)) \
		-v nw=$((w1 - w0)) -v hz="$TICK" -v hwm="$hwm" -v p99="$p99" -v max="$max" -v up="$(cut -d' ' -f1 /proc/loadavg)" \
		'BEGIN { printf "%s %d %.1f %.1f %.2f %d %d %d %.2f %s\n", k, r, w / s, t / hz * 1e6 / w,
			t / hz / s * 100, hwm, p99, max, nw / hz / s * 100, up }' >>"$OUT/results"
}

for round in $(seq 1 "$ROUNDS"); do
	for c in "${CASES[@]}"; do
		run_case $c "$round"
	done
done

# median KEY COLUMN: over the rounds (3 probes/s, 4 CPU us/probe, 5 % of a
# core, 6 peak RSS KiB, 7 lateness p99 ms, 8 max ms, 9 nginx % of a core).
median() { awk -v k="$1" -v c="$2" '$1 == k { print $c }' "$OUT/results" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
echo
echo "aigo probe bench: $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg) at the end (per round: $(awk '{ printf "%s ", $10 }' "$OUT/results")); $ROUNDS rounds in alternation, medians"
echo "against nginx (1 worker, keep-alive) answering a fixed chat completion on 127.0.0.1; openai-chat inference probes, probe_concurrency 32; every probe stored operational"
echo "probes/s and CPU: probes stored in the window (whole seconds, ${WARM} s after the start) and the prober's user+sys over it; RSS: VmHWM; lateness: the prober's own p99 and max at its stop"
printf '%-9s %9s %9s %8s %10s %10s %12s %10s %10s %9s\n' case endpoints interval window "probes/s" "CPU us/pr" "% of a core" "peak RSS" "late p99" "late max" 
for c in "${CASES[@]}"; do
	set -- $c
	printf '%-9s %9d %8ss %7ss %10.1f %10.1f %12.2f %7d KiB %7d ms %7d ms   nginx %.1f %%\n' "$1" "$2" "$3" "$4" \
		"$(median "$1" 3)" "$(median "$1" 4)" "$(median "$1" 5)" "$(median "$1" 6)" \
		"$(median "$1" 7)" "$(median "$1" 8)" "$(median "$1" 9)"
done
[ -n "$(median 10k 5)" ] && awk -v c="$(median 10k 5)" -v p="$(median 10k 7)" 'BEGIN {
	printf "target, 10,000 endpoints at 60 s: %.2f %% of a core (< 10 %%): %s; lateness p99 %d ms (< 1000 ms): %s\n",
		c, c < 10 ? "met" : "NOT met", p, p < 1000 ? "met" : "NOT met" }'
