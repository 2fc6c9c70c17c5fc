#!/usr/bin/env bash
# oracle.sh: the page and the JSON through nginx against tests/oracle/oracle.py (DESIGN 3 computed from the database file alone), for the demo and three generated databases; the stored sample counts too.
#
# The history points of the four ranges are compared too (realtime-stats,
# /api/v1/history?model=, the monitoring page's chart table); ORACLE_HISTORY=0
# leaves them out.
# ORACLE_ONLY="edges young" limits the run to those databases (demo, edges,
# irregular, young).
# ORACLE_BACKEND=pg (tests/e2e/oracle_pg.sh, issue 21) runs the same suite
# on PostgreSQL: one server (tests/pg.sh) for the run, and for each database
# a fresh PostgreSQL database that `aigo db copy --from FILE` fills (schema
# and rows: it refuses a database `aigo db init` gave the catalog); rows_check.py proves the oracle's reader on it (the rows from
# the file and from PostgreSQL are equal), then the oracle reads PostgreSQL
# with psql, `aigo serve` serves it, and every comparison is the SQLite
# run's. Its databases by default: demo (3 days: ORACLE_DEMO_DAYS) young.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

BACKEND=${ORACLE_BACKEND:-sqlite}
case $BACKEND in
sqlite) SUITE=oracle ONLY=${ORACLE_ONLY:-demo edges irregular young} DAYS=${ORACLE_DEMO_DAYS:-31} ;;
pg) SUITE=oracle-pg ONLY=${ORACLE_ONLY:-demo young} DAYS=${ORACLE_DEMO_DAYS:-3} ;;
*)
	echo "oracle.sh: ORACLE_BACKEND=$BACKEND: sqlite or pg" >&2
	exit 2
	;;
esac
OUT=$STACK_ROOT/tests/out/$SUITE
rm -rf "$OUT"
mkdir -p "$OUT"
W=1800
HISTORY=${ORACLE_HISTORY:-1}
RANGES="1h 24h 7d 30d"
started=$(date +%s)
trap 'stack_stop' EXIT
if [ "$BACKEND" = pg ]; then
	suite_pg_start
	echo "PostgreSQL: started in $(cat "$PG_DIR/start.time") s"
fi

# on_backend NAME FILE: sets DB to the database the suite reads for NAME:
# FILE itself (SQLite), or (pg) a new, empty PostgreSQL database aigo_NAME
# that `aigo db copy --from FILE` gives the schema and fills,
# whose rows the oracle's reader proves equal to the file's
# (rows_check.py): DB is its URL. Returns 1 (DB empty) after saying why.
on_backend() {
	local name=$1 file=$2 url t0 rc log=$OUT/$1-pg
	DB=$file
	[ "$BACKEND" = sqlite ] && return 0
	DB=
	url="postgresql:///aigo_$name?host=$PG_DIR&user=aigo"
	t0=$(date +%s.%N)
	if ! { pgq_admin "DROP DATABASE IF EXISTS aigo_$name" &&
		pgq_admin "CREATE DATABASE aigo_$name OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C'"; } \
		>"$log-create.log" 2>&1; then
		fail "$name: createdb"
		cat "$log-create.log"
		return 1
	fi
	AIGO_ROOT=$STACK_ROOT ./cgi-bin/aigo db copy --from "$file" --to "$url" >"$log-copy.log" 2>"$log-copy.err"
	rc=$?
	check "$name: aigo db copy" "$rc" 0
	if [ "$rc" != 0 ]; then
		cat "$log-copy.log" "$log-copy.err"
		return 1
	fi
	echo "$name: aigo db copy: $(grep -m 1 'verified' "$log-copy.log") in $(awk -v a="$t0" -v b="$(date +%s.%N)" \
		'BEGIN { printf "%.1f", b - a }') s"
	t0=$(date +%s.%N)
	python3 tests/oracle/rows_check.py "$file" "$url" >"$log-rows.log" 2>&1
	rc=$?
	check "$name: the oracle's rows from PostgreSQL = from the file" "$rc $(tail -n 1 "$log-rows.log" | sed 's/.*, //')" "0 0 differ"
	[ "$rc" = 0 ] || head -n 40 "$log-rows.log"
	echo "$name: reader $(grep ' checks: ' "$log-rows.log" | sed 's/^rows: //'); $(tail -n 1 "$log-rows.log" | sed 's/^rows: //') in $(awk \
		-v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s"
	DB=$url
}

# plan WHAT ARGS...: one comparison for compare.py (see its usage).
plan() { echo "$*" >>"$DIR/plan"; }
# compare_plan: runs the database's plan through compare.py (EXPECTED is
# $EXP) in one process and checks each of its "NAME<TAB>GOT<TAB>WANT"
# lines; after 30 failures the rest are counted, not printed.
compare_plan() {
	local name got want n=0 shown=0
	while IFS=$'\t' read -r name got want; do
		n=$((n + 1))
		if [ "$got" == "$want" ]; then
			pass
		elif [ $shown -lt 30 ]; then
			shown=$((shown + 1))
			check "$name" "$got" "$want"
		else
			failed=$((failed + 1))
			shown=$((shown + 1))
		fi
	done < <(python3 tests/oracle/compare.py --prefix "$DB_NAME" --plan "$DIR/plan" "$EXP")
	[ $shown -gt 30 ] && echo "FAIL: $DB_NAME: $((shown - 30)) more differences not shown"
	[ $n -gt 0 ] || fail "$DB_NAME: compare.py gave no values"
}

# get PATH FILE: fetches PATH into $DIR/FILE; a status other than 200 fails.
get() {
	local code
	code=$(fetch "$1")
	cp "$OUT/body" "$DIR/$2"
	check "$DB_NAME: GET $1" "$code" 200
}

# get_pages PATH NAME: PATH and each page its rel="next" link leads to
# (the models table's pages) as NAME.html, NAME-2.html, ...; PAGES lists
# their files in order.
get_pages() {
	local path=$1 n=1 f
	PAGES=""
	while [ -n "$path" ] && [ $n -le 100 ]; do
		f=$2$([ $n = 1 ] || echo "-$n").html
		get "$path" "$f"
		PAGES="$PAGES $DIR/$f"
		path=$(grep -o '<a rel="next" href="[^"#]*' "$DIR/$f" | sed 's/.*href="//; s/&amp;/\&/g')
		n=$((n + 1))
	done
}

# suite NAME FILE NOW [SLUG...]: the oracle's numbers for the database
# (FILE, or its copy on PostgreSQL: on_backend) at NOW, then the stack on
# it at NOW, every comparison, and the stack stopped. The slugs get
# the detailed look, with every multi-region model and one model of each
# status.
suite() {
	DB_NAME=$1
	local file=$2 db now=$3 t0 slugs slug r np
	shift 3
	DIR=$OUT/$DB_NAME
	EXP=$DIR/expected.json
	mkdir -p "$DIR"
	t0=$(date +%s.%N)
	on_backend "$DB_NAME" "$file" || return
	db=$DB
	if ! python3 tests/oracle/oracle.py "$db" --now "$now" --freshness $W >"$EXP" 2>"$DIR/oracle.log"; then
		fail "$DB_NAME: oracle.py"
		cat "$DIR/oracle.log"
		return
	fi
	# The stored per-hour sample counts (schema 4) equal DESIGN's status at
	# each instant, however late or out of order the checks came.
	python3 tests/oracle/samples.py "$db" >"$DIR/samples.log"
	case $? in
	2) echo "$DB_NAME: no model_rollups, not compared" ;;
	*) check "$DB_NAME: model_rollups = DESIGN 3" "$(tail -n 1 "$DIR/samples.log" | sed 's/.*, //')" "0 differ" ;;
	esac
	echo "$DB_NAME: $(cat "$DIR/oracle.log"); headline $(jq -c '.headline | del(.avgAvailabilityPage)' "$EXP")"
	slugs=$( (
		printf '%s\n' "$@"
		jq -r '.models | to_entries[] | select(.value.regions | length > 1) | .key' "$EXP"
		jq -r '[.models | to_entries[] | {slug: .key, s: (if .value.isActive then .value.status else "inactive" end)}]
		       | group_by(.s)[] | .[0].slug' "$EXP"
	) | sort -u)

	export AIGO_DB=$db AIGO_NOW=$now AIGO_ROOT=$STACK_ROOT AIGO_SNAPSHOT=$DIR/fallback.json
	export AIGO_INGEST_TOKENS=$OUT/no-tokens
	PORT=$(stack_free_port)
	stack_start "$DIR/run" "$PORT" 2 || {
		fail "$DB_NAME: stack did not start"
		return
	}
	BASE="http://127.0.0.1:$PORT"

	get "/api/v1/models?limit=500" list.json
	if [ "$BACKEND" = pg ]; then
		# What answered is PostgreSQL: the workers hold connections to it.
		check "$DB_NAME: aigo serve reads PostgreSQL" "$(pgq_admin "SELECT count(*) > 0 FROM pg_stat_activity
			WHERE datname = 'aigo_$DB_NAME' AND application_name = 'aigo'")" t
	fi
	plan list "$DIR/list.json"
	get /api/v1/realtime-stats stats.json
	plan stats "$DIR/stats.json"
	get_pages /en/monitoring monitoring
	plan page-monitoring $PAGES
	# Issue 16: the pages of a filter and a sort list its models once each,
	# in order; past the last page: no rows, a 200 that says which page is
	# the last, linking back to it.
	get_pages "/en/monitoring?status=operational&sort=model&order=desc" operational
	plan page-monitoring-query "status=operational&sort=model&order=desc" $PAGES
	np=$(echo $PAGES | wc -w)
	get "/en/monitoring?status=operational&sort=model&order=desc&page=$((np + 1))" past.html
	check "$DB_NAME: past the last page, no rows" "$(grep -c '<tr data-model=' "$DIR/past.html")" 0
	check "$DB_NAME: past the last page, says so" \
		"$(grep -o "No models on page $((np + 1)); the last page is $np\." "$DIR/past.html" | wc -l)" 1
	check "$DB_NAME: past the last page, links to it" \
		"$(grep -o '<a rel="prev" href="/en/monitoring?status=operational&amp;sort=model&amp;order=desc'"$([ "$np" = 1 ] || echo "&amp;page=$np")"'#models">' "$DIR/past.html" | wc -l)" 1
	# The headline cards, as lib.sh reads them.
	cp "$DIR/monitoring.html" "$OUT/body"
	check "$DB_NAME: card total" "$(card_text total)" "$(jq .headline.totalModels "$EXP")"
	check "$DB_NAME: card active" "$(card_text active)" "$(jq -r '"\(.headline.activeModels)/\(.headline.totalModels)"' "$EXP")"
	for st in operational degraded outage unknown; do
		check "$DB_NAME: card $st" "$(card_text $st)" "$(jq ".headline.${st}Models" "$EXP")"
	done
	check "$DB_NAME: card availability" "$(card_text availability)" "$(jq -r .headline.avgAvailabilityPage "$EXP")"

	for slug in $slugs; do
		get "/api/v1/models/$slug" "model-$slug.json"
		plan model "$slug" "$DIR/model-$slug.json"
		get "/en/models/$slug" "page-$slug.html"
		plan page-model "$slug" "$DIR/page-$slug.html"
	done

	if [ "$HISTORY" = 1 ]; then
		for r in $RANGES; do
			get "/api/v1/realtime-stats?includeHistory=true&range=$r" "history-$r.json"
			plan history "$r" "$DIR/history-$r.json"
			get "/en/monitoring?range=$r" "monitoring-$r.html"
			plan page-history "$r" "$DIR/monitoring-$r.html"
			for slug in $slugs; do
				get "/api/v1/history?model=$slug&range=$r" "history-$slug-$r.json"
				plan history-model "$slug" "$r" "$DIR/history-$slug-$r.json"
			done
		done
	fi
	stack_stop
	compare_plan
	echo "$DB_NAME: $(awk -v a="$t0" -v b="$(date +%s.%N)" 'BEGIN { printf "%.1f", b - a }') s, $(echo "$slugs" | wc -w) models in detail; so far $passed passed, $failed failed"
}

# ---- the demo: 31 days of checks at a fixed now, off every boundary -----
# (ORACLE_DEMO_DAYS; 3 in the pg run: the 31 days hold 2.3 million rows,
# 1.06 million of them checks, whose copy, reader proof and oracle read
# took 151, 64 and 51 s on a loaded machine, the whole case 355 s; the 3
# days take about 120 s)
case " $ONLY " in *" demo "*)
	DEMO_NOW=1795839634
	t0=$(date +%s)
	if AIGO_ROOT=$STACK_ROOT AIGO_DB=$OUT/demo.db AIGO_NOW=$DEMO_NOW \
		demo_record --days "$DAYS"; then
		echo "demo: $(tail -n 1 "$OUT/demo.log") in $(($(date +%s) - t0)) s"
		suite demo "$OUT/demo.db" $DEMO_NOW
	else
		fail "aigo demo"
		cat "$OUT/demo.log"
	fi
	;;
esac

# ---- the generated databases (tests/oracle/gen_db.py says what each holds)
for name in edges irregular young; do
	case " $ONLY " in *" $name "*) ;; *) continue ;; esac
	if ! python3 tests/oracle/gen_db.py "$OUT/gen" "$name" >"$OUT/gen-$name.log" 2>&1; then
		fail "gen_db.py $name"
		cat "$OUT/gen-$name.log"
		continue
	fi
	cat "$OUT/gen-$name.log"
	M=$OUT/gen/$name.json
	# shellcheck disable=SC2046
	suite "$name" "$(jq -r .db "$M")" "$(jq .now "$M")" $(jq -r '.detail[]' "$M")
	if [ "$name" = young ] && [ -n "$DB" ]; then
		# The oracle itself, on the small database: its history points
		# equal plain SQL run at every sample instant (by PostgreSQL on
		# its copy, in the pg run).
		python3 tests/oracle/selfcheck.py "$DB" "$OUT/young/expected.json" >"$OUT/selfcheck.log"
		check "oracle selfcheck (young)" "$(tail -n 1 "$OUT/selfcheck.log" | sed 's/.* instants, //')" "0 differ"
	fi
done

echo "$SUITE: history points $([ "$HISTORY" = 1 ] && echo compared || echo "not compared (ORACLE_HISTORY=0)"); $(($(date +%s) - started)) s"
summary "$SUITE"
