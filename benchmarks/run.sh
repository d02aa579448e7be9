#!/usr/bin/env bash
# Builds benchmarks/target/benchmarks.jar and runs the full set twice: once for throughput, once
# with JMH's GC profiler for allocated bytes per operation. Writes JSON (and the logs, the machine
# description and the Markdown table) to benchmarks/results/, which git ignores.
#
#   benchmarks/run.sh                 # the settings of README.md (about 16 minutes)
#   JMH_OPTS="-f 1 -wi 1 -w 1s -i 2 -r 1s" benchmarks/run.sh    # a quick look
#   benchmarks/run.sh 'Histogram'    # only benchmarks matching a regex
#
# Run it on an otherwise idle machine: the 2-thread benchmarks need both cores.
set -euo pipefail

cd "$(dirname "$0")/.."
JMH_OPTS=${JMH_OPTS:-"-f 1 -wi 3 -w 2s -i 5 -r 2s"}
results=benchmarks/results
stamp=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$results"

./mvnw -B -q -pl benchmarks -am package -Dmaven.test.skip=true

{
  echo "date: $(date -u +%Y-%m-%dT%H:%M:%SZ)"
  echo "commit: $(git rev-parse --short HEAD 2>/dev/null || echo unknown)$([ -z "$(git status --porcelain -- client-sdk 2>/dev/null)" ] || echo ' + uncommitted client-sdk changes')"
  echo "nproc: $(nproc)"
  echo "cpu: $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2- | sed 's/^ *//')"
  echo "memory: $(free -h | awk '/^Mem:/ {print $2}')"
  echo "java: $(java -version 2>&1 | tr '\n' ' ')"
  echo "jmh options: $JMH_OPTS"
} > "$results/$stamp-machine.txt"
cat "$results/$stamp-machine.txt"

# Other work on the machine skews the results (the 2-thread rows first): keep a trace of the load.
while sleep 10; do echo "$(date -u +%T) $(cut -d' ' -f1-3 /proc/loadavg)"; done \
  > "$results/$stamp-loadavg.txt" &
sampler=$!
trap 'kill "$sampler" 2>/dev/null' EXIT

jar=benchmarks/target/benchmarks.jar
# shellcheck disable=SC2086 # JMH_OPTS is a list of options.
java -jar "$jar" $JMH_OPTS -rf json -rff "$results/$stamp-throughput.json" "$@" \
  | tee "$results/$stamp-throughput.log"
# shellcheck disable=SC2086
java -jar "$jar" $JMH_OPTS -prof gc -rf json -rff "$results/$stamp-gc.json" "$@" \
  | tee "$results/$stamp-gc.log"

python3 benchmarks/table.py "$results/$stamp-throughput.json" "$results/$stamp-gc.json" \
  | tee "$results/$stamp-table.md"
