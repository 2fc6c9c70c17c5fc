#!/bin/sh
# run.sh: replays the fuzz corpora and runs the libFuzzer harnesses, one at a time (make fuzz, make fuzz-check).
#
# usage: tests/fuzz/run.sh fuzz|check SECONDS NAME...
#   fuzz   runs each harness SECONDS from its corpus
#   check  replays every input of each corpus, then runs each SECONDS
# Harnesses are build/fuzz/NAME, corpora tests/fuzz/corpus/NAME; what a run
# finds goes to build/fuzz/new/NAME, crashes to build/fuzz/crashes/, logs to
# build/fuzz/log/. Prints "fuzz NAME: N passed, M failed" per harness and a
# last line "N passed, M failed"; exits 1 when anything failed.
set -u
mode=$1
secs=$2
shift 2
bin=build/fuzz
log=$bin/log
crashes=$bin/crashes
AIGO_ROOT=${AIGO_ROOT:-$(pwd)}
# Each harness makes its private files here; a crashed one leaves them.
TMPDIR=$bin/tmp
export AIGO_ROOT TMPDIR
rm -rf "$TMPDIR"
mkdir -p "$TMPDIR" "$log" "$crashes"
ASAN_OPTIONS=${ASAN_OPTIONS:-detect_leaks=1}
UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1}
export ASAN_OPTIONS UBSAN_OPTIONS

# The longest input a harness makes up (replayed files are read whole).
max_len() {
	case $1 in
	time) echo 64 ;;
	lang) echo 512 ;;
	csv | import | config) echo 2048 ;;
	snapshot) echo 16384 ;;
	*) echo 4096 ;;
	esac
}

# What a failed run says: the property or the sanitizer's summary, and
# where libFuzzer kept the input.
why() {
	grep -m1 -E 'property failed|ERROR: (Address|Leak)Sanitizer|runtime error|ERROR: libFuzzer|SUMMARY' "$1"
	grep -m1 -E 'Test unit written to' "$1"
}

total_pass=0
total_fail=0
for name; do
	exe=$bin/$name
	corpus=tests/fuzz/corpus/$name
	new=$bin/new/$name
	dict=
	[ -f "tests/fuzz/$name.dict" ] && dict=-dict=tests/fuzz/$name.dict
	pass=0
	fail=0
	mkdir -p "$new"
	if [ "$mode" = check ]; then
		# All files in one process; after a failure, go on with the
		# files after the one that failed.
		set -- "$corpus"/*
		while [ $# -gt 0 ]; do
			if "$exe" -timeout=120 -rss_limit_mb=4096 \
				-artifact_prefix="$crashes/$name-" "$@" \
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
	# shellcheck disable=SC2086
	if "$exe" -max_total_time="$secs" -max_len="$(max_len "$name")" \
		-timeout=25 -rss_limit_mb=2048 -print_final_stats=1 \
		-artifact_prefix="$crashes/$name-" $dict "$new" "$corpus" \
		>"$log/$name.fuzz" 2>&1; then
		pass=$((pass + 1))
	else
		echo "fuzz $name: FAILED while fuzzing for $secs s"
		why "$log/$name.fuzz" | sed 's/^/    /'
		fail=$((fail + 1))
	fi
	stats=$(grep -E '^#[0-9]+ +DONE' "$log/$name.fuzz" | tail -1 |
		sed 's/^#\([0-9]*\) *DONE *\(cov: [0-9]*\) \(ft: [0-9]*\).*/\1 runs, \2, \3/')
	echo "fuzz $name: $pass passed, $fail failed${stats:+ ($stats)}"
	total_pass=$((total_pass + pass))
	total_fail=$((total_fail + fail))
done
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
