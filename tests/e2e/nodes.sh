#!/usr/bin/env bash
# nodes.sh: several nodes on one database: two aigo serve nodes behind nginx's upstream (contrib/nginx-upstream.conf), a check ingested on one in the other's next answer, two probers of different regions and two probe nodes pushing to either node with nothing lost or doubled, a node killed under load losing no acknowledged check, and (PostgreSQL) both nodes on the snapshot while the database is stopped and back without a restart.
#
# AIGO_TEST_BACKEND=sqlite (the default: one SQLite file in WAL mode, shared
# by every process on this machine) or pg (a PostgreSQL from tests/pg.sh;
# every process gets db = its URL, and psql is the oracle).
set -uo pipefail
BACKEND=${AIGO_TEST_BACKEND:-sqlite} # read before lib.sh unsets every AIGO_*
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/nodes
rm -rf "$OUT"
mkdir -p "$OUT/run/nginx" "$OUT/load"
export AIGO_ROOT=$STACK_ROOT AIGO_INGEST_TOKENS=$OUT/tokens AIGO_CATALOG=$OUT/central.json
export AIGO_SNAPSHOT_INTERVAL=2
# The nodes: their FastCGI ports (aigo serve --listen) and each one's own
# HTTP port on nginx (contrib's per-node servers); the load balancer's.
NODES="A B"
declare -A FCGI HTTP NODE_PID
# node_start NAME: aigo serve (2 workers) on the node's FastCGI port, in a
# session of its own so that the node can be killed whole (its supervisor
# and its workers, as when its machine is lost); its log and snapshot in
# $OUT/node-NAME.
node_start() {
	mkdir -p "$OUT/node-$1"
	# Started from a subshell: not a job of this shell, which would
	# otherwise report its SIGKILL ("Killed") on stderr.
	(
		AIGO_SNAPSHOT=$OUT/node-$1/fallback.json setsid ./cgi-bin/aigo serve \
			--listen "127.0.0.1:${FCGI[$1]}" --workers 2 2>>"$OUT/node-$1/aigo.log" &
		echo $! >"$OUT/node-$1/pid"
	)
	NODE_PID[$1]=$(cat "$OUT/node-$1/pid")
}
# node_stop NAME: SIGTERM to the node's process group, SIGKILL after 10 s.
node_stop() {
	local pid=${NODE_PID[$1]:-}
	[ -n "$pid" ] || return 0
	kill -TERM -- "-$pid" 2>/dev/null
	poll 10 node_gone "$1" || kill -KILL -- "-$pid" 2>/dev/null
	NODE_PID[$1]=
}
# node_gone NAME: no process left in the node's process group.
node_gone() { ! pgrep -g "${NODE_PID[$1]}" >/dev/null; }
PIDS=()
cleanup() {
	local n
	stop_pids "${PIDS[@]}"
	for n in $NODES; do node_stop "$n"; done
	stack_stop
	fake_provider_stop
}
trap cleanup EXIT

# ---- the database ----------------------------------------------------------
case $BACKEND in
sqlite)
	export AIGO_DB=$OUT/nodes.db
	# dbq SQL: SQL over the shared database with its own command-line tool.
	dbq() { sqlite3 -batch -noheader -separator '|' "$AIGO_DB" "$1"; }
	;;
pg)
	. "$STACK_ROOT/tests/pg.sh"
	pg_start "$(mktemp -d /tmp/aigo-pg.XXXXXX)" || exit 1
	echo "nodes: PostgreSQL in $PG_DIR (started in $(cat "$PG_DIR/start.time") s)"
	export AIGO_DB=$AIGO_PG_URL
	dbq() { psql "$AIGO_PG_URL" -X -A -t -q -F '|' -v ON_ERROR_STOP=1 -c "$1"; }
	;;
*)
	echo "nodes: AIGO_TEST_BACKEND=$BACKEND: sqlite or pg" >&2
	exit 2
	;;
esac
echo "nodes: backend $BACKEND"

# ---- the fake provider and the catalogs --------------------------------------
fake_provider_start "$OUT/fake" || exit 1
# Regions: global is probed by both probers (the same endpoints), eu-west
# by prober A only, us-east by prober B only; the probe nodes push as
# ap-south (to node A) and sa-east (to node B); the load test ingests in
# region load. Central's catalog (the database's) has them all.
# catalog SEGMENT REGION...: three models (one answering 500), each with
# an endpoint in each REGION every 5 s; the paths carry SEGMENT.
catalog() {
	local seg=$1
	shift
	jq -n --arg b "$FAKE_HTTP" --arg s "$seg" --args '
	  def ep(scn; name; r): {region: r, url: "\($b)/\(scn)/\($s)-\(name)-\(r)/v1/chat/completions",
	    method: "POST", expectStatus: [200], intervalS: 5, timeoutMs: 3000};
	  def model(slug; scn): {slug: slug, name: slug, endpoints: [$ARGS.positional[] as $r | ep(scn; slug; $r)]};
	  {providers: [{slug: "nodesfake", name: "Nodes fake",
	    models: [model("nd-one"; "ok"), model("nd-two"; "ok"), model("nd-three"; "s500")]}]}' "$@"
}
catalog central global eu-west us-east ap-south sa-east load >"$OUT/central.json"
catalog pa global eu-west >"$OUT/prober-A.json"
catalog pb global us-east >"$OUT/prober-B.json"
catalog na global >"$OUT/push-A.json"
catalog nb global >"$OUT/push-B.json"
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1
check "db init ($BACKEND)" $? 0
check "three models" "$(dbq "SELECT count(*) FROM models")" 3

# The tokens: the load client's and each probe node's.
TOKEN=$(random_token load)
for n in $NODES; do
	mkdir -p "$OUT/push-$n"
	random_token "push-$n" >"$OUT/push-$n/token"
	chmod 600 "$OUT/push-$n/token"
done
printf 'load %s\nnode-a %s\nnode-b %s\n' "$TOKEN" "$(cat "$OUT/push-A/token")" \
	"$(cat "$OUT/push-B/token")" >"$OUT/tokens"
chmod 600 "$OUT/tokens"

# ---- two nodes and nginx ---------------------------------------------------------
# free_ports N: N distinct free ports, one a line.
free_ports() {
	local got=() p
	while [ ${#got[@]} -lt "$1" ]; do
		p=$(stack_free_port) || return 1
		[[ " ${got[*]} " == *" $p "* ]] || got+=("$p")
	done
	printf '%s\n' "${got[@]}"
}
read -r LB_PORT "FCGI[A]" "FCGI[B]" "HTTP[A]" "HTTP[B]" < <(free_ports 5 | tr '\n' ' ')
LB=http://127.0.0.1:$LB_PORT
node_up() { curl -fs -o /dev/null "http://127.0.0.1:${HTTP[$1]}/healthz"; }
for n in $NODES; do node_start "$n"; done
# nginx: contrib/nginx-upstream.conf with the test's addresses and ports,
# in an http block with this run's files.
sed -e "s#10\.0\.0\.11:9080#127.0.0.1:${FCGI[A]}#" -e "s#10\.0\.0\.12:9080#127.0.0.1:${FCGI[B]}#" \
	-e "s#listen 80;#listen 127.0.0.1:$LB_PORT;#" -e "s#listen 127\.0\.0\.1:9101;#listen 127.0.0.1:${HTTP[A]};#" \
	-e "s#listen 127\.0\.0\.1:9102;#listen 127.0.0.1:${HTTP[B]};#" \
	-e "s#alias /usr/local/share/aigo/static/;#alias $STACK_ROOT/static/;#" \
	contrib/nginx-upstream.conf >"$OUT/run/site.conf"
cat >"$OUT/run/nginx.conf" <<EOF
worker_processes 2;
pid $OUT/run/nginx.pid;
error_log $OUT/run/nginx-error.log warn;
events { worker_connections 256; }
http {
    include /etc/nginx/mime.types;
    default_type application/octet-stream;
    log_format nodes '\$msec|\$request_method|\$uri|\$status|\$upstream_addr|\$upstream_status|\$request_time';
    access_log $OUT/run/nginx-access.log nodes;
    client_body_temp_path $OUT/run/nginx/body;
    proxy_temp_path $OUT/run/nginx/proxy;
    fastcgi_temp_path $OUT/run/nginx/fastcgi;
    uwsgi_temp_path $OUT/run/nginx/uwsgi;
    scgi_temp_path $OUT/run/nginx/scgi;
    include $OUT/run/site.conf;
}
EOF
stack_nginx_start "$OUT/run/nginx.conf" "$OUT/run/nginx-stderr.log"
lb_up() { curl -fs -o /dev/null "$LB/healthz"; }
for n in $NODES; do check "node $n answers on its own port" "$(yes_if 15 node_up "$n")" yes; done
check "nginx answers" "$(yes_if 5 lb_up)" yes
check "the site is contrib's, with the test's nodes" "$(grep -c "server 127.0.0.1:${FCGI[A]} max_fails\|server 127.0.0.1:${FCGI[B]} max_fails" "$OUT/run/site.conf")" 2
check "each node a process group of its own (killed whole)" \
	"$(ps -o pgid= -p "${NODE_PID[A]}" | tr -d ' ')+$(ps -o pgid= -p "${NODE_PID[B]}" | tr -d ' ')" \
	"${NODE_PID[A]}+${NODE_PID[B]}"
if [ "$failed" != 0 ]; then
	tail -n 20 "$OUT"/node-*/aigo.log "$OUT"/run/*.log
	echo "nodes: $passed checks passed, $failed failed (the nodes did not come up)"
	exit 1
fi
# The load balancer spreads the requests over both nodes.
for _ in $(seq 1 8); do curl -s -o /dev/null "$LB/api/v1/realtime-stats"; done
check "nginx sends requests to both nodes" \
	"$(awk -F'|' '$3 == "/api/v1/realtime-stats" { print $5 }' "$OUT/run/nginx-access.log" | sort -u | wc -l)" 2

# ---- a check ingested on one node is in the other's next answer ---------------
# ingest URL JSON_CHECKS: POSTs {"checks": JSON_CHECKS} with the load token;
# prints the status, the answer in $OUT/body.
ingest() {
	curl -s -o "$OUT/body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-H 'Content-Type: application/json' --data-binary "{\"checks\": $2}" "$1/api/v1/checks"
}
iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }
# status_on URL: nd-two's status and its global region's latest check, in
# the JSON, then the same from the model page and the monitoring page.
status_on() {
	curl -s -o "$OUT/model.json" "$1/api/v1/models/nd-two"
	curl -s -o "$OUT/model.html" "$1/en/models/nd-two"
	curl -s -o "$OUT/monitoring.html" "$1/en/monitoring"
	printf '%s %s page %s %s' "$(jq -r .model.status "$OUT/model.json")" \
		"$(jq -r '.model.regions[] | select(.region == "global") | .checkedAt // "-"' "$OUT/model.json")" \
		"$(perl -ne 'print $1 if /<tr data-region="global" data-status="([a-z]+)"/' "$OUT/model.html")" \
		"$(perl -ne 'print $1 if /<tr data-model="nd-two" data-status="([a-z]+)"/' "$OUT/monitoring.html")"
}
# visible FROM TO STATUS T: a check of STATUS at T ingested on node FROM is
# in node TO's next answer (whose answer cache was warm), and through nginx.
visible() {
	local from=$1 to=$2 st=$3 t=$4 warm
	warm=$(status_on "http://127.0.0.1:${HTTP[$to]}")
	check "$from -> $to ($st): ingested on $from" "$(ingest "http://127.0.0.1:${HTTP[$from]}" \
		"[{\"model\": \"nd-two\", \"region\": \"global\", \"checkedAt\": \"$(iso "$t")\", \"status\": \"$st\"}]") $(jq -c '[.accepted, .new]' "$OUT/body")" \
		"200 [1,1]"
	check "$from -> $to ($st): $to had another status before" "$([ "${warm%% *}" != "$st" ] && echo yes)" yes
	check "$from -> $to ($st): $to's next answer (JSON, model page, monitoring page)" \
		"$(status_on "http://127.0.0.1:${HTTP[$to]}")" "$st $(iso "$t") page $st $st"
	for i in 1 2 3 4; do
		check "$from -> $to ($st): through nginx ($i)" "$(status_on "$LB")" "$st $(iso "$t") page $st $st"
	done
}
NOW=$(date +%s)
visible A B outage $((NOW - 20))
visible B A operational $((NOW - 10))

# ---- two probers and two probe nodes at once ----------------------------------
# Probers A and B write the database directly (aigo probe), each with its
# catalog: the same global endpoints (the same plan: the same seconds), and
# a region of its own. Probe nodes A and B (aigo probe --push) send their
# checks to node A and node B. All four for 16 s.
for n in $NODES; do
	AIGO_CATALOG=$OUT/prober-$n.json AIGO_LOG_LEVEL=debug AIGO_SNAPSHOT=$OUT/prober-$n.snapshot \
		./cgi-bin/aigo probe 2>"$OUT/prober-$n.log" &
	eval "PROBER_$n=\$!"
	PIDS+=($!)
done
declare -A PUSH_REGION=([A]=ap-south [B]=sa-east)
for n in $NODES; do
	AIGO_CATALOG=$OUT/push-$n.json AIGO_DB=$OUT/push-$n/none.db AIGO_LOG_LEVEL=debug \
		./cgi-bin/aigo probe --push "http://127.0.0.1:${HTTP[$n]}" --token-file "$OUT/push-$n/token" \
		--region "${PUSH_REGION[$n]}" --spool "$OUT/push-$n/spool.db" 2>"$OUT/push-$n/node.log" &
	eval "PUSH_$n=\$!"
	PIDS+=($!)
done
sleep 16
for p in PROBER_A PROBER_B PUSH_A PUSH_B; do
	kill -TERM "${!p}"
	wait "${!p}"
	check "$p stops on SIGTERM" $? 0
done
PIDS=()
# made LOG [REGION]: the probes a prober's log says it made (through an
# endpoint of REGION).
made() { grep -c " debug probe: nd-[a-z]* ${2:-[a-z-]*} " "$1"; }
# dups LOG: the results a prober found already recorded (by the other).
dups() { sed -n 's/.* probe: \([0-9]*\) results were already recorded.*/\1/p' "$1" | awk '{ n += $1 } END { print n + 0 }'; }
rows() { dbq "SELECT count(*) FROM checks WHERE region = '$1'"; }
a_eu=$(made "$OUT/prober-A.log" eu-west)
b_us=$(made "$OUT/prober-B.log" us-east)
a_gl=$(made "$OUT/prober-A.log" global)
b_gl=$(made "$OUT/prober-B.log" global)
d=$(($(dups "$OUT/prober-A.log") + $(dups "$OUT/prober-B.log")))
check "probers: each probed its regions (3 models, 16 s, every 5 s)" \
	"$((a_eu >= 6 && b_us >= 6 && a_gl >= 6 && b_gl >= 6))" 1
check "probers: eu-west (prober A's alone): every check there" "$(rows eu-west)" "$a_eu"
check "probers: us-east (prober B's alone): every check there" "$(rows us-east)" "$b_us"
check "probers: global, made by both: A's + B's - the ones found recorded" "$(rows global)" \
	"$((a_gl + b_gl - d + 2))" # + the two checks ingested above
check "probers: they wrote the same keys (duplicates found: $d)" "$((d > 0))" 1
check "probers: as probe checks" "$(dbq "SELECT count(*) FROM checks WHERE region IN ('global', 'eu-west', 'us-east') AND source <> 'probe'")" 2
check "no (model, region, second) twice" \
	"$(dbq "SELECT count(*) FROM (SELECT 1 FROM checks GROUP BY model_id, region, checked_at HAVING count(*) > 1) d")" 0
for n in $NODES; do
	r=${PUSH_REGION[$n]}
	m=$(made "$OUT/push-$n/node.log")
	check "probe node $n -> node $n: made checks in $r" "$((m >= 6))" 1
	check "probe node $n -> node $n: every one stored once" "$(rows "$r")" "$m"
	check "probe node $n -> node $n: from ingest" "$(dbq "SELECT DISTINCT source FROM checks WHERE region = '$r'")" ingest
	check "probe node $n: its spool is empty" "$(sqlite3 -batch -noheader "$OUT/push-$n/spool.db" "SELECT count(*) FROM spool")" 0
	# Each node's metrics are its own: node N counted its probe node's POSTs.
	curl -s -o "$OUT/metrics-$n" "http://127.0.0.1:${HTTP[$n]}/metrics"
	check "node $n accepted its probe node's POSTs (its own /metrics)" \
		"$(awk '/^aigo_http_responses_total\{group="ingest",class="2xx"\}/ { print ($2 > 0) }' "$OUT/metrics-$n")" 1
done

# ---- a node killed under load: no acknowledged check lost -----------------
# Three clients POST batches of 3 checks (the 3 models, region load, one
# second a batch: keys never repeat) through nginx as fast as they can;
# each line of $OUT/load/log: time client batch second status accepted
# duplicates.
LBASE=$(($(date +%s) - 30 * 86400))
load_client() {
	local c=$1 i=0 t at code body acc dup
	while [ ! -e "$OUT/load/stop" ]; do
		i=$((i + 1))
		t=$((LBASE + c * 100000 + i))
		# Bash's own printf and $EPOCHREALTIME: no process but curl a batch.
		TZ=UTC printf -v at '%(%Y-%m-%dT%H:%M:%SZ)T' "$t"
		body='{"checks": ['
		for m in nd-one nd-two nd-three; do
			body+="{\"model\": \"$m\", \"region\": \"load\", \"checkedAt\": \"$at\", \"status\": \"operational\"},"
		done
		code=$(curl -s -o "$OUT/load/$c.body" -w '%{http_code}' --max-time 20 -X POST \
			-H "Authorization: Bearer $TOKEN" -H 'Content-Type: application/json' \
			--data-binary "${body%,}]}" "$LB/api/v1/checks")
		acc=0 dup=0
		[[ $(<"$OUT/load/$c.body") =~ \"accepted\":\ *([0-9]+) ]] && acc=${BASH_REMATCH[1]}
		[[ $(<"$OUT/load/$c.body") =~ \"duplicates\":\ *([0-9]+) ]] && dup=${BASH_REMATCH[1]}
		echo "$EPOCHREALTIME $c $i $t $code $acc $dup" >>"$OUT/load/log"
	done
}
load_lines() { [ "$(wc -l <"$OUT/load/log" 2>/dev/null || echo 0)" -ge "$1" ]; }
: >"$OUT/load/log"
for c in 1 2 3; do
	load_client "$c" &
	PIDS+=($!)
done
poll 60 load_lines 40
# The machine hangs for a second (SIGSTOP to the whole node: what nginx
# sends it meanwhile waits for an answer), then dies (SIGKILL): the
# requests in flight on it are cut in the middle.
FAIL_AT=$EPOCHREALTIME
kill -STOP -- "-${NODE_PID[A]}"
sleep 1
KILL_AT=$EPOCHREALTIME
kill -KILL -- "-${NODE_PID[A]}"
check "node A killed whole (SIGKILL to its group)" "$(yes_if 5 node_gone A)" yes
NODE_PID[A]=
n_before=$(wc -l <"$OUT/load/log")
poll 60 load_lines $((n_before + 60))
touch "$OUT/load/stop"
for pid in "${PIDS[@]}"; do wait "$pid"; done
PIDS=()
read -r L_REQ L_ACK L_ACK_CHECKS L_ERR L_AFTER L_AFTER_OK L_AFTER_ERR < <(awk -v k="$FAIL_AT" '
	{ n++; ok = ($5 ~ /^2/ && $6 == 3); if (ok) { a++; ac += $6 } else e++
	  if ($1 > k) { an++; if (ok) ao++; else ae++ } }
	END { print n, a + 0, ac + 0, e + 0, an + 0, ao + 0, ae + 0 }' "$OUT/load/log")
# Requests node A was serving when it died (nginx saw the connection cut).
L_CUT=$(grep -c 'upstream prematurely closed\|reset by peer' "$OUT/run/nginx-error.log")
# Batches node A had written before it died, which node B then found
# written (a retry answered with duplicates).
L_DUP=$(awk '$5 ~ /^2/ && $7 > 0' "$OUT/load/log" | wc -l)
ACKED=$(awk '$5 ~ /^2/ && $6 == 3 { printf "%s%s", sep, $4; sep = "," }' "$OUT/load/log")
STORED=$(dbq "SELECT count(*) FROM checks WHERE region = 'load' AND checked_at IN ($ACKED)")
LOST=$((L_ACK_CHECKS - STORED))
check "load: requests before and after the kill" "$((L_REQ >= 100 && L_AFTER >= 60))" 1
check "load: requests were in flight on node A when it died ($L_CUT)" "$((L_CUT > 0))" 1
check "load: every acknowledged check is in the database (lost = $LOST)" "$STORED" "$L_ACK_CHECKS"
check "load: with both nodes up, every batch acknowledged" "$((L_REQ - L_AFTER))" "$((L_ACK - L_AFTER_OK))"
L_ROWS=$(dbq "SELECT count(*) FROM checks WHERE region = 'load'")
check "load: nothing stored that was not sent ($L_ROWS rows, $L_REQ batches of 3)" "$((L_ROWS <= 3 * L_REQ))" 1
check "load: nginx went on answering through node B after the kill" "$((L_AFTER_OK > 50))" 1
# nginx's log: every ingest answered after the kill came from node B
# (A refused once its 10 s were over, and nginx passed the POST on).
check "load: the answers after the kill came from node B" \
	"$(awk -F'|' -v k="$KILL_AT" -v b="127.0.0.1:${FCGI[B]}" '$1 > k + 1 && $3 == "/api/v1/checks" && $4 ~ /^2/ && $5 !~ (b "$")' \
		"$OUT/run/nginx-access.log" | wc -l)" 0
L_PASSED=$(awk -F'|' -v k="$FAIL_AT" -v a="127.0.0.1:${FCGI[A]}," '$1 > k && $3 == "/api/v1/checks" && index($5, a) == 1' \
	"$OUT/run/nginx-access.log" | wc -l)
for i in 1 2 3 4; do check "after the kill: GET through nginx ($i)" "$(curl -s -o /dev/null -w '%{http_code}' "$LB/en/monitoring")" 200; done
echo "nodes: load: $L_REQ requests ($L_AFTER after node A hung, then was killed), $L_ACK acknowledged ($L_ACK_CHECKS checks), lost $LOST; not acknowledged: $L_ERR ($L_AFTER_ERR after the failure); passed from A to B by nginx: $L_PASSED ($L_CUT cut in the middle by the kill, $L_DUP found already written)"
echo "nodes: probers: global A $a_gl + B $b_gl - $d found recorded; eu-west $a_eu, us-east $b_us; probe nodes: ap-south $(rows ap-south), sa-east $(rows sa-east)"

# Node A comes back and takes requests again.
node_start A
check "node A restarted" "$(yes_if 15 node_up A)" yes

# ---- PostgreSQL stopped: both nodes on the snapshot, then back --------------
if [ "$BACKEND" = pg ]; then
	snapshots() { [ -s "$OUT/node-A/fallback.json" ] && [ -s "$OUT/node-B/fallback.json" ]; }
	check "pg: each node wrote its snapshot" "$(yes_if 15 snapshots)" yes
	# source_of URL: the JSON's status, X-Data-Source and dataSource, then
	# the monitoring page's status and X-Data-Source.
	source_of() {
		printf '%s %s %s %s %s' "$(BASE=$1 fetch /api/v1/realtime-stats)" "$(head_value X-Data-Source)" \
			"$(jq -r .dataSource "$OUT/body")" "$(BASE=$1 fetch /en/monitoring)" "$(head_value X-Data-Source)"
	}
	on_database() { [ "$(source_of "$1")" = "200 database database 200 database" ]; }
	for n in $NODES; do check "pg: node $n on the database" "$(source_of "http://127.0.0.1:${HTTP[$n]}")" \
		"200 database database 200 database"; done
	PIDS_BEFORE="${NODE_PID[A]} ${NODE_PID[B]}"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -m fast -w -t 30 stop >/dev/null
	check "pg: stopped" $? 0
	for n in $NODES; do
		check "pg stopped: node $n serves its snapshot" "$(source_of "http://127.0.0.1:${HTTP[$n]}")" \
			"200 fallback fallback 200 fallback"
	done
	check "pg stopped: through nginx" "$(source_of "$LB")" "200 fallback fallback 200 fallback"
	pg_as "$PG_BIN/pg_ctl" -D "$PG_DIR/data" -l "$PG_DIR/server.log" -w -t 30 start >/dev/null
	check "pg: started again" $? 0
	for n in $NODES; do
		check "pg back: node $n on the database again within 30 s" \
			"$(yes_if 30 on_database "http://127.0.0.1:${HTTP[$n]}")" yes
	done
	check "pg back: the nodes were not restarted" "${NODE_PID[A]} ${NODE_PID[B]}" "$PIDS_BEFORE"
	# (Each worker logs its own change: uniq folds the workers' lines.)
	check "pg back: node A's log says fallback, then database" \
		"$(grep -o 'data source: [a-z]*' "$OUT/node-A/aigo.log" | uniq | tail -n 2 | tr '\n' ' ')" \
		"data source: fallback data source: database "
fi

# ---- every server stops (the EXIT trap does the same on a failure) ---------
groups="${NODE_PID[A]} ${NODE_PID[B]}"
for n in $NODES; do node_stop "$n"; done
check "the nodes stop on SIGTERM, workers and all" "$(for g in $groups; do pgrep -g "$g"; done | wc -l)" 0
stack_stop
check "nginx stops" "$(curl -s -o /dev/null -w '%{http_code}' "$LB/healthz")" 000

[ "$BACKEND" = pg ] || echo "nodes: the database's loss (PostgreSQL stopped under the nodes) runs with AIGO_TEST_BACKEND=pg"
echo "nodes: $passed checks passed, $failed failed"
[ "$failed" = 0 ]
