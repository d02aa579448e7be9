#!/usr/bin/env python3
"""Writes an OpenMetrics file of node_exporter-like history for bench/backfill (stdlib only).

Each simulated host has about 110 series with the shapes node_exporter really produces: CPU
seconds with two decimals (USER_HZ=100), byte and packet counters that grow by irregular integer
steps, memory and filesystem gauges in whole pages, load averages with two decimals, a few
full-precision floats (scrape durations, clock offsets) and constant series (sizes, info
metrics, error counters that stay 0). Timestamps follow a 15 s scrape with a fixed per-host
offset and a few milliseconds of jitter. One host reboots half-way, resetting its counters.
Output is deterministic for a given seed.

usage: gen.py OUT HOSTS HOURS [SEED]
"""
import random
import sys

INTERVAL = 15.0
START = 1_700_000_000  # not 2h-aligned on purpose: the first and last blocks are partial


def host_label(h):
    return f'instance="host-{h:03d}:9100",job="node"'


class Counter:
    """Integer or fixed-decimal counter: value = ticks / scale, growing by rate*dt with noise."""

    def __init__(self, rng, rate, scale=1, burst=0.3, idle=0.0):
        self.rng, self.rate, self.scale, self.burst, self.idle = rng, rate, scale, burst, idle
        self.ticks = rng.randrange(1, 10**9) if rate > 0 else 0

    def step(self, reboot):
        if reboot:
            self.ticks = 0
        if self.rate > 0 and self.rng.random() >= self.idle:
            mean = self.rate * INTERVAL * self.scale
            self.ticks += max(0, int(self.rng.gauss(mean, mean * self.burst)))
        return fmt(self.ticks, self.scale)


class Gauge:
    """Random walk around a level, in steps of `quantum`, with `scale` decimals."""

    def __init__(self, rng, level, spread, quantum=1, scale=1, lo=0):
        self.rng, self.spread, self.quantum, self.scale, self.lo = rng, spread, quantum, scale, lo
        self.level = int(level * scale) // quantum * quantum
        self.v = self.level

    def step(self, reboot):
        move = int(self.rng.gauss(0, self.spread * self.scale)) // self.quantum * self.quantum
        # Pulled back towards the level so the walk stays plausible for hours.
        self.v = max(self.lo, self.v + move - (self.v - self.level) // 8 // self.quantum * self.quantum)
        return fmt(self.v, self.scale)


class Const:
    def __init__(self, v):
        self.v = v

    def step(self, reboot):
        return self.v


class Float:
    """Full-precision measurements, as Go's strconv writes them (shortest round-trip repr)."""

    def __init__(self, rng, mean, sd):
        self.rng, self.mean, self.sd = rng, mean, sd

    def step(self, reboot):
        return repr(abs(self.rng.gauss(self.mean, self.sd)))


def fmt(ticks, scale):
    if scale == 1:
        return str(ticks)
    digits = len(str(scale)) - 1
    return f"{ticks // scale}.{ticks % scale:0{digits}d}"


def families(rng):
    """(family, type, [(sample name, extra labels, factory(rng))]) per host."""
    GiB = 1 << 30
    cpu = []
    for c in range(4):
        for mode, rate, idle in (("idle", 0.85, 0), ("user", 0.08, 0), ("system", 0.04, 0),
                                 ("iowait", 0.005, 0.5), ("irq", 0.001, 0.8), ("softirq", 0.003, 0.3),
                                 ("nice", 0.0, 0), ("steal", 0.0, 0)):
            cpu.append((f'cpu="{c}",mode="{mode}"', lambda r, rate=rate, idle=idle: Counter(r, rate, 100, 0.2, idle)))
    out = [("node_cpu_seconds", "counter", "_total", cpu)]
    mem = [("MemTotal", None), ("MemFree", 2 * GiB), ("MemAvailable", 6 * GiB), ("Cached", 3 * GiB),
           ("Buffers", 200 << 20), ("Active", 4 * GiB), ("Inactive", 2 * GiB), ("Dirty", 4 << 20),
           ("SwapTotal", None), ("SwapFree", None)]
    for name, level in mem:
        f = (lambda r: Const(str(16 * GiB))) if level is None else \
            (lambda r, level=level: Gauge(r, level, level / 500, quantum=4096))
        out.append((f"node_memory_{name}_bytes", "gauge", "", [("", f)]))
    for metric, kind, rate in (("receive_bytes", "c", 200_000), ("transmit_bytes", "c", 120_000),
                               ("receive_packets", "c", 300), ("transmit_packets", "c", 250),
                               ("receive_errs", "z", 0), ("receive_drop", "z", 0)):
        series = []
        for dev, f in (("eth0", 1.0), ("lo", 0.1), ("docker0", 0.02)):
            series.append((f'device="{dev}"', lambda r, rate=rate * f: Counter(r, rate, 1, 0.6, 0.1)))
        out.append((f"node_network_{metric}", "counter", "_total", series))
    for metric, rate, scale in (("reads_completed", 20, 1), ("writes_completed", 40, 1),
                                ("read_bytes", 400_000, 1), ("written_bytes", 900_000, 1),
                                ("io_time_seconds", 0.05, 1000), ("read_time_seconds", 0.02, 1000),
                                ("write_time_seconds", 0.06, 1000)):
        series = [(f'device="{d}"', lambda r, rate=rate, scale=scale: Counter(r, rate, scale, 0.8, 0.2))
                  for d in ("sda", "nvme0n1")]
        out.append((f"node_disk_{metric}", "counter", "_total", series))
    out.append(("node_disk_io_now", "gauge", "", [(f'device="{d}"', lambda r: Gauge(r, 1, 1))
                                                 for d in ("sda", "nvme0n1")]))
    for metric in ("size_bytes", "avail_bytes", "free_bytes", "files", "files_free"):
        series = []
        for mp, size in (("/", 100 * GiB), ("/boot", GiB), ("/var", 400 * GiB)):
            lbl = f'device="/dev/sd{mp[-1:] if mp != "/" else "a"}1",fstype="ext4",mountpoint="{mp}"'
            if metric in ("size_bytes", "files"):
                f = lambda r, v=(size if metric == "size_bytes" else size // 16384): Const(str(v))
            else:
                f = lambda r, v=(size // 3 if metric.endswith("bytes") else size // 40000), \
                    q=(4096 if metric.endswith("bytes") else 1): Gauge(r, v, v / 20000, quantum=q)
            series.append((lbl, f))
        out.append((f"node_filesystem_{metric}", "gauge", "", series))
    for n in ("1", "5", "15"):
        out.append((f"node_load{n}", "gauge", "", [("", lambda r: Gauge(r, 0.8, 0.1, scale=100))]))
    for name, rate in (("node_context_switches", 3000), ("node_intr", 5000), ("node_forks", 4)):
        out.append((name, "counter", "_total", [("", lambda r, rate=rate: Counter(r, rate, 1, 0.3))]))
    out.append(("node_procs_running", "gauge", "", [("", lambda r: Gauge(r, 2, 1, lo=1))]))
    out.append(("node_procs_blocked", "gauge", "", [("", lambda r: Gauge(r, 0, 0.3))]))
    out.append(("node_boot_time_seconds", "gauge", "", [("", lambda r: Const(str(START - 86400 * 3)))]))
    out.append(("node_timex_offset_seconds", "gauge", "", [("", lambda r: Float(r, 0.0, 0.0002))]))
    out.append(("node_hwmon_temp_celsius", "gauge", "", [(f'chip="coretemp",sensor="temp{i}"',
                                                          lambda r: Gauge(r, 45, 1.5, scale=1000, quantum=1000))
                                                         for i in (1, 2)]))
    out.append(("node_entropy_available_bits", "gauge", "", [("", lambda r: Gauge(r, 3800, 40))]))
    out.append(("node_filefd_allocated", "gauge", "", [("", lambda r: Gauge(r, 2400, 30))]))
    out.append(("node_sockstat_TCP_inuse", "gauge", "", [("", lambda r: Gauge(r, 40, 3))]))
    out.append(("node_uname_info", "gauge", "", [('machine="x86_64",release="6.1.0-13-amd64",sysname="Linux"',
                                                  lambda r: Const("1"))]))
    out.append(("up", "gauge", "", [("", lambda r: Const("1"))]))
    out.append(("scrape_duration_seconds", "gauge", "", [("", lambda r: Float(r, 0.02, 0.004))]))
    out.append(("scrape_samples_scraped", "gauge", "", [("", lambda r: Const("1043"))]))
    return out


def main():
    out_path, hosts, hours = sys.argv[1], int(sys.argv[2]), float(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    jitter = int(sys.argv[5]) if len(sys.argv) > 5 else 0
    steps = int(hours * 3600 / INTERVAL)
    reboot_host, reboot_step = hosts // 2, steps // 2
    offsets = [random.Random(seed * 7919 + h).uniform(0, INTERVAL) for h in range(hosts)]
    series = 0
    with open(out_path, "w") as out:
        for fam, typ, suffix, members in families(None):
            out.write(f"# TYPE {fam} {typ}\n")
            for extra, factory in members:
                for h in range(hosts):
                    rng = random.Random(f"{seed}/{fam}/{extra}/{h}")
                    gen = factory(rng)
                    labels = host_label(h) if not extra else extra + "," + host_label(h)
                    prefix = f"{fam}{suffix}{{{labels}}} "
                    base = START + offsets[h]
                    lines = []
                    for s in range(steps):
                        ts = base + s * INTERVAL + rng.randint(-jitter, jitter) / 1000.0
                        v = gen.step(h == reboot_host and s == reboot_step)
                        lines.append(f"{prefix}{v} {ts:.3f}\n")
                    out.write("".join(lines))
                    series += 1
        out.write("# EOF\n")
    print(f"{series} series x {steps} samples = {series * steps} samples", file=sys.stderr)


if __name__ == "__main__":
    main()
