package dev.vigil.server.promql.functions;

/**
 * {@code histogram_quantile} and {@code histogram_fraction} over the buckets of one classic
 * histogram: parallel arrays of upper bounds ({@code le}) and cumulative counts, in any order.
 *
 * <p>An instance is reusable scratch for one thread: each call sorts and rewrites the arrays it
 * is given (merging buckets with equal bounds, fixing monotonicity), and then records in
 * {@link #forcedMonotonic()} whether the evaluator must add the info annotation "input to
 * histogram_quantile needed to be fixed for monotonicity".
 */
public final class HistogramQuantile {
  /**
   * Relative difference between adjacent cumulative counts below which the difference is taken
   * for a floating point error (from {@code sum(rate(...))} etc.) and silently removed.
   */
  static final double SMALL_DELTA_TOLERANCE = 1e-12;

  private static final double MIN_NORMAL = Double.MIN_NORMAL;

  private boolean forcedMonotonic;
  private boolean fixedPrecision;

  /** Whether the last call had to raise a count that dropped by more than the tolerance. */
  public boolean forcedMonotonic() {
    return forcedMonotonic;
  }

  /** Whether the last call silently evened out tiny floating point differences. */
  public boolean fixedPrecision() {
    return fixedPrecision;
  }

  /**
   * The {@code q}-quantile estimated from the first {@code n} buckets. NaN {@code q} gives NaN,
   * {@code q < 0} -Inf, {@code q > 1} +Inf. NaN when there is no +Inf bucket, fewer than two
   * buckets, or no observations. Inside a bucket the observations are assumed to be spread
   * evenly; the lowest bucket starts at 0 unless its upper bound is not positive, in which case
   * that bound is the answer; a quantile in the +Inf bucket gives the highest finite bound.
   */
  public double quantile(double q, double[] upperBounds, double[] counts, int n) {
    forcedMonotonic = false;
    fixedPrecision = false;
    if (Double.isNaN(q)) {
      return Double.NaN;
    }
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (n == 0) {
      return Double.NaN;
    }
    sort(upperBounds, counts, n);
    if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    n = coalesce(upperBounds, counts, n);
    ensureMonotonic(counts, n);
    if (n < 2) {
      return Double.NaN;
    }
    double observations = counts[n - 1];
    if (observations == 0) {
      return Double.NaN;
    }
    double rank = q * observations;
    int b = firstAtLeast(counts, n - 1, rank);
    if (b == n - 1) {
      return upperBounds[n - 2];
    }
    if (b == 0 && upperBounds[0] <= 0) {
      return upperBounds[0];
    }
    double bucketStart = 0;
    double bucketEnd = upperBounds[b];
    double count = counts[b];
    if (b > 0) {
      bucketStart = upperBounds[b - 1];
      count -= counts[b - 1];
      rank -= counts[b - 1];
    }
    return bucketStart + (bucketEnd - bucketStart) * (rank / count);
  }

  /**
   * {@code histogram_fraction(lower, upper)}: the estimated share of observations between the
   * two values, interpolating linearly inside buckets. NaN without a +Inf bucket, without
   * observations, or for a NaN bound; 0 when {@code lower >= upper}. As for the quantile, the
   * lowest bucket starts at 0 when its upper bound is positive; a value inside an unbounded
   * bucket (the +Inf one, or a lowest one with a bound at or below 0) has none of that bucket's
   * observations below it.
   */
  public double fraction(double lower, double upper, double[] upperBounds, double[] counts,
      int n) {
    forcedMonotonic = false;
    fixedPrecision = false;
    if (n == 0) {
      return Double.NaN;
    }
    sort(upperBounds, counts, n);
    if (upperBounds[n - 1] != Double.POSITIVE_INFINITY) {
      return Double.NaN;
    }
    n = coalesce(upperBounds, counts, n);
    double total = counts[n - 1];
    if (total == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (int i = 0; i < n; i++) {
      double bucketLow = i > 0 ? upperBounds[i - 1]
          : upperBounds[0] > 0 ? 0 : Double.NEGATIVE_INFINITY;
      double bucketHigh = upperBounds[i];
      if (!lowerSet && bucketLow >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && bucketLow >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && bucketLow < lower && bucketHigh > lower) {
        lowerRank = interpolate(rank, counts[i], bucketLow, bucketHigh, lower);
        lowerSet = true;
      }
      if (!upperSet && bucketLow < upper && bucketHigh > upper) {
        upperRank = interpolate(rank, counts[i], bucketLow, bucketHigh, upper);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank = counts[i];
    }
    if (!lowerSet || lowerRank > total) {
      lowerRank = total;
    }
    if (!upperSet || upperRank > total) {
      upperRank = total;
    }
    return (upperRank - lowerRank) / total;
  }

  private static double interpolate(double rankBelow, double rankAtHigh, double low, double high,
      double v) {
    if (low == Double.NEGATIVE_INFINITY || high == Double.POSITIVE_INFINITY) {
      // An unbounded bucket has no width to spread over, so a finite value inside it has none of
      // its observations below it (what the plain formula gives for +Inf, instead of NaN for -Inf).
      return rankBelow;
    }
    return rankBelow + (rankAtHigh - rankBelow) * (v - low) / (high - low);
  }

  /** First index in {@code [0, limit)} whose count is at least {@code rank}, else limit. */
  private static int firstAtLeast(double[] counts, int limit, double rank) {
    int lo = 0;
    int hi = limit;
    while (lo < hi) {
      int mid = (lo + hi) >>> 1;
      if (!(counts[mid] >= rank)) {
        lo = mid + 1;
      } else {
        hi = mid;
      }
    }
    return lo;
  }

  /** Merges adjacent buckets with equal bounds by adding their counts; returns the new size. */
  private static int coalesce(double[] upperBounds, double[] counts, int n) {
    int out = 0;
    for (int i = 1; i < n; i++) {
      if (upperBounds[i] == upperBounds[out]) {
        counts[out] += counts[i];
      } else {
        out++;
        upperBounds[out] = upperBounds[i];
        counts[out] = counts[i];
      }
    }
    return out + 1;
  }

  /**
   * Evens out counts that differ from the last accepted count only by floating point noise, and
   * raises counts that drop; neither kind of step updates the reference count.
   */
  private void ensureMonotonic(double[] counts, int n) {
    double prev = counts[0];
    for (int i = 1; i < n; i++) {
      double cur = counts[i];
      if (cur == prev) {
        continue;
      }
      if (almostEqual(prev, cur, SMALL_DELTA_TOLERANCE)) {
        counts[i] = prev;
        fixedPrecision = true;
        continue;
      }
      if (cur < prev) {
        counts[i] = prev;
        forcedMonotonic = true;
        continue;
      }
      prev = cur;
    }
  }

  /**
   * Prometheus's float equality: relative, near zero absolute (scaled by the smallest normal
   * double); NaN equals NaN.
   */
  public static boolean almostEqual(double a, double b, double epsilon) {
    if (Double.isNaN(a) && Double.isNaN(b)) {
      return true;
    }
    if (a == b) {
      return true;
    }
    double absSum = Math.abs(a) + Math.abs(b);
    double diff = Math.abs(a - b);
    if (a == 0 || b == 0 || absSum < MIN_NORMAL) {
      return diff < epsilon * MIN_NORMAL;
    }
    return diff / Math.min(absSum, Double.MAX_VALUE) < epsilon;
  }

  /** Shell sort of the parallel arrays by upper bound; no allocation, fine for any bucket count. */
  private static void sort(double[] upperBounds, double[] counts, int n) {
    int gap = 1;
    while (gap < n / 3) {
      gap = 3 * gap + 1;
    }
    for (; gap >= 1; gap /= 3) {
      for (int i = gap; i < n; i++) {
        double bound = upperBounds[i];
        double count = counts[i];
        int j = i;
        while (j >= gap && upperBounds[j - gap] > bound) {
          upperBounds[j] = upperBounds[j - gap];
          counts[j] = counts[j - gap];
          j -= gap;
        }
        upperBounds[j] = bound;
        counts[j] = count;
      }
    }
  }
}
