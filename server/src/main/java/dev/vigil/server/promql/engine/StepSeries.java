package dev.vigil.server.promql.engine;

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
    }
    ts[n] = t;
    vs[n] = v;
    n++;
  }

  long lastT() {
    return n == 0 ? Long.MIN_VALUE : ts[n - 1];
  }

  Series toSeries() {
    return new Series(labels, ts, vs, n);
  }
}
