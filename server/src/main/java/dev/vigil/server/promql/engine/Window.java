package dev.vigil.server.promql.engine;

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
  int from;
  int to;
  private SampleIterator it;
  private boolean pending;
  private boolean done;
  private long pt;
  private double pv;

  void reset(SampleIterator iterator) {
    it = iterator;
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
        pending = true;
      }
      if (pt > hi) {
        return;
      }
      pending = false;
      if (pt > lo && !StaleNaN.is(pv)) {
        append(pt, pv);
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
        from = 0;
        to = n;
      }
      if (to == ts.length) {
        ts = Arrays.copyOf(ts, ts.length * 2);
        vs = Arrays.copyOf(vs, vs.length * 2);
      }
    }
    ts[to] = t;
    vs[to] = v;
    to++;
  }
}
