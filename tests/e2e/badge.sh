#!/usr/bin/env bash
# badge.sh: end-to-end tests of the SVG badges through nginx: every value equals /api/v1's (and sqlite3's for providers), the SVG parses, 404 and 400 badges, caching headers, languages, the snapshot fallback and the base path.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/badge
rm -rf "$OUT"
mkdir -p "$OUT/run"
NOW=1795839634
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json AIGO_SNAPSHOT_INTERVAL=0
export AIGO_ROOT=$STACK_ROOT
trap stack_stop EXIT

# count_checks: adds the ok and FAIL lines of badge_check.py to the counts.
count_checks() {
	local line
	while IFS= read -r line; do
		case $line in
		ok\ *) pass ;;
		*) fail "${line#FAIL }" ;;
		esac
	done
}

# The width table is what the generator makes of the font.
check "cgi-bin/badge_font.c is scripts/gen-badge-font.py's output" \
	"$(python3 scripts/gen-badge-font.py | clang-format --assume-filename=cgi-bin/badge_font.c |
		cmp -s - cgi-bin/badge_font.c && echo same)" same

# The oracle's demo (31 days at this clock and root): in make test the
# demo cache records it once for both.
demo_stack --days 31
M=$(q "SELECT slug FROM models WHERE is_active ORDER BY slug LIMIT 1")

# ---- every badge against the API and sqlite3 ------------------------------
count_checks < <(python3 tests/e2e/badge_check.py "$BASE" "$AIGO_DB" "$NOW" locales 2>&1)

# ---- headers: caching, ETag and 304, HEAD ----------------------------------
check "status badge" "$(fetch "/badge/$M.svg")" 200
check "... Content-Type" "$(head_value Content-Type)" "image/svg+xml; charset=utf-8"
check "... Cache-Control" "$(head_value Cache-Control)" "public, max-age=60"
check "... X-Data-Source" "$(head_value X-Data-Source)" database
ETAG=$(head_value ETag)
check "... ETag" "$([[ $ETAG =~ ^\"[0-9a-f]+\"$ ]] && echo quoted)" quoted
cp "$OUT/body" "$OUT/first.svg"
rm -f "$OUT/body"
check "If-None-Match → 304" "$(fetch "/badge/$M.svg" -H "If-None-Match: $ETAG")" 304
check "... no body" "$(cat "$OUT/body" 2>/dev/null | wc -c)" 0
check "... same ETag" "$(head_value ETag)" "$ETAG"
check "another ETag → 200" "$(fetch "/badge/$M.svg" -H 'If-None-Match: "0000"')" 200
check "HEAD" "$(fetch "/badge/$M/latency.svg" -I)" 200
check "... Content-Type" "$(head_value Content-Type)" "image/svg+xml; charset=utf-8"
check "... X-Data-Source" "$(head_value X-Data-Source)" database
check "POST → 405" "$(fetch "/badge/$M.svg" -X POST)" 405
check "... Allow" "$(head_value Allow)" "GET, HEAD"
check "the language changes the ETag" \
	"$(fetch "/badge/$M.svg?lang=ko" >/dev/null; [ "$(head_value ETag)" != "$ETAG" ] && echo differs)" differs
check "the page is not framed by the badge's CSP" \
	"$(fetch "/badge/$M.svg" >/dev/null; head_value Content-Security-Policy | grep -c "default-src 'none'")" 1

# ---- bad input: a clear error -----------------------------------------------
check "range=1h → 400 badge" "$(fetch "/badge/$M/availability.svg?range=1h")" 400
check "... says which ranges" "$(grep -c '24h, 7d or 30d' "$OUT/body")" 1
check "... not cached" "$(head_value Cache-Control)" no-store
check "range=bogus → 400" "$(fetch "/badge/$M/availability.svg?range=bogus")" 400
check "... a badge naming the field" "$(head_value Content-Type) $(grep -c '>range<' "$OUT/body")" \
	"image/svg+xml; charset=utf-8 1"
check "lang=xx (not served) → 400 badge" "$(fetch "/badge/$M.svg?lang=xx")" 400
check "... says so" "$(grep -c 'unknown language' "$OUT/body")" 1
check "lang=EN! → 400" "$(fetch "/badge/$M.svg?lang=EN!")" 400
check "no .svg → 404" "$(fetch "/badge/$M")" 404
check "a slug too long → 404" "$(fetch "/badge/$(printf 'a%.0s' $(seq 1 70)).svg")" 404
check "an escaped slug is not a slug → 404" "$(fetch "/badge/%3Cb%3E.svg")" 404
check "... and never echoed raw" "$(grep -c '<b>' "$OUT/body")" 0

# ---- the snapshot when the database is gone -------------------------------
./cgi-bin/aigo snapshot >"$OUT/snapshot.log" 2>&1 || fail "aigo snapshot"
mv "$AIGO_DB" "$OUT/away.db"
rm -f "$AIGO_DB-wal" "$AIGO_DB-shm"
check "fallback: status badge" "$(fetch "/badge/$M.svg")" 200
check "... X-Data-Source" "$(head_value X-Data-Source)" fallback
check "... same badge as from the database" "$(cmp -s "$OUT/body" "$OUT/first.svg" && echo same)" same
count_checks < <(python3 tests/e2e/badge_check.py "$BASE" - "$NOW" locales fallback 2>&1 |
	grep -v '^ok ' | sed 's/^FAIL /FAIL fallback: /'; echo "ok fallback run")
mv "$OUT/away.db" "$AIGO_DB"
stack_stop

# ---- under a base path -------------------------------------------------------
export AIGO_BASE_PATH=/status
sed -e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	-e "s#unix:/run/aigo/aigo.sock#aigo#" contrib/nginx-subpath.conf >"$OUT/subpath.conf"
PORT=$(stack_free_port)
STACK_NGINX_EXTRA="include $OUT/subpath.conf;" stack_start "$OUT/run2" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
for p in "/badge/$M.svg" "/badge/$M/availability.svg?range=7d" "/badge/$M/latency.svg" \
	"/badge/provider/openai.svg" "/badge/provider/openai/availability.svg?range=30d" \
	"/badge/provider/openai/latency.svg"; do
	check "base path: /status$p" "$(fetch "/status$p")" 200
	check "... is an SVG" "$(head_value Content-Type)" "image/svg+xml; charset=utf-8"
done
check "base path: same badge" "$(fetch "/status/badge/$M.svg" >/dev/null; cmp -s "$OUT/body" "$OUT/first.svg" && echo same)" same
check "base path: 404 badge" "$(fetch "/status/badge/no-such-model.svg")" 404

summary badge
