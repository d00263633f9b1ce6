#!/bin/bash
# Interleaved A/B of the journal pretoucher: baseline and engine phases at 100 k req/s, journal on ext4 (/tmp).
cd /work/main
for round in 1 2 3; do
  for mode in true false; do
    NOCTRIA_JAVA_OPTS="-Dnoctria.bench.pretouch=$mode" bin/noctria bench --phases baseline,engine --rate 100000 \
      --seconds 10 --warmup-seconds 3 --prime-seconds 1 --json --data-dir /tmp/pt-ab 2>/dev/null \
      | python3 -c '
import json,sys
d=json.load(sys.stdin)
s=d["settings"]
for k in ("baseline","engine"):
    p=d.get(k)
    if p: print("round '$round' pretouch='$mode'", k, "p50=%.0fus p99=%.0fus p99.99=%.0fus achieved=%d faults=%d sys_ms=%d count=%d other_cpu=%.2f load=%.1f-%.1f" % (p["p50_us"], p["p99_us"], p["p9999_us"], p["achieved_rate"], p["logic_thread_page_faults"], p["logic_thread_system_ms"], p["count"], p["other_processes_cpu"], s["loadavg_1m_start"], s["loadavg_1m_end"]))
' || echo "round $round pretouch=$mode: run failed"
  done
done
