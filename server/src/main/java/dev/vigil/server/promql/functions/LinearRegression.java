package dev.vigil.server.promql.functions;

/**
 * Least-squares fit of value over time for {@code deriv} and {@code predict_linear}, with
 * compensated sums. A constant series has slope 0 (exactly, not a rounding residue); a constant
 * infinite series has none (NaN).
 */
final class LinearRegression {
  private LinearRegression() {}

  /** The slope in units per second; x is measured from {@code originMs}. */
  static double slope(long[] ts, double[] vs, int from, int to, long originMs) {
    return fit(ts, vs, from, to, originMs, true, 0);
  }

  /** The fitted value at {@code originMs + durationSeconds}. */
  static double valueAt(long[] ts, double[] vs, int from, int to, long originMs,
      double durationSeconds) {
    return fit(ts, vs, from, to, originMs, false, durationSeconds);
  }

  // One method computing both keeps the two callers allocation-free without a result object.
  private static double fit(long[] ts, double[] vs, int from, int to, long originMs,
      boolean wantSlope, double durationSeconds) {
    double n = 0;
    double sumX = 0;
    double cX = 0;
    double sumY = 0;
    double cY = 0;
    double sumXY = 0;
    double cXY = 0;
    double sumX2 = 0;
    double cX2 = 0;
    double initY = vs[from];
    boolean constY = true;
    for (int i = from; i < to; i++) {
      double y = vs[i];
      if (constY && i > from && y != initY) {
        constY = false;
      }
      n += 1;
      double x = (ts[i] - originMs) / 1e3;
      double t = sumX + x;
      cX = KahanSum.compensate(sumX, x, t, cX);
      sumX = t;
      t = sumY + y;
      cY = KahanSum.compensate(sumY, y, t, cY);
      sumY = t;
      double xy = x * y;
      t = sumXY + xy;
      cXY = KahanSum.compensate(sumXY, xy, t, cXY);
      sumXY = t;
      double x2 = x * x;
      t = sumX2 + x2;
      cX2 = KahanSum.compensate(sumX2, x2, t, cX2);
      sumX2 = t;
    }
    double slope;
    double intercept;
    if (constY) {
      if (Double.isInfinite(initY)) {
        return Double.NaN;
      }
      slope = 0;
      intercept = initY;
    } else {
      sumX += cX;
      sumY += cY;
      sumXY += cXY;
      sumX2 += cX2;
      double covXY = sumXY - sumX * sumY / n;
      double varX = sumX2 - sumX * sumX / n;
      slope = covXY / varX;
      intercept = sumY / n - slope * sumX / n;
    }
    return wantSlope ? slope : slope * durationSeconds + intercept;
  }
}
