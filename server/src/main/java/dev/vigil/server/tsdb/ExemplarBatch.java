package dev.vigil.server.tsdb;

import dev.vigil.server.model.Labels;
import java.util.Arrays;

/**
 * The exemplars of one uncommitted batch, in parallel arrays reused across commits of the same
 * appender (grown by doubling), so buffering one allocates nothing. Not thread-safe.
 */
final class ExemplarBatch {
  MemSeries[] series = new MemSeries[8];
  Labels[] labels = new Labels[8];
  long[] ts = new long[8];
  double[] vs = new double[8];
  boolean[] ownTime = new boolean[8];
  int n;

  void add(MemSeries s, Labels l, long t, double v, boolean hasTimestamp) {
    if (n == ts.length) {
      ownTime = Arrays.copyOf(ownTime, n * 2);
      series = Arrays.copyOf(series, n * 2);
      labels = Arrays.copyOf(labels, n * 2);
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
    }
    series[n] = s;
    labels[n] = l;
    ts[n] = t;
    vs[n] = v;
    ownTime[n] = hasTimestamp;
    n++;
  }

  /** Keeps entry {@code i} as entry {@code to} (to ≤ i), for filtering in place. */
  void move(int i, int to) {
    series[to] = series[i];
    labels[to] = labels[i];
    ts[to] = ts[i];
    vs[to] = vs[i];
    ownTime[to] = ownTime[i];
  }

  void clear() {
    Arrays.fill(series, 0, n, null);
    Arrays.fill(labels, 0, n, null);
    n = 0;
  }
}
