#!/usr/bin/env bash
# Overhead of a Java agent on an HTTP application: no agent, Vigil's agent and OpenTelemetry's
# Java agent (Prometheus exporter on, traces and logs off), one after the other in one run, under
# the same wrk load on loopback. Per variant: start-up time (launch → first 200), throughput and
# p99 latency under load, heap used after warm-up (after a full GC) and RSS. See bench/README.md.
# Usage: bench/agent/run.sh   (knobs: WARMUP DURATION THREADS CONNECTIONS ROUNDS VARIANTS JAVA PIN)
set -euo pipefail

cd "$(dirname "$0")/../.."
HERE=bench/agent
WARMUP=${WARMUP:-30}             # seconds of load before measuring
DURATION=${DURATION:-60}         # seconds of measured load
THREADS=${THREADS:-2}
CONNECTIONS=${CONNECTIONS:-32}
ROUNDS=${ROUNDS:-1}              # variants run in turn ROUNDS times; medians are reported
VARIANTS=${VARIANTS:-none vigil otel}
JAVA=${JAVA:-java}
# PIN="APP_CPUS WRK_CPUS" (taskset lists, e.g. PIN="1 0"): under load the application and wrk
# run on separate CPUs, so the load generator does not take CPU from the application it
# measures. Start-up is measured before pinning, with every CPU.
PIN=${PIN:-}
WRK_RUN=""; app_cpus=""
if [ -n "$PIN" ]; then
  read -r app_cpus wrk_cpus <<<"$PIN"
  WRK_RUN="taskset -c $wrk_cpus"
fi
HEAP=${HEAP:-512m}
VIGIL_JAR=${VIGIL_JAR:-javaagent/target/vigil-agent.jar}
OTEL_VERSION=$(sed -n 's:.*<otel-javaagent.version>\(.*\)</otel-javaagent.version>.*:\1:p' pom.xml)

# shellcheck source=bench/lib.sh
. bench/lib.sh

for tool in wrk curl "$JAVA" jcmd jstat; do
  command -v "$tool" >/dev/null || { log "missing: $tool (wrk: apt-get install wrk)"; exit 1; }
done

mkdir -p "$HERE/results"
OUT=$HERE/results/$(date -u +%Y%m%dT%H%M%SZ).txt
TMP=$(mktemp -d)
PID=
cleanup() {
  if [ -n "$PID" ]; then kill "$PID" 2>/dev/null || true; sleep 0.5; kill -9 "$PID" 2>/dev/null || true; fi
  rm -rf "$TMP"
}
trap cleanup EXIT
say() { echo "$*" | tee -a "$OUT"; }

if [ ! -f "$VIGIL_JAR" ]; then
  log "building $VIGIL_JAR"
  ./mvnw -q -B -pl javaagent -am -DskipTests package
fi
OTEL_JAR=$TMP/opentelemetry-javaagent.jar
otel_copy() { ./mvnw -q -B "$@" dependency:copy -Dartifact="io.opentelemetry.javaagent:opentelemetry-javaagent:$OTEL_VERSION" \
    -DoutputDirectory="$TMP" -Dmdep.stripVersion=true >/dev/null; }
otel_copy -o 2>/dev/null || otel_copy   # offline first: it is usually in ~/.m2 already
javac -d "$TMP/app" "$HERE/HelloServer.java"

# agent_opts VARIANT METRICS_PORT: the JVM options that attach the variant's agent.
agent_opts() {
  case $1 in
    none) echo "" ;;
    vigil) echo "-javaagent:$VIGIL_JAR=port=$2,host=127.0.0.1" ;;
    otel) echo "-javaagent:$OTEL_JAR -Dotel.metrics.exporter=prometheus -Dotel.traces.exporter=none -Dotel.logs.exporter=none -Dotel.exporter.prometheus.port=$2 -Dotel.exporter.prometheus.host=127.0.0.1" ;;
  esac
}

# now_ms: wall clock in milliseconds.
now_ms() { date +%s%3N; }

# heap_used_mb PID: heap in use after a full GC (jstat's survivor + eden + old used columns).
heap_used_mb() {
  jcmd "$1" GC.run >/dev/null
  jstat -gc "$1" | awk 'NR == 1 { for (i = 1; i <= NF; i++) c[$i] = i } NR == 2 {
    printf "%.1f\n", ($c["S0U"] + $c["S1U"] + $c["EU"] + $c["OU"]) / 1024 }'
}

# p99_ms FILE: wrk's 99th percentile latency (--latency output) in milliseconds.
p99_ms() {
  awk '$1 == "99%" { v = $2; u = v; sub(/[0-9.]+/, "", u); sub(/[a-z]+$/, "", v)
    if (u == "us") v /= 1000; else if (u == "s") v *= 1000; printf "%.2f\n", v }' "$1"
}

# run_variant VARIANT: one start, warm-up and measured load; appends a row to $TMP/rows.
run_variant() {
  local v=$1 port mport t0 t1 opts
  port=$(free_port); mport=$(free_port)
  opts=$(agent_opts "$v" "$mport")
  t0=$(now_ms)
  # shellcheck disable=SC2086  # opts is a list of options on purpose
  # TCP_NODELAY: without it the JDK server's separate header and body writes meet the client's
  # delayed ACK, every request waits ~40 ms and all variants measure the same idle latency.
  "$JAVA" -Xms$HEAP -Xmx$HEAP -Dsun.net.httpserver.nodelay=true $opts -cp "$TMP/app" HelloServer "$port" >"$TMP/$v.log" 2>&1 &
  PID=$!
  until curl -sf -o /dev/null "http://127.0.0.1:$port/hello"; do
    kill -0 "$PID" 2>/dev/null || { log "$v died:"; cat "$TMP/$v.log" >&2; exit 1; }
    sleep 0.005
  done
  t1=$(now_ms)
  log "$v: up in $((t1 - t0)) ms; warming up ${WARMUP}s"
  [ -z "$app_cpus" ] || taskset -a -p -c "$app_cpus" "$PID" >/dev/null
  $WRK_RUN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${WARMUP}s" "http://127.0.0.1:$port/hello" >/dev/null
  local heap rss_mb
  heap=$(heap_used_mb "$PID")
  $WRK_RUN wrk -t"$THREADS" -c"$CONNECTIONS" -d"${DURATION}s" --latency "http://127.0.0.1:$port/hello" >"$TMP/$v.wrk"
  rss_mb=$(( $(rss "$PID") / 1048576 ))
  local rps p99 errors
  rps=$(awk '/^Requests\/sec:/ { print $2 }' "$TMP/$v.wrk")
  p99=$(p99_ms "$TMP/$v.wrk")
  errors=$(awk '/Non-2xx|Socket errors/ { print }' "$TMP/$v.wrk" | tr '\n' ' ')
  # The agents must have seen the load: their request counter is part of the result.
  local seen=-
  if [ "$v" != none ]; then
    seen=$(curl -sf "http://127.0.0.1:$mport/metrics" | awk '/^http_server_request_duration_seconds_count/ { s += $NF } END { printf "%d", s }')
  fi
  kill "$PID"; wait "$PID" 2>/dev/null || true; PID=
  echo "$v $((t1 - t0)) $rps $p99 $heap $rss_mb $seen" >>"$TMP/rows"
  [ -z "$errors" ] || log "$v: wrk reported: $errors"
  cat "$TMP/$v.wrk" >>"$OUT"
}

say "# bench/agent $(date -u +%FT%TZ) on $(nproc) CPUs, load $(cut -d' ' -f1-3 /proc/loadavg)"
say "# $("$JAVA" -version 2>&1 | head -1); wrk -t$THREADS -c$CONNECTIONS warm-up ${WARMUP}s, measured ${DURATION}s; -Xmx$HEAP; OpenTelemetry agent $OTEL_VERSION${PIN:+; pinned: app on CPUs ${PIN%% *}, wrk on ${PIN#* }}"
for _ in $(seq "$ROUNDS"); do
  for v in $VARIANTS; do run_variant "$v"; done
done

# One row per variant: medians over the rounds, and overhead against "none".
awk '
  { n[$1]++; k = $1 SUBSEP n[$1]; st[k] = $2; rps[k] = $3; p99[k] = $4; heap[k] = $5; rss[k] = $6; seen[$1] = $7 }
  function med(a, v, cnt,   i, j, t, x) { for (i = 1; i <= cnt; i++) x[i] = a[v SUBSEP i]
    for (i = 1; i <= cnt; i++) for (j = i + 1; j <= cnt; j++) if (x[j] < x[i]) { t = x[i]; x[i] = x[j]; x[j] = t }
    return cnt % 2 ? x[(cnt + 1) / 2] : (x[cnt / 2] + x[cnt / 2 + 1]) / 2 }
  END {
    printf "%-6s %10s %10s %9s %9s %8s %12s %12s %14s\n", "agent", "start_ms", "req/s", "p99_ms", "heap_MB", "rss_MB", "tput_ovh_%", "start_ovh_ms", "requests_seen"
    for (v in n) { S[v] = med(st, v, n[v]); R[v] = med(rps, v, n[v]) }
    split("none vigil otel", order, " ")
    for (i = 1; i <= 3; i++) { v = order[i]; if (!(v in n)) continue
      ovh = ("none" in n) ? sprintf("%.1f", (1 - R[v] / R["none"]) * 100) : "-"
      sovh = ("none" in n) ? sprintf("%d", S[v] - S["none"]) : "-"
      printf "%-6s %10d %10.0f %9.2f %9.1f %8d %12s %12s %14s\n", v, S[v], R[v], med(p99, v, n[v]), med(heap, v, n[v]), med(rss, v, n[v]), ovh, sovh, seen[v] }
  }' "$TMP/rows" | tee -a "$OUT"
log "raw wrk output and the table: $OUT"
