#!/usr/bin/env bash
# A single-node Apache Kafka (KRaft, broker + controller) on loopback, from Maven Central jars.
#   kafka.sh fetch|start|stop|status|logs|clean
# KAFKA_BROKERS set to an external cluster makes start/stop no-ops.
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
home="${KAFKA_CACHE:-$root/.cache/kafka}"
port="${KAFKA_PORT:-9092}"
controller_port="${KAFKA_CONTROLLER_PORT:-9093}"
heap="${KAFKA_HEAP:-1g}"
pidfile="$home/kafka.pid"
logs="$home/logs"
data="$home/data"

service_name=kafka
# shellcheck source=infra/service-lib.sh
. "$here/../service-lib.sh"

fetch() {
  if [ -f "$home/libs/.complete" ] && [ "$home/libs/.complete" -nt "$here/pom.xml" ]; then return; fi
  log "resolving the broker's jars from Maven Central"
  rm -rf "$home/libs"
  mvn -q -B -Dstyle.color=never -f "$here/pom.xml" dependency:copy-dependencies \
    -DoutputDirectory="$home/libs" -DincludeScope=runtime
  touch "$home/libs/.complete"
}

write_config() {
  mkdir -p "$logs" "$data"
  cat >"$home/server.properties" <<PROPS
process.roles=broker,controller
node.id=1
controller.quorum.voters=1@127.0.0.1:$controller_port
listeners=PLAINTEXT://127.0.0.1:$port,CONTROLLER://127.0.0.1:$controller_port
advertised.listeners=PLAINTEXT://127.0.0.1:$port
controller.listener.names=CONTROLLER
inter.broker.listener.name=PLAINTEXT
listener.security.protocol.map=PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT
log.dirs=$data
num.partitions=3
auto.create.topics.enable=false
offsets.topic.replication.factor=1
transaction.state.log.replication.factor=1
transaction.state.log.min.isr=1
share.coordinator.state.topic.replication.factor=1
share.coordinator.state.topic.min.isr=1
group.initial.rebalance.delay.ms=0
transaction.max.timeout.ms=900000
PROPS
}

java_run() {
  java -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dkafka.logs.dir=$logs" "-Dlog4j2.configurationFile=$here/log4j2.yaml" \
    -cp "$home/libs/*" "$@"
}

start() {
  if [ -n "${KAFKA_BROKERS:-}" ]; then log "using external cluster $KAFKA_BROKERS"; return; fi
  if pid=$(running_pid); then log "already running (pid $pid) on 127.0.0.1:$port"; return; fi
  if port_open "$port"; then log "something already listens on 127.0.0.1:$port; reusing it"; return; fi
  fetch
  write_config
  if [ ! -f "$data/meta.properties" ]; then
    log "formatting KRaft storage"
    java_run kafka.tools.StorageTool format -t "$(java_run kafka.tools.StorageTool random-uuid)" \
      -c "$home/server.properties" >"$logs/format.log" 2>&1
  fi
  log "starting on 127.0.0.1:$port"
  # setsid: its own session, so it outlives the shell (or test) that started it.
  setsid nohup java -Xms256m "-Xmx$heap" -XX:+UseG1GC -Djava.awt.headless=true \
    "-Dkafka.logs.dir=$logs" "-Dlog4j2.configurationFile=$here/log4j2.yaml" \
    -cp "$home/libs/*" kafka.Kafka "$home/server.properties" >"$logs/stdout.log" 2>&1 &
  echo $! >"$pidfile"
  local deadline=$((SECONDS + ${KAFKA_START_TIMEOUT:-90}))
  until grep -q "Kafka Server started" "$logs/server.log" 2>/dev/null && port_open "$port"; do
    if ! kill -0 "$(cat "$pidfile")" 2>/dev/null; then
      log "broker exited during start; last log lines:"; tail -20 "$logs/stdout.log" "$logs/server.log" >&2 || true
      exit 1
    fi
    if [ $SECONDS -ge $deadline ]; then log "not ready after ${KAFKA_START_TIMEOUT:-90}s"; exit 1; fi
    sleep 0.5
  done
  log "ready (pid $(cat "$pidfile"))"
}

stop() { stop_service 60; }

status() {
  if pid=$(running_pid); then echo "kafka: running (pid $pid) on 127.0.0.1:$port"
  elif [ -n "${KAFKA_BROKERS:-}" ]; then echo "kafka: external ($KAFKA_BROKERS)"
  else echo "kafka: stopped"; return 1; fi
}

case "${1:-}" in
  fetch) fetch ;;
  start) start ;;
  stop) stop ;;
  restart) stop; start ;;
  status) status ;;
  logs) tail -n "${LINES:-100}" -F "$logs/server.log" ;;
  clean) stop; rm -rf "$data" "$logs" "$home/server.properties" ;;
  *) echo "usage: $0 fetch|start|stop|restart|status|logs|clean" >&2; exit 2 ;;
esac
