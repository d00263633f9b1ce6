#!/usr/bin/env python3
"""Summarises bench/scripts/jmh-ab.sh output: per benchmark and side, the median and min-max of the runs' scores
(each run's score is JMH's mean over its iterations), the after/before ratio of the medians and the range of the
per-round ratios, and gc.alloc.rate.norm (B/op). Usage: jmh-ab.py OUT_DIR"""
import glob
import json
import os
import re
import statistics
import sys

out = sys.argv[1]
runs = {}  # (side, round) -> {benchmark: (score, bytes_per_op)}
for path in glob.glob(os.path.join(out, "*-*.json")):
    m = re.match(r"(before|after)-(\d+)\.json$", os.path.basename(path))
    if not m:
        continue
    with open(path) as f:
        try:
            results = json.load(f)
        except json.JSONDecodeError:
            continue
    table = {}
    for r in results:
        name = r["benchmark"].rsplit(".", 2)
        name = name[-2] + "." + name[-1]
        norm = r.get("secondaryMetrics", {}).get("gc.alloc.rate.norm", {}).get("score")
        table[name] = (r["primaryMetric"]["score"], norm)
    runs[(m.group(1), int(m.group(2)))] = table

names = sorted({n for t in runs.values() for n in t})
rounds = sorted({r for _, r in runs})
print("| benchmark | before ns/op, median (min-max) | after ns/op, median (min-max) | after/before (per-round range) | B/op before / after |")
print("|---|---|---|---|---|")
for n in names:
    row = {}
    for side in ("before", "after"):
        row[side] = [runs[(side, r)][n] for r in rounds if (side, r) in runs and n in runs[(side, r)]]
    if not row["before"] or not row["after"]:
        continue
    b = [s for s, _ in row["before"]]
    a = [s for s, _ in row["after"]]
    per_round = [runs[("after", r)][n][0] / runs[("before", r)][n][0] for r in rounds
                 if ("after", r) in runs and ("before", r) in runs and n in runs[("after", r)] and n in runs[("before", r)]]
    def fmt(xs):
        return f"{statistics.median(xs):,.1f} ({min(xs):,.1f}-{max(xs):,.1f})"
    def norm(xs):
        vals = [v for _, v in xs if v is not None]
        return f"{max(vals):.3f}" if vals else "n/a"
    print(f"| `{n}` | {fmt(b)} | {fmt(a)} | {statistics.median(a) / statistics.median(b):.2f} "
          f"({min(per_round):.2f}-{max(per_round):.2f}) | {norm(row['before'])} / {norm(row['after'])} |")
print(f"\n{len(rounds)} rounds; runs: {', '.join(f'{s}-{r}' for s, r in sorted(runs))}")
