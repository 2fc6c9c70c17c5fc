#!/usr/bin/env python3
"""check-links.py: every relative link and anchor of the Markdown docs leads somewhere in the repository.

Usage: check-links.py FILE.md...   (make lint: README.md docs/*.md)

For each [text](target) outside code: a target with a scheme (https:,
mailto:) is left alone; any other must name a file or directory inside the
repository (the directory of this script's parent), and a #fragment must
be the anchor of a heading of that Markdown file (as GitHub makes them:
lower case, punctuation dropped, spaces to hyphens, -N for repeats).
Prints "FILE:LINE: why" per dead link and exits 1 when there is one.
"""
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LINK = re.compile(r"(?<!\!)\[[^\]]*\]\(([^)\s]+)(?:\s+\"[^\"]*\")?\)")
IMAGE = re.compile(r"!\[[^\]]*\]\(([^)\s]+)\)")


def strip_code(line):
    """The line without `inline code`."""
    return re.sub(r"`[^`]*`", "", line)


def anchors(path):
    """The heading anchors of a Markdown file, as GitHub makes them."""
    seen = {}
    out = set()
    fence = False
    with open(path, encoding="utf-8") as f:
        for line in f:
            if line.lstrip().startswith("```"):
                fence = not fence
                continue
            m = None if fence else re.match(r"^#{1,6}\s+(.*?)\s*#*\s*$", line)
            if not m:
                continue
            text = re.sub(r"[`*_]|<[^>]*>", "", m.group(1)).strip().lower()
            slug = "".join(c for c in text if c.isalnum() or c in " -_").replace(" ", "-")
            n = seen.get(slug, 0)
            seen[slug] = n + 1
            out.add(slug if n == 0 else "%s-%d" % (slug, n))
    return out


def main(files):
    dead = 0
    for md in files:
        fence = False
        with open(md, encoding="utf-8") as f:
            lines = f.readlines()
        for no, line in enumerate(lines, 1):
            if line.lstrip().startswith("```"):
                fence = not fence
                continue
            if fence:
                continue
            text = strip_code(line)
            for target in LINK.findall(text) + IMAGE.findall(text):
                if re.match(r"^[a-z][a-z0-9+.-]*:", target):
                    continue
                path, _, frag = target.partition("#")
                dest = os.path.normpath(os.path.join(os.path.dirname(os.path.abspath(md)), path)) if path else os.path.abspath(md)
                why = None
                if os.path.commonpath([dest, ROOT]) != ROOT:
                    why = "leaves the repository"
                elif not os.path.exists(dest):
                    why = "no such file"
                elif frag and dest.endswith(".md") and frag not in anchors(dest):
                    why = "no heading #%s there" % frag
                if why:
                    dead += 1
                    print("%s:%d: %s: %s" % (md, no, target, why))
    if dead:
        print("check-links: %d dead link%s" % (dead, "" if dead == 1 else "s"))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
