# wrk.sh: fails a benchmark loudly when any of its wrk requests failed (sourced by run.sh and ingest.sh).
# shellcheck shell=bash

# bench_wrk_ok LABEL FILE: 0 when the wrk output in FILE shows a finished run
# of at least one request in which every request was answered (no connect,
# read, write or timeout error) below 400 (wrk counts 4xx and 5xx only).
# Else prints LABEL, why and the whole output to stderr and returns 1.
bench_wrk_ok() {
	local label=$1 file=$2 why=
	if ! grep -q '^Requests/sec' "$file"; then
		why="wrk did not finish"
	elif [ "$(awk '/ requests in / { print $1 }' "$file")" = 0 ]; then
		why="no request was answered"
	elif grep -q 'Non-2xx or 3xx responses' "$file"; then
		why="some requests were answered 4xx or 5xx"
	elif grep -q 'Socket errors' "$file"; then
		why="some requests got no answer (socket errors or timeouts)"
	fi
	[ -z "$why" ] && return 0
	{
		echo "bench: $label: $why; wrk said:"
		cat "$file"
	} >&2
	return 1
}
