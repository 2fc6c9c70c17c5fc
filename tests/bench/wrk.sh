# wrk.sh: wrk for the benchmarks: fails a run loudly when any request failed, and runs and judges ingest (sourced by run.sh, ingest.sh and backends.sh).
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

# bench_ingest_wrk FILE URL BATCH CONNS SECS: POSTs batches of BATCH new
# checks to URL (http://HOST:PORT/) for SECS seconds with wrk (2 threads,
# CONNS connections) and tests/bench/ingest.lua, which needs TOKEN (an
# ingest token of the server) and MODELS (slugs, comma-separated: each
# thread writes its own) exported, and AIGO_NOW when the server has it.
# A batch may take 60 s (wrk's default, 2 s, would call a slow backend's
# answer a failure). wrk's output in FILE; judged by bench_ingest_count.
bench_ingest_wrk() {
	BATCH=$3 wrk -t 2 -c "$4" -d "${5}s" --timeout 60s -s "$(dirname "${BASH_SOURCE[0]}")/ingest.lua" "$2" >"$1" 2>&1
}

# bench_ingest_count LABEL FILE BATCH CONNS STORED: judges the run of
# bench_ingest_wrk in FILE, given STORED, the checks the database gained
# (counted after the server stopped). Prints "OK US STORED ACKED": the
# batches answered 2xx, wrk's duration in microseconds, STORED, and the
# checks acknowledged (OK x BATCH): the checks/s to quote are
# ACKED x 1e6 / US. Returns 1, saying why with wrk's output on stderr,
# when a request failed or was refused, no batch was acknowledged, or an
# acknowledged check is not stored. wrk stops with up to one request per
# connection in flight, which the server may still have committed:
# stored, never acknowledged, not counted (at most CONNS x BATCH).
bench_ingest_count() {
	local label=$1 file=$2 batch=$3 conns=$4 stored=$5 ok other us why=
	bench_wrk_ok "$label" "$file" || return 1
	read -r ok other us < <(awk '/^ingest: 2xx/ { print $3, $5, $7 }' "$file")
	if [ -z "${us:-}" ] || [ "$us" -le 0 ]; then
		why="no count from ingest.lua"
	elif [ "$other" != 0 ]; then
		why="$other answers were not 2xx"
	elif [ "$ok" -le 0 ]; then
		why="no batch was acknowledged"
	elif [ "$stored" -lt $((ok * batch)) ] || [ "$stored" -gt $(((ok + conns) * batch)) ]; then
		why="$stored checks stored, but $ok batches of $batch acknowledged"
	fi
	if [ -n "$why" ]; then
		{
			echo "bench: $label: $why; wrk said:"
			cat "$file"
		} >&2
		return 1
	fi
	echo "$ok $us $stored $((ok * batch))"
}
