#!/usr/bin/env bash
# Runs the latency harness RUNS times at each rate, each run waiting for a quiet machine, and
# appends one JSON object per run to OUT (JSON lines), tagged with the run number and storage.
#
#   bench/scripts/harness-matrix.sh OUT RUNS "10000 50000 100000" [harness args...]
#
# e.g. bench/scripts/harness-matrix.sh bench/results/harness-disk.jsonl 3 "10000 50000 100000" --seconds 10 --warmup-seconds 5
#      bench/scripts/harness-matrix.sh bench/results/harness-tmpfs.jsonl 3 "10000 50000 100000" --data-dir /dev/shm/noctria-bench
# Summarise with: python3 bench/scripts/summarize.py OUT
set -euo pipefail
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="$1"; runs="$2"; rates="$3"; shift 3
jar="$root/bench/target/benchmarks.jar"
[[ -f "$jar" ]] || { echo "build first: mvn -q -o -pl bench package -DskipTests" >&2; exit 2; }
mkdir -p "$root/bench/target/runtime" "$(dirname "$out")"
for run in $(seq 1 "$runs"); do
  for rate in $rates; do
    json="$("$root/bench/scripts/when-quiet.sh" -t 15 -w 900 -- \
      java "@$root/configs/jvm.options" -Dproject.build.directory="$root/bench/target/runtime" \
      -cp "$jar" io.noctria.bench.LatencyHarness --rate "$rate" --json "$@" | tail -1)" || true
    # exit status 1 = a phase did not complete in time: its JSON (completed:false) is still recorded
    [[ -n "$json" ]] || { echo "harness-matrix: run $run rate $rate printed nothing" >&2; continue; }
    echo "{\"run\":$run,\"args\":\"$*\",\"result\":$json}" >> "$out"
    echo "harness-matrix: run $run rate $rate done" >&2
  done
done
