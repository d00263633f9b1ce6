#!/usr/bin/env bash
# "A day with the engine" (docs/operations.md), compressed to about two minutes, with real processes: a
# broker-sim venue, `run --metrics-port`, signed orders every few seconds, an operator's pause, a venue whose
# prices turn bad (the engine pauses itself on SLIPPAGE_BREACH), the operator's resume, a restart. A sampler
# scrapes /metrics every second; docs/images/day_charts.py renders the SVGs this directory holds from it.
#
#   docs/images/a-day.sh [OUT_DIR]        # default docs/images; the run's files stay in a temp dir (printed)
set -euo pipefail

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
out="${1:-$root/docs/images}"
noctria="$root/bin/noctria"
charts="$root/docs/images/day_charts.py"
work="$(mktemp -d -t noctria-day.XXXXXX)"
port="${PORT:-19464}"
data="$work/data"
echo "a day in $work (metrics on port $port)" >&2

NOCTRIA_IDEMPOTENCY_SECRET="$("$noctria" keygen --secret)"
export NOCTRIA_IDEMPOTENCY_SECRET
"$noctria" keygen --operator ops-day --out "$work/keys" >/dev/null
mkdir -m 700 "$work/operators"
cp "$work/keys/ops-day.pub" "$work/operators/"

venue_config() { # $1 file, $2 max slippage in bps
  cat > "$1" <<EOF
clock: {max_skew_ms: 0}
broker: {mode: process, dir: $work/venue}
broker_sim: {max_slippage_bps: $2, transient_error_probability: 0.004, reject_probability: 0.01}
auto_pause: {loss_streak: false}
EOF
}
venue_config "$work/engine.yml" 5
venue_config "$work/bad-venue.yml" 70

t0=$(date +%s)
marks=()
mark() { # epoch seconds: render aligns them with the samples; kept in marks.txt to render again
  marks+=(--mark "$(date +%s.%N):$1"); echo "${marks[-1]}" >> "$work/marks.txt"; echo "t+$(( $(date +%s) - t0 ))s $1" >&2
}
venue() { "$noctria" broker-sim --data-dir "$work/venue" --config "$1" --seed 14 >"$work/venue-$2.log" 2>&1 & echo $!; }
engine() {
  "$noctria" --data-dir "$data" run --metrics-port "$port" --config "$work/engine.yml" --operators "$work/operators" \
    --policy "$root/configs/risk_policy.yml" >"$work/engine-$1.log" 2>&1 & echo $!
}
orders() { # $1 batch name, $2 count: alternating sides, stamped now and 25 ms apart (under max_orders_per_second)
  local file="$work/$1.jsonl"
  python3 - "$1" "$2" > "$file" <<'PY'
import datetime, json, sys
now = datetime.datetime.now(datetime.timezone.utc)
for i in range(int(sys.argv[2])):
    ts = (now + datetime.timedelta(milliseconds=25 * i)).isoformat(timespec="milliseconds").replace("+00:00", "Z")
    print(json.dumps({"symbol": "USDJPY", "side": "BUY" if i % 2 == 0 else "SELL", "qty": 1 + i % 4, "price": 150.1,
                      "order_type": "LIMIT", "tif": "IOC", "trace_id": "%s-%d" % (sys.argv[1], i),
                      "strategy": "day", "ts": ts}))
PY
  "$noctria" submit --sign --data-dir "$data" "$file" >/dev/null
}
batches() { # $1 name, $2 how many batches
  for ((b = 0; b < $2; b++)); do orders "$1-$b" 25; done
}
stop() { kill -TERM "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

venue_pid=$(venue "$work/engine.yml" 1)
python3 "$charts" sample --port "$port" --out "$work/samples.jsonl" & sampler=$!
engine_pid=$(engine 1)
until curl -sf "localhost:$port/readyz" >/dev/null; do sleep 0.2; done
mark "ready"
batches morning 8
"$noctria" pause --on --reason "lunch" --key "$work/keys/ops-day.key" --data-dir "$data" >/dev/null
mark "operator pause"
batches lunch 3
"$noctria" pause --off --reason "back" --key "$work/keys/ops-day.key" --data-dir "$data" >/dev/null
mark "resume"
batches afternoon 4
stop "$venue_pid"
venue_pid=$(venue "$work/bad-venue.yml" 2)
mark "venue prices 0.7% worse"
batches bad 4
"$noctria" --data-dir "$data" status > "$work/status-auto-paused.txt" || true
mark "operator swaps venue"
stop "$venue_pid"
venue_pid=$(venue "$work/engine.yml" 3)
"$noctria" pause --off --reason "venue fixed" --key "$work/keys/ops-day.key" --data-dir "$data" >/dev/null
batches evening 4
stop "$engine_pid"
mark "restart"
engine_pid=$(engine 2)
until curl -sf "localhost:$port/readyz" >/dev/null; do sleep 0.2; done
batches night 3
sleep 3 # a last few samples of the quiet engine (the sampler's resolution is 1 s)
curl -s "localhost:$port/metrics" > "$work/last-scrape.txt"
stop "$engine_pid"
mark "stop"
sleep 2
kill "$sampler" 2>/dev/null || true
stop "$venue_pid"
"$noctria" --data-dir "$data" replay --out "$work/replay" >/dev/null
python3 "$charts" render "$work/samples.jsonl" --out "$out" "${marks[@]}"
echo "charts in $out; run files, replay report and status in $work" >&2
