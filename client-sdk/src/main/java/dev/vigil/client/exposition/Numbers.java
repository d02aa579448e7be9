package dev.vigil.client.exposition;

/**
 * Float rendering shared by the writers. The target is Go's {@code %g} with the shortest digits
 * that read back as the same double (what Prometheus itself prints), which is also the basis of
 * OpenMetrics' canonical numbers for {@code le} and {@code quantile}.
 */
final class Numbers {
  private Numbers() {}

  private static final double[] POW10 = {
    1, 1e1, 1e2, 1e3, 1e4, 1e5, 1e6, 1e7, 1e8, 1e9, 1e10
  };
  private static final long[] LONG_POW10 = {
    1L, 10L, 100L, 1000L, 10000L, 100000L, 1000000L, 10000000L, 100000000L, 1000000000L,
    10000000000L
  };
  /** Up to here every integer is a double, so m / 10^k below is one correctly rounded division. */
  private static final double EXACT_INTEGERS = 9007199254740992d;
  private static final int MAX_FRACTION_DIGITS = 9;

  /**
   * The OpenMetrics canonical text of an {@code le} or {@code quantile} value: Go's shortest
   * {@code %g} with {@code .0} appended when it has neither a decimal point nor an exponent, so
   * {@code 0.0 0.001 0.95 1.0 10.0 100000.0 1e+06 1e-05 +Inf}. Both writers use it, so a series
   * keeps its identity whichever format a scraper negotiates.
   */
  static String canonical(double v) {
    if (v != v) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == (long) v && Math.abs(v) < 1e6) {
      return (long) v + ".0";
    }
    ByteSink sink = new ByteSink(32);
    if (!fixedPoint(sink, v, 1e6)) {
      goStyle(sink, v, true);
    }
    return sink.toAsciiString();
  }

  /**
   * Writes a non-integral {@code v} in plain decimal notation when it has at most nine fraction
   * digits and {@code 1e-4 <= |v| < limit}; returns false (writing nothing) otherwise.
   *
   * <p>Avoids Double.toString and its garbage for the common short decimals (0.25, 0.005, 1.5).
   * For the smallest k where {@code rint(v * 10^k) / 10^k == v}, that decimal reads back as v
   * (the division is correctly rounded, like a parser) and has the fewest fraction digits, which
   * in this range also means the fewest significant digits, i.e. Go's shortest rendering.
   */
  static boolean fixedPoint(ByteSink out, double v, double limit) {
    double a = Math.abs(v);
    if (!(a >= 1e-4 && a < limit)) {
      return false;
    }
    for (int k = 1; k <= MAX_FRACTION_DIGITS; k++) {
      double scaled = a * POW10[k];
      if (scaled >= EXACT_INTEGERS) {
        return false;
      }
      double m = Math.rint(scaled);
      if (m / POW10[k] == a) {
        long digits = (long) m;
        long pow = LONG_POW10[k];
        if (v < 0) {
          out.put('-');
        }
        out.longValue(digits / pow).put('.');
        long frac = digits % pow;
        // Leading zeros of the fraction: 0.05 is 5 with k = 2.
        for (long p = pow / 10; p > frac && p > 1; p /= 10) {
          out.put('0');
        }
        while (frac % 10 == 0 && frac != 0) {
          frac /= 10;
        }
        out.longValue(frac);
        return true;
      }
    }
    return false;
  }

  /**
   * The general case: digits from Double.toString, laid out as Go's {@code %g} (an exponent when
   * it is below -4 or at least 6, written with a sign and at least two digits). With
   * {@code canonical}, the digits are cut to the shortest that still read back as {@code v}
   * (Double.toString before Java 19 sometimes gives one too many: 1e23 as 9.999999999999999E22),
   * and a plain integer gets {@code .0}. Values skip that search; any exact rendering will do.
   */
  static void goStyle(ByteSink out, double v, boolean canonical) {
    String s = Double.toString(Math.abs(v));
    int e = s.indexOf('E');
    int exp10 = e < 0 ? 0 : Integer.parseInt(s.substring(e + 1));
    int end = e < 0 ? s.length() : e;
    int dot = s.indexOf('.');
    // Digits without leading zeros; the value is 0.d1d2... * 10^point.
    Decimal d = new Decimal(end);
    d.point = (dot < 0 ? end : dot) + exp10;
    for (int i = 0; i < end; i++) {
      char c = s.charAt(i);
      if (c == '.') {
        continue;
      }
      if (d.nd == 0 && c == '0') {
        d.point--;
        continue;
      }
      d.digits[d.nd++] = c;
    }
    d.trimZeros();
    if (v < 0) {
      out.put('-');
    }
    if (d.nd == 0) {
      out.ascii(canonical ? "0.0" : "0");
      return;
    }
    if (canonical) {
      d.shorten(Math.abs(v));
    }
    char[] digits = d.digits;
    int nd = d.nd;
    int point = d.point;
    int x = point - 1;
    if (x < -4 || x >= 6) {
      out.put(digits[0]);
      if (nd > 1) {
        out.put('.');
        for (int i = 1; i < nd; i++) {
          out.put(digits[i]);
        }
      }
      out.put('e').put(x < 0 ? '-' : '+');
      int ax = Math.abs(x);
      if (ax < 10) {
        out.put('0');
      }
      out.longValue(ax);
    } else if (point <= 0) {
      out.put('0').put('.');
      for (int i = point; i < 0; i++) {
        out.put('0');
      }
      for (int i = 0; i < nd; i++) {
        out.put(digits[i]);
      }
    } else {
      for (int i = 0; i < nd || i < point; i++) {
        if (i == point) {
          out.put('.');
        }
        out.put(i < nd ? digits[i] : '0');
      }
      if (canonical && point >= nd) {
        out.ascii(".0");
      }
    }
  }

  /** A positive decimal 0.d1d2...dn * 10^point. */
  private static final class Decimal {
    char[] digits;
    int nd;
    int point;

    Decimal(int capacity) {
      digits = new char[capacity + 1];
    }

    void trimZeros() {
      while (nd > 0 && digits[nd - 1] == '0') {
        nd--;
      }
    }

    /**
     * Keeps the fewest leading digits, rounded to the nearer neighbour first, that parse back to
     * {@code abs}.
     */
    void shorten(double abs) {
      for (int n = 1; n < nd; n++) {
        boolean nearerIsUp = digits[n] >= '5';
        for (int attempt = 0; attempt < 2; attempt++) {
          Decimal c = truncated(n, attempt == 0 ? nearerIsUp : !nearerIsUp);
          if (c.parse() == abs) {
            digits = c.digits;
            nd = c.nd;
            point = c.point;
            return;
          }
        }
      }
    }

    private Decimal truncated(int n, boolean up) {
      Decimal c = new Decimal(n + 1);
      System.arraycopy(digits, 0, c.digits, 0, n);
      c.nd = n;
      c.point = point;
      if (up) {
        int i = n - 1;
        while (i >= 0 && c.digits[i] == '9') {
          c.digits[i--] = '0';
        }
        if (i >= 0) {
          c.digits[i]++;
        } else {
          // 99 rounds up to 100: one digit, one place further left.
          c.digits[0] = '1';
          c.nd = 1;
          c.point++;
        }
      }
      c.trimZeros();
      return c;
    }

    private double parse() {
      return Double.parseDouble("0." + new String(digits, 0, nd) + "e" + point);
    }
  }
}
