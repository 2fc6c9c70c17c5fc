#!/usr/bin/env bash
# install.sh: `make install` into a DESTDIR, then the installed program finds its files, creates a database and answers a page and the JSON as CGI.
set -uo pipefail
. "$(dirname "$0")/../lib.sh"
cd "$STACK_ROOT" || exit 1

OUT=$STACK_ROOT/tests/out/install
rm -rf "$OUT"
mkdir -p "$OUT/data"
make --no-print-directory install DESTDIR="$OUT/dest" PREFIX=/opt/aigo >"$OUT/install.log" 2>&1
check "make install" "$?" 0
BIN=$OUT/dest/opt/aigo/bin/aigo
SHARE=$OUT/dest/opt/aigo/share/aigo
for f in bin/aigo share/aigo/templates/monitoring.tpl share/aigo/locales/ko.json \
	share/aigo/static/style.css share/aigo/static/openapi.json share/aigo/db/schema.sql \
	share/aigo/db/catalog.json share/aigo/db/migrations/002.sql \
	share/aigo/contrib/aigo.conf.example share/aigo/contrib/aigo.service \
	share/aigo/contrib/nginx-subpath.conf share/aigo/contrib/aigo-prune.service \
	share/aigo/contrib/aigo-prune.timer share/aigo/contrib/nginx-site.conf \
	share/aigo/contrib/aigo-probe-node.service \
	share/aigo/contrib/prometheus/aigo-rules.yml share/aigo/contrib/alertmanager/alertmanager.yml \
	share/aigo/contrib/grafana/aigo-dashboard.json \
	share/doc/aigo/README.md share/doc/aigo/docs/api.md share/doc/aigo/docs/operations.md; do
	check "installed $f" "$([ -s "$OUT/dest/opt/aigo/$f" ] && echo yes)" yes
done

# The installed program, with no AIGO_ROOT, finds PREFIX/share/aigo itself.
run() { env -u AIGO_ROOT -u AIGO_CONFIG AIGO_DB="$OUT/data/aigo.db" AIGO_SNAPSHOT="$OUT/data/fallback.json" \
	AIGO_INGEST_TOKENS="$OUT/data/tokens" AIGO_LOG_LEVEL=warn AIGO_NOW=1795839634 "$BIN" "$@"; }
check "config check" "$(run config check | grep -A0 '^root = ')" "root = $SHARE"
check "db init" "$(run db init >/dev/null 2>&1; echo $?)" 0
check "demo" "$(run demo --days 1 >/dev/null 2>&1; echo $?)" 0
cgi() { run <&- | tr -d '\r' >"$OUT/cgi.out"; head -n 1 "$OUT/cgi.out"; }
check "page as CGI" "$(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET DOCUMENT_URI=/ko/monitoring cgi)" "Status: 200 OK"
check "page translated" "$(grep -c '<html lang="ko">' "$OUT/cgi.out")" 1
check "JSON as CGI" "$(GATEWAY_INTERFACE=CGI/1.1 REQUEST_METHOD=GET DOCUMENT_URI=/api/v1/realtime-stats cgi)" "Status: 200 OK"
check "JSON numbers" "$(sed '1,/^$/d' "$OUT/cgi.out" | jq .totalModels)" \
	"$(sqlite3 "$OUT/data/aigo.db" 'SELECT count(*) FROM models')"
# Pruning 31 days later with a retention of 31 days: the checks before
# the hour of the demo's end go, the later ones stay.
END=1795839634
HOUR=$((END - END % 3600))
KEEP=$(sqlite3 "$OUT/data/aigo.db" "SELECT count(*) FROM checks WHERE checked_at >= $HOUR")
GONE=$(sqlite3 "$OUT/data/aigo.db" "SELECT count(*) FROM checks WHERE checked_at < $HOUR")
check "db prune" "$(env -u AIGO_ROOT -u AIGO_CONFIG AIGO_DB="$OUT/data/aigo.db" AIGO_LOG_LEVEL=warn \
	AIGO_RETENTION_DAYS=31 AIGO_NOW=$((END + 31 * 86400)) "$BIN" db prune | sed 's/^[^:]*: //')" \
	"$GONE checks before $(date -u -d "@$HOUR" +%Y-%m-%dT%H:%M:%SZ) deleted (retention 31 days)"
check "... the rest stays" "$(sqlite3 "$OUT/data/aigo.db" 'SELECT count(*) FROM checks')" "$KEEP"
check "... rollups of the pruned hours gone" \
	"$(sqlite3 "$OUT/data/aigo.db" "SELECT count(*) FROM rollups_hourly WHERE hour < $HOUR")" 0
# The example configuration points at the usual places.
check "example config" "$(grep -c '^db = /var/lib/aigo/aigo.db' "$SHARE/contrib/aigo.conf.example")" 1
# Issue 14: the installed examples carry PREFIX's paths, never another's;
# the development nginx.conf is not installed; every doc is.
check "no /usr/local in the installed examples" "$(grep -rl /usr/local "$SHARE"/contrib | wc -l)" 0
check "aigo.service runs PREFIX's program" "$(grep -c '^ExecStart=/opt/aigo/bin/aigo serve ' "$SHARE/contrib/aigo.service")" 1
check "aigo-prune.service too" "$(grep -c '^ExecStart=/opt/aigo/bin/aigo db prune' "$SHARE/contrib/aigo-prune.service")" 1
check "aigo-probe-node.service too" "$(grep -c '^ExecStart=/opt/aigo/bin/aigo probe --push ' "$SHARE/contrib/aigo-probe-node.service")" 1
check "the example's root" "$(grep -c '^root = /opt/aigo/share/aigo' "$SHARE/contrib/aigo.conf.example")" 1
check "nginx static from PREFIX" "$(grep -c 'alias /opt/aigo/share/aigo/static/;' "$SHARE/contrib/nginx-site.conf" "$SHARE/contrib/nginx-subpath.conf" | cut -d: -f2 | tr '\n' ' ')" "1 1 "
check "the development nginx.conf is not installed" "$([ -e "$SHARE/contrib/nginx.conf" ] && echo yes || echo no)" no
check "every doc installed" "$(ls "$OUT/dest/opt/aigo/share/doc/aigo/docs" | wc -l)" "$(ls docs/*.md | wc -l)"
# The production site passes nginx -t without a warning, with a test
# certificate in place of the real one and a real static directory.
openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj /CN=localhost \
	-keyout "$OUT/key.pem" -out "$OUT/cert.pem" >/dev/null 2>&1
mkdir -p "$OUT/nginx"
sed -e "s#/etc/letsencrypt/live/status.example.org/fullchain.pem#$OUT/cert.pem#" \
	-e "s#/etc/letsencrypt/live/status.example.org/privkey.pem#$OUT/key.pem#" \
	-e "s#unix:/run/aigo/aigo.sock#unix:$OUT/aigo.sock#" \
	-e "s#/opt/aigo/share#$OUT/dest/opt/aigo/share#" "$SHARE/contrib/nginx-site.conf" >"$OUT/nginx/site.conf"
cat >"$OUT/nginx/nginx.conf" <<EOF
pid $OUT/nginx/nginx.pid;
error_log $OUT/nginx/error.log warn;
events { worker_connections 64; }
http {
    include /etc/nginx/mime.types;
    access_log off;
    client_body_temp_path $OUT/nginx/body;
    fastcgi_temp_path $OUT/nginx/fastcgi;
    proxy_temp_path $OUT/nginx/proxy;
    uwsgi_temp_path $OUT/nginx/uwsgi;
    scgi_temp_path $OUT/nginx/scgi;
    include $OUT/nginx/site.conf;
}
EOF
nginx -t -c "$OUT/nginx/nginx.conf" >"$OUT/nginx/t.log" 2>&1
check "nginx -t of the production site" "$?" 0
check "... without a warning" "$(grep -c '\[warn\]\|\[emerg\]' "$OUT/nginx/t.log")" 0
summary install
