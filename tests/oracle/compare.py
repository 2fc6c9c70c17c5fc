#!/usr/bin/env python3
"""compare.py: lines "NAME<TAB>GOT<TAB>WANT" comparing what the product served with the oracle.

tests/e2e/oracle.sh feeds each line to lib.sh's `check`. WANT always comes
from oracle.py's document (EXPECTED); GOT from a saved response. Values are
printed the same way on both sides: null, true/false, numbers without
trailing zeros. Where the comparison allows a tolerance (history values,
+-0.01; the page's chart table cells, +-0.05), a GOT within it is printed
as WANT.

Usage: compare.py [--prefix NAME] [--plan FILE] EXPECTED [WHAT ARGS...]
EXPECTED is oracle.py's output; each comparison (on the command line, or
one per line of the plan file, read in one process) is one of:
  list BODY                   /api/v1/models?limit=500
  model SLUG BODY             /api/v1/models/SLUG
  stats BODY                  /api/v1/realtime-stats
  page-model SLUG HTML        /en/models/SLUG
  page-monitoring HTML...     /en/monitoring (the models table), its pages in order
  page-monitoring-query QUERY HTML...   /en/monitoring?QUERY (status, sort=provider|model, order)
  history RANGE BODY          /api/v1/realtime-stats?includeHistory=true&range=RANGE
  history-model SLUG RANGE BODY   /api/v1/history?model=SLUG&range=RANGE
  page-history RANGE HTML     /en/monitoring?range=RANGE (the chart's table)
"""

import argparse
import json
import re
import sys
import urllib.parse

WINDOWS = ("24h", "7d", "30d")
STATUSES = ("operational", "degraded", "outage", "unknown")
TOLERANCE = 0.01


def text(v):
    if v is None:
        return "null"
    if isinstance(v, bool):
        return "true" if v else "false"
    if isinstance(v, (int, float)):
        f = float(v)
        return "%d" % f if f.is_integer() else "%.10g" % f
    return str(v).replace("\t", " ").replace("\n", " ")


class Out:
    def __init__(self, prefix):
        self.prefix = prefix

    def eq(self, name, got, want):
        print("%s%s\t%s\t%s" % (self.prefix, name, text(got), text(want)))

    def near(self, name, got, want, tol=TOLERANCE):
        """Numbers within tol print as equal; null only matches null."""
        if (isinstance(got, (int, float)) and not isinstance(got, bool)
                and isinstance(want, (int, float)) and abs(got - want) <= tol + 1e-9):
            got = want
        self.eq(name, got, want)


def load(path):
    with open(path, encoding="utf-8") as f:
        return json.load(f)


def html(path):
    with open(path, encoding="utf-8") as f:
        return f.read()


def regions_of(m):
    return {r["region"]: r for r in (m.get("regions") or [])}


def cmp_model_object(o, slug, exp, got, detail):
    """The model object of the list and of the detail."""
    o.eq("%s status" % slug, got.get("status"), exp["status"])
    o.eq("%s isActive" % slug, got.get("isActive"), exp["isActive"])
    o.eq("%s lastCheckedAt" % slug, got.get("lastCheckedAt"), exp["lastCheckedAt"])
    for w in WINDOWS:
        o.eq("%s availability %s" % (slug, w), (got.get("availability") or {}).get(w, "absent"),
             exp["availability"][w])
    have = regions_of(got)
    o.eq("%s regions" % slug, ",".join(sorted(have)), ",".join(sorted(exp["regions"])))
    for region, r in exp["regions"].items():
        g = have.get(region, {})
        o.eq("%s region %s status" % (slug, region), g.get("status"), r["status"])
        o.eq("%s region %s fresh" % (slug, region), g.get("fresh"), r["fresh"])
        o.eq("%s region %s checkedAt" % (slug, region), g.get("checkedAt"), r["checkedAt"])
        o.eq("%s region %s probeKind" % (slug, region), g.get("probeKind", "absent"), r["probeKind"])
        o.eq("%s region %s errorKind" % (slug, region), g.get("errorKind", "absent"), r["errorKind"])
        if detail:
            for w in WINDOWS:
                o.eq("%s region %s availability %s" % (slug, region, w),
                     (g.get("availability") or {}).get(w, "absent"), r["availability"][w])


def check_line(c):
    t = c.get("timings") or {}
    return " ".join([text(c.get(k)) for k in
                     ("checkedAt", "region", "status", "latencyMs", "httpStatus", "error",
                      "probeKind", "errorKind", "ttftMs")] +
                    [text(t.get(k, "absent")) for k in ("dnsMs", "connectMs", "tlsMs", "firstByteMs")])


def cmd_list(o, exp, body):
    got = {m["slug"]: m for m in body.get("models", [])}
    o.eq("models total", body.get("total"), len(exp["models"]))
    for slug, m in exp["models"].items():
        cmp_model_object(o, slug, m, got.get(slug, {}), detail=False)


def cmd_model(o, exp, slug, body):
    m = exp["models"][slug]
    cmp_model_object(o, slug, m, body.get("model") or {}, detail=True)
    checks = body.get("checks") or []
    o.eq("%s recent checks count" % slug, len(checks), len(m["checks"]))
    for i, c in enumerate(m["checks"]):
        o.eq("%s recent check %d" % (slug, i),
             check_line(checks[i]) if i < len(checks) else "absent", check_line(c))


HEADLINE = ("totalModels", "activeModels", "operationalModels", "degradedModels",
            "outageModels", "unknownModels", "avgAvailability")


def cmd_stats(o, exp, body):
    for k in HEADLINE:
        o.eq("realtime-stats %s" % k, body.get(k, "absent"), exp["headline"][k])
    o.eq("realtime-stats timestamp", body.get("timestamp"), exp["nowIso"])


def cmd_page_model(o, exp, slug, page):
    m = exp["models"][slug]
    intro = re.search(r'<section class="intro">.*?<span class="status s-([a-z]+)"', page, re.S)
    o.eq("%s page status" % slug, intro.group(1) if intro else "absent",
         m["status"] if m["isActive"] else "inactive")
    rows = {}
    for region, status, body in re.findall(
            r'<tr data-region="([^"]+)" data-status="([^"]+)">(.*?)</tr>', page, re.S):
        when = re.search(r'<time datetime="([^"]+)"', body)
        cells = dict(re.findall(r'data-window="([^"]+)">([^<]*)<', body))
        kind = re.search(r'data-probe-kind="([a-z]*)"', body)
        cells["probeKind"] = kind.group(1) if kind else "absent"
        rows[region] = (status, when.group(1) if when else None, cells)
    o.eq("%s page regions" % slug, ",".join(sorted(rows)), ",".join(sorted(m["regions"])))
    for region, r in m["regions"].items():
        status, when, cells = rows.get(region, ("absent", "absent", {}))
        o.eq("%s page region %s status" % (slug, region), status, r["status"])
        o.eq("%s page region %s checked" % (slug, region), when, r["checkedAt"])
        for w in WINDOWS:
            o.eq("%s page region %s %s" % (slug, region, w), cells.get(w, "absent"),
                 r["availabilityPage"][w])
        o.eq("%s page region %s probe kind" % (slug, region), cells.get("probeKind", "absent"),
             r["probeKind"] or "")
    recent = re.findall(r'<tr data-status="([a-z]+)"><td[^>]*><time datetime="([^"]+)">[^<]*</time></td>'
                        r'<td[^>]*>([^<]*)</td>', page)
    o.eq("%s page recent checks count" % slug, len(recent), len(m["checks"]))
    for i, c in enumerate(m["checks"]):
        got = "%s %s %s" % (recent[i][1], recent[i][2], recent[i][0]) if i < len(recent) else "absent"
        o.eq("%s page recent check %d" % (slug, i), got,
             "%s %s %s" % (c["checkedAt"], c["region"], c["status"]))


def nocase(s):
    """SQLite's NOCASE: ASCII letters folded, then bytes."""
    return s.encode("utf-8").lower()


def table_order(exp, query):
    """The slugs the models table lists for QUERY (status, sort=provider or
    model, order; DESIGN's default order provider name, provider slug,
    model name, model slug breaks ties, never reversed), computed here."""
    q = urllib.parse.parse_qs(query)
    status = q.get("status", [""])[0]
    sort = q.get("sort", ["provider"])[0]
    desc = q.get("order", ["asc"])[0] == "desc"
    if sort not in ("provider", "model"):
        raise ValueError("table_order: sort=%s is not computed here" % sort)
    models = exp["models"]
    base = sorted(models, key=lambda s: (nocase(models[s]["provider"]), models[s]["providerSlug"].encode(),
                                         nocase(models[s]["name"]), s.encode()))
    shown = [s for s in base if not status
             or (status == "inactive" and not models[s]["isActive"])
             or (models[s]["isActive"] and models[s]["status"] == status)]
    if sort == "model":
        # Equal names keep the default order, also in descending order.
        groups = {}
        for s in shown:
            groups.setdefault(nocase(models[s]["name"]), []).append(s)
        shown = [s for k in sorted(groups, reverse=desc) for s in groups[k]]
    elif desc:
        raise ValueError("table_order: sort=provider&order=desc is not computed here")
    return shown


def cmd_page_monitoring(o, exp, pages, query=""):
    """The models table over all its pages (PAGES: the files of page 1, 2,
    ... as the "next" links led): each model of the filter exactly once, in
    the order of table_order, with its status, 24 h availability and last
    check as the oracle has them."""
    rows, order = {}, []
    for page in pages:
        for slug, status, body in re.findall(
                r'<tr data-model="([^"]+)" data-status="([^"]+)">(.*?)</tr>', page, re.S):
            nums = re.findall(r'<td class="num"[^>]*>([^<]*)</td>', body)
            when = re.search(r'<time datetime="([^"]+)"', body)
            rows[slug] = (status, nums[-1] if nums else "absent", when.group(1) if when else None)
            order.append(slug)
    want = table_order(exp, query)
    name = "monitoring page%s" % (" ?" + query if query else "")
    o.eq("%s model rows" % name, len(order), len(want))
    o.eq("%s models listed more than once" % name,
         " ".join(sorted(s for s in set(order) if order.count(s) > 1)), "")
    o.eq("%s order" % name, " ".join(order), " ".join(want))
    # PAGE_MODELS_ROWS (cgi-bin/page.h) rows a page.
    o.eq("%s pages" % name, len(pages), max(1, -(-len(want) // 100)))
    for slug in want:
        m = exp["models"][slug]
        status, avail, when = rows.get(slug, ("absent", "absent", "absent"))
        o.eq("%s %s status" % (name, slug), status, m["status"] if m["isActive"] else "inactive")
        o.eq("%s %s 24h" % (name, slug), avail, m["availabilityPage"]["24h"])
        o.eq("%s %s last checked" % (name, slug), when, m["lastCheckedAt"])


def cmp_points(o, name, points, want_points, single_model=None):
    o.eq("%s points" % name, len(points), len(want_points))
    for i, w in enumerate(want_points):
        g = points[i] if i < len(points) else {}
        label = "%s point %d" % (name, i)
        o.eq("%s timestamp" % label, g.get("timestamp"), w["timestamp"])
        o.eq("%s isNow" % label, g.get("isNow"), w["isNow"])
        for st in STATUSES:
            o.near("%s %s" % (label, st), g.get(st, "absent"), w[st])
        o.near("%s availability" % label, g.get("availability", "absent"), w["availability"])
        if single_model is None and w[STATUSES[0]] is not None:
            # DESIGN 2: the four values add up to the active models.
            total = sum(g.get(st) or 0 for st in STATUSES if isinstance(g.get(st), (int, float)))
            o.near("%s sum" % label, round(total, 2), w["operational"] + w["degraded"]
                   + w["outage"] + w["unknown"])


def cmd_history(o, exp, rng, body):
    want = exp["history"][rng]["points"]
    points = (body.get("history") or {}).get("points") or []
    cmp_points(o, "history %s" % rng, points, want)


def cmd_history_model(o, exp, slug, rng, body):
    """One model's series from /api/v1/history?model=SLUG: the same means
    over sample instants, over a selection of one model, so each value is
    the share of the sample instants in that status (zero for an inactive
    model, which is never among the active models)."""
    m = exp["models"][slug]
    want = []
    for p in m["history"][rng]:
        w = {"timestamp": p["timestamp"], "isNow": False}
        for st in STATUSES:
            w[st] = None if p[st] is None else (p[st] if m["isActive"] else 0)
        w["availability"] = p["availability"] if m["isActive"] else None
        want.append(w)
    now = {"timestamp": exp["nowIso"], "isNow": True,
           "availability": m["availability"]["24h"] if m["isActive"] else None}
    for st in STATUSES:
        now[st] = 1 if m["isActive"] and m["status"] == st else 0
    want.append(now)
    cmp_points(o, "history %s %s" % (slug, rng), body.get("points") or [], want, single_model=slug)


def number(cell):
    """A table cell's number; None for a cell without one ("n/a", "no data")."""
    try:
        return float(cell.replace(",", "").rstrip("%"))
    except ValueError:
        return None


def cmd_page_history(o, exp, rng, page):
    table = re.search(r'<table class="chart-table" id="time-table">(.*?)</table>', page, re.S)
    rows = re.findall(r'<tr data-time="([^"]+)">(.*?)</tr>', table.group(1) if table else "", re.S)
    want = exp["history"][rng]["points"]
    o.eq("page history %s rows" % rng, len(rows), len(want))
    for i, w in enumerate(want):
        label = "page history %s row %d" % (rng, i)
        when, body = rows[i] if i < len(rows) else ("absent", "")
        o.eq("%s time" % label, when, w["timestamp"])
        cells = {k: (raw if raw else text) for k, raw, text in re.findall(
            r'data-status="([a-z]+)"(?: data-value="([^"]*)")?>([^<]*)<', body)}
        for st in STATUSES:
            # The cell may show one decimal: within 0.05.
            o.near("%s %s" % (label, st), number(cells[st]) if st in cells else "absent", w[st], 0.05)
        a = re.search(r'data-availability="([^"]*)"', body)
        o.near("%s availability" % label, number(a.group(1)) if a else "absent", w["availability"])


def main():
    ap = argparse.ArgumentParser(usage=__doc__)
    ap.add_argument("--prefix", default="")
    ap.add_argument("--plan", help="a file of comparisons, one per line: WHAT ARGS... (without EXPECTED)")
    ap.add_argument("expected")
    ap.add_argument("what", nargs="?")
    ap.add_argument("args", nargs="*")
    a = ap.parse_args()
    o = Out(a.prefix + ": " if a.prefix else "")
    exp = load(a.expected)
    plan = [[a.what] + a.args] if a.what else []
    if a.plan:
        with open(a.plan) as f:
            plan += [line.split() for line in f if line.strip()]
    for what, *args in plan:
        try:
            run(o, exp, what, args)
        except Exception as e:  # a response that cannot be read is a failure, not a crash
            o.eq("compare %s %s" % (what, " ".join(args)), "%s: %s" % (type(e).__name__, e), "readable")


def run(o, exp, what, rest):
    if what == "list":
        cmd_list(o, exp, load(rest[0]))
    elif what == "model":
        cmd_model(o, exp, rest[0], load(rest[1]))
    elif what == "stats":
        cmd_stats(o, exp, load(rest[0]))
    elif what == "page-model":
        cmd_page_model(o, exp, rest[0], html(rest[1]))
    elif what == "page-monitoring":
        cmd_page_monitoring(o, exp, [html(p) for p in rest])
    elif what == "page-monitoring-query":
        cmd_page_monitoring(o, exp, [html(p) for p in rest[1:]], rest[0])
    elif what == "history":
        cmd_history(o, exp, rest[0], load(rest[1]))
    elif what == "history-model":
        cmd_history_model(o, exp, rest[0], rest[1], load(rest[2]))
    elif what == "page-history":
        cmd_page_history(o, exp, rest[0], html(rest[1]))
    else:
        raise ValueError("unknown comparison %s" % what)

if __name__ == "__main__":
    main()
