#!/usr/bin/env python3
"""rules_check.py: checks the shape of contrib/prometheus/aigo-rules.yml against its tests and docs/alerting.md, or lists the metrics its rules read.

Usage: rules_check.py shape RULES TESTS DOC   prints one line per problem
       rules_check.py metrics RULES           prints the aigo_ metric names
                                              the expressions read
       rules_check.py dashboard DASH PROM_URL MODELS_PROM
                                              runs every panel's query on a
                                              Prometheus that scraped
                                              /metrics/models (MODELS_PROM, a
                                              copy), prints one line per
                                              problem
"""
import json
import re
import sys
import urllib.parse
import urllib.request

import yaml

# The alerts issue 19 asks for, with the severity each must have (the
# issue: error rate, latency and the data source are critical).
REQUIRED = {
    "AigoDown": "critical",
    "AigoApiErrorRate": "critical",
    "AigoLatencyP99": "critical",
    "AigoServingFallback": "critical",
    "AigoNoDataSource": "critical",
    "AigoSnapshotStale": "warning",
    "AigoProberLate": "warning",
    "AigoProberDown": "warning",
    "AigoNotifyQueueStuck": "warning",
    "AigoNotifyGivingUp": "warning",
}


def alerts(path):
    with open(path, encoding="utf-8") as f:
        doc = yaml.safe_load(f)
    return [r for g in doc["groups"] for r in g["rules"]]


def shape(rules_path, tests_path, doc_path):
    problems = []
    rules = alerts(rules_path)
    names = [r.get("alert") for r in rules]
    for name, severity in REQUIRED.items():
        if name not in names:
            problems.append(f"{name}: missing")
    with open(doc_path, encoding="utf-8") as f:
        headings = set(re.findall(r"^### (\w+)$", f.read(), re.M))
    with open(tests_path, encoding="utf-8") as f:
        tests = yaml.safe_load(f)
    firing, quiet = set(), set()
    for t in tests["tests"]:
        for a in t.get("alert_rule_test", []):
            (firing if a.get("exp_alerts") else quiet).add(a["alertname"])
    for r in rules:
        name = r.get("alert")
        if name is None:
            problems.append(f"record {r.get('record')}: not an alert")
            continue
        sev = r.get("labels", {}).get("severity")
        if sev not in ("critical", "warning"):
            problems.append(f"{name}: severity {sev!r}")
        if name in REQUIRED and sev != REQUIRED[name]:
            problems.append(f"{name}: severity {sev}, want {REQUIRED[name]}")
        ann = r.get("annotations", {})
        for key in ("summary", "description", "runbook"):
            if not ann.get(key):
                problems.append(f"{name}: no {key} annotation")
        if ann.get("runbook") != f"docs/alerting.md#{name.lower()}":
            problems.append(f"{name}: runbook {ann.get('runbook')!r}")
        if name not in headings:
            problems.append(f"{name}: no '### {name}' in {doc_path}")
        if name not in firing:
            problems.append(f"{name}: no test where it fires")
        if name not in quiet:
            problems.append(f"{name}: no test where it stays quiet")
    for line in problems:
        print(line)


def metrics(rules_path):
    found = set()
    for r in alerts(rules_path):
        for m in re.findall(r"\baigo_[a-z0-9_]+", r["expr"]):
            found.add(re.sub(r"_(bucket|sum|count)$", "", m))
    for m in sorted(found):
        print(m)


def prom_query(url, expr):
    data = urllib.parse.urlencode({"query": expr}).encode()
    with urllib.request.urlopen(url + "/api/v1/query", data, timeout=10) as r:
        body = json.load(r)
    if body.get("status") != "success":
        raise ValueError(body.get("error", "query failed"))
    return body["data"]["result"]


# The value of each status in the region status panel (its legend says so).
STATUS_VALUE = {"operational": 0, "degraded": 1, "outage": 2, "unknown": 3}


def dashboard(dash_path, url, models_prom):
    with open(dash_path, encoding="utf-8") as f:
        dash = json.load(f)
    if "__inputs" in dash:
        print("__inputs: an import would ask for a data source no panel uses")
    for panel in dash["panels"]:
        for t in panel.get("targets", []):
            expr = t["expr"].replace("$provider", ".*").replace("$model", ".*")
            try:
                got = prom_query(url, expr)
            except Exception as e:  # a query Prometheus refuses
                print(f"{panel['title']}: {e}")
                continue
            if not got:
                print(f"{panel['title']}: no series")
            if panel["title"] == "Region status over time":
                check_region_status(panel["title"], got, models_prom)


def check_region_status(title, got, models_prom):
    """The panel's value per region equals the status /metrics/models gave."""
    want = {}
    pat = re.compile(r'^aigo_model_region_status\{(.*)\} 1$')
    for line in open(models_prom, encoding="utf-8"):
        m = pat.match(line.strip())
        if m:
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            key = (labels["provider"], labels["model"], labels["region"])
            want[key] = STATUS_VALUE[labels["status"]]
    seen = {}
    for r in got:
        m = r["metric"]
        seen[(m["provider"], m["model"], m["region"])] = int(float(r["value"][1]))
    if seen != want:
        diff = sorted(set(seen.items()) ^ set(want.items()))[:5]
        print(f"{title}: {len(seen)} regions, {len(want)} served; differ: {diff}")


if __name__ == "__main__":
    if len(sys.argv) == 5 and sys.argv[1] == "shape":
        shape(*sys.argv[2:])
    elif len(sys.argv) == 3 and sys.argv[1] == "metrics":
        metrics(sys.argv[2])
    elif len(sys.argv) == 5 and sys.argv[1] == "dashboard":
        dashboard(*sys.argv[2:])
    else:
        sys.exit(__doc__)
