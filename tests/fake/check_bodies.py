#!/usr/bin/env python3
"""check_bodies.py: checks the bodies the receiver recorded for the Slack, Discord, Teams and ntfy channels against tests/fake/channel_schemas.json (python3-jsonschema) and Discord's 6000-character total; prints one line per problem and "N bodies checked".

Usage: check_bodies.py SCHEMAS REQUESTS_JSONL CHANNEL=TYPE...
"""
import json
import sys

import jsonschema

schemas = json.load(open(sys.argv[1]))
kinds = dict(a.split("=", 1) for a in sys.argv[3:])
checked = 0
problems = 0
for line in open(sys.argv[2]):
    rec = json.loads(line)
    kind = kinds.get(rec["channel"])
    if kind is None:
        continue
    checked += 1
    try:
        body = json.loads(rec["body"])
    except ValueError as e:
        print("%s: not JSON: %s" % (rec["channel"], e))
        problems += 1
        continue
    errors = list(jsonschema.Draft7Validator(schemas[kind]).iter_errors(body))
    for e in errors:
        print("%s (%s): %s at %s" % (rec["channel"], rec["event"], e.message, list(e.path)))
    problems += len(errors)
    if kind == "discord":
        total = 0
        for em in body.get("embeds", []):
            total += len(em.get("title", "")) + len(em.get("description", ""))
            total += len(em.get("footer", {}).get("text", "")) + len(em.get("author", {}).get("name", ""))
            for f in em.get("fields", []):
                total += len(f["name"]) + len(f["value"])
        if total > 6000:
            print("%s: embeds hold %d characters, more than 6000" % (rec["channel"], total))
            problems += 1
    if not rec["content_type"] or not rec["content_type"].startswith("application/json"):
        print("%s: Content-Type %s" % (rec["channel"], rec["content_type"]))
        problems += 1
print("%d bodies checked, %d problems" % (checked, problems))
sys.exit(1 if problems else 0)
