package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Series;
import java.util.Arrays;

/**
 * One series of an instant-vector expression evaluated over the query's steps: a point for each
 * step where the series has a value, timestamps ascending. Mutable while being built.
 */
final class StepSeries {
  Labels labels;
  long[] ts;
  double[] vs;
  /**
   * Null while the series has only floats, so float series carry no extra array; otherwise a
   * non-null {@code hs[i]} makes point i a native histogram.
   */
  FloatHistogram[] hs;
  int n;

  StepSeries(Labels labels, int capacity) {
    this.labels = labels;
    int c = Math.max(1, capacity);
    this.ts = new long[c];
    this.vs = new double[c];
  }

  void add(long t, double v) {
    if (n == ts.length) {
      int c = ts.length * 2;
      ts = Arrays.copyOf(ts, c);
      vs = Arrays.copyOf(vs, c);
      if (hs != null) {
        hs = Arrays.copyOf(hs, c);
      }
    }
    ts[n] = t;
    vs[n] = v;
    if (hs != null) {
      hs[n] = null;
    }
    n++;
  }

  /** Adds a histogram point, or a float one when {@code h} is null. */
  void add(long t, double v, FloatHistogram h) {
    add(t, v);
    if (h != null) {
      if (hs == null) {
        hs = new FloatHistogram[ts.length];
      }
      hs[n - 1] = h;
    }
  }

  FloatHistogram h(int i) {
    return hs == null ? null : hs[i];
  }

  long lastT() {
    return n == 0 ? Long.MIN_VALUE : ts[n - 1];
  }

  Series toSeries() {
    return new Series(labels, ts, vs, hs, n);
  }
}
