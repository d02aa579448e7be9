package dev.vigil.server.promql.functions;

import java.util.Locale;

/**
 * Functions of a range of float samples that look at how values change: {@code rate},
 * {@code increase}, {@code delta}, {@code irate}, {@code idelta}, {@code changes}, {@code resets},
 * {@code deriv}, {@code predict_linear} and {@code double_exponential_smoothing}.
 *
 * <p>Windows are {@code ts[from, to)} / {@code vs[from, to)} (see the package documentation). A
 * function that needs at least two samples throws {@link IllegalArgumentException} when given
 * fewer; the evaluator drops such series before calling (use {@link #MIN_SAMPLES_RATE} and
 * friends). The range {@code (rangeStartMs, rangeEndMs]} is the selector's range at the
 * evaluation time, after {@code offset}/{@code @}.
 */
public final class RangeFunctions {
  private RangeFunctions() {}

  /** Samples that rate, increase, delta, irate and idelta need. */
  public static final int MIN_SAMPLES_RATE = 2;
  /** Samples that {@code deriv}, {@code predict_linear} and the smoothing need. */
  public static final int MIN_SAMPLES_REGRESSION = 2;

  /** {@code rate}: the extrapolated per-second increase of a counter over the range. */
  public static double rate(long[] ts, double[] vs, int from, int to, long rangeStartMs,
      long rangeEndMs) {
    return extrapolatedDelta(ts, vs, from, to, rangeStartMs, rangeEndMs, true, true);
  }

  /** {@code increase}: the extrapolated increase of a counter over the range. */
  public static double increase(long[] ts, double[] vs, int from, int to, long rangeStartMs,
      long rangeEndMs) {
    return extrapolatedDelta(ts, vs, from, to, rangeStartMs, rangeEndMs, true, false);
  }

  /** {@code delta}: the extrapolated difference of a gauge over the range. */
  public static double delta(long[] ts, double[] vs, int from, int to, long rangeStartMs,
      long rangeEndMs) {
    return extrapolatedDelta(ts, vs, from, to, rangeStartMs, rangeEndMs, false, false);
  }

  /**
   * The difference between last and first sample (for counters corrected for resets: a drop
   * means the counter restarted from zero), extrapolated towards the range boundaries.
   *
   * <p>A gap to a boundary shorter than 1.1 average sample intervals is taken to mean the series
   * covers the range there, and the extrapolation goes all the way; a longer gap means the series
   * starts or ends inside the range, and the extrapolation covers only half an interval. A counter
   * is never extrapolated below zero: the start extrapolation stops where the line would cross
   * zero.
   */
  static double extrapolatedDelta(long[] ts, double[] vs, int from, int to, long rangeStartMs,
      long rangeEndMs, boolean isCounter, boolean isRate) {
    requireSamples(from, to, MIN_SAMPLES_RATE);
    int last = to - 1;
    long firstT = ts[from];
    long lastT = ts[last];
    double result = vs[last] - vs[from];
    if (isCounter) {
      double prev = vs[from];
      for (int i = from + 1; i < to; i++) {
        double cur = vs[i];
        if (cur < prev) {
          result += prev;
        }
        prev = cur;
      }
    }
    double durationToStart = (firstT - rangeStartMs) / 1000.0;
    double durationToEnd = (rangeEndMs - lastT) / 1000.0;
    double sampledInterval = (lastT - firstT) / 1000.0;
    double averageInterval = sampledInterval / (to - from - 1);
    double threshold = averageInterval * 1.1;

    if (durationToStart >= threshold) {
      durationToStart = averageInterval / 2;
    }
    if (isCounter && result > 0 && vs[from] >= 0) {
      double durationToZero = sampledInterval * (vs[from] / result);
      if (durationToZero < durationToStart) {
        durationToStart = durationToZero;
      }
    }
    if (durationToEnd >= threshold) {
      durationToEnd = averageInterval / 2;
    }
    double extrapolateTo = sampledInterval + durationToStart + durationToEnd;
    double factor = extrapolateTo / sampledInterval;
    if (isRate) {
      factor /= (rangeEndMs - rangeStartMs) / 1000.0;
    }
    return result * factor;
  }

  /**
   * {@code irate}: the per-second rate between the last two samples; after a counter reset the
   * last value itself counts as the increase.
   */
  public static double irate(long[] ts, double[] vs, int from, int to) {
    requireSamples(from, to, MIN_SAMPLES_RATE);
    double prev = vs[to - 2];
    double cur = vs[to - 1];
    // A drop is a reset: the counter went up by (at least) its current value. NaN is no drop.
    double change = cur < prev ? cur : cur - prev;
    return change / ((ts[to - 1] - ts[to - 2]) / 1000.0);
  }

  /** {@code idelta}: the difference between the last two samples. */
  public static double idelta(long[] ts, double[] vs, int from, int to) {
    requireSamples(from, to, MIN_SAMPLES_RATE);
    return vs[to - 1] - vs[to - 2];
  }

  /** {@code changes}: how often the value changed; NaN followed by NaN is no change. */
  public static double changes(double[] vs, int from, int to) {
    if (to <= from) {
      return 0;
    }
    int changes = 0;
    double prev = vs[from];
    for (int i = from + 1; i < to; i++) {
      double cur = vs[i];
      if (cur != prev && !(Double.isNaN(cur) && Double.isNaN(prev))) {
        changes++;
      }
      prev = cur;
    }
    return changes;
  }

  /** {@code resets}: how often the value dropped. */
  public static double resets(double[] vs, int from, int to) {
    if (to <= from) {
      return 0;
    }
    int resets = 0;
    double prev = vs[from];
    for (int i = from + 1; i < to; i++) {
      double cur = vs[i];
      if (cur < prev) {
        resets++;
      }
      prev = cur;
    }
    return resets;
  }

  /** {@code deriv}: the slope per second of the least-squares line through the samples. */
  public static double deriv(long[] ts, double[] vs, int from, int to) {
    requireSamples(from, to, MIN_SAMPLES_REGRESSION);
    // Times relative to the first sample keep the sums small, for precision.
    return LinearRegression.slope(ts, vs, from, to, ts[from]);
  }

  /**
   * {@code predict_linear}: the value the least-squares line through the samples reaches
   * {@code durationSeconds} after {@code evalTimeMs}.
   */
  public static double predictLinear(long[] ts, double[] vs, int from, int to, long evalTimeMs,
      double durationSeconds) {
    requireSamples(from, to, MIN_SAMPLES_REGRESSION);
    return LinearRegression.valueAt(ts, vs, from, to, evalTimeMs, durationSeconds);
  }

  /**
   * {@code double_exponential_smoothing} (Holt's linear method) with smoothing factor {@code sf}
   * and trend factor {@code tf}, each strictly between 0 and 1; the result is the last smoothed
   * value.
   *
   * @throws IllegalArgumentException when a factor is out of range, with Prometheus's message
   */
  public static double doubleExponentialSmoothing(double[] vs, int from, int to, double sf,
      double tf) {
    if (!(sf > 0 && sf < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "invalid smoothing factor. Expected: 0 < sf < 1, got: %f", sf));
    }
    if (!(tf > 0 && tf < 1)) {
      throw new IllegalArgumentException(String.format(Locale.ROOT,
          "invalid trend factor. Expected: 0 < tf < 1, got: %f", tf));
    }
    requireSamples(from, to, MIN_SAMPLES_REGRESSION);
    double s0 = 0;
    double s1 = vs[from];
    double trend = vs[from + 1] - vs[from];
    for (int i = from + 1; i < to; i++) {
      if (i > from + 1) {
        trend = tf * (s1 - s0) + (1 - tf) * trend;
      }
      double smoothed = sf * vs[i] + (1 - sf) * (s1 + trend);
      s0 = s1;
      s1 = smoothed;
    }
    return s1;
  }

  static void requireSamples(int from, int to, int min) {
    if (to - from < min) {
      throw new IllegalArgumentException(
          "need at least " + min + " samples, got " + Math.max(0, to - from));
    }
  }
}
