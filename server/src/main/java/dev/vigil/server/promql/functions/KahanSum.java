package dev.vigil.server.promql.functions;

/**
 * A running float sum with Neumaier-compensated (improved Kahan) summation, as PromQL's
 * {@code sum}, {@code sum_over_time} and the regression functions use.
 *
 * <p>Instances are mutable and not thread-safe; one per aggregation group. Loops that must not
 * allocate use {@link #compensate} directly on local variables.
 */
public final class KahanSum {
  private double sum;
  private double c;

  /** Adds {@code x}. */
  public void add(double x) {
    double t = sum + x;
    c = compensate(sum, x, t, c);
    sum = t;
  }

  /**
   * The compensated sum. Once the running sum is infinite the compensation is zero, so the
   * result stays infinite rather than turning into NaN.
   */
  public double value() {
    return sum + c;
  }

  /** The uncompensated running sum. */
  public double rawSum() {
    return sum;
  }

  /** The accumulated compensation term. */
  public double compensation() {
    return c;
  }

  /** Starts again from zero. */
  public void reset() {
    sum = 0;
    c = 0;
  }

  /**
   * The new compensation after adding {@code x} to {@code sum}, where {@code t == sum + x} is the
   * new running sum and {@code c} the old compensation. Neumaier's variant: the lost low-order
   * bits are taken from whichever operand is smaller in magnitude.
   */
  public static double compensate(double sum, double x, double t, double c) {
    if (Double.isInfinite(t)) {
      return 0;
    }
    if (Math.abs(sum) >= Math.abs(x)) {
      return c + ((sum - t) + x);
    }
    return c + ((x - t) + sum);
  }
}
