#!/usr/bin/env python3
"""dbrows.py: the rows the oracles read, from a SQLite file (Python's sqlite3) or a PostgreSQL URL (psql), as the same Python values.

The oracles (oracle.py, samples.py, selfcheck.py, incident_oracle.py) say
what they read as plain SELECTs that both engines run as written (no
parameters: numbers are formatted into the text by the caller, never
strings), with the type of each column: "i" an integer, "t" a text, "f" a
number with a fraction (a float). Each value comes back as a Python int,
str, float or None (SQL NULL). The rows come in the engine's order; the
oracles sort in Python when the order matters, so no collation is part of
an answer.

* A SQLite file is opened read-only (mode=ro, query_only); a value whose
  Python type is not its column's type is an error (a STRICT schema never
  gives one).
* A PostgreSQL URL (postgresql://, postgres://; libpq's conventions:
  PGPASSFILE, sslmode, ...) is read with one psql per query, `COPY (SELECT
  ...) TO STDOUT` in COPY's text format: one line per row, fields split by
  tabs, NULL written \\N and every tab, newline, carriage return and
  backslash inside a text escaped, so NULL and '' and any text come back
  exactly (psql's aligned or CSV output cannot tell NULL from '' without a
  marker some text could hold). The client encoding is UTF8.

Errors: RuntimeError with psql's message (libpq's messages never hold the
password of a URL read from PGPASSFILE; a URL with a password in it is
printed by nobody here).
"""

import os
import re
import sqlite3
import subprocess

_ESCAPES = {b"b": b"\b", b"f": b"\f", b"n": b"\n", b"r": b"\r", b"t": b"\t", b"v": b"\v"}
_ESCAPE_RE = re.compile(rb"\\(?:([0-7]{1,3})|x([0-9a-fA-F]{1,2})|(.))", re.S)


def is_url(db):
    """True for a PostgreSQL connection URL, False for a SQLite file."""
    return db.startswith(("postgresql://", "postgres://"))


def _unescape(m):
    if m.group(1) is not None:
        return bytes([int(m.group(1), 8) & 0xFF])
    if m.group(2) is not None:
        return bytes([int(m.group(2), 16)])
    c = m.group(3)
    return _ESCAPES.get(c, c)


def copy_field(raw, kind):
    """One field of COPY's text format (bytes) as a Python value of kind."""
    if raw == b"\\N":
        return None
    if b"\\" in raw:
        raw = _ESCAPE_RE.sub(_unescape, raw)
    if kind == "i":
        return int(raw)
    if kind == "f":
        return float(raw)
    return raw.decode("utf-8")


def copy_rows(data, types):
    """The rows of COPY's text-format output (bytes) as tuples."""
    rows = []
    for line in data.split(b"\n"):
        if not line:
            continue  # the end; a row is never empty (every query has a column)
        fields = line.split(b"\t")
        if len(fields) != len(types):
            raise RuntimeError("dbrows: a row of %d fields, %d expected" % (len(fields), len(types)))
        rows.append(tuple(copy_field(f, k) for f, k in zip(fields, types)))
    return rows


_PY_TYPES = {"i": (int,), "t": (str,), "f": (float, int)}


class Rows:
    """A database the oracles read: Rows(db) with db a file or a URL."""

    def __init__(self, db):
        self.db = db
        self.pg = is_url(db)
        self.con = None
        if not self.pg:
            self.con = sqlite3.connect("file:%s?mode=ro" % db, uri=True)
            self.con.execute("PRAGMA query_only = 1")

    def query(self, sql, types):
        """Every row of sql (a SELECT both engines read alike) as a list of
        tuples, types giving each column's kind ("i", "t", "f")."""
        if self.pg:
            return copy_rows(self._psql("COPY (%s) TO STDOUT" % sql), types)
        rows = self.con.execute(sql).fetchall()
        for row in rows:
            if len(row) != len(types):
                raise RuntimeError("dbrows: a row of %d columns, %d expected: %s" % (len(row), len(types), sql))
            for v, k in zip(row, types):
                if v is not None and not isinstance(v, _PY_TYPES[k]):
                    raise RuntimeError("dbrows: %r is not of kind %s: %s" % (v, k, sql))
        if "f" in types:
            rows = [tuple(float(v) if k == "f" and v is not None else v for v, k in zip(row, types))
                    for row in rows]
        return rows

    def value(self, sql, kind):
        """The one value of a one-row, one-column query."""
        rows = self.query(sql, kind)
        if len(rows) != 1:
            raise RuntimeError("dbrows: %d rows, one expected: %s" % (len(rows), sql))
        return rows[0][0]

    def columns(self, table):
        """The names of table's columns, in order; [] when there is no such table."""
        if self.pg:
            return [r[0] for r in self.query(
                "SELECT column_name::text FROM information_schema.columns"
                " WHERE table_schema = current_schema() AND table_name = '%s'"
                " ORDER BY ordinal_position" % _ident(table), "t")]
        return [r[1] for r in self.con.execute("PRAGMA table_info(%s)" % _ident(table))]

    def _psql(self, sql):
        env = dict(os.environ, PGCLIENTENCODING="UTF8")
        p = subprocess.run(["psql", self.db, "-X", "-q", "-v", "ON_ERROR_STOP=1", "-c", sql],
                           stdin=subprocess.DEVNULL, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                           env=env)
        if p.returncode != 0:
            raise RuntimeError("dbrows: psql: %s" % p.stderr.decode("utf-8", "replace").strip())
        return p.stdout

    def close(self):
        if self.con is not None:
            self.con.close()
            self.con = None


def _ident(name):
    if not re.fullmatch(r"[a-z_][a-z0-9_]*", name):
        raise ValueError("dbrows: not a table name: %r" % name)
    return name
