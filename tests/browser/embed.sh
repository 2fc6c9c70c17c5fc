#!/usr/bin/env bash
# embed.sh: browser test of the /embed cards: a page of another origin (a second loopback port, python's http.server) frames a card and headless Chromium renders it; the same page shows the monitoring page refusing to be framed; screenshots of the card.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/browser-embed
rm -rf "$OUT"
mkdir -p "$OUT/site"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
MODEL=amazon-nova-pro

DRIVER_PID=
SITE_PID=
SID=
cleanup() {
	[ -n "$SID" ] && curl -s -X DELETE "$WD/session/$SID" >/dev/null
	[ -n "$DRIVER_PID" ] && kill "$DRIVER_PID" 2>/dev/null && wait "$DRIVER_PID" 2>/dev/null
	[ -n "$SITE_PID" ] && kill "$SITE_PID" 2>/dev/null && wait "$SITE_PID" 2>/dev/null
	stack_stop
}
trap cleanup EXIT

demo_record || { echo "FAIL: demo"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
NAME=$(sqlite3 "$AIGO_DB" "SELECT name FROM models WHERE slug = '$MODEL'")

# The other site: another port of the loopback is another origin.
SITE_PORT=$(stack_free_port)
SITE="http://127.0.0.1:$SITE_PORT"
for lang in en ko; do
	cat >"$OUT/site/$lang.html" <<HTML
<!DOCTYPE html>
<html lang="$lang"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">
<title>Another site</title>
<style>body{font-family:sans-serif;margin:12px} iframe{border:0;width:100%;max-width:480px;height:260px;display:block}</style></head>
<body><p>A page of another site that embeds the card:</p>
<iframe id="card" title="AI-GO Monitor" src="$BASE/embed/$MODEL?lang=$lang"></iframe>
</body></html>
HTML
done
cat >"$OUT/site/main.html" <<HTML
<!DOCTYPE html>
<html lang="en"><head><meta charset="utf-8"><title>Framing the main page</title></head>
<body><iframe id="main" title="main" src="$BASE/en/monitoring" width="600" height="300"></iframe></body></html>
HTML
(cd "$OUT/site" && exec python3 -m http.server "$SITE_PORT" --bind 127.0.0.1) >"$OUT/site.log" 2>&1 &
SITE_PID=$!
for _ in $(seq 1 100); do curl -fs "$SITE/en.html" >/dev/null && break; sleep 0.1; done

WD_PORT=$(stack_free_port)
WD="http://127.0.0.1:$WD_PORT"
chromedriver --port="$WD_PORT" --allowed-ips=127.0.0.1 >"$OUT/chromedriver.log" 2>&1 &
DRIVER_PID=$!
for _ in $(seq 1 100); do curl -fs "$WD/status" >/dev/null && break; sleep 0.1; done

# wd METHOD PATH [JSON]: one WebDriver command; prints its "value".
wd() {
	curl -s -X "$1" "$WD$2" -H 'Content-Type: application/json' ${3:+-d "$3"} | jq -c .value
}
# js SCRIPT: runs SCRIPT in the current frame; prints what it returns.
js() { wd POST "/session/$SID/execute/sync" "$(jq -n --arg s "$1" '{script: $s, args: []}')"; }
SID=$(wd POST /session '{"capabilities": {"alwaysMatch": {"browserName": "chrome",
  "goog:chromeOptions": {"binary": "/usr/bin/chromium", "args": ["--headless", "--no-sandbox",
    "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
    "--disable-component-update", "--disable-sync", "--window-size=1280,900"]},
  "goog:loggingPrefs": {"browser": "ALL"}}}}' | jq -r .sessionId)
[ -n "$SID" ] && [ "$SID" != null ] || { echo "FAIL: no WebDriver session"; cat "$OUT/chromedriver.log"; exit 1; }

# frame ID: into the iframe of that id (of the top document).
frame() {
	local el
	wd POST "/session/$SID/frame/parent" '{}' >/dev/null
	el=$(wd POST "/session/$SID/element" "{\"using\": \"css selector\", \"value\": \"#$1\"}")
	wd POST "/session/$SID/frame" "{\"id\": $el}" >/dev/null
}
top() { wd POST "/session/$SID/frame/parent" '{}' >/dev/null; }
# wait_frame_text: waits (at most 10 s) until the current frame has text.
wait_frame_text() {
	for _ in $(seq 1 100); do
		[ "$(js 'return document.body ? document.body.innerText.length : 0;')" -gt 0 ] && return
		sleep 0.1
	done
}
shot() { wd GET "/session/$SID/screenshot" | jq -r . | base64 -d >"$OUT/$1.png"; }
scheme() {
	wd POST "/session/$SID/goog/cdp/execute" \
		"{\"cmd\": \"Emulation.setEmulatedMedia\", \"params\": {\"features\": [{\"name\": \"prefers-color-scheme\", \"value\": \"$1\"}]}}" >/dev/null
}

# ---- the card, framed by another origin, renders -------------------------------------------------
wd POST "/session/$SID/url" "{\"url\": \"$SITE/en.html\"}" >/dev/null
check "host page: another origin" "$(js 'return location.origin;')" "\"$SITE\""
frame card
wait_frame_text
check "framed card: its document" "$(js 'return location.href;')" "\"$BASE/embed/$MODEL?lang=en\""
check "framed card: the model's name" "$(js 'return document.querySelector("h1").innerText;')" "\"$NAME\""
text=$(js 'return document.body.innerText;')
for want in "Availability (24 h)" "Latency" "Last check" "Full status page"; do
	check "framed card: '$want'" "$(echo "$text" | grep -c "$want")" 1
done
check "framed card: status in words" "$(js 'return document.querySelector(".embed-status .status").innerText.length > 0;')" true
check "framed card: styled (its stylesheet applied)" \
	"$(js 'return getComputedStyle(document.querySelector(".embed-card")).borderTopStyle;')" '"solid"'
check "framed card: status colour" \
	"$(js 'var s = document.querySelector(".embed-status .status"); return getComputedStyle(s).color !== getComputedStyle(document.body).color || s.className;' | grep -c 's-\|true')" 1
check "framed card: link opens a new tab" "$(js 'return document.querySelector("footer a").target;')" '"_blank"'
check "framed card: laid out in the frame" "$(js 'return document.documentElement.scrollWidth <= window.innerWidth;')" true
top
check "the frame has the card's height" "$(js 'return document.getElementById("card").getBoundingClientRect().height;')" 260

# ---- the card fits the documented frame (300 x 320 px) in every language ------------------------
# The models and providers with the longest names, in a 300 px wide, 320 px
# high frame: nothing is cut off (no scrolling in the frame) and no word of
# the name is broken inside.
cat >"$OUT/site/fit.html" <<HTML
<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>fit</title><style>body{margin:0} iframe{border:0;width:300px;height:320px;display:block}</style></head>
<body><iframe id="card" title="card" src="about:blank"></iframe></body></html>
HTML
wd POST "/session/$SID/url" "{\"url\": \"$SITE/fit.html\"}" >/dev/null
worst=0
for path in $(sqlite3 "$AIGO_DB" "SELECT 'embed/' || slug FROM models WHERE is_active = 1 ORDER BY length(name) DESC, slug LIMIT 3;
                                   SELECT 'embed/provider/' || slug FROM providers ORDER BY length(name) DESC, slug LIMIT 2"); do
	for lang in en ko ja zh es; do
		top
		js "document.getElementById('card').src = '$BASE/$path?lang=$lang'; return 1;" >/dev/null
		frame card
		for _ in $(seq 1 100); do
			[ "$(js 'return document.readyState === "complete" && location.href.indexOf("/embed/") > 0;')" = true ] && break
			sleep 0.1
		done
		h=$(js 'return Math.ceil(document.querySelector(".embed-card").getBoundingClientRect().bottom);')
		[ "$h" -gt "$worst" ] && worst=$h
		check "fits 300 x 320: $path ($lang)" \
			"$(js 'var d = document.documentElement; return d.scrollHeight <= window.innerHeight && d.scrollWidth <= window.innerWidth;')" true
	done
done
echo "embed: the tallest card at 300 px wide: $worst px"
top

# ---- the main page refuses to be framed -----------------------------------------------------------
wd POST "/session/$SID/se/log" '{"type": "browser"}' >/dev/null # drop earlier lines
wd POST "/session/$SID/url" "{\"url\": \"$SITE/main.html\"}" >/dev/null
sleep 1
frame main
check "main page framed: not rendered" "$(js 'return document.querySelector("main#main") === null && !/AI-GO/.test(document.title);')" true
check "main page framed: an error document instead" "$(js 'return location.href;' | grep -c "^\"$BASE/en/monitoring\"")" 0
top
wd POST "/session/$SID/se/log" '{"type": "browser"}' >"$OUT/main.console.json"
check "main page framed: the browser says why" \
	"$(jq -r '.[].message' "$OUT/main.console.json" | grep -c "frame-ancestors 'none'")" 1
# The same page opened on its own renders.
wd POST "/session/$SID/url" "{\"url\": \"$BASE/en/monitoring\"}" >/dev/null
check "main page alone renders" "$(js 'return document.querySelector("main#main") !== null;')" true

# ---- screenshots: 390 and 1280 px, light and dark, en and ko ------------------------------------------
for width in 390 1280; do
	wd POST "/session/$SID/window/rect" "{\"width\": $width, \"height\": 900}" >/dev/null
	inner=$(js 'return window.innerWidth;')
	[ "$inner" != "$width" ] &&
		wd POST "/session/$SID/window/rect" "{\"width\": $((2 * width - inner)), \"height\": 900}" >/dev/null
	for sch in light dark; do
		scheme "$sch"
		for lang in en ko; do
			wd POST "/session/$SID/url" "{\"url\": \"$SITE/$lang.html\"}" >/dev/null
			frame card
			wait_frame_text
			check "card $lang $width $sch: no sideways scrolling" \
				"$(js 'return document.documentElement.scrollWidth <= window.innerWidth;')" true
			check "card $lang $width $sch: fits the documented 260 px" \
				"$(js 'return document.documentElement.scrollHeight <= window.innerHeight;')" true
			check "card $lang $width $sch: scheme seen" \
				"$(js "return matchMedia('(prefers-color-scheme: $sch)').matches;")" true
			top
			shot "embed-$lang-$width-$sch"
			check "card $lang $width $sch: screenshot" "$([ "$(stat -c %s "$OUT/embed-$lang-$width-$sch.png")" -gt 5000 ] && echo ok)" ok
		done
	done
	scheme light
done

echo "screenshots: $(ls "$OUT"/*.png | tr '\n' ' ')"
summary browser-embed
