#!/usr/bin/env bash
# notify.sh: notifications end to end: aigo serve's supervised sender delivers incident and maintenance events posted through the ingest API to webhook, Slack, Discord, Teams, ntfy and email channels (a python receiver checking signatures and idempotency keys, an aiosmtpd sink with STARTTLS and login); outage, flapping, maintenance, receiver down, sender killed, a failing channel, aigo notify test|list, /metrics, and no secret in any log or output.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/notify
rm -rf "$OUT"
mkdir -p "$OUT/rcv" "$OUT/dead" "$OUT/smtp"
# The Debian python: aiosmtpd and jsonschema are Debian packages.
PY=python3
[ -x /usr/bin/python3 ] && PY=/usr/bin/python3
rnd() { head -c 12 /dev/urandom | od -An -tx1 | tr -d ' \n'; }
TOKEN=e2e-$(rnd)
SECRET_EN=whsec-en-$(rnd)
SECRET_KO=whsec-ko-$(rnd)
SMTP_PASSWORD=smtp-pw-$(rnd)
SLACK_TOKEN=slacktok$(rnd)
DISCORD_TOKEN=disctok$(rnd)
HOOK_TOKEN=hooktok$(rnd)
export HOOK_EN_SECRET=$SECRET_EN HOOK_KO_SECRET=$SECRET_KO SMTP_PASSWORD
export AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/aigo.db AIGO_SNAPSHOT=$OUT/fallback.json
export AIGO_INGEST_TOKENS=$OUT/tokens AIGO_SNAPSHOT_INTERVAL=0 AIGO_CONFIG=$OUT/aigo.conf
printf 'notify-e2e %s\n' "$TOKEN" >"$OUT/tokens"
chmod 600 "$OUT/tokens"

PIDS=()
cleanup() {
	stack_stop
	stop_pids "${PIDS[@]}"
}
trap cleanup EXIT

iso() { date -u -d "@$1" +%Y-%m-%dT%H:%M:%SZ; }

# ---- the receivers -------------------------------------------------------------
# pick_port: a free port none of the others picked here.
USED=" "
pick_port() {
	local p
	while :; do
		p=$(stack_free_port) || return 1
		case $USED in *" $p "*) continue ;; esac
		echo "$p"
		return 0
	done
}
for v in RP RCP DEADP DEADCP SP PORT; do
	pick_port >"$OUT/port"
	p=$(cat "$OUT/port")
	USED="$USED$p "
	printf -v "$v" '%s' "$p"
done
printf '{"hook-en": "%s", "hook-ko": "%s"}\n' "$SECRET_EN" "$SECRET_KO" >"$OUT/secrets.json"
echo '{}' >"$OUT/dead-secrets.json"
$PY tests/fake/receiver.py "$OUT/rcv" "$OUT/secrets.json" "$RP" "$RCP" 2>"$OUT/rcv/stderr" &
PIDS+=($!)
# A certificate for 127.0.0.1, made here; the email channel's ca_file
# trusts it.
openssl req -x509 -newkey rsa:2048 -nodes -days 2 -subj "/CN=127.0.0.1" \
	-addext "subjectAltName=IP:127.0.0.1" -keyout "$OUT/smtp/key.pem" \
	-out "$OUT/smtp/cert.pem" >"$OUT/openssl.log" 2>&1
$PY tests/fake/smtp_sink.py "$OUT/smtp" "$SP" "$OUT/smtp/cert.pem" "$OUT/smtp/key.pem" \
	alerts "$SMTP_PASSWORD" 2>"$OUT/smtp/stderr" &
PIDS+=($!)
check "receiver ready" "$(yes_if 10 test -e "$OUT/rcv/ready")" yes
check "smtp sink ready" "$(yes_if 10 test -e "$OUT/smtp/ready")" yes
ctl() { curl -s -o /dev/null -X POST "http://127.0.0.1:$RCP/$1"; }
R=$OUT/rcv/requests.jsonl

# ---- the configuration: eight channels -----------------------------------------
cat >"$AIGO_CONFIG" <<EOF
public_url = https://status.example.com
notify_cooldown = 8
notify_backoff_max = 4
notify.hook-en.type = webhook
notify.hook-en.url = http://127.0.0.1:$RP/hook-en/$HOOK_TOKEN
notify.hook-en.secret = \${HOOK_EN_SECRET}
notify.hook-en.locale = en
notify.hook-ko.type = webhook
notify.hook-ko.url = http://127.0.0.1:$RP/hook-ko/$HOOK_TOKEN
notify.hook-ko.secret = \${HOOK_KO_SECRET}
notify.hook-ko.locale = ko
notify.slack.type = slack
notify.slack.url = http://127.0.0.1:$RP/slack/services/T000/B000/$SLACK_TOKEN
notify.discord.type = discord
notify.discord.url = http://127.0.0.1:$RP/discord/api/webhooks/123/$DISCORD_TOKEN
notify.discord.locale = es
notify.teams.type = teams
notify.teams.url = http://127.0.0.1:$RP/teams/workflows/$HOOK_TOKEN
notify.teams.locale = zh
notify.ntfy.type = ntfy
notify.ntfy.url = http://127.0.0.1:$RP/ntfy
notify.mail.type = email
notify.mail.url = smtp://127.0.0.1:$SP
notify.mail.from = aigo@example.com
notify.mail.to = ops@example.com, oncall@example.com
notify.mail.username = alerts
notify.mail.password = \${SMTP_PASSWORD}
notify.mail.locale = ja
notify.mail.ca_file = $OUT/smtp/cert.pem
notify.dead.type = webhook
notify.dead.url = http://127.0.0.1:$DEADP/dead/$HOOK_TOKEN
EOF
./cgi-bin/aigo db init >"$OUT/init.log" 2>&1 || { echo "FAIL: db init"; cat "$OUT/init.log"; exit 1; }
./cgi-bin/aigo config check >"$OUT/config-check.out" 2>&1
check "config check" "$?" 0
stack_start "$OUT/run" "$PORT" 2 || exit 1
BASE="http://127.0.0.1:$PORT"
LOG=$OUT/run/aigo.log
log_has() { [ "$(grep -c -- "$1" "$LOG")" -ge "${2:-1}" ]; }
senders() { sed -n 's/.*sender \([0-9]*\) started$/\1/p' "$LOG"; }
check "serve runs the sender" "$(grep -c 'with 2 workers and the notification sender' "$LOG")" 1
check "a sender started" "$(yes_if 10 test -n "$(senders)")" yes
SENDER1=$(senders | tail -n 1)

# ---- aigo notify test -----------------------------------------------------------
./cgi-bin/aigo notify test hook-en >"$OUT/test-ok.out" 2>&1
check "notify test hook-en: exit" "$?" 0
check "notify test hook-en: output" "$(sed -E 's/, [0-9]+ ms\)$/, N ms)/' "$OUT/test-ok.out")" "hook-en: delivered (HTTP 204, N ms)"
check "... the receiver got a signed test event" \
	"$(jq -rs '[.[] | select(.channel == "hook-en" and .event == "test" and .status == 204)] | length' "$R")" 1
./cgi-bin/aigo notify test mail >"$OUT/test-mail.out" 2>&1
check "notify test mail: exit" "$?" 0
check "notify test mail: output" "$(sed -E 's/, [0-9]+ ms\)$/, N ms)/' "$OUT/test-mail.out")" "mail: delivered (SMTP 250, N ms)"
./cgi-bin/aigo notify test dead >"$OUT/test-dead.out" 2>&1
check "notify test dead: exit" "$?" 1
check "notify test dead: output names the host only" "$(cat "$OUT/test-dead.out")" \
	"dead: failed: 127.0.0.1: Couldn't connect to server"
./cgi-bin/aigo notify test nosuch >"$OUT/test-unknown.out" 2>&1
check "notify test nosuch: exit" "$?" 2
check "notify test nosuch: names the channels" "$(cat "$OUT/test-unknown.out")" \
	'aigo notify test: no channel "nosuch"; configured: hook-en, hook-ko, slack, discord, teams, ntfy, mail, dead'
mkdir -p "$OUT/examples"
jq -s '[.[] | select(.channel == "hook-en" and .event == "test")][0]
	| {event, timestamp, signature: (.signature[0:15] + "…"), idem, content_type, user_agent, body: (.body | fromjson)}' \
	"$R" >"$OUT/examples/webhook-test.json"
ctl clear

# post_checks MODEL FILE: posts the checks of FILE ("epoch status" lines)
# of MODEL to the ingest API; prints the HTTP status.
post_checks() {
	{
		echo '{"checks": ['
		sep=
		while read -r t s; do
			printf '%s{"model": "%s", "checkedAt": "%s", "status": "%s", "latencyMs": 700, "httpStatus": %s}\n' \
				"$sep" "$1" "$(iso "$t")" "$s" "$([ "$s" = operational ] && echo 200 || echo 503)"
			sep=,
		done <"$2"
		echo ']}'
	} >"$2.json"
	curl -s -o "$OUT/ingest.body" -w '%{http_code}' -X POST -H "Authorization: Bearer $TOKEN" \
		-H "Content-Type: application/json" --data-binary "@$2.json" "$BASE/api/v1/checks"
}
# minutes FILE T0 FROM TO STATUS: appends checks a minute apart, minutes
# [FROM, TO) after T0.
minutes() {
	local i
	for i in $(seq "$3" $(($4 - 1))); do echo "$(($2 + i * 60)) $5" >>"$1"; done
}
# delivered CHANNEL MODEL: the event names of MODEL delivered to CHANNEL,
# once per idempotency key, in order.
delivered() {
	jq -rs --arg c "$1" --arg m "$2" '[.[] | select(.channel == $c and .status == 204 and (.duplicate | not))
		| (.body | fromjson) | select(.incident.model.slug? == $m) | .event] | join(" ")' "$R"
}
# n_delivered CHANNEL: how many keys CHANNEL took (its first 2xx each).
n_delivered() { jq -rs --arg c "$1" '[.[] | select(.channel == $c and .status == 204 and (.duplicate | not))] | length' "$R"; }
has_events() { [ "$(delivered "$1" "$2")" = "$3" ]; }
n_at_least() { [ "$(n_delivered "$1")" -ge "$2" ]; }
body_of() { # CHANNEL MODEL EVENT: the body of that delivery
	jq -cs --arg c "$1" --arg m "$2" --arg e "$3" '[.[] | select(.channel == $c and .status == 204 and (.duplicate | not))
		| (.body | fromjson) | select(.incident.model.slug? == $m and .event == $e)][0]' "$R"
}
metric() { # NAME{LABELS} or NAME: its value on /metrics
	curl -s "$BASE/metrics" | awk -v n="$1" '$1 == n { print $2 }'
}
NOW=$(date +%s)
NOW=$((NOW - NOW % 60))

# ---- an outage: one opened, one resolved per channel, in its language ----------
# gpt-4o: 10 min operational, 25 min outage, 25 min operational, two hours ago.
A=gpt-4o
T0=$((NOW - 7200))
: >"$OUT/a.tsv"
minutes "$OUT/a.tsv" $T0 0 10 operational
minutes "$OUT/a.tsv" $T0 10 35 outage
minutes "$OUT/a.tsv" $T0 35 60 operational
$PY tests/e2e/incident_oracle.py "$NOW" "$OUT/a.tsv" >"$OUT/a.want"
check "oracle: one incident of $A" "$(wc -l <"$OUT/a.want")" 1
IFS=$'\t' read -r A_START A_END A_PEAK A_DUR _ <"$OUT/a.want"
check "outage posted" "$(post_checks $A "$OUT/a.tsv")" 200
A_ID=$(q "SELECT i.id FROM incidents i JOIN models m ON m.id = i.model_id WHERE m.slug = '$A'")
A_NAME=$(jq -r --arg m $A '.providers[].models[] | select(.slug == $m) | .name' db/catalog.json)
for ch in hook-en hook-ko; do
	check "$ch: $A opened and resolved" "$(yes_if 20 has_events $ch $A "incident.opened incident.resolved")" yes
	lang=${ch#hook-}
	b=$(body_of $ch $A incident.opened)
	check "$ch opened: model" "$(jq -r '.incident.model.slug + " " + .incident.model.name + " " + .incident.provider.slug' <<<"$b")" "$A $A_NAME openai"
	check "$ch opened: severity" "$(jq -r .incident.severity <<<"$b")" "$A_PEAK"
	check "$ch opened: started" "$(jq -r .incident.startedAt <<<"$b")" "$(iso "$A_START")"
	check "$ch opened: link" "$(jq -r .incident.url <<<"$b")" "https://status.example.com/$lang/incidents/$A_ID"
	check "$ch opened: locale" "$(jq -r .message.locale <<<"$b")" "$lang"
	b=$(body_of $ch $A incident.resolved)
	check "$ch resolved: duration" "$(jq -r .incident.durationSeconds <<<"$b")" "$A_DUR"
	check "$ch resolved: resolvedAt" "$(jq -r .incident.resolvedAt <<<"$b")" "$(iso "$A_END")"
	check "$ch resolved: names the model" "$(jq -r .message.title <<<"$b" | grep -c "$A_NAME")" 1
done
check "hook-ko: the title is Korean" "$(body_of hook-ko $A incident.opened | jq -r .message.title | grep -cP '[\x{AC00}-\x{D7A3}]')" 1
check "hook-en: the title is English" "$(body_of hook-en $A incident.opened | jq -r .message.title | grep -cP '[^\x00-\x7F]')" 0
check "every request signed and fresh" "$(jq -s '[.[] | select(.problems != [])] | length' "$R")" 0
check "Idempotency-Key: event key and channel" \
	"$(jq -rs '[.[] | select(.channel == "hook-en") | (.body | fromjson).id + "-hook-en" == .idem] | all' "$R")" true
check "User-Agent" "$(jq -rs '[.[] | .user_agent | startswith("aigo-notify/")] | all' "$R")" true
for ch in slack discord teams ntfy; do
	check "$ch: two messages of the outage" "$(yes_if 20 n_at_least $ch 2)" yes
done

# ---- an outage two days old (checks imported late): not news ---------------------
O=mistral-large
: >"$OUT/o.tsv"
minutes "$OUT/o.tsv" $((NOW - 2 * 86400)) 0 5 operational
minutes "$OUT/o.tsv" $((NOW - 2 * 86400)) 5 20 outage
minutes "$OUT/o.tsv" $((NOW - 2 * 86400)) 20 40 operational
check "an old outage posted" "$(post_checks $O "$OUT/o.tsv")" 200
o_expired() {
	[ "$(q "SELECT count(*) FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id JOIN models m ON m.id = o.model_id
		WHERE m.slug = '$O' AND d.state = 'expired'")" = 16 ]
}
check "older than notify_max_age: expired on the 8 channels" "$(yes_if 10 o_expired)" yes

# ---- a failing channel (nothing listens) holds up no other ----------------------
# Its head (opened) is tried again and again; resolved waits behind it.
dead_waits() {
	./cgi-bin/aigo notify list --limit 200 >"$OUT/list-dead.out" 2>&1 &&
		[ "$(grep -cE ' incident.opened .* dead +pending +[1-9]' "$OUT/list-dead.out")" = 1 ] &&
		[ "$(grep -cE ' incident.resolved .* dead +pending +0 ' "$OUT/list-dead.out")" = 1 ]
}
check "dead: its head waits with attempts, the next behind it (notify list)" "$(yes_if 10 dead_waits)" yes
check "dead: the last error names the host only" \
	"$(grep -E ' dead +pending ' "$OUT/list-dead.out" | grep -c " 127.0.0.1: Couldn't connect to server$")" 1
check "hook-en: delivered meanwhile" "$(grep -cE ' hook-en +delivered ' "$OUT/list-dead.out")" 2
dead_failed() { [ "$(metric 'aigo_notify_failures_total{channel="dead"}')" -ge 2 ] 2>/dev/null; }
check "dead failures on /metrics" "$(yes_if 10 dead_failed)" yes
# Its receiver comes: what waited is delivered.
$PY tests/fake/receiver.py "$OUT/dead" "$OUT/dead-secrets.json" "$DEADP" "$DEADCP" 2>"$OUT/dead/stderr" &
PIDS+=($!)
dead_took() { [ "$(jq -s '[.[] | select(.status == 204)] | length' "$OUT/dead/requests.jsonl" 2>/dev/null)" = "$1" ]; }
check "dead: both events after its receiver came" "$(yes_if 20 dead_took 2)" yes

# ---- flapping: no flood ------------------------------------------------------------
# gpt-4o-mini, posted in six batches as it happens: degraded (opens,
# minor), outage (worse), degraded with a short recovery (better), outage
# (worse), 17 min operational (resolved); then a second, short outage.
F=gpt-4o-mini
T1=$((NOW - 5400))
: >"$OUT/f.tsv"
for b in 1 2 3 4 5 6; do
	: >"$OUT/f$b.tsv"
	case $b in
	1) minutes "$OUT/f1.tsv" $T1 0 2 operational; minutes "$OUT/f1.tsv" $T1 2 10 degraded ;;
	2) minutes "$OUT/f2.tsv" $T1 10 16 outage ;;
	3) minutes "$OUT/f3.tsv" $T1 16 18 degraded; minutes "$OUT/f3.tsv" $T1 18 20 operational
	   minutes "$OUT/f3.tsv" $T1 20 22 degraded ;;
	4) minutes "$OUT/f4.tsv" $T1 22 28 outage ;;
	5) minutes "$OUT/f5.tsv" $T1 28 45 operational ;;
	6) minutes "$OUT/f6.tsv" $T1 45 50 outage; minutes "$OUT/f6.tsv" $T1 50 70 operational ;;
	esac
	cat "$OUT/f$b.tsv" >>"$OUT/f.tsv"
	check "flapping batch $b posted" "$(post_checks $F "$OUT/f$b.tsv")" 200
done
$PY tests/e2e/incident_oracle.py "$NOW" "$OUT/f.tsv" >"$OUT/f.want"
check "oracle: two incidents of $F" "$(wc -l <"$OUT/f.want")" 2
F_WANT=$(awk '{ printf "%sincident.opened incident.resolved", (NR > 1 ? " " : "") }' "$OUT/f.want")
for ch in hook-en hook-ko; do
	check "$ch: $F: as many messages as incidents" "$(yes_if 20 has_events $ch $F "$F_WANT")" yes
done
F_CHANGES=$(q "SELECT count(*) FROM outbox o JOIN models m ON m.id = o.model_id WHERE m.slug = '$F'
	AND o.kind IN ('incident.escalated', 'incident.deescalated')")
check "$F: severity changes were written" "$([ "${F_CHANGES:-0}" -ge 1 ] && echo yes)" yes
f_superseded() {
	[ "$(q "SELECT count(*) FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id JOIN models m ON m.id = o.model_id
		WHERE m.slug = '$F' AND o.kind IN ('incident.escalated', 'incident.deescalated') AND d.state = 'superseded'")" = $((F_CHANGES * 8)) ]
}
check "... and superseded on every channel, none sent" "$(yes_if 20 f_superseded)" yes
sleep 1
check "$F: still no more than the incidents" "$(delivered hook-en $F)" "$F_WANT"

# ---- the sender killed in the middle of a run loses nothing ---------------------------
K=claude-opus-4
: >"$OUT/k.tsv"
minutes "$OUT/k.tsv" $((NOW - 4000)) 0 5 operational
minutes "$OUT/k.tsv" $((NOW - 4000)) 5 20 outage
minutes "$OUT/k.tsv" $((NOW - 4000)) 20 40 operational
ctl mode/slow # each request recorded, answered 3 s later
check "outage of $K posted" "$(post_checks $K "$OUT/k.tsv")" 200
k_seen() { [ "$(jq -s --arg m $K '[.[] | select((.body | fromjson? // {}).incident.model.slug? == $m)] | length' "$R")" -ge 1 ]; }
check "a request of $K in flight" "$(yes_if 20 k_seen)" yes
SENDER=$(senders | tail -n 1)
kill -KILL "$SENDER"
ctl mode/ok
check "the killed sender logged" "$(yes_if 15 log_has "sender $SENDER died of signal 9; restarted at once")" yes
new_sender() { [ -n "$(senders | tail -n 1)" ] && [ "$(senders | tail -n 1)" != "$1" ]; }
check "a new sender" "$(yes_if 15 new_sender "$SENDER")" yes
for ch in hook-en hook-ko; do
	check "$ch: $K opened and resolved after the restart" \
		"$(yes_if 30 has_events $ch $K "incident.opened incident.resolved")" yes
done
K_DUPS=$(jq -s --arg m $K '[.[] | select(.duplicate == true and (.body | fromjson? // {}).incident.model.slug? == $m)] | length' "$R")
check "what was in flight was sent again (a repeat by key)" "$([ "$K_DUPS" -ge 1 ] && echo yes)" yes

# ---- the receiver down for 20 s: 503 for 10 s, then not listening for 10 s -------------
D=deepseek-chat
: >"$OUT/d.tsv"
minutes "$OUT/d.tsv" $((NOW - 3000)) 0 5 operational
minutes "$OUT/d.tsv" $((NOW - 3000)) 5 20 outage
minutes "$OUT/d.tsv" $((NOW - 3000)) 20 40 operational
FAIL_BEFORE=$(curl -s "$BASE/metrics" | awk '$1 ~ /^aigo_notify_failures_total/ && $1 !~ /"(mail|dead)"/ { s += $2 } END { print s + 0 }')
DELIV_BEFORE=$(curl -s "$BASE/metrics" | awk '$1 ~ /^aigo_notify_deliveries_total/ && $1 !~ /"(mail|dead)"/ { s += $2 } END { print s + 0 }')
ctl mode/503
D_FROM=$(date +%s.%N)
check "outage of $D posted" "$(post_checks $D "$OUT/d.tsv")" 200
sleep 10
ctl down
sleep 10
ctl up
ctl mode/ok
RETURN=$(date +%s.%N)
for ch in hook-en hook-ko; do
	check "$ch: $D opened and resolved after the return" \
		"$(yes_if 30 has_events $ch $D "incident.opened incident.resolved")" yes
done
# What the receiver got since the phase began: only $D's events (the
# services' bodies do not name the model).
d_recs() { jq -c --argjson t "$D_FROM" 'select(.at >= $t)' "$R"; }
d_all() {
	d_recs >"$OUT/d.jsonl"
	[ "$(jq -rs '[.[] | select(.status == 204) | .idem] | unique | length' "$OUT/d.jsonl")" = 12 ]
}
check "every HTTP channel got both after the return" "$(yes_if 30 d_all)" yes
queue_empty() { [ "$(metric aigo_notify_queue_depth)" = 0 ]; }
check "the queue empties" "$(yes_if 30 queue_empty)" yes
D_EVENTS=$(jq -rs '[.[] | select(.status == 204) | .idem] | unique | length' "$OUT/d.jsonl")
D_503=$(jq -rs '[.[] | select(.status == 503)] | length' "$OUT/d.jsonl")
D_DUPS=$(jq -rs '[.[] | select(.duplicate == true)] | length' "$OUT/d.jsonl")
D_ONCE=$(jq -rs '[.[] | select(.status == 204 and (.duplicate | not)) | .idem] | (length == (unique | length))' "$OUT/d.jsonl")
D_LAST=$(jq -rs '[.[] | select(.status == 204 and (.duplicate | not)) | .at] | max' "$OUT/d.jsonl")
FAIL_AFTER=$(curl -s "$BASE/metrics" | awk '$1 ~ /^aigo_notify_failures_total/ && $1 !~ /"(mail|dead)"/ { s += $2 } END { print s + 0 }')
DELIV_AFTER=$(curl -s "$BASE/metrics" | awk '$1 ~ /^aigo_notify_deliveries_total/ && $1 !~ /"(mail|dead)"/ { s += $2 } END { print s + 0 }')
check "receiver down: every event of the 6 HTTP channels (2 each)" "$D_EVENTS" 12
check "receiver down: each exactly once by key" "$D_ONCE" true
check "receiver down: 503s were answered" "$([ "$D_503" -ge 6 ] && echo yes)" yes
check "receiver down: failures counted" "$([ $((FAIL_AFTER - FAIL_BEFORE)) -gt "$D_503" ] && echo yes)" yes
D_AFTER=$(echo "$D_LAST $RETURN" | awk '{ printf "%.1f", $1 - $2 }')
{
	echo "events: $D_EVENTS (6 HTTP channels x opened, resolved)"
	echo "attempts: $((FAIL_AFTER - FAIL_BEFORE + DELIV_AFTER - DELIV_BEFORE)) (failed $((FAIL_AFTER - FAIL_BEFORE)): $D_503 answered 503, the rest refused; delivered $((DELIV_AFTER - DELIV_BEFORE)))"
	echo "duplicates: $D_DUPS"
	echo "time to deliver after the receiver returned: $D_AFTER s (notify_backoff_max 4 s)"
} >"$OUT/receiver-down.txt"
sed 's/^/receiver down: /' "$OUT/receiver-down.txt"

# ---- maintenance: silences what it covers; started and ended are sent ---------------
M=claude-sonnet-4
./cgi-bin/aigo maintenance add --title "Past window" --starts "$(iso $((NOW - 3 * 3600)))" \
	--ends "$(iso $((NOW - 1800)))" --model $M >"$OUT/maint1.out" 2>&1
check "a past window added" "$?" 0
: >"$OUT/m.tsv"
minutes "$OUT/m.tsv" $((NOW - 9000)) 0 5 operational
minutes "$OUT/m.tsv" $((NOW - 9000)) 5 20 outage
minutes "$OUT/m.tsv" $((NOW - 9000)) 20 40 operational
check "outage of $M under maintenance posted" "$(post_checks $M "$OUT/m.tsv")" 200
MS=$(($(date +%s) + 4))
./cgi-bin/aigo maintenance add --title "Router swap" --starts "$(iso $MS)" --ends "$(iso $((MS + 4)))" \
	--model $M >"$OUT/maint2.out" 2>&1
check "a window in a few seconds added" "$?" 0
W2=$(q 'SELECT max(id) FROM maintenances')
maint_done() { [ "$(maint_events "$1")" = "maintenance.started maintenance.ended" ]; }
maint_events() {
	jq -rs --arg c "$1" '[.[] | select(.channel == $c and .status == 204 and (.duplicate | not))
		| (.body | fromjson) | select(.maintenance != null) | .event] | join(" ")' "$R"
}
for ch in hook-en hook-ko; do
	check "$ch: maintenance started and ended" "$(yes_if 30 maint_done $ch)" yes
done
b=$(jq -cs '[.[] | select(.channel == "hook-en") | (.body | fromjson) | select(.event == "maintenance.started")][0]' "$R")
check "maintenance: id, title, targets" "$(jq -r '"\(.maintenance.id) \(.maintenance.title) \(.maintenance.targets | join(","))"' <<<"$b")" \
	"$W2 Router swap anthropic/$M"
check "maintenance: no incident of $M sent" "$(delivered hook-en $M)" ""
check "... silenced on every channel" \
	"$(q "SELECT count(*) FROM outbox_deliveries d JOIN outbox o ON o.id = d.event_id JOIN models m ON m.id = o.model_id
		WHERE m.slug = '$M' AND d.state = 'silenced'")" 16
check "the old outage: none sent anywhere" "$(jq -s --arg m $O '[.[] | select((.body | fromjson? // {}).incident.model.slug? == $m)] | length' "$R")" 0
check "... none sent anywhere" "$(jq -s --arg m $M '[.[] | select((.body | fromjson? // {}).incident.model.slug? == $m)] | length' "$R")" 0

# ---- a manual incident: the cooldown between severity changes, updates ----------------
./cgi-bin/aigo incident open --provider mistral --title "Slow answers <b>" --severity minor \
	--message "Looking into it" >"$OUT/manual.out" 2>&1
check "manual incident opened" "$?" 0
MI=$(q "SELECT max(id) FROM incidents")
man_events() {
	jq -rs --argjson i "$MI" '[.[] | select(.channel == "hook-en" and .status == 204 and (.duplicate | not))
		| (.body | fromjson) | select(.incident.id? == $i) | .event] | join(" ")' "$R"
}
man_at() { # EVENT: when hook-en took it
	jq -rs --argjson i "$MI" --arg e "$1" '[.[] | select(.channel == "hook-en" and .status == 204)
		| select((.body | fromjson) as $b | $b.incident.id? == $i and $b.event == $e) | .at][0]' "$R"
}
man_has() { [ "$(man_events)" = "$1" ]; }
check "manual: opened sent" "$(yes_if 20 man_has "incident.opened")" yes
./cgi-bin/aigo incident edit "$MI" --severity major >>"$OUT/manual.out" 2>&1
check "manual: worse after the cooldown (8 s)" "$(yes_if 30 man_has "incident.opened incident.escalated")" yes
check "... not before it" "$(echo "$(man_at incident.opened) $(man_at incident.escalated)" | awk '{ print ($2 - $1 >= 7) }')" 1
./cgi-bin/aigo incident edit "$MI" --severity minor >>"$OUT/manual.out" 2>&1
check "manual: better after the cooldown" \
	"$(yes_if 30 man_has "incident.opened incident.escalated incident.deescalated")" yes
./cgi-bin/aigo incident update "$MI" --state identified --message "A bad deploy <script>" >>"$OUT/manual.out" 2>&1
./cgi-bin/aigo incident resolve "$MI" --message "Rolled back" >>"$OUT/manual.out" 2>&1
check "manual: update and resolved" "$(yes_if 20 man_has \
	"incident.opened incident.escalated incident.deescalated incident.updated incident.resolved")" yes
b=$(jq -cs --argjson i "$MI" '[.[] | select(.channel == "hook-en") | (.body | fromjson) | select(.incident.id? == $i and .event == "incident.updated")][0]' "$R")
check "manual update: the operator's text as written" "$(jq -r '"\(.update.state) \(.update.body) \(.incident.manual) \(.incident.model)"' <<<"$b")" \
	"identified A bad deploy <script> true null"
check "manual: severities worse, better" \
	"$(jq -rs --argjson i "$MI" '[.[] | select(.channel == "hook-en") | (.body | fromjson) | select(.incident.id? == $i and (.event | test("scalated")))
		| "\(.incident.previousSeverity)>\(.incident.severity)"] | join(" ")' "$R")" "minor>major major>minor"

# ---- Slack, Discord, Teams and ntfy: the documented shapes ---------------------------
$PY tests/fake/check_bodies.py tests/fake/channel_schemas.json "$R" slack=slack discord=discord teams=teams ntfy=ntfy \
	>"$OUT/shapes.out" 2>&1
check "service bodies match their schemas" "$?" 0
check "... each service got every event" "$(for c in slack discord teams ntfy; do n_delivered $c; done | sort -u | wc -l)" 1
tail -n 1 "$OUT/shapes.out"
check "ntfy posted to the server root" "$(jq -rs '[.[] | select(.channel == "ntfy") | .path] | unique | join(" ")' "$R")" "/"

# ---- email: STARTTLS, login, a MIME mail in Japanese ----------------------------------
# The test, and 2 (gpt-4o) + 4 (flapping) + 2 + 2 + 2 (maintenance) + 5
# (manual) events;
# a mail in flight when the sender was killed may come twice: one
# Message-ID each.
mail_ids() { grep -h '^Message-ID:' "$OUT"/smtp/mail-*.eml 2>/dev/null | sort -u | wc -l; }
mails_in() { [ "$(mail_ids)" = 18 ]; }
check "mails arrived, one per event" "$(yes_if 20 mails_in)" yes
check "every mail over TLS, authenticated" "$(jq -s '[.[] | .tls and .authenticated] | all' "$OUT/smtp/mails.jsonl")" true
check "the envelope's recipients" "$(jq -rs '.[0].to | join(",")' "$OUT/smtp/mails.jsonl")" "ops@example.com,oncall@example.com"
check "no login before STARTTLS" "$(grep -c 'tls=False' "$OUT/smtp/auth.log")" 0
$PY - "$OUT/smtp" >"$OUT/mail-check.out" 2>&1 <<'PYEOF'
import email, email.policy, glob, json, re, sys
bad = 0
files = sorted(glob.glob(sys.argv[1] + "/mail-*.eml"))
for f in files:
    m = email.message_from_bytes(open(f, "rb").read(), policy=email.policy.default)
    types = [p.get_content_type() for p in m.walk()]
    subj = str(m["Subject"])
    problems = []
    if m.get_content_type() != "multipart/alternative":
        problems.append("top level " + m.get_content_type())
    if "text/plain" not in types or "text/html" not in types:
        problems.append("parts " + ",".join(types))
    for p in m.walk():
        if p.get_content_type() in ("text/plain", "text/html"):
            if p.get_content_charset() != "utf-8":
                problems.append("charset " + str(p.get_content_charset()))
            p.get_content()
    if not re.search("[\u3040-\u30ff\u4e00-\u9fff]", subj):
        problems.append("subject not Japanese: " + subj)
    if not re.fullmatch(r"<[0-9a-f]{32}-mail@aigo>", m["Message-ID"] or ""):
        problems.append("Message-ID " + str(m["Message-ID"]))
    if not m["Date"] or m["Date"].datetime is None:
        problems.append("Date")
    if m["From"] != "aigo@example.com" or "oncall@example.com" not in m["To"]:
        problems.append("From/To")
    raw = open(f, "rb").read().split(b"\r\n\r\n")[0]
    if b"=?UTF-8?B?" not in raw:
        problems.append("subject not RFC 2047")
    if problems:
        bad += 1
        print(f, problems)
print("%d mails, %d bad" % (len(files), bad))
sys.exit(1 if bad or not files else 0)
PYEOF
check "mails: multipart/alternative, UTF-8, Japanese subject" "$?" 0
tail -n 1 "$OUT/mail-check.out"

# ---- aigo notify list and /metrics at the end -------------------------------------------
./cgi-bin/aigo notify list --limit 1000 >"$OUT/list.out" 2>&1
check "notify list shows delivered" "$(grep -c ' delivered ' "$OUT/list.out" | awk '{ print ($1 > 0) }')" 1
check "notify list shows superseded" "$(grep -c ' superseded ' "$OUT/list.out")" $((F_CHANGES * 8))
check "notify list shows silenced" "$(grep -c ' silenced ' "$OUT/list.out")" 16
./cgi-bin/aigo notify list --pending >"$OUT/list-pending.out" 2>&1
check "notify list --pending: nothing waits" "$(tail -n 1 "$OUT/list-pending.out")" "0 rows"
./cgi-bin/aigo notify list --limit x >"$OUT/list-bad.out" 2>&1
check "notify list --limit x: exit 2" "$?" 2
for ch in hook-en hook-ko slack discord teams ntfy; do
	check "/metrics: deliveries of $ch" "$(metric "aigo_notify_deliveries_total{channel=\"$ch\"}")" "$(n_delivered $ch)"
done
check "/metrics: deliveries of dead" "$(metric 'aigo_notify_deliveries_total{channel="dead"}')" \
	"$(jq -s '[.[] | select(.status == 204)] | length' "$OUT/dead/requests.jsonl")"
check "/metrics: deliveries of mail" "$(metric 'aigo_notify_deliveries_total{channel="mail"}')" \
	"$(($(mail_ids) - 1))"
check "/metrics: failures of hook-en" "$([ "$(metric 'aigo_notify_failures_total{channel="hook-en"}')" -ge \
	"$(jq -s '[.[] | select(.channel == "hook-en" and .status == 503)] | length' "$R")" ] && echo yes)" yes
check "/metrics: queue depth" "$(metric aigo_notify_queue_depth)" 0
check "/metrics: oldest age" "$(metric aigo_notify_oldest_event_age_seconds)" 0
check "/metrics: nothing given up" "$(curl -s "$BASE/metrics" | awk '$1 ~ /^aigo_notify_given_up_total/ { s += $2 } END { print s + 0 }')" 0

# ---- examples: one body of each kind and of each service, as received -------------------
# (headers but the path, where the tokens are; the signature shortened)
mkdir -p "$OUT/examples"
example() { # CHANNEL EVENT FILE
	jq -s --arg c "$1" --arg e "$2" '[.[] | select(.channel == $c and .event == $e and .status == 204)][0]
		| {event, timestamp, signature: (if .signature then .signature[0:15] + "…" else null end),
		   idem, content_type, user_agent, body: (.body | fromjson)}' "$R" >"$OUT/examples/$3"
}
for e in incident.opened incident.escalated incident.deescalated incident.resolved incident.updated \
	maintenance.started maintenance.ended; do
	example hook-en "$e" "webhook-$e.json"
done
example hook-ko incident.opened webhook-ko-incident.opened.json
for c in slack discord teams ntfy; do example "$c" incident.escalated "$c-incident.escalated.json"; done
f=$(grep -l 'X-Aigo-Event: incident.escalated' "$OUT"/smtp/mail-*.eml | head -n 1)
[ -n "$f" ] && cp "$f" "$OUT/examples/email-incident.escalated.eml"
check "an example of each kind" "$(grep -l '"event": null' "$OUT"/examples/*.json | wc -l)" 0

# ---- stop: the sender stops with serve -------------------------------------------------
SENDER=$(senders | tail -n 1)
stack_stop
check "the sender stopped with serve" "$(grep -c "sender $SENDER stopped (exited with 0)" "$LOG")" 1

# ---- no secret anywhere ----------------------------------------------------------------
leaks=0
for s in "$SECRET_EN" "$SECRET_KO" "$SMTP_PASSWORD" "$SLACK_TOKEN" "$DISCORD_TOKEN" "$HOOK_TOKEN"; do
	for f in "$LOG" "$OUT"/run/*.log "$OUT"/*.out "$OUT/init.log"; do
		if grep -qF "$s" "$f"; then
			fail "a secret in $f"
			leaks=1
		fi
	done
	if [ "$(q "SELECT count(*) FROM outbox_deliveries WHERE instr(coalesce(last_error, ''), '$s') > 0")" != 0 ]; then
		fail "a secret in outbox_deliveries"
		leaks=1
	fi
done
check "no secret in the logs, outputs or rows" "$leaks" 0

summary notify
