#!/usr/bin/env python3
"""Summarise harness-matrix.sh output (JSON lines) as Markdown tables: per rate, the median and
range (min-max) over runs of each percentile, for engine and baseline, and the p99 ratio.

    python3 bench/scripts/summarize.py bench/results/harness-disk.jsonl
"""
import json
import statistics
import sys
from collections import defaultdict


def fmt(values):
    values = [v for v in values if v is not None]
    if not values:
        return "-"
    med = statistics.median(values)
    if len(values) == 1:
        return f"{med:,.0f}" if med >= 100 else f"{med:.1f}"
    lo, hi = min(values), max(values)
    f = (lambda v: f"{v:,.0f}") if med >= 100 else (lambda v: f"{v:.1f}")
    return f"{f(med)} ({f(lo)}–{f(hi)})"


def main(path):
    by_rate = defaultdict(list)
    with open(path) as fh:
        for line in fh:
            line = line.strip()
            if line:
                row = json.loads(line)
                by_rate[row["result"]["rate"]].append(row["result"])
    keys = [("p50_us", "p50"), ("p90_us", "p90"), ("p99_us", "p99"), ("p999_us", "p99.9"),
            ("p9999_us", "p99.99"), ("max_us", "max")]
    print("| rate (req/s) | phase | runs | " + " | ".join(k[1] + " µs" for k in keys) +
          " | achieved req/s | other procs CPU |")
    print("|---" * (len(keys) + 5) + "|")
    for rate in sorted(by_rate):
        results = by_rate[rate]
        for phase in ("baseline", "engine"):
            rows = [r[phase] for r in results if phase in r]
            if not rows:
                continue
            cells = [fmt([r[k] for r in rows]) for k, _ in keys]
            print(f"| {rate:,} | {phase} | {len(rows)} | " + " | ".join(cells) +
                  f" | {fmt([r['achieved_rate'] for r in rows])} | "
                  f"{fmt([100 * r['other_processes_cpu'] for r in rows if r.get('other_processes_cpu') is not None])} % |")
    print()
    print("| rate (req/s) | ratio_p99 engine/baseline, per run | median |")
    print("|---|---|---|")
    for rate in sorted(by_rate):
        ratios = [r.get("ratio_p99") for r in by_rate[rate] if r.get("ratio_p99") is not None]
        if ratios:
            print(f"| {rate:,} | {', '.join(f'{x:.2f}' for x in ratios)} | {statistics.median(ratios):.2f} |")


if __name__ == "__main__":
    main(sys.argv[1])
