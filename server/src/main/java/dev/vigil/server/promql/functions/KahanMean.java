package dev.vigil.server.promql.functions;

/**
 * The float mean used by {@code avg} and {@code avg_over_time}: a compensated direct sum divided by
 * the count, which is usually the more accurate choice, until the running sum would overflow to
 * ±Inf; from then on an incremental (running) mean, which cannot overflow for finite inputs.
 *
 * <p>Mutable, not thread-safe; one per aggregation group.
 */
public final class KahanMean {
  private double sum;
  private double c;
  private double mean;
  private double count;
  private boolean incremental;

  /** Adds {@code x}. */
  public void add(double x) {
    count++;
    if (!incremental) {
      double t = sum + x;
      if (!Double.isInfinite(t) || count == 1) {
        c = KahanSum.compensate(sum, x, t, c);
        sum = t;
        return;
      }
      // The sum would overflow: continue with the mean of what has been seen so far.
      incremental = true;
      mean = sum / (count - 1);
      c /= count - 1;
    }
    double q = (count - 1) / count;
    double m = q * mean;
    double inc = x / count;
    double t = m + inc;
    c = KahanSum.compensate(m, inc, t, q * c);
    mean = t;
  }

  /** Number of values added. */
  public long count() {
    return (long) count;
  }

  /** The mean of the values added; NaN when none were. */
  public double value() {
    if (count == 0) {
      return Double.NaN;
    }
    if (incremental) {
      return mean + c;
    }
    return sum / count + c / count;
  }

  /** Starts again with no values. */
  public void reset() {
    sum = 0;
    c = 0;
    mean = 0;
    count = 0;
    incremental = false;
  }
}
