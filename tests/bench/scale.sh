#!/usr/bin/env bash
# scale.sh: in-process render time of the page and the JSON over synthetic databases of 100 to 10,000 models (one region, and three) and of 100k and 10M checks, made with the sqlite3 CLI; BASE_ROOT measures another build's the same way.
set -uo pipefail
cd "$(dirname "$0")/../.." || exit 1
OUT=${OUT:-tests/out/bench}/scale
mkdir -p "$OUT"
NOW=1795839634
REPS=${REPS:-30}

# make_db FILE MODELS CHECKS [REGIONS]: MODELS models of 10 providers, an
# endpoint in each of REGIONS regions (1 to 3: global, us-east, eu-west;
# default 1), CHECKS checks spread evenly back from NOW (one per model and
# region per step) and the current status, then the rollups (aigo db
# rebuild-rollups).
make_db() {
	local db=$1 models=$2 checks=$3 regions=${4:-1}
	local per=$((checks / (models * regions)))
	# The newest check per model falls in the last 5 minutes.
	local step=$(((30 * 86400) / per))
	[ "$step" -lt 1 ] && step=1
	rm -f "$db" "$db-wal" "$db-shm"
	sqlite3 "$db" <db/schema.sql || return 1
	sqlite3 "$db" <<SQL >/dev/null || return 1
PRAGMA journal_mode = WAL;
PRAGMA synchronous = OFF;
BEGIN;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < 10)
INSERT INTO providers(slug, name) SELECT 'provider-' || i, 'Provider ' || i FROM n;
WITH RECURSIVE n(i) AS (SELECT 1 UNION ALL SELECT i + 1 FROM n WHERE i < $models)
INSERT INTO models(provider_id, slug, name, is_active)
SELECT 1 + i % 10, 'model-' || i, 'Model ' || i, i % 10 <> 0 FROM n;
CREATE TEMP TABLE regions(k INTEGER PRIMARY KEY, name TEXT);
INSERT INTO regions VALUES (0, 'global'), (1, 'us-east'), (2, 'eu-west');
INSERT INTO endpoints(model_id, region, url)
SELECT m.id, r.name, 'https://example.com/' || m.id FROM models m, regions r WHERE r.k < $regions;
WITH RECURSIVE k(j) AS (SELECT 0 UNION ALL SELECT j + 1 FROM k WHERE j < $checks - 1)
INSERT INTO checks(model_id, region, checked_at, status, latency_ms, http_status, source)
SELECT 1 + j % $models, (SELECT r.name FROM regions r WHERE r.k = (j / $models) % $regions),
  $NOW - 60 - (j / ($models * $regions)) * $step,
  CASE WHEN j % 97 = 0 THEN 'outage' WHEN j % 31 = 0 THEN 'degraded' ELSE 'operational' END,
  100 + j % 900, 200, 'demo' FROM k;
INSERT INTO current_status(model_id, region, checked_at, status, latency_ms, http_status, source)
SELECT c.model_id, c.region, c.checked_at, c.status, c.latency_ms, c.http_status, c.source
FROM checks c JOIN (SELECT model_id, region, max(checked_at) m FROM checks GROUP BY 1, 2) x
  ON x.model_id = c.model_id AND x.region = c.region AND x.m = c.checked_at;
COMMIT;
SQL
	# The rollups as the write path keeps them, counted from the checks.
	AIGO_DB=$db AIGO_LOG_LEVEL=warn ./cgi-bin/aigo db rebuild-rollups >/dev/null
}

# SCALE_PARTS: "checks" (one region; 100k and 10M checks), "regions"
# (issue 16's models x 3 regions), or both (the default).
PARTS=${SCALE_PARTS:-checks regions}
case " $PARTS " in *" checks "*)
: >"$OUT/render.txt"
echo "in-process render (median of $REPS, microseconds): label, page and JSON with reuse, page and JSON cold (every request reads the database)"
for spec in "100:100000" "1000:100000" "10000:100000" "100:10000000"; do
	m=${spec%%:*}
	c=${spec##*:}
	db=$OUT/m$m-c$c.db
	t0=$(date +%s)
	make_db "$db" "$m" "$c" || { echo "scale: cannot make $db" >&2; exit 1; }
	AIGO_NOW=$NOW AIGO_DB=$db AIGO_SNAPSHOT=$OUT/none.json AIGO_LOG_LEVEL=warn \
		AIGO_INGEST_TOKENS=$OUT/none build/render "models=$m checks=$c" "$REPS" |
		tee -a "$OUT/render.txt" || { echo "scale: render failed on $db" >&2; exit 1; }
	echo "  (database made in $(($(date +%s) - t0)) s, $(du -m "$db" | cut -f1) MiB)"
	rm -f "$db" "$db-wal" "$db-shm"
done
# The target: the page read cold at 10M checks within 1.3 x of 100k.
awk '$1 == "models=100" && $2 == "checks=100000" { a = $5 }
	$1 == "models=100" && $2 == "checks=10000000" { b = $5 }
	END { if (a > 0) printf "page cold, 10M checks / 100k checks (100 models): %.2fx (target <= 1.3x)\n", b / a }' \
	"$OUT/render.txt"
;; esac

# Issue 16: the page cold (every request reads the database) at 100 to
# 10,000 models x 3 regions (100k checks), for 24 h and 30 d; targets at
# 2,000 models: 10 ms and 20 ms. With BASE_ROOT (another checkout, built:
# its build/render, templates and locales), that build on the same
# databases in the same run, before this one.
case " $PARTS " in *" regions "*) ;; *) exit 0 ;; esac
label() { [ -n "${BASE_ROOT:-}" ] && echo "$1:" || echo ""; }
: >"$OUT/regions.txt"
echo "page cold, models x 3 regions, 100k checks (median of $REPS, microseconds): [build:]models range page_cold json_cold page_written json_written"
for m in 100 1000 2000 10000; do
	for root in ${BASE_ROOT:+"$BASE_ROOT"} .; do
		which=$([ "$root" = . ] && echo after || echo before)
		# The same rows, in the schema of the build that reads them.
		db=$(realpath "$OUT")/r3-m$m-$which.db
		(cd "$root" && make_db "$db" "$m" 100000 3) || { echo "scale: cannot make $db" >&2; exit 1; }
		(cd "$root" && AIGO_NOW=$NOW AIGO_DB=$db AIGO_SNAPSHOT=$db.none \
			AIGO_LOG_LEVEL=warn AIGO_INGEST_TOKENS=$db.none \
			build/render "$(label "$which")models=$m" "$REPS" 24h 30d) |
			tee -a "$OUT/regions.txt" || { echo "scale: render failed on $db" >&2; exit 1; }
		rm -f "$db" "$db-wal" "$db-shm"
	done
done
awk '$1 ~ /models=2000$/ && $1 !~ /^before:/ {
	t = $2 == "24h" ? 10000 : 20000
	printf "2,000 models x 3 regions, %s page cold: %d us (target <= %d us): %s\n", $2, $3, t, $3 <= t ? "met" : "NOT met" }' \
	"$OUT/regions.txt"
