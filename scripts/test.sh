#!/usr/bin/env bash
# The README's test command: every level, in order, on a fresh clone. Installs what it lacks (Debian packages,
# code-server into a cache folder), builds, and prints each level's counts and one total. Exits non-zero on any
# failure; a level that fails does not stop the later ones, so one run shows everything that is wrong.
set -uo pipefail
cd "$(dirname "$0")/.."
rm -rf test-results && mkdir -p test-results

bash scripts/install-system-packages.sh || exit 1
[ -d node_modules ] || npm ci || exit 1
bash scripts/install-vscode-server.sh >/dev/null || exit 1
npm run --silent build >/dev/null || { echo "build failed"; exit 1; }

status=0
run_level() {
  local name=$1; shift
  echo; echo "=== $name ==="
  "$@" || status=1
}
run_level layers node scripts/check-layers.mjs
run_level unit node scripts/test-unit.mjs
[ -d python/tests ] && run_level python node scripts/test-python.mjs
run_level integration node test/harness/run-integration.mjs
run_level e2e node test/harness/run-e2e.mjs

node scripts/test-summary.mjs || status=1
exit $status
