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

./cgi-bin/aigo demo >"$OUT/demo.log" 2>&1 || { echo "FAIL: demo"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
REGIONS=$(sqlite3 "$AIGO_DB" "SELECT count(*) FROM endpoints e JOIN models m ON m.id = e.model_id WHERE m.slug = '$MODEL'")

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
  stylesheets: document.styleSheets.length
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
	visit "model-$lang" "/$lang/models/$MODEL?range=24h" "$lang" "$((2 * REGIONS))"
done
# The request check above can fail: a missing file shows as a 404.
wd POST "/session/$SID/url" "{\"url\": \"$BASE/static/nope.css\"}" >/dev/null
check "a failed request is seen" "$(grep -F '"GET /static/nope.css ' "$OUT/run/nginx-access.log" | awk '{print $9}')" 404

echo "screenshots: $(ls "$OUT"/*.png | tr '\n' ' ')"
summary browser
