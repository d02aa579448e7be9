package dev.vigil.server.promql.engine;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import java.util.Arrays;

/**
 * An instant vector at one step, as parallel arrays reused from step to step so the per-step
 * loops do not allocate a sample object per element.
 */
final class Vec {
  Labels[] labels = new Labels[16];
  double[] vs = new double[16];
  /** For vectors read through a {@link StepCursor}: the index of each element's series. */
  int[] idx = new int[16];
  /** Null until a histogram element is added; then {@code hs[i] != null} marks one. */
  FloatHistogram[] hs;
  int size;

  void clear() {
    size = 0;
    if (hs != null) {
      Arrays.fill(hs, null);
    }
  }

  FloatHistogram h(int i) {
    return hs == null ? null : hs[i];
  }

  void add(Labels l, double v, int series, FloatHistogram h) {
    add(l, v, series);
    if (h != null) {
      if (hs == null) {
        hs = new FloatHistogram[vs.length];
      }
      hs[size - 1] = h;
    }
  }

  void add(Labels l, double v) {
    add(l, v, -1);
  }

  void add(Labels l, double v, int series) {
    if (size == vs.length) {
      labels = Arrays.copyOf(labels, size * 2);
      vs = Arrays.copyOf(vs, size * 2);
      idx = Arrays.copyOf(idx, size * 2);
      if (hs != null) {
        hs = Arrays.copyOf(hs, size * 2);
      }
    }
    labels[size] = l;
    vs[size] = v;
    idx[size] = series;
    size++;
  }
}
