package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.storage.SampleIterator;
import java.util.Arrays;

/**
 * The samples of one series inside a sliding range {@code (lo, hi]}, read from an iterator as the
 * range moves forward. Only the current window is buffered; the buffer is reused from series to
 * series. Stale markers are skipped, as range selectors never return them.
 */
final class Window {
  long[] ts = new long[64];
  double[] vs = new double[64];
  /**
   * Null for a float series (the common case, decided once per series in {@link #reset});
   * otherwise {@code hs[i] != null} makes sample i a histogram.
   */
  FloatHistogram[] hs;
  int from;
  int to;
  private SampleIterator it;
  private boolean pending;
  private boolean done;
  private long pt;
  private double pv;
  private FloatHistogram ph;
  private boolean mixed;

  void reset(SampleIterator iterator) {
    it = iterator;
    mixed = iterator.mayHaveHistograms();
    if (mixed && (hs == null || hs.length != ts.length)) {
      hs = new FloatHistogram[ts.length];
    } else if (!mixed) {
      hs = null;
    }
    from = 0;
    to = 0;
    pending = false;
    done = false;
  }

  int size() {
    return to - from;
  }

  /** Moves the window to {@code (lo, hi]}; both bounds never decrease between calls. */
  void moveTo(long lo, long hi) {
    while (from < to && ts[from] <= lo) {
      from++;
    }
    while (true) {
      if (!pending) {
        if (done || !it.next()) {
          done = true;
          return;
        }
        pt = it.atT();
        pv = it.atV();
        if (mixed) {
          ph = it.atHistogram();
        }
        pending = true;
      }
      if (pt > hi) {
        return;
      }
      pending = false;
      if (pt > lo && (mixed ? ph != null || !StaleNaN.is(pv) : !StaleNaN.is(pv))) {
        append(pt, pv);
        if (mixed) {
          hs[to - 1] = ph;
        }
      }
    }
  }

  private void append(long t, double v) {
    if (to == ts.length) {
      if (from > 0) {
        // Reclaim the part of the buffer that slid out of the window before growing it.
        int n = to - from;
        System.arraycopy(ts, from, ts, 0, n);
        System.arraycopy(vs, from, vs, 0, n);
        if (hs != null) {
          System.arraycopy(hs, from, hs, 0, n);
        }
        from = 0;
        to = n;
      }
      if (to == ts.length) {
        ts = Arrays.copyOf(ts, ts.length * 2);
        vs = Arrays.copyOf(vs, vs.length * 2);
        if (hs != null) {
          hs = Arrays.copyOf(hs, hs.length * 2);
        }
      }
    }
    ts[to] = t;
    vs[to] = v;
    to++;
  }

  FloatHistogram h(int i) {
    return hs == null ? null : hs[i];
  }

  /** How many samples of the current window are histograms; 0 without a scan for float series. */
  int histogramCount() {
    if (hs == null) {
      return 0;
    }
    int k = 0;
    for (int i = from; i < to; i++) {
      if (hs[i] != null) {
        k++;
      }
    }
    return k;
  }
}
