#!/usr/bin/env bash
# Debian packages the tests and benchmarks use as real peers (DNS, HTTP/TLS, SOCKS, scanners) and for the
# real VS Code host (Chromium, native-module toolchain). Installs only what is missing; needs root for apt.
set -euo pipefail
PKGS=(knot knot-dnsutils bind9-dnsutils dante-server microsocks nginx-light nmap socat dnsperf iproute2 openssl lsof net-tools
      curl hyperfine python3 chromium libkrb5-dev pkg-config build-essential dnsdist unbound nghttp2-client
      python3-websockets procps)
missing=()
for p in "${PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0
if [ "$(id -u)" != 0 ]; then
  echo "install-system-deps: missing Debian packages: ${missing[*]} (run as root: sudo bash $0)" >&2
  exit 1
fi
echo "install-system-deps: installing ${missing[*]}"
apt-get update -qq
DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
