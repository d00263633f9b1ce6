#!/usr/bin/env bash
# Runs a command once the machine is quiet, and says how busy it was while the command ran.
#
#   bench/scripts/when-quiet.sh [-t MAX_BUSY_PCT] [-w MAX_WAIT_S] -- command args...
#
# Quiet = total CPU busy (all processes, /proc/stat) below MAX_BUSY_PCT (default 10) over 3 s.
# Gives up waiting after MAX_WAIT_S (default 1800) and runs anyway, saying so. Afterwards prints to
# stderr the average machine CPU busy while the command ran (its own use included), so a figure
# taken on a shared machine carries the load it was taken under. Linux only.
set -euo pipefail

max_busy=10
max_wait=1800
while [[ $# -gt 0 ]]; do
  case "$1" in
    -t) max_busy="$2"; shift 2 ;;
    -w) max_wait="$2"; shift 2 ;;
    --) shift; break ;;
    *) echo "usage: $0 [-t MAX_BUSY_PCT] [-w MAX_WAIT_S] -- command..." >&2; exit 2 ;;
  esac
done
[[ $# -gt 0 ]] || { echo "usage: $0 [-t MAX_BUSY_PCT] [-w MAX_WAIT_S] -- command..." >&2; exit 2; }

# busy and total jiffies from the aggregate cpu line (busy excludes idle and iowait)
sample() { awk '/^cpu / {b=$2+$3+$4+$7+$8+$9; t=b+$5+$6; print b, t; exit}' /proc/stat; }
busy_pct() { # over $1 seconds
  read -r b0 t0 < <(sample); sleep "$1"; read -r b1 t1 < <(sample)
  echo $(( (100 * (b1 - b0)) / ( (t1 - t0) > 0 ? (t1 - t0) : 1 ) ))
}

waited=0
while true; do
  pct=$(busy_pct 3)
  if (( pct < max_busy )); then break; fi
  if (( waited >= max_wait )); then
    echo "when-quiet: machine still ${pct}% busy after ${waited}s; running anyway" >&2; break
  fi
  waited=$((waited + 3))
done
echo "when-quiet: machine ${pct}% busy before start (waited ${waited}s)" >&2

read -r b0 t0 < <(sample)
status=0
"$@" || status=$?
read -r b1 t1 < <(sample)
echo "when-quiet: machine $(( (100 * (b1 - b0)) / ( (t1 - t0) > 0 ? (t1 - t0) : 1 ) ))% busy on average while it ran (own use included)" >&2
exit $status
