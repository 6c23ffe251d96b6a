#!/usr/bin/env bash
# RSS and CPU per request of the sidecar per GC/JIT/socket setting, measured in the same run:
#   RSS 5 s after start (idle); warm-up load (tiered PGO); measured load: CPU µs per request (utime+stime delta of the
#   proxy ÷ requests served) and RSS at its end; RSS after RSS_IDLE_SECONDS idle; GC committed bytes (SidecarHost only).
# Usage: bash bench/rss.sh [setting ...]   (default: all). Needs nginx and wrk; SidecarHost built in Release.
#   RSS_TARGET=agent measures the real mesh-agent instead (src/Agent, src/Controller and src/Cli built in Release):
#   `meshctl dev catalog` + `mesh-controller` (built-in CA) on the load core, the agent with one service whose
#   outbound upstream `bench` (the nginx backend, registered in the dev catalog) is the measured listener.
#   The row `agent-defaults` runs the agent's own runtimeconfig.json (its csproj defaults) with no env.
#   RSS_AGENT=<folder> measures another build of the agent: a framework-dependent one runs as `dotnet mesh-agent.dll`,
#   a self-contained or Native AOT publish (`dotnet publish src/Agent -r linux-x64 ...`) as its own executable.
#   "ready" is the time from start until the listener answers (SidecarHost: READY line; agent: a proxied request).
#   RSS_KEEP_LOGS=<dir> keeps each row's log and its /proc/<pid>/smaps at start and at idle (bench/smaps-summary.py reads them).
#   RSS_REPEAT=n runs every setting n times (interleaved); the proxy runs alone on core RSS_PROXY_CORE (0),
#   nginx and wrk on RSS_LOAD_CORE (1). The load average at the start of the measured window is printed with each row.
# Settings are environment variables, the runtime equivalents of the csproj properties:
#   ServerGarbageCollection=DOTNET_gcServer, ConcurrentGarbageCollection=DOTNET_gcConcurrent, TieredPGO=DOTNET_TieredPGO,
#   TieredCompilation=DOTNET_TieredCompilation, GarbageCollectionAdaptationMode=DOTNET_GCDynamicAdaptationMode,
#   System.GC.ConserveMemory=DOTNET_GCConserveMemory, GCgen0size=DOTNET_GCgen0size (hex bytes),
#   GCgen0MaxBudget=DOTNET_GCgen0MaxBudget (hex bytes; the cap of the gen0 allocation budget).
# `haproxy` is a pseudo-setting: haproxy (one thread) as the reference for CPU ratios, measured the same way.
# The GC/JIT properties of the copied runtimeconfig.json are removed first, so every row runs exactly its env.
set -euo pipefail
BENCH=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$BENCH/.." && pwd)
WORK=$(mktemp -d /tmp/mesh-rss.XXXXXX)
BACKEND_PORT=${RSS_BACKEND_PORT:-18481}
PROXY_PORT=${RSS_PROXY_PORT:-18482}
CATALOG_PORT=${RSS_CATALOG_PORT:-18485}
CONTROLLER_PORT=${RSS_CONTROLLER_PORT:-18488} # and the next port for its admin listener
WARMUP_SECONDS=${RSS_WARMUP_SECONDS:-15}
LOAD_SECONDS=${RSS_LOAD_SECONDS:-10}
IDLE_SECONDS=${RSS_IDLE_SECONDS:-10}
CONNECTIONS=${RSS_CONNECTIONS:-16}
REPEAT=${RSS_REPEAT:-1}
PROXY_CORE=${RSS_PROXY_CORE:-0}
LOAD_CORE=${RSS_LOAD_CORE:-1}
TARGET=${RSS_TARGET:-sidecar}
TICKS=$(getconf CLK_TCK)

INLINE="DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1"
NOSPIN="DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0"
SRV="DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1"
WKS_NC="DOTNET_gcServer=0 DOTNET_gcConcurrent=0"
declare -A SETTINGS=(
  [default]=""
  [wks]="DOTNET_gcServer=0 DOTNET_gcConcurrent=1"
  [wks-nonconcurrent]="$WKS_NC"
  [server]="DOTNET_gcServer=1"
  [server-datas]="$SRV"
  [server-nodatas]="DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=0"
  [gen0-1MB]="DOTNET_GCgen0size=0x100000"
  [gen0-4MB]="DOTNET_GCgen0size=0x400000"
  [conserve-5]="DOTNET_GCConserveMemory=5"
  [hardlimit-32MB]="DOTNET_GCHeapHardLimit=0x2000000"
  [region-1MB]="DOTNET_GCRegionSize=0x100000"
  [gen0max-2MB]="DOTNET_GCgen0MaxBudget=0x200000"
  [gen0max-4MB]="DOTNET_GCgen0MaxBudget=0x400000"
  [pgo-off]="DOTNET_TieredPGO=0"
  [tiered-off]="DOTNET_TieredCompilation=0"
  [wks-nonconc+conserve+pgo-off]="$WKS_NC DOTNET_GCConserveMemory=5 DOTNET_TieredPGO=0"
  [server-datas+tuned]="$SRV $INLINE $NOSPIN"
  [wks+tuned]="DOTNET_gcServer=0 DOTNET_gcConcurrent=1 $INLINE $NOSPIN"
  [wks-nonconc+tuned]="$WKS_NC $INLINE $NOSPIN"
  [wks-nonconc+inline]="$WKS_NC $INLINE"
  [wks-nonconc+tuned+gen0-2MB]="$WKS_NC $INLINE $NOSPIN DOTNET_GCgen0size=0x200000"
  [wks-nonconc+tuned+gen0-8MB]="$WKS_NC $INLINE $NOSPIN DOTNET_GCgen0size=0x800000"
  [wks-nonconc+tuned+conserve-5]="$WKS_NC $INLINE $NOSPIN DOTNET_GCConserveMemory=5"
  [wks-nonconc+tuned+pgo-off]="$WKS_NC $INLINE $NOSPIN DOTNET_TieredPGO=0"
  [wxe-off]="DOTNET_EnableWriteXorExecute=0"
  [invariant]="DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
  [arena-2]="MALLOC_ARENA_MAX=2"
  [tuned+invariant]="$WKS_NC $INLINE $NOSPIN DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
  [tuned+invariant+wxe-off]="$WKS_NC $INLINE $NOSPIN DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0"
  [tuned+invariant+wxe-off+arena-2]="$WKS_NC $INLINE $NOSPIN DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_EnableWriteXorExecute=0 MALLOC_ARENA_MAX=2"
  [wks-nonconc+tuned+tiered-off]="$WKS_NC $INLINE $NOSPIN DOTNET_TieredCompilation=0"
  [wks-nonconc+tuned+quickjit-off]="$WKS_NC $INLINE $NOSPIN DOTNET_TC_QuickJit=0"
  [tuned+invariant+tiered-off]="$WKS_NC $INLINE $NOSPIN DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1 DOTNET_TieredCompilation=0"
  [agent-defaults]=""
  [agent-invariant]="DOTNET_SYSTEM_GLOBALIZATION_INVARIANT=1"
  [haproxy]=""
)
ORDER=(server-datas wks-nonconcurrent server-datas+tuned wks-nonconc+tuned wks-nonconc+tuned+conserve-5 tuned+invariant tuned+invariant+wxe-off tuned+invariant+wxe-off+arena-2 tuned+invariant+tiered-off)
[[ $# -gt 0 ]] && ORDER=("$@")

cleanup() {
  for p in ${CONTROLLER_PID:-} ${CATALOG:-} ${NGINX:-}; do kill "$p" 2>/dev/null || true; done
  rm -rf "$WORK"
}
trap cleanup EXIT

strip_runtimeconfig() { # keep the framework reference, drop the GC/JIT/thread-pool knobs (env decides)
  python3 - "$1" <<'EOF'
import json, sys
path = sys.argv[1]
doc = json.load(open(path))
props = doc["runtimeOptions"].get("configProperties", {})
for key in list(props):
    if key.startswith(("System.GC.", "System.Runtime.TieredPGO", "System.Runtime.TieredCompilation", "System.Threading.ThreadPool.", "System.Globalization.Invariant")):
        del props[key]
json.dump(doc, open(path, "w"), indent=2)
EOF
}

if [[ $TARGET == agent ]]; then
  cp -r "${RSS_AGENT:-$ROOT/src/Agent/bin/Release/net10.0}" "$WORK/app"
  DLL="$WORK/app/mesh-agent.dll"
  # A published agent runs as its own executable: Native AOT (no mesh-agent.dll, no runtimeconfig: its runtime
  # settings are compiled in, so only env rows differ) or self-contained (the runtime beside it, libcoreclr.so).
  if [[ ! -f $DLL || -f $WORK/app/libcoreclr.so ]]; then RUN=("$WORK/app/mesh-agent"); else RUN=(dotnet "$DLL"); fi
  if [[ -f $WORK/app/mesh-agent.runtimeconfig.json ]]; then
    cp "$WORK/app/mesh-agent.runtimeconfig.json" "$WORK/agent-defaults.runtimeconfig.json"
    strip_runtimeconfig "$WORK/app/mesh-agent.runtimeconfig.json"
  fi
  MESHCTL=${RSS_MESHCTL:-$ROOT/src/Cli/bin/Release/net10.0/meshctl.dll}
  taskset -c "$LOAD_CORE" dotnet "$MESHCTL" dev catalog --listen "127.0.0.1:$CATALOG_PORT" > "$WORK/catalog.log" 2>&1 &
  CATALOG=$!
  for _ in $(seq 1 300); do grep -q listening "$WORK/catalog.log" 2>/dev/null && break; sleep 0.1; done
  curl -sf -X PUT "http://127.0.0.1:$CATALOG_PORT/v1/catalog/register" -d "{\"Node\":\"backend-node\",\"Address\":\"127.0.0.1\",\"Service\":{\"ID\":\"bench-1\",\"Service\":\"bench\",\"Address\":\"127.0.0.1\",\"Port\":$BACKEND_PORT}}" > /dev/null
  CONTROLLER=${RSS_CONTROLLER:-$ROOT/src/Controller/bin/Release/net10.0/mesh-controller.dll}
  cat > "$WORK/controller.hcl" <<EOF
api { address = "127.0.0.1:$CONTROLLER_PORT" }
consul { address = "http://127.0.0.1:$CATALOG_PORT" }
data_dir = "$WORK/controller-data"
admin { address = "127.0.0.1:$((CONTROLLER_PORT + 1))" }
EOF
  taskset -c "$LOAD_CORE" dotnet "$CONTROLLER" run --config "$WORK/controller.hcl" > "$WORK/controller.log" 2>&1 &
  CONTROLLER_PID=$!
  for _ in $(seq 1 300); do grep -q "Compiled snapshot" "$WORK/controller.log" 2>/dev/null && break; sleep 0.1; done
  mkdir -p "$WORK/agent-data"
  cat > "$WORK/agent.hcl" <<EOF
node_name = "rss"
data_dir  = "$WORK/agent-data"
consul { address = "http://127.0.0.1:$CATALOG_PORT" }
controller { address = "http://127.0.0.1:$CONTROLLER_PORT" }
admin { address = "127.0.0.1:18486" }
service "web" {
  port = $BACKEND_PORT
  inbound_port = 18487
  upstream "bench" {
    local_port = $PROXY_PORT
  }
}
EOF
  ARGS=(run --config "$WORK/agent.hcl")
  READY_CHECK() { curl -sf -o /dev/null -H 'Host: bench' "http://127.0.0.1:$PROXY_PORT/1k"; }
else
  cp -r "${RSS_SIDECAR:-$BENCH/SidecarHost/bin/Release/net10.0}" "$WORK/app"
  DLL="$WORK/app/SidecarHost.dll"
  RUN=(dotnet "$DLL")
  strip_runtimeconfig "$WORK/app/SidecarHost.runtimeconfig.json"
  ARGS=(--port "$PROXY_PORT" --backend-port "$BACKEND_PORT")
  READY_CHECK() { grep -q READY "$WORK/$name.log" 2>/dev/null; }
fi

mkdir -p "$WORK/backend/logs" "$WORK/backend/html"
head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/backend/html/1k"
sed -e "s#@PORT@#$BACKEND_PORT#" -e "s#@ROOT@#$WORK/backend/html#" "$BENCH/conf/backend-nginx.conf" > "$WORK/backend/nginx.conf"
taskset -c "$LOAD_CORE" nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" &
NGINX=$!
sleep 1

rss() { awk '/^VmRSS/ {print int($2 / 1024)}' "/proc/$1/status"; }
private_mb() { awk '/^RssAnon|^RssShmem/ {s += $2} END {print int(s / 1024)}' "/proc/$1/status"; } # RSS minus shared file pages
cpu_ticks() { awk '{print $14 + $15}' "/proc/$1/stat"; }
load() { cut -d' ' -f1 /proc/loadavg; }
wrk_run() { taskset -c "$LOAD_CORE" wrk -t1 -c"$CONNECTIONS" -d"$1s" -H 'Host: bench' "http://127.0.0.1:$PROXY_PORT/1k"; }

echo "# target=$TARGET warm-up=${WARMUP_SECONDS}s load=${LOAD_SECONDS}s c=$CONNECTIONS idle=${IDLE_SECONDS}s $(nproc) cores, $(date -u +%FT%TZ)"
echo "| setting | env | RSS start (MB) | RSS end of load (MB) | RSS idle (MB) | anon+shmem idle (MB) | CPU µs/request | req/s | load avg | GC committed idle (MB) | ready (s) |"
echo "|---|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|"
for rep in $(seq 1 "$REPEAT"); do
  for name in "${ORDER[@]}"; do
    env_vars=${SETTINGS[$name]}
    # The agent turns inline completions on itself when the variable is unset (src/Agent/Program.cs): say 0 explicitly
    # in the rows that do not set it, so that every row runs what its env says.
    if [[ $TARGET == agent && $name != agent-defaults && $name != haproxy && $env_vars != *INLINE_COMPLETIONS* ]]; then
      env_vars="$env_vars DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=0"
    fi
    if [[ $TARGET == agent && -f $WORK/agent-defaults.runtimeconfig.json ]]; then
      if [[ $name == agent-defaults ]]; then cp "$WORK/agent-defaults.runtimeconfig.json" "$WORK/app/mesh-agent.runtimeconfig.json"
      else strip_runtimeconfig "$WORK/app/mesh-agent.runtimeconfig.json"; fi
    fi
    started=$(date +%s.%N)
    if [[ $name == haproxy ]]; then # the reference, same run and same cores (bench/conf/haproxy.cfg, one thread)
      sed -e "s#@PORT@#$PROXY_PORT#" -e "s#@BACKEND@#$BACKEND_PORT#" "$BENCH/conf/haproxy.cfg" > "$WORK/haproxy.cfg"
      taskset -c "$PROXY_CORE" haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/$name.log" 2>&1 &
      pid=$!
      for _ in $(seq 1 100); do curl -sf -o /dev/null "http://127.0.0.1:$PROXY_PORT/1k" && break; sleep 0.1; done
    else
      # shellcheck disable=SC2086
      env $env_vars taskset -c "$PROXY_CORE" "${RUN[@]}" "${ARGS[@]}" > "$WORK/$name.log" 2>&1 &
      pid=$!
      for _ in $(seq 1 600); do READY_CHECK && break; sleep 0.1; done
    fi
    ready=$(awk -v a="$started" -v b="$(date +%s.%N)" 'BEGIN {printf "%.1f", b - a}')
    sleep 5
    start=$(rss $pid)
    [[ -n ${RSS_KEEP_LOGS:-} ]] && cp "/proc/$pid/smaps" "${RSS_KEEP_LOGS}/$name-$rep-start.smaps"
    wrk_run "$WARMUP_SECONDS" > /dev/null
    la=$(load)
    t0=$(cpu_ticks $pid)
    out=$(wrk_run "$LOAD_SECONDS")
    t1=$(cpu_ticks $pid)
    loaded=$(rss $pid)
    requests=$(awk '/requests in/ {print $1}' <<< "$out")
    rps=$(awk '/Requests\/sec/ {printf "%d", $2}' <<< "$out")
    cpu=$(awk -v d=$((t1 - t0)) -v n="$requests" -v hz="$TICKS" 'BEGIN {printf "%.1f", (n > 0 ? d * 1e6 / hz / n : 0)}')
    sleep "$IDLE_SECONDS"
    idle=$(rss $pid)
    private=$(private_mb $pid)
    [[ -n ${RSS_KEEP_LOGS:-} ]] && cp "/proc/$pid/smaps" "${RSS_KEEP_LOGS}/$name-$rep.smaps" # who holds the idle RSS
    committed="—"
    if [[ $TARGET != agent && $name != haproxy ]]; then
      kill -HUP $pid; sleep 0.5
      committed=$(awk -F'committed=' '/^STATS/ {split($2, a, " "); printf "%.1f", a[1] / 1048576}' "$WORK/$name.log" | tail -1)
    fi
    kill -TERM $pid; wait $pid 2>/dev/null || true
    echo "| $name | ${env_vars:-—} | $start | $loaded | $idle | $private | $cpu | $rps | $la | $committed | $ready |"
    [[ -n ${RSS_KEEP_LOGS:-} ]] && cp "$WORK/$name.log" "${RSS_KEEP_LOGS}/$name-$rep.log"
  done
done
