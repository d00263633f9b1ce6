#!/usr/bin/env bash
cd /work/wt-meas
/tmp/meas/recover.sh /tmp/m-10m/engine_full-1 bench/results/issue12/t3-recover-snapshot-2.log
rm -rf /tmp/m-10m/snapshots-aside
mv /tmp/m-10m/engine_full-1/snapshots /tmp/m-10m/snapshots-aside
/tmp/meas/recover.sh /tmp/m-10m/engine_full-1 bench/results/issue12/t3-recover-journal-2.log
