#!/usr/bin/env bash
# Apicurio Registry on loopback, built from Maven Central jars; in-memory (H2) storage.
# Its Confluent-compatible API is http://127.0.0.1:$REGISTRY_PORT/apis/ccompat/v7 .
#   registry.sh fetch|start|stop|restart|status|logs|clean
# SCHEMA_REGISTRY_URL set to an external registry makes start/stop no-ops.
# Storage is in memory: every start begins empty, and stop loses all schemas.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${REGISTRY_CACHE:-$root/.cache/registry}"
port="${REGISTRY_PORT:-8081}"
heap="${REGISTRY_HEAP:-512m}"
# Optional global compatibility level set (PUT /apis/ccompat/v7/config) right after a fresh start.
# Unset (the default) keeps Apicurio's global NONE, so per-subject configs alone decide. Note that in
# this Apicurio a subject set to NONE does NOT relax a stricter global level (NONE = "no subject rule").
compat="${REGISTRY_COMPATIBILITY:-}"
java="${REGISTRY_JAVA:-java}"   # a Quarkus 2.16 app: Java 11+ (checked with 17 and 25)
pidfile="$home/registry.pid"
logs="$home/logs"
app="$home/app"
jar="$app/apicurio-registry-runner-1-runner.jar"
url="http://127.0.0.1:$port"

service_name=registry
# shellcheck source=infra/service-lib.sh
. "$here/../service-lib.sh"
ready() { curl -sf --max-time 2 -o /dev/null "$url/health/ready"; }

fetch() {
  if [ -f "$app/.complete" ] && [ "$app/.complete" -nt "$here/pom.xml" ] \
    && [ -z "$(find "$here/src" -newer "$app/.complete" -type f 2>/dev/null)" ]; then return; fi
  log "resolving Apicurio Registry from Maven Central and running its Quarkus build"
  rm -rf "$home/build" "$app"
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" package -Dregistry.build="$home/build"
  mkdir -p "$app"
  mv "$home/build/apicurio-registry-runner-1-runner.jar" "$home/build/lib" "$app/"
  rm -rf "$home/build"
  touch "$app/.complete"
}

start() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ]; then log "using external registry $SCHEMA_REGISTRY_URL"; return; fi
  if pid=$(running_pid); then log "already running (pid $pid) on $url"; return; fi
  if port_open "$port"; then log "something already listens on 127.0.0.1:$port; reusing it"; return; fi
  fetch
  mkdir -p "$logs" "$home/tmp"
  log "starting on $url (ccompat API: $url/apis/ccompat/v7)"
  # setsid: its own session, so it outlives the shell (or test) that started it.
  setsid nohup "$java" -Xms64m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Djava.io.tmpdir=$home/tmp" "-Dvertx.cacheDirBase=$home/tmp/vertx" \
    -Dquarkus.http.host=127.0.0.1 "-Dquarkus.http.port=$port" \
    -jar "$jar" >"$logs/registry.log" 2>&1 &
  echo $! >"$pidfile"
  local deadline=$((SECONDS + ${REGISTRY_START_TIMEOUT:-90}))
  until ready; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "registry exited during start; last log lines:"; tail -20 "$logs/registry.log" >&2 || true
      rm -f "$pidfile"; exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then
      log "not ready after ${REGISTRY_START_TIMEOUT:-90}s; last log lines:"; tail -20 "$logs/registry.log" >&2 || true
      exit 1
    fi
    sleep 0.5
  done
  if [ -n "$compat" ]; then
    curl -sf --max-time 5 -o /dev/null -X PUT -H 'Content-Type: application/vnd.schemaregistry.v1+json' \
      -d "{\"compatibility\":\"$compat\"}" "$url/apis/ccompat/v7/config" \
      || { log "could not set global compatibility $compat"; exit 1; }
    log "global compatibility set to $compat"
  fi
  log "ready (pid $(cat "$pidfile"))"
}

stop() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ]; then log "external registry $SCHEMA_REGISTRY_URL; nothing to stop"; return; fi
  stop_service 30
}

status() {
  if [ -n "${SCHEMA_REGISTRY_URL:-}" ]; then echo "registry: external ($SCHEMA_REGISTRY_URL)"
  elif pid=$(running_pid); then echo "registry: running (pid $pid) on $url/apis/ccompat/v7"
  else echo "registry: stopped"; return 1; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  logs) tail -n "${LINES:-100}" -F "$logs/registry.log" ;;
  clean) stop; rm -rf "$logs" "$home/tmp" ;;
  *) echo "usage: $0 fetch|start|stop|restart|status|logs|clean" >&2; exit 2 ;;
esac
