#!/usr/bin/env python3
"""incident_oracle.py: the incidents of one single-region model from its checks, by the words of DESIGN 8 (not the program's code), and the banner's and page's texts of them.

Usage: incident_oracle.py NOW CHECKS.tsv  (lines "epoch status", sorted)
       incident_oracle.py NOW DB SLUG     (the model's checks as stored: DB a
         SQLite file or a postgresql:// URL, read by tests/oracle/dbrows.py,
         with psql for PostgreSQL; the model must have one region)

With one region and checks closer together than W, the model's status at an
instant is the status of its latest check. An incident starts at the first
instant of a run of outage/degraded that lasts at least OPEN_AFTER (180 s),
and ends at the first instant of an operational run that lasts at least
CLOSE_AFTER (600 s); a shorter operational run inside it continues it. The
checks are known only up to the newest one (the horizon). Severity: outage
in every fresh region -> critical; degraded -> minor.

Prints one line per incident: "start end_or_0 peak duration_s since_text
duration_text", where the texts are those of the English page at NOW
(times in UTC; "H h M min" / "M min" / "under 1 min", cut down).
"""
import os
import re
import sys
import time

sys.path.insert(0, os.path.join(os.path.dirname(os.path.abspath(__file__)), "..", "oracle"))
import dbrows  # noqa: E402

OPEN_AFTER, CLOSE_AFTER = 180, 600


def duration_text(s):
    if s < 60:
        return "under 1 min"
    if s >= 86400:
        return "%d d %d h" % (s // 86400, s % 86400 // 3600)
    if s >= 3600:
        return "%d h %d min" % (s // 3600, s % 3600 // 60)
    return "%d min" % (s // 60)


def time_text(t, now):
    a, b = time.gmtime(t), time.gmtime(now)
    if a[:3] == b[:3]:
        return time.strftime("%H:%M UTC", a)
    return time.strftime("%Y-%m-%d %H:%M UTC", a)


def incidents(checks):
    """[(start, end or 0, peak)] from [(t, status)] sorted by t."""
    horizon = checks[-1][0]
    # Runs of one kind (bad / ok): [kind, from, to), the last to the horizon.
    runs = []
    for i, (t, st) in enumerate(checks):
        bad = st != "operational"
        sev = {"outage": 3, "degraded": 1}.get(st, 0)
        if runs and runs[-1][0] == bad:
            runs[-1][3] = max(runs[-1][3], sev)
            continue
        if runs:
            runs[-1][2] = t
        runs.append([bad, t, horizon, sev])
    out = []
    cur = None  # [start, peak] of the incident in progress
    for bad, fr, to, sev in runs:
        if cur is None:
            if bad and to - fr >= OPEN_AFTER:
                cur = [fr, sev]
        elif bad:
            cur[1] = max(cur[1], sev)
        elif to - fr >= CLOSE_AFTER:
            out.append((cur[0], fr, cur[1]))
            cur = None
    if cur is not None:
        out.append((cur[0], 0, cur[1]))
    return out


def main():
    now = int(sys.argv[1])
    checks = []
    if len(sys.argv) == 4:
        slug = sys.argv[3]
        if not re.fullmatch(r"[a-z0-9.-]+", slug):
            sys.exit("incident_oracle.py: not a slug: %r" % slug)
        src = dbrows.Rows(sys.argv[2])
        rows = src.query("SELECT c.checked_at, c.status, c.region FROM checks c"
                         " JOIN models m ON m.id = c.model_id WHERE m.slug = '%s'" % slug, "itt")
        src.close()
        if len({r[2] for r in rows}) != 1:
            sys.exit("incident_oracle.py: %s: %d regions, one expected" % (slug, len({r[2] for r in rows})))
        checks = sorted((t, st) for t, st, _ in rows)
    else:
        with open(sys.argv[2]) as f:
            for line in f:
                t, st = line.split()
                checks.append((int(t), st))
    names = {1: "minor", 2: "major", 3: "critical"}
    for start, end, peak in incidents(checks):
        dur = (end or now) - start
        since = "since %s, %s" % (time_text(start, now), duration_text(now - start))
        print("%d\t%d\t%s\t%d\t%s\t%s" % (start, end, names[peak], dur, since if not end else "-",
                                         duration_text(dur)))


if __name__ == "__main__":
    main()
