#!/usr/bin/env python3
"""pg_write_check.py: every table of a SQLite file and of a PostgreSQL database that recorded the same batches, compared row by row (tests/e2e/pg_write.sh).

Usage: pg_write_check.py [--by-content] [--tables T,...] SQLITE_FILE
                         POSTGRES_URL

Each table is read whole from both (SQLite through python's sqlite3,
PostgreSQL through psql's COPY … TO STDOUT in text format) and printed the
same way; the two sorted lists of rows must be equal. What may differ by
design is left out or mapped:
  * ids: a PostgreSQL identity is never given back (an INSERT … ON
    CONFLICT DO NOTHING takes one, a deleted row's id is not reused), a
    SQLite rowid is max + 1. So a generated id is replaced by its rank among
    the table's ids (a new row's id is above every live row's in both
    engines), and a column that names one (incident_id, event_id) by the
    rank of the id it names; checks.id is left out (one per check anyway);
  * aigo_meta's schema_version row (PostgreSQL's PRAGMA user_version);
  * the outbox's random key and its created_at (the clock at the write),
    and in its payload the incident's id (mapped to its rank).
With --by-content (writers that ran at once, whose new incidents took
their ids in another order than the serial run's), an incident's,
outbox event's and incident update's id is replaced by the rest of its
row instead of its rank. --tables: those tables only.
Prints one line per table and exits 1 when any differs (with the first
differing rows).
"""
import json
import sqlite3
import subprocess
import sys

RANKED = {"incidents": "id", "outbox": "id", "incident_updates": "id",
          "maintenances": "id", "providers": "id", "models": "id",
          "endpoints": "id"}
REFS = {"incident_events": {"incident_id": "incidents"},
        "incident_updates": {"incident_id": "incidents"},
        "outbox": {"incident_id": "incidents"},
        "outbox_deliveries": {"event_id": "outbox"}}
SKIP = {"checks": {"id"}, "outbox": {"key", "created_at"}}
# --by-content: these ids stand for the rest of their row, in this order
# (an outbox event and an update name an incident).
CONTENT = ("incidents", "outbox", "incident_updates")


def text(v):
    """A value as COPY's text format prints it."""
    if v is None:
        return "\\N"
    if isinstance(v, bytes):
        v = v.decode()
    s = str(v)
    return (s.replace("\\", "\\\\").replace("\t", "\\t")
            .replace("\n", "\\n").replace("\r", "\\r"))


def pg_rows(url, table, cols):
    sql = "COPY (SELECT %s FROM %s) TO STDOUT" % (
        ", ".join('"%s"' % c for c in cols), table)
    out = subprocess.run(["psql", url, "-X", "-q", "-c", sql],
                         check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.splitlines()]


def shown_row(t, cols, row, rank, side, by_content):
    """row with its references (and the outbox payload's incident) mapped
    through rank, its own id included as it is. A reference to a row no
    longer there (an incident a late check took back) keeps its id, but
    not by content (ids in another order)."""
    row = list(row)
    for c, ref in REFS.get(t, {}).items():
        i = cols.index(c)
        if row[i] != "\\N":
            row[i] = rank[ref][side].get(
                row[i], "gone" if by_content else "gone:" + row[i])
    if t == "outbox":
        i = cols.index("payload")
        p = json.loads(row[i].replace("\\\\", "\\"))
        if p.get("incidentId"):
            p["incidentId"] = rank["incidents"][side].get(
                str(p["incidentId"]), "gone")
        row[i] = json.dumps(p, sort_keys=True)
    return row


def main():
    args = sys.argv[1:]
    by_content = args[:1] == ["--by-content"]
    if by_content:
        args = args[1:]
    only = None
    if args[:1] == ["--tables"]:
        only = set(args[1].split(","))
        args = args[2:]
    lite = sqlite3.connect(args[0])
    url = args[1]
    tables = [r[0] for r in lite.execute(
        "SELECT name FROM sqlite_master WHERE type = 'table' "
        "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    if only is not None:
        tables = [t for t in tables if t in only]
    data = {}
    for t in tables:
        cols = [r[1] for r in lite.execute("PRAGMA table_info(%s)" % t)]
        a = [[text(v) for v in row]
             for row in lite.execute("SELECT %s FROM %s" %
                                     (", ".join(cols), t))]
        b = pg_rows(url, t, cols)
        if t == "aigo_meta":
            # PostgreSQL's twin of PRAGMA user_version.
            b = [r for r in b if r[0] != "schema_version"]
        data[t] = (cols, a, b)
    # The rank of each generated id, per engine.
    rank = {}
    for t, c in RANKED.items():
        if t not in data or (by_content and t in CONTENT):
            continue
        cols, a, b = data[t]
        i = cols.index(c)
        rank[t] = tuple({v: str(k) for k, v in enumerate(
            sorted((row[i] for row in rows), key=int))} for rows in (a, b))
    for t in CONTENT if by_content else ():
        if t not in data:
            continue
        cols, a, b = data[t]
        i = cols.index(RANKED[t])
        keep = [k for k, c in enumerate(cols)
                if k != i and c not in SKIP.get(t, ())]
        rank[t] = tuple({row[i]: "<" + "|".join(
            shown_row(t, cols, row, rank, side, True)[k] for k in keep) + ">"
            for row in rows} for side, rows in enumerate((a, b)))
    failed = 0
    for t in tables:
        cols, a, b = data[t]
        keep = [i for i, c in enumerate(cols) if c not in SKIP.get(t, ())]
        out = []
        for side, rows in enumerate((a, b)):
            shown = []
            for row in rows:
                row = shown_row(t, cols, row, rank, side, by_content)
                if t in RANKED:
                    i = cols.index(RANKED[t])
                    row[i] = rank[t][side][row[i]]
                shown.append("\t".join(row[k] for k in keep))
            out.append(sorted(shown))
        same = out[0] == out[1]
        print("%-20s %6d rows %s" % (t, len(out[0]),
                                     "equal" if same else
                                     "DIFFER (PostgreSQL %d rows)" %
                                     len(out[1])))
        if not same:
            failed += 1
            only_a = [r for r in out[0] if r not in set(out[1])][:5]
            only_b = [r for r in out[1] if r not in set(out[0])][:5]
            for r in only_a:
                print("  only in SQLite:     " + r)
            for r in only_b:
                print("  only in PostgreSQL: " + r)
    total = sum(len(d[1]) for d in data.values())
    print("pg_write_check: %d tables, %d rows, %d differ" %
          (len(tables), total, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
