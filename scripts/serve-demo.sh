#!/usr/bin/env bash
# Serve the demo: migrate, load the demo data, start the web app (ASGI, uvicorn) and the background
# workers, print one sign-in per role, and stay in the foreground until Ctrl-C, then stop them all.
#
#   bash scripts/serve-demo.sh [HOST] [PORT]      (make demo runs this after installing)
#
# Worker output goes to var/log/; the web app logs to this terminal.
set -euo pipefail

HOST="${1:-127.0.0.1}"
PORT="${2:-8000}"
cd "$(dirname "$0")/.."
PY="${PY:-.venv/bin/python}"
VAR_DIR="${ALONGSIDE_VAR_DIR:-var}"
LOG_DIR="$VAR_DIR/log"
mkdir -p "$LOG_DIR"

if [[ ! -x "$PY" ]]; then
  echo "serve-demo: $PY not found; run 'make install' (or 'make demo') first." >&2
  exit 1
fi

if command -v ss >/dev/null 2>&1 && ss -ltnH "sport = :$PORT" 2>/dev/null | grep -q .; then
  echo "serve-demo: port $PORT is already in use. Stop whatever listens there, or run: make demo PORT=8001" >&2
  exit 1
fi

"$PY" manage.py migrate --noinput -v0
"$PY" manage.py demo_load --quiet

pids=()
names=()
start() { # start NAME LOGFILE CMD...: run CMD in its own session, so Ctrl-C reaches only this script
  local name="$1" log="$2"
  shift 2
  if [[ "$log" == "-" ]]; then
    setsid "$@" &
  else
    setsid "$@" >>"$log" 2>&1 &
  fi
  pids+=("$!")
  names+=("$name")
}

stopping=0
stop_all() {
  [[ $stopping == 1 ]] && return
  stopping=1
  trap - INT TERM
  echo
  echo "Stopping the demo..."
  local pid
  for pid in "${pids[@]}"; do kill -TERM "$pid" 2>/dev/null || true; done
  # Give each up to 10 s to finish what it is doing, then make sure.
  for _ in $(seq 1 100); do
    local alive=0
    for pid in "${pids[@]}"; do kill -0 "$pid" 2>/dev/null && alive=1; done
    [[ $alive == 0 ]] && break
    sleep 0.1
  done
  for pid in "${pids[@]}"; do kill -KILL "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  echo "Stopped."
}
trap 'stop_all; exit 0' INT
trap 'stop_all; exit 143' TERM
trap 'stop_all' EXIT

start web - "$PY" -m uvicorn config.asgi:application --host "$HOST" --port "$PORT" \
  --log-level warning --no-access-log --lifespan off
start worker "$LOG_DIR/worker.log" "$PY" manage.py db_worker --interval 1 --no-reload
if "$PY" manage.py help outbox_sweep >/dev/null 2>&1; then
  start outbox "$LOG_DIR/outbox.log" "$PY" manage.py outbox_sweep --every 60
fi

# Wait until the app answers (at most 60 s), stopping early if a process died.
url="http://$HOST:$PORT"
ready=0
for _ in $(seq 1 300); do
  if "$PY" - "$url/health" <<'PYEOF' 2>/dev/null; then
import sys, urllib.request
sys.exit(0 if urllib.request.urlopen(sys.argv[1], timeout=1).status == 200 else 1)
PYEOF
    ready=1
    break
  fi
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "serve-demo: the ${names[$i]} process exited early (see above, or $LOG_DIR/${names[$i]}.log)." >&2
      exit 1
    fi
  done
  sleep 0.2
done
if [[ $ready != 1 ]]; then
  echo "serve-demo: the web app did not answer at $url/health within 60 s." >&2
  exit 1
fi

"$PY" manage.py demo_load | sed "s#http://127.0.0.1:8000/#$url/#"
background="task worker"
[[ " ${names[*]} " == *" outbox "* ]] && background+=" and outbox sweeper"
echo "  Running: the web app (uvicorn) on $url; the $background in the background (logs in $LOG_DIR/)."
echo "  Press Ctrl-C to stop."
echo

# Stay in the foreground until Ctrl-C or until any process exits.
set +e
wait -n "${pids[@]}"
status=$?
if [[ $stopping == 0 ]]; then
  for i in "${!pids[@]}"; do
    if ! kill -0 "${pids[$i]}" 2>/dev/null; then
      echo "serve-demo: the ${names[$i]} process stopped (exit $status); stopping the rest." >&2
    fi
  done
  exit "$status"
fi
