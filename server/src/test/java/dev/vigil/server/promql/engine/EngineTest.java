package dev.vigil.server.promql.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class EngineTest {
  private static final long M = 60_000;

  @Test
  void parseErrorsAreBadData() {
    Engine e = new Engine(new Fixture().head);
    assertThatThrownBy(() -> e.instant("sum(", 0))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("bad_data"))
        .hasMessageContaining("parse error");
    assertThatThrownBy(() -> e.range("x[5m]", 0, M, M))
        .hasMessage("invalid expression type \"range vector\" for range query, must be Scalar or"
            + " instant Vector");
    assertThatThrownBy(() -> e.range("x", 0, M, 0))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("bad_data"));
  }

  @Test
  void tooManySamplesIsAnExecutionError() {
    Fixture f = new Fixture().series("x{a=\"1\"}", M, 1, 2, 3).series("x{a=\"2\"}", M, 1, 2, 3);
    Engine e = new Engine(f.head, EngineOptions.DEFAULTS.withMaxSamples(4));
    assertThat(Fixture.text(e.range("x{a=\"1\"}", 0, 2 * M, M).value()))
        .isEqualTo("x{a=\"1\"} 1@0 2@60 3@120");
    assertThatThrownBy(() -> e.range("x", 0, 2 * M, M))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("execution"))
        .hasMessage("query processing would load too many samples into memory in query execution");
  }

  @Test
  void aSubqueryWithMoreStepsThanSamplesAllowedFailsBeforeAllocating() {
    Fixture f = new Fixture().series("x", M, 1);
    assertThatThrownBy(() -> f.engine.instant("max_over_time(vector(1)[100y:1ms])", 0))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("execution"))
        .hasMessageContaining("too many samples");
  }

  @Test
  void timeoutIsReportedWithItsPhase() {
    Fixture f = new Fixture().series("x", 1000, new double[5000]);
    Engine e = new Engine(f.head, EngineOptions.DEFAULTS.withTimeout(Duration.ofNanos(1)));
    assertThatThrownBy(() -> e.range("sum(rate(x[1m]))", 0, 5_000_000, 1000))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("timeout"))
        .hasMessageStartingWith("query timed out in ");
  }

  @Test
  void statsCountSamplesAndPeak() {
    Fixture f = new Fixture().series("x", M, 1, 2, 3);
    QueryResult r = f.engine.range("x", 0, 2 * M, M);
    assertThat(r.stats().totalQueryableSamples()).isEqualTo(3);
    assertThat(r.stats().peakSamples()).isEqualTo(3);
    assertThat(r.stats().execTotalTime()).isGreaterThanOrEqualTo(r.stats().evalTotalTime());
    // Each step of a range function loads its whole window: 1 + 2 + 2 samples.
    QueryResult rate = f.engine.range("sum(count_over_time(x[2m]))", 0, 2 * M, M);
    assertThat(rate.stats().totalQueryableSamples()).isEqualTo(5);
  }

  @Test
  void experimentalFunctionsCanBeSwitchedOff() {
    Fixture f = new Fixture().series("x", M, 1);
    Engine off = new Engine(f.head, EngineOptions.DEFAULTS.withExperimentalFunctions(false));
    assertThatThrownBy(() -> off.instant("mad_over_time(x[1m])", 0))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("bad_data"));
    assertThatThrownBy(() -> off.instant("limitk(1, x)", 0)).isInstanceOf(QueryException.class);
    assertThat(Fixture.text(f.engine.instant("limitk(1, x)", 0).value())).isEqualTo("x{} 1");
  }

  @Test
  void queriesBeyondTheConcurrencyLimitWaitTheirTurn() throws Exception {
    Fixture f = new Fixture().series("x", M, 1);
    Engine one = new Engine(f.head, EngineOptions.DEFAULTS.withMaxConcurrency(1));
    Thread[] threads = new Thread[4];
    String[] results = new String[threads.length];
    for (int i = 0; i < threads.length; i++) {
      int k = i;
      threads[i] = new Thread(() -> results[k] = Fixture.text(one.instant("x", 0).value()));
      threads[i].start();
    }
    for (Thread t : threads) {
      t.join();
    }
    assertThat(results).containsOnly("x{} 1");
  }

  @Test
  void lookbackAndDefaultSubqueryStepAreSettings() {
    Fixture f = new Fixture().series("x", M, 1, 2, 3, 4, 5, 6);
    Engine e = new Engine(f.head, EngineOptions.DEFAULTS.withLookbackDelta(Duration.ofSeconds(30))
        .withSubqueryStep(Duration.ofMinutes(2)));
    assertThat(Fixture.text(e.instant("x", 90_000).value())).isEmpty();
    assertThat(Fixture.text(e.instant("x", 80_000).value())).isEqualTo("x{} 2");
    // Steps at 2m and 4m: the window (0, 5m] excludes 0.
    assertThat(Fixture.text(e.instant("count_over_time(x[5m:])", 5 * M).value()))
        .isEqualTo("{} 2");
    assertThat(Fixture.text(f.engine.instant("count_over_time(x[5m:])", 5 * M).value()))
        .isEqualTo("{} 5");
  }

  @Test
  void aQueryTimeoutShortensTheEnginesAndStopsEvaluation() {
    Fixture f = new Fixture().series("x", 1000, new double[5000]);
    // Five million steps, each over data (steps before the series' first sample cost almost
    // nothing, so a long empty range is not heavy): seconds of work without the deadline.
    String heavy = "count_over_time(x[5000s:1ms])";
    long begin = System.nanoTime();
    // About 300 ms of work without a deadline here; 10 ms leaves a wide margin either way.
    assertThatThrownBy(() -> f.engine.instant(heavy, 5_000_000,
        QueryOptions.DEFAULTS.withTimeout(Duration.ofMillis(10))))
        .isInstanceOfSatisfying(QueryException.class,
            ex -> assertThat(ex.errorType()).isEqualTo("timeout"))
        .hasMessageStartingWith("query timed out in ");
    assertThat(System.nanoTime() - begin).isLessThan(2_000_000_000L);
    // A longer query timeout does not extend the engine's. Zero, not a nanosecond: on a clock
    // coarser than the query, a nanosecond had not always passed when the engine looked.
    Engine quick = new Engine(f.head, EngineOptions.DEFAULTS.withTimeout(Duration.ZERO));
    assertThatThrownBy(() -> quick.instant("x", 0,
        QueryOptions.DEFAULTS.withTimeout(Duration.ofHours(1))))
        .isInstanceOf(QueryException.class).hasMessageStartingWith("query timed out in ");
    // An expired one fails before evaluation, as Prometheus's expired context does.
    assertThatThrownBy(() -> f.engine.instant("x", 0,
        QueryOptions.DEFAULTS.withTimeout(Duration.ZERO)))
        .isInstanceOf(QueryException.class).hasMessage("query timed out in query execution");
    assertThat(Fixture.text(f.engine.instant("x", 0,
        QueryOptions.DEFAULTS.withTimeout(Duration.ofMinutes(1))).value())).isEqualTo("x{} 0");
  }

  @Test
  void aQueryLookbackDeltaOverridesTheEnginesWhenPositive() {
    Fixture f = new Fixture().series("x", M, 1, 2);
    QueryOptions short30s = QueryOptions.DEFAULTS.withLookbackDelta(Duration.ofSeconds(30));
    assertThat(Fixture.text(f.engine.instant("x", 90_000).value())).isEqualTo("x{} 2");
    assertThat(Fixture.text(f.engine.instant("x", 90_000, short30s).value())).isEmpty();
    assertThat(Fixture.text(f.engine.range("x", 60_000, 120_000, 30_000, short30s).value()))
        .isEqualTo("x{} 2@60");
    assertThat(Fixture.text(f.engine.instant("x", 90_000,
        QueryOptions.DEFAULTS.withLookbackDelta(Duration.ofSeconds(-1))).value()))
        .isEqualTo("x{} 2");
    Engine narrow = new Engine(f.head, EngineOptions.DEFAULTS.withLookbackDelta(
        Duration.ofSeconds(10)));
    assertThat(Fixture.text(narrow.instant("x", 70_000,
        QueryOptions.DEFAULTS.withLookbackDelta(Duration.ofMinutes(1))).value()))
        .isEqualTo("x{} 2");
  }
}
