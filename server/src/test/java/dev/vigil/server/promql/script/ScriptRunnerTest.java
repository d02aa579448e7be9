package dev.vigil.server.promql.script;

import static dev.vigil.server.promql.script.TableEngine.labels;
import static dev.vigil.server.promql.script.TableEngine.sample;
import static dev.vigil.server.promql.script.TableEngine.vector;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Matcher;
import dev.vigil.server.model.StaleNaN;
import dev.vigil.server.promql.engine.QueryException;
import dev.vigil.server.promql.value.Matrix;
import dev.vigil.server.promql.value.Scalar;
import dev.vigil.server.promql.value.Series;
import dev.vigil.server.promql.value.StringValue;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScriptRunnerTest {
  private static final long M = 60_000;
  private final StringWriter out = new StringWriter();

  @Test
  void vectorsMatchByLabelsWithinTheTolerance() throws Exception {
    TableEngine e = new TableEngine()
        .instant("a", M, vector(sample("a x=1", 1.0000001), sample("a x=2", Double.NaN)));
    FileResult r = run("""
        eval instant at 1m a
          a{x="2"} NaN
          a{x="1"} 1
        """, e);
    assertThat(r.ok()).isTrue();
    assertThat(r.passed()).isEqualTo(1);
    // The same query again at t+-1m: the range mode check of Prometheus's framework.
    assertThat(e.calls).containsExactly("instant a @60000", "range a 0:120000:60000");
  }

  @Test
  void reportsTheFirstMismatchWithExpectedAndActualResults() throws Exception {
    TableEngine e = new TableEngine().instant("sum(a)", M, vector(sample("- x=1", 1.1)));
    FileResult r = run("""
        load 1m
          a{x="1"} 1 1

        eval instant at 1m sum(a)
          {x="1"} 1
        """, e);
    assertThat(r.failed()).isEqualTo(1);
    assertThat(r.failures()).containsExactly("""
        t.test:4: eval instant at 1m sum(a)
          expected 1 for {x="1"} but got 1.1
          expected:
            {x="1"} 1
          got:
            {x="1"} 1.1
        """);
    assertThat(out.toString()).endsWith("t.test: 0 passed, 1 failed\n");
  }

  @Test
  void labelSetsMustMatchExactly() throws Exception {
    TableEngine e = new TableEngine()
        .instant("a", 0, vector(sample("a x=1", 1)))
        .instant("b", 0, vector(sample("b x=1", 1), sample("b x=2", 2)));
    FileResult r = run("""
        eval instant at 0 a
          a{x="1", y="2"} 1

        eval instant at 0 b
          b{x="1"} 1
          b{x="2"} 2
          b{x="3"} 3
        """, e);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failures().get(0)).contains("unexpected series a{x=\"1\"} in the result, with"
        + " value 1");
    assertThat(r.failures().get(1)).contains("expected series b{x=\"3\"} with 3 not found");
  }

  @Test
  void orderMattersOnlyForOrderedEvals() throws Exception {
    TableEngine e = new TableEngine().instant("sort(a)", 0,
        vector(sample("a x=2", 1), sample("a x=1", 2)));
    FileResult r = run("""
        eval instant at 0 sort(a)
          a{x="1"} 2
          a{x="2"} 1

        eval instant at 0 sort(a)
          expect ordered
          a{x="2"} 1
          a{x="1"} 2

        eval_ordered instant at 0 sort(a)
          a{x="1"} 2
          a{x="2"} 1
        """, e);
    assertThat(r.passed()).isEqualTo(2);
    assertThat(r.failures()).singleElement().asString()
        .startsWith("t.test:10: eval_ordered instant at 0 sort(a)\n"
            + "  expected series a{x=\"2\"} at position 2 but it was at 1\n");
    // Ordered evals skip the range mode check: range results are always sorted by labels.
    assertThat(e.calls).filteredOn(c -> c.startsWith("range")).hasSize(1);
  }

  @Test
  void emptyResultLinesMeanAnEmptyResult() throws Exception {
    TableEngine e = new TableEngine()
        .instant("none", 0, vector())
        .instant("some", 0, vector(sample("some", 1)));
    FileResult r = run("""
        eval instant at 0 none

        eval instant at 0 some
        """, e);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().asString()
        .contains("unexpected series some{} in the result, with value 1")
        .contains("expected:\n    (empty result)\n  got:\n    some{} 1\n");
  }

  @Test
  void rangeQueriesCompareEverySeriesPointByPoint() throws Exception {
    Matrix m = new Matrix(List.of(
        Series.of(labels("a x=1"), new long[] {0, M, 2 * M}, new double[] {1, 2, 3}),
        Series.of(labels("a x=2"), new long[] {0, 2 * M}, new double[] {5, 7})));
    TableEngine e = new TableEngine().range("a", 0, 2 * M, M, m);
    FileResult r = run("""
        eval range from 0 to 2m step 1m a
          a{x="1"} 1+1x2
          a{x="2"} 5 _ 7

        eval range from 0 to 2m step 1m a
          a{x="1"} 1 2 3
          a{x="2"} 5 6 7

        eval range from 0 to 2m step 1m a
          a{x="1"} 1 2 3.5
          a{x="2"} 5 _ 7
        """, e);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failures()).hasSize(2);
    assertThat(r.failures().get(0)).contains("expected a point at 1m for a{x=\"2\"}, but the next"
        + " point is at 2m").contains("got:\n    a{x=\"1\"} 1 2 3\n    a{x=\"2\"} 5 _ 7\n");
    assertThat(r.failures().get(1)).contains("expected 3.5 at 2m for a{x=\"1\"} but got 3");
  }

  @Test
  void rangeResultsMustBeSortedByLabels() throws Exception {
    Matrix m = new Matrix(List.of(
        Series.of(labels("a x=2"), new long[] {0}, new double[] {1}),
        Series.of(labels("a x=1"), new long[] {0}, new double[] {1})));
    FileResult r = run("""
        eval range from 0 to 0 step 1m a
          a{x="1"} 1
          a{x="2"} 1
        """, new TableEngine().range("a", 0, 0, M, m));
    assertThat(r.failures()).singleElement().asString()
        .contains("matrix results must be sorted by labels");
  }

  @Test
  void scalarsAndStrings() throws Exception {
    TableEngine e = new TableEngine()
        .instant("1+1", 0, new Scalar(0, 2))
        .instant("\"Foo\"", 0, new StringValue(0, "Foo"))
        .range("\"Foo\"", -M, M, M, new Matrix(List.of()));
    FileResult r = run("""
        eval instant at 0 1+1
          2

        eval instant at 0 1+1
          3

        eval instant at 0 1+1
          {} 2

        eval instant at 0 "Foo"
          expect string "Foo"

        eval instant at 0 "Foo"
          expect string `Bar`
        """, e);
    assertThat(r.passed()).isEqualTo(2);
    assertThat(r.failures()).hasSize(3);
    assertThat(r.failures().get(0)).contains("expected scalar 3 but got 2");
    assertThat(r.failures().get(1)).contains("expected a vector or matrix result, but got scalar 2");
    assertThat(r.failures().get(2)).contains("expected string \"Bar\", but got \"Foo\"");
  }

  @Test
  void expectFailMatchesTheErrorMessage() throws Exception {
    TableEngine e = new TableEngine()
        .fails("bad", QueryException.execution("vector cannot contain metrics with the same"
            + " labelset"))
        .instant("good", 0, vector());
    FileResult r = run("""
        eval instant at 0 bad
          expect fail

        eval instant at 0 bad
          expect fail msg: vector cannot contain metrics with the same labelset

        eval instant at 0 bad
          expect fail regex: same label(set)?

        eval_fail instant at 0 bad
          expected_fail_regexp cannot

        eval instant at 0 bad
          expect fail msg: something else

        eval instant at 0 bad

        eval instant at 0 good
          expect fail
        """, e);
    assertThat(r.passed()).isEqualTo(4);
    assertThat(r.failures()).hasSize(3);
    assertThat(r.failures().get(0)).contains("the query failed as expected, but its error does"
        + " not match msg: something else\n  error: vector cannot contain");
    assertThat(r.failures().get(1)).contains("the query failed (execution): vector cannot");
    assertThat(r.failures().get(2)).contains("expected the query to fail, but it returned:\n"
        + "    (empty vector)");
  }

  @Test
  void annotationsAreCheckedOnlyWhenExpectLinesAskForThem() throws Exception {
    String warn = "PromQL warning: odd (1:1)";
    TableEngine e = new TableEngine()
        .instant("w", 0, vector(), List.of(warn), List.of())
        .instant("i", 0, vector(), List.of(), List.of("PromQL info: hint (1:1)"))
        .instant("quiet", 0, vector());
    FileResult r = run("""
        eval instant at 0 w

        eval instant at 0 w
          expect warn

        eval instant at 0 w
          expect warn msg: PromQL warning: odd (1:1)
          expect no_info

        eval_warn instant at 0 w

        eval instant at 0 w
          expect no_warn

        eval instant at 0 quiet
          expect warn

        eval instant at 0 w
          expect warn msg: PromQL warning: odd (1:2)

        eval instant at 0 i
          expect info regex: hint \\(1:1\\)
          expect no_warn

        eval instant at 0 i
          expect info msg: PromQL info: other (1:1)
          expect info regex: other
        """, e);
    assertThat(r.passed()).isEqualTo(5);
    assertThat(r.failures()).hasSize(4);
    assertThat(r.failures().get(0)).contains("unexpected warnings (expect no_warn):\n    " + warn);
    assertThat(r.failures().get(1)).contains("expected warning annotations, but got none");
    assertThat(r.failures().get(2)).contains("no warning matches msg: PromQL warning: odd (1:2)");
    assertThat(r.failures().get(3)).contains("no info matches msg: PromQL info: other (1:1)");
  }

  @Test
  void everyAnnotationMustMatchSomeExpectLineOnceAnyIsGiven() {
    String why = EvalCheck.annotations("warning", List.of("a (1:1)", "b (1:1)"),
        List.of(MessageMatch.exact("a (1:1)")), false);
    assertThat(why).isEqualTo("unexpected warning (no expect line matches it): b (1:1)");
    assertThat(EvalCheck.annotations("warning", List.of("a (1:1)", "b (1:1)"),
        List.of(MessageMatch.exact("a (1:1)"), MessageMatch.ANY), false)).isNull();
  }

  @Test
  void instantQueriesReturningRangeVectorsNeedTheirGrid() throws Exception {
    Matrix m = new Matrix(List.of(
        Series.of(labels("a"), new long[] {50_000, 60_000}, new double[] {5, 6})));
    TableEngine e = new TableEngine().instant("a[20s]", M, m);
    FileResult r = run("""
        eval instant at 1m a[20s]
          expect range vector from 50s to 1m step 10s
          a 5 6

        eval instant at 1m a[20s]
          a 5
        """, e);
    assertThat(r.passed()).isEqualTo(1);
    assertThat(r.failures()).singleElement().asString()
        .contains("the instant query returned a range vector; add \"expect range vector")
        .contains("a{} 5@50s 6@1m");
    // No range mode check for a range vector: a range query cannot return one.
    assertThat(e.calls).noneMatch(c -> c.startsWith("range"));
  }

  @Test
  void rangeModeMustAgreeWithTheInstantResult() throws Exception {
    TableEngine e = new TableEngine()
        .instant("a", M, vector(sample("a", 1)))
        .range("a", 0, 2 * M, M, new Matrix(List.of(
            Series.of(labels("a"), new long[] {0, M}, new double[] {1, 2}))));
    FileResult r = run("eval instant at 1m a\n  a 1\n", e);
    assertThat(r.failures()).singleElement().asString()
        .contains("in range mode (from 0s to 2m step 1m): expected 1 for a{} but got 2")
        .contains("got:\n    a{} 1 2 _\n");
    StringWriter quiet = new StringWriter();
    Script s = ScriptParser.parse("t.test", "eval instant at 1m a\n  a 1\n");
    assertThat(new ScriptRunner(q -> e, new PrintWriter(quiet), false).run(s).ok()).isTrue();
  }

  @Test
  void loadAppendsPointsAtMultiplesOfTheIntervalAndClearStartsOver() throws Exception {
    List<Queryable> storages = new ArrayList<>();
    TableEngine e = new TableEngine().instant("a", 0, vector());
    Script s = ScriptParser.parse("t.test", """
        load 1m
          a{x="1"} 1 _ 3 stale
          a{x="1"} 1 _ 3 stale 5

        eval instant at 0 a

        load 30s
          b -1-1x1

        eval instant at 0 a

        clear

        eval instant at 0 a
        """);
    FileResult r = new ScriptRunner(q -> {
      storages.add(q);
      return e;
    }, new PrintWriter(out)).run(s);
    assertThat(r.ok()).isTrue();
    assertThat(r.passed()).isEqualTo(3);
    // One engine per storage: the second eval reuses it, clear makes a new storage.
    assertThat(storages).hasSize(2);
    assertThat(points(storages.get(0), "a")).containsExactly("0=1.0", "120000=3.0",
        "180000=stale", "240000=5.0");
    assertThat(points(storages.get(0), "b")).containsExactly("0=-1.0", "30000=-2.0");
    assertThat(points(storages.get(1), "a")).isEmpty();
  }

  @Test
  void nativeHistogramsLoadAndCompareLikePrometheusTests() throws Exception {
    FileResult r = new ScriptRunner(dev.vigil.server.promql.engine.Engine::new,
        new PrintWriter(out)).run(ScriptParser.parse("t.test", """
        load 1m
          h 1 {{schema:0 sum:1 count:1 buckets:[1]}}x2

        eval instant at 0 h
          h 1

        eval instant at 1m h
          h {{schema:0 sum:1 count:1 buckets:[1]}}

        eval range from 0 to 2m step 1m h
          h 1 {{schema:0 sum:1 count:1 buckets:[1]}} {{sum:1 count:1 buckets:[1]}}

        eval instant at 1m h
          h {{schema:0 sum:1 count:1 buckets:[2]}}

        eval instant at 0 h
          h {{schema:0 sum:1 count:1 buckets:[1]}}
        """));
    assertThat(r.errors()).isZero();
    assertThat(r.passed()).isEqualTo(3);
    assertThat(r.failed()).isEqualTo(2);
    // Buckets are compared, not only count and sum; and a float is not a histogram.
    assertThat(r.failures().get(0)).contains("expected {{schema:0 count:1 sum:1 buckets:[2]}}"
        + " for h{} but got {{schema:0 count:1 sum:1 buckets:[1]}}");
    assertThat(r.failures().get(1)).contains("expected a native histogram for h{} but got float 1");
  }

  @Test
  void anEngineCrashIsAFailureNotAnAbort() throws Exception {
    TableEngine e = new TableEngine().fails("boom", new IllegalStateException("bug"));
    FileResult r = run("eval instant at 0 boom\n  expect fail\n\neval instant at 0 x\n", e);
    assertThat(r.failed()).isEqualTo(2);
    assertThat(r.failures().get(0)).contains("the engine crashed: java.lang.IllegalStateException: bug");
    assertThat(r.failures().get(1)).contains("the query failed (bad_data): no table entry for x");
  }

  private FileResult run(String script, TableEngine engine) throws ScriptSyntaxException {
    return new ScriptRunner(q -> engine, new PrintWriter(out))
        .run(ScriptParser.parse("t.test", script));
  }

  private static List<String> points(Queryable q, String metric) {
    List<String> out = new ArrayList<>();
    try (Querier querier = q.querier(Long.MIN_VALUE, Long.MAX_VALUE)) {
      SeriesSet set = querier.select(true, Matcher.equal("__name__", metric));
      while (set.next()) {
        SampleIterator it = set.iterator();
        while (it.next()) {
          out.add(it.atT() + "=" + (StaleNaN.is(it.atV()) ? "stale" : it.atV()));
        }
      }
    }
    return out;
  }
}
