#!/usr/bin/env python3
"""Turns JMH JSON results into the Markdown tables of README.md.

usage: table.py THROUGHPUT.json [GC.json]

Rows pair the vigil, clientJava and micrometer methods of one benchmark class with the same
thread count and parameters; ratios are computed from the same run.
"""
import json
import re
import sys

LIBS = ("vigil", "clientJava", "micrometer")


def si(x):
    if isinstance(x, str):  # JMH writes "NaN" for the error of a single iteration
        return x
    for factor, suffix in ((1e9, "G"), (1e6, "M"), (1e3, "k")):
        if abs(x) >= factor:
            return f"{x / factor:.2f} {suffix}"
    return f"{x:.1f}"


def key_of(entry):
    cls, method = entry["benchmark"].rsplit(".", 2)[-2:]
    m = re.fullmatch(r"(vigil|clientJava|micrometer)(\w*)", method)
    if not m:
        return None, None
    params = ",".join(f"{k}={v}" for k, v in sorted(entry.get("params", {}).items()))
    name = cls.removesuffix("Benchmark")
    return (name, entry["threads"], params), m.group(1)


def load(path):
    rows = {}
    with open(path) as f:
        for entry in json.load(f):
            key, lib = key_of(entry)
            if key:
                rows.setdefault(key, {})[lib] = entry
    return rows


def norm_alloc(entry):
    m = entry.get("secondaryMetrics", {}).get("gc.alloc.rate.norm")
    return None if m is None else m["score"]


def fmt_alloc(b):
    if b is None:
        return "n/a"
    if b < 0.5:
        return "0"
    return f"{b:,.0f}"


def label(key):
    name, threads, params = key
    extra = f" {params}" if params else ""
    return f"{name}{extra}, {threads} thread{'s' if threads > 1 else ''}"


def main():
    thr = load(sys.argv[1])
    gc = load(sys.argv[2]) if len(sys.argv) > 2 else {}
    print("| benchmark | Vigil ops/s | client_java ops/s | Micrometer ops/s "
          "| Vigil / client_java | Micrometer / client_java | Vigil B/op |")
    print("|---|---:|---:|---:|---:|---:|---:|")
    for key in sorted(thr):
        libs = thr[key]
        cells = []
        for lib in LIBS:
            e = libs.get(lib)
            if e is None:
                cells.append("n/a")
            else:
                pm = e["primaryMetric"]
                cells.append(f"{si(pm['score'])} ± {si(pm['scoreError'])}")

        def ratio(lib):
            a, b = libs.get(lib), libs.get("clientJava")
            if a is None or b is None:
                return "n/a"
            return f"{a['primaryMetric']['score'] / b['primaryMetric']['score']:.2f}×"

        alloc = fmt_alloc(norm_alloc(gc[key]["vigil"])) if "vigil" in gc.get(key, {}) else "n/a"
        print(f"| {label(key)} | {' | '.join(cells)} | {ratio('vigil')} | {ratio('micrometer')} "
              f"| {alloc} |")
    if gc:
        print()
        print("| benchmark | Vigil B/op | client_java B/op | Micrometer B/op |")
        print("|---|---:|---:|---:|")
        for key in sorted(gc):
            cells = [fmt_alloc(norm_alloc(gc[key][lib])) if lib in gc[key] else "n/a"
                     for lib in LIBS]
            print(f"| {label(key)} | {' | '.join(cells)} |")


if __name__ == "__main__":
    main()
