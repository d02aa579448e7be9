package dev.vigil.server.promql.functions;

/**
 * Population variance and standard deviation for the {@code stddev} and {@code stdvar}
 * aggregations, with Welford's incremental mean/variance as Prometheus computes them. A NaN or
 * infinite input makes the result NaN.
 *
 * <p>Mutable, not thread-safe; one per aggregation group.
 */
public final class Stats {
  private double count;
  private double mean;
  private double m2;

  /** Adds {@code x}. */
  public void add(double x) {
    if (count == 0) {
      count = 1;
      mean = x;
      m2 = Double.isFinite(x) ? 0 : Double.NaN;
      return;
    }
    if (!Double.isFinite(x)) {
      m2 = Double.NaN;
      return;
    }
    count++;
    double delta = x - mean;
    mean += delta / count;
    m2 += delta * (x - mean);
  }

  /** The population variance; NaN when no value was added. */
  public double stdvar() {
    return count == 0 ? Double.NaN : m2 / count;
  }

  /** The population standard deviation; NaN when no value was added. */
  public double stddev() {
    return Math.sqrt(stdvar());
  }

  /** Starts again with no values. */
  public void reset() {
    count = 0;
    mean = 0;
    m2 = 0;
  }
}
