#!/usr/bin/env python3
"""oracle.py: the numbers of DESIGN section 3, computed from the database alone (a SQLite file, or PostgreSQL through psql).

An independent computation for issue 13: it reads the tables `models`,
`providers` (names, for the table's order), `endpoints` and `checks` of an AI-GO database (never the rollups or
`current_status`, never the product's code) and prints one JSON document
with, for a fixed now and freshness window W:

* every model's availability over the rolling windows 24h, 7d, 30d,
  (now - w, now], overall and per region, as the JSON shows it (two
  decimals) and as the page shows it (one decimal, "n/a");
* every model's status now, each region's latest check and whether it is
  fresh, and the headline (totals, counts by status, avgAvailability);
* every model's recent checks (its newest 50 at or before now), with what
  their probe measured (kind, error kind, time to first token, timings),
  and each region's latest probe kind and error kind (issue 17);
* the history points of the four ranges (means over sample instants), for
  all active models and per model, ending with the point for now.

Usage: oracle.py DB --now UNIX_SECONDS [--freshness SECONDS] > expected.json
  DB: a SQLite file, or a postgresql:// URL (issue 21): the same rows are
  read with psql (dbrows.py) and every computation after reading is the
  same code, so the two backends' answers are held to one definition.

The words it follows (DESIGN 3, issue 13):
* Now bounds every view: a check later than now counts nowhere.
* A region's latest check at or before t is fresh at t when t - checked_at < W.
* Status at t over the regions fresh at t: all operational -> operational,
  all outage -> outage, any other mix -> degraded, none -> unknown.
* Availability = (operational + degraded) / all x 100, null without checks.
* Shown percentages: rounded half up to the shown precision, except that a
  value below 100 never shows as 100 (99.99 / 99.9) and a value above 0
  never as 0 (0.01 / 0.1).
* History: buckets aligned to multiples of their width, the last one holding
  now; sample instants are the multiples of 300 in (start, end], for the
  last bucket those <= now plus now itself, none before the database's first
  check. Status values are means over the sample instants of the number of
  active models in each status; availability is check-based over
  [start, end) and <= now (mean over active models with a check there).

Everything is exact (integers and fractions) until it is printed.
"""

import argparse
import bisect
import json
import os
import sys
import time
from datetime import datetime, timezone
from fractions import Fraction

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbrows  # noqa: E402

STATUSES = ("operational", "degraded", "outage")
OPERATIONAL, DEGRADED, OUTAGE, UNKNOWN = 0, 1, 2, 3
STATUS_NAMES = ("operational", "degraded", "outage", "unknown")
WINDOWS = (("24h", 86400), ("7d", 7 * 86400), ("30d", 30 * 86400))
# range name, bucket width, bucket count
RANGES = (("1h", 300, 12), ("24h", 3600, 24), ("7d", 6 * 3600, 28), ("30d", 86400, 30))
SAMPLE_STEP = 300
RECENT = 50


def iso(t):
    """RFC 3339 UTC with seconds, as the product prints times."""
    return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")


def shown_units(pct, decimals):
    """pct (a Fraction in [0, 100]) in units of 10^-decimals, as shown:
    rounded half up, never 100 below 100, never 0 above 0."""
    scale = 10 ** decimals
    units = (pct * scale + Fraction(1, 2)).__floor__()
    if units == 100 * scale and pct < 100:
        units -= 1
    if units == 0 and pct > 0:
        units = 1
    return units


def shown_json(pct):
    """The JSON form: a number with at most two decimals, or None."""
    if pct is None:
        return None
    u = shown_units(pct, 2)
    return u // 100 if u % 100 == 0 else u / 100


def shown_page(pct):
    """The page form: one decimal and a percent sign, or "n/a"."""
    if pct is None:
        return "n/a"
    u = shown_units(pct, 1)
    return "%d.%d%%" % (u // 10, u % 10)


def availability(avail, total):
    """Exact percentage, None without checks."""
    return None if total == 0 else Fraction(100 * avail, total)


def combine(statuses):
    """Status of a model from the statuses of its fresh regions."""
    if not statuses:
        return UNKNOWN
    if all(s == OPERATIONAL for s in statuses):
        return OPERATIONAL
    if all(s == OUTAGE for s in statuses):
        return OUTAGE
    return DEGRADED


class Series:
    """One region's (or one model's) checks at or before now, sorted by time:
    times, statuses and a prefix count of available checks."""

    def __init__(self):
        self.times = []
        self.status = []
        self.prefix = [0]

    def add(self, t, s):
        self.times.append(t)
        self.status.append(s)
        self.prefix.append(self.prefix[-1] + (s != OUTAGE))

    def counts(self, lo, hi, lo_open, hi_open):
        """(available, total) of the checks with time in the interval
        lo..hi; lo_open/hi_open say whether each end is excluded."""
        a = (bisect.bisect_right if lo_open else bisect.bisect_left)(self.times, lo)
        b = (bisect.bisect_left if hi_open else bisect.bisect_right)(self.times, hi)
        if b <= a:
            return 0, 0
        return self.prefix[b] - self.prefix[a], b - a

    def window(self, now, seconds):
        """(available, total) over (now - seconds, now]."""
        return self.counts(now - seconds, now, True, False)


def buckets(now, width, count):
    """The starts of the range's buckets, oldest first; the last holds now."""
    last = now // width * width
    return [last - (count - 1 - i) * width for i in range(count)]


def sample_instants(start, width, now, first_check, is_last):
    """The bucket's sample instants (sorted): multiples of 300 in
    (start, start + width], for the last bucket those <= now and now
    itself; none before the database's first check."""
    end = start + width
    hi = min(end, now) if is_last else end
    t = (start // SAMPLE_STEP + 1) * SAMPLE_STEP
    out = []
    while t <= hi:
        out.append(t)
        t += SAMPLE_STEP
    if is_last and (not out or out[-1] != now):
        out.append(now)
    if first_check is None:
        return []
    return [t for t in out if t >= first_check]


def status_sweep(regions, instants, freshness):
    """Status of a model at each instant (instants sorted ascending), by one
    pass per region over its sorted checks."""
    per_region = []
    for series in regions.values():
        times, statuses = series.times, series.status
        n = len(times)
        i = -1
        col = []
        for t in instants:
            while i + 1 < n and times[i + 1] <= t:
                i += 1
            if i >= 0 and t - times[i] < freshness:
                col.append(statuses[i])
            else:
                col.append(None)
        per_region.append(col)
    out = []
    for k in range(len(instants)):
        out.append(combine([col[k] for col in per_region if col[k] is not None]))
    return out


def fmt_mean(frac):
    return None if frac is None else round(float(frac), 6)


def compute(db, now, freshness):
    src = dbrows.Rows(db)
    # What a probe measured (schema 5); NULL (not measured) in older files.
    columns = set(src.columns("checks"))
    probe = ("probe_kind", "error_kind", "dns_ms", "connect_ms", "tls_ms",
             "first_byte_ms", "ttft_ms")
    probe_cols = ", ".join(c if c in columns else "NULL" for c in probe)

    models = sorted(src.query("SELECT id, slug, is_active FROM models", "iti"),
                    key=lambda r: r[1])
    # What the models table sorts by: the model's name and its provider's.
    names = {mid: (name, pname, pslug) for mid, name, pname, pslug in src.query(
        "SELECT m.id, m.name, p.name, p.slug FROM models m JOIN providers p ON p.id = m.provider_id",
        "ittt")}
    endpoint_regions = {}
    for mid, region in src.query("SELECT model_id, region FROM endpoints", "it"):
        endpoint_regions.setdefault(mid, set()).add(region)
    # The database's first check: instants before it are "no data yet".
    # (A check later than now is never the first one that counts: any check
    # at or before now is earlier, and if there is none, no instant <= now
    # is at or after a later one.)
    first_check = src.value("SELECT min(checked_at) FROM checks", "i")
    # Every check at or before now, by model, oldest first (a model has one
    # check per region and second: the region orders checks of one second).
    checks_of = {}
    for row in src.query(
            "SELECT model_id, checked_at, region, status, latency_ms, http_status, error, " +
            probe_cols + " FROM checks WHERE checked_at <= %d" % now, "iittiit" + "tt" + "iiiii"):
        checks_of.setdefault(row[0], []).append(row[1:])
    src.close()
    for rows in checks_of.values():
        rows.sort(key=lambda r: (r[0], r[1]))

    # Every sample instant of every range, and now: one sorted list, so each
    # model's statuses are found in one sweep over its checks.
    ranges = {}
    all_instants = {now}
    for name, width, count in RANGES:
        starts = buckets(now, width, count)
        samples = [sample_instants(s, width, now, first_check, i == count - 1)
                   for i, s in enumerate(starts)]
        ranges[name] = (width, starts, samples)
        for ss in samples:
            all_instants.update(ss)
    instants = sorted(all_instants)
    index_of = {t: k for k, t in enumerate(instants)}

    status_code = {name: k for k, name in enumerate(STATUSES)}
    out_models = {}
    # Per range and bucket: summed counts by status over active models at
    # each instant (as lists per instant), and the availabilities of active
    # models with checks in the bucket.
    active_status_at = [[0, 0, 0, 0] for _ in instants]
    bucket_avail = {name: [[] for _ in r[1]] for name, r in ranges.items()}
    headline_avail = []
    n_active = 0
    counts_now = [0, 0, 0, 0]

    for mid, slug, is_active in models:
        regions = {}
        whole = Series()
        rows = checks_of.get(mid, [])
        # Each region's latest check at or before now also says its probe
        # kind and error kind (NULL: not said).
        latest_kinds = {}
        for t, region, s, _, _, _, pk, ek, *_ in rows:
            latest_kinds[region] = (pk, ek)
            code = status_code[s]
            regions.setdefault(region, Series()).add(t, code)
            whole.add(t, code)
        # The newest RECENT: checked_at descending, then region ascending.
        recent = sorted(rows, key=lambda r: (-r[0], r[1]))[:RECENT]
        statuses = status_sweep(regions, instants, freshness)
        status_now = statuses[index_of[now]]

        m = {
            "name": names[mid][0],
            "provider": names[mid][1],
            "providerSlug": names[mid][2],
            "isActive": bool(is_active),
            "status": STATUS_NAMES[status_now],
            "lastCheckedAt": iso(whole.times[-1]) if whole.times else None,
            "availability": {},
            "availabilityPage": {},
            "availabilityCounts": {},
            "regions": {},
            "checks": [{"checkedAt": iso(t), "region": r, "status": s,
                        "latencyMs": lat, "httpStatus": hs, "error": err,
                        "probeKind": pk, "errorKind": ek, "ttftMs": ttft,
                        "timings": {"dnsMs": dns, "connectMs": conn, "tlsMs": tls,
                                    "firstByteMs": fb}}
                       for t, r, s, lat, hs, err, pk, ek, dns, conn, tls, fb, ttft in recent],
            "history": {},
        }
        for wname, seconds in WINDOWS:
            a, n = whole.window(now, seconds)
            pct = availability(a, n)
            m["availability"][wname] = shown_json(pct)
            m["availabilityPage"][wname] = shown_page(pct)
            m["availabilityCounts"][wname] = [a, n]
        for region in sorted(set(regions) | endpoint_regions.get(mid, set())):
            series = regions.get(region, Series())
            r = {"checkedAt": None, "status": "unknown", "fresh": False,
                 "probeKind": latest_kinds.get(region, (None, None))[0],
                 "errorKind": latest_kinds.get(region, (None, None))[1],
                 "availability": {}, "availabilityPage": {}, "availabilityCounts": {}}
            if series.times:
                last = series.times[-1]
                r["checkedAt"] = iso(last)
                r["fresh"] = now - last < freshness
                if r["fresh"]:
                    r["status"] = STATUSES[series.status[-1]]
            for wname, seconds in WINDOWS:
                a, n = series.window(now, seconds)
                pct = availability(a, n)
                r["availability"][wname] = shown_json(pct)
                r["availabilityPage"][wname] = shown_page(pct)
                r["availabilityCounts"][wname] = [a, n]
            m["regions"][region] = r

        if is_active:
            n_active += 1
            counts_now[status_now] += 1
            a, n = whole.window(now, 86400)
            if n:
                headline_avail.append(Fraction(100 * a, n))
            for k, st in enumerate(statuses):
                active_status_at[k][st] += 1

        for name, (width, starts, samples) in ranges.items():
            points = []
            for b, start in enumerate(starts):
                ss = samples[b]
                share = None
                if ss:
                    c = [0, 0, 0, 0]
                    for t in ss:
                        c[statuses[index_of[t]]] += 1
                    share = [Fraction(x, len(ss)) for x in c]
                # Check-based availability over [start, end), at or before now.
                a, n = whole.counts(start, min(start + width, now + 1), False, True)
                pct = availability(a, n)
                if is_active and pct is not None:
                    bucket_avail[name][b].append(pct)
                point = {"timestamp": iso(start), "samples": len(ss)}
                for k, st in enumerate(STATUS_NAMES):
                    point[st] = None if share is None else fmt_mean(share[k])
                point["availability"] = shown_json(pct)
                point["checks"] = n
                points.append(point)
            m["history"][name] = points
        out_models[slug] = m

    avg = None
    if headline_avail:
        avg = sum(headline_avail, Fraction(0)) / len(headline_avail)
    headline = {
        "totalModels": len(models),
        "activeModels": n_active,
        "operationalModels": counts_now[OPERATIONAL],
        "degradedModels": counts_now[DEGRADED],
        "outageModels": counts_now[OUTAGE],
        "unknownModels": counts_now[UNKNOWN],
        "avgAvailability": shown_json(avg),
        "avgAvailabilityPage": shown_page(avg),
    }

    history = {}
    for name, (width, starts, samples) in ranges.items():
        points = []
        for b, start in enumerate(starts):
            ss = samples[b]
            point = {"timestamp": iso(start), "isNow": False, "samples": len(ss)}
            for k, st in enumerate(STATUS_NAMES):
                if ss:
                    point[st] = fmt_mean(Fraction(
                        sum(active_status_at[index_of[t]][k] for t in ss), len(ss)))
                else:
                    point[st] = None
            pcts = bucket_avail[name][b]
            point["availability"] = (
                shown_json(sum(pcts, Fraction(0)) / len(pcts)) if pcts else None)
            points.append(point)
        points.append({
            "timestamp": iso(now), "isNow": True, "samples": 1,
            "operational": headline["operationalModels"],
            "degraded": headline["degradedModels"],
            "outage": headline["outageModels"],
            "unknown": headline["unknownModels"],
            "availability": headline["avgAvailability"],
        })
        history[name] = {"bucketSeconds": width, "points": points}

    return {
        "now": now,
        "nowIso": iso(now),
        "freshnessSeconds": freshness,
        "firstCheckAt": iso(first_check) if first_check is not None else None,
        "headline": headline,
        "history": history,
        "models": out_models,
    }


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("db", help="the SQLite database file (opened read-only) or a postgresql:// URL (read with psql)")
    ap.add_argument("--now", type=int, required=True, help="now, in unix seconds")
    ap.add_argument("--freshness", type=int, default=1800, help="W in seconds (1800)")
    args = ap.parse_args()
    started = time.monotonic()
    doc = compute(args.db, args.now, args.freshness)
    # One write (json.dump to the stream wrote each of its ~750,000 pieces).
    sys.stdout.write(json.dumps(doc, indent=1, sort_keys=False) + "\n")
    print("oracle: %d models in %.1f s" % (len(doc["models"]), time.monotonic() - started),
          file=sys.stderr)


if __name__ == "__main__":
    main()
