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

# demo_stack DEMO_ARGS...: records the demo into $AIGO_DB (log in $OUT), then
# starts the stack on a free port with its files in $OUT/run; sets PORT and
# BASE. Exits the test on failure.
demo_stack() {
	./cgi-bin/aigo demo "$@" >"$OUT/demo.log" 2>&1 || {
		echo "FAIL: aigo demo"
		cat "$OUT/demo.log"
		exit 1
	}
	PORT=$(stack_free_port)
	stack_start "$OUT/run" "$PORT" 2 || exit 1
	BASE="http://127.0.0.1:$PORT"
}
# q SQL: runs SQL over $AIGO_DB with the sqlite3 CLI.
q() { sqlite3 -batch -noheader "$AIGO_DB" "$1"; }
