#!/usr/bin/env python3
"""samples.py: checks the stored per-hour sample counts (samples_hourly, schema 4) against DESIGN 3.

For every model and hour, samples_hourly holds how many of the hour's
sample instants (the multiples of 300 in (hour, hour + 3600]) the model
spent operational, degraded and outage (unknown is not stored), with W
from aigo_meta 'samples_freshness'. The status at an instant is
oracle.py's (status_sweep): over the model's regions, each region's latest
check at or before t, fresh when t - checked_at < W. The table does not
depend on now, so every check counts here, future ones included.

Usage: samples.py DB   prints "samples: N model-hours, K differ" and up to
20 differing (model, hour) rows; exits 1 when any differs, 2 when the
database has no samples_hourly.
"""

import os
import sqlite3
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import oracle  # noqa: E402


def main():
    db = sys.argv[1]
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    if not con.execute("SELECT 1 FROM sqlite_master WHERE name = 'samples_hourly'").fetchone():
        print("samples: %s has no samples_hourly" % db)
        sys.exit(2)
    w = int(con.execute("SELECT value FROM aigo_meta WHERE key = 'samples_freshness'").fetchone()[0])
    lo, hi = con.execute("SELECT min(checked_at), max(checked_at) FROM checks").fetchone()
    stored = {}
    for mid, hour, o, d, out in con.execute(
            "SELECT model_id, hour, n_operational, n_degraded, n_outage FROM samples_hourly"):
        if o or d or out:
            stored[(mid, hour)] = (o, d, out)
    want = {}
    if lo is not None:
        first_hour = lo // 3600 * 3600 - 3600
        last_hour = (hi + w) // 3600 * 3600 + 3600
        instants = list(range(first_hour + 300, last_hour + 3600 + 1, 300))
        code = {s: k for k, s in enumerate(oracle.STATUSES)}
        for (mid,) in con.execute("SELECT id FROM models"):
            regions = {}
            for region, t, s in con.execute(
                    "SELECT region, checked_at, status FROM checks WHERE model_id = ?"
                    " ORDER BY checked_at", (mid,)):
                regions.setdefault(region, oracle.Series()).add(t, code[s])
            if not regions:
                continue
            statuses = oracle.status_sweep(regions, instants, w)
            for t, st in zip(instants, statuses):
                if st == oracle.UNKNOWN:
                    continue
                hour = (t - 1) // 3600 * 3600  # t in (hour, hour + 3600]
                c = want.setdefault((mid, hour), [0, 0, 0])
                c[st] += 1
    want = {k: tuple(v) for k, v in want.items()}
    keys = sorted(set(want) | set(stored))
    bad = [k for k in keys if want.get(k, (0, 0, 0)) != stored.get(k, (0, 0, 0))]
    slug = dict(con.execute("SELECT id, slug FROM models"))
    for mid, hour in bad[:20]:
        print("samples: %s hour %d: stored %s, DESIGN %s" % (
            slug[mid], hour, stored.get((mid, hour), (0, 0, 0)), want.get((mid, hour), (0, 0, 0))))
    print("samples: %d model-hours, %d differ" % (len(keys), len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
