#!/usr/bin/env bash
# The main job: sets up what it needs, builds and packages mlcycle, installs it into a real VS Code (code-server,
# bound to 127.0.0.1) and serves it on examples/. MLCYCLE_PORT picks the port (default 8080); MLCYCLE_STATE_DIR
# the VS Code user folder (default in the cache, so settings and state survive restarts).
set -euo pipefail
cd "$(dirname "$0")/.."
root=$(pwd)
bash scripts/install-system-packages.sh
[ -d node_modules ] || npm ci
entry=$(bash scripts/install-vscode-server.sh)
npm run --silent package >/dev/null
state="${MLCYCLE_STATE_DIR:-${MLCYCLE_CACHE:-$HOME/.cache/mlcycle}/start}"
mkdir -p "$state/ud/User" "$state/ext"
[ -f "$state/ud/User/settings.json" ] || echo '{ "workbench.startupEditor": "none", "telemetry.telemetryLevel": "off" }' > "$state/ud/User/settings.json"
node "$entry" --user-data-dir "$state/ud" --extensions-dir "$state/ext" --install-extension dist/mlcycle.vsix --force >/dev/null
port=${MLCYCLE_PORT:-8080}
echo
echo "mlcycle is served in a real VS Code: open http://127.0.0.1:$port/?folder=$root/examples"
echo "(Ctrl+C stops it.)"
exec node "$entry" --auth none --bind-addr "127.0.0.1:$port" --disable-telemetry --disable-update-check \
  --user-data-dir "$state/ud" --extensions-dir "$state/ext" "$root/examples"
