#!/usr/bin/env bash
# incidents.sh: incidents on the pages end to end through nginx: an outage posted to the ingest API makes the banner, the history and the incident page (times and durations from an independent oracle), maintenance shows ahead of time, the Atom feeds parse and link to the incident pages, also under a base path, in five locales with no raw key; an unknown incident is the translated 404.
#
# INCIDENTS_BACKEND=pg (tests/e2e/incidents_pg.sh, issue 21): the checks are
# posted as here (into SQLite), then the database is copied to PostgreSQL
# (tests/pg.sh's server, `aigo db copy` into its empty database) and the banner, the
# incident pages, the history, the feeds and the locales are checked against
# the oracle reading the checks from PostgreSQL with psql; the parts that
# write after the ingest (maintenance, manual incidents) and the base path
# and fallback parts run in the SQLite run only.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

BACKEND=${INCIDENTS_BACKEND:-sqlite}
case $BACKEND in
sqlite) SUITE=incidents ;;
pg) SUITE=incidents-pg ;;
*)
	echo "incidents.sh: INCIDENTS_BACKEND=$BACKEND: sqlite or pg" >&2
	exit 2
	;;
esac
OUT=$STACK_ROOT/tests/out/$SUITE
rm -rf "$OUT"
mkdir -p "$OUT"
NOW=1795839634 # 2026-11-28T04:20:34Z
TOKEN=e2e-$(head -c 24 /dev/urandom | base64 | tr '+/' '-_')
export AIGO_NOW=$NOW AIGO_DB=$OUT/aigo.db AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/tokens AIGO_SNAPSHOT_INTERVAL=0
printf 'incidents-e2e %s\n' "$TOKEN" >"$OUT/tokens"
chmod 600 "$OUT/tokens"
trap stack_stop EXIT

# An empty database with the catalog: only the checks posted below.
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1 || { echo "FAIL: db init"; cat "$OUT/init.log"; exit 1; }
PORT=$(stack_free_port)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
LANGS="en ko ja zh es"
no_raw_keys() {
	local raw key
	raw=$(raw_keys "$OUT/body")
	for key in $raw; do fail "$1 contains the raw key $key"; done
	[ -z "$raw" ] && pass
	check "$1 no unfilled placeholder" "$(grep -c '{[a-zA-Z]*}' "$OUT/body")" 0
	check "$1 no template marker" "$(grep -c '{{' "$OUT/body")" 0
}

# ---- the outage sequence, posted to the ingest API --------------------------
# gpt-4o (one region): operational, 25 min of outage, 15 min operational
# with one operational blip inside the outage (flapping shorter than the
# close delay), then operational up to now: one resolved incident.
# claude-sonnet-4: operational, then outage from 2 h 20 min before now up to
# now: an open incident.
A=gpt-4o
B=claude-sonnet-4
T0=$((NOW - 3 * 3600 - 34)) # 01:20:00
# a.tsv and b.tsv ("TIME STATUS" a line, for the oracle) and the batch, the
# last checks a little before now, written by one awk.
awk -v t0="$T0" -v now="$NOW" -v a="$A" -v b="$B" -v out="$OUT" 'BEGIN {
	for (i = 0; i < 180; i++) {
		t[i] = t0 + i * 60
		sa[i] = (i >= 20 && i < 45 && i != 30) ? "outage" : "operational"
		sb[i] = (t[i] >= now - 8400 - 34) ? "outage" : "operational"
		print t[i], sa[i] > (out "/a.tsv")
		print t[i], sb[i] > (out "/b.tsv")
	}
	f = out "/batch.json"
	print "{\"checks\": [" > f
	for (i = 0; i < 180; i++)
		printf "%s{\"model\": \"%s\", \"checkedAt\": \"%s\", \"status\": \"%s\", \"latencyMs\": 800, \"httpStatus\": %s}\n",
			(i ? "," : ""), a, strftime("%Y-%m-%dT%H:%M:%SZ", t[i], 1), sa[i], (sa[i] == "outage" ? 503 : 200) > f
	for (i = 0; i < 180; i++)
		printf ",{\"model\": \"%s\", \"checkedAt\": \"%s\", \"status\": \"%s\", \"latencyMs\": 900, \"httpStatus\": %s%s}\n",
			b, strftime("%Y-%m-%dT%H:%M:%SZ", t[i], 1), sb[i], (sb[i] == "outage" ? 500 : 200),
			(sb[i] == "outage" ? ", \"error\": \"<b>boom</b> 500\", \"errorKind\": \"http_5xx\"" : "") > f
	print "]}" > f
}'
code=$(fetch /api/v1/checks -X POST -H "Authorization: Bearer $TOKEN" \
	-H "Content-Type: application/json" --data-binary "@$OUT/batch.json")
check "ingest accepted" "$code" 200
check "ingest wrote the checks" "$(q "SELECT count(*) FROM checks")" 360

# What the oracle says, from DESIGN 8's words alone.
python3 tests/e2e/incident_oracle.py "$NOW" "$OUT/a.tsv" >"$OUT/a.want"
python3 tests/e2e/incident_oracle.py "$NOW" "$OUT/b.tsv" >"$OUT/b.want"

if [ "$BACKEND" = pg ]; then
	# Issue 21: the checks and the incidents they opened, copied to
	# PostgreSQL; from here the stack serves it, q asks it with psql and
	# the oracle reads the checks from it.
	stack_stop
	suite_pg_start
	./cgi-bin/aigo db copy --from "$AIGO_DB" --to "$AIGO_PG_URL" >"$OUT/pg-copy.log" 2>"$OUT/pg-copy.err"
	check "aigo db copy" "$?" 0
	echo "incidents-pg: $(tail -n 1 "$OUT/pg-copy.log")"
	export AIGO_DB=$AIGO_PG_URL
	q() { pgq "$1"; }
	check "PostgreSQL holds the checks" "$(q "SELECT count(*) FROM checks")" 360
	for m in a b; do
		python3 tests/e2e/incident_oracle.py "$NOW" "$AIGO_DB" "$([ $m = a ] && echo "$A" || echo "$B")" \
			>"$OUT/$m.pg.want" 2>&1
		check "oracle from PostgreSQL's checks ($m) = from the posted ones" "$(cat "$OUT/$m.pg.want")" "$(cat "$OUT/$m.want")"
		cp "$OUT/$m.pg.want" "$OUT/$m.want"
	done
	PORT=$(stack_free_port)
	stack_start "$OUT/run-pg" "$PORT" 2 || exit 1
	BASE="http://127.0.0.1:$PORT"
	check "monitoring 200 (PostgreSQL)" "$(fetch /en/monitoring)" 200
	check "aigo serve reads PostgreSQL" "$(pgq_admin "SELECT count(*) > 0 FROM pg_stat_activity
		WHERE datname = 'aigo' AND application_name = 'aigo'")" t
	# The raw-key scan of five locales is the SQLite run's (it is most of
	# this suite's time and reads no number); here English and Korean.
	LANGS="en ko"
fi
check "oracle: one incident of $A" "$(wc -l <"$OUT/a.want")" 1
check "oracle: one incident of $B" "$(wc -l <"$OUT/b.want")" 1
IFS=$'\t' read -r A_START A_END A_PEAK A_DUR _ A_DTEXT <"$OUT/a.want"
IFS=$'\t' read -r B_START B_END B_PEAK B_DUR B_SINCE B_DTEXT <"$OUT/b.want"
check "oracle: $B open" "$B_END" 0
check "oracle: $B since" "$B_SINCE" "since 02:00 UTC, 2 h 20 min"
A_ID=$(q "SELECT i.id FROM incidents i JOIN models m ON m.id = i.model_id WHERE m.slug = '$A'")
B_ID=$(q "SELECT i.id FROM incidents i JOIN models m ON m.id = i.model_id WHERE m.slug = '$B'")
check "kept: $A start, end" "$(q "SELECT started_at || ' ' || resolved_at FROM incidents WHERE id = $A_ID")" \
	"$A_START $A_END"

# ---- the banner --------------------------------------------------------------
check "monitoring 200" "$(fetch /en/monitoring)" 200
check "banner shown" "$(grep -c 'class="incident-banner"' "$OUT/body")" 1
check "banner lists the open one only" "$(grep -o '<li class="incident sev-[a-z]*" data-incident="[0-9]*"' "$OUT/body" |
	sed 's/.*data-incident="//; s/"//')" "$B_ID"
check "banner severity" "$(grep -o "data-incident=\"$B_ID\" data-severity=\"[a-z]*\"" "$OUT/body" | sed 's/.*severity="//; s/"//')" \
	"$B_PEAK"
check "banner: since and duration" "$(grep -o "data-duration=\"$B_DUR\">[^<]*<" "$OUT/body" | sed 's/.*">//; s/<$//')" \
	"$B_SINCE"
check "banner: name and link" "$(grep -c "<a href=\"/en/incidents/$B_ID\">Outage of Claude Sonnet 4</a>" "$OUT/body")" 1
check "banner: history link" "$(grep -c 'href="/en/incidents">' "$OUT/body")" 1
check "feed in the head" "$(grep -c '<link rel="alternate" type="application/atom+xml" href="/en/feed.atom"' "$OUT/body")" 1
check "no maintenance box yet" "$(grep -c 'maintenance-banner' "$OUT/body")" 0

# ---- the incident pages ------------------------------------------------------
check "incident page 200" "$(fetch "/en/incidents/$A_ID")" 200
check "$A start" "$(grep -o 'id="incident-started" datetime="[^"]*"' "$OUT/body" | sed 's/.*datetime="//; s/"//')" "$(iso "$A_START")"
check "$A end" "$(grep -o 'id="incident-ended" datetime="[^"]*"' "$OUT/body" | sed 's/.*datetime="//; s/"//')" "$(iso "$A_END")"
check "$A duration" "$(grep -o 'id="incident-duration" data-duration="[0-9]*">[^<]*' "$OUT/body" | sed 's/.*data-duration="//; s/">/ /')" \
	"$A_DUR $A_DTEXT"
check "$A peak" "$(grep -o 'id="incident-peak" data-severity="[a-z]*"' "$OUT/body" | sed 's/.*severity="//; s/"//')" "$A_PEAK"
check "$A timeline drawn" "$(grep -c 'class="tl-band sev-critical"' "$OUT/body")" 1
check "$A timeline text" "$(grep -c '<figcaption id="timeline-text">Severity over time: Critical from' "$OUT/body")" 1
check "$A events: opened, resolved" "$(grep -o '<tr data-kind="[a-z-]*"' "$OUT/body" | sed 's/.*="//; s/"//' | tr '\n' ' ')" \
	"opened resolved "
check "$A model link" "$(grep -c "id=\"incident-model\" href=\"/en/models/$A\"" "$OUT/body")" 1
check "$B page 200" "$(fetch "/en/incidents/$B_ID")" 200
check "$B ongoing" "$(grep -c 'id="incident-ongoing"' "$OUT/body")" 1
check "$B duration so far" "$(grep -o 'id="incident-duration" data-duration="[0-9]*">[^<]*' "$OUT/body" | sed 's/.*data-duration="//; s/">/ /')" \
	"$B_DUR $B_DTEXT"
check "$B error kinds" "$(grep -o 'data-error-kind="[a-z_0-9]*"' "$OUT/body" | sort -u | tr '\n' ' ')" 'data-error-kind="http_5xx" '

# ---- the history ------------------------------------------------------------
check "history 200" "$(fetch /en/incidents)" 200
check "history newest first" "$(grep -o '<tr data-incident="[0-9]*"' "$OUT/body" | sed 's/.*="//; s/"//' | tr '\n' ' ')" \
	"$(q "SELECT id FROM incidents ORDER BY started_at DESC, id DESC" | tr '\n' ' ')"
check "history filtered by model" "$(fetch "/en/incidents?model=$A" >/dev/null; grep -o '<tr data-incident="[0-9]*"' "$OUT/body" | sed 's/.*="//; s/"//')" "$A_ID"
check "history filtered by provider" "$(fetch "/en/incidents?provider=anthropic" >/dev/null; grep -o '<tr data-incident="[0-9]*"' "$OUT/body" | sed 's/.*="//; s/"//' | tr '\n' ' ')" \
	"$(q "SELECT id FROM incidents i WHERE provider_id = (SELECT id FROM providers WHERE slug = 'anthropic') ORDER BY started_at DESC, id DESC" | tr '\n' ' ')"
check "history: bad provider is 400" "$(fetch "/en/incidents?provider=no-such")" 400
check "history: bad page is 400" "$(fetch "/en/incidents?page=x")" 400

# ---- maintenance ahead of time (added with the CLI) ----------------------------
if [ "$BACKEND" = sqlite ]; then
MS=$((NOW + 2 * 3600))
ME=$((NOW + 4 * 3600))
./cgi-bin/aigo maintenance add --title 'Database upgrade <script>' --note 'Writes may <b>pause</b>.' \
	--starts "$(iso $MS)" --ends "$(iso $ME)" --model "$A" >"$OUT/maintenance.log" 2>&1
check "aigo maintenance add" "$?" 0
check "... one window, its model" "$(q "SELECT count(*) || ' ' || (SELECT count(*) FROM maintenance_targets) FROM maintenances")" "1 1"
fetch /en/monitoring >/dev/null
check "maintenance shown before it starts" "$(grep -c '<li class="maintenance" data-state="upcoming">' "$OUT/body")" 1
check "maintenance title escaped" "$(grep -c 'Database upgrade &lt;script&gt;' "$OUT/body")" 1
check "maintenance note escaped" "$(grep -c 'Writes may &lt;b&gt;pause&lt;/b&gt;.' "$OUT/body")" 1
check "no raw operator markup" "$(grep -c '<script>\|<b>pause' "$OUT/body")" 0
check "maintenance links its model" "$(grep -c "<a href=\"/en/models/$A\">GPT-4o</a>" "$OUT/body")" 1
fetch "/en/models/$A" >/dev/null
check "model page: its maintenance" "$(grep -c 'data-state="upcoming"' "$OUT/body")" 1
check "model page: its incident listed" "$(grep -c "<li class=\"incident sev-critical\" data-incident=\"$A_ID\"" "$OUT/body")" 1
check "model page: incident shaded on its charts" "$(($(grep -c 'class="band sev-critical"' "$OUT/body") > 0))" 1
fetch "/en/models/$B" >/dev/null
check "other model: not its maintenance" "$(grep -c 'data-state="upcoming"' "$OUT/body")" 0
fetch /en/incidents >/dev/null
check "history lists the maintenance" "$(grep -c '<li class="maintenance" data-state="upcoming">' "$OUT/body")" 1
fi

# ---- the Atom feeds ----------------------------------------------------------
# atom_check NAME PATH SELF: parses with xml.etree, prints what it found.
atom_check() {
	python3 - "$OUT/body" "$1" <<'PY'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
root = ET.parse(sys.argv[1]).getroot()
assert root.tag == A + "feed", root.tag
def one(e, tag):
    v = e.findall(A + tag)
    assert len(v) == 1, (tag, len(v))
    return v[0]
for tag in ("id", "title", "updated"):
    assert (one(root, tag).text or "").strip(), tag
links = {l.get("rel"): l.get("href") for l in root.findall(A + "link")}
assert links.get("self") == sys.argv[2], (links, sys.argv[2])
assert links.get("alternate", "").startswith("http"), links
print("feed ok", len(root.findall(A + "entry")))
for e in root.findall(A + "entry"):
    for tag in ("id", "title", "updated"):
        assert (one(e, tag).text or "").strip(), tag
    alt = [l.get("href") for l in e.findall(A + "link") if l.get("rel") == "alternate"]
    assert len(alt) == 1
    print(one(e, "id").text, alt[0], one(e, "title").text)
PY
}
check "feed 200" "$(fetch /en/feed.atom)" 200
check "feed type" "$(head_value Content-Type)" "application/atom+xml; charset=utf-8"
atom_check "$BASE/en/feed.atom" >"$OUT/feed.txt" 2>&1
check "feed parses, 2 entries" "$(head -n 1 "$OUT/feed.txt")" "feed ok 2"
check "entry links go to the incident pages" "$(sed 1d "$OUT/feed.txt" | awk '{print $2}' | tr '\n' ' ')" \
	"$BASE/en/incidents/$B_ID $BASE/en/incidents/$A_ID "
check "entry ids are tag: URIs" "$(sed 1d "$OUT/feed.txt" | awk '{print $1}' | grep -c '^tag:127.0.0.1,2026:/incidents/[0-9]*$')" 2
check "entry title in words" "$(sed -n 2p "$OUT/feed.txt" | cut -d' ' -f3-)" "Outage of Claude Sonnet 4"
for u in $(sed 1d "$OUT/feed.txt" | awk '{print $2}'); do
	check "entry link answers: $u" "$(curl -s -o /dev/null -w '%{http_code}' "$u")" 200
done
ETAG=$(head_value ETag)
check "feed 304 on its ETag" "$(fetch /en/feed.atom -H "If-None-Match: $ETAG")" 304
check "feed gzip" "$(fetch /en/feed.atom -H 'Accept-Encoding: gzip' >/dev/null; head_value Content-Encoding)" gzip
check "feed cache" "$(head_value Cache-Control)" "public, max-age=15"
check "incident page cache" "$(fetch "/en/incidents/$A_ID" >/dev/null; head_value Cache-Control)" "public, max-age=15"
ETAG=$(head_value ETag)
check "incident page 304" "$(fetch "/en/incidents/$A_ID" -H "If-None-Match: $ETAG")" 304
check "HEAD of the feed" "$(curl -s -o /dev/null -w '%{http_code}' -I "$BASE/en/feed.atom")" 200
check "provider feed 200" "$(fetch /ko/providers/anthropic/feed.atom)" 200
atom_check "$BASE/ko/providers/anthropic/feed.atom" >"$OUT/pfeed.txt" 2>&1
check "provider feed parses, its entry only" "$(cat "$OUT/pfeed.txt" | awk 'NR == 1 {print} NR > 1 {print $2}' | tr '\n' ' ')" \
	"feed ok 1 $BASE/ko/incidents/$B_ID "
check "provider feed in Korean" "$(grep -c '<title>Claude Sonnet 4 장애</title>' "$OUT/body")" 1
check "unknown provider feed 404" "$(fetch /en/providers/no-such/feed.atom)" 404

# ---- five locales, no raw keys; the translated 404 ---------------------------
for lang in $LANGS; do
	for p in /monitoring /incidents "/incidents/$A_ID" "/incidents/$B_ID" "/models/$A" /feed.atom; do
		check "$lang$p 200" "$(fetch "/$lang$p")" 200
		no_raw_keys "$lang$p"
	done
	check "$lang: unknown incident 404" "$(fetch "/$lang/incidents/987654")" 404
	check "$lang: 404 in its language" "$(grep -c "<html lang=\"$lang\">" "$OUT/body")" 1
	check "$lang: 404 title" "$(grep -c "<h1>$(jq -r .error.notFound.title "locales/$lang.json")</h1>" "$OUT/body")" 1
	no_raw_keys "$lang 404"
done
fetch /ko/monitoring >/dev/null
check "ko banner duration" "$(grep -o "data-duration=\"$B_DUR\">[^<]*<" "$OUT/body" | sed 's/.*">//; s/<$//')" \
	"02:00 UTC부터, 2시간 20분"

if [ "$BACKEND" = pg ]; then
	summary "$SUITE"
	exit
fi

# ---- under a base path -------------------------------------------------------
stack_stop
export AIGO_BASE_PATH=/status
sed -e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	-e "s#unix:/run/aigo/aigo.sock#aigo#" contrib/nginx-subpath.conf >"$OUT/subpath.conf"
PORT=$(stack_free_port)
STACK_NGINX_EXTRA="include $OUT/subpath.conf;" stack_start "$OUT/run2" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
check "subpath feed 200" "$(fetch /status/es/feed.atom)" 200
atom_check "$BASE/status/es/feed.atom" >"$OUT/sfeed.txt" 2>&1
check "subpath feed parses" "$(head -n 1 "$OUT/sfeed.txt")" "feed ok 2"
check "subpath entry links under the base" "$(sed 1d "$OUT/sfeed.txt" | awk '{print $2}' | tr '\n' ' ')" \
	"$BASE/status/es/incidents/$B_ID $BASE/status/es/incidents/$A_ID "
for u in $(sed 1d "$OUT/sfeed.txt" | awk '{print $2}'); do
	check "subpath entry link answers: $u" "$(curl -s -o /dev/null -w '%{http_code}' "$u")" 200
done
check "subpath provider feed" "$(fetch /status/en/providers/openai/feed.atom)" 200
atom_check "$BASE/status/en/providers/openai/feed.atom" >"$OUT/spfeed.txt" 2>&1
check "subpath provider feed parses" "$(head -n 1 "$OUT/spfeed.txt")" "feed ok 1"
fetch /status/en/monitoring >/dev/null
check "subpath: head feed link" "$(grep -c '<link rel="alternate" type="application/atom+xml" href="/status/en/feed.atom"' "$OUT/body")" 1
check "subpath: banner link" "$(grep -c "href=\"/status/en/incidents/$B_ID\"" "$OUT/body")" 1
check "subpath: history" "$(fetch /status/en/incidents)" 200
check "subpath: every incident link under the base" \
	"$(grep -o 'href="[^"]*incidents[^"]*"' "$OUT/body" | grep -vc 'href="/status/')" 0

# ---- a manual incident and its updates (the CLI): as written, escaped -------
./cgi-bin/aigo incident open --provider openai --model "$A" --title 'Elevated <errors> on GPT-4o' \
	--severity major --started "$(iso $((NOW - 1800)))" --message 'We are <i>looking</i> into it.' \
	>"$OUT/manual.log" 2>&1
check "aigo incident open" "$?" 0
M_ID=$(q "SELECT id FROM incidents WHERE source = 'manual'")
./cgi-bin/aigo incident update "$M_ID" --state identified --message 'Cause: a bad deploy & a rollback.' \
	>>"$OUT/manual.log" 2>&1
check "aigo incident update" "$?" 0
check "manual incident page" "$(fetch "/status/en/incidents/$M_ID")" 200
check "title as written, escaped" "$(grep -c '<h1 id="incident-name">Elevated &lt;errors&gt; on GPT-4o</h1>' "$OUT/body")" 1
check "updates newest first, escaped" "$(grep -o '<p class="update-body">[^<]*' "$OUT/body" | sed 's/.*">//' | tr '\n' '|')" \
	'Cause: a bad deploy &amp; a rollback.|We are &lt;i&gt;looking&lt;/i&gt; into it.|'
check "no raw operator markup" "$(grep -c '<errors>\|<i>looking' "$OUT/body")" 0
check "source: the operator" "$(grep -c 'data-source="manual">Reported by the operator' "$OUT/body")" 1
# Two updates and the legend's key.
check "timeline marks both updates" "$(grep -o 'class="tl-update" x1' "$OUT/body" | wc -l)" 3
check "timeline band of its severity" "$(grep -c 'class="tl-band sev-major"' "$OUT/body")" 1
fetch /status/en/feed.atom >/dev/null
python3 - "$OUT/body" "$M_ID" >"$OUT/mfeed.txt" 2>&1 <<'PY'
import sys
import xml.etree.ElementTree as ET
A = "{http://www.w3.org/2005/Atom}"
for e in ET.parse(sys.argv[1]).getroot().findall(A + "entry"):
    if e.find(A + "link").get("href").endswith("/incidents/" + sys.argv[2]):
        print(e.find(A + "title").text)
        print(e.find(A + "content").text)
PY
check "feed entry title as written" "$(sed -n 1p "$OUT/mfeed.txt")" "Elevated <errors> on GPT-4o"
check "feed entry content: the updates" "$(sed -n 2p "$OUT/mfeed.txt" | grep -c 'Identified (.*): Cause: a bad deploy & a rollback. | Investigating (.*): We are <i>looking</i> into it.')" 1

# ---- the database away: the snapshot's incidents, as of its time ----------
fetch "/status/api/v1/incidents?limit=100" >/dev/null
cp "$OUT/body" "$OUT/db-incidents.json"
fetch /status/en/incidents >/dev/null
grep -o 'data-incident="[0-9]*"' "$OUT/body" >"$OUT/db-rows"
fetch "/status/en/incidents/$M_ID" >/dev/null
grep -o '<p class="update-body">[^<]*\|<h1 id="incident-name">[^<]*' "$OUT/body" >"$OUT/db-incident"
fetch /status/en/feed.atom >/dev/null
grep -o '<id>[^<]*</id>' "$OUT/body" | sed 1d >"$OUT/db-feed"
./cgi-bin/aigo snapshot >"$OUT/snap.log" 2>&1
check "aigo snapshot" "$?" 0
mv "$AIGO_DB" "$OUT/away.db"
check "fallback /api/v1/incidents" "$(fetch "/status/api/v1/incidents?limit=100") $(head_value X-Data-Source) $(jq -r .dataSource "$OUT/body")" "200 fallback fallback"
check "... the database's incidents at the snapshot's time" \
	"$(jq -cS 'del(.dataSource, .snapshotAt)' "$OUT/body")" "$(jq -cS 'del(.dataSource, .snapshotAt)' "$OUT/db-incidents.json")"
check "fallback history page" "$(fetch /status/en/incidents) $(head_value X-Data-Source)" "200 fallback"
check "... the same rows" "$(grep -o 'data-incident="[0-9]*"' "$OUT/body" | cmp - "$OUT/db-rows" && echo same) $(wc -l <"$OUT/db-rows")" "same 3"
check "... as of the snapshot's time" "$(grep -c 'showing the snapshot from' "$OUT/body") $(grep -c 'id="incidents-unavailable"' "$OUT/body")" "1 0"
cp "$OUT/body" "$OUT/fallback-incidents.html"
check "fallback incident page" "$(fetch "/status/en/incidents/$M_ID") $(head_value X-Data-Source)" "200 fallback"
check "... its title and updates as written" \
	"$(grep -o '<p class="update-body">[^<]*\|<h1 id="incident-name">[^<]*' "$OUT/body" | cmp - "$OUT/db-incident" && echo same)" same
check "... as of the snapshot's time" "$(grep -c 'showing the snapshot from' "$OUT/body")" 1
check "fallback feed" "$(fetch /status/en/feed.atom)" 200
check "... the same entries" "$(grep -o '<id>[^<]*</id>' "$OUT/body" | sed 1d | cmp - "$OUT/db-feed" && echo same)" same
check "fallback ko/incidents 200" "$(fetch /status/ko/incidents)" 200
no_raw_keys "fallback ko/incidents"
mv "$OUT/away.db" "$AIGO_DB"

summary "$SUITE"
