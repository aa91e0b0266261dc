#!/usr/bin/env bash
# One-time (idempotent) setup on a fresh Debian machine: system packages, a supported Node,
# node modules with the Kafka client's native addon, and the Java services' jars.
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)

need_pkgs=(libssl-dev libsasl2-dev zlib1g-dev libzstd-dev liblz4-dev libcurl4-openssl-dev
  build-essential python3 maven default-jre-headless)
[ "${WITH_BROWSER:-0}" = 1 ] && need_pkgs+=(chromium)
[ "${WITH_COMPOSE:-0}" = 1 ] && need_pkgs+=(docker-compose)
missing=()
for p in "${need_pkgs[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" != 0 ] && ! command -v sudo >/dev/null; then
    echo "error: missing system packages: ${missing[*]} (run as root or install them)" >&2
    exit 1
  fi
  sudo_cmd=$([ "$(id -u)" = 0 ] && echo "" || echo sudo)
  echo "==> installing system packages: ${missing[*]}"
  $sudo_cmd apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi

# shellcheck source=scripts/node-env.sh
. scripts/node-env.sh
echo "==> node $(node --version), npm $(npm --version)"

stamp=.cache/npm-installed.stamp
if [ ! -f "$stamp" ] || [ package-lock.json -nt "$stamp" ] || [ ! -d node_modules ] ||
  ! node -e "require('@confluentinc/kafka-javascript')" 2>/dev/null; then
  echo "==> installing node modules (the Kafka client's librdkafka builds from source: ~2 min)"
  # No prebuilt addon can be downloaded here, so build the bundled librdkafka against the
  # system's OpenSSL, SASL and compression libraries.
  export CKJS_LINKING=dynamic
  npm ci --no-audit --no-fund --loglevel=error
  node -e "require('@confluentinc/kafka-javascript')"
  mkdir -p .cache && touch "$stamp"
fi

bash infra/kafka/kafka.sh fetch
bash infra/registry/registry.sh fetch
echo "==> setup done in $(($(date +%s) - start))s"
