#!/usr/bin/env bash
# lanes.sh: runs the end-to-end suites in two lanes side by side (each suite on its own ports, sockets and files), prints each suite's whole output when it ends, and fails when any suite failed.
#
# Usage: lanes.sh "SUITE SUITE ..." "SUITE SUITE ..."
#   each argument is one lane: suites run in turn within a lane, the lanes at
#   once. A suite is tests/e2e/SUITE.sh. E2E_LANES=1 runs every suite in one
#   lane, in the order given.
# Most suites spend their time waiting (on nginx, on timeouts, on the
# prober's schedule), so two lanes on two cores take about half the time.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

LOGS=$(mktemp -d /tmp/aigo-lanes.XXXXXX)
trap 'rm -rf "$LOGS"' EXIT

# run_lane SUITES: runs them in turn; each one's output is printed whole
# (under a lock, so two lanes never interleave) with its time, and a failed
# suite's name is added to $LOGS/failed.
run_lane() {
	local s rc start
	for s in $1; do
		start=$(date +%s)
		bash "tests/e2e/$s.sh" >"$LOGS/$s.log" 2>&1
		rc=$?
		{
			flock 9
			echo "==== $s ($(($(date +%s) - start)) s, exit $rc)"
			cat "$LOGS/$s.log"
		} 9>"$LOGS/lock"
		[ "$rc" = 0 ] || echo "$s" >>"$LOGS/failed"
	done
}

if [ "${E2E_LANES:-2}" = 1 ]; then
	run_lane "$*"
else
	pids=()
	for lane in "$@"; do
		run_lane "$lane" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
fi
if [ -s "$LOGS/failed" ]; then
	echo "e2e: failed: $(tr '\n' ' ' <"$LOGS/failed")"
	exit 1
fi
echo "e2e: every suite passed"
