#!/usr/bin/env bash
# status.sh: what the providers' own status pages say, through nginx and aigo probe --once against the fake provider's Statuspage v2 summaries: the disagreement in both directions and agreement on the monitoring page, the model page and the JSON, the last good answer kept through a malformed and an unreachable summary, five locales without raw keys, and no key sent to the status server.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/status
rm -rf "$OUT"
mkdir -p "$OUT/fake" "$OUT/fake-status"
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/status.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_CATALOG=$OUT/catalog.json
KEY=statuskey-$(head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n')
export FAKEAI_API_KEY=$KEY
FAKE_PIDS=()
cleanup() {
	stack_stop
	fake_provider_stop
}
trap cleanup EXIT
q() { sqlite3 -batch -noheader -separator '|' "$AIGO_DB" "$1"; }

# Two fake providers: one answers the models, the other the status page
# (so that it can be stopped alone: an unreachable status API).
python3 tests/fake/provider.py "$OUT/fake" 2>>"$OUT/fake/fake.log" &
FAKE_PIDS+=($!)
python3 tests/fake/provider.py "$OUT/fake-status" 2>>"$OUT/fake-status/fake.log" &
STATUS_PID=$!
FAKE_PIDS+=($STATUS_PID)
poll 10 test -s "$OUT/fake/ports" && poll 10 test -s "$OUT/fake-status/ports" ||
	{ echo "FAIL: the fake providers did not start"; exit 1; }
FAKE=http://127.0.0.1:$(jq .http "$OUT/fake/ports")
SFAKE=http://127.0.0.1:$(jq .http "$OUT/fake-status/ports")
STATUS_PAGE=https://status.example.com/fakeai

# One provider with a status API: a model whose probes fail, one whose
# probes succeed (both on the component "Chat Completions"), one on
# "Embeddings".
jq -n --arg u "$FAKE" --arg s "$SFAKE" --arg page "$STATUS_PAGE" '
def ep($scen): [{url: "\($u)/\($scen)/v1/chat/completions", method: "POST",
  probe: "inference", api: "openai-chat", providerModel: "fake-1",
  expectStatus: [200], timeoutMs: 3000, degradedMs: 2000}];
{providers: [{slug: "fakeai", name: "Fake AI", statusPage: $page,
  keyEnv: "FAKEAI_API_KEY",
  statusApi: {format: "statuspage_v2", url: "\($s)/status/file/api/v2/summary.json"},
  models: [
   {slug: "fake-down", name: "Fake Down", statusComponents: ["Chat Completions"], endpoints: ep("s500")},
   {slug: "fake-up", name: "Fake Up", statusComponents: ["Chat Completions"], endpoints: ep("ok")},
   {slug: "fake-emb", name: "Fake Emb", statusComponents: ["Embeddings"], endpoints: ep("ok")}]}]}' \
	>"$OUT/catalog.json"

./cgi-bin/aigo db init >"$OUT/init.log" 2>&1 || { echo "FAIL: db init"; cat "$OUT/init.log"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"

# scenario NAME: what the status server's summary says from now on.
scenario() { echo "$1" >"$OUT/fake-status/status_scenario"; }
# probe_once: one round of probes and status reads (a second apart, so
# that each round's checks are new rows).
probe_once() {
	sleep 1
	./cgi-bin/aigo probe --once >"$OUT/probe-$1.out" 2>"$OUT/probe-$1.err"
}
# disagree_of SLUG: the model's disagreement in /api/v1/models/SLUG.
disagree_of() {
	curl -s "$BASE/api/v1/models/$1" | jq -r '.model.disagreement'
}
# list_disagree SLUG: the same in the list /api/v1/models.
list_disagree() {
	curl -s "$BASE/api/v1/models?limit=100" | jq -r --arg m "$1" '.models[] | select(.slug == $m) | .disagreement'
}
# row_flag PAGE SLUG: the data-disagree of the model's row on the
# monitoring page (none when it has none).
row_flag() {
	perl -0ne 'if (/<tr data-model="'"$2"'".*?<\/tr>/s) { $r = $&; print $r =~ /data-disagree="([a-z_]+)"/ ? $1 : "none" }' "$1"
}
# model_flag PAGE: the same on a model page (its intro).
model_flag() {
	perl -0ne 'if (/<div class="provider-status-model">.*?<\/div>/s) { $r = $&; print $r =~ /data-disagree="([a-z_]+)"/ ? $1 : "none" }' "$1"
}
get() { curl -s -o "$2" -w '%{http_code}' "$BASE$1"; }

# ---- 1: the model endpoint fails, the summary says operational -----------
scenario operational
probe_once 1
check "probe --once exits 0" "$?" "0"
check "--once prints the status API's line" \
	"$(grep -c '^status API fakeai .*none (All Systems Operational): 2 components, 0 open incidents' "$OUT/probe-1.out")" "1"
check "stored: indicator none, no error" \
	"$(q "SELECT indicator, ifnull(error, '-'), ok_at = checked_at FROM provider_status")" "none|-|1"
# The fake's summary has a group "API" over its two components: the group
# is not stored.
check "stored: the two components, no group" \
	"$(q "SELECT group_concat(name || '=' || status, ',') FROM (SELECT * FROM provider_components ORDER BY name)")" \
	"Chat Completions=operational,Embeddings=operational"
check "measured: fake-down is outage" \
	"$(q "SELECT status FROM current_status c JOIN models m ON m.id = c.model_id WHERE m.slug = 'fake-down'")" "outage"
get /en/monitoring "$OUT/mon1.html" >/dev/null
check "page: fake-down flagged (we measure an outage)" "$(row_flag "$OUT/mon1.html" fake-down)" "measured_outage"
check "page: fake-up not flagged" "$(row_flag "$OUT/mon1.html" fake-up)" "none"
check "page: the flag in words" \
	"$(perl -0ne 'print /<tr data-model="fake-down".*?Disagreement: we measure an outage while the provider says it is operational\./s ? 1 : 0' "$OUT/mon1.html")" "1"
check "page: provider says operational beside the measured status" \
	"$(perl -0ne 'print /<tr data-model="fake-down".*?s-outage.*?Provider says: <strong[^>]*>Operational</s ? 1 : 0' "$OUT/mon1.html")" "1"
check "page: the official status page linked" \
	"$(grep -c "href=\"$STATUS_PAGE\"" "$OUT/mon1.html" | awk '{print ($1 > 0)}')" "1"
get /en/models/fake-down "$OUT/model1.html" >/dev/null
check "model page: flagged" "$(model_flag "$OUT/model1.html")" "measured_outage"
check "model page: links the provider's status page" \
	"$(P="$STATUS_PAGE" perl -0ne 'print m{<div class="provider-status-model">.*?href="\Q$ENV{P}\E"}s ? 1 : 0' "$OUT/model1.html")" "1"
check "JSON model: measured_outage" "$(disagree_of fake-down)" "measured_outage"
check "JSON list: measured_outage" "$(list_disagree fake-down)" "measured_outage"
check "JSON: fake-up agrees" "$(disagree_of fake-up)" "none"
check "JSON: provider says operational" \
	"$(curl -s "$BASE/api/v1/models/fake-down" | jq -r '.model.providerSays | "\(.status) \(.indicator) \(.stale) \(.components | map(.name) | join(","))"')" \
	"operational none false Chat Completions"
check "JSON providers: measured outage against none" \
	"$(curl -s "$BASE/api/v1/providers" | jq -r '.providers[0] | "\(.disagreement) \(.providerSays.indicator)"')" \
	"measured_outage none"

# ---- 2: a major outage of the component while our probes succeed ---------
scenario major
probe_once 2
check "stored: a major outage of Chat Completions and its incident" \
	"$(q "SELECT (SELECT indicator FROM provider_status), (SELECT status FROM provider_components WHERE name = 'Chat Completions'), (SELECT ext_id || ' ' || status || ' ' || impact || ' ' || components FROM provider_incidents)")" \
	"major|major_outage|inc-major investigating major Chat Completions"
get /en/monitoring "$OUT/mon2.html" >/dev/null
check "page: fake-up flagged (the provider reports a problem)" "$(row_flag "$OUT/mon2.html" fake-up)" "provider_reports"
check "page: the flag in words" \
	"$(perl -0ne 'print /<tr data-model="fake-up".*?Disagreement: the provider reports a problem while we measure it as operational\./s ? 1 : 0' "$OUT/mon2.html")" "1"
check "page: fake-down agrees now (both see an outage)" "$(row_flag "$OUT/mon2.html" fake-down)" "none"
check "page: fake-emb agrees (its component is operational)" "$(row_flag "$OUT/mon2.html" fake-emb)" "none"
get /en/models/fake-up "$OUT/model2.html" >/dev/null
check "model page: flagged" "$(model_flag "$OUT/model2.html")" "provider_reports"
check "model page: the provider's incident with its link" \
	"$(perl -0ne 'print /data-provider-incident="inc-major"><a href="https:\/\/stspg.io\/fakemajor"[^>]*>Elevated errors on Chat Completions<\/a>/ ? 1 : 0' "$OUT/model2.html")" "1"
check "JSON model: provider_reports, major outage" \
	"$(curl -s "$BASE/api/v1/models/fake-up" | jq -r '"\(.model.disagreement) \(.model.providerSays.status) \(.model.providerSays.incidents[0].url)"')" \
	"provider_reports major_outage https://stspg.io/fakemajor"
check "JSON: fake-emb agrees" "$(disagree_of fake-emb)" "none"
check "JSON: fake-emb's incidents (none of its components)" \
	"$(curl -s "$BASE/api/v1/models/fake-emb" | jq -r '.model.providerSays.incidents | length')" "0"

# The answers with a provider's word in them hold to the OpenAPI document.
valid() {
	curl -s "$BASE$1" >"$OUT/valid.json"
	/usr/bin/python3 -c '
import json, sys, jsonschema
doc = json.load(open("static/openapi.json"))
schema = {"$ref": "#/components/schemas/" + sys.argv[1], "components": doc["components"]}
try:
    jsonschema.Draft202012Validator(schema).validate(json.load(open(sys.argv[2])))
    print("valid")
except jsonschema.ValidationError as e:
    print(e.message[:200])' "$2" "$OUT/valid.json"
}
check "OpenAPI: a model with an incident" "$(valid /api/v1/models/fake-up ModelDetail)" "valid"
check "OpenAPI: the models" "$(valid '/api/v1/models?limit=100' ModelList)" "valid"
check "OpenAPI: the providers" "$(valid /api/v1/providers ProviderList)" "valid"

# ---- 3: a malformed summary, then an unreachable one ----------------------
OK_AT=$(q "SELECT ok_at FROM provider_status")
OK_ISO=$(date -u -d "@$OK_AT" +%Y-%m-%dT%H:%M:%SZ)
scenario malformed
probe_once 3
check "malformed: the last good answer kept" \
	"$(q "SELECT ok_at, indicator, (SELECT count(*) FROM provider_incidents) FROM provider_status")" "$OK_AT|major|1"
check "malformed: the error and the time of the attempt" \
	"$(q "SELECT error LIKE 'not a Statuspage v2 summary: %', checked_at > ok_at FROM provider_status")" "1|1"
get /en/models/fake-up "$OUT/model3.html" >/dev/null
check "model page: says when it was read" \
	"$(perl -0ne 'print /class="ps-read">Read <time datetime="\Q'"$OK_ISO"'\E">/ ? 1 : 0' "$OUT/model3.html")" "1"
check "model page: says the last read failed" "$(grep -c 'The last read failed' "$OUT/model3.html")" "1"
check "model page: still flagged from the last good answer" "$(model_flag "$OUT/model3.html")" "provider_reports"
kill "$STATUS_PID" 2>/dev/null
wait "$STATUS_PID" 2>/dev/null
probe_once 4
check "unreachable: --once says it failed" "$(grep -c '^status API fakeai .*failed: ' "$OUT/probe-4.out")" "1"
check "unreachable: the last good answer kept" \
	"$(q "SELECT ok_at, indicator, error LIKE '%onnect%' FROM provider_status")" "$OK_AT|major|1"
check "JSON: the read time and the error" \
	"$(curl -s "$BASE/api/v1/models/fake-up" | jq -r '"\(.model.providerSays.readAt) \(.model.providerSays.error != null)"')" \
	"$OK_ISO true"

# ---- 4: five locales, no raw key -------------------------------------------
for lang in en ko ja zh es; do
	says=$(jq -r '.providerStatus.says' "locales/$lang.json")
	flag=$(jq -r '.providerStatus.disagree.providerReports' "locales/$lang.json")
	get "/$lang/monitoring" "$OUT/mon-$lang.html" >/dev/null
	get "/$lang/models/fake-up" "$OUT/model-$lang.html" >/dev/null
	for f in "$OUT/mon-$lang.html" "$OUT/model-$lang.html"; do
		check "$lang $(basename "$f"): no raw key" "$(grep -c 'providerStatus\.\|T_providerStatus' "$f")" "0"
		check "$lang $(basename "$f"): says, translated" "$(grep -cF "$says" "$f" | awk '{print ($1 > 0)}')" "1"
		check "$lang $(basename "$f"): the flag, translated" "$(grep -cF "$flag" "$f" | awk '{print ($1 > 0)}')" "1"
	done
done

# ---- 5: no key to the status server ----------------------------------------
check "the model server got the key" "$(grep -cF "$KEY" "$OUT/fake/requests.jsonl" | awk '{print ($1 > 0)}')" "1"
check "the status server got requests" "$(jq -r 'select(.event == "start") | .path' "$OUT/fake-status/requests.jsonl" | grep -c '^/status/file/api/v2/summary.json$')" "3"
check "no key at the status server" "$(grep -cF "$KEY" "$OUT/fake-status/requests.jsonl")" "0"
check "no credentials header at the status server" \
	"$(jq -r 'select(.event == "start") | .headers | keys[]' "$OUT/fake-status/requests.jsonl" | grep -ciE '^(authorization|x-api-key|api-key|cookie)$')" "0"
check "no key in the database or outputs" "$(grep -lF "$KEY" "$AIGO_DB" "$OUT"/probe-*.out "$OUT"/probe-*.err "$OUT"/*.html 2>/dev/null | wc -l)" "0"
check "metrics expose the status read counters" \
	"$(curl -s "$BASE/metrics" | grep -c '^aigo_status_reads_total{result="\(ok\|failed\)"}')" "2"

summary status
