#!/usr/bin/env bash
# load.sh: 30 s of load at 64 connections on the page and the JSON through nginx, with a worker killed and the database file replaced and put back meanwhile.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/load
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634
SECS=${LOAD_SECS:-30}
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_MAX_REQUESTS=0 AIGO_LOG_LEVEL=info

WRK=()
cleanup() {
	stop_pids "${WRK[@]}"
	stack_stop
}
trap cleanup EXIT
command -v wrk >/dev/null || { echo "FAIL: wrk is missing"; exit 1; }
demo_stack --days 2
check "page before" "$(fetch /en/monitoring)" 200

# Two clients of 32 connections each: the page and the JSON.
logged_before=$(wc -l <"$OUT/run/nginx-access.log")
wrk -t 1 -c 32 -d "${SECS}s" "$BASE/en/monitoring" >"$OUT/wrk-page.txt" 2>&1 &
WRK+=($!)
wrk -t 1 -c 32 -d "${SECS}s" "$BASE/api/v1/realtime-stats" >"$OUT/wrk-json.txt" 2>&1 &
WRK+=($!)

# A third of the way in: one worker is killed; it must be replaced.
sleep $((SECS / 3))
VICTIM=$(pgrep -n -P "$STACK_AIGO_PID" -f 'aigo serve')
kill -KILL "$VICTIM"
# Half-way: the database file is replaced by a fresh copy, and put back.
sleep $((SECS / 6))
sqlite3 "$AIGO_DB" "PRAGMA wal_checkpoint(TRUNCATE);" >/dev/null
sqlite3 "$AIGO_DB" ".backup '$OUT/copy.db'"
cp -p "$AIGO_DB" "$OUT/original.db"
mv -f "$OUT/copy.db" "$AIGO_DB"
sleep $((SECS / 6))
mv -f "$OUT/original.db" "$AIGO_DB"
wait "${WRK[@]}"
WRK=()

non2xx() { awk '/Non-2xx/ { print $NF }' "$1"; }
# wrk prints these lines only when there is something to count.
socket_errors() { awk '/Socket errors/ { gsub(/[^0-9 ]/, ""); for (i = 1; i <= NF; i++) n += $i } END { print n + 0 }' "$1"; }
requests() { awk '/requests in/ { print $1 }' "$OUT/$1"; }
for w in page json; do
	check "$w: requests made" "$(($(requests "wrk-$w.txt") > 100))" 1
	check "$w: no socket errors" "$(socket_errors "$OUT/wrk-$w.txt")" 0
done
# Only a request in flight on the killed worker may fail (nginx: 502).
PAGE_BAD=$(non2xx "$OUT/wrk-page.txt")
JSON_BAD=$(non2xx "$OUT/wrk-json.txt")
n_bad=$((${PAGE_BAD:-0} + ${JSON_BAD:-0}))
check "at most the killed worker's request failed" "$((n_bad <= 1))" 1
check "the killed worker was logged" "$(grep -c "worker $VICTIM died of signal 9" "$OUT/run/aigo.log")" 1
check "two workers again" "$(pgrep -P "$STACK_AIGO_PID" -f 'aigo serve' | wc -l)" 2
n_5xx=$(tail -n +"$((logged_before + 1))" "$OUT/run/nginx-access.log" | awk '$9 ~ /^5/' | wc -l)
check "5xx in nginx's log during the load: at most that one" "$((n_5xx <= 1))" 1
[ "$n_5xx" -le 1 ] || tail -n +"$((logged_before + 1))" "$OUT/run/nginx-access.log" | awk '$9 ~ /^5/' | head -5
check "page after" "$(fetch /en/monitoring)" 200
check "served from the database" "$(head_value X-Data-Source)" database
echo "load: page $(requests wrk-page.txt) and JSON $(requests wrk-json.txt) requests in ${SECS} s at 64 connections," \
	"$n_bad failed (a worker was killed, the database replaced and put back)"
summary load
