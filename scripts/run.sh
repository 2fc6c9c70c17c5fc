#!/usr/bin/env bash
# run.sh: `make run`: the demo database, live demo checks, aigo serve and nginx on http://127.0.0.1:$PORT/.
# DEMO=0 leaves demo checks out (with a new AIGO_DB: an empty database with
# the catalog); RUN_DIR moves run/ (the tests use both). PROBE=1 (`make run
# PROBE=1`): no demo, aigo serve runs the prober (probe = on) into a
# database of its own, db/probe.db unless AIGO_DB names another.
set -euo pipefail
. "$(dirname "$0")/stack.sh"
cd "$STACK_ROOT" || exit 1
PORT=${PORT:-8080}
RUN=${RUN_DIR:-$STACK_ROOT/run}
DEMO=${DEMO:-1}
PROBE=${PROBE:-0}
mkdir -p "$RUN"
if [ "$PROBE" = 1 ]; then
	DEMO=0
	export AIGO_PROBE=on
	export AIGO_DB=${AIGO_DB:-$STACK_ROOT/db/probe.db}
	# Its own snapshot too: the demo's stays the demo's.
	export AIGO_SNAPSHOT=${AIGO_SNAPSHOT:-$RUN/probe-fallback.json}
fi

if (exec 3<>"/dev/tcp/127.0.0.1/$PORT") 2>/dev/null; then
	echo "make run: port $PORT is taken; try PORT=8081 make run" >&2
	exit 1
fi
# Creates db/aigo.db (or upgrades it and refreshes the catalog), then, in
# demo mode, adds 7 days of demo checks, or tops them up to now.
if [ "$DEMO" = 0 ]; then
	./cgi-bin/aigo db init
elif ! ./cgi-bin/aigo demo; then
	# A database with real checks gets no demo checks (README).
	echo "make run: DEMO=0 make run serves this database as it is;" \
		"AIGO_DB=$STACK_ROOT/db/demo.db make run keeps a demo of its own" >&2
	exit 1
fi
# The fallback for when the database cannot answer; aigo serve refreshes it.
./cgi-bin/aigo snapshot
# Ingest is on with a token of this checkout (kept in run/, mode 600).
export AIGO_INGEST_TOKENS=${AIGO_INGEST_TOKENS:-$RUN/ingest-tokens}
if [ ! -e "$AIGO_INGEST_TOKENS" ]; then
	(
		umask 077
		echo "# NAME TOKEN, one per line (docs/api.md)" >"$AIGO_INGEST_TOKENS"
		echo "local $(head -c 24 /dev/urandom | base64 | tr '+/' '-_')" >>"$AIGO_INGEST_TOKENS"
	)
fi
DEMO_PID=
cleanup() {
	trap - INT TERM EXIT
	echo
	echo "make run: stopping"
	if [ -n "$DEMO_PID" ]; then
		kill -TERM "$DEMO_PID" 2>/dev/null
		wait "$DEMO_PID" 2>/dev/null
	fi
	stack_stop
	echo "make run: stopped"
}
# Ctrl-C (or a TERM) stops everything and ends the run normally.
trap 'cleanup; exit 0' INT TERM
trap cleanup EXIT
# The demo stays live: a new demo check per endpoint every 5 minutes.
if [ "$DEMO" != 0 ]; then
	./cgi-bin/aigo demo --follow 60 >>"$RUN/demo.log" 2>&1 &
	DEMO_PID=$!
fi
stack_start "$RUN" "$PORT"
echo
echo "AI-GO Monitor is serving http://127.0.0.1:$PORT/  (Ctrl-C stops it; logs in $RUN)"
echo "JSON API: http://127.0.0.1:$PORT/api/v1/models; the ingest token is in $AIGO_INGEST_TOKENS"
if [ "$PROBE" = 1 ]; then
	echo "Prober on: real checks into $AIGO_DB. Providers whose keys are in the environment"
	echo "(or in AIGO_PROBE_KEYS) get inference/stream probes, the others reachability only;"
	echo "aigo config check lists which keys are set. The prober's log lines are in $RUN/aigo.log"
elif [ "$DEMO" = 0 ]; then
	echo "No demo checks: the page shows what probes send to POST /api/v1/checks"
else
	echo "Demo mode: labelled demo checks (DEMO=0 with a new AIGO_DB starts empty; see README)"
fi
wait "$STACK_AIGO_PID"
