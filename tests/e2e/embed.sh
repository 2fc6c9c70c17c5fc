#!/usr/bin/env bash
# embed.sh: end-to-end tests of the /embed cards (framing headers on them only, language, 404, base path, snapshot) and of ?refresh= on the monitoring page, through nginx and aigo serve.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/embed
rm -rf "$OUT"
mkdir -p "$OUT/run"
export AIGO_NOW=1795839634 AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_SNAPSHOT_INTERVAL=0 AIGO_INGEST_TOKENS=$OUT/no-tokens
export AIGO_EMBED_FRAME_ANCESTORS="'self' https://example.com"
trap stack_stop EXIT
demo_stack --days 2
NOW=$AIGO_NOW
W=1800
MODEL=$(q "SELECT slug FROM models WHERE is_active ORDER BY slug LIMIT 1")
PROV=$(q "SELECT slug FROM providers ORDER BY slug LIMIT 1")

csp() { head_value Content-Security-Policy; }
fa() { csp | grep -o 'frame-ancestors [^;]*'; }

# ---- framing: only /embed may be framed ---------------------------------------------------------
check "card 200" "$(fetch "/embed/$MODEL?lang=en")" 200
check "card: frame-ancestors from the configuration" "$(fa)" "frame-ancestors 'self' https://example.com"
check "card: no X-Frame-Options" "$(head_value X-Frame-Options)" ""
check "card: X-Data-Source" "$(head_value X-Data-Source)" database
check "card: nosniff kept" "$(head_value X-Content-Type-Options)" nosniff
check "card: HTML" "$(head_value Content-Type)" "text/html; charset=utf-8"
check "provider card 200" "$(fetch "/embed/provider/$PROV")" 200
check "provider card: frame-ancestors" "$(fa)" "frame-ancestors 'self' https://example.com"
check "provider card: no X-Frame-Options" "$(head_value X-Frame-Options)" ""
for p in /en/monitoring "/en/models/$MODEL" /en/incidents /api/v1/models /metrics /healthz /en/no-such \
	/embed "/badge/$MODEL.svg"; do
	fetch "$p" >/dev/null
	check "$p: frame-ancestors 'none'" "$(fa)" "frame-ancestors 'none'"
	check "$p: X-Frame-Options DENY" "$(head_value X-Frame-Options)" DENY
done
# Under /embed/ every answer may be framed, so a frame on another site
# shows what went wrong instead of being refused.
check "POST /embed: 405" "$(fetch "/embed/$MODEL" -X POST)" 405
check "405 under /embed/: framable" "$(fa) $(head_value X-Frame-Options)" "frame-ancestors 'self' https://example.com "
check "a path under /embed/ naming no card: the 404 card" "$(fetch "/embed/$MODEL/x") $(grep -c 'embed-missing' "$OUT/body")" "404 1"
check "... framable" "$(fa) $(head_value X-Frame-Options)" "frame-ancestors 'self' https://example.com "
check "... not cached" "$(head_value Cache-Control)" no-store
check "HEAD card" "$(curl -s -o /dev/null -w '%{http_code} %{size_download}' -I "$BASE/embed/$MODEL")" "200 0"

# ---- the card's numbers: those of /api/v1/models/{slug} and of sqlite3 --------------------------
fetch "/embed/$MODEL?lang=en" >/dev/null
cp "$OUT/body" "$OUT/card.html"
api=$(curl -s "$BASE/api/v1/models/$MODEL")
raw() { grep -o "data-raw=\"[^\"]*\">[^<]*" "$OUT/card.html" | sed -n "$1p" | sed 's/^data-raw="\([^"]*\)".*/\1/'; }
want_av=$(echo "$api" | jq -r '.model.availability."24h" // empty | . * 100 | round / 100' 2>/dev/null)
got_av=$(raw 1)
check "availability = API's" "$(python3 -c "import sys;a,b=sys.argv[1:];print(abs(float(a)-float(b))<0.006)" "${got_av:-0}" "${want_av:-0}")" True
check "latency = API's" "$(raw 2)" "$(echo "$api" | jq -r '.model.latencyMs // empty')"
st=$(q "$(status_sql) SELECT st FROM per_model JOIN models USING (id) WHERE slug='$MODEL'")
check "status = sqlite3's (DESIGN 3)" "$(grep -o 'data-status="[a-z]*"' "$OUT/card.html")" "data-status=\"$st\""
check "a link to the full page in a new tab" \
	"$(grep -o "href=\"/en/models/$MODEL\" target=\"_blank\" rel=\"noopener\"" "$OUT/card.html" | wc -l)" 2
pst=$(curl -s "$BASE/api/v1/providers" | jq -r ".providers[] | select(.slug==\"$PROV\") | .status")
fetch "/embed/provider/$PROV?lang=en" >/dev/null
check "provider status = API's" "$(grep -o 'data-status="[a-z]*"' "$OUT/body")" "data-status=\"$pst\""

# ---- language ---------------------------------------------------------------------------------------
for l in en ko ja zh es; do
	fetch "/embed/$MODEL?lang=$l" >/dev/null
	check "?lang=$l: Content-Language" "$(head_value Content-Language)" "$l"
	want=$(jq -r .embed.latency "locales/$l.json")
	check "?lang=$l: translated" "$(grep -c ">$want<" "$OUT/body")" 1
	check "?lang=$l: no raw key" "$(grep -c 'embed\.\|T_embed' "$OUT/body")" 0
done
fetch "/embed/$MODEL" -H 'Accept-Language: ja' >/dev/null
check "Accept-Language: ja" "$(head_value Content-Language)" ja
check "... varies" "$(grep -ic '^Vary: Accept-Language, Cookie' "$OUT/head")" 1
check "?lang=xx: 400" "$(fetch "/embed/$MODEL?lang=xx")" 400
check "... says which" "$(grep -c 'en, ko, ja, zh, es' "$OUT/body")" 1

# ---- 404 --------------------------------------------------------------------------------------------
check "unknown model: 404" "$(fetch "/embed/no-such-model?lang=ko")" 404
check "... a translated card" "$(grep -c "$(jq -r .embed.notFoundTitle locales/ko.json)" "$OUT/body")" 1
check "... names it" "$(grep -c '<code>no-such-model</code>' "$OUT/body")" 1
check "... frameable" "$(fa)" "frame-ancestors 'self' https://example.com"
check "unknown provider: 404" "$(fetch "/embed/provider/nope")" 404

# ---- ?refresh= on the monitoring page ---------------------------------------------------------------
fetch "/en/monitoring?refresh=60" >/dev/null
check "refresh=60: meta" "$(grep -c '<meta http-equiv="refresh" content="60">' "$OUT/body")" 1
check "... the range links keep it" "$(grep -c 'href="/en/monitoring?range=7d&amp;refresh=60"' "$OUT/body")" 1
fetch "/en/monitoring" >/dev/null
check "no refresh: no meta" "$(grep -c 'http-equiv="refresh"' "$OUT/body")" 0
for v in 30 3600; do
	fetch "/en/monitoring?refresh=$v" >/dev/null
	check "refresh=$v accepted" "$(grep -c "content=\"$v\"" "$OUT/body")" 1
done
for v in 29 3601 abc -60 60.5; do
	check "refresh=$v: 400" "$(fetch "/en/monitoring?refresh=$v")" 400
	check "refresh=$v: says the bounds" "$(grep -c '30 to 3600' "$OUT/body")" 1
done
check "/monitoring?refresh=60 keeps it" "$(fetch "/monitoring?refresh=60")" 302
check "... Location" "$(head_value Location)" "/en/monitoring?refresh=60"
check "model page: no meta" "$(fetch "/en/models/$MODEL?refresh=60" >/dev/null; grep -c 'http-equiv="refresh"' "$OUT/body")" 0

# ---- aigo routes and config check ---------------------------------------------------------------------
check "aigo routes" "$(./cgi-bin/aigo routes | grep -c '^GET,HEAD /embed/')" 2
check "config check shows the key" "$(./cgi-bin/aigo config check 2>&1 | grep '^embed_frame_ancestors')" \
	"embed_frame_ancestors = 'self' https://example.com"
bad=$(AIGO_EMBED_FRAME_ANCESTORS="https://a.example; script-src *" ./cgi-bin/aigo config check 2>&1)
check "a bad list is refused" "$?" 2
check "... naming the key" "$(echo "$bad" | grep -c 'embed_frame_ancestors (environment AIGO_EMBED_FRAME_ANCESTORS)')" 1

# ---- from the snapshot ------------------------------------------------------------------------------
./cgi-bin/aigo snapshot >"$OUT/snapshot.log" 2>&1
check "snapshot written" "$?" 0
cgi() { AIGO_DB=$OUT/gone.db REQUEST_METHOD=GET DOCUMENT_URI=$1 QUERY_STRING=${2:-} ./cgi-bin/aigo 2>/dev/null | tr -d '\r'; }
out=$(cgi "/embed/$MODEL" lang=en)
check "snapshot: 200" "$(echo "$out" | head -n 1)" "Status: 200 OK"
check "snapshot: X-Data-Source" "$(echo "$out" | grep '^X-Data-Source:')" "X-Data-Source: fallback"
check "snapshot: the notice" "$(echo "$out" | grep -c 'class="notice warning"')" 1
check "snapshot: same status" "$(echo "$out" | grep -o 'data-status="[a-z]*"')" "data-status=\"$st\""
out=$(cgi "/embed/provider/$PROV")
check "snapshot provider: fallback" "$(echo "$out" | grep '^X-Data-Source:')" "X-Data-Source: fallback"

# ---- under a base path ------------------------------------------------------------------------------
out=$(AIGO_BASE_PATH=/status REQUEST_METHOD=GET DOCUMENT_URI=/status/embed/$MODEL QUERY_STRING=lang=en ./cgi-bin/aigo 2>/dev/null | tr -d '\r')
check "base path: 200" "$(echo "$out" | head -n 1)" "Status: 200 OK"
check "base path: links under /status" "$(echo "$out" | grep -o '\(href\)="[^"]*"' | grep -vc '^href="/status/')" 0
check "base path: frameable" "$(echo "$out" | grep -c "^Content-Security-Policy: .*frame-ancestors 'self' https://example.com")" 1
check "base path: outside it 404" "$(AIGO_BASE_PATH=/status REQUEST_METHOD=GET DOCUMENT_URI=/embed/$MODEL ./cgi-bin/aigo 2>/dev/null | head -n 1 | tr -d '\r')" "Status: 404 Not Found"

summary embed
