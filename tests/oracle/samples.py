#!/usr/bin/env python3
"""samples.py: checks the stored per-model rollups (model_rollups, schema 4) against DESIGN 3.

For every model and hour (width 3600) or quarter day (width 21600) from
start, model_rollups holds the model's checks by status in [start, start +
width) and how many of the sample instants (the multiples of 300) in
(start, start + width] the model spent operational, degraded and outage
(unknown is not stored), with W from aigo_meta 'samples_freshness'. The
status at an instant is oracle.py's (status_sweep): over the model's
regions, each region's latest check at or before t, fresh when t -
checked_at < W. The table does not depend on now, so every check counts
here, future ones included.

Usage: samples.py DB   (a SQLite file or a postgresql:// URL, dbrows.py) prints "samples: N rows, K differ" and up to 20
differing rows; exits 1 when any differs, 2 when the database has no
model_rollups.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbrows  # noqa: E402
import oracle  # noqa: E402


WIDTHS = (3600, 21600)


def main():
    db = sys.argv[1]
    src = dbrows.Rows(db)
    if not src.columns("model_rollups"):
        print("samples: %s has no model_rollups" % ("the database" if dbrows.is_url(db) else db))
        sys.exit(2)
    w = int(src.value("SELECT value FROM aigo_meta WHERE key = 'samples_freshness'", "t"))
    lo, hi = src.query("SELECT min(checked_at), max(checked_at) FROM checks", "ii")[0]
    stored = {}
    for row in src.query(
            "SELECT model_id, width, start, n_operational, n_degraded, n_outage,"
            " s_operational, s_degraded, s_outage FROM model_rollups", "iiiiiiiii"):
        if any(row[3:]):
            stored[row[:3]] = tuple(row[3:])
    slug = dict(src.query("SELECT id, slug FROM models", "it"))
    checks_of = {}
    for mid, region, t, s in src.query("SELECT model_id, region, checked_at, status FROM checks", "itit"):
        checks_of.setdefault(mid, []).append((t, region, s))
    src.close()
    want = {}
    if lo is not None:
        first = lo // 21600 * 21600 - 21600
        last = (hi + w) // 21600 * 21600 + 21600
        instants = list(range(first + 300, last + 1, 300))
        code = {s: k for k, s in enumerate(oracle.STATUSES)}
        for mid in sorted(slug):
            regions = {}
            for t, region, s in sorted(checks_of.get(mid, [])):
                regions.setdefault(region, oracle.Series()).add(t, code[s])
                for width in WIDTHS:  # the check counts
                    c = want.setdefault((mid, width, t // width * width), [0] * 6)
                    c[code[s]] += 1
            if not regions:
                continue
            statuses = oracle.status_sweep(regions, instants, w)
            for t, st in zip(instants, statuses):
                if st == oracle.UNKNOWN:
                    continue
                for width in WIDTHS:  # t in (start, start + width]
                    c = want.setdefault((mid, width, (t - 1) // width * width), [0] * 6)
                    c[3 + st] += 1
    want = {k: tuple(v) for k, v in want.items()}
    keys = sorted(set(want) | set(stored))
    zero = (0,) * 6
    bad = [k for k in keys if want.get(k, zero) != stored.get(k, zero)]
    for mid, width, start in bad[:20]:
        print("samples: %s width %d start %d: stored %s, DESIGN %s" % (
            slug[mid], width, start, stored.get((mid, width, start), zero),
            want.get((mid, width, start), zero)))
    print("samples: %d rows, %d differ" % (len(keys), len(bad)))
    sys.exit(1 if bad else 0)


if __name__ == "__main__":
    main()
