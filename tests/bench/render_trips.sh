#!/usr/bin/env bash
# render_trips.sh: PostgreSQL round trips per request of two builds (BEFORE, AFTER trees): libpq's sendto calls counted by strace around build/render first PATH N for N = 1 and 3 on a 2-day demo, the DEALLOCATEs at exit left out.
# Usage: bash tests/bench/render_trips.sh BEFORE_TREE AFTER_TREE (from AFTER_TREE's root; docs/postgresql.md "The benchmark").
set -uo pipefail
BEFORE=$1 AFTER=$2
cd "$AFTER" || exit 1
. scripts/stack.sh
. tests/pg.sh
OUT=$AFTER/tests/out/render-trips; rm -rf "$OUT"; mkdir -p "$OUT"
export AIGO_NOW=1795839634 AIGO_ROOT=$AFTER AIGO_LOG_LEVEL=warn AIGO_SNAPSHOT_INTERVAL=0
PG_D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
pg_start "$PG_D" || exit 1
export AIGO_DB=$OUT/demo.db AIGO_SNAPSHOT=$OUT/fb.json
./cgi-bin/aigo demo --days 2 >"$OUT/demo.txt" || exit 1
./cgi-bin/aigo db copy --from "$OUT/demo.db" --to "$AIGO_PG_URL" >"$OUT/copy.txt" 2>&1 || { cat "$OUT/copy.txt"; exit 1; }
export AIGO_DB=$AIGO_PG_URL
for tree in before after; do
	dir=$BEFORE; [ $tree = after ] && dir=$AFTER
	for p in /en/monitoring /api/v1/realtime-stats; do
		for n in 1 3; do
			(cd "$dir" && AIGO_ROOT=$dir strace -f -s 48 -e trace=sendto -o "$OUT/st-$tree-$n" build/render x first "$p" "$n") >/dev/null 2>&1
			c[$n]=$(grep "sendto(" "$OUT/st-$tree-$n" | grep -vc DEALLOCATE)
		done
		echo "$tree $p: sends with 1 warm ${c[1]}, with 3 warm ${c[3]}: per warm request $(( (c[3] - c[1]) / 2 )), connect+first (no DEALLOCATE) $(( c[1] - (c[3] - c[1]) / 2 ))"
	done
done
