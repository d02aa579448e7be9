#!/usr/bin/env bash
# Rule evaluation benchmark: Vigil and Prometheus scrape the same synthetic targets (bench/ingest)
# and evaluate the same rule file, side by side in one run. See bench/README.md.
#
# Environment (defaults), besides bench/ingest/run.sh's:
#   SERIES=100000 TARGETS=10 INTERVAL=15 DURATION=300 WARMUP=60
#   RECORDING=1000 ALERTING=1000   rules of each kind (gen.py says what they compute)
#   GROUP_SIZE=100                 rules per group; groups run concurrently in both servers
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
RECORDING=${RECORDING:-1000}
ALERTING=${ALERTING:-1000}
GROUP_SIZE=${GROUP_SIZE:-100}
export SERIES=${SERIES:-100000} TARGETS=${TARGETS:-10} INTERVAL=${INTERVAL:-15}
export DURATION=${DURATION:-300} WARMUP=${WARMUP:-60} REPLAY=0
RULE_FILE=$(mktemp "${TMPDIR:-/tmp}/vigil-bench-rules.XXXXXX.yml")
trap 'rm -f "$RULE_FILE"' EXIT
python3 "$HERE/gen.py" "$RULE_FILE" "$SERIES" "$RECORDING" "$ALERTING" "$GROUP_SIZE"
echo "rules: $RECORDING recording + $ALERTING alerting in groups of $GROUP_SIZE over $SERIES series" >&2
RESULTS=$HERE/results RULES=$RULE_FILE "$HERE/../ingest/run.sh"
