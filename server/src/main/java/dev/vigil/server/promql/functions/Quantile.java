package dev.vigil.server.promql.functions;

import java.util.Arrays;

/**
 * The φ-quantile of a set of floats as the {@code quantile} aggregation and
 * {@code quantile_over_time} compute it: sort, then interpolate linearly between the two values
 * around rank {@code φ·(n-1)}. NaN values sort before every number, as in Prometheus.
 */
public final class Quantile {
  private Quantile() {}

  /**
   * The {@code q}-quantile of {@code values[from, to)}, which this method sorts in place (pass a
   * scratch copy when the order matters). Empty input or NaN {@code q} gives NaN, {@code q < 0}
   * gives -Inf and {@code q > 1} gives +Inf.
   */
  public static double of(double q, double[] values, int from, int to) {
    int n = to - from;
    if (n <= 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    Arrays.sort(values, from, to);
    // Arrays.sort puts NaN last; Prometheus orders NaN first. Count them and shift indexes
    // instead of moving elements.
    int nans = 0;
    for (int i = to - 1; i >= from && Double.isNaN(values[i]); i--) {
      nans++;
    }
    double rank = q * (n - 1);
    double lower = Math.max(0, Math.floor(rank));
    double upper = Math.min(n - 1, lower + 1);
    double weight = rank - Math.floor(rank);
    return at(values, from, nans, (int) lower) * (1 - weight)
        + at(values, from, nans, (int) upper) * weight;
  }

  /** The element at logical index {@code i} of the NaN-first ordering. */
  private static double at(double[] sorted, int from, int nans, int i) {
    return i < nans ? Double.NaN : sorted[from + i - nans];
  }

  /**
   * The median absolute deviation of {@code values[from, to)}: the median of the distances to the
   * median. A NaN anywhere makes the result NaN (it is not ranked as the smallest value here,
   * unlike in {@link #of}). Overwrites {@code values[from, to)}.
   */
  public static double medianAbsoluteDeviation(double[] values, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Double.isNaN(values[i])) {
        return Double.NaN;
      }
    }
    double median = of(0.5, values, from, to);
    for (int i = from; i < to; i++) {
      values[i] = Math.abs(values[i] - median);
    }
    return of(0.5, values, from, to);
  }
}
