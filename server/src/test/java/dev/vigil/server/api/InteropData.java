package dev.vigil.server.api;

import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.SplittableRandom;

/**
 * The OpenMetrics file both servers are backfilled from: three hours of samples every 30 s for
 * a few hundred series (request counters with a reset, temperature gauges with one that stops
 * early, a classic request-duration histogram). Samples sit 7 s (plus a per-series jitter) off
 * the minute, so evaluation on whole minutes never lands on a sample: Prometheus 2.42's closed
 * range windows and the 3.x left-open ones then select the same samples.
 */
final class InteropData {
  /** The first sample's minute: 2023-11-14T22:00:00Z, on a 2 h block boundary. */
  static final long START = 1_699_999_200_000L;
  static final long END = START + 3 * 3600_000L;
  static final long INTERVAL = 30_000L;
  static final String[] JOBS = {"api", "web"};
  static final String[] METHODS = {"GET", "POST", "PUT"};
  static final String[] CODES = {"200", "404", "500", "503"};
  static final String[] ZONES = {"z1", "z2", "z3", "z4", "gone"};
  static final double[] BUCKETS = {0.05, 0.1, 0.25, 0.5, 1, 2.5};
  static final int INSTANCES = 5;

  private InteropData() {}

  static void write(Path file) throws IOException {
    SplittableRandom rnd = new SplittableRandom(42);
    try (Writer w = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      w.write("# HELP http_requests Requests served.\n# TYPE http_requests counter\n");
      int series = 0;
      for (String job : JOBS) {
        for (int i = 0; i < INSTANCES; i++) {
          for (String method : METHODS) {
            for (String code : CODES) {
              String labels = "{job=\"" + job + "\",instance=\"host" + i + ":9100\",method=\""
                  + method + "\",code=\"" + code + "\"}";
              double v = rnd.nextInt(1000);
              double speed = rnd.nextDouble() * 5;
              long jitter = series++ * 37 % 1000;
              for (long t = START; t <= END; t += INTERVAL) {
                // One counter reset an hour in, for rate/increase/resets.
                if (job.equals("api") && i == 0 && t == START + 3600_000L) {
                  v = 0;
                }
                sample(w, "http_requests_total" + labels, t + 7000 + jitter, v);
                v += Math.floor(rnd.nextDouble() * speed * 30);
              }
            }
          }
        }
      }
      w.write("# HELP node_temp_celsius Temperature.\n# TYPE node_temp_celsius gauge\n");
      for (int i = 0; i < 2 * INSTANCES; i++) {
        for (String zone : ZONES) {
          String labels = "{instance=\"host" + i + ":9100\",zone=\"" + zone + "\"}";
          double base = 20 + rnd.nextInt(50);
          long stop = zone.equals("gone") ? START + 5400_000L : END;
          for (long t = START; t <= stop; t += INTERVAL) {
            double v = base + 10 * Math.sin((t - START) / 600_000.0 + i)
                + Math.round(rnd.nextDouble() * 100) / 100.0;
            sample(w, "node_temp_celsius" + labels, t + 7000 + i * 11, v);
          }
        }
      }
      w.write("# HELP http_request_duration_seconds Request latency.\n"
          + "# TYPE http_request_duration_seconds histogram\n");
      for (String job : JOBS) {
        for (int i = 0; i < INSTANCES; i++) {
          String base = "job=\"" + job + "\",instance=\"host" + i + ":9100\"";
          long jitter = i * 53L;
          double[] counts = new double[BUCKETS.length + 1];
          double sum = 0;
          StringBuilder out = new StringBuilder();
          for (long t = START; t <= END; t += INTERVAL) {
            int n = rnd.nextInt(50);
            for (int k = 0; k < n; k++) {
              double latency = Math.exp(rnd.nextDouble() * 4 - 3.5);
              sum += latency;
              for (int b = 0; b <= BUCKETS.length; b++) {
                if (b == BUCKETS.length || latency <= BUCKETS[b]) {
                  counts[b]++;
                }
              }
            }
            long ts = t + 7000 + jitter;
            for (int b = 0; b <= BUCKETS.length; b++) {
              String le = b == BUCKETS.length ? "+Inf" : format(BUCKETS[b]);
              sample(out, "http_request_duration_seconds_bucket{" + base + ",le=\"" + le + "\"}",
                  ts, counts[b]);
            }
            sample(out, "http_request_duration_seconds_sum{" + base + "}", ts, sum);
            sample(out, "http_request_duration_seconds_count{" + base + "}", ts,
                counts[BUCKETS.length]);
          }
          w.write(out.toString());
        }
      }
      w.write("# EOF\n");
    }
  }

  private static void sample(Appendable w, String series, long ms, double v) throws IOException {
    w.append(series).append(' ').append(format(v)).append(' ')
        .append(String.format(Locale.ROOT, "%d.%03d", ms / 1000, ms % 1000)).append('\n');
  }

  private static String format(double v) {
    return v == Math.rint(v) && Math.abs(v) < 1e15 ? Long.toString((long) v) : Double.toString(v);
  }
}
