#!/usr/bin/env bash
# serve.sh: plain CGI's exit status, and the process model of `aigo serve` through nginx: recycled workers, SIGHUP reloads (good and broken), workers killed while serving a request (restarted at once, no pause) and outside one (restart backoff), no failed request meanwhile.
set -uo pipefail
ulimit -c 0 # the workers killed with SIGSEGV leave no core files
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
CLIENTS=()
# clients_stop: stops the FastCGI clients started by client_start.
clients_stop() {
	stop_pids "${CLIENTS[@]}"
	CLIENTS=()
}
cleanup() {
	[ -n "$LOAD_PID" ] && kill "$LOAD_PID" 2>/dev/null && wait "$LOAD_PID" 2>/dev/null
	clients_stop
	exec 7>&-
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
# However slow the machine, the load goes on until it has made 20 requests.
for _ in $(seq 600); do
	[ "$(wc -l <"$OUT/load.log")" -gt 20 ] && break
	sleep 0.1
done
kill "$LOAD_PID"
wait "$LOAD_PID" 2>/dev/null
LOAD_PID=
check "under load through three reloads: requests" "$(($(wc -l <"$OUT/load.log") > 20))" 1
check "under load through three reloads: none failed" "$(grep -vc '^200$' "$OUT/load.log")" 0

# ---- a worker killed while it serves a request comes back at once ---------
# A client speaks FastCGI to aigo serve directly and promises a body it never
# sends (its stdin is a FIFO this shell holds open), so a worker waits for it
# in the middle of the request; that worker is found by its end of the
# client's connection and killed as a crash would. Ten times, quickly: no
# pause may follow, and nginx keeps answering.
mkfifo "$OUT/body.fifo"
exec 7<>"$OUT/body.fifo"
# sock_inodes PID: the inodes of PID's sockets, one a line.
sock_inodes() {
	for f in /proc/"$1"/fd/*; do readlink "$f"; done 2>/dev/null |
		sed -n 's/^socket:\[\([0-9]*\)\]$/\1/p'
}
# serving_worker CLIENT_PID: the worker that accepted CLIENT_PID's
# connection (from ss: the worker's end of the Unix socket whose peer is
# one of the client's sockets), or nothing yet.
serving_worker() {
	local ino w
	for ino in $(sock_inodes "$1"); do
		for w in $(ss -xpn | awk -v i="$ino" '$8 == i {
			while (match($0, /pid=[0-9]+/)) {
				print substr($0, RSTART + 4, RLENGTH - 4)
				$0 = substr($0, RSTART + RLENGTH)
			} }'); do
			pgrep -P "$STACK_AIGO_PID" | grep -qx "$w" && echo "$w" && return 0
		done
	done
	return 1
}
# client_start PATH: a client that POSTs to PATH (with a token in the query
# and in a header, which must never be logged) and never sends the body.
# Sets SERVING to the worker serving it (empty if none within 2.5 s).
client_start() {
	local c
	env -i REQUEST_METHOD=POST DOCUMENT_URI="$1" QUERY_STRING=token=s3cret-q \
		HTTP_AUTHORIZATION='Bearer s3cret-h' CONTENT_TYPE=application/json \
		CONTENT_LENGTH=100 SERVER_PROTOCOL=HTTP/1.1 \
		cgi-fcgi -bind -connect "$STACK_FCGI_SOCKET" \
		<"$OUT/body.fifo" >>"$OUT/client.out" 2>&1 &
	c=$!
	CLIENTS+=("$c")
	SERVING=
	for _ in $(seq 1 50); do
		SERVING=$(serving_worker "$c") && break
		sleep 0.05
	done
	# The request's parameters follow the connection at once; the worker
	# is then waiting for the body.
	sleep 0.2
}
# crash_in_request N PATH: the Nth such crash, of a worker serving POST PATH.
crash_in_request() {
	client_start "$2"
	[ -n "$SERVING" ] && kill -SEGV "$SERVING"
	wait_log "died of signal 11" "$1"
	clients_stop
}
LONG=$'/x\001'$(printf 'a%.0s' $(seq 1 200))
crash_in_request 1 "$LONG"
for n in $(seq 2 10); do
	crash_in_request "$n" /api/v1/checks
done
check "crashes in a request: each restarted at once" \
	"$(grep -c 'died of signal 11 while serving POST /api/v1/checks; restarted at once' "$LOG")" 9
check "the request's path: unprintable bytes as ?, the first 120 bytes" \
	"$(grep -c "died of signal 11 while serving POST /x?$(printf 'a%.0s' $(seq 1 117))\.\.\.; restarted at once" "$LOG")" 1
for n in 1 2 3 4 5; do
	check "healthz right after the crashes ($n)" "$(fetch /healthz --max-time 2)" 200
done
# Across a reload: an old worker still serving its request while the new
# one of its slot serves another; each crash names its own request. (The
# old one is stopped meanwhile: the SIGTERM of the reload would end its wait
# for the body.)
client_start /old-generation
OLD=$SERVING
kill -STOP "$OLD"
kill -HUP "$STACK_AIGO_PID"
check "third reload" "$(wait_log 'reloaded: 2 new workers' 3 && echo yes)" yes
wait_log 'of the old generation left' 5 # the idle one
client_start /new-generation
NEW=$SERVING
check "a new worker serves the second client" "$([ -n "$NEW" ] && [ "$NEW" != "$OLD" ] && echo yes)" yes
kill -SEGV "$NEW"
wait_log "died of signal 11" 11
# Pending signals arrive lowest number first: SIGSEGV before SIGTERM.
kill -SEGV "$OLD"
kill -CONT "$OLD"
wait_log "died of signal 11" 12
clients_stop
exec 7>&-
check "new worker's crash names its request" \
	"$(grep -c "worker $NEW died of signal 11 while serving POST /new-generation; restarted at once" "$LOG")" 1
check "old worker's crash names its own request, not restarted" \
	"$(grep -c "worker $OLD of the old generation died of signal 11 while serving POST /old-generation\$" "$LOG")" 1
check "no token in the log" "$(grep -c 's3cret' "$LOG")" 0
check "no pause after crashes in a request" "$(grep -c 'restarting in' "$LOG")" 0
check "crashes in a request counted" \
	"$(fetch /metrics >/dev/null; grep -c '^aigo_worker_crashes_total{during="request"} 12$' "$OUT/body")" 1

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
check "deaths outside a request logged as such" "$(grep -c 'died of signal 9 while serving' "$LOG")" 0
check "served after the deaths" "$(fetch /api/v1/realtime-stats)" 200
check "deaths outside a request counted" \
	"$(fetch /metrics >/dev/null; grep -c '^aigo_worker_crashes_total{during="idle"} 3$' "$OUT/body")" 1
# ---- make run (issue 14): one start-up line, demo mode or none, a clean
# stop with nothing left running. Ctrl-C and SIGTERM take the same trap; a
# background job of a script ignores SIGINT, so the test sends SIGTERM.
make_run() {
	local demo=$1 port pid up=0
	port=$(stack_free_port)
	env -u AIGO_CONFIG -u AIGO_INGEST_TOKENS AIGO_ROOT="$STACK_ROOT" AIGO_DB="$OUT/run-$demo.db" \
		AIGO_SNAPSHOT="$OUT/run-$demo.json" RUN_DIR="$OUT/run-$demo" PORT="$port" DEMO="$demo" \
		bash scripts/run.sh >"$OUT/run-$demo.out" 2>&1 &
	pid=$!
	for _ in $(seq 1 600); do
		curl -fs -o /dev/null "http://127.0.0.1:$port/healthz" && { up=1; break; }
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.1
	done
	# Its last lines come once the stack is up, a moment after /healthz
	# first answers.
	for _ in $(seq 1 50); do
		grep -qE '^(No demo checks|Demo mode)' "$OUT/run-$demo.out" && break
		sleep 0.1
	done
	check "make run DEMO=$demo serves" "$up" 1
	check "... prints the start-up line once" "$(grep -c 'schema version' "$OUT/run-$demo.out")" 1
	BASE="http://127.0.0.1:$port"
	fetch /api/v1/realtime-stats >/dev/null
	if [ "$demo" = 0 ]; then
		check "... no demo checks" "$(sqlite3 "$OUT/run-0.db" 'SELECT count(*) FROM checks')" 0
		check "... not demo in the JSON" "$(jq .isDemo "$OUT/body")" false
		check "... says so" "$(grep -c '^No demo checks' "$OUT/run-0.out")" 1
	else
		check "... demo checks" "$(sqlite3 "$OUT/run-1.db" 'SELECT count(*) > 0 FROM checks WHERE source = '"'demo'")" 1
		check "... demo in the JSON" "$(jq .isDemo "$OUT/body")" true
		check "... says how to start empty" "$(grep -c 'DEMO=0' "$OUT/run-1.out")" 1
	fi
	kill -TERM "$pid"
	for _ in $(seq 1 150); do kill -0 "$pid" 2>/dev/null || break; sleep 0.1; done
	check "... SIGTERM stops it" "$(kill -0 "$pid" 2>/dev/null && echo running || echo stopped)" stopped
	check "... and says so" "$(tail -n 1 "$OUT/run-$demo.out")" "make run: stopped"
	check "... nothing left running" "$(pgrep -f "$OUT/run-$demo" | wc -l)" 0
	# aigo serve checkpoints on a clean stop: nothing beside the file.
	check "... no -wal or -shm left" "$(ls "$OUT/run-$demo.db-wal" "$OUT/run-$demo.db-shm" 2>/dev/null | wc -l)" 0
	check "... the file is whole" "$(sqlite3 "$OUT/run-$demo.db" 'PRAGMA integrity_check')" ok
}
make_run 0
make_run 1

summary serve
