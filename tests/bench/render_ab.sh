#!/usr/bin/env bash
# render_ab.sh: the first and warm render of two builds of the program (BEFORE, AFTER: trees with build/render and cgi-bin/aigo) on one PostgreSQL server and one SQLite file with the bench's data, alternating, medians and PG/SQLite ratios; then the statements each logs per request.
# Usage: bash tests/bench/render_ab.sh BEFORE_TREE AFTER_TREE [ROUNDS [WARM]]
# (docs/postgresql.md, "The benchmark"). Run it from AFTER_TREE's root;
# output in tests/out/render-ab/.
set -uo pipefail
BEFORE=$1 AFTER=$2 ROUNDS=${3:-9} WARM=${4:-20}
cd "$AFTER" || exit 1
. scripts/stack.sh
. tests/pg.sh
OUT=$AFTER/tests/out/render-ab; rm -rf "$OUT"; mkdir -p "$OUT"
export AIGO_NOW=1795839634 AIGO_ROOT=$AFTER AIGO_LOG_LEVEL=warn AIGO_SNAPSHOT_INTERVAL=0 AIGO_MAX_REQUESTS=0
SQLITE_DB=$OUT/demo.db
PG_D=$(mktemp -d /tmp/aigo-pg.XXXXXX)
pg_start "$PG_D" || exit 1 # stopped at exit (pg.sh's trap)
for s in "fsync = on" "full_page_writes = on" "synchronous_commit = on" "shared_buffers = '128MB'"; do
	pgq_admin "ALTER SYSTEM SET $s" || exit 1
done
pg_as "$PG_BIN/pg_ctl" -D "$PG_D/data" -l "$PG_D/server.log" -w -t 30 restart >/dev/null || exit 1
PG_ADMIN_AIGO=${PG_ADMIN_URL/\/postgres\?/\/aigo?}
export AIGO_DB=$SQLITE_DB AIGO_SNAPSHOT=$OUT/fallback-sqlite.json
./cgi-bin/aigo demo --days 7 >"$OUT/demo.txt" || exit 1
./cgi-bin/aigo db copy --from "$SQLITE_DB" --to "$AIGO_PG_URL" >"$OUT/copy.txt" 2>&1 || { cat "$OUT/copy.txt"; exit 1; }
psql "$PG_ADMIN_AIGO" -X -q -v ON_ERROR_STOP=1 -c 'VACUUM ANALYZE' || exit 1
grep -h "auth\|scram" "$PG_D"/data/pg_hba.conf | grep -v '^#' | head -3 >"$OUT/hba.txt"
for i in $(seq 1 "$ROUNDS"); do
	for tree in before after; do
		for b in sqlite pg; do
			[ $b = sqlite ] && export AIGO_DB=$SQLITE_DB AIGO_SNAPSHOT=$OUT/fallback-sqlite.json
			[ $b = pg ] && export AIGO_DB=$AIGO_PG_URL AIGO_SNAPSHOT=$OUT/fallback-pg.json
			dir=$BEFORE; [ $tree = after ] && dir=$AFTER
			for p in /en/monitoring /api/v1/realtime-stats; do
				(cd "$dir" && AIGO_ROOT=$dir build/render "$tree-$b" first "$p" "$WARM") >>"$OUT/render" 2>>"$OUT/render.log" || exit 1
			done
		done
	done
done
# Medians per tree, backend and path: connect (0 for a build whose first
# request connects), first, connect + first, warm.
python3 - "$OUT/render" <<'PY'
import sys, statistics as S, collections
d = collections.defaultdict(lambda: collections.defaultdict(list))
for line in open(sys.argv[1]):
    v = line.split()
    k = (v[0], 'page' if v[1] == '/en/monitoring' else 'json')
    d[k]['first'].append(float(v[2]) / 1000)
    d[k]['warm'].append(float(v[3]) / 1000)
    c = float(v[4]) / 1000 if len(v) >= 5 else 0.0
    d[k]['connect'].append(c)
    d[k]['connect+first'].append(c + float(v[2]) / 1000)
print("| tree | path | measure | SQLite median (min-max) ms | PostgreSQL median (min-max) ms | PG/SQLite |")
print("|---|---|---|---|---|---|")
for tree in ('before', 'after'):
    for path in ('page', 'json'):
        for m in ('connect', 'first', 'connect+first', 'warm'):
            s = d[(tree + '-sqlite', path)][m]; p = d[(tree + '-pg', path)][m]
            if not s: continue
            ms, mp = S.median(s), S.median(p)
            print(f"| {tree} | {path} | {m} | {ms:.2f} ({min(s):.2f}-{max(s):.2f}) | {mp:.2f} ({min(p):.2f}-{max(p):.2f}) | {mp/ms if ms else 0:.2f} |")
PY
echo "load: $(cut -d' ' -f1-3 /proc/loadavg)"
# Statements per request, from the server's log (after tree): first page, then 2 warm.
pgq_admin "ALTER SYSTEM SET log_statement = 'all'" && pgq_admin "ALTER SYSTEM SET log_line_prefix = '%p '" && pgq_admin "SELECT pg_reload_conf()" >/dev/null
sleep 1
export AIGO_DB=$AIGO_PG_URL AIGO_SNAPSHOT=$OUT/fallback-pg.json
for tree in before after; do
	dir=$BEFORE; [ $tree = after ] && dir=$AFTER
	: >"$PG_D/server.log.mark"; before=$(wc -l <"$PG_D/server.log")
	for p in /en/monitoring /api/v1/realtime-stats; do
		(cd "$dir" && AIGO_ROOT=$dir build/render "log-$tree" first "$p" 2) >/dev/null
		sleep 0.5
		tail -n +$((before + 1)) "$PG_D/server.log" >"$OUT/log-$tree-${p##*/}.txt"
		before=$(wc -l <"$PG_D/server.log")
		echo "$tree $p: $(grep -c 'LOG:  execute\|LOG:  statement' "$OUT/log-$tree-${p##*/}.txt") statements logged (first + 2 warm)"
	done
done
cp "$PG_D/server.log" "$OUT/server.log"
