# lib.sh: what the shell test suites share: the server stack, counters, check and the summary line (source it).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/stack.sh"

# A known environment: no AIGO_* from the caller's shell (a stray
# AIGO_LOG_LEVEL=warn once hid the info lines a test looks for).
for v in $(compgen -e | grep '^AIGO_'); do unset "$v"; done
export AIGO_LOG_LEVEL=info

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}
# check NAME GOT WANT
check() {
	if [ "$2" == "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}
# summary SUITE: prints "SUITE: N passed, M failed"; fails when any failed.
summary() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# poll SECONDS COMMAND...: runs COMMAND every 0.2 s until it succeeds (0) or
# SECONDS pass (1). yes_if SECONDS COMMAND...: the same, printing yes or no.
poll() {
	local until=$(($(date +%s) + $1))
	shift
	while :; do
		"$@" && return 0
		[ "$(date +%s)" -ge "$until" ] && return 1
		sleep 0.2
	done
}
yes_if() { if poll "$@"; then echo yes; else echo no; fi; }

# random_token PREFIX: a fresh ingest or admin token, PREFIX- and 32
# characters of base64url.
random_token() { printf '%s-%s\n' "$1" "$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')"; }

# fake_provider_start DIR [ARGS]: tests/fake/provider.py (ARGS: its options)
# writing into DIR, its log in DIR/fake.log, its pid added to FAKE_PIDS;
# waits for DIR/ports (15 s: python starts slowly on a loaded machine) and sets FAKE_HTTP to its plain HTTP base URL.
# Prints the log and returns 1 when it does not start.
# fake_provider_stop: stops every one started.
FAKE_PIDS=()
fake_provider_start() {
	local dir=$1
	shift
	mkdir -p "$dir"
	python3 "$STACK_ROOT/tests/fake/provider.py" "$dir" "$@" 2>>"$dir/fake.log" &
	FAKE_PIDS+=($!)
	if ! poll 15 test -s "$dir/ports"; then
		echo "FAIL: the fake provider did not start"
		cat "$dir/fake.log"
		return 1
	fi
	FAKE_HTTP=http://127.0.0.1:$(jq .http "$dir/ports")
}
# suite_pg_start: a PostgreSQL server for the suite (tests/pg.sh's
# pg_start, which chains pg_stop onto the EXIT trap: it stops however the
# suite ends); when it does not start: FAIL, its log, the summary of
# $SUITE, exit 1. Run from the checkout's root.
suite_pg_start() {
	. tests/pg.sh
	if ! pg_start "$(mktemp -d /tmp/aigo-pg.XXXXXX)" 2>"$OUT/pg_start.log"; then
		fail "pg_start"
		cat "$OUT/pg_start.log"
		summary "$SUITE"
		exit 1
	fi
}

# stop_pids PID...: ends each process (SIGTERM) and waits for it; an
# empty PID is skipped.
stop_pids() {
	local pid
	for pid in "$@"; do
		[ -n "$pid" ] || continue
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
}
fake_provider_stop() {
	stop_pids "${FAKE_PIDS[@]}"
	FAKE_PIDS=()
}

# fetch PATH [curl args]: one request to $BASE; body to $OUT/body, headers
# to $OUT/head; prints the status.
fetch() {
	local path=$1
	shift
	curl -s -o "$OUT/body" -D "$OUT/head" -w '%{http_code}' "$@" "$BASE$path"
}
# head_value NAME: that header of the last fetch.
head_value() { grep -i "^$1:" "$OUT/head" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }

# status_sql: a WITH clause giving per_model(id, st): each active model's
# status at $NOW over its regions' latest checks younger than $W (DESIGN 3),
# computed from the checks table alone.
status_sql() {
	cat <<SQL
WITH fresh AS (
  SELECT c.model_id, c.status FROM checks c
  WHERE c.checked_at > $NOW - $W AND c.checked_at <= $NOW
    AND c.checked_at = (SELECT max(k.checked_at) FROM checks k
                        WHERE k.model_id = c.model_id AND k.region = c.region
                          AND k.checked_at <= $NOW)),
per_model AS (
  SELECT m.id,
    CASE WHEN count(f.status) = 0 THEN 'unknown'
         WHEN sum(f.status = 'operational') = count(f.status) THEN 'operational'
         WHEN sum(f.status = 'outage') = count(f.status) THEN 'outage'
         ELSE 'degraded' END AS st
  FROM models m LEFT JOIN fresh f ON f.model_id = m.id
  WHERE m.is_active GROUP BY m.id)
SQL
}

# card_text NAME: the text of the monitoring page's card NAME (in the last
# fetch); card NAME: the same without grouping or decimal marks.
card_text() { perl -0ne 'print $1 if /data-stat="'"$1"'">.*?<dd>([^<]*)<\/dd>/s' "$OUT/body"; }
card() { card_text "$1" | tr -d ',.'; }

# demo_record DEMO_ARGS...: `aigo demo DEMO_ARGS` into $AIGO_DB, its output
# in $OUT/demo.log; fails as aigo demo fails. The demo is deterministic (the
# same arguments, clock, catalog and program write the same bytes), so when
# TESTS_DEMO_CACHE names a directory (lanes.sh makes one for a make e2e or
# make test), the first suite to ask for a demo records it there once and
# every suite that asks for the same one gets a copy of that file: the key
# is the arguments, every AIGO_* variable but the database's, the
# snapshot's and the token files' (each suite names its own; the demo
# never reads them), and the program's, catalog's and config file's bytes. Without
# it, or for a database that already exists, aigo demo runs as before.
demo_record() {
	local key c rc
	if [ -z "${TESTS_DEMO_CACHE:-}" ] || [ ! -d "$TESTS_DEMO_CACHE" ] || [ -e "$AIGO_DB" ]; then
		./cgi-bin/aigo demo "$@" >"$OUT/demo.log" 2>&1
		return
	fi
	key=$({
		printf '%s\n' "$@"
		env | grep '^AIGO_' | grep -v '^AIGO_\(DB\|SNAPSHOT\|SNAPSHOT_INTERVAL\|INGEST_TOKENS\|ADMIN_TOKENS\)=' | sort
		cat ./cgi-bin/aigo "${AIGO_ROOT:-.}/db/catalog.json" ${AIGO_CONFIG:+"$AIGO_CONFIG"}
	} 2>&1 | sha1sum | cut -c1-40)
	c=$TESTS_DEMO_CACHE/$key
	(
		flock 9
		[ -f "$c.db" ] && exit 0
		rm -f "$c.tmp" "$c.tmp-wal" "$c.tmp-shm"
		AIGO_DB=$c.tmp ./cgi-bin/aigo demo "$@" >"$c.log" 2>&1 || exit
		# Only a whole, closed database is kept (no -wal beside it).
		[ ! -e "$c.tmp-wal" ] && mv "$c.tmp" "$c.db"
		exit 0
	) 9>"$c.lock"
	rc=$?
	if [ -f "$c.db" ]; then
		cp "$c.db" "$AIGO_DB" && sed "s#$c.tmp#$AIGO_DB#g" "$c.log" >"$OUT/demo.log"
		return
	fi
	[ "$rc" = 0 ] || {
		cp "$c.log" "$OUT/demo.log"
		return "$rc"
	}
	./cgi-bin/aigo demo "$@" >"$OUT/demo.log" 2>&1
}

# demo_stack DEMO_ARGS...: records the demo into $AIGO_DB (log in $OUT,
# demo_record), then starts the stack on a free port with its files in
# $OUT/run; sets PORT and BASE. Exits the test on failure.
demo_stack() {
	demo_record "$@" || {
		echo "FAIL: aigo demo"
		cat "$OUT/demo.log"
		exit 1
	}
	PORT=$(stack_free_port)
	stack_start "$OUT/run" "$PORT" 2 || exit 1
	BASE="http://127.0.0.1:$PORT"
}
# raw_keys FILE: prints each key of the catalogs (locales/*.json, the
# strings' dotted paths) that FILE contains, one a line; nothing when none.
# The keys are listed once into $OUT/locale-keys; one grep looks for all of
# them, and only when one is there are they looked for one by one (to name
# each). Run from the checkout's root.
raw_keys() {
	[ -s "$OUT/locale-keys" ] ||
		jq -r 'paths(strings) | join(".")' locales/*.json | sort -u | grep . >"$OUT/locale-keys"
	grep -qFf "$OUT/locale-keys" "$1" || return 0
	local key
	while IFS= read -r key; do
		grep -qF -- "$key" "$1" && echo "$key"
	done <"$OUT/locale-keys"
	return 0
}
# q SQL: runs SQL over $AIGO_DB with the sqlite3 CLI.
q() { sqlite3 -batch -noheader "$AIGO_DB" "$1"; }
