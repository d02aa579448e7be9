package dev.vigil.client.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.SummarySnapshot;
import java.util.Arrays;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class SummaryTest {
  @Test
  void countAndSumWithoutQuantiles() {
    Summary s = Summary.builder().name("size_bytes").build();
    s.observe(3);
    s.observe(4);
    SummarySnapshot.DataPoint p = s.collect().getDataPoints().get(0);
    assertThat(p.getCount()).isEqualTo(2);
    assertThat(p.getSum()).isEqualTo(7);
    assertThat(p.getQuantileCount()).isZero();
  }

  /** Each estimate must lie within the promised relative error of a value of its rank. */
  @Test
  void quantilesStayWithinTheErrorBound() {
    double[] qs = {0, 0.5, 0.9, 0.99, 1};
    Summary.Builder b = Summary.builder().name("latency_seconds");
    for (double q : qs) {
      b.quantile(q);
    }
    Summary s = b.build();
    Random r = new Random(42);
    double[] values = new double[100_000];
    for (int i = 0; i < values.length; i++) {
      // Log-normal spread over several decades, some negative and some zero values.
      values[i] = i % 1000 == 0 ? 0 : Math.exp(r.nextGaussian() * 3) * (i % 97 == 0 ? -1 : 1);
      s.observe(values[i]);
    }
    Arrays.sort(values);
    SummarySnapshot.DataPoint p = s.collect().getDataPoints().get(0);
    for (int i = 0; i < qs.length; i++) {
      int rank = (int) Math.max(1, Math.ceil(qs[i] * values.length));
      double exact = values[rank - 1];
      assertThat(p.getValue(i)).as("quantile %s", qs[i])
          .isCloseTo(exact, org.assertj.core.data.Offset.offset(
              Math.abs(exact) * Summary.QUANTILE_RELATIVE_ERROR + 1e-12));
    }
  }

  @Test
  void estimatesStayInsideTheObservedRange() {
    Summary s = Summary.builder().name("one").quantile(0).quantile(0.5).quantile(1).build();
    s.observe(512);
    SummarySnapshot.DataPoint p = s.collect().getDataPoints().get(0);
    assertThat(new double[] {p.getValue(0), p.getValue(1), p.getValue(2)})
        .containsExactly(512, 512, 512);
    s.observe(0.003);
    p = s.collect().getDataPoints().get(0);
    assertThat(p.getValue(0)).isEqualTo(0.003);
    assertThat(p.getValue(2)).isEqualTo(512);
  }

  @Test
  void quantilesForgetObservationsOlderThanTheWindow() throws Exception {
    Summary s = Summary.builder().name("w").quantile(0.5).maxAge(200, TimeUnit.MILLISECONDS, 2)
        .build();
    s.observe(10);
    assertThat(s.collect().getDataPoints().get(0).getValue(0)).isCloseTo(10, within(10));
    Thread.sleep(450);
    SummarySnapshot.DataPoint p = s.collect().getDataPoints().get(0);
    assertThat(p.getValue(0)).isNaN();
    assertThat(p.getCount()).isEqualTo(1);
  }

  @Test
  void rejectsBadQuantilesAndReservedLabel() {
    assertThatThrownBy(() -> Summary.builder().quantile(1.5)).hasMessage("quantile 1.5 is not in [0, 1]");
    assertThatThrownBy(() -> Summary.builder().quantile(0.5).quantile(0.5))
        .hasMessageContaining("given twice");
    assertThatThrownBy(() -> Summary.builder().name("s").labelNames("quantile").build())
        .hasMessage("s: label name quantile is reserved for this metric type");
  }

  private static org.assertj.core.data.Offset<Double> within(double v) {
    return org.assertj.core.data.Offset.offset(v * Summary.QUANTILE_RELATIVE_ERROR);
  }
}
