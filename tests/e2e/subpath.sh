#!/usr/bin/env bash
# subpath.sh: the site under /status/ through nginx with the shipped contrib/nginx-subpath.conf: every link, asset, form and redirect stays under the base path and answers.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/subpath
rm -rf "$OUT"
mkdir -p "$OUT/run"
export AIGO_NOW=1795839634 AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_BASE_PATH=/status AIGO_SNAPSHOT_INTERVAL=0
trap stack_stop EXIT

# The shipped include, pointed at this checkout's static files and at the
# upstream of the stack's nginx.conf (this run's FastCGI port).
export AIGO_INGEST_TOKENS=$OUT/no-tokens
sed -e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	-e "s#unix:/run/aigo/aigo.sock#aigo#" contrib/nginx-subpath.conf >"$OUT/subpath.conf"
STACK_NGINX_EXTRA="include $OUT/subpath.conf;" demo_stack --days 2
S=/status

# ---- the base itself and the redirects ------------------------------------
check "/status redirects to /status/" "$(fetch $S)" 301
check "... Location" "$(head_value Location | sed 's#^http://[^/]*##')" "$S/"
check "/status/ → the negotiated page" "$(fetch $S/ -H 'Accept-Language: ko')" 302
check "... Location" "$(head_value Location)" "$S/ko/monitoring"
check "/status/monitoring keeps the query" "$(fetch "$S/monitoring?range=7d")" 302
check "... Location" "$(head_value Location)" "$S/en/monitoring?range=7d"
check "/status/ja/models/ → the table" "$(fetch "$S/ja/models/?range=1h")" 301
check "... Location" "$(head_value Location)" "$S/ja/monitoring?range=1h#models"

# ---- every link of the pages is under /status/ and answers ---------------
# links: the href, src and action values of $OUT/body, one per line; not
# the links to the providers' own status pages (rel="external", outside
# the site by design).
links() {
	grep -o '\(href\|src\|action\)="[^"]*"' "$OUT/body" | sed 's/^[a-z]*="//; s/"$//; s/&amp;/\&/g' |
		grep -v '^https\?://' || true
}
# external: the pages' external links, each marked rel="external".
external() { grep -o '<a [^>]*href="https\?://[^"]*"[^>]*>' "$OUT/body"; }
: >"$OUT/links"
for p in /en/monitoring /ko/monitoring "/ja/monitoring?range=30d&sort=latency" \
	/es/models/gpt-4o "/zh/models/claude-3-5-sonnet?range=1h" /en/no-such-page \
	"/en/monitoring?range=bad"; do
	code=$(fetch "$S$p")
	case $p in
	*no-such*) check "$p: 404 page" "$code" 404 ;;
	*bad) check "$p: 400 page" "$code" 400 ;;
	*) check "$p: 200" "$code" 200 ;;
	esac
	n=$(links | wc -l)
	check "$p: has links" "$((n > 10))" 1
	check "$p: every link under $S/" "$(links | grep -v '^#' | grep -vc "^$S/")" 0
	check "$p: every external link is a marked status page" \
		"$(external | grep -vc 'rel="external noopener"')" 0
	# An error page's language links keep the bad query, so they are not
	# followed.
	[ "$code" = 200 ] && links | grep -v '^#' >>"$OUT/links"
done
sort -u "$OUT/links" >"$OUT/links.u"
bad=0
while read -r u; do
	code=$(fetch "$u")
	case $u in
	"$S/lang/"*)
		# The switcher sets the cookie for the base path and goes back.
		loc=$(head_value Location)
		[ "$code" = 302 ] && [ "${loc#"$S"/}" != "$loc" ] &&
			head_value Set-Cookie | grep -q "Path=$S/;" || {
			bad=$((bad + 1))
			echo "link $u: $code $loc"
		}
		;;
	*) [ "$code" = 200 ] || {
		bad=$((bad + 1))
		echo "link $u: $code"
	} ;;
	esac
done <"$OUT/links.u"
check "all $(wc -l <"$OUT/links.u") distinct links answer" "$bad" 0
check "the links include the stylesheet" "$(grep -c "^$S/static/style.css$" "$OUT/links.u")" 1
check "the links include a model page" "$(grep -c "^$S/en/models/gpt-4o$" "$OUT/links.u")" 1
check "the links include the form" "$(grep -c "^$S/en/monitoring$" "$OUT/links.u")" 1

# ---- the assets are nginx's files -----------------------------------------
fetch $S/static/style.css >/dev/null
check "stylesheet bytes" "$(cmp -s "$OUT/body" static/style.css && echo same)" same
check "stylesheet type" "$(head_value Content-Type)" "text/css; charset=utf-8"
fetch $S/api/v1/models >/dev/null
check "JSON type, as nginx.conf gives it" "$(head_value Content-Type)" "application/json; charset=utf-8"
fetch $S/badge/gpt-4o.svg >/dev/null
check "badge type" "$(head_value Content-Type)" "image/svg+xml; charset=utf-8"
fetch $S/static/favicon.svg >/dev/null
check "favicon bytes" "$(cmp -s "$OUT/body" static/favicon.svg && echo same)" same

# ---- the form, the switcher and a foreign next= ----------------------------
check "form with a filter" "$(fetch "$S/en/monitoring?provider=openai")" 200
check "... lists only that provider" \
	"$(grep -o '<tr data-model="[^"]*" data-status="[a-z]*"><td>OpenAI</td>' "$OUT/body" | wc -l)" \
	"$(q "SELECT count(*) FROM models m JOIN providers p ON p.id = m.provider_id WHERE p.slug = 'openai'")"
# Issue 16: the table's page links stay under the base path.
fetch "$S/en/monitoring" >/dev/null
check "page links under the base path" "$(grep -c "<a rel=\"next\" href=\"$S/en/monitoring?page=2#models\">" "$OUT/body")" 1
check "next outside the base path is refused" "$(fetch "$S/lang/ko?next=/en/monitoring")" 400
check "... as a translated page" "$(grep -c '<html lang="ko">' "$OUT/body")" 1
# A dot segment would step out of the base in the browser (issue 12).
for next in /status/../evil /status/./en/monitoring /status/%252e%252e/evil /status/.%252E/evil; do
	check "next=$next is refused" "$(fetch "$S/lang/ko?next=$next")" 400
	check "... without a Location" "$(head_value Location)" ""
done
check "next= with three dots is a name" "$(fetch "$S/lang/ko?next=/status/.../x")" 302

# ---- outside the base path nothing of the site answers ---------------------
check "/en/monitoring without the base" "$(fetch /en/monitoring)" 404
check "/statusx/ is not the site" "$(fetch /statusx/en/monitoring)" 404

# ---- the JSON, metrics and ingest under the base path -----------------------
check "models JSON" "$(fetch "$S/api/v1/models?limit=500")" 200
check "... every model" "$(jq .total "$OUT/body")" "$(q 'SELECT count(*) FROM models')"
fetch $S/api/v1/openapi.json >/dev/null
check "OpenAPI server is the base path" "$(jq -r '.servers[0].url' "$OUT/body")" "$S"
check "OpenAPI paths unchanged" "$(jq -c '.paths | keys' "$OUT/body")" "$(jq -c '.paths | keys' static/openapi.json)"
check "healthz" "$(fetch $S/healthz)" 200
check "metrics on loopback" "$(fetch $S/metrics)" 200
check "metrics count the base-path requests" \
	"$(grep -c '^aigo_requests_total{route="/{lang}/monitoring",status="200"}' "$OUT/body")" 1
check "metrics refused to 127.0.0.2" "$(fetch $S/metrics --interface 127.0.0.2)" 403
head -c $((1024 * 1024 + 1)) /dev/zero | tr '\0' ' ' >"$OUT/big"
check "ingest over 1 MiB: JSON 413" \
	"$(fetch $S/api/v1/checks -H 'Content-Type: application/json' --data-binary @"$OUT/big")" 413
check "... code" "$(jq -r .error.code "$OUT/body")" too_large
check "ingest reaches the app (no token file: 503)" \
	"$(fetch $S/api/v1/checks -H 'Content-Type: application/json' -H 'Authorization: Bearer x' -d '[]')" 503
check "... code" "$(jq -r .error.code "$OUT/body")" ingest_disabled
summary subpath
