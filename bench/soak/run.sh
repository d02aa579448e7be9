#!/usr/bin/env bash
# Soak and fault run: server A scrapes 50 synthetic targets, evaluates 200 rules and remote-writes
# to server B, while its API is polled like a UI would; meanwhile A is killed with SIGKILL and
# restarted, A's disk (a small tmpfs) is filled and emptied, and B is taken away and brought
# back. At the end it checks, through queries, that B holds every sample A stored, none twice,
# and that A's memory stayed flat; then prints a summary table. Stops by itself.
#
# Needs root for the tmpfs (without it the disk faults are skipped and the summary says so).
# Environment (defaults): DURATION=600 (s of faults) TARGETS=50 SERIES_PER_TARGET=200
#   INTERVAL=5 (s scrape and rule interval) RULES=200 FAULT_EVERY=45 (s between faults)
#   DISK=256m (tmpfs size) KEEP=0 (1 keeps the work directory)
set -euo pipefail
HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
. "$HERE/../lib.sh"
DURATION=${DURATION:-600} TARGETS=${TARGETS:-50} SERIES_PER_TARGET=${SERIES_PER_TARGET:-200}
INTERVAL=${INTERVAL:-5} RULES=${RULES:-200} FAULT_EVERY=${FAULT_EVERY:-45} DISK=${DISK:-256m}
JAR="$ROOT/server/target/vigil-server.jar"
[ -f "$JAR" ] || (cd "$ROOT" && ./mvnw -B -q -DskipTests package)

WORK=$(mktemp -d "${TMPDIR:-/tmp}/vigil-soak.XXXXXX")
A_DATA="$WORK/a"
mkdir -p "$A_DATA" "$WORK/b"
TMPFS=0
if [ "$(id -u)" = 0 ] && mount -t tmpfs -o size="$DISK" tmpfs "$A_DATA" 2>/dev/null; then
  TMPFS=1
else
  log "not root or no tmpfs: A's data stays on the normal disk and the disk faults are skipped"
fi
PIDS=()
A_PID=0 B_PID=0
cleanup() {
  kill "${PIDS[@]}" "$A_PID" "$B_PID" 2>/dev/null || true
  wait 2>/dev/null || true
  [ "$TMPFS" = 1 ] && umount -l "$A_DATA" 2>/dev/null || true
  [ "${KEEP:-0}" = 1 ] && log "kept $WORK" || rm -rf "$WORK"
}
trap cleanup EXIT

python3 "$ROOT/bench/ingest/targets.py" "$WORK/ports" "$TARGETS" "$SERIES_PER_TARGET" \
  >"$WORK/targets.log" 2>&1 &
PIDS+=($!)
for _ in $(seq 1 100); do [ -s "$WORK/ports" ] && [ "$(wc -l <"$WORK/ports")" -ge "$TARGETS" ] && break; sleep 0.2; done
SERIES=$((TARGETS * SERIES_PER_TARGET))
python3 "$ROOT/bench/rules/gen.py" "$WORK/rules.yml" "$SERIES" $((RULES / 2)) $((RULES - RULES / 2)) 50
A_PORT=$(free_port) B_PORT=$(free_port)
{
  printf 'global:\n  scrape_interval: %ss\n  scrape_timeout: %ss\n  evaluation_interval: %ss\n' \
    "$INTERVAL" "$INTERVAL" "$INTERVAL"
  printf 'rule_files: [%s]\n' "$WORK/rules.yml"
  printf 'remote_write:\n  - url: http://127.0.0.1:%s/api/v1/write\n    name: b\n' "$B_PORT"
  printf '    queue_config: {batch_send_deadline: 1s, min_backoff: 100ms, max_backoff: 2s}\n'
  printf 'scrape_configs:\n  - job_name: soak\n    static_configs:\n      - targets: ['
  sed 's/^/"127.0.0.1:/; s/$/"/' "$WORK/ports" | paste -sd, -
  printf ']\n'
} >"$WORK/a.yml"
printf 'global:\n  scrape_interval: 1m\n' >"$WORK/b.yml"

start_a() {
  java -Xmx1g -jar "$JAR" --config.file="$WORK/a.yml" --storage.tsdb.path="$A_DATA/data" \
    --web.listen-address=127.0.0.1:"$A_PORT" --no-alertmanager.embedded >>"$WORK/a.log" 2>&1 &
  A_PID=$!
}
start_b() {
  java -Xmx1g -jar "$JAR" --config.file="$WORK/b.yml" --storage.tsdb.path="$WORK/b/data" \
    --web.listen-address=127.0.0.1:"$B_PORT" --web.enable-remote-write-receiver \
    --no-alertmanager.embedded >>"$WORK/b.log" 2>&1 &
  B_PID=$!
}
ready() { curl -fs "http://127.0.0.1:$1/-/ready" >/dev/null 2>&1; }
wait_ready() { for _ in $(seq 1 240); do ready "$1" && return 0; sleep 0.5; done; log "port $1 not ready"; return 1; }

T0=$(date +%s)
start_b; wait_ready "$B_PORT"
start_a; wait_ready "$A_PORT"
log "A on :$A_PORT scrapes $TARGETS targets ($SERIES series) every ${INTERVAL}s with $RULES rules, remote-writes to B on :$B_PORT"

# The UI's polling: what the pages ask for, every 2 s; failures counted only while A is up.
poll() {
  local ok=0 failed=0
  while :; do
    for path in "api/v1/query?query=up" "api/v1/targets" "api/v1/rules" "api/v1/alerts" \
        "api/v1/query_range?query=sum(rate(bench_requests_0_total%5B1m%5D))&start=$(( $(date +%s) - 600 ))&end=$(date +%s)&step=15"; do
      if curl -fs -m 10 "http://127.0.0.1:$A_PORT/$path" >/dev/null 2>&1; then
        ok=$((ok + 1))
      elif [ ! -f "$WORK/a-down" ]; then
        failed=$((failed + 1))
      fi
    done
    echo "$ok $failed" >"$WORK/poll"
    sleep 2
  done
}
poll &
PIDS+=($!)

sleep $((FAULT_EVERY / 2))
START=$(date +%s)
END=$((START + DURATION))
kills=0 fills=0 outages=0
rss_mb=()
n=0
while [ "$(date +%s)" -lt "$END" ]; do
  case $((n % 3)) in
    0)
      rss_mb+=($(( $(rss "$A_PID") / 1048576 )))
      log "fault: SIGKILL A (RSS ${rss_mb[-1]} MiB), restart after 3 s"
      touch "$WORK/a-down"
      kill -9 "$A_PID"; wait "$A_PID" 2>/dev/null || true
      sleep 3; start_a; wait_ready "$A_PORT"; rm -f "$WORK/a-down"
      kills=$((kills + 1)) ;;
    1)
      if [ "$TMPFS" = 1 ]; then
        log "fault: A's disk full for 20 s"
        fallocate -l "$(df --output=avail -B1 "$A_DATA" | tail -1)" "$A_DATA/ballast" 2>/dev/null \
          || dd if=/dev/zero of="$A_DATA/ballast" bs=1M 2>/dev/null || true
        sleep 20; rm -f "$A_DATA/ballast"
        fills=$((fills + 1))
      fi ;;
    2)
      # SIGSTOP, not a kill: B hangs (writes time out, A retries) and keeps its counters, so
      # the end can tell a sample received twice from one received once.
      log "fault: receiver B hung for 20 s"
      kill -STOP "$B_PID"; sleep 20; kill -CONT "$B_PID"
      outages=$((outages + 1)) ;;
  esac
  n=$((n + 1))
  sleep "$FAULT_EVERY"
done
rss_mb+=($(( $(rss "$A_PID") / 1048576 )))
STOP=$(date +%s)
log "faults over; letting remote write catch up"
for _ in $(seq 1 120); do
  lag=$(curl -fs "http://127.0.0.1:$A_PORT/api/v1/query?query=sum(prometheus_remote_storage_samples_pending)" \
    | python3 -c 'import json,sys; r=json.load(sys.stdin)["data"]["result"]; print(int(float(r[0]["value"][1])) if r else 0)' 2>/dev/null || echo 1)
  [ "$lag" = 0 ] && break
  sleep 1
done
sleep $((INTERVAL * 2))
read -r polled poll_failed <"$WORK/poll"
python3 "$HERE/verify.py" "$A_PORT" "$B_PORT" "$((T0 - 1))" "$STOP" "$TARGETS" \
  "$INTERVAL" "$kills" "$fills" "$outages" "$polled" "$poll_failed" "$TMPFS" "${rss_mb[*]}"
