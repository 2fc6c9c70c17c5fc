#!/usr/bin/env bash
# api.sh: the JSON API end to end through nginx: lists, filters, pages, detail, providers, history against sqlite3, errors, caching, and the OpenAPI description.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/api
rm -rf "$OUT"
mkdir -p "$OUT/responses"
NOW=1795839634
W=1800
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/no-tokens

trap 'stack_stop' EXIT
demo_stack --days 8

STATUS_SQL=$(status_sql)

# Every response fetched is kept for the OpenAPI check:
# api METHOD TEMPLATE PATH [curl args] -> status; body in $OUT/body.
api() {
	local method=$1 template=$2 path=$3
	shift 3
	local code n
	code=$(fetch "$path" -X "$method" "$@")
	# Called in $(...) subshells too: the count lives in a file.
	n=$(($(cat "$OUT/responses/n" 2>/dev/null || echo 0) + 1))
	echo "$n" >"$OUT/responses/n"
	cp "$OUT/body" "$OUT/responses/$n"
	printf '%s\t%s\t%s\t%s\t%s\n' "$method" "$template" "$code" \
		"$(head_value Content-Type)" "$OUT/responses/$n" >>"$OUT/manifest"
	echo "$code"
}

# ---- /api/v1/models: every page together is the catalog -----------------
check "models status" "$(api GET /api/v1/models /api/v1/models)" 200
check "models total" "$(jq .total "$OUT/body")" "$(q 'SELECT count(*) FROM models')"
check "models default limit" "$(jq '.models | length' "$OUT/body")" 50
check "models cors" "$(head_value Access-Control-Allow-Origin)" "*"
check "models cache" "$(head_value Cache-Control)" "public, max-age=15"
ETAG=$(head_value ETag)
check "models 304" "$(fetch /api/v1/models -H "If-None-Match: $ETAG")" 304
: >"$OUT/slugs"
for off in 0 40 80; do
	api GET /api/v1/models "/api/v1/models?limit=40&offset=$off" >/dev/null
	jq -r '.models[].slug' "$OUT/body" >>"$OUT/slugs"
done
check "pages cover the catalog once" "$(sort "$OUT/slugs" | tr '\n' ' ')" \
	"$(q 'SELECT slug FROM models ORDER BY slug' | sort | tr '\n' ' ')"
check "offset past the end" "$(api GET /api/v1/models '/api/v1/models?offset=500' >/dev/null &&
	jq -c '[.models, .total]' "$OUT/body")" "[[],$(q 'SELECT count(*) FROM models')]"

# Each active model's status now, as sqlite3 computes it from the checks.
api GET /api/v1/models "/api/v1/models?limit=500" >/dev/null
jq -r '.models[] | select(.isActive) | "\(.slug) \(.status)"' "$OUT/body" | sort >"$OUT/api-status"
q "$STATUS_SQL SELECT m.slug || ' ' || p.st FROM per_model p JOIN models m ON m.id = p.id" |
	sort >"$OUT/sql-status"
check "status of every model = sqlite3" "$(diff "$OUT/api-status" "$OUT/sql-status" >/dev/null && echo same)" same

# Availability per model over the rolling windows (now - w, now] (DESIGN 3),
# shown with two decimals, never 100 below 100 nor 0 above 0.
jq -r '.models[] | "\(.slug) \(.availability["24h"]) \(.availability["7d"]) \(.availability["30d"])"' \
	"$OUT/body" | sort >"$OUT/api-avail"
# avail_sql SECONDS [FILTER [DECIMALS]]: the availability over (NOW - SECONDS,
# NOW] of the checks of FILTER (default: model m) as shown: with two decimals
# as the JSON prints it (null when none), with one as the page does ("n/a").
avail_sql() {
	local d=${3:-2} pct="100.0 * sum(c.status <> 'outage') / count(*)"
	local shown="CASE WHEN round($pct, $d) = 100 AND sum(c.status = 'outage') > 0 THEN 100 - pow(10, -$d)
	         WHEN round($pct, $d) = 0 AND sum(c.status <> 'outage') > 0 THEN pow(10, -$d)
	         ELSE round($pct, $d) END"
	local fmt="rtrim(rtrim(printf('%.2f', $shown), '0'), '.')" none="'null'"
	[ "$d" = 1 ] && fmt="printf('%.1f%%', $shown)" none="'n/a'"
	echo "(SELECT CASE WHEN count(*) = 0 THEN $none ELSE $fmt END
	  FROM checks c WHERE ${2:-c.model_id = m.id} AND c.checked_at > $NOW - $1 AND c.checked_at <= $NOW)"
}
q "SELECT m.slug, $(avail_sql 86400), $(avail_sql $((7 * 86400))), $(avail_sql $((30 * 86400)))
   FROM models m" | tr '|' ' ' | sort >"$OUT/sql-avail"
check "availability 24h/7d/30d of every model = sqlite3" \
	"$(diff "$OUT/api-avail" "$OUT/sql-avail" >/dev/null && echo same || diff "$OUT/api-avail" "$OUT/sql-avail" | head -4)" same

# Filters, each against its own sqlite3 count.
filter_total() { api GET /api/v1/models "/api/v1/models?$1" >/dev/null && jq .total "$OUT/body"; }
check "provider filter" "$(filter_total provider=openai)" \
	"$(q "SELECT count(*) FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.slug = 'openai'")"
check "active=false" "$(filter_total active=false)" "$(q 'SELECT count(*) FROM models WHERE NOT is_active')"
check "active=true" "$(filter_total active=true)" "$(q 'SELECT count(*) FROM models WHERE is_active')"
check "q=GPT (any case, name or slug)" "$(filter_total q=GPT)" \
	"$(q "SELECT count(*) FROM models WHERE lower(name) LIKE '%gpt%' OR slug LIKE '%gpt%'")"
check "status=outage" "$(filter_total status=outage)" "$(q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = 'outage'")"
check "status=inactive" "$(filter_total status=inactive)" "$(q 'SELECT count(*) FROM models WHERE NOT is_active')"
check "filters combine" "$(filter_total 'provider=openai&active=true&q=4o')" \
	"$(q "SELECT count(*) FROM models m JOIN providers p ON p.id = m.provider_id
	      WHERE p.slug = 'openai' AND m.is_active AND (lower(m.name) LIKE '%4o%' OR m.slug LIKE '%4o%')")"
# Issue 14, one rule for a filter that names nothing: 400 on the list, the
# history and the page, naming the parameter and the providers there are.
PROVIDERS=$(q "SELECT group_concat(slug, ', ') FROM (SELECT slug FROM providers ORDER BY name COLLATE NOCASE, slug)")
for path in /api/v1/models /api/v1/history; do
	check "$path: unknown provider is 400" "$(api GET $path "$path?provider=nobody")" 400
	check "$path: ... names it" "$(jq -r .error.field "$OUT/body")" provider
	check "$path: ... lists the providers" "$(jq -r .error.accepted "$OUT/body")" "$PROVIDERS"
done

# Sorting: latency descending is non-increasing, nulls last.
api GET /api/v1/models "/api/v1/models?sort=latency&order=desc&limit=500" >/dev/null
check "sort latency desc" "$(jq '[.models[].latencyMs // -1] | . == (sort | reverse)' "$OUT/body")" true
api GET /api/v1/models "/api/v1/models?sort=model&limit=500" >/dev/null
check "sort model" "$(jq '[.models[].name | ascii_downcase] | . == sort' "$OUT/body")" true

# Bad values: 400 naming the key, as JSON.
for bad in limit=0 limit=501 limit=x offset=-1 offset=100001 active=maybe q= sort=size order=up status=fine provider=Open%20AI; do
	key=${bad%%=*}
	check "400 for $bad" "$(api GET /api/v1/models "/api/v1/models?$bad")" 400
	check "field for $bad" "$(jq -r '.error.code + " " + .error.field' "$OUT/body")" "bad_request $key"
done

# ---- /api/v1/models/{slug} ------------------------------------------------
SLUG=amazon-nova-pro
MID=$(q "SELECT id FROM models WHERE slug = '$SLUG'")
check "model" "$(api GET '/api/v1/models/{slug}' "/api/v1/models/$SLUG?range=24h")" 200
check "model slug" "$(jq -r .model.slug "$OUT/body")" $SLUG
check "model regions" "$(jq -r '[.model.regions[].region] | join(",")' "$OUT/body")" \
	"$(q "SELECT group_concat(region, ',') FROM (SELECT region FROM endpoints WHERE model_id = $MID ORDER BY region)")"
jq -r '.checks[] | "\(.checkedAt) \(.region) \(.status) \(.latencyMs) \(.httpStatus) \(.error)"' "$OUT/body" >"$OUT/api-checks"
q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', checked_at, 'unixepoch'), region, status,
          coalesce(latency_ms, 'null'), coalesce(http_status, 'null'), coalesce(error, 'null')
   FROM checks WHERE model_id = $MID AND checked_at <= $NOW
   ORDER BY checked_at DESC, region LIMIT 50" | tr '|' ' ' >"$OUT/sql-checks"
# Per region over the same windows: the JSON, sqlite3 and the model page.
jq -r '.model.regions[] | "\(.region) \(.availability["24h"]) \(.availability["7d"]) \(.availability["30d"])"' \
	"$OUT/body" >"$OUT/api-region-avail"
RF="c.model_id = e.model_id AND c.region = e.region"
q "SELECT e.region, $(avail_sql 86400 "$RF"), $(avail_sql $((7 * 86400)) "$RF"), $(avail_sql $((30 * 86400)) "$RF")
   FROM endpoints e WHERE e.model_id = $MID ORDER BY e.region" | tr '|' ' ' >"$OUT/sql-region-avail"
check "availability per region = sqlite3" "$(diff "$OUT/api-region-avail" "$OUT/sql-region-avail" >/dev/null && echo same)" same
cp "$OUT/body" "$OUT/model.json"
fetch "/en/models/$SLUG" >/dev/null
perl -0ne 'while (/<tr data-region="([^"]*)" data-status="[a-z]*">.*?data-window="24h">([^<]*)<.*?data-window="7d">([^<]*)<.*?data-window="30d">([^<]*)</sg) { print "$1 $2 $3 $4\n" }' \
	"$OUT/body" >"$OUT/page-region-avail"
q "SELECT e.region, $(avail_sql 86400 "$RF" 1), $(avail_sql $((7 * 86400)) "$RF" 1), $(avail_sql $((30 * 86400)) "$RF" 1)
   FROM endpoints e WHERE e.model_id = $MID ORDER BY e.region" | tr '|' ' ' >"$OUT/sql-page-region-avail"
check "... = the model page's table" "$(diff "$OUT/page-region-avail" "$OUT/sql-page-region-avail" && echo same)" same
cp "$OUT/model.json" "$OUT/body"
check "50 newest checks = sqlite3" "$(diff "$OUT/api-checks" "$OUT/sql-checks" >/dev/null && echo same)" same
# Issue 17: what each probe measured, the kinds of each region's latest
# check and "reachability only", for this (reachability) model and a
# stream one, from the checks table.
STREAM_SLUG=$(q "SELECT m.slug FROM checks c JOIN models m ON m.id = c.model_id
	WHERE c.ttft_ms IS NOT NULL AND c.checked_at <= $NOW GROUP BY m.id ORDER BY m.slug LIMIT 1")
check "the demo has a stream model" "$([ -n "$STREAM_SLUG" ] && echo yes)" yes
for slug in $SLUG $STREAM_SLUG; do
	mid=$(q "SELECT id FROM models WHERE slug = '$slug'")
	api GET '/api/v1/models/{slug}' "/api/v1/models/$slug" >/dev/null
	cp "$OUT/body" "$OUT/model-$slug.json"
	jq -r '.checks[] | "\(.checkedAt) \(.region) \(.probeKind) \(.errorKind) \(.ttftMs) \(.timings.dnsMs)" +
		" \(.timings.connectMs) \(.timings.tlsMs) \(.timings.firstByteMs)"' "$OUT/body" | tr '\n' ' ' >"$OUT/api-probe"
	q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', checked_at, 'unixepoch'), region, coalesce(probe_kind, 'null'),
	          coalesce(error_kind, 'null'), coalesce(ttft_ms, 'null'), coalesce(dns_ms, 'null'),
	          coalesce(connect_ms, 'null'), coalesce(tls_ms, 'null'), coalesce(first_byte_ms, 'null')
	   FROM checks WHERE model_id = $mid AND checked_at <= $NOW
	   ORDER BY checked_at DESC, region LIMIT 50" | tr '|\n' '  ' >"$OUT/sql-probe"
	check "$slug: probe fields of the 50 newest = sqlite3" "$(diff "$OUT/api-probe" "$OUT/sql-probe" >/dev/null && echo same)" same
	check "$slug: some measured" "$(jq '[.checks[] | select(.timings.firstByteMs != null)] | length > 0' "$OUT/body")" true
	LATEST="SELECT e.region, c.probe_kind, c.error_kind FROM endpoints e LEFT JOIN checks c ON c.model_id = e.model_id
		AND c.region = e.region AND c.checked_at = (SELECT max(checked_at) FROM checks k WHERE k.model_id = e.model_id
		AND k.region = e.region AND k.checked_at <= $NOW) WHERE e.model_id = $mid"
	check "$slug: each region's kinds = its latest check's" \
		"$(jq -r '.model.regions[] | "\(.region) \(.probeKind) \(.errorKind)"' "$OUT/body")" \
		"$(q "SELECT region, coalesce(probe_kind, 'null'), coalesce(error_kind, 'null') FROM ($LATEST) ORDER BY region" | tr '|' ' ')"
	check "$slug: reachabilityOnly = sqlite3" "$(jq .model.reachabilityOnly "$OUT/body")" \
		"$(q "SELECT CASE WHEN sum(probe_kind = 'reachability') > 0 AND coalesce(sum(probe_kind IN ('inference', 'stream')), 0) = 0
			THEN 'true' ELSE 'false' END FROM ($LATEST)")"
	# The model page: each region's probe kind, the notice, the error
	# kinds of the failures among the 50 newest checks (most first, ties
	# in DESIGN's order), and per region and bucket of the 24 h range the
	# time to first token's nearest-rank p50 and p95: the smallest value
	# that at least 50 % (95 %) of the bucket's values do not exceed.
	fetch "/en/models/$slug?range=24h" >/dev/null
	check "$slug page: probe kind per region = sqlite3" \
		"$(perl -0ne 'while (/<tr data-region="([^"]*)".*?data-probe-kind="([a-z]*)"/sg) { print "$1 $2\n" }' "$OUT/body")" \
		"$(q "SELECT region, coalesce(probe_kind, '') FROM ($LATEST) ORDER BY region" | tr '|' ' ')"
	check "$slug page: reachability notice as the JSON says" "$(grep -c 'class="notice reachability-only"' "$OUT/body")" \
		"$(jq 'if .model.reachabilityOnly then 1 else 0 end' "$OUT/model-$slug.json")"
	check "$slug page: failure kinds = sqlite3" \
		"$(perl -0ne 'while (/<li data-error-kind="([a-z_0-9]*)">[^<]*<strong>([0-9]*)</sg) { print "$1 $2\n" }' "$OUT/body")" \
		"$(q "SELECT error_kind, count(*) FROM (SELECT * FROM checks WHERE model_id = $mid AND checked_at <= $NOW
			ORDER BY checked_at DESC, region LIMIT 50) WHERE status <> 'operational' AND error_kind IS NOT NULL
			GROUP BY error_kind ORDER BY count(*) DESC, instr('timeout dns connect tls auth rate_limited overloaded http_4xx
			http_5xx unexpected_status empty malformed', error_kind)" | tr '|' ' ')"
	FIRST=$((NOW - NOW % 3600 - 23 * 3600))
	check "$slug page: TTFT p50/p95 per region and bucket = sqlite3" \
		"$(perl -0ne 'while (/<table class="chart-table series-table" data-region="([^"]*)">(.*?)<\/table>/sg) { my ($r, $t) = ($1, $2);
			while ($t =~ /<tr data-time="([^"]*)">(.*?)<\/tr>/sg) { my ($iso, $row) = ($1, $2);
			print "$r $iso $1 $2\n" if $row =~ /data-ttft-p50="([0-9]+)".*?data-ttft-p95="([0-9]+)"/s } }' "$OUT/body")" \
		"$(q "WITH v AS (SELECT region, (checked_at - $FIRST) / 3600 AS k, ttft_ms,
			row_number() OVER (PARTITION BY region, (checked_at - $FIRST) / 3600 ORDER BY ttft_ms) AS rn,
			count(*) OVER (PARTITION BY region, (checked_at - $FIRST) / 3600) AS n
			FROM checks WHERE model_id = $mid AND ttft_ms IS NOT NULL AND checked_at >= $FIRST AND checked_at <= $NOW)
			SELECT region, strftime('%Y-%m-%dT%H:%M:%SZ', $FIRST + k * 3600, 'unixepoch'),
			  min(CASE WHEN rn * 100 >= 50 * n THEN ttft_ms END), min(CASE WHEN rn * 100 >= 95 * n THEN ttft_ms END)
			FROM v GROUP BY region, k ORDER BY region, k" | tr '|' ' ')"
	check "$slug page: a TTFT chart per region with one" "$(grep -o 'aria-labelledby="chart-ttft-[a-z0-9-]*-title' "$OUT/body" | sort -u | wc -l)" \
		"$(q "SELECT count(DISTINCT region) FROM checks WHERE model_id = $mid AND ttft_ms IS NOT NULL AND checked_at >= $FIRST AND checked_at <= $NOW")"
done
cp "$OUT/model.json" "$OUT/body"
for r in 1h:300:12 24h:3600:24 7d:21600:28 30d:86400:30; do
	IFS=: read -r name width n <<<"$r"
	api GET '/api/v1/models/{slug}' "/api/v1/models/$SLUG?range=$name" >/dev/null
	first=$(((NOW / width) * width - (n - 1) * width))
	jq -r '.history.points[] | "\(.checks.operational) \(.checks.degraded) \(.checks.outage)"' "$OUT/body" >"$OUT/api-hist"
	q "WITH RECURSIVE b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < $n - 1)
	   SELECT (SELECT count(*) FROM checks c WHERE c.model_id = $MID AND c.status = 'operational'
	             AND c.checked_at >= $first + b.i * $width AND c.checked_at < $first + (b.i + 1) * $width),
	          (SELECT count(*) FROM checks c WHERE c.model_id = $MID AND c.status = 'degraded'
	             AND c.checked_at >= $first + b.i * $width AND c.checked_at < $first + (b.i + 1) * $width),
	          (SELECT count(*) FROM checks c WHERE c.model_id = $MID AND c.status = 'outage'
	             AND c.checked_at >= $first + b.i * $width AND c.checked_at < $first + (b.i + 1) * $width)
	   FROM b" | tr '|' ' ' >"$OUT/sql-hist"
	# The status shares of a point: the model's sample instants, adding up
	# to 1 where there is data.
	check "model history $name shares add up to 1" \
		"$(jq -c '[.history.points[] | select(.samples > 0) | (.operational + .degraded + .outage + .unknown) * 100 | round] | unique' "$OUT/body")" "[100]"
	check "model history $name = sqlite3" "$(diff "$OUT/api-hist" "$OUT/sql-hist" >/dev/null && echo same)" same
	check "model history $name ends now" "$(jq '[.history.points[].isNow] | (last and (map(select(.)) | length == 1))' "$OUT/body")" true
done
check "unknown model" "$(api GET '/api/v1/models/{slug}' /api/v1/models/no-such-model)" 404
check "unknown model code" "$(jq -r .error.code "$OUT/body")" not_found
check "model bad range" "$(api GET '/api/v1/models/{slug}' "/api/v1/models/$SLUG?range=2d")" 400

# ---- /api/v1/providers ------------------------------------------------------
check "providers" "$(api GET /api/v1/providers /api/v1/providers)" 200
jq -r '.providers[] | "\(.slug) \(.totalModels) \(.activeModels) \(.operational) \(.degraded) \(.outage) \(.unknown)"' \
	"$OUT/body" | sort >"$OUT/api-prov"
q "$STATUS_SQL SELECT p.slug, count(m.id), coalesce(sum(m.is_active), 0),
     (SELECT count(*) FROM per_model x JOIN models y ON y.id = x.id WHERE y.provider_id = p.id AND x.st = 'operational'),
     (SELECT count(*) FROM per_model x JOIN models y ON y.id = x.id WHERE y.provider_id = p.id AND x.st = 'degraded'),
     (SELECT count(*) FROM per_model x JOIN models y ON y.id = x.id WHERE y.provider_id = p.id AND x.st = 'outage'),
     (SELECT count(*) FROM per_model x JOIN models y ON y.id = x.id WHERE y.provider_id = p.id AND x.st = 'unknown')
   FROM providers p LEFT JOIN models m ON m.provider_id = p.id GROUP BY p.id" | tr '|' ' ' | sort >"$OUT/sql-prov"
check "providers = sqlite3" "$(diff "$OUT/api-prov" "$OUT/sql-prov" >/dev/null && echo same)" same
check "provider status rule" "$(jq '[.providers[] | (if .operational + .degraded + .outage == 0 then "unknown"
	elif .operational == .operational + .degraded + .outage then "operational"
	elif .outage == .operational + .degraded + .outage then "outage" else "degraded" end) == .status] | all' "$OUT/body")" true

# ---- /api/v1/history -------------------------------------------------------
for r in 1h 24h 7d 30d; do
	api GET /api/v1/history "/api/v1/history?range=$r" >/dev/null
	jq -c .points "$OUT/body" >"$OUT/hist-all"
	api GET /api/v1/realtime-stats "/api/v1/realtime-stats?includeHistory=true&range=$r" >/dev/null
	check "history $r = realtime-stats history" "$(jq -c .history.points "$OUT/body")" "$(cat "$OUT/hist-all")"
done
api GET /api/v1/providers /api/v1/providers >/dev/null
WANT=$(jq -c '.providers[] | select(.slug == "openai") | [.operational, .degraded, .outage, .unknown]' "$OUT/body")
check "history provider" "$(api GET /api/v1/history '/api/v1/history?provider=openai')" 200
check "history provider now = provider counts" "$(jq -c '.points[-1] | [.operational, .degraded, .outage, .unknown]' "$OUT/body")" "$WANT"
check "history provider field" "$(jq -r .provider "$OUT/body")" openai
api GET /api/v1/history "/api/v1/history?model=$SLUG&range=7d" >/dev/null
check "history model: one model per point" \
	"$(jq '[.points[] | select(.samples > 0) | (.operational + .degraded + .outage + .unknown) * 100 | round] | unique' -c "$OUT/body")" "[100]"
api GET /api/v1/models '/api/v1/models?q=amazon-nova-pro' >/dev/null
check "history model now = model status" "$(api GET /api/v1/history "/api/v1/history?model=$SLUG" >/dev/null &&
	jq -r '.points[-1] | to_entries[] | select(.key != "samples" and .value == 1) | .key' "$OUT/body")" \
	"$(q "$STATUS_SQL SELECT st FROM per_model WHERE id = $MID")"
check "history unknown model" "$(api GET /api/v1/history '/api/v1/history?model=nope')" 400
check "history unknown model field" "$(jq -r .error.field "$OUT/body")" model
# Both name something: an empty selection, as a list filter that matches
# nothing.
check "history model of another provider" "$(api GET /api/v1/history "/api/v1/history?model=$SLUG&provider=openai")" 200
check "... no model in any point" "$(jq '[.points[] | .operational + .degraded + .outage + .unknown] | add' "$OUT/body")" 0
check "history bad range" "$(api GET /api/v1/history '/api/v1/history?range=week')" 400

# ---- the rest of the surface, for the OpenAPI check ------------------------
api GET /api/v1/realtime-stats /api/v1/realtime-stats >/dev/null
api GET /healthz /healthz >/dev/null
api GET /readyz /readyz >/dev/null
api GET / / >/dev/null
api GET /monitoring /monitoring >/dev/null
api GET '/{lang}/monitoring' /ko/monitoring >/dev/null
api GET '/{lang}/monitoring' '/en/monitoring?sort=x' >/dev/null
api GET '/{lang}/models/{slug}' "/ja/models/$SLUG" >/dev/null
api GET '/{lang}/models/{slug}' /es/models/nope >/dev/null
api GET '/lang/{lang}' '/lang/zh?next=/zh/monitoring' >/dev/null
for t in '/{lang}:/en' '/{lang}/:/ko/' '/{lang}/monitoring/:/ja/monitoring/' '/{lang}/models:/zh/models' \
	'/{lang}/models/:/es/models/' "/{lang}/models/{slug}/:/en/models/$SLUG/" '/monitoring/:/monitoring/'; do
	api GET "${t%%:*}" "${t#*:}" >/dev/null
done
# Issue 14: API errors speak of endpoints, not pages, and list what a
# parameter accepts.
check "bad range" "$(api GET /api/v1/history '/api/v1/history?range=2d')" 400
check "... message" "$(jq -r .error.message "$OUT/body")" "A query parameter has a value this endpoint does not accept."
check "... accepted" "$(jq -r .error.accepted "$OUT/body")" "1h, 24h, 7d, 30d"
check "an unknown API path" "$(fetch /api/v1/nope)" 404
check "... says endpoint, not page" "$(jq -r .error.message "$OUT/body")" "There is no endpoint or resource at this path."
check "ingest off" "$(api POST /api/v1/checks /api/v1/checks -H 'Content-Type: application/json' --data '{}')" 503
check "ingest off code" "$(jq -r .error.code "$OUT/body")" ingest_disabled
check "ingest: no CORS" "$(head_value Access-Control-Allow-Origin)" ""
check "openapi" "$(api GET /api/v1/openapi.json /api/v1/openapi.json)" 200
check "openapi is the file in the repo" "$(cmp -s "$OUT/body" static/openapi.json && echo same)" same
check "405 lists methods" "$(fetch /api/v1/models -X POST)" 405
check "405 allow" "$(head_value Allow)" "GET, HEAD"

# ---- /metrics ----------------------------------------------------------------
metric() { grep -F "$1 " "$OUT/body" | awk '{ print $NF }'; }
check "metrics" "$(api GET /metrics /metrics)" 200
check "metrics type" "$(head_value Content-Type)" "text/plain; version=0.0.4; charset=utf-8"
check "metrics: no CORS" "$(head_value Access-Control-Allow-Origin)" ""
before=$(metric 'aigo_requests_total{route="/api/v1/providers",status="200"}')
hist_before=$(metric 'aigo_request_duration_seconds_count{route="/api/v1/providers"}')
for _ in 1 2 3 4 5 6 7; do fetch /api/v1/providers >/dev/null; done
fetch /metrics >/dev/null
check "metrics count every worker's requests" \
	"$(metric 'aigo_requests_total{route="/api/v1/providers",status="200"}')" $((${before:-0} + 7))
check "metrics histogram counts them" \
	"$(metric 'aigo_request_duration_seconds_count{route="/api/v1/providers"}')" $((${hist_before:-0} + 7))
check "metrics histogram +Inf = count" \
	"$(metric 'aigo_request_duration_seconds_bucket{route="/api/v1/providers",le="+Inf"}')" $((${hist_before:-0} + 7))
check "metrics 404 counted without a route" "$(fetch /nope >/dev/null; fetch /metrics >/dev/null;
	metric 'aigo_requests_total{route="none",status="404"}' | grep -c '^[1-9]')" 1
for s in operational degraded outage unknown; do
	check "metrics models $s = sqlite3" "$(metric "aigo_models{status=\"$s\"}")" \
		"$(q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = '$s'")"
done
check "metrics provider openai outage = sqlite3" "$(metric 'aigo_provider_models{provider="openai",status="outage"}')" \
	"$(q "$STATUS_SQL SELECT count(*) FROM per_model p JOIN models m ON m.id = p.id
	      JOIN providers v ON v.id = m.provider_id WHERE v.slug = 'openai' AND p.st = 'outage'")"
check "metrics data source" "$(metric 'aigo_data_source{source="database"}')" 1
check "metrics only for loopback (127.0.0.2 is refused by nginx)" \
	"$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$BASE/metrics")" 403
check "the rest is open to 127.0.0.2" \
	"$(curl -s -o /dev/null -w '%{http_code}' --interface 127.0.0.2 "$BASE/healthz")" 200

# ---- aigo config check ----------------------------------------------------------
out=$(AIGO_CONFIG=contrib/aigo.conf.example AIGO_DB= AIGO_SNAPSHOT= AIGO_INGEST_TOKENS= ./cgi-bin/aigo config check 2>&1)
check "config check of the example" "$?" 0
check "config check: file value and line" "$(echo "$out" | grep -B1 '^db = ' | tr '\n' ' ')" \
	"# the SQLite database (ROOT/db/aigo.db); from contrib/aigo.conf.example:$(grep -n '^db = ' contrib/aigo.conf.example | cut -d: -f1) db = /var/lib/aigo/aigo.db "
check "config check: environment wins" "$(echo "$out" | grep -B1 '^root = ' | head -n 1 | grep -o 'from .*')" \
	"from environment AIGO_ROOT"
printf 'db = /tmp/x\nworkers = 4\n' >"$OUT/bad.conf"
out=$(AIGO_CONFIG=$OUT/bad.conf ./cgi-bin/aigo config check 2>&1)
check "config check refuses an unknown key" "$?" 2
check "config check names the line" "$out" "aigo: $OUT/bad.conf:2: unknown key \"workers\""

./cgi-bin/aigo routes >"$OUT/routes"
if /usr/bin/python3 tests/e2e/openapi_check.py static/openapi.json "$OUT/routes" "$OUT/manifest" >"$OUT/openapi.log" 2>&1; then
	pass
else
	fail "openapi check (tests/out/api/openapi.log):"
	grep -v '^ok' "$OUT/openapi.log" | head -20
fi
tail -n 1 "$OUT/openapi.log"
summary api
