#!/usr/bin/env bash
# Side-by-side cost of one scrape: Vigil's exporters against Debian's peers on this host.
# For each exporter: start the peer and Vigil's on free ports, warm up, then scrape each N times
# in turn and report per scrape: CPU ms, bytes allocated, response bytes, latency p50, and the
# ratio Vigil/peer. See bench/README.md. Usage: bench/exporters/run.sh [host postgres mysql redis]
set -euo pipefail

cd "$(dirname "$0")/../.."
N=${N:-200}
WARMUP=${WARMUP:-50}
JAR=${JAR:-exporters/target/vigil-exporter.jar}
VIGIL_CMD=${VIGIL_CMD:-java -jar $JAR}   # word-split on purpose: a command prefix
EXPORTERS=${*:-host postgres mysql redis}
HOST_COLLECTORS="cpu diskstats entropy filefd filesystem loadavg meminfo netdev netstat pressure sockstat stat textfile time uname vmstat"
PG_DSN='postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable'
MYSQL_DSN='root@(127.0.0.1:3306)/'
REDIS_ADDR='redis://127.0.0.1:6379'
HZ=$(getconf CLK_TCK)

mkdir -p bench/exporters/results
OUT=bench/exporters/results/$(date -u +%Y%m%dT%H%M%SZ).txt
TMP=$(mktemp -d)
PIDS=()
cleanup() {
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill "$p" 2>/dev/null || true; done
  sleep 0.5
  for p in "${PIDS[@]:-}"; do [ -n "$p" ] && kill -9 "$p" 2>/dev/null || true; done
  rm -rf "$TMP"
}
trap cleanup EXIT

say() { echo "$*" | tee -a "$OUT"; }

# shellcheck source=bench/lib.sh
. bench/lib.sh

# cpu_ticks PID: utime + stime of the whole process (all threads), in clock ticks.
cpu_ticks() { awk '{ sub(/.*\) /, ""); print $12 + $13 }' "/proc/$1/stat"; }

# metric PORT NAME: the (unlabelled) sample NAME from PORT's /metrics.
# (no early exit in awk: curl would die of SIGPIPE and pipefail stop the script)
metric() { curl -sf "http://127.0.0.1:$1/metrics" | awk -v n="$2" '$1 == n { v = $2 } END { print v }'; }

wait_up() {
  for _ in $(seq 150); do
    curl -sf -o /dev/null "http://127.0.0.1:$1/metrics" && return 0
    kill -0 "$2" 2>/dev/null || return 1
    sleep 0.2
  done
  return 1
}

# measure LABEL PORT PID ALLOC_METRIC: prints "label cpu_ms alloc_bytes resp_bytes p50_ms".
measure() {
  local label=$1 port=$2 pid=$3 alloc=$4
  for _ in $(seq "$WARMUP"); do curl -sf -o /dev/null "http://127.0.0.1:$port/metrics"; done
  local a0 c0 a1 c1
  a0=$(metric "$port" "$alloc"); c0=$(cpu_ticks "$pid")
  for _ in $(seq "$N"); do
    curl -sf -o /dev/null -w '%{time_total} %{size_download}\n' "http://127.0.0.1:$port/metrics"
  done > "$TMP/$label.times"
  c1=$(cpu_ticks "$pid"); a1=$(metric "$port" "$alloc")
  local p50 size
  p50=$(sort -n "$TMP/$label.times" | awk -v n="$N" 'NR == int((n + 1) / 2) { printf "%.2f", $1 * 1000 }')
  size=$(awk '{ s += $2 } END { printf "%d", s / NR }' "$TMP/$label.times")
  awk -v l="$label" -v c=$((c1 - c0)) -v hz="$HZ" -v n="$N" -v a0="${a0:-0}" -v a1="${a1:-0}" \
    -v s="$size" -v p="$p50" 'BEGIN { printf "%s %.3f %.0f %d %s\n", l, c * 1000 / hz / n, (a1 - a0) / n, s, p }'
}

# start LOGNAME CMD...: runs CMD in the background, records its pid in $STARTED.
start() {
  local log=$1; shift
  "$@" > "$TMP/$log.log" 2>&1 &
  STARTED=$!
  PIDS+=("$STARTED")
}

stop() { kill "$1" 2>/dev/null || true; wait "$1" 2>/dev/null || true; }

say "# exporters benchmark $(date -u +%FT%TZ) on $(hostname), $(nproc) CPUs; N=$N scrapes after $WARMUP warm-up"
say "# per scrape: CPU ms (utime+stime from /proc/<pid>/stat), allocated bytes (peer: go_memstats_alloc_bytes_total, Vigil: jvm_allocated_bytes_total), response bytes (uncompressed), latency p50 ms"
printf '%-10s %-6s %10s %14s %12s %9s\n' exporter side cpu_ms alloc_bytes resp_bytes p50_ms | tee -a "$OUT"

for name in $EXPORTERS; do
  if ! $VIGIL_CMD "$name" --help > /dev/null 2>&1; then
    say "$name: skipped: '$VIGIL_CMD $name' is not available (subcommand missing or jar not built)"
    continue
  fi
  pp=$(free_port); vp=$(free_port)
  case $name in
    host)
      peer=(/usr/bin/prometheus-node-exporter --collector.disable-defaults)
      for c in $HOST_COLLECTORS; do peer+=("--collector.$c"); done
      ours=() ;;
    postgres)
      export DATA_SOURCE_NAME=$PG_DSN
      peer=(/usr/bin/prometheus-postgres-exporter); ours=() ;;
    mysql)
      export DATA_SOURCE_NAME=$MYSQL_DSN
      peer=(/usr/bin/prometheus-mysqld-exporter); ours=() ;;
    redis)
      peer=(/usr/bin/prometheus-redis-exporter "--redis.addr=$REDIS_ADDR")
      ours=("--redis.addr=$REDIS_ADDR") ;;
    *) say "$name: skipped: unknown exporter"; continue ;;
  esac
  if [ ! -x "${peer[0]}" ]; then
    say "$name: skipped: ${peer[0]} is not installed"
    continue
  fi
  start "$name-peer" "${peer[@]}" "--web.listen-address=127.0.0.1:$pp"; ppid=$STARTED
  # shellcheck disable=SC2086 # VIGIL_CMD is a command prefix
  start "$name-vigil" $VIGIL_CMD "$name" "${ours[@]}" "--web.listen-address=127.0.0.1:$vp"; vpid=$STARTED
  if ! wait_up "$pp" "$ppid" || ! wait_up "$vp" "$vpid"; then
    say "$name: skipped: an exporter did not start; logs:"
    tail -n 5 "$TMP/$name-peer.log" "$TMP/$name-vigil.log" | tee -a "$OUT"
    stop "$ppid"; stop "$vpid"; continue
  fi
  read -r _ pc pa ps pl < <(measure "$name-peer" "$pp" "$ppid" go_memstats_alloc_bytes_total)
  read -r _ vc va vs vl < <(measure "$name-vigil" "$vp" "$vpid" jvm_allocated_bytes_total)
  stop "$ppid"; stop "$vpid"
  printf '%-10s %-6s %10s %14s %12s %9s\n' "$name" peer "$pc" "$pa" "$ps" "$pl" | tee -a "$OUT"
  printf '%-10s %-6s %10s %14s %12s %9s\n' "$name" vigil "$vc" "$va" "$vs" "$vl" | tee -a "$OUT"
  awk -v n="$name" -v pc="$pc" -v vc="$vc" -v pa="$pa" -v va="$va" -v ps="$ps" -v vs="$vs" \
    -v pl="$pl" -v vl="$vl" 'function r(a, b) { return b > 0 ? sprintf("%.2f", a / b) : "n/a" }
    BEGIN { printf "%-10s %-6s %10s %14s %12s %9s\n", n, "ratio", r(vc, pc), r(va, pa), r(vs, ps), r(vl, pl) }' \
    | tee -a "$OUT"
done
say "# results in $OUT"
