#!/usr/bin/env bash
# probe.sh: aigo probe against a fake provider (tests/fake/provider.py) over HTTP and HTTPS: each scenario's stored check, each family's request and key, no key anywhere it must not be, and the schedule of 1,000 endpoints.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/probe
rm -rf "$OUT"
mkdir -p "$OUT/fake" "$OUT/sched" "$OUT/tls"
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/probe.db AIGO_CATALOG=$OUT/fake/catalog.json
export AIGO_SNAPSHOT=$OUT/fallback.json
unset MISTRAL_API_KEY
FAKE_PIDS=()
PROBE_PID=
H2_DIR=
cleanup() {
	[ -n "$PROBE_PID" ] && kill "$PROBE_PID" 2>/dev/null
	[ -n "$H2_DIR" ] && [ -s "$H2_DIR/nginx.pid" ] && kill "$(cat "$H2_DIR/nginx.pid")" 2>/dev/null
	fake_provider_stop
}
trap cleanup EXIT

# ---- a test CA, a certificate for 127.0.0.1 and one for another name --------
T=$OUT/tls
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=aigo test CA" \
	-keyout "$T/ca.key" -out "$T/ca.pem" 2>/dev/null
cert() { # cert NAME SAN
	openssl req -newkey rsa:2048 -nodes -subj "/CN=$1" -keyout "$T/$1.key" \
		-out "$T/$1.csr" 2>/dev/null
	printf 'subjectAltName=%s\n' "$2" >"$T/$1.ext"
	openssl x509 -req -in "$T/$1.csr" -CA "$T/ca.pem" -CAkey "$T/ca.key" \
		-CAcreateserial -days 2 -extfile "$T/$1.ext" -out "$T/$1.pem" 2>/dev/null
}
cert local "IP:127.0.0.1,DNS:localhost"
cert wrong "DNS:wrong.example"

# fake_start DIR [ARGS]: starts the fake provider writing into DIR.
fake_start() {
	local dir=$1
	shift
	python3 tests/fake/provider.py "$dir" "$@" 2>>"$dir/fake.log" &
	FAKE_PIDS+=($!)
	for _ in $(seq 1 100); do
		[ -s "$dir/ports" ] && return 0
		sleep 0.05
	done
	echo "FAIL: the fake provider did not start"
	cat "$dir/fake.log"
	exit 1
}
fake_start "$OUT/fake" --cert "$T/local.pem" --key "$T/local.key" \
	--wrong-cert "$T/wrong.pem" --wrong-key "$T/wrong.key" --delay-ms 1500
CLOSED=$(stack_free_port)
jq --argjson c "$CLOSED" '. + {closed: $c}' "$OUT/fake/ports" >"$OUT/fake/ports.all"
python3 tests/e2e/probe_check.py catalog "$OUT/fake" "$OUT/fake/ports.all"

# The keys, from the environment as an operator sets them.
while IFS='=' read -r k v; do export "$k=$v"; done < <(jq -r 'to_entries[] | "\(.key)=\(.value)"' "$OUT/fake/keys.json")
KEYS=$(jq -r '.[]' "$OUT/fake/keys.json")

# ---- the catalog is checked, then loaded ------------------------------------
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1
check "db init with the test catalog" $? 0
./cgi-bin/aigo config check >"$OUT/config.log" 2>&1
check "config check" $? 0
check "config check: a key set" "$(grep -c 'OPENAI_API_KEY *openai *yes$' "$OUT/config.log")" 1
check "config check: a key not set" "$(grep -c 'MISTRAL_API_KEY *nokey *no$' "$OUT/config.log")" 1

# ---- a catalog with a mistake is refused by its JSON path, nothing changes ---
jq '.providers[2].models[1].endpoints[0].api = "foo"' "$OUT/fake/catalog.json" >"$OUT/fake/bad.json"
before=$(sha256sum "$AIGO_DB" | cut -d' ' -f1)
err=$(AIGO_CATALOG=$OUT/fake/bad.json ./cgi-bin/aigo db init 2>&1)
check "db init refuses a bad catalog" $? 1
check "... naming the JSON path" "$err" \
	"aigo: catalog: $OUT/fake/bad.json: providers[2].models[1].endpoints[0].api: unknown family \"foo\""
check "... and changes nothing" "$(sha256sum "$AIGO_DB" | cut -d' ' -f1)" "$before"
err=$(AIGO_CATALOG=$OUT/fake/bad.json ./cgi-bin/aigo config check 2>&1 >/dev/null)
check "config check refuses it too" $? 1
check "... naming the JSON path" "$err" \
	"aigo config check: catalog: $OUT/fake/bad.json: providers[2].models[1].endpoints[0].api: unknown family \"foo\""
err=$(AIGO_CATALOG=$OUT/fake/bad.json AIGO_DB=$OUT/none.db ./cgi-bin/aigo db init 2>&1)
check "db init with a bad catalog creates no database" "$([ -e "$OUT/none.db" ] && echo created)" ""

# ---- every scenario once, TLS with the test CA ------------------------------
export AIGO_PROBE_CA_FILE=$T/ca.pem
start=$(date +%s)
./cgi-bin/aigo probe --once >"$OUT/once.out" 2>"$OUT/once.err"
check "probe --once exit" $? 0
check "probe --once took under 20 s" "$(($(date +%s) - start < 20))" 1
check "missing key said once" "$(grep -c 'provider nokey: MISTRAL_API_KEY not set' "$OUT/once.err")" 1
n_expect=$(wc -l <"$OUT/fake/expect.txt")
check "one line per endpoint and a summary" "$(grep -c . "$OUT/once.out")" $((n_expect + 2))
check "summary" "$(tail -n 1 "$OUT/once.out" | grep -c "^$n_expect endpoints: ")" 1
check "inactive model not probed" "$(grep -c nokey-inactive "$OUT/once.out")" 0

q() { sqlite3 -batch -noheader -separator '|' "$AIGO_DB" "$1"; }
while IFS='|' read -r model region kind status ekind http lat; do
	row=$(q "SELECT c.status, coalesce(substr(c.error, 1, instr(c.error, ':') - 1), ''),
	                coalesce(c.http_status, ''), c.latency_ms, c.source, c.probe_kind,
	                coalesce(c.error_kind, '')
	         FROM checks c JOIN models m ON m.id = c.model_id
	         WHERE m.slug = '$model' AND c.region = '$region'")
	IFS='|' read -r st ek hs ms src pk ekc <<<"$row"
	# Issue 17: the check stores its probe kind and error kind.
	check "$model: stored probe kind" "$pk" "$kind"
	check "$model: stored error kind" "$ekc" "$ekind"
	# A degraded check with no error kind says why in its text ("slow").
	[ "$ek" = slow ] && ek=
	check "$model: stored status" "$st" "$status"
	check "$model: error kind" "$ek" "$ekind"
	check "$model: HTTP status" "$hs" "$http"
	check "$model: source" "$src" probe
	case $lat in
	fast) check "$model: latency under the threshold" "$((ms < 1000))" 1 ;;
	slow) check "$model: latency within the server's delay" "$((ms >= 1500 && ms < 3000))" 1 ;;
	timeout) check "$model: latency at the timeout" "$((ms >= 2900 && ms < 4500))" 1 ;;
	esac
	line=$(awk -v m="$model" '$1 == m' "$OUT/once.out")
	check "$model: printed kind, status, error" "$(awk '{print $3, $4, $NF}' <<<"$line")" \
		"$kind $status ${ekind:--}"
done <"$OUT/fake/expect.txt"

# TTFT of stream probes: printed; the slow first token's is the delay.
for f in openai azure anthropic gemini cohere bedrock clova; do
	ttft=$(awk -v m="$f-stream-ok" '$1 == m {print $7}' "$OUT/once.out")
	check "$f stream: TTFT measured" "$([[ $ttft =~ ^[0-9]+$ ]] && echo yes)" yes
	check "$f stream: TTFT stored as printed" "$(q "SELECT c.ttft_ms FROM checks c JOIN models m ON m.id = c.model_id
		WHERE m.slug = '$f-stream-ok'")" "$ttft"
	ttft=$(awk -v m="$f-stream-slowfirst" '$1 == m {print $7}' "$OUT/once.out")
	check "$f slow first token: TTFT within the delay" "$((ttft >= 1500 && ttft < 3000))" 1
done

# What the fake provider received.
while read -r verdict rest; do
	if [ "$verdict" = PASS ]; then pass; else fail "$rest"; fi
done < <(python3 tests/e2e/probe_check.py requests "$OUT/fake")
check "no redirect followed" "$(grep -c '/redirected/' "$OUT/fake/requests.jsonl")" 0
check "nothing reached the wrong-name server" \
	"$(jq -r --argjson p "$(jq .wrong "$OUT/fake/ports")" 'select(.port == $p) | .id' "$OUT/fake/requests.jsonl" | wc -l)" 0

# ---- without the test CA, the same certificate is refused --------------------
AIGO_PROBE_CA_FILE= ./cgi-bin/aigo probe --once >"$OUT/noca.out" 2>"$OUT/noca.err"
check "without the CA: tls" "$(awk '$1 == "tls-ok" {print $4, $NF}' "$OUT/noca.out")" "outage tls"

# ---- libcurl's proxy variables: a name only the proxy knows ----------------
jq -n --arg u "http://only-the-proxy.invalid/ok/v1/chat/completions" \
	'{providers: [{slug: "px", name: "px", models: [{slug: "px-reach", name: "px",
	  endpoints: [{url: $u, method: "POST", expectStatus: [200]}]}]}]}' >"$OUT/fake/proxy.json"
AIGO_CATALOG=$OUT/fake/proxy.json ./cgi-bin/aigo db init >"$OUT/proxy-init.log" 2>&1
http_proxy=http://127.0.0.1:$(jq .http "$OUT/fake/ports") AIGO_CATALOG=$OUT/fake/proxy.json \
	./cgi-bin/aigo probe --once >"$OUT/proxy.out" 2>"$OUT/proxy.err"
check "through http_proxy: operational" "$(awk '$1 == "px-reach" {print $4}' "$OUT/proxy.out")" operational
check "... the proxy got it" "$(jq -r 'select(.proxied == true) | .path' "$OUT/fake/requests.jsonl")" \
	/ok/v1/chat/completions

# ---- no key in a log line, the output or the database -----------------------
sqlite3 "$AIGO_DB" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
leaks=0
for k in $KEYS; do
	for f in "$OUT"/*.out "$OUT"/*.err "$OUT"/*.log "$AIGO_DB"*; do
		grep -qaF -- "$k" "$f" && { leaks=$((leaks + 1)); echo "key found in $f"; }
	done
done
check "no key in the logs, the output or the database" "$leaks" 0

# ---- HTTP/2 where the server offers it: a real nginx with TLS and h2 --------
# Three models on one host; nginx logs the protocol and connection of each
# request, and the inference answer is the smallest well-formed one.
H2_DIR=$OUT/h2
mkdir -p "$H2_DIR"
H2_PORT=$(stack_free_port)
cat >"$H2_DIR/nginx.conf" <<EOF
worker_processes 1;
pid $H2_DIR/nginx.pid;
error_log $H2_DIR/error.log;
events { worker_connections 64; }
http {
    log_format h2 '\$server_protocol \$connection \$request_method \$request_uri';
    access_log $H2_DIR/access.log h2;
    client_body_temp_path $H2_DIR/body;
    server {
        listen 127.0.0.1:$H2_PORT ssl http2;
        ssl_certificate $T/local.pem;
        ssl_certificate_key $T/local.key;
        location / {
            default_type application/json;
            return 200 '{"id":"h2","object":"chat.completion","choices":[{"index":0,"message":{"role":"assistant","content":"ok"},"finish_reason":"length"}]}';
        }
    }
}
EOF
nginx -p "$H2_DIR" -c "$H2_DIR/nginx.conf" -e "$H2_DIR/error.log" >"$H2_DIR/start.log" 2>&1
check "h2: nginx started" $? 0
jq -n --arg u "https://127.0.0.1:$H2_PORT/v1/chat/completions" \
	'{providers: [{slug: "h2", name: "h2", keyEnv: "AIGO_H2_TEST_KEY", models: [range(3) as $i |
	  {slug: "h2-\($i)", name: "h2 \($i)", endpoints: [{url: $u, method: "POST",
	   expectStatus: [200], probe: "inference", api: "openai-chat", providerModel: "m\($i)"}]}]}]}' \
	>"$H2_DIR/catalog.json"
AIGO_DB=$H2_DIR/h2.db AIGO_CATALOG=$H2_DIR/catalog.json ./cgi-bin/aigo db init >"$H2_DIR/init.log" 2>&1
AIGO_H2_TEST_KEY=h2-test-key AIGO_DB=$H2_DIR/h2.db AIGO_CATALOG=$H2_DIR/catalog.json \
	./cgi-bin/aigo probe --once >"$H2_DIR/probe.out" 2>"$H2_DIR/probe.err"
check "h2: --once exits 0" $? 0
check "h2: three inference probes operational" \
	"$(awk '$1 ~ /^h2-/ {print $3, $4}' "$H2_DIR/probe.out" | sort | uniq -c | tr -s ' ')" " 3 inference operational"
check "h2: every request over HTTP/2" "$(awk '{print $1, $3}' "$H2_DIR/access.log" | sort | uniq -c | tr -s ' ')" \
	" 3 HTTP/2.0 POST"
kill "$(cat "$H2_DIR/nginx.pid")" 2>/dev/null
H2_DIR=

# ---- valgrind over one --once run (a few endpoints) --------------------------
if command -v valgrind >/dev/null; then
	jq '{providers: [.providers[] | select(.slug == "openai" or .slug == "bedrock")
	     | .models |= map(select(.slug | test("-(ok|s429|malformed)$")))]}' \
		"$OUT/fake/catalog.json" >"$OUT/fake/small.json"
	AIGO_CATALOG=$OUT/fake/small.json valgrind -q --error-exitcode=9 --leak-check=full \
		--errors-for-leak-kinds=definite ./cgi-bin/aigo probe --once >"$OUT/valgrind.out" 2>"$OUT/valgrind.err"
	check "valgrind: probe --once clean" $? 0
fi

# ---- the schedule: 1,000 endpoints every 10 s for 30 s -----------------------
fake_start "$OUT/sched"
python3 tests/e2e/probe_check.py schedule "$OUT/sched" "$(jq .http "$OUT/sched/ports")" 1000 10
export AIGO_DB=$OUT/sched.db AIGO_CATALOG=$OUT/sched/sched.json
./cgi-bin/aigo db init >"$OUT/sched-init.log" 2>&1
check "db init: 1,000 endpoints" $? 0
./cgi-bin/aigo probe >"$OUT/sched.out" 2>"$OUT/sched.err" &
PROBE_PID=$!
sleep 30
kill -TERM "$PROBE_PID"
wait "$PROBE_PID"
check "probe stops on SIGTERM" $? 0
PROBE_PID=
counts=$(q "SELECT count(*), min(n), max(n) FROM (SELECT count(*) AS n FROM checks GROUP BY model_id, region)")
IFS='|' read -r n lo hi <<<"$counts"
check "every endpoint probed" "$n" 1000
check "each 3 +- 1 times" "$((lo >= 2 && hi <= 4))" 1
check "all operational" "$(q "SELECT count(*) FROM checks WHERE status != 'operational'")" 0
max=$(sed -n 's/.*lateness p50 [0-9]* ms, p99 [0-9]* ms, max \([0-9]*\) ms.*/\1/p' "$OUT/sched.err")
check "max lateness under 1 s" "$([ -n "$max" ] && [ "$max" -lt 1000 ] && echo yes)" yes
while read -r verdict rest; do
	if [ "$verdict" = PASS ]; then pass; else fail "$rest"; fi
done < <(python3 tests/e2e/probe_check.py overlap "$OUT/sched" 10)

summary probe
