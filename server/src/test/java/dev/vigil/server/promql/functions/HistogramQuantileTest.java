package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class HistogramQuantileTest {
  private static final double INF = Double.POSITIVE_INFINITY;
  private final HistogramQuantile hq = new HistogramQuantile();

  private double quantile(double q, double[] le, double[] counts) {
    return hq.quantile(q, le.clone(), counts.clone(), le.length);
  }

  private static final double[] LE = {0.1, 0.2, 0.4, 1, INF};
  private static final double[] COUNTS = {10, 20, 40, 80, 100};

  @Test
  void interpolatesInsideTheBucket() {
    // rank 50 falls in (0.4, 1] holding 40 observations, 10 of them below rank: 0.4 + 0.6 * 10/40.
    assertThat(quantile(0.5, LE, COUNTS)).isCloseTo(0.55, within(1e-15));
    // The lowest bucket starts at 0.
    assertThat(quantile(0.05, LE, COUNTS)).isCloseTo(0.05, within(1e-15));
    assertThat(quantile(0, LE, COUNTS)).isEqualTo(0);
    // A rank in the +Inf bucket gives the highest finite bound.
    assertThat(quantile(0.99, LE, COUNTS)).isEqualTo(1);
    assertThat(quantile(1, LE, COUNTS)).isEqualTo(1);
    assertThat(hq.forcedMonotonic()).isFalse();
  }

  @Test
  void bucketsMayArriveInAnyOrderAndDuplicatesAreMerged() {
    double[] le = {1, INF, 0.1, 0.4, 0.2};
    double[] counts = {80, 100, 10, 40, 20};
    assertThat(quantile(0.5, le, counts)).isCloseTo(0.55, within(1e-15));
    // The same bound twice (say from two label spellings "1" and "1.0") adds up.
    double[] dupLe = {1, 1, INF};
    double[] dupCounts = {20, 20, 50};
    assertThat(quantile(0.5, dupLe, dupCounts)).isCloseTo(0.625, within(1e-15));
  }

  @Test
  void specialCases() {
    assertThat(quantile(-0.1, LE, COUNTS)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(quantile(1.1, LE, COUNTS)).isEqualTo(INF);
    assertThat(quantile(Double.NaN, LE, COUNTS)).isNaN();
    // No +Inf bucket.
    assertThat(quantile(0.5, new double[] {0.1, 1}, new double[] {1, 2})).isNaN();
    // Only the +Inf bucket.
    assertThat(quantile(0.5, new double[] {INF}, new double[] {5})).isNaN();
    // No observations.
    assertThat(quantile(0.5, LE, new double[5])).isNaN();
    // A lowest bucket at or below zero: its bound is the answer.
    assertThat(quantile(0.1, new double[] {-1, 0, INF}, new double[] {5, 8, 10}))
        .isEqualTo(-1);
    assertThat(quantile(0.6, new double[] {-1, 0, INF}, new double[] {5, 8, 10}))
        .isCloseTo(-1 + 1.0 / 3, within(1e-15));
  }

  @Test
  void nonMonotonicCountsAreFixedAndFlagged() {
    double[] counts = {10, 30, 20, 80, 100};
    // 20 is raised to 30, so rank 25 lies in (0.1, 0.2]: 0.1 + 0.1 * 15/20.
    assertThat(quantile(0.25, LE, counts)).isCloseTo(0.175, within(1e-15));
    assertThat(hq.forcedMonotonic()).isTrue();
    assertThat(quantile(0.25, LE, COUNTS)).isCloseTo(0.1 + 0.1 * 15 / 10, within(1e-15));
    assertThat(hq.forcedMonotonic()).isFalse();
  }

  @Test
  void tinyFloatingPointDifferencesAreEvenedOutSilently() {
    double[] le = {1, 2, INF};
    double[] counts = {100, 100 - 1e-11, 200};
    // 99.99999999999 is within a trillionth of 100: treated as 100, no annotation.
    assertThat(quantile(0.5, le, counts)).isEqualTo(1);
    assertThat(hq.forcedMonotonic()).isFalse();
    assertThat(hq.fixedPrecision()).isTrue();
    double[] bigger = {100, 100 - 1e-6, 200};
    quantile(0.5, le, bigger);
    assertThat(hq.forcedMonotonic()).isTrue();
  }

  @Test
  void fraction() {
    double[] le = {0.1, 0.2, 0.4, 1, INF};
    assertThat(hq.fraction(0, 0.2, le.clone(), COUNTS.clone(), 5)).isCloseTo(0.2, within(1e-15));
    assertThat(hq.fraction(0.1, 0.3, le.clone(), COUNTS.clone(), 5))
        .isCloseTo((30 - 10) / 100.0, within(1e-15));
    assertThat(hq.fraction(Double.NEGATIVE_INFINITY, INF, le.clone(), COUNTS.clone(), 5))
        .isEqualTo(1);
    // Interpolation in the lowest bucket assumes it starts at 0.
    assertThat(hq.fraction(0, 0.05, le.clone(), COUNTS.clone(), 5))
        .isCloseTo(0.05, within(1e-15));
    assertThat(hq.fraction(0.5, 0.5, le.clone(), COUNTS.clone(), 5)).isEqualTo(0);
    assertThat(hq.fraction(Double.NaN, 1, le.clone(), COUNTS.clone(), 5)).isNaN();
    assertThat(hq.fraction(0, 1, le.clone(), new double[5], 5)).isNaN();
    assertThat(hq.fraction(0, 1, new double[] {1, 2}, new double[] {1, 2}, 2)).isNaN();
  }

  @Test
  void almostEqualIsRelative() {
    assertThat(HistogramQuantile.almostEqual(1e12, 1e12 + 0.5, 1e-12)).isTrue();
    assertThat(HistogramQuantile.almostEqual(1, 1.0001, 1e-12)).isFalse();
    // Against zero the tolerance is absolute: epsilon times the smallest normal double.
    assertThat(HistogramQuantile.almostEqual(0, 1e-300, 1e-12)).isFalse();
    assertThat(HistogramQuantile.almostEqual(0, 1e-321, 1e-12)).isTrue();
    assertThat(HistogramQuantile.almostEqual(Double.NaN, Double.NaN, 1e-12)).isTrue();
  }
}
