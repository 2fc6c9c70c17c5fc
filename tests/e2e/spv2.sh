#!/usr/bin/env bash
# spv2.sh: the Statuspage-compatible read API (/api/v2/*.json) end to end through nginx: every body validated against a JSON Schema of the public format, component statuses and the page indicator against sqlite3 through DESIGN's rules (demo data and an ingested scenario), incidents against /api/v1/incidents, maintenance, HEAD, the snapshot fallback and a base path.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/spv2
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634 # 2026-11-28T04:20:34Z
W=1800
TOKEN=e2e-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/tokens AIGO_SNAPSHOT_INTERVAL=0
printf 'spv2-e2e %s\n' "$TOKEN" >"$OUT/tokens"
chmod 600 "$OUT/tokens"
trap stack_stop EXIT

ENDPOINTS="summary.json status.json components.json incidents.json incidents/unresolved.json
scheduled-maintenances.json scheduled-maintenances/upcoming.json scheduled-maintenances/active.json"
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# py NAME ARGS...: runs spv2_check.py; counts its checks.
py() {
	local name=$1 out
	shift
	out=$(python3 tests/e2e/spv2_check.py "$@" 2>&1)
	while read -r line; do
		case $line in
		ok*) pass ;;
		FAIL*) fail "$name: $line" ;;
		*) echo "   $name $line" ;;
		esac
	done <<<"$out"
}
# schema_later NAME ENDPOINT BODY: a copy of BODY to be validated against
# the schema (what py NAME schema ENDPOINT BODY did) by schemas_run, which runs every
# one so far in one spv2_check.py and counts them as py does.
SCHEMAS=0
schema_later() {
	SCHEMAS=$((SCHEMAS + 1))
	mkdir -p "$OUT/schema"
	cp "$3" "$OUT/schema/$SCHEMAS.json"
	printf '%s\t%s\t%s\n' "$1" "$2" "$OUT/schema/$SCHEMAS.json" >>"$OUT/schema.list"
}
schemas_run() {
	local name line n=0
	[ -s "$OUT/schema.list" ] || return 0
	while IFS=$'\t' read -r name line; do
		case $line in
		ok*)
			pass
			n=$((n + 1))
			;;
		FAIL*)
			fail "$name: $line"
			n=$((n + 1))
			;;
		*) echo "   $name $line" ;;
		esac
	done < <(python3 tests/e2e/spv2_check.py schemas "$OUT/schema.list" 2>&1)
	# One answer a body, or spv2_check.py stopped short.
	[ "$n" = "$(wc -l <"$OUT/schema.list")" ] || fail "schemas: $(wc -l <"$OUT/schema.list") bodies, $n answers"
	: >"$OUT/schema.list"
}
# every_endpoint LABEL SOURCE: each endpoint answers 200 with X-Data-Source
# SOURCE, CORS, and a body the schema accepts; HEAD the same, no body.
every_endpoint() {
	local e code
	for e in $ENDPOINTS; do
		code=$(fetch "/api/v2/$e")
		check "$1 $e status" "$code" 200
		check "$1 $e X-Data-Source" "$(head_value X-Data-Source)" "$2"
		check "$1 $e dataSource" "$(jq -r .dataSource "$OUT/body")" "$2"
		check "$1 $e CORS" "$(head_value Access-Control-Allow-Origin)" "*"
		check "$1 $e JSON" "$(head_value Content-Type | cut -d';' -f1)" "application/json"
		schema_later "$1" "$e" "$OUT/body"
		cp "$OUT/body" "$OUT/$1-$(echo "$e" | tr / -)"
		printf 'GET\t/api/v2/%s\t200\tapplication/json\t%s\n' "$e" "$OUT/$1-$(echo "$e" | tr / -)" >>"$OUT/manifest"
		code=$(fetch "/api/v2/$e" -I)
		check "$1 HEAD $e: no body" "$code $(grep -c '"page"' "$OUT/body")" "200 0"
	done
}

# ---- the demo data --------------------------------------------------------
demo_stack --days 2
every_endpoint demo database
py "demo summary" oracle "$AIGO_DB" "$NOW" "$W" "$OUT/demo-summary.json"
py "demo components" oracle "$AIGO_DB" "$NOW" "$W" "$OUT/demo-components.json"
check "status.json = summary's status" "$(jq -c .status "$OUT/demo-status.json")" "$(jq -c .status "$OUT/demo-summary.json")"
check "page" "$(jq -c '.page | [.id, .url, .time_zone]' "$OUT/demo-status.json")" \
	"[\"aigo\",\"$BASE/\",\"Etc/UTC\"]"
# The page changed last with its newest check (the components' are checked
# against sqlite3 below), so the body and its ETag hold between checks.
check "page.updated_at: the newest component's check" "$(jq -r .page.updated_at "$OUT/demo-summary.json")" \
	"$(jq -r '[.components[].updated_at] | max' "$OUT/demo-summary.json")"
check "... the newest check in the database" "$(jq -r .page.updated_at "$OUT/demo-summary.json")" \
	"$(iso "$(sqlite3 "$AIGO_DB" "SELECT max(checked_at) FROM checks WHERE checked_at <= $NOW")")"
check "description in English" "$(jq -r .status.description "$OUT/demo-status.json")" "Major System Outage"
fetch "/api/v1/incidents" >/dev/null
py "demo incidents" incidents "$OUT/demo-incidents.json" "$OUT/body"
fetch "/api/v1/incidents?state=open" >/dev/null
py "demo unresolved" incidents "$OUT/demo-incidents-unresolved.json" "$OUT/body"
check "summary's incidents = unresolved" "$(jq -c '[.incidents[].id]' "$OUT/demo-summary.json")" \
	"$(jq -c '[.incidents[].id]' "$OUT/demo-incidents-unresolved.json")"
check "demo has unresolved incidents" "$(jq '.incidents | length > 0' "$OUT/demo-summary.json")" true
check "shortlink: the incident page" "$(jq -r '.incidents[0].shortlink' "$OUT/demo-summary.json")" \
	"$BASE/en/incidents/$(jq -r '.incidents[0].id' "$OUT/demo-summary.json")"
check "POST: 405" "$(fetch /api/v2/summary.json -X POST)" 405
check "unknown v2 path: 404 JSON" "$(fetch /api/v2/nope.json) $(jq -r '.error | has("code")' "$OUT/body")" "404 true"
stack_stop

# ---- an ingested scenario -------------------------------------------------
# nova-pro: one region of three in outage (partial_outage); nova-lite: all
# three in outage (major_outage); gemini-2-5-pro: one region degraded
# (degraded_performance); gemini-2-5-flash: checked 2 h ago only, one of
# three regions in outage (unknown now: its last known, partial_outage);
# nova-micro: operational but in an active maintenance window
# (under_maintenance); every other model never checked (not listed).
rm -f "$AIGO_DB"* "$AIGO_SNAPSHOT"
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1 || { echo "FAIL: db init"; cat "$OUT/init.log"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run2" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
item() { printf '{"model": "%s", "region": "%s", "checkedAt": "%s", "status": "%s", "latencyMs": %s, "httpStatus": %s}' \
	"$1" "$2" "$(iso "$3")" "$4" "$([ "$4" = degraded ] && echo 7000 || echo 800)" "$([ "$4" = outage ] && echo 503 || echo 200)"; }
{
	echo '{"checks": ['
	sep=
	for i in 0 1 2 3 4 5; do
		t=$((NOW - 600 + i * 60))
		for spec in amazon-nova-pro:us-east-1:outage amazon-nova-pro:eu-central-1:operational \
			amazon-nova-pro:ap-northeast-2:operational amazon-nova-lite:us-east-1:outage \
			amazon-nova-lite:eu-central-1:outage amazon-nova-lite:ap-northeast-2:outage \
			gemini-2-5-pro:us-central1:degraded gemini-2-5-pro:europe-west4:operational \
			gemini-2-5-pro:asia-northeast3:operational amazon-nova-micro:us-east-1:operational \
			amazon-nova-micro:eu-central-1:operational; do
			IFS=: read -r m r s <<<"$spec"
			printf '%s%s\n' "$sep" "$(item "$m" "$r" "$t" "$s")"
			sep=,
		done
		t=$((NOW - 7200 + i * 60))
		for spec in gemini-2-5-flash:us-central1:outage gemini-2-5-flash:europe-west4:operational \
			gemini-2-5-flash:asia-northeast3:operational; do
			IFS=: read -r m r s <<<"$spec"
			printf ',%s\n' "$(item "$m" "$r" "$t" "$s")"
		done
	done
	echo ']}'
} >"$OUT/batch.json"
code=$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $TOKEN" \
	-H "Content-Type: application/json" --data-binary "@$OUT/batch.json")
check "ingest accepted" "$code" 200
./cgi-bin/aigo maintenance add --title 'Network <upgrade>' --note 'Short pauses.' \
	--starts "$(iso $((NOW - 900)))" --ends "$(iso $((NOW + 3600)))" --model amazon-nova-micro >"$OUT/m1.log" 2>&1
check "active maintenance added" "$?" 0
./cgi-bin/aigo maintenance add --title 'Planned work' \
	--starts "$(iso $((NOW + 86400)))" --ends "$(iso $((NOW + 90000)))" --provider google >"$OUT/m2.log" 2>&1
check "upcoming maintenance added" "$?" 0
./cgi-bin/aigo incident open --provider google --model gemini-2-5-pro --title 'Slow answers' --severity minor \
	--started "$(iso $((NOW - 300)))" --state identified --message 'We found the cause.' >"$OUT/inc.log" 2>&1
check "manual incident opened" "$?" 0
every_endpoint scenario database
py "scenario summary" oracle "$AIGO_DB" "$NOW" "$W" "$OUT/scenario-summary.json"
py "scenario components" oracle "$AIGO_DB" "$NOW" "$W" "$OUT/scenario-components.json"
st() { jq -r --arg id "$2" '.components[] | select(.id == $id) | .status' "$OUT/$1"; }
S=scenario-components.json
# The words of the mapping (docs/api.md), one by one.
check "one region in outage: partial_outage" "$(st $S model.amazon-nova-pro)" partial_outage
check "every region in outage: major_outage" "$(st $S model.amazon-nova-lite)" major_outage
check "degraded: degraded_performance" "$(st $S model.gemini-2-5-pro)" degraded_performance
check "unknown: the last known" "$(st $S model.gemini-2-5-flash)" partial_outage
check "unknown: updated_at says when" "$(jq -r '.components[] | select(.id == "model.gemini-2-5-flash") | .updated_at' "$OUT/$S")" "$(iso $((NOW - 7200 + 300)))"
check "in maintenance: under_maintenance" "$(st $S model.amazon-nova-micro)" under_maintenance
check "never checked: not listed" "$(jq '[.components[] | select(.group | not)] | length' "$OUT/$S")" 5
check "groups: the two providers" "$(jq -c '[.components[] | select(.group) | [.id, .status, (.components | length)]]' "$OUT/$S")" \
	'[["provider.amazon","major_outage",3],["provider.google","partial_outage",2]]'
check "indicator critical" "$(jq -r '.status | .indicator + "/" + .description' "$OUT/scenario-summary.json")" "critical/Major System Outage"
fetch "/api/v1/incidents" >/dev/null
py "scenario incidents" incidents "$OUT/scenario-incidents.json" "$OUT/body"
check "manual incident: identified, its update" \
	"$(jq -c '.incidents[] | select(.name == "Slow answers") | [.status, .impact, .incident_updates[0].body, .components[0].id]' "$OUT/scenario-incidents-unresolved.json")" \
	'["identified","minor","We found the cause.","model.gemini-2-5-pro"]'
check "upcoming window" "$(jq -c '[.scheduled_maintenances[] | [.name, .status, .scheduled_for, (.components | map(.id))]]' "$OUT/scenario-scheduled-maintenances-upcoming.json")" \
	"[[\"Planned work\",\"scheduled\",\"$(iso $((NOW + 86400)))\",[\"provider.google\",\"model.gemini-2-5-flash\",\"model.gemini-2-5-pro\"]]]"
check "active window (text as written)" "$(jq -c '[.scheduled_maintenances[] | [.name, .status, .impact, .incident_updates[0].body, (.components | map(.id))]]' "$OUT/scenario-scheduled-maintenances-active.json")" \
	'[["Network <upgrade>","in_progress","maintenance","Short pauses.",["model.amazon-nova-micro"]]]'
check "summary: both windows" "$(jq -c '[.scheduled_maintenances[].status]' "$OUT/scenario-summary.json")" '["in_progress","scheduled"]'
check "all windows" "$(jq '.scheduled_maintenances | length' "$OUT/scenario-scheduled-maintenances.json")" 2

# ---- the database down: the snapshot --------------------------------------
for u in "incidents?limit=100" "incidents?state=open" maintenances; do
	fetch "/api/v1/$u" >/dev/null
	cp "$OUT/body" "$OUT/db-v1-$(echo "$u" | tr '/?=&' -)"
done
./cgi-bin/aigo snapshot >"$OUT/snap.log" 2>&1 || { echo "FAIL: snapshot"; cat "$OUT/snap.log"; exit 1; }
mv "$AIGO_DB" "$OUT/away.db"
for u in "incidents?limit=100" "incidents?state=open" maintenances; do
	code=$(fetch "/api/v1/$u")
	check "fallback /api/v1/$u: 200 from the snapshot" "$code $(head_value X-Data-Source)" "200 fallback"
	check "fallback /api/v1/$u = the database's" "$(jq -cS 'del(.dataSource, .snapshotAt, .meta)' "$OUT/body")" \
		"$(jq -cS 'del(.dataSource, .snapshotAt, .meta)' "$OUT/db-v1-$(echo "$u" | tr '/?=&' -)")"
done
check "fallback /api/v1/incidents: some" "$(jq '.incidents | length > 0' "$OUT/db-v1-incidents-limit-100")" true
for e in summary.json status.json components.json; do
	code=$(fetch "/api/v2/$e")
	check "fallback $e" "$code $(head_value X-Data-Source) $(jq -r .dataSource "$OUT/body")" "200 fallback fallback"
	check "fallback $e snapshotAt" "$(jq -r .snapshotAt "$OUT/body")" "$(jq -r .generatedAt "$AIGO_SNAPSHOT")"
	schema_later "fallback" "$e" "$OUT/body"
	cp "$OUT/body" "$OUT/fallback-$e"
	printf 'GET\t/api/v2/%s\t200\tapplication/json\t%s\n' "$e" "$OUT/fallback-$e" >>"$OUT/manifest"
done
# The snapshot's numbers, incidents and windows are those of its time
# (now, the fixed clock): every endpoint answers what the database did
# then, marked as the snapshot's.
check "fallback components: the database's statuses" \
	"$(jq -c '[.components[] | [.id, .status]]' "$OUT/fallback-components.json")" \
	"$(jq -c '[.components[] | [.id, .status]]' "$OUT/$S")"
check "fallback indicator" "$(jq -r .status.indicator "$OUT/fallback-status.json")" critical
for e in $ENDPOINTS; do
	code=$(fetch "/api/v2/$e")
	f=fallback-$(echo "$e" | tr / -)
	cp "$OUT/body" "$OUT/$f"
	check "fallback $e: 200 from the snapshot" "$code $(head_value X-Data-Source) $(jq -r .dataSource "$OUT/$f")" "200 fallback fallback"
	check "fallback $e: page.updated_at, the newest check the snapshot holds" "$(jq -r .page.updated_at "$OUT/$f")" \
		"$(jq -r '[.components[].updated_at] | max' "$OUT/fallback-summary.json")"
	schema_later "fallback" "$e" "$OUT/$f"
	check "fallback $e = the database's answer at the snapshot's time" \
		"$(jq -cS 'del(.dataSource, .snapshotAt)' "$OUT/$f")" "$(jq -cS 'del(.dataSource, .snapshotAt)' "$OUT/scenario-$(echo "$e" | tr / -)")"
	printf 'GET\t/api/v2/%s\t200\tapplication/json\t%s\n' "$e" "$OUT/$f" >>"$OUT/manifest"
done
check "fallback: incidents and windows known" "$(jq -c '[(.incidents | length > 0), (.scheduled_maintenances | length)]' "$OUT/fallback-summary.json")" '[true,2]'
check "fallback: the manual incident" "$(jq -c '[.incidents[] | select(.name == "Slow answers") | .status]' "$OUT/fallback-incidents-unresolved.json")" '["identified"]'
# Neither the database nor a snapshot: a JSON 503.
mv "$AIGO_SNAPSHOT" "$OUT/away.json"
for e in incidents.json scheduled-maintenances.json; do
	code=$(fetch "/api/v2/$e")
	check "nothing to answer $e: 503 JSON" "$code $(jq -r .error.code "$OUT/body") $(head_value Retry-After)" "503 unavailable 30"
	cp "$OUT/body" "$OUT/fallback-503-$(echo "$e" | tr / -)"
	printf 'GET\t/api/v2/%s\t503\tapplication/json\t%s\n' "$e" "$OUT/fallback-503-$(echo "$e" | tr / -)" >>"$OUT/manifest"
done
mv "$OUT/away.json" "$AIGO_SNAPSHOT"
mv "$OUT/away.db" "$AIGO_DB"
stack_stop

# ---- under a base path ----------------------------------------------------
export AIGO_BASE_PATH=/status
sed -e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	-e "s#unix:/run/aigo/aigo.sock#aigo#" contrib/nginx-subpath.conf >"$OUT/subpath.conf"
PORT=$(stack_free_port)
STACK_NGINX_EXTRA="include $OUT/subpath.conf;" stack_start "$OUT/run3" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
for e in $ENDPOINTS; do
	check "base path $e" "$(fetch "/status/api/v2/$e")" 200
	schema_later "base path" "$e" "$OUT/body"
	[ "$e" = summary.json ] && cp "$OUT/body" "$OUT/base-summary.json"
done
check "base path: page url" "$(jq -r .page.url "$OUT/base-summary.json")" "$BASE/status/"
check "base path: shortlink" "$(jq -r '.incidents[0].shortlink' "$OUT/base-summary.json")" \
	"$BASE/status/en/incidents/$(jq -r '.incidents[0].id' "$OUT/base-summary.json")"
check "base path: the shortlink answers" "$(curl -s -o /dev/null -w '%{http_code}' "$(jq -r '.incidents[0].shortlink' "$OUT/base-summary.json")")" 200
check "outside the base path: 404" "$(fetch /api/v2/summary.json)" 404

# ---- every body above against the schema, in one run ----------------------
schemas_run

# ---- OpenAPI: the routes, and every body above against its description ----
./cgi-bin/aigo routes >"$OUT/routes"
if /usr/bin/python3 tests/e2e/openapi_check.py static/openapi.json "$OUT/routes" "$OUT/manifest" >"$OUT/openapi.log" 2>&1; then
	pass
else
	fail "openapi check (tests/out/spv2/openapi.log):"
	grep -v '^ok' "$OUT/openapi.log" | head -20
fi
tail -n 1 "$OUT/openapi.log"

summary spv2
