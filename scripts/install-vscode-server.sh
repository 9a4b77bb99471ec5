#!/usr/bin/env bash
# Installs code-server 4.100.3 (VS Code 1.100.3, the last line for Node 20) into a cache folder once,
# following ../shared/notes/real-vscode.md; prints the entry script's path. Reused when present.
set -euo pipefail
VERSION=4.100.3
CACHE="${MLCYCLE_CACHE:-$HOME/.cache/mlcycle}/code-server-$VERSION"
ENTRY="$CACHE/node_modules/code-server/out/node/entry.js"
STAMP="$CACHE/.installed"

if [ -f "$STAMP" ] && [ -f "$ENTRY" ]; then echo "$ENTRY"; exit 0; fi

log() { echo "[install-vscode-server] $*" >&2; }
bash "$(dirname "$0")/install-system-packages.sh" >&2

mkdir -p "$CACHE"
cd "$CACHE"
[ -f package.json ] || echo '{"name":"mlcycle-code-server-cache","private":true}' > package.json
log "installing code-server@$VERSION into $CACHE (a few minutes, once)"
npm install --no-save --no-audit --no-fund --ignore-scripts "code-server@$VERSION" >&2
npm rebuild argon2 >&2
cd node_modules/code-server/lib/vscode
npm install --omit=dev --ignore-scripts --no-audit --no-fund >&2
mkdir -p node_modules/@vscode/ripgrep/bin
cp "$(command -v rg)" node_modules/@vscode/ripgrep/bin/rg
npm_config_yes=true npm rebuild kerberos node-pty @vscode/spdlog @parcel/watcher native-watchdog @vscode/deviceid >&2
ln -sfn node_modules node_modules.asar
(cd bin/remote-cli && ln -sfn code-linux.sh code-server)
(cd bin/helpers && ln -sfn browser-linux.sh browser.sh)
(cd extensions && npm install --omit=dev --ignore-scripts --no-audit --no-fund >&2 && node ./postinstall.mjs >&2)
touch "$STAMP"
log "done"
echo "$ENTRY"
