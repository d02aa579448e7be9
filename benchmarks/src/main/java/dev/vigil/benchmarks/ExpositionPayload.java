package dev.vigil.benchmarks;

import java.nio.charset.StandardCharsets;
import java.util.Random;

/**
 * Generates a scrape body shaped like node_exporter's: counters with device/mode labels,
 * filesystem gauges with three labels, and histograms, with HELP and TYPE lines, values as Go
 * prints them (integers, decimals, exponents, some NaN). Deterministic for a given size.
 */
final class ExpositionPayload {
  private static final String[] MODES = {"idle", "iowait", "irq", "nice", "softirq", "steal",
      "system", "user"};
  private static final String[] FS = {"ext4", "tmpfs", "xfs", "overlay"};
  private static final String[] LE = {"0.005", "0.01", "0.025", "0.05", "0.1", "0.25", "0.5",
      "1.0", "2.5", "5.0", "10.0", "+Inf"};

  final byte[] bytes;
  final int samples;

  private ExpositionPayload(byte[] bytes, int samples) {
    this.bytes = bytes;
    this.samples = samples;
  }

  /** About {@code series} samples, in the text format or OpenMetrics (with # EOF). */
  static ExpositionPayload generate(int series, boolean openMetrics) {
    Random r = new Random(42);
    StringBuilder sb = new StringBuilder(series * 90);
    int n = 0;
    for (int f = 0; n < series; f++) {
      switch (f % 4) {
        case 0, 1 -> { // counter, e.g. node_cpu_seconds_total{cpu="3",mode="idle"}
          String fam = "node_bench_" + f + "_seconds";
          meta(sb, openMetrics ? fam : fam + "_total", "counter",
              "Seconds the CPUs spent in each mode.");
          for (int cpu = 0; cpu < 4 && n < series; cpu++) {
            for (String mode : MODES) {
              sb.append(fam).append("_total{cpu=\"").append(cpu).append("\",mode=\"")
                  .append(mode).append("\"} ").append(value(r, false)).append('\n');
              n++;
            }
          }
        }
        case 2 -> { // gauge, e.g. node_filesystem_avail_bytes{device,fstype,mountpoint}
          String fam = "node_bench_" + f + "_bytes";
          meta(sb, fam, "gauge", "Filesystem space available to non-root users in bytes.");
          for (int d = 0; d < 12 && n < series; d++) {
            sb.append(fam).append("{device=\"/dev/sd").append((char) ('a' + d % 26))
                .append(d).append("\",fstype=\"").append(FS[d % FS.length])
                .append("\",mountpoint=\"/var/lib/docker/overlay2/").append(Integer.toHexString(
                    r.nextInt())).append("/merged\"} ").append(value(r, true)).append('\n');
            n++;
          }
        }
        default -> { // histogram with 12 buckets, _sum and _count
          String fam = "node_bench_" + f + "_duration_seconds";
          meta(sb, fam, "histogram", "Duration of a collector scrape.");
          for (int c = 0; c < 2 && n < series; c++) {
            long cum = 0;
            for (String le : LE) {
              cum += r.nextInt(50);
              sb.append(fam).append("_bucket{collector=\"c").append(c).append("\",le=\"")
                  .append(le).append("\"} ").append(cum).append('\n');
            }
            sb.append(fam).append("_sum{collector=\"c").append(c).append("\"} ")
                .append(r.nextInt(100000) / 1000.0).append('\n');
            sb.append(fam).append("_count{collector=\"c").append(c).append("\"} ").append(cum)
                .append('\n');
            n += LE.length + 2;
          }
        }
      }
    }
    if (openMetrics) {
      sb.append("# EOF\n");
    }
    return new ExpositionPayload(sb.toString().getBytes(StandardCharsets.UTF_8), n);
  }

  private static void meta(StringBuilder sb, String name, String type, String help) {
    sb.append("# HELP ").append(name).append(' ').append(help).append('\n');
    sb.append("# TYPE ").append(name).append(' ').append(type).append('\n');
  }

  /** Counters must not be NaN in OpenMetrics; gauges sometimes are. */
  private static String value(Random r, boolean mayBeNaN) {
    return switch (r.nextInt(5)) {
      case 0 -> Integer.toString(r.nextInt(100000));
      case 1 -> Double.toString(r.nextInt(10000000) / 100.0);
      case 2 -> String.format(java.util.Locale.ROOT, "%.6e", r.nextDouble() * 1e10);
      case 3 -> Long.toString(r.nextLong() & 0xffffffffffL);
      default -> mayBeNaN && r.nextInt(50) == 0 ? "NaN" : Double.toString(r.nextDouble());
    };
  }
}
