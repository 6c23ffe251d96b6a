#!/usr/bin/env bash
# Installs the Debian packages the test suite needs. Idempotent; run as root (CI is).
#   golang-github-hashicorp-hcl-v2-dev  HashiCorp's HCL spec suite, run by Mesh.Hcl.Tests
#   chromium                            headless browser the controller dashboard tests drive
#   iproute2 curl                       network namespaces and the traffic loop of MultiHost.Tests
set -euo pipefail

packages=(golang-github-hashicorp-hcl-v2-dev chromium iproute2 curl)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "The tests need these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
