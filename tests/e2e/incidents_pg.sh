#!/usr/bin/env bash
# incidents_pg.sh: incidents.sh on PostgreSQL (issue 21): the posted checks and their incidents copied to a real server with aigo db copy, the pages served from it and checked against the incident oracle reading the checks with psql.
INCIDENTS_BACKEND=pg exec bash "$(dirname "$0")/incidents.sh" "$@"
