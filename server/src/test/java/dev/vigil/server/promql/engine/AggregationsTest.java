package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class AggregationsTest {
  private static final long M = 60_000;

  private final Fixture f = new Fixture()
      .series("req{job=\"a\",inst=\"1\"}", M, 10)
      .series("req{job=\"a\",inst=\"2\"}", M, 20)
      .series("req{job=\"b\",inst=\"1\"}", M, 30)
      .series("req{job=\"b\",inst=\"2\"}", M, Double.longBitsToDouble(0x7ff8000000000001L));

  @Test
  void groupsByAndWithout() {
    assertThat(f.instant("sum by (job) (req{inst=\"1\"})", 0))
        .isEqualTo("{job=\"a\"} 10\n{job=\"b\"} 30");
    assertThat(f.instant("count without (inst) (req)", 0))
        .isEqualTo("{job=\"a\"} 2\n{job=\"b\"} 2");
    assertThat(f.instant("max(req)", 0)).isEqualTo("{} 30");
    assertThat(f.instant("min by (job) (req)", 0)).isEqualTo("{job=\"a\"} 10\n{job=\"b\"} 30");
    assertThat(f.instant("avg(req{inst=\"1\"})", 0)).isEqualTo("{} 20");
    assertThat(f.instant("group(req)", 0)).isEqualTo("{} 1");
    assertThat(f.instant("stddev(req{job=\"a\"})", 0)).isEqualTo("{} 5");
  }

  @Test
  void topkOrdersLargestFirstWithNaNLast() {
    assertThat(f.instant("topk(3, req)", 0)).isEqualTo("req{inst=\"1\", job=\"b\"} 30\n"
        + "req{inst=\"2\", job=\"a\"} 20\nreq{inst=\"1\", job=\"a\"} 10");
    assertThat(f.instant("bottomk by (job) (1, req)", 0))
        .isEqualTo("req{inst=\"1\", job=\"a\"} 10\nreq{inst=\"1\", job=\"b\"} 30");
    assertThatThrownBy(() -> f.instant("topk(NaN, req)", 0))
        .hasMessage("Parameter value is NaN");
    assertThat(f.instant("limitk(1, req)", 0)).isEqualTo("req{inst=\"1\", job=\"a\"} 10");
  }

  @Test
  void countValuesAndQuantile() {
    assertThat(f.instant("count_values(\"v\", req{job=\"a\"})", 0))
        .isEqualTo("{v=\"10\"} 1\n{v=\"20\"} 1");
    assertThat(f.instant("quantile(0.5, req{inst=\"1\"})", 0)).isEqualTo("{} 20");
    QueryResult r = f.engine.instant("quantile(2, req)", 0);
    assertThat(r.warnings())
        .containsExactly("PromQL warning: quantile value should be between 0 and 1, got 2 (1:10)");
  }

  @Test
  void rangeQueryEvaluatesEveryStep() {
    Fixture g = new Fixture().series("x{a=\"1\"}", M, 1, 2, 3).series("x{a=\"2\"}", M, 10, 20);
    assertThat(g.range("sum(x)", 0, 2 * M, M)).isEqualTo("{} 11@0 22@60 23@120");
  }
}
