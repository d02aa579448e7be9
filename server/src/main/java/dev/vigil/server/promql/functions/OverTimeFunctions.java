package dev.vigil.server.promql.functions;

/**
 * The {@code <aggregation>_over_time} functions over the float samples of one series in a range,
 * {@code vs[from, to)} with timestamps {@code ts[from, to)} in milliseconds.
 *
 * <p>Every function except {@code count} and {@code present} needs at least one sample: a series
 * with no float samples in the range has no result, and the evaluator must skip it (these
 * methods throw {@link IllegalArgumentException} for an empty window). {@code absent_over_time}
 * is a property of the whole selection, not of a series; the evaluator answers it with
 * {@link #absent(int)} on the number of series that had samples.
 */
public final class OverTimeFunctions {
  private OverTimeFunctions() {}

  /** {@code sum_over_time}: Kahan-compensated sum. */
  public static double sum(double[] vs, int from, int to) {
    requireSample(from, to);
    double sum = 0;
    double c = 0;
    for (int i = from; i < to; i++) {
      double t = sum + vs[i];
      c = KahanSum.compensate(sum, vs[i], t, c);
      sum = t;
    }
    return Double.isInfinite(sum) ? sum : sum + c;
  }

  /**
   * {@code avg_over_time}: compensated sum divided by the count, switching to an incremental mean
   * once the sum would overflow (see {@link KahanMean}).
   */
  public static double avg(double[] vs, int from, int to) {
    requireSample(from, to);
    double sum = vs[from];
    double c = 0;
    double mean = 0;
    double count = 1;
    boolean incremental = false;
    for (int i = from + 1; i < to; i++) {
      double v = vs[i];
      count = i - from + 1;
      if (!incremental) {
        double t = sum + v;
        if (!Double.isInfinite(t)) {
          c = KahanSum.compensate(sum, v, t, c);
          sum = t;
          continue;
        }
        incremental = true;
        mean = sum / (count - 1);
        c /= count - 1;
      }
      double q = (count - 1) / count;
      double m = q * mean;
      double inc = v / count;
      double t = m + inc;
      c = KahanSum.compensate(m, inc, t, q * c);
      mean = t;
    }
    if (incremental) {
      return mean + c;
    }
    return sum / count + c / count;
  }

  /** {@code min_over_time}: the smallest value; NaN only when all values are NaN. */
  public static double min(double[] vs, int from, int to) {
    requireSample(from, to);
    double min = vs[from];
    for (int i = from + 1; i < to; i++) {
      if (vs[i] < min || Double.isNaN(min)) {
        min = vs[i];
      }
    }
    return min;
  }

  /** {@code max_over_time}: the largest value; NaN only when all values are NaN. */
  public static double max(double[] vs, int from, int to) {
    requireSample(from, to);
    double max = vs[from];
    for (int i = from + 1; i < to; i++) {
      if (vs[i] > max || Double.isNaN(max)) {
        max = vs[i];
      }
    }
    return max;
  }

  /** {@code ts_of_min_over_time}: seconds timestamp of the last sample with the minimum value. */
  public static double tsOfMin(long[] ts, double[] vs, int from, int to) {
    requireSample(from, to);
    double min = vs[from];
    long at = ts[from];
    for (int i = from + 1; i < to; i++) {
      if (vs[i] <= min || Double.isNaN(min)) {
        min = vs[i];
        at = ts[i];
      }
    }
    return at / 1000.0;
  }

  /** {@code ts_of_max_over_time}: seconds timestamp of the last sample with the maximum value. */
  public static double tsOfMax(long[] ts, double[] vs, int from, int to) {
    requireSample(from, to);
    double max = vs[from];
    long at = ts[from];
    for (int i = from + 1; i < to; i++) {
      if (vs[i] >= max || Double.isNaN(max)) {
        max = vs[i];
        at = ts[i];
      }
    }
    return at / 1000.0;
  }

  /** {@code count_over_time}. */
  public static double count(int from, int to) {
    return Math.max(0, to - from);
  }

  /** {@code stdvar_over_time}: population variance, Welford with compensated sums. */
  public static double stdvar(double[] vs, int from, int to) {
    requireSample(from, to);
    double count = 0;
    double mean = 0;
    double cMean = 0;
    double aux = 0;
    double cAux = 0;
    for (int i = from; i < to; i++) {
      double v = vs[i];
      count++;
      double delta = v - (mean + cMean);
      double inc = delta / count;
      double t = mean + inc;
      cMean = KahanSum.compensate(mean, inc, t, cMean);
      mean = t;
      double incAux = delta * (v - (mean + cMean));
      t = aux + incAux;
      cAux = KahanSum.compensate(aux, incAux, t, cAux);
      aux = t;
    }
    return (aux + cAux) / count;
  }

  /** {@code stddev_over_time}: population standard deviation. */
  public static double stddev(double[] vs, int from, int to) {
    return Math.sqrt(stdvar(vs, from, to));
  }

  /**
   * {@code quantile_over_time}: see {@link Quantile#of}. Sorts {@code vs[from, to)} in place, so
   * pass a scratch copy when the samples are still needed.
   */
  public static double quantile(double q, double[] vs, int from, int to) {
    requireSample(from, to);
    return Quantile.of(q, vs, from, to);
  }

  /** {@code mad_over_time}; overwrites {@code vs[from, to)} like {@link #quantile}. */
  public static double mad(double[] vs, int from, int to) {
    requireSample(from, to);
    return Quantile.medianAbsoluteDeviation(vs, from, to);
  }

  /** {@code last_over_time}: the newest value. */
  public static double last(double[] vs, int from, int to) {
    requireSample(from, to);
    return vs[to - 1];
  }

  /** {@code first_over_time}: the oldest value. */
  public static double first(double[] vs, int from, int to) {
    requireSample(from, to);
    return vs[from];
  }

  /** {@code ts_of_last_over_time}: the newest sample's timestamp in seconds. */
  public static double tsOfLast(long[] ts, int from, int to) {
    requireSample(from, to);
    return ts[to - 1] / 1000.0;
  }

  /** {@code ts_of_first_over_time}: the oldest sample's timestamp in seconds. */
  public static double tsOfFirst(long[] ts, int from, int to) {
    requireSample(from, to);
    return ts[from] / 1000.0;
  }

  /** {@code present_over_time}: 1 for a series with any sample in the range. */
  public static double present() {
    return 1;
  }

  /**
   * Whether {@code absent_over_time} yields its single 1-valued sample: only when no selected
   * series had a sample in the range.
   */
  public static boolean absent(int seriesWithSamples) {
    return seriesWithSamples == 0;
  }

  private static void requireSample(int from, int to) {
    if (to <= from) {
      throw new IllegalArgumentException("need at least one sample, got none");
    }
  }
}
