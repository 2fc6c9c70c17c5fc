#!/usr/bin/env python3
"""rows_check.py: proves dbrows.py's PostgreSQL reader: the rows the oracles read are the same from a SQLite file and from its copy on PostgreSQL.

For each table the oracles read (TABLES), every column of it: the column
lists of both (names, in order) and every row, read by dbrows.py from the
file (sqlite3) and from the URL (psql, COPY's text format), ordered by the
table's key in Python and compared value by value (Python types included:
an int is not a str; PostgreSQL's aigo_meta row schema_version is
compared with SQLite's user_version instead). The checks are compared in slices of ids, so neither
side is held whole. Then the reader's edge cases: one VALUES query, run by
both engines, with NULL beside '', tabs, newlines, a carriage return,
backslashes (a text that reads \\N too), quotes, non-ASCII text and
integers past 2^53, each of which must come back as written.

Usage: rows_check.py FILE URL   prints one line per table ("rows: checks:
1062680 = 1062680, 0 differ") and "rows: N tables, M rows, K differ";
exits 1 when any differs.
"""

import os
import sys

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
import dbrows  # noqa: E402

# table, its key (the columns the rows are ordered by)
TABLES = (
    ("providers", ("id",)),
    ("models", ("id",)),
    ("endpoints", ("id",)),
    ("checks", ("id",)),
    ("model_rollups", ("model_id", "width", "start")),
    ("aigo_meta", ("key",)),
)
SLICE = 200000
SHOWN = 10

# The reader's edge cases: (id, text, integer) as written in SQL, and as
# Python must read them.
EDGES = (
    (1, "'plain'", "0", "plain", 0),
    (2, "NULL", "NULL", None, None),
    (3, "''", "-1", "", -1),
    (4, "'a\tb'", "9007199254740993", "a\tb", 9007199254740993),
    (5, "'line one\nline two\r\n'", "-9223372036854775807", "line one\nline two\r\n", -9223372036854775807),
    (6, "'\\N'", "1", "\\N", 1),
    (7, "'back\\slash \\t \\\\ \\'", "2", "back\\slash \\t \\\\ \\", 2),
    (8, "'it''s \"quoted\"'", "3", "it's \"quoted\"", 3),
    (9, "'한국어 ✓ 日本語 🙂'", "4", "한국어 ✓ 日本語 🙂", 4),
    (10, "' lead and trail '", "5", " lead and trail ", 5),
)


def sql_type(decl):
    decl = (decl or "").upper()
    if "INT" in decl:
        return "i"
    if "REAL" in decl or "FLOA" in decl or "DOUB" in decl or "NUMERIC" in decl:
        return "f"
    return "t"


def main():
    path, url = sys.argv[1], sys.argv[2]
    if dbrows.is_url(path) or not dbrows.is_url(url):
        print("usage: rows_check.py FILE URL", file=sys.stderr)
        sys.exit(2)
    lite, pg = dbrows.Rows(path), dbrows.Rows(url)
    total_rows = total_bad = 0
    for table, key in TABLES:
        info = lite.con.execute("PRAGMA table_info(%s)" % table).fetchall()
        cols = [r[1] for r in info]
        types = "".join(sql_type(r[2]) for r in info)
        pg_cols = pg.columns(table)
        if cols != pg_cols:
            print("rows: %s: columns %s (SQLite) and %s (PostgreSQL)" % (table, cols, pg_cols))
            total_bad += 1
            continue
        k = [cols.index(c) for c in key]
        select = "SELECT %s FROM %s" % (", ".join(cols), table)
        if table == "checks":
            hi = lite.value("SELECT coalesce(max(id), 0) FROM checks", "i")
            hi = max(hi, pg.value("SELECT coalesce(max(id), 0) FROM checks", "i"))
            ranges = [" WHERE id > %d AND id <= %d" % (lo, lo + SLICE) for lo in range(0, hi, SLICE)]
        else:
            ranges = [""]
        n_lite = n_pg = bad = 0
        for where in ranges:
            a = sorted(lite.query(select + where, types), key=lambda r: [r[i] for i in k])
            b = sorted(pg.query(select + where, types), key=lambda r: [r[i] for i in k])
            if table == "aigo_meta":
                # PostgreSQL's schema_version row is SQLite's user_version.
                v = lite.value("PRAGMA user_version", "i")
                pv = [r for r in b if r[k[0]] == "schema_version"]
                b = [r for r in b if r[k[0]] != "schema_version"]
                print("rows: aigo_meta: schema_version %s, user_version %d" % (
                    pv[0][cols.index("value")] if pv else "(none)", v))
                if not pv or pv[0][cols.index("value")] != str(v):
                    bad += 1
            n_lite += len(a)
            n_pg += len(b)
            for ra, rb in zip(a, b):
                if ra != rb or [type(v) for v in ra] != [type(v) for v in rb]:
                    bad += 1
                    if bad <= SHOWN:
                        print("rows: %s: SQLite %r, PostgreSQL %r" % (table, ra, rb))
            if len(a) != len(b):
                bad += abs(len(a) - len(b))
                ka, kb = {tuple(r[i] for i in k) for r in a}, {tuple(r[i] for i in k) for r in b}
                print("rows: %s: keys only in SQLite %s, only in PostgreSQL %s" % (
                    table, sorted(ka - kb)[:SHOWN], sorted(kb - ka)[:SHOWN]))
        print("rows: %s: %d = %d, %d differ" % (table, n_lite, n_pg, bad))
        total_rows += n_lite
        total_bad += bad
    lite.close()

    sql = "SELECT * FROM (VALUES %s) AS v" % ", ".join(
        "(%d, %s, %s)" % (i, text, num) for i, text, num, _, _ in EDGES)
    want = [(i, t, n) for i, _, _, t, n in EDGES]
    for name, src in (("SQLite", dbrows.Rows(path)), ("PostgreSQL", pg)):
        got = sorted(src.query(sql, "iti"))
        bad = sum(1 for g, w in zip(got, want) if g != w) + abs(len(got) - len(want))
        for g, w in zip(got, want):
            if g != w:
                print("rows: edge case %d through %s: %r, written %r" % (w[0], name, g, w))
        print("rows: %d edge cases through %s, %d differ" % (len(want), name, bad))
        total_bad += bad
        src.close()
    print("rows: %d tables, %d rows, %d differ" % (len(TABLES), total_rows, total_bad))
    sys.exit(1 if total_bad else 0)


if __name__ == "__main__":
    main()
