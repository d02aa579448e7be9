package dev.vigil.server.promql.value;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;
import java.util.Arrays;

/**
 * One series of a matrix: {@code size} points, timestamps (ms) ascending. The arrays may be longer
 * than {@code size}; only the first {@code size} entries count. Callers must not modify them.
 * {@code hs} is null for a float series; otherwise a non-null {@code hs[i]} makes point i a native
 * histogram (and {@code vs[i]} meaningless).
 */
public record Series(Labels labels, long[] ts, double[] vs, FloatHistogram[] hs, int size) {
  public Series {
    if (size < 0 || size > ts.length || size > vs.length || (hs != null && size > hs.length)) {
      throw new IllegalArgumentException("size " + size + " exceeds the point arrays");
    }
  }

  public Series(Labels labels, long[] ts, double[] vs, int size) {
    this(labels, ts, vs, null, size);
  }

  /** The histogram of point {@code i}, or null for a float point. */
  public FloatHistogram histogram(int i) {
    return hs == null ? null : hs[i];
  }

  public static Series of(Labels labels, long[] ts, double[] vs) {
    return new Series(labels, ts, vs, Math.min(ts.length, vs.length));
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Series s
        && size == s.size
        && labels.equals(s.labels)
        && Arrays.equals(ts, 0, size, s.ts, 0, size)
        && Arrays.equals(vs, 0, size, s.vs, 0, size)
        && Arrays.equals(hs == null ? new FloatHistogram[size] : hs, 0, size,
            s.hs == null ? new FloatHistogram[size] : s.hs, 0, size);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(labels.toString()).append(" =>");
    for (int i = 0; i < size; i++) {
      b.append(' ').append(histogram(i) != null ? histogram(i) : vs[i]).append(" @").append(ts[i]);
    }
    return b.toString();
  }
}
