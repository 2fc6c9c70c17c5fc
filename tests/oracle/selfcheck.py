#!/usr/bin/env python3
"""selfcheck.py: checks oracle.py's history against plain SQL run by the database's own engine (SQLite, or PostgreSQL through psql).

oracle.py sweeps each model's checks once for speed; this recomputes every
history point of its output the slow, obvious way, in SQL both engines run
as written: for each sample instant t, each active model's status at t
(each region's latest check at or before t, fresh when younger than W: the
rule of lib.sh's status_sql), counted by status; and for each bucket, each
active model's availability over [start, end) and <= now. The instants
(and the buckets) go into one query as a VALUES list, so the engine
answers every instant at once. Meant for small databases (the young one:
about 450 instants, 1-2 s; edges: 8,400 instants, minutes).

Usage: selfcheck.py DB EXPECTED   (DB: a SQLite file or a postgresql:// URL,
read through dbrows.py) prints "selfcheck: N points, M instants, K differ"
and one line per differing point; exits 1 when any differs.
"""

import json
import os
import sys
from datetime import datetime, timezone

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbrows  # noqa: E402

STATUSES = ("operational", "degraded", "outage", "unknown")
RANGES = (("1h", 300, 12), ("24h", 3600, 24), ("7d", 21600, 28), ("30d", 86400, 30))

# Each active model's status at each instant t of inst, counted: the
# numbers are formatted in (integers only).
STATUS_AT = """
WITH inst(t) AS (VALUES %(instants)s),
fresh AS (
  SELECT i.t, c.model_id, c.status FROM inst i JOIN checks c
    ON c.checked_at > i.t - %(w)d AND c.checked_at <= i.t
  WHERE c.checked_at = (SELECT max(k.checked_at) FROM checks k
                        WHERE k.model_id = c.model_id AND k.region = c.region
                          AND k.checked_at <= i.t)),
per_model AS (
  SELECT i.t, m.id,
    CASE WHEN count(f.status) = 0 THEN 'unknown'
         WHEN sum(CASE WHEN f.status = 'operational' THEN 1 ELSE 0 END) = count(f.status) THEN 'operational'
         WHEN sum(CASE WHEN f.status = 'outage' THEN 1 ELSE 0 END) = count(f.status) THEN 'outage'
         ELSE 'degraded' END AS st
  FROM inst i CROSS JOIN models m LEFT JOIN fresh f ON f.t = i.t AND f.model_id = m.id
  WHERE m.is_active = 1 GROUP BY i.t, m.id)
SELECT t, st, count(*) FROM per_model GROUP BY t, st"""

# Each active model's availability in each bucket k: [lo, hi) and <= now.
BUCKET_AVAILABILITY = """
WITH b(k, lo, hi) AS (VALUES %(buckets)s)
SELECT b.k, 100.0 * sum(CASE WHEN c.status <> 'outage' THEN 1 ELSE 0 END) / count(*)
FROM b JOIN checks c ON c.checked_at >= b.lo AND c.checked_at < b.hi AND c.checked_at <= %(now)d
  JOIN models m ON m.id = c.model_id
WHERE m.is_active = 1 GROUP BY b.k, c.model_id"""


def main():
    db, expected = sys.argv[1], sys.argv[2]
    with open(expected) as f:
        exp = json.load(f)
    now, w = exp["now"], exp["freshnessSeconds"]
    src = dbrows.Rows(db)
    first = src.value("SELECT min(checked_at) FROM checks", "i")

    # The points: (range, index, start, end, instants).
    points = []
    for name, width, n in RANGES:
        last = now // width * width
        for i in range(n):
            start = last - (n - 1 - i) * width
            end = start + width
            hi = now if i == n - 1 else end
            instants = list(range(start - start % 300 + 300, hi + 1, 300))
            if i == n - 1 and now not in instants:
                instants.append(now)
            instants = [t for t in instants if first is not None and t >= first]
            points.append((name, i, start, end, instants))

    all_instants = sorted({t for p in points for t in p[4]})
    counts = {t: [0, 0, 0, 0] for t in all_instants}
    if all_instants:
        for t, st, c in src.query(STATUS_AT % {
                "instants": ", ".join("(%d)" % t for t in all_instants), "w": w}, "iti"):
            counts[t][STATUSES.index(st)] += c
    avail = {}
    for k, st in src.query(BUCKET_AVAILABILITY % {
            "buckets": ", ".join("(%d, %d, %d)" % (k, p[2], p[3]) for k, p in enumerate(points)),
            "now": now}, "if"):
        avail.setdefault(k, []).append(st)
    src.close()

    bad = 0
    for k, (name, i, start, end, instants) in enumerate(points):
        want = {s: None for s in STATUSES}
        if instants:
            sums = [0, 0, 0, 0]
            for t in instants:
                for j, c in enumerate(counts[t]):
                    sums[j] += c
            want = {s: sums[j] / len(instants) for j, s in enumerate(STATUSES)}
        rows = avail.get(k, [])
        want["availability"] = sum(rows) / len(rows) if rows else None
        p = exp["history"][name]["points"][i]
        ok = p["timestamp"] == datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
        for key, v in want.items():
            g = p[key]
            tol = 0.0051 if key == "availability" else 1e-5
            if (g is None) != (v is None) or (v is not None and abs(g - v) > tol):
                ok = False
        if not ok:
            bad += 1
            print("selfcheck: %s point %d: oracle %s, SQL %s" % (name, i, p, want))
    print("selfcheck: %d points, %d instants, %d differ" % (len(points), len(all_instants), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
