#!/usr/bin/env bash
# Debian packages the tests and the example need; installs only what is missing (needs root for apt-get).
set -euo pipefail
need=()
command -v chromium >/dev/null || need+=(chromium)
command -v rg >/dev/null || need+=(ripgrep)
command -v sqlite3 >/dev/null || need+=(sqlite3)
[ -f /usr/include/krb5.h ] || [ -f /usr/include/krb5/krb5.h ] || need+=(libkrb5-dev)
/usr/bin/python3 -c 'import sklearn' 2>/dev/null || need+=(python3-sklearn)
/usr/bin/python3 -c 'import pandas' 2>/dev/null || need+=(python3-pandas)
/usr/bin/python3 -c 'import scipy' 2>/dev/null || need+=(python3-scipy)
[ ${#need[@]} -eq 0 ] && exit 0
echo "[install-system-packages] apt-get install ${need[*]}"
if [ "$(id -u)" -ne 0 ]; then
  echo "[install-system-packages] these Debian packages are missing and installing them needs root: ${need[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq "${need[@]}"
