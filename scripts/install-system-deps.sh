#!/usr/bin/env bash
# Debian packages NetProbe's tests use: real peers (DNS, HTTP/TLS, SOCKS, scanners), Chromium for the real
# VS Code host, and the toolchain the host's native modules build with. `--host`: only that toolchain (what
# `npm start` needs the first time). Installs only what is missing; needs root. Without root it names the
# command to run and exits 1, having changed nothing.
set -euo pipefail
HOST_PKGS=(build-essential python3 pkg-config libkrb5-dev)
TEST_PKGS=(knot knot-dnsutils bind9-dnsutils dante-server microsocks nginx-light nmap socat dnsperf iproute2 openssl lsof
           net-tools curl hyperfine chromium dnsdist unbound nghttp2-client python3-websockets procps tinyproxy tshark)
if [ "${1:-}" = --host ]; then PKGS=("${HOST_PKGS[@]}"); else PKGS=("${TEST_PKGS[@]}" "${HOST_PKGS[@]}"); fi
# For the tests of this script only (test/peers/scripts): a package list in place of the real one. It only ever
# changes which packages the non-root message names: as root the script refuses it rather than install anything.
if [ -n "${NETPROBE_TEST_PACKAGES:-}" ]; then
  if [ "$(id -u)" = 0 ]; then
    echo "install-system-deps: NETPROBE_TEST_PACKAGES is for tests run as a non-root user; unset it" >&2
    exit 2
  fi
  read -ra PKGS <<<"$NETPROBE_TEST_PACKAGES"
fi

if ! command -v dpkg-query >/dev/null || ! command -v apt-get >/dev/null; then
  echo "NetProbe: this is not a Debian/Ubuntu system; install the equivalents of these Debian packages first: ${PKGS[*]}" >&2
  exit 1
fi
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  # The path as the user can type it from where they ran npm.
  me="$(realpath --relative-to="${INIT_CWD:-$PWD}" "$0")"
  echo "NetProbe needs Debian packages that are not installed (${missing[*]}): run  sudo bash $me${1:+ $1}  first, then the same npm command again." >&2
  exit 1
fi
echo "install-system-deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
