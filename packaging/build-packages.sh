#!/usr/bin/env bash
# Builds the .deb and .rpm packages of mesh-agent, mesh-controller and meshctl, and the apt and
# yum repository folders that serve them. Used by `dotnet cake --target=Package` and by
# tests/Packaging.Tests. Needs dpkg-deb, rpmbuild, apt-ftparchive and createrepo_c
# (packaging/install-build-deps.sh installs them).
#
#   packaging/build-packages.sh [--out DIR] [--rids "linux-x64 linux-arm64"] [--publish]
#                               [--version X.Y.Z] [--configuration Release]
#
#   --out       where publish/, repo/apt and repo/yum live (default: artifacts)
#   --rids      runtime identifiers to package (default: linux-x64 linux-arm64)
#   --publish   run `dotnet publish` (self-contained) into OUT/publish/<rid>/<name> first;
#               without it the folders the Publish target made are used
#   --version   package version (default: <Version> of Directory.Build.props)
#
# Output:
#   OUT/repo/apt/*.deb + Packages, Packages.gz, Release   (a flat apt repository)
#   OUT/repo/yum/<arch>/*.rpm + repodata/                 (a yum/dnf repository)
set -euo pipefail

root="$(cd "$(dirname "$0")/.." && pwd)"
out="$root/artifacts"
rids="linux-x64 linux-arm64"
publish=no
configuration=Release
version=""

while [ $# -gt 0 ]; do
  case "$1" in
    --out) out="$(mkdir -p "$2" && cd "$2" && pwd)"; shift 2 ;;
    --rids) rids="$2"; shift 2 ;;
    --publish) publish=yes; shift ;;
    --version) version="$2"; shift 2 ;;
    --configuration) configuration="$2"; shift 2 ;;
    *) echo "unknown argument: $1" >&2; exit 2 ;;
  esac
done

if [ -z "$version" ]; then
  version="$(sed -n 's|.*<Version>\(.*\)</Version>.*|\1|p' "$root/Directory.Build.props" | head -n 1)"
fi

for tool in dpkg-deb rpmbuild apt-ftparchive createrepo_c; do
  if ! command -v "$tool" >/dev/null; then
    echo "build-packages.sh needs $tool; run packaging/install-build-deps.sh (as root)" >&2
    exit 1
  fi
done

# name|project|config file (daemons only)|summary
apps=(
  "mesh-agent|src/Agent/Agent.csproj|agent.hcl|Service mesh agent for Consul, Vault and Nomad hosts"
  "mesh-controller|src/Controller/Controller.csproj|controller.hcl|Service mesh controller: validates rules and compiles them into Consul KV"
  "meshctl|src/Cli/Cli.csproj||Command line of the mesh service mesh (apply, validate, diff, status)"
)

# mesh-agent for linux-x64 is compiled with Native AOT (idle RSS under 60 MB instead of ~100 MB: docs/packaging.md);
# linux-arm64 would need an arm64 cross toolchain (clang, sysroot) and stays a self-contained JIT build, like the
# controller and meshctl. The compile needs clang and zlib1g-dev (packaging/install-build-deps.sh).
native_aot() { [ "$1" = mesh-agent ] && [ "$2" = linux-x64 ]; }

deb_arch() { case "$1" in linux-x64) echo amd64 ;; linux-arm64) echo arm64 ;; *) echo "unsupported rid $1" >&2; exit 2 ;; esac; }
rpm_arch() { case "$1" in linux-x64) echo x86_64 ;; linux-arm64) echo aarch64 ;; *) echo "unsupported rid $1" >&2; exit 2 ;; esac; }

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
common="$root/packaging/common"
doc="$root/docs/packaging.md"

rm -rf "$out/repo/apt" "$out/repo/yum"
mkdir -p "$out/repo/apt" "$out/repo/yum"

for rid in $rids; do
  for app in "${apps[@]}"; do
    IFS='|' read -r name project config summary <<<"$app"
    pub="$out/publish/$rid/$name"
    if [ "$publish" = yes ]; then
      echo "== publishing $name for $rid$(native_aot "$name" "$rid" && echo " (Native AOT)")"
      rm -rf "$pub"
      if native_aot "$name" "$rid"; then
        dotnet publish "$root/$project" -c "$configuration" -r "$rid" -p:PublishAot=true -o "$pub" -nologo -v quiet
      else
        dotnet publish "$root/$project" -c "$configuration" -r "$rid" --self-contained -o "$pub" -nologo -v quiet
      fi
    fi
    # A Native AOT publish leaves beside the executable its symbols (mesh-agent.dbg, ~60 MB) and the libraries'
    # .pdb/.xml files that went into it: the executable alone ships.
    if native_aot "$name" "$rid"; then
      find "$pub" -mindepth 1 -not -name "$name" -delete
    fi
    if [ ! -x "$pub/$name" ]; then
      echo "no published $name for $rid in $pub: run the Publish target or pass --publish" >&2
      exit 1
    fi

    # ---- .deb --------------------------------------------------------------------------------
    arch="$(deb_arch "$rid")"
    stage="$work/deb/$name-$arch"
    mkdir -p "$stage/DEBIAN" "$stage/usr/lib/$name" "$stage/usr/bin" "$stage/usr/share/doc/$name"
    cp -a "$pub/." "$stage/usr/lib/$name/"
    ln -s "../lib/$name/$name" "$stage/usr/bin/$name"
    install -m 0644 "$doc" "$stage/usr/share/doc/$name/packaging.md"
    if [ -n "$config" ]; then
      install -D -m 0644 "$common/$name.service" "$stage/lib/systemd/system/$name.service"
      install -D -m 0640 "$common/$name.default" "$stage/etc/default/$name"
      install -D -m 0640 "$common/$config" "$stage/etc/mesh/$config"
      printf '/etc/default/%s\n/etc/mesh/%s\n' "$name" "$config" >"$stage/DEBIAN/conffiles"
      for script in postinst prerm postrm; do
        sed -e "s|@NAME@|$name|g" -e "s|@CONFIG@|$config|g" "$root/packaging/deb/daemon/$script.in" >"$stage/DEBIAN/$script"
        chmod 0755 "$stage/DEBIAN/$script"
      done
      template="$root/packaging/deb/daemon/control.in"
    else
      template="$root/packaging/deb/meshctl/control.in"
    fi
    size="$(du -sk --exclude=DEBIAN "$stage" | cut -f1)"
    description=" A self-contained .NET build under /usr/lib/$name with /usr/bin/$name pointing at it."
    sed -e "s|@NAME@|$name|g" -e "s|@VERSION@|$version|g" -e "s|@ARCH@|$arch|g" -e "s|@SIZE@|$size|g" \
        -e "s|@SUMMARY@|$summary|g" -e "s|@DESCRIPTION@|$description|g" "$template" >"$stage/DEBIAN/control"
    echo "== $name ${version} $arch.deb"
    dpkg-deb --root-owner-group -Zgzip --build "$stage" "$out/repo/apt/${name}_${version}_${arch}.deb" >/dev/null
    rm -rf "$stage"

    # ---- .rpm --------------------------------------------------------------------------------
    rarch="$(rpm_arch "$rid")"
    echo "== $name ${version} $rarch.rpm"
    defines=(--define "_topdir $work/rpm" --define "mesh_version $version" --define "mesh_publish $pub"
             --define "mesh_doc $doc")
    if [ -n "$config" ]; then
      rpmbuild -bb --quiet --target "$rarch" "${defines[@]}" --define "mesh_name $name" --define "mesh_config $config" \
        --define "mesh_summary $summary" --define "mesh_common $common" "$root/packaging/rpm/mesh-daemon.spec" >/dev/null
    else
      rpmbuild -bb --quiet --target "$rarch" "${defines[@]}" "$root/packaging/rpm/meshctl.spec" >/dev/null
    fi
    mkdir -p "$out/repo/yum/$rarch"
    mv "$work/rpm/RPMS/$rarch/"*.rpm "$out/repo/yum/$rarch/"
  done
done

# ---- repositories --------------------------------------------------------------------------
echo "== apt repository $out/repo/apt"
(
  cd "$out/repo/apt"
  apt-ftparchive packages . >Packages
  gzip -9 -k -f Packages
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin=mesh \
    -o APT::FTPArchive::Release::Label=mesh \
    -o APT::FTPArchive::Release::Suite=stable \
    -o APT::FTPArchive::Release::Codename=mesh \
    -o "APT::FTPArchive::Release::Architectures=$(for r in $rids; do deb_arch "$r"; done | paste -sd " ")" \
    -o APT::FTPArchive::Release::Description="mesh packages" \
    release . >"$work/Release"
  mv "$work/Release" Release
)

echo "== yum repository $out/repo/yum"
createrepo_c --quiet "$out/repo/yum" >/dev/null
echo "== done: $(ls "$out/repo/apt"/*.deb | wc -l) .deb, $(find "$out/repo/yum" -name '*.rpm' | wc -l) .rpm"
