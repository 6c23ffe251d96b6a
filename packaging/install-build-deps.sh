#!/usr/bin/env bash
# Installs the Debian packages that building (and testing) the .deb/.rpm packages needs.
# Idempotent; run as root (CI is). Used by `dotnet cake --target=Package` and tests/Packaging.Tests.
#   (dpkg-deb itself is part of dpkg, which every Debian system has)
#   rpm           rpmbuild, rpm -qip/-qlp, rpm --root installs
#   apt-utils     apt-ftparchive (Packages, Release of the apt repository)
#   createrepo-c  createrepo_c (repodata of the yum repository)
#   clang zlib1g-dev  the Native AOT compile of mesh-agent for linux-x64 (ILCompiler links with clang, -lz)
set -euo pipefail

packages=(rpm apt-utils createrepo-c clang zlib1g-dev)

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
[ ${#missing[@]} -eq 0 ] && exit 0

if [ "$(id -u)" -ne 0 ]; then
  echo "Building the packages needs these Debian packages: ${missing[*]}" >&2
  echo "Install them with: sudo apt-get install -y ${missing[*]}" >&2
  exit 1
fi
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${missing[@]}"
