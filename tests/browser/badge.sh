#!/usr/bin/env bash
# badge.sh: browser test of the SVG badges: headless Chromium (over WebDriver, like run.sh) draws each badge and measures every text against its box, for en, ko, ja, zh and es labels and a long mixed-script name: no text is clipped.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/browser-badge
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0

DRIVER_PID=
SID=
cleanup() {
	[ -n "$SID" ] && curl -s -X DELETE "$WD/session/$SID" >/dev/null
	[ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null
	stack_stop
}
trap cleanup EXIT

demo_record --days 7 || { echo "FAIL: demo"; exit 1; }
# A long name in several scripts (an operator may name a model so): its
# badges must still hold it.
LONG='Extremely-Long-Model-Name 2025-10-01 (Preview, Ωμέγα Щука ÀÉÎÕÜ) 超長い模型名 가나다라'
MODEL=$(sqlite3 "$AIGO_DB" "SELECT slug FROM models WHERE is_active ORDER BY slug LIMIT 1")
LONG_MODEL=$(sqlite3 "$AIGO_DB" "SELECT slug FROM models WHERE is_active ORDER BY slug LIMIT 1 OFFSET 1")
sqlite3 "$AIGO_DB" "UPDATE models SET name = '$LONG' WHERE slug = '$LONG_MODEL'" || { echo "FAIL: long name"; exit 1; }
PROVIDER=$(sqlite3 "$AIGO_DB" "SELECT p.slug FROM providers p JOIN models m ON m.provider_id = p.id
	WHERE m.slug = '$MODEL'")
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"

WD_PORT=$(stack_free_port)
WD="http://127.0.0.1:$WD_PORT"
chromedriver --port="$WD_PORT" --allowed-ips=127.0.0.1 >"$OUT/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$WD/status" >/dev/null && break; sleep 0.1; done

wd() {
	curl -s -X "$1" "$WD$2" -H 'Content-Type: application/json' ${3:+-d "$3"} | jq -c .value
}
SID=$(wd POST /session '{"capabilities": {"alwaysMatch": {"browserName": "chrome",
  "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless", "--no-sandbox",
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,900"]}}}}' | jq -r .sessionId)
[ -n "$SID" ] && [ "$SID" != null ] || { echo "FAIL: no WebDriver session"; cat "$OUT/chromedriver.log"; exit 1; }

# What the browser drew: per text (label, value; not their shadows), its
# rendered width (getComputedTextLength), its box from getBBox, and the
# box (rect) it must stay inside.
MEASURE='return JSON.stringify((function () {
  var svg = document.documentElement, texts = svg.querySelectorAll("text");
  var boxes = Array.from(svg.querySelectorAll("rect")).filter(function (r) {
    return /^#/.test(r.getAttribute("fill")) && !r.hasAttribute("rx"); });
  var out = {tag: svg.tagName, width: svg.getBoundingClientRect().width, texts: []};
  [1, 3].forEach(function (i, k) {
    var t = texts[i], b = t.getBBox(), r = boxes[k];
    var x = parseFloat(r.getAttribute("x") || "0"), w = parseFloat(r.getAttribute("width"));
    out.texts.push({text: t.textContent, length: t.getComputedTextLength(),
      left: b.x, right: b.x + b.width, top: b.y, bottom: b.y + b.height, boxLeft: x, boxRight: x + w});
  });
  return out;
})());'

# badge NAME PATH: loads the badge and checks that each text fits its box
# with at least 1 px to spare on each side, and lies within its height.
badge() {
	local name=$1 path=$2 f="$OUT/$1.json"
	wd POST "/session/$SID/url" "{\"url\": \"$BASE$path\"}" >/dev/null
	wd POST "/session/$SID/execute/sync" "$(jq -n --arg s "$MEASURE" '{script: $s, args: []}')" | jq -r . >"$f"
	check "$name: an SVG document" "$(jq -r .tag "$f" 2>/dev/null)" svg
	check "$name: texts measured" "$(jq '.texts | map(select(.length > 0)) | length' "$f" 2>/dev/null)" 2
	check "$name: no text clipped" \
		"$(jq -c '[.texts[] | select(.left < .boxLeft + 1 or .right > .boxRight - 1 or .top < 0 or .bottom > 20) | .text]' "$f" 2>/dev/null)" "[]"
}

for lang in en ko ja zh es; do
	badge "status-$lang" "/badge/$MODEL.svg?lang=$lang"
	for range in 24h 7d 30d; do
		badge "availability-$range-$lang" "/badge/$MODEL/availability.svg?range=$range&lang=$lang"
	done
	badge "latency-$lang" "/badge/$MODEL/latency.svg?lang=$lang"
	badge "long-$lang" "/badge/$LONG_MODEL/availability.svg?range=30d&lang=$lang"
	badge "long-latency-$lang" "/badge/$LONG_MODEL/latency.svg?lang=$lang"
	badge "provider-$lang" "/badge/provider/$PROVIDER/availability.svg?range=7d&lang=$lang"
	badge "notfound-$lang" "/badge/no-such-model-with-a-long-slug.svg?lang=$lang"
	badge "badrange-$lang" "/badge/$MODEL/availability.svg?range=1h&lang=$lang"
done
# The estimate is not far too wide either: a long label's box is at most
# 25% wider than the text Chromium draws.
check "long label: estimate within 25% of the drawn width" \
	"$(jq '.texts[0] | (.boxRight - .boxLeft - 12) <= 1.25 * .length' "$OUT/long-en.json")" true

# A picture of the badges (the issue's screenshot): a local page of them.
{
	echo '<!doctype html><meta charset="utf-8"><body style="font-family:sans-serif;background:#fff">'
	for lang in en ko ja zh es; do
		echo "<p>$lang: "
		for p in "/badge/$MODEL.svg" "/badge/$MODEL/availability.svg?range=30d" "/badge/$MODEL/latency.svg" \
			"/badge/provider/$PROVIDER.svg" "/badge/no-such-model.svg"; do
			echo "<img alt=\"\" src=\"$BASE$p$([[ $p == *\?* ]] && echo '&amp;' || echo '?')lang=$lang\"> "
		done
		echo "</p>"
	done
	echo "<p><img alt=\"\" src=\"$BASE/badge/$LONG_MODEL/availability.svg?range=7d\"></p></body>"
} >"$OUT/badges.html"
wd POST "/session/$SID/url" "{\"url\": \"file://$OUT/badges.html\"}" >/dev/null
check "badges page: every badge loaded" \
	"$(wd POST "/session/$SID/execute/sync" '{"script": "return Array.from(document.images).every(function (i) { return i.complete && i.naturalWidth > 0 && i.naturalHeight == 20; });", "args": []}')" true
wd GET "/session/$SID/screenshot" | jq -r . | base64 -d >"$OUT/badges.png"
check "badges page: screenshot" "$([ "$(stat -c %s "$OUT/badges.png")" -gt 10000 ] && echo ok)" ok

summary browser-badge
