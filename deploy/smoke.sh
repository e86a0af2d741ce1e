#!/usr/bin/env bash
# Production smoke test on PostgreSQL and Redis, on loopback ports, as CI runs it:
#   bash deploy/smoke.sh
# With ALONGSIDE_PRODUCTION=1: `check --deploy --fail-level WARNING`, migrate and collectstatic
# (deploy/bin/release), then gunicorn with 2 workers, uvicorn and a task worker (deploy/bin/*),
# then deploy/smoke_check.py against them, then (where nginx is installed) the same through nginx with
# deploy/nginx/alongside.conf, then everything is stopped.
#
# SMOKE_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/alongside_smoke; dropped and
# created afresh), SMOKE_REDIS_URL (default redis://127.0.0.1:6379/15), SMOKE_WEB_PORT (18000),
# SMOKE_WS_PORT (18001), SMOKE_NGINX=0 to leave nginx out, SMOKE_NGINX_PORT (18080), SMOKE_NGINX_TLS_PORT (18443).
set -euo pipefail
cd "$(dirname "$0")/.."
PY="${ALONGSIDE_VENV:-.venv}/bin/python"
HOST=alongside.test
WEB_PORT="${SMOKE_WEB_PORT:-18000}"
WS_PORT="${SMOKE_WS_PORT:-18001}"
NGINX_PORT="${SMOKE_NGINX_PORT:-18080}"
NGINX_TLS_PORT="${SMOKE_NGINX_TLS_PORT:-18443}"
work="$(mktemp -d -t alongside-smoke.XXXXXX)"

export ALONGSIDE_PRODUCTION=1
export DJANGO_SECRET_KEY="$("$PY" -c 'import secrets; print(secrets.token_urlsafe(50))')"
export AUDIT_HMAC_KEY="$("$PY" -c 'import secrets; print(secrets.token_hex(32))')"
export DJANGO_ALLOWED_HOSTS="$HOST"
export ALONGSIDE_SITE_URL="https://$HOST"
export DATABASE_URL="${SMOKE_DATABASE_URL:-postgres://postgres@127.0.0.1:5432/alongside_smoke}"
export REDIS_URL="${SMOKE_REDIS_URL:-redis://127.0.0.1:6379/15}"
export ALONGSIDE_VAR_DIR="$work/var"
export AUDIT_ANCHOR_DIR="$work/var/audit-anchor"
export PROXY_COUNT=1
export WEB_BIND="127.0.0.1:$WEB_PORT" WEB_WORKERS=2 WS_HOST=127.0.0.1 WS_PORT="$WS_PORT"
export EMAIL_BACKEND=django.core.mail.backends.locmem.EmailBackend
unset DJANGO_DEBUG SQLITE_PATH
mkdir -p "$ALONGSIDE_VAR_DIR"

step() { printf '\n== %s\n' "$*"; }

# Refuse to start beside a leftover: checks against someone else's process would prove nothing.
for port in "$WEB_PORT" "$WS_PORT" "$NGINX_PORT" "$NGINX_TLS_PORT"; do
  if "$PY" -c "import socket; socket.create_connection(('127.0.0.1', $port), 0.5).close()" 2>/dev/null; then
    echo "Port $port is already in use; stop what listens there or set SMOKE_*_PORT." >&2
    exit 1
  fi
done

step "Fresh database ${DATABASE_URL##*/}"
"$PY" - "$DATABASE_URL" <<'PYEOF'
import sys
from urllib.parse import urlsplit

import psycopg

url = urlsplit(sys.argv[1])
name = url.path.lstrip("/")
with psycopg.connect(url._replace(path="/postgres").geturl(), autocommit=True) as conn:
    conn.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
    conn.execute(f'CREATE DATABASE "{name}"')
PYEOF

step "Release: check --deploy --fail-level WARNING, migrate, collectstatic"
deploy/bin/release

pids=()
names=()
start() {
  local name="$1"
  shift
  setsid "$@" >"$work/$name.log" 2>&1 &
  pids+=("$!")
  names+=("$name")
}
stop_all() {
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  for _ in $(seq 1 150); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && return 0
    sleep 0.1
  done
  echo "Some processes did not stop within 15 s; killing them." >&2
  for pid in "${pids[@]}"; do kill -KILL -- "-$pid" 2>/dev/null || kill -KILL "$pid" 2>/dev/null || true; done
  return 1
}
show_logs() {
  local name
  for name in "${names[@]}"; do
    echo "---- $name log (last 40 lines)"
    tail -n 40 "$work/$name.log" || true
  done
}
finish() {
  local status=$?
  if ((${#pids[@]})); then
    step "Stopping"
    stop_all || status=1
  fi
  if [[ $status != 0 ]]; then
    show_logs
    echo "SMOKE FAILED (logs in $work)"
  else
    rm -rf "$work"
    echo "SMOKE PASSED"
  fi
  exit "$status"
}
trap finish EXIT

step "Starting gunicorn (2 workers) on :$WEB_PORT, uvicorn on :$WS_PORT, a task worker"
start web deploy/bin/web
start ws deploy/bin/ws
start worker deploy/bin/worker --worker-id smoke-1
if "$PY" manage.py help outbox_sweep >/dev/null 2>&1; then
  start outbox deploy/bin/outbox
fi

wait_for() { # wait_for NAME HOST PORT: until the port accepts connections (30 s)
  for _ in $(seq 1 150); do
    if "$PY" -c "import socket,sys; socket.create_connection(('$2', $3), 0.5).close()" 2>/dev/null; then return 0; fi
    for i in "${!pids[@]}"; do
      if ! kill -0 "${pids[$i]}" 2>/dev/null; then echo "${names[$i]} exited early" >&2; return 1; fi
    done
    sleep 0.2
  done
  echo "$1 did not listen on $2:$3 within 30 s" >&2
  return 1
}
wait_for gunicorn 127.0.0.1 "$WEB_PORT"
wait_for uvicorn 127.0.0.1 "$WS_PORT"
workers="$(pgrep -c -P "${pids[0]}" || true)"
echo "gunicorn master ${pids[0]} has $workers worker processes"
[[ "$workers" == 2 ]] || { echo "expected 2 gunicorn workers" >&2; exit 1; }

step "Checks, straight to gunicorn and uvicorn"
"$PY" deploy/smoke_check.py --web "http://127.0.0.1:$WEB_PORT" --ws "ws://127.0.0.1:$WS_PORT" --host "$HOST"

step "The audit chains written by all these processes verify"
"$PY" manage.py audit_verify

# The same through nginx with deploy/nginx/alongside.conf, where nginx is installed (CI does not need it).
if [[ "${SMOKE_NGINX:-auto}" != 0 ]] && command -v nginx >/dev/null 2>&1 && command -v openssl >/dev/null 2>&1; then
  step "Checks through nginx ($(nginx -v 2>&1 | sed 's/.*: //')) with deploy/nginx/alongside.conf on :$NGINX_TLS_PORT"
  ng="$work/nginx"
  mkdir -p "$ng/tmp"
  openssl req -x509 -newkey rsa:2048 -nodes -days 1 -subj "/CN=$HOST" \
    -addext "subjectAltName=DNS:$HOST,IP:127.0.0.1" -keyout "$ng/key.pem" -out "$ng/cert.pem" 2>/dev/null
  sed -e "s#listen 80;#listen 127.0.0.1:$NGINX_PORT;#" -e "/listen \[::\]/d" \
    -e "s#listen 443 ssl http2;#listen 127.0.0.1:$NGINX_TLS_PORT ssl http2;#" \
    -e "s#alongside.example.org#$HOST#g" \
    -e "s#/etc/letsencrypt/live/$HOST/fullchain.pem#$ng/cert.pem#" -e "s#/etc/letsencrypt/live/$HOST/privkey.pem#$ng/key.pem#" \
    -e "s#/srv/alongside/staticfiles/#$(pwd)/staticfiles/#" \
    -e "s#127.0.0.1:8000;#127.0.0.1:$WEB_PORT;#" -e "s#127.0.0.1:8001;#127.0.0.1:$WS_PORT;#" \
    deploy/nginx/alongside.conf >"$ng/alongside.conf"
  cat >"$ng/nginx.conf" <<NGINX
worker_processes 1;
pid $ng/nginx.pid;
error_log $ng/error.log;
events {}
http {
    include /etc/nginx/mime.types;
    access_log $ng/access.log;
    client_body_temp_path $ng/tmp/body;
    proxy_temp_path $ng/tmp/proxy;
    fastcgi_temp_path $ng/tmp/fastcgi;
    uwsgi_temp_path $ng/tmp/uwsgi;
    scgi_temp_path $ng/tmp/scgi;
    include $ng/alongside.conf;
}
NGINX
  # nginx's workers run as nobody when started as root: they must be able to read staticfiles/.
  globals="daemon off;"
  [[ $(id -u) == 0 ]] && globals+=" user $(id -un);"
  nginx -t -q -p "$ng" -c "$ng/nginx.conf" -g "$globals"
  start nginx nginx -p "$ng" -c "$ng/nginx.conf" -g "$globals"
  wait_for nginx 127.0.0.1 "$NGINX_TLS_PORT"
  "$PY" deploy/smoke_check.py --proxy "https://127.0.0.1:$NGINX_TLS_PORT" --cafile "$ng/cert.pem" --host "$HOST"
  code="$("$PY" -c "import http.client as h; c=h.HTTPConnection('127.0.0.1', $NGINX_PORT); c.request('GET', '/x', headers={'Host': '$HOST'}); r=c.getresponse(); print(r.status, r.getheader('Location'))")"
  [[ "$code" == "301 https://$HOST/x" ]] || { echo "port $NGINX_PORT should redirect to https, answered: $code" >&2; exit 1; }
  echo "  ok   nginx redirects http to https ($code)"
else
  echo "(nginx not installed: the example nginx configuration was not exercised)"
fi
