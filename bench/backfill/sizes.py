#!/usr/bin/env python3
"""Sizes of the blocks in a data directory, for bench/backfill (stdlib only).

Counts every block directory (one with a meta.json), Prometheus's or Vigil's: samples from
meta.json's stats.numSamples, bytes of chunks/, of index, and of the whole directory (meta.json,
tombstones). Prints one JSON object.

usage: sizes.py DATA_DIR
"""
import json
import os
import sys


def tree_bytes(p):
    if os.path.isfile(p):
        return os.path.getsize(p)
    total = 0
    for root, _, files in os.walk(p):
        total += sum(os.path.getsize(os.path.join(root, f)) for f in files)
    return total


def main():
    data = sys.argv[1]
    out = {"blocks": 0, "series_max": 0, "samples": 0, "chunks": 0, "total_bytes": 0,
           "chunk_bytes": 0, "index_bytes": 0}
    for name in sorted(os.listdir(data)):
        d = os.path.join(data, name)
        meta = os.path.join(d, "meta.json")
        if not os.path.isfile(meta):
            continue
        with open(meta) as f:
            stats = json.load(f)["stats"]
        out["blocks"] += 1
        out["series_max"] = max(out["series_max"], stats["numSeries"])
        out["samples"] += stats["numSamples"]
        out["chunks"] += stats["numChunks"]
        out["total_bytes"] += tree_bytes(d)
        out["chunk_bytes"] += tree_bytes(os.path.join(d, "chunks"))
        out["index_bytes"] += tree_bytes(os.path.join(d, "index"))
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
