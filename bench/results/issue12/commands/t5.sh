#!/usr/bin/env bash
# Target 5 (+ the 10 M journal of target 3): one engine_full phase of 205 s at 50 k req/s with a GC log, data kept.
cd /work/wt-meas
out=bench/results/issue12
rm -rf /tmp/m-10m
echo "start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" > $out/t5-10m-full.stderr
bench/scripts/when-quiet.sh -t 15 -w 60 -- java @configs/jvm.options -Xmx14g -Dproject.build.directory=bench/target/runtime \
  -Xlog:gc*,safepoint:file=$out/gc-10m-full.gclog:uptime,level,tags \
  -cp bench/target/benchmarks.jar io.noctria.bench.LatencyHarness --phases full --rate 50000 \
  --seconds 200 --warmup-seconds 5 --prime-seconds 0 --data-dir /tmp/m-10m --keep-data --json \
  > $out/t5-10m-full.json 2>> $out/t5-10m-full.stderr
echo "rc=$? end $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t5-10m-full.stderr
