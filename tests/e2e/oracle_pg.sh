#!/usr/bin/env bash
# oracle_pg.sh: oracle.sh on PostgreSQL (issue 21): each database (by default demo and young; ORACLE_ONLY) copied to a real server with aigo db copy, the oracle reading it with psql, every number compared as in the SQLite run.
ORACLE_BACKEND=pg exec bash "$(dirname "$0")/oracle.sh" "$@"
