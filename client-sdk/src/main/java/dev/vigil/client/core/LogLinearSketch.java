package dev.vigil.client.core;

import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicReferenceArray;

/**
 * Counts observations in log-linear buckets: each power of two is split into 64 equal slots,
 * found from the bits of the double without a logarithm. Any quantile read back lies within
 * {@link #RELATIVE_ERROR} of a value of the right rank, whatever the distribution. Values beyond
 * 2^±64 are clamped to the outermost slots.
 *
 * <p>Lock-free; a page of 64 counters is allocated the first time a power of two is seen, so
 * memory follows the range of observed values, and steady-state observes allocate nothing.
 */
final class LogLinearSketch {
  static final int SUB_BITS = 6;
  static final int SUBS = 1 << SUB_BITS;
  /** Half a slot's width relative to its lower bound: the worst-case error of the midpoint. */
  static final double RELATIVE_ERROR = 0.5 / SUBS;
  private static final int MIN_EXP = -64;
  private static final int EXPS = 128;
  private static final long POSITIVE_INFINITY_BITS =
      Double.doubleToRawLongBits(Double.POSITIVE_INFINITY);
  private static final long NEGATIVE_INFINITY_BITS =
      Double.doubleToRawLongBits(Double.NEGATIVE_INFINITY);

  private final AtomicReferenceArray<AtomicLongArray> positive = new AtomicReferenceArray<>(EXPS);
  private final AtomicReferenceArray<AtomicLongArray> negative = new AtomicReferenceArray<>(EXPS);
  private final AtomicLong zeros = new AtomicLong();
  // Exact extremes, so that estimates are clamped to the observed range (a lone observation of
  // 512 reads back as 512, not as its slot's midpoint). Rarely written once warm.
  private final AtomicLong minBits = new AtomicLong(POSITIVE_INFINITY_BITS);
  private final AtomicLong maxBits = new AtomicLong(NEGATIVE_INFINITY_BITS);

  void add(double v) {
    if (v < Double.longBitsToDouble(minBits.get())) {
      lowerMin(v);
    }
    if (v > Double.longBitsToDouble(maxBits.get())) {
      raiseMax(v);
    }
    if (v > 0) {
      increment(positive, v);
    } else if (v < 0) {
      increment(negative, -v);
    } else if (v == 0) {
      zeros.incrementAndGet();
    }
    // NaN has no rank: it counts in the summary's count and sum but not in its quantiles.
  }

  private void lowerMin(double v) {
    long cur;
    while (v < Double.longBitsToDouble(cur = minBits.get())) {
      if (minBits.compareAndSet(cur, Double.doubleToRawLongBits(v))) {
        return;
      }
    }
  }

  private void raiseMax(double v) {
    long cur;
    while (v > Double.longBitsToDouble(cur = maxBits.get())) {
      if (maxBits.compareAndSet(cur, Double.doubleToRawLongBits(v))) {
        return;
      }
    }
  }

  private static void increment(AtomicReferenceArray<AtomicLongArray> pages, double v) {
    long bits = Double.doubleToRawLongBits(v);
    int exp = (int) (bits >>> 52) - 1023 - MIN_EXP;
    int sub = (int) (bits >>> (52 - SUB_BITS)) & (SUBS - 1);
    if (exp < 0) {
      exp = 0;
      sub = 0;
    } else if (exp >= EXPS) {
      exp = EXPS - 1;
      sub = SUBS - 1;
    }
    AtomicLongArray page = pages.get(exp);
    if (page == null) {
      pages.compareAndSet(exp, null, new AtomicLongArray(SUBS));
      page = pages.get(exp);
    }
    page.getAndIncrement(sub);
  }

  /** Forgets every observation, keeping the pages for reuse. */
  void reset() {
    zeros.set(0);
    minBits.set(POSITIVE_INFINITY_BITS);
    maxBits.set(NEGATIVE_INFINITY_BITS);
    clear(positive);
    clear(negative);
  }

  private static void clear(AtomicReferenceArray<AtomicLongArray> pages) {
    for (int e = 0; e < EXPS; e++) {
      AtomicLongArray page = pages.get(e);
      if (page != null) {
        for (int s = 0; s < SUBS; s++) {
          page.set(s, 0);
        }
      }
    }
  }

  long count() {
    long total = zeros.get();
    for (int e = 0; e < EXPS; e++) {
      total += pageSum(positive.get(e)) + pageSum(negative.get(e));
    }
    return total;
  }

  private static long pageSum(AtomicLongArray page) {
    long sum = 0;
    if (page != null) {
      for (int s = 0; s < SUBS; s++) {
        sum += page.get(s);
      }
    }
    return sum;
  }

  /**
   * Estimates the sorted {@code quantiles} over the union of {@code sketches} in one ordered walk
   * of their slots (most negative to most positive), skipping pages no sketch has. NaN each when
   * the sketches are empty.
   */
  static double[] quantiles(LogLinearSketch[] sketches, double[] quantiles) {
    long total = 0;
    for (LogLinearSketch sk : sketches) {
      total += sk.count();
    }
    double[] out = new double[quantiles.length];
    if (total == 0) {
      java.util.Arrays.fill(out, Double.NaN);
      return out;
    }
    Walk w = new Walk(quantiles, total, out);
    for (int e = EXPS - 1; e >= 0 && !w.done(); e--) {
      if (hasPage(sketches, e, false)) {
        for (int s = SUBS - 1; s >= 0 && !w.done(); s--) {
          w.visit(slotCount(sketches, e, s, false), -midpoint(e, s));
        }
      }
    }
    long zero = 0;
    for (LogLinearSketch sk : sketches) {
      zero += sk.zeros.get();
    }
    w.visit(zero, 0);
    for (int e = 0; e < EXPS && !w.done(); e++) {
      if (hasPage(sketches, e, true)) {
        for (int s = 0; s < SUBS && !w.done(); s++) {
          w.visit(slotCount(sketches, e, s, true), midpoint(e, s));
        }
      }
    }
    w.finish();
    double min = Double.POSITIVE_INFINITY;
    double max = Double.NEGATIVE_INFINITY;
    for (LogLinearSketch sk : sketches) {
      min = Math.min(min, Double.longBitsToDouble(sk.minBits.get()));
      max = Math.max(max, Double.longBitsToDouble(sk.maxBits.get()));
    }
    if (min <= max) {
      for (int i = 0; i < out.length; i++) {
        // The extremes are known exactly, so rank 0 and rank 1 need no estimate.
        out[i] = quantiles[i] == 0 ? min : quantiles[i] == 1 ? max
            : Math.max(min, Math.min(max, out[i]));
      }
    }
    return out;
  }

  private static boolean hasPage(LogLinearSketch[] sketches, int e, boolean pos) {
    for (LogLinearSketch sk : sketches) {
      if ((pos ? sk.positive : sk.negative).get(e) != null) {
        return true;
      }
    }
    return false;
  }

  private static long slotCount(LogLinearSketch[] sketches, int e, int s, boolean pos) {
    long c = 0;
    for (LogLinearSketch sk : sketches) {
      AtomicLongArray page = (pos ? sk.positive : sk.negative).get(e);
      if (page != null) {
        c += page.get(s);
      }
    }
    return c;
  }

  private static double midpoint(int e, int s) {
    return Math.scalb(1 + (s + 0.5) / SUBS, e + MIN_EXP);
  }

  /** Hands out the value of the observation of rank ceil(q * total) for each quantile in turn. */
  private static final class Walk {
    private final double[] quantiles;
    private final long total;
    private final double[] out;
    private int next;
    private long seen;
    private double last = Double.NaN;

    Walk(double[] quantiles, long total, double[] out) {
      this.quantiles = quantiles;
      this.total = total;
      this.out = out;
    }

    boolean done() {
      return next == quantiles.length;
    }

    void visit(long count, double value) {
      if (count == 0) {
        return;
      }
      last = value;
      seen += count;
      while (next < quantiles.length
          && seen >= Math.max(1, (long) Math.ceil(quantiles[next] * total))) {
        out[next++] = value;
      }
    }

    /** Observations removed by a concurrent rotation can leave ranks unreached: use the top. */
    void finish() {
      while (next < quantiles.length) {
        out[next++] = last;
      }
    }
  }
}
