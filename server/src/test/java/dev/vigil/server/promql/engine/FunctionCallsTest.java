package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class FunctionCallsTest {
  private static final long M = 60_000;

  @Test
  void rateWarnsAboutNamesThatDoNotLookLikeCounters() {
    Fixture f = new Fixture().series("hits", 15_000, 0, 15, 30, 45, 60, 75);
    QueryResult r = f.engine.instant("rate(hits[1m])", 75_000);
    assertThat(Double.parseDouble(Fixture.text(r.value()).substring(3))).isCloseTo(1, within(1e-9));
    assertThat(r.infos()).containsExactly("PromQL info: metric might not be a counter, name does"
        + " not end in _total/_sum/_count/_bucket: \"hits\" (1:6)");
    assertThat(f.instant("increase(hits[1m])", 75_000)).isEqualTo("{} 60");
  }

  @Test
  void overTimeFunctionsDropTheNameExceptLastOverTime() {
    Fixture f = new Fixture().series("g", M, 1, 5, 3);
    assertThat(f.instant("max_over_time(g[5m])", 2 * M)).isEqualTo("{} 5");
    assertThat(f.instant("last_over_time(g[5m])", 2 * M)).isEqualTo("g{} 3");
    assertThat(f.instant("quantile_over_time(0.5, g[5m])", 2 * M)).isEqualTo("{} 3");
    assertThat(f.instant("absent_over_time(g[1m])", 10 * M)).isEqualTo("{} 1");
  }

  @Test
  void labelReplaceAndJoin() {
    Fixture f = new Fixture().series("up{src=\"a-1\"}", M, 1);
    assertThat(f.instant("label_replace(up, \"dst\", \"$1\", \"src\", \"a-(.*)\")", 0))
        .isEqualTo("up{dst=\"1\", src=\"a-1\"} 1");
    assertThat(f.instant("label_replace(up, \"dst\", \"$1\", \"src\", \"b-(.*)\")", 0))
        .isEqualTo("up{src=\"a-1\"} 1");
    assertThat(f.instant("label_join(up, \"j\", \"+\", \"src\", \"src\")", 0))
        .isEqualTo("up{j=\"a-1+a-1\", src=\"a-1\"} 1");
  }

  @Test
  void absentTakesLabelsFromEqualityMatchers() {
    Fixture f = new Fixture();
    assertThat(f.instant("absent(nope{job=\"x\", a=~\"y\"})", 0)).isEqualTo("{job=\"x\"} 1");
    assertThat(f.instant("absent(nope{job=\"x\", job=\"z\"})", 0)).isEqualTo("{} 1");
  }

  @Test
  void sortOrdersInstantResultsOnly() {
    Fixture f = new Fixture().series("x{a=\"1\"}", M, 3).series("x{a=\"2\"}", M, 1);
    assertThat(f.instant("sort(x)", 0)).isEqualTo("x{a=\"2\"} 1\nx{a=\"1\"} 3");
    assertThat(f.instant("sort_desc(x)", 0)).isEqualTo("x{a=\"1\"} 3\nx{a=\"2\"} 1");
    assertThat(f.engine.range("sort(x)", 0, M, M).warnings()).containsExactly("PromQL warning:"
        + " sort is ineffective for range queries since results are always ordered by labels"
        + " (1:1)");
  }

  @Test
  void scalarVectorTimeAndTimestamp() {
    Fixture f = new Fixture().series("x", M, 7);
    assertThat(f.instant("scalar(x)", 0)).isEqualTo("scalar 7");
    assertThat(f.instant("vector(time())", 120_000)).isEqualTo("{} 120");
    assertThat(f.instant("timestamp(x)", 90_000)).isEqualTo("{} 0");
  }

  @Test
  void histogramQuantileOverClassicBuckets() {
    Fixture f = new Fixture()
        .series("h_bucket{le=\"1\"}", M, 10)
        .series("h_bucket{le=\"2\"}", M, 20)
        .series("h_bucket{le=\"+Inf\"}", M, 20);
    assertThat(f.instant("histogram_quantile(0.75, h_bucket)", 0)).isEqualTo("{} 1.5");
  }

  @Test
  void infoAddsDataLabelsOfTheMatchingInfoSeries() {
    Fixture f = new Fixture()
        .series("req{job=\"a\",instance=\"h1\"}", M, 1)
        .series("req{job=\"a\",instance=\"h2\"}", M, 2)
        .series("target_info{job=\"a\",instance=\"h1\",region=\"eu\",zone=\"z\"}", M, 1);
    assertThat(f.instant("info(req)", 0)).isEqualTo(
        "req{instance=\"h1\", job=\"a\", region=\"eu\", zone=\"z\"} 1\n"
            + "req{instance=\"h2\", job=\"a\"} 2");
    assertThat(f.instant("info(req, {region=~\".+\"})", 0))
        .isEqualTo("req{instance=\"h1\", job=\"a\", region=\"eu\"} 1");
  }

  @Test
  void labelReplaceExpandsTemplatesLikeGo() {
    Fixture f = new Fixture().series("up{src=\"ab\"}", M, 1);
    assertThat(f.instant("label_replace(up, \"d\", \"${1}x-$2y-$$\", \"src\", \"(a)(b)\")", 0))
        .isEqualTo("up{d=\"ax--$\", src=\"ab\"} 1");
    assertThat(f.instant(
        "label_replace(up, \"d\", \"$name\", \"src\", \"(?P<name>a)b\")", 0))
        .isEqualTo("up{d=\"a\", src=\"ab\"} 1");
    // Replacing with an empty value removes the label.
    assertThat(f.instant("label_replace(up, \"src\", \"\", \"src\", \".*\")", 0))
        .isEqualTo("up{} 1");
  }

  @Test
  void clashingLabelsAfterAFunctionAreAnError() {
    Fixture f = new Fixture().series("a_total", M, 1, 2).series("b_total", M, 1, 2);
    assertThatThrownBy(() -> f.instant("rate({__name__=~\".+_total\"}[5m])", M))
        .isInstanceOf(QueryException.class)
        .hasMessage("vector cannot contain metrics with the same labelset");
  }

  @Test
  void histogramQuantileAnnotations() {
    Fixture f = new Fixture()
        .series("h_bucket{le=\"1\"}", M, 10)
        .series("h_bucket{le=\"2\"}", M, 5)
        .series("h_bucket{le=\"+Inf\"}", M, 20)
        .series("h_bucket{le=\"x\"}", M, 1);
    QueryResult r = f.engine.instant("histogram_quantile(0.5, h_bucket)", 0);
    assertThat(r.infos()).containsExactly("PromQL info: input to histogram_quantile needed to be"
        + " fixed for monotonicity (see https://prometheus.io/docs/prometheus/latest/querying/"
        + "functions/#histogram_quantile) for metric name \"h_bucket\" (1:25)");
    assertThat(r.warnings()).containsExactly("PromQL warning: bucket label \"le\" is missing or"
        + " has a malformed value of \"x\" for metric name \"h_bucket\" (1:25)");
  }

  @Test
  void instantResultsKeepTheOrderTheQueryProduced() {
    Fixture f = new Fixture().series("x{a=\"1\"}", M, 1).series("x{a=\"2\"}", M, 2);
    assertThat(f.instant("x{a=\"2\"} or x{a=\"1\"}", 0))
        .isEqualTo("x{a=\"2\"} 2\nx{a=\"1\"} 1");
    assertThat(f.range("x{a=\"2\"} or x{a=\"1\"}", 0, 0, M))
        .isEqualTo("x{a=\"1\"} 1@0\nx{a=\"2\"} 2@0");
  }
}
