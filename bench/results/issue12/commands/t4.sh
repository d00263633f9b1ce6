#!/usr/bin/env bash
# Target 4: `noctria replay` wall time over the 100 K demo journal (3 runs), a 100-request one (start-up cost), and the 10 M one.
cd /work/wt-meas
out=bench/results/issue12/t4-replay.log
: > $out
rm -rf /tmp/m-tiny; bin/noctria --data-dir /tmp/m-tiny run --demo 100 --seed 42 --fresh > /dev/null 2>&1
bin/noctria --data-dir /tmp/m-tiny journal-stats >> $out 2>&1
for run in 1 2 3; do
  for dir in /tmp/m-tiny /tmp/m-demo; do
    echo "== replay $dir run $run, load $(cat /proc/loadavg)" >> $out
    s=$(date +%s.%N)
    NOCTRIA_NO_PROGRESS=1 bin/noctria --data-dir $dir replay --format json > /tmp/meas/replay-out.json 2>> $out
    rc=$?; e=$(date +%s.%N)
    echo "rc=$rc wall_s=$(echo "$e - $s" | bc)" >> $out
  done
done
echo "== journal-stats 10M, load $(cat /proc/loadavg)" >> $out
bin/noctria --data-dir /tmp/m-10m/engine_full-1 journal-stats >> $out 2>&1
echo "== replay 10M, load $(cat /proc/loadavg)" >> $out
s=$(date +%s.%N)
NOCTRIA_NO_PROGRESS=1 NOCTRIA_JAVA_OPTS="-Xmx14g" timeout 540 bin/noctria --data-dir /tmp/m-10m/engine_full-1 replay --format json > /tmp/meas/replay-10m.json 2>> $out
rc=$?; e=$(date +%s.%N)
echo "rc=$rc wall_s=$(echo "$e - $s" | bc) load $(cat /proc/loadavg)" >> $out
