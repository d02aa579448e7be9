package dev.vigil.server.promql.functions;

import java.util.ArrayList;
import java.util.List;

/**
 * A float series written like a promqltest load line ({@code "0+10x4 0+10x5"}, {@code "1 NaN 3"},
 * {@code "_"} for a gap) at a fixed interval, and the window of it a range selector sees.
 */
final class TestSeries {
  final long[] ts;
  final double[] vs;
  int from;
  int to;

  private TestSeries(long[] ts, double[] vs) {
    this.ts = ts;
    this.vs = vs;
    this.to = ts.length;
  }

  static TestSeries load(long intervalMs, String spec) {
    List<Double> values = new ArrayList<>();
    List<Long> times = new ArrayList<>();
    int slot = 0;
    for (String item : spec.trim().split("\\s+")) {
      int x = item.lastIndexOf('x');
      if (x > 0 && !item.startsWith("0x")) {
        String startStep = item.substring(0, x);
        int count = Integer.parseInt(item.substring(x + 1));
        int sign = startStep.lastIndexOf('+') > 0 ? startStep.lastIndexOf('+')
            : startStep.lastIndexOf('-');
        double start = FloatFormat.parseGo(sign > 0 ? startStep.substring(0, sign) : startStep);
        double step = sign > 0 ? FloatFormat.parseGo(startStep.substring(sign)) : 0;
        for (int i = 0; i <= count; i++) {
          times.add(slot++ * intervalMs);
          values.add(start + step * i);
        }
      } else if (item.equals("_")) {
        slot++;
      } else {
        times.add(slot++ * intervalMs);
        values.add(FloatFormat.parseGo(item));
      }
    }
    long[] ts = times.stream().mapToLong(Long::longValue).toArray();
    double[] vs = values.stream().mapToDouble(Double::doubleValue).toArray();
    return new TestSeries(ts, vs);
  }

  /** Restricts to samples in {@code (evalMs - rangeMs, evalMs]}, as Prometheus 3 selects. */
  TestSeries range(long evalMs, long rangeMs) {
    from = 0;
    while (from < ts.length && ts[from] <= evalMs - rangeMs) {
      from++;
    }
    to = from;
    while (to < ts.length && ts[to] <= evalMs) {
      to++;
    }
    return this;
  }

  static long min(long m) {
    return m * 60_000;
  }

  static long sec(long s) {
    return s * 1000;
  }
}
