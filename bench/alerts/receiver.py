#!/usr/bin/env python3
"""Webhook receiver for bench/alerts: counts notifications and the alerts in them.

usage: receiver.py PORTFILE   (binds a free port on 127.0.0.1, writes it to PORTFILE)
GET /count answers {"notifications": N, "alerts": M, "by_path": {...}}.
"""
import json
import sys
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

lock = threading.Lock()
counts = {"notifications": 0, "alerts": 0, "by_path": {}}


class Handler(BaseHTTPRequestHandler):
    def do_POST(self):
        body = self.rfile.read(int(self.headers.get("Content-Length", 0)))
        n = len(json.loads(body).get("alerts", []))
        with lock:
            counts["notifications"] += 1
            counts["alerts"] += n
            counts["by_path"][self.path] = counts["by_path"].get(self.path, 0) + 1
        self.send_response(200)
        self.end_headers()

    def do_GET(self):
        with lock:
            out = json.dumps(counts).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(out)

    def log_message(self, *args):
        pass


srv = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
with open(sys.argv[1], "w") as f:
    f.write(str(srv.server_address[1]))
srv.serve_forever()
