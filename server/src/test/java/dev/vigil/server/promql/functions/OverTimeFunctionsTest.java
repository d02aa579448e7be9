package dev.vigil.server.promql.functions;

import static dev.vigil.server.promql.functions.TestSeries.min;
import static dev.vigil.server.promql.functions.TestSeries.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Expected numbers come from the promql conformance scripts (functions.test). */
class OverTimeFunctionsTest {

  /** Equality where NaN equals NaN, as in the test scripts. */
  static void assertSameValue(double actual, double expected) {
    if (Double.isNaN(expected)) {
      assertThat(actual).isNaN();
    } else {
      assertThat(actual).isEqualTo(expected);
    }
  }

  private static double[] values(String spec) {
    return TestSeries.load(1000, spec).vs;
  }

  @ParameterizedTest
  @CsvSource({"1 2 3 4 5, 3", "1 2 3 4 Inf, Inf", "1 2 3 4 -Inf, -Inf", "1 2 3 Inf -Inf, NaN",
      "Inf 0 Inf, Inf", "Inf Inf Inf -Inf, NaN", "1 2 3 -Inf -Inf, -Inf", "-Inf 0 -Inf, -Inf",
      "-Inf -Inf -Inf Inf, NaN", "1 2 -Inf -Inf Inf, NaN",
      // The sum overflows; the incremental mean does not.
      "9.988465674311579e+307 9.988465674311579e+307, 9.988465674311579e+307",
      "-9.988465674311579e+307 -9.988465674311579e+307 -9.988465674311579e+307,"
          + " -9.988465674311579e+307",
      "-9.988465674311579e+307 9.988465674311579e+307, 0", "1 2 3 NaN NaN, NaN",
      "1 1e100 1 -1e100, 0.5"})
  void avgOverTime(String spec, String expected) {
    double[] vs = values(spec);
    assertSameValue(OverTimeFunctions.avg(vs, 0, vs.length), FloatFormat.parseGo(expected));
  }

  @ParameterizedTest
  @CsvSource({"1e10 1e-6 1e-6 1e-6 1e-6 1e-6, 1.6666666666666675e+09",
      "5.30921651659898 0.961118537914768 1.62091361305318 0.865089463758091"
          + " 0.323055185914577 0.951811357687154, 1.67186744582113",
      "1.78264e50 0.76342771 1.9592258 7.69805412 458.90154, 3.56528E+49",
      "0.76342771 1.9592258 7.69805412 1.78264e50 458.90154, 3.56528E+49",
      "1.78264E+50 0.76342771 1.9592258 2.258E+220 7.69805412 458.90154, 3.76333333333333E+219",
      "-1.78264E+50 0.76342771 1.9592258 -2.258E+220 7.69805412 -458.90154,"
          + " -3.76333333333333E+219",
      "-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 -458.90154,"
          + " 3.76330362266667E+219",
      "-1.78264E+215 0.76342771 1.9592258 2.258E+220 7.69805412 1.78264E+215 -458.90154,"
          + " 3.225714285714286e+219",
      "-1.78264E+219 0.76342771 1.9592258 2.3757689E+217 -2.3757689E+217 2.258E+220 7.69805412"
          + " 1.78264E+219 -458.90154, 2.5088888888888888e+219",
      // Kahan summation cannot rescue this one either; Prometheus documents 0.
      "-2.258E+220 -1.78264E+219 0.76342771 1.9592258 2.3757689E+217 -2.3757689E+217 2.258E+220"
          + " 7.69805412 1.78264E+219 -458.90154, 0"})
  void avgOverTimeOfExtremeValues(String spec, double expected) {
    double[] vs = values(spec);
    double actual = OverTimeFunctions.avg(vs, 0, vs.length);
    // promqltest's tolerance: relative 1e-6.
    assertThat(actual).isCloseTo(expected, within(Math.abs(expected) * 1e-6));
  }

  @Test
  void avgOfAConstantIsExact() {
    double[] vs = values("52+0x100");
    for (int n = 1; n <= 100; n++) {
      assertThat(OverTimeFunctions.avg(vs, 0, n)).isEqualTo(52);
    }
  }

  @Test
  void sumOverTimeIsCompensated() {
    double[] vs = values("1 1e100 1 -1e100");
    assertThat(OverTimeFunctions.sum(vs, 0, 4)).isEqualTo(2);
    double[] big = values("9.988465674311579e+307 9.988465674311579e+307");
    assertThat(OverTimeFunctions.sum(big, 0, 2)).isEqualTo(Double.POSITIVE_INFINITY);
    double[] ones = values("1+0x4000");
    assertThat(OverTimeFunctions.sum(ones, 0, 1001)).isEqualTo(1001);
  }

  @Test
  void stdvarAndStddev() {
    double[] vs = values("0 8 8 2 3");
    assertThat(OverTimeFunctions.stdvar(vs, 0, 5)).isCloseTo(10.56, within(1e-12));
    assertThat(OverTimeFunctions.stddev(vs, 0, 5)).isCloseTo(3.249615, within(1e-6));
    double[] same = values("1.5990505637277868 1.5990505637277868 1.5990505637277868");
    assertThat(OverTimeFunctions.stdvar(same, 0, 3)).isEqualTo(0);
    assertThat(OverTimeFunctions.stddev(same, 0, 3)).isEqualTo(0);
  }

  @ParameterizedTest
  @CsvSource({"4 6 2 1 999 1 2, 1", "1 2 3 4 5, 1", "7 7 7 7 7, 0", "5, 0", "1 2 NaN 4, NaN"})
  void madOverTime(String spec, double expected) {
    double[] vs = values(spec);
    assertSameValue(OverTimeFunctions.mad(vs, 0, vs.length), expected);
  }

  @Test
  void minMaxAndTheirTimestamps() {
    // The odd interval catches rounding in the ms -> s conversion.
    TestSeries s = TestSeries.load(10_053, "1 2 3 0 5 6 2 1 4").range(sec(90), sec(90));
    assertThat(OverTimeFunctions.tsOfMin(s.ts, s.vs, s.from, s.to)).isEqualTo(30.159);
    assertThat(OverTimeFunctions.tsOfMax(s.ts, s.vs, s.from, s.to)).isEqualTo(50.265);
    assertThat(OverTimeFunctions.min(s.vs, s.from, s.to)).isEqualTo(0);
    assertThat(OverTimeFunctions.max(s.vs, s.from, s.to)).isEqualTo(6);
    // Ties go to the last sample.
    double[] tie = {1, 3, 1, 3};
    long[] ts = {1000, 2000, 3000, 4000};
    assertThat(OverTimeFunctions.tsOfMin(ts, tie, 0, 4)).isEqualTo(3);
    assertThat(OverTimeFunctions.tsOfMax(ts, tie, 0, 4)).isEqualTo(4);
    // NaN loses against any number, whatever its position.
    double[] nan = {Double.NaN, 2, Double.NaN, 1};
    assertThat(OverTimeFunctions.min(nan, 0, 4)).isEqualTo(1);
    assertThat(OverTimeFunctions.max(nan, 0, 4)).isEqualTo(2);
    assertThat(OverTimeFunctions.tsOfMax(ts, nan, 0, 4)).isEqualTo(2);
  }

  @Test
  void firstLastCountAndPresence() {
    TestSeries s = TestSeries.load(10_053, "_ _ 1 2 3 _ _").range(sec(95), sec(90));
    assertThat(OverTimeFunctions.tsOfFirst(s.ts, s.from, s.to)).isEqualTo(20.106);
    assertThat(OverTimeFunctions.tsOfLast(s.ts, s.from, s.to)).isEqualTo(40.212);
    assertThat(OverTimeFunctions.first(s.vs, s.from, s.to)).isEqualTo(1);
    assertThat(OverTimeFunctions.last(s.vs, s.from, s.to)).isEqualTo(3);
    assertThat(OverTimeFunctions.count(s.from, s.to)).isEqualTo(3);
    assertThat(OverTimeFunctions.present()).isEqualTo(1);
    assertThat(OverTimeFunctions.absent(0)).isTrue();
    assertThat(OverTimeFunctions.absent(2)).isFalse();
    s.range(sec(15), sec(90));
    assertThat(OverTimeFunctions.count(s.from, s.to)).isEqualTo(0);
    assertThatThrownBy(() -> OverTimeFunctions.first(s.vs, s.from, s.to))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @CsvSource({"0, 0, 0, 0", "0.5, 0.5, 1, 1", "0.75, 0.75, 1.5, 2.5", "0.8, 0.8, 1.6, 2.8",
      "1, 1, 2, 4", "-1, -Inf, -Inf, -Inf", "2, +Inf, +Inf, +Inf"})
  void quantileOverTime(double q, String two, String three, String uneven) {
    String[] specs = {"0 1", "0 1 2", "0 1 4"};
    String[] expected = {two, three, uneven};
    for (int i = 0; i < specs.length; i++) {
      TestSeries s = TestSeries.load(sec(10), specs[i]).range(min(1), min(2));
      assertThat(OverTimeFunctions.quantile(q, s.vs, s.from, s.to))
          .isCloseTo(FloatFormat.parseGo(expected[i]), within(1e-12));
    }
  }
}
