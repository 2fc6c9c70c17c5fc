#!/usr/bin/env python3
"""check-layers.py: dependencies between the program's files point one way, and each backend's calls stay in its file (make lint).

Usage: check-layers.py [DIR]   (default: cgi-bin)

Each file of DIR has a layer; a file may include only headers of its own
layer or a lower one:

  0  infrastructure: memory (arena), escaping, times, files, logging, number
     rules, hashing, the slug set, JSON,
     templates, configuration, metrics, locales and formats, HTTP, tokens.
     It never includes a domain header.
  1  the data vocabulary: names, ranges, windows, and the status rules the
     store and the stats share
  2  the domain: the store, snapshot, catalog, demo, ingest validation,
     query input, statistics, charts, details, listing, and the copy of
     a database between backends (dbcopy: it reads and writes through the
     store's layers only)
  3  the application: the worker's state, the data source, the answer
     cache, the answer envelope, the process model
  4  handlers and views: pages, API, commands, and the router that names
     them
  5  the application's entry points: one request handled, main

A file not in the table is an error, so that a new file gets a layer.

Each backend's library is called from its own file only: sqlite3_ (and
<sqlite3.h>) in store.c; PQ calls (and <libpq-fe.h>) in store_pg.c;
libcurl's curl_ calls (and <curl/curl.h>) in probe.c and probe_push.c (the
probe node's POSTs to central, in the prober's multi loop) and its
header.

Prints "FILE: includes HEADER (layer N above M)" per wrong include and
"FILE:LINE: calls X outside its backend" per stray call; exits 1 when
there is one.
"""
import os
import re
import sys

LAYERS = {
    0: "arena escape timefmt fileutil fswatch log numfmt hash slug json tmpl "
       "templates config metrics i18n i18n_format i18n_check http encoding "
       "tokens "
       "version",
    1: "model rules incidents probe_names pstatus notify",
    2: "store snapshot catalog demo ingest input stats chart detail listing "
       "probe_family probe_openai probe_anthropic probe_gemini probe_cohere "
       "probe_bedrock probe_clova probe_classify probe_schedule probe_keys statuspage "
       "notify_render export badge badge_font "
       "store_pg store_sql store_sql_sqlite store_sql_pg store_db store_sqlite "
       "dbcopy",
    3: "app.h source answers respond serve probe probe_push notify_send",
    4: "handlers page page_common page_monitoring page_model page_incidents "
       "page_pstatus api api_common "
       "api_data api_ingest api_incidents api_stats api_export import router "
       "api_statuspage "
       "notify_list page_badge page_embed",
    5: "app.c main",
}

# A backend's calls, and the files that may make them.
BACKENDS = [
    (re.compile(r"\bsqlite3_\w*|<sqlite3\.h>"), {"store_sqlite.c"}),
    (re.compile(r"\bPQ[a-z]\w*\s*\(|<libpq-fe\.h>"), {"store_pg.c"}),
    (re.compile(r"\bcurl_\w*\s*\(|<curl/curl\.h>"), {"probe.c", "probe_push.c", "probe_push.h", "notify_send.c"}),
]


def layer_of(name):
    """The layer of a file name ("store.c", "app.h"), or None."""
    stem = os.path.splitext(name)[0]
    for layer, names in LAYERS.items():
        words = names.split()
        if name in words or stem in words:
            return layer
    return None


def strip_comments(text):
    """text with C comments and string literals blanked (lines kept)."""
    def blank(m):
        return re.sub(r"[^\n]", " ", m.group(0))
    return re.sub(r'/\*.*?\*/|//[^\n]*|"(?:\\.|[^"\\\n])*"', blank, text,
                  flags=re.S)


def main(directory):
    bad = 0
    for name in sorted(os.listdir(directory)):
        if not re.search(r"\.(c|h|cc)$", name):
            continue
        mine = layer_of(name)
        if mine is None:
            print("%s: has no layer in scripts/check-layers.py" % name)
            bad += 1
            continue
        with open(os.path.join(directory, name), encoding="utf-8") as f:
            text = f.read()
        for header in re.findall(r'^#include "([^"]+)"', text, re.M):
            theirs = layer_of(header)
            if theirs is None:
                print("%s: includes %s, which has no layer" % (name, header))
                bad += 1
            elif theirs > mine:
                print("%s: includes %s (layer %d above %d)" % (name, header, theirs, mine))
                bad += 1
        code = strip_comments(text)
        for pattern, allowed in BACKENDS:
            if name in allowed:
                continue
            for lineno, line in enumerate(code.split("\n"), 1):
                m = pattern.search(line)
                # An #include line keeps its <header> (not a string).
                if m:
                    print("%s:%d: calls %s outside its backend (%s)"
                          % (name, lineno, m.group(0).strip(" ("), ", ".join(sorted(allowed))))
                    bad += 1
    if bad:
        print("check-layers: %d wrong include%s or call%s" % (bad, "" if bad == 1 else "s", "" if bad == 1 else "s"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cgi-bin"))
