#!/usr/bin/env bash
# Minimal supervisor for the pipeline's Node processes: pid files and logs under .cache/run.
#   svc.sh start NAME -- CMD...   start in the background unless already running
#   svc.sh stop NAME              SIGTERM, wait up to 30 s for a clean exit, then SIGKILL
#   svc.sh status NAME
set -euo pipefail
cd "$(dirname "$0")/.."
run=.cache/run
mkdir -p "$run"
cmd=${1:-}; name=${2:-}
[ -n "$cmd" ] && [ -n "$name" ] || { echo "usage: $0 start|stop|status NAME [-- CMD...]" >&2; exit 2; }
pidfile="$run/$name.pid"
alive() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null; }

case "$cmd" in
  start)
    shift 2; [ "${1:-}" = "--" ] && shift
    if alive; then echo "==> $name: already running (pid $(cat "$pidfile"))"; exit 0; fi
    setsid nohup "$@" >>"$run/$name.log" 2>&1 &
    echo $! >"$pidfile"
    sleep 1
    if ! alive; then echo "==> $name: exited at start; last lines of $run/$name.log:" >&2; tail -20 "$run/$name.log" >&2; exit 1; fi
    echo "==> $name: started (pid $(cat "$pidfile"), log $run/$name.log)"
    ;;
  stop)
    if ! alive; then echo "==> $name: not running"; rm -f "$pidfile"; exit 0; fi
    pid=$(cat "$pidfile"); kill -TERM "$pid"
    for _ in $(seq 1 60); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
    if kill -0 "$pid" 2>/dev/null; then echo "==> $name: no clean exit in 30 s; killing"; kill -KILL "$pid"; fi
    rm -f "$pidfile"; echo "==> $name: stopped"
    ;;
  status)
    if alive; then echo "$name: running (pid $(cat "$pidfile"))"; else echo "$name: stopped"; fi
    ;;
  *) echo "usage: $0 start|stop|status NAME [-- CMD...]" >&2; exit 2 ;;
esac
