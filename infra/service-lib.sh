# Shared by infra/kafka/kafka.sh and infra/registry/registry.sh (sourced): logging, the port
# probe, and pid-file handling for a Java service started in its own session.
# The sourcing script sets $service_name and $pidfile first.

log() { echo "==> $service_name: $*" >&2; }
port_open() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
running_pid() { [ -f "$pidfile" ] && kill -0 "$(cat "$pidfile")" 2>/dev/null && cat "$pidfile"; }

# SIGTERM, up to $1 seconds (default 30) for a clean exit, then SIGKILL.
stop_service() {
  local pid wait_s=${1:-30}
  if ! pid=$(running_pid); then log "not running"; rm -f "$pidfile"; return; fi
  log "stopping pid $pid"
  kill -TERM "$pid"
  for _ in $(seq 1 $((wait_s * 2))); do kill -0 "$pid" 2>/dev/null || break; sleep 0.5; done
  if kill -0 "$pid" 2>/dev/null; then log "did not stop in ${wait_s}s; killing"; kill -KILL "$pid"; fi
  rm -f "$pidfile"
}
