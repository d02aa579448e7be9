package dev.vigil.server.promql.functions;

/**
 * The element-wise PromQL functions on one float: rounding, logarithms, clamping, trigonometry.
 * Special cases (NaN, ±Inf, ±0) follow Go's {@code math} package, which Prometheus uses; where Go
 * and Java disagree (min/max with NaN and Inf, the inverse hyperbolic functions) this class
 * follows Go. sin, cos, tan and their inverses are ports of Go's code ({@link GoTrig}) so that the
 * last bits match too; exp, ln and the hyperbolic functions use fdlibm ({@link StrictMath}),
 * which can differ from Go's amd64 assembly by an ulp.
 */
public final class MathFunctions {
  private MathFunctions() {}

  private static final double LN2 = 6.93147180559945286227e-01;
  // 1/ln(10) rounded once, as Go's constant arithmetic does, not 1/LN10 in doubles.
  private static final double LOG10_E =
      0.43429448190325182765112891891660508229439700580366656611445378;
  private static final double NEAR_ZERO = 1.0 / (1 << 28);
  private static final double LARGE = 1 << 28;

  public static double abs(double v) {
    return Math.abs(v);
  }

  public static double ceil(double v) {
    return Math.ceil(v);
  }

  public static double floor(double v) {
    return Math.floor(v);
  }

  public static double exp(double v) {
    return StrictMath.exp(v);
  }

  public static double ln(double v) {
    return StrictMath.log(v);
  }

  /**
   * Base-2 logarithm; exact for powers of two. Go computes {@code ln(frac) / ln 2 + exp} with an
   * assembly {@code ln} on amd64 whose last bit fdlibm does not reproduce; {@code ln(v) / ln 2}
   * lands on the values Prometheus prints (log2(10) = 3.3219280948873626).
   */
  public static double log2(double v) {
    if (v > 0 && v < Double.POSITIVE_INFINITY) {
      int e = Math.getExponent(v);
      if (e >= Double.MIN_EXPONENT && v == Math.scalb(1.0, e)) {
        return e;
      }
      if (e < Double.MIN_EXPONENT && Long.bitCount(Double.doubleToRawLongBits(v)) == 1) {
        // Subnormal power of two: a single mantissa bit.
        return Double.MIN_EXPONENT - 52 + 63 - Long.numberOfLeadingZeros(
            Double.doubleToRawLongBits(v));
      }
    }
    return StrictMath.log(v) / LN2;
  }

  /** Base-10 logarithm as Go computes it ({@code ln(v) / ln(10)}), not Java's log10. */
  public static double log10(double v) {
    return StrictMath.log(v) * LOG10_E;
  }

  public static double sqrt(double v) {
    return Math.sqrt(v);
  }

  /** -1 for negative, 1 for positive values; zero and NaN are returned as they are. */
  public static double sgn(double v) {
    if (v < 0) {
      return -1;
    }
    if (v > 0) {
      return 1;
    }
    return v;
  }

  /**
   * Rounds to the nearest multiple of {@code toNearest}, ties upwards. Multiplying by the inverse
   * (rather than dividing by {@code toNearest}) is what Prometheus does; it also gives fewer
   * floating point surprises for fractional multiples such as 0.1.
   */
  public static double round(double v, double toNearest) {
    double inverse = 1.0 / toNearest;
    return Math.floor(v * inverse + 0.5) / inverse;
  }

  /** {@code round(v)} to the nearest integer, ties upwards. */
  public static double round(double v) {
    return Math.floor(v + 0.5);
  }

  /**
   * Whether {@code clamp(v, min, max)} produces any output: {@code min > max} gives an empty
   * vector. NaN bounds do not, and then poison every value through {@link #clamp}.
   */
  public static boolean clampHasResult(double min, double max) {
    return !(max < min);
  }

  /** {@code clamp}: {@code max(min, min(max, v))}; check {@link #clampHasResult} first. */
  public static double clamp(double v, double min, double max) {
    return goMax(min, goMin(max, v));
  }

  public static double clampMin(double v, double min) {
    return goMax(min, v);
  }

  public static double clampMax(double v, double max) {
    return goMin(max, v);
  }

  /** Go's {@code math.Max}: +Inf wins even over NaN, then NaN wins, and +0 beats -0. */
  public static double goMax(double x, double y) {
    if (x == Double.POSITIVE_INFINITY || y == Double.POSITIVE_INFINITY) {
      return Double.POSITIVE_INFINITY;
    }
    return Math.max(x, y);
  }

  /** Go's {@code math.Min}: -Inf wins even over NaN, then NaN wins, and -0 beats +0. */
  public static double goMin(double x, double y) {
    if (x == Double.NEGATIVE_INFINITY || y == Double.NEGATIVE_INFINITY) {
      return Double.NEGATIVE_INFINITY;
    }
    return Math.min(x, y);
  }

  public static double sin(double v) {
    return GoTrig.sin(v);
  }

  public static double cos(double v) {
    return GoTrig.cos(v);
  }

  public static double tan(double v) {
    return GoTrig.tan(v);
  }

  public static double asin(double v) {
    return GoTrig.asin(v);
  }

  public static double acos(double v) {
    return GoTrig.acos(v);
  }

  public static double atan(double v) {
    return GoTrig.atan(v);
  }

  public static double sinh(double v) {
    return StrictMath.sinh(v);
  }

  public static double cosh(double v) {
    return StrictMath.cosh(v);
  }

  public static double tanh(double v) {
    return StrictMath.tanh(v);
  }

  /** Inverse hyperbolic sine; Java has none, so this follows the fdlibm algorithm Go uses. */
  public static double asinh(double x) {
    if (Double.isNaN(x) || Double.isInfinite(x)) {
      return x;
    }
    boolean negative = x < 0;
    double a = Math.abs(x);
    double r;
    if (a > LARGE) {
      r = StrictMath.log(a) + LN2;
    } else if (a > 2) {
      r = StrictMath.log(2 * a + 1 / (Math.sqrt(a * a + 1) + a));
    } else if (a < NEAR_ZERO) {
      r = a;
    } else {
      r = StrictMath.log1p(a + a * a / (1 + Math.sqrt(1 + a * a)));
    }
    return negative ? -r : r;
  }

  /** Inverse hyperbolic cosine; NaN below 1. */
  public static double acosh(double x) {
    if (x < 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return 0;
    }
    if (x >= LARGE) {
      return StrictMath.log(x) + LN2;
    }
    if (x > 2) {
      return StrictMath.log(2 * x - 1 / (x + Math.sqrt(x * x - 1)));
    }
    double t = x - 1;
    return StrictMath.log1p(t + Math.sqrt(2 * t + t * t));
  }

  /** Inverse hyperbolic tangent; ±Inf at ±1, NaN outside [-1, 1]. */
  public static double atanh(double x) {
    if (x < -1 || x > 1 || Double.isNaN(x)) {
      return Double.NaN;
    }
    if (x == 1) {
      return Double.POSITIVE_INFINITY;
    }
    if (x == -1) {
      return Double.NEGATIVE_INFINITY;
    }
    boolean negative = x < 0;
    double a = Math.abs(x);
    double r;
    if (a < NEAR_ZERO) {
      r = a;
    } else if (a < 0.5) {
      double t = a + a;
      r = 0.5 * StrictMath.log1p(t + t * a / (1 - a));
    } else {
      r = 0.5 * StrictMath.log1p((a + a) / (1 - a));
    }
    return negative ? -r : r;
  }

  /** Radians to degrees, computed as Prometheus does ({@code v * 180 / pi}). */
  public static double deg(double v) {
    return v * 180 / Math.PI;
  }

  /** Degrees to radians ({@code v * pi / 180}). */
  public static double rad(double v) {
    return v * Math.PI / 180;
  }

  public static double pi() {
    return Math.PI;
  }
}
