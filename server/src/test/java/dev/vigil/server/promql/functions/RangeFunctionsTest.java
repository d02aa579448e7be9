package dev.vigil.server.promql.functions;

import static dev.vigil.server.promql.functions.TestSeries.min;
import static dev.vigil.server.promql.functions.TestSeries.sec;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

/** Expected numbers come from the promql conformance scripts (functions.test). */
class RangeFunctionsTest {

  private static double increase(String spec, long intervalMs, long evalMs, long rangeMs) {
    TestSeries s = TestSeries.load(intervalMs, spec).range(evalMs, rangeMs);
    return RangeFunctions.increase(s.ts, s.vs, s.from, s.to, evalMs - rangeMs, evalMs);
  }

  private static double rate(String spec, long intervalMs, long evalMs, long rangeMs) {
    TestSeries s = TestSeries.load(intervalMs, spec).range(evalMs, rangeMs);
    return RangeFunctions.rate(s.ts, s.vs, s.from, s.to, evalMs - rangeMs, evalMs);
  }

  @ParameterizedTest
  @CsvSource(delimiter = ';', value = {
      "0+10x10; 50; 100", "0+18x5 0+18x5; 50; 160", "10+10x10; 50; 100", "1+10x10; 50; 100",
      // A longer range reaches before the first sample: extrapolation stops at zero.
      "0+10x10; 100; 100", "0+18x5 0+18x5; 100; 162", "10+10x10; 100; 105",
      "1+10x10; 100; 101",
      // A drop is a reset: 3 2 reads as 3 0 1 2.
      "0 1 2 3 2 3 4; 30; 7"})
  void increaseExtrapolates(String spec, long rangeMinutes, double expected) {
    long eval = spec.startsWith("0 1 2") ? min(30) : min(50);
    assertThat(increase(spec, min(5), eval, min(rangeMinutes))).isCloseTo(expected,
        within(1e-9));
  }

  @Test
  void rateIsPerSecondAndHandlesResets() {
    assertThat(rate("0+27x4 0+27x5", min(5), min(50), min(50))).isCloseTo(0.08, within(1e-12));
    // Prometheus multiplies by (extrapolated / sampled interval) / range, which lands one ulp
    // above 0.26666666666666666; promqltest compares with a relative tolerance of 1e-6.
    assertThat(rate("0+80x10", min(5), min(50), min(50))).isEqualTo(0.2666666666666667);
    // Reset at the very end of the range: 90 -> 0 counts as an increase of 0.
    assertThat(rate("0+10x9 0 10", min(5), min(50), min(6))).isEqualTo(0);
  }

  @ParameterizedTest
  @CsvSource({"0+240x10, 10, 0.5", "60+240x10, 10, 0.55", "120+240x10, 10, 0.6",
      "180+240x10, 10, 0.6", "300+240x10, 10, 0.6", "0+240x10, 50, 0.6",
      "60+240x10, 50, 0.6"})
  void counterExtrapolationStopsAtZeroOrHalfAnInterval(String spec, long evalMinutes,
      double expected) {
    assertThat(rate(spec, min(4), min(evalMinutes), min(20))).isCloseTo(expected,
        within(1e-12));
  }

  @Test
  void deltaDoesNotTreatDropsAsResets() {
    TestSeries s = TestSeries.load(min(5), "10 5 0").range(min(10), min(15));
    // Covers 10m of a 15m range, first sample 5m after the start (< 1.1 intervals): full range.
    assertThat(RangeFunctions.delta(s.ts, s.vs, s.from, s.to, -min(5), min(10))).isEqualTo(-15);
  }

  @Test
  void irateAndIdeltaUseTheLastTwoSamples() {
    TestSeries s = TestSeries.load(min(5), "0+10x10").range(min(50), min(50));
    assertThat(RangeFunctions.irate(s.ts, s.vs, s.from, s.to)).isEqualTo(10.0 / 300);
    TestSeries reset = TestSeries.load(min(5), "0+10x5 0+10x5").range(min(30), min(50));
    assertThat(RangeFunctions.irate(reset.ts, reset.vs, reset.from, reset.to)).isEqualTo(0);
    TestSeries nan = TestSeries.load(min(5), "1 NaN NaN 5 11");
    assertThat(RangeFunctions.irate(nan.ts, nan.vs, 0, 4)).isNaN();
    assertThat(RangeFunctions.irate(nan.ts, nan.vs, 0, 5)).isEqualTo(0.02);
    assertThat(RangeFunctions.idelta(nan.ts, nan.vs, 0, 5)).isEqualTo(6);
    assertThat(RangeFunctions.idelta(reset.ts, reset.vs, reset.from, reset.to)).isEqualTo(-50);
  }

  @Test
  void tooFewSamplesIsTheCallersError() {
    long[] ts = {0};
    double[] vs = {1};
    assertThatThrownBy(() -> RangeFunctions.rate(ts, vs, 0, 1, -60_000, 0))
        .isInstanceOf(IllegalArgumentException.class).hasMessage("need at least 2 samples, got 1");
  }

  @Test
  void changesAndResets() {
    TestSeries foo = TestSeries.load(min(5), "1 2 3 0 1 0 0 1 2 0");
    TestSeries bar = TestSeries.load(min(5), "1 2 3 4 5 1 2 3 4 5");
    foo.range(min(50), min(50));
    bar.range(min(50), min(50));
    assertThat(RangeFunctions.changes(foo.vs, foo.from, foo.to)).isEqualTo(7);
    assertThat(RangeFunctions.changes(bar.vs, bar.from, bar.to)).isEqualTo(8);
    assertThat(RangeFunctions.resets(foo.vs, foo.from, foo.to)).isEqualTo(3);
    assertThat(RangeFunctions.resets(bar.vs, bar.from, bar.to)).isEqualTo(1);
    foo.range(min(50), min(32));
    assertThat(RangeFunctions.resets(foo.vs, foo.from, foo.to)).isEqualTo(2);
    double[] nans = {Double.NaN, Double.NaN, Double.NaN};
    double[] zeroNanZero = {0, Double.NaN, 0};
    assertThat(RangeFunctions.changes(nans, 0, 3)).isEqualTo(0);
    assertThat(RangeFunctions.changes(zeroNanZero, 0, 3)).isEqualTo(2);
  }

  @Test
  void derivIsTheLeastSquaresSlope() {
    TestSeries s = TestSeries.load(min(5), "0+80x10").range(min(50), min(50));
    assertThat(RangeFunctions.deriv(s.ts, s.vs, s.from, s.to)).isEqualTo(0.26666666666666666);
    TestSeries m = TestSeries.load(min(5), "0+10x4 0+10x5").range(min(50), min(100));
    assertThat(RangeFunctions.deriv(m.ts, m.vs, m.from, m.to)).isEqualTo(0.010606060606060607);
    TestSeries inf = TestSeries.load(min(5), "-Inf 0+80x10 Inf").range(min(100), min(100));
    assertThat(RangeFunctions.deriv(inf.ts, inf.vs, inf.from, inf.to)).isNaN();
    double[] constant = {3, 3, 3};
    assertThat(RangeFunctions.deriv(new long[] {0, 1000, 2000}, constant, 0, 3)).isEqualTo(0);
  }

  @Test
  void predictLinearIsRelativeToTheEvaluationTime() {
    TestSeries s = TestSeries.load(min(5), "0+10x4 0+10x5");
    s.range(min(50), min(50));
    assertThat(RangeFunctions.predictLinear(s.ts, s.vs, s.from, s.to, min(50), 3600))
        .isCloseTo(70, within(1e-9));
    // "[55m] @ 3000": the samples of (-300s, 3000s], extrapolated from the evaluation time.
    s.range(sec(3000), min(55));
    assertThat(RangeFunctions.predictLinear(s.ts, s.vs, s.from, s.to, sec(3000), 3600))
        .isCloseTo(76.81818181818181, within(1e-9));
    assertThat(RangeFunctions.predictLinear(s.ts, s.vs, s.from, s.to, min(10), 3600))
        .isCloseTo(51.36363636363637, within(1e-9));
    assertThat(RangeFunctions.predictLinear(s.ts, s.vs, s.from, s.to, min(70), 3600))
        .isCloseTo(89.54545454545455, within(1e-9));
    TestSeries inf = TestSeries.load(min(5), "-Inf 0+80x10 Inf").range(min(100), min(100));
    assertThat(RangeFunctions.predictLinear(inf.ts, inf.vs, inf.from, inf.to, min(100), 6000))
        .isNaN();
  }

  @ParameterizedTest
  @CsvSource({"0+10x1000 100+30x1000, 8000", "0+20x1000 200+30x1000, 16000",
      "0+30x1000 300+80x1000, 24000", "0+40x2000, 32000", "8000-10x1000, 0",
      "0-20x1000, -16000", "0-40x1000 0+40x1000, -32000"})
  void doubleExponentialSmoothing(String spec, double expected) {
    TestSeries s = TestSeries.load(sec(10), spec).range(sec(8000), min(1));
    assertThat(RangeFunctions.doubleExponentialSmoothing(s.vs, s.from, s.to, 0.01, 0.1))
        .isCloseTo(expected, within(1e-6));
  }

  @Test
  void smoothingFactorsMustBeInsideTheOpenUnitInterval() {
    double[] vs = {1, 2};
    assertThatThrownBy(() -> RangeFunctions.doubleExponentialSmoothing(vs, 0, 2, 1, 0.5))
        .hasMessage("invalid smoothing factor. Expected: 0 < sf < 1, got: 1.000000");
    assertThatThrownBy(() -> RangeFunctions.doubleExponentialSmoothing(vs, 0, 2, 0.5, 0))
        .hasMessage("invalid trend factor. Expected: 0 < tf < 1, got: 0.000000");
  }
}
