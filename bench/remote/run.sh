#!/usr/bin/env bash
# Remote write throughput and cost: Vigil vs Prometheus, both scraping the same synthetic targets
# and remote-writing everything to the same receiver (a third process, Debian's Prometheus with
# --web.enable-remote-write-receiver). See bench/README.md ("remote/").
#
# Environment (defaults):
#   SERIES=100000   total series over all targets      TARGETS=10   number of targets
#   INTERVAL=15     scrape interval, seconds           WARMUP=30    seconds before the first reading
#   DURATION=300    measured window, seconds
#   VIGIL_JAVA_OPTS="-Xmx4g" + the launcher's options  PROMETHEUS=prometheus  VIGIL_JAR=server/target/vigil-server.jar
#   KEEP=0          1: keep the work dir
#   MODE=throughput throughput: steady state over DURATION; drain: a receiver outage instead
#   OUTAGE=60       drain mode: seconds the receiver is stopped while both senders keep scraping
#   DRAIN_TIMEOUT=600  drain mode: give up waiting for a sender to catch up after this many seconds
#   MAX_SHARDS=     queue_config.max_shards for both senders (unset: each one's default)
set -euo pipefail

SERIES=${SERIES:-100000}
TARGETS=${TARGETS:-10}
INTERVAL=${INTERVAL:-15}
WARMUP=${WARMUP:-30}
DURATION=${DURATION:-300}
PROMETHEUS=${PROMETHEUS:-prometheus}
KEEP=${KEEP:-0}
MODE=${MODE:-throughput}
OUTAGE=${OUTAGE:-60}
DRAIN_TIMEOUT=${DRAIN_TIMEOUT:-600}
case $MODE in throughput|drain) ;; *) echo "run.sh: MODE must be throughput or drain, not $MODE" >&2; exit 2;; esac

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"
# The launcher's JVM options (see ./vigil) and malloc arenas, with a 4 GiB heap limit.
VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:--Xmx4g $(launcher_opts)}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
VIGIL_JAR=${VIGIL_JAR:-$ROOT/server/target/vigil-server.jar}
PER=$((SERIES / TARGETS))

command -v "$PROMETHEUS" >/dev/null || { echo "run.sh: $PROMETHEUS not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 not found" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl not found" >&2; exit 1; }
if [[ ! -f $VIGIL_JAR ]]; then
  echo "building Vigil ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-remote.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

python3 "$HERE/../ingest/targets.py" "$WORK/ports" "$TARGETS" "$PER" &
PIDS+=("$!")
for _ in $(seq 100); do [[ -f $WORK/ports ]] && break; sleep 0.1; done
[[ -f $WORK/ports ]] || { echo "run.sh: targets did not start" >&2; exit 1; }
TARGET_LIST=$(sed 's/.*/"127.0.0.1:&"/' "$WORK/ports" | paste -sd, -)

R_PORT=$(free_port); P_PORT=$(free_port); V_PORT=$(free_port)
mkdir -p "$WORK/recv-data" "$WORK/prom-data" "$WORK/vigil-data"
# Each sender marks its series with an external label, so the receiver keeps both copies apart.
sender_config() { # name
  cat <<YML
global:
  scrape_interval: ${INTERVAL}s
  scrape_timeout: $(( INTERVAL < 10 ? INTERVAL : 10 ))s
  external_labels:
    sender: $1
scrape_configs:
  - job_name: bench
    static_configs:
      - targets: [${TARGET_LIST}]
remote_write:
  - url: http://127.0.0.1:${R_PORT}/api/v1/write
    name: bench
YML
  # The two default max_shards differently (Prometheus 2.42: 200; the reference and Vigil: 50).
  [[ -n ${MAX_SHARDS:-} ]] && printf '    queue_config:\n      max_shards: %s\n' "$MAX_SHARDS"
  return 0
}
sender_config prometheus > "$WORK/prometheus.yml"
sender_config vigil > "$WORK/vigil.yml"
printf 'global:\n  scrape_interval: 1h\n' > "$WORK/receiver.yml"

start_receiver() {
  "$PROMETHEUS" --config.file="$WORK/receiver.yml" --storage.tsdb.path="$WORK/recv-data" \
    --web.enable-remote-write-receiver --web.listen-address=127.0.0.1:$R_PORT \
    >>"$WORK/receiver.log" 2>&1 &
  RPID=$!; PIDS+=("$RPID")
}
wait_ready() { # port
  for _ in $(seq 600); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$1/-/ready" || true) == 200 ]] && return 0
    sleep 0.1
  done
  echo "run.sh: nothing ready on :$1 after 60 s" >&2; exit 1
}
start_receiver
"$PROMETHEUS" --config.file="$WORK/prometheus.yml" --storage.tsdb.path="$WORK/prom-data" \
  --web.listen-address=127.0.0.1:$P_PORT >"$WORK/prometheus.log" 2>&1 &
PPID_=$!; PIDS+=("$PPID_")
# shellcheck disable=SC2086
java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" --config.file="$WORK/vigil.yml" \
  --storage.tsdb.path="$WORK/vigil-data" --web.listen-address=127.0.0.1:$V_PORT \
  >"$WORK/vigil.log" 2>&1 &
VPID=$!; PIDS+=("$VPID")

for port in $R_PORT $P_PORT $V_PORT; do wait_ready "$port"; done
log "receiver :$R_PORT, prometheus :$P_PORT, vigil :$V_PORT; $SERIES series every ${INTERVAL}s; warm-up ${WARMUP}s"
sleep "$WARMUP"

# Sum of a metric family on a server's /metrics (all label sets).
metric() { # port name
  curl -s "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n || index($1, n "{") == 1 {s += $NF} END {printf "%.0f\n", s}'
}
if [[ $MODE == drain ]]; then
  . "$HERE/drain.sh"
  exit 0
fi
P_CPU0=$(cpu "$PPID_"); V_CPU0=$(cpu "$VPID")
P_S0=$(metric $P_PORT prometheus_remote_storage_samples_total)
V_S0=$(metric $V_PORT prometheus_remote_storage_samples_total)
T0=$(date +%s.%N)
sleep "$DURATION"
T1=$(date +%s.%N)
P_CPU1=$(cpu "$PPID_"); V_CPU1=$(cpu "$VPID")
P_S1=$(metric $P_PORT prometheus_remote_storage_samples_total)
V_S1=$(metric $V_PORT prometheus_remote_storage_samples_total)
P_FAIL=$(metric $P_PORT prometheus_remote_storage_samples_failed_total)
V_FAIL=$(metric $V_PORT prometheus_remote_storage_samples_failed_total)
P_PEND=$(metric $P_PORT prometheus_remote_storage_samples_pending)
V_PEND=$(metric $V_PORT prometheus_remote_storage_samples_pending)
P_RSS=$(rss "$PPID_"); V_RSS=$(rss "$VPID")

python3 - "$T0" "$T1" "$P_CPU0" "$P_CPU1" "$V_CPU0" "$V_CPU1" "$P_S0" "$P_S1" "$V_S0" "$V_S1" \
  "$P_FAIL" "$V_FAIL" "$P_PEND" "$V_PEND" "$P_RSS" "$V_RSS" <<'PY' | tee "$WORK/table.txt"
import sys
t0, t1, pc0, pc1, vc0, vc1, ps0, ps1, vs0, vs1, pf, vf, pp, vp, pr, vr = map(float, sys.argv[1:])
secs = t1 - t0
ps, vs = ps1 - ps0, vs1 - vs0
def per_m(cpu, n):
    return cpu / n * 1e6 if n else float("nan")
pcpm, vcpm = per_m(pc1 - pc0, ps), per_m(vc1 - vc0, vs)
print(f"window {secs:.1f} s")
print(f"{'':34}{'Prometheus':>14}{'Vigil':>14}{'Vigil/Prom':>12}")
rows = [
    ("samples sent/s", ps / secs, vs / secs),
    ("process CPU s per million sent", pcpm, vcpm),
    ("samples failed (total)", pf, vf),
    ("samples pending at the end", pp, vp),
    ("RSS MiB at the end", pr / 2**20, vr / 2**20),
]
for name, p, v in rows:
    ratio = v / p if p else float("nan")
    print(f"{name:34}{p:>14.2f}{v:>14.2f}{ratio:>12.2f}")
PY
log "receiver appended $(metric $R_PORT prometheus_tsdb_head_samples_appended_total) samples in all;" \
  "senders sent prometheus=$(printf '%.0f' "$P_S1") vigil=$(printf '%.0f' "$V_S1")"
grep -iE 'level=(warn|error)' "$WORK/prometheus.log" | tail -3 >&2 || true
grep -E ' (WARN|ERROR) ' "$WORK/vigil.log" | tail -3 >&2 || true
mkdir -p "$HERE/results"
cp "$WORK/table.txt" "$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt"
