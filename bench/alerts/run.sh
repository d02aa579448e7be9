#!/usr/bin/env bash
# Notification throughput benchmark: Debian's Alertmanager and Vigil's alert handling
# (`vigil-server.jar alertmanager`) take the same alert load through the same routing tree and
# grouping to the same webhook receiver, one after the other in one run. See bench/README.md.
#
# Environment (defaults):
#   RATE=10000        alerts per second posted to each
#   DURATION=60       seconds of load for each
#   DISTINCT=100000   distinct alerts cycled through (100 alert names x 1,000 instances)
#   BATCH=1000        alerts per POST
#   VIGIL_JAVA_OPTS="-Xmx2g"   ALERTMANAGER=prometheus-alertmanager (or alertmanager)
#   VIGIL_JAR=server/target/vigil-server.jar   KEEP=0
set -euo pipefail
RATE=${RATE:-10000}
DURATION=${DURATION:-60}
DISTINCT=${DISTINCT:-100000}
BATCH=${BATCH:-1000}
VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:--Xmx2g}
KEEP=${KEEP:-0}
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"
VIGIL_JAR=${VIGIL_JAR:-$ROOT/server/target/vigil-server.jar}
ALERTMANAGER=${ALERTMANAGER:-$(command -v alertmanager || command -v prometheus-alertmanager || true)}
[[ -n $ALERTMANAGER ]] || { echo "run.sh: no alertmanager binary (apt-get install prometheus-alertmanager)" >&2; exit 1; }
[[ -f $VIGIL_JAR ]] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-alerts.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
wait_ready() { # port pid
  for _ in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/-/ready" || true) == 200 ]] && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}

python3 "$HERE/receiver.py" "$WORK/rport" & PIDS+=($!)
for _ in $(seq 100); do [[ -s $WORK/rport ]] && break; sleep 0.1; done
RPORT=$(cat "$WORK/rport")

config() { # path-suffix -> alertmanager.yml text
  cat <<YML
route:
  receiver: tickets
  group_by: [alertname, cluster]
  group_wait: 1s
  group_interval: 5s
  repeat_interval: 1h
  routes:
    - matchers: ['severity="page"']
      receiver: pages
      group_by: [alertname, cluster, instance]
    - matchers: ['alertname=~"BenchAlert9.*"']
      receiver: tickets
      continue: true
inhibit_rules:
  - source_matchers: ['alertname="BenchAlert0"', 'severity="page"']
    target_matchers: ['severity="ticket"']
    equal: [cluster]
receivers:
  - name: pages
    webhook_configs: [{url: 'http://127.0.0.1:$RPORT/$1/pages'}]
  - name: tickets
    webhook_configs: [{url: 'http://127.0.0.1:$RPORT/$1/tickets'}]
YML
}

STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$HERE/results"
OUT="$HERE/results/$STAMP.txt"
{
  echo "# bench/alerts $STAMP"
  echo "host: $(uname -srm); cpus: $(nproc); cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "alertmanager: $("$ALERTMANAGER" --version 2>&1 | head -1)"
  echo "java: $(java -version 2>&1 | head -1); VIGIL_JAVA_OPTS: $VIGIL_JAVA_OPTS"
  echo "vigil: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?')"
  echo "RATE=$RATE alerts/s DURATION=${DURATION}s DISTINCT=$DISTINCT BATCH=$BATCH"
} | tee "$OUT"

run_one() { # name -> "name load-json cpu rss notifications alerts"
  local name=$1 port pid c0 c1 load
  port=$(free_port)
  mkdir -p "$WORK/$name"
  config "$name" > "$WORK/$name/alertmanager.yml"
  if [[ $name == alertmanager ]]; then
    "$ALERTMANAGER" --config.file="$WORK/$name/alertmanager.yml" --storage.path="$WORK/$name/data" \
      --web.listen-address=127.0.0.1:$port --cluster.listen-address= >"$WORK/$name.log" 2>&1 &
  else
    # shellcheck disable=SC2086
    java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" alertmanager --config.file="$WORK/$name/alertmanager.yml" \
      --storage.path="$WORK/$name/data" --web.listen-address=127.0.0.1:$port >"$WORK/$name.log" 2>&1 &
  fi
  pid=$!; PIDS+=("$pid")
  wait_ready "$port" "$pid" || { echo "$name did not become ready:" >&2; tail -20 "$WORK/$name.log" >&2; exit 1; }
  log "$name ready on $port; warming up 10 s, then $DURATION s at $RATE alerts/s"
  python3 "$HERE/load.py" "http://127.0.0.1:$port" "$RATE" 10 "$DISTINCT" "$BATCH" >/dev/null
  c0=$(cpu "$pid")
  load=$(python3 "$HERE/load.py" "http://127.0.0.1:$port" "$RATE" "$DURATION" "$DISTINCT" "$BATCH")
  c1=$(cpu "$pid")
  sleep 7 # one group_interval and a bit, so the last flushes land
  { echo "$name at end:"; curl -s "http://127.0.0.1:$port/metrics" | grep -E \
      '^(alertmanager_dispatcher_aggregation_groups|alertmanager_alerts\{|vigil_alertmanager_[a-z_]*refused_total)' \
      | sed 's/^/  /'; } | tee -a "$OUT" >&2
  echo "$name $load $(echo "$c1 - $c0" | bc -l) $(rss "$pid") $(curl -s "http://127.0.0.1:$RPORT/" )" >>"$WORK/rows"
  kill "$pid"; wait "$pid" 2>/dev/null || true
}
run_one alertmanager
run_one vigil

python3 - "$WORK/rows" "$OUT" <<'PY'
import json, sys
rows = {}
for line in open(sys.argv[1]):
    name, rest = line.split(" ", 1)
    dec = json.JSONDecoder()
    load, i = dec.raw_decode(rest)
    cpu, rss, tail = rest[i:].split(None, 2)
    counts = json.loads(tail)
    rows[name] = dict(load=load, cpu=float(cpu), rss=int(rss), counts=counts)
a, v = rows["alertmanager"], rows["vigil"]
def notes(r, name):
    return sum(n for p, n in r["counts"]["by_path"].items() if p.startswith("/" + name + "/"))
an, vn = notes(a, "alertmanager"), notes(v, "vigil")
lines = ["", "## results (ratio = Vigil / Alertmanager)", "",
         "| metric | Alertmanager | Vigil | ratio |", "|---|---:|---:|---:|"]
def row(name, x, y, fmt):
    lines.append(f"| {name} | {fmt.format(x)} | {fmt.format(y)} | {y / x if x else float('nan'):.2f} |")
row("alerts accepted per second", a["load"]["alerts_per_s"], v["load"]["alerts_per_s"], "{:,.0f}")
row("POST errors", a["load"]["errors"], v["load"]["errors"], "{:,.0f}")
row("POST latency p50 (ms)", a["load"]["p50_ms"], v["load"]["p50_ms"], "{:,.2f}")
row("POST latency p99 (ms)", a["load"]["p99_ms"], v["load"]["p99_ms"], "{:,.2f}")
row("CPU s per 100k alerts", a["cpu"] / a["load"]["alerts_sent"] * 1e5, v["cpu"] / v["load"]["alerts_sent"] * 1e5, "{:,.2f}")
row("RSS at end (MiB)", a["rss"] / 2**20, v["rss"] / 2**20, "{:,.1f}")
row("webhook notifications received", an, vn, "{:,.0f}")
text = "\n".join(lines) + "\n"
print(text, end="")
open(sys.argv[2], "a").write(text)
PY
