#!/usr/bin/env python3
"""export_check.py: the export and the per-model metrics checked from the words of DESIGN and docs/api.md, independently of the program (tests/e2e/export.sh).

Usage:
  export_check.py export DB NOW SECS CSV JSON   CSV and JSON rows = the checks
                                                in (NOW - SECS, NOW] aggregated
                                                here with python's sqlite3
  export_check.py metrics METRICS MODELS DETAILDIR
                                                every gauge = /api/v1's numbers
  export_check.py dashboard DASHBOARD METRICS   the dashboard's shape, and every
                                                expr names a served metric
Prints one line per difference (nothing when all agree); exits 1 on any.
"""
import csv
import decimal
import io
import json
import math
import re
import sqlite3
import sys

COLUMNS = ["date", "provider", "model", "region", "checks", "available",
           "outage", "degraded", "availability", "p50_ms", "p95_ms",
           "ttft_p50_ms"]
problems = []


def problem(text):
    problems.append(text)


def shown(pct):
    """DESIGN 3's shown percentage with two decimals (JSON), halves
    rounded up."""
    v = float(decimal.Decimal(pct).quantize(decimal.Decimal("0.01"),
                                            rounding=decimal.ROUND_HALF_UP))
    if pct < 100 and v >= 100:
        v = 99.99
    if pct > 0 and v <= 0:
        v = 0.01
    return v


def nearest_rank(values, p):
    """docs/definitions.md: the value of rank ceil(p * n / 100)."""
    if not values:
        return None
    values = sorted(values)
    rank = max(1, math.ceil(p * len(values) / 100))
    return values[rank - 1]


def expected_rows(db, now, secs):
    con = sqlite3.connect(db)
    groups = {}
    for date, prov, model, region, status, lat, ttft in con.execute(
            "SELECT date(c.checked_at, 'unixepoch'), p.slug, m.slug, c.region,"
            " c.status, c.latency_ms, c.ttft_ms FROM checks c"
            " JOIN models m ON m.id = c.model_id"
            " JOIN providers p ON p.id = m.provider_id"
            " WHERE c.checked_at > ? AND c.checked_at <= ?", (now - secs, now)):
        g = groups.setdefault((date, prov, model, region),
                              {"n": {"operational": 0, "degraded": 0, "outage": 0},
                               "lat": [], "ttft": []})
        g["n"][status] += 1
        if lat is not None:
            g["lat"].append(lat)
        if ttft is not None:
            g["ttft"].append(ttft)
    out = {}
    for key, g in groups.items():
        n = g["n"]
        checks = n["operational"] + n["degraded"] + n["outage"]
        up = n["operational"] + n["degraded"]
        out[key] = {"checks": checks, "available": up, "outage": n["outage"],
                    "degraded": n["degraded"],
                    "availability": shown(up * 100 / checks),
                    "p50_ms": nearest_rank(g["lat"], 50),
                    "p95_ms": nearest_rank(g["lat"], 95),
                    "ttft_p50_ms": nearest_rank(g["ttft"], 50)}
    return out


def check_export(db, now, secs, csv_path, json_path):
    want = expected_rows(db, int(now), int(secs))
    raw = open(csv_path, "rb").read()
    text = raw.decode("utf-8")
    if text and not text.endswith("\r\n"):
        problem("csv: the last record does not end with CRLF")
    if re.search(r"(?<!\r)\n", text):
        problem("csv: a line ends with LF alone")
    records = list(csv.reader(io.StringIO(text, newline=""), strict=True))
    if not records or records[0] != COLUMNS:
        problem("csv: header %r" % (records[:1],))
        return
    got_csv = {}
    dates = []
    for rec in records[1:]:
        if len(rec) != len(COLUMNS):
            problem("csv: record of %d fields: %r" % (len(rec), rec))
            continue
        r = dict(zip(COLUMNS, rec))
        key = (r["date"], r["provider"], r["model"], r["region"])
        dates.append(r["date"])
        got_csv[key] = {c: (None if r[c] == "" else
                            float(r[c]) if c == "availability" else int(r[c]))
                        for c in COLUMNS[4:]}
    if dates != sorted(dates):
        problem("csv: records not in date order")
    if len(got_csv) != len(records) - 1:
        problem("csv: a (date, provider, model, region) appears twice")
    arr = json.load(open(json_path))
    if not isinstance(arr, list):
        problem("json: not an array")
        return
    got_json = {}
    for o in arr:
        if list(o.keys()) != COLUMNS:
            problem("json: members %r" % list(o.keys()))
            break
        got_json[(o["date"], o["provider"], o["model"], o["region"])] = \
            {c: o[c] for c in COLUMNS[4:]}
    if [o["date"] for o in arr] != dates:
        problem("json: not the CSV's rows in the CSV's order")
    for name, got in (("csv", got_csv), ("json", got_json)):
        for key in sorted(set(want) | set(got)):
            if key not in got:
                problem("%s: missing %r" % (name, key))
            elif key not in want:
                problem("%s: extra %r" % (name, key))
            elif got[key] != want[key]:
                problem("%s: %r: got %r, want %r" % (name, key, got[key], want[key]))
    print("%d rows compared" % len(want), file=sys.stderr)


SAMPLE = re.compile(r'^([a-z_]+)\{([^}]*)\} (\S+)$')


def parse_metrics(path):
    """{(name, frozenset(labels)): value} of the samples of the file."""
    out = {}
    for line in open(path):
        line = line.rstrip("\n")
        if not line or line.startswith("#"):
            continue
        m = SAMPLE.match(line)
        if not m:
            problem("metrics: unparsed line %r" % line)
            continue
        labels = dict(re.findall(r'([a-z]+)="([^"]*)"', m.group(2)))
        out[(m.group(1), frozenset(labels.items()))] = float(m.group(3))
    return out


def key(name, **labels):
    return (name, frozenset(labels.items()))


def near(a, b, tol):
    return a is not None and b is not None and abs(a - b) <= tol


def rfc3339(s):
    import datetime
    return int(datetime.datetime.strptime(s, "%Y-%m-%dT%H:%M:%SZ")
               .replace(tzinfo=datetime.timezone.utc).timestamp())


def check_metrics(metrics_path, models_path, detail_dir):
    got = parse_metrics(metrics_path)
    doc = json.load(open(models_path))
    now = rfc3339(doc["timestamp"])
    want = {}
    statuses = ["operational", "degraded", "outage", "unknown"]
    for m in doc["models"]:
        base = {"provider": m["provider"]["slug"], "model": m["slug"]}
        want[key("aigo_model_active", **base)] = 1.0 if m["isActive"] else 0.0
        for s in statuses:
            want[key("aigo_model_status", status=s, **base)] = \
                1.0 if m["status"] == s else 0.0
        for w, v in m["availability"].items():
            if v is not None:
                want[key("aigo_model_availability_ratio", window=w, **base)] = ("pct", v)
        detail = None
        try:
            detail = json.load(open("%s/%s.json" % (detail_dir, m["slug"])))
        except FileNotFoundError:
            pass
        for r in m["regions"]:
            rb = dict(base, region=r["region"])
            for s in statuses:
                want[key("aigo_model_region_status", status=s, **rb)] = \
                    1.0 if r["status"] == s else 0.0
            if r["checkedAt"] is not None:
                want[key("aigo_model_region_last_check_age_seconds", **rb)] = \
                    float(now - rfc3339(r["checkedAt"]))
            if r["latencyMs"] is not None:
                want[key("aigo_model_region_latency_seconds", **rb)] = r["latencyMs"] / 1000
            if detail is None:
                continue
            for dr in detail["model"]["regions"]:
                if dr["region"] == r["region"] and "availability" in dr:
                    for w, v in dr["availability"].items():
                        if v is not None:
                            want[key("aigo_model_region_availability_ratio",
                                     window=w, **rb)] = ("pct", v)
            for c in detail["checks"]:  # newest first
                if c["region"] == r["region"] and c["ttftMs"] is not None:
                    want[key("aigo_model_region_ttft_seconds", **rb)] = c["ttftMs"] / 1000
                    break
    model_keys = {k for k in got if k[0].startswith("aigo_model_")}
    for k in sorted(set(want) | model_keys, key=repr):
        if k not in got:
            problem("metrics: missing %s %s" % (k[0], dict(k[1])))
        elif k not in want:
            problem("metrics: extra %s %s" % (k[0], dict(k[1])))
        elif isinstance(want[k], tuple):
            if shown(got[k] * 100) != want[k][1]:
                problem("metrics: %s %s = %r, API shows %r%%" %
                        (k[0], dict(k[1]), got[k], want[k][1]))
        elif not near(got[k], want[k], 1e-9):
            problem("metrics: %s %s = %r, want %r" % (k[0], dict(k[1]), got[k], want[k]))
    print("%d series compared" % len(want), file=sys.stderr)


def check_dashboard(path, metrics_path):
    d = json.load(open(path))
    served = {k[0] for k in parse_metrics(metrics_path)}
    served |= {line.split()[2] for line in open(metrics_path)
               if line.startswith("# TYPE ")}
    names = {v["name"]: v for v in d.get("templating", {}).get("list", [])}
    if names.get("datasource", {}).get("type") != "datasource":
        problem("dashboard: no datasource variable")
    for v in ("provider", "model"):
        if v not in names:
            problem("dashboard: no %s variable" % v)
    kinds = set()
    for p in d.get("panels", []):
        if p.get("datasource", {}).get("uid") != "${datasource}":
            problem("dashboard: panel %r does not use ${datasource}" % p.get("title"))
        for t in p.get("targets", []):
            if t.get("datasource", {}).get("uid") != "${datasource}":
                problem("dashboard: a target of %r does not use ${datasource}" % p["title"])
            found = set(re.findall(r"\b(aigo_[a-z_]+)", t.get("expr", "")))
            if not found:
                problem("dashboard: %r has an expr without a metric" % p["title"])
            for n in found - served:
                problem("dashboard: %r reads %s, not served" % (p["title"], n))
            kinds |= found
    for need in ("aigo_model_status", "aigo_model_availability_ratio",
                 "aigo_model_region_latency_seconds",
                 "aigo_model_region_ttft_seconds"):
        if need not in kinds:
            problem("dashboard: no panel reads %s" % need)


def main(argv):
    if len(argv) == 7 and argv[1] == "export":
        check_export(*argv[2:])
    elif len(argv) == 5 and argv[1] == "metrics":
        check_metrics(*argv[2:])
    elif len(argv) == 4 and argv[1] == "dashboard":
        check_dashboard(*argv[2:])
    else:
        print(__doc__, file=sys.stderr)
        return 2
    for p in problems[:40]:
        print(p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
