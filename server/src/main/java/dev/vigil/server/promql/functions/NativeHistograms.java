package dev.vigil.server.promql.functions;

import dev.vigil.server.model.FloatHistogram;

/**
 * The estimates PromQL makes from one native histogram: {@code histogram_quantile},
 * {@code histogram_fraction}, {@code histogram_stddev} and {@code histogram_stdvar}. Buckets are
 * walked from the lowest (negative buckets, the zero bucket, positive buckets). Within a bucket
 * of an exponential schema values are taken as spread evenly on a logarithmic scale, within a
 * custom or the zero bucket evenly on a linear one, as Prometheus does.
 */
public final class NativeHistograms {
  private NativeHistograms() {}

  /** The buckets of {@code h} in order as parallel arrays; empty buckets left out. */
  private static final class Buckets {
    final double[] lower;
    final double[] upper;
    final double[] count;
    int n;

    Buckets(FloatHistogram h) {
      int max = h.negativeIndexes().length + h.positiveIndexes().length + 1;
      lower = new double[max];
      upper = new double[max];
      count = new double[max];
      int[] ni = h.negativeIndexes();
      double[] nc = h.negativeCounts();
      for (int i = ni.length - 1; i >= 0; i--) {
        add(-FloatHistogram.upperBound(ni[i], h.schema()),
            -FloatHistogram.upperBound(ni[i] - 1, h.schema()), nc[i]);
      }
      if (h.zeroCount() != 0) {
        add(-h.zeroThreshold(), h.zeroThreshold(), h.zeroCount());
      }
      int[] pi = h.positiveIndexes();
      double[] pc = h.positiveCounts();
      for (int i = 0; i < pi.length; i++) {
        add(h.positiveLower(pi[i]), h.positiveUpper(pi[i]), pc[i]);
      }
    }

    private void add(double lo, double hi, double c) {
      if (c == 0) {
        return;
      }
      lower[n] = lo;
      upper[n] = hi;
      count[n] = c;
      n++;
    }
  }

  public static double quantile(double q, FloatHistogram h) {
    if (q < 0) {
      return Double.NEGATIVE_INFINITY;
    }
    if (q > 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (h.count() == 0 || Double.isNaN(q)) {
      return Double.NaN;
    }
    Buckets b = new Buckets(h);
    if (b.n == 0) {
      return Double.NaN;
    }
    double rank = q * h.count();
    double count = 0;
    int i = 0;
    for (; i < b.n; i++) {
      count += b.count[i];
      if (count >= rank) {
        break;
      }
    }
    if (i == b.n) {
      i = b.n - 1;
    }
    double lo = b.lower[i];
    double hi = b.upper[i];
    boolean custom = h.customBuckets();
    if (!custom && lo < 0 && hi > 0) {
      // In the zero bucket: it only reaches to the side the histogram has buckets on.
      if (h.negativeIndexes().length == 0 && h.positiveIndexes().length > 0) {
        lo = 0;
      } else if (h.positiveIndexes().length == 0 && h.negativeIndexes().length > 0) {
        hi = 0;
      }
    } else if (custom) {
      if (lo == Double.NEGATIVE_INFINITY) {
        if (hi <= 0) {
          return hi;
        }
        lo = 0;
      } else if (hi == Double.POSITIVE_INFINITY) {
        return lo;
      }
    }
    count = Math.min(count, h.count());
    if (count < rank) {
      return hi;
    }
    rank -= count - b.count[i];
    double fraction = rank / b.count[i];
    if (custom || (lo <= 0 && hi >= 0)) {
      return lo + (hi - lo) * fraction;
    }
    double logLo = log2(Math.abs(lo));
    double logHi = log2(Math.abs(hi));
    if (lo > 0) {
      return Math.pow(2, logLo + (logHi - logLo) * fraction);
    }
    return -Math.pow(2, logHi + (logLo - logHi) * (1 - fraction));
  }

  public static double fraction(double lower, double upper, FloatHistogram h) {
    if (h.count() == 0 || Double.isNaN(lower) || Double.isNaN(upper)) {
      return Double.NaN;
    }
    if (lower >= upper) {
      return 0;
    }
    Buckets b = new Buckets(h);
    double rank = 0;
    double lowerRank = 0;
    double upperRank = 0;
    boolean lowerSet = false;
    boolean upperSet = false;
    for (int i = 0; i < b.n; i++) {
      double lo = b.lower[i];
      double hi = b.upper[i];
      double c = b.count[i];
      boolean zero = false;
      if (!h.customBuckets() && lo <= 0 && hi >= 0) {
        zero = true;
        if (h.negativeIndexes().length == 0 && h.positiveIndexes().length > 0) {
          lo = 0;
        } else if (h.positiveIndexes().length == 0 && h.negativeIndexes().length > 0) {
          hi = 0;
        }
      }
      boolean linear = h.customBuckets() || zero;
      if (!lowerSet && lo >= lower) {
        lowerRank = rank;
        lowerSet = true;
      }
      if (!upperSet && lo >= upper) {
        upperRank = rank;
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      if (!lowerSet && lo < lower && hi > lower) {
        lowerRank = rank + c * within(lower, lo, hi, linear);
        lowerSet = true;
      }
      if (!upperSet && lo < upper && hi > upper) {
        upperRank = rank + c * within(upper, lo, hi, linear);
        upperSet = true;
      }
      if (lowerSet && upperSet) {
        break;
      }
      rank += c;
    }
    if (!lowerSet || lowerRank > h.count()) {
      lowerRank = h.count();
    }
    if (!upperSet || upperRank > h.count()) {
      upperRank = h.count();
    }
    return (upperRank - lowerRank) / h.count();
  }

  /** The part of bucket (lo, hi] below {@code v}. */
  private static double within(double v, double lo, double hi, boolean linear) {
    if (linear) {
      if (lo == Double.NEGATIVE_INFINITY) {
        return hi <= v ? 1 : 0;
      }
      if (hi == Double.POSITIVE_INFINITY) {
        return 0;
      }
      return (v - lo) / (hi - lo);
    }
    double logLo = log2(Math.abs(lo));
    double logHi = log2(Math.abs(hi));
    double logV = log2(Math.abs(v));
    return v > 0 ? (logV - logLo) / (logHi - logLo) : 1 - (logV - logHi) / (logLo - logHi);
  }

  /** The variance estimated from bucket midpoints around the mean {@code sum / count}. */
  public static double stdvar(FloatHistogram h) {
    if (h.count() == 0) {
      return Double.NaN;
    }
    double mean = h.sum() / h.count();
    Buckets b = new Buckets(h);
    KahanSum variance = new KahanSum();
    for (int i = 0; i < b.n; i++) {
      double lo = b.lower[i];
      double hi = b.upper[i];
      double v;
      if (h.customBuckets()) {
        v = (hi + lo) / 2;
      } else if (lo <= 0 && hi >= 0) {
        v = 0;
      } else {
        v = Math.sqrt(hi * lo);
        if (hi < 0) {
          v = -v;
        }
      }
      double d = v - mean;
      variance.add(b.count[i] * d * d);
    }
    return variance.value() / h.count();
  }

  private static double log2(double v) {
    return Math.log(v) / Math.log(2);
  }
}
