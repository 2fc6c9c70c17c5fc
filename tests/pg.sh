# pg.sh: a real PostgreSQL (Debian's postgresql package) for the tests: started in a temporary directory as an unprivileged user, on a Unix socket only, with a password; source it (pg_start, pg_stop, pgq), or run it as `bash tests/pg.sh shell` for a psql on a throwaway server.
# shellcheck shell=bash
#
# pg_start DIR   initdb in DIR/data (DIR: an absolute, short path, created
#                if missing; mktemp -d /tmp/aigo-pg.XXXXXX is the usual),
#                as the user aigo-test when run as root (created once, no
#                login, no home: root cannot run postgres), else as the
#                caller; listens on DIR/.s.PGSQL.5432 only
#                (listen_addresses = ''), fsync off; makes the role aigo
#                with a random password (scram-sha-256 on the socket, so
#                the password path is the real one) and its database aigo
#                (UTF8, C collation). Exports
#                  PG_DIR       DIR
#                  PGPASSFILE   DIR/pgpass (0600): the passwords
#                  AIGO_PG_URL  postgresql:///aigo?host=DIR&user=aigo
#                  PG_ADMIN_URL the superuser's (aigo_admin) connection
#                  PG_PASSWORD  aigo's password (for the tests that need it)
#                and chains pg_stop DIR onto the shell's EXIT trap, so a
#                suite that fails or exits early stops it too. Prints the
#                start-up time to DIR/start.time (seconds). Returns 1 with
#                the server's log on stderr when it does not start.
# pg_stop DIR    pg_ctl stop -m fast, then removes DIR; safe to call twice.
# pgq SQL        runs SQL as aigo over the socket (psql -At, stops at the
#                first error); pgq_admin the same as the superuser.

PG_BIN=${PG_BIN:-$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1)}
PG_OS_USER=${PG_OS_USER:-aigo-test}

# pg_as CMD...: CMD as the server's user (aigo-test when root).
pg_as() {
	if [ "$(id -u)" = 0 ]; then
		runuser -u "$PG_OS_USER" -- "$@"
	else
		"$@"
	fi
}

# pg_os_user: makes the server's system user when run as root and it is
# missing (under a lock: suites start side by side).
pg_os_user() {
	[ "$(id -u)" = 0 ] || return 0
	id "$PG_OS_USER" >/dev/null 2>&1 && return 0
	(
		flock 9
		id "$PG_OS_USER" >/dev/null 2>&1 ||
			useradd --system --no-create-home --home-dir /nonexistent \
				--shell /usr/sbin/nologin "$PG_OS_USER"
	) 9>/tmp/aigo-pg-user.lock
}

# pg_initdb DIR: a new cluster in DIR/data owned by the server's user;
# prints its superuser's password. initdb takes about 2 s of the 3 s a
# start takes: with TESTS_DEMO_CACHE (lanes.sh's, for one make e2e or make
# test) the first suite's cluster is kept there (with its password, 0600)
# and the next ones get a copy of it (0.2 s).
pg_initdb() {
	local dir=$1 t admin_pw
	t=${TESTS_DEMO_CACHE:+$TESTS_DEMO_CACHE/pg-template-$("$PG_BIN/initdb" --version | awk '{ print $3 }')}
	if [ -n "$t" ] && [ -d "$TESTS_DEMO_CACHE" ]; then
		(
			flock 9
			[ -f "$t/admin.pw" ] && exit 0
			pg_initdb_fresh "$dir" >/dev/null || exit 1
			rm -rf "$t.tmp" && mkdir -p "$t.tmp" &&
				cp -a "$dir/data" "$t.tmp/data" && mv "$dir/admin.pw" "$t.tmp/admin.pw" &&
				rm -rf "$t" && mv "$t.tmp" "$t"
		) 9>"$t.lock" || return 1
		[ -d "$dir/data" ] || cp -a "$t/data" "$dir/data" || return 1
		cat "$t/admin.pw"
		return 0
	fi
	pg_initdb_fresh "$dir" || return 1
	rm -f "$dir/admin.pw"
}

# pg_initdb_fresh DIR: initdb into DIR/data; the superuser's password in
# DIR/admin.pw (0600) and on stdout.
pg_initdb_fresh() {
	local dir=$1 admin_pw
	admin_pw=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	(umask 077 && printf '%s\n' "$admin_pw" >"$dir/admin.pw")
	[ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$dir/admin.pw"
	if ! pg_as "$PG_BIN/initdb" -D "$dir/data" -U aigo_admin --pwfile="$dir/admin.pw" \
		--auth=scram-sha-256 --encoding=UTF8 --locale=C --no-sync \
		>"$dir/initdb.log" 2>&1; then
		cat "$dir/initdb.log" >&2
		return 1
	fi
	echo "$admin_pw"
}

pg_start() {
	local dir=$1 t0 pw admin_pw
	t0=$(date +%s.%N)
	if [ -z "$PG_BIN" ] || [ ! -x "$PG_BIN/initdb" ]; then
		echo "pg_start: no PostgreSQL server (apt-get install postgresql; make deps)" >&2
		return 1
	fi
	case $dir in
	/*) ;;
	*)
		echo "pg_start: $dir: not an absolute path" >&2
		return 1
		;;
	esac
	# The socket's path must fit sockaddr_un (107 bytes).
	if [ ${#dir} -gt 80 ]; then
		echo "pg_start: $dir: too long for a socket directory (80 at most)" >&2
		return 1
	fi
	pg_os_user || return 1
	mkdir -p "$dir" || return 1
	pw=$(od -An -tx1 -N16 /dev/urandom | tr -d ' \n')
	[ "$(id -u)" = 0 ] && chown "$PG_OS_USER" "$dir"
	chmod 700 "$dir"
	admin_pw=$(pg_initdb "$dir") || return 1
	cat >>"$dir/data/postgresql.conf" <<CONF
# tests/pg.sh: a socket in the test's directory only, and speed over durability.
listen_addresses = ''
unix_socket_directories = '$dir'
port = 5432
fsync = off
synchronous_commit = off
full_page_writes = off
max_connections = 40
shared_buffers = 32MB
log_min_messages = warning
CONF
	if ! pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -l "$dir/server.log" -w -t 30 start >/dev/null; then
		cat "$dir/server.log" >&2
		return 1
	fi
	# The clients' passwords: the caller's file, 0600 as libpq wants.
	(umask 077 && printf '*:*:*:aigo:%s\n*:*:*:aigo_admin:%s\n' "$pw" "$admin_pw" >"$dir/pgpass")
	export PG_DIR=$dir PGPASSFILE=$dir/pgpass PG_PASSWORD=$pw
	export AIGO_PG_URL="postgresql:///aigo?host=$dir&user=aigo"
	export PG_ADMIN_URL="postgresql:///postgres?host=$dir&user=aigo_admin"
	# Chained onto the EXIT trap the suite has (stack_stop, ...).
	local old
	old=$(trap -p EXIT | sed -E "s/^trap -- '(.*)' EXIT$/\1/")
	# shellcheck disable=SC2064
	trap "pg_stop '$dir'${old:+; $old}" EXIT
	if ! psql "$PG_ADMIN_URL" -X -q -v ON_ERROR_STOP=1 >"$dir/setup.log" 2>&1 <<SQL; then
CREATE ROLE aigo LOGIN PASSWORD '$pw';
CREATE DATABASE aigo OWNER aigo TEMPLATE template0 ENCODING 'UTF8' LC_COLLATE 'C' LC_CTYPE 'C';
SQL
		cat "$dir/setup.log" >&2
		return 1
	fi
	echo "$(date +%s.%N) $t0" | awk '{ printf "%.2f\n", $1 - $2 }' >"$dir/start.time"
}

pg_stop() {
	local dir=$1
	[ -d "$dir" ] || return 0
	if [ -f "$dir/data/postmaster.pid" ]; then
		pg_as "$PG_BIN/pg_ctl" -D "$dir/data" -m fast -w -t 30 stop >/dev/null 2>&1
	fi
	rm -rf "$dir"
}

pgq() { psql "$AIGO_PG_URL" -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }
pgq_admin() { psql "$PG_ADMIN_URL" -X -A -t -q -v ON_ERROR_STOP=1 -c "$1"; }

# bash tests/pg.sh shell: a throwaway server with db/schema-pg.sql loaded,
# and psql on it; the server stops when psql ends.
if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	set -u
	case ${1:-} in
	shell)
		cd "$(dirname "$0")/.." || exit 1
		d=$(mktemp -d /tmp/aigo-pg.XXXXXX)
		pg_start "$d" || exit 1
		psql "$AIGO_PG_URL" -X -q -1 -v ON_ERROR_STOP=1 -f db/schema-pg.sql || exit 1
		echo "PostgreSQL in $d (started in $(cat "$d/start.time") s): db = $AIGO_PG_URL"
		echo "PGPASSFILE=$PGPASSFILE; the server stops when psql ends"
		psql "$AIGO_PG_URL"
		;;
	*)
		echo "usage: bash tests/pg.sh shell   (or source it: pg_start DIR, pg_stop DIR)" >&2
		exit 2
		;;
	esac
fi
