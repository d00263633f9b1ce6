#!/usr/bin/env python3
"""Charts for docs/operations.md ("A day with the engine") from a real run's /metrics, Python 3 stdlib only.

  day_charts.py sample --port 9464 --out samples.jsonl [--every 1]   # scrape until the endpoint goes away
  day_charts.py render samples.jsonl --out docs/images               # SVG charts with the OKR thresholds

`sample` keeps only the series the charts need, one JSON line per scrape ({"t": epoch s, "up": 0/1, "s": {...}}).
`render` computes what the Grafana dashboard's queries compute (configs/grafana/noctria-dashboard.json): p95 of
do_order_latency_seconds and p90 of do_slippage_pct by histogram_quantile over a sliding window of bucket
increases, the broker error rate over the same window, and the operational gauges, and draws them as SVG.
docs/images/a-day.sh runs the day that the committed pictures come from.
"""
import argparse
import json
import math
import re
import sys
import time
import urllib.request

KEEP = re.compile(r"^(do_order_latency_seconds_bucket|do_slippage_pct_bucket|broker_api_errors_total|"
                  r"broker_api_requests_total|trading_paused|noctria_ready|noctria_reconcile_pending|"
                  r"noctria_inbound_lag_excerpts|requests_total|noctria_alerts_total)\b")
SAMPLE = re.compile(r"^([a-zA-Z_:][a-zA-Z0-9_:]*(?:\{[^}]*\})?) (\S+)$")


def sample(args):
    url = "http://127.0.0.1:%d/metrics" % args.port
    seen = False
    with open(args.out, "w") as out:
        while True:
            started = time.time()
            series = {}
            try:
                with urllib.request.urlopen(url, timeout=5) as response:
                    for line in response.read().decode().splitlines():
                        match = SAMPLE.match(line)
                        if match and KEEP.match(match.group(1)):
                            series[match.group(1)] = float(match.group(2))
                up = 1
                seen = True
            except OSError:
                up = 0
                if seen and args.stop_when_down:
                    out.write(json.dumps({"t": started, "up": 0, "s": {}}) + "\n")
                    return
            out.write(json.dumps({"t": started, "up": up, "s": series}) + "\n")
            out.flush()
            time.sleep(max(0.0, args.every - (time.time() - started)))


def buckets(series, name, labels=""):
    """Cumulative buckets [(le, count)] of one histogram series, sorted by le."""
    found = []
    prefix = name + "_bucket{" + labels
    for key, value in series.items():
        if key.startswith(prefix):
            le = re.search(r'le="([^"]+)"', key).group(1)
            found.append((float("inf") if le == "+Inf" else float(le), value))
    return sorted(found)


def quantile(q, now, before):
    """Prometheus' histogram_quantile over the bucket increases between two scrapes; None without observations."""
    if not now:
        return None
    earlier = dict(before)
    increases = [(le, count - earlier.get(le, 0.0)) for le, count in now]
    total = increases[-1][1]
    if total <= 0:
        return None
    rank = q * total
    lower_bound, lower_count = 0.0, 0.0
    for le, count in increases:
        if count >= rank:
            if le == float("inf"):
                return lower_bound
            if count == lower_count:
                return le
            return lower_bound + (le - lower_bound) * (rank - lower_count) / (count - lower_count)
        lower_bound, lower_count = le, count
    return None


def render(args):
    rows = [json.loads(line) for line in open(args.samples)]
    t0 = rows[0]["t"]
    window = args.window
    kpi = {"lat_sent": [], "lat_final": [], "slip": [], "err": []}
    ops = {"paused": [], "ready": [], "pending": [], "lag": [], "requests": []}
    for i, row in enumerate(rows):
        t = row["t"] - t0
        s = row["s"]
        if not row["up"]:
            for values in ops.values():
                values.append((t, None))
            continue
        j = i
        while j > 0 and row["t"] - rows[j - 1]["t"] <= window and rows[j - 1]["up"]:
            j -= 1
        old = rows[j]["s"] if j < i else {}
        kpi["lat_sent"].append((t, quantile(0.95, buckets(s, "do_order_latency_seconds", 'stage="ingress_to_sent",'),
                                            buckets(old, "do_order_latency_seconds", 'stage="ingress_to_sent",'))))
        kpi["lat_final"].append((t, quantile(0.95, buckets(s, "do_order_latency_seconds", 'stage="ingress_to_final",'),
                                             buckets(old, "do_order_latency_seconds", 'stage="ingress_to_final",'))))
        kpi["slip"].append((t, quantile(0.90, buckets(s, "do_slippage_pct"), buckets(old, "do_slippage_pct"))))
        requests = s.get("broker_api_requests_total", 0) - old.get("broker_api_requests_total", 0)
        errors = s.get("broker_api_errors_total", 0) - old.get("broker_api_errors_total", 0)
        kpi["err"].append((t, errors / requests * 100 if requests > 0 else None))
        ops["paused"].append((t, s.get("trading_paused")))
        ops["ready"].append((t, s.get("noctria_ready")))
        ops["pending"].append((t, s.get("noctria_reconcile_pending")))
        ops["lag"].append((t, s.get("noctria_inbound_lag_excerpts")))
        ops["requests"].append((t, s.get("requests_total")))
    end = rows[-1]["t"] - t0
    # A mark is epoch seconds (a-day.sh) or seconds from the first sample.
    marks = [(float(at) - (t0 if float(at) > 1e9 else 0), text) for at, text in (m.split(":", 1) for m in args.mark)]
    write(args.out + "/day-kpis.svg", "A day with the engine: the KPIs (" + str(int(window)) + " s window)", end, marks, [
        ("Order latency p95 (s)", [("ingress → sent", kpi["lat_sent"], "#1f77b4"),
                                   ("ingress → final", kpi["lat_final"], "#9467bd")], 0.4, "OKR 0.40 s", True),
        ("Slippage p90 (%)", [("p90", kpi["slip"], "#2ca02c")], 0.30, "OKR 0.30 %", False),
        ("Broker error rate (%)", [("errors / requests", kpi["err"], "#d62728")], 1.0, "OKR 1 %", False),
    ])
    write(args.out + "/day-operations.svg", "A day with the engine: operations", end, marks, [
        ("trading_paused, noctria_ready", [("trading_paused", ops["paused"], "#d62728"),
                                           ("noctria_ready", ops["ready"], "#2ca02c")], None, None, False),
        ("Order requests (requests_total)", [("requests_total", ops["requests"], "#1f77b4")], None, None, False),
        ("Reconcile pending, inbound lag", [("noctria_reconcile_pending", ops["pending"], "#ff7f0e"),
                                            ("noctria_inbound_lag_excerpts", ops["lag"], "#8c564b")],
         None, None, False),
    ])


def write(path, title, end, marks, panels):
    width, panel_h, left, right, top = 760, 150, 70, 20, 40
    height = top + len(panels) * (panel_h + 40) + 10
    svg = ['<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" font-family="sans-serif" '
           'font-size="11">' % (width, height),
           '<rect width="100%" height="100%" fill="white"/>',
           '<text x="%d" y="22" font-size="14" font-weight="bold">%s</text>' % (left, escape(title))]
    plot_w = width - left - right
    for n, (name, lines, threshold, threshold_label, log_scale) in enumerate(panels):
        y0 = top + n * (panel_h + 40) + 20
        values = [v for _, pts, _ in lines for _, v in pts if v is not None]
        if threshold is not None:
            values.append(threshold)
        low = min([v for v in values if v > 0] or [1e-4]) if log_scale else min(values + [0])
        high = max(values + [1e-9]) * 1.15 if max(values + [0]) > 0 else 1.0
        if log_scale:
            low = 10 ** math.floor(math.log10(low))
            high = 10 ** math.ceil(math.log10(high))

        def y(value):
            if log_scale:
                value = max(value, low)
                return y0 + panel_h - (math.log10(value) - math.log10(low)) / (math.log10(high) - math.log10(low)) * panel_h
            return y0 + panel_h - (value - low) / ((high - low) or 1) * panel_h

        def x(t):
            return left + t / (end or 1) * plot_w

        svg.append('<text x="%d" y="%d" font-weight="bold">%s</text>' % (left, y0 - 6, escape(name)))
        svg.append('<rect x="%d" y="%d" width="%d" height="%d" fill="#fafafa" stroke="#ccc"/>' %
                   (left, y0, plot_w, panel_h))
        for tick in ticks(low, high, log_scale):
            svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#eee"/>' % (left, left + plot_w, y(tick), y(tick)))
            svg.append('<text x="%d" y="%.1f" text-anchor="end">%s</text>' % (left - 4, y(tick) + 4, fmt(tick)))
        for k, (at, text) in enumerate(marks):
            svg.append('<line x1="%.1f" x2="%.1f" y1="%d" y2="%d" stroke="#999" stroke-dasharray="2,3"/>' %
                       (x(at), x(at), y0, y0 + panel_h))
            if n == 0:  # labels on the top panel, staggered so that neighbours do not overlap
                svg.append('<text x="%.1f" y="%d" fill="#555" font-size="10">%s</text>' %
                           (x(at) + 2, y0 + 10 + (k % 3) * 11, escape(text)))
        if threshold is not None:
            svg.append('<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" stroke="#d62728" stroke-width="1.5" '
                       'stroke-dasharray="6,3"/>' % (left, left + plot_w, y(threshold), y(threshold)))
            svg.append('<text x="%d" y="%.1f" fill="#d62728">%s</text>' %
                       (left + 4, y(threshold) - 4, escape(threshold_label)))
        legend_x = left + 8
        for label, points, color in lines:
            segment = []
            for t, v in points + [(None, None)]:
                if v is None:
                    if len(segment) > 1:
                        svg.append('<polyline fill="none" stroke="%s" stroke-width="1.6" points="%s"/>' %
                                   (color, " ".join("%.1f,%.1f" % p for p in segment)))
                    elif len(segment) == 1:
                        svg.append('<circle cx="%.1f" cy="%.1f" r="1.5" fill="%s"/>' % (segment[0] + (color,)))
                    segment = []
                else:
                    segment.append((x(t), y(v)))
            svg.append('<rect x="%d" y="%d" width="10" height="3" fill="%s"/>' % (legend_x, y0 + panel_h + 12, color))
            svg.append('<text x="%d" y="%d">%s</text>' % (legend_x + 14, y0 + panel_h + 16, escape(label)))
            legend_x += 30 + 7 * len(label)
        svg.append('<text x="%d" y="%d" text-anchor="end" fill="#555">%d s</text>' %
                   (left + plot_w, y0 + panel_h + 16, int(end)))
    svg.append('</svg>')
    with open(path, "w") as out:
        out.write("\n".join(svg) + "\n")


def ticks(low, high, log_scale):
    if log_scale:
        return [10 ** e for e in range(int(math.log10(low)), int(math.log10(high)) + 1)]
    step = (high - low) / 4
    return [low + i * step for i in range(5)]


def fmt(value):
    return ("%g" % float("%.2g" % value)) if value else "0"


def escape(text):
    return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    commands = parser.add_subparsers(dest="command", required=True)
    s = commands.add_parser("sample")
    s.add_argument("--port", type=int, required=True)
    s.add_argument("--out", required=True)
    s.add_argument("--every", type=float, default=1.0)
    s.add_argument("--stop-when-down", action="store_true", help="stop once the endpoint went away after answering")
    r = commands.add_parser("render")
    r.add_argument("samples")
    r.add_argument("--out", required=True)
    r.add_argument("--window", type=float, default=15.0, help="seconds of bucket increases per point")
    r.add_argument("--mark", action="append", default=[], help="SECONDS:TEXT, a dashed line with a label")
    args = parser.parse_args()
    sample(args) if args.command == "sample" else render(args)


if __name__ == "__main__":
    sys.exit(main())
