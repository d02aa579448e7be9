package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Duration expressions evaluate over seconds, with step() and range() from the query. */
class DurationTest {

  private static Duration range(String q) {
    return ((MatrixSelector) PromQL.parse(q)).range();
  }

  @Test
  void literalsAndArithmetic() {
    assertThat(range("x[1h30m]").evaluateMs(0)).isEqualTo(5_400_000);
    assertThat(range("x[5m * 2]").evaluateMs(0)).isEqualTo(600_000);
    assertThat(range("x[(5+2) * 1m]").evaluateMs(0)).isEqualTo(420_000);
    assertThat(range("x[10m - 1m]").evaluateMs(0)).isEqualTo(540_000);
    assertThat(range("x[4h % 3h]").evaluateMs(0)).isEqualTo(3_600_000);
    assertThat(range("x[(2 ^ 3) * 1m]").evaluateMs(0)).isEqualTo(480_000);
    assertThat(range("x[1.5]").evaluateMs(0)).isEqualTo(1_500);
    assertThat(range("x[5m * 2]").isConstant()).isTrue();
  }

  @Test
  void stepAndRangeComeFromTheQuery() {
    Duration d = range("x[step() + 1]");
    assertThat(d.isConstant()).isFalse();
    assertThat(d.evaluateMs(15_000)).isEqualTo(16_000);
    assertThat(range("x[max_of(step(), 5s)]").evaluateMs(1_000)).isEqualTo(5_000);
    assertThat(range("x[max_of(step(), 5s)]").evaluateMs(60_000)).isEqualTo(60_000);
    assertThat(range("x[min_of(2 * step() + 5s, 5m)]").evaluateMs(60_000)).isEqualTo(125_000);
    assertThat(range("x[min_of(range(), 1h)]").evaluateMs(0, 600_000)).isEqualTo(600_000);
  }

  @Test
  void offsetsMayBeNegativeOrExpressions() {
    VectorSelector v = (VectorSelector) PromQL.parse("x offset -5m");
    assertThat(v.offset().evaluateMs(0)).isEqualTo(-300_000);
    v = (VectorSelector) PromQL.parse("x offset (1h / 2)");
    assertThat(v.offset().evaluateMs(0)).isEqualTo(1_800_000);
    v = (VectorSelector) PromQL.parse("x offset -(step() * 2)");
    assertThat(v.offset().evaluateMs(10_000)).isEqualTo(-20_000);
  }

  @Test
  void printsLikePrometheus() {
    assertThat(Printer.formatDuration(0)).isEqualTo("0s");
    assertThat(Printer.formatDuration(90 * 60_000)).isEqualTo("1h30m");
    assertThat(Printer.formatDuration(90L * 86_400_000)).isEqualTo("90d");
    assertThat(Printer.formatDuration(14L * 86_400_000)).isEqualTo("2w");
    assertThat(Printer.formatDuration(1_500)).isEqualTo("1s500ms");
  }
}
