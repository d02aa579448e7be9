#!/usr/bin/env bash
# Side-by-side ingest benchmark: the Vigil server vs Prometheus, scraping the same synthetic
# targets at the same time on one machine. See bench/README.md.
#
# Environment (defaults):
#   SERIES=100000        total series over all targets
#   TARGETS=10           number of targets (SERIES/TARGETS series each)
#   DURATION=300         measured window in seconds, after the warm-up
#   WARMUP=30            warm-up seconds (2 scrape intervals) before the first reading
#   INTERVAL=15          scrape interval and sampling period, seconds
#   REPLAY=1             1: after the run, restart each server on its data dir and time /-/ready
#   VIGIL_JAVA_OPTS="-Xmx4g" + the launcher's options (./vigil)   JVM options for Vigil
#   PROMETHEUS=prometheus      the Prometheus binary
#   VIGIL_JAR=server/target/vigil-server.jar  (built with ./mvnw -B -q -DskipTests package if missing)
#   KEEP=0               1: keep the work dir (data dirs, logs) instead of deleting it
#   ONLY=                vigil: run Vigil alone (no Prometheus), for loads where both servers and
#                        the targets would not fit on the machine together; no ratios then
#   RULES=               a rule file both servers evaluate every INTERVAL (bench/rules/run.sh sets
#                        it); readings then add each server's rule evaluation time per interval
set -euo pipefail

SERIES=${SERIES:-100000}
TARGETS=${TARGETS:-10}
DURATION=${DURATION:-300}
WARMUP=${WARMUP:-30}
INTERVAL=${INTERVAL:-15}
REPLAY=${REPLAY:-1}
PROMETHEUS=${PROMETHEUS:-prometheus}
KEEP=${KEEP:-0}
ONLY=${ONLY:-}
RULES=${RULES:-}
[[ -z $ONLY || $ONLY == vigil ]] || { echo "run.sh: ONLY must be empty or vigil" >&2; exit 1; }
PROM=1; [[ $ONLY == vigil ]] && PROM=0

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
# shellcheck source=bench/lib.sh
. "$HERE/../lib.sh"
# The launcher's JVM options (see ./vigil) and malloc arenas, with a 4 GiB heap limit.
VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:--Xmx4g $(launcher_opts)}
export MALLOC_ARENA_MAX=${MALLOC_ARENA_MAX:-2}
VIGIL_JAR=${VIGIL_JAR:-$ROOT/server/target/vigil-server.jar}
PER=$((SERIES / TARGETS))

(( PROM == 0 )) || command -v "$PROMETHEUS" >/dev/null || { echo "run.sh: $PROMETHEUS not found" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 not found" >&2; exit 1; }
command -v curl >/dev/null || { echo "run.sh: curl not found" >&2; exit 1; }
if [[ ! -f $VIGIL_JAR ]]; then
  echo "building Vigil ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-bench-ingest.XXXXXX")
PIDS=()
cleanup() {
  for p in "${PIDS[@]}"; do kill "$p" 2>/dev/null || true; done
  for p in "${PIDS[@]}"; do wait "$p" 2>/dev/null || true; done
  if [[ $KEEP == 1 ]]; then echo "work dir kept: $WORK" >&2; else rm -rf "$WORK"; fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM



# --- targets ---------------------------------------------------------------------------------
python3 "$HERE/targets.py" "$WORK/ports" "$TARGETS" "$PER" &
TPID=$!; PIDS+=("$TPID")
for _ in $(seq 100); do [[ -f $WORK/ports ]] && break; sleep 0.1; done
[[ -f $WORK/ports ]] || { echo "run.sh: targets did not start" >&2; exit 1; }
TARGET_LIST=$(sed 's/.*/"127.0.0.1:&"/' "$WORK/ports" | paste -sd, -)

RULE_FILES=""
[[ -n $RULES ]] && RULE_FILES="rule_files: [\"$(realpath "$RULES")\"]"
cat > "$WORK/prometheus.yml" <<YML
global:
  scrape_interval: ${INTERVAL}s
  scrape_timeout: $(( INTERVAL < 10 ? INTERVAL : 10 ))s
  evaluation_interval: ${INTERVAL}s
${RULE_FILES}
scrape_configs:
  - job_name: bench
    static_configs:
      - targets: [${TARGET_LIST}]
YML
# For the WAL replay restarts: nothing to scrape, so only replay is timed.
cat > "$WORK/empty.yml" <<YML
global:
  scrape_interval: ${INTERVAL}s
scrape_configs: []
YML

P_PORT=$(free_port); V_PORT=$(free_port); PPID_=
mkdir -p "$WORK/prom-data" "$WORK/vigil-data"

start_prom() { # config
  "$PROMETHEUS" --config.file="$1" --storage.tsdb.path="$WORK/prom-data" \
    --web.listen-address=127.0.0.1:$P_PORT >>"$WORK/prometheus.log" 2>&1 &
  PPID_=$!; PIDS+=("$PPID_")
}
start_vigil() { # config
  # shellcheck disable=SC2086
  java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" --config.file="$1" --storage.tsdb.path="$WORK/vigil-data" \
    --web.listen-address=127.0.0.1:$V_PORT >>"$WORK/vigil.log" 2>&1 &
  VPID=$!; PIDS+=("$VPID")
}
wait_ready() { # port pid timeout-seconds -> prints seconds until /-/ready is 200, or fails
  local port=$1 pid=$2 limit=$3 t0 now
  t0=$(date +%s.%N)
  while :; do
    if [[ $(curl -s -o /dev/null -w '%{http_code}' "http://127.0.0.1:$port/-/ready" || true) == 200 ]]; then
      now=$(date +%s.%N); echo "$now - $t0" | bc -l | xargs printf '%.2f\n'; return 0
    fi
    kill -0 "$pid" 2>/dev/null || { echo "exited"; return 1; }
    now=$(date +%s.%N)
    if (( $(echo "$now - $t0 > $limit" | bc -l) )); then echo "timeout"; return 1; fi
    sleep 0.05
  done
}
stop() { # pid: SIGTERM, wait up to 60 s, then SIGKILL
  local pid=$1
  kill "$pid" 2>/dev/null || return 0
  for _ in $(seq 600); do kill -0 "$pid" 2>/dev/null || { wait "$pid" 2>/dev/null || true; return 0; }; sleep 0.1; done
  log "pid $pid did not stop in 60 s; killing"; kill -9 "$pid" 2>/dev/null || true; wait "$pid" 2>/dev/null || true
}

# metric port name [label-filter]: sum of every sample of the metric (optionally lines matching filter)
metric() { # port-or-file name [label-filter [printf-format, default %.0f]]
  # A file is a /metrics body fetched once for a whole reading, so each server answers one
  # request per reading, not one per number read from it.
  { if [[ -f $1 ]]; then cat "$1"; else curl -s "http://127.0.0.1:$1/metrics"; fi; } | awk -v n="$2" -v f="${3:-}" -v fmt="${4:-%.0f}" '
    $1 == n || index($1, n "{") == 1 { if (f == "" || index($1, f)) { s += $NF; ok = 1 } }
    END { if (ok) printf fmt "\n", s; else print "NA" }'
}
targets_up() { # port -> "up/total"
  curl -s "http://127.0.0.1:$1/api/v1/targets" | python3 -c '
import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
print("%d/%d" % (sum(1 for x in t if x.get("health") == "up"), len(t)))' 2>/dev/null || echo "?"
}
target_errors() { # port -> distinct lastError values
  curl -s "http://127.0.0.1:$1/api/v1/targets" | python3 -c '
import json, sys
t = json.load(sys.stdin)["data"]["activeTargets"]
errs = sorted({x.get("lastError", "") for x in t} - {""})
d = [float(x.get("lastScrapeDuration", 0) or 0) for x in t]
print("max lastScrapeDuration %.3fs; errors: %s" % (max(d) if d else 0, errs or "none"))' 2>/dev/null || echo "?"
}

# --- the run -----------------------------------------------------------------------------------
STAMP=$(date -u +%Y%m%dT%H%M%SZ)
RESULTS=${RESULTS:-$HERE/results}
mkdir -p "$RESULTS"
OUT="$RESULTS/$STAMP.txt"
{
  echo "# bench/ingest $STAMP"
  echo "host: $(uname -srm); cpus: $(nproc); mem: $(awk '/MemTotal/ {printf "%.1f GiB", $2/1048576}' /proc/meminfo)"
  echo "cpu model: $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
  echo "prometheus: $("$PROMETHEUS" --version 2>&1 | head -1)"
  echo "java: $(java -version 2>&1 | head -1); VIGIL_JAVA_OPTS: $VIGIL_JAVA_OPTS"
  echo "vigil: $(cd "$ROOT" && git rev-parse --short HEAD 2>/dev/null || echo '?') ($VIGIL_JAR)"
  echo "SERIES=$SERIES TARGETS=$TARGETS ($PER series each) INTERVAL=${INTERVAL}s WARMUP=${WARMUP}s DURATION=${DURATION}s"
  echo "load average at start: $(cut -d' ' -f1-3 /proc/loadavg)"
} | tee "$OUT"

log "starting $( ((PROM)) && echo "Prometheus on 127.0.0.1:$P_PORT and ")Vigil on 127.0.0.1:$V_PORT ($TARGETS targets x $PER series)"
((PROM)) && start_prom "$WORK/prometheus.yml"
start_vigil "$WORK/prometheus.yml"
((PROM == 0)) || wait_ready "$P_PORT" "$PPID_" 60 >/dev/null || { echo "Prometheus did not become ready; log:" >&2; tail -20 "$WORK/prometheus.log" >&2; exit 1; }
wait_ready "$V_PORT" "$VPID" 60 >/dev/null || { echo "Vigil did not become ready; log:" >&2; tail -20 "$WORK/vigil.log" >&2; exit 1; }
log "ready; warming up for ${WARMUP}s"
sleep "$WARMUP"

rule_seconds() { # port: the time all rule groups took in their last evaluation, or NA without RULES
  if [[ -z $RULES ]]; then echo NA; else metric "$1" prometheus_rule_group_last_duration_seconds '' %.4f; fi
}
reading() { # -> one line of raw numbers for both servers
  local t p pm="$WORK/reading-p.metrics" vm="$WORK/reading-v.metrics"; t=$(date +%s)
  p="NA NA NA NA"
  ((PROM)) && curl -s "http://127.0.0.1:$P_PORT/metrics" >"$pm"
  curl -s "http://127.0.0.1:$V_PORT/metrics" >"$vm"
  ((PROM)) && p="$(rss "$PPID_") $(cpu "$PPID_") $(metric "$pm" prometheus_tsdb_head_series) $(metric "$pm" prometheus_tsdb_head_samples_appended_total)"
  echo "$t $p" \
       "$(rss "$VPID") $(cpu "$VPID") $(metric "$vm" prometheus_tsdb_head_series) $(metric "$vm" prometheus_tsdb_head_samples_appended_total)" \
       "$(metric "$vm" jvm_memory_used_bytes 'area="heap"') $(cpu "$TPID") $(cut -d' ' -f1 /proc/loadavg)" \
       "$(metric "$vm" vigil_target_scrape_duration_seconds_count) $(metric "$vm" vigil_target_scrape_duration_seconds_sum '' %.3f)" \
       "$(metric "$vm" vigil_target_scrape_failures_total)" \
       "$( ((PROM)) && rule_seconds "$pm" || echo NA) $(rule_seconds "$vm")"
}
{
  echo
  echo "## readings every ${INTERVAL}s (P = Prometheus, V = Vigil; rss bytes, cpu seconds since start)"
  echo "# unix_time P_rss P_cpu P_head_series P_samples_appended V_rss V_cpu V_head_series V_samples_appended V_heap_used targets_cpu load1 V_scrapes V_scrape_seconds V_scrape_failures P_rule_seconds V_rule_seconds"
} | tee -a "$OUT"
FIRST=$(reading); echo "$FIRST" | tee -a "$OUT"
T_END=$(( $(date +%s) + DURATION ))
PEAK_P=0; PEAK_V=0
LAST=$FIRST
while (( $(date +%s) < T_END )); do
  sleep $(( INTERVAL < T_END - $(date +%s) ? INTERVAL : T_END - $(date +%s) ))
  ((PROM == 0)) || kill -0 "$PPID_" 2>/dev/null || { echo "Prometheus exited during the run" | tee -a "$OUT"; tail -20 "$WORK/prometheus.log" | tee -a "$OUT"; exit 1; }
  kill -0 "$VPID" 2>/dev/null || { echo "Vigil exited during the run" | tee -a "$OUT"; tail -20 "$WORK/vigil.log" | tee -a "$OUT"; exit 1; }
  LAST=$(reading); echo "$LAST" | tee -a "$OUT"
  read -r _ prss _ _ _ vrss _ <<<"$LAST"
  ((PROM)) && (( prss > PEAK_P )) && PEAK_P=$prss; (( vrss > PEAK_V )) && PEAK_V=$vrss
done

{
  echo
  echo "## targets at the end"
  ((PROM)) && echo "Prometheus: up $(targets_up "$P_PORT"); $(target_errors "$P_PORT")"
  echo "Vigil:      up $(targets_up "$V_PORT"); $(target_errors "$V_PORT")"
  echo "Vigil out-of-order samples: $(metric "$V_PORT" prometheus_tsdb_out_of_order_samples_total)"
  if [[ -n $RULES ]]; then
    echo "rule evaluation failures: Vigil $(metric "$V_PORT" prometheus_rule_evaluation_failures_total)$( ((PROM)) && echo ", Prometheus $(metric "$P_PORT" prometheus_rule_evaluation_failures_total)")"
    echo "rule group iterations missed: Vigil $(metric "$V_PORT" prometheus_rule_group_iterations_missed_total)$( ((PROM)) && echo ", Prometheus $(metric "$P_PORT" prometheus_rule_group_iterations_missed_total)")"
    echo "firing alerts at end: Vigil $(curl -s "http://127.0.0.1:$V_PORT/api/v1/alerts" | grep -o '"state":"firing"' | wc -l)$( ((PROM)) && echo ", Prometheus $(curl -s "http://127.0.0.1:$P_PORT/api/v1/alerts" | grep -o '"state":"firing"' | wc -l)")"
  fi
  ((PROM)) && echo "Prometheus out-of-order samples: $(metric "$P_PORT" prometheus_tsdb_out_of_order_samples_total)"
  echo "Vigil log lines at WARN/ERROR: $(grep -c -E 'WARN|ERROR|Exception' "$WORK/vigil.log" || true)"
  grep -E 'WARN|ERROR|Exception' "$WORK/vigil.log" | head -5 || true
  if ((PROM)); then
    echo "Prometheus log lines at level=warn/error: $(grep -c -E 'level=(warn|error)' "$WORK/prometheus.log" || true)"
    grep -E 'level=(warn|error)' "$WORK/prometheus.log" | head -5 || true
  fi
} | tee -a "$OUT"

# --- results -----------------------------------------------------------------------------------
read -r t0 p_rss0 p_cpu0 p_ser0 p_smp0 v_rss0 v_cpu0 v_ser0 v_smp0 _ _ _ v_scr0 v_scrs0 v_fail0 <<<"$FIRST"
read -r t1 p_rss p_cpu p_ser p_smp v_rss v_cpu v_ser v_smp v_heap _ _ v_scr v_scrs v_fail <<<"$LAST"
P_BYTES=$(du -sb "$WORK/prom-data" | cut -f1); V_BYTES=$(du -sb "$WORK/vigil-data" | cut -f1)
P_WAL=$(du -sb "$WORK/prom-data/wal" 2>/dev/null | cut -f1 || echo NA)

REPLAY_P=skipped; REPLAY_V=skipped
log "stopping both"
((PROM)) && stop "$PPID_"; stop "$VPID"; stop "$TPID"
if [[ $REPLAY == 1 && $PROM == 0 ]]; then
  log "REPLAY is only timed side by side; skipped with ONLY=vigil"; REPLAY=0
fi
if [[ $REPLAY == 1 ]]; then
  # One at a time, so neither competes with the other for the two cores.
  log "timing WAL replay: Prometheus"
  start_prom "$WORK/empty.yml"; REPLAY_P=$(wait_ready "$P_PORT" "$PPID_" 600 || true)
  REPLAY_P_RSS=$(rss "$PPID_" 2>/dev/null || echo NA); stop "$PPID_"
  log "timing WAL replay: Vigil"
  start_vigil "$WORK/empty.yml"; REPLAY_V=$(wait_ready "$V_PORT" "$VPID" 600 || true)
  REPLAY_V_SER=$(metric "$V_PORT" prometheus_tsdb_head_series 2>/dev/null || echo NA)
  REPLAY_V_RSS=$(rss "$VPID" 2>/dev/null || echo NA); stop "$VPID"
  LOG_P=$(grep 'WAL replay completed' "$WORK/prometheus.log" | tail -1 | grep -o 'total_replay_duration=[^ ]*' || echo "no replay line")
  LOG_V=$(grep 'WAL replay completed' "$WORK/vigil.log" | tail -1 | sed 's/.*WAL replay/WAL replay/' || echo "no replay line")
  # Baseline: the same start on an empty data dir, so process start-up (JVM start for Vigil) can
  # be told apart from replay. Each server also logs how long its replay itself took.
  mv "$WORK/prom-data" "$WORK/prom-data.run"; mv "$WORK/vigil-data" "$WORK/vigil-data.run"
  mkdir -p "$WORK/prom-data" "$WORK/vigil-data"
  start_prom "$WORK/empty.yml"; EMPTY_P=$(wait_ready "$P_PORT" "$PPID_" 60 || true); stop "$PPID_"
  start_vigil "$WORK/empty.yml"; EMPTY_V=$(wait_ready "$V_PORT" "$VPID" 60 || true); stop "$VPID"
  rm -rf "$WORK/prom-data" "$WORK/vigil-data"
  mv "$WORK/prom-data.run" "$WORK/prom-data"; mv "$WORK/vigil-data.run" "$WORK/vigil-data"
  {
    echo
    echo "## WAL replay, as each server logs it"
    echo "Prometheus: $LOG_P"
    echo "Vigil: $LOG_V"
    echo "start to /-/ready on an EMPTY data dir (baseline): Prometheus ${EMPTY_P}s, Vigil ${EMPTY_V}s"
  } | tee -a "$OUT"
fi

python3 - "$OUT" <<PY
import sys
out = sys.argv[1]
def f(x):
    try: return float(x)
    except ValueError: return float("nan")
win = $t1 - $t0
p = dict(rss=f("$p_rss"), cpu=f("$p_cpu") - f("$p_cpu0"), ser=f("$p_ser"), smp=f("$p_smp") - f("$p_smp0"),
         tot=f("$p_smp"), peak=f("$PEAK_P"))
v = dict(rss=f("$v_rss"), cpu=f("$v_cpu") - f("$v_cpu0"), ser=f("$v_ser"), smp=f("$v_smp") - f("$v_smp0"),
         tot=f("$v_smp"), peak=f("$PEAK_V"), heap=f("$v_heap"))
rows = [
    ("head series at end", p["ser"], v["ser"], "{:,.0f}"),
    ("samples appended in window", p["smp"], v["smp"], "{:,.0f}"),
    ("samples appended since start", p["tot"], v["tot"], "{:,.0f}"),
    ("ingest rate in window (samples/s)", p["smp"] / win, v["smp"] / win, "{:,.0f}"),
    ("RSS at end (MiB)", p["rss"] / 2**20, v["rss"] / 2**20, "{:,.1f}"),
    ("peak RSS over readings (MiB)", p["peak"] / 2**20, v["peak"] / 2**20, "{:,.1f}"),
    ("RSS per head series (bytes)", p["rss"] / p["ser"], v["rss"] / v["ser"], "{:,.0f}"),
    ("CPU seconds in window", p["cpu"], v["cpu"], "{:,.1f}"),
    ("CPU cores used (avg)", p["cpu"] / win, v["cpu"] / win, "{:.3f}"),
    ("CPU s per million samples", p["cpu"] / p["smp"] * 1e6, v["cpu"] / v["smp"] * 1e6, "{:,.2f}"),
]
def nz(a):  # ratios of NaN (no Prometheus) print as nan
    return a if a == a else float("nan")
vs = f("$v_scr") - f("$v_scr0")
v_scrape_rows = [
    ("Vigil scrapes in window (expected %.0f)" % ($TARGETS * win / $INTERVAL), vs),
    ("Vigil mean scrape duration (s)", (f("$v_scrs") - f("$v_scrs0")) / vs if vs else float("nan")),
    ("Vigil failed scrapes in window", f("$v_fail") - f("$v_fail0")),
]
if "$RULES":
    # Readings after the first: each server's rule evaluation time summed over its groups.
    ev = [l.split() for l in open(out) if l[:1].isdigit()][1:]
    pr = [f(x[15]) for x in ev if len(x) > 16]
    vr = [f(x[16]) for x in ev if len(x) > 16]
    mean = lambda xs: sum(xs) / len(xs) if xs else float("nan")
    rows.append(("rule evaluation time per interval, mean (ms)", mean(pr) * 1e3, mean(vr) * 1e3, "{:,.1f}"))
    rows.append(("rule evaluation time per interval, max (ms)", max(pr, default=float("nan")) * 1e3,
                 max(vr, default=float("nan")) * 1e3, "{:,.1f}"))
rp, rv = f("$REPLAY_P"), f("$REPLAY_V")
if "$REPLAY" == "1":
    rows.append(("WAL replay: start to /-/ready (s)", rp, rv, "{:,.2f}"))
lines = ["", f"## results over a {win:.0f} s window (ratio = Vigil / Prometheus)", "",
         "| metric | Prometheus | Vigil | ratio |", "|---|---:|---:|---:|"]
for name, a, b, fmt in rows:
    r = b / a if a else float("nan")
    lines.append(f"| {name} | {fmt.format(a)} | {fmt.format(b)} | {r:.2f} |")
for name, b in v_scrape_rows:
    lines.append(f"| {name} | | {b:,.3f} | |")
lines.append("")
lines.append(f"Vigil JVM heap used at end: {v['heap'] / 2**20:,.1f} MiB (RSS above is as the OS sees it; no GC was forced)")
lines.append(f"data dir bytes at end (NOT comparable: Vigil has no blocks yet): Prometheus $P_BYTES (wal $P_WAL), Vigil $V_BYTES")
if "$REPLAY" == "1":
    lines.append(f"replay: Prometheus '$REPLAY_P' s (RSS after {f('${REPLAY_P_RSS:-NA}') / 2**20:,.1f} MiB), "
                 f"Vigil '$REPLAY_V' s (RSS after {f('${REPLAY_V_RSS:-NA}') / 2**20:,.1f} MiB, head series after replay: ${REPLAY_V_SER:-NA})")
flags = []
if $PROM == 0:
    flags.append("Vigil ran alone (ONLY=vigil): no comparison")
elif p["ser"] != v["ser"]:
    flags.append(f"MISMATCH: head series differ (Prometheus {p['ser']:.0f}, Vigil {v['ser']:.0f})")
if $PROM and p["smp"] and abs(v["smp"] - p["smp"]) / p["smp"] > 0.05:
    flags.append(f"MISMATCH: samples appended in window differ by more than 5% (Prometheus {p['smp']:.0f}, Vigil {v['smp']:.0f})")
lines += flags or ["check: same head series and samples appended within 5%"]
lines.append("load average at end: " + open("/proc/loadavg").read().split()[0:3].__str__())
text = "\n".join(lines) + "\n"
print(text, end="")
open(out, "a").write(text)
PY
log "raw numbers appended to $OUT"
