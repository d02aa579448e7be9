#!/usr/bin/env python3
"""Writes an OpenMetrics file of web-service history for bench/promql (stdlib only).

Instances host-0:8080, host-1:8080, ... belong to 10 jobs (round robin). Each instance has
  - http_requests_total{job,instance,method,status}: 4 methods x 3 statuses = 12 counters,
  - process_resident_memory_bytes and http_requests_in_flight: 2 gauges,
  - every fourth instance also a classic histogram http_request_duration_seconds with 11
    bounded buckets and +Inf (+ _sum and _count): 14 series,
so 17.5 series per instance on average; instances are added until SERIES is reached (the last
one may overshoot by a few series). Samples are 15 s apart, each instance's 1 to 14 s before the
15 s grid that ends at END (unix seconds), so a server that loads the blocks sees the data as
recent, and no sample sits on the edge of a [5m] window of a query on that grid: there
Prometheus 2.x (closed windows) and 3.x (left-open windows) would count different samples. Output is deterministic for a given
END and seed. The instance names make host-1.* match about 44% of the instances (host-1,
host-10..19, host-100..199, ...) once there are more than a hundred.

usage: gen.py OUT SERIES HOURS END [SEED]
Prints a one-line JSON summary (series per family, samples, first and last timestamp) to stdout.
"""
import json
import random
import sys

INTERVAL = 15
JOBS = ["api", "auth", "billing", "cart", "catalog", "checkout", "search", "shipping", "users", "web"]
METHODS = [("GET", 1.0), ("POST", 0.3), ("PUT", 0.1), ("DELETE", 0.05)]
STATUSES = [("200", 1.0), ("404", 0.05), ("500", 0.01)]
BUCKETS = ["0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10"]
# Share of requests falling in each bucket (not cumulative), the last entry beyond 10 s.
SHARE = [0.02, 0.05, 0.13, 0.2, 0.25, 0.2, 0.08, 0.04, 0.02, 0.007, 0.002, 0.001]
MIDPOINT = [0.003, 0.008, 0.018, 0.038, 0.075, 0.17, 0.37, 0.75, 1.7, 3.7, 7.5, 12.0]
PER_INSTANCE = len(METHODS) * len(STATUSES) + 2  # counters and gauges
HISTOGRAM_SERIES = len(BUCKETS) + 1 + 2  # buckets with +Inf, _sum, _count


def labels(i):
    return f'job="{JOBS[i % len(JOBS)]}",instance="host-{i}:8080"'


def shifted(grid, i):
    """The instance's own timestamps: a scrape offset of 1..14 s, never 0 (see above)."""
    off = 1 + i * 5 % (INTERVAL - 1)
    return [t - off for t in grid]


def has_histogram(i):
    return i % 4 == 0


def instance_count(series):
    n = total = 0
    while total < series:
        total += PER_INSTANCE + (HISTOGRAM_SERIES if has_histogram(n) else 0)
        n += 1
    return n


def write_series(out, prefix, values, stamps):
    # One join per series keeps the per-sample work in C.
    out.write("".join(map("{} {} {}\n".format, [prefix] * len(values), values, stamps)))


def counters(out, n, grid, seed):
    out.write("# TYPE http_requests counter\n# HELP http_requests Requests served.\n")
    for i in range(n):
        base, stamps = labels(i), shifted(grid, i)
        for method, mw in METHODS:
            for status, sw in STATUSES:
                rng = random.Random(f"{seed}/req/{i}/{method}/{status}")
                per_step = 20.0 * mw * sw * INTERVAL * rng.uniform(0.5, 2.0)
                v = rng.randrange(10**6)
                values = []
                for _ in stamps:
                    v += int(per_step * (0.5 + rng.random()))
                    values.append(v)
                write_series(out, f'http_requests_total{{{base},method="{method}",status="{status}"}}',
                             values, stamps)


def histograms(out, n, grid, seed):
    out.write("# TYPE http_request_duration_seconds histogram\n"
              "# HELP http_request_duration_seconds Request latency.\n")
    count = 0
    for i in range(n):
        if not has_histogram(i):
            continue
        count += 1
        stamps = shifted(grid, i)
        rng = random.Random(f"{seed}/hist/{i}")
        rate = 30.0 * INTERVAL * rng.uniform(0.5, 2.0)
        slow = rng.uniform(0.8, 1.5)  # shifts this instance's latencies up or down
        share = [s * (slow ** k) for k, s in enumerate(SHARE)]
        cum = [0] * len(share)
        total_sum = 0.0
        rows = [[] for _ in range(len(share) + 1)]  # cumulative buckets (+Inf last), then _sum
        for _ in stamps:
            n_req = rate * (0.5 + rng.random())
            running = 0
            for k, s in enumerate(share):
                inc = int(n_req * s * (0.7 + 0.6 * rng.random()))
                total_sum += inc * MIDPOINT[k]
                cum[k] += inc
                running += cum[k]
                rows[k].append(running)
            rows[-1].append(round(total_sum, 3))
        # rows[k] sums the running totals of buckets 0..k, so it grows with le and with time;
        # the +Inf row is also the _count. OpenMetrics wants each point's samples together
        # (buckets in le order, then _count and _sum), so lines go out point by point.
        base = labels(i)
        names = [f'http_request_duration_seconds_bucket{{{base},le="{le}"}} ' for le in BUCKETS + ["+Inf"]]
        names.append(f"http_request_duration_seconds_count{{{base}}} ")
        names.append(f"http_request_duration_seconds_sum{{{base}}} ")
        cols = rows[:-1] + [rows[-2], rows[-1]]
        lines = []
        for s, ts in enumerate(stamps):
            tail = f" {ts}\n"
            lines.extend(name + str(col[s]) + tail for name, col in zip(names, cols))
        out.write("".join(lines))
    return count


def gauges(out, n, grid, seed):
    out.write("# TYPE process_resident_memory_bytes gauge\n")
    for i in range(n):
        stamps = shifted(grid, i)
        rng = random.Random(f"{seed}/rss/{i}")
        level = rng.randrange(200, 800) << 20
        v, values = level, []
        for _ in stamps:
            v = max(64 << 20, v + int(rng.gauss(0, 4 << 20)) - (v - level) // 16) // 4096 * 4096
            values.append(v)
        write_series(out, f"process_resident_memory_bytes{{{labels(i)}}}", values, stamps)
    out.write("# TYPE http_requests_in_flight gauge\n")
    for i in range(n):
        rng = random.Random(f"{seed}/inflight/{i}")
        stamps = shifted(grid, i)
        write_series(out, f"http_requests_in_flight{{{labels(i)}}}",
                     [rng.randrange(0, 40) for _ in stamps], stamps)


def main():
    if len(sys.argv) < 5:
        sys.exit("usage: gen.py OUT SERIES HOURS END [SEED]")
    out_path, series, hours, end = sys.argv[1], int(sys.argv[2]), float(sys.argv[3]), int(sys.argv[4])
    seed = int(sys.argv[5]) if len(sys.argv) > 5 else 1
    steps = int(hours * 3600 // INTERVAL)
    if series < 1 or steps < 1:
        sys.exit("gen.py: SERIES and HOURS must be positive")
    grid = [end - (steps - 1 - s) * INTERVAL for s in range(steps)]
    n = instance_count(series)
    with open(out_path, "w", buffering=1 << 20) as out:
        counters(out, n, grid, seed)
        h = histograms(out, n, grid, seed)
        gauges(out, n, grid, seed)
        out.write("# EOF\n")
    fam = {"http_requests_total": n * len(METHODS) * len(STATUSES),
           "http_request_duration_seconds": h * HISTOGRAM_SERIES, "gauges": 2 * n}
    total = sum(fam.values())
    print(json.dumps({"instances": n, "histogram_instances": h, "series": total, "families": fam,
                      "samples_per_series": steps, "samples": total * steps,
                      "first": grid[0] - (INTERVAL - 1), "last": grid[-1] - 1}))


if __name__ == "__main__":
    main()
