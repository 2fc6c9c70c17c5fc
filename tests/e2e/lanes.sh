#!/usr/bin/env bash
# lanes.sh: runs the end-to-end suites (and make test's other items) in lanes side by side (each suite on its own ports, sockets and files), prints each one's whole output when it ends, and fails when any failed.
#
# Usage: lanes.sh "SUITE SUITE ..." "SUITE SUITE ..." ...
#   each argument is one lane: suites run in turn within a lane, the lanes at
#   once. A suite is tests/e2e/SUITE.sh, or tests/DIR/SUITE.sh when named
#   DIR/SUITE (browser/run), and make:TARGET is `make TARGET` (make test
#   puts unit, asan and fuzz-check in lanes). E2E_LANES=1 runs every suite
#   in one lane, in the order given.
# The suites share one demo cache (TESTS_DEMO_CACHE, lib.sh's demo_record):
# each demo database is recorded once per run and copied.
# Most suites spend their time waiting (on nginx, on timeouts, on the
# prober's schedule), so three lanes on two cores keep both busy. Each
# item's line gives its time and the processor time it and what it waited
# for used; each lane's end is printed ("==== lane N: done in N s").
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1

LOGS=$(mktemp -d /tmp/aigo-lanes.XXXXXX)
trap 'rm -rf "$LOGS"' EXIT
if [ -z "${TESTS_DEMO_CACHE:-}" ]; then
	export TESTS_DEMO_CACHE=$LOGS/demo
	mkdir -p "$TESTS_DEMO_CACHE"
fi
T0=$(date +%s)

# cpu_seconds FILE: the user and system time of this shell's children that
# ended, in whole seconds (times runs in this shell, not in a subshell; FILE
# is its scratch file).
cpu_seconds() {
	times >"$1"
	awk 'NR == 2 { for (i = 1; i <= 2; i++) { split($i, a, "m"); s += a[1] * 60 + a[2] } } END { printf "%d\n", s }' "$1"
}

# run_lane SUITES [N]: runs them in turn; each one's output is printed whole
# (under a lock, so two lanes never interleave) with its time, and a failed
# suite's name is added to $LOGS/failed; then the lane's end.
run_lane() {
	local s rc start log cpu run
	for s in $1; do
		start=$(date +%s)
		log=$LOGS/${s//[:\/]/-}.log
		case $s in
		make:*) run=(make --no-print-directory "${s#make:}") ;;
		*/*) run=(bash "tests/$s.sh") ;;
		*) run=(bash "tests/e2e/$s.sh") ;;
		esac
		cpu_seconds "$log.times" >"$log.cpu"
		"${run[@]}" >"$log" 2>&1
		rc=$?
		cpu_seconds "$log.times" >>"$log.cpu"
		cpu=$(awk 'NR == 1 { a = $1 } NR == 2 { print $1 - a }' "$log.cpu")
		{
			flock 9
			echo "==== $s ($(($(date +%s) - start)) s, exit $rc, cpu $cpu s)"
			cat "$log"
		} 9>"$LOGS/lock"
		[ "$rc" = 0 ] || echo "$s" >>"$LOGS/failed"
	done
	{
		flock 9
		echo "==== lane ${2:-1}: done in $(($(date +%s) - T0)) s"
	} 9>"$LOGS/lock"
}

if [ "${E2E_LANES:-}" = 1 ]; then
	run_lane "$*"
else
	pids=()
	n=0
	for lane in "$@"; do
		n=$((n + 1))
		run_lane "$lane" "$n" &
		pids+=($!)
	done
	for p in "${pids[@]}"; do wait "$p"; done
fi
if [ -s "$LOGS/failed" ]; then
	echo "e2e: failed: $(tr '\n' ' ' <"$LOGS/failed")"
	exit 1
fi
echo "e2e: every suite passed"
