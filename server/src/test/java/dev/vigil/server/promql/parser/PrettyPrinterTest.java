package dev.vigil.server.promql.parser;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** Printer.pretty: the format_query layout. */
class PrettyPrinterTest {
  private static final String A = "first_very_long_metric_name_for_the_layout_test_total{job=\"a\"}";
  private static final String B = "second_very_long_metric_name_for_the_layout_test_total{job=\"b\"}";

  private static String pretty(String q) {
    return Printer.pretty(PromQL.parse(q));
  }

  @Test
  void formatQueryDocExample() {
    assertThat(pretty("foo/bar")).isEqualTo("foo / bar");
  }

  @Test
  void shortQueriesStayOnOneLine() {
    assertThat(pretty("sum(rate(foo[5m])) by (job)")).isEqualTo("sum by (job) (rate(foo[5m]))");
  }

  @Test
  void longBinaryPutsOperandsOnIndentedLines() {
    assertThat(pretty(A + " + on(job) group_left " + B)).isEqualTo(
        "  " + A + "\n+ on (job) group_left ()\n  " + B);
  }

  @Test
  void nestedBinaryIndentsPerLevel() {
    assertThat(pretty(A + " / (" + B + " * " + A + ")")).isEqualTo(
        "  " + A + "\n/\n  (\n      " + B + "\n    *\n      " + A + "\n  )");
    assertThat(pretty(A + " / (" + B + " * 2)")).isEqualTo(
        "  " + A + "\n/\n  (" + B + " * 2)");
  }

  @Test
  void longAggregationBreaksItsArguments() {
    String q = "topk by (job) (5, rate(http_requests_total{job=\"apiserver\", "
        + "handler=\"/api/comments\", method=\"GET\"}[5m]))";
    assertThat(pretty(q)).isEqualTo("topk by (job) (\n  5,\n  rate(http_requests_total{"
        + "job=\"apiserver\", handler=\"/api/comments\", method=\"GET\"}[5m])\n)");
  }

  @Test
  void longCallBreaksItsArguments() {
    String q = "label_replace(" + A + ", \"dst_label_name\", \"$1\", \"src_label\", \"(.*)\")";
    assertThat(pretty(q)).isEqualTo("label_replace(\n  " + A
        + ",\n  \"dst_label_name\",\n  \"$1\",\n  \"src_label\",\n  \"(.*)\"\n)");
  }

  @Test
  void longSubqueryKeepsItsSuffixOnTheLastLine() {
    assertThat(pretty("(" + A + " + " + B + ")[5m:1m]")).isEqualTo(
        "(\n    " + A + "\n  +\n    " + B + "\n)[5m:1m]");
  }

  @Test
  void unaryMinusSitsBeforeItsOperand() {
    assertThat(pretty("-(" + A + " + " + B + ")")).isEqualTo(
        "-(\n    " + A + "\n  +\n    " + B + "\n)");
  }
}
