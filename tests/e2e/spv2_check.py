#!/usr/bin/python3
# spv2_check.py: checks the Statuspage-compatible API's answers: validates a body against tests/e2e/statuspage_v2.schema.json, computes the component statuses and the page indicator from the database alone (DESIGN 3 and 8, docs/api.md's mapping), and compares incidents with /api/v1/incidents.
"""Usage:
  spv2_check.py schema ENDPOINT BODY     (ENDPOINT: "summary.json", ...)
  spv2_check.py schemas LIST             (LIST: lines "NAME<TAB>ENDPOINT<TAB>BODY";
                                          each output line is "NAME<TAB>" and
                                          what schema printed for that body)
  spv2_check.py oracle DB NOW W BODY     (BODY: summary.json or components.json)
  spv2_check.py incidents V2_BODY V1_BODY
Prints "ok ..." or "FAIL ..." per check; exits 1 when any failed.
"""
import io
import json
import os
import sqlite3
import sys

failed = 0


def check(name, got, want):
    global failed
    if got == want:
        print("ok", name)
    else:
        failed += 1
        print("FAIL %s: got %r, want %r" % (name, got, want))


VALIDATORS = {}


def schema(endpoint, path):
    # Imported here: it takes about a second, and only this mode needs it.
    import jsonschema

    if endpoint not in VALIDATORS:
        here = os.path.dirname(os.path.abspath(__file__))
        with open(os.path.join(here, "statuspage_v2.schema.json")) as f:
            doc = json.load(f)
        sch = dict(doc)
        sch["$ref"] = "#/$defs/" + endpoint.replace("/", "~1")
        VALIDATORS[endpoint] = jsonschema.Draft202012Validator(
            sch, format_checker=jsonschema.FormatChecker())
    body = json.load(open(path))
    errors = list(VALIDATORS[endpoint].iter_errors(body))
    for e in errors[:5]:
        print("  at %s: %s" % ("/".join(map(str, e.absolute_path)), e.message))
    check("%s validates against the schema" % endpoint, len(errors), 0)


def schemas(listing):
    """schema for each line of LIST in one process (importing jsonschema
    took about a second a run); each line printed with its NAME first."""
    real = sys.stdout
    for line in open(listing):
        name, endpoint, path = line.rstrip("\n").split("\t")
        out = io.StringIO()
        sys.stdout = out
        try:
            schema(endpoint, path)
        finally:
            sys.stdout = real
        for text in out.getvalue().splitlines():
            print("%s\t%s" % (name, text))


# DESIGN 8: all operational -> none (operational); any outage -> major
# (partial outage), every one outage -> critical (major outage); else
# minor (degraded performance). docs/api.md: that order of gravity.
LEVEL = {"none": "operational", "minor": "degraded_performance",
         "major": "partial_outage", "critical": "major_outage"}
GRAVITY = ["operational", "under_maintenance", "degraded_performance",
           "partial_outage", "major_outage"]
INDICATOR = {"operational": "none", "under_maintenance": "none",
             "degraded_performance": "minor", "partial_outage": "major",
             "major_outage": "critical"}


def severity(statuses):
    if not statuses:
        return None
    if all(s == "operational" for s in statuses):
        return "none"
    if all(s == "outage" for s in statuses):
        return "critical"
    if any(s == "outage" for s in statuses):
        return "major"
    return "minor"


def oracle(db, now, w, path):
    now, w = int(now), int(w)
    con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
    body = json.load(open(path))
    # Each region's latest check at or before now.
    latest = {}
    for mid, region, t, st in con.execute(
            "SELECT model_id, region, checked_at, status FROM checks c "
            "WHERE checked_at <= ? AND checked_at = (SELECT max(checked_at) "
            "FROM checks k WHERE k.model_id = c.model_id AND "
            "k.region = c.region AND k.checked_at <= ?)", (now, now)):
        latest.setdefault(mid, {})[region] = (t, st)
    covered = set()
    for mid, pid in con.execute(
            "SELECT m.id, m.provider_id FROM models m JOIN maintenance_targets t "
            "ON t.provider_id = m.provider_id AND (t.model_id IS NULL OR "
            "t.model_id = m.id) JOIN maintenances w ON w.id = t.maintenance_id "
            "WHERE w.cancelled_at IS NULL AND w.starts_at <= ? AND "
            "w.ends_at > ?", (now, now)):
        covered.add(mid)
    want, groups = {}, {}
    for mid, slug, pslug in con.execute(
            "SELECT m.id, m.slug, p.slug FROM models m JOIN providers p ON "
            "p.id = m.provider_id WHERE m.is_active"):
        regions = latest.get(mid, {})
        fresh = [st for (t, st) in regions.values() if now - t < w]
        sev = severity(fresh)
        if sev is None:  # unknown: the last known status
            sev = severity([st for (t, st) in regions.values()])
        if sev is None:  # never checked: not a component
            continue
        level = "under_maintenance" if mid in covered else LEVEL[sev]
        want["model." + slug] = level
        groups.setdefault("provider." + pslug, []).append(level)
    got = {c["id"]: c["status"] for c in body["components"] if not c["group"]}
    check("component ids", sorted(got), sorted(want))
    diff = [k for k in want if got.get(k) != want[k]]
    check("component statuses", diff, [])
    print("   (%d components: %s)" % (len(want), ", ".join(
        "%s %d" % (lv, list(want.values()).count(lv)) for lv in GRAVITY)))
    gots = {c["id"]: c for c in body["components"] if c["group"]}
    check("group ids", sorted(gots), sorted(groups))
    check("group statuses", {g: gots[g]["status"] for g in gots if g in groups},
          {g: max(v, key=GRAVITY.index) for g, v in groups.items()})
    members = {g: sorted(gots[g]["components"]) for g in gots}
    by_group = {}
    for c in body["components"]:
        if not c["group"]:
            by_group.setdefault(c["group_id"], []).append(c["id"])
    check("group members", members, {g: sorted(v) for g, v in by_group.items()})
    if "status" in body:
        worst = max(want.values(), key=GRAVITY.index, default="operational")
        check("indicator", body["status"]["indicator"], INDICATOR[worst])


def incidents(v2_path, v1_path):
    v2 = json.load(open(v2_path))["incidents"]
    v1 = json.load(open(v1_path))["incidents"]
    check("incident ids, newest first", [i["id"] for i in v2],
          [str(i["id"]) for i in v1])
    check("created_at = startedAt", [i["created_at"] for i in v2],
          [i["startedAt"] for i in v1])
    check("started_at = startedAt", [i["started_at"] for i in v2],
          [i["startedAt"] for i in v1])
    check("resolved_at = resolvedAt", [i["resolved_at"] for i in v2],
          [i["resolvedAt"] for i in v1])
    check("impact = peakSeverity", [i["impact"] for i in v2],
          [i["peakSeverity"] for i in v1])

    def state(i):
        if i["state"] == "resolved":
            return "resolved"
        if i["source"] == "manual" and i["updates"]:
            return i["updates"][-1]["state"]
        return "investigating"
    check("status from the state", [i["status"] for i in v2],
          [state(i) for i in v1])
    check("updates (newest first)",
          [[(u["id"], u["status"], u["body"], u["created_at"])
            for u in i["incident_updates"]] for i in v2],
          [[(str(u["id"]), u["state"], u["message"], u["at"])
            for u in reversed(i["updates"])] for i in v1])
    # A model's incident affects its component; a provider's its group.
    check("affected components",
          [[c["id"] for c in i["components"]][:1] for i in v2],
          [["model." + i["model"]["slug"]] if i["model"] else
           ["provider." + i["provider"]["slug"]] for i in v1])


if __name__ == "__main__":
    a = sys.argv[1:]
    if len(a) == 3 and a[0] == "schema":
        schema(a[1], a[2])
    elif len(a) == 2 and a[0] == "schemas":
        schemas(a[1])
    elif len(a) == 5 and a[0] == "oracle":
        oracle(*a[1:])
    elif len(a) == 3 and a[0] == "incidents":
        incidents(a[1], a[2])
    else:
        print(__doc__, file=sys.stderr)
        sys.exit(2)
    sys.exit(1 if failed else 0)
