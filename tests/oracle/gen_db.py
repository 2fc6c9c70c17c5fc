#!/usr/bin/env python3
"""gen_db.py: builds the generated databases the oracle is compared on (issue 13).

Each database is made by the product's own write path: `aigo db init`
(schema and catalog), then several `aigo import FILE.csv` runs with
AIGO_NOW fixed, so the rollups and current statuses are whatever the
product keeps for those checks. Nothing is written with sqlite3.

Usage: gen_db.py OUTDIR [NAME ...]
       (AIGO_ROOT names the checkout, default: this file's ../..;
        the program is AIGO_ROOT/cgi-bin/aigo)

For each NAME (default: all) it writes OUTDIR/NAME.db and OUTDIR/NAME.json,
a manifest: {"name", "db", "now", "seed", "checks", "runs", "detail": [slugs
worth a detailed look], "notes": {slug: what it exercises}}.

The databases (every choice comes from random.Random(seed), so a seed gives
the same file every time):

edges    seed 1301, now 1795839634 (2026-11-28T04:20:34Z, off every boundary).
         Rounding edges: one outage in 2,880 checks in 24 h (99.97 / 99.9 %),
         one success in 2,880 (0.03 / 0.1 %), one outage in 21,600 in 30 d
         (99.99 / 99.9 %), one success in 21,600 (0.01 / 0.1 %), exactly
         99.95 % (1 in 2,000), ties (98.25 % at one decimal, 96.875 % at
         two; 98.35 % and 99.975 %, whose nearest doubles lie below them). Window edges: checks at exactly now - 24 h / 7 d / 30 d and one
         second later, and at now. Checks 1-300 s in the future (a model whose
         only checks are in the future). Freshness edges (latest check exactly
         W old, W - 1 old; checks every 1,800 / 1,801 s). Checks on hour and
         5-minute boundaries and one second off them. Multi-region models with
         every mix (one region out, one stale, all stale, a future check in one
         region, one region only in the future, regions checked at the same
         second). A gap longer than W. An inactive model with checks.
         Three import runs: 90 % of the checks older than now - 2 h; then the
         newer and the future ones; then, shuffled, the withheld 10 % (late,
         out of order) with a replay of 120 already stored checks.

irregular seed 1302, now 1796012345 (2026-11-30T04:19:05Z).
         20 models (every multi-region one), 31 days of checks at irregular
         intervals (per endpoint its own pace: 1 to 20 min in the last 7 days,
         4 times sparser before), model-wide and
         region-only incidents (outage, slow, rate limited), random single
         failures, gaps of 35 min to 5 h. Four import runs, each a random
         quarter of the whole month in time order, so every run after the
         first brings checks older than ones already stored; then a fifth
         of 2,000 checks in random order.

young    seed 1303, now 1796169600 (2026-12-02T00:00:00Z, on a day boundary,
         so the last bucket of every range starts at now).
         The database's first check is at now - 36 h + 17 s: the 7d and 30d
         ranges are mostly "no data yet". Models checked every 6 h (mostly unknown), every minute, only
         in the last hour, only in the future, only before the first bucket of
         1h; checks at exactly now and now + 1 .. now + 300. Imported newest
         day first, then the older day (reverse order).
"""

import csv
import json
import os
import random
import subprocess
import sys
import time
from datetime import datetime, timezone

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.environ.get("AIGO_ROOT") or os.path.normpath(os.path.join(HERE, "..", ".."))
AIGO = os.path.join(ROOT, "cgi-bin", "aigo")

H = 3600
D = 86400
W = 1800


def rfc3339(t, offset_minutes=0):
    """t as RFC 3339; with an offset, in that zone (the import accepts both)."""
    if offset_minutes == 0:
        return datetime.fromtimestamp(t, timezone.utc).strftime("%Y-%m-%dT%H:%M:%SZ")
    local = datetime.fromtimestamp(t + offset_minutes * 60, timezone.utc)
    sign = "+" if offset_minutes > 0 else "-"
    m = abs(offset_minutes)
    return local.strftime("%Y-%m-%dT%H:%M:%S") + "%s%02d:%02d" % (sign, m // 60, m % 60)


def catalog():
    """{slug: (is_active, [regions])} from db/catalog.json."""
    with open(os.path.join(ROOT, "db", "catalog.json")) as f:
        cat = json.load(f)
    out = {}
    for p in cat["providers"]:
        for m in p["models"]:
            out[m["slug"]] = (m["isActive"], [e.get("region", "global") for e in m["endpoints"]])
    return out


class Checks:
    """The checks of one database: {(slug, region, t): (status, latency, http, error)}."""

    def __init__(self, cat, rng):
        self.cat = cat
        self.rng = rng
        self.rows = {}
        self.notes = {}

    def region(self, slug, region=None):
        if slug not in self.cat:
            raise SystemExit("gen_db: %s is not in the catalog" % slug)
        regions = self.cat[slug][1]
        region = region or regions[0]
        if region not in regions:
            raise SystemExit("gen_db: %s has no region %s" % (slug, region))
        return region

    def add(self, slug, t, status, region=None):
        region = self.region(slug, region)
        rng = self.rng
        if status == "operational":
            lat, http, err = rng.randint(80, 1500), 200, None
        elif status == "degraded":
            if rng.random() < 0.3:
                lat, http, err = rng.randint(100, 900), 429, "429 Too Many Requests"
            else:
                lat, http, err = rng.randint(5001, 20000), 200, None
        else:
            if rng.random() < 0.5:
                lat, http, err = None, None, "timeout after 30000 ms"
            else:
                lat, http, err = rng.randint(50, 400), rng.choice((500, 502, 503)), "%d from upstream, \"quoted\"" % 503
        self.rows[(slug, region, int(t))] = (status, lat, http, err)

    def note(self, slug, text):
        self.notes[slug] = (self.notes.get(slug, "") + "; " + text).lstrip("; ")

    def every(self, slug, start, end, step, status_at, region=None):
        """A check every step seconds in [start, end]; status_at(t, k) gives
        its status (None: no check)."""
        t, k = start, 0
        while t <= end:
            s = status_at(t, k)
            if s:
                self.add(slug, t, s, region)
            t += step
            k += 1

    def irregular(self, slug, start, end, lo, hi, status_at, region=None):
        """Checks at irregular times: gaps drawn uniformly from [lo, hi]."""
        t = start + self.rng.randint(0, hi)
        while t <= end:
            s = status_at(t)
            if s:
                self.add(slug, t, s, region)
            t += self.rng.randint(lo, hi)


def run(cmd, env):
    p = subprocess.run(cmd, env=env, capture_output=True, text=True)
    if p.returncode != 0:
        sys.stderr.write("gen_db: %s failed:\n%s%s" % (" ".join(cmd), p.stdout, p.stderr))
        raise SystemExit(1)
    return p.stdout + p.stderr


def write_db(outdir, name, seed, now, checks, runs):
    """Creates OUTDIR/NAME.db with `aigo db init` and imports each run (a
    list of check keys) as its own CSV file, in order. Returns the manifest."""
    db = os.path.join(outdir, name + ".db")
    for suffix in ("", "-wal", "-shm"):
        if os.path.exists(db + suffix):
            os.remove(db + suffix)
    env = {k: v for k, v in os.environ.items() if not k.startswith("AIGO_")}
    env.update(AIGO_ROOT=ROOT, AIGO_DB=db, AIGO_NOW=str(now), AIGO_LOG_LEVEL="warn",
               AIGO_SNAPSHOT=os.path.join(outdir, name + "-fallback.json"))
    run([AIGO, "db", "init"], env)
    rng = random.Random(seed * 7919)
    logs = []
    for i, keys in enumerate(runs):
        path = os.path.join(outdir, "%s-run%d.csv" % (name, i + 1))
        with open(path, "w", newline="") as f:
            w = csv.writer(f, lineterminator="\n")
            w.writerow(["model", "region", "checkedAt", "status", "latencyMs", "httpStatus", "error"])
            for key in keys:
                slug, region, t = key
                status, lat, http, err = checks.rows[key]
                # A few times with a zone offset: the same instant.
                offset = rng.choice((0, 0, 0, 0, 0, 0, 0, 540, -300))
                w.writerow([slug, region, rfc3339(t, offset), status,
                            "" if lat is None else lat, "" if http is None else http,
                            "" if err is None else err])
        logs.append(run([AIGO, "import", path], env).strip())
    return {
        "name": name, "db": db, "now": now, "seed": seed, "freshness": W,
        "checks": len(checks.rows), "runs": logs,
        "detail": sorted(checks.notes), "notes": checks.notes,
    }


# ---- edges ---------------------------------------------------------------
def gen_edges(cat, seed):
    now = 1795839634
    rng = random.Random(seed)
    c = Checks(cat, rng)
    op = lambda *_: "operational"

    # 2,880 checks in (now - 24 h, now], one outage: 99.965 -> 99.97 / 99.9 %.
    c.every("gpt-4o", now - 86370, now, 30, lambda t, k: "outage" if k == 1234 else "operational")
    c.add("gpt-4o", now - 86400, "operational")
    c.note("gpt-4o", "2,880 checks in 24 h, one outage (99.97 / 99.9 %); one check at exactly now - 24 h")
    # 2,880 checks, one success: 0.035 -> 0.03 / 0.1 %.
    c.every("gpt-4o-mini", now - 86393, now - 7, 30, lambda t, k: "operational" if k == 2000 else "outage")
    c.note("gpt-4o-mini", "2,880 checks in 24 h, one success (0.03 / 0.1 %)")
    # 21,600 checks in 30 d, one outage 20 days ago: 99.995 -> 99.99 / 99.9 %.
    c.every("claude-sonnet-4-5", now - 30 * D + 107, now, 120,
            lambda t, k: "outage" if k == 7000 else "operational")
    c.note("claude-sonnet-4-5", "21,600 checks in 30 d, one outage (99.99 / 99.9 %)")
    # 21,600 checks in 30 d, one success: 0.0046 -> 0.01 / 0.1 %.
    c.every("claude-opus-4-1", now - 30 * D + 113, now, 120,
            lambda t, k: "operational" if k == 9000 else "outage")
    c.note("claude-opus-4-1", "21,600 checks in 30 d, one success (0.01 / 0.1 %)")
    # Exactly 99.95 %: one outage in 2,000 irregular checks in 24 h.
    times = sorted(rng.sample(range(now - 86399, now + 1), 2000))
    bad = times[rng.randrange(2000)]
    for t in times:
        c.add("gemini-2-5-flash-lite", t, "outage" if t == bad else "operational")
    c.note("gemini-2-5-flash-lite", "one outage in 2,000 checks: exactly 99.95 %")
    # Ties: 24 h 7 outages in 400 = 98.25 % (one decimal: a tie); 7 d
    # 25 outages in 800 = 96.875 % (two decimals: a tie).
    times = sorted(rng.sample(range(now - 86399, now - 600), 400))
    bad = set(rng.sample(times, 7))
    for t in times:
        c.add("o3", t, "outage" if t in bad else "degraded" if t % 5 == 0 else "operational")
    times = sorted(rng.sample(range(now - 7 * D + 1, now - 86400), 400))
    bad = set(rng.sample(times, 18))
    for t in times:
        c.add("o3", t, "outage" if t in bad else "operational")
    c.note("o3", "ties: 98.25 % in 24 h (one decimal), 96.875 % in 7 d (two decimals)")
    # Ties that binary floating point misses: 98.35 % (33 outages in 2,000)
    # shows as 98.4 %, 99.975 % (one outage in 4,000) as 99.98, rounding
    # half up or half to even alike; the nearest doubles lie below them.
    for slug, n, outages in (("o1", 2000, 33), ("o3-mini", 4000, 1)):
        times = sorted(rng.sample(range(now - 86399, now - 30), n))
        bad = set(rng.sample(times, outages))
        for t in times:
            c.add(slug, t, "outage" if t in bad else "operational")
    c.note("o1", "33 outages in 2,000 checks: 98.35 % (98.4 % on the page)")
    c.note("o3-mini", "one outage in 4,000 checks: 99.975 % (99.98 in the JSON)")
    # Window edges.
    for t, s in ((now - 30 * D, "outage"), (now - 30 * D + 1, "operational"),
                 (now - 7 * D, "outage"), (now - 7 * D + 1, "operational"),
                 (now - D, "outage"), (now - D + 1, "operational"), (now, "operational")):
        c.add("mistral-large", t, s)
    c.note("mistral-large", "checks at exactly now - 30 d, - 7 d, - 24 h (outage) and a second later, and at now")
    # Future checks: counted nowhere.
    c.every("deepseek-chat", now - 2 * D + 11, now - 100, 300, op)
    for dt in (1, 120, 300):
        c.add("deepseek-chat", now + dt, "outage")
    c.note("deepseek-chat", "operational, then outages at now + 1, + 120, + 300 s")
    c.add("deepseek-reasoner", now + 60, "outage")
    c.add("deepseek-reasoner", now + 300, "degraded")
    c.note("deepseek-reasoner", "only checks in the future: unknown, no availability, no recent checks")
    # Freshness edges.
    c.every("command-a", now - D, now - W, 600, op)
    c.note("command-a", "latest check exactly W old: unknown")
    c.every("command-r", now - D + 1, now - W + 1, 600, lambda t, k: "outage")
    c.note("command-r", "latest check W - 1 old: outage")
    c.every("grok-3-mini", (now - 3 * D) // 1800 * 1800, now, 1800,
            lambda t, k: "degraded" if k % 7 == 3 else "operational")
    c.note("grok-3-mini", "a check every 1,800 s on the half hours: fresh at every instant")
    c.every("grok-code-fast-1", now - 3 * D, now, 1801, lambda t, k: "outage" if k % 11 == 0 else "operational")
    c.note("grok-code-fast-1", "a check every 1,801 s: unknown one second in each gap")
    # Boundaries: on every 5 minutes (and hours), and one second off them.
    c.every("grok-4", (now - 2 * D) // 3600 * 3600, now, 300,
            lambda t, k: "outage" if t % 3600 == 0 else "degraded" if k % 13 == 0 else "operational")
    c.note("grok-4", "checks on every 5-minute boundary for 2 days, outage on the hours")
    c.every("grok-3", (now - 2 * D) // 3600 * 3600 - 1, now, 300,
            lambda t, k: "outage" if (t + 1) % 3600 == 0 else "operational")
    c.every("grok-3", (now - 2 * D) // 3600 * 3600 + 1, now, 3600, lambda t, k: "degraded")
    c.note("grok-3", "checks 1 s before every 5-minute boundary and 1 s after each hour")
    # A gap longer than W.
    c.every("llama-4-maverick", now - 3 * D + 41, now, 300,
            lambda t, k: None if now - 9 * H < t < now - 6 * H or now - 100 * 60 < t < now - 60 * 60
            else "operational")
    c.note("llama-4-maverick", "every 5 min with gaps of 3 h and 40 min")
    # Multi-region mixes.
    for region in ("us-east-1", "eu-central-1", "ap-northeast-2"):
        c.irregular("amazon-nova-pro", now - 30 * D, now - 2 * H if region == "ap-northeast-2" else now,
                    60, 600, lambda t, r=region: "outage" if r == "eu-central-1" and t > now - 40 * 60
                    else "degraded" if rng.random() < 0.01 else "operational", region)
    c.note("amazon-nova-pro", "3 regions: one out, one stale for 2 h: degraded")
    for region in ("us-east-1", "eu-central-1"):
        c.irregular("amazon-nova-micro", now - 8 * D, now - 30, 120, 700,
                    lambda t: "outage" if t > now - 3 * H else "operational", region)
    c.add("amazon-nova-micro", now + 200, "operational", "us-east-1")
    c.note("amazon-nova-micro", "2 regions both out, an operational check at now + 200 s in one")
    c.every("amazon-nova-lite", now - 2 * D + 300 - now % 300, now, 300,
            lambda t, k: "outage" if k % 17 == 0 else "operational", "us-east-1")
    c.every("amazon-nova-lite", now - 2 * D + 300 - now % 300, now, 300,
            lambda t, k: "degraded" if k % 5 == 0 else "operational", "ap-northeast-2")
    c.add("amazon-nova-lite", now + 5, "outage", "eu-central-1")
    c.note("amazon-nova-lite", "2 regions checked at the same seconds (recent checks tie), "
           "the third only in the future")
    c.irregular("hcx-005", now - 2 * D, now, 200, 400, lambda t: "operational", "global")
    c.irregular("hcx-005", now - 2 * D, now - 3 * H, 200, 400, lambda t: "outage", "kr-central")
    c.note("hcx-005", "global operational, kr-central stale outage: operational")
    c.irregular("azure-gpt-4o-mini", now - 31 * D + 600, now, 300, 900, lambda t: "degraded", "eastus")
    c.irregular("azure-gpt-4o-mini", now - 31 * D + 600, now, 300, 900,
                lambda t: "outage" if rng.random() < 0.002 else "operational", "swedencentral")
    c.note("azure-gpt-4o-mini", "one region degraded, one operational, 31 days")
    for region in ("us-central1", "europe-west4", "asia-northeast3"):
        c.irregular("gemini-2-5-pro", now - 5 * D, now - 2 * H, 600, 1200,
                    lambda t: "outage" if rng.random() < 0.05 else "operational", region)
    c.note("gemini-2-5-pro", "3 regions, all stale: unknown")
    # Inactive with checks: listed, never counted as active.
    c.every("claude-2-1", now - D, now, 600, lambda t, k: "outage")
    c.note("claude-2-1", "inactive model with fresh outage checks")

    # Runs: most older checks; then the newest and the future; then the
    # withheld older ones and a replay.
    keys = sorted(c.rows, key=lambda k: (k[2], k[0], k[1]))
    cut = now - 2 * H
    older = [k for k in keys if k[2] <= cut]
    withheld = set(rng.sample(older, len(older) // 10))
    run1 = [k for k in older if k not in withheld]
    run2 = [k for k in keys if k[2] > cut]
    run3 = sorted(withheld) + rng.sample(run1, 100) + rng.sample(run2, 20)
    # A probe's batch comes in time order; the last run comes shuffled.
    run1.sort(key=lambda k: k[2])
    run2.sort(key=lambda k: k[2])
    rng.shuffle(run3)
    return "edges", seed, now, c, [run1, run2, run3]


# ---- irregular -------------------------------------------------------------
def gen_irregular(cat, seed):
    now = 1796012345
    rng = random.Random(seed)
    c = Checks(cat, rng)
    start = now - 31 * D
    multi = sorted(s for s, (a, regs) in cat.items() if a and len(regs) > 1)
    single = sorted(s for s, (a, regs) in cat.items() if a and len(regs) == 1)
    chosen = multi + rng.sample(single, 20 - len(multi))
    for slug in chosen:
        # Model-wide incidents: (from, to, status).
        incidents = []
        t = start
        while t < now:
            t += rng.randint(6 * H, 4 * D)
            incidents.append((t, t + rng.randint(10 * 60, 4 * H),
                              rng.choice(("outage", "degraded", "degraded", "outage"))))
        gaps = []
        for _ in range(rng.randint(0, 3)):
            g = rng.randint(start, now)
            gaps.append((g, g + rng.randint(35 * 60, 5 * H)))
        for region in cat[slug][1]:
            local = []
            if len(cat[slug][1]) > 1 and rng.random() < 0.7:
                for _ in range(rng.randint(1, 4)):
                    g = rng.randint(start, now)
                    local.append((g, g + rng.randint(20 * 60, 6 * H), rng.choice(("outage", "degraded"))))
            # Sparse before the last 7 days, denser in them.
            lo = rng.randint(60, 400)
            hi = lo + rng.randint(60, 1200 - lo)
            fail = rng.choice((0.0, 0.001, 0.01, 0.03))

            def status_at(t, incidents=incidents, local=local, gaps=gaps, fail=fail):
                for a, b in gaps:
                    if a <= t < b:
                        return None
                for a, b, s in local + incidents:
                    if a <= t < b:
                        return s if rng.random() < 0.9 else "operational"
                r = rng.random()
                return "outage" if r < fail else "degraded" if r < 2 * fail else "operational"
            # Each endpoint's story ends somewhere in the last hour, or runs
            # up to 5 minutes into the future.
            end = now + rng.choice((-rng.randint(0, 3600), 0, rng.randint(1, 300)))
            c.irregular(slug, start, now - 7 * D, 4 * lo, 4 * hi, status_at, region)
            c.irregular(slug, now - 7 * D + 1, end, lo, hi, status_at, region)
        c.note(slug, "%d regions, irregular" % len(cat[slug][1]))
    # Four runs, each a random quarter of the checks over the whole month
    # in time order (as a probe's spool would send them): every run after
    # the first brings checks older than stored ones. Then 2,000 more in no
    # order at all.
    keys = list(c.rows)
    rng.shuffle(keys)
    shuffled, keys = keys[:2000], keys[2000:]
    q = len(keys) // 4
    runs = [sorted(keys[i * q:(i + 1) * q if i < 3 else len(keys)], key=lambda k: k[2])
            for i in range(4)] + [shuffled]
    # The manifest's detailed models: every multi-region one and a few more.
    c.notes = {s: n for s, n in c.notes.items() if s in multi or s in chosen[-6:]}
    return "irregular", seed, now, c, runs


# ---- young -----------------------------------------------------------------
def gen_young(cat, seed):
    now = 1796169600
    rng = random.Random(seed)
    c = Checks(cat, rng)
    first = now - 36 * H + 17
    c.add("solar-pro2", first, "degraded")
    c.irregular("solar-pro2", first + 1, now, 60, 400,
                lambda t: "outage" if now - 5 * H < t < now - 4 * H else "operational")
    c.note("solar-pro2", "holds the database's first check (now - 36 h + 17 s)")
    for slug, off in (("solar-pro", 0), ("solar-mini", 2 * H + 1), ("kimi-k2-0905", 5 * H - 7)):
        c.every(slug, first + off, now, 6 * H, lambda t, k: "operational" if k % 2 else "outage")
        c.note(slug, "a check every 6 h: mostly unknown")
    c.every("kimi-k2-0711", now - 30 * H, now, 60,
            lambda t, k: "degraded" if (t // 600) % 9 == 0 else "operational")
    c.add("kimi-k2-0711", now + 1, "outage")
    c.note("kimi-k2-0711", "every minute up to exactly now; an outage at now + 1")
    c.irregular("moonshot-v1-8k", now - 50 * 60, now - 1, 30, 200,
                lambda t: "outage" if rng.random() < 0.2 else "operational")
    c.note("moonshot-v1-8k", "checks only in the last 50 minutes")
    c.irregular("moonshot-v1-128k", now - 20 * H, now - 2 * H, 100, 500, lambda t: "operational")
    c.note("moonshot-v1-128k", "checks ending 2 h before now")
    c.add("exaone-4-0-32b", now + 300, "outage")
    c.add("exaone-4-0-32b", now + 299, "operational")
    c.note("exaone-4-0-32b", "only checks at now + 299 and + 300 s")
    for region in ("eastus", "swedencentral", "japaneast"):
        c.irregular("azure-gpt-4-1", first + rng.randint(0, H), now + rng.randint(-900, 300), 120, 600,
                    lambda t, r=region: "outage" if r == "japaneast" and t > now - 2 * H
                    else "degraded" if r == "eastus" and rng.random() < 0.1 else "operational", region)
    c.note("azure-gpt-4-1", "3 regions: one out for the last 2 h, one often slow")
    for region in ("kr-central", "global"):
        c.every("hcx-dash-002", now - 26 * H + (0 if region == "global" else 150), now - 1800 + 1, 300,
                lambda t, k: "outage" if region == "global" and k % 3 == 0 else "operational", region)
    c.note("hcx-dash-002", "2 regions on 5-minute steps, latest W - 1 s old")
    # Import the newest day first, then the older part: out of order.
    keys = list(c.rows)
    newer = [k for k in keys if k[2] > now - D]
    older = [k for k in keys if k[2] <= now - D]
    rng.shuffle(newer)
    rng.shuffle(older)
    return "young", seed, now, c, [newer, older]


GENERATORS = {"edges": (gen_edges, 1301), "irregular": (gen_irregular, 1302),
              "young": (gen_young, 1303)}


def main():
    if len(sys.argv) < 2:
        raise SystemExit(__doc__.split("\n\n")[1])
    outdir = sys.argv[1]
    names = sys.argv[2:] or list(GENERATORS)
    os.makedirs(outdir, exist_ok=True)
    cat = catalog()
    for name in names:
        started = time.monotonic()
        gen, seed = GENERATORS[name]
        name, seed, now, checks, runs = gen(cat, seed)
        manifest = write_db(outdir, name, seed, now, checks, runs)
        with open(os.path.join(outdir, name + ".json"), "w") as f:
            json.dump(manifest, f, indent=1)
        print("gen_db: %s: %d checks in %d runs, %.1f s" % (
            name, manifest["checks"], len(runs), time.monotonic() - started))


if __name__ == "__main__":
    main()
