#!/usr/bin/env python3
"""selfcheck.py: checks oracle.py's history against plain SQL, one query per sample instant.

oracle.py sweeps each model's checks once for speed; this recomputes every
history point of its output the slow, obvious way: for each sample
instant t, one SQL query gives each active model's status at t (each
region's latest check at or before t, fresh when younger than W: the rule
of lib.sh's status_sql), and each bucket's availability is one GROUP BY
over [start, end) and <= now. Meant for small databases (the young one:
about 450 instants, 1-2 s; edges: 8,400 instants, minutes).

Usage: selfcheck.py DB EXPECTED   prints "selfcheck: N points, M instants, K differ"
and one line per differing point; exits 1 when any differs.
"""

import json
import sqlite3
import sys
from datetime import datetime, timezone

STATUSES = ("operational", "degraded", "outage", "unknown")
RANGES = (("1h", 300, 12), ("24h", 3600, 24), ("7d", 21600, 28), ("30d", 86400, 30))

STATUS_AT = """
WITH fresh AS (
  SELECT c.model_id, c.status FROM checks c
  WHERE c.checked_at > :t - :w AND c.checked_at <= :t
    AND c.checked_at = (SELECT max(k.checked_at) FROM checks k
                        WHERE k.model_id = c.model_id AND k.region = c.region
                          AND k.checked_at <= :t)),
per_model AS (
  SELECT m.id,
    CASE WHEN count(f.status) = 0 THEN 'unknown'
         WHEN sum(f.status = 'operational') = count(f.status) THEN 'operational'
         WHEN sum(f.status = 'outage') = count(f.status) THEN 'outage'
         ELSE 'degraded' END AS st
  FROM models m LEFT JOIN fresh f ON f.model_id = m.id
  WHERE m.is_active GROUP BY m.id)
SELECT st, count(*) FROM per_model GROUP BY st"""

BUCKET_AVAILABILITY = """
SELECT 100.0 * sum(c.status <> 'outage') / count(*) FROM checks c JOIN models m ON m.id = c.model_id
WHERE m.is_active AND c.checked_at >= ? AND c.checked_at < ? AND c.checked_at <= ?
GROUP BY c.model_id"""


def main():
    db, expected = sys.argv[1], sys.argv[2]
    with open(expected) as f:
        exp = json.load(f)
    now, w = exp["now"], exp["freshnessSeconds"]
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    first = con.execute("SELECT min(checked_at) FROM checks").fetchone()[0]
    cache = {}

    def counts(t):
        if t not in cache:
            d = dict(con.execute(STATUS_AT, {"t": t, "w": w}).fetchall())
            cache[t] = [d.get(s, 0) for s in STATUSES]
        return cache[t]

    points = bad = 0
    for name, width, n in RANGES:
        last = now // width * width
        got = exp["history"][name]["points"]
        for i in range(n):
            start = last - (n - 1 - i) * width
            end = start + width
            hi = now if i == n - 1 else end
            instants = list(range(start - start % 300 + 300, hi + 1, 300))
            if i == n - 1 and now not in instants:
                instants.append(now)
            instants = [t for t in instants if first is not None and t >= first]
            want = {s: None for s in STATUSES}
            if instants:
                sums = [0, 0, 0, 0]
                for t in instants:
                    for k, c in enumerate(counts(t)):
                        sums[k] += c
                want = {s: sums[k] / len(instants) for k, s in enumerate(STATUSES)}
            rows = con.execute(BUCKET_AVAILABILITY, (start, end, now)).fetchall()
            want["availability"] = sum(r[0] for r in rows) / len(rows) if rows else None
            p = got[i]
            ok = p["timestamp"] == datetime.fromtimestamp(start, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
            for k, v in want.items():
                g = p[k]
                tol = 0.0051 if k == "availability" else 1e-5
                if (g is None) != (v is None) or (v is not None and abs(g - v) > tol):
                    ok = False
            points += 1
            if not ok:
                bad += 1
                print("selfcheck: %s point %d: oracle %s, SQL %s" % (name, i, p, want))
    print("selfcheck: %d points, %d instants, %d differ" % (points, len(cache), bad))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
