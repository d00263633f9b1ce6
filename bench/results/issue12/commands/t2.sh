#!/usr/bin/env bash
# Target 2: --find-max through the real Engine (--phases full), journal on ext4, p99 bound 100 ms (the disk's floor is ~20-50 ms).
cd /work/wt-meas
out=bench/results/issue12
run=$1
echo "run $run start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t2-findmax-full.log
bench/scripts/when-quiet.sh -t 15 -w 30 -- bin/noctria bench --find-max --phases full --rate 50000 --max-rate 1000000 \
  --max-p99-us 100000 --json > $out/t2-findmax-full-run$run.json 2>> $out/t2-findmax-full.log
echo "run $run rc=$? end $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> $out/t2-findmax-full.log
