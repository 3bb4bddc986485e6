#!/usr/bin/env bash
# Installs code-server (VS Code in the browser) for the E2E/integration layers into a cache
# folder outside the repo, so a plain `npm install` of the extension stays light.
# Idempotent: skips the install when the cached copy already starts.
# Prints the path of the code-server executable as its last line.
# Facts behind the workarounds: /work/shared/E2E.md (no GitHub access on CI machines).
set -euo pipefail

VERSION="${CODE_SERVER_VERSION:-4.100.3}"
CACHE="${FINER_LENS_E2E_CACHE:-$HOME/.cache/finer-lens-e2e}"
PREFIX="$CACHE/code-server-$VERSION"
BIN="$PREFIX/node_modules/.bin/code-server"

log() { echo "[install-code-server] $*" >&2; }

if [[ -x "$BIN" ]] && "$BIN" --version >/dev/null 2>&1; then
  log "code-server $VERSION already installed in $PREFIX"
  echo "$BIN"
  exit 0
fi

for tool in rg npm; do
  command -v "$tool" >/dev/null || { log "missing '$tool' (apt-get install ripgrep; Node 20 with npm)"; exit 1; }
done
if [[ ! -e /usr/include/gssapi/gssapi.h ]]; then
  log "missing kerberos headers: apt-get install libkrb5-dev libxkbfile-dev libsecret-1-dev"
  exit 1
fi

started=$(date +%s)
# @vscode/ripgrep downloads rg from GitHub, which is unreachable here: pre-fill its cache
# with Debian's rg under the exact file name it looks for.
TMP_BASE="${TMPDIR:-/tmp}"
RG_CACHE="$TMP_BASE/vscode-ripgrep-cache-1.15.11"
RG_TARBALL="$RG_CACHE/ripgrep-v13.0.0-10-x86_64-unknown-linux-musl.tar.gz"
if [[ ! -s "$RG_TARBALL" ]]; then
  mkdir -p "$RG_CACHE"
  rg_stage="$(mktemp -d)"
  cp "$(command -v rg)" "$rg_stage/rg"
  tar -czf "$RG_TARBALL" -C "$rg_stage" rg
  rm -rf "$rg_stage"
fi

# Install into a staging folder, then rename, so an interrupted install never looks complete.
STAGE="$PREFIX.partial"
rm -rf "$STAGE"
mkdir -p "$STAGE"
echo '{"name":"finer-lens-code-server","private":true}' >"$STAGE/package.json"
log "installing code-server@$VERSION into $PREFIX (compiles native modules, ~1-3 min)"
(
  cd "$STAGE"
  # unsafe_perm: npm as root drops privileges for lifecycle scripts otherwise;
  # yes: node-pty's build runs `npx node-gyp`, which would prompt.
  npm_config_unsafe_perm=true npm_config_yes=true \
    npm install --no-audit --no-fund --no-save --loglevel=error "code-server@$VERSION" >&2
)
rm -rf "$PREFIX"
mv "$STAGE" "$PREFIX"
"$BIN" --version >/dev/null
log "installed in $(( $(date +%s) - started )) s"
echo "$BIN"
