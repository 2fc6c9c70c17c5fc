#!/usr/bin/env bash
# push.sh: a probe node (aigo probe --push) against a central AI-GO through nginx: every check it made recorded centrally exactly once across a central outage, the spool drained, a hung central never holding up probes, refusals kept, and no token anywhere it must not be.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/push
rm -rf "$OUT"
mkdir -p "$OUT/fake" "$OUT/node" "$OUT/hang" "$OUT/once"
R=eu-node
TOKEN=push-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
HANG_TOKEN=hang-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/central.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/tokens AIGO_CATALOG=$OUT/central.json
printf '# central ingest tokens\nnode-%s %s\n' "$R" "$TOKEN" >"$OUT/tokens"
chmod 600 "$OUT/tokens"
printf '%s\n' "$TOKEN" >"$OUT/node/token"
printf '%s\n' "$HANG_TOKEN" >"$OUT/hang/token"
chmod 600 "$OUT/node/token" "$OUT/hang/token"

FAKE_PID=
NODE_PID=
HANG_PID=
cleanup() {
	stop_pids "$NODE_PID" "$HANG_PID" "$FAKE_PID"
	stack_stop
}
trap cleanup EXIT

# ---- the fake provider, the node's catalog and central's ---------------------
python3 tests/fake/provider.py "$OUT/fake" 2>>"$OUT/fake/fake.log" &
FAKE_PID=$!
for _ in $(seq 1 100); do
	[ -s "$OUT/fake/ports" ] && break
	sleep 0.05
done
FP=$(jq .http "$OUT/fake/ports")
# node_catalog SEGMENT: three active models (one with an endpoint in $R, one
# answering 500) and an inactive one, each every 5 s; the paths carry
# SEGMENT so that each node's requests are told apart.
node_catalog() {
	jq -n --arg b "http://127.0.0.1:$FP" --arg s "$1" --arg r "$R" '
	def ep(scn; name; region): {region: region, url: "\($b)/\(scn)/\($s)-\(name)/v1/chat/completions",
	  method: "POST", expectStatus: [200], intervalS: 5, timeoutMs: 3000};
	{providers: [{slug: "pushfake", name: "Push fake", models: [
	  {slug: "pn-one", name: "one", endpoints: [ep("ok"; "one"; "global")]},
	  {slug: "pn-two", name: "two", endpoints: [ep("ok"; "two-global"; "global"), ep("ok"; "two-r"; $r)]},
	  {slug: "pn-three", name: "three", endpoints: [ep("s500"; "three"; "us-east")]},
	  {slug: "pn-off", name: "off", isActive: false, endpoints: [ep("ok"; "off"; "global")]}]}]}'
}
node_catalog node >"$OUT/node.json"
node_catalog hang >"$OUT/hang.json"
# Central's catalog: the node's, and region $R for every model (ingest
# accepts a check only for a region the model has).
jq --arg r "$R" '.providers[].models[] |= (if any(.endpoints[]; .region == $r) then .
	else .endpoints += [.endpoints[0] + {region: $r}] end)' "$OUT/node.json" >"$OUT/central.json"
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1
check "central db init" $? 0
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
q() { sqlite3 -batch -noheader "$AIGO_DB" "$1"; }
spool_count() { sqlite3 -batch -noheader "$1" "SELECT count(*) FROM spool"; }
# node_probes LOG [MODEL]: the probes the node's log says it made.
node_probes() { grep -c " debug probe: ${2:-pn-}" "$1"; }
# fake_starts SEGMENT: requests the fake provider got for a node's paths.
fake_starts() { jq -r --arg s "/$1" 'select(.event == "start") | .path | select(contains($s))' \
	"$OUT/fake/requests.jsonl" 2>/dev/null | wc -l; }

# ---- a node pushes to central ------------------------------------------------
# node NAME URL TOKENFILE [ARGS]: becomes the node (exec: run it in a
# subshell or in the background, whose pid is then the node's).
node() {
	local name=$1 url=$2 tok=$3
	shift 3
	AIGO_CATALOG=$OUT/$name.json AIGO_DB=$OUT/$name/none.db AIGO_LOG_LEVEL=debug \
		exec ./cgi-bin/aigo probe --push "$url" --token-file "$tok" --region "$R" "$@"
}
node node "$BASE" "$OUT/node/token" --spool "$OUT/node/spool.db" 2>"$OUT/node/node.log" &
NODE_PID=$!
for _ in $(seq 1 100); do
	[ "$(q "SELECT count(DISTINCT model_id) FROM checks")" -ge 3 ] && break
	sleep 0.1
done
check "central records each model's checks" "$(q "SELECT count(DISTINCT model_id) FROM checks")" 3
check "... in region $R, from ingest" "$(q "SELECT DISTINCT region || ' ' || source FROM checks")" "$R ingest"

# ---- central goes away for 10 s; a hung central beside it --------------------
# A second node posts to the fake provider's "hang" path: its POST never
# answers, and its probes must go on all the same.
node hang "http://127.0.0.1:$FP/hang/" "$OUT/hang/token" --spool "$OUT/hang/spool.db" 2>"$OUT/hang/node.log" &
HANG_PID=$!
stack_stop
down_at=$(date +%s)
sleep 5
check "central down: the spool holds checks" "$(($(spool_count "$OUT/node/spool.db") > 0))" 1
sleep 5
check "... the node said central is not reached" "$(grep -c "probe: push: $BASE/api/v1/checks not reached" "$OUT/node/node.log" | awk '{print ($1 > 0)}')" 1
check "... retries back off (at most 5 tries in 10 s)" \
	"$(($(grep -c 'not reached' "$OUT/node/node.log") <= 5))" 1
stack_start "$OUT/run" "$PORT" 2 || exit 1
# The hung node, stopped: it kept probing while its POST hung, stops within
# its 5 s of trying, and keeps every check it made in its spool.
start=$(date +%s)
kill -TERM "$HANG_PID"
wait "$HANG_PID"
check "hung central: the node stops on SIGTERM" $? 0
HANG_PID=
check "... within 7 s" "$(($(date +%s) - start <= 7))" 1
n_hang=$(node_probes "$OUT/hang/node.log")
check "... probes went on: 3 models every 5 s for $(($(date +%s) - down_at)) s" \
	"$((n_hang >= 3 * ($(date +%s) - down_at) / 5 - 3))" 1
check "... each check it made is in its spool" "$(spool_count "$OUT/hang/spool.db")" "$n_hang"
check "... its POST reached the fake" "$(jq -r 'select(.event == "start" and .method == "POST") | .path' \
	"$OUT/fake/requests.jsonl" | grep -c '^/hang/api/v1/checks$')" 1
check "... with the token in the Authorization header only" "$(jq -r 'select(.path == "/hang/api/v1/checks")
	| [.headers.authorization, (.body | contains($t)), (.path | contains($t))] | @tsv' --arg t "$HANG_TOKEN" \
	"$OUT/fake/requests.jsonl" | head -n 1)" "Bearer $HANG_TOKEN	false	false"

# ---- central is back: the node catches up, then stops and drains -------------
for _ in $(seq 1 400); do
	grep -q "answers again" "$OUT/node/node.log" && break
	sleep 0.1
done
check "the node says central answers again" "$(grep -c 'answers again' "$OUT/node/node.log" | awk '{print ($1 > 0)}')" 1
sleep 2
kill -TERM "$NODE_PID"
wait "$NODE_PID"
check "node stops on SIGTERM" $? 0
NODE_PID=
check "... the spool is empty" "$(spool_count "$OUT/node/spool.db")" 0
n_node=$(node_probes "$OUT/node/node.log")
check "central holds every check the node made, once" "$(q "SELECT count(*) FROM checks WHERE region = '$R'")" "$n_node"
check "... and nothing else" "$(q "SELECT count(*) FROM checks")" "$n_node"
check "... no key twice" "$(q "SELECT count(*) FROM (SELECT 1 FROM checks GROUP BY model_id, region, checked_at HAVING count(*) > 1)")" 0
check "... all from ingest" "$(q "SELECT DISTINCT source FROM checks")" ingest
for m in pn-one pn-two pn-three; do
	got=$(q "SELECT count(*) FROM checks c JOIN models m ON m.id = c.model_id WHERE m.slug = '$m'")
	check "$m: central = the node's log" "$got" "$(node_probes "$OUT/node/node.log" "$m ")"
done
# The fake provider counts independently (a probe in flight at the stop is
# dropped: at most one per model more).
f=$(fake_starts node-)
check "the fake provider's count ($f) = the node's ($n_node), + at most 3" "$((f >= n_node && f <= n_node + 3))" 1
check "pn-two probed through its $R endpoint only" "$(fake_starts node-two-global)+$(($(fake_starts node-two-r) > 0))" "0+1"
check "inactive model not probed" "$(fake_starts node-off)" 0
check "a failure keeps its kinds" "$(q "SELECT DISTINCT c.status || ' ' || c.error_kind || ' ' || c.http_status || ' ' || c.probe_kind
	FROM checks c JOIN models m ON m.id = c.model_id WHERE m.slug = 'pn-three'")" "outage http_5xx 500 reachability"
check "a success has its timings" "$(q "SELECT count(*) FROM checks c JOIN models m ON m.id = c.model_id
	WHERE m.slug = 'pn-one' AND (c.status <> 'operational' OR c.first_byte_ms IS NULL OR c.error_kind IS NOT NULL)")" 0

# ---- --once: exit 0 only with an empty spool; a refusal keeps the checks ----
printf 'not-the-token-%s\n' "$(head -c 12 /dev/urandom | base64 | tr '+/' '-_')" >"$OUT/once/bad-token"
chmod 600 "$OUT/once/bad-token"
# A second after the node's last probe: a check of the same model, region
# and second would be the same row centrally (ingest's key), counted once.
sleep 1
before=$(q "SELECT count(*) FROM checks")
(node node "$BASE" "$OUT/once/bad-token" --once --spool "$OUT/once/spool.db") >"$OUT/once/bad.out" 2>"$OUT/once/bad.err"
check "--once, a wrong token: exit 1" $? 1
check "... the log says the token was refused" "$(grep -c 'refused the token (HTTP 401)' "$OUT/once/bad.err")" 1
check "... and how many checks wait" "$(grep -c "aigo probe: 3 checks wait in the spool $OUT/once/spool.db" "$OUT/once/bad.err")" 1
check "... kept in the spool" "$(spool_count "$OUT/once/spool.db")" 3
check "... nothing written" "$(q "SELECT count(*) FROM checks")" "$before"
sleep 1 # a second later: not the same checkedAt
(node node "$BASE" "$OUT/node/token" --once --spool "$OUT/once/spool.db") >"$OUT/once/good.out" 2>"$OUT/once/good.err"
check "--once with the token: exit 0" $? 0
check "... sent what waited first, then its own" "$(q "SELECT count(*) FROM checks")" "$((before + 6))"
check "... the spool is empty" "$(spool_count "$OUT/once/spool.db")" 0
check "... the table" "$(tail -n 1 "$OUT/once/good.out")" \
	"3 endpoints: 2 operational, 0 degraded, 1 outage; 0 inference, 0 stream, 3 reachability only"
# A region central's catalog lacks: 422, named in the log, kept.
(R=nowhere node node "$BASE" "$OUT/node/token" --once --spool "$OUT/once/nowhere.db") \
	>/dev/null 2>"$OUT/once/nowhere.err"
check "--once, a region central lacks: exit 1" $? 1
check "... the log says why" "$(grep -c 'refused a batch of 3 checks (HTTP 422 unknown_model: .*region: the model has no endpoint in region .nowhere.' \
	"$OUT/once/nowhere.err")" 1
check "... kept in the spool" "$(spool_count "$OUT/once/nowhere.db")" 3
# A 2xx that is not the ingest API's answer (here the fake provider's)
# acknowledges nothing.
(node node "http://127.0.0.1:$FP/ok/" "$OUT/hang/token" --once --spool "$OUT/once/wrong-url.db") \
	>/dev/null 2>"$OUT/once/wrong-url.err"
check "--once, a 200 from something else: exit 1" $? 1
check "... the log says so" "$(grep -c "answered HTTP 200, but not the ingest API's acknowledgement of 3 checks" \
	"$OUT/once/wrong-url.err")" 1
check "... kept in the spool" "$(spool_count "$OUT/once/wrong-url.db")" 3
: >"$OUT/once/empty"
chmod 600 "$OUT/once/empty"
err=$(node node "$BASE" "$OUT/once/empty" --once --spool "$OUT/once/x.db" 2>&1 >/dev/null)
check "an empty token file is refused" "$?+$err" "1+aigo probe: token file $OUT/once/empty: empty (it needs the token)"
err=$(node node "$BASE" "$OUT/node/token" --once --spool "$AIGO_DB" 2>&1 >/dev/null)
check "central's database is not a spool" "$?+$(echo "$err" | grep -c 'not a spool of aigo probe --push')" "1+1"

# ---- valgrind over one --once --push run --------------------------------------
if command -v valgrind >/dev/null; then
	sleep 1 # a second later: not the same checkedAt
	before=$(q "SELECT count(*) FROM checks")
	(AIGO_CATALOG=$OUT/node.json AIGO_LOG_LEVEL=warn exec valgrind -q --error-exitcode=9 --leak-check=full \
		--errors-for-leak-kinds=definite ./cgi-bin/aigo probe --once --push "$BASE" --token-file "$OUT/node/token" \
		--region "$R" --spool "$OUT/once/valgrind.db") >/dev/null 2>"$OUT/once/valgrind.err"
	check "valgrind: probe --once --push clean" $? 0
	check "... and sent" "$(q "SELECT count(*) FROM checks")" "$((before + 3))"
fi

# ---- no token in a log, a spool or the database ------------------------------
sqlite3 "$AIGO_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
leaks=$(grep -rlaF -e "$TOKEN" -e "$HANG_TOKEN" "$OUT" | grep -v -e "^$OUT/tokens$" -e "^$OUT/node/token$" \
	-e "^$OUT/hang/token$" -e "^$OUT/fake/requests.jsonl$")
check "no token in the logs, the spools or the database" "$leaks" ""
check "the node's token never reached the fake provider" "$(grep -caF -- "$TOKEN" "$OUT/fake/requests.jsonl")" 0

summary push
