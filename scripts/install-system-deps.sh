#!/usr/bin/env bash
# Installs the Debian packages the tests and the code-server demo need, when missing:
# chromium (E2E browser), kerberos/xkbfile/secret headers + build tools (code-server's native
# modules build from the npm registry), ripgrep (pre-fills @vscode/ripgrep's download cache),
# sqlite3 and python3 (tests read the database and cross-check scoring with them), strace
# (a test checks that every journal write is fsync'd before it is acknowledged).
# Idempotent and quick when everything is present. Needs root (or sudo) only to install.
set -euo pipefail

APT_PACKAGES=(chromium libkrb5-dev libxkbfile-dev libsecret-1-dev ripgrep sqlite3 python3 build-essential strace)
missing=()
for pkg in "${APT_PACKAGES[@]}"; do
  dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "install ok installed" || missing+=("$pkg")
done
if ((${#missing[@]} == 0)); then
  echo "[system-deps] all Debian packages present" >&2
  exit 0
fi

echo "[system-deps] installing: ${missing[*]}" >&2
SUDO=()
if [[ $(id -u) -ne 0 ]]; then
  if command -v sudo >/dev/null; then
    SUDO=(sudo)
  else
    echo "[system-deps] not root and no sudo: run as root: apt-get install ${missing[*]}" >&2
    exit 1
  fi
fi
export DEBIAN_FRONTEND=noninteractive
"${SUDO[@]}" apt-get update -qq
"${SUDO[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
