#!/usr/bin/env bash
# fallback.sh: end-to-end tests of the snapshot fallback: each way the database can fail, through nginx and aigo serve.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

NOW=1795839634
W=1800

# The server runs as an unprivileged user when we are root, so that file
# permissions apply to it; its files live in a directory that user can
# reach, whatever the checkout's permissions.
T=$(mktemp -d /tmp/aigo-fallback.XXXXXX)
chmod 755 "$T"
mkdir -p "$T/root/cgi-bin" "$T/root/db" "$T/data" "$T/out"
cp -r templates locales "$T/root/"
cp db/schema.sql db/catalog.json "$T/root/db/"
cp cgi-bin/aigo "$T/root/cgi-bin/"
OWNER=()
if [ "$(id -u)" = 0 ]; then
	OWNER=(setpriv --reuid=nobody --regid=nogroup --clear-groups --)
	chown -R nobody:nogroup "$T/data"
fi
STACK_AIGO_WRAP=("${OWNER[@]}")
STACK_SOCKET_DIR=$T/data # where that user may make its socket
STACK_AIGO_BIN=$T/root/cgi-bin/aigo
export AIGO_ROOT=$T/root AIGO_DB=$T/data/aigo.db AIGO_SNAPSHOT=$T/data/fallback.json
export AIGO_NOW=$NOW AIGO_SNAPSHOT_INTERVAL=1
DB=$AIGO_DB
SNAP=$AIGO_SNAPSHOT
OUT=$T/out

cleanup() {
	stack_stop
	[ -n "${LOCK_PID:-}" ] && kill "$LOCK_PID" 2>/dev/null
	[ "${KEEP:-}" ] || rm -rf "$T"
}
trap cleanup EXIT

# As the data's owner (the server's user).
owner() { "${OWNER[@]}" "$@"; }
owner "$STACK_AIGO_BIN" demo --days 7 >/dev/null || { echo "FAIL: demo"; exit 1; }
owner "$STACK_AIGO_BIN" snapshot >/dev/null || { echo "FAIL: snapshot"; exit 1; }
cp -p "$DB" "$T/good.db"
cp -p "$SNAP" "$T/good-snapshot.json"

# The numbers of the snapshot alone, computed with jq from its rows.
snapshot_numbers() {
	jq -c --argjson w "$W" '
	  (.generatedAt | fromdate) as $now
	  | (.latest | map(select(.checkedAt != null and ($now - (.checkedAt | fromdate)) < $w))
	     | group_by(.model) | map({key: .[0].model, value: map(.status)}) | from_entries) as $fresh
	  | [.models[] | select(.isActive) | .slug] as $active
	  | ($active | map(($fresh[.] // []) as $s
	      | if ($s | length) == 0 then "unknown"
	        elif all($s[]; . == "operational") then "operational"
	        elif all($s[]; . == "outage") then "outage"
	        else "degraded" end)) as $st
	  | (.window.counts | map(select(.model as $m | $active | index($m)))
	     | map(100 * (.operational + .degraded) / (.operational + .degraded + .outage))) as $av
	  | [(.models | length), ($active | length),
	     ($st | map(select(. == "operational")) | length),
	     ($st | map(select(. == "degraded")) | length),
	     ($st | map(select(. == "outage")) | length),
	     ($st | map(select(. == "unknown")) | length),
	     (($av | add) / ($av | length) * 100 | round / 100)]' "$1"
}
WANT=$(snapshot_numbers "$SNAP")
# A model of several regions whose latest checks say their probe kind.
KIND_MODEL=amazon-nova-pro
check "the snapshot says $KIND_MODEL's probe kinds" \
	"$(jq --arg m "$KIND_MODEL" '[.latest[] | select(.model == $m and .probeKind != null)] | length > 1' "$SNAP")" true
echo "snapshot (jq): [total,active,operational,degraded,outage,unknown,avg] = $WANT"

PORT=$(stack_free_port)
stack_start "$T/run" "$PORT" 1 || exit 1
BASE="http://127.0.0.1:$PORT"
card() { perl -0ne 'print $1 if /data-stat="'"$1"'">.*?<dd>([^<]*)<\/dd>/s' "$OUT/page" | tr -d ','; }
json_numbers() {
	jq -c '[.totalModels, .activeModels, .operationalModels, .degradedModels,
	        .outageModels, .unknownModels, .avgAvailability]' "$OUT/json"
}
page_numbers() {
	printf '[%s,%s,%s,%s,%s,%s]' "$(card total)" "$(card active | cut -d/ -f1)" \
		"$(card operational)" "$(card degraded)" "$(card outage)" "$(card unknown)"
}

# assert_source MODE SOURCE: page and JSON come from SOURCE, and agree.
assert_source() {
	local mode=$1 source=$2
	check "$mode: page status" "$(fetch /en/monitoring)" 200
	cp "$OUT/body" "$OUT/page"
	check "$mode: page X-Data-Source" "$(head_value X-Data-Source)" "$source"
	check "$mode: json status" "$(fetch /api/v1/realtime-stats)" 200
	cp "$OUT/body" "$OUT/json"
	check "$mode: json dataSource" "$(jq -r .dataSource "$OUT/json")" "$source"
	check "$mode: page equals json" "$(page_numbers)" "$(json_numbers | jq -c '.[:6]')"
	check "$mode: availability card" "$(card availability)" \
		"$(jq -r '.avgAvailability * 10 | round / 10 | tostring + (if . == (. | floor) then ".0" else "" end) + "%"' "$OUT/json")"
	if [ "$source" = fallback ]; then
		check "$mode: notice" "$(grep -c 'Live data is unavailable — showing the snapshot from' "$OUT/page")" 1
		check "$mode: snapshotAt" "$(jq -r .snapshotAt "$OUT/json")" "$(jq -r .generatedAt "$T/good-snapshot.json")"
		check "$mode: numbers from the snapshot alone" "$(json_numbers)" "$WANT"
		# Issue 17: each region's probe kind and error kind, as the
		# snapshot's rows say them.
		check "$mode: model json" "$(fetch /api/v1/models/$KIND_MODEL)" 200
		check "$mode: region kinds from the snapshot" \
			"$(jq -r '[.model.regions[] | "\(.region) \(.probeKind) \(.errorKind)"] | join(", ")' "$OUT/body")" \
			"$(jq -r --arg m "$KIND_MODEL" '[.latest[] | select(.model == $m) | "\(.region) \(.probeKind) \(.errorKind)"]
				| sort | join(", ")' "$T/good-snapshot.json")"
		check "$mode: model page" "$(fetch /en/models/$KIND_MODEL)" 200
		check "$mode: page's region kinds from the snapshot" \
			"$(perl -0ne 'while (/<tr data-region="([^"]*)".*?data-probe-kind="([a-z]*)"/sg) { print "$1 $2\n" }' "$OUT/body")" \
			"$(jq -r --arg m "$KIND_MODEL" '[.latest[] | select(.model == $m) | "\(.region) \(.probeKind // "")"] | sort | .[]' \
				"$T/good-snapshot.json")"
		check "$mode: readyz" "$(fetch /readyz)" 200
		check "$mode: readyz source" "$(jq -r .dataSource "$OUT/body")" fallback
		# The snapshot's incidents (format 2): the open ones, as its rows
		# say them (jq over the file: resolvedAt is column 7).
		check "$mode: open incidents from the snapshot" \
			"$(fetch '/api/v1/incidents?state=open&limit=200') $(jq -c '[.incidents[].id]' "$OUT/body")" \
			"200 $(jq -c '[.incidents.rows[] | select(.[7] == null) | .[0]]' "$T/good-snapshot.json")"
	else
		check "$mode: no notice" "$(grep -c 'notice warning' "$OUT/page")" 0
	fi
}

restore() {
	owner cp -p "$T/good.db" "$DB.tmp" && mv -f "$DB.tmp" "$DB"
	rm -f "$DB-wal" "$DB-shm"
	assert_source "$1 restored" database
}

assert_source "healthy" database
# While healthy, aigo serve refreshes the snapshot (every second here).
before=$(stat -c %Y.%s "$SNAP")
sleep 2.2
check "snapshot refreshed while healthy" "$([ "$(stat -c %Y.%s "$SNAP")" != "$before" ] && echo yes)" yes

# 1. missing
mv "$DB" "$T/away.db"
assert_source missing fallback
mv "$T/away.db" "$DB"
assert_source "missing restored" database

# 2. unreadable permissions
chmod 000 "$DB"
assert_source unreadable fallback
chmod 644 "$DB"
assert_source "unreadable restored" database

# 3. garbage bytes
head -c 300000 /dev/urandom >"$T/garbage"
chmod 644 "$T/garbage"
mv -f "$T/garbage" "$DB"
assert_source garbage fallback
restore garbage

# 4. truncated mid-page
head -c $(($(stat -c %s "$T/good.db") * 2 / 5 + 1000)) "$T/good.db" >"$T/cut"
chmod 644 "$T/cut"
mv -f "$T/cut" "$DB"
assert_source truncated fallback
restore truncated

# 5. a valid SQLite file of another schema
sqlite3 "$T/other.db" "CREATE TABLE notes(id INTEGER PRIMARY KEY, text TEXT); INSERT INTO notes(text) VALUES ('hello');"
chmod 644 "$T/other.db"
mv -f "$T/other.db" "$DB"
assert_source "other schema" fallback
restore "other schema"

# 6. a future schema version, changed in place under the open connection
VERSION=$(sqlite3 "$DB" "PRAGMA user_version")
owner sqlite3 "$DB" "PRAGMA user_version = $((VERSION + 1));"
assert_source "future schema" fallback
owner sqlite3 "$DB" "PRAGMA user_version = $VERSION;"
assert_source "future schema restored" database

# 7. held under an exclusive lock longer than the busy timeout. In WAL mode
# readers never wait for writers, so the lock is the exclusive locking mode
# of a connection that opened the file first (as after a restore).
owner cp -p "$T/good.db" "$DB.locked"
mkfifo "$T/lock.in"
owner sqlite3 "$DB.locked" <"$T/lock.in" >"$T/lock.out" 2>&1 &
LOCK_PID=$!
exec 7>"$T/lock.in"
echo "PRAGMA locking_mode = EXCLUSIVE; BEGIN EXCLUSIVE; SELECT count(*) > 0 FROM checks; SELECT 'locked';" >&7
for _ in $(seq 1 50); do grep -q locked "$T/lock.out" && break; sleep 0.1; done
check "lock held" "$(tr '\n' ' ' <"$T/lock.out")" "exclusive 1 locked "
mv -f "$DB.locked" "$DB"
rm -f "$DB-wal" "$DB-shm"
assert_source locked fallback
# A failing database never overwrites the good snapshot.
check "snapshot kept while failing" "$(cmp -s "$SNAP" "$T/good-snapshot.json" && echo same)" same
echo "COMMIT;" >&7
exec 7>&-
wait "$LOCK_PID"
LOCK_PID=
assert_source "lock released" database

# Each failure was logged once per change of state, not per request.
check "fallback logged once per failure" \
	"$(grep -c 'warn data source: fallback' "$T/run/aigo.log")" 7
check "recovery logged once per failure" \
	"$(grep -c 'info data source: database' "$T/run/aigo.log")" 8

# No database and no snapshot: 503, still a complete translated page.
mv "$DB" "$T/away.db"
sleep 1.2 # a snapshot begun before the move (from the open file) finishes
mv "$SNAP" "$T/away.json"
sleep 1.2 # the next scheduled snapshot finds no database and writes nothing
check "none: page" "$(fetch /ko/monitoring)" 503
check "none: Retry-After" "$(head_value Retry-After)" 30
check "none: X-Data-Source" "$(head_value X-Data-Source)" none
check "none: translated" "$(grep -c '<html lang="ko">' "$OUT/body")" 1
check "none: says so" "$(grep -c 'role="alert"' "$OUT/body")" 1
check "none: chart frame with reason" \
	"$(grep -c 'class="chart-empty">실시간 데이터를 사용할 수 없습니다<' "$OUT/body")" 1
check "none: no raw key" "$(grep -c 'charts\.statusDistribution\|monitoring\.title' "$OUT/body")" 0
check "none: json" "$(fetch /api/v1/realtime-stats)" 503
check "none: json error" "$(jq -r .error.code "$OUT/body")" unavailable
check "none: readyz" "$(fetch /readyz)" 503
check "none: healthz still 200" "$(fetch /healthz)" 200
check "none: no snapshot written from nothing" "$([ -e "$SNAP" ] && echo written || echo absent)" absent
mv "$T/away.json" "$SNAP"
check "snapshot back" "$(fetch /readyz)" 200
check "snapshot back source" "$(jq -r .dataSource "$OUT/body")" fallback
mv "$T/away.db" "$DB"
assert_source "all restored" database
stack_stop

# A crash while writing the snapshot leaves the previous one intact: the
# file size limit kills the writer (SIGXFSZ) halfway through the file.
cp -p "$SNAP" "$T/before.json"
owner prlimit --fsize=65536 "$STACK_AIGO_BIN" snapshot >/dev/null 2>&1
check "writer killed mid-write" "$?" $((128 + 25))
check "partial file was the temporary one" "$([ "$(stat -c %s "$SNAP.tmp")" -le 65536 ] && echo yes)" yes
check "previous snapshot intact" "$(cmp -s "$SNAP" "$T/before.json" && echo same)" same
check "previous snapshot valid" "$(jq -r .format "$SNAP")" aigo-snapshot
owner "$STACK_AIGO_BIN" snapshot >/dev/null
check "next write succeeds" "$?" 0
check "no temporary left" "$([ -e "$SNAP.tmp" ] && echo left || echo gone)" gone

summary fallback
