#!/usr/bin/env bash
# serve.sh: plain CGI's exit status, and the process model of `aigo serve` through nginx: recycled workers, SIGHUP reloads (good and broken), restart backoff, no failed request meanwhile.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/serve
rm -rf "$OUT"
mkdir -p "$OUT/root"
NOW=1795839634
# Templates and catalogs of their own, so that the test can break them.
cp -r templates locales static "$OUT/root/"
mkdir -p "$OUT/root/db"
cp db/schema.sql db/catalog.json "$OUT/root/db/"
export AIGO_NOW=$NOW AIGO_ROOT=$OUT/root AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_CONFIG=$OUT/aigo.conf AIGO_LOG_LEVEL= AIGO_SNAPSHOT_INTERVAL=0
printf 'max_requests = 5\nlog_level = info\n' >"$AIGO_CONFIG"

LOAD_PID=
cleanup() {
	[ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null && wait "$LOAD_PID" 2>/dev/null
	stack_stop
}
trap cleanup EXIT
demo_stack --days 1
LOG=$OUT/run/aigo.log
workers() { pgrep -P "$STACK_AIGO_PID" -f 'aigo serve' | sort | tr '\n' ' '; }
# load: requests the page and the JSON until stopped; one status per line.
load() {
	while :; do
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/en/monitoring"
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/v1/realtime-stats"
	done >>"$OUT/load.log"
}
# wait_log TEXT COUNT: waits up to 10 s until the log has COUNT lines with TEXT.
wait_log() {
	for _ in $(seq 1 100); do
		[ "$(grep -c "$1" "$LOG")" -ge "$2" ] && return 0
		sleep 0.1
	done
	return 1
}

# ---- plain CGI: a complete answer exits 0 ----------------------------------
env -i "AIGO_ROOT=$AIGO_ROOT" "AIGO_DB=$AIGO_DB" "AIGO_NOW=$NOW" \
	REQUEST_METHOD=GET DOCUMENT_URI=/healthz ./cgi-bin/aigo </dev/null >"$OUT/cgi.out" 2>/dev/null
check "CGI answered in full exits 0" "$?" 0
check "CGI status line" "$(head -n 1 "$OUT/cgi.out" | tr -d '\r')" "Status: 200 OK"
check "CGI body as long as Content-Length" "$(sed '1,/^\r$/d' "$OUT/cgi.out" | wc -c)" \
	"$(grep -i '^Content-Length:' "$OUT/cgi.out" | tr -dc 0-9)"
check "CGI body is the health answer" "$(sed '1,/^\r$/d' "$OUT/cgi.out" | jq -r .status)" ok

# ---- recycling: a worker leaves after max_requests, a fresh one follows -----
for _ in $(seq 1 30); do fetch /healthz; echo; done >"$OUT/recycle.log"
check "recycling: no failed request" "$(grep -vc '^200$' "$OUT/recycle.log")" 0
# 30 requests over 2 workers: at least 4 reached 5 (at most 4 left over each).
check "recycled workers" "$(($(grep -c 'recycled after 5 requests' "$LOG") >= 4))" 1

# ---- SIGHUP while under load: new workers first, no failed request -------
load &
LOAD_PID=$!
sleep 1
BEFORE=$(workers)
kill -HUP "$STACK_AIGO_PID"
check "reloaded" "$(wait_log 'reloaded: 2 new workers' 1 && echo yes)" yes
check "old generation left" "$(wait_log 'of the old generation left' 2 && echo yes)" yes
AFTER=$(workers)
check "new worker processes" "$([ "$BEFORE" != "$AFTER" ] && echo yes)" yes
# Workers recycled from now on are forked from what was loaded, never read
# from the files again: a broken file on disk must not reach them.

# ---- a broken template: the reload is refused, the old ones keep serving --
echo '{{#NEVER_CLOSED}}' >>"$OUT/root/templates/monitoring.tpl"
kill -HUP "$STACK_AIGO_PID"
check "broken template refused, the log says which file" \
	"$(wait_log 'reload refused: .*monitoring.tpl: template does not parse' 1 && echo yes)" yes
sleep 0.5
check "no new generation after a refused reload" "$(grep -c 'reloaded: ' "$LOG")" 1
check "no worker failed on the broken file" "$(grep -c 'died\|exited with' "$LOG")" 0
check "page still served" "$(fetch /en/monitoring)" 200
cp templates/monitoring.tpl "$OUT/root/templates/monitoring.tpl"

# ---- a bad configuration: refused the same way -----------------------------
printf 'max_requests = 5\nlog_level = info\nworkers = 9\n' >"$AIGO_CONFIG"
kill -HUP "$STACK_AIGO_PID"
check "bad configuration refused" "$(wait_log 'reload refused: .*aigo.conf:3: unknown key' 1 && echo yes)" yes

# ---- a new configuration takes effect on reload ---------------------------
printf 'max_requests = 0\nlog_level = info\ndefault_lang = ko\n' >"$AIGO_CONFIG"
check "before: English" "$(fetch / -H 'Accept-Language:' >/dev/null; head_value Location)" /en/monitoring
kill -HUP "$STACK_AIGO_PID"
check "second reload" "$(wait_log 'reloaded: 2 new workers' 2 && echo yes)" yes
check "after: the new default language" "$(fetch / -H 'Accept-Language:' >/dev/null; head_value Location)" /ko/monitoring
kill "$LOAD_PID"
wait "$LOAD_PID" 2>/dev/null
LOAD_PID=
check "under load through three reloads: requests" "$(($(wc -l <"$OUT/load.log") > 20))" 1
check "under load through three reloads: none failed" "$(grep -vc '^200$' "$OUT/load.log")" 0

# ---- a worker that keeps dying comes back with growing pauses -------------
for n in 1 2 3; do
	# The newest worker: the one the same slot started last.
	w=$(pgrep -n -P "$STACK_AIGO_PID" -f 'aigo serve')
	kill -KILL "$w"
	wait_log "died of signal 9" "$n" >/dev/null
	# The slot's next worker (at once, then after 1 s).
	for _ in $(seq 1 30); do
		[ "$(pgrep -P "$STACK_AIGO_PID" -f 'aigo serve' | wc -l)" -ge 2 ] && break
		sleep 0.1
	done
done
check "second quick death pauses 1 s" "$(grep -c 'failed 2 times in a row; restarting in 1 s' "$LOG")" 1
check "third quick death pauses 2 s" "$(grep -c 'failed 3 times in a row; restarting in 2 s' "$LOG")" 1
check "served after the deaths" "$(fetch /api/v1/realtime-stats)" 200
summary serve
