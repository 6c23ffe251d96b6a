#!/usr/bin/env bash
# Idle RSS of the benchmark sidecar (SidecarHost) per GC/JIT setting: RSS after start (idle 5 s), then after a
# short wrk load (RSS at the end of the load, then idle 10 s later) and the requests/s of that load.
# Usage: bash bench/rss.sh [setting ...]   (default: all). Needs nginx and wrk; SidecarHost built in Release.
# Settings are environment variables, the runtime equivalents of the csproj properties:
#   ServerGarbageCollector=DOTNET_gcServer, ConcurrentGarbageCollection=DOTNET_gcConcurrent, TieredPGO=DOTNET_TieredPGO,
#   TieredCompilation=DOTNET_TieredCompilation, GarbageCollectionAdaptationMode=DOTNET_GCDynamicAdaptationMode,
#   System.GC.ConserveMemory=DOTNET_GCConserveMemory, GCgen0size=DOTNET_GCgen0size (hex bytes).
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
WORK=$(mktemp -d /tmp/mesh-rss.XXXXXX)
BACKEND_PORT=${RSS_BACKEND_PORT:-18481}
PROXY_PORT=${RSS_PROXY_PORT:-18482}
LOAD_SECONDS=${RSS_LOAD_SECONDS:-10}
SIDECAR=${RSS_SIDECAR:-$BENCH/SidecarHost/bin/Release/net10.0}
cp -r "$SIDECAR" "$WORK/sidecar"

declare -A SETTINGS=(
  [default]=""
  [wks-nonconcurrent]="DOTNET_gcConcurrent=0"
  [server]="DOTNET_gcServer=1"
  [server-datas]="DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1"
  [server-nodatas]="DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0"
  [gen0-1MB]="DOTNET_GCgen0size=0x100000"
  [gen0-4MB]="DOTNET_GCgen0size=0x400000"
  [conserve-5]="DOTNET_GCConserveMemory=5"
  [pgo-off]="DOTNET_TieredPGO=0"
  [tiered-off]="DOTNET_TieredCompilation=0"
  [wks-nonconc+conserve+pgo-off]="DOTNET_gcConcurrent=0 DOTNET_GCConserveMemory=5 DOTNET_TieredPGO=0"
)
ORDER=(default wks-nonconcurrent server server-datas server-nodatas gen0-1MB gen0-4MB conserve-5 pgo-off tiered-off wks-nonconc+conserve+pgo-off)
[[ $# -gt 0 ]] && ORDER=("$@")

mkdir -p "$WORK/backend/logs" "$WORK/backend/html"
head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/backend/html/1k"
sed -e "s#@PORT@#$BACKEND_PORT#" -e "s#@ROOT@#$WORK/backend/html#" "$BENCH/conf/backend-nginx.conf" > "$WORK/backend/nginx.conf"
nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" &
NGINX=$!
trap 'kill $NGINX 2>/dev/null || true; rm -rf "$WORK"' EXIT
sleep 1

rss() { awk '/^VmRSS/ {print $2}' "/proc/$1/status"; }

echo "| setting | env | RSS after start (KiB) | RSS end of load (KiB) | RSS idle after load (KiB) | req/s (noisy) |"
echo "|---|---|---:|---:|---:|---:|"
for name in "${ORDER[@]}"; do
  env_vars=${SETTINGS[$name]}
  # shellcheck disable=SC2086
  env $env_vars dotnet "$WORK/sidecar/SidecarHost.dll" --port "$PROXY_PORT" --backend-port "$BACKEND_PORT" > "$WORK/$name.log" 2>&1 &
  pid=$!
  for _ in $(seq 1 300); do grep -q READY "$WORK/$name.log" 2>/dev/null && break; sleep 0.1; done
  sleep 5
  start=$(rss $pid)
  rps=$(wrk -t1 -c16 -d"${LOAD_SECONDS}s" -H 'Host: bench' "http://127.0.0.1:$PROXY_PORT/1k" | awk '/Requests\/sec/ {print $2}')
  loaded=$(rss $pid)
  sleep 10
  idle=$(rss $pid)
  kill -TERM $pid; wait $pid 2>/dev/null || true
  echo "| $name | ${env_vars:-—} | $start | $loaded | $idle | $rps |"
done
