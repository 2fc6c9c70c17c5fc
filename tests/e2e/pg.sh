#!/usr/bin/env bash
# pg.sh: the PostgreSQL groundwork end to end (issue 21): a real server from tests/pg.sh, db/schema-pg.sql created by aigo db init and compared with db/schema.sql table by table and constraint by constraint, the same bad rows refused by both engines, the statement layer (build/test_pg_live), the write path's rows on both backends (tests/e2e/pg_write.sh), no password in any message, and no server left behind.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/pg
rm -rf "$OUT"
mkdir -p "$OUT"
CHECK=tests/e2e/pg_check.py
export AIGO_ROOT=$STACK_ROOT
# Run alone, the suite keeps its own initdb'd cluster for its second
# server (tests/pg.sh's pg_initdb); under lanes.sh the run's cache.
if [ -z "${TESTS_DEMO_CACHE:-}" ]; then
	export TESTS_DEMO_CACHE=$OUT/cache
	mkdir -p "$TESTS_DEMO_CACHE"
fi

# count_lines FILE: each "PASS name" line of pg_check.py a pass, each
# "FAIL name: why" a failure (printed); "NOTE" lines printed.
count_lines() {
	local line
	while IFS= read -r line; do
		case $line in
		PASS*) pass ;;
		FAIL*) fail "${line#FAIL }" ;;
		NOTE*) echo "$line" ;;
		esac
	done <"$1"
}

# ---- A server that stops when its suite fails --------------------------
# A shell that starts one and exits with an error: the EXIT trap pg_start
# set stops the server and removes its directory.
D0=$(mktemp -d /tmp/aigo-pg.XXXXXX)
bash -c '. tests/pg.sh; pg_start "$1" || exit 9; echo "$PG_DIR" >"$2"; false; exit 3' _ "$D0" "$OUT/d0" 2>"$OUT/d0.err"
check "a suite that fails: its exit status stands" "$?" 3
check "... it had started the server" "$(cat "$OUT/d0" 2>/dev/null)" "$D0"
check "... no server of it is left" "$(pgrep -f "postgres -D $D0/data" | wc -l)" 0
check "... its directory is gone" "$([ -e "$D0" ] && echo there || echo gone)" gone

# ---- The suite's server -------------------------------------------------
D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
pg_start "$D" || {
	fail "pg_start"
	# The suite's own copy of the cluster (40 MB), not lanes.sh's.
[ "$TESTS_DEMO_CACHE" = "$OUT/cache" ] && rm -rf "$OUT/cache"
summary pg
	exit 1
}
echo "PostgreSQL started in $(cat "$D/start.time") s ($PG_BIN)"
check "pgrep sees the running server" "$(pgrep -f "postgres -D $D/data" | wc -l)" 1
check "listens on no TCP port" "$(pgq "SHOW listen_addresses")" ""
check "... on a socket in its directory" "$(pgq_admin "SHOW unix_socket_directories")" "$D"
check "runs as an unprivileged user" "$(stat -c %U "$D/data")" "$([ "$(id -u)" = 0 ] && echo "$PG_OS_USER" || id -un)"
check "the password is checked: scram-sha-256 on the socket" \
	"$(grep -E '^local' "$D/data/pg_hba.conf" | awk '{ print $4 }' | sort -u)" scram-sha-256
check "PGPASSFILE is 0600" "$(stat -c %a "$PGPASSFILE")" 600
check "the test role is no superuser" "$(pgq "SELECT rolsuper FROM pg_roles WHERE rolname = current_user")" f
check "without the password the server refuses" \
	"$(PGPASSFILE=/dev/null psql "$AIGO_PG_URL" -X -At -c 'SELECT 1' 2>&1 | grep -c 'no password supplied\|password authentication failed')" 1

# ---- aigo db init creates the schema ------------------------------------
AIGO_DB=$AIGO_PG_URL ./cgi-bin/aigo db init >"$OUT/init.out" 2>"$OUT/init.err"
# The catalog's models, counted from its JSON (not by aigo).
N_MODELS=$(python3 -c 'import json, sys; print(sum(len(p.get("models", [])) for p in json.load(open(sys.argv[1]))["providers"]))' db/catalog.json)
check "aigo db init on an empty database" "$? $(cat "$OUT/init.out" "$OUT/init.err")" \
	"0 $AIGO_PG_URL: schema version 9, $N_MODELS models in the catalog"
check "... the catalog is loaded" "$(pgq "SELECT count(*) FROM models")" "$N_MODELS"
check "... schema_version 9 in aigo_meta" "$(pgq "SELECT value FROM aigo_meta WHERE key = 'schema_version'")" 9
check "... the same aigo_meta rows as SQLite's, and the version" \
	"$(pgq "SELECT key || '=' || value FROM aigo_meta ORDER BY key" | tr '\n' ' ')" \
	"$(sqlite3 :memory: ".read db/schema.sql" "SELECT key || '=' || value FROM aigo_meta UNION ALL SELECT 'schema_version=' || user_version FROM pragma_user_version ORDER BY 1" | tr '\n' ' ')"
# Every write transaction advances the generation: the schema's and the
# catalog's.
check "... the generation row, at 2" "$(pgq "SELECT count(*) || ' ' || max(value) FROM aigo_generation")" "1 2"
ROWS_SQL="SELECT (SELECT count(*) FROM providers) || ' ' || (SELECT count(*) FROM models) || ' ' || (SELECT count(*) FROM endpoints)"
rows_before=$(pgq "$ROWS_SQL")
AIGO_DB=$AIGO_PG_URL ./cgi-bin/aigo db init >"$OUT/init2.out" 2>&1
check "aigo db init again: says the version" "$? $(cat "$OUT/init2.out")" \
	"0 $AIGO_PG_URL: schema version 9, $N_MODELS models in the catalog"
check "... and the catalog's rows stay as they were" "$(pgq "$ROWS_SQL")" "$rows_before"
pgq_admin "CREATE DATABASE other OWNER aigo" >/dev/null
psql "postgresql:///other?host=$D&user=aigo" -X -q -c "CREATE TABLE aigo_meta (key text, value text)"
AIGO_DB="postgresql:///other?host=$D&user=aigo" ./cgi-bin/aigo db init >"$OUT/other.out" 2>&1
check "a database with someone else's aigo_meta is refused" "$? $(grep -c 'not an AI-GO database' "$OUT/other.out")" "1 1"
check "... and left as it was" "$(psql "postgresql:///other?host=$D&user=aigo" -X -At -c "SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")" 1
AIGO_DB=$AIGO_PG_URL ./cgi-bin/aigo db prune >"$OUT/prune.out" 2>&1
check "the other commands run on PostgreSQL (db prune)" "$? $(grep -c '^postgresql:.*: 0 checks before' "$OUT/prune.out")" "0 1"
# config check shows the db with its password hidden.
pw_url="postgresql://aigo:pg-secret-93f1@/aigo?host=$D"
AIGO_DB=$pw_url ./cgi-bin/aigo config check >"$OUT/config.out" 2>&1
check "config check runs" "$?" 0
check "... shows the db, the password hidden" "$(grep -c '^db = postgresql://aigo:\*\*\*@/aigo?host=' "$OUT/config.out")" 1
check "... and nowhere the password" "$(grep -c 'pg-secret-93f1' "$OUT/config.out")" 0

# ---- Every table and constraint has its twin ----------------------------
python3 $CHECK schema db/schema.sql "$AIGO_PG_URL" >"$OUT/schema.out" 2>&1
check "the schema comparison ran" "$?" 0
echo "schema: $(grep -c '^PASS' "$OUT/schema.out") comparisons"
count_lines "$OUT/schema.out"

# ... and a difference fails with its name: a copy of schema-pg.sql
# with a column in place of the checks' unique key, without one CHECK,
# one ON DELETE CASCADE and one NOT NULL.
pgq_admin "CREATE DATABASE mutant OWNER aigo" >/dev/null
sed -e 's/^  UNIQUE (model_id, region, checked_at)$/  region2 TEXT/' \
	-e 's/^  latency_ms  BIGINT CHECK (latency_ms IS NULL OR latency_ms >= 0),$/  latency_ms  BIGINT,/' \
	-e 's/incident_id   BIGINT NOT NULL REFERENCES incidents(id) ON DELETE CASCADE,/incident_id   BIGINT NOT NULL REFERENCES incidents(id),/' \
	-e 's/^  author      TEXT NOT NULL CHECK (char_length(author)/  author      TEXT CHECK (char_length(author)/' \
	db/schema-pg.sql >"$OUT/mutant.sql"
check "the mutant differs in 4 lines" "$(diff db/schema-pg.sql "$OUT/mutant.sql" | grep -c '^>')" 4
psql "postgresql:///mutant?host=$D&user=aigo" -X -q -1 -v ON_ERROR_STOP=1 -f "$OUT/mutant.sql" >"$OUT/mutant.log" 2>&1
python3 $CHECK schema db/schema.sql "postgresql:///mutant?host=$D&user=aigo" >"$OUT/mutant.out" 2>&1
check "mutant: its differences, by name" "$(grep '^FAIL' "$OUT/mutant.out" | sed 's/:.*//' | sort | tr '\n' '|')" \
	"$(printf '%s\n' \
		"FAIL CHECK on checks(latency_ms) x1" \
		"FAIL FOREIGN KEY ('incident_events', 'incident_id', 'incidents', 'id', 'CASCADE')" \
		"FAIL FOREIGN KEY ('incident_events', 'incident_id', 'incidents', 'id', 'NO ACTION')" \
		"FAIL UNIQUE ('checks', ('model_id', 'region', 'checked_at'))" \
		"FAIL checks" \
		"FAIL incident_updates.author" | sort | tr '\n' '|')"

# ---- The same bad rows are refused by both ------------------------------
# (On a database with the schema alone: aigo db init loaded the catalog
# into aigo's, and the cases insert rows of their own.)
pgq_admin "CREATE DATABASE refuse OWNER aigo" >/dev/null
psql "postgresql:///refuse?host=$D&user=aigo" -X -q -v ON_ERROR_STOP=1 -f db/schema-pg.sql >/dev/null
python3 $CHECK refuse db/schema.sql "postgresql:///refuse?host=$D&user=aigo" >"$OUT/refuse.out" 2>&1
check "the refusal cases ran" "$?" 0
echo "refusals: $(grep -c '^PASS' "$OUT/refuse.out") outcomes as the schema says"
count_lines "$OUT/refuse.out"
check "the cases left no row behind (the parents' only)" \
	"$(psql "postgresql:///refuse?host=$D&user=aigo" -X -At -c "SELECT (SELECT count(*) FROM providers) + (SELECT count(*) FROM checks) + (SELECT count(*) FROM outbox)")" 3

# ---- Every statement in PostgreSQL's dialect ----------------------------
# (tests/e2e/pg_sql.py) on a database of its own with the schema: each
# prepared (or run, in a transaction rolled back), and the SELECTs and a
# set of writes run on SQLite and PostgreSQL over the same data, the rows
# compared; the transactions and the copy's end.
# Twice: with the test's C collation, and with ICU's en-US (where "api"
# sorts before "API" and "Chat"): every text the statements sort is
# COLLATE "C", so the rows are SQLite's in both.
./build/pg_sql_dump >"$OUT/stmts.jsonl" 2>"$OUT/stmts.err"
check "pg_sql_dump: every statement has its PostgreSQL text" "$? $(cat "$OUT/stmts.err")" "0 "
for db in stmts stmts_icu; do
	case $db in
	stmts) pgq_admin "CREATE DATABASE $db OWNER aigo" >/dev/null ;;
	*) pgq_admin "CREATE DATABASE $db OWNER aigo TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US' LOCALE 'C.UTF-8'" >/dev/null ;;
	esac
	STMTS_URL="postgresql:///$db?host=$D&user=aigo"
	psql "$STMTS_URL" -X -q -1 -v ON_ERROR_STOP=1 -f db/schema-pg.sql >"$OUT/$db.log" 2>&1
	check "$db: the statements' database has the schema" "$?" 0
	python3 tests/e2e/pg_sql.py "$OUT/stmts.jsonl" db/schema.sql "$STMTS_URL" >"$OUT/$db.out" 2>&1
	check "$db: the statements' comparison ran" "$?" 0
	echo "$db: $(grep '^pg_sql:' "$OUT/$db.out")"
	count_lines "$OUT/$db.out"
done

# ---- The statement layer against the server -----------------------------
# build/test_pg_live (tests/unit/test_store_pg_live.c): store_db.h's calls
# over store_pg.c on databases of its own (pglive, ...): statements reused,
# NULL, text and int64 round trips, changes, constraint and retry errors
# (a real serialization failure and deadlock), the statement timeout, no
# password in a message, and the reconnection after pg_terminate_backend.
make --no-print-directory -s build/test_pg_live >"$OUT/live.build" 2>&1 ||
	cat "$OUT/live.build"
./build/test_pg_live >"$OUT/live.out" 2>&1
rc=$?
grep -E '^[0-9]+%: Checks|:[FE]:|^test_pg_live:' "$OUT/live.out"
check "the statement layer's live tests pass" "$rc" 0
check "... and ran (N passed, 0 failed)" \
	"$(sed -n 's/^test_pg_live: \([0-9]*\) passed, \([0-9]*\) failed$/\2 \1/p' "$OUT/live.out" | awk '{ print $1, ($2 > 0) }')" "0 1"

# ---- One notification sender among the nodes ---------------------------
# Two `aigo notify run` on one PostgreSQL (as on two machines: no lock
# file can be shared): the second waits for the server's advisory lock,
# and takes over when the first stops.
cat >"$OUT/notify.conf" <<EOF
notify.hook.type = webhook
notify.hook.url = http://127.0.0.1:9/hook
EOF
AIGO_CONFIG=$OUT/notify.conf AIGO_DB=$AIGO_PG_URL ./cgi-bin/aigo notify run >"$OUT/sender1.log" 2>&1 &
S1=$!
wait_for() { local i; for i in $(seq 1 "$1"); do grep -q "$2" "$3" 2>/dev/null && return 0; sleep 0.2; done; return 1; }
wait_for 50 "sending to 1 channel" "$OUT/sender1.log"
AIGO_CONFIG=$OUT/notify.conf AIGO_DB=$AIGO_PG_URL ./cgi-bin/aigo notify run >"$OUT/sender2.log" 2>&1 &
S2=$!
wait_for 50 "another sender holds the lock" "$OUT/sender2.log"
check "a second sender waits for the first (the server's lock)" \
	"$(grep -c 'another sender holds the lock' "$OUT/sender2.log") $(grep -c 'another sender' "$OUT/sender1.log")" "1 0"
check "... one session holds the lock" \
	"$(pgq_admin "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND objid = 1634297648 AND granted")" 1
kill -TERM $S1; wait $S1
wait_for 50 "the sender lock is ours again" "$OUT/sender2.log"
check "... and takes over when the first stops" "$(grep -c 'the sender lock is ours again' "$OUT/sender2.log")" 1
kill -TERM $S2; wait $S2
check "... both stopped cleanly" "$(grep -c 'notify: stopped' "$OUT/sender1.log" "$OUT/sender2.log" | cut -d: -f2 | tr '\n' ' ')" "1 1 "

# ---- The store's unit suites on PostgreSQL ------------------------------
# tests/unit/run-unit with AIGO_UNIT_PG_URL (tests/unit/unit-pg.sh): each
# test in a schema of its own (t_NAME) of the database aigo, emptied first.
# PG_UNIT_SUITES: which (all of test_main.c's UNIT_PG_SUITES by default,
# as make unit-pg). The store and demo suites record days of demo checks:
# each (clock, days) once per run, then copied (unit_make_demo_db).
PG_UNIT_SUITES=${PG_UNIT_SUITES:-store incidents manual outbox demo pstatus}
AIGO_UNIT_SUITES=$PG_UNIT_SUITES AIGO_UNIT_PG_URL=$AIGO_PG_URL UNIT_PG_LOG=$OUT/unit-pg.log bash tests/unit/unit-pg.sh >"$OUT/unit-pg.out" 2>&1
rc=$?
grep -E '^unit-pg: |:[EF]:|ms per test|ms each|ms a day' "$OUT/unit-pg.out"
check "the store's unit suites ($PG_UNIT_SUITES) pass on PostgreSQL (tests/out/pg/unit-pg.log)" "$rc" 0
check "... and left the aigo schema alone" \
	"$(pgq "SELECT count(*) FROM aigo_meta WHERE key = 'schema_version'")" 1

# ---- The write path: the same rows on both backends ---------------------
# tests/e2e/pg_write.sh (a server of its own): the same batches recorded
# into SQLite and PostgreSQL, every table compared; a write PostgreSQL
# queued that fails fails its batch, naming the statement.
make --no-print-directory -s build/pg_ingest >"$OUT/write.build" 2>&1 ||
	cat "$OUT/write.build"
bash tests/e2e/pg_write.sh >"$OUT/write.out" 2>&1
rc=$?
grep -E '^(ok|FAIL):|^pg_write' "$OUT/write.out"
check "the write path writes the same rows on both backends" "$rc" 0

# ---- No password in any message -----------------------------------------
SECRET=Zq7-not-the-password-Xw9
run_init() { AIGO_DB=$1 ./cgi-bin/aigo db init >"$OUT/pw.out" 2>&1; }
# name | connection string | a part of the message that says why
while IFS='|' read -r name url why; do
	run_init "$url"
	rc=$?
	check "$name: refused" "$rc" 1
	check "$name: says why" "$(grep -c -- "$why" "$OUT/pw.out")" 1
	check "$name: no password in the message" "$(grep -c -- "${SECRET:3:12}" "$OUT/pw.out")" 0
done <<CASES
wrong password in the URI|postgresql://aigo:$SECRET@/aigo?host=$D|password authentication failed for user "aigo"
wrong password as a query parameter|postgresql:///aigo?host=$D&user=aigo&password=$SECRET|password authentication failed
wrong password percent-encoded|postgresql://aigo:%5A${SECRET:1}@/aigo?host=$D|password authentication failed for user "aigo"
a URI libpq cannot read, quoting the password|postgresql://aigo:$SECRET%zz@/aigo?host=$D|invalid percent-encoded token
an unknown parameter after the password|postgresql:///aigo?host=$D&user=aigo&password=$SECRET&colour=red|invalid URI query parameter
CASES
# The right password, a database that is not there: libpq's message,
# without the password.
run_init "postgresql://aigo:$PG_PASSWORD@/nosuchdb?host=$D"
check "no such database: refused, says why, hides the password" \
	"$? $(grep -c 'database "nosuchdb" does not exist' "$OUT/pw.out") $(grep -c -- "$PG_PASSWORD" "$OUT/pw.out")" "1 1 0"
# The right password in the URI: it connects, and what it prints hides it.
run_init "postgresql://aigo:$PG_PASSWORD@/aigo?host=$D"
check "the right password in the URI: connects" "$?" 0
check "... and what it prints hides it" "$(grep -c -- "$PG_PASSWORD" "$OUT/pw.out") $(grep -c 'aigo:\*\*\*@' "$OUT/pw.out")" "0 1"

# ---- Stopped at the end: no server process left -------------------------
pg_stop "$D"
check "pg_stop: no server process of the suite is left" "$(pgrep -f "postgres -D $D/data" | wc -l)" 0
check "pg_stop: its directory is gone" "$([ -e "$D" ] && echo there || echo gone)" gone
check "pg_stop twice is harmless" "$(pg_stop "$D"; echo $?)" 0

# The suite's own copy of the cluster (40 MB), not lanes.sh's.
[ "$TESTS_DEMO_CACHE" = "$OUT/cache" ] && rm -rf "$OUT/cache"
summary pg
