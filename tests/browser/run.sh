#!/usr/bin/env bash
# run.sh: browser tests: Debian's headless Chromium, driven over WebDriver (chromedriver) with curl, loads the pages through nginx.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/browser
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
MODEL=amazon-nova-pro


DRIVER_PID=
SID=
cleanup() {
	[ -n "$SID" ] && curl -s -X DELETE "$WD/session/$SID" >/dev/null
	[ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null
	stack_stop
}
trap cleanup EXIT

demo_record || { echo "FAIL: demo"; exit 1; }
# A long error without a space in the wide model's newest check: it must
# wrap, not push the recent-checks table sideways.
LONG_ERROR="upstream_error:$(printf 'x%.0s' $(seq 1 200))/request_id=$(printf '0123456789%.0s' $(seq 1 8))"
sqlite3 "$AIGO_DB" "UPDATE checks SET error = '$LONG_ERROR' WHERE id = (SELECT max(c.id) FROM checks c
	JOIN models m ON m.id = c.model_id WHERE m.slug = 'azure-gpt-4o')" || { echo "FAIL: long error"; exit 1; }
# Issue 18: an upcoming maintenance window (the banner shows it) and an
# operator's updates on the newest open model incident, whose page is laid
# out and photographed like the others.
INCIDENT=$(sqlite3 "$AIGO_DB" "SELECT id FROM incidents WHERE model_id IS NOT NULL AND resolved_at IS NULL
	AND started_at <= $NOW ORDER BY started_at DESC, id DESC LIMIT 1")
[ -n "$INCIDENT" ] || INCIDENT=$(sqlite3 "$AIGO_DB" "SELECT max(id) FROM incidents WHERE model_id IS NOT NULL")
sqlite3 "$AIGO_DB" "INSERT INTO maintenances (title, note, starts_at, ends_at, created_at, updated_at, author)
	VALUES ('Planned upgrade of the EU gateway', 'Requests may be slower for up to 20 minutes.',
	        $((NOW + 7200)), $((NOW + 10800)), $NOW, $NOW, 'browser');
	INSERT INTO maintenance_targets (maintenance_id, provider_id, model_id)
	SELECT last_insert_rowid(), provider_id, NULL FROM models WHERE slug = '$MODEL';
	INSERT INTO incident_updates (incident_id, at, state, body, author) VALUES
	($INCIDENT, $((NOW - 600)), 'investigating', 'We are looking into elevated error rates <b>for this model</b>.', 'browser'),
	($INCIDENT, $((NOW - 120)), 'identified', 'The upstream provider confirmed a regional capacity problem; a fix is rolling out.', 'browser');" ||
	{ echo "FAIL: incident fixtures"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
REGIONS=$(sqlite3 "$AIGO_DB" "SELECT count(*) FROM endpoints e JOIN models m ON m.id = e.model_id WHERE m.slug = '$MODEL'")
# Its regions with a time to first token in the 24 h range (the demo says
# it is a stream probe): each has a third chart.
TTFT_REGIONS=$(sqlite3 "$AIGO_DB" "SELECT count(DISTINCT region) FROM checks c JOIN models m ON m.id = c.model_id
	WHERE m.slug = '$MODEL' AND c.ttft_ms IS NOT NULL AND c.checked_at >= $((NOW - NOW % 3600 - 23 * 3600))
	AND c.checked_at <= $NOW")

WD_PORT=$(stack_free_port)
WD="http://127.0.0.1:$WD_PORT"
chromedriver --port="$WD_PORT" --allowed-ips=127.0.0.1 >"$OUT/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$WD/status" >/dev/null && break; sleep 0.1; done

# wd METHOD PATH [JSON]: one WebDriver command; prints its "value".
wd() {
	curl -s -X "$1" "$WD$2" -H 'Content-Type: application/json' ${3:+-d "$3"} | jq -c .value
}
SID=$(wd POST /session '{"capabilities": {"alwaysMatch": {"browserName": "chrome",
  "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless", "--no-sandbox",
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,2000"]},
  "goog:loggingPrefs": {"browser": "ALL"}}}}' | jq -r .sessionId)
[ -n "$SID" ] && [ "$SID" != null ] || { echo "FAIL: no WebDriver session"; cat "$OUT/chromedriver.log"; exit 1; }

# The measurements taken of a loaded page, by the browser itself.
PROBE='return JSON.stringify({
  lang: document.documentElement.lang,
  text: document.body.innerText.length,
  svgs: Array.from(document.querySelectorAll("svg.chart")).map(function (s) {
    var r = s.getBoundingClientRect(); return [Math.round(r.width), Math.round(r.height)]; }),
  marks: document.querySelectorAll("svg.chart rect.bar, svg.chart circle").length,
  scripts: document.scripts.length,
  stylesheets: document.styleSheets.length,
  encoded: performance.getEntriesByType("navigation")[0].encodedBodySize,
  decoded: performance.getEntriesByType("navigation")[0].decodedBodySize
});'

# visit NAME PATH LANG MIN_SVGS
visit() {
	local name=$1 path=$2 lang=$3 svgs=$4 before
	before=$(wc -l <"$OUT/run/nginx-access.log")
	wd POST "/session/$SID/url" "{\"url\": \"$BASE$path\"}" >/dev/null
	wd POST "/session/$SID/execute/sync" "$(jq -n --arg s "$PROBE" '{script: $s, args: []}')" |
		jq -r . >"$OUT/$name.json"
	check "$name: lang" "$(jq -r .lang "$OUT/$name.json")" "$lang"
	check "$name: not blank" "$(jq '.text > 1000' "$OUT/$name.json")" true
	check "$name: charts" "$(jq '.svgs | length' "$OUT/$name.json")" "$svgs"
	check "$name: every chart has a size" "$(jq '[.svgs[] | select(.[0] > 100 and .[1] > 50)] | length' "$OUT/$name.json")" "$svgs"
	check "$name: data marks drawn" "$(jq '.marks > 20' "$OUT/$name.json")" true
	check "$name: stylesheet applied" "$(jq .stylesheets "$OUT/$name.json")" 1
	check "$name: works without scripts" "$(jq .scripts "$OUT/$name.json")" 0
	# The page came compressed (the application's gzip) and was decoded.
	check "$name: received compressed" "$(jq '.encoded > 0 and .encoded * 3 < .decoded' "$OUT/$name.json")" true
	wd POST "/session/$SID/se/log" '{"type": "browser"}' >"$OUT/$name.console.json"
	check "$name: no console errors" "$(jq '[.[] | select(.level == "SEVERE" or .level == "WARNING")] | length' "$OUT/$name.console.json")" 0
	# Every request of the page (document, stylesheet, icon) succeeded.
	check "$name: no failed requests" \
		"$(tail -n +"$((before + 1))" "$OUT/run/nginx-access.log" | awk '$9 >= 400' | wc -l)" 0
	check "$name: page requested" \
		"$(tail -n +"$((before + 1))" "$OUT/run/nginx-access.log" | grep -F "\"GET $path " | awk '{print $9}')" 200
	wd GET "/session/$SID/screenshot" | jq -r . | base64 -d >"$OUT/$name.png"
	check "$name: screenshot" "$([ "$(stat -c %s "$OUT/$name.png")" -gt 20000 ] && echo ok)" ok
}

for lang in en ko; do
	visit "monitoring-$lang" "/$lang/monitoring?range=24h" "$lang" 3
	visit "model-$lang" "/$lang/models/$MODEL?range=24h" "$lang" "$((2 * REGIONS + TTFT_REGIONS))"
done
# ---- What a person sees at phone and desktop width -------------------------
# Per page, language and window width, measured by the browser: text that
# leaves its chart, legend items that overlap, sideways scrolling, charts
# narrower than their column.
LAYOUT='return JSON.stringify((function () {
  var out = {width: window.innerWidth, cut: [], overlap: [], narrow: [], charts: 0, legend: 0,
    scroll: document.documentElement.scrollWidth - document.documentElement.clientWidth};
  function name(e) { return (e.textContent || "").trim().slice(0, 40); }
  document.querySelectorAll("svg.chart").forEach(function (s) {
    var b = s.getBoundingClientRect(), c = s.parentElement.getBoundingClientRect();
    out.charts++;
    if (b.width < 0.9 * c.width) out.narrow.push([s.id || s.getAttribute("aria-labelledby"), Math.round(b.width), Math.round(c.width)]);
    s.querySelectorAll("text").forEach(function (t) {
      var r = t.getBoundingClientRect();
      if (r.left < b.left - 0.5 || r.right > b.right + 0.5 || r.top < b.top - 0.5 || r.bottom > b.bottom + 0.5)
        out.cut.push(name(t));
    });
    out.legend += s.querySelectorAll("g.legend-item").length;
    var items = Array.from(s.querySelectorAll("g.legend-item")).map(function (g) { return g.getBoundingClientRect(); });
    for (var i = 0; i < items.length; i++)
      for (var j = 0; j < i; j++)
        if (items[i].left < items[j].right && items[j].left < items[i].right &&
            items[i].top < items[j].bottom && items[j].top < items[i].bottom)
          out.overlap.push(name(s.querySelectorAll("g.legend-item")[i]));
  });
  out.wide = Array.from(document.querySelectorAll(".table-wrap")).filter(function (w) {
    return w.scrollWidth > w.clientWidth + 1; }).map(function (w) { return w.getAttribute("aria-labelledby"); });
  return out;
})());'

# scheme light|dark: the colour scheme the pages see (prefers-color-scheme).
scheme() {
	wd POST "/session/$SID/goog/cdp/execute" \
		"{\"cmd\": \"Emulation.setEmulatedMedia\", \"params\": {\"features\": [{\"name\": \"prefers-color-scheme\", \"value\": \"$1\"}]}}" >/dev/null
}

# layout NAME PATH WIDTH: loads PATH at WIDTH and checks what is seen.
layout() {
	local name=$1 path=$2 width=$3 f
	f="$OUT/layout-$name.json"
	wd POST "/session/$SID/url" "{\"url\": \"$BASE$path\"}" >/dev/null
	wd POST "/session/$SID/execute/sync" "$(jq -n --arg s "$LAYOUT" '{script: $s, args: []}')" | jq -r . >"$f"
	check "$name: viewport" "$(jq .width "$f")" "$width"
	check "$name: charts drawn" "$(jq '.charts > 0' "$f")" true
	check "$name: no text cut by its chart" "$(jq -c .cut "$f")" "[]"
	check "$name: legends drawn" "$(jq '.legend > 0' "$f")" true
	check "$name: legend items apart" "$(jq -c .overlap "$f")" "[]"
	check "$name: charts fill their column" "$(jq -c .narrow "$f")" "[]"
	check "$name: no table scrolls sideways" "$(jq -c .wide "$f")" "[]"
	[ "$width" -le 480 ] && check "$name: no sideways scrolling" "$(jq .scroll "$f")" 0
}

# shot NAME: a screenshot of what is on screen now.
shot() {
	wd GET "/session/$SID/screenshot" | jq -r . | base64 -d >"$OUT/$1.png"
}

WIDE_MODEL=azure-gpt-4o
# Issue 17: a stream model's page (the most regions, then the first slug)
# with its time-to-first-token charts, laid out as the others.
STREAM_MODEL=$(sqlite3 "$AIGO_DB" "SELECT m.slug FROM endpoints e JOIN models m ON m.id = e.model_id
	WHERE m.is_active AND EXISTS (SELECT 1 FROM checks c WHERE c.model_id = m.id AND c.ttft_ms IS NOT NULL)
	GROUP BY m.id ORDER BY count(*) DESC, m.slug LIMIT 1")
check "a stream model to lay out" "$([ -n "$STREAM_MODEL" ] && echo yes)" yes
for width in 390 1280; do
	wd POST "/session/$SID/window/rect" "{\"width\": $width, \"height\": 2200}" >/dev/null
	# The window's outer size; the viewport is what the page lays out in.
	inner=$(wd POST "/session/$SID/execute/sync" '{"script": "return window.innerWidth;", "args": []}')
	[ "$inner" != "$width" ] &&
		wd POST "/session/$SID/window/rect" "{\"width\": $((2 * width - inner)), \"height\": 2200}" >/dev/null
	for lang in en ko ja zh es; do
		layout "monitoring-$lang-$width" "/$lang/monitoring?range=24h" "$width"
		[ "$lang" = en ] || [ "$lang" = ko ] && shot "monitoring-$lang-$width-light"
		layout "model-$lang-$width" "/$lang/models/$WIDE_MODEL?range=24h" "$width"
		[ "$lang" = en ] || [ "$lang" = ko ] && shot "model-$lang-$width-light"
		layout "model-stream-$lang-$width" "/$lang/models/$STREAM_MODEL?range=24h" "$width"
		check "model-stream-$lang-$width: TTFT charts" \
			"$(wd POST "/session/$SID/execute/sync" '{"script": "return document.querySelectorAll(\"svg.chart[aria-labelledby^=chart-ttft-]\").length;", "args": []}' | jq -r '. > 0')" true
		[ "$lang" = ko ] && shot "model-stream-$lang-$width-light"
		layout "incident-$lang-$width" "/$lang/incidents/$INCIDENT" "$width"
		[ "$lang" = en ] || [ "$lang" = ko ] && shot "incident-$lang-$width-light"
	done
	# The banner at the top of the monitoring page, and the history.
	wd POST "/session/$SID/url" "{\"url\": \"$BASE/en/monitoring#incident-banner-h\"}" >/dev/null
	shot "banner-en-$width-light"
	check "banner at $width px: incidents and maintenance" \
		"$(wd POST "/session/$SID/execute/sync" '{"script": "return document.querySelectorAll(\"section.incident-banner li.incident\").length > 0 && document.querySelectorAll(\"section.maintenance-banner li.maintenance\").length == 1;", "args": []}')" true
	wd POST "/session/$SID/url" "{\"url\": \"$BASE/ko/incidents\"}" >/dev/null
	shot "incidents-ko-$width-light"
	# The tables further down: the models, the recent checks.
	wd POST "/session/$SID/url" "{\"url\": \"$BASE/en/monitoring?range=24h#models\"}" >/dev/null
	shot "monitoring-en-$width-table-light"
	# Issue 16: the table's second page, at its page links: big enough to
	# tap, and the layout checks above hold there too.
	layout "monitoring-en-$width-page2" "/en/monitoring?range=24h&page=2" "$width"
	wd POST "/session/$SID/url" "{\"url\": \"$BASE/en/monitoring?range=24h&page=2#models-page-range\"}" >/dev/null
	shot "monitoring-en-$width-pages-light"
	low=$(wd POST "/session/$SID/execute/sync" '{"script": "return Math.min.apply(null, Array.from(document.querySelectorAll(\"nav.pages a\")).map(function (a) { return a.getBoundingClientRect().height; }));", "args": []}')
	check "page links at $width px: 44 px high at least" "$(awk -v h="$low" 'BEGIN { print (h >= 44) ? "yes" : h }')" yes
	wd POST "/session/$SID/url" "{\"url\": \"$BASE/en/models/$WIDE_MODEL?range=24h#recent-h\"}" >/dev/null
	shot "model-en-$width-recent-light"
	scheme dark
	for lang in en ko; do
		for page in "monitoring:/$lang/monitoring?range=24h" "model:/$lang/models/$WIDE_MODEL?range=24h" \
			"incident:/$lang/incidents/$INCIDENT"; do
			wd POST "/session/$SID/url" "{\"url\": \"$BASE${page#*:}\"}" >/dev/null
			shot "${page%%:*}-$lang-$width-dark"
		done
	done
	scheme light
done
# An inactive model's page still draws its chart frame and says why.
INACTIVE=$(sqlite3 "$AIGO_DB" "SELECT slug FROM models WHERE is_active = 0 ORDER BY slug LIMIT 1")
layout "model-inactive-1280" "/en/models/$INACTIVE" 1280
shot "model-inactive-1280-light"

# The request check above can fail: a missing file shows as a 404.
wd POST "/session/$SID/url" "{\"url\": \"$BASE/static/nope.css\"}" >/dev/null
check "a failed request is seen" "$(grep -F '"GET /static/nope.css ' "$OUT/run/nginx-access.log" | awk '{print $9}')" 404

echo "screenshots: $(ls "$OUT"/*.png | tr '\n' ' ')"
summary browser
