#!/usr/bin/env python3
"""Synthetic scrape targets for bench/ingest (stdlib only).

Serves N targets on 127.0.0.1, each on its own port, each exposing SERIES_PER_TARGET series in
Prometheus text format 0.0.4. Half the series are counters that increase, half gauges that move.
Values are a function of wall-clock time (not of the request), so two servers scraping the same
target at about the same time see about the same values. Everything except the values is
pre-rendered once; a scrape only formats numbers and joins.

usage: targets.py PORTFILE N SERIES_PER_TARGET
Binds N free ports on 127.0.0.1 and writes them, one per line, to PORTFILE once all listen.
"""
import math
import os
import sys
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

FAMILY = 100  # series per metric family


def render_parts(target, n):
    """Returns (header_lines, prefixes, rates, kinds): the static parts of one target's body."""
    prefixes, rates, kinds = [], [], []
    out_help = []
    for i in range(n):
        fam = i // FAMILY
        counter = fam % 2 == 0
        name = f"bench_{'requests' if counter else 'queue_depth'}_{fam}" + ("_total" if counter else "")
        if i % FAMILY == 0:
            base = name[:-6] if counter else name
            out_help.append((len(prefixes), f"# HELP {base} Synthetic series.\n# TYPE {base} {'counter' if counter else 'gauge'}\n"))
        lbl = (f'{{path="/api/v{i % FAMILY}",method="{("GET", "POST", "PUT", "DELETE")[i % 4]}",'
               f'code="{(200, 404, 500)[i % 3]}",shard="{target}"}} ')
        prefixes.append(name + lbl)
        rates.append(1.0 + (i * 7919 % 1000) / 10.0)  # 1..101 per second
        kinds.append(counter)
    return out_help, prefixes, rates, kinds


class Target:
    def __init__(self, idx, n):
        helps, self.prefixes, self.rates, self.kinds = render_parts(idx, n)
        self.help_at = dict(helps)
        self.t0 = time.time() - 3600
        self.lock = threading.Lock()
        self.cache_t = None
        self.cache = b""

    def body(self):
        # Values change once per second (a scrape interval is 15s), so two scrapers of the same
        # target within one second share one rendering; values still differ from scrape to scrape.
        now = int(time.time())
        with self.lock:
            if self.cache_t == now:
                return self.cache
            dt = now - self.t0
            parts = []
            help_at = self.help_at
            for i, (p, r, c) in enumerate(zip(self.prefixes, self.rates, self.kinds)):
                h = help_at.get(i)
                if h:
                    parts.append(h)
                if c:
                    parts.append(f"{p}{int(r * dt + (i % 13) * math.sin(dt / 60.0) ** 2)}\n")
                else:
                    parts.append(f"{p}{r * math.sin(dt / 97.0 + i) + (dt % 17):.3f}\n")
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
