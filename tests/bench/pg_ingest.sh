#!/bin/bash
# pg_ingest.sh: the write path's speed on both backends in one run: batches of 1,000 checks through store_record_checks (build/pg_ingest), SQLite and PostgreSQL alternating, ROUNDS rounds of BATCHES batches each; prints each round and the medians, and PostgreSQL's statements and round trips per batch. With PG_INGEST_BEFORE=path (another build's pg_ingest, e.g. main's) each round runs that one too, on a file and a database of its own, and its medians are printed beside: before and after under the same load.
# Usage: [PG_INGEST_BEFORE=path] bash tests/bench/pg_ingest.sh [ROUNDS] [BATCHES]   (make build/pg_ingest first)
set -eu
cd "$(dirname "$0")/../.."
. tests/pg.sh
ROUNDS=${1:-5}
BATCHES=${2:-20}
BEFORE=${PG_INGEST_BEFORE:-}
[ -x build/pg_ingest ] || { echo "pg_ingest.sh: make build/pg_ingest first" >&2; exit 1; }
[ -z "$BEFORE" ] || [ -x "$BEFORE" ] || { echo "pg_ingest.sh: $BEFORE: not a program" >&2; exit 1; }
dir=$(mktemp -d /tmp/aigo-pgb.XXXXXX)
pg_start "$dir" >/dev/null
work=$(mktemp -d /tmp/aigo-ingest.XXXXXX)
trap 'rm -rf "$work"; pg_stop "$dir"' EXIT
AIGO_DB="$AIGO_PG_URL" ./cgi-bin/aigo db init >/dev/null
kinds="sqlite pg"
if [ -n "$BEFORE" ]; then
	pgq_admin "CREATE DATABASE aigo_before OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"
	before_url=${AIGO_PG_URL/\/\/\/aigo?/\/\/\/aigo_before?}
	AIGO_DB="$before_url" ./cgi-bin/aigo db init >/dev/null
	kinds="sqlite_before sqlite pg_before pg"
fi
for f in $kinds; do : >"$work/$f.txt"; done
for r in $(seq 1 "$ROUNDS"); do
	if [ -n "$BEFORE" ]; then
		SCHEMA=db/schema.sql nice -n 10 "$BEFORE" "$work/before.db" "$BATCHES" | tee -a "$work/sqlite_before.txt" | head -n 1 | sed 's/^/before: /'
	fi
	SCHEMA=db/schema.sql nice -n 10 build/pg_ingest "$work/bench.db" "$BATCHES" | tee -a "$work/sqlite.txt" | head -n 1
	if [ -n "$BEFORE" ]; then
		nice -n 10 "$BEFORE" "$before_url" "$BATCHES" | head -n 1 | tee -a "$work/pg_before.txt" | sed 's/^/before: /'
	fi
	nice -n 10 build/pg_ingest "$AIGO_PG_URL" "$BATCHES" >"$work/pg.last"
	head -n 1 "$work/pg.last" | tee -a "$work/pg.txt"
done
echo "PostgreSQL, the last batch of the last round:"
tail -n +2 "$work/pg.last"
for f in $kinds; do
	sed -n 's/.*median=\([0-9]*\).*/\1/p' "$work/$f.txt" | sort -n |
		awk -v f="$f" '{v[NR]=$1} END {printf "%s: median of %d rounds: %d checks/s\n", f, NR, v[int((NR+1)/2)]}'
done
