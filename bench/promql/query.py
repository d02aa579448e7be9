#!/usr/bin/env python3
"""Times the same PromQL queries against Prometheus and Vigil for bench/promql (stdlib only).

Every query runs WARMUP times on each server untimed, then RUNS times timed. Within a run each
query goes to both servers one after the other, Vigil first in even runs and Prometheus first in
odd ones, so a slow patch of the machine lands on both. A request is timed from sending it to
having read the whole body (one kept-alive connection per server, no compression); the JSON is
parsed afterwards, outside the timing, to check the answer: the first answers of the two servers
to a query must have the same series (else a warning, as timings of different work mean little),
and the same values within 1e-9 relative (else a warning naming the first difference).

usage: query.py PROM_URL VIGIL_URL END HOURS STEP WARMUP RUNS RAW_OUT
Prints the table (markdown) to stdout and progress to stderr; writes every timing to RAW_OUT
(tab separated). Exits 1 if a request failed or did not answer status "success".
"""
import http.client
import json
import math
import statistics
import sys
import time
import urllib.parse


def queries(end, hours, step):
    """(label, path, params) of each timed request."""
    start = end - int(hours * 3600)
    by_job = "sum by (job) (rate(http_requests_total[5m]))"
    out = []
    for q in (by_job,
              "histogram_quantile(0.99, sum by (le) (rate(http_request_duration_seconds_bucket[5m])))",
              "topk(10, rate(http_requests_total[5m]))",
              'count(http_requests_total{instance=~"host-1.*"})',
              'sum(http_requests_total{instance=~"host-1.*"})'):
        out.append((q, "/api/v1/query", {"query": q, "time": str(end)}))
    out.append((f"{by_job} (range {hours:g}h, step {step}s)", "/api/v1/query_range",
                {"query": by_job, "start": str(start), "end": str(end), "step": str(step)}))
    return out


class Server:
    def __init__(self, name, url):
        self.name = name
        self.host = urllib.parse.urlsplit(url).netloc
        self.conn = None

    def get(self, path, params):
        """-> (seconds, http status, body bytes); reconnects once if a kept-alive socket died."""
        target = path + "?" + urllib.parse.urlencode(params)
        for attempt in (0, 1):
            if self.conn is None:
                self.conn = http.client.HTTPConnection(self.host, timeout=600)
                self.conn.connect()
            try:
                t0 = time.perf_counter()
                self.conn.request("GET", target)
                resp = self.conn.getresponse()
                body = resp.read()
                return time.perf_counter() - t0, resp.status, body
            except (http.client.HTTPException, ConnectionError):
                self.conn.close()
                self.conn = None
                if attempt:
                    raise
        raise AssertionError("unreachable")


def answer(status, body):
    """-> (series count, {label set: values}, error text or None)."""
    try:
        doc = json.loads(body)
    except ValueError:
        return 0, {}, f"HTTP {status}, not JSON: {body[:200]!r}"
    if status != 200 or doc.get("status") != "success":
        return 0, {}, f"HTTP {status}: {doc.get('errorType', '?')}: {doc.get('error', body[:200])}"
    data = doc["data"]
    kind, result = data["resultType"], data["result"]
    if kind == "vector":
        series = {json.dumps(r["metric"], sort_keys=True): [r["value"]] for r in result}
    elif kind == "matrix":
        series = {json.dumps(r["metric"], sort_keys=True): r["values"] for r in result}
    else:
        series = {"": [result]}
    return len(series), series, None


def differ(a, b):
    """First difference between two answers' values, or None. Both print values as decimals of
    the same float64 but may sum in another order, so values need only agree to 1e-9 relative."""
    for key, pa in a.items():
        pb = b[key]
        if len(pa) != len(pb):
            return f"{key}: {len(pa)} vs {len(pb)} points"
        for (ta, va), (tb, vb) in zip(pa, pb):
            fa, fb = float(va), float(vb)
            same = fa == fb or (math.isnan(fa) and math.isnan(fb)) or \
                abs(fa - fb) <= 1e-9 * max(abs(fa), abs(fb))
            if float(ta) != float(tb) or not same:
                return f"{key}: ({ta}, {va}) vs ({tb}, {vb})"
    return None


def pct(xs, p):
    """Nearest-rank percentile."""
    s = sorted(xs)
    return s[max(0, math.ceil(p / 100 * len(s)) - 1)]


def main():
    prom_url, vigil_url, end, hours, step, warmup, runs, raw_out = sys.argv[1:9]
    end, hours, step, warmup, runs = int(end), float(hours), int(step), int(warmup), int(runs)
    servers = [Server("vigil", vigil_url), Server("prometheus", prom_url)]
    qs = queries(end, hours, step)
    times = {(q[0], s.name): [] for q in qs for s in servers}
    first = {}  # (query, server) -> (series count, values by label set) of the first answer
    errors = []
    raw = open(raw_out, "w")
    raw.write("run\tquery\tserver\tseconds\tseries\n")
    total = warmup + runs
    t_start = time.time()
    for run in range(total):
        timed = run >= warmup
        order = servers if run % 2 == 0 else servers[::-1]
        for label, path, params in qs:
            for s in order:
                try:
                    secs, status, body = s.get(path, params)
                except OSError as e:
                    errors.append(f"{s.name}: {label}: {e}")
                    continue
                n, sets, err = answer(status, body)
                if err:
                    errors.append(f"{s.name}: {label}: {err}")
                    continue
                first.setdefault((label, s.name), (n, sets))
                if timed:
                    times[(label, s.name)].append(secs)
                    raw.write(f"{run - warmup}\t{label}\t{s.name}\t{secs:.6f}\t{n}\n")
        if errors:
            break
        print(f"run {run + 1}/{total} {'timed' if timed else 'warm-up'} done, "
              f"{time.time() - t_start:.0f} s", file=sys.stderr)
    raw.close()

    lines = ["| query | series | Prometheus median ms | Vigil median ms | ratio Vigil/Prometheus "
             "| Prometheus p90 ms | Vigil p90 ms |", "|---|---:|---:|---:|---:|---:|---:|"]
    warnings = []
    for label, _, _ in qs:
        p, v = times[(label, "prometheus")], times[(label, "vigil")]
        pa, va = first.get((label, "prometheus")), first.get((label, "vigil"))
        if pa and va and pa[0] != va[0]:
            warnings.append(f"WARNING: {label}: Prometheus answered {pa[0]} series, Vigil {va[0]}")
        elif pa and va and pa[1].keys() != va[1].keys():
            warnings.append(f"WARNING: {label}: same number of series ({pa[0]}) but different label sets")
        elif pa and va and differ(pa[1], va[1]):
            warnings.append(f"WARNING: {label}: values differ (Prometheus vs Vigil): {differ(pa[1], va[1])}")
        if not p or not v:
            lines.append(f"| `{label}` | | failed | failed | | | |")
            continue
        pm, vm = statistics.median(p) * 1e3, statistics.median(v) * 1e3
        series = pa[0] if pa else "?"
        lines.append(f"| `{label}` | {series} | {pm:.2f} | {vm:.2f} | {vm / pm:.2f} "
                     f"| {pct(p, 90) * 1e3:.2f} | {pct(v, 90) * 1e3:.2f} |")
    print("\n".join(lines + [""] + warnings + [f"ERROR: {e}" for e in errors]))
    if not warnings and not errors:
        print("check: both servers answered every request with status success, and their first "
              "answers to each query had the same series and values")
    sys.exit(1 if errors else 0)


if __name__ == "__main__":
    main()
