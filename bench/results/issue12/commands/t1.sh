#!/usr/bin/env bash
# Target 1: three runs of the harness at 100 k req/s, all three phases, two alternating rounds, journal on ext4 (/tmp).
cd /work/wt-meas
out=bench/results/issue12
for run in 1 2 3; do
  { echo "run $run start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)"; } >> $out/t1-100k.log
  bench/scripts/when-quiet.sh -t 15 -w 90 -- bin/noctria bench --rate 100000 --seconds 10 --rounds 2 --json \
    > $out/t1-100k-run$run.json 2>> $out/t1-100k.log
  echo "run $run rc=$? end $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t1-100k.log
done
