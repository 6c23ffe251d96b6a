#!/usr/bin/env bash
# Speed and memory of our sidecar against haproxy (1 thread) and nginx (1 worker), see issue 7.
#
#   bash bench/run.sh               full run: 3 rounds, 30 s warm-up for our proxy, 10 s measurements
#   BENCH_QUICK=1 bash bench/run.sh  smoke run: 1 round, short warm-up and measurements
#   bash bench/run.sh tls           only the mTLS case (handshakes/s, CPU per handshake, cost of mTLS per request,
#                                   ours vs haproxy); BENCH_TLS=1 adds it to a full run. Writes results/<stamp>-tls.md
#
# Overrides: BENCH_ROUNDS, BENCH_WARMUP (s, our proxy), BENCH_WARMUP_C (s, haproxy/nginx), BENCH_DURATION (s),
# BENCH_TLS (0/1), BENCH_TLS_WARMUP (s, our TLS server), BENCH_TLS_CONCURRENCY (handshake workers, 32),
# BENCH_TLS_CONNECTIONS (keep-alive connections, 16),
# BENCH_KEEP_AWAKE (0/1: busy-loop SCHED_IDLE tasks keep both cores awake during the latency measurements; off by default),
# BENCH_GC_MODES ("agent": the runtime settings mesh-agent ships with (workstation GC without background GC, inline
# socket completions, no thread-pool spinning; docs/proxy.md "Runtime settings"); "wks srv heap1"; "inline": wks with
# inline socket completions; "tuned": inline completions and no thread-pool spinning,
# "bare": a bare YARP forwarder, the floor), BENCH_MTLS (1/0: the two-proxy mTLS path, our pair "mtls" and haproxy's
# pair "haproxy-mtls", both on core 0), BENCH_PROXIES ("ours haproxy nginx").
# The proxy under test runs alone on core 0 (taskset -c 0); backend (nginx, static 1 KiB file) and the load
# generators (wrk, bench/LoadGen) share core 1.
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
BENCH="$ROOT/bench"
cd "$ROOT"

if [[ "${BENCH_QUICK:-0}" == "1" ]]; then
  ROUNDS=${BENCH_ROUNDS:-1}; WARMUP=${BENCH_WARMUP:-5}; WARMUP_C=${BENCH_WARMUP_C:-2}; DURATION=${BENCH_DURATION:-5}
else
  ROUNDS=${BENCH_ROUNDS:-3}; WARMUP=${BENCH_WARMUP:-30}; WARMUP_C=${BENCH_WARMUP_C:-5}; DURATION=${BENCH_DURATION:-10}
fi
GC_MODES=${BENCH_GC_MODES:-"agent srv tuned bare"}
PROXIES=${BENCH_PROXIES:-"ours haproxy nginx"}
MTLS=${BENCH_MTLS:-1}
KEEP_AWAKE=${BENCH_KEEP_AWAKE:-0}
TLS=${BENCH_TLS:-0}
ONLY_TLS=0
if [[ "${1:-}" == "tls" ]]; then ONLY_TLS=1; TLS=1; fi
if [[ "${BENCH_QUICK:-0}" == "1" ]]; then TLS_WARMUP=${BENCH_TLS_WARMUP:-4}; else TLS_WARMUP=${BENCH_TLS_WARMUP:-10}; fi
TLS_CONCURRENCY=${BENCH_TLS_CONCURRENCY:-32}
TLS_CONNECTIONS=${BENCH_TLS_CONNECTIONS:-16}
PROXY_CORE=0
LOAD_CORE=1
BACKEND_PORT=18080; OURS_PORT=18081; HAPROXY_PORT=18082; NGINX_PORT=18083; MTLS_IN_PORT=18084; MTLS_OUT_PORT=18085
OURS_PLAIN_PORT=18086; OURS_TLS_PORT=18087; HAPROXY_PLAIN_PORT=18088; HAPROXY_TLS_PORT=18089
HAPROXY_MTLS_IN_PORT=18090; HAPROXY_MTLS_OUT_PORT=18091
CLK_TCK=$(getconf CLK_TCK)
STAMP=$(date -u +%Y-%m-%d-%H%M)
RESULTS="$BENCH/results"
RAW="$RESULTS/$STAMP-raw.jsonl"
TLS_RAW="$RESULTS/$STAMP-tls-raw.jsonl"
WORK=$(mktemp -d /tmp/mesh-bench.XXXXXX)
mkdir -p "$RESULTS"
if [[ "$ONLY_TLS" == "0" ]]; then : > "$RAW"; fi
if [[ "$TLS" == "1" ]]; then : > "$TLS_RAW"; fi

log() { echo "[bench $(date -u +%H:%M:%S)] $*" >&2; }

# ---------------------------------------------------------------- tools
missing=()
for tool in haproxy nginx wrk taskset; do
  command -v "$tool" >/dev/null 2>&1 || [[ -x "/usr/sbin/$tool" ]] || missing+=("$tool")
done
if ((${#missing[@]})); then
  if [[ $(id -u) -eq 0 ]]; then
    log "installing ${missing[*]} from Debian"
    apt-get update -q >/dev/null
    DEBIAN_FRONTEND=noninteractive apt-get install -y -q haproxy nginx wrk util-linux >/dev/null
  else
    echo "Missing: ${missing[*]}. Install them first, e.g.: sudo apt-get install -y haproxy nginx wrk util-linux" >&2
    exit 1
  fi
fi
export PATH="$PATH:/usr/sbin"
if [[ $(nproc --all) -lt 2 ]]; then
  echo "Needs at least 2 cores (proxy on core 0, load on core 1)." >&2
  exit 1
fi

# ---------------------------------------------------------------- build
if [[ "$ONLY_TLS" == "0" ]]; then
  log "building bench/SidecarHost and bench/LoadGen (Release)"
  dotnet build "$BENCH/SidecarHost/SidecarHost.csproj" -c Release -nologo -v q -o "$WORK/sidecar" >/dev/null
  dotnet build "$BENCH/LoadGen/LoadGen.csproj" -c Release -nologo -v q -o "$WORK/loadgen" >/dev/null
fi
if [[ "$TLS" == "1" || "$MTLS" == "1" ]]; then
  log "building bench/HandshakeBench (Release)"
  dotnet build "$BENCH/HandshakeBench/HandshakeBench.csproj" -c Release -nologo -v q -o "$WORK/handshake" >/dev/null
fi

PIDS=()
cleanup() {
  for pid in "${PIDS[@]:-}"; do
    [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true
  done
  wait 2>/dev/null || true
  rm -rf "$WORK"
}
trap cleanup EXIT

# ---------------------------------------------------------------- helpers
cpu_ticks() { # utime+stime of processes (all threads), in clock ticks
  local total=0 pid
  for pid in "$@"; do
    local fields
    fields=$(sed 's/^.*) //' "/proc/$pid/stat")
    # after "comm) ": field 3 is state, so utime (14) and stime (15) are words 12 and 13
    total=$((total + $(awk '{print $12 + $13}' <<<"$fields")))
  done
  echo "$total"
}
mem_kb() { # $1 = VmRSS|VmHWM, rest = pids: summed kB
  local key=$1 total=0 pid; shift
  for pid in "$@"; do
    total=$((total + $(awk -v k="$key:" '$1 == k {print $2}' "/proc/$pid/status")))
  done
  echo "$total"
}
load1() { cut -d' ' -f1 /proc/loadavg; }
# Per thread kind (name without digits) of processes: "<kind>\t<utime+stime ticks>\t<context switches>" lines.
# Shows where the CPU of a measurement went (socket engine, thread-pool workers, GC, JIT) and how often threads
# were switched: a request that hops between threads costs switches, one handled inline does not.
thread_stats() {
  local pid tid
  for pid in "$@"; do
    for tid in /proc/"$pid"/task/*; do
      local stat sw
      stat=$(cat "$tid/stat" 2>/dev/null) || continue
      sw=$(awk '/^(non)?voluntary_ctxt_switches/ {s += $2} END {print s + 0}' "$tid/status" 2>/dev/null || echo 0)
      local comm=${stat#*(}; comm=${comm%)*}
      local rest=${stat##*) }
      awk -v c="$comm" -v sw="$sw" '{ gsub(/[0-9]+/, "", c); gsub(/ +$/, "", c); printf "%s\t%d\t%d\n", c, $12 + $13, sw }' <<<"$rest"
    done
  done | awk -F'\t' '{ t[$1] += $2; s[$1] += $3 } END { for (k in t) printf "%s\t%d\t%d\n", k, t[k], s[k] }'
}
# JSON object {kind: {cpu_us_per_req, switches_per_req}} from two thread_stats snapshots and a request count.
thread_delta_json() {
  local before=$1 after=$2 requests=$3
  awk -F'\t' -v hz="$CLK_TCK" -v n="$requests" '
    FNR == NR { tb[$1] = $2; sb[$1] = $3; next }
    { dt = $2 - tb[$1]; ds = $3 - sb[$1]
      if (dt > 0 || ds > 0) { out = out sep sprintf("\"%s\":{\"cpu_us_per_req\":%.2f,\"switches_per_req\":%.3f}", $1, (n > 0 ? dt / hz * 1e6 / n : 0), (n > 0 ? ds / n : 0)); sep = "," } }
    END { printf "{%s}", out }' <(echo "$before") <(echo "$after")
}
wait_port() {
  local port=$1 i
  for i in $(seq 1 200); do
    if curl -s -o /dev/null -H 'Host: bench' "http://127.0.0.1:$port/1k"; then return 0; fi
    sleep 0.1
  done
  echo "nothing answers on port $port" >&2
  return 1
}
emit() { echo "$1" >> "$RAW"; }

start_backend() {
  mkdir -p "$WORK/backend/logs" "$WORK/backend/html"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/backend/html/1k"
  sed -e "s#@PORT@#$BACKEND_PORT#" -e "s#@ROOT@#$WORK/backend/html#" "$BENCH/conf/backend-nginx.conf" > "$WORK/backend/nginx.conf"
  taskset -c "$LOAD_CORE" nginx -p "$WORK/backend" -c "$WORK/backend/nginx.conf" &
  BACKEND_PID=$!
  PIDS+=("$BACKEND_PID")
  wait_port "$BACKEND_PORT"
}

# mesh-agent's shipped runtime settings (src/Agent/Agent.csproj and Hosting/RuntimeDefaults.cs), applied to SidecarHost
# by environment. The agent raises the thread pool's minimum to 4 workers below 4 CPUs; the proxy here has one core.
AGENT_ENV=(DOTNET_TieredPGO=1 DOTNET_gcServer=0 DOTNET_gcConcurrent=0 DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0 DOTNET_ThreadPool_ForceMinWorkerThreads=4)

# Starts one proxy on core 0; sets PROXY_PIDS and PROXY_PORT.
start_proxy() {
  local name=$1
  PROXY_PIDS=()
  case "$name" in
    ours-*)
      local mode=${name#ours-}
      local -a genv=(DOTNET_TieredPGO=1 DOTNET_gcServer=0 DOTNET_gcConcurrent=1)
      local -a extra=()
      case "$mode" in
        bare) extra=(--bare) ;;
        inline) genv+=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1) ;;
        tuned) genv+=(DOTNET_SYSTEM_NET_SOCKETS_INLINE_COMPLETIONS=1 DOTNET_ThreadPool_UnfairSemaphoreSpinLimit=0) ;;
        agent) genv=("${AGENT_ENV[@]}") ;;
        srv) genv=(DOTNET_TieredPGO=1 DOTNET_gcServer=1 DOTNET_GCDynamicAdaptationMode=1) ;;
        heap1) genv=(DOTNET_TieredPGO=1 DOTNET_gcServer=1 DOTNET_GCHeapCount=1 DOTNET_GCDynamicAdaptationMode=0) ;;
      esac
      env "${genv[@]}" taskset -c "$PROXY_CORE" dotnet "$WORK/sidecar/SidecarHost.dll" --port "$OURS_PORT" --backend-port "$BACKEND_PORT" "${extra[@]}" > "$WORK/$name.log" 2>&1 &
      PROXY_PIDS=($!); PROXY_PORT=$OURS_PORT ;;
    mtls)
      mkdir -p "$WORK/ca"
      env "${AGENT_ENV[@]}" taskset -c "$PROXY_CORE" dotnet "$WORK/sidecar/SidecarHost.dll" --port "$MTLS_IN_PORT" --backend-port "$BACKEND_PORT" --tls-listen --ca-dir "$WORK/ca" > "$WORK/mtls-in.log" 2>&1 &
      PROXY_PIDS=($!)
      for _ in $(seq 1 100); do grep -q READY "$WORK/mtls-in.log" && break; sleep 0.1; done
      env "${AGENT_ENV[@]}" taskset -c "$PROXY_CORE" dotnet "$WORK/sidecar/SidecarHost.dll" --port "$MTLS_OUT_PORT" --backend-port "$MTLS_IN_PORT" --tls-upstream --ca-dir "$WORK/ca" > "$WORK/mtls-out.log" 2>&1 &
      PROXY_PIDS+=($!); PROXY_PORT=$MTLS_OUT_PORT ;;
    haproxy-mtls)
      # The peer of "mtls": two haproxy processes (one thread each) with the bench CA's certificates (written before the rounds).
      sed -e "s#@PORT@#$HAPROXY_MTLS_IN_PORT#" -e "s#@BACKEND@#$BACKEND_PORT#" -e "s#@CERT@#$WORK/mtls-ca/server.pem#" \
        -e "s#@CA@#$WORK/mtls-ca/ca.pem#" "$BENCH/conf/haproxy-mtls-in.cfg" > "$WORK/haproxy-mtls-in.cfg"
      sed -e "s#@PORT@#$HAPROXY_MTLS_OUT_PORT#" -e "s#@UPSTREAM@#$HAPROXY_MTLS_IN_PORT#" -e "s#@CERT@#$WORK/mtls-ca/client.pem#" \
        -e "s#@CA@#$WORK/mtls-ca/ca.pem#" "$BENCH/conf/haproxy-mtls-out.cfg" > "$WORK/haproxy-mtls-out.cfg"
      taskset -c "$PROXY_CORE" haproxy -db -f "$WORK/haproxy-mtls-in.cfg" > "$WORK/haproxy-mtls-in.log" 2>&1 &
      PROXY_PIDS=($!)
      taskset -c "$PROXY_CORE" haproxy -db -f "$WORK/haproxy-mtls-out.cfg" > "$WORK/haproxy-mtls-out.log" 2>&1 &
      PROXY_PIDS+=($!); PROXY_PORT=$HAPROXY_MTLS_OUT_PORT ;;
    haproxy)
      sed -e "s#@PORT@#$HAPROXY_PORT#" -e "s#@BACKEND@#$BACKEND_PORT#" "$BENCH/conf/haproxy.cfg" > "$WORK/haproxy.cfg"
      taskset -c "$PROXY_CORE" haproxy -db -f "$WORK/haproxy.cfg" > "$WORK/haproxy.log" 2>&1 &
      PROXY_PIDS=($!); PROXY_PORT=$HAPROXY_PORT ;;
    nginx)
      mkdir -p "$WORK/proxy/logs"
      sed -e "s#@PORT@#$NGINX_PORT#" -e "s#@BACKEND@#$BACKEND_PORT#" "$BENCH/conf/proxy-nginx.conf" > "$WORK/proxy/nginx.conf"
      taskset -c "$PROXY_CORE" nginx -p "$WORK/proxy" -c "$WORK/proxy/nginx.conf" &
      PROXY_PIDS=($!); PROXY_PORT=$NGINX_PORT ;;
  esac
  PIDS+=("${PROXY_PIDS[@]}")
  wait_port "$PROXY_PORT"
}

stop_proxy() {
  local pid
  for pid in "${PROXY_PIDS[@]}"; do kill "$pid" 2>/dev/null || true; done
  for pid in "${PROXY_PIDS[@]}"; do wait "$pid" 2>/dev/null || true; done
}

# Bytes our process allocated since start (SidecarHost prints them on SIGHUP); empty for other proxies.
allocated_bytes() {
  local name=$1 pid=$2
  [[ "$name" == ours-* ]] || return 0
  local before
  before=$(grep -c STATS "$WORK/$name.log" || true)
  kill -HUP "$pid"
  for _ in $(seq 1 50); do
    [[ $(grep -c STATS "$WORK/$name.log" || true) -gt $before ]] && break
    sleep 0.05
  done
  (grep STATS "$WORK/$name.log" || true) | tail -1 | sed 's/.*allocated=\([0-9]*\).*/\1/'
}

# wrk at saturation: CPU per request of the proxy pids, RPS.
measure_wrk() {
  local round=$1 name=$2 conns=$3 port=$4; shift 4
  local pids=("$@") load before after out requests rps errors
  log "uptime: $(uptime)"
  load=$(load1)
  local alloc_before alloc_after alloc_per_req=null
  alloc_before=$(allocated_bytes "$name" "${pids[0]}")
  before=$(cpu_ticks "${pids[@]}")
  local threads_before threads_after threads_json
  threads_before=$(thread_stats "${pids[@]}")
  out=$(taskset -c "$LOAD_CORE" wrk -t1 -c"$conns" -d"${DURATION}s" -H 'Host: bench' "http://127.0.0.1:$port/1k")
  after=$(cpu_ticks "${pids[@]}")
  threads_after=$(thread_stats "${pids[@]}")
  alloc_after=$(allocated_bytes "$name" "${pids[0]}")
  requests=$(awk '/requests in/ {print $1}' <<<"$out")
  if [[ -n "$alloc_before" && -n "$alloc_after" && "$requests" -gt 0 ]]; then
    alloc_per_req=$(( (alloc_after - alloc_before) / requests ))
  fi
  rps=$(awk '/Requests\/sec/ {print $2}' <<<"$out")
  errors=$( (grep -E 'Non-2xx|Socket errors' <<<"$out" || true) | tr '\n' ' ')
  local cpu_us
  cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$requests" 'BEGIN { printf "%.2f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  local util
  util=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v d="$DURATION" 'BEGIN { printf "%.3f", t / hz / d }')
  threads_json=$(thread_delta_json "$threads_before" "$threads_after" "$requests")
  log "$name wrk c=$conns: $rps rps, $cpu_us us CPU/request, proxy core busy $util, allocated/request ${alloc_per_req} B, load $load ${errors}"
  log "$name wrk c=$conns by thread kind: $threads_json"
  emit "{\"round\":$round,\"proxy\":\"$name\",\"case\":\"wrk$conns\",\"rps\":$rps,\"requests\":$requests,\"cpu_us_per_req\":$cpu_us,\"proxy_core_util\":$util,\"alloc_bytes_per_req\":$alloc_per_req,\"load1\":$load,\"errors\":\"${errors}\",\"threads\":$threads_json}"
}

# BENCH_KEEP_AWAKE=1 keeps both cores from going idle while latency is measured: one SCHED_IDLE busy loop per core.
# On a VM an idle vCPU halts, and waking it for a request costs the hypervisor's wake-up latency, which lands in every
# proxy's "added" latency alike; the busy loops avoid that (lower p50) but raised the harness' own p99 floor: direct
# p99 at 1,000 rps 1.1-2.6 ms with them against 0.16-0.6 ms without (2026-12-05, bench/results/2026-12-05-0213.md),
# so the default is off. Their CPU time is their own (not in the proxies' utime+stime).
AWAKE_PIDS=()
keep_awake_start() {
  [[ "$KEEP_AWAKE" == "1" ]] || return 0
  local core
  for core in "$PROXY_CORE" "$LOAD_CORE"; do
    chrt -i 0 taskset -c "$core" sh -c 'while :; do :; done' &
    AWAKE_PIDS+=($!); PIDS+=($!)
  done
}
keep_awake_stop() {
  local pid
  for pid in "${AWAKE_PIDS[@]:-}"; do [[ -n "$pid" ]] && kill "$pid" 2>/dev/null || true; done
  for pid in "${AWAKE_PIDS[@]:-}"; do [[ -n "$pid" ]] && wait "$pid" 2>/dev/null || true; done
  AWAKE_PIDS=()
}

# Fixed-rate open-loop latency (and CPU per request at that rate).
measure_rate() {
  local round=$1 name=$2 rate=$3 port=$4; shift 4
  local pids=("$@") load before after json
  log "uptime: $(uptime)"
  load=$(load1)
  before=0; ((${#pids[@]})) && before=$(cpu_ticks "${pids[@]}")
  keep_awake_start
  json=$(taskset -c "$LOAD_CORE" dotnet "$WORK/loadgen/LoadGen.dll" --port "$port" --rate "$rate" --duration "$DURATION" --warmup 2 --connections 32 | tail -1)
  keep_awake_stop
  after=0; ((${#pids[@]})) && after=$(cpu_ticks "${pids[@]}")
  local completed cpu_us
  completed=$(jq -r .completed_all <<<"$json")
  cpu_us=$(awk -v t=$((after - before)) -v hz="$CLK_TCK" -v n="$completed" 'BEGIN { printf "%.2f", (n > 0 ? t / hz * 1e6 / n : 0) }')
  log "$name rate $rate: $json (CPU/request incl. warm-up share: $cpu_us us), load $load"
  emit "$(jq -c --argjson r "$round" --arg p "$name" --arg c "rate$rate" --argjson l "$load" --argjson cpu "$cpu_us" \
    --argjson awake "$KEEP_AWAKE" '. + {round: $r, proxy: $p, case: $c, load1: $l, cpu_us_per_req_at_rate: $cpu, keep_awake: $awake}' <<<"$json")"
}

warm_up() {
  local seconds=$1 port=$2
  ((seconds > 0)) || return 0
  taskset -c "$LOAD_CORE" wrk -t1 -c64 -d"${seconds}s" -H 'Host: bench' "http://127.0.0.1:$port/1k" >/dev/null
}

bench_proxy() {
  local round=$1 name=$2 warm=$3
  start_proxy "$name"
  local startup_rss
  startup_rss=$(mem_kb VmRSS "${PROXY_PIDS[@]}")
  log "$name: warming up ${warm}s"
  warm_up "$warm" "$PROXY_PORT"
  sleep 2
  local idle_rss
  idle_rss=$(mem_kb VmRSS "${PROXY_PIDS[@]}")
  measure_wrk "$round" "$name" 16 "$PROXY_PORT" "${PROXY_PIDS[@]}"
  measure_wrk "$round" "$name" 64 "$PROXY_PORT" "${PROXY_PIDS[@]}"
  measure_rate "$round" "$name" 1000 "$PROXY_PORT" "${PROXY_PIDS[@]}"
  measure_rate "$round" "$name" 5000 "$PROXY_PORT" "${PROXY_PIDS[@]}"
  local peak_rss
  peak_rss=$(mem_kb VmHWM "${PROXY_PIDS[@]}")
  log "$name RSS: startup $((startup_rss / 1024)) MB, idle after warm-up $((idle_rss / 1024)) MB, peak $((peak_rss / 1024)) MB"
  emit "{\"round\":$round,\"proxy\":\"$name\",\"case\":\"memory\",\"startup_rss_kb\":$startup_rss,\"idle_rss_kb\":$idle_rss,\"peak_rss_kb\":$peak_rss}"
  stop_proxy
}

# ---------------------------------------------------------------- tls case
# "Our handshake" in isolation (bench/HandshakeBench server: MeshTls, client certificate required, a 1 KiB answer
# to every request) beside haproxy (nbthread 1) terminating TLS with the same certificates and answering itself
# (conf/haproxy-tls.cfg). Each serves a plaintext and an mTLS port from one process, pinned alone on core 0; the
# HandshakeBench client runs on core 1 and samples the server's utime+stime around its measured window.
tls_setup() {
  dotnet "$WORK/handshake/HandshakeBench.dll" write-certs "$WORK/tls-ca" >/dev/null
  mkdir -p "$WORK/tls-body"
  head -c 1024 /dev/zero | tr '\0' 'x' > "$WORK/tls-body/1k"
}

# Starts one TLS server on core 0; sets TLS_SERVER_PID, TLS_SERVER_PORT and TLS_PLAIN_PORT.
start_tls_server() {
  local name=$1
  case "$name" in
    ours)
      env DOTNET_TieredPGO=1 DOTNET_gcServer=0 DOTNET_gcConcurrent=1 taskset -c "$PROXY_CORE" \
        dotnet "$WORK/handshake/HandshakeBench.dll" server --ca-dir "$WORK/tls-ca" --tls-port "$OURS_TLS_PORT" \
        --plain-port "$OURS_PLAIN_PORT" --body-size 1024 > "$WORK/tls-ours.log" 2>&1 &
      TLS_SERVER_PID=$!; TLS_SERVER_PORT=$OURS_TLS_PORT; TLS_PLAIN_PORT=$OURS_PLAIN_PORT ;;
    haproxy)
      sed -e "s#@PLAIN_PORT@#$HAPROXY_PLAIN_PORT#" -e "s#@TLS_PORT@#$HAPROXY_TLS_PORT#" -e "s#@BODY@#$WORK/tls-body/1k#" \
        -e "s#@CERT@#$WORK/tls-ca/server.pem#" -e "s#@CA@#$WORK/tls-ca/ca.pem#" "$BENCH/conf/haproxy-tls.cfg" > "$WORK/haproxy-tls.cfg"
      taskset -c "$PROXY_CORE" haproxy -db -f "$WORK/haproxy-tls.cfg" > "$WORK/haproxy-tls.log" 2>&1 &
      TLS_SERVER_PID=$!; TLS_SERVER_PORT=$HAPROXY_TLS_PORT; TLS_PLAIN_PORT=$HAPROXY_PLAIN_PORT ;;
  esac
  PIDS+=("$TLS_SERVER_PID")
  wait_port "$TLS_PLAIN_PORT"
}

# One HandshakeBench client run (mode and its options), emitted to the TLS raw file.
measure_tls() {
  local round=$1 name=$2 case=$3; shift 3
  local load json
  log "uptime: $(uptime)"
  load=$(load1)
  json=$(taskset -c "$LOAD_CORE" dotnet "$WORK/handshake/HandshakeBench.dll" "$@" --duration "$DURATION" --warmup 2 \
    --clk-tck "$CLK_TCK" --cpu-pid "$TLS_SERVER_PID" | tail -1)
  log "$name $case: $json, load $load"
  jq -c --argjson r "$round" --arg s "$name" --arg c "$case" --argjson l "$load" \
    '. + {round: $r, server: $s, case: $c, load1: $l}' <<<"$json" >> "$TLS_RAW"
}

bench_tls() {
  local round=$1 name=$2 client="$WORK/handshake/HandshakeBench.dll"
  start_tls_server "$name"
  local warm=$WARMUP_C
  [[ "$name" == ours ]] && warm=$TLS_WARMUP
  log "tls $name: warming up ${warm}s"
  taskset -c "$LOAD_CORE" dotnet "$client" handshake --port "$TLS_SERVER_PORT" --ca-dir "$WORK/tls-ca" --warmup 0 --duration "$warm" >/dev/null
  taskset -c "$LOAD_CORE" dotnet "$client" keepalive --tls --port "$TLS_SERVER_PORT" --ca-dir "$WORK/tls-ca" --warmup 0 --duration 2 >/dev/null
  measure_tls "$round" "$name" handshake handshake --port "$TLS_SERVER_PORT" --ca-dir "$WORK/tls-ca" --concurrency "$TLS_CONCURRENCY"
  measure_tls "$round" "$name" keepalive-plain keepalive --port "$TLS_PLAIN_PORT" --connections "$TLS_CONNECTIONS"
  measure_tls "$round" "$name" keepalive-tls keepalive --tls --port "$TLS_SERVER_PORT" --ca-dir "$WORK/tls-ca" --connections "$TLS_CONNECTIONS"
  kill "$TLS_SERVER_PID" 2>/dev/null || true
  wait "$TLS_SERVER_PID" 2>/dev/null || true
}

run_tls() {
  tls_setup
  local round servers
  for round in $(seq 1 "$ROUNDS"); do
    # Alternate the order so that a drift of the machine's load does not always favour the same server.
    if ((round % 2)); then servers="ours haproxy"; else servers="haproxy ours"; fi
    log "=== tls round $round/$ROUNDS ($servers)"
    for server in $servers; do bench_tls "$round" "$server"; done
  done
  dotnet "$WORK/handshake/HandshakeBench.dll" report "$TLS_RAW" "$RESULTS/$STAMP-tls.md"
}

# ---------------------------------------------------------------- run
if [[ "$ONLY_TLS" == "1" ]]; then
  log "tls only: rounds=$ROUNDS duration=${DURATION}s warm-up ours ${TLS_WARMUP}s, haproxy ${WARMUP_C}s"
  log "uptime at start: $(uptime)"
  run_tls
  exit 0
fi
log "rounds=$ROUNDS warm-up=${WARMUP}s (haproxy/nginx ${WARMUP_C}s) duration=${DURATION}s gc-modes='$GC_MODES' mtls=$MTLS"
log "uptime at start: $(uptime)"
start_backend
if [[ "$MTLS" == "1" ]]; then
  dotnet "$WORK/handshake/HandshakeBench.dll" write-certs "$WORK/mtls-ca" >/dev/null
fi
for round in $(seq 1 "$ROUNDS"); do
  log "=== round $round/$ROUNDS"
  measure_rate "$round" direct 1000 "$BACKEND_PORT"
  measure_rate "$round" direct 5000 "$BACKEND_PORT"
  for proxy in $PROXIES; do
    case "$proxy" in
      ours) for mode in $GC_MODES; do bench_proxy "$round" "ours-$mode" "$WARMUP"; done ;;
      *) bench_proxy "$round" "$proxy" "$WARMUP_C" ;;
    esac
  done
  if [[ "$MTLS" == "1" ]]; then
    # Alternate the pairs' order so that a drift of the machine's load does not always favour the same pair.
    if ((round % 2)); then
      bench_proxy "$round" mtls "$WARMUP"; bench_proxy "$round" haproxy-mtls "$WARMUP_C"
    else
      bench_proxy "$round" haproxy-mtls "$WARMUP_C"; bench_proxy "$round" mtls "$WARMUP"
    fi
  fi
done

python3 "$BENCH/summarize.py" "$RAW" "$RESULTS/$STAMP.md" "$RESULTS/$STAMP.json"
if [[ "$TLS" == "1" ]]; then run_tls; fi
