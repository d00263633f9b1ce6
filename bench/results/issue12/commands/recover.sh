#!/usr/bin/env bash
# Times `noctria run` recovery on a data dir: starts it, waits (deadline) for the "engine recovered" line, stops it with
# SIGTERM, waits for its exit. Usage: recover.sh DATA_DIR LOG
data="$1"; log="$2"
cd /work/wt-meas
echo "start $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" > "$log"
NOCTRIA_IDEMPOTENCY_SECRET=noctria-bench-secret-not-for-production NOCTRIA_JAVA_OPTS="-Xmx14g" \
  bin/noctria --data-dir "$data" run --config /tmp/meas/bench-engine-10m.yml --policy /tmp/meas/bench-risk-policy.yml \
  >> "$log" 2>&1 &
pid=$!
deadline=$((SECONDS + 420))
while ! grep -q 'engine recovered\|ERROR\|refus' "$log" && kill -0 $pid 2>/dev/null && (( SECONDS < deadline )); do sleep 1; done
sleep "${3:-2}"
echo "sending SIGTERM at $(date -u +%FT%TZ) load: $(cat /proc/loadavg)" >> "$log"
kill -TERM $pid 2>/dev/null
wait $pid; echo "rc=$? end $(date -u +%FT%TZ)" >> "$log"
