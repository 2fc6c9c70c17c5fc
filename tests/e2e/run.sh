#!/usr/bin/env bash
# run.sh: end-to-end tests through a real nginx and `aigo serve` over a demo database, checked against the sqlite3 CLI.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/e2e
rm -rf "$OUT"
mkdir -p "$OUT"
# A fixed clock, off the hour, so bucket edges are exercised.
NOW=1795839634
W=1800
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json


trap 'stack_stop' EXIT
demo_stack

# The shipped nginx.conf starts without a warning (it warned of a duplicate
# svg type), and serves the icon as SVG.
check "nginx starts without a warning" "$(grep -c '\[warn\]\|\[emerg\]' "$OUT/run/nginx-stderr.log")" 0
check "icon is image/svg+xml" "$(curl -s -o /dev/null -w '%{content_type}' "$BASE/static/favicon.svg")" "image/svg+xml; charset=utf-8"

json() { jq -r "$1" "$OUT/stats.json"; }

# ---- the numbers, computed independently from the checks table ----------
STATUS_SQL=$(status_sql)
want_count() { q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = '$1'"; }
WANT_TOTAL=$(q "SELECT count(*) FROM models")
WANT_ACTIVE=$(q "SELECT count(*) FROM models WHERE is_active")
WANT_PROVIDERS=$(q "SELECT count(*) FROM providers")
WANT_OPERATIONAL=$(want_count operational)
WANT_DEGRADED=$(want_count degraded)
WANT_OUTAGE=$(want_count outage)
WANT_UNKNOWN=$(want_count unknown)
WANT_AVAIL=$(q "SELECT printf('%.4f', avg(a)) FROM (
  SELECT 100.0 * sum(c.status <> 'outage') / count(*) AS a
  FROM checks c JOIN models m ON m.id = c.model_id
  WHERE m.is_active AND c.checked_at > $NOW - 86400 AND c.checked_at <= $NOW
  GROUP BY c.model_id)")
echo "sqlite3: total=$WANT_TOTAL active=$WANT_ACTIVE operational=$WANT_OPERATIONAL" \
	"degraded=$WANT_DEGRADED outage=$WANT_OUTAGE unknown=$WANT_UNKNOWN" \
	"avgAvailability=$WANT_AVAIL providers=$WANT_PROVIDERS"
# The demo must show every state, or the comparison proves little.
for n in WANT_OPERATIONAL WANT_DEGRADED WANT_OUTAGE WANT_UNKNOWN; do
	[ "${!n}" -gt 0 ] && pass || fail "demo data has no model with $n"
done

# ---- JSON ---------------------------------------------------------------
check "realtime-stats status" "$(fetch /api/v1/realtime-stats)" 200
cp "$OUT/body" "$OUT/stats.json"
check "json totalModels" "$(json .totalModels)" "$WANT_TOTAL"
check "json activeModels" "$(json .activeModels)" "$WANT_ACTIVE"
check "json operationalModels" "$(json .operationalModels)" "$WANT_OPERATIONAL"
check "json degradedModels" "$(json .degradedModels)" "$WANT_DEGRADED"
check "json outageModels" "$(json .outageModels)" "$WANT_OUTAGE"
check "json unknownModels" "$(json .unknownModels)" "$WANT_UNKNOWN"
check "json providers" "$(json .providers)" "$WANT_PROVIDERS"
check "json dataSource" "$(json .dataSource)" database
check "json isDemo" "$(json .isDemo)" true
check "json timestamp" "$(json .timestamp)" "$(date -u -d "@$NOW" +%Y-%m-%dT%H:%M:%SZ)"
check "json avgAvailability" \
	"$(awk -v a="$(json .avgAvailability)" -v b="$WANT_AVAIL" \
		'BEGIN { d = a - b; print (d < 0.0051 && d > -0.0051) ? "close" : a " vs " b }')" close
check "invariants" "$(json '(.activeModels <= .totalModels) and
	(.operationalModels + .degradedModels + .outageModels + .unknownModels == .activeModels) and
	(.avgAvailability >= 0 and .avgAvailability <= 100)')" true
check "X-Data-Source" "$(head_value X-Data-Source)" database

# ---- the page shows the same numbers, in each language -------------------
# Every served locale: one catalog file each.
LANGS=$(for f in locales/*.json; do basename "$f" .json; done)
# No key of any catalog appears as text, and no {placeholder} is left.
no_raw_keys() {
	local raw key
	raw=$(raw_keys "$OUT/body")
	for key in $raw; do fail "$1 contains the raw key $key"; done
	[ -z "$raw" ] && pass
	check "$1 no unfilled placeholder" "$(grep -c '{[a-zA-Z]*}' "$OUT/body")" 0
}
# all_pages PATH: the models table's rows of PATH and of each page its
# rel="next" link leads to, into $OUT/rows (page 1 stays in $OUT/body).
all_pages() {
	local path=$1 n=0
	cp "$OUT/body" "$OUT/page1"
	: >"$OUT/rows"
	while [ -n "$path" ] && [ $n -lt 20 ]; do
		fetch "$path" >/dev/null
		grep -o '<tr data-model="[^"]*" data-status="[a-z]*">' "$OUT/body" >>"$OUT/rows"
		path=$(grep -o '<a rel="next" href="[^"#]*' "$OUT/body" | sed 's/.*href="//; s/&amp;/\&/g')
		n=$((n + 1))
	done
	cp "$OUT/page1" "$OUT/body"
}
rows() { grep -c "data-status=\"$1\">" "$OUT/rows"; }
pct1() { awk -v v="$1" 'BEGIN { printf "%.1f%%", v }'; }
for lang in $LANGS; do
	check "/$lang/monitoring status" "$(fetch "/$lang/monitoring")" 200
	cp "$OUT/body" "$OUT/page-$lang.html"
	all_pages "/$lang/monitoring"
	check "$lang Content-Language" "$(head_value Content-Language)" "$lang"
	check "$lang html lang" "$(grep -c "<html lang=\"$lang\">" "$OUT/body")" 1
	check "$lang total card" "$(card total)" "$WANT_TOTAL"
	check "$lang active card" "$(card active)" "$WANT_ACTIVE/$WANT_TOTAL"
	for s in operational degraded outage unknown; do
		want=WANT_${s^^}
		check "$lang $s card" "$(card "$s")" "${!want}"
		check "$lang $s table rows" "$(rows "$s")" "${!want}"
		check "$lang $s chart bar" \
			"$(perl -0ne 'print $1 if /aria-labelledby="chart-status-title.*?<\/svg>/s && $& =~ /class="bar s-'"$s"'"[^>]*data-value="(\d+)"/' "$OUT/body")" "${!want}"
	done
	check "$lang inactive rows" "$(rows inactive)" "$((WANT_TOTAL - WANT_ACTIVE))"
	# The locale's own decimal separator and percent pattern.
	check "$lang availability card" "$(card_text availability)" \
		"$(jq -r --arg v "$(pct1 "$(json .avgAvailability)" | tr -d %)" \
			'.format.percent | sub("\\{value\\}"; ($v | sub("\\."; input.format.decimalSeparator)))' \
			"locales/$lang.json" "locales/$lang.json")"
	check "$lang no unfilled placeholder" "$(grep -c '{[a-zA-Z]*}' "$OUT/body")" 0
	check "$lang providers card" "$(card providers)" "$WANT_PROVIDERS"
	check "$lang demo label" "$(grep -c 'class="tag demo"' "$OUT/body")" 1
	check "$lang no template marker" "$(grep -c '{{' "$OUT/body")" 0
	no_raw_keys "$lang monitoring"
done
check "ko page is Korean" "$(grep -c '활성 모델' "$OUT/page-ko.html")" 1
check "ja page is Japanese" "$(grep -c '<html lang="ja">' "$OUT/page-ja.html")" 1
check "es page groups with its own separator" "$(grep -c '>97,4 %<\|>[0-9]*,[0-9] %<' "$OUT/page-es.html")" 1

# ---- history: every bucket equals DESIGN 3 computed over the checks table -
# samples_sql FIRST WIDTH N: per bucket "operational degraded outage unknown",
# the mean over its sample instants (the 5-minute boundaries in (start, end]
# up to now, and now; none before the first check: "null") of the active
# models in each status, each model's status at an instant from its regions'
# latest checks younger than W at or before it.
samples_sql() {
	q "WITH RECURSIVE i(t) AS (SELECT $1 + 300 UNION ALL SELECT t + 300 FROM i WHERE t + 300 <= $NOW),
	  f(c) AS (SELECT min(checked_at) FROM checks),
	  ins(t) AS (SELECT t FROM i, f WHERE t >= f.c UNION SELECT $NOW FROM f WHERE $NOW >= f.c),
	  reg AS (SELECT c.model_id, c.region FROM current_status c JOIN models m ON m.id = c.model_id WHERE m.is_active),
	  st AS (SELECT ins.t, reg.model_id, (SELECT k.status FROM checks k WHERE k.model_id = reg.model_id
	           AND k.region = reg.region AND k.checked_at <= ins.t AND k.checked_at > ins.t - $W
	           ORDER BY k.checked_at DESC LIMIT 1) AS s FROM ins, reg),
	  per AS (SELECT t, CASE WHEN count(s) = 0 THEN 'unknown' WHEN sum(s = 'operational') = count(s) THEN 'operational'
	            WHEN sum(s = 'outage') = count(s) THEN 'outage' ELSE 'degraded' END AS x FROM st GROUP BY t, model_id),
	  agg AS (SELECT (t - 1 - $1) / $2 AS b, count(DISTINCT t) AS n, sum(x = 'operational') AS o,
	            sum(x = 'degraded') AS d, sum(x = 'outage') AS u FROM per GROUP BY 1),
	  b(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM b WHERE i < $3 - 1)
	  SELECT CASE WHEN agg.n IS NULL THEN 'null null null null' ELSE
	    printf('%.4f %.4f %.4f %.4f', 1.0 * o / n, 1.0 * d / n, 1.0 * u / n, $WANT_ACTIVE - 1.0 * (o + d + u) / n) END
	  FROM b LEFT JOIN agg ON agg.b = b.i ORDER BY b.i"
}
# near A B: whether two lists of numbers (or null) agree to 0.01 each.
near() {
	paste -d' ' <(echo "$1") <(echo "$2") | awk '{ n = NF / 2; for (k = 1; k <= n; k++) {
		a = $k; b = $(k + n); if ((a == "null") != (b == "null")) bad++;
		else if (a != "null" && (a - b > 0.0101 || b - a > 0.0101)) bad++ } }
		END { print bad ? "differ" : "near" }'
}
for spec in 1h:300:12 24h:3600:24 7d:21600:28 30d:86400:30; do
	IFS=: read -r range width n <<<"$spec"
	check "history $range status" "$(fetch "/api/v1/realtime-stats?includeHistory=true&range=$range")" 200
	cp "$OUT/body" "$OUT/stats.json"
	first=$((NOW - NOW % width - (n - 1) * width))
	got=$(json '.history.points[:-1][] | "\(.operational) \(.degraded) \(.outage) \(.unknown)"')
	want=$(samples_sql "$first" "$width" "$n")
	check "history $range buckets = sample means over the checks" "$(near "$got" "$want")" near
	[ "$(near "$got" "$want")" != near ] && diff <(echo "$got") <(echo "$want") | head -5
	check "history $range points add up to the active models" \
		"$(json "[.history.points[] | select(.samples > 0) | (.operational + .degraded + .outage + .unknown) * 100 | round] | unique | tostring")" \
		"[$((WANT_ACTIVE * 100))]"
	check "history $range now point" \
		"$(json '.history.points[-1] | [.isNow, .operational, .degraded, .outage, .unknown, .availability] | @csv')" \
		"$(json '[true, .operationalModels, .degradedModels, .outageModels, .unknownModels, .avgAvailability] | @csv')"
	check "history $range first bucket" "$(json '.history.points[0].timestamp')" \
		"$(date -u -d "@$first" +%Y-%m-%dT%H:%M:%SZ)"
	# The page's chart and its table equal the JSON, in every locale.
	want_rows=$(json '.history.points[] | "\(.timestamp) \(.operational) \(.degraded) \(.outage) \(.unknown) \(.availability // "-")"' |
		awk '{ if ($6 != "-") $6 = sprintf("%.2f", $6); print }')
	for lang in $LANGS; do
		check "page $lang $range" "$(fetch "/$lang/monitoring?range=$range")" 200
		got_rows=$(perl -0ne 'while (/<tr data-time="([^"]*)">(.*?)<\/tr>/sg) {
			my ($t, $r) = ($1, $2); my @v = $r =~ /data-status="[a-z]+" data-value="([^"]*)"/g;
			my ($a) = $r =~ /data-availability="([^"]*)"/;
			print join(" ", $t, (map { $_ eq "" ? "null" : $_ + 0 } @v), $a eq "" ? "-" : $a), "\n" }' "$OUT/body")
		check "page $lang $range table equals json" "$(echo "$got_rows" | md5sum)" "$(echo "$want_rows" | md5sum)"
		[ "$got_rows" != "$want_rows" ] && diff <(echo "$got_rows") <(echo "$want_rows") | head -4
		check "page $lang $range chart bars" \
			"$(grep -o '<g class="point[^"]*">\(<title>[^<]*</title>\)\?\(<rect[^>]*>\)*</g>' "$OUT/body" | wc -l)" "$((n + 1))"
		check "page $lang $range now bars equal headline" \
			"$(grep -o '<g class="point now">.*' "$OUT/body" | sed 's#</g>.*##' |
				grep -o 'class="bar s-[a-z]*"[^>]*data-value="[0-9]*\.00"' |
				sed 's/class="bar s-\([a-z]*\)".*data-value="\([0-9]*\)\.00"/\1=\2/' | sort | tr '\n' ' ')" \
			"$(json '[["degraded", .degradedModels], ["operational", .operationalModels], ["outage", .outageModels], ["unknown", .unknownModels]] | map(select(.[1] > 0) | "\(.[0])=\(.[1])") | join(" ")') "
		check "page $lang $range availability line" "$(grep -c '<polyline class="avail-line"' "$OUT/body")" 1
		check "page $lang $range current range link" \
			"$(grep -o "<a href=\"/$lang/monitoring?range=$range\" aria-current=\"page\">" "$OUT/body" | wc -l)" 1
	done
done

# ---- the provider chart and table equal counts from the sqlite3 CLI ------
fetch /en/monitoring >/dev/null
got=$(perl -0ne 'while (/<tr data-provider="([^"]*)"><th scope="row">[^<]*<\/th><td class="num">([^<]*)<\/td><td class="num">([^<]*)</sg) { print "$1 $2 $3\n" }' "$OUT/body")
want=$(q "SELECT p.slug || ' ' || count(*) || ' ' || sum(m.is_active) FROM providers p JOIN models m ON m.provider_id = p.id
	GROUP BY p.id ORDER BY sum(m.is_active) DESC, p.name")
check "provider table equals sqlite3" "$(echo "$got" | md5sum)" "$(echo "$want" | md5sum)"
[ "$got" != "$want" ] && diff <(echo "$got") <(echo "$want") | head -4
check "provider chart rows" "$(grep -o '<svg[^>]*aria-labelledby="chart-providers-title' "$OUT/body" | wc -l)" 1

# ---- a model page: per-region series equal the sqlite3 CLI's ------------
MODEL=amazon-nova-pro
MID=$(q "SELECT id FROM models WHERE slug = '$MODEL'")
for spec in 1h:300:12 24h:3600:24 7d:21600:28 30d:86400:30; do
	IFS=: read -r range width n <<<"$spec"
	first=$((NOW - NOW % width - (n - 1) * width))
	# Nearest-rank percentiles, ceil(p/100 * count), and availability.
	want=$(q "WITH k AS (SELECT region, (checked_at - $first) / $width AS i, status, latency_ms
	            FROM checks WHERE model_id = $MID AND checked_at >= $first
	              AND checked_at < $first + $n * $width),
	          r AS (SELECT region, i, latency_ms l,
	                  row_number() OVER (PARTITION BY region, i ORDER BY latency_ms) rn,
	                  count(*) OVER (PARTITION BY region, i) c
	                FROM k WHERE latency_ms IS NOT NULL),
	          p AS (SELECT region, i, max(CASE WHEN rn = (c * 50 + 99) / 100 THEN l END) p50,
	                  max(CASE WHEN rn = (c * 95 + 99) / 100 THEN l END) p95 FROM r GROUP BY 1, 2),
	          a AS (SELECT region, i, printf('%.2f', 100.0 * sum(status <> 'outage') / count(*)) av
	                FROM k GROUP BY 1, 2)
	  SELECT a.region || ' ' || a.i || ' ' || coalesce(p.p50, '-') || ' ' || coalesce(p.p95, '-') || ' ' || a.av
	  FROM a LEFT JOIN p USING (region, i) ORDER BY a.region, a.i")
	for lang in $LANGS; do
		check "model page $lang $range" "$(fetch "/$lang/models/$MODEL?range=$range")" 200
		no_raw_keys "model page $lang $range"
		got=$(perl -0ne 'while (/<table class="chart-table series-table" data-region="([^"]*)">(.*?)<\/table>/sg) {
			my ($reg, $t) = ($1, $2); my $i = 0;
			while ($t =~ /<tr data-time="[^"]*">.*?data-p50="([^"]*)".*?data-p95="([^"]*)".*?data-availability="([^"]*)"/sg) {
				print join(" ", $reg, $i, $1 eq "" ? "-" : $1, $2 eq "" ? "-" : $2, $3), "\n" if $3 ne ""; $i++ } }' "$OUT/body")
		check "model page $lang $range series equal sqlite3" "$(echo "$got" | md5sum)" "$(echo "$want" | md5sum)"
		[ "$got" != "$want" ] && diff <(echo "$got") <(echo "$want") | head -4
		check "model page $lang $range charts" "$(grep -o '<svg[^>]*aria-labelledby="chart-\(latency\|availability\)-' "$OUT/body" | wc -l)" \
			"$((2 * $(q "SELECT count(DISTINCT region) FROM checks WHERE model_id = $MID AND checked_at >= $first")))"
	done
done
want=$(q "SELECT region || ' ' || printf('%.1f%%', 100.0 * sum(status <> 'outage') / count(*)) FROM checks
	WHERE model_id = $MID AND checked_at > $NOW - 86400 AND checked_at <= $NOW GROUP BY region ORDER BY region")
got=$(perl -0ne 'while (/<tr data-region="([^"]*)" data-status="[a-z]*">.*?data-window="24h">([^<]*)</sg) { print "$1 $2\n" }' "$OUT/body")
check "model page 24h availability per region" "$got" "$want"
check "model page recent checks" "$(grep -o '<tr data-status="[a-z]*"><td><time' "$OUT/body" | wc -l)" 50
# DESIGN 3: the newest 50 at or before now, whatever their age; the JSON
# lists the same ones.
check "model page recent checks = sqlite3" \
	"$(grep -o '<tr data-status="[a-z]*"><td><time datetime="[^"]*"' "$OUT/body" | grep -o '20[0-9T:Z-]*' | md5sum)" \
	"$(q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', checked_at, 'unixepoch') FROM checks WHERE model_id = $MID
	      AND checked_at <= $NOW ORDER BY checked_at DESC, region LIMIT 50" | md5sum)"
check "... = the JSON's" "$(curl -s "$BASE/api/v1/models/$MODEL" | jq -r '.checks[].checkedAt' | md5sum)" \
	"$(grep -o '<tr data-status="[a-z]*"><td><time datetime="[^"]*"' "$OUT/body" | grep -o '20[0-9T:Z-]*' | md5sum)"
check "model page newest check first" "$(grep -o '<tr data-status="[a-z]*"><td><time datetime="[^"]*"' "$OUT/body" | head -n 1 | grep -o '20[0-9T:Z-]*')" \
	"$(q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', max(checked_at), 'unixepoch') FROM checks WHERE model_id = $MID AND checked_at <= $NOW")"
check "model page no raw keys" "$(grep -c 'modelPage\.' "$OUT/body")" 0
check "models link to their page" "$(fetch /ko/monitoring >/dev/null; grep -c "<a href=\"/ko/models/$MODEL\">" "$OUT/body")" 1
for lang in $LANGS; do
	check "404 $lang" "$(fetch "/$lang/no-such-page")" 404
	no_raw_keys "404 page $lang"
	check "400 $lang" "$(fetch "/$lang/monitoring?range=forever")" 400
	no_raw_keys "400 page $lang"
done
check "unknown model is 404" "$(fetch /ko/models/no-such-model)" 404
check "unknown model 404 in Korean" "$(grep -c '페이지를 찾을 수 없음' "$OUT/body")" 1
check "bad slug is 404" "$(fetch '/en/models/Bad_Slug')" 404
# Issue 14: the footer's freshness note only where statuses are shown;
# a table whose rows are single regions says "Region".
check "no freshness note on a 404" "$(grep -c 'counts as unknown' "$OUT/body")" 0
fetch '/en/monitoring?range=2d' >/dev/null
check "no freshness note on a 400" "$(grep -c 'counts as unknown' "$OUT/body")" 0
fetch /en/monitoring >/dev/null
check "the freshness note on the monitoring page" "$(grep -c 'counts as unknown' "$OUT/body")" 1
fetch /en/models/gpt-4o >/dev/null
check "... and on a model page" "$(grep -c 'counts as unknown' "$OUT/body")" 1
check "a model page's rows are a region each" "$(grep -o '<th scope="col">Region</th>' "$OUT/body" | wc -l)" 2
check "... never Regions" "$(grep -c '<th scope="col">Regions</th>' "$OUT/body")" 0

# ---- filters and sorting of the models table -----------------------------
mrows() { grep -o '<tr data-model="[^"]*" data-status="[a-z]*">' "$OUT/body"; }
fetch '/en/monitoring?status=outage' >/dev/null
check "filter outage rows" "$(mrows | wc -l)" "$WANT_OUTAGE"
check "filter outage only outage" "$(mrows | grep -vc 'data-status="outage"')" 0
check "filter shown line" "$(grep -o 'Showing [0-9]* of [0-9]* models' "$OUT/body")" "Showing $WANT_OUTAGE of $WANT_TOTAL models"
check "filters keep the headline" "$(card total)" "$WANT_TOTAL"
fetch '/ko/monitoring?status=inactive&range=7d' >/dev/null
check "filter inactive rows" "$(mrows | wc -l)" "$((WANT_TOTAL - WANT_ACTIVE))"
fetch '/en/monitoring?provider=openai&status=' >/dev/null
check "filter provider rows" "$(mrows | wc -l)" "$(q "SELECT count(*) FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.slug = 'openai'")"
fetch '/en/monitoring?sort=latency&order=asc' >/dev/null
all_pages '/en/monitoring?sort=latency&order=asc'
check "sort by latency" "$(sed 's/.*data-model="\([^"]*\)".*/\1/' "$OUT/rows" | md5sum)" \
	"$(q "SELECT m.slug FROM models m JOIN providers p ON p.id = m.provider_id
	  LEFT JOIN (SELECT model_id, latency_ms, max(checked_at) FROM current_status GROUP BY model_id) c
	    ON c.model_id = m.id
	  ORDER BY coalesce(c.latency_ms, -1), p.name COLLATE NOCASE, p.slug, m.name COLLATE NOCASE, m.slug" | md5sum)"
fetch '/en/monitoring?sort=model&order=desc' >/dev/null
check "sort by name descending" "$(mrows | head -n 1 | sed 's/.*data-model="\([^"]*\)".*/\1/')" \
	"$(q "SELECT slug FROM models ORDER BY name COLLATE NOCASE DESC LIMIT 1")"
check "sorted column marked" "$(grep -o '<th scope="col" class="num" aria-sort="descending"><a href="[^"]*">Availability' "$OUT/body" | wc -l)" 0
check "header links sort by column" "$(grep -c '<a href="/en/monitoring?sort=latency&amp;order=asc#models">Latency</a>' "$OUT/body")" 1
check "current column flips the order" "$(grep -c 'aria-sort="descending"><a href="/en/monitoring?sort=model&amp;order=asc#models">Model</a>' "$OUT/body")" 1
# Issue 14: every link and form keeps the state it does not change, and
# the table's links and form land on the table.
fetch '/en/monitoring?provider=openai&status=operational&sort=latency&order=desc&range=7d' >/dev/null
check "range links keep filters and sort" "$(grep -o '<a href="/en/monitoring?range=30d&amp;provider=openai&amp;status=operational&amp;sort=latency&amp;order=desc">' "$OUT/body" | wc -l)" 1
check "sort links keep range and filters" "$(grep -c '<a href="/en/monitoring?range=7d&amp;provider=openai&amp;status=operational&amp;sort=model&amp;order=asc#models">' "$OUT/body")" 1
check "the filter form lands on the table" "$(grep -c '<form class="filters" method="get" action="/en/monitoring#models">' "$OUT/body")" 1
check "the table's section is #models" "$(grep -c '<section id="models"' "$OUT/body")" 1
# Issue 16: the table in pages of 100 rows; the page's links keep range,
# filters and sort and land on the table; sort links start at page 1; a
# bad page is a 400 that lists what it accepts.
P='/en/monitoring?range=7d&sort=latency&order=desc'
fetch "$P" >/dev/null
check "page 1 of the table: 100 rows" "$(mrows | wc -l)" 100
check "page 1 says which rows" "$(grep -o 'Models 1–100 of [0-9]*' "$OUT/body")" "Models 1–100 of $WANT_TOTAL"
check "next keeps range and sort" "$(grep -c '<a rel="next" href="/en/monitoring?range=7d&amp;sort=latency&amp;order=desc&amp;page=2#models">' "$OUT/body")" 1
check "page 1 is current, no previous" "$(grep -c 'aria-current="page">1</a>' "$OUT/body") $(grep -c 'rel="prev"' "$OUT/body")" "1 0"
check "page 2 status" "$(fetch "$P&page=2")" 200
check "page 2 rows" "$(mrows | wc -l)" "$((WANT_TOTAL - 100))"
check "previous keeps range and sort" "$(grep -c '<a rel="prev" href="/en/monitoring?range=7d&amp;sort=latency&amp;order=desc#models">' "$OUT/body")" 1
check "page 2 is current, no next" "$(grep -c 'aria-current="page">2</a>' "$OUT/body") $(grep -c 'rel="next"' "$OUT/body")" "1 0"
check "range links keep the page" "$(grep -c '<a href="/en/monitoring?range=30d&amp;sort=latency&amp;order=desc&amp;page=2">' "$OUT/body")" 1
check "sort links start at page 1" "$(grep -c '<a href="/en/monitoring?range=7d&amp;sort=model&amp;order=asc#models">' "$OUT/body")" 1
check "the language switch keeps the page" "$(grep -c 'href="/lang/ko?next=/ko/monitoring%3Frange%3D7d%26sort%3Dlatency%26order%3Ddesc%26page%3D2"' "$OUT/body")" 1
check "the cards count every model on page 2" "$(card total)" "$WANT_TOTAL"
fetch '/en/monitoring?provider=openai&status=operational&page=1' >/dev/null
check "one page: no page links" "$(grep -c '<nav class="pages"' "$OUT/body")" 0
check "page past the end" "$(fetch "$P&page=3")" 200
check "... has no rows" "$(mrows | wc -l)" 0
check "... says which page is the last" "$(grep -c 'No models on page 3; the last page is 2.' "$OUT/body")" 1
check "... links to it" "$(grep -c '<a rel="prev" href="/en/monitoring?range=7d&amp;sort=latency&amp;order=desc&amp;page=2#models">' "$OUT/body")" 1
fetch '/es/monitoring?page=2' >/dev/null
check "page links translated" "$(grep -c 'Modelos 101–[0-9]* de [0-9]*' "$OUT/body") $(grep -c '>Anterior</a>' "$OUT/body")" "1 1"
check "bad page is 400" "$(fetch '/en/monitoring?page=0')" 400
check "the 400 page lists the pages" "$(grep -c '<code>1 to 10000</code>' "$OUT/body")" 1
check "page past the limit is 400" "$(fetch '/en/monitoring?page=10001')" 400
fetch '/en/models/gpt-4o?range=1h' >/dev/null
check "model page range links" "$(grep -o '<a href="/en/models/gpt-4o?range=30d"' "$OUT/body" | wc -l)" 1
check "bad sort is 400" "$(fetch '/en/monitoring?sort=random')" 400
check "the 400 page lists the sorts" "$(grep -c '<code>provider, model, status, latency, availability, checked</code>' "$OUT/body")" 1
check "bad range is 400" "$(fetch '/ko/monitoring?range=2d')" 400
check "the 400 page lists the ranges, translated" "$(grep -c '<p>허용되는 값: <code>1h, 24h, 7d, 30d</code></p>' "$OUT/body")" 1
check "unknown provider is 400" "$(fetch '/en/monitoring?provider=nobody')" 400
check "unknown provider names the field" "$(grep -c '<code>provider</code>' "$OUT/body")" 1
check "... and lists the providers" "$(grep -c "<code>$(q "SELECT group_concat(slug, ', ') FROM (SELECT slug FROM providers ORDER BY name COLLATE NOCASE, slug)")</code>" "$OUT/body")" 1

# ---- redirects and negotiation -------------------------------------------
check "/ status" "$(fetch / -H 'Accept-Language: ko-KR,ko;q=0.9,en;q=0.8')" 302
check "/ Location" "$(head_value Location)" /ko/monitoring
check "/ Vary" "$(head_value Vary)" "Accept-Language, Cookie"
fetch /monitoring -H 'Accept-Language: ko' -b 'lang=en' >/dev/null
check "cookie beats header" "$(head_value Location)" /en/monitoring
fetch '/?range=7d' >/dev/null
check "default keeps query" "$(head_value Location)" "/en/monitoring?range=7d"
fetch / -H 'Accept-Language: zh-TW,zh;q=0.9,en;q=0.5' >/dev/null
check "zh-TW goes to zh" "$(head_value Location)" /zh/monitoring
fetch / -H 'Accept-Language: es-419' >/dev/null
check "es-419 goes to es" "$(head_value Location)" /es/monitoring
check "prefix beats cookie and header" "$(fetch /ja/monitoring -H 'Accept-Language: ko' -b 'lang=es')" 200
check "prefix beats cookie and header: page" "$(grep -c '<html lang="ja">' "$OUT/body")" 1
# Issue 14: paths a person types go to the canonical page, with the query.
for pair in "/en:/en/monitoring" "/en/:/en/monitoring" "/en/monitoring/:/en/monitoring" \
	"/ko/models:/ko/monitoring#models" "/ko/models/:/ko/monitoring#models" \
	"/ja/models/gpt-4o/:/ja/models/gpt-4o"; do
	from=${pair%%:*}
	to=${pair#*:}
	check "$from redirects" "$(fetch "$from?range=7d&utm=x")" 301
	check "$from goes to $to" "$(head_value Location)" "${to%%#*}?range=7d${to#"${to%%#*}"}"
done
check "/monitoring/ negotiates" "$(fetch /monitoring/ -H 'Accept-Language: es')" 302
check "/monitoring/ Location" "$(head_value Location)" /es/monitoring
check "an unknown language is still 404" "$(fetch /xx/)" 404
check "switcher" "$(fetch '/lang/es?next=%2Fes%2Fmonitoring%3Frange%3D7d')" 302
check "switcher goes back" "$(head_value Location)" "/es/monitoring?range=7d"
check "switcher sets the cookie" "$(head_value Set-Cookie)" "lang=es; Path=/; Max-Age=31536000; SameSite=Lax"
check "switcher refuses other sites" "$(fetch '/lang/es?next=%2F%2Fevil.example%2F')" 400
check "switcher links on pages" "$(fetch /ko/models/$MODEL >/dev/null; grep -c '<a href="/lang/ja?next=/ja/models/'"$MODEL"'" hreflang="ja"' "$OUT/body")" 1
check "hreflang alternates" "$(grep -o '<link rel="alternate" hreflang="[a-z]*"' "$OUT/body" | wc -l)" "$(echo "$LANGS" | wc -w)"
# Dates in a configured display time zone, with the zone shown.
check "time zone" "$(env AIGO_TIMEZONE=Asia/Seoul REQUEST_METHOD=GET DOCUMENT_URI=/en/monitoring ./cgi-bin/aigo </dev/null 2>/dev/null |
	grep -o 'Updated [0-9-]* [0-9:]* [A-Z]*')" "Updated 2026-11-28 13:20 KST"
check "unknown time zone refused" "$(AIGO_TIMEZONE=Mars/Base ./cgi-bin/aigo check-locales 2>&1 | grep -c 'not a known time zone')" 1

# ---- errors --------------------------------------------------------------
check "404 page" "$(fetch /no/such/page)" 404
check "404 translated" "$(grep -c 'Page not found' "$OUT/body")" 1
check "404 Korean" "$(fetch /ko/nothing-here)" 404
check "404 Korean text" "$(grep -c '페이지를 찾을 수 없음' "$OUT/body")" 1
check "unsupported prefix" "$(fetch /xx/monitoring)" 404
check "unsupported prefix in en" "$(grep -c '<html lang="en">' "$OUT/body")" 1
check "404 json" "$(fetch /api/v1/nothing)" 404
check "404 json code" "$(jq -r .error.code "$OUT/body")" not_found
check "405 page" "$(fetch /en/monitoring -X POST -d x=1)" 405
check "405 Allow" "$(head_value Allow)" "GET, HEAD"
check "405 json" "$(fetch /api/v1/realtime-stats -X DELETE)" 405
check "405 json code" "$(jq -r .error.code "$OUT/body")" method_not_allowed
check "400 page" "$(fetch '/ko/monitoring?range=forever')" 400
check "400 page Korean" "$(grep -c '잘못된 요청' "$OUT/body")" 1
check "400 json" "$(fetch '/api/v1/realtime-stats?includeHistory=maybe')" 400
check "400 json field" "$(jq -r .error.field "$OUT/body")" includeHistory
check "oversized query" "$(fetch "/en/monitoring?range=$(head -c 5000 /dev/zero | tr '\0' a)")" 414
check "... repeats none of it" "$(grep -c aaaaaaaaaaaaaaaa "$OUT/body")" 0
# A path over 1024 bytes once killed the worker (issue 12): now a 414 page,
# in JSON under /api/, and no worker dies however often it comes.
long=$(head -c 1100 /dev/zero | tr '\0' a)
for _ in 1 2 3 4 5 6; do fetch "/$long"; echo; done >"$OUT/long.codes"
check "long path: 414 each time" "$(sort -u "$OUT/long.codes" | tr -d '\n')" 414
check "long path: the app's whole page" "$(grep -c '<html lang="en">' "$OUT/body")" 1
check "long path under /api/" "$(fetch "/api/v1/$long")" 414
check "... in JSON" "$(jq -r .error.code "$OUT/body")" uri_too_long
check "long path: no worker died" "$(grep -c 'died of signal' "$OUT/run/aigo.log")" 0

# ---- HTTP behaviour ------------------------------------------------------
fetch /en/monitoring >/dev/null
etag=$(head_value ETag)
check "page CSP" "$(head_value Content-Security-Policy | grep -c "frame-ancestors 'none'")" 1
check "page nosniff" "$(head_value X-Content-Type-Options)" nosniff
check "page Referrer-Policy" "$(head_value Referrer-Policy)" strict-origin-when-cross-origin
check "page Cache-Control" "$(head_value Cache-Control)" "public, max-age=15"
check "If-None-Match" "$(fetch /en/monitoring -H "If-None-Match: $etag")" 304
check "HEAD" "$(fetch /en/monitoring -I)" 200
check "HEAD has no body" "$(grep -c "<html" "$OUT/body")" 0
check "gzip" "$(fetch /en/monitoring -H 'Accept-Encoding: gzip' >/dev/null; head_value Content-Encoding)" gzip

# ---- content codings: the application compresses, nginx never again ------
# For each answer and Accept-Encoding: the coding sent, Vary, the decoded
# body byte-equal to the identity body, an ETag per coding with 304 for its
# own only, and HEAD without a body but with that coding's length.
# realtime-stats is under 1 KB: never encoded.
for path in /en/monitoring /api/v1/models /api/v1/realtime-stats /ko/models/gpt-4o; do
	fetch "$path" >/dev/null
	cp "$OUT/body" "$OUT/identity"
	id_etag=$(head_value ETag)
	big=$([ "$(stat -c %s "$OUT/identity")" -ge 1024 ] && echo 1 || echo 0)
	check "$path identity Vary" "$(head_value Vary)" "$([ "$big" = 1 ] && echo Accept-Encoding)"
	for ae in "gzip" "gzip, deflate, br" "identity" "*" "gzip;q=0" "none"; do
		if [ "$ae" = none ]; then set --; else set -- -H "Accept-Encoding: $ae"; fi
		case "$ae" in identity | "gzip;q=0" | none) want=identity ;; *) want=gzip ;; esac
		[ "$big" = 1 ] || want=identity
		check "$path [$ae] status" "$(fetch "$path" "$@")" 200
		got=$(head_value Content-Encoding)
		check "$path [$ae] coding" "${got:-identity}" "$want"
		if [ "$want" = gzip ]; then gzip -dc <"$OUT/body" >"$OUT/decoded" 2>/dev/null; else cp "$OUT/body" "$OUT/decoded"; fi
		check "$path [$ae] same bytes" "$(cmp -s "$OUT/decoded" "$OUT/identity" && echo same)" same
		check "$path [$ae] Content-Length" "$(head_value Content-Length)" "$(stat -c %s "$OUT/body")"
		etag=$(head_value ETag)
		len=$(head_value Content-Length)
		if [ "$want" = gzip ]; then
			check "$path [$ae] own ETag" "$([ "$etag" != "$id_etag" ] && echo differs)" differs
			check "$path [$ae] other ETag: 200" "$(fetch "$path" "$@" -H "If-None-Match: $id_etag")" 200
		fi
		check "$path [$ae] 304" "$(fetch "$path" "$@" -H "If-None-Match: $etag")" 304
		check "$path [$ae] HEAD" "$(fetch "$path" "$@" -I)" 200
		check "$path [$ae] HEAD length" "$(head_value Content-Length)" "$len"
		check "$path [$ae] HEAD no body" "$(cmp -s "$OUT/body" "$OUT/head" && echo none)" none
	done
done
# Static files: the copy the build compressed, sent as it is.
check "static css gzip" "$(fetch /static/style.css -H 'Accept-Encoding: gzip')" 200
check "static css coding" "$(head_value Content-Encoding)" gzip
check "static css precompressed" "$(cmp -s "$OUT/body" static/style.css.gz && echo same)" same
check "static css identity" "$(fetch /static/style.css >/dev/null; cmp -s "$OUT/body" static/style.css && echo same)" same
check "static css" "$(fetch /static/style.css)" 200
check "static css type" "$(head_value Content-Type)" "text/css; charset=utf-8"
check "static css cache" "$(head_value Cache-Control)" "max-age=604800"
check "static missing" "$(fetch /static/nope.css)" 404
check "static no traversal" "$(fetch /static/../db/aigo.db --path-as-is)" 404
check "healthz" "$(fetch /healthz)" 200
check "healthz body" "$(jq -r .status "$OUT/body")" ok

# ---- the workers survive bad clients and are restarted when they die ----
for _ in 1 2 3; do curl -s -m 0.01 "$BASE/en/monitoring" >/dev/null; done
check "still serving" "$(fetch /healthz)" 200
victim=$(pgrep -P "$STACK_AIGO_PID" | head -n 1)
kill -KILL "$victim"
for _ in $(seq 1 50); do
	[ "$(pgrep -P "$STACK_AIGO_PID" | wc -l)" = 2 ] && ! kill -0 "$victim" 2>/dev/null && break
	sleep 0.1
done
check "dead worker replaced" "$(pgrep -P "$STACK_AIGO_PID" | wc -l)" 2
check "death logged" "$(grep -c "worker $victim died of signal 9" "$OUT/run/aigo.log")" 1
for _ in 1 2 3 4; do
	check "served after restart" "$(fetch /en/monitoring)" 200
done
stack_stop
trap - EXIT
check "no aigo left" "$(pgrep -f "aigo serve --socket $STACK_FCGI_SOCKET" | wc -l)" 0
check "no nginx left" "$(pgrep -f "$OUT/run/nginx.conf" | wc -l)" 0
check "clean stop logged" "$(grep -c ' info stopped' "$OUT/run/aigo.log")" 1

# ---- the same program as plain CGI and under spawn-fcgi ------------------
# A clean environment; used without a function so that $! is the program.
CLEAN_ENV=(env -i "AIGO_ROOT=$AIGO_ROOT" "AIGO_DB=$AIGO_DB" "AIGO_NOW=$NOW")
"${CLEAN_ENV[@]}" REQUEST_METHOD=GET DOCUMENT_URI=/api/v1/realtime-stats ./cgi-bin/aigo </dev/null \
	>"$OUT/cgi.out" 2>/dev/null
check "CGI status line" "$(head -n 1 "$OUT/cgi.out" | tr -d '\r')" "Status: 200 OK"
check "CGI same numbers" "$(sed '1,/^\r$/d' "$OUT/cgi.out" | jq -c '[.activeModels, .operationalModels, .unknownModels]')" \
	"[$WANT_ACTIVE,$WANT_OPERATIONAL,$WANT_UNKNOWN]"
FPORT=$(stack_free_port)
"${CLEAN_ENV[@]}" spawn-fcgi -n -a 127.0.0.1 -p "$FPORT" -- "$STACK_ROOT/cgi-bin/aigo" >/dev/null 2>&1 &
SPAWN_PID=$!
for _ in $(seq 1 50); do (exec 3<>"/dev/tcp/127.0.0.1/$FPORT") 2>/dev/null && break; sleep 0.1; done
REQUEST_METHOD=GET DOCUMENT_URI=/ko/monitoring QUERY_STRING= \
	cgi-fcgi -bind -connect "127.0.0.1:$FPORT" >"$OUT/fcgi.out" 2>/dev/null
check "FastCGI on stdin (spawn-fcgi)" "$(head -n 1 "$OUT/fcgi.out" | tr -d '\r')" "Status: 200 OK"
check "FastCGI page in Korean" "$(grep -c '<html lang="ko">' "$OUT/fcgi.out")" 1
kill -TERM "$SPAWN_PID" 2>/dev/null
wait "$SPAWN_PID"
check "FastCGI on stdin stops on SIGTERM" "$?" 0
# aigo serve on a unix socket: bound, answering, removed at the end.
SOCK=$OUT/aigo.sock
"${CLEAN_ENV[@]}" "$STACK_ROOT/cgi-bin/aigo" serve --socket "$SOCK" --workers 1 2>"$OUT/sock.log" &
SOCK_PID=$!
for _ in $(seq 1 50); do [ -S "$SOCK" ] && break; sleep 0.1; done
REQUEST_METHOD=GET DOCUMENT_URI=/healthz QUERY_STRING= \
	cgi-fcgi -bind -connect "$SOCK" >"$OUT/sock.out" 2>/dev/null
check "serve --socket answers" "$(head -n 1 "$OUT/sock.out" | tr -d '\r')" "Status: 200 OK"
kill -TERM "$SOCK_PID"
wait "$SOCK_PID"
check "serve --socket exits 0 on SIGTERM" "$?" 0
check "socket removed" "$([ -e "$SOCK" ] && echo left || echo gone)" gone

# ---- aigo db init refuses what is not an AI-GO database ------------------
printf 'not a database at all, just text\n%.0s' $(seq 1 200) >"$OUT/garbage.db"
cp "$OUT/garbage.db" "$OUT/garbage.before"
AIGO_DB=$OUT/garbage.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init refuses garbage" "$?" 1
check "garbage untouched" "$(cmp -s "$OUT/garbage.db" "$OUT/garbage.before" && echo same)" same
check "garbage message" "$(grep -c 'not a readable SQLite database' "$OUT/init.out")" 1
sqlite3 "$OUT/other.db" "CREATE TABLE notes(x); INSERT INTO notes VALUES (1);"
AIGO_DB=$OUT/other.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init refuses a foreign database" "$?" 1
check "foreign message" "$(grep -c 'not an AI-GO database' "$OUT/init.out")" 1
check "foreign data kept" "$(sqlite3 "$OUT/other.db" 'SELECT count(*) FROM notes')" 1
{ cat db/schema.sql; echo "PRAGMA user_version = 99;"; } | sqlite3 "$OUT/newer.db"
AIGO_DB=$OUT/newer.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init refuses a newer schema" "$?" 1
check "newer message" "$(grep -c 'newer than this program' "$OUT/init.out")" 1
# Issue 17: a version 5 file (as shipped) with checks is upgraded to 6 by
# db init, once: the second run changes nothing; the checks are kept, their
# new columns NULL (not measured).
sqlite3 "$OUT/v5.db" <tests/unit/fixtures/schema-v5.sql
sqlite3 "$OUT/v5.db" "INSERT INTO providers(slug, name) VALUES ('openai', 'OpenAI');
	INSERT INTO models(provider_id, slug, name) VALUES (1, 'gpt-4o', 'GPT-4o');
	INSERT INTO checks(model_id, region, checked_at, status, latency_ms, source)
	VALUES (1, 'global', $((NOW - 60)), 'operational', 300, 'ingest')"
AIGO_DB=$OUT/v5.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init upgrades version 5" "$?" 0
# The newest schema version is the newest migration's number.
LATEST=$(ls db/migrations | sed -n 's/^0*\([0-9][0-9]*\)\.sql$/\1/p' | sort -n | tail -n 1)
check "... by every migration since" "$(grep -c "upgraded to schema version $LATEST ($((LATEST - 5)) migrations)" "$OUT/init.out")" 1
check "... to the newest version" "$(sqlite3 "$OUT/v5.db" 'PRAGMA user_version')" "$LATEST"
check "... the check kept, not measured" "$(sqlite3 "$OUT/v5.db" "SELECT latency_ms, coalesce(probe_kind, error_kind,
	dns_ms, connect_ms, tls_ms, first_byte_ms, ttft_ms, 'null') FROM checks")" "300|null"
SUM_V6=$(sqlite3 "$OUT/v5.db" .sha3sum)
AIGO_DB=$OUT/v5.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init again" "$?" 0
check "... upgrades nothing" "$(grep -c 'upgraded' "$OUT/init.out")" 0
check "... changes nothing" "$(sqlite3 "$OUT/v5.db" .sha3sum)" "$SUM_V6"
AIGO_DB=$OUT/aigo.db ./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init on its own database is harmless" "$?" 0
check "checks kept by db init" "$(q 'SELECT count(*) > 200000 FROM checks')" 1

# ---- the command line (issue 14) ------------------------------------------
# One usage text: aigo --help lists every command; each command's --help is
# its own line of it (exit 0, also where a file name is expected); a usage
# error prints that line to stderr (exit 2); --version is the build's.
./cgi-bin/aigo --help >"$OUT/help.txt" 2>&1
check "aigo --help exits 0" "$?" 0
./cgi-bin/aigo -h >"$OUT/h.txt" 2>&1
check "aigo -h exits 0" "$?" 0
check "-h is --help" "$(cmp -s "$OUT/help.txt" "$OUT/h.txt" && echo same)" same
for c in "serve" "db init" "db prune" "db rebuild-rollups" "demo" "import" "probe" "snapshot" "check-locales" "routes" "config check"; do
	line=$(grep -E "^( +|usage: )aigo $c( |$)" "$OUT/help.txt" | sed 's/^usage: /       /')
	check "usage lists $c" "$(echo "$line" | grep -c .)" 1
	# shellcheck disable=SC2086
	own=$(./cgi-bin/aigo $c --help 2>&1)
	check "aigo $c --help exits 0" "$?" 0
	check "aigo $c --help is its line of the usage" "$(echo "$own" | head -n 1 | sed 's/^usage: /       /')" \
		"$line"
done
err=$(./cgi-bin/aigo serve --bogus 2>&1 >/dev/null)
check "serve with a wrong argument exits 2" "$?" 2
check "... and says which" "$(echo "$err" | head -n 1)" "aigo serve: --bogus is not an argument of serve"
check "... with serve's usage" "$(echo "$err" | sed -n 2p | sed 's/^usage: /       /')" "$(grep '^ *aigo serve ' "$OUT/help.txt")"
./cgi-bin/aigo import >/dev/null 2>"$OUT/err.txt"
check "import without a file exits 2" "$?" 2
check "... with import's usage" "$(head -n 1 "$OUT/err.txt")" "usage: aigo import FILE"
./cgi-bin/aigo frobnicate >/dev/null 2>&1
check "an unknown command exits 2" "$?" 2
check "aigo --version" "$(./cgi-bin/aigo --version)" "aigo $(git describe --tags --always --dirty 2>/dev/null || echo unknown)"

summary e2e
