package dev.vigil.server.promql.script;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class RangeDependenceTest {
  @Test
  void queriesThatReadTheirOwnRange() {
    assertThat(RangeDependence.of("step()")).isTrue();
    assertThat(RangeDependence.of("x + range()")).isTrue();
    assertThat(RangeDependence.of("x @ start()")).isTrue();
    assertThat(RangeDependence.of("rate(x[step()])")).isTrue();
    assertThat(RangeDependence.of("max_over_time(x[5m:step()])")).isTrue();
    assertThat(RangeDependence.of("x offset (step() * 2)")).isTrue();
  }

  @Test
  void queriesThatDoNot() {
    assertThat(RangeDependence.of("rate(x[5m])")).isFalse();
    assertThat(RangeDependence.of("x @ 100")).isFalse();
    assertThat(RangeDependence.of("start_metric")).isFalse();
    assertThat(RangeDependence.of("sum(")).isFalse();
  }
}
