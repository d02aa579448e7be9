package dev.vigil.server.promql.functions;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/**
 * Float formatting and parsing the way Go's {@code strconv} does it, since Prometheus's output
 * (JSON sample values, PromQL and test-script numbers) is defined by it.
 *
 * <ul>
 *   <li>{@link #api}: {@code FormatFloat(v, 'f', -1, 64)}: the shortest digits that read back as
 *       {@code v}, never an exponent ({@code 1e21} is {@code "1000000000000000000000"}).
 *   <li>{@link #goG}: {@code FormatFloat(v, 'g', -1, 64)} / {@code %g}: the same digits, with an
 *       exponent when it is below -4 or at least 6 ({@code "1e+06"}, {@code "1.5e-07"}).
 *   <li>{@link #parseGo}: {@code ParseFloat(s, 64)}.
 * </ul>
 * Special values print as {@code NaN}, {@code +Inf}, {@code -Inf}; -0 prints as {@code -0}.
 */
public final class FloatFormat {
  private FloatFormat() {}

  // Java 19 made Double.toString produce the shortest digits (JDK-4511638); before that it
  // sometimes gives a digit or two more, so Java 17 needs the search for shorter digits.
  private static final boolean SHORTEST_TO_STRING = Runtime.version().feature() >= 19;

  private static final double[] POW10 = new double[23];
  private static final long[] LONG_POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10; // exact up to 1e22
    }
    LONG_POW10[0] = 1;
    for (int i = 1; i < LONG_POW10.length; i++) {
      LONG_POW10[i] = LONG_POW10[i - 1] * 10;
    }
  }

  /** Go's {@code strconv.FormatFloat(v, 'f', -1, 64)}, as used for JSON sample values. */
  public static String api(double v) {
    if (v == (long) v && Math.abs(v) < 1e15) {
      // Integers (the most common sample values) print as themselves; keep -0's sign.
      return v == 0 && 1 / v < 0 ? "-0" : Long.toString((long) v);
    }
    StringBuilder sb = new StringBuilder(24);
    appendApi(sb, v);
    return sb.toString();
  }

  /** Appends {@link #api(double)} of {@code v} to {@code sb}. */
  public static void appendApi(StringBuilder sb, double v) {
    if (!appendSpecial(sb, v)) {
      Digits d = Digits.of(v);
      appendFixed(sb, d);
    }
  }

  /** Go's {@code strconv.FormatFloat(v, 'g', -1, 64)}, which is also what {@code %g} prints. */
  public static String goG(double v) {
    StringBuilder sb = new StringBuilder(24);
    appendGoG(sb, v);
    return sb.toString();
  }

  /** Appends {@link #goG(double)} of {@code v} to {@code sb}. */
  public static void appendGoG(StringBuilder sb, double v) {
    if (appendSpecial(sb, v)) {
      return;
    }
    Digits d = Digits.of(v);
    int exp = d.dp - 1;
    if (d.nd > 0 && (exp < -4 || exp >= 6)) {
      appendExponent(sb, d, exp);
    } else {
      appendFixed(sb, d);
    }
  }

  /**
   * Go's {@code strconv.ParseFloat(s, 64)}: decimal and hexadecimal ({@code 0x1.8p3}) floats, an
   * optional sign, {@code Inf}/{@code Infinity} (any case, optional sign) and {@code NaN} (any
   * case, no sign). No surrounding spaces, no Java suffixes such as {@code d}.
   *
   * @throws NumberFormatException on bad syntax, or when the value is too large for a double
   */
  public static double parseGo(String s) {
    return GoFloatParser.parse(s);
  }

  private static boolean appendSpecial(StringBuilder sb, double v) {
    if (Double.isNaN(v)) {
      sb.append("NaN");
    } else if (v == Double.POSITIVE_INFINITY) {
      sb.append("+Inf");
    } else if (v == Double.NEGATIVE_INFINITY) {
      sb.append("-Inf");
    } else {
      if (v < 0 || (v == 0 && 1 / v < 0)) {
        sb.append('-');
      }
      return false;
    }
    return true;
  }

  /** Digits without exponent: as many fraction digits as needed, none if the value is whole. */
  private static void appendFixed(StringBuilder sb, Digits d) {
    if (d.dp > 0) {
      int whole = Math.min(d.dp, d.nd);
      sb.append(d.chars, 0, whole);
      for (int i = whole; i < d.dp; i++) {
        sb.append('0');
      }
    } else {
      sb.append('0');
    }
    int fraction = Math.max(d.nd - d.dp, 0);
    if (fraction > 0) {
      sb.append('.');
      for (int i = 1; i <= fraction; i++) {
        int j = d.dp + i - 1;
        sb.append(j >= 0 && j < d.nd ? d.chars[j] : '0');
      }
    }
  }

  /** d.ddde±XX, with at least two exponent digits as C and Go print them. */
  private static void appendExponent(StringBuilder sb, Digits d, int exp) {
    sb.append(d.chars[0]);
    if (d.nd > 1) {
      sb.append('.').append(d.chars, 1, d.nd - 1);
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    int abs = Math.abs(exp);
    if (abs < 10) {
      sb.append('0');
    }
    sb.append(abs);
  }

  /**
   * The shortest decimal digits of |v| that read back as v (closest to v among equally short
   * ones), in Go's form: value = 0.{chars[0..nd)} × 10^dp.
   */
  private static final class Digits {
    final char[] chars = new char[20];
    int nd;
    int dp;

    static Digits of(double v) {
      Digits d = new Digits();
      double a = Math.abs(v);
      if (a == 0) {
        return d;
      }
      long m = d.parseJava(Double.toString(a));
      if (d.nd > 1 && (!SHORTEST_TO_STRING || d.nd == 2)) {
        // Later Java prefers two digits over one when the two are closer; Go does not.
        d.shorten(a, m);
      } else {
        d.setDigits(m, d.nd);
      }
      return d;
    }

    /** Reads Java's "d.dddE±x" or "ddd.ddd" form; returns the digits as a number, sets nd/dp. */
    private long parseJava(String s) {
      long m = 0;
      int count = 0;
      int intDigits = -1;
      int exp = 0;
      boolean leading = true;
      int leadingZeros = 0;
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '.') {
          intDigits = i;
        } else if (c == 'E') {
          exp = Integer.parseInt(s, i + 1, s.length(), 10);
          break;
        } else {
          if (leading && c == '0') {
            leadingZeros++;
            continue;
          }
          leading = false;
          m = m * 10 + (c - '0');
          count++;
        }
      }
      if (intDigits < 0) {
        intDigits = s.indexOf('E') < 0 ? s.length() : s.indexOf('E');
      }
      while (m % 10 == 0) {
        m /= 10;
        count--;
      }
      nd = count;
      dp = intDigits + exp - leadingZeros;
      return m;
    }

    /**
     * Finds the fewest digits p with a p-digit decimal that reads back as a. Whether one exists
     * is monotone in p (a p-digit decimal is also a (p+1)-digit one), so a binary search works;
     * the decimals to try are Java's digits truncated to p digits and that plus one unit, since
     * the values that read back as a form an interval around Java's (round-tripping) digits.
     */
    private void shorten(double a, long m) {
      int full = nd;
      int e = dp - full; // a ≈ m × 10^e
      if (!fits(a, m, full, full - 1, e)) {
        if (full >= 16) {
          // Java 17 may pick a neighbour that reads back as a but is not the nearest to it
          // (1.9400994884341945E25 prints as ...944E25); only long outputs are affected.
          int side = NearestCheck.side(a, m, e);
          if (side == 0) {
            setDigits(m, full);
          } else if (side != NearestCheck.UNKNOWN && toDouble(m + side, e) != a) {
            setDigits(m, full); // the nearer neighbour does not read back as a
          } else if (side != NearestCheck.UNKNOWN) {
            setValue(m + side, e);
          } else {
            closest(a, full);
          }
        } else {
          setDigits(m, full);
        }
        return;
      }
      int lo = 1;
      int hi = full - 1; // fits(hi) holds
      while (lo < hi) {
        int mid = (lo + hi) >>> 1;
        if (fits(a, m, full, mid, e)) {
          hi = mid;
        } else {
          lo = mid + 1;
        }
      }
      closest(a, hi);
    }

    private static boolean fits(double a, long m, int full, int p, int e) {
      long scale = LONG_POW10[full - p];
      long truncated = m / scale;
      int exp = e + (full - p);
      return toDouble(truncated, exp) == a || toDouble(truncated + 1, exp) == a;
    }

    /** Among the p-digit decimals that read back as a, the one nearest a's exact value. */
    private void closest(double a, int p) {
      BigDecimal exact = new BigDecimal(a);
      BigDecimal r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      if (r.doubleValue() != a) {
        RoundingMode other = r.compareTo(exact) < 0 ? RoundingMode.UP : RoundingMode.DOWN;
        r = exact.round(new MathContext(p, other));
      }
      BigDecimal stripped = r.stripTrailingZeros();
      long digits = stripped.unscaledValue().longValueExact();
      int count = stripped.precision();
      dp = count - stripped.scale();
      setDigits(digits, count);
    }

    /** Sets the digits of v × 10^e, v > 0, dropping trailing zeros. */
    private void setValue(long v, int e) {
      while (v % 10 == 0) {
        v /= 10;
        e++;
      }
      int count = Long.toString(v).length();
      dp = e + count;
      setDigits(v, count);
    }

    private void setDigits(long m, int count) {
      nd = count;
      for (int i = count - 1; i >= 0; i--) {
        chars[i] = (char) ('0' + m % 10);
        m /= 10;
      }
    }

    /** c × 10^e rounded to the nearest double. */
    static double toDouble(long c, int e) {
      if (c < (1L << 53) && e >= -22 && e <= 22) {
        // Both operands are exact doubles, so one IEEE operation rounds correctly.
        return e >= 0 ? c * POW10[e] : c / POW10[-e];
      }
      return Double.parseDouble(c + "E" + e);
    }
  }
}
