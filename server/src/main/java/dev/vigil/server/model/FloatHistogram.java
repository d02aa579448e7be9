package dev.vigil.server.model;

import java.util.Arrays;

/**
 * A native histogram sample with float counts, immutable. Buckets are kept sparse: parallel
 * arrays of bucket index and count, indexes ascending, no bucket with a count of exactly 0 (the
 * span encoding of the exposition formats is only a wire detail; dropping empty buckets is what
 * Prometheus's compaction does before comparing). For exponential schemas (-4..8) bucket
 * {@code i} covers {@code (2^((i-1)/2^schema), 2^(i/2^schema)]}; negative buckets mirror that
 * below zero. Schema {@link #CUSTOM} uses {@link #customValues()} as upper bounds instead: bucket
 * {@code i} ends at {@code customValues[i]}, the last one at +Inf, and there are no negative
 * buckets and no zero bucket.
 */
public final class FloatHistogram {
  /** The schema of histograms with custom bucket boundaries (NHCB). */
  public static final int CUSTOM = -53;
  public static final byte UNKNOWN = 0;
  public static final byte COUNTER_RESET = 1;
  public static final byte NOT_COUNTER_RESET = 2;
  public static final byte GAUGE = 3;

  private static final int[] NO_IDX = new int[0];
  private static final double[] NO_COUNTS = new double[0];

  private final byte hint;
  private final int schema;
  private final double zeroThreshold;
  private final double zeroCount;
  private final double count;
  private final double sum;
  private final int[] posIdx;
  private final double[] pos;
  private final int[] negIdx;
  private final double[] neg;
  private final double[] customValues;

  /** Arrays are taken as they are (not copied); zero-count buckets are dropped. */
  public FloatHistogram(byte hint, int schema, double zeroThreshold, double zeroCount,
      double count, double sum, int[] posIdx, double[] pos, int[] negIdx, double[] neg,
      double[] customValues) {
    if (schema != CUSTOM && (schema < -4 || schema > 8)) {
      throw new IllegalArgumentException("histogram schema " + schema + " is not in -4..8 or "
          + CUSTOM);
    }
    this.hint = hint;
    this.schema = schema;
    this.zeroThreshold = zeroThreshold;
    this.zeroCount = zeroCount;
    this.count = count;
    this.sum = sum;
    int[][] pi = {posIdx};
    double[][] pc = {pos};
    compact(pi, pc);
    this.posIdx = pi[0];
    this.pos = pc[0];
    int[][] ni = {negIdx};
    double[][] nc = {neg};
    compact(ni, nc);
    this.negIdx = ni[0];
    this.neg = nc[0];
    this.customValues = schema == CUSTOM
        ? (customValues == null ? NO_COUNTS : customValues) : null;
  }

  private static void compact(int[][] idx, double[][] counts) {
    int[] is = idx[0] == null ? NO_IDX : idx[0];
    double[] cs = counts[0] == null ? NO_COUNTS : counts[0];
    int n = 0;
    for (double c : cs) {
      if (c != 0) {
        n++;
      }
    }
    if (n == cs.length) {
      idx[0] = is;
      counts[0] = cs;
      return;
    }
    int[] ri = new int[n];
    double[] rc = new double[n];
    int k = 0;
    for (int i = 0; i < cs.length; i++) {
      if (cs[i] != 0) {
        ri[k] = is[i];
        rc[k++] = cs[i];
      }
    }
    idx[0] = ri;
    counts[0] = rc;
  }

  public byte counterResetHint() {
    return hint;
  }

  public int schema() {
    return schema;
  }

  public boolean customBuckets() {
    return schema == CUSTOM;
  }

  public double zeroThreshold() {
    return zeroThreshold;
  }

  public double zeroCount() {
    return zeroCount;
  }

  public double count() {
    return count;
  }

  public double sum() {
    return sum;
  }

  /** Callers must not modify the returned arrays. */
  public int[] positiveIndexes() {
    return posIdx;
  }

  public double[] positiveCounts() {
    return pos;
  }

  public int[] negativeIndexes() {
    return negIdx;
  }

  public double[] negativeCounts() {
    return neg;
  }

  /** The custom upper bounds, null unless the schema is {@link #CUSTOM}. */
  public double[] customValues() {
    return customValues;
  }

  public FloatHistogram withHint(byte h) {
    return h == hint ? this : new FloatHistogram(h, schema, zeroThreshold, zeroCount, count, sum,
        posIdx, pos, negIdx, neg, customValues);
  }

  /** Every count and the sum times {@code f}. */
  public FloatHistogram mul(double f) {
    return new FloatHistogram(hint, schema, zeroThreshold, zeroCount * f, count * f, sum * f,
        posIdx, times(pos, f), negIdx, times(neg, f), customValues);
  }

  public FloatHistogram div(double f) {
    return new FloatHistogram(hint, schema, zeroThreshold, zeroCount / f, count / f, sum / f,
        posIdx, over(pos, f), negIdx, over(neg, f), customValues);
  }

  private static double[] times(double[] a, double f) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] * f;
    }
    return r;
  }

  private static double[] over(double[] a, double f) {
    double[] r = new double[a.length];
    for (int i = 0; i < a.length; i++) {
      r[i] = a[i] / f;
    }
    return r;
  }

  /** Thrown when histograms with exponential and custom buckets meet in one operation. */
  public static final class IncompatibleSchemaException extends RuntimeException {
    public IncompatibleSchemaException() {
      super("mix of histograms with exponential and custom buckets schemas", null, false, false);
    }
  }

  /** What {@link #add} and {@link #sub} noticed, for the caller's annotations. */
  public static final class OpNotes {
    /** Custom bounds differed, and the result uses the bounds both have. */
    public boolean reconciled;
    /** One side said counter reset, the other not-counter-reset. */
    public boolean resetCollision;
  }

  /** {@code this + o}; see {@link #sub} for how layouts meet. */
  public FloatHistogram add(FloatHistogram o, OpNotes notes) {
    return combine(o, 1, notes);
  }

  /**
   * {@code this - o}. The result has the lower of the two schemas and the higher zero threshold
   * (buckets that fall inside it join the zero bucket); custom bounds that differ are reduced to
   * the bounds both histograms share.
   *
   * @throws IncompatibleSchemaException when one uses custom buckets and the other not
   */
  public FloatHistogram sub(FloatHistogram o, OpNotes notes) {
    return combine(o, -1, notes);
  }

  private FloatHistogram combine(FloatHistogram o, double sign, OpNotes notes) {
    if ((schema == CUSTOM) != (o.schema == CUSTOM)) {
      throw new IncompatibleSchemaException();
    }
    byte h = combinedHint(hint, o.hint, notes);
    if (sign < 0) {
      // A difference is not a counter any more: its buckets may well be negative.
      h = GAUGE;
    }
    if (schema == CUSTOM) {
      FloatHistogram a = this;
      FloatHistogram b = o;
      if (!Arrays.equals(customValues, o.customValues)) {
        double[] common = commonBounds(customValues, o.customValues);
        a = a.toBounds(common);
        b = b.toBounds(common);
        if (notes != null) {
          notes.reconciled = true;
        }
      }
      SparseSum p = new SparseSum(a.posIdx, a.pos);
      p.add(b.posIdx, b.pos, sign);
      return new FloatHistogram(h, CUSTOM, 0, 0, count + sign * o.count, sum + sign * o.sum,
          p.idx(), p.counts(), null, null, a.customValues);
    }
    int target = Math.min(schema, o.schema);
    FloatHistogram a = reduceTo(target);
    FloatHistogram b = o.reduceTo(target);
    double zt = Math.max(a.zeroThreshold, b.zeroThreshold);
    a = a.widenZero(zt);
    b = b.widenZero(zt);
    SparseSum p = new SparseSum(a.posIdx, a.pos);
    p.add(b.posIdx, b.pos, sign);
    SparseSum n = new SparseSum(a.negIdx, a.neg);
    n.add(b.negIdx, b.neg, sign);
    return new FloatHistogram(h, target, zt, a.zeroCount + sign * b.zeroCount,
        count + sign * o.count, sum + sign * o.sum, p.idx(), p.counts(), n.idx(), n.counts(),
        null);
  }

  private static byte combinedHint(byte a, byte b, OpNotes notes) {
    if (a == b || a == GAUGE) {
      return a;
    }
    if (b == GAUGE) {
      return GAUGE;
    }
    if (a == UNKNOWN || b == UNKNOWN) {
      return UNKNOWN;
    }
    if (notes != null) {
      notes.resetCollision = true;
    }
    return UNKNOWN;
  }

  private static double[] commonBounds(double[] a, double[] b) {
    double[] r = new double[Math.min(a.length, b.length)];
    int n = 0;
    int j = 0;
    for (double v : a) {
      while (j < b.length && b[j] < v) {
        j++;
      }
      if (j < b.length && b[j] == v) {
        r[n++] = v;
      }
    }
    return Arrays.copyOf(r, n);
  }

  /** Custom buckets merged onto a subset of this histogram's bounds. */
  private FloatHistogram toBounds(double[] bounds) {
    SparseSum p = new SparseSum(NO_IDX, NO_COUNTS);
    for (int i = 0; i < posIdx.length; i++) {
      double upper = posIdx[i] < customValues.length ? customValues[posIdx[i]]
          : Double.POSITIVE_INFINITY;
      int k = 0;
      while (k < bounds.length && bounds[k] < upper) {
        k++;
      }
      p.add(new int[] {k}, new double[] {pos[i]}, 1);
    }
    return new FloatHistogram(hint, CUSTOM, 0, 0, count, sum, p.idx(), p.counts(), null, null,
        bounds);
  }

  /** The same histogram at a lower resolution: {@code 2^(schema-target)} buckets become one. */
  public FloatHistogram reduceTo(int target) {
    if (schema == CUSTOM || target >= schema) {
      return this;
    }
    int shift = schema - target;
    SparseSum p = reduced(posIdx, pos, shift);
    SparseSum n = reduced(negIdx, neg, shift);
    return new FloatHistogram(hint, target, zeroThreshold, zeroCount, count, sum, p.idx(),
        p.counts(), n.idx(), n.counts(), null);
  }

  private static SparseSum reduced(int[] idx, double[] counts, int shift) {
    SparseSum s = new SparseSum(NO_IDX, NO_COUNTS);
    for (int i = 0; i < idx.length; i++) {
      // Bucket i ends at 2^(i/2^schema); the coarser bucket holding it is ceil(i / 2^shift).
      s.addOne(((idx[i] - 1) >> shift) + 1, counts[i]);
    }
    return s;
  }

  /** Moves the buckets that lie inside a zero bucket of width {@code zt} into it. */
  private FloatHistogram widenZero(double zt) {
    if (zt == zeroThreshold || schema == CUSTOM) {
      return this;
    }
    double zc = zeroCount;
    int p = 0;
    while (p < posIdx.length && upperBound(posIdx[p], schema) <= zt) {
      zc += pos[p++];
    }
    int q = 0;
    while (q < negIdx.length && upperBound(negIdx[q], schema) <= zt) {
      zc += neg[q++];
    }
    return new FloatHistogram(hint, schema, zt, zc, count, sum,
        Arrays.copyOfRange(posIdx, p, posIdx.length), Arrays.copyOfRange(pos, p, pos.length),
        Arrays.copyOfRange(negIdx, q, negIdx.length), Arrays.copyOfRange(neg, q, neg.length),
        null);
  }

  /** The upper bound of exponential bucket {@code idx} (its absolute value, for negatives). */
  public static double upperBound(int idx, int schema) {
    if (schema <= 0) {
      return Math.scalb(1.0, idx << -schema);
    }
    int per = 1 << schema;
    int exp = Math.floorDiv(idx, per);
    int frac = Math.floorMod(idx, per);
    return Math.scalb(Math.pow(2, (double) frac / per), exp);
  }

  /** The upper bound of positive bucket {@code idx} of this histogram. */
  public double positiveUpper(int idx) {
    if (schema == CUSTOM) {
      return idx < customValues.length ? customValues[idx] : Double.POSITIVE_INFINITY;
    }
    return upperBound(idx, schema);
  }

  /** The lower bound of positive bucket {@code idx} of this histogram. */
  public double positiveLower(int idx) {
    if (schema == CUSTOM) {
      return idx == 0 ? Double.NEGATIVE_INFINITY : customValues[idx - 1];
    }
    return upperBound(idx - 1, schema);
  }

  /**
   * Whether a counter reset happened between {@code prev} and this: a hint says so, or the
   * count or any bucket went down (after bringing both to a common layout).
   */
  public boolean detectReset(FloatHistogram prev) {
    if (hint == COUNTER_RESET) {
      return true;
    }
    if (hint == NOT_COUNTER_RESET) {
      return false;
    }
    if (count < prev.count) {
      return true;
    }
    if (schema == CUSTOM || prev.schema == CUSTOM) {
      if (schema != prev.schema) {
        return true;
      }
      if (!Arrays.equals(customValues, prev.customValues)) {
        // Compared on the bounds both have, as subtraction reconciles them.
        double[] common = commonBounds(customValues, prev.customValues);
        FloatHistogram a = prev.toBounds(common);
        FloatHistogram b = toBounds(common);
        return lowered(a.posIdx, a.pos, b.posIdx, b.pos);
      }
      return lowered(prev.posIdx, prev.pos, posIdx, pos);
    }
    if (schema > prev.schema || zeroThreshold < prev.zeroThreshold) {
      return true;
    }
    FloatHistogram p = prev.reduceTo(schema).widenZero(zeroThreshold);
    if (zeroCount < p.zeroCount) {
      return true;
    }
    return lowered(p.posIdx, p.pos, posIdx, pos) || lowered(p.negIdx, p.neg, negIdx, neg);
  }

  /** Whether some bucket of (ai, ac) has more than the same bucket of (bi, bc). */
  private static boolean lowered(int[] ai, double[] ac, int[] bi, double[] bc) {
    int j = 0;
    for (int i = 0; i < ai.length; i++) {
      while (j < bi.length && bi[j] < ai[i]) {
        j++;
      }
      double b = j < bi.length && bi[j] == ai[i] ? bc[j] : 0;
      if (ac[i] > b) {
        return true;
      }
    }
    return false;
  }

  /** Exact equality of every field, as PromQL's {@code ==} between histograms uses. */
  @Override
  public boolean equals(Object other) {
    return other instanceof FloatHistogram o
        && schema == o.schema
        && same(zeroThreshold, o.zeroThreshold)
        && same(zeroCount, o.zeroCount)
        && same(count, o.count)
        && same(sum, o.sum)
        && Arrays.equals(posIdx, o.posIdx)
        && Arrays.equals(pos, o.pos)
        && Arrays.equals(negIdx, o.negIdx)
        && Arrays.equals(neg, o.neg)
        && Arrays.equals(customValues, o.customValues);
  }

  private static boolean same(double a, double b) {
    return a == b || (Double.isNaN(a) && Double.isNaN(b));
  }

  @Override
  public int hashCode() {
    return Double.hashCode(count) * 31 + Double.hashCode(sum) + schema;
  }

  /** The test-script notation: {@code {{schema:0 count:4 sum:5 buckets:[1 2 1]}}}. */
  @Override
  public String toString() {
    StringBuilder b = new StringBuilder("{{");
    b.append("schema:").append(schema);
    b.append(" count:").append(num(count)).append(" sum:").append(num(sum));
    if (zeroCount != 0) {
      b.append(" z_bucket:").append(num(zeroCount));
    }
    if (zeroThreshold != 0 && schema != CUSTOM) {
      b.append(" z_bucket_w:").append(num(zeroThreshold));
    }
    buckets(b, "", posIdx, pos);
    buckets(b, "n_", negIdx, neg);
    if (customValues != null) {
      b.append(" custom_values:[");
      for (int i = 0; i < customValues.length; i++) {
        b.append(i > 0 ? " " : "").append(num(customValues[i]));
      }
      b.append(']');
    }
    switch (hint) {
      case COUNTER_RESET -> b.append(" counter_reset_hint:reset");
      case NOT_COUNTER_RESET -> b.append(" counter_reset_hint:not_reset");
      case GAUGE -> b.append(" counter_reset_hint:gauge");
      default -> { }
    }
    return b.append("}}").toString();
  }

  private static void buckets(StringBuilder b, String prefix, int[] idx, double[] counts) {
    if (idx.length == 0) {
      return;
    }
    int first = idx[0];
    if (first != 0) {
      b.append(' ').append(prefix).append("offset:").append(first);
    }
    b.append(' ').append(prefix).append("buckets:[");
    int k = 0;
    for (int i = first; i <= idx[idx.length - 1]; i++) {
      b.append(i > first ? " " : "");
      if (idx[k] == i) {
        b.append(num(counts[k++]));
      } else {
        b.append('0');
      }
    }
    b.append(']');
  }

  private static String num(double d) {
    return d == Math.rint(d) && Math.abs(d) < 1e15 ? Long.toString((long) d) : Double.toString(d);
  }

  /** Merges sparse (index, count) lists; indexes stay ascending. */
  private static final class SparseSum {
    private int[] idx;
    private double[] counts;
    private int n;

    SparseSum(int[] idx, double[] counts) {
      this.idx = Arrays.copyOf(idx, Math.max(4, idx.length));
      this.counts = Arrays.copyOf(counts, Math.max(4, counts.length));
      this.n = idx.length;
    }

    void add(int[] bi, double[] bc, double sign) {
      for (int i = 0; i < bi.length; i++) {
        addOne(bi[i], sign * bc[i]);
      }
    }

    void addOne(int at, double c) {
      int p = Arrays.binarySearch(idx, 0, n, at);
      if (p >= 0) {
        counts[p] += c;
        return;
      }
      p = -p - 1;
      if (n == idx.length) {
        idx = Arrays.copyOf(idx, n * 2);
        counts = Arrays.copyOf(counts, n * 2);
      }
      System.arraycopy(idx, p, idx, p + 1, n - p);
      System.arraycopy(counts, p, counts, p + 1, n - p);
      idx[p] = at;
      counts[p] = c;
      n++;
    }

    int[] idx() {
      return Arrays.copyOf(idx, n);
    }

    double[] counts() {
      return Arrays.copyOf(counts, n);
    }
  }
}
