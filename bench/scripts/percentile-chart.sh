#!/usr/bin/env bash
# Runs the latency harness once per rate with --hgrm, then draws every phase's percentile
# distribution into one SVG with the project's own plotter (io.noctria.bench.PercentileChart).
#
#   bench/scripts/percentile-chart.sh OUT.svg HGRM_DIR "10000 50000 100000" [harness args...]
#
# e.g. bench/scripts/percentile-chart.sh docs/img/latency-percentiles-tmpfs.svg bench/results/hgrm/tmpfs \
#        "10000 50000 100000" --seconds 10 --warmup-seconds 5 --data-dir /dev/shm/noctria-bench
# With HGRM_DIR already filled and no rates (""), it only redraws the chart from the files.
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; hgrm="$2"; rates="$3"; shift 3
jar="$root/bench/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -q -B -DskipTests -pl bench -am package" >&2; exit 2; }
mkdir -p "$root/bench/target/runtime" "$hgrm" "$(dirname "$out")"
run() { java "@$root/configs/jvm.options" -Dproject.build.directory="$root/bench/target/runtime" -cp "$jar" "$@"; }
for rate in $rates; do
  run io.noctria.bench.LatencyHarness --rate "$rate" --hgrm "$hgrm" --json "$@" > "$hgrm/run-$rate.json"
done
series=()
for file in $(ls "$hgrm"/*.hgrm | sort -t- -k2 -n); do
  name="$(basename "$file" .hgrm)"          # e.g. engine-100000
  phase="${name%-*}"; rate="${name##*-}"
  series+=("$phase $((rate / 1000))k req/s=$file")
done
run io.noctria.bench.PercentileChart --out "$out" \
  --title "Intended send time -> broker hand-off, engine vs same-run baseline" \
  --subtitle "$(basename "$hgrm"): $(java -version 2>&1 | head -1 | tr -d '"'), $(nproc) vCPU, harness defaults; data in $(realpath --relative-to="$root" "$hgrm")" \
  "${series[@]}"
