#!/usr/bin/env bash
# Builds and runs the HCL throughput benchmarks side by side:
#   - bench/HclBench (BenchmarkDotNet): Parse, ParseDecode, ParseDecodeValidate on 1,000 and 10,000 resources
#   - bench/HclBench/go: HashiCorp's hclsyntax.ParseConfig (Debian's golang-github-hashicorp-hcl-v2-dev) on the same files
# and prints the throughput ratio ours/Go for parse only.
#
# Environment:
#   HCLBENCH_ARGS   BenchmarkDotNet arguments (default: --filter '*' --job short --inProcess; BenchmarkDotNet runs from this folder)
#   GO_ITERATIONS   iterations of the Go loop per size (default: 10)
#   HCLBENCH_SIZES  resource counts (default: "1000 10000"; BenchmarkDotNet's [Params] always runs both)
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
root="$(cd "$here/../.." && pwd)"
out="${TMPDIR:-/tmp}/mesh-hclbench"
mkdir -p "$out"
sizes="${HCLBENCH_SIZES:-1000 10000}"
go_iterations="${GO_ITERATIONS:-10}"

echo "== building bench/HclBench (Release)"
dotnet build "$here/HclBench.csproj" -c Release -v q -nologo >"$out/build.log" 2>&1 || { cat "$out/build.log"; exit 1; }
bin="$here/bin/Release/net10.0/HclBench"

if ! command -v go >/dev/null 2>&1; then
  echo "go is not installed: apt-get install -y golang-go golang-github-hashicorp-hcl-v2-dev" >&2
  exit 1
fi
if [ ! -d /usr/share/gocode/src/github.com/hashicorp/hcl/v2 ]; then
  echo "HashiCorp's HCL sources are missing: apt-get install -y golang-github-hashicorp-hcl-v2-dev" >&2
  exit 1
fi
echo "== building bench/HclBench/go against /usr/share/gocode (GOPATH mode, offline)"
(cd "$here/go" && GOPATH=/usr/share/gocode GO111MODULE=off GOCACHE="$out/gocache" go build -o "$out/hclbench-go" .)

declare -A go_ns
for n in $sizes; do
  file="$("$bin" generate "$n")"
  echo "== Go hclsyntax.ParseConfig, $n resources ($file)"
  "$out/hclbench-go" "$file" "$go_iterations" >"$out/go-$n.log"
  cat "$out/go-$n.log"
  result="$(grep '^RESULT' "$out/go-$n.log")"
  go_ns[$n]="$(sed -E 's/.* ns_op=([0-9]+).*/\1/' <<<"$result")"
done

bdn_args="${HCLBENCH_ARGS:---filter '*' --job short --inProcess}"
echo "== BenchmarkDotNet ($bdn_args)"
# shellcheck disable=SC2086
(cd "$here" && eval "\"$bin\" $bdn_args --artifacts \"$out/BenchmarkDotNet.Artifacts\"") | tee "$out/dotnet.log"

echo
echo "== Parse throughput, ours / Go (>1 means we are faster)"
for n in $sizes; do
  ours="$(grep -E "^RESULT name=Parse resources=$n " "$out/dotnet.log" | sed -E 's/.* ns_op=([0-9]+).*/\1/' || true)"
  if [ -n "$ours" ] && [ -n "${go_ns[$n]:-}" ]; then
    awk -v n="$n" -v o="$ours" -v g="${go_ns[$n]}" 'BEGIN { printf "  %6d resources: ours %.1f ms, Go %.1f ms, throughput ratio ours/Go = %.2f\n", n, o/1e6, g/1e6, g/o }'
  fi
done
echo "(logs in $out; the machine may be shared: see StdDev % above)"
