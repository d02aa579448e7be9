package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class BinaryOpsTest {
  private static final long M = 60_000;

  private final Fixture f = new Fixture()
      .series("req{job=\"a\",inst=\"1\"}", M, 10)
      .series("req{job=\"a\",inst=\"2\"}", M, 20)
      .series("req{job=\"b\",inst=\"1\"}", M, 30)
      .series("limit{job=\"a\"}", M, 15)
      .series("limit{job=\"b\"}", M, 100)
      .series("dup{job=\"a\",x=\"1\"}", M, 1)
      .series("dup{job=\"a\",x=\"2\"}", M, 2);

  @Test
  void arithmeticDropsTheNameAndComparisonFiltersKeepIt() {
    assertThat(f.instant("req{inst=\"1\"} * 2", 0))
        .isEqualTo("{inst=\"1\", job=\"a\"} 20\n{inst=\"1\", job=\"b\"} 60");
    assertThat(f.instant("req > 15", 0))
        .isEqualTo("req{inst=\"1\", job=\"b\"} 30\nreq{inst=\"2\", job=\"a\"} 20");
    assertThat(f.instant("req > bool 15", 0)).startsWith("{inst=\"1\", job=\"a\"} 0");
    // A filter keeps the vector's value even when the scalar is on the left.
    assertThat(f.instant("25 < req", 0)).isEqualTo("req{inst=\"1\", job=\"b\"} 30");
    assertThat(f.instant("1 + 2 * 3", 0)).isEqualTo("scalar 7");
    assertThat(f.instant("5 % 3 ^ 2", 0)).isEqualTo("scalar 5");
  }

  @Test
  void oneToOneOnAndIgnoring() {
    assertThat(f.instant("limit - on(job) limit", 0))
        .isEqualTo("{job=\"a\"} 0\n{job=\"b\"} 0");
    assertThat(f.instant("req{inst=\"1\"} / ignoring(inst) limit", 0))
        .isEqualTo("{job=\"a\"} 0.6666666666666666\n{job=\"b\"} 0.3");
  }

  @Test
  void manyToOneCopiesIncludedLabelsFromTheOneSide() {
    assertThat(f.instant("req > on(job) group_left limit", 0))
        .isEqualTo("req{inst=\"2\", job=\"a\"} 20");
    assertThat(f.instant("limit + on(job) group_right req", 0))
        .isEqualTo("{inst=\"1\", job=\"a\"} 25\n{inst=\"1\", job=\"b\"} 130\n"
            + "{inst=\"2\", job=\"a\"} 35");
  }

  @Test
  void duplicatesOnTheOneSideFail() {
    assertThatThrownBy(() -> f.instant("req + on(job) group_left dup", 0))
        .isInstanceOf(QueryException.class)
        .hasMessage("found duplicate series for the match group {job=\"a\"} on the right"
            + " hand-side of the operation: [{__name__=\"dup\", job=\"a\", x=\"1\"},"
            + " {__name__=\"dup\", job=\"a\", x=\"2\"}];many-to-many matching not allowed:"
            + " matching labels must be unique on one side");
    assertThatThrownBy(() -> f.instant("req + on(job) limit", 0))
        .hasMessage("multiple matches for labels: many-to-one matching must be explicit"
            + " (group_left/group_right)");
    f.series("req2{job=\"a\",inst=\"1\"}", M, 1);
    // Both sides of the many match once, but dropping the name makes their results equal.
    assertThatThrownBy(() -> f.instant("{__name__=~\"req2?\"} + on(job) group_left limit", 0))
        .hasMessage("multiple matches for labels: grouping labels must ensure unique matches");
  }

  @Test
  void setOperators() {
    assertThat(f.instant("req and on(job) limit{job=\"b\"}", 0))
        .isEqualTo("req{inst=\"1\", job=\"b\"} 30");
    assertThat(f.instant("req unless on(job) limit{job=\"b\"}", 0))
        .isEqualTo("req{inst=\"1\", job=\"a\"} 10\nreq{inst=\"2\", job=\"a\"} 20");
    assertThat(f.instant("limit{job=\"a\"} or on(job) limit", 0))
        .isEqualTo("limit{job=\"a\"} 15\nlimit{job=\"b\"} 100");
  }

  @Test
  void fillModifiersStandInForMissingSeries() {
    Fixture g = new Fixture()
        .series("err{method=\"get\"}", M, 24)
        .series("err{method=\"put\"}", M, 3)
        .series("all{method=\"get\"}", M, 600)
        .series("all{method=\"del\"}", M, 34);
    assertThat(g.instant("err / fill(0) all", 0))
        .isEqualTo("{method=\"get\"} 0.04\n{method=\"put\"} +Inf\n{method=\"del\"} 0");
    assertThat(g.instant("err / fill_right(1) all", 0))
        .isEqualTo("{method=\"get\"} 0.04\n{method=\"put\"} 3");
    assertThat(g.instant("err / fill_left(0) all", 0))
        .isEqualTo("{method=\"get\"} 0.04\n{method=\"del\"} 0");
  }
}
