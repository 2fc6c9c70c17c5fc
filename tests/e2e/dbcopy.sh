#!/usr/bin/env bash
# dbcopy.sh: aigo db copy end to end (issue 21): the demo database with a row in every table copied SQLite to SQLite and to PostgreSQL and back, compared by the sqlite3 CLI and psql (rows, types, counts), the refusals, a failure or a kill mid-copy leaving the destination as it was, the progress lines, and no password in any message.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
. "$(dirname "$0")/../pg.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/dbcopy
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/demo.db AIGO_ROOT=$STACK_ROOT
export AIGO_INGEST_TOKENS=$OUT/no-tokens
A=./cgi-bin/aigo
# copy_killed DST NAME TRIES: a copy of $AIGO_DB into DST (output in
# $OUT/NAME.out and .err) killed (SIGKILL) once it has copied the
# endpoints, while it copies the checks (TRIES looks 10 ms apart).
copy_killed() {
	local pid
	$A db copy --from "$AIGO_DB" --to "$1" --batch 50 >"$OUT/$2.out" 2>"$OUT/$2.err" &
	pid=$!
	for _ in $(seq 1 "$3"); do
		grep -q '^endpoints ' "$OUT/$2.err" 2>/dev/null && break
		sleep 0.01
	done
	kill -KILL "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
}

# sq DB SQL: SQL over DB with the sqlite3 CLI.
sq() { sqlite3 -batch -noheader "$1" "$2"; }
# tables DB: DB's tables, by name.
tables() { sq "$1" "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name"; }
# columns DB T: T's columns in order.
columns() { sq "$1" "SELECT name FROM pragma_table_info('$2') ORDER BY cid"; }
# snapshot DB FILE: into FILE, per table of DB a line "==== TABLE" and
# every row, each value an SQL literal (text quoted, integers bare, NULL),
# ordered by every column (the same text for the same rows with the same
# types, whatever their order on disk); then "==== TABLE.COLUMN types"
# and how many values of each type (typeof). One sqlite3 run.
snapshot() {
	sq "$1" "SELECT m.name, p.name, p.cid + 1 FROM sqlite_master m, pragma_table_info(m.name) p WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite_%' ORDER BY m.name, p.cid" |
		awk -F'|' '
		$1 != t { if (t != "") print " ORDER BY " o ";"; t = $1; o = ""; printf ".print ==== %s\nSELECT * FROM %s", t, t }
		{ o = o ($3 > 1 ? ", " : "") $3; ty = ty sprintf(".print ==== %s.%s types\nSELECT typeof(%s), count(*) FROM %s GROUP BY 1 ORDER BY 1;\n", t, $2, $2, t) }
		END { if (t != "") print " ORDER BY " o ";"; printf "%s", ty }' >"$2.sql"
	sqlite3 -batch -noheader -cmd '.mode quote' "$1" <"$2.sql" >"$2"
}
# differing A B: the sections (tables, columns' types) of the snapshots A
# and B that differ, or that only one has; nothing when they are equal.
differing() {
	python3 - "$1" "$2" <<'PY'
import sys
def sections(path):
    d, t = {}, None
    with open(path, encoding="utf-8", errors="replace") as f:
        for line in f:
            if line.startswith("==== "):
                t = line[5:].strip()
                d[t] = []
            else:
                d.setdefault(t, []).append(line)
    return d
a, b = sections(sys.argv[1]), sections(sys.argv[2])
for t in sorted(set(a) | set(b)):
    if a.get(t) != b.get(t):
        print(t)
PY
}
# same_as_source DB: what differs between DB and the source (its snapshot
# taken once), by sections.
same_as_source() {
	snapshot "$1" "$1.snap"
	differing "$OUT/source.snap" "$1.snap"
}
# counts DB: "table rows" per table of DB.
counts() {
	local t
	for t in $(tables "$1"); do echo "$t $(sq "$1" "SELECT count(*) FROM $t")"; done
}
# copy ARGS...: aigo db copy ARGS; stdout in $OUT/copy.out, stderr in
# $OUT/copy.err; prints the exit status.
copy() {
	$A db copy "$@" >"$OUT/copy.out" 2>"$OUT/copy.err"
	echo $?
}

# ---- The source: the demo, and a row in every table ---------------------
demo_record --days 2 || {
	fail "aigo demo"
	cat "$OUT/demo.log"
	summary dbcopy
	exit 1
}
P=$(sq "$AIGO_DB" "SELECT slug FROM providers ORDER BY id LIMIT 1")
M=$(sq "$AIGO_DB" "SELECT m.slug FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.slug = '$P' ORDER BY m.id LIMIT 1")
ID=$($A incident open --provider "$P" --model "$M" --title "Latency 'up' \"quoted\"" --severity minor \
	--message "Line one
line two, ünïcode ✓ 100%" | awk '{ print $2 }')
$A incident update "$ID" --state identified --message "found: a 'quote', a \\ and 0" >/dev/null
$A maintenance add --title Planned --starts 2030-01-01T00:00:00Z --ends 2030-01-01T02:00:00Z \
	--provider "$P" --model "$M" --note "n" >/dev/null
$A maintenance add --title Whole --starts 2030-02-01T00:00:00Z --ends 2030-02-01T02:00:00Z --provider "$P" >/dev/null
# What aigo writes elsewhere (the status pages, the sender): digits in a
# text column, text that looks like SQL, NULL and '' side by side, a
# 64-bit number.
sq "$AIGO_DB" "
INSERT INTO provider_status VALUES (1, 'statuspage_v2', $NOW, $NOW, 'minor', 'Partial ''outage''; DROP TABLE x', NULL);
INSERT INTO provider_status VALUES (2, 'statuspage_v2', $NOW, NULL, NULL, NULL, 'timeout');
INSERT INTO provider_components VALUES (1, 'API', 'degraded_performance'), (1, '12345', 'operational');
INSERT INTO provider_incidents VALUES (1, '12345', 'Elevated errors', 'investigating', 'minor', $NOW, NULL, NULL, 'API'), (1, 'abc', 'Other', 'monitoring', 'none', NULL, NULL, 'https://x.test/i', '');
INSERT INTO outbox_deliveries VALUES (1, 'ops', 'delivered', 1, $NOW, $NOW, 200, NULL, $NOW), (1, 'mail', 'pending', 0, $NOW, NULL, NULL, '', NULL);
INSERT INTO notify_counters VALUES ('ops', 9007199254740993, 0, 0), ('mail', 0, 3, 1);
UPDATE rollups_hourly SET latency_sum = 9007199254740993 WHERE (model_id, region, hour) = (SELECT model_id, region, hour FROM rollups_hourly ORDER BY hour LIMIT 1);
"
empty_tables=$(for t in $(tables "$AIGO_DB"); do [ "$(sq "$AIGO_DB" "SELECT count(*) FROM $t")" = 0 ] && echo "$t"; done)
check "the source has a row in every table" "$empty_tables" ""
ROWS=$(counts "$AIGO_DB" | awk '{ s += $2 } END { print s }')
NTABLES=$(tables "$AIGO_DB" | wc -l)
echo "the source: $NTABLES tables, $ROWS rows"
snapshot "$AIGO_DB" "$OUT/source.snap"
check "... its snapshot: every table and every column's types" "$(grep -c '^==== ' "$OUT/source.snap")" \
	"$((NTABLES + $(sq "$AIGO_DB" "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) WHERE m.type = 'table'")))"

# ---- SQLite to SQLite ---------------------------------------------------
check "SQLite -> a new SQLite file: verified" "$(copy --from "$AIGO_DB" --to "$OUT/c1.db")" 0
cat "$OUT/copy.err" "$OUT/copy.out"
check "... says so with every table, row and number" \
	"$(grep -c "^copy verified: $NTABLES tables, $ROWS rows, [1-9][0-9]* numbers equal$" "$OUT/copy.out")" 1
sqlite_numbers=$(sed -n 's/^copy verified: .* rows, \([0-9]*\) numbers equal$/\1/p' "$OUT/copy.out")
check "... every table of db/schema.sql is in the copy's list" \
	"$(awk 'NR > 1 && NF == 3 { print $1 }' "$OUT/copy.out" | sort)" "$(tables "$AIGO_DB")"
check "... the same rows, values and types in every table (sqlite3)" "$(same_as_source "$OUT/c1.db")" ""
check "... and every column's types (typeof)" "$(grep -c '^==== .* types$' "$OUT/c1.db.snap")" "$(sq "$AIGO_DB" "SELECT count(*) FROM sqlite_master m, pragma_table_info(m.name) WHERE m.type = 'table'")"
check "... a 64-bit integer stays one" "$(sq "$OUT/c1.db" "SELECT typeof(delivered), delivered FROM notify_counters WHERE channel = 'ops'")" "integer|9007199254740993"
check "... digits in a text column stay text" "$(sq "$OUT/c1.db" "SELECT typeof(ext_id) FROM provider_incidents WHERE ext_id = '12345'")" "text"
check "... NULL stays NULL and '' stays ''" \
	"$(sq "$OUT/c1.db" "SELECT quote(last_error) FROM outbox_deliveries ORDER BY channel")" "''
NULL"
check "... the schema: version, integrity, foreign keys" \
	"$(sq "$OUT/c1.db" "PRAGMA user_version; PRAGMA integrity_check; PRAGMA foreign_key_check")" "9
ok"
check "... the whole .dump of the demo's tables equal" \
	"$(sq "$OUT/c1.db" .dump | grep -v 'maintenance_targets\|outbox_deliveries\|notify_counters' | md5sum)" \
	"$(sq "$AIGO_DB" .dump | grep -v 'maintenance_targets\|outbox_deliveries\|notify_counters' | md5sum)"
check "... the copy serves: aigo export reads it" \
	"$(AIGO_DB=$OUT/c1.db $A export --range 24h | md5sum)" "$($A export --range 24h | md5sum)"
# Batches of one row, and of 7: the same rows.
check "--batch 7: verified" "$(copy --from "$AIGO_DB" --to "$OUT/c7.db" --batch=7)" 0
check "... the same rows" "$(same_as_source "$OUT/c7.db")" ""
rm -f "$OUT"/c7.db*
# Into a file with the schema and no rows (made by the sqlite3 CLI).
sq "$OUT/schema.db" ".read db/schema.sql"
check "into a file with the schema and no rows: verified" "$(copy --from "$AIGO_DB" --to "$OUT/schema.db")" 0
check "... the same rows (aigo_meta the source's)" "$(same_as_source "$OUT/schema.db")" ""
rm -f "$OUT"/schema.db*
# Into an empty file (0 bytes).
: >"$OUT/zero.db"
check "into an empty file: verified" "$(copy --from "$AIGO_DB" --to "$OUT/zero.db")" 0
rm -f "$OUT"/zero.db*

# ---- Refusals: the destination is left alone -----------------------------
before=$(sq "$OUT/c1.db" .dump | md5sum)
check "a destination with rows: refused" "$(copy --from "$AIGO_DB" --to "$OUT/c1.db")" 1
check "... says why" "$(grep -c "aigo db copy: $OUT/c1.db: holds AI-GO data (providers: [0-9]* rows): copy into a new or empty database; nothing was written" "$OUT/copy.err")" 1
check "... left as it was" "$(sq "$OUT/c1.db" .dump | md5sum)" "$before"
AIGO_DB=$OUT/init.db $A db init >/dev/null 2>&1
check "a database aigo db init made (its catalog): refused" "$(copy --from "$AIGO_DB" --to "$OUT/init.db")" 1
check "a source that is not there: refused" "$(copy --from "$OUT/none.db" --to "$OUT/x.db")" 1
check "... says which" "$(grep -c "^aigo db copy: $OUT/none.db: " "$OUT/copy.err")" 1
check "... no destination made" "$(ls "$OUT"/x.db* 2>/dev/null)" ""
echo "not a database" >"$OUT/text.db"
check "a source that is not SQLite: refused" "$(copy --from "$OUT/text.db" --to "$OUT/x.db")" 1
check "... no destination made" "$(ls "$OUT"/x.db* 2>/dev/null)" ""
cp "$AIGO_DB" "$OUT/v8.db"
sq "$OUT/v8.db" "PRAGMA user_version = 8" >/dev/null
check "a source of an older schema version: refused" "$(copy --from "$OUT/v8.db" --to "$OUT/x.db")" 1
check "... tells to run aigo db init" "$(grep -c "schema version 8; this aigo copies version 9: run \`aigo db init\` on it first" "$OUT/copy.err")" 1
cp "$AIGO_DB" "$OUT/extra.db"
sq "$OUT/extra.db" "ALTER TABLE providers ADD COLUMN extra TEXT" >/dev/null
check "a source with a column this aigo does not know: refused" "$(copy --from "$OUT/extra.db" --to "$OUT/x.db")" 1
check "... names it" "$(grep -c "providers: has a column extra that this aigo does not copy" "$OUT/copy.err")" 1
check "... no destination made" "$(ls "$OUT"/x.db* 2>/dev/null)" ""
check "the same file twice: refused" "$(copy --from "$AIGO_DB" --to "$AIGO_DB")" 1
check "no --to: a usage error" "$(copy --from "$AIGO_DB")" 2
check "... says so" "$(grep -c '^aigo db copy: --to is required' "$OUT/copy.err")" 1
check "--batch 0: a usage error" "$(copy --from "$AIGO_DB" --to "$OUT/x.db" --batch 0)" 2
check "an argument it does not take: a usage error" "$(copy --from "$AIGO_DB" --to "$OUT/x.db" extra)" 2
check "... no destination made" "$(ls "$OUT"/x.db* 2>/dev/null)" ""
check "a URL where no option takes it: a usage error" "$(copy postgresql://u:Sekr3tPw@h/d --to "$OUT/x.db")" 2
check "... without the password" "$(cat "$OUT/copy.out" "$OUT/copy.err" | grep -c Sekr3tPw)" 0
check "... nor in --form=URL" "$(copy --form=postgresql://u:Sekr3tPw@h/d --to "$OUT/x.db"; cat "$OUT/copy.out" "$OUT/copy.err" | grep -c Sekr3tPw)" "2
0"
check "a URL that is not one: refused" "$(copy --from "$AIGO_DB" --to 'postgresql://u:Sekr3tPw@%zz/d')" 1
check "... without the password" "$(cat "$OUT/copy.out" "$OUT/copy.err" | grep -c Sekr3tPw)" 0
check "... shown hidden" "$(grep -c 'postgresql://u:\*\*\*@' "$OUT/copy.err")" 1
check "a server that is not there: refused" "$(copy --from "$AIGO_DB" --to "postgresql://u:Sekr3tPw@/d?host=$OUT/nosock")" 1
check "... without the password" "$(cat "$OUT/copy.out" "$OUT/copy.err" | grep -c Sekr3tPw)" 0

# ---- A failure mid-copy leaves the destination as it was -----------------
# A row the destination refuses, in the second last table: the source
# took it with its CHECKs off.
cp "$AIGO_DB" "$OUT/bad.db"
sq "$OUT/bad.db" "PRAGMA ignore_check_constraints = ON; UPDATE outbox_deliveries SET attempts = -1 WHERE channel = 'mail'"
check "a row the destination refuses: fails" "$(copy --from "$OUT/bad.db" --to "$OUT/x.db")" 1
check "... names the table and the row" "$(grep -c "^aigo db copy: $OUT/x.db: outbox_deliveries, rows* [0-9-]*: .*CHECK constraint failed.*; nothing was written$" "$OUT/copy.err")" 1
check "... after copying the tables before it" "$(grep -c '^checks [0-9]*/[0-9]* (100%)' "$OUT/copy.err")" 1
check "... the file it made is gone" "$(ls "$OUT"/x.db* 2>/dev/null)" ""
: >"$OUT/zero.db"
check "... into an empty file: fails" "$(copy --from "$OUT/bad.db" --to "$OUT/zero.db")" 1
check "... the file is as it was: no table" "$(sq "$OUT/zero.db" "SELECT count(*) FROM sqlite_master")" 0
sq "$OUT/schema.db" ".read db/schema.sql"
before=$(sq "$OUT/schema.db" .dump | md5sum)
check "... into a file with the schema: fails" "$(copy --from "$OUT/bad.db" --to "$OUT/schema.db")" 1
check "... the file is as it was" "$(sq "$OUT/schema.db" .dump | md5sum)" "$before"
# Killed mid-copy (SIGKILL, while the checks are copied): nothing of it
# in the destination.
: >"$OUT/kill.db"
copy_killed "$OUT/kill.db" kill 400
check "killed while copying the checks" "$(grep -c '^endpoints ' "$OUT/kill.err") $(grep -c '^checks ' "$OUT/kill.err")" "1 0"
check "... the destination holds nothing" "$(sq "$OUT/kill.db" "SELECT count(*) FROM sqlite_master")" 0

# ---- The comparison finds a difference -----------------------------------
# A destination whose trigger adds an outage to one model's hour of the
# last 24 h as it is written: the rows count alike, the numbers do not.
sq "$OUT/trig.db" ".read db/schema.sql"
read -r TM TH <<<"$(sq "$AIGO_DB" "SELECT model_id, start FROM model_rollups WHERE width = 3600 AND start >= $NOW - 82800 AND start < $NOW - 7200 ORDER BY start, model_id LIMIT 1" | tr '|' ' ')"
TSLUG=$(sq "$AIGO_DB" "SELECT slug FROM models WHERE id = $TM")
sq "$OUT/trig.db" "CREATE TRIGGER skew AFTER INSERT ON model_rollups WHEN NEW.model_id = $TM AND NEW.width = 3600 AND NEW.start = $TH BEGIN UPDATE model_rollups SET n_outage = n_outage + 1 WHERE model_id = NEW.model_id AND width = 3600 AND start = NEW.start; END"
check "a copy whose numbers differ: exit 1" "$(copy --from "$AIGO_DB" --to "$OUT/trig.db")" 1
check "... the counts are equal" "$(grep -c DIFFERS "$OUT/copy.out")" 0
check "... says how many differ" "$(grep -c '^aigo db copy: the copy differs: 1 of [0-9]* numbers and names read at [0-9]*:$' "$OUT/copy.err")" 1
check "... names it: the model's 24 h history, one outage more" \
	"$(awk -v m="model $TSLUG: history 24h bucket [0-9]+ outage: " '$0 ~ "^" m && $NF == $(NF - 2) + 1 { n++ } END { print n + 0 }' "$OUT/copy.err")" 1
check "... no 'copy verified'" "$(grep -c 'copy verified' "$OUT/copy.out")" 0
grep -v '%' "$OUT/copy.err"

# ---- Progress: in place on a terminal, a line per table otherwise --------
check "not a terminal: one line per table" "$(grep -c '^[a-z_0-9]* [0-9]*/[0-9]* ([0-9]*%) in [0-9.]* s$' "$OUT/copy.err")" "$NTABLES"
cp "$OUT/copy.err" "$OUT/notty.err"
check "... no carriage return" "$(grep -c $'\r' "$OUT/notty.err")" 0
rm -f "$OUT"/tty.db*
script -qec "$A db copy --from '$AIGO_DB' --to '$OUT/tty.db' --batch 5000" /dev/null >"$OUT/tty.log" 2>&1
check "on a terminal (script): verified" "$?" 0
n_checks=$(sq "$AIGO_DB" "SELECT count(*) FROM checks")
tr '\r' '\n' <"$OUT/tty.log" >"$OUT/tty.lines"
check "... the checks' line updated in place, batch by batch" \
	"$(grep -c "^checks [0-9]*/$n_checks ([0-9]*%)" "$OUT/tty.lines")" "$(((n_checks + 4999) / 5000))"
check "... the first update: 5000 rows" "$(grep -m1 "^checks " "$OUT/tty.lines" | tr -d '\n')" "checks 5000/$n_checks ($((5000 * 100 / n_checks))%)"
check "... each update on the same line (carriage returns)" "$(grep -o $'\r'"checks " "$OUT/tty.log" | wc -l)" "$(((n_checks + 4999) / 5000))"
check "... then the counts of every table" "$(grep -c '^aigo_meta ' "$OUT/tty.lines")" 2
check "... the same rows" "$(same_as_source "$OUT/tty.db")" ""

# ---- PostgreSQL: SQLite -> PostgreSQL -> a new SQLite --------------------
if [ -z "${TESTS_DEMO_CACHE:-}" ]; then
	export TESTS_DEMO_CACHE=$OUT/cache
	mkdir -p "$TESTS_DEMO_CACHE"
fi
D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
if ! pg_start "$D"; then
	fail "pg_start"
	summary dbcopy
	exit 1
fi
echo "PostgreSQL started in $(cat "$D/start.time") s"
URL="postgresql://aigo:$PG_PASSWORD@/aigo?host=$D"
bad_before=$(pgq "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")
check "a failure into PostgreSQL: fails" "$(copy --from "$OUT/bad.db" --to "$AIGO_PG_URL")" 1
check "... names the table" "$(grep -c 'outbox_deliveries, rows* [0-9-]*: .*; nothing was written$' "$OUT/copy.err")" 1
check "... the database is as it was: no table" "$(pgq "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" "$bad_before"
check "SQLite -> PostgreSQL (the password in the URL): verified" "$(copy --from "$AIGO_DB" --to "$URL")" 0
cat "$OUT/copy.err" "$OUT/copy.out"
check "... no password in what it prints" "$(cat "$OUT/copy.out" "$OUT/copy.err" | grep -c -- "$PG_PASSWORD")" 0
check "... the URL shown hidden" "$(grep -c "postgresql://aigo:\*\*\*@/aigo?host=$D (PostgreSQL, schema created)" "$OUT/copy.err")" 1
check "... every number the store reads equal on both" \
	"$(grep -c "^copy verified: $NTABLES tables, $ROWS rows, [1-9][0-9]* numbers equal$" "$OUT/copy.out")" 1
pg_numbers=$(sed -n 's/^copy verified: .* rows, \([0-9]*\) numbers equal$/\1/p' "$OUT/copy.out")
check "... as many as SQLite to SQLite" "$pg_numbers" "$sqlite_numbers"
# (aigo_meta: PostgreSQL's own schema_version row aside.)
pg_counts=$(for t in $(tables "$AIGO_DB"); do echo "$t $(pgq "SELECT count(*) FROM $t$([ "$t" = aigo_meta ] && echo " WHERE key <> 'schema_version'")")"; done)
check "... psql's counts = sqlite3's, table by table" "$pg_counts" "$(counts "$AIGO_DB")"
check "... psql: the schema version" "$(pgq "SELECT value FROM aigo_meta WHERE key = 'schema_version'")" 9
check "... psql: aigo_meta = the source's (and the version)" \
	"$(pgq "SELECT key || '=' || value FROM aigo_meta WHERE key <> 'schema_version' ORDER BY key")" \
	"$(sq "$AIGO_DB" "SELECT key || '=' || value FROM aigo_meta ORDER BY key")"
check "... psql: a 64-bit integer" "$(pgq "SELECT delivered FROM notify_counters WHERE channel = 'ops'")" 9007199254740993
check "... psql: the text with quotes and newlines" \
	"$(pgq "SELECT body FROM incident_updates ORDER BY id LIMIT 1")" \
	"$(sq "$AIGO_DB" "SELECT body FROM incident_updates ORDER BY id LIMIT 1")"
max_id=$(sq "$AIGO_DB" "SELECT max(id) FROM incidents")
check "... the identities moved past the largest id" \
	"$(pgq "BEGIN; INSERT INTO incident_updates (incident_id, at, state, body, author) VALUES ($ID, 1, 'resolved', 'x', 'cli') RETURNING id; ROLLBACK" | head -n 1) $(pgq "SELECT nextval(pg_get_serial_sequence('incidents', 'id'))")" \
	"$(($(sq "$AIGO_DB" "SELECT max(id) FROM incident_updates") + 1)) $((max_id + 1))"
check "PostgreSQL with rows: refused" "$(copy --from "$AIGO_DB" --to "$AIGO_PG_URL")" 1
check "... says why" "$(grep -c "holds AI-GO data (providers: [0-9]* rows)" "$OUT/copy.err")" 1
# A second database with the schema (psql) and no rows: its own
# BEGIN (the generation's lock), aigo_meta made way for the source's.
pgq_admin "CREATE DATABASE aigo2 OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
URL2="postgresql:///aigo2?host=$D&user=aigo"
psql "$URL2" -X -q -1 -v ON_ERROR_STOP=1 -f db/schema-pg.sql >"$OUT/schema2.log" 2>&1
check "into a PostgreSQL database with the schema and no rows: verified" "$(copy --from "$AIGO_DB" --to "$URL2")" 0
check "... psql's counts = sqlite3's" \
	"$(for t in $(tables "$AIGO_DB"); do echo "$t $(psql "$URL2" -X -A -t -q -c "SELECT count(*) FROM $t$([ "$t" = aigo_meta ] && echo " WHERE key <> 'schema_version'")")"; done)" \
	"$(counts "$AIGO_DB")"
check "... the generation advanced once" "$(psql "$URL2" -X -A -t -q -c "SELECT value FROM aigo_generation")" 1
# Killed mid-copy (SIGKILL while the checks are copied): the server rolls
# the transaction back; nothing of it in the database, not even the
# schema.
pgq_admin "CREATE DATABASE aigo3 OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'" >/dev/null
URL3="postgresql:///aigo3?host=$D&user=aigo"
copy_killed "$URL3" kill3 1000
check "PostgreSQL: killed while copying the checks" "$(grep -c '^endpoints ' "$OUT/kill3.err") $(grep -c '^checks ' "$OUT/kill3.err")" "1 0"
for _ in $(seq 1 50); do
	[ "$(pgq_admin "SELECT count(*) FROM pg_stat_activity WHERE datname = 'aigo3'")" = 0 ] && break
	sleep 0.1
done
check "... its session ended" "$(pgq_admin "SELECT count(*) FROM pg_stat_activity WHERE datname = 'aigo3'")" 0
check "... the database holds nothing" "$(psql "$URL3" -X -A -t -q -c "SELECT count(*) FROM information_schema.tables WHERE table_schema = 'public'")" 0
check "PostgreSQL -> a new SQLite file: verified" "$(copy --from "$AIGO_PG_URL" --to "$OUT/back.db" --batch 999)" 0
cat "$OUT/copy.err" "$OUT/copy.out"
check "... every number the store reads equal on both" \
	"$(grep -c "^copy verified: $NTABLES tables, $ROWS rows, $sqlite_numbers numbers equal$" "$OUT/copy.out")" 1
check "... the round trip = the original: rows and types, table by table (sqlite3)" "$(same_as_source "$OUT/back.db")" ""
check "... the schema: version, integrity, foreign keys" \
	"$(sq "$OUT/back.db" "PRAGMA user_version; PRAGMA integrity_check; PRAGMA foreign_key_check")" "9
ok"
check "... aigo export reads the same" \
	"$(AIGO_DB=$OUT/back.db $A export --range 7d | md5sum)" "$($A export --range 7d | md5sum)"

summary dbcopy
