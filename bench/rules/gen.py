#!/usr/bin/env python3
"""Writes the rule file for bench/rules: recording and alerting rules over bench/ingest's targets.

usage: gen.py OUT SERIES RECORDING ALERTING GROUP_SIZE

bench/ingest/targets.py serves SERIES series in families of 100 (each family once per target
shard), alternating a counter family bench_requests_<k>_total and a gauge family
bench_queue_depth_<k>. Rule i works on family i mod families, so with 1,000 rules of each kind
over 100,000 series every series is read by one recording and one alerting rule per evaluation.
About a tenth of the alerts fire (their thresholds sit inside the values' range), so alert state,
ALERTS series and templates are part of the cost, as in a real rule set.
"""
import sys

out, series, recording, alerting, group_size = sys.argv[1], *map(int, sys.argv[2:6])
families = max(1, series // 100)


def family(i):
    k = i % families
    return k, k % 2 == 0


rules = []
for i in range(recording):
    k, counter = family(i)
    if counter:
        expr = f"sum by (method, code) (rate(bench_requests_{k}_total[1m]))"
    else:
        expr = f"avg by (method) (bench_queue_depth_{k})"
    rules.append(f"  - record: bench:family_{i}:agg\n    expr: {expr}\n")
for i in range(alerting):
    k, counter = family(i)
    if counter:
        expr = f"rate(bench_requests_{k}_total[1m]) > 92"
    else:
        expr = f"bench_queue_depth_{k} > 118"
    rules.append(
        f"  - alert: BenchAlert{i}\n    expr: {expr}\n    for: 30s\n"
        f"    labels:\n      severity: {'page' if i % 2 else 'ticket'}\n"
        f"    annotations:\n"
        f"      summary: \"{{{{ $labels.path }}}} on shard {{{{ $labels.shard }}}} is {{{{ $value | humanize }}}}\"\n")

with open(out, "w") as f:
    f.write("groups:\n")
    for g in range(0, len(rules), group_size):
        f.write(f"- name: bench_{g // group_size}\n  rules:\n")
        for r in rules[g:g + group_size]:
            f.write("  " + r.replace("\n    ", "\n      ").replace("\n      ", "\n      "))
