package dev.vigil.server.promql.functions;

/**
 * Decides with exact 128-bit integer arithmetic whether the decimal D × 10^e is the nearest one
 * with as many digits to a double a, or whether D - 1 or D + 1 is nearer. This replaces a
 * BigDecimal expansion on the path that formats 16- and 17-digit values (most computed rates
 * and averages) under Java 17; magnitudes it cannot handle in 128 bits answer UNKNOWN.
 */
final class NearestCheck {
  private NearestCheck() {}

  /** The answer when the numbers do not fit, or a tie needs the exact rounding rule. */
  static final int UNKNOWN = Integer.MIN_VALUE;

  private static final long[] POW10 = new long[19];

  static {
    POW10[0] = 1;
    for (int i = 1; i < POW10.length; i++) {
      POW10[i] = POW10[i - 1] * 10;
    }
  }

  /**
   * -1 when D - 1 is nearer to a, +1 when D + 1 is, 0 when D is nearest (strictly within half
   * a unit), UNKNOWN otherwise. a must be positive and normal; D below 2^62.
   */
  static int side(double a, long d, int e) {
    if (a < Double.MIN_NORMAL || d <= 0 || d >= (1L << 62)) {
      return UNKNOWN;
    }
    long bits = Double.doubleToRawLongBits(a);
    long m = (bits & ((1L << 52) - 1)) | (1L << 52);
    int q = Math.getExponent(a) - 52; // a = m × 2^q
    // Compare 2·a with (2D ± 1) × 10^e, both scaled to integers.
    // x = 2·m × 10^max(0,-e), y± = (2D ± 1) × 10^max(0,e), and a power of two between them.
    int k = Math.max(0, -e);
    int j = Math.max(0, e);
    if (k > 18 || j > 18) {
      return UNKNOWN;
    }
    long xHi = Math.multiplyHigh(2 * m, POW10[k]);
    long xLo = 2 * m * POW10[k];
    int below = compareScaled(xHi, xLo, q, 2 * d - 1, POW10[j]);
    int above = compareScaled(xHi, xLo, q, 2 * d + 1, POW10[j]);
    if (below == UNKNOWN || above == UNKNOWN) {
      return UNKNOWN;
    }
    if (below > 0 && above < 0) {
      return 0;
    }
    if (below < 0) {
      return -1;
    }
    if (above > 0) {
      return 1;
    }
    return UNKNOWN; // exactly half way
  }

  /** Sign of (x × 2^q) - (y × p) for a 128-bit x and 64-bit y, p; UNKNOWN if out of reach. */
  private static int compareScaled(long xHi, long xLo, int q, long y, long p) {
    long yHi = Math.multiplyHigh(y, p);
    long yLo = y * p;
    if (yHi < 0 || xHi < 0) {
      return UNKNOWN;
    }
    if (q >= 127) {
      return 1;
    }
    if (q >= 64) {
      // Shift x left by q; if that needs 127 bits or more, x is bigger than any y here.
      if (xHi != 0 || (xLo >>> (127 - q)) != 0) {
        return 1;
      }
      return compare128(xLo << (q - 64), 0, yHi, yLo);
    }
    if (q >= 0) {
      if (q > 0 && (xHi >>> (63 - q)) != 0) {
        return 1;
      }
      long hi = q == 0 ? xHi : (xHi << q) | (xLo >>> (64 - q));
      long lo = xLo << q;
      return compare128(hi, lo, yHi, yLo);
    }
    int t = -q;
    if (t >= 127) {
      return -1;
    }
    // Shift y left by t instead.
    if (t >= 64) {
      if (yHi != 0 || (yLo >>> (127 - t)) != 0) {
        return -1;
      }
      return compare128(xHi, xLo, yLo << (t - 64), 0);
    }
    if ((yHi >>> (63 - t)) != 0) {
      return -1;
    }
    long hi = t == 0 ? yHi : (yHi << t) | (yLo >>> (64 - t));
    long lo = yLo << t;
    return compare128(xHi, xLo, hi, lo);
  }

  private static int compare128(long aHi, long aLo, long bHi, long bLo) {
    int c = Long.compareUnsigned(aHi, bHi);
    return c != 0 ? Integer.signum(c) : Integer.signum(Long.compareUnsigned(aLo, bLo));
  }
}
