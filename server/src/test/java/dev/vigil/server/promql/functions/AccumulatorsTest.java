package dev.vigil.server.promql.functions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

/** KahanSum, KahanMean and Stats, the per-group accumulators of sum, avg, stddev and stdvar. */
class AccumulatorsTest {

  @Test
  void kahanSumKeepsSmallTermsNextToHugeOnes() {
    KahanSum sum = new KahanSum();
    for (double v : new double[] {1, 1e100, 1, -1e100}) {
      sum.add(v);
    }
    assertThat(sum.value()).isEqualTo(2);
    sum.reset();
    for (int i = 0; i < 10; i++) {
      sum.add(0.1);
    }
    assertThat(sum.value()).isEqualTo(1.0);
    sum.add(Double.POSITIVE_INFINITY);
    sum.add(1);
    assertThat(sum.value()).isEqualTo(Double.POSITIVE_INFINITY);
  }

  @Test
  void meanSwitchesToIncrementalOnOverflow() {
    KahanMean mean = new KahanMean();
    assertThat(mean.value()).isNaN();
    mean.add(9.988465674311579e+307);
    mean.add(9.988465674311579e+307);
    assertThat(mean.value()).isEqualTo(9.988465674311579e+307);
    mean.reset();
    for (double v : new double[] {1, 2, 3, 4, 5}) {
      mean.add(v);
    }
    assertThat(mean.value()).isEqualTo(3);
    assertThat(mean.count()).isEqualTo(5);
    mean.reset();
    for (double v : new double[] {Double.POSITIVE_INFINITY, 0, Double.POSITIVE_INFINITY}) {
      mean.add(v);
    }
    assertThat(mean.value()).isEqualTo(Double.POSITIVE_INFINITY);
    mean.reset();
    for (double v : new double[] {1, 2, Double.NEGATIVE_INFINITY, Double.NEGATIVE_INFINITY,
        Double.POSITIVE_INFINITY}) {
      mean.add(v);
    }
    assertThat(mean.value()).isNaN();
  }

  @Test
  void meanMatchesAvgOverTime() {
    double[] vs = {-1.78264E+219, 0.76342771, 1.9592258, 2.3757689E+217, -2.3757689E+217,
        2.258E+220, 7.69805412, 1.78264E+219, -458.90154};
    KahanMean mean = new KahanMean();
    for (double v : vs) {
      mean.add(v);
    }
    assertThat(mean.value()).isEqualTo(OverTimeFunctions.avg(vs, 0, vs.length));
  }

  @Test
  void stddevAndStdvar() {
    // aggregators.test: http_requests at 50m is 100..800 over eight series.
    Stats stats = new Stats();
    for (double v : new double[] {100, 200, 300, 400, 500, 600, 700, 800}) {
      stats.add(v);
    }
    assertThat(stats.stdvar()).isEqualTo(52500);
    assertThat(stats.stddev()).isCloseTo(229.12878474779, within(1e-9));
    stats.reset();
    for (int i = 0; i < 3; i++) {
      stats.add(13.3);
    }
    assertThat(stats.stdvar()).isEqualTo(0);
    stats.reset();
    stats.add(1);
    stats.add(2);
    assertThat(stats.stddev()).isEqualTo(0.5);
    stats.add(Double.NaN);
    assertThat(stats.stddev()).isNaN();
    stats.reset();
    stats.add(Double.NaN);
    stats.add(1);
    assertThat(stats.stdvar()).isNaN();
    stats.reset();
    assertThat(stats.stdvar()).isNaN();
  }
}
