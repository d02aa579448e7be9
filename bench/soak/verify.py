#!/usr/bin/env python3
"""Checks a soak run through queries and prints the summary table (bench/soak/run.sh calls it).

usage: verify.py A_PORT B_PORT START STOP TARGETS INTERVAL KILLS FILLS OUTAGES POLLED
                 POLL_FAILED TMPFS "RSS_MB..."

Every sample A stored in [START, STOP] must be in B with the same value (remote write lost
nothing), B must hold nothing A does not, and B's appended-samples counter must equal what it
stores (nothing arrived twice: B only ever hangs, it is never restarted, so its counter covers
the whole run).
"""
import json
import sys
import urllib.parse
import urllib.request

(a_port, b_port, start, stop, targets, interval, kills, fills, outages, polled, poll_failed,
 tmpfs) = map(int, sys.argv[1:13])
rss = [int(x) for x in sys.argv[13].split()] if len(sys.argv) > 13 and sys.argv[13] else []
window = stop - start


def query(port, q, t=None):
    params = {"query": q, "time": str(t if t is not None else stop)}
    url = f"http://127.0.0.1:{port}/api/v1/query?" + urllib.parse.urlencode(params)
    with urllib.request.urlopen(url, timeout=120) as r:
        body = json.load(r)
    if body["status"] != "success":
        raise SystemExit(f"query {q} on :{port} failed: {body}")
    return body["data"]["result"]


def samples(port, selector):
    """(labels, t) -> value for every raw sample of the selector in the window."""
    out = {}
    for s in query(port, f"{selector}[{window}s]"):
        key = tuple(sorted(s["metric"].items()))
        for t, v in s["values"]:
            out[(key, t)] = v
    return out


def scalar(port, q):
    r = query(port, q)
    return float(r[0]["value"][1]) if r else 0.0


checked = missing = extra = differ = 0
selectors = ['{__name__=~".+",shard="%d"}' % i for i in range(targets)]
selectors.append('{__name__=~".+",shard=""}')  # rule results, up, scrape reports
for sel in selectors:
    a = samples(a_port, sel)
    b = samples(b_port, sel)
    checked += len(a)
    for k, v in a.items():
        if k not in b:
            missing += 1
        elif b[k] != v:
            differ += 1
    extra += sum(1 for k in b if k not in a)

# Everything B holds (the window starts before B did), against what it says it appended.
b_total = sum(len(samples(b_port, sel)) for sel in selectors)
b_appended = scalar(b_port, 'sum(prometheus_tsdb_head_samples_appended_total)')
twice = max(0, int(b_appended - b_total))

rows = [
    ("soak window", f"{window} s"),
    ("load", f"{targets} targets, every {interval} s, rules evaluated, remote write to B, "
             f"API polled {polled} times"),
    ("API failures while A was up", str(poll_failed)),
    ("faults: A SIGKILLed and restarted", str(kills)),
    ("faults: A's disk filled", str(fills) if tmpfs else "skipped (needs root for tmpfs)"),
    ("faults: receiver B hung", str(outages)),
    ("samples checked in B (every series A stored)", f"{checked:,}"),
    ("samples lost (in A, not in B)", str(missing)),
    ("samples with another value in B", str(differ)),
    ("samples in B that A does not have", str(extra)),
    ("samples B received twice", str(twice)),
    ("A's RSS before each kill and at the end, MiB", " ".join(map(str, rss)) or "n/a"),
]
w = max(len(r[0]) for r in rows)
print()
print(f"| {'check'.ljust(w)} | result |")
print(f"|{'-' * (w + 2)}|--------|")
for k, v in rows:
    print(f"| {k.ljust(w)} | {v} |")
ok = missing == 0 and differ == 0 and extra == 0 and twice == 0
print()
print("RESULT:", "PASS (goal: 0 lost, 0 twice)" if ok else "FAIL")
sys.exit(0 if ok else 1)
