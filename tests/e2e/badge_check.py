#!/usr/bin/env python3
"""badge_check.py: compares every badge of a running stack with /api/v1 and with sqlite3, and checks that each SVG parses and is laid out as the flat style says (tests/e2e/badge.sh).

Usage: badge_check.py BASE DB NOW LOCALES [SOURCE]
  BASE     the site (http://127.0.0.1:PORT, with the base path if any)
  DB       the database the stack reads (the provider numbers are computed
           from its checks with sqlite3); "-" to compare with /api/v1 only
  NOW      the stack's AIGO_NOW
  LOCALES  the locales directory (the texts a badge must show)
  SOURCE   the X-Data-Source every badge must carry (default database)

Prints "ok NAME" or "FAIL NAME: why", one line per check.
"""
import json
import math
import sqlite3
import sys
import urllib.error
import urllib.request
import xml.etree.ElementTree as ET

SVG = "{http://www.w3.org/2000/svg}"
WINDOWS = {"24h": 86400, "7d": 7 * 86400, "30d": 30 * 86400}
# The pages' status colours (static/style.css, the text colours).
COLORS = {"operational": "#17702f", "degraded": "#8a5a00",
          "outage": "#c62828", "unknown": "#59636e"}

BASE, DB, NOW, LOCALES = sys.argv[1], sys.argv[2], int(sys.argv[3]), sys.argv[4]
SOURCE = sys.argv[5] if len(sys.argv) > 5 else "database"


def report(name, ok, why=""):
    print(("ok %s" % name) if ok else ("FAIL %s: %s" % (name, why)))


def get(path):
    """(status, headers, body bytes) of GET BASE+path."""
    try:
        with urllib.request.urlopen(BASE + path) as r:
            return r.status, r.headers, r.read()
    except urllib.error.HTTPError as e:
        return e.code, e.headers, e.read()


def catalog(lang):
    with open("%s/%s.json" % (LOCALES, lang), encoding="utf-8") as f:
        return json.load(f)


def shown(v):
    """DESIGN's shown percentage with two decimals (the JSON's)."""
    r = math.floor(v * 100 + 0.5) / 100
    if r >= 100 and v < 100:
        return 99.99
    if r <= 0 and v > 0:
        return 0.01
    return r


def parse(name, body):
    """(label, value, fill of the value's box) of a badge, checking its
    shape; None when it does not parse."""
    try:
        root = ET.fromstring(body)
    except ET.ParseError as e:
        report(name + ": parses", False, str(e))
        return None
    texts = [t.text or "" for t in root.iter(SVG + "text")]
    rects = [r for r in root.iter(SVG + "rect") if r.get("fill", "").startswith("#") and r.get("height") == "20" and r.get("rx") is None]
    title = root.find(SVG + "title")
    problems = []
    if root.tag != SVG + "svg" or root.get("height") != "20" or root.get("role") != "img":
        problems.append("svg element")
    if len(texts) != 4 or texts[0] != texts[1] or texts[2] != texts[3]:
        problems.append("texts %r" % texts)
    label, value = (texts[1], texts[3]) if len(texts) == 4 else ("", "")
    full = "%s: %s" % (label, value)
    if title is None or title.text != full or root.get("aria-label") != full:
        problems.append("title/aria-label not %r" % full)
    if len(rects) != 2 or rects[0].get("fill") != "#555":
        problems.append("boxes")
    else:
        lw, vw = int(rects[0].get("width")), int(rects[1].get("width"))
        if int(root.get("width")) != lw + vw or rects[1].get("x") != str(lw):
            problems.append("widths %s != %d + %d" % (root.get("width"), lw, vw))
        xs = [float(t.get("x")) for t in root.iter(SVG + "text")]
        if len(xs) == 4 and (xs[1] != lw / 2 or xs[3] != lw + vw / 2):
            problems.append("texts not centred in their boxes")
    fam = [g.get("font-family") for g in root.iter(SVG + "g") if g.get("font-family")]
    if fam != ["DejaVu Sans,Verdana,Geneva,sans-serif"]:
        problems.append("font-family %r" % fam)
    report(name + ": parses, title, aria-label, layout", not problems, "; ".join(problems))
    return label, value, rects[1].get("fill") if len(rects) == 2 else None


def badge(name, path, want_status=200):
    status, headers, body = get(path)
    ctype = headers.get("Content-Type", "")
    src = headers.get("X-Data-Source")
    ok = status == want_status and ctype.startswith("image/svg+xml") and \
        (want_status == 400 or src == SOURCE)
    report(name + ": answer", ok, "status %s, %s, X-Data-Source %s" % (status, ctype, src))
    return parse(name, body)


def number(text):
    """The number of a value in the en locale ("99.95%", "1,303 ms")."""
    return float(text.replace(",", "").replace("%", "").replace("ms", "").strip())


def contrast_with_white(color):
    """WCAG 2 contrast ratio of white text on color (#rrggbb)."""
    def lin(x):
        return x / 12.92 if x <= 0.03928 else ((x + 0.055) / 1.055) ** 2.4
    r, g, b = (lin(int(color[i:i + 2], 16) / 255) for i in (1, 3, 5))
    return 1.05 / (0.2126 * r + 0.7152 * g + 0.0722 * b + 0.05)


def main():
    en = catalog("en")
    for status, color in list(COLORS.items()) + [("label", "#555555")]:
        ratio = contrast_with_white(color)
        report("white on %s (%s): contrast %.2f >= 4.5" % (status, color, ratio), ratio >= 4.5)
    models = json.loads(get("/api/v1/models?limit=500")[2])["models"]
    providers = json.loads(get("/api/v1/providers")[2])["providers"]
    report("every model listed", len(models) > 50, "%d models" % len(models))
    for m in models:
        slug, name = m["slug"], m["name"]
        b = badge("model %s status" % slug, "/badge/%s.svg" % slug)
        if b:
            # An inactive model's badge says so, as its card does.
            want = (name, en["status"][m["status"]], COLORS[m["status"]]) if m["isActive"] \
                else (name, en["models"]["inactive"], COLORS["unknown"])
            report("model %s status = API" % slug, b == want, "%r != %r" % (b, want))
        for w in WINDOWS:
            b = badge("model %s %s" % (slug, w), "/badge/%s/availability.svg?range=%s" % (slug, w))
            api = m["availability"][w]
            if not b:
                continue
            want_label = en["badge"]["availability" + w].replace("{name}", name)
            if api is None:
                ok = b[0] == want_label and b[1] == en["badge"]["noData"] and b[2] == COLORS["unknown"]
            else:
                ok = b[0] == want_label and number(b[1]) == api and b[1].endswith("%") and \
                    b[2] == COLORS[m["status"]]
            report("model %s availability %s = API (%s)" % (slug, w, api), ok, repr(b))
        b = badge("model %s latency" % slug, "/badge/%s/latency.svg" % slug)
        if b:
            api = m["latencyMs"]
            want_label = en["badge"]["latency"].replace("{name}", name)
            ok = b[0] == want_label and (b[1] == en["badge"]["noData"] if api is None
                                         else number(b[1]) == api and b[1].endswith(" ms"))
            report("model %s latency = API (%s)" % (slug, api), ok, repr(b))

    db = sqlite3.connect(DB) if DB != "-" else None
    for p in providers:
        slug, name = p["slug"], p["name"]
        b = badge("provider %s status" % slug, "/badge/provider/%s.svg" % slug)
        if b:
            want = (name, en["status"][p["status"]], COLORS[p["status"]])
            report("provider %s status = API" % slug, b == want, "%r != %r" % (b, want))
        mine = [m for m in models if m["provider"]["slug"] == slug and m["isActive"]]
        for w, secs in WINDOWS.items():
            b = badge("provider %s %s" % (slug, w), "/badge/provider/%s/availability.svg?range=%s" % (slug, w))
            if not b:
                continue
            if db is not None:
                # DESIGN's avgAvailability over the provider's active models,
                # from the checks table.
                rows = db.execute(
                    "SELECT 100.0 * sum(c.status IN ('operational', 'degraded')) / count(*) "
                    "FROM checks c JOIN models m ON m.id = c.model_id "
                    "JOIN providers p ON p.id = m.provider_id "
                    "WHERE p.slug = ? AND m.is_active AND c.checked_at > ? AND c.checked_at <= ? "
                    "GROUP BY m.id", (slug, NOW - secs, NOW)).fetchall()
                vals = [r[0] for r in rows]
            else:
                vals = [m["availability"][w] for m in mine if m["availability"][w] is not None]
            if not vals:
                ok = b[1] == en["badge"]["noData"]
            elif db is not None:
                ok = number(b[1]) == shown(sum(vals) / len(vals))
            else:
                # From the API's rounded numbers: within their rounding.
                ok = abs(number(b[1]) - sum(vals) / len(vals)) <= 0.01
            report("provider %s availability %s (%s)" % (slug, w, vals and round(sum(vals) / len(vals), 4)), ok, repr(b))
        b = badge("provider %s latency" % slug, "/badge/provider/%s/latency.svg" % slug)
        if b:
            lat = sorted(m["latencyMs"] for m in mine if m["latencyMs"] is not None)
            want = lat[(len(lat) - 1) // 2] if lat else None
            ok = b[1] == en["badge"]["noData"] if want is None else number(b[1]) == want
            report("provider %s latency = lower median of the API's (%s)" % (slug, want), ok, repr(b))

    # Labels in each language: the status text and the not-found badge.
    m = models[0]
    for lang in ("en", "ko", "ja", "zh", "es"):
        cat = catalog(lang)
        b = badge("lang %s" % lang, "/badge/%s.svg?lang=%s" % (m["slug"], lang))
        if b:
            report("lang %s status text" % lang, b[1] == cat["status"][m["status"]], repr(b))
        b = badge("lang %s 404" % lang, "/badge/no-such-model.svg?lang=%s" % lang, 404)
        if b:
            report("lang %s 404 says not found" % lang,
                   b[:2] == ("no-such-model", cat["badge"]["notFound"]) and b[2] == COLORS["unknown"], repr(b))
        b = badge("lang %s availability label" % lang, "/badge/%s/availability.svg?range=7d&lang=%s" % (m["slug"], lang))
        if b:
            report("lang %s availability label" % lang,
                   b[0] == cat["badge"]["availability7d"].replace("{name}", m["name"]), repr(b))
    b = badge("provider 404", "/badge/provider/no-such-provider.svg", 404)
    if b:
        report("provider 404 says not found", b[1] == en["badge"]["notFound"], repr(b))


main()
