#!/usr/bin/env bash
# Target 5 (allocation) and 4 (fold rate): AllocationProbe, then a short ReplayBenchmark run with JMH's GC profiler.
cd /work/wt-meas
out=bench/results/issue12
mkdir -p bench/target/runtime
echo "start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" > $out/t5-allocation-probe.txt
java @configs/jvm.options -Dproject.build.directory=bench/target/runtime -cp bench/target/benchmarks.jar \
  io.noctria.bench.AllocationProbe >> $out/t5-allocation-probe.txt 2>&1
echo "rc=$? end $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t5-allocation-probe.txt
echo "start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" > $out/t4-jmh-replay.txt
java @configs/jvm.options -Dproject.build.directory=bench/target/runtime -jar bench/target/benchmarks.jar ReplayBenchmark \
  -f 1 -wi 2 -i 3 -w 2s -r 2s -prof gc -rf json -rff $out/t4-jmh-replay.json >> $out/t4-jmh-replay.txt 2>&1
echo "rc=$? end $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t4-jmh-replay.txt
