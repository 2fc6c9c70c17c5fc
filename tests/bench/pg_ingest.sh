#!/bin/bash
# pg_ingest.sh: the write path's speed on both backends in one run: batches of 1,000 checks through store_record_checks (build/pg_ingest), SQLite and PostgreSQL alternating, ROUNDS rounds of BATCHES batches each; prints each round and the medians, and PostgreSQL's statements and round trips per batch.
# Usage: bash tests/bench/pg_ingest.sh [ROUNDS] [BATCHES]   (make build/pg_ingest first)
set -eu
cd "$(dirname "$0")/../.."
. tests/pg.sh
ROUNDS=${1:-5}
BATCHES=${2:-20}
[ -x build/pg_ingest ] || { echo "pg_ingest.sh: make build/pg_ingest first" >&2; exit 1; }
dir=$(mktemp -d /tmp/aigo-pgb.XXXXXX)
pg_start "$dir" >/dev/null
work=$(mktemp -d /tmp/aigo-ingest.XXXXXX)
trap 'rm -rf "$work"; pg_stop "$dir"' EXIT
AIGO_DB="$AIGO_PG_URL" ./cgi-bin/aigo db init >/dev/null
: >"$work/sqlite.txt"
: >"$work/pg.txt"
for r in $(seq 1 "$ROUNDS"); do
	SCHEMA=db/schema.sql nice -n 10 build/pg_ingest "$work/bench.db" "$BATCHES" | tee -a "$work/sqlite.txt" | head -n 1
	nice -n 10 build/pg_ingest "$AIGO_PG_URL" "$BATCHES" >"$work/pg.last"
	head -n 1 "$work/pg.last" | tee -a "$work/pg.txt"
done
echo "PostgreSQL, the last batch of the last round:"
tail -n +2 "$work/pg.last"
for f in sqlite pg; do
	sed -n 's/.*median=\([0-9]*\).*/\1/p' "$work/$f.txt" | sort -n |
		awk -v f="$f" '{v[NR]=$1} END {printf "%s: median of %d rounds: %d checks/s\n", f, NR, v[int((NR+1)/2)]}'
done
