package dev.vigil.server.promql.value;

import dev.vigil.server.model.Labels;
import java.util.Arrays;

/**
 * One series of a matrix: {@code size} points, timestamps (ms) ascending. The arrays may be longer
 * than {@code size}; only the first {@code size} entries count. Callers must not modify them.
 */
public record Series(Labels labels, long[] ts, double[] vs, int size) {
  public Series {
    if (size < 0 || size > ts.length || size > vs.length) {
      throw new IllegalArgumentException("size " + size + " exceeds the point arrays");
    }
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
        && Arrays.equals(vs, 0, size, s.vs, 0, size);
  }

  @Override
  public int hashCode() {
    return labels.hashCode() * 31 + size;
  }

  @Override
  public String toString() {
    StringBuilder b = new StringBuilder(labels.toString()).append(" =>");
    for (int i = 0; i < size; i++) {
      b.append(' ').append(vs[i]).append(" @").append(ts[i]);
    }
    return b.toString();
  }
}
