# lib.sh: what the shell test suites share: the server stack, counters, check and the summary line (source it).
# shellcheck shell=bash
. "$(dirname "${BASH_SOURCE[0]}")/../scripts/stack.sh"

passed=0
failed=0
pass() { passed=$((passed + 1)); }
fail() {
	failed=$((failed + 1))
	echo "FAIL: $*"
}
# check NAME GOT WANT
check() {
	if [ "$2" == "$3" ]; then pass; else fail "$1: got '$2', want '$3'"; fi
}
# summary SUITE: prints "SUITE: N passed, M failed"; fails when any failed.
summary() {
	echo "$1: $passed passed, $failed failed"
	[ "$failed" = 0 ]
}

# fetch PATH [curl args]: one request to $BASE; body to $OUT/body, headers
# to $OUT/head; prints the status.
fetch() {
	local path=$1
	shift
	curl -s -o "$OUT/body" -D "$OUT/head" -w '%{http_code}' "$@" "$BASE$path"
}
# head_value NAME: that header of the last fetch.
head_value() { grep -i "^$1:" "$OUT/head" | head -n 1 | cut -d' ' -f2- | tr -d '\r'; }
