#!/usr/bin/env python3
"""Synthetic scrape targets for bench/ingest (stdlib only).

Serves N targets on 127.0.0.1, each on its own port, each exposing SERIES_PER_TARGET series in
Prometheus text format 0.0.4. Half the series are counters that increase, half gauges that move.
Values are a function of wall-clock time (not of the request), so two servers scraping the same
target at about the same time see about the same values. Everything except the values is
pre-rendered once; a rendering computes and formats the values with C-level map() calls (no
Python loop per series), so one core can serve a million series every few seconds.

usage: targets.py PORTFILE N SERIES_PER_TARGET
Binds N free ports on 127.0.0.1 and writes them, one per line, to PORTFILE once all listen.
"""
import math
import operator
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from itertools import repeat

FAMILY = 100  # series per metric family


def render_parts(target, n):
    """Returns (prefixes, rates, offsets): the static parts of one target's body, per series.

    A prefix is everything of a line before its value (with the family's HELP and TYPE lines
    in front of its first series); rates and offsets give each series its own values.
    """
    prefixes, rates, offsets = [], [], []
    for i in range(n):
        fam = i // FAMILY
        counter = fam % 2 == 0
        base = f"bench_{'requests' if counter else 'queue_depth'}_{fam}"
        head = ""
        if i % FAMILY == 0:
            head = f"# HELP {base} Synthetic series.\n# TYPE {base} {'counter' if counter else 'gauge'}\n"
        lbl = (f'{{path="/api/v{i % FAMILY}",method="{("GET", "POST", "PUT", "DELETE")[i % 4]}",'
               f'code="{(200, 404, 500)[i % 3]}",shard="{target}"}} ')
        prefixes.append(head + base + ("_total" if counter else "") + lbl)
        rates.append(1.0 + (i * 7919 % 1000) / 10.0)  # 1..101 per second
        offsets.append((i % 13) * 10.0)
    return prefixes, rates, offsets


class Target:
    def __init__(self, idx, n):
        prefixes, rates, offsets = render_parts(idx, n)
        # Families alternate counter, gauge, ...: keep them as slices so each is formatted
        # with one map() call.
        self.families = []
        for s in range(0, n, FAMILY):
            e = min(n, s + FAMILY)
            self.families.append(((s // FAMILY) % 2 == 0, prefixes[s:e], rates[s:e], offsets[s:e]))
        self.t0 = time.time() - 3600
        self.lock = threading.Lock()
        self.cache_t = None
        self.cache = b""

    def body(self):
        # Values change once per second, so two scrapers of the same target within one second
        # share one rendering; values still differ from scrape to scrape.
        now = int(time.time())
        with self.lock:
            if self.cache_t == now:
                return self.cache
            dt = now - self.t0
            wave = math.sin(dt / 97.0)
            level = dt % 17
            mul, add = operator.mul, operator.add
            counter_fmt, gauge_fmt = "{:.0f}\n".format, "{:.3f}\n".format
            parts = []
            for counter, prefixes, rates, offsets in self.families:
                if counter:  # increases by its rate per second
                    vals = map(counter_fmt, map(add, map(mul, rates, repeat(dt)), offsets))
                else:  # moves around its offset
                    vals = map(gauge_fmt, map(add, map(mul, rates, repeat(wave)), repeat(level)))
                parts.append("".join(map(add, prefixes, vals)))
            self.cache = "".join(parts).encode()
            self.cache_t = now
            return self.cache


def serve(target):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = "HTTP/1.1"

        def do_GET(self):
            if self.path.split("?")[0] != "/metrics":
                self.send_error(404)
                return
            b = target.body()
            self.send_response(200)
            self.send_header("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
            self.send_header("Content-Length", str(len(b)))
            self.end_headers()
            self.wfile.write(b)

        def log_message(self, *a):
            pass

    srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
    srv.daemon_threads = True
    threading.Thread(target=srv.serve_forever, daemon=True).start()
    return srv.server_address[1]


def main():
    portfile, n, per = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    ports = [serve(Target(i, per)) for i in range(n)]
    tmp = portfile + ".tmp"
    with open(tmp, "w") as f:
        f.write("".join(f"{p}\n" for p in ports))
    os.replace(tmp, portfile)
    while True:
        time.sleep(3600)


if __name__ == "__main__":
    main()
