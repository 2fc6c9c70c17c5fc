#!/usr/bin/env bash
# ingest.sh: POST /api/v1/checks and `aigo import` end to end through nginx: auth, limits, all-or-nothing, replay, busy, concurrency, durability after SIGKILL.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/ingest
rm -rf "$OUT"
mkdir -p "$OUT/batches"
NOW=1795839634
W=1800
TOKEN=e2e-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/tokens
printf '# test tokens\nprobe-e2e %s\n' "$TOKEN" >"$OUT/tokens"
chmod 600 "$OUT/tokens"

READERS=()
WRITERS=()
cleanup() {
	stop_pids "${READERS[@]}" "${WRITERS[@]}"
	stack_stop
}
trap cleanup EXIT
demo_stack --days 2

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# post FILE [curl args]: POSTs FILE as the body with the right token and type.
# CT overrides the Content-Type.
post() {
	local file=$1
	shift
	fetch /api/v1/checks -X POST -H "Authorization: Bearer $TOKEN" \
		-H "Content-Type: ${CT:-application/json}" --data-binary "@$file" "$@"
}
n_ingest() { q "SELECT count(*) FROM checks WHERE source = 'ingest'"; }

T1=$(iso $((NOW - 120)))
T2=$(iso $((NOW - 60)))
cat >"$OUT/good.json" <<EOF
{"checks": [
 {"model": "gpt-4o", "checkedAt": "$T1", "status": "operational", "latencyMs": 640, "httpStatus": 200},
 {"model": "gpt-4o", "checkedAt": "$T2", "status": "degraded", "latencyMs": 7100, "httpStatus": 200},
 {"model": "azure-gpt-4o", "region": "japaneast", "checkedAt": "$T2", "status": "outage", "httpStatus": 503, "error": "503 Service Unavailable"}
]}
EOF

# ---- authentication ---------------------------------------------------------
check "no token" "$(fetch /api/v1/checks -X POST -H 'Content-Type: application/json' --data-binary "@$OUT/good.json")" 401
check "no token: header" "$(head_value WWW-Authenticate)" 'Bearer realm="aigo"'
check "no token: code" "$(jq -r .error.code "$OUT/body")" unauthorized
check "wrong token" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer ${TOKEN}x" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/good.json")" 401
check "token cut short" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer ${TOKEN%?}" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/good.json")" 401
check "basic scheme" "$(fetch /api/v1/checks -X POST -H "Authorization: Basic $TOKEN" \
	-H 'Content-Type: application/json' --data-binary "@$OUT/good.json")" 401
check "token in the query is ignored" "$(fetch "/api/v1/checks?token=$TOKEN&access_token=$TOKEN" -X POST \
	-H 'Content-Type: application/json' --data-binary "@$OUT/good.json")" 401
check "nothing written without auth" "$(n_ingest)" 0
check "GET is not ingest" "$(fetch /api/v1/checks)" 405
check "GET allow" "$(head_value Allow)" POST

# ---- media type and size ----------------------------------------------------
check "text/plain" "$(CT=text/plain post "$OUT/good.json")" 415
check "no type" "$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $TOKEN" \
	-H 'Content-Type:' --data-binary "@$OUT/good.json")" 415
check "415 code" "$(jq -r .error.code "$OUT/body")" unsupported_media_type
# One byte over 1 MiB: nginx answers 413 with the API's JSON error.
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$OUT/big.json"
check "1 MiB + 1 byte" "$(post "$OUT/big.json")" 413
check "413 is JSON" "$(jq -r .error.code "$OUT/body")" too_large
# Exactly 1 MiB (a valid batch padded with spaces) is read and accepted.
{ cat "$OUT/good.json"; head -c $((1024 * 1024 - $(stat -c %s "$OUT/good.json"))) /dev/zero | tr '\0' ' '; } >"$OUT/max.json"
check "exactly 1 MiB" "$(stat -c %s "$OUT/max.json")" 1048576
check "1 MiB batch accepted" "$(post "$OUT/max.json")" 200
check "1 MiB batch: 3 new" "$(jq -c '[.accepted, .new, .duplicates]' "$OUT/body")" "[3,3,0]"
check "1 MiB batch in sqlite3" "$(n_ingest)" 3

# ---- replay: duplicates, not new rows --------------------------------------
check "replay" "$(post "$OUT/good.json")" 200
check "replay counts" "$(jq -c '[.accepted, .new, .duplicates]' "$OUT/body")" "[3,0,3]"
check "replay wrote nothing" "$(n_ingest)" 3
check "stored as sent" "$(q "SELECT status, latency_ms, http_status, coalesce(error, '-') FROM checks
	WHERE source = 'ingest' AND region = 'japaneast'")" "outage||503|503 Service Unavailable"
check "no cache" "$(head_value Cache-Control)" no-store

# ---- all or nothing ---------------------------------------------------------
T3=$(iso $((NOW - 30)))
cat >"$OUT/one-bad.json" <<EOF
{"checks": [
 {"model": "claude-sonnet-4", "checkedAt": "$T3", "status": "outage"},
 {"model": "gemini-2-5-pro", "checkedAt": "$T3", "status": "outage"},
 {"model": "mistral-large", "checkedAt": "$T3", "status": "down"},
 {"model": "gpt-4o-mini", "checkedAt": "$(iso $((NOW + 3600)))", "status": "outage", "latencyMs": -5}
]}
EOF
before=$(q "SELECT count(*) FROM checks")
check "one bad item" "$(post "$OUT/one-bad.json")" 400
check "bad items listed" "$(jq -c '[.error.code, [.error.items[] | [.index, .field]]]' "$OUT/body")" \
	'["invalid_checks",[[1,"region"],[2,"status"],[3,"checkedAt"],[3,"latencyMs"]]]'
check "bad batch wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
printf '{"checks": [{"model": "no-such-model", "checkedAt": "%s", "status": "outage"},
 {"model": "gpt-4o", "region": "mars-1", "checkedAt": "%s", "status": "outage"},
 {"model": "gpt-4o", "checkedAt": "%s", "status": "outage"}]}' "$T3" "$T3" "$T3" >"$OUT/unknown.json"
check "unknown model" "$(post "$OUT/unknown.json")" 422
check "unknown listed" "$(jq -c '[.error.code, [.error.items[] | [.index, .field]]]' "$OUT/body")" \
	'["unknown_model",[[0,"model"],[1,"region"]]]'
check "unknown batch wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
# Issue 14: every problem of every item in one answer, in item order (a bad
# status and an unknown model: not one round each), and a region error that
# says what was assumed and lists the model's regions.
printf '{"checks": [{"model": "gpt-4o", "checkedAt": "%s", "status": "fine"},
 {"model": "no-such-model", "checkedAt": "%s", "status": "outage"},
 {"model": "azure-gpt-4o", "checkedAt": "%s", "status": "outage"},
 {"model": "azure-gpt-4o", "region": "mars-1", "checkedAt": "%s", "status": "up"}]}' "$T3" "$T3" "$T3" "$T3" >"$OUT/mixed.json"
check "invalid and unknown together" "$(post "$OUT/mixed.json")" 400
check "... all listed in one answer" "$(jq -c '[.error.code, [.error.items[] | [.index, .field]]]' "$OUT/body")" \
	'["invalid_checks",[[0,"status"],[1,"model"],[2,"region"],[3,"status"],[3,"region"]]]'
check "... counted by item" "$(jq -r .error.message "$OUT/body")" "4 checks are invalid; nothing was written."
AZURE_REGIONS=$(q "SELECT group_concat(region, ', ') FROM (SELECT region FROM endpoints e JOIN models m ON m.id = e.model_id WHERE m.slug = 'azure-gpt-4o' ORDER BY region)")
check "... global was assumed" "$(jq -r '.error.items[2].reason' "$OUT/body")" \
	"no region was given, so \"global\" was assumed, and the model has no endpoint there; its regions: $AZURE_REGIONS"
check "... a named region" "$(jq -r '.error.items[4].reason' "$OUT/body")" \
	"the model has no endpoint in region \"mars-1\"; its regions: $AZURE_REGIONS"
check "mixed batch wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
printf 'nope' >"$OUT/not.json"
check "not JSON" "$(post "$OUT/not.json")" 400
check "not JSON code" "$(jq -r .error.code "$OUT/body")" invalid_json

# ---- hostile bodies (issue 12): nothing half-read, nothing silently lost ----
A='{"model": "claude-sonnet-4", "checkedAt": "'$T3'", "status": "outage"}'
B='{"model": "gemini-2-5-pro", "checkedAt": "'$T3'", "status": "outage"}'
before=$(q "SELECT count(*) FROM checks")
printf '{"checks": [%s]}{"checks": [%s]}' "$A" "$B" >"$OUT/two.json"
printf '{"checks": [%s]}xyz' "$A" >"$OUT/text-after.json"
printf '{"checks": [%s]}\0garbage' "$A" >"$OUT/nul-after.json"
for f in two text-after nul-after; do
	check "$f: refused" "$(post "$OUT/$f.json")" 400
	check "$f: says why" "$(jq -r '.error.code + " " + .error.message' "$OUT/body" | cut -c1-43)" \
		"invalid_json more data after the JSON value"
done
printf '{"checks": [{"model": "gpt-4o", "checkedAt": "%s", "status": "outage", "error": "abc\\u0000<script>"}]}' \
	"$T3" >"$OUT/nul-error.json"
printf '{"checks": [{"model": "gpt-4o", "checkedAt": "%s", "status": "operational\\u0000zz"}]}' "$T3" >"$OUT/nul-status.json"
printf '{"checks": [{"model": "gpt-4o", "checkedAt": "%s", "status": "outage", "error\\u0000x": "a"}]}' \
	"$T3" >"$OUT/nul-member.json"
check "NUL in error" "$(post "$OUT/nul-error.json")" 400
check "... names the field" "$(jq -r .error.field "$OUT/body")" /checks/0/error
check "NUL in status" "$(post "$OUT/nul-status.json")" 400
check "... names the field" "$(jq -r .error.field "$OUT/body")" /checks/0/status
check "NUL in a member name" "$(post "$OUT/nul-member.json")" 400
check "... names the member" "$(jq -r .error.field "$OUT/body")" '/checks/0/error\u0000x'
check "hostile bodies wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
# 700 KB of unknown members: a few KB of answer, every problem counted.
jq -nc '{checks: [{model: "gpt-4o"} + ([range(0; 60000)] | map({key: "m\(.)", value: 1}) | from_entries)]}' >"$OUT/members.json"
check "many problems" "$(post "$OUT/members.json")" 400
check "... listed up to 100, the rest counted" \
	"$(jq -c '[(.error.items | length), .error.itemsOmitted, .error.message]' "$OUT/body")" \
	'[100,59902,"1 check is invalid; nothing was written."]'
check "... in a few KB" "$(($(stat -c %s "$OUT/body") < 16384))" 1
# With a byte order mark the body is read as without.
printf '\xEF\xBB\xBF{"checks": [%s]}\n' "$A" >"$OUT/bom.json"
check "BOM accepted" "$(post "$OUT/bom.json")" 200
check "... and written" "$(q "SELECT count(*) FROM checks")" "$((before + 1))"

# ---- after ingest the page, the JSON and sqlite3 agree ----------------------
# Every region of three models that are operational now reports an outage.
STATUS_SQL=$(status_sql)
q "$STATUS_SQL SELECT m.slug, e.region FROM per_model p JOIN models m ON m.id = p.id
   JOIN endpoints e ON e.model_id = m.id
   WHERE p.st = 'operational' AND m.id IN (SELECT id FROM per_model WHERE st = 'operational' ORDER BY id LIMIT 3)" >"$OUT/flip"
jq -R -s --arg t "$(iso $((NOW - 5)))" '{checks: [split("\n")[] | select(. != "") | split("|") |
	{model: .[0], region: .[1], checkedAt: $t, status: "outage", error: "e2e outage"}]}' "$OUT/flip" >"$OUT/flip.json"
WANT_OUTAGE_BEFORE=$(q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = 'outage'")
# Both workers answer (and keep) the numbers of this second first: the
# write must make them read again, though the clock stands still.
for _ in 1 2 3 4 5 6; do
	fetch /api/v1/realtime-stats >/dev/null
	check "JSON before the flip = sqlite3" "$(jq .outageModels "$OUT/body")" "$WANT_OUTAGE_BEFORE"
	fetch /en/monitoring >/dev/null
done
check "flip" "$(post "$OUT/flip.json")" 200
for s in operational degraded outage unknown; do
	printf -v "WANT_$s" '%s' "$(q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = '$s'")"
done
check "sqlite3 sees 3 more outages" "$WANT_outage" $((WANT_OUTAGE_BEFORE + 3))
for _ in 1 2 3 4; do
	fetch /api/v1/realtime-stats >/dev/null
	check "JSON after ingest = sqlite3 (each worker)" "$(jq .outageModels "$OUT/body")" "$WANT_outage"
done
check "JSON after ingest = sqlite3" "$(jq -r '[.operationalModels, .degradedModels, .outageModels, .unknownModels] | join(" ")' "$OUT/body")" \
	"$WANT_operational $WANT_degraded $WANT_outage $WANT_unknown"
fetch /en/monitoring >/dev/null
check "page after ingest = sqlite3" "$(card operational) $(card degraded) $(card outage) $(card unknown)" \
	"$WANT_operational $WANT_degraded $WANT_outage $WANT_unknown"

# ---- a busy database: 503 with Retry-After, nothing written, then accepted --
(
	echo "BEGIN IMMEDIATE; INSERT INTO aigo_meta(key, value) VALUES ('e2e-lock', 'x');"
	sleep 7
	echo "ROLLBACK;"
) | sqlite3 "$AIGO_DB" &
LOCKER=$!
sleep 0.5
T4=$(iso $((NOW - 15)))
printf '{"checks": [{"model": "gpt-4o", "checkedAt": "%s", "status": "operational"}]}' "$T4" >"$OUT/late.json"
before=$(q "SELECT count(*) FROM checks")
check "locked: busy" "$(post "$OUT/late.json")" 503
check "busy code" "$(jq -r .error.code "$OUT/body")" busy
check "busy retry-after" "$(head_value Retry-After)" 1
check "readers answer during the lock" "$(fetch /api/v1/realtime-stats)" 200
check "from the database" "$(head_value X-Data-Source)" database
wait "$LOCKER"
check "busy wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
check "after the lock" "$(post "$OUT/late.json")" 200
check "after the lock: new" "$(jq .new "$OUT/body")" 1

# ---- concurrency: writers and readers for a bounded time --------------------
# Writer w posts batches of 100 checks of its own model, 3+ days back, so
# every check is new; each acknowledged batch is logged with its counts.
WRITER_MODELS=(claude-opus-4 grok-3 deepseek-chat llama-4-maverick)
SECS=10
for w in 0 1 2 3; do
	m=${WRITER_MODELS[$w]}
	check "writer model $m exists" "$(q "SELECT count(*) FROM endpoints e JOIN models m ON m.id = e.model_id
		WHERE m.slug = '$m' AND e.region = 'global'")" 1
	awk -v m="$m" -v now=$NOW -v w="$w" -v dir="$OUT/batches" 'BEGIN {
		for (b = 0; b < 400; b++) {
			f = sprintf("%s/w%d-%03d.json", dir, w, b); printf "{\"checks\": [" > f
			for (i = 0; i < 100; i++) {
				t = now - 3 * 86400 - (b * 100 + i) * 7
				printf "%s{\"model\": \"%s\", \"checkedAt\": \"%s\", \"status\": \"%s\", \"latencyMs\": %d}",
					(i ? "," : ""), m, strftime("%Y-%m-%dT%H:%M:%SZ", t, 1),
					(i % 17 ? "operational" : "outage"), 200 + i > f
			}
			print "]}" > f; close(f)
		}
	}'
done
writer() {
	local w=$1 end=$(($(date +%s) + SECS)) f code
	for f in "$OUT"/batches/w"$w"-*.json; do
		[ "$(date +%s)" -ge "$end" ] && break
		code=$(curl -s -o "$OUT/w$w.body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
			-H 'Content-Type: application/json' --data-binary "@$f" "$BASE/api/v1/checks")
		echo "$code $(jq -r '"\(.new) \(.duplicates)"' "$OUT/w$w.body" 2>/dev/null)" >>"$OUT/writer-$w.log"
	done
}
reader() {
	local r=$1 end=$(($(date +%s) + SECS))
	while [ "$(date +%s)" -lt "$end" ]; do
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/en/monitoring" >>"$OUT/reader-$r.log"
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/v1/realtime-stats" >>"$OUT/reader-$r.log"
		curl -s -o /dev/null -w '%{http_code}\n' "$BASE/api/v1/models?limit=500" >>"$OUT/reader-$r.log"
	done
}
before_ingest=$(n_ingest)
for r in 0 1 2 3; do
	reader "$r" &
	READERS+=($!)
done
for w in 0 1 2 3; do
	writer "$w" &
	WRITERS+=($!)
done
wait "${WRITERS[@]}" "${READERS[@]}"
READERS=()
WRITERS=()
acked=0
batches=0
for w in 0 1 2 3; do
	m=${WRITER_MODELS[$w]}
	check "writer $w: only 200 or busy" "$(awk '$1 != 200 && $1 != 503' "$OUT/writer-$w.log" | wc -l)" 0
	n=$(awk '$1 == 200 { s += $2 } END { print s + 0 }' "$OUT/writer-$w.log")
	acked=$((acked + n))
	batches=$((batches + $(wc -l <"$OUT/writer-$w.log")))
	check "writer $w: every acknowledged check is stored, nothing else" \
		"$(q "SELECT count(*) FROM checks c JOIN models m ON m.id = c.model_id
		      WHERE m.slug = '$m' AND c.source = 'ingest' AND c.checked_at <= $NOW - 3 * 86400")" "$n"
done
reads=$(cat "$OUT"/reader-*.log | wc -l)
check "readers: no error" "$(grep -vc '^200$' "$OUT"/reader-*.log | awk -F: '{ s += $2 } END { print s }')" 0
check "ingest total = acknowledged" "$(n_ingest)" $((before_ingest + acked))
echo "concurrency: 4 writers posted $batches batches ($acked checks acknowledged, $(cat "$OUT"/writer-*.log | awk '$1 == 503' | wc -l) busy)" \
	"while 4 readers made $reads requests in ${SECS} s, all 200"

# ---- durability: SIGKILL right after the 2xx -------------------------------
T5=$(iso $((NOW - 2)))
jq -n --arg t "$T5" '{checks: [{model: "gpt-4o", checkedAt: $t, status: "operational", latencyMs: 321, httpStatus: 200},
	{model: "azure-gpt-4o", region: "eastus", checkedAt: $t, status: "degraded", latencyMs: 6001}]}' >"$OUT/last.json"
code=$(post "$OUT/last.json")
# Every aigo process at once: the supervisor is stopped first so that it
# cannot start a replacement worker in between.
kill -STOP "$STACK_AIGO_PID"
pkill -KILL -P "$STACK_AIGO_PID"
kill -KILL "$STACK_AIGO_PID"
wait "$STACK_AIGO_PID" 2>/dev/null
check "acknowledged before the kill" "$code" 200
check "present after SIGKILL" "$(q "SELECT count(*) FROM checks WHERE checked_at = $(date -u -d "$T5" +%s) AND source = 'ingest'")" 2
stack_stop
stack_start "$OUT/run2" "$PORT" 2 || exit 1
fetch "/api/v1/models/gpt-4o" >/dev/null
check "served after restart" "$(jq -r --arg t "$T5" '.checks[] | select(.checkedAt == $t) | .latencyMs' "$OUT/body")" 321

# ---- aigo import ------------------------------------------------------------
{
	echo "model,region,checkedAt,status,latencyMs,httpStatus,error"
	# One awk for the 2,500 lines (iso's date per line was 2,500 processes).
	awk -v now="$NOW" 'BEGIN { for (i = 1; i <= 2500; i++)
		printf "mistral-large,global,%s,operational,%d,200,\n",
			strftime("%Y-%m-%dT%H:%M:%SZ", now - 10 * 86400 - i * 60, 1), 100 + i % 50 }'
	echo "mistral-large,global,$(iso $((NOW - 20 * 86400))),outage,,503,\"503, \"\"overloaded\"\"\""
} >"$OUT/import.csv"
out=$(./cgi-bin/aigo import "$OUT/import.csv" 2>&1)
check "import CSV" "$(echo "$out" | sed 's/ in [0-9.]* s$//')" "imported 2501 checks: 2501 new, 0 duplicates"
check "import CSV stored" "$(q "SELECT count(*) FROM checks WHERE source = 'import'")" 2501
check "import CSV quoted error" "$(q "SELECT error FROM checks WHERE source = 'import' AND status = 'outage'")" '503, "overloaded"'
out=$(./cgi-bin/aigo import "$OUT/import.csv" 2>&1)
check "import again: duplicates" "$(echo "$out" | sed 's/ in [0-9.]* s$//')" "imported 2501 checks: 0 new, 2501 duplicates"
{ head -n 100 "$OUT/import.csv"; echo "mistral-large,global,$(iso $((NOW - 30 * 86400))),fine,,,"; } >"$OUT/bad.csv"
out=$(./cgi-bin/aigo import "$OUT/bad.csv" 2>&1)
check "import bad CSV fails" "$?" 1
check "import names the line" "$(echo "$out" | grep -c "bad.csv:101: status:")" 1
check "import bad CSV wrote nothing" "$(q "SELECT count(*) FROM checks WHERE source = 'import'")" 2501
jq -n --arg t "$(iso $((NOW - 40 * 86400)))" '{checks: [{model: "mistral-large", checkedAt: $t, status: "degraded"}]}' |
	./cgi-bin/aigo import - >"$OUT/import-json.log" 2>&1
check "import JSON from stdin" "$(sed 's/ in [0-9.]* s$//' "$OUT/import-json.log")" "imported 1 check: 1 new, 0 duplicates"
# Issue 12: after a closing quote only a comma or the line end; a NUL byte,
# a second JSON value refused; a byte order mark skipped in both formats.
before=$(q "SELECT count(*) FROM checks")
T6=$(iso $((NOW - 50 * 86400)))
T7=$(iso $((NOW - 50 * 86400 + 60)))
printf 'model,checkedAt,status,error\ngpt-4o,%s,outage,"abc"Xgpt-4o,%s,outage,def\n' "$T6" "$T7" >"$OUT/quote.csv"
out=$(./cgi-bin/aigo import "$OUT/quote.csv" 2>&1)
check "text after a quote refused" "$?" 1
check "... with file:line" "$(echo "$out" | grep -c "quote.csv:2: after a closing quote")" 1
printf 'model,checkedAt,status,error\ngpt-4o,%s,outage,ab\0c\n' "$T6" >"$OUT/nul.csv"
out=$(./cgi-bin/aigo import "$OUT/nul.csv" 2>&1)
check "NUL cell refused" "$(echo "$out" | grep -c "nul.csv:2: a cell holds a NUL byte")" 1
cp "$OUT/two.json" "$OUT/two-import.json"
out=$(./cgi-bin/aigo import "$OUT/two-import.json" 2>&1)
check "second JSON value refused" "$(echo "$out" | grep -c "more data after the JSON value")" 1
check "refused imports wrote nothing" "$(q "SELECT count(*) FROM checks")" "$before"
printf '\xEF\xBB\xBFmodel,checkedAt,status\r\ngpt-4o,%s,outage\r\n' "$T6" >"$OUT/excel.csv"
check "CSV with a BOM" "$(./cgi-bin/aigo import "$OUT/excel.csv" 2>&1 | sed 's/ in [0-9.]* s$//')" \
	"imported 1 check: 1 new, 0 duplicates"
jq -nc --arg t "$T7" '{checks: [{model: "gpt-4o", checkedAt: $t, status: "outage"}]}' |
	sed '1s/^/\xEF\xBB\xBF/' >"$OUT/bom-import.json"
check "JSON with a BOM" "$(./cgi-bin/aigo import "$OUT/bom-import.json" 2>&1 | sed 's/ in [0-9.]* s$//')" \
	"imported 1 check: 1 new, 0 duplicates"
# Issue 14: a file that cannot be read says why; a number out of range
# names the range in CSV as in JSON.
out=$(./cgi-bin/aigo import "$OUT/no-such.csv" 2>&1)
check "missing file refused" "$?" 1
check "... with the reason" "$out" "aigo import: $OUT/no-such.csv: cannot read: No such file or directory"
printf 'model,checkedAt,status\ngpt-4o,%s,fine\nno-such-model,%s,outage\n' "$T6" "$T6" >"$OUT/both.csv"
out=$(./cgi-bin/aigo import "$OUT/both.csv" 2>&1)
check "import: a bad status and an unknown model in one report" \
	"$(echo "$out" | grep -c "both.csv:2: status:\|both.csv:3: model: no such model")" 2
printf 'model,checkedAt,status,latencyMs\ngpt-4o,%s,operational,99999999999\n' "$T6" >"$OUT/big.csv"
check "CSV latency out of range" "$(./cgi-bin/aigo import "$OUT/big.csv" 2>&1 | head -n 1)" \
	"$OUT/big.csv:2: latencyMs: must be 0 to 600000"
# ---- the probe's fields (issue 17) -----------------------------------------
# A stream probe's checks with every field, and checks that leave them out:
# stored as sent, NULL where not measured, the latest kinds in
# current_status.
P0=$((NOW - 40 * 86400))
jq -n --arg a "$(iso $P0)" --arg b "$(iso $((P0 + 60)))" --arg c "$(iso $((P0 + 120)))" '{checks: [
 {model: "gpt-4o-mini", checkedAt: $a, status: "operational", latencyMs: 900, probeKind: "stream",
  ttftMs: 310, timings: {dnsMs: 4, connectMs: 0, tlsMs: 23, firstByteMs: 290}},
 {model: "gpt-4o-mini", checkedAt: $b, status: "degraded", latencyMs: 9000, httpStatus: 529,
  probeKind: "stream", errorKind: "overloaded", ttftMs: null, timings: {tlsMs: 30}},
 {model: "gpt-4o-mini", checkedAt: $c, status: "outage", probeKind: "reachability", errorKind: "timeout",
  timings: null}]}' >"$OUT/probe.json"
check "probe fields accepted" "$(post "$OUT/probe.json")" 200
check "... 3 new" "$(jq .new "$OUT/body")" 3
check "... stored as sent" "$(q "SELECT group_concat(coalesce(probe_kind, '-') || ' ' || coalesce(error_kind, '-') || ' ' ||
	coalesce(ttft_ms, '-') || ' ' || coalesce(dns_ms, '-') || ' ' || coalesce(connect_ms, '-') || ' ' ||
	coalesce(tls_ms, '-') || ' ' || coalesce(first_byte_ms, '-'), ', ') FROM (SELECT * FROM checks
	WHERE checked_at BETWEEN $P0 AND $((P0 + 120)) AND source = 'ingest' ORDER BY checked_at)")" \
	"stream - 310 4 0 23 290, stream overloaded - - - 30 -, reachability timeout - - - - -"
check "... without them: NULL" "$(q "SELECT count(*) FROM checks WHERE source = 'ingest' AND checked_at < $P0
	AND coalesce(probe_kind, error_kind, ttft_ms, dns_ms, connect_ms, tls_ms, first_byte_ms) IS NOT NULL")" 0
# Each bad value is a problem of its item, with its field; nothing written.
jq -n --arg a "$(iso $((P0 + 180)))" --arg b "$(iso $((P0 + 181)))" '{checks: [
 {model: "gpt-4o-mini", checkedAt: $a, status: "outage", probeKind: "ping"},
 {model: "gpt-4o-mini", checkedAt: $b, region: "global", status: "outage", errorKind: "slow"},
 {model: "o3", checkedAt: $a, status: "operational", errorKind: "timeout"},
 {model: "o3-mini", checkedAt: $a, status: "operational", probeKind: "stream", ttftMs: -1},
 {model: "gpt-4-1", checkedAt: $a, status: "operational", probeKind: "stream", ttftMs: 600001},
 {model: "gpt-4-1-mini", checkedAt: $a, status: "operational", probeKind: "inference", ttftMs: 80},
 {model: "gpt-4-1-nano", checkedAt: $a, status: "operational", timings: {dnsMs: 1.5, tlsMs: -2, rttMs: 3}},
 {model: "gpt-4o", checkedAt: $a, status: "operational", timings: [1]}]}' >"$OUT/probe-bad.json"
before=$(q "SELECT count(*) FROM checks")
check "bad probe fields" "$(post "$OUT/probe-bad.json")" 400
check "... each listed with its field" "$(jq -c '[.error.items[] | [.index, .field]]' "$OUT/body")" \
	'[[0,"probeKind"],[1,"errorKind"],[2,"errorKind"],[3,"ttftMs"],[4,"ttftMs"],[5,"ttftMs"],[6,"timings.rttMs"],[6,"timings.dnsMs"],[6,"timings.tlsMs"],[7,"timings"]]'
check "... why" "$(jq -r '.error.items[] | select(.index == 6 and .field == "timings.tlsMs") | .reason' "$OUT/body")" \
	"must be 0 to 600000"
check "... nothing written" "$(q "SELECT count(*) FROM checks")" "$before"
# The same through aigo import: CSV columns, and a bad one named by its line.
printf 'model,checkedAt,status,probeKind,errorKind,ttftMs,dnsMs,connectMs,tlsMs,firstByteMs\n' >"$OUT/probe.csv"
printf 'o3,%s,operational,stream,,222,1,2,3,200\no3,%s,outage,inference,http_5xx,,,,,\n' \
	"$(iso $((P0 + 240)))" "$(iso $((P0 + 300)))" >>"$OUT/probe.csv"
check "import probe columns" "$(./cgi-bin/aigo import "$OUT/probe.csv" 2>&1 | sed 's/ in [0-9.]* s$//')" \
	"imported 2 checks: 2 new, 0 duplicates"
check "... stored" "$(q "SELECT group_concat(probe_kind || ' ' || coalesce(error_kind, '-') || ' ' || coalesce(ttft_ms, '-') ||
	' ' || coalesce(first_byte_ms, '-'), ', ') FROM (SELECT * FROM checks WHERE source = 'import'
	AND checked_at BETWEEN $((P0 + 240)) AND $((P0 + 300)) ORDER BY checked_at)")" \
	"stream - 222 200, inference http_5xx - -"
{ cat "$OUT/probe.csv"; printf 'o3,%s,outage,stream,oops,,,,,\n' "$(iso $((P0 + 360)))"; } >"$OUT/probe-bad.csv"
out=$(./cgi-bin/aigo import "$OUT/probe-bad.csv" 2>&1)
check "import bad probe column fails" "$?" 1
check "... names the line" "$(echo "$out" | grep -c "probe-bad.csv:4: errorKind: must be timeout, dns,")" 1
check "... wrote nothing" "$(q "SELECT count(*) FROM checks WHERE checked_at = $((P0 + 360))")" 0
# Recent failures of o3 with their kinds: the model page lists the kinds of
# the failures among its 50 newest checks, translated, most first, as
# sqlite3 counts them; each failed check shows its kind.
jq -n --arg a "$(iso $((NOW - 200)))" --arg b "$(iso $((NOW - 150)))" --arg c "$(iso $((NOW - 100)))" '{checks: [
 {model: "o3", checkedAt: $a, status: "outage", probeKind: "inference", errorKind: "timeout"},
 {model: "o3", checkedAt: $b, status: "degraded", latencyMs: 8000, probeKind: "inference", errorKind: "overloaded"},
 {model: "o3", checkedAt: $c, status: "outage", probeKind: "inference", errorKind: "timeout"}]}' >"$OUT/o3.json"
check "recent failures of o3" "$(post "$OUT/o3.json")" 200
fetch /ko/models/o3 >/dev/null
O3=$(q "SELECT id FROM models WHERE slug = 'o3'")
check "o3 page: failure kinds = sqlite3" \
	"$(perl -0ne 'while (/<li data-error-kind="([a-z_0-9]*)">[^<]*<strong>([0-9]*)</sg) { print "$1 $2\n" }' "$OUT/body")" \
	"$(q "SELECT error_kind, count(*) FROM (SELECT * FROM checks WHERE model_id = $O3 AND checked_at <= $NOW
		ORDER BY checked_at DESC, region LIMIT 50) WHERE status <> 'operational' AND error_kind IS NOT NULL
		GROUP BY error_kind ORDER BY count(*) DESC" | tr '|' ' ')"
check "o3 page: translated" "$(grep -o '<li data-error-kind="\(timeout\|overloaded\)">[^<]*' "$OUT/body" | sed 's/.*">//' | tr '\n' '|')" \
	"시간 초과: |과부하: |"
check "o3 page: each failed check's kind" \
	"$(grep -o '<span class="tag error-kind" data-error-kind="timeout">시간 초과</span>' "$OUT/body" | wc -l)" \
	"$(q "SELECT count(*) FROM (SELECT * FROM checks WHERE model_id = $O3 AND checked_at <= $NOW
		ORDER BY checked_at DESC LIMIT 50) WHERE error_kind = 'timeout'")"
check "o3 page: its probe kind" "$(grep -o 'data-probe-kind="[a-z]*">[^<]*' "$OUT/body")" 'data-probe-kind="inference">추론'

# Issue 14: every curl example of README.md and docs/ works as pasted, with
# this server's address and token: a 2xx, never the 401 of a quoted $TOKEN.
n_examples=0
while IFS= read -r ex; do
	where=$(echo "$ex" | jq -r .where)
	cmd=$(echo "$ex" | jq -r .cmd | sed "s#http://127.0.0.1:8080#$BASE#g")
	rm -f "$OUT/doc-body"
	code=$(TOKEN=$TOKEN OUT=$OUT bash -c 'curl() { command curl -s -o "$OUT/doc-body" -w "%{http_code}" "$@"; }; '"$cmd")
	check "doc example $where answers 2xx" "$(case "$code" in 2??) echo 2xx ;; *) echo "$code: $(head -c 200 "$OUT/doc-body")" ;; esac)" 2xx
	n_examples=$((n_examples + 1))
done < <(python3 tests/e2e/doc_examples.py README.md docs/*.md)
check "doc examples found" "$([ "$n_examples" -ge 2 ] && echo yes)" yes

# ---- demo and real checks (issue 17) ----------------------------------------
# The demo refuses a database with real checks, writing nothing; `aigo demo
# --remove` deletes the demo checks, their rollups and current statuses,
# and the data is no longer demo.
fetch /api/v1/realtime-stats >/dev/null
check "demo data before" "$(jq .isDemo "$OUT/body")" true
REAL=$(q "SELECT group_concat(source || ' ' || n, ', ') FROM (SELECT source, count(*) AS n FROM checks
	WHERE source <> 'demo' GROUP BY source ORDER BY instr('probe ingest import', source))")
SUM_BEFORE=$(sqlite3 "$AIGO_DB" .sha3sum)
out=$(./cgi-bin/aigo demo --days 2 2>&1)
check "demo over real checks refused" "$?" 1
check "... says why" "$(echo "$out" | grep -c "holds real checks ($REAL): demo checks would mix with them, so nothing was written")" 1
check "... nothing written" "$(sqlite3 "$AIGO_DB" .sha3sum)" "$SUM_BEFORE"
REAL_COUNTS=$(q "SELECT source, count(*) FROM checks WHERE source <> 'demo' GROUP BY source ORDER BY source")
N_DEMO=$(q "SELECT count(*) FROM checks WHERE source = 'demo'")
out=$(./cgi-bin/aigo demo --remove 2>&1)
check "demo --remove" "$?" 0
check "... says what it did" "$(echo "$out" | grep -c "$N_DEMO demo checks removed")" 1
check "... no demo check left" "$(q "SELECT count(*) FROM checks WHERE source = 'demo'")" 0
check "... the real ones all left" "$(q "SELECT source, count(*) FROM checks GROUP BY source ORDER BY source")" "$REAL_COUNTS"
check "... a current status per region with checks, its latest" \
	"$(q "SELECT count(*) FROM current_status c WHERE source = 'demo' OR checked_at IS NOT (SELECT max(checked_at)
		FROM checks k WHERE k.model_id = c.model_id AND k.region = c.region)")+$(q "SELECT count(*) FROM current_status")" \
	"0+$(q "SELECT count(*) FROM (SELECT DISTINCT model_id, region FROM checks)")"
check "... hourly rollups count the checks left" \
	"$(q "SELECT coalesce(sum(n_operational + n_degraded + n_outage), 0) FROM rollups_hourly")" "$(q "SELECT count(*) FROM checks")"
check "... 5-minute rollups too" \
	"$(q "SELECT coalesce(sum(n_operational + n_degraded + n_outage), 0) FROM rollups_5min")" "$(q "SELECT count(*) FROM checks")"
check "... and per model" \
	"$(q "SELECT coalesce(sum(n_operational + n_degraded + n_outage), 0) FROM model_rollups WHERE width = 3600")" "$(q "SELECT count(*) FROM checks")"
fetch /api/v1/realtime-stats >/dev/null
check "isDemo gone" "$(jq .isDemo "$OUT/body")" false
fetch /en/monitoring >/dev/null
check "demo label gone" "$(grep -c 'class="tag demo"' "$OUT/body")" 0
[ -f "$AIGO_SNAPSHOT" ] && check "snapshot not demo" "$(jq .isDemo "$AIGO_SNAPSHOT")" false
out=$(./cgi-bin/aigo demo 2>&1)
check "demo still refused" "$?" 1
check "... nothing written" "$(q "SELECT count(*) FROM checks WHERE source = 'demo'")" 0
summary ingest
