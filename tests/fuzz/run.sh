#!/bin/sh
# run.sh: replays the fuzz corpora and runs the libFuzzer harnesses, one at a time (make fuzz, make fuzz-check).
#
# usage: tests/fuzz/run.sh fuzz|check SECONDS NAME...
#   fuzz   runs each harness SECONDS from its corpus
#   check  replays every input of each corpus, then runs each SECONDS
# Harnesses are build/fuzz/NAME, corpora tests/fuzz/corpus/NAME. A run goes
# on after a crash or a failed property (libFuzzer's fork mode) and keeps
# each input that failed in build/fuzz/crashes/NAME/; what it finds that is
# new goes to build/fuzz/new/NAME; logs go to build/fuzz/log/. Prints what
# failed, "fuzz NAME: N passed, M failed" per harness (each corpus input and
# the timed run count one) and a last line "N passed, M failed"; exits 1
# when anything failed.
set -u
mode=$1
secs=$2
shift 2
bin=build/fuzz
log=$bin/log
AIGO_ROOT=${AIGO_ROOT:-$(pwd)}
# Each harness makes its private files (a database, files to read) under
# TMPDIR, in memory when it can: a crashed one leaves them, removed here.
if [ -d /dev/shm ] && [ -w /dev/shm ]; then
	TMPDIR=$(mktemp -d /dev/shm/aigo-fuzz.XXXXXX)
else
	TMPDIR=$(mktemp -d "${TMPDIR:-/tmp}/aigo-fuzz.XXXXXX")
fi
trap 'rm -rf "$TMPDIR"' EXIT
trap 'exit 2' INT TERM
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export AIGO_ROOT TMPDIR ASAN_OPTIONS UBSAN_OPTIONS
mkdir -p "$log"

# The longest input a harness makes up (replayed files are read whole).
max_len() {
	case $1 in
	time) echo 64 ;;
	lang) echo 512 ;;
	csv | import | config) echo 2048 ;;
	snapshot | statuspage | notify_render) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

# What a failed run says: the property or the sanitizer's complaint.
why() {
	grep -a -m1 -E 'property failed|ERROR: (Address|Leak)Sanitizer|runtime error|ERROR: libFuzzer' "$1" | cut -c1-400
}

# The kind of a failure: a property's name (its message up to what it
# shows of the input), or the sanitizer's line without numbers and
# addresses, so that one line stands for many inputs.
kind() {
	sed -e 's/\(property failed: [^:"]*\).*/\1/' \
		-e 's/0x[0-9a-f]*/ADDR/g' -e 's/[0-9][0-9]*/N/g' | cut -c1-160
}

total_pass=0
total_fail=0
for name; do
	exe=$bin/$name
	corpus=tests/fuzz/corpus/$name
	new=$bin/new/$name
	crashes=$bin/crashes/$name
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	pass=0
	fail=0
	mkdir -p "$new" "$crashes"
	if [ "$mode" = check ]; then
		# All files in one process; after a failure, go on with the
		# files after the one that failed.
		set -- "$corpus"/*
		while [ $# -gt 0 ]; do
			if "$exe" -timeout=120 -rss_limit_mb=4096 \
				-artifact_prefix="$TMPDIR/" "$@" \
				>"$log/$name.replay" 2>&1; then
				pass=$((pass + $#))
				break
			fi
			bad=$(sed -n 's/^Running: //p' "$log/$name.replay" | tail -1)
			echo "fuzz $name: FAILED on ${bad:-its start}"
			why "$log/$name.replay" | sed 's/^/    /'
			fail=$((fail + 1))
			[ -n "$bad" ] || break
			while [ $# -gt 0 ] && [ "$1" != "$bad" ]; do
				pass=$((pass + 1))
				shift
			done
			[ $# -gt 0 ] && shift
		done
	fi
	# The timed run; the inputs it found failing are the files in
	# crashes/ it wrote (a corpus input already replayed is not counted
	# twice).
	touch "$TMPDIR/stamp"
	# shellcheck disable=SC2086
	"$exe" -fork=1 -ignore_crashes=1 -ignore_timeouts=1 -ignore_ooms=1 \
		-max_total_time="$secs" -max_len="$(max_len "$name")" \
		-timeout=25 -rss_limit_mb=2048 -artifact_prefix="$crashes/" \
		$dict "$new" "$corpus" >"$log/$name.fuzz" 2>&1
	rc=$?
	found=0
	: >"$TMPDIR/found"
	for f in $(find "$crashes" -type f -newer "$TMPDIR/stamp"); do
		h=$(sha1sum <"$f" | cut -c1-40)
		if [ "$mode" = check ] && sha1sum "$corpus"/* | grep -q "^$h "; then
			continue
		fi
		found=$((found + 1))
		"$exe" -artifact_prefix="$TMPDIR/" "$f" >"$log/$name.found" 2>&1
		w=$(why "$log/$name.found" | head -1)
		printf '%s\t%s\t%s\n' "$(printf '%s\n' "$w" | kind)" "$f" "$w" \
			>>"$TMPDIR/found"
	done
	# One line per kind of failure: how many inputs, and one of them.
	sort "$TMPDIR/found" | awk -F '\t' -v name="$name" -v secs="$secs" '
		function show() {
			printf "fuzz %s: FAILED on %d input(s) found in %s s, such as %s\n    %s\n", name, n, secs, path, msg
		}
		$1 != last { if (n) show(); last = $1; path = $2; msg = $3; n = 0 }
		{ n++ }
		END { if (n) show() }'
	if [ "$rc" -ne 0 ] && [ "$found" -eq 0 ]; then
		echo "fuzz $name: the timed run ended with status $rc"
		why "$log/$name.fuzz" | sed 's/^/    /'
		found=1
	fi
	if [ "$found" -eq 0 ]; then
		pass=$((pass + 1))
	else
		fail=$((fail + found))
	fi
	stats=$(grep -a -E '^#[0-9]+: cov: ' "$log/$name.fuzz" | tail -1 |
		sed 's/^#\([0-9]*\): \(cov: [0-9]*\) \(ft: [0-9]*\).*/\1 runs, \2, \3/')
	echo "fuzz $name: $pass passed, $fail failed${stats:+ ($stats)}"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
