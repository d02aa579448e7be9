# Drain mode of bench/remote/run.sh (sourced by it after the warm-up; uses its variables and
# functions): stops the receiver for OUTAGE seconds while both senders keep scraping into their
# WALs, starts it again on the same port and data, and times how long each sender takes to send
# its backlog. A sender has drained at the first poll (every second) where the highest timestamp
# it has had acknowledged (prometheus_remote_storage_queue_highest_sent_timestamp_seconds) is at
# or past the moment the receiver was ready again, and its shards hold no more than one scrape
# round's worth (prometheus_remote_storage_samples_pending <= PENDING_OK, default SERIES: under
# live load a sender that has caught up still holds the round it is sending, so 0 is never seen
# at loads where a round takes longer than a poll to send). Samples/s during the drain = samples
# acknowledged between the receiver's restart and that poll, divided by that time.
# Prometheus 2.42 adds every attempt to prometheus_remote_storage_samples_total, failed ones too
# (those also go to _samples_retried_total); Vigil adds only acknowledged samples. So the
# acknowledged count is Δsamples_total − Δsamples_retried_total for Prometheus and
# Δsamples_total for Vigil.

log "drain mode: stopping the receiver for ${OUTAGE}s"
kill "$RPID"; wait "$RPID" 2>/dev/null || true
P_RB=$(metric $P_PORT prometheus_remote_storage_samples_retried_total)
V_RB=$(metric $V_PORT prometheus_remote_storage_samples_retried_total)
sleep "$OUTAGE"
P_RETRIED=$(( $(metric $P_PORT prometheus_remote_storage_samples_retried_total) - P_RB ))
V_RETRIED=$(( $(metric $V_PORT prometheus_remote_storage_samples_retried_total) - V_RB ))
start_receiver
wait_ready "$R_PORT"
T_READY=$(date +%s.%N)
P_OUT=$(metric $P_PORT prometheus_remote_storage_samples_total)
V_OUT=$(metric $V_PORT prometheus_remote_storage_samples_total)
P_R0=$(metric $P_PORT prometheus_remote_storage_samples_retried_total)
V_R0=$(metric $V_PORT prometheus_remote_storage_samples_retried_total)
log "receiver back (pid $RPID); waiting for both senders to catch up (at most ${DRAIN_TIMEOUT}s)"
P_CPU0=$(cpu "$PPID_"); V_CPU0=$(cpu "$VPID")
P_DONE=""; V_DONE=""; P_AT=0; V_AT=0
caught_up() { # port
  local hi pend
  hi=$(curl -s "http://127.0.0.1:$1/metrics" | awk '$1 ~ /^prometheus_remote_storage_queue_highest_sent_timestamp_seconds/ {print $NF}' | sort -g | tail -1)
  pend=$(metric "$1" prometheus_remote_storage_samples_pending)
  python3 -c "import sys; sys.exit(0 if float('${hi:-0}') >= $T_READY and float('$pend') <= ${PENDING_OK:-$SERIES} else 1)"
}
while [[ -z $P_DONE || -z $V_DONE ]]; do
  NOW=$(date +%s.%N)
  if python3 -c "import sys; sys.exit(0 if $NOW - $T_READY > $DRAIN_TIMEOUT else 1)"; then
    log "drain timeout: prometheus ${P_DONE:-not caught up}, vigil ${V_DONE:-not caught up}"
    break
  fi
  if [[ -z $P_DONE ]] && caught_up $P_PORT; then
    P_DONE=$NOW; P_AT=$(metric $P_PORT prometheus_remote_storage_samples_total); P_CPU1=$(cpu "$PPID_")
    P_R1=$(metric $P_PORT prometheus_remote_storage_samples_retried_total)
  fi
  if [[ -z $V_DONE ]] && caught_up $V_PORT; then
    V_DONE=$NOW; V_AT=$(metric $V_PORT prometheus_remote_storage_samples_total); V_CPU1=$(cpu "$VPID")
    V_R1=$(metric $V_PORT prometheus_remote_storage_samples_retried_total)
  fi
  sleep 1
done
P_FAIL=$(metric $P_PORT prometheus_remote_storage_samples_failed_total)
V_FAIL=$(metric $V_PORT prometheus_remote_storage_samples_failed_total)

python3 - "$T_READY" "${P_DONE:-nan}" "${V_DONE:-nan}" "$P_OUT" "$P_AT" "$V_OUT" "$V_AT" \
  "$P_R0" "${P_R1:-nan}" "$V_R0" "${V_R1:-nan}" "$P_FAIL" "$V_FAIL" "$P_CPU0" \
  "${P_CPU1:-nan}" "$V_CPU0" "${V_CPU1:-nan}" "$P_RETRIED" "$V_RETRIED" "$OUTAGE" \
  <<'PY' | tee "$WORK/table.txt"
import math, sys
(ready, pd, vd, pout, pat, vout, vat, pr0, pr1, vr0, vr1, pf, vf, pc0, pc1, vc0, vc1, pr, vr,
 outage) = map(float, sys.argv[1:])
p_acked = pat - pout - (pr1 - pr0)  # Prometheus counts failed attempts in samples_total
v_acked = vat - vout
def rate(n, secs):
    return n / secs if secs and not math.isnan(secs) and secs > 0 else float("nan")
pt, vt = pd - ready, vd - ready
print(f"receiver stopped {outage:.0f} s; drain measured from the moment it was ready again")
print(f"{'':36}{'Prometheus':>14}{'Vigil':>14}{'Vigil/Prom':>12}")
rows = [
    ("seconds to drain the backlog", pt, vt),
    ("samples acknowledged in the drain", p_acked, v_acked),
    ("samples/s during the drain", rate(p_acked, pt), rate(v_acked, vt)),
    ("CPU s during the drain", pc1 - pc0, vc1 - vc0),
    ("samples retried in the outage", pr, vr),
    ("samples failed (total)", pf, vf),
]
for name, p, v in rows:
    ratio = v / p if p and not math.isnan(p) else float("nan")
    print(f"{name:36}{p:>14.2f}{v:>14.2f}{ratio:>12.2f}")
PY
mkdir -p "$HERE/results"
cp "$WORK/table.txt" "$HERE/results/drain-$(date -u +%Y%m%dT%H%M%SZ).txt"
