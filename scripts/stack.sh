# stack.sh: starts and stops `aigo serve` and nginx from the checkout (sourced by run.sh and the tests).
# shellcheck shell=bash
# Everything binds 127.0.0.1 only. Set AIGO_* in the environment before stack_start
# (with AIGO_BASE_PATH, STACK_NGINX_EXTRA must route that path to aigo).

STACK_ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
STACK_AIGO_WRAP=()

# Prints a TCP port on 127.0.0.1 that nothing listens on, below the kernel's
# ephemeral range: a port in that range can be the local end of any outgoing
# connection (curl, nginx to aigo) by the time a server binds it.
# EXCEPT: a port not to print (stack_start's HTTP port).
stack_free_port() {
	local p lo=10000 hi=32767 eph
	read -r eph _ </proc/sys/net/ipv4/ip_local_port_range 2>/dev/null && [ "$eph" -gt $((lo + 1000)) ] && hi=$((eph - 1))
	for _ in $(seq 1 200); do
		p=$((lo + RANDOM % (hi - lo + 1)))
		[ "$p" = "${1:-}" ] && continue
		if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
			echo "$p"
			return 0
		fi
	done
	echo "stack: no free port found" >&2
	return 1
}

# stack_start RUNDIR HTTP_PORT [WORKERS]: starts aigo serve and nginx with
# their files under RUNDIR, waits until a request answers through both.
# STACK_AIGO_BIN names another aigo binary; STACK_AIGO_WRAP (an array) is a
# command prefix for it, such as setpriv to run it as another user.
stack_start() {
	STACK_DIR=$1
	STACK_HTTP_PORT=$2
	local workers=${3:-2}
	# The FastCGI socket, in a directory of its own with a short path (a
	# socket path has at most 107 bytes). STACK_SOCKET_DIR: another one
	# (it must be writable by the user aigo runs as).
	if [ -n "${STACK_SOCKET_DIR:-}" ]; then
		STACK_SOCKET_TMP=
		STACK_FCGI_SOCKET=$STACK_SOCKET_DIR/aigo.sock
	else
		STACK_SOCKET_TMP=$(mktemp -d /tmp/aigo-stack.XXXXXX) || return 1
		STACK_FCGI_SOCKET=$STACK_SOCKET_TMP/aigo.sock
	fi
	mkdir -p "$STACK_DIR/nginx"
	# The shipped nginx.conf, with this run's port, socket and run directory.
	# STACK_NGINX_EXTRA: more server directives (benchmarks add locations).
	sed -e "s#listen 127.0.0.1:8080;#listen 127.0.0.1:$STACK_HTTP_PORT;#" \
	    -e "s#server unix:/run/aigo/aigo.sock;#server unix:$STACK_FCGI_SOCKET;#" \
	    -e "s# run/# $STACK_DIR/#g" \
	    -e "s#^worker_processes auto;#worker_processes 2;#" \
	    "$STACK_ROOT/nginx.conf" |
		awk -v extra="${STACK_NGINX_EXTRA:-}" '/location \/static\// && extra != "" { print extra } 1' \
			>"$STACK_DIR/nginx.conf"
	"${STACK_AIGO_WRAP[@]}" "${STACK_AIGO_BIN:-$STACK_ROOT/cgi-bin/aigo}" \
		serve --socket "$STACK_FCGI_SOCKET" \
		--workers "$workers" 2>>"$STACK_DIR/aigo.log" &
	STACK_AIGO_PID=$!
	stack_nginx_start "$STACK_DIR/nginx.conf" "$STACK_DIR/nginx-stderr.log"
	for _ in $(seq 1 100); do
		# Asked through nginx only once aigo's socket is there: before, nginx
		# would answer 502 and log it, and a test counting 5xx would see it.
		if [ -S "$STACK_FCGI_SOCKET" ] && curl -fs -o /dev/null "http://127.0.0.1:$STACK_HTTP_PORT${AIGO_BASE_PATH:-}/healthz"; then
			return 0
		fi
		if ! kill -0 "$STACK_AIGO_PID" 2>/dev/null || ! kill -0 "$STACK_NGINX_PID" 2>/dev/null; then
			break
		fi
		sleep 0.1
	done
	echo "stack: did not come up; logs in $STACK_DIR" >&2
	tail -n 20 "$STACK_DIR"/*.log >&2
	stack_stop
	return 1
}

# stack_nginx_start CONF LOG: nginx with CONF (relative paths in it resolve
# against the checkout), not as a daemon, its stderr appended to LOG; sets
# STACK_NGINX_PID (stack_stop stops it). Does not wait for it to answer.
stack_nginx_start() {
	local g="daemon off;"
	# As root, nginx's workers would otherwise run as nobody and might not
	# read a checkout under a private home directory.
	[ "$(id -u)" = 0 ] && g="$g user root;"
	nginx -p "$STACK_ROOT" -c "$1" -g "$g" 2>>"$2" &
	STACK_NGINX_PID=$!
}

# Stops what stack_start started: gracefully, then by force after 10 s.
stack_stop() {
	local pid
	for pid in ${STACK_NGINX_PID:-} ${STACK_AIGO_PID:-}; do
		kill -TERM "$pid" 2>/dev/null || true
	done
	for pid in ${STACK_NGINX_PID:-} ${STACK_AIGO_PID:-}; do
		for _ in $(seq 1 100); do
			kill -0 "$pid" 2>/dev/null || break
			sleep 0.1
		done
		kill -KILL "$pid" 2>/dev/null || true
		wait "$pid" 2>/dev/null || true
	done
	STACK_NGINX_PID=
	STACK_AIGO_PID=
	[ -n "${STACK_SOCKET_TMP:-}" ] && rm -rf "$STACK_SOCKET_TMP"
	STACK_SOCKET_TMP=
}
