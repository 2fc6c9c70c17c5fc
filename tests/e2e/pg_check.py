#!/usr/bin/env python3
"""pg_check.py: tests/e2e/pg.sh's oracle: db/schema-pg.sql against db/schema.sql, read from the engines themselves (SQLite's pragmas and sqlite_master, PostgreSQL's catalogs through psql), and a table of rows each constraint must refuse, run through both.

Usage: pg_check.py schema SCHEMA.sql PG_URL
       pg_check.py refuse SCHEMA.sql PG_URL

Prints one line per comparison or case, "PASS name" or "FAIL name: why"
(the suite counts them). PG_URL is a libpq connection string to a
database that has db/schema-pg.sql and nothing else (PGPASSFILE gives the
password); SCHEMA.sql is SQLite's schema, loaded into a new in-memory
database here.
"""
import re
from collections import Counter
import sqlite3
import subprocess
import sys

# The one column whose type is mapped to something other than its twin
# of INTEGER -> bigint, TEXT -> text: the outbox's JSON payload
# (SQLite: TEXT with json_valid; PostgreSQL: json, which keeps the text
# as written).
TYPE_EXCEPTIONS = {("outbox", "payload"): "json"}
# Tables only PostgreSQL has: the generation (SQLite has PRAGMA
# data_version).
PG_ONLY = {"aigo_generation"}
# Where the engines differ by design, and why (printed, not failed).
KNOWN = {
    ("notnull", "notify_counters", "channel"):
        "SQLite lets NULL into a rowid table's TEXT PRIMARY KEY (a "
        "documented quirk); PostgreSQL's primary key is NOT NULL",
}

results = []


def report(name, ok, why=""):
    results.append((name, ok, why))


def psql(url, sql):
    """Rows of sql (lists of fields) run through psql as the test's role."""
    out = subprocess.run(
        ["psql", url, "-X", "-A", "-t", "-q", "-F", "\t", "-v",
         "ON_ERROR_STOP=1", "-c", sql],
        check=True, capture_output=True, text=True).stdout
    return [line.split("\t") for line in out.split("\n") if line != ""]


def sqlite_db(schema_path):
    db = sqlite3.connect(":memory:", isolation_level=None)
    with open(schema_path, encoding="utf-8") as f:
        db.executescript(f.read())
    db.execute("PRAGMA foreign_keys = ON")
    return db


def split_top(body):
    """body's comma-separated parts at parenthesis depth 0."""
    parts, depth, cur, quote = [], 0, "", False
    for ch in body:
        if ch == "'":
            quote = not quote
        elif not quote and ch == "(":
            depth += 1
        elif not quote and ch == ")":
            depth -= 1
        if ch == "," and depth == 0 and not quote:
            parts.append(cur)
            cur = ""
        else:
            cur += ch
    parts.append(cur)
    return [p.strip() for p in parts if p.strip()]


def sqlite_model(db):
    """The schema as SQLite reports it, in the shape pg_model returns."""
    m = {"tables": {}, "unique": set(), "fk": set(), "checks": [],
         "indexes": {}}
    tables = db.execute("SELECT name, sql FROM sqlite_master WHERE type = "
                        "'table' ORDER BY name").fetchall()
    for t, sql in tables:
        without_rowid = "WITHOUT ROWID" in sql.upper()
        cols = db.execute("PRAGMA table_info(%s)" % t).fetchall()
        pk = [c[1] for c in sorted(cols, key=lambda c: c[5]) if c[5] > 0]
        rowid_alias = (len(pk) == 1 and not without_rowid and
                       [c for c in cols if c[1] == pk[0]][0][2].upper() ==
                       "INTEGER")
        fk_cols = {r[3] for r in db.execute(
            "PRAGMA foreign_key_list(%s)" % t)}
        cinfo = []
        for cid, name, typ, notnull, dflt, pkpos in cols:
            # A PRIMARY KEY column is NOT NULL in a WITHOUT ROWID table
            # and as the rowid's alias; elsewhere SQLite allows NULL.
            nn = bool(notnull) or (pkpos > 0 and (without_rowid or
                                                  rowid_alias))
            ident = rowid_alias and name == pk[0] and name not in fk_cols
            cinfo.append((name, typ.upper(), nn, dflt, ident))
        m["tables"][t] = {"cols": cinfo, "pk": tuple(pk)}
        for r in db.execute("PRAGMA foreign_key_list(%s)" % t):
            m["fk"].add((t, r[3], r[2], r[4], r[6].upper()))
        for _, iname, unique, origin, partial in db.execute(
                "PRAGMA index_list(%s)" % t):
            icols = tuple(r[2] if r[1] >= 0 else "(expr)" for r in
                          db.execute("PRAGMA index_xinfo(%s)" % iname)
                          if r[5])
            if origin == "u":
                m["unique"].add((t, icols))
            elif origin == "c":
                m["indexes"][iname] = (t, icols, bool(unique), bool(partial))
        # CHECKs: each one named by the table and the columns its
        # expression reads (as PostgreSQL's conkey names them).
        body = re.sub(r"--[^\n]*", "", sql)
        body = body[body.index("(") + 1:body.rindex(")")]
        names = {c[0] for c in cinfo}
        for part in split_top(body):
            for expr in re.split(r"\bCHECK\s*\(", part, flags=re.I)[1:]:
                words = set(re.findall(r"\w+", re.sub(r"'[^']*'", "", expr)))
                m["checks"].append((t, ",".join(sorted(words & names))))
    return m


def pg_model(url):
    m = {"tables": {}, "unique": set(), "fk": set(), "checks": [],
         "indexes": {}}
    # One query per kind of fact (each psql costs a connection).
    for t, in psql(url, "SELECT table_name FROM information_schema.tables "
                   "WHERE table_schema = 'public' AND table_type = 'BASE "
                   "TABLE' ORDER BY 1"):
        m["tables"][t] = {"cols": [], "pk": ()}
    for t, name, typ, nullable, dflt, ident in psql(
            url, "SELECT table_name, column_name, data_type, is_nullable, "
            "coalesce(column_default, ''), is_identity FROM "
            "information_schema.columns WHERE table_schema = 'public' "
            "ORDER BY table_name, ordinal_position"):
        if t in m["tables"]:
            d = re.sub(r"::[a-z ]+$", "", dflt) if dflt else None
            m["tables"][t]["cols"].append((name, typ, nullable == "NO", d,
                                           ident == "YES"))
    for t, cols in psql(url, """
SELECT c.conrelid::regclass::text, (SELECT string_agg(a.attname, ','
  ORDER BY k.i) FROM unnest(c.conkey) WITH ORDINALITY k(n, i) JOIN
  pg_attribute a ON a.attrelid = c.conrelid AND a.attnum = k.n)
FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
WHERE s.nspname = 'public' AND c.contype = 'p'"""):
        if t in m["tables"]:
            m["tables"][t]["pk"] = tuple(cols.split(","))
    # Constraints: kind, table, name, columns (in key order), the
    # referenced table and columns, ON DELETE.
    rows = psql(url, """
SELECT c.contype, c.conrelid::regclass::text, c.conname,
  (SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM unnest(c.conkey)
     WITH ORDINALITY k(n, i) JOIN pg_attribute a ON a.attrelid = c.conrelid
     AND a.attnum = k.n),
  coalesce(c.confrelid::regclass::text, ''),
  coalesce((SELECT string_agg(a.attname, ',' ORDER BY k.i) FROM
     unnest(c.confkey) WITH ORDINALITY k(n, i) JOIN pg_attribute a ON
     a.attrelid = c.confrelid AND a.attnum = k.n), ''),
  c.confdeltype
FROM pg_constraint c JOIN pg_namespace s ON s.oid = c.connamespace
WHERE s.nspname = 'public' AND c.contype IN ('u', 'f', 'c')""")
    for kind, t, name, cols, rt, rcols, dele in rows:
        if kind == "u":
            m["unique"].add((t, tuple(cols.split(","))))
        elif kind == "f":
            ondel = {"a": "NO ACTION", "c": "CASCADE", "r": "RESTRICT",
                     "n": "SET NULL", "d": "SET DEFAULT"}[dele]
            m["fk"].add((t, cols, rt, rcols, ondel))
        else:
            m["checks"].append((t, ",".join(sorted(cols.split(",")))))
    # Indexes that are not a constraint's.
    for name, t, cols, unique, partial in psql(url, """
SELECT i.indexrelid::regclass::text, i.indrelid::regclass::text,
  (SELECT string_agg(CASE WHEN k.n = 0 THEN '(expr)' ELSE a.attname END,
     ',' ORDER BY k.i) FROM unnest(i.indkey::int2[]) WITH ORDINALITY k(n, i)
     LEFT JOIN pg_attribute a ON a.attrelid = i.indrelid AND a.attnum = k.n),
  i.indisunique, i.indpred IS NOT NULL
FROM pg_index i JOIN pg_class c ON c.oid = i.indexrelid
JOIN pg_namespace s ON s.oid = c.relnamespace
WHERE s.nspname = 'public'
  AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conindid = i.indexrelid)"""):
        m["indexes"][name] = (t, tuple(cols.split(",")), unique == "t",
                              partial == "t")
    return m


def pg_type_of(table, col, sqlite_type):
    if (table, col) in TYPE_EXCEPTIONS:
        return TYPE_EXCEPTIONS[(table, col)]
    return {"INTEGER": "bigint", "TEXT": "text"}.get(sqlite_type,
                                                     "?" + sqlite_type)


def compare_schema(schema_path, url):
    s = sqlite_model(sqlite_db(schema_path))
    p = pg_model(url)
    st, pt = set(s["tables"]), set(p["tables"]) - PG_ONLY
    report("tables: the same names", st == pt,
           "only in SQLite: %s; only in PostgreSQL: %s"
           % (sorted(st - pt), sorted(pt - st)))
    for t in sorted(st & pt):
        sc, pc = s["tables"][t]["cols"], p["tables"][t]["cols"]
        report("%s: the same columns in the same order" % t,
               [c[0] for c in sc] == [c[0] for c in pc],
               "SQLite %s, PostgreSQL %s" % ([c[0] for c in sc],
                                            [c[0] for c in pc]))
        pcols = {c[0]: c for c in pc}
        for name, typ, nn, dflt, ident in sc:
            if name not in pcols:
                continue
            _, ptyp, pnn, pdflt, pident = pcols[name]
            want = pg_type_of(t, name, typ)
            report("%s.%s: type %s -> %s" % (t, name, typ, want),
                   ptyp == want, "PostgreSQL has %s" % ptyp)
            if nn != pnn and ("notnull", t, name) in KNOWN:
                print("NOTE %s.%s: %s" % (t, name,
                                          KNOWN[("notnull", t, name)]))
            else:
                report("%s.%s: NOT NULL %s" % (t, name, nn), nn == pnn,
                       "PostgreSQL: NOT NULL %s" % pnn)
            report("%s.%s: default %s" % (t, name, dflt), dflt == pdflt,
                   "PostgreSQL: default %s" % pdflt)
            report("%s.%s: generated key %s" % (t, name, ident),
                   ident == pident, "PostgreSQL: identity %s" % pident)
        report("%s: primary key %s" % (t, s["tables"][t]["pk"]),
               s["tables"][t]["pk"] == p["tables"][t]["pk"],
               "PostgreSQL: %s" % (p["tables"][t]["pk"],))
    # CHECKs by the columns they read, counted (a column may have two).
    sc = Counter(x for x in s["checks"] if x[0] not in PG_ONLY)
    pc = Counter(x for x in p["checks"] if x[0] not in PG_ONLY)
    for x in sorted(set(sc) | set(pc)):
        report("CHECK on %s(%s) x%d" % (x[0], x[1], sc[x]), sc[x] == pc[x],
               "PostgreSQL has %d" % pc[x])
    for kind, what in (("unique", "UNIQUE"), ("fk", "FOREIGN KEY")):
        sk = {x for x in s[kind] if x[0] not in PG_ONLY}
        pk = {x for x in p[kind] if x[0] not in PG_ONLY}
        for x in sorted(sk | pk):
            report("%s %s" % (what, x), x in sk and x in pk,
                   "only in %s" % ("SQLite" if x in sk else "PostgreSQL"))
    si = s["indexes"]
    pi = {k: v for k, v in p["indexes"].items() if v[0] not in PG_ONLY}
    for name in sorted(set(si) | set(pi)):
        report("index %s %s" % (name, si.get(name, pi.get(name))),
               si.get(name) == pi.get(name),
               "SQLite %s, PostgreSQL %s" % (si.get(name), pi.get(name)))


# ---- Rows each constraint must refuse ---------------------------------
# Parent rows every case may point at (the same SQL on both).
FIXTURE = """
INSERT INTO providers(id, slug, name) VALUES (1, 'acme', 'Acme');
INSERT INTO models(id, provider_id, slug, name) VALUES (1, 1, 'acme-1.5', 'Acme 1.5');
INSERT INTO endpoints(id, model_id, region, url) VALUES (1, 1, 'global', 'https://api.acme.test/v1');
INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (1, 1, 'global', 1000, 'operational', 'probe');
INSERT INTO current_status(model_id, region, checked_at, status, source) VALUES (1, 'global', 1000, 'operational', 'probe');
INSERT INTO incidents(id, provider_id, model_id, source, started_at, opened_at, severity, peak_severity) VALUES (1, 1, 1, 'auto', 1000, 1180, 'minor', 'minor');
INSERT INTO maintenances(id, title, starts_at, ends_at, created_at, updated_at, author) VALUES (1, 'Upgrade', 2000, 3000, 1000, 1000, 'cli');
INSERT INTO maintenance_targets(maintenance_id, provider_id, model_id) VALUES (1, 1, NULL);
INSERT INTO outbox(id, kind, key, occurred_at, created_at, maintenance_id, payload) VALUES (1, 'maintenance.started', '0123456789abcdef0123456789abcdef', 2000, 2000, 1, '{}');
INSERT INTO notify_counters(channel) VALUES ('ops');
"""
A65, A129 = "a" * 65, "A" * 129


def P(i, slug, name="'P'"):
    return ("INSERT INTO providers(id, slug, name) VALUES (%d, %s, %s)"
            % (i, slug, name))


# (case, what must happen: ok, check, unique, fk, notnull, type; SQL).
CASES = [
    # Rows just inside every limit: both accept them.
    ("provider slug of 64 [a-z0-9-]", "ok", "INSERT INTO providers(id, slug, name, website) VALUES (10, '%s', 'x', '%s')" % ("a-9" * 21 + "z", "w" * 256)),
    ("model slug with a dot, dates, context window 1", "ok", "INSERT INTO models(id, provider_id, slug, name, context_window, released_at, is_active) VALUES (10, 1, 'm-2.5', 'M', 1, '2025-01-31', 0)"),
    ("endpoint http://, HEAD, timeouts at their bounds", "ok", "INSERT INTO endpoints(id, model_id, region, url, method, timeout_ms, degraded_ms) VALUES (10, 1, 'eu-west-1', 'http://x', 'HEAD', 120000, 1)"),
    ("check with every field at its lowest", "ok", "INSERT INTO checks(id, model_id, region, checked_at, status, latency_ms, http_status, error, source, probe_kind, error_kind, dns_ms, ttft_ms) VALUES (10, 1, 'global', 1, 'degraded', 0, 100, '', 'demo', 'stream', 'rate_limited', 0, 0)"),
    ("resolved incident, closed when resolved", "ok", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, resolved_at, closed_at, severity, peak_severity, regions, error_kinds, title) VALUES (10, 1, 'manual', 5, 5, 6, 6, 'critical', 'major', 'eu-west-1,global', 'http_5xx,timeout', 'T')"),
    ("maintenance target of a model beside the provider's", "ok", "INSERT INTO maintenance_targets(maintenance_id, provider_id, model_id) VALUES (1, 1, 1)"),
    ("outbox payload a JSON object", "ok", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (10, 'incident.opened', '%s', 1, 1, '{\"a\": [1]}')" % ("b" * 32)),
    # providers
    ("provider slug empty", "check", P(20, "''")),
    ("provider slug 65 characters", "check", P(20, "'%s'" % A65)),
    ("provider slug with upper case", "check", P(20, "'Acme'")),
    ("provider slug with a non-ASCII letter", "check", P(20, "'acm\u00e9'")),
    ("provider slug with a dot", "check", P(20, "'ac.me'")),
    ("provider slug NULL", "notnull", P(20, "NULL")),
    ("provider slug taken", "unique", P(20, "'acme'")),
    ("provider name empty", "check", P(20, "'p20'", "''")),
    ("provider name 129 characters", "check", P(20, "'p20'", "'%s'" % A129)),
    ("provider website 257 characters", "check", "INSERT INTO providers(id, slug, name, website) VALUES (20, 'p20', 'P', '%s')" % ("w" * 257)),
    ("provider id taken", "unique", P(1, "'p20'")),
    ("provider id text", "type", P(0, "'p20'").replace("(0,", "('one',")),
    # models
    ("model of no provider", "fk", "INSERT INTO models(id, provider_id, slug, name) VALUES (20, 999, 'm20', 'M')"),
    ("model slug with an underscore", "check", "INSERT INTO models(id, provider_id, slug, name) VALUES (20, 1, 'm_20', 'M')"),
    ("model slug taken", "unique", "INSERT INTO models(id, provider_id, slug, name) VALUES (20, 1, 'acme-1.5', 'M')"),
    ("model context window 0", "check", "INSERT INTO models(id, provider_id, slug, name, context_window) VALUES (20, 1, 'm20', 'M', 0)"),
    ("model released_at not YYYY-MM-DD", "check", "INSERT INTO models(id, provider_id, slug, name, released_at) VALUES (20, 1, 'm20', 'M', '2025-1-31')"),
    ("model deprecated_at with a time", "check", "INSERT INTO models(id, provider_id, slug, name, deprecated_at) VALUES (20, 1, 'm20', 'M', '2025-01-31T00')"),
    ("model is_active 2", "check", "INSERT INTO models(id, provider_id, slug, name, is_active) VALUES (20, 1, 'm20', 'M', 2)"),
    ("model is_active text", "type", "INSERT INTO models(id, provider_id, slug, name, is_active) VALUES (20, 1, 'm20', 'M', 'yes')"),
    ("model status_components 12001 characters", "check", "INSERT INTO models(id, provider_id, slug, name, status_components) VALUES (20, 1, 'm20', 'M', '%s')" % ("c" * 12001)),
    # endpoints
    ("endpoint region upper case", "check", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 1, 'EU', 'https://x')"),
    ("endpoint region 33 characters", "check", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 1, '%s', 'https://x')" % ("r" * 33)),
    ("endpoint url ftp://", "check", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 1, 'eu', 'ftp://x')"),
    ("endpoint url HTTPS:// (case)", "check", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 1, 'eu', 'HTTPS://x')"),
    ("endpoint method PUT", "check", "INSERT INTO endpoints(id, model_id, region, url, method) VALUES (20, 1, 'eu', 'https://x', 'PUT')"),
    ("endpoint timeout 99 ms", "check", "INSERT INTO endpoints(id, model_id, region, url, timeout_ms) VALUES (20, 1, 'eu', 'https://x', 99)"),
    ("endpoint timeout 120001 ms", "check", "INSERT INTO endpoints(id, model_id, region, url, timeout_ms) VALUES (20, 1, 'eu', 'https://x', 120001)"),
    ("endpoint degraded 0 ms", "check", "INSERT INTO endpoints(id, model_id, region, url, degraded_ms) VALUES (20, 1, 'eu', 'https://x', 0)"),
    ("endpoint (model, region) taken", "unique", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 1, 'global', 'https://x')"),
    ("endpoint of no model", "fk", "INSERT INTO endpoints(id, model_id, region, url) VALUES (20, 999, 'eu', 'https://x')"),
    # checks
    ("check at 0", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 0, 'outage', 'probe')"),
    ("check status up", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 2000, 'up', 'probe')"),
    ("check status unknown", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 2000, 'unknown', 'probe')"),
    ("check latency -1", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, latency_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check HTTP status 99", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, http_status) VALUES (20, 1, 'global', 2000, 'outage', 'probe', 99)"),
    ("check HTTP status 600", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, http_status) VALUES (20, 1, 'global', 2000, 'outage', 'probe', 600)"),
    ("check error 513 characters", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, error) VALUES (20, 1, 'global', 2000, 'outage', 'probe', '%s')" % ("e" * 513)),
    ("check source manual", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 2000, 'outage', 'manual')"),
    ("check probe kind ping", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, probe_kind) VALUES (20, 1, 'global', 2000, 'outage', 'probe', 'ping')"),
    ("check error kind oops", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, error_kind) VALUES (20, 1, 'global', 2000, 'outage', 'probe', 'oops')"),
    ("check dns -1 ms", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, dns_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check connect -1 ms", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, connect_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check tls -1 ms", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, tls_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check first byte -1 ms", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, first_byte_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check TTFT -1 ms", "check", "INSERT INTO checks(id, model_id, region, checked_at, status, source, ttft_ms) VALUES (20, 1, 'global', 2000, 'outage', 'probe', -1)"),
    ("check (model, region, time) taken", "unique", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 1000, 'outage', 'probe')"),
    ("check of no model", "fk", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 999, 'global', 2000, 'outage', 'probe')"),
    ("check time as text", "type", "INSERT INTO checks(id, model_id, region, checked_at, status, source) VALUES (20, 1, 'global', 'now', 'outage', 'probe')"),
    ("check without a source", "notnull", "INSERT INTO checks(id, model_id, region, checked_at, status) VALUES (20, 1, 'global', 2000, 'outage')"),
    # current_status and the rollups
    ("current status (model, region) taken", "unique", "INSERT INTO current_status(model_id, region, checked_at, status, source) VALUES (1, 'global', 2000, 'outage', 'probe')"),
    ("current status unknown", "check", "INSERT INTO current_status(model_id, region, checked_at, status, source) VALUES (1, 'eu', 2000, 'unknown', 'probe')"),
    ("current status of no model", "fk", "INSERT INTO current_status(model_id, region, checked_at, status, source) VALUES (999, 'eu', 2000, 'outage', 'probe')"),
    ("current status region NULL", "notnull", "INSERT INTO current_status(model_id, region, checked_at, status, source) VALUES (1, NULL, 2000, 'outage', 'probe')"),
    ("hourly rollup off the hour", "check", "INSERT INTO rollups_hourly(model_id, region, hour) VALUES (1, 'global', 3601)"),
    ("hourly rollup count -1", "check", "INSERT INTO rollups_hourly(model_id, region, hour, n_outage) VALUES (1, 'global', 3600, -1)"),
    ("5-minute rollup off the slot", "check", "INSERT INTO rollups_5min(model_id, region, slot) VALUES (1, 'global', 301)"),
    ("5-minute rollup last status bad", "check", "INSERT INTO rollups_5min(model_id, region, slot, last_status) VALUES (1, 'global', 300, 'bad')"),
    ("5-minute rollup start status bad", "check", "INSERT INTO rollups_5min(model_id, region, slot, start_status) VALUES (1, 'global', 300, 'bad')"),
    ("model rollup width 60", "check", "INSERT INTO model_rollups(model_id, width, start) VALUES (1, 60, 3600)"),
    ("model rollup start off its width", "check", "INSERT INTO model_rollups(model_id, width, start) VALUES (1, 21600, 3600)"),
    ("model rollup of no model", "fk", "INSERT INTO model_rollups(model_id, width, start) VALUES (999, 3600, 3600)"),
    # incidents and their events and updates
    ("incident source x", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 1, 'x', 5, 5, 'minor', 'minor')"),
    ("incident opened before it started", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 4, 'minor', 'minor')"),
    ("incident resolved when it started", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, resolved_at, closed_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 5, 5, 'minor', 'minor')"),
    ("incident closed but not resolved", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, closed_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 9, 'minor', 'minor')"),
    ("incident resolved but not closed", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, resolved_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 9, 'minor', 'minor')"),
    ("incident closed before resolved", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, resolved_at, closed_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 9, 8, 'minor', 'minor')"),
    ("incident severity huge", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 'huge', 'minor')"),
    ("incident peak severity huge", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 1, 'auto', 5, 5, 'minor', 'huge')"),
    ("incident regions with upper case", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity, regions) VALUES (20, 1, 'auto', 5, 5, 'minor', 'minor', 'EU')"),
    ("incident error kinds with a space", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity, error_kinds) VALUES (20, 1, 'auto', 5, 5, 'minor', 'minor', 'a b')"),
    ("incident title empty", "check", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity, title) VALUES (20, 1, 'manual', 5, 5, 'minor', 'minor', '')"),
    ("incident of no provider", "fk", "INSERT INTO incidents(id, provider_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 999, 'auto', 5, 5, 'minor', 'minor')"),
    ("incident of no model", "fk", "INSERT INTO incidents(id, provider_id, model_id, source, started_at, opened_at, severity, peak_severity) VALUES (20, 1, 999, 'auto', 5, 5, 'minor', 'minor')"),
    ("incident event seq -1", "check", "INSERT INTO incident_events(incident_id, seq, at, kind, severity) VALUES (1, -1, 5, 'opened', 'minor')"),
    ("incident event kind closed", "check", "INSERT INTO incident_events(incident_id, seq, at, kind, severity) VALUES (1, 0, 5, 'closed', 'minor')"),
    ("incident event of no incident", "fk", "INSERT INTO incident_events(incident_id, seq, at, kind, severity) VALUES (999, 0, 5, 'opened', 'minor')"),
    ("incident update state done", "check", "INSERT INTO incident_updates(id, incident_id, at, state, body, author) VALUES (20, 1, 5, 'done', 'b', 'cli')"),
    ("incident update body empty", "check", "INSERT INTO incident_updates(id, incident_id, at, state, body, author) VALUES (20, 1, 5, 'resolved', '', 'cli')"),
    ("incident update author 65 characters", "check", "INSERT INTO incident_updates(id, incident_id, at, state, body, author) VALUES (20, 1, 5, 'resolved', 'b', '%s')" % A65),
    ("incident update of no incident", "fk", "INSERT INTO incident_updates(id, incident_id, at, state, body, author) VALUES (20, 999, 5, 'resolved', 'b', 'cli')"),
    # maintenance
    ("maintenance ending when it starts", "check", "INSERT INTO maintenances(id, title, starts_at, ends_at, created_at, updated_at, author) VALUES (20, 'T', 5, 5, 1, 1, 'cli')"),
    ("maintenance updated before created", "check", "INSERT INTO maintenances(id, title, starts_at, ends_at, created_at, updated_at, author) VALUES (20, 'T', 5, 6, 2, 1, 'cli')"),
    ("maintenance cancelled before created", "check", "INSERT INTO maintenances(id, title, starts_at, ends_at, created_at, updated_at, cancelled_at, author) VALUES (20, 'T', 5, 6, 2, 2, 1, 'cli')"),
    ("maintenance title 201 characters", "check", "INSERT INTO maintenances(id, title, starts_at, ends_at, created_at, updated_at, author) VALUES (20, '%s', 5, 6, 1, 1, 'cli')" % ("t" * 201)),
    ("maintenance target of the whole provider twice", "unique", "INSERT INTO maintenance_targets(maintenance_id, provider_id, model_id) VALUES (1, 1, NULL)"),
    ("maintenance target of no maintenance", "fk", "INSERT INTO maintenance_targets(maintenance_id, provider_id, model_id) VALUES (999, 1, NULL)"),
    # the providers' status pages
    ("provider status format rss", "check", "INSERT INTO provider_status(provider_id, format, checked_at) VALUES (1, 'rss', 5)"),
    ("provider status read after checked", "check", "INSERT INTO provider_status(provider_id, format, checked_at, ok_at) VALUES (1, 'statuspage_v2', 5, 6)"),
    ("provider status indicator red", "check", "INSERT INTO provider_status(provider_id, format, checked_at, indicator) VALUES (1, 'statuspage_v2', 5, 'red')"),
    ("provider status of no provider", "fk", "INSERT INTO provider_status(provider_id, format, checked_at) VALUES (999, 'statuspage_v2', 5)"),
    ("provider component status down", "check", "INSERT INTO provider_components(provider_id, name, status) VALUES (1, 'API', 'down')"),
    ("provider component name empty", "check", "INSERT INTO provider_components(provider_id, name, status) VALUES (1, '', 'operational')"),
    ("provider incident impact huge", "check", "INSERT INTO provider_incidents(provider_id, ext_id, name, status, impact) VALUES (1, 'x', 'n', 'investigating', 'huge')"),
    ("provider incident status open", "check", "INSERT INTO provider_incidents(provider_id, ext_id, name, status, impact) VALUES (1, 'x', 'n', 'open', 'minor')"),
    ("provider incident ext_id empty", "check", "INSERT INTO provider_incidents(provider_id, ext_id, name, status, impact) VALUES (1, '', 'n', 'investigating', 'minor')"),
    # notifications
    ("outbox kind incident.closed", "check", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (20, 'incident.closed', '%s', 1, 1, '{}')" % ("c" * 32)),
    ("outbox key of 31 characters", "check", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (20, 'incident.opened', '%s', 1, 1, '{}')" % ("c" * 31)),
    ("outbox key taken", "unique", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (20, 'incident.opened', '0123456789abcdef0123456789abcdef', 1, 1, '{}')"),
    ("outbox payload an array", "check", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (20, 'incident.opened', '%s', 1, 1, '[1]')" % ("c" * 32)),
    ("outbox payload not JSON", "check|type", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, payload) VALUES (20, 'incident.opened', '%s', 1, 1, '{a')" % ("c" * 32)),
    ("outbox severity huge", "check", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, severity, payload) VALUES (20, 'incident.opened', '%s', 1, 1, 'huge', '{}')" % ("c" * 32)),
    ("outbox maintenance start written twice", "unique", "INSERT INTO outbox(id, kind, key, occurred_at, created_at, maintenance_id, payload) VALUES (20, 'maintenance.started', '%s', 2000, 2001, 1, '{}')" % ("c" * 32)),
    ("delivery state sent", "check", "INSERT INTO outbox_deliveries(event_id, channel, state, next_at) VALUES (1, 'ops', 'sent', 1)"),
    ("delivery attempts -1", "check", "INSERT INTO outbox_deliveries(event_id, channel, state, attempts, next_at) VALUES (1, 'ops', 'pending', -1, 1)"),
    ("delivery channel 33 characters", "check", "INSERT INTO outbox_deliveries(event_id, channel, state, next_at) VALUES (1, '%s', 'pending', 1)" % ("c" * 33)),
    ("delivery of no event", "fk", "INSERT INTO outbox_deliveries(event_id, channel, state, next_at) VALUES (999, 'ops', 'pending', 1)"),
    ("notify counters channel taken", "unique", "INSERT INTO notify_counters(channel) VALUES ('ops')"),
    # meta
    ("aigo_meta key taken", "unique", "INSERT INTO aigo_meta(key, value) VALUES ('application', 'x')"),
    ("aigo_meta value NULL", "notnull", "INSERT INTO aigo_meta(key, value) VALUES ('x', NULL)"),
]

# What each engine says for each kind of refusal: SQLite's message
# start, PostgreSQL's SQLSTATE.
SQLITE_KIND = [("check", "CHECK constraint failed"),
               ("unique", "UNIQUE constraint failed"),
               ("fk", "FOREIGN KEY constraint failed"),
               ("notnull", "NOT NULL constraint failed"),
               ("type", "cannot store"), ("type", "datatype mismatch"),
               ("check", "malformed JSON")]
PG_KIND = {"23514": "check", "23505": "unique", "23503": "fk",
           "23502": "notnull", "22P02": "type"}


def sqlite_outcome(db, sql):
    db.execute("BEGIN")
    try:
        db.execute(sql)
        return "ok"
    except sqlite3.Error as e:
        for kind, prefix in SQLITE_KIND:
            if str(e).startswith(prefix):
                return kind
        return "error: %s" % e
    finally:
        db.execute("ROLLBACK")


def pg_outcomes(url):
    """Each case's outcome on PostgreSQL, from one psql session: each in
    its own transaction, rolled back; :LAST_ERROR_SQLSTATE says why."""
    lines = ["\\set ON_ERROR_STOP 1", FIXTURE, "\\set ON_ERROR_STOP 0"]
    for i, (_, _, sql) in enumerate(CASES):
        lines += ["BEGIN;", sql + ";", "\\if :ERROR",
                  "\\echo CASE %d :LAST_ERROR_SQLSTATE" % i, "\\else",
                  "\\echo CASE %d ok" % i, "\\endif", "ROLLBACK;"]
    p = subprocess.run(["psql", url, "-X", "-q", "-A", "-t"],
                       input="\n".join(lines) + "\n", capture_output=True,
                       text=True)
    got = {}
    for line in p.stdout.split("\n"):
        m = re.match(r"CASE (\d+) (\S+)$", line)
        if m:
            got[int(m.group(1))] = ("ok" if m.group(2) == "ok" else
                                    PG_KIND.get(m.group(2),
                                                "SQLSTATE " + m.group(2)))
    return got, p.stderr


def refuse(schema_path, url):
    db = sqlite_db(schema_path)
    db.executescript(FIXTURE)
    db.execute("PRAGMA foreign_keys = ON")
    pg, errs = pg_outcomes(url)
    if not pg:
        report("psql ran the cases", False, errs.strip()[:500])
    for i, (name, want, sql) in enumerate(CASES):
        wants = want.split("|")
        s = sqlite_outcome(db, sql)
        p = pg.get(i, "no answer")
        report("SQLite: %s: %s" % (name, want), s in wants, "got %s" % s)
        report("PostgreSQL: %s: %s" % (name, want), p in wants,
               "got %s" % p)


def main(argv):
    if len(argv) != 4 or argv[1] not in ("schema", "refuse"):
        print(__doc__, file=sys.stderr)
        return 2
    (compare_schema if argv[1] == "schema" else refuse)(argv[2], argv[3])
    for name, ok, why in results:
        print("PASS %s" % name if ok else "FAIL %s: %s" % (name, why))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
