package dev.vigil.server.promql.functions;

/**
 * Sine, cosine, tangent and their inverses computed the way Go's {@code math} package computes
 * them (Cephes polynomials after a three-part Cody-Waite reduction by π/4), so PromQL results
 * match Prometheus to the last bit. Java's fdlibm versions differ in the last bits (sin(10) ends
 * in ...698 there, ...699 in Go). Arguments of 2^29 and more, where Go switches to Payne-Hanek
 * reduction, use {@link StrictMath} instead.
 */
final class GoTrig {
  private GoTrig() {}

  private static final double REDUCE_THRESHOLD = 1 << 29;
  private static final double FOUR_OVER_PI = 1.27323954473516268615107010698011489627567716592365;
  private static final double PI4A = 7.85398125648498535156e-1;
  private static final double PI4B = 3.77489470793079817668e-8;
  private static final double PI4C = 2.69515142907905952645e-15;

  private static final double S0 = 1.58962301576546568060e-10;
  private static final double S1 = -2.50507477628578072866e-8;
  private static final double S2 = 2.75573136213857245213e-6;
  private static final double S3 = -1.98412698295895385996e-4;
  private static final double S4 = 8.33333333332211858878e-3;
  private static final double S5 = -1.66666666666666307295e-1;

  private static final double C0 = -1.13585365213876817300e-11;
  private static final double C1 = 2.08757008419747316778e-9;
  private static final double C2 = -2.75573141792967388112e-7;
  private static final double C3 = 2.48015872888517045348e-5;
  private static final double C4 = -1.38888888888730564116e-3;
  private static final double C5 = 4.16666666666665929218e-2;

  private static final double TP0 = -1.30936939181383777646e4;
  private static final double TP1 = 1.15351664838587416140e6;
  private static final double TP2 = -1.79565251976484877988e7;
  private static final double TQ1 = 1.36812963470692954678e4;
  private static final double TQ2 = -1.32089234440210967447e6;
  private static final double TQ3 = 2.50083801823357915839e7;
  private static final double TQ4 = -5.38695755929454629881e7;

  static double sin(double x) {
    if (x == 0 || Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.NaN;
    }
    boolean negative = x < 0;
    double a = Math.abs(x);
    if (a >= REDUCE_THRESHOLD) {
      return StrictMath.sin(x);
    }
    long j = octant(a);
    double z = reduced(a, j);
    j &= 7;
    if (j > 3) {
      negative = !negative;
      j -= 4;
    }
    double zz = z * z;
    double y = j == 1 || j == 2 ? cosPoly(zz) : sinPoly(z, zz);
    return negative ? -y : y;
  }

  static double cos(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return Double.NaN;
    }
    double a = Math.abs(x);
    if (a >= REDUCE_THRESHOLD) {
      return StrictMath.cos(x);
    }
    boolean negative = false;
    long j = octant(a);
    double z = reduced(a, j);
    j &= 7;
    if (j > 3) {
      j -= 4;
      negative = true;
    }
    if (j > 1) {
      negative = !negative;
    }
    double zz = z * z;
    double y = j == 1 || j == 2 ? sinPoly(z, zz) : cosPoly(zz);
    return negative ? -y : y;
  }

  static double tan(double x) {
    if (x == 0 || Double.isNaN(x)) {
      return x;
    }
    if (Double.isInfinite(x)) {
      return Double.NaN;
    }
    boolean negative = x < 0;
    double a = Math.abs(x);
    if (a >= REDUCE_THRESHOLD) {
      return StrictMath.tan(x);
    }
    long j = octant(a);
    double z = reduced(a, j);
    j &= 7;
    double zz = z * z;
    double y;
    if (zz > 1e-14) {
      y = z + z * (zz * ((TP0 * zz + TP1) * zz + TP2)
          / ((((zz + TQ1) * zz + TQ2) * zz + TQ3) * zz + TQ4));
    } else {
      y = z;
    }
    if ((j & 2) == 2) {
      y = -1 / y;
    }
    return negative ? -y : y;
  }

  static double asin(double x) {
    if (x == 0) {
      return x;
    }
    boolean negative = x < 0;
    double a = Math.abs(x);
    if (a > 1) {
      return Double.NaN;
    }
    double t = Math.sqrt(1 - a * a);
    t = a > 0.7 ? Math.PI / 2 - satan(t / a) : satan(a / t);
    return negative ? -t : t;
  }

  static double acos(double x) {
    return Math.PI / 2 - asin(x);
  }

  static double atan(double x) {
    if (x == 0) {
      return x;
    }
    return x > 0 ? satan(x) : -satan(-x);
  }

  /** The octant index of a ≥ 0, rounded up to even so that zeros map to the origin. */
  private static long octant(double a) {
    long j = (long) (a * FOUR_OVER_PI);
    return (j & 1) == 1 ? j + 1 : j;
  }

  /** a minus j·π/4 in extended precision (π/4 in three parts). */
  private static double reduced(double a, long j) {
    double y = j;
    return ((a - y * PI4A) - y * PI4B) - y * PI4C;
  }

  private static double sinPoly(double z, double zz) {
    return z + z * zz * (((((S0 * zz + S1) * zz + S2) * zz + S3) * zz + S4) * zz + S5);
  }

  private static double cosPoly(double zz) {
    return 1.0 - 0.5 * zz
        + zz * zz * (((((C0 * zz + C1) * zz + C2) * zz + C3) * zz + C4) * zz + C5);
  }

  /** Arctangent series for [0, 0.66]. */
  private static double xatan(double x) {
    final double p0 = -8.750608600031904122785e-01;
    final double p1 = -1.615753718733365076637e+01;
    final double p2 = -7.500855792314704667340e+01;
    final double p3 = -1.228866684490136173410e+02;
    final double p4 = -6.485021904942025371773e+01;
    final double q0 = +2.485846490142306297962e+01;
    final double q1 = +1.650270098316988542046e+02;
    final double q2 = +4.328810604912902668951e+02;
    final double q3 = +4.853903996359136964868e+02;
    final double q4 = +1.945506571482613964425e+02;
    double z = x * x;
    z = z * ((((p0 * z + p1) * z + p2) * z + p3) * z + p4)
        / (((((z + q0) * z + q1) * z + q2) * z + q3) * z + q4);
    return x * z + x;
  }

  /** Arctangent of x > 0, reduced into the series' range. */
  private static double satan(double x) {
    final double moreBits = 6.123233995736765886130e-17; // pi/2 = Math.PI/2 + moreBits
    final double tan3Pi8 = 2.41421356237309504880;
    if (x <= 0.66) {
      return xatan(x);
    }
    if (x > tan3Pi8) {
      return Math.PI / 2 - xatan(1 / x) + moreBits;
    }
    return Math.PI / 4 + xatan((x - 1) / (x + 1)) + 0.5 * moreBits;
  }
}
