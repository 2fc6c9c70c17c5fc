#!/bin/sh
# deps.sh: installs the Debian packages that building, running and testing need, if missing.
set -eu
PKGS="pkg-config libfcgi-dev libfcgi-bin libctemplate-dev libcjson-dev check
libsubunit-dev libsqlite3-dev sqlite3 nginx curl jq valgrind spawn-fcgi
cppcheck clang-format clang libclang-rt-14-dev tzdata chromium chromium-driver
fonts-noto-cjk python3 python3-jsonschema wrk openssl zlib1g-dev iproute2
libcurl4-openssl-dev libssl-dev python3-aiosmtpd"
missing=""
# make rules: promtool (prometheus), amtool (prometheus-alertmanager), and
# python3-yaml for tests/e2e/rules_check.py.
PKGS="$PKGS prometheus prometheus-alertmanager python3-yaml"
# The PostgreSQL backend (issue 21): libpq for store_pg.c, and the server
# (Debian 12's 15) that tests/pg.sh starts for the tests.
PKGS="$PKGS libpq-dev postgresql"
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0
echo "deps: installing$missing"
if [ "$(id -u)" != 0 ]; then
	echo "deps: run as root (or install:$missing)" >&2
	exit 1
fi
export DEBIAN_FRONTEND=noninteractive
# A fresh machine has no package lists: update first when a package is unknown.
# shellcheck disable=SC2086
if ! apt-get install -y --no-install-recommends $missing; then
	apt-get update
	apt-get install -y --no-install-recommends $missing
fi
