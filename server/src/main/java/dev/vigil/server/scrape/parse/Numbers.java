package dev.vigil.server.scrape.parse;

import java.nio.charset.StandardCharsets;

/**
 * Float parsing straight from bytes. Accepts decimal floats ({@code 1}, {@code -1.5e-3},
 * {@code .5}, {@code 5.}) and, case-insensitively, {@code [+-]inf}, {@code [+-]infinity} and
 * {@code nan} — the numbers both Prometheus (Go's ParseFloat without hex floats and underscores)
 * and the OpenMetrics ABNF accept. Everything else, including out-of-range literals, is NaN-free
 * failure signalled by {@link #FAIL}.
 */
final class Numbers {
  /** Returned by {@link #parse} for malformed input; a NaN payload no real input produces. */
  static final long FAIL_BITS = 0x7ff8dead0000beefL;
  static final double FAIL = Double.longBitsToDouble(FAIL_BITS);

  private static final double[] POW10 = {
    1e0, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10, 1e11,
    1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22
  };

  private Numbers() {}

  static boolean failed(double d) {
    return Double.doubleToRawLongBits(d) == FAIL_BITS;
  }

  /** Parses {@code buf[from, to)}; returns {@link #FAIL} (test with {@link #failed}) if bad. */
  static double parse(byte[] buf, int from, int to, boolean allowSpecial) {
    if (from >= to) {
      return FAIL;
    }
    int i = from;
    boolean neg = false;
    byte c = buf[i];
    if (c == '+' || c == '-') {
      neg = c == '-';
      i++;
      if (i == to) {
        return FAIL;
      }
      c = buf[i];
    }
    if ((c | 0x20) == 'i' || (c | 0x20) == 'n') {
      if (!allowSpecial) {
        return FAIL;
      }
      return special(buf, i, to, neg, i > from);
    }
    // Mantissa digits go into a long while they fit (19 digits); the exponent adjusts for the
    // decimal point. Small mantissas with small exponents convert exactly (Clinger's fast path).
    long mant = 0;
    int digits = 0;
    int exp10 = 0;
    boolean sawDigit = false;
    boolean exact = true;
    for (; i < to && (c = buf[i]) >= '0' && c <= '9'; i++) {
      sawDigit = true;
      if (digits < 19) {
        if (mant != 0 || c != '0') {
          mant = mant * 10 + (c - '0');
          digits++;
        }
      } else {
        exp10++;
        exact = false;
      }
    }
    if (i < to && buf[i] == '.') {
      i++;
      for (; i < to && (c = buf[i]) >= '0' && c <= '9'; i++) {
        sawDigit = true;
        if (digits < 19) {
          if (mant != 0 || c != '0') {
            mant = mant * 10 + (c - '0');
            digits++;
          }
          exp10--;
        } else {
          exact = false;
        }
      }
    }
    if (!sawDigit) {
      return FAIL;
    }
    if (i < to && (buf[i] | 0x20) == 'e') {
      i++;
      boolean eneg = false;
      if (i < to && (buf[i] == '+' || buf[i] == '-')) {
        eneg = buf[i] == '-';
        i++;
      }
      if (i == to) {
        return FAIL;
      }
      int e = 0;
      for (; i < to && (c = buf[i]) >= '0' && c <= '9'; i++) {
        if (e < 100000) {
          e = e * 10 + (c - '0');
        }
      }
      exp10 += eneg ? -e : e;
    }
    if (i != to) {
      return FAIL;
    }
    double d;
    if (mant == 0) {
      d = 0;
    } else if (exact && digits <= 15 && exp10 >= -22 && exp10 <= 22) {
      d = exp10 >= 0 ? mant * POW10[exp10] : mant / POW10[-exp10];
    } else if (exact && digits <= 18 && exp10 >= -22 && exp10 <= 22
        && !Double.isNaN(d = wide(mant, exp10))) {
      // 16 to 18 significant digits (Go prints many values so): exact without a String.
    } else {
      // Rare: long mantissas or big exponents. The JDK rounds correctly; it needs a String.
      d = Double.parseDouble(new String(buf, from, to - from, StandardCharsets.ISO_8859_1));
      if (Double.isInfinite(d)) {
        return FAIL; // out of range, as Go's ParseFloat reports
      }
      return d;
    }
    return neg ? -d : d;
  }

  /**
   * {@code w * 10^q} correctly rounded, for {@code w < 10^18} and {@code |q| <= 22}, or NaN when
   * that cannot be decided cheaply (about one input in a billion, plus powers of two).
   *
   * <p>Why it is exact: {@code w} splits exactly into {@code wh + wl} (a double and a small
   * integer); the product (or quotient) of {@code wh} and the exact power of ten is kept as an
   * unevaluated sum {@code hi + lo} using fma for the exact rounding error (or the exact
   * division remainder). {@code hi + lo} differs from the true value by far less than 2^-30 of an
   * ulp, and one addition rounds {@code hi + lo} correctly, so the result is right unless
   * {@code hi + lo} lies within that distance of a midpoint between two doubles — which the
   * exact error of that addition tells us.
   */
  private static double wide(long w, int q) {
    double wh = (double) w;
    double wl = (double) (w - (long) wh); // |wl| <= 64: exact
    double p = POW10[Math.abs(q)];
    double hi;
    double lo;
    if (q >= 0) {
      hi = wh * p;
      double a = wl * p;
      lo = (Math.fma(wh, p, -hi) + a) + Math.fma(wl, p, -a);
    } else {
      hi = wh / p;
      lo = (Math.fma(-hi, p, wh) + wl) / p;
    }
    double r = hi + lo;
    double bv = r - hi;
    double err = (hi - (r - bv)) + (lo - bv); // exact: r + err == hi + lo
    double ulp = Math.ulp(r);
    if ((Double.doubleToRawLongBits(r) & 0xFFFFFFFFFFFFFL) == 0
        || ulp / 2 - Math.abs(err) <= ulp * 0x1p-30) {
      return Double.NaN;
    }
    return r;
  }

  private static double special(byte[] buf, int from, int to, boolean neg, boolean signed) {
    int n = to - from;
    if (matches(buf, from, to, "inf") || matches(buf, from, to, "infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (!signed && n == 3 && matches(buf, from, to, "nan")) {
      return Double.NaN;
    }
    return FAIL;
  }

  private static boolean matches(byte[] buf, int from, int to, String lower) {
    if (to - from != lower.length()) {
      return false;
    }
    for (int i = 0; i < lower.length(); i++) {
      if ((buf[from + i] | 0x20) != lower.charAt(i)) {
        return false;
      }
    }
    return true;
  }

  /** Parses a base-10 long with optional sign, or returns false in {@code ok[0]}. */
  static long parseLong(byte[] buf, int from, int to, boolean[] ok) {
    ok[0] = false;
    int i = from;
    boolean neg = false;
    if (i < to && (buf[i] == '+' || buf[i] == '-')) {
      neg = buf[i] == '-';
      i++;
    }
    if (i == to) {
      return 0;
    }
    long v = 0;
    for (; i < to; i++) {
      int d = buf[i] - '0';
      if (d < 0 || d > 9) {
        return 0;
      }
      // Accumulate negatively so Long.MIN_VALUE fits; detect overflow.
      if (v < (Long.MIN_VALUE + d) / 10) {
        return 0;
      }
      v = v * 10 - d;
    }
    if (!neg && v == Long.MIN_VALUE) {
      return 0;
    }
    ok[0] = true;
    return neg ? v : -v;
  }
}
