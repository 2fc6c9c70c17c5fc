#!/usr/bin/env bash
# nodes_pg.sh: nodes.sh on one PostgreSQL (issue 21's "two nodes on one PostgreSQL"), as make test runs it; nodes.sh alone runs on SQLite.
AIGO_TEST_BACKEND=pg exec bash "$(dirname "$0")/nodes.sh" "$@"
