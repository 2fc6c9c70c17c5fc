#!/usr/bin/env python3
"""check-layers.py: dependencies between the program's files point one way (make lint).

Usage: check-layers.py [DIR]   (default: cgi-bin)

Each file of DIR has a layer; a file may include only headers of its own
layer or a lower one:

  0  base: memory (arena), escaping, times, files, logging, number rules,
     hashing, the slug set, JSON, the data vocabulary, templates,
     configuration, metrics, locales and formats, HTTP and input parsing
     (never a domain header)
  1  the domain: the store, snapshot, catalog, demo, ingest validation,
     statistics, charts, details, listing
  2  the application: its state, the data source, the process model
  3  handlers and views: pages, API, commands
  4  the router and main

A file not in the table is an error, so that a new file gets a layer.
Prints "FILE: includes HEADER (layer N above M)" per wrong include and
exits 1 when there is one.
"""
import os
import re
import sys

LAYERS = {
    0: "arena escape timefmt fileutil log numfmt hash slug json model tmpl "
       "templates config metrics i18n i18n_format i18n_check http input version",
    1: "store snapshot catalog demo ingest stats chart detail listing",
    2: "app.h data serve",
    3: "handlers page_common page_monitoring page_model api_data api_ingest api_stats import",
    4: "app.c main",
}


def layer_of(name):
    """The layer of a file name ("store.c", "app.h"), or None."""
    stem = os.path.splitext(name)[0]
    for layer, names in LAYERS.items():
        words = names.split()
        if name in words or stem in words:
            return layer
    return None


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
            for header in re.findall(r'^#include "([^"]+)"', f.read(), re.M):
                theirs = layer_of(header)
                if theirs is None:
                    print("%s: includes %s, which has no layer" % (name, header))
                    bad += 1
                elif theirs > mine:
                    print("%s: includes %s (layer %d above %d)" % (name, header, theirs, mine))
                    bad += 1
    if bad:
        print("check-layers: %d wrong include%s" % (bad, "" if bad == 1 else "s"))
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1] if len(sys.argv) > 1 else "cgi-bin"))
