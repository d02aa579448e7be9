#!/usr/bin/env python3
"""Sizes of the blocks in a data directory, for bench/backfill (stdlib only).

Counts every block directory (one with a meta.json), Prometheus's or Vigil's: samples from
meta.json's stats.numSamples, bytes of chunks/, of index, and of the whole directory (meta.json,
tombstones), and chunks per encoding byte (read from the chunk segments: Prometheus's
0x85BD40DD and Vigil's "VCHK" layouts both put it right after each chunk's uvarint length).
Prints one JSON object.

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


PROM_MAGIC = bytes.fromhex("85bd40dd")
VIGIL_MAGIC = b"VCHK"
NAMES = {"prom": {1: "XOR", 2: "histogram", 3: "float-histogram"}, "vigil": {1: "XOR", 2: "PACKED"}}


def count_encodings(chunks_dir, counts):
    for seg in sorted(os.listdir(chunks_dir)):
        with open(os.path.join(chunks_dir, seg), "rb") as f:
            b = f.read()
        kind = "prom" if b[:4] == PROM_MAGIC else "vigil" if b[:4] == VIGIL_MAGIC else None
        if kind is None:
            raise SystemExit(f"{seg}: unknown chunk segment magic {b[:4].hex()}")
        pos = 8
        while pos < len(b):
            n, shift = 0, 0
            while True:
                x = b[pos]
                pos += 1
                n |= (x & 0x7F) << shift
                shift += 7
                if x < 0x80:
                    break
            if n == 0:
                break  # zero padding at the end of a segment
            name = NAMES[kind].get(b[pos], f"0x{b[pos]:02x}")
            counts[name] = counts.get(name, 0) + 1
            # Prometheus's length excludes the encoding byte; Vigil's includes it.
            pos += n + (1 if kind == "prom" else 0) + 4


def main():
    data = sys.argv[1]
    out = {"blocks": 0, "series_max": 0, "samples": 0, "chunks": 0, "total_bytes": 0,
           "chunk_bytes": 0, "index_bytes": 0, "encodings": {}}
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
        count_encodings(os.path.join(d, "chunks"), out["encodings"])
    json.dump(out, sys.stdout)
    print()


if __name__ == "__main__":
    main()
