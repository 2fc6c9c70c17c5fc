#!/usr/bin/env bash
# rules.sh: the alerting of AI-GO on itself: promtool checks and unit-tests contrib/prometheus/aigo-rules.yml, amtool checks and routes the Alertmanager example, and a real /metrics through nginx passes promtool check metrics, serves every series the rules read and counts answers by route group and status class.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/rules
rm -rf "$OUT"
mkdir -p "$OUT"
RULES=contrib/prometheus/aigo-rules.yml
TESTS=contrib/prometheus/aigo-rules.test.yml
AM=contrib/alertmanager/alertmanager.yml

for tool in promtool amtool prometheus-alertmanager; do
	command -v "$tool" >/dev/null || {
		echo "FAIL: $tool is missing (scripts/deps.sh installs prometheus and prometheus-alertmanager)"
		echo "rules: 0 passed, 1 failed"
		exit 1
	}
done

# ---- the rules: valid, unit-tested, each alert documented and tested ------
promtool check rules "$RULES" >"$OUT/check-rules.out" 2>&1
check "promtool check rules" $? 0
check "... every rule found" "$(grep -c '^ *- alert: ' "$RULES") rules" \
	"$(sed -n 's/.*SUCCESS: \([0-9]*\) rules found.*/\1 rules/p' "$OUT/check-rules.out")"
(cd contrib/prometheus && promtool test rules aigo-rules.test.yml) >"$OUT/test-rules.out" 2>&1
check "promtool test rules" $? 0
grep -q SUCCESS "$OUT/test-rules.out" || cat "$OUT/test-rules.out"
check "each alert: severity, annotations, a section in docs/alerting.md, tests firing and quiet" \
	"$(python3 tests/e2e/rules_check.py shape "$RULES" "$TESTS" docs/alerting.md 2>&1)" ""

# ---- Alertmanager: valid; critical pages and goes to chat, warning to chat -
amtool check-config "$AM" >"$OUT/amtool.out" 2>&1
check "amtool check-config" $? 0
route() { amtool config routes test --config.file="$AM" "$@" 2>/dev/null; }
check "critical: the pager and chat" "$(route severity=critical alertname=AigoDown instance=a:443)" \
	"aigo-pager,aigo-chat"
check "warning: chat" "$(route severity=warning alertname=AigoSnapshotStale instance=a:443)" aigo-chat
check "another severity: chat" "$(route severity=info alertname=X)" aigo-chat

# A real Alertmanager (loopback, no cluster) with the example's routes and
# inhibition, its receivers pointed at a closed loopback port so that
# nothing leaves the machine: a critical alert of a:443 silences the
# warning of a:443, not the one of b:443.
AM_PID=
cleanup() {
	[ -n "$AM_PID" ] && kill "$AM_PID" 2>/dev/null && wait "$AM_PID" 2>/dev/null
	stack_stop
}
trap cleanup EXIT
sed -e 's#https://[a-z.-]*example\.org/[^"]*#http://127.0.0.1:9/#' \
	-e 's#smtp\.example\.org:587#127.0.0.1:9#' "$AM" >"$OUT/am.yml"
check "the example's receivers on loopback" "$(grep -c 'example\.org/\|smtp\.example' "$OUT/am.yml")" 0
AM_PORT=$(stack_free_port)
AM_URL=http://127.0.0.1:$AM_PORT
prometheus-alertmanager --config.file="$OUT/am.yml" --storage.path="$OUT/am-data" \
	--web.listen-address="127.0.0.1:$AM_PORT" --cluster.listen-address= >"$OUT/am.log" 2>&1 &
AM_PID=$!
for _ in $(seq 1 100); do
	curl -fs -o /dev/null "$AM_URL/-/ready" && break
	sleep 0.1
done
check "alertmanager starts with the example" "$(curl -s -o /dev/null -w '%{http_code}' "$AM_URL/-/ready")" 200
check "alerts posted" "$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' \
	--data '[{"labels": {"alertname": "AigoServingFallback", "severity": "critical", "instance": "a:443"}},
	         {"labels": {"alertname": "AigoSnapshotStale", "severity": "warning", "instance": "a:443"}},
	         {"labels": {"alertname": "AigoSnapshotStale", "severity": "warning", "instance": "b:443"}}]' \
	"$AM_URL/api/v2/alerts")" 200
# alert_states: "NAME INSTANCE STATE" per alert, sorted.
alert_states() {
	curl -s "$AM_URL/api/v2/alerts" |
		jq -r '.[] | "\(.labels.alertname) \(.labels.instance) \(.status.state)"' | sort | tr '\n' ';'
}
want="AigoServingFallback a:443 active;AigoSnapshotStale a:443 suppressed;AigoSnapshotStale b:443 active;"
for _ in $(seq 1 100); do
	[ "$(alert_states)" = "$want" ] && break
	sleep 0.1
done
check "critical inhibits the warning of its instance only" "$(alert_states)" "$want"
kill "$AM_PID" 2>/dev/null && wait "$AM_PID" 2>/dev/null
AM_PID=

# ---- a real /metrics ------------------------------------------------------
export AIGO_NOW=1795839634 AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/no-tokens AIGO_SNAPSHOT_INTERVAL=120
demo_stack --days 1
# The snapshot aigo serve writes as it starts may not be there yet: one now,
# so that aigo_snapshot_age_seconds is served.
./cgi-bin/aigo snapshot >"$OUT/snapshot.out" 2>&1
check "a snapshot written" $? 0

# sample FILE SERIES: the value of the sample named exactly SERIES.
sample() { awk -v s="$2" '$1 == s { print $2 }' "$1"; }
resp() { echo "aigo_http_responses_total{group=\"$1\",class=\"$2\"}"; }

check "metrics answer" "$(fetch /metrics)" 200
cp "$OUT/body" "$OUT/before.txt"
promtool check metrics <"$OUT/before.txt" >"$OUT/check-metrics.out" 2>&1
check "promtool check metrics: nothing to say" "$? $(cat "$OUT/check-metrics.out")" "0 "
# Every metric a rule reads is served (the aigo_notify_ ones once the
# outbox's metrics are in api_stats.c).
missing=
for m in $(python3 tests/e2e/rules_check.py metrics "$RULES"); do
	case $m in
	aigo_notify_*) grep -q aigo_notify_oldest_event_age_seconds cgi-bin/*.c || continue ;;
	esac
	grep -q "^# TYPE $m " "$OUT/before.txt" || missing="$missing $m"
done
check "every metric the rules read is served" "$missing" ""
check "probe = off here" "$(sample "$OUT/before.txt" aigo_probe_enabled)" 0
check "... no tick" "$(sample "$OUT/before.txt" aigo_probe_last_tick_timestamp_seconds)" 0
check "snapshot_interval" "$(sample "$OUT/before.txt" aigo_snapshot_interval_seconds)" 120

# Known answers, then the differences by group and class.
for _ in 1 2 3; do curl -s -o /dev/null "$BASE/api/v1/models"; done # api 2xx
for _ in 1 2; do curl -s -o /dev/null "$BASE/api/v1/models/no-such-model"; done # api 4xx
curl -s -o /dev/null -X POST -H 'Content-Type: application/json' --data '{}' \
	"$BASE/api/v1/checks" # ingest 503: no tokens
curl -s -o /dev/null "$BASE/en/monitoring"           # page 2xx
curl -s -o /dev/null "$BASE/monitoring"              # page 3xx
curl -s -o /dev/null "$BASE/no/such/path/at/all"     # none 4xx
check "the ingest answer was 503" \
	"$(curl -s -o /dev/null -w '%{http_code}' -X POST -H 'Content-Type: application/json' --data '{}' "$BASE/api/v1/checks")" 503
check "metrics answer again" "$(fetch /metrics)" 200
cp "$OUT/body" "$OUT/after.txt"
# group class added: the requests above, and the first /metrics (ops 2xx)
while read -r group class added; do
	b=$(sample "$OUT/before.txt" "$(resp "$group" "$class")")
	a=$(sample "$OUT/after.txt" "$(resp "$group" "$class")")
	check "answers $group $class" "$((${a:-0} - ${b:-0}))" "$added"
done <<'EOF'
api 2xx 3
api 3xx 0
api 4xx 2
api 5xx 0
ingest 2xx 0
ingest 4xx 0
ingest 5xx 2
page 2xx 1
page 3xx 1
page 4xx 0
page 5xx 0
ops 2xx 1
none 4xx 1
none 5xx 0
EOF
check "a latency bucket at 2 s" \
	"$(grep -c '^aigo_request_duration_seconds_bucket{route="/metrics",le="2"} ' "$OUT/after.txt")" 1
promtool check metrics <"$OUT/after.txt" >"$OUT/check-metrics2.out" 2>&1
check "... with answers counted too" "$? $(cat "$OUT/check-metrics2.out")" "0 "
check "20 group and class pairs" "$(grep -c '^aigo_http_responses_total{' "$OUT/after.txt")" 20

# ---- the Grafana dashboard over a real Prometheus --------------------------
# Prometheus scrapes /metrics/models of this stack; every panel's query (the
# variables at their "All" value) must give series, and the region status
# panel must give, per region, the status /metrics/models says (0
# operational, 1 degraded, 2 outage, 3 unknown).
DASH=contrib/grafana/aigo-dashboard.json
PROM_PORT=$(stack_free_port)
PROM_URL=http://127.0.0.1:$PROM_PORT
cat >"$OUT/prometheus.yml" <<EOF
global: {scrape_interval: 1s, evaluation_interval: 1s}
scrape_configs:
  - job_name: aigo-models
    metrics_path: /metrics/models
    static_configs: [{targets: ["127.0.0.1:${BASE##*:}"]}]
EOF
prometheus --config.file="$OUT/prometheus.yml" --storage.tsdb.path="$OUT/prom-data" \
	--web.listen-address="127.0.0.1:$PROM_PORT" >"$OUT/prometheus.log" 2>&1 &
PROM_PID=$!
trap '[ -n "$PROM_PID" ] && kill "$PROM_PID" 2>/dev/null; cleanup' EXIT
scraped() {
	curl -s "$PROM_URL/api/v1/query" --data-urlencode 'query=up{job="aigo-models"}' |
		jq -r '.data.result[0].value[1] // empty' 2>/dev/null
}
for _ in $(seq 1 150); do
	[ "$(scraped)" = 1 ] && break
	sleep 0.2
done
check "prometheus scrapes /metrics/models" "$(scraped)" 1
curl -s "$BASE/metrics/models" >"$OUT/models.prom"
check "every dashboard panel's query gives series; region status per region" \
	"$(python3 tests/e2e/rules_check.py dashboard "$DASH" "$PROM_URL" "$OUT/models.prom" 2>&1)" ""
kill "$PROM_PID" 2>/dev/null && wait "$PROM_PID" 2>/dev/null
PROM_PID=

summary rules
