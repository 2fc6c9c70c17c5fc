#!/usr/bin/env bash
# export.sh: the data for other tools end to end through nginx: /metrics/models against /api/v1 and promtool, the Grafana dashboard against what is served, GET /api/v1/export and aigo export against python's own aggregates of the checks, under a base path and from the snapshot.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/export
rm -rf "$OUT"
mkdir -p "$OUT/detail" "$OUT/run2" "$OUT/run3"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/no-tokens AIGO_SNAPSHOT_INTERVAL=0
CHECK=tests/e2e/export_check.py

trap 'stack_stop' EXIT
demo_stack --days 8

# ---- /metrics/models: every gauge = /api/v1, promtool accepts it ----------
check "metrics/models answers" "$(fetch /metrics/models)" 200
cp "$OUT/body" "$OUT/models.prom"
check "... text exposition" "$(head_value Content-Type)" "text/plain; version=0.0.4; charset=utf-8"
check "... X-Data-Source" "$(head_value X-Data-Source)" database
check "... not cached" "$(head_value Cache-Control)" no-store
promtool check metrics <"$OUT/models.prom" >"$OUT/promtool.out" 2>&1
check "promtool check metrics: nothing to say" "$? $(cat "$OUT/promtool.out")" "0 "
check "HEAD /metrics/models" "$(curl -s -o "$OUT/head-body" -w '%{http_code} %{size_download}' -I "$BASE/metrics/models")" "200 0"
fetch "/api/v1/models?limit=500" >/dev/null
cp "$OUT/body" "$OUT/models.json"
# Every model's /api/v1/models/SLUG into detail/SLUG.json, in one curl.
jq -r --arg base "$BASE" --arg dir "$OUT/detail" \
	'.models[].slug | "url = \"\($base)/api/v1/models/\(.)\"\noutput = \"\($dir)/\(.).json\""' \
	"$OUT/models.json" >"$OUT/detail.curl"
curl -s -K "$OUT/detail.curl"
check "every gauge of every model = /api/v1" \
	"$(python3 $CHECK metrics "$OUT/models.prom" "$OUT/models.json" "$OUT/detail" 2>"$OUT/metrics-count")" ""
cat "$OUT/metrics-count"
# Cardinality as docs/operations.md states it: per model 1 + 4 + <= 3,
# per region 4 + <= 5; with this catalog:
models=$(q 'SELECT count(*) FROM models')
check "aigo_model_status series = models x 4" \
	"$(grep -c '^aigo_model_status{' "$OUT/models.prom")" $((models * 4))
check "the process metrics stay on /metrics" "$(fetch /metrics >/dev/null; grep -c '^aigo_model_' "$OUT/body")" 0

# ---- the Grafana dashboard --------------------------------------------------
check "dashboard: valid JSON, \${datasource}, variables, every expr served" \
	"$(python3 $CHECK dashboard contrib/grafana/aigo-dashboard.json "$OUT/models.prom")" ""

# ---- GET /api/v1/export: two ranges (and all the data) = python's sums -----
for r in 24h:86400 7d:604800 30d:2592000; do
	range=${r%%:*} secs=${r#*:}
	check "export $range csv" "$(fetch "/api/v1/export?range=$range&format=csv")" 200
	cp "$OUT/body" "$OUT/$range.csv"
	check "... text/csv" "$(head_value Content-Type)" "text/csv; charset=utf-8; header=present"
	check "... Content-Disposition" "$(head_value Content-Disposition)" \
		"attachment; filename=\"aigo-export-$range-2026-11-28.csv\""
	check "... X-Data-Source" "$(head_value X-Data-Source)" database
	check "export $range json" "$(fetch "/api/v1/export?range=$range&format=json")" 200
	cp "$OUT/body" "$OUT/$range.json"
	check "... application/json" "$(head_value Content-Type)" "application/json; charset=utf-8"
	check "... CORS like the other GETs" "$(head_value Access-Control-Allow-Origin)" "*"
	check "export $range: CSV and JSON rows = python over the checks" \
		"$(python3 $CHECK export "$AIGO_DB" "$NOW" "$secs" "$OUT/$range.csv" "$OUT/$range.json" 2>"$OUT/$range.count")" ""
	cat "$OUT/$range.count"
	check "aigo export --range $range --format csv = the API's bytes" \
		"$(./cgi-bin/aigo export --range "$range" --format csv | cmp - "$OUT/$range.csv" && echo same)" same
	check "aigo export --range $range --format json = the API's rows" \
		"$(./cgi-bin/aigo export --range "$range" --format json | jq -c . | cmp - <(jq -c . "$OUT/$range.json") && echo same)" same
done
check "7d: the days of the range, first and last" \
	"$(python3 -c 'import csv,sys; d=sorted({r["date"] for r in csv.DictReader(open(sys.argv[1], newline=""))}); print(d[0], d[-1], len(d))' "$OUT/7d.csv")" \
	"2026-11-21 2026-11-28 8"
check "a day with a TTFT and one without in the export" \
	"$(jq '[any(.[]; .ttft_p50_ms == null), any(.[]; .ttft_p50_ms != null)]' -c "$OUT/7d.json")" "[true,true]"
check "default: 24h as JSON" "$(fetch /api/v1/export >/dev/null; jq -c . "$OUT/body" | cmp - <(jq -c . "$OUT/24h.json") && echo same)" same
ETAG=$(fetch "/api/v1/export?range=7d&format=csv" >/dev/null; head_value ETag)
check "export: 304 on its ETag" "$(fetch "/api/v1/export?range=7d&format=csv" -H "If-None-Match: $ETAG")" 304
check "HEAD export" "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I "$BASE/api/v1/export?range=7d&format=csv")" "200 0"
check "POST export: 405" "$(fetch /api/v1/export -X POST)" 405

# ---- bad input: 400 JSON errors, files left alone ---------------------------
for bad in "range=2d" "range=" "format=xml" "format=CSV" "range=7d&format=tsv"; do
	check "export?$bad: 400" "$(fetch "/api/v1/export?$bad")" 400
	check "... JSON error naming the key" "$(jq -r '.error.code + " " + .error.field' "$OUT/body")" \
		"bad_request $(sed 's/.*&//; s/=.*//' <<<"$bad")"
done
./cgi-bin/aigo export --range 2d >"$OUT/cli.out" 2>&1
check "aigo export --range 2d: exit 2 naming it" "$? $(grep -c -- '--range 2d' "$OUT/cli.out")" "2 1"
./cgi-bin/aigo export --format xml >"$OUT/cli.out" 2>&1
check "aigo export --format xml: exit 2 naming it" "$? $(grep -c -- '--format xml' "$OUT/cli.out")" "2 1"
./cgi-bin/aigo export --out >"$OUT/cli.out" 2>&1
check "aigo export --out without FILE: exit 2" "$?" 2
./cgi-bin/aigo export --range 7d --format csv --out "$OUT/out.csv"
check "aigo export --out FILE writes FILE" "$(cmp "$OUT/out.csv" "$OUT/7d.csv" && echo same)" same
echo keep >"$OUT/kept.csv"
AIGO_DB=$OUT/missing.db AIGO_SNAPSHOT=$OUT/missing.json ./cgi-bin/aigo export --out "$OUT/kept.csv" >"$OUT/cli.out" 2>&1
check "aigo export without a database: exit 1, FILE as it was" "$? $(cat "$OUT/kept.csv")" "1 keep"
./cgi-bin/aigo routes >"$OUT/routes"
check "aigo routes lists both" "$(grep -cE '^GET,HEAD (/metrics/models|/api/v1/export)$' "$OUT/routes")" 2
# The answers above against static/openapi.json (tests/e2e/openapi_check.py).
{
	printf 'GET\t/metrics/models\t200\ttext/plain; version=0.0.4; charset=utf-8\t%s\n' "$OUT/models.prom"
	for range in 24h 7d 30d; do
		printf 'GET\t/api/v1/export\t200\ttext/csv; charset=utf-8\t%s\n' "$OUT/$range.csv"
		printf 'GET\t/api/v1/export\t200\tapplication/json; charset=utf-8\t%s\n' "$OUT/$range.json"
	done
} >"$OUT/manifest"
fetch "/api/v1/export?format=xml" >/dev/null
cp "$OUT/body" "$OUT/bad.json"
printf 'GET\t/api/v1/export\t400\tapplication/json; charset=utf-8\t%s\n' "$OUT/bad.json" >>"$OUT/manifest"
/usr/bin/python3 tests/e2e/openapi_check.py static/openapi.json "$OUT/routes" "$OUT/manifest" >"$OUT/openapi.log" 2>&1
check "OpenAPI: both routes, their answers valid" "$? $(grep -c '^FAIL' "$OUT/openapi.log")" "0 0"

# A snapshot of this database for the fallback below.
./cgi-bin/aigo snapshot >/dev/null || fail "aigo snapshot"
stack_stop

# ---- under a base path ------------------------------------------------------
sed -e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	-e "s#unix:/run/aigo/aigo.sock#aigo#" contrib/nginx-subpath.conf >"$OUT/subpath.conf"
PORT=$(stack_free_port)
AIGO_BASE_PATH=/status STACK_NGINX_EXTRA="include $OUT/subpath.conf;" stack_start "$OUT/run2" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
check "/status/metrics/models" "$(fetch /status/metrics/models)" 200
check "... the same exposition" "$(cmp "$OUT/body" "$OUT/models.prom" && echo same)" same
check "/status/api/v1/export?range=7d&format=csv" "$(fetch '/status/api/v1/export?range=7d&format=csv')" 200
check "... the same rows" "$(cmp "$OUT/body" "$OUT/7d.csv" && echo same)" same
check "/status/api/v1/export?format=xml: 400 JSON" "$(fetch '/status/api/v1/export?format=xml') $(jq -r .error.field "$OUT/body")" "400 format"
stack_stop

# ---- the database away: the snapshot's numbers, marked ----------------------
mv "$AIGO_DB" "$OUT/away.db"
PORT=$(stack_free_port)
stack_start "$OUT/run3" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
check "fallback: /metrics/models" "$(fetch /metrics/models)" 200
cp "$OUT/body" "$OUT/fallback.prom"
check "... X-Data-Source: fallback" "$(head_value X-Data-Source)" fallback
check "... aigo_models_data_source says so" "$(grep -c '^aigo_models_data_source{source="fallback"} 1$' "$OUT/fallback.prom")" 1
promtool check metrics <"$OUT/fallback.prom" >"$OUT/promtool.out" 2>&1
check "... promtool check metrics" "$? $(cat "$OUT/promtool.out")" "0 "
fetch "/api/v1/models?limit=500" >/dev/null
cp "$OUT/body" "$OUT/fallback-models.json"
check "... /api/v1 from the snapshot too" "$(jq -r .dataSource "$OUT/fallback-models.json")" fallback
rm -rf "$OUT/detail" && mkdir -p "$OUT/detail"
check "... every gauge = /api/v1 (the snapshot's numbers)" \
	"$(python3 $CHECK metrics "$OUT/fallback.prom" "$OUT/fallback-models.json" "$OUT/detail" 2>/dev/null)" ""
# The snapshot holds the export rows of every range as at its time (now):
# the same rows, bytes for CSV, as the database gave.
for range in 24h 7d 30d; do
	check "fallback: export $range CSV = the database's bytes" \
		"$(fetch "/api/v1/export?range=$range&format=csv") $(head_value X-Data-Source) $(cmp "$OUT/body" "$OUT/$range.csv" && echo same)" \
		"200 fallback same"
	check "fallback: export $range JSON = the database's rows" \
		"$(fetch "/api/v1/export?range=$range&format=json") $(head_value X-Data-Source) $(jq -c . "$OUT/body" | cmp - <(jq -c . "$OUT/$range.json") && echo same)" \
		"200 fallback same"
	check "fallback: aigo export --range $range = the API's bytes, said on stderr" \
		"$(./cgi-bin/aigo export --range "$range" --format csv 2>"$OUT/cli.err" | cmp - "$OUT/$range.csv" && echo same) $(grep -c 'from the snapshot of' "$OUT/cli.err")" \
		"same 1"
	check "fallback: aigo export --range $range --format json = the API's rows" \
		"$(./cgi-bin/aigo export --range "$range" --format json 2>/dev/null | jq -c . | cmp - <(jq -c . "$OUT/$range.json") && echo same)" same
done
check "fallback: the export's rows are not none" "$(jq length "$OUT/30d.json" | awk '{print ($1 > 10)}')" 1
stack_stop
mv "$OUT/away.db" "$AIGO_DB"

summary export
