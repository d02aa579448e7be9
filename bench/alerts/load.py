#!/usr/bin/env python3
"""Alert load for bench/alerts: posts alerts to an Alertmanager API v2 at a fixed rate.

usage: load.py URL RATE DURATION DISTINCT BATCH

Sends RATE alerts per second for DURATION seconds to URL/api/v2/alerts in POSTs of BATCH
alerts, cycling through DISTINCT alerts (100 alert names x DISTINCT/100 instances, 4 clusters,
two severities), as Prometheus servers resending their firing alerts would. A tenth of each
batch is sent resolved (endsAt in the past), so groups see both. Bodies are rendered before the
clock starts. Prints one JSON line: requests, alerts sent, errors, achieved rate, latency
percentiles (ms).
"""
import http.client
import json
import sys
import time
from datetime import datetime, timedelta, timezone
from urllib.parse import urlparse

url, rate, duration, distinct, batch = sys.argv[1], *map(int, sys.argv[2:6])
u = urlparse(url)
now = datetime.now(timezone.utc)
start = (now - timedelta(minutes=5)).strftime("%Y-%m-%dT%H:%M:%S.000Z")
ended = (now - timedelta(seconds=1)).strftime("%Y-%m-%dT%H:%M:%S.000Z")


def alert(i, resolved):
    a = {
        "labels": {"alertname": f"BenchAlert{i % 100}", "instance": f"host-{i // 100}:9100",
                   "cluster": f"c{i % 4}", "severity": "page" if i % 2 else "ticket", "job": "bench"},
        "annotations": {"summary": f"instance host-{i // 100} is unhappy", "value": str(i)},
        "startsAt": start,
        "generatorURL": "http://bench.example/graph?g0.expr=up",
    }
    if resolved:
        a["endsAt"] = ended
    return a


bodies = []
for b in range(0, distinct, batch):
    bodies.append(json.dumps([alert(i, (i // batch + i) % 10 == 0)
                              for i in range(b, min(distinct, b + batch))]).encode())

conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
interval = batch / rate
lat, errors, sent, req = [], 0, 0, 0
t0 = time.monotonic()
nxt = t0
while time.monotonic() - t0 < duration:
    body = bodies[req % len(bodies)]
    s = time.monotonic()
    try:
        conn.request("POST", "/api/v2/alerts", body, {"Content-Type": "application/json"})
        r = conn.getresponse()
        r.read()
        if r.status != 200:
            errors += 1
        else:
            sent += body.count(b'"alertname"')
    except (OSError, http.client.HTTPException):
        errors += 1
        conn.close()
        conn = http.client.HTTPConnection(u.hostname, u.port, timeout=30)
    lat.append((time.monotonic() - s) * 1000)
    req += 1
    nxt += interval
    pause = nxt - time.monotonic()
    if pause > 0:
        time.sleep(pause)
el = time.monotonic() - t0
lat.sort()
pct = lambda p: round(lat[min(len(lat) - 1, int(p * len(lat)))], 2) if lat else None
print(json.dumps({"requests": req, "alerts_sent": sent, "errors": errors, "seconds": round(el, 2),
                  "alerts_per_s": round(sent / el, 1), "p50_ms": pct(0.5), "p99_ms": pct(0.99),
                  "max_ms": pct(1.0)}))
