#!/usr/bin/env python3
"""doc_examples.py: the curl examples of README.md and docs/, to be run against a test server.

Usage: doc_examples.py FILE.md...

Prints one line of JSON per example: {"where": "FILE:LINE", "cmd": "..."}.
An example is a fenced ```sh block whose first command is curl (its
lines joined where they end in a backslash), or an inline `curl ...` code
span that holds a URL. The test runs each as a person would paste it, with the server's
address in place of http://127.0.0.1:8080 and $TOKEN set.
"""
import json
import re
import sys


def main(files):
    for md in files:
        with open(md, encoding="utf-8") as f:
            lines = f.read().split("\n")
        i = 0
        while i < len(lines):
            line = lines[i]
            m = re.match(r"^\s*```(\w*)\s*$", line)
            if m:
                start = i + 1
                j = start
                while j < len(lines) and not re.match(r"^\s*```\s*$", lines[j]):
                    j += 1
                body = "\n".join(lines[start:j])
                if m.group(1) in ("sh", "bash") and body.lstrip().startswith("curl "):
                    print(json.dumps({"where": "%s:%d" % (md, start + 1), "cmd": body}))
                i = j + 1
                continue
            for span in re.findall(r"`(curl [^`]*://[^`]*)`", line):
                print(json.dumps({"where": "%s:%d" % (md, i + 1), "cmd": span}))
            i += 1


if __name__ == "__main__":
    main(sys.argv[1:])
