#!/usr/bin/env bash
# Backfill benchmark: the same OpenMetrics history turned into blocks by promtool and by Vigil;
# compares disk bytes per sample (total, chunks, index) and the cost of each backfill.
# See bench/README.md.
#
# Environment (defaults):
#   HOSTS=45            simulated node_exporter hosts, about 110 series each (45: ~5000 series)
#   HOURS=4             hours of history at a 15 s interval
#   SEED=1              data generator seed
#   JITTER_MS=0         timestamp jitter, ± milliseconds per scrape
#   PROMTOOL=promtool   the promtool binary (Debian package prometheus)
#   VIGIL_JAVA_OPTS="-Xmx1g"
#   VIGIL_JAR=server/target/vigil-server.jar  (built with ./mvnw -B -q -DskipTests package if missing)
#   KEEP=0              1: keep the work dir (input file, both data dirs)
set -euo pipefail

HOSTS=${HOSTS:-45}
HOURS=${HOURS:-4}
SEED=${SEED:-1}
JITTER_MS=${JITTER_MS:-0}
PROMTOOL=${PROMTOOL:-promtool}
VIGIL_JAVA_OPTS=${VIGIL_JAVA_OPTS:--Xmx1g}
KEEP=${KEEP:-0}

HERE=$(cd "$(dirname "$0")" && pwd)
ROOT=$(cd "$HERE/../.." && pwd)
VIGIL_JAR=${VIGIL_JAR:-$ROOT/server/target/vigil-server.jar}

command -v "$PROMTOOL" >/dev/null || { echo "run.sh: $PROMTOOL not found (apt-get install prometheus)" >&2; exit 1; }
command -v python3 >/dev/null || { echo "run.sh: python3 not found" >&2; exit 1; }
[[ -x /usr/bin/time ]] || { echo "run.sh: /usr/bin/time not found (apt-get install time)" >&2; exit 1; }
if [[ ! -f $VIGIL_JAR ]]; then
  echo "building Vigil ..." >&2
  (cd "$ROOT" && ./mvnw -B -q -DskipTests package)
fi

WORK=$(mktemp -d /tmp/vigil-bench-backfill.XXXXXX)
cleanup() { [[ $KEEP == 1 ]] && echo "kept $WORK" >&2 || rm -rf "$WORK"; }
trap cleanup EXIT
RESULTS="$HERE/results/$(date -u +%Y%m%dT%H%M%SZ)"
mkdir -p "$RESULTS"

echo "generating $HOURS h of $HOSTS hosts ..." >&2
python3 "$HERE/gen.py" "$WORK/input.om" "$HOSTS" "$HOURS" "$SEED" "$JITTER_MS" 2> "$RESULTS/gen.txt"
cat "$RESULTS/gen.txt" >&2
INPUT_BYTES=$(stat -c %s "$WORK/input.om")

# One run each, input already in the page cache for both (the generator just wrote it).
# /usr/bin/time: wall seconds, user + system CPU seconds, max RSS in KiB.
timed() { local name=$1; shift; /usr/bin/time -o "$RESULTS/$name.time" -f "%e %U %S %M" "$@" \
  > "$RESULTS/$name.out" 2> "$RESULTS/$name.err"; }
echo "promtool tsdb create-blocks-from openmetrics ..." >&2
timed promtool "$PROMTOOL" tsdb create-blocks-from openmetrics "$WORK/input.om" "$WORK/prom"
echo "vigil tsdb create-blocks-from openmetrics ..." >&2
# shellcheck disable=SC2086
timed vigil java $VIGIL_JAVA_OPTS -jar "$VIGIL_JAR" tsdb create-blocks-from openmetrics \
  --quiet "$WORK/input.om" "$WORK/vigil"

python3 "$HERE/sizes.py" "$WORK/prom" > "$RESULTS/promtool.sizes.json"
python3 "$HERE/sizes.py" "$WORK/vigil" > "$RESULTS/vigil.sizes.json"

python3 - "$RESULTS" "$INPUT_BYTES" "$HOSTS" "$HOURS" "$SEED" "$JITTER_MS" <<'PY' | tee "$RESULTS/summary.txt"
import json, sys
res, input_bytes, hosts, hours, seed, jitter = sys.argv[1], int(sys.argv[2]), *sys.argv[3:7]
s, t = {}, {}
for name in ("promtool", "vigil"):
    s[name] = json.load(open(f"{res}/{name}.sizes.json"))
    wall, user, sys_, rss = open(f"{res}/{name}.time").read().split()[:4]
    t[name] = (float(wall), float(user) + float(sys_), int(rss) // 1024)
p, v = s["promtool"], s["vigil"]
print(f"input: {hosts} hosts, {hours} h at 15 s, ±{jitter} ms jitter, seed {seed}: {input_bytes / 2**20:.0f} MiB of OpenMetrics")
mismatch = p["samples"] != v["samples"]
print(f"{'':22}{'promtool':>14}{'vigil':>14}{'vigil/prom':>12}")
def row(label, a, b, fmt="{:>14,}"):
    r = f"{b / a:>12.3f}" if a else f"{'-':>12}"
    print(f"{label:22}" + fmt.format(a) + fmt.format(b) + r)
row("blocks", p["blocks"], v["blocks"])
row("series (max/block)", p["series_max"], v["series_max"])
row("samples", p["samples"], v["samples"])
row("chunks", p["chunks"], v["chunks"])
row("total block bytes", p["total_bytes"], v["total_bytes"])
row("chunk bytes", p["chunk_bytes"], v["chunk_bytes"])
row("index bytes", p["index_bytes"], v["index_bytes"])
for k, label in (("total_bytes", "total bytes/sample"), ("chunk_bytes", "chunk bytes/sample"),
                 ("index_bytes", "index bytes/sample")):
    row(label, p[k] / p["samples"], v[k] / v["samples"], "{:>14.3f}")
for name in ("promtool", "vigil"):
    enc = ", ".join(f"{k} {n:,}" for k, n in sorted(s[name]["encodings"].items()))
    print(f"{name + ' chunks':22}{enc}")
row("wall seconds", t["promtool"][0], t["vigil"][0], "{:>14.2f}")
row("CPU seconds", t["promtool"][1], t["vigil"][1], "{:>14.2f}")
row("max RSS MiB", t["promtool"][2], t["vigil"][2], "{:>14,}")
if mismatch:
    print(f"MISMATCH: promtool wrote {p['samples']} samples, vigil {v['samples']}")
json.dump({"input_bytes": input_bytes, "promtool": {**p, "wall": t["promtool"][0], "cpu": t["promtool"][1], "rss_mib": t["promtool"][2]},
           "vigil": {**v, "wall": t["vigil"][0], "cpu": t["vigil"][1], "rss_mib": t["vigil"][2]}},
          open(f"{res}/summary.json", "w"), indent=1)
PY
echo "results in $RESULTS" >&2
