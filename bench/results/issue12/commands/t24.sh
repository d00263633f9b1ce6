#!/usr/bin/env bash
cd /work/wt-meas
/tmp/meas/t2.sh 2
out=bench/results/issue12/t4-replay.log
echo "== replay 10M (second attempt), load $(cat /proc/loadavg)" >> $out
s=$(date +%s.%N)
NOCTRIA_NO_PROGRESS=1 NOCTRIA_JAVA_OPTS="-Xmx14g" timeout 540 bin/noctria --data-dir /tmp/m-10m/engine_full-1 replay --format json > /tmp/meas/replay-10m.json 2>> $out
rc=$?; e=$(date +%s.%N)
echo "rc=$rc wall_s=$(echo "$e - $s" | bc) load $(cat /proc/loadavg)" >> $out
