#!/usr/bin/env bash
# supervise.sh: aigo serve with probe = on behind nginx against the fake provider: checks from the supervised prober, its restart after SIGKILL, SIGHUP with a new catalog and key file, the pages' real numbers against sqlite3, a refused key file, a clean stop, and make run PROBE=1.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/supervise
rm -rf "$OUT"
mkdir -p "$OUT/fake" "$OUT/fake-run"
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/probe.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_CONFIG=$OUT/aigo.conf AIGO_SNAPSHOT_INTERVAL=0
W=1800
# Three values of the fake provider's key: the environment's, which the
# key file overrides and which must never be sent, and the file's before
# and after the reload. None may reach a log, the database or a page.
rnd() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
KEY_ENV=envkey-$(rnd)
KEY1=filekey1-$(rnd)
KEY2=filekey2-$(rnd)
export FAKEAI_API_KEY=$KEY_ENV
KEYS_FILE=$OUT/probe-keys
FAKE_PIDS=()
RUN_PID=
cleanup() {
	[ -n "$RUN_PID" ] && kill -TERM "$RUN_PID" 2>/dev/null && wait "$RUN_PID" 2>/dev/null
	stack_stop
	fake_provider_stop
}
trap cleanup EXIT

# log_has TEXT [COUNT]: the serve log has COUNT (1) lines matching TEXT.
log_has() { [ "$(grep -c -- "$1" "$LOG")" -ge "${2:-1}" ]; }
# probers: the pids of the "prober N started" lines, in order.
probers() { sed -n 's/.*prober \([0-9]*\) started$/\1/p' "$LOG"; }
last_prober() { probers | tail -n 1; }
new_prober() { [ -n "$(last_prober)" ] && [ "$(last_prober)" != "$1" ]; }
alive() { kill -0 "$1" 2>/dev/null; }
dead() { ! kill -0 "$1" 2>/dev/null; }
children() { pgrep -P "$STACK_AIGO_PID" | sort | tr '\n' ' '; }
n_children() { pgrep -P "$STACK_AIGO_PID" | wc -l; }
q() { sqlite3 -batch -noheader -separator '|' "$AIGO_DB" "$1"; }
# checks_since T [MODEL [REGION]]: probe checks stamped after T (of
# MODEL, in REGION).
checks_since() {
	q "SELECT count(*) FROM checks c JOIN models m ON m.id = c.model_id
	   WHERE c.source = 'probe' AND c.checked_at > $1 ${2:+AND m.slug = '$2'} ${3:+AND c.region = '$3'}"
}
has_checks_since() { [ "$(checks_since "$@")" -gt 0 ]; }

# ---- the fake provider and a catalog pointing at it -------------------------
python3 tests/fake/provider.py "$OUT/fake" 2>>"$OUT/fake/fake.log" &
FAKE_PIDS+=($!)
poll 10 test -s "$OUT/fake/ports" || { echo "FAIL: the fake provider did not start"; exit 1; }
FAKE=http://127.0.0.1:$(jq .http "$OUT/fake/ports")
# catalog FILE [EXTRA_MODEL_SLUG]: one provider with a key (openai-chat),
# models in every status, a two-region model that is degraded, one probed
# too rarely to be fresh (unknown), one inactive; and one provider without
# a key, probed for reachability.
catalog() {
	jq -n --arg u "$FAKE" --arg extra "${2:-}" '
	  def ep(s; kind; region; iv): {region: region, url: ($u + "/" + s + "/v1/chat/completions"),
	    method: "POST", expectStatus: [200], timeoutMs: 3000, degradedMs: 2000,
	    probe: kind, api: "openai-chat", providerModel: "fake-1", intervalS: iv};
	  def model(slug; eps): {slug: slug, name: slug, isActive: true, endpoints: eps};
	  {providers: [
	    {slug: "fakeai", name: "Fake AI", keyEnv: "FAKEAI_API_KEY", models: ([
	      model("fake-ok"; [ep("ok"; "inference"; "global"; 5)]),
	      model("fake-stream"; [ep("ok"; "stream"; "global"; 5)]),
	      model("fake-mixed"; [ep("ok"; "stream"; "global"; 5), ep("s500"; "inference"; "eu-west"; 5)]),
	      model("fake-down"; [ep("s500"; "inference"; "global"; 5)]),
	      model("fake-limited"; [ep("s429"; "inference"; "global"; 5)]),
	      model("fake-rare"; [ep("ok"; "inference"; "global"; 86400)]),
	      (model("fake-old"; [ep("ok"; "inference"; "global"; 5)]) | .isActive = false)]
	      + (if $extra == "" then [] else [model($extra; [ep("ok"; "stream"; "global"; 5)])] end))},
	    {slug: "reach", name: "Reach", models: [
	      model("reach-door"; [ep("s401"; "reachability"; "global"; 5) | .expectStatus = [401]
	        | del(.providerModel)])]}]}' >"$1"
}
catalog "$OUT/catalog.json"
# keys_file VALUE: the key file with VALUE, mode 600, comments and blanks.
keys_file() {
	(
		umask 077
		printf '# the prober'"'"'s keys (probe_keys)\n\nFAKEAI_API_KEY=%s\n' "$1" >"$KEYS_FILE"
	)
	chmod 600 "$KEYS_FILE"
}
keys_file "$KEY1"
# conf on|off: the configuration file.
conf() {
	printf 'catalog = %s\nprobe = %s\nprobe_keys = %s\nlog_level = info\n' \
		"$OUT/catalog.json" "$1" "$KEYS_FILE" >"$AIGO_CONFIG"
}
conf on

./cgi-bin/aigo db init >"$OUT/init.out" 2>&1
check "db init with the fake catalog" $? 0
./cgi-bin/aigo config check >"$OUT/config.out" 2>&1
check "config check" $? 0
check "config check: probe = on from the file" "$(grep -c '^probe = on$' "$OUT/config.out")" 1
check "config check: probe_keys shown" "$(grep -c "^probe_keys = $KEYS_FILE\$" "$OUT/config.out")" 1
check "config check: the key is the file's" \
	"$(grep -c '^#   FAKEAI_API_KEY *fakeai *yes, from probe_keys$' "$OUT/config.out")" 1

# ---- the stack with the prober: checks arrive --------------------------------
PORT=$(stack_free_port)
STARTED=$(date +%s)
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
LOG=$OUT/run/aigo.log
check "serve says it runs the prober" "$(grep -c 'with 2 workers and the prober' "$LOG")" 1
check "probe checks arrive from the supervised prober" \
	"$(yes_if 30 has_checks_since 0 fake-mixed)" yes
# Both regions of the two-region model before the prober is killed: the
# model page below (after probe = off) shows one region up, one down;
# each endpoint has its own phase in the 5 s interval, and a quick run
# reaches the kill before the second region's first probe.
check "... both regions of the two-region model" \
	"$(yes_if 30 has_checks_since 0 fake-mixed eu-west)" yes
P1=$(last_prober)
check "one prober started" "$(probers | wc -l)" 1
check "... a child of aigo serve" "$(ps -o ppid= -p "$P1" | tr -d ' ')" "$STACK_AIGO_PID"
check "... its probes in /metrics" \
	"$(fetch /metrics >/dev/null; awk '/^aigo_probes_total\{/ { n += $2 } END { print (n > 0) }' "$OUT/body")" 1
# AigoProberDown's series: probe = on, and a tick since the stack started,
# not after this second (the prober's clock is the real one).
check "... probe = on in /metrics" "$(awk '$1 == "aigo_probe_enabled" { print $2 }' "$OUT/body")" 1
check "... its last tick in /metrics" \
	"$(awk -v t0="$STARTED" -v t1="$(date +%s)" '$1 == "aigo_probe_last_tick_timestamp_seconds" { print ($2 >= t0 && $2 <= t1) }' "$OUT/body")" 1

# ---- SIGKILL of the prober: a new one, checks go on -------------------------
kill -KILL "$P1"
check "killed prober logged with how it died" \
	"$(yes_if 15 log_has "prober $P1 died of signal 9; restarted at once")" yes
check "a new prober" "$(yes_if 15 new_prober "$P1")" yes
P2=$(last_prober)
check "... the old one gone" "$(yes_if 5 dead "$P1")" yes
T=$(date +%s)
check "checks keep arriving from the new prober" "$(yes_if 30 has_checks_since "$T")" yes

# ---- SIGHUP: a new endpoint in the catalog and a new key in the file -----------
catalog "$OUT/catalog.json" fake-new
./cgi-bin/aigo db init >"$OUT/init2.out" 2>&1
check "db init with the new model" $? 0
keys_file "$KEY2"
kill -HUP "$STACK_AIGO_PID"
check "reloaded" "$(yes_if 15 log_has 'reloaded: 2 new workers')" yes
check "the old prober told to stop" "$(yes_if 15 log_has "prober $P2 stopped (exited with 0) for the reload")" yes
check "a prober of the new configuration" "$(yes_if 15 new_prober "$P2")" yes
P3=$(last_prober)
check "the new endpoint gets checks" "$(yes_if 30 has_checks_since 0 fake-new)" yes
# What the fake provider received: the new key after the old one, never
# again the old one after the first request with the new, never the
# environment's.
auth_ids() { jq -r --arg a "Bearer $1" 'select(.event == "start" and .headers.authorization == $a) | .id' \
	"$OUT/fake/requests.jsonl"; }
check "the new key was sent" "$(auth_ids "$KEY2" | wc -l | awk '{ print ($1 > 0) }')" 1
first2=$(auth_ids "$KEY2" | sort -n | head -n 1)
last1=$(auth_ids "$KEY1" | sort -n | tail -n 1)
check "the old key was sent before the reload" "$([ -n "$last1" ] && echo yes)" yes
check "... and never after the new one" "$([ -n "$first2" ] && [ -n "$last1" ] && [ "$last1" -lt "$first2" ] && echo yes)" yes
check "the environment's key never sent (the file's wins)" "$(auth_ids "$KEY_ENV" | wc -l)" 0
# The keyless endpoint's first probe may come late on a busy machine: wait
# for it before looking at what it sent.
s401_probed() { jq -e -s 'any(.[]; .event == "start" and (.path | startswith("/s401/")))' \
	"$OUT/fake/requests.jsonl" >/dev/null; }
check "the keyless endpoint was probed" "$(yes_if 30 s401_probed)" yes
check "reachability without a key" \
	"$(jq -r 'select(.event == "start" and (.path | startswith("/s401/"))) | .headers.authorization // "none"' \
		"$OUT/fake/requests.jsonl" | sort -u)" none

# ---- probe = off: the prober stops; the numbers hold still ------------------
conf off
kill -HUP "$STACK_AIGO_PID"
check "probe = off: the prober told to stop" "$(yes_if 15 log_has "prober $P3 told to stop: probe = off")" yes
check "... stopped" "$(yes_if 15 log_has "prober $P3 stopped")" yes
check "... no prober process, two workers" "$(yes_if 10 test "$(n_children)" = 2)" yes
sleep 0.5
check "... and none started" "$(probers | wc -l)" 3

# ---- the pages and the JSON show the recorded numbers (DESIGN 3) -------------
NOW=$(date +%s)
STATUS_SQL=$(status_sql)
want_count() { q "$STATUS_SQL SELECT count(*) FROM per_model WHERE st = '$1'"; }
WANT_TOTAL=$(q "SELECT count(*) FROM models")
WANT_ACTIVE=$(q "SELECT count(*) FROM models WHERE is_active")
for s in operational degraded outage unknown; do
	eval "WANT_${s^^}=\$(want_count $s)"
done
WANT_AVAIL=$(q "SELECT printf('%.4f', avg(a)) FROM (
  SELECT 100.0 * sum(c.status <> 'outage') / count(*) AS a
  FROM checks c JOIN models m ON m.id = c.model_id
  WHERE m.is_active AND c.checked_at > $NOW - 86400 AND c.checked_at <= $NOW
  GROUP BY c.model_id)")
echo "sqlite3: total=$WANT_TOTAL active=$WANT_ACTIVE operational=$WANT_OPERATIONAL degraded=$WANT_DEGRADED" \
	"outage=$WANT_OUTAGE unknown=$WANT_UNKNOWN avgAvailability=$WANT_AVAIL"
# The catalog makes every state: operational (fake-ok, ...), degraded
# (fake-mixed, fake-limited), outage (fake-down), unknown (fake-rare).
for s in OPERATIONAL DEGRADED OUTAGE UNKNOWN; do
	n=WANT_$s
	check "the fake providers give $s models" "$(("${!n}" > 0))" 1
done
check "only probe checks" "$(q "SELECT group_concat(DISTINCT source) FROM checks")" probe
check "realtime-stats" "$(fetch /api/v1/realtime-stats)" 200
cp "$OUT/body" "$OUT/stats.json"
json() { jq -r "$1" "$OUT/stats.json"; }
check "json not demo" "$(json .isDemo)" false
check "json dataSource" "$(json .dataSource)" database
check "json totalModels" "$(json .totalModels)" "$WANT_TOTAL"
check "json activeModels" "$(json .activeModels)" "$WANT_ACTIVE"
for s in operational degraded outage unknown; do
	n=WANT_${s^^}
	check "json ${s}Models" "$(json ".${s}Models")" "${!n}"
done
check "json avgAvailability" \
	"$(awk -v a="$(json .avgAvailability)" -v b="$WANT_AVAIL" \
		'BEGIN { d = a - b; print (d < 0.0051 && d > -0.0051) ? "close" : a " vs " b }')" close
for path in /api/v1/models /api/v1/providers /api/v1/models/fake-mixed "/api/v1/history?range=1h"; do
	check "GET $path not demo" "$(fetch "$path" >/dev/null; jq .isDemo "$OUT/body")" false
done
check "monitoring page" "$(fetch /en/monitoring)" 200
check "page total card" "$(card total)" "$WANT_TOTAL"
check "page active card" "$(card active)" "$WANT_ACTIVE/$WANT_TOTAL"
for s in operational degraded outage unknown; do
	n=WANT_${s^^}
	check "page $s card" "$(card "$s")" "${!n}"
done
check "page availability card" "$(card_text availability)" \
	"$(awk -v v="$(json .avgAvailability)" 'BEGIN { printf "%.1f%%", v }')"
check "page: no demo label" "$(grep -c 'class="tag demo"' "$OUT/body")" 0
check "page: no demo notice" "$(grep -c 'Demo data\|generated demo checks' "$OUT/body")" 0
# A model page: per-region 24h availability, the 24h series' latency
# percentiles and availability, and the recent checks, from sqlite3.
MODEL=fake-mixed
MID=$(q "SELECT id FROM models WHERE slug = '$MODEL'")
for _ in 1 2; do
	NOW=$(date +%s)
	first=$((NOW - NOW % 3600 - 23 * 3600))
	check "model page" "$(fetch "/en/models/$MODEL?range=24h")" 200
	# Again if an hour began meanwhile: the buckets moved.
	[ $(($(date +%s) / 3600)) = $((NOW / 3600)) ] && break
done
cp "$OUT/body" "$OUT/model.html"
want=$(q "WITH k AS (SELECT region, (checked_at - $first) / 3600 AS i, status, latency_ms
            FROM checks WHERE model_id = $MID AND checked_at >= $first AND checked_at < $first + 24 * 3600),
          r AS (SELECT region, i, latency_ms l, row_number() OVER (PARTITION BY region, i ORDER BY latency_ms) rn,
                  count(*) OVER (PARTITION BY region, i) c FROM k WHERE latency_ms IS NOT NULL),
          p AS (SELECT region, i, max(CASE WHEN rn = (c * 50 + 99) / 100 THEN l END) p50,
                  max(CASE WHEN rn = (c * 95 + 99) / 100 THEN l END) p95 FROM r GROUP BY 1, 2),
          a AS (SELECT region, i, printf('%.2f', 100.0 * sum(status <> 'outage') / count(*)) av FROM k GROUP BY 1, 2)
  SELECT a.region || ' ' || a.i || ' ' || coalesce(p.p50, '-') || ' ' || coalesce(p.p95, '-') || ' ' || a.av
  FROM a LEFT JOIN p USING (region, i) ORDER BY a.region, a.i")
got=$(perl -0ne 'while (/<table class="chart-table series-table" data-region="([^"]*)">(.*?)<\/table>/sg) {
	my ($reg, $t) = ($1, $2); my $i = 0;
	while ($t =~ /<tr data-time="[^"]*">.*?data-p50="([^"]*)".*?data-p95="([^"]*)".*?data-availability="([^"]*)"/sg) {
		print join(" ", $reg, $i, $1 eq "" ? "-" : $1, $2 eq "" ? "-" : $2, $3), "\n" if $3 ne ""; $i++ } }' "$OUT/model.html")
check "model page 24h series equal sqlite3" "$got" "$want"
want=$(q "SELECT region || ' ' || printf('%.1f%%', 100.0 * sum(status <> 'outage') / count(*)) FROM checks
	WHERE model_id = $MID AND checked_at > $NOW - 86400 AND checked_at <= $NOW GROUP BY region ORDER BY region")
got=$(perl -0ne 'while (/<tr data-region="([^"]*)" data-status="[a-z]*">.*?data-window="24h">([^<]*)</sg) { print "$1 $2\n" }' "$OUT/model.html")
check "model page 24h availability per region equal sqlite3" "$got" "$want"
check "... one region operational, one outage" "$(echo "$got" | awk '{ print $2 }' | sort | tr '\n' ' ')" "0.0% 100.0% "
check "model page recent checks equal sqlite3" \
	"$(grep -o '<tr data-status="[a-z]*"><td><time datetime="[^"]*"' "$OUT/model.html" | grep -o '20[0-9T:Z-]*' | md5sum)" \
	"$(q "SELECT strftime('%Y-%m-%dT%H:%M:%SZ', checked_at, 'unixepoch') FROM checks WHERE model_id = $MID
	      AND checked_at <= $NOW ORDER BY checked_at DESC LIMIT 50" | md5sum)"
check "model page: no demo label" "$(grep -c 'class="tag demo"\|Demo data' "$OUT/model.html")" 0

# ---- probe = on again: it starts ---------------------------------------------
conf on
kill -HUP "$STACK_AIGO_PID"
check "probe = on: a prober starts" "$(yes_if 15 new_prober "$P3")" yes
P4=$(last_prober)
check "... and runs" "$(yes_if 3 alive "$P4")" yes

# ---- a key file its group may read: refused, the pages still served ----------
chmod 644 "$KEYS_FILE"
./cgi-bin/aigo config check >"$OUT/config644.out" 2>"$OUT/config644.err"
check "config check refuses a key file of mode 644" $? 1
check "... saying why" "$(grep -c "probe_keys $KEYS_FILE: its group or others may read it (mode 644)" "$OUT/config644.err")" 1
kill -HUP "$STACK_AIGO_PID"
check "mode 644: the running prober stopped for the reload" "$(yes_if 15 log_has "prober $P4 stopped")" yes
check "... the new one refuses the file, naming it" \
	"$(yes_if 15 log_has "probe_keys $KEYS_FILE: its group or others may read it (mode 644): the mode must be 600")" yes
check "... and is not started again" \
	"$(yes_if 15 log_has "refused its configuration (said above); not started again until a reload")" yes
check "... no prober process" "$(yes_if 10 test "$(n_children)" = 2)" yes
n_started=$(probers | wc -l)
sleep 1
check "... none started meanwhile" "$(probers | wc -l)" "$n_started"
check "... the page still served" "$(fetch /en/monitoring)" 200
check "... the JSON too" "$(fetch /api/v1/realtime-stats)" 200
# A malformed line is named by its file and line.
chmod 600 "$KEYS_FILE"
echo "this line is not a key" >>"$KEYS_FILE"
kill -HUP "$STACK_AIGO_PID"
check "a malformed key file: file and line" \
	"$(yes_if 15 log_has "probe_keys $KEYS_FILE:4: not NAME=value")" yes
check "... refused" "$(yes_if 15 log_has "refused its configuration" 2)" yes

# ---- SIGTERM: serve stops the prober with the workers and exits 0 --------------
keys_file "$KEY2"
n_scheduled=$(grep -c 'endpoints on their schedule' "$LOG")
P5=$(last_prober) # before the reload: its prober may start at once
kill -HUP "$STACK_AIGO_PID"
check "fixed key file: a prober runs" "$(yes_if 15 new_prober "$P5")" yes
P5=$(last_prober)
# Once its schedule is set up it has SIGTERM in hand (results to write).
check "... on its schedule" "$(yes_if 15 log_has 'endpoints on their schedule' $((n_scheduled + 1)))" yes
KIDS=$(children)
check "workers and the prober before the stop" "$(echo "$KIDS" | wc -w)" 3
check "... the prober among them" "$(echo " $KIDS" | grep -c " $P5 ")" 1
kill -TERM "$STACK_AIGO_PID"
wait "$STACK_AIGO_PID"
check "SIGTERM: aigo serve exits 0" $? 0
STACK_AIGO_PID=
left=0
for k in $KIDS; do alive "$k" && left=$((left + 1)); done
check "... no worker or prober left" "$left" 0
check "... the prober stopped with the workers" "$(grep -c "prober $P5 stopped (exited with 0)$" "$LOG")" 1
check "... its summary logged" "$(grep 'probe: stopped after' "$LOG" | tail -n 1 | grep -c 'probes of 9 endpoints')" 1
check "... no -wal left (checkpointed)" "$(ls "$AIGO_DB-wal" 2>/dev/null | wc -l)" 0
stack_stop

# ---- make run PROBE=1: the prober on its own database, no demo ---------------
RDB=$OUT/run-probe.db
port=$(stack_free_port)
env -u AIGO_CONFIG -u FAKEAI_API_KEY AIGO_CATALOG="$OUT/catalog.json" AIGO_DB="$RDB" \
	AIGO_PROBE_KEYS="$KEYS_FILE" RUN_DIR="$OUT/run-probe" PORT="$port" PROBE=1 \
	bash scripts/run.sh >"$OUT/run-probe.out" 2>&1 &
RUN_PID=$!
BASE="http://127.0.0.1:$port"
check "make run PROBE=1 serves" "$(yes_if 60 curl -fs -o /dev/null "$BASE/healthz")" yes
check "... says the prober is on" "$(yes_if 10 grep -q '^Prober on: real checks into' "$OUT/run-probe.out")" yes
AIGO_DB=$RDB
check "... probe checks arrive" "$(yes_if 30 has_checks_since 0)" yes
check "... no demo checks" "$(q "SELECT count(*) FROM checks WHERE source <> 'probe'")" 0
check "... not demo in the JSON" "$(fetch /api/v1/realtime-stats >/dev/null; jq .isDemo "$OUT/body")" false
kill -TERM "$RUN_PID"
check "... SIGTERM stops it" "$(yes_if 20 dead "$RUN_PID")" yes
wait "$RUN_PID" 2>/dev/null
RUN_PID=
check "... and says so" "$(tail -n 1 "$OUT/run-probe.out")" "make run: stopped"
check "... nothing left running" "$(pgrep -f "$OUT/run-probe" | wc -l)" 0

# ---- no key anywhere but in the requests to the fake provider ----------------
sqlite3 "$OUT/probe.db" "PRAGMA wal_checkpoint(TRUNCATE)" >/dev/null
leaks=0
for k in "$KEY_ENV" "$KEY1" "$KEY2"; do
	for f in "$OUT"/run/*.log "$OUT"/run-probe/*.log "$OUT"/*.out "$OUT"/*.err "$OUT"/*.db* \
		"$OUT"/stats.json "$OUT"/model.html "$OUT"/body; do
		[ -e "$f" ] || continue
		grep -qaF -- "$k" "$f" && { leaks=$((leaks + 1)); echo "key found in $f"; }
	done
done
check "no key in a log, the output, a page or the database" "$leaks" 0

summary supervise
