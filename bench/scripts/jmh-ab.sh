#!/usr/bin/env bash
# Before/after JMH comparison on a shared machine: rounds of short single-fork runs of two benchmark jars,
# alternating which goes first (B A, A B, B A, ...), each after bench/scripts/when-quiet.sh, with -prof gc.
#
#   bench/scripts/jmh-ab.sh BEFORE.jar AFTER.jar OUT_DIR ROUNDS 'JMH_REGEX' [extra JMH options...]
#
# Writes OUT_DIR/{before,after}-N.json (and .log); bench/scripts/jmh-ab.py OUT_DIR summarises them
# (median and min-max per benchmark and side, and the after/before ratio of the medians).
# Build the two jars from the two commits (mvn -B -q -o -pl bench -am package -DskipTests, copy
# bench/target/benchmarks.jar away between the builds). Run from the repository root.
set -euo pipefail
[[ $# -ge 5 ]] || { echo "usage: $0 BEFORE.jar AFTER.jar OUT_DIR ROUNDS 'JMH_REGEX' [JMH options...]" >&2; exit 2; }
before="$1"; after="$2"; out="$3"; rounds="$4"; pattern="$5"; shift 5
mkdir -p "$out" bench/target/runtime
for r in $(seq 1 "$rounds"); do
  if (( r % 2 )); then order="before after"; else order="after before"; fi
  for side in $order; do
    if [[ "$side" == before ]]; then jar="$before"; else jar="$after"; fi
    bench/scripts/when-quiet.sh -t 25 -w 180 -- java @configs/jvm.options \
      -Dproject.build.directory=bench/target/runtime -jar "$jar" "$pattern" \
      -f 1 -wi 3 -i 5 -w 1s -r 1s -prof gc "$@" -rf json -rff "$out/$side-$r.json" > "$out/$side-$r.log" 2>&1
    grep -h "when-quiet" "$out/$side-$r.log" | sed "s/^/$side-$r: /" >&2 || true
  done
done
