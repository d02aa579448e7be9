#!/usr/bin/env bash
# Side-by-side PromQL latency benchmark: the same backfilled history served by Prometheus and by
# the Vigil server, the same queries timed against both over HTTP. See bench/README.md.
#
# Environment (defaults):
#   SERIES=10000         series to generate (counters, a classic histogram, gauges; see gen.py)
#   HOURS=6              hours of history at a 15 s interval, ending at the start of the run
#   WARMUP=5             untimed runs of every query on each server first
#   RUNS=30              timed runs of every query on each server
#   STEP=15              range query step in seconds (raised if the range would exceed 11,000 points)
#   SEED=1               data generator seed
#   VIGIL_JAVA_OPTS="-Xmx4g"   JVM options for Vigil (default G1 collector)
#   PROMETHEUS=prometheus  PROMTOOL=promtool   the Prometheus binaries
#   VIGIL_JAR=server/target/vigil-server.jar  (built with ./mvnw -B -q -DskipTests package if missing)
#   KEEP=0               1: keep the work dir (input file, data dirs, logs) instead of deleting it
#
# Smoke test (under 2 minutes): SERIES=200 HOURS=1 RUNS=3 bench/promql/run.sh
set -euo pipefail

SERIES=${SERIES:-10000}
HOURS=${HOURS:-6}
WARMUP=${WARMUP:-5}
RUNS=${RUNS:-30}
STEP=${STEP:-15}
SEED=${SEED:-1}
VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:--Xmx4g}
PROMETHEUS=${PROMETHEUS:-prometheus}
PROMTOOL=${PROMTOOL:-promtool}
KEEP=${KEEP:-0}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"
VIGIL_JAR=${VIGIL_JAR:-$ROOT/server/target/vigil-server.jar}

[[ $HOURS =~ ^[1-9][0-9]*$ ]] || { echo "run.sh: HOURS must be a whole number of hours" >&2; exit 1; }
for tool in "$PROMETHEUS" "$PROMTOOL"; do
  command -v "$tool" >/dev/null || { echo "run.sh: $tool not found (apt-get install prometheus)" >&2; exit 1; }
done
command -v python3 >/dev/null || { echo "run.sh: python3 not found" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl not found" >&2; exit 1; }
if [[ ! -f $VIGIL_JAR ]]; then
  echo "building Vigil ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

# Both servers size their largest compacted block as a tenth of the retention (capped at 31 d).
# Under 60 h that is below 6 h, so neither merges the backfilled 2 h blocks while queries are
# being timed; longer histories need a longer retention and may see a compaction (reported).
if (( HOURS <= 48 )); then RETENTION=59h; else RETENTION=$(( HOURS * 2 ))h; fi
# Prometheus refuses range queries of more than 11,000 points per series.
while (( HOURS * 3600 / STEP + 1 > 11000 )); do STEP=$(( STEP * 2 )); done

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-promql.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM


wait_ready() { # port pid timeout-seconds
  local port=$1 pid=$2 limit=$3 t0=$SECONDS
  while (( SECONDS - t0 < limit )); do
    [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/-/ready" || true) == 200 ]] && return 0
    kill -0 "$pid" 2>/dev/null || return 1
    sleep 0.1
  done
  return 1
}
metric() { # port name: sum of the metric's samples, or NA
  { curl -s "http://127.0.0.1:$1/metrics" || true; } | awk -v n="$2" '
    $1 == n || index($1, n "{") == 1 { s += $NF; ok = 1 } END { if (ok) printf "%.0f\n", s; else print "NA" }'
}
scalar() { # port query time: the single value of an instant query, or NA
  curl -s -G "http://127.0.0.1:$1/api/v1/query" --data-urlencode "query=$2" --data-urlencode "time=$3" |
    python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(r[0]["value"][1] if r else "NA")' 2>/dev/null ||
    echo NA
}
rss_mib() { awk '/^VmRSS:/ {printf "%.1f\n", $2 / 1024}' "/proc/$1/status" 2>/dev/null || echo NA; }

# --- data ----------------------------------------------------------------------------------------
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$HERE/results"
OUT="$HERE/results/$STAMP.txt"
RAW="$HERE/results/$STAMP.tsv"
# The last sample lands on the last whole minute, so both servers see the history as recent.
END=$(( $(date +%s) / 60 * 60 ))

log "generating $SERIES series over ${HOURS}h ending at $(date -u -d "@$END" +%H:%M:%S) ..."
SUMMARY=$(python3 "$HERE/gen.py" "$WORK/input.om" "$SERIES" "$HOURS" "$END" "$SEED")
field() { # dotted.key -> value from gen.py's JSON summary
  python3 -c 'import json, sys
d = json.loads(sys.argv[2])
for k in sys.argv[1].split("."): d = d[k]
print(d)' "$1" "$SUMMARY"
}
N_SERIES=$(field series); N_SAMPLES=$(field samples); N_COUNTERS=$(field families.http_requests_total)
log "input: $N_SERIES series, $N_SAMPLES samples, $(( $(stat -c %s "$WORK/input.om") >> 20 )) MiB"

log "backfilling with promtool ..."
t0=$SECONDS
"$PROMTOOL" tsdb create-blocks-from openmetrics "$WORK/input.om" "$WORK/prom-data" >"$WORK/promtool.log" 2>&1 ||
  { echo "promtool backfill failed:" >&2; tail -20 "$WORK/promtool.log" >&2; exit 1; }
BACKFILL_P=$(( SECONDS - t0 ))
log "backfilling with vigil ..."
t0=$SECONDS
# shellcheck disable=SC2086
java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" tsdb create-blocks-from openmetrics --quiet "$WORK/input.om" \
  "$WORK/vigil-data" >"$WORK/vigil-backfill.log" 2>&1 ||
  { echo "vigil backfill failed:" >&2; tail -20 "$WORK/vigil-backfill.log" >&2; exit 1; }
BACKFILL_V=$(( SECONDS - t0 ))
[[ $KEEP == 1 ]] || rm -f "$WORK/input.om"

# --- servers -------------------------------------------------------------------------------------
cat > "$WORK/empty.yml" <<YML
global:
  scrape_interval: 15s
scrape_configs: []
YML
P_PORT=$(free_port); V_PORT=$(free_port)
log "starting Prometheus on 127.0.0.1:$P_PORT and Vigil on 127.0.0.1:$V_PORT (retention $RETENTION)"
"$PROMETHEUS" --config.file="$WORK/empty.yml" --storage.tsdb.path="$WORK/prom-data" \
  --storage.tsdb.retention.time="$RETENTION" --web.listen-address=127.0.0.1:$P_PORT >"$WORK/prometheus.log" 2>&1 &
PPID_=$!; PIDS+=("$PPID_")
# shellcheck disable=SC2086
java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" --config.file="$WORK/empty.yml" --storage.tsdb.path="$WORK/vigil-data" \
  --storage.tsdb.retention.time="$RETENTION" --web.listen-address=127.0.0.1:$V_PORT >"$WORK/vigil.log" 2>&1 &
VPID=$!; PIDS+=("$VPID")
wait_ready "$P_PORT" "$PPID_" 120 || { echo "Prometheus did not become ready; log:" >&2; tail -20 "$WORK/prometheus.log" >&2; exit 1; }
wait_ready "$V_PORT" "$VPID" 120 || { echo "Vigil did not become ready; log:" >&2; tail -20 "$WORK/vigil.log" >&2; exit 1; }

# Both must hold the whole history before anything is timed.
for name in Prometheus Vigil; do
  port=$P_PORT; [[ $name == Vigil ]] && port=$V_PORT
  at_end=$(scalar "$port" 'count(http_requests_total)' "$END")
  at_start=$(scalar "$port" 'count(http_requests_total)' "$(( END - HOURS * 3600 + 15 ))")
  if [[ $at_end != "$N_COUNTERS" || $at_start != "$N_COUNTERS" ]]; then
    echo "run.sh: $name does not serve the backfilled data: count(http_requests_total) is $at_start" \
      "at the start and $at_end at the end, expected $N_COUNTERS" >&2
    exit 1
  fi
done
COMPACTIONS_P0=$(metric "$P_PORT" prometheus_tsdb_compactions_total)
COMPACTIONS_V0=$(metric "$V_PORT" prometheus_tsdb_compactions_total)

{
  echo "# bench/promql $STAMP"
  echo "host: $(uname -srm); cpus: $(nproc); mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "prometheus: $("$PROMETHEUS" --version 2>&1 | head -1)"
  echo "java: $(java -version 2>&1 | head -1); VIGIL_JAVA_OPTS: $VIGIL_JAVA_OPTS"
  echo "vigil: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?') ($VIGIL_JAR)"
  echo "python: $(python3 --version 2>&1)"
  echo "data: $N_SERIES series x $(( HOURS * 240 )) samples ($N_SAMPLES), ${HOURS}h at 15 s ending $(date -u -d "@$END" +%FT%TZ); seed $SEED"
  echo "backfill wall seconds (one run each, not a benchmark): promtool $BACKFILL_P, vigil $BACKFILL_V"
  echo "WARMUP=$WARMUP RUNS=$RUNS STEP=${STEP}s retention $RETENTION"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

# --- queries -------------------------------------------------------------------------------------
log "timing: $WARMUP warm-up and $RUNS timed runs of each query on each server"
STATUS=0
python3 "$HERE/query.py" "http://127.0.0.1:$P_PORT" "http://127.0.0.1:$V_PORT" "$END" "$HOURS" "$STEP" \
  "$WARMUP" "$RUNS" "$RAW" >"$WORK/table.md" || STATUS=1
DEAD=()
kill -0 "$PPID_" 2>/dev/null || DEAD+=(prometheus)
kill -0 "$VPID" 2>/dev/null || DEAD+=(vigil)
(( ${#DEAD[@]} == 0 )) || STATUS=1

{
  echo
  echo "## query latency over $RUNS runs (ms; ratio = Vigil median / Prometheus median)"
  echo
  cat "$WORK/table.md"
  for name in "${DEAD[@]}"; do echo "ERROR: $name exited during the run; log tail:"; tail -20 "$WORK/$name.log"; done
  c_p=$(metric "$P_PORT" prometheus_tsdb_compactions_total); c_v=$(metric "$V_PORT" prometheus_tsdb_compactions_total)
  echo "prometheus_tsdb_compactions_total before -> after the runs: Prometheus $COMPACTIONS_P0 -> $c_p, Vigil $COMPACTIONS_V0 -> $c_v"
  for pair in "Prometheus $COMPACTIONS_P0 $c_p" "Vigil $COMPACTIONS_V0 $c_v"; do
    read -r name before after <<<"$pair"
    if [[ $before == NA || $after == NA ]]; then echo "WARNING: could not read $name's compaction count"
    elif [[ $before != "$after" ]]; then echo "WARNING: $name compacted blocks while queries were timed"; fi
  done
  echo "RSS after the runs: Prometheus $(rss_mib "$PPID_") MiB, Vigil $(rss_mib "$VPID") MiB"
  echo "Vigil log lines at WARN/ERROR: $(grep -c -E 'WARN|ERROR|Exception' "$WORK/vigil.log" || true)"
  echo "Prometheus log lines at level=warn/error: $(grep -c -E 'level=(warn|error)' "$WORK/prometheus.log" || true)"
  echo "load average at end: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "raw timings: $RAW"
} | tee -a "$OUT"
(( STATUS == 0 )) || { log "a server failed; see above"; exit 1; }
log "results in $OUT"
