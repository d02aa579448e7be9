package dev.vigil.server.tsdb;

import java.util.Arrays;

/**
 * The arrays an appender collects a batch in, reused from batch to batch. A scrape's batch is as
 * large as its target, and allocating it anew on every scrape (and growing it for the few
 * synthetic series at the end) was nearly all the garbage of the ingest path: at 100,000 series
 * scraped every 15 s it made the young collections, and the concurrent cycles behind them, most
 * of the server's CPU time beyond the scrape threads.
 */
final class BatchBuffers {
  MemSeries[] series;
  long[] ts;
  double[] vs;

  BatchBuffers(int capacity) {
    series = new MemSeries[capacity];
    ts = new long[capacity];
    vs = new double[capacity];
  }

  int capacity() {
    return ts.length;
  }

  /** Doubles the capacity, keeping the first {@code n} entries. */
  void grow(int n) {
    series = Arrays.copyOf(series, n * 2);
    ts = Arrays.copyOf(ts, n * 2);
    vs = Arrays.copyOf(vs, n * 2);
  }

  /**
   * A few idle buffer sets, about one per thread that appends at the same time. Bounded in count
   * and in the size of what it keeps, so one huge batch does not stay in memory for good.
   */
  static final class Pool {
    /** Larger sets (over 6 MiB) are left to the collector after use. */
    static final int MAX_KEPT_CAPACITY = 1 << 18;
    private final BatchBuffers[] idle;
    private int size;

    Pool(int maxIdle) {
      idle = new BatchBuffers[maxIdle];
    }

    /** The smallest idle set that holds {@code capacity}, else the largest, else a new one. */
    synchronized BatchBuffers take(int capacity) {
      int best = -1;
      for (int i = 0; i < size; i++) {
        int c = idle[i].capacity();
        if (best < 0) {
          best = i;
          continue;
        }
        int b = idle[best].capacity();
        boolean fits = c >= capacity;
        boolean bestFits = b >= capacity;
        if (fits && (!bestFits || c < b) || !fits && !bestFits && c > b) {
          best = i;
        }
      }
      if (best < 0) {
        return new BatchBuffers(capacity);
      }
      BatchBuffers b = idle[best];
      idle[best] = idle[--size];
      idle[size] = null;
      return b;
    }

    /** Takes back a set whose series slots the caller has cleared. */
    synchronized void give(BatchBuffers b) {
      if (size < idle.length && b.capacity() <= MAX_KEPT_CAPACITY) {
        idle[size++] = b;
      }
    }

    synchronized int idle() {
      return size;
    }
  }
}
