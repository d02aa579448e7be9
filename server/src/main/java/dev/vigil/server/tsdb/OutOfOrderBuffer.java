package dev.vigil.server.tsdb;

import java.util.Arrays;

/**
 * A series' out-of-order samples not yet merged into its chunks, sorted by time, without
 * duplicate timestamps. Small and short-lived: the series merges it into its chunks when it is
 * full and before anything reads the series. Guarded by the series' lock.
 */
final class OutOfOrderBuffer {
  /** Samples held before a merge: one re-encode of the series' recent chunks per this many. */
  static final int CAPACITY = 32;

  final long[] ts = new long[CAPACITY];
  final double[] vs = new double[CAPACITY];
  int n;

  /** Where {@code t} is or would go: its index, or {@code -(insertion point) - 1}. */
  int find(long t) {
    return Arrays.binarySearch(ts, 0, n, t);
  }

  /** Inserts at the point {@link #find} reported for a timestamp it did not find. */
  void insertAt(int point, long t, double v) {
    System.arraycopy(ts, point, ts, point + 1, n - point);
    System.arraycopy(vs, point, vs, point + 1, n - point);
    ts[point] = t;
    vs[point] = v;
    n++;
  }

  boolean full() {
    return n == CAPACITY;
  }
}
