# Summarises the queue and fix round-trip runs in this directory (docs/fix.md "Latency"): per run, then median (min–max).
import sys, os
import json,glob,statistics as st
def fmt(x):
    return ('%.2f ms'%(x/1000)) if x>=1000 else ('%.0f µs'%x)

for rate in (1000,5000):
    rows={}
    for f in sorted(glob.glob(os.path.join(os.path.dirname(os.path.abspath(__file__)), f'r-{rate}-*.json'))):
        try: d=json.load(open(f))
        except Exception as e: print(f,'bad',e); continue
        s=d['settings']
        print(f, 'load', round(s['loadavg_1m_start'],1),'->',round(s['loadavg_1m_end'],1))
        for k in ('roundtrip_queue','roundtrip_fix'):
            p=d[k]
            rows.setdefault(k,[]).append(p)
            print('  ',k, 'p50 %.0f p90 %.0f p99 %.0f max %.0f us achieved %s completed %s injlag p99 %.0f gc %s/%sms' % (p['p50_us'],p['p90_us'],p['p99_us'],p['max_us'],p['achieved_rate'],p['completed'],p['inject_lag_p99_us'],p['gc_count'],p['gc_ms']))
    for k,v in rows.items():
        def r(x):
            vals=sorted(p[x] for p in v); return '%s (%s–%s)'%(fmt(st.median(vals)),fmt(vals[0]),fmt(vals[-1]))
        print(rate,k,'p50',r('p50_us'),'p90',r('p90_us'),'p99',r('p99_us'),'max',r('max_us'))
