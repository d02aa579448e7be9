package dev.vigil.server.tsdb.tools;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.TreeMap;

/**
 * A generated OpenMetrics file with timestamps, and the samples it holds ("labels t v", labels
 * as {@code Labels.toString} prints them), for backfill tests.
 */
final class OmFile {
  static final long START_MILLIS = 1_700_000_000_000L; // not 2h-aligned
  static final long STEP_MILLIS = 15_000;

  final StringBuilder text = new StringBuilder();
  /** Expected sample lines per series, in time order. */
  final TreeMap<String, List<String>> samples = new TreeMap<>();
  long count;

  /**
   * Counters (decimal increments, one reset), gauges (one NaN, negative values) and a histogram
   * over {@code steps} scrapes of 15 s, with {@code ms} of timestamp jitter.
   */
  static OmFile generate(int steps) {
    OmFile f = new OmFile();
    StringBuilder t = f.text;
    t.append("# TYPE http_requests counter\n# HELP http_requests Requests.\n");
    for (int s = 0; s < 3; s++) {
      String series = "http_requests_total{code=\"" + (200 + s) + "\",path=\"/a b{}\\\"\"}";
      double v = 100.5 * s;
      for (int i = 0; i < steps; i++) {
        v = i == steps / 2 && s == 1 ? 0.25 : v + (i * 7 + s) % 11 * 0.25;
        f.add(series, "__name__=http_requests_total, code=" + (200 + s) + ", path=/a b{}\"",
            ts(i, s), Double.toString(v));
      }
    }
    t.append("# TYPE temp_celsius gauge\n# UNIT temp_celsius celsius\n");
    for (int s = 0; s < 2; s++) {
      String series = "temp_celsius{sensor=\"" + s + "\"}";
      for (int i = 0; i < steps; i++) {
        String v = i == 7 && s == 0 ? "NaN" : String.format(Locale.ROOT, "%.1f", -5 + i % 40 * 0.5);
        f.add(series, "__name__=temp_celsius, sensor=" + s, ts(i, 3 + s), v);
      }
    }
    t.append("# TYPE latency_seconds histogram\n");
    String[] les = {"0.1", "1.0", "+Inf"};
    long[] cum = new long[3];
    double sum = 0;
    for (int i = 0; i < steps; i++) {
      long ts = ts(i, 5);
      cum[0] += i % 3;
      cum[1] += i % 3 + i % 2;
      cum[2] = cum[1] + 1 + i;
      sum += 0.5 * (i % 5);
      for (int b = 0; b < 3; b++) {
        f.add("latency_seconds_bucket{le=\"" + les[b] + "\"}",
            "__name__=latency_seconds_bucket, le=" + les[b], ts, Long.toString(cum[b]));
      }
      f.add("latency_seconds_count", "__name__=latency_seconds_count", ts,
          Long.toString(cum[2]));
      f.add("latency_seconds_sum", "__name__=latency_seconds_sum", ts, Double.toString(sum));
    }
    t.append("# EOF\n");
    return f;
  }

  /** Scrape {@code i} of series group {@code s}: a per-group offset plus 0-4 ms of jitter. */
  private static long ts(int i, int s) {
    return START_MILLIS + i * STEP_MILLIS + s * 1000 + (i * 31 + s) % 5;
  }

  private void add(String series, String labels, long t, String v) {
    text.append(series).append(' ').append(v).append(' ')
        .append(String.format(Locale.ROOT, "%d.%03d", t / 1000, t % 1000)).append('\n');
    String key = "{" + labels + "}";
    samples.computeIfAbsent(key, k -> new ArrayList<>())
        .add(key + " " + t + " " + Double.parseDouble(v));
    count++;
  }

  Path write(Path dir) throws IOException {
    return Files.writeString(dir.resolve("in.om"), text, StandardCharsets.UTF_8);
  }

  List<String> all() {
    List<String> out = new ArrayList<>();
    samples.values().forEach(out::addAll);
    return out;
  }
}
