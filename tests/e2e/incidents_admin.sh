#!/usr/bin/env bash
# incidents_admin.sh: manual incidents, updates and maintenance windows end to end through nginx: admin tokens (401/403), writes checked with sqlite3, an update of an automatic incident made by ingest, bad bodies, the public lists against sqlite3, the CLI, no token in any log, and the OpenAPI description.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/incidents_admin
rm -rf "$OUT"
mkdir -p "$OUT/responses"
NOW=1795839634
ADMIN=adm-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
INGEST=ing-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/ingest-tokens AIGO_ADMIN_TOKENS=$OUT/admin-tokens
printf 'probe %s\n' "$INGEST" >"$OUT/ingest-tokens"
printf '# operators\nops %s\n' "$ADMIN" >"$OUT/admin-tokens"
chmod 600 "$OUT/ingest-tokens" "$OUT/admin-tokens"

trap 'stack_stop' EXIT
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1 || {
	echo "FAIL: aigo db init"
	cat "$OUT/init.log"
	exit 1
}
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# api METHOD TEMPLATE PATH [curl args] -> status; body in $OUT/body, kept
# for the OpenAPI check.
api() {
	local method=$1 template=$2 path=$3
	shift 3
	local code n
	code=$(fetch "$path" -X "$method" "$@")
	n=$(($(cat "$OUT/responses/n" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$OUT/responses/n"
	cp "$OUT/body" "$OUT/responses/$n"
	printf '%s\t%s\t%s\t%s\t%s\n' "$method" "$template" "$code" \
		"$(head_value Content-Type)" "$OUT/responses/$n" >>"$OUT/manifest"
	echo "$code"
}
# admin METHOD TEMPLATE PATH BODY [TOKEN]: an admin request with a JSON body.
admin() {
	local method=$1 template=$2 path=$3 body=$4 token=${5-$ADMIN}
	if [ -n "$token" ]; then
		api "$method" "$template" "$path" -H "Authorization: Bearer $token" \
			-H 'Content-Type: application/json' --data-binary "$body"
	else
		api "$method" "$template" "$path" -H 'Content-Type: application/json' \
			--data-binary "$body"
	fi
}
j() { jq -r "$1" "$OUT/body"; }
written() {
	q "SELECT (SELECT count(*) FROM incidents) || ' ' || (SELECT count(*) FROM incident_updates) || ' ' ||
	   (SELECT count(*) FROM maintenances) || ' ' || (SELECT count(*) FROM maintenance_targets)"
}

# ---- the admin examples of docs/api.md work as pasted, with an admin token ----
n_examples=0
while IFS= read -r ex; do
	where=$(echo "$ex" | jq -r .where)
	cmd=$(echo "$ex" | jq -r .cmd | sed "s#http://127.0.0.1:8080#$BASE#g")
	code=$(ADMIN_TOKEN=$ADMIN OUT=$OUT bash -c 'curl() { command curl -s -o "$OUT/doc-body" -w "%{http_code}" "$@"; }; '"$cmd")
	check "doc example $where answers 2xx" "$(case "$code" in 2??) echo 2xx ;; *) echo "$code: $(head -c 200 "$OUT/doc-body")" ;; esac)" 2xx
	n_examples=$((n_examples + 1))
done < <(python3 -c '
import json, re, sys
lines = open("docs/api.md", encoding="utf-8").read().split("\n")
i = 0
while i < len(lines):
    if re.match(r"^```sh\s*$", lines[i]):
        j = i + 1
        while not re.match(r"^```\s*$", lines[j]):
            j += 1
        body = "\n".join(lines[i + 1:j])
        if "$ADMIN_TOKEN" in body:
            print(json.dumps({"where": "docs/api.md:%d" % (i + 2), "cmd": body}))
        i = j
    i += 1
')
check "admin doc examples found" "$n_examples" 5
check "doc examples: the incident" "$(q "SELECT severity || ' ' || title || ' ' || (SELECT count(*) FROM incident_updates) FROM incidents")" \
	"critical GPT-4o is down 2"
check "doc examples: the window" "$(q "SELECT (cancelled_at IS NOT NULL) || ' ' || count(*) FROM maintenances")" "1 1"

OPEN='{"provider": "openai", "model": "gpt-4o", "title": "GPT-4o <errors> & \"timeouts\"",
  "severity": "major", "startedAt": "'$(iso $((NOW - 600)))'", "message": "We are looking into it.\nMore soon."}'

# ---- authentication -----------------------------------------------------------
before=$(written)
check "no token" "$(admin POST /api/v1/incidents /api/v1/incidents "$OPEN" '')" 401
check "no token: WWW-Authenticate" "$(head_value WWW-Authenticate)" 'Bearer realm="aigo"'
check "no token: code" "$(j .error.code)" unauthorized
check "wrong token" "$(admin POST /api/v1/incidents /api/v1/incidents "$OPEN" "${ADMIN}x")" 401
check "wrong token: code" "$(j .error.code)" unauthorized
check "ingest token" "$(admin POST /api/v1/incidents /api/v1/incidents "$OPEN" "$INGEST")" 403
check "ingest token: code" "$(j .error.code)" forbidden
check "ingest token: no-store" "$(head_value Cache-Control)" no-store
check "ingest token on an update" "$(admin POST /api/v1/incidents/{id}/updates /api/v1/incidents/1/updates \
	'{"state": "identified", "message": "x"}' "$INGEST")" 403
check "ingest token on a window" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "x", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-01-01T01:00:00Z", "providers": ["openai"]}' \
	"$INGEST")" 403
check "basic scheme" "$(fetch /api/v1/incidents -X POST -H "Authorization: Basic $ADMIN" \
	-H 'Content-Type: application/json' --data-binary "$OPEN")" 401
check "nothing written without an admin token" "$(written)" "$before"
# An admin token is not an ingest token.
check "admin token on ingest" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $ADMIN" \
	-H 'Content-Type: application/json' --data-binary '{"checks": []}')" 401

# ---- a manual incident: opened, updated, changed, resolved -------------------------
check "open" "$(admin POST /api/v1/incidents /api/v1/incidents "$OPEN")" 201
ID=$(j .incident.id)
check "open: id = sqlite3" "$ID" "$(q 'SELECT max(id) FROM incidents')"
check "open: Location" "$(head_value Location)" "/api/v1/incidents/$ID"
check "open: no-store" "$(head_value Cache-Control)" no-store
check "open: no CORS" "$(head_value Access-Control-Allow-Origin)" ""
check "open: answer" "$(j '[.incident.state, .incident.severity, .incident.source, .incident.title,
	.incident.provider.slug, .incident.model.slug, .incident.startedAt, .incident.resolvedAt,
	(.incident.updates | length), .incident.updates[0].state, .incident.updates[0].message] | @json')" \
	"$(jq -cn --arg t "$(iso $((NOW - 600)))" '["open","major","manual","GPT-4o <errors> & \"timeouts\"","openai","gpt-4o",$t,null,1,"investigating","We are looking into it.\nMore soon."]')"
check "open: row = sqlite3" "$(q "SELECT i.source, p.slug, m.slug, i.started_at - $NOW, i.opened_at - $NOW,
	coalesce(i.resolved_at, 'open'), i.severity, i.peak_severity, i.title FROM incidents i
	JOIN providers p ON p.id = i.provider_id JOIN models m ON m.id = i.model_id WHERE i.id = $ID")" \
	'manual|openai|gpt-4o|-600|-600|open|major|major|GPT-4o <errors> & "timeouts"'
check "open: the update's author is the token's name" \
	"$(q "SELECT author || '|' || state || '|' || (at - $NOW) FROM incident_updates WHERE incident_id = $ID")" \
	"ops|investigating|0"
check "update" "$(admin POST /api/v1/incidents/{id}/updates "/api/v1/incidents/$ID/updates" \
	'{"state": "identified", "message": "A bad deploy; rolling back."}')" 201
check "update: answer" "$(j '[.update.state, .update.message, (.incident.updates | length)] | @json')" \
	'["identified","A bad deploy; rolling back.",2]'
check "change severity and title" "$(admin PATCH /api/v1/incidents/{id} "/api/v1/incidents/$ID" \
	'{"severity": "critical", "title": "GPT-4o is down"}')" 200
check "change: answer" "$(j '[.incident.severity, .incident.peakSeverity, .incident.title, .incident.events[-1].kind] | @json')" \
	'["critical","critical","GPT-4o is down","escalated"]'
check "resolve" "$(admin POST /api/v1/incidents/{id}/updates "/api/v1/incidents/$ID/updates" \
	'{"state": "resolved", "message": "Fixed."}')" 201
check "resolve: state" "$(j '[.incident.state, .incident.resolvedAt, .incident.events[-1].kind] | @json')" \
	"[\"resolved\",\"$(iso $NOW)\",\"resolved\"]"
check "resolve: row" "$(q "SELECT resolved_at - $NOW, closed_at - $NOW FROM incidents WHERE id = $ID")" "0|0"
before=$(written)
check "update of a resolved one: not resolved" "$(admin POST /api/v1/incidents/{id}/updates "/api/v1/incidents/$ID/updates" \
	'{"state": "monitoring", "message": "Watching."}')" 409
check "409 code" "$(j .error.code)" conflict
check "severity of a resolved one" "$(admin PATCH /api/v1/incidents/{id} "/api/v1/incidents/$ID" '{"severity": "minor"}')" 409
check "update of none" "$(admin POST /api/v1/incidents/{id}/updates /api/v1/incidents/99999/updates \
	'{"state": "identified", "message": "x"}')" 404
check "404 code" "$(j .error.code)" not_found
check "nothing written by refused changes" "$(written)" "$before"
check "a follow-up of state resolved" "$(admin POST /api/v1/incidents/{id}/updates "/api/v1/incidents/$ID/updates" \
	'{"state": "resolved", "message": "Postmortem: a config push."}')" 201
check "follow-up: resolvedAt kept" "$(j .incident.resolvedAt)" "$(iso $NOW)"

# ---- an update of an automatic incident made by ingest ---------------------------------
# gpt-4o in global: outage for 300 s (open after 180 s), then nothing yet.
{
	printf '{"checks": ['
	sep=
	for t in $(seq $((NOW - 1500)) 60 $((NOW - 1200))); do
		printf '%s{"model": "gpt-4o", "checkedAt": "%s", "status": "outage", "httpStatus": 503, "errorKind": "http_5xx"}' "$sep" "$(iso "$t")"
		sep=,
	done
	printf ']}'
} >"$OUT/outage.json"
check "ingest the outage" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $INGEST" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/outage.json")" 200
AUTO=$(q "SELECT id FROM incidents WHERE source = 'auto' AND model_id = (SELECT id FROM models WHERE slug = 'gpt-4o')")
check "the automatic incident" "$(q "SELECT started_at - $NOW, coalesce(resolved_at, 'open'), severity FROM incidents WHERE id = ${AUTO:-0}")" \
	"-1500|open|critical"
check "update of the automatic incident" "$(admin POST /api/v1/incidents/{id}/updates "/api/v1/incidents/$AUTO/updates" \
	'{"state": "identified", "message": "Upstream outage at the provider."}')" 201
check "automatic: still open, source auto" "$(j '[.incident.state, .incident.source, .incident.title, .update.state] | @json')" \
	'["open","auto",null,"identified"]'
check "automatic: title and severity are the checks'" "$(admin PATCH /api/v1/incidents/{id} "/api/v1/incidents/$AUTO" \
	'{"title": "x"}')" 409
# The recovery closes it; its update stays with it.
{
	printf '{"checks": ['
	sep=
	for t in $(seq $((NOW - 1140)) 60 "$NOW"); do
		printf '%s{"model": "gpt-4o", "checkedAt": "%s", "status": "operational", "httpStatus": 200}' "$sep" "$(iso "$t")"
		sep=,
	done
	printf ']}'
} >"$OUT/recovery.json"
check "ingest the recovery" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $INGEST" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/recovery.json")" 200
check "closed, the update kept" "$(q "SELECT i.id, i.resolved_at - $NOW, u.body, u.author FROM incidents i
	JOIN incident_updates u ON u.incident_id = i.id WHERE i.id = $AUTO")" \
	"$AUTO|-1140|Upstream outage at the provider.|ops"
./cgi-bin/aigo incidents rebuild >"$OUT/rebuild.log" 2>&1
check "a rebuild keeps it and its update" "$(q "SELECT i.id, i.resolved_at - $NOW, u.body FROM incidents i
	JOIN incident_updates u ON u.incident_id = i.id WHERE i.source = 'auto'")" \
	"$AUTO|-1140|Upstream outage at the provider."

# ---- bad bodies: 4xx naming the field, nothing written ----------------------------------
before=$(written)
# bad NAME BODY STATUS CODE FIELD
bad() {
	check "$1" "$(admin POST /api/v1/incidents /api/v1/incidents "$2")" "$3"
	check "$1: code and field" "$(j '[.error.code, .error.field] | @json')" "[\"$4\",${5}]"
}
bad "not JSON" '{"provider": ' 400 invalid_json null
bad "not an object" '["openai"]' 400 invalid_json null
bad "a number for the title" '{"provider": "openai", "title": 5, "severity": "major", "message": "m"}' 400 invalid_field '"title"'
bad "a misspelt member" '{"provider": "openai", "titel": "x", "severity": "major", "message": "m"}' 400 invalid_field '"titel"'
bad "no message" '{"provider": "openai", "title": "x", "severity": "major"}' 400 invalid_field '"message"'
bad "unknown provider" '{"provider": "nope", "title": "x", "severity": "major", "message": "m"}' 400 invalid_field '"provider"'
bad "a model of another provider" '{"provider": "openai", "model": "command-a", "title": "x", "severity": "major", "message": "m"}' 400 invalid_field '"model"'
bad "bad severity" '{"provider": "openai", "title": "x", "severity": "huge", "message": "m"}' 400 invalid_field '"severity"'
bad "bad state" '{"provider": "openai", "title": "x", "severity": "major", "state": "fixed", "message": "m"}' 400 invalid_field '"state"'
bad "bad time" '{"provider": "openai", "title": "x", "severity": "major", "startedAt": "yesterday", "message": "m"}' 400 invalid_field '"startedAt"'
bad "started in the future" "{\"provider\": \"openai\", \"title\": \"x\", \"severity\": \"major\", \"startedAt\": \"$(iso $((NOW + 60)))\", \"message\": \"m\"}" 400 invalid_field '"startedAt"'
bad "a NUL in the message" '{"provider": "openai", "title": "x", "severity": "major", "message": "a\u0000b"}' 400 invalid_json '"/message"'
bad "a title of 201 bytes" "{\"provider\": \"openai\", \"title\": \"$(printf 't%.0s' $(seq 201))\", \"severity\": \"major\", \"message\": \"m\"}" 400 invalid_field '"title"'
check "text/plain" "$(api POST /api/v1/incidents /api/v1/incidents -H "Authorization: Bearer $ADMIN" \
	-H 'Content-Type: text/plain' --data-binary "$OPEN")" 415
head -c $((64 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$OUT/big.json"
check "a body over 64 KiB" "$(api POST /api/v1/incidents /api/v1/incidents -H "Authorization: Bearer $ADMIN" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/big.json")" 413
check "413 code" "$(j .error.code)" too_large
check "window: end before start" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "x", "startsAt": "2030-01-01T02:00:00Z", "endsAt": "2030-01-01T01:00:00Z", "providers": ["openai"]}')" 400
check "window: end before start: field" "$(j .error.field)" endsAt
check "window: no target" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "x", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-01-01T01:00:00Z"}')" 400
check "window: no target: field" "$(j .error.field)" providers
check "window: unknown model" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "x", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-01-01T01:00:00Z", "models": ["gpt-99"]}')" 400
check "window: unknown model: field" "$(j .error.field)" models
check "window: targets not strings" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "x", "startsAt": "2030-01-01T00:00:00Z", "endsAt": "2030-01-01T01:00:00Z", "models": [1]}')" 400
check "window: targets not strings: field" "$(j .error.field)" models
check "nothing written by bad bodies" "$(written)" "$before"

# ---- maintenance windows: added, changed, cancelled ----------------------------------------
W1='{"title": "Database upgrade", "note": "Read-only for ten minutes.",
  "startsAt": "'$(iso $((NOW + 3600)))'", "endsAt": "'$(iso $((NOW + 7200)))'",
  "providers": ["anthropic"], "models": ["gpt-4o", "command-a"]}'
check "add a window" "$(admin POST /api/v1/maintenances /api/v1/maintenances "$W1")" 201
MID=$(j .maintenance.id)
check "window: answer" "$(j '[.maintenance.state, .maintenance.title, .maintenance.note, (.maintenance.targets | length),
	.maintenance.targets[0].provider.slug, .maintenance.targets[0].model] | @json')" \
	'["upcoming","Database upgrade","Read-only for ten minutes.",3,"anthropic",null]'
check "window: rows" "$(q "SELECT title, starts_at - $NOW, ends_at - $NOW, author, (SELECT count(*) FROM maintenance_targets
	WHERE maintenance_id = $MID) FROM maintenances WHERE id = $MID")" "Database upgrade|3600|7200|ops|3"
check "active window" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "Now", "startsAt": "'$(iso $((NOW - 60)))'", "endsAt": "'$(iso $((NOW + 600)))'", "providers": ["cohere"]}')" 201
check "past window" "$(admin POST /api/v1/maintenances /api/v1/maintenances \
	'{"title": "Before", "startsAt": "'$(iso $((NOW - 7200)))'", "endsAt": "'$(iso $((NOW - 3600)))'", "models": ["command-a"]}')" 201
check "change a window" "$(admin PATCH /api/v1/maintenances/{id} "/api/v1/maintenances/$MID" \
	'{"endsAt": "'$(iso $((NOW + 9000)))'", "models": ["gpt-4o"]}')" 200
check "changed: end and targets" "$(q "SELECT ends_at - $NOW, updated_at - $NOW, (SELECT group_concat(m.slug) FROM maintenance_targets t
	JOIN models m ON m.id = t.model_id WHERE t.maintenance_id = $MID), (SELECT count(*) FROM maintenance_targets
	WHERE maintenance_id = $MID) FROM maintenances WHERE id = $MID")" "9000|0|gpt-4o|1"
# The public list, by state, against sqlite3.
for st in upcoming active past; do
	case $st in
	upcoming) cond="starts_at > $NOW" ;;
	active) cond="starts_at <= $NOW AND ends_at > $NOW" ;;
	past) cond="ends_at <= $NOW" ;;
	esac
	check "maintenances $st" "$(api GET /api/v1/maintenances "/api/v1/maintenances?state=$st")" 200
	check "maintenances $st = sqlite3" "$(j '[.maintenances[].id] | join(",")')" \
		"$(q "SELECT group_concat(id) FROM (SELECT id FROM maintenances WHERE cancelled_at IS NULL AND $cond
		      ORDER BY starts_at $([ $st = past ] && echo DESC), id $([ $st = past ] && echo DESC))")"
done
check "cancel a window" "$(admin PATCH /api/v1/maintenances/{id} "/api/v1/maintenances/$MID" '{"cancelled": true}')" 200
check "cancelled: answer" "$(j '[.maintenance.state, .maintenance.cancelledAt] | @json')" "[\"cancelled\",\"$(iso $NOW)\"]"
check "cancelled: row" "$(q "SELECT cancelled_at - $NOW FROM maintenances WHERE id = $MID")" 0
check "cancelled: not listed" "$(api GET /api/v1/maintenances /api/v1/maintenances >/dev/null; j "[.maintenances[].id | select(. == $MID)] | length")" 0
check "cancel again" "$(admin PATCH /api/v1/maintenances/{id} "/api/v1/maintenances/$MID" '{"cancelled": true}')" 409
check "change none" "$(admin PATCH /api/v1/maintenances/{id} /api/v1/maintenances/99999 '{"title": "x"}')" 404
check "maintenances: bad state" "$(api GET /api/v1/maintenances '/api/v1/maintenances?state=open')" 400
check "maintenances: bad state: field" "$(j '[.error.code, .error.field, .error.accepted] | @json')" \
	'["bad_request","state","upcoming, active, past"]'

# ---- GET /api/v1/incidents: filters and pages against sqlite3 ----------------------------
for body in '{"provider": "anthropic", "model": "claude-opus-4", "title": "Opus slow", "severity": "minor", "startedAt": "'$(iso $((NOW - 4000)))'", "message": "Slow"}' \
	'{"provider": "cohere", "title": "Cohere API errors", "severity": "major", "startedAt": "'$(iso $((NOW - 3000)))'", "state": "identified", "message": "Known"}' \
	'{"provider": "openai", "title": "Old", "severity": "minor", "startedAt": "'$(iso $((NOW - 9000)))'", "state": "resolved", "message": "Was fine"}'; do
	check "open another" "$(admin POST /api/v1/incidents /api/v1/incidents "$body")" 201
done
ORDER="ORDER BY i.started_at DESC, i.id DESC"
FROM="FROM incidents i JOIN providers p ON p.id = i.provider_id LEFT JOIN models m ON m.id = i.model_id"
# list QUERY WHERE: the ids and total of the list = sqlite3's.
list() {
	check "incidents?$1" "$(api GET /api/v1/incidents "/api/v1/incidents?$1")" 200
	check "incidents?$1 = sqlite3" "$(j '([.incidents[].id] | join(",")) + " " + (.total | tostring)')" \
		"$(q "SELECT coalesce((SELECT group_concat(id) FROM (SELECT i.id $FROM WHERE $2 $ORDER ${3:-})), '') || ' ' ||
		      (SELECT count(*) $FROM WHERE $2)")"
}
list "" "1"
list "state=open" "i.resolved_at IS NULL"
list "state=resolved" "i.resolved_at IS NOT NULL"
list "provider=openai" "p.slug = 'openai'"
list "provider=openai&state=resolved" "p.slug = 'openai' AND i.resolved_at IS NOT NULL"
list "model=gpt-4o" "m.slug = 'gpt-4o'"
list "provider=cohere&model=gpt-4o" "p.slug = 'cohere' AND m.slug = 'gpt-4o'"
list "limit=2&offset=1" "1" "LIMIT 2 OFFSET 1"
list "limit=2&offset=4" "1" "LIMIT 2 OFFSET 4"
list "offset=100" "1" "LIMIT -1 OFFSET 100"
check "incidents: cache" "$(api GET /api/v1/incidents /api/v1/incidents >/dev/null; head_value Cache-Control)" "public, max-age=15"
check "incidents: CORS" "$(head_value Access-Control-Allow-Origin)" "*"
ETAG=$(head_value ETag)
check "incidents: 304" "$(fetch /api/v1/incidents -H "If-None-Match: $ETAG")" 304
check "incidents: updates oldest first = sqlite3" \
	"$(api GET /api/v1/incidents/{id} "/api/v1/incidents/$ID" >/dev/null; j '[.incident.updates[] | .id] | join(",")')" \
	"$(q "SELECT group_concat(id) FROM (SELECT id FROM incident_updates WHERE incident_id = $ID ORDER BY at, id)")"
check "incidents: one, detail" "$(j '[.incident.id, .dataSource] | @json')" "[$ID,\"database\"]"
check "provider incident: models []" "$(api GET /api/v1/incidents '/api/v1/incidents?provider=cohere' >/dev/null;
	j '[.incidents[] | select(.model == null) | .models | length] | join(",")')" 0
check "incidents: none such" "$(api GET /api/v1/incidents/{id} /api/v1/incidents/99999)" 404
check "incidents: bad state" "$(api GET /api/v1/incidents '/api/v1/incidents?state=upcoming')" 400
check "incidents: bad state: field" "$(j '[.error.field, .error.accepted] | @json')" '["state","open, resolved"]'
check "incidents: unknown provider" "$(api GET /api/v1/incidents '/api/v1/incidents?provider=nope')" 400
check "incidents: unknown provider: field" "$(j .error.field)" provider
check "incidents: unknown model" "$(api GET /api/v1/incidents '/api/v1/incidents?model=gpt-99')" 400
check "incidents: bad limit" "$(api GET /api/v1/incidents '/api/v1/incidents?limit=0')" 400
check "incidents: DELETE" "$(fetch /api/v1/incidents/1 -X DELETE)" 405
check "incidents/{id}: Allow" "$(head_value Allow)" "GET, HEAD, PATCH"

# ---- the CLI ------------------------------------------------------------------------------
cli() { ./cgi-bin/aigo "$@" >"$OUT/cli.out" 2>"$OUT/cli.err"; }
before=$(written)
cli incident open --provider openai --title "x" --severity huge --message m
check "cli: bad severity exits 1" "$?" 1
check "cli: bad severity names the option" "$(cat "$OUT/cli.err")" \
	"aigo incident open: --severity: must be minor, major or critical"
cli incident open --provider nope --title "x" --severity major --message m
check "cli: unknown provider" "$? $(cat "$OUT/cli.err")" \
	"1 aigo incident open: --provider: names no provider of the catalog"
cli incident open --provider openai --title "x" --severity major
check "cli: missing --message" "$? $(cat "$OUT/cli.err")" "1 aigo incident open: --message is required"
cli incident open --provider openai --title "x" --severity major --message m --started yesterday
check "cli: bad time" "$? $(cat "$OUT/cli.err")" \
	"1 aigo incident open: --started: yesterday is not an ISO 8601 time such as 2026-11-28T04:00:00Z"
cli incident open --provider openai --colour red
check "cli: unknown option" "$? $(cat "$OUT/cli.err")" \
	"1 aigo incident open: --colour: not an option of this command (its options: --provider, --model, --title, --severity, --started, --state, --message)"
# Every command with options parses them the one way: --name value or
# --name=value, an unknown option or a stray argument named with the list.
while IFS='|' read -r args rc want; do
	# shellcheck disable=SC2086
	cli $args
	check "cli: $args" "$? $(head -1 "$OUT/cli.err")" "$rc $want"
done <<'EOF'
export --bogus|2|aigo export: --bogus: not an option of this command (its options: --range, --format, --out)
export extra|2|aigo export: extra: an argument this command does not take (its options: --range, --format, --out)
export --range=1y|2|aigo export: --range 1y: not one of 1h, 24h, 7d, 30d
export --range 7d --format|2|aigo export: --format: a value is missing
export --out=|2|aigo export: --out: an empty file name
demo --days 0|2|aigo demo: --days 0: not a whole number from 1 to 90
demo --remove --days=3|2|aigo demo: --remove: alone
demo --remove=yes|2|aigo demo: --remove: takes no value
snapshot x|2|aigo snapshot: x: an argument this command does not take (its options: --out)
EOF
cli export --range=7d --format=json
check "cli: export --range=7d --format=json" "$? $(jq -r 'type' "$OUT/cli.out")" "0 array"
cli incident update "$ID" --state monitoring --message "again"
check "cli: update of a resolved one" "$?" 1
cli incident update abc --state monitoring --message "again"
check "cli: bad ID" "$? $(cat "$OUT/cli.err")" "1 aigo incident update: ID: abc is not an incident or window number"
cli maintenance add --title x --starts 2030-01-01T02:00:00Z --ends 2030-01-01T01:00:00Z --provider openai
check "cli: window end before start" "$? $(cat "$OUT/cli.err")" "1 aigo maintenance add: --ends: must be after the start"
cli maintenance add --title x --starts 2030-01-01T00:00:00Z --ends 2030-01-01T01:00:00Z
check "cli: window without targets" "$? $(cat "$OUT/cli.err")" "1 aigo maintenance add: --provider or --model is required"
check "cli: nothing written by its errors" "$(written)" "$before"
cli incident open --provider mistral --title "Mistral: slow answers" --severity minor --message "Looking" \
	--started "$(iso $((NOW - 300)))"
check "cli: open" "$? $(cat "$OUT/cli.out")" "0 incident $(q 'SELECT max(id) FROM incidents') opened"
CID=$(q 'SELECT max(id) FROM incidents')
check "cli: author cli" "$(q "SELECT author FROM incident_updates WHERE incident_id = $CID")" cli
cli incident update "$CID" --state monitoring --message "Better"
check "cli: update" "$?" 0
cli incident resolve "$CID" --message "Fixed"
check "cli: resolve" "$? $(q "SELECT resolved_at - $NOW FROM incidents WHERE id = $CID")" "0 0"
cli incident show "$CID"
check "cli: show" "$? $(grep -c '^  update ' "$OUT/cli.out") $(grep -c 'Mistral: slow answers' "$OUT/cli.out")" "0 3 1"
cli maintenance add --title "Planned" --starts 2030-01-01T00:00:00Z --ends 2030-01-01T01:00:00Z --provider mistral --model gpt-4o --note "n"
check "cli: window added" "$?" 0
CMID=$(q 'SELECT max(id) FROM maintenances')
cli maintenance update "$CMID" --title "Planned, later" --starts 2030-01-02T00:00:00Z --ends 2030-01-02T01:00:00Z
check "cli: window changed" "$? $(q "SELECT title || ' ' || starts_at FROM maintenances WHERE id = $CMID")" \
	"0 Planned, later $(date -u -d 2030-01-02T00:00:00Z +%s)"
cli maintenance list
check "cli: list" "$? $(grep -c "^$CMID " "$OUT/cli.out")" "0 1"
cli maintenance cancel "$CMID"
check "cli: cancel" "$? $(q "SELECT cancelled_at - $NOW FROM maintenances WHERE id = $CMID")" "0 0"
cli maintenance cancel "$CMID"
check "cli: cancel again" "$? $(cat "$OUT/cli.err")" "1 aigo maintenance cancel: maintenance window $CMID is cancelled"

# ---- the admin API off ------------------------------------------------------------------------
off=$(AIGO_ADMIN_TOKENS=$OUT/none REQUEST_METHOD=POST DOCUMENT_URI=/api/v1/incidents CONTENT_TYPE=application/json \
	CONTENT_LENGTH=2 HTTP_AUTHORIZATION="Bearer $ADMIN" ./cgi-bin/aigo <<<'{}' 2>/dev/null | tr -d '\r')
check "no admin token file: 503" "$(echo "$off" | head -n 1)" "Status: 503 Service Unavailable"
check "no admin token file: admin_disabled" "$(echo "$off" | tail -n 1 | jq -r .error.code)" admin_disabled

# ---- from the snapshot: the incidents and windows it holds (version 2) --------------------------
./cgi-bin/aigo snapshot >"$OUT/snapshot.log" 2>&1
check "snapshot written" "$?" 0
db_cgi() { REQUEST_METHOD=GET DOCUMENT_URI=$1 ./cgi-bin/aigo 2>/dev/null | tr -d '\r'; }
cgi() { AIGO_DB=$OUT/gone.db REQUEST_METHOD=GET DOCUMENT_URI=$1 ./cgi-bin/aigo 2>/dev/null | tr -d '\r'; }
for p in /api/v1/incidents /api/v1/maintenances; do
	want=$(db_cgi $p | tail -n 1 | jq -cS 'del(.dataSource, .snapshotAt)')
	out=$(cgi $p)
	check "fallback $p: 200 from the snapshot" "$(echo "$out" | head -n 1) $(echo "$out" | grep '^X-Data-Source:')" \
		"Status: 200 OK X-Data-Source: fallback"
	check "fallback $p: what the database said at its time" \
		"$(echo "$out" | tail -n 1 | jq -cS 'del(.dataSource, .snapshotAt)')" "$want"
	check "... not empty" "$(echo "$want" | jq '.total > 0')" true
done
check "fallback: the rest answers" "$(cgi /api/v1/providers | head -n 1)" "Status: 200 OK"

# ---- no token in any log ---------------------------------------------------------------------
check "no admin token in the logs" "$(grep -rlF -- "$ADMIN" "$OUT/run" "$OUT"/*.log 2>/dev/null | wc -l)" 0
check "no ingest token in the logs" "$(grep -rlF -- "$INGEST" "$OUT/run" "$OUT"/*.log 2>/dev/null | wc -l)" 0
check "no token in the database" "$(sqlite3 "$AIGO_DB" .dump | grep -cF -e "$ADMIN" -e "$INGEST")" 0

# ---- the OpenAPI description -------------------------------------------------------------------
./cgi-bin/aigo routes >"$OUT/routes"
if /usr/bin/python3 tests/e2e/openapi_check.py static/openapi.json "$OUT/routes" "$OUT/manifest" >"$OUT/openapi.log" 2>&1; then
	pass
else
	fail "openapi check (tests/out/incidents_admin/openapi.log):"
	grep -v '^ok' "$OUT/openapi.log" | head -20
fi
tail -n 1 "$OUT/openapi.log"
summary incidents_admin
