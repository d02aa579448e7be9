package dev.vigil.server.tsdb;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.storage.SampleIterator;
import java.util.Arrays;

/**
 * The samples of a series from its first native histogram on, floats and histograms in time
 * order, as plain arrays in memory. A first step: there is no compressed histogram chunk, no WAL
 * record and no block encoding yet, which is why only a head without a WAL takes histograms
 * (see {@link Head}). Guarded by the owning series' lock.
 */
final class HistogramTail {
  private long[] ts = new long[8];
  private double[] vs = new double[8];
  private FloatHistogram[] hs = new FloatHistogram[8];
  private int n;

  /**
   * Adds a sample. A histogram is stored with the counter-reset hint a reader of Prometheus's
   * chunks would see: gauges stay gauges; one after another histogram is "reset" or "not reset"
   * as detected (or as the writer said); the first one, or one after a float, is "unknown".
   */
  void add(long t, double v, FloatHistogram h) {
    if (h != null && h.counterResetHint() != FloatHistogram.GAUGE) {
      FloatHistogram prev = n > 0 ? hs[n - 1] : null;
      if (h.counterResetHint() == FloatHistogram.COUNTER_RESET) {
        // As the writer said.
      } else if (prev == null || prev.counterResetHint() == FloatHistogram.GAUGE) {
        h = h.withHint(FloatHistogram.UNKNOWN);
      } else {
        h = h.withHint(h.withHint(FloatHistogram.UNKNOWN).detectReset(prev)
            ? FloatHistogram.COUNTER_RESET : FloatHistogram.NOT_COUNTER_RESET);
      }
    }
    if (n == ts.length) {
      ts = Arrays.copyOf(ts, n * 2);
      vs = Arrays.copyOf(vs, n * 2);
      hs = Arrays.copyOf(hs, n * 2);
    }
    ts[n] = t;
    vs[n] = v;
    hs[n] = h;
    n++;
  }

  /** Whether a sample at the newest time repeats the newest sample (a retried write). */
  boolean sameAsLast(double v, FloatHistogram h) {
    if (n == 0) {
      return false;
    }
    if (h != null || hs[n - 1] != null) {
      return h != null && h.equals(hs[n - 1]);
    }
    return Double.doubleToRawLongBits(v) == Double.doubleToRawLongBits(vs[n - 1]);
  }

  /** A copy of the samples in [mint, maxt] for one reader (histograms are immutable). */
  Snapshot snapshot(long mint, long maxt) {
    int from = 0;
    while (from < n && ts[from] < mint) {
      from++;
    }
    int to = from;
    while (to < n && ts[to] <= maxt) {
      to++;
    }
    return new Snapshot(Arrays.copyOfRange(ts, from, to), Arrays.copyOfRange(vs, from, to),
        Arrays.copyOfRange(hs, from, to));
  }

  record Snapshot(long[] ts, double[] vs, FloatHistogram[] hs) {}

  /** The float chunks' samples followed by the tail's: every tail sample is newer. */
  static final class ChainIterator implements SampleIterator {
    private final SampleIterator head;
    private final Snapshot tail;
    private boolean inHead = true;
    private int i = -1;

    ChainIterator(SampleIterator head, Snapshot tail) {
      this.head = head;
      this.tail = tail;
    }

    @Override
    public boolean next() {
      if (inHead) {
        if (head.next()) {
          return true;
        }
        inHead = false;
      }
      if (i < tail.ts.length) {
        i++;
      }
      return i < tail.ts.length;
    }

    @Override
    public boolean seek(long t) {
      if (inHead) {
        if (head.seek(t)) {
          return true;
        }
        inHead = false;
      }
      if (i < 0) {
        i = 0;
      }
      while (i < tail.ts.length && tail.ts[i] < t) {
        i++;
      }
      return i < tail.ts.length;
    }

    @Override
    public long atT() {
      return inHead ? head.atT() : tail.ts[i];
    }

    @Override
    public double atV() {
      return inHead ? head.atV() : tail.vs[i];
    }

    @Override
    public boolean mayHaveHistograms() {
      return true;
    }

    @Override
    public FloatHistogram atHistogram() {
      return inHead ? null : tail.hs[i];
    }
  }
}
