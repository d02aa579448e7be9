package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** Expected numbers come from aggregators.test ("Tests for quantile"). */
class QuantileTest {

  private static double q(double phi, double... values) {
    return Quantile.of(phi, values.clone(), 0, values.length);
  }

  @Test
  void interpolatesBetweenNeighbours() {
    assertThat(q(0.8, 0, 1)).isCloseTo(0.8, within(1e-15));
    assertThat(q(0.8, 2, 0, 1)).isCloseTo(1.6, within(1e-15));
    assertThat(q(0.8, 0, 4, 1)).isCloseTo(2.8, within(1e-15));
    assertThat(q(0.2, 0, 1)).isCloseTo(0.2, within(1e-15));
    assertThat(q(0.2, 0, 1, 2)).isCloseTo(0.4, within(1e-15));
    assertThat(q(0.5, 7)).isEqualTo(7);
  }

  @Test
  void nanRanksBelowEveryNumber() {
    assertThat(q(0.8, 0, 1, Double.NaN)).isCloseTo(0.6, within(1e-15));
    assertThat(q(0.2, 0, Double.NaN, 1)).isNaN();
    assertThat(q(1, Double.NaN, 5, Double.NaN)).isEqualTo(5);
  }

  @Test
  void outOfRangePhi() {
    assertThat(q(-1, 1, 2)).isEqualTo(Double.NEGATIVE_INFINITY);
    assertThat(q(2, 1, 2)).isEqualTo(Double.POSITIVE_INFINITY);
    assertThat(q(Double.NaN, 1, 2)).isNaN();
    assertThat(Quantile.of(0.5, new double[0], 0, 0)).isNaN();
    assertThat(Quantile.of(-1, new double[0], 0, 0)).isNaN();
  }

  @Test
  void sortsOnlyTheGivenSlice() {
    double[] values = {9, 3, 1, 2, -9};
    assertThat(Quantile.of(0.5, values, 1, 4)).isEqualTo(2);
    assertThat(values[0]).isEqualTo(9);
    assertThat(values[4]).isEqualTo(-9);
  }
}
