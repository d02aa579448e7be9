package dev.vigil.server.promql.engine;

import static dev.vigil.server.promql.engine.Fixture.GAP;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.StaleNaN;
import org.junit.jupiter.api.Test;

class SelectorsTest {
  private static final long M = 60_000;

  @Test
  void instantSelectorTakesTheLatestSampleWithinTheLookback() {
    Fixture f = new Fixture().series("up{job=\"a\"}", M, 1, 2, GAP, GAP, GAP, GAP, GAP, GAP, 9);
    assertThat(f.instant("up", M)).isEqualTo("up{job=\"a\"} 2");
    assertThat(f.instant("up", 6 * M - 1)).isEqualTo("up{job=\"a\"} 2");
    // 5m after the last sample it is no longer seen: the lookback window is (t-5m, t].
    assertThat(f.instant("up", 6 * M)).isEmpty();
    assertThat(f.instant("up", 8 * M)).isEqualTo("up{job=\"a\"} 9");
  }

  @Test
  void staleMarkerEndsTheSeries() {
    Fixture f = new Fixture().series("up", M, 1, StaleNaN.VALUE, GAP, 4);
    assertThat(f.instant("up", M)).isEmpty();
    assertThat(f.range("up", 0, 3 * M, M)).isEqualTo("up{} 1@0 4@180");
  }

  @Test
  void offsetAndAtMoveTheReadTime() {
    Fixture f = new Fixture().series("x", M, 0, 1, 2, 3, 4);
    assertThat(f.instant("x offset 2m", 4 * M)).isEqualTo("x{} 2");
    assertThat(f.instant("x @ 60", 4 * M)).isEqualTo("x{} 1");
    assertThat(f.range("x @ start()", M, 3 * M, M)).isEqualTo("x{} 1@60 1@120 1@180");
    assertThat(f.range("x @ end() offset 1m", M, 3 * M, M)).isEqualTo("x{} 2@60 2@120 2@180");
  }

  @Test
  void rangeSelectorWindowIsOpenOnTheLeft() {
    Fixture f = new Fixture().series("x", M, 0, 1, 2, 3);
    assertThat(f.instant("x[2m]", 3 * M)).isEqualTo("x{} 2@120 3@180");
    assertThat(f.instant("x[2m] offset 1m", 3 * M)).isEqualTo("x{} 1@60 2@120");
  }

  @Test
  void rangeQueryResultIsSortedByLabels() {
    Fixture f = new Fixture().series("x{a=\"2\"}", M, 1).series("x{a=\"1\"}", M, 2);
    assertThat(f.range("x", 0, M, M)).isEqualTo("x{a=\"1\"} 2@0 2@60\nx{a=\"2\"} 1@0 1@60");
  }

  @Test
  void subqueryStepsAreAlignedToMultiplesOfTheStep() {
    Fixture f = new Fixture().series("x", 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    // Steps at 60s and 90s; 30s is excluded because the window is open on the left.
    assertThat(f.instant("x[70s:30s]", 100_000)).isEqualTo("x{} 6@60 9@90");
    assertThat(f.instant("count_over_time(x[70s:30s])", 100_000)).isEqualTo("{} 2");
  }

  @Test
  void stepInvariantExpressionsRepeatTheirValueAtEveryStep() {
    Fixture f = new Fixture().series("x{a=\"1\"}", M, 0, 1, 2, 3).series("x{a=\"2\"}", M, 5, 6);
    assertThat(f.range("sum(x @ 60) + 1", 0, 3 * M, M)).isEqualTo("{} 8@0 8@60 8@120 8@180");
    assertThat(f.range("max_over_time(x[2m] @ 180)", 0, M, M))
        .isEqualTo("{a=\"1\"} 3@0 3@60");
    assertThat(f.range("time() - (x @ 60)", 0, M, M))
        .isEqualTo("{a=\"1\"} -1@0 59@60\n{a=\"2\"} -6@0 54@60");
  }

  @Test
  void subqueryOffsetAndAtPlaceTheWindowBeforeAligning() {
    Fixture f = new Fixture().series("x", 10_000, 0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12);
    // Window (20s, 80s] at 20s steps: 40s, 60s, 80s.
    assertThat(f.instant("x[60s:20s] offset 20s", 100_000)).isEqualTo("x{} 4@40 6@60 8@80");
    assertThat(f.instant("x[60s:20s] @ 80", 1_000_000)).isEqualTo("x{} 4@40 6@60 8@80");
    assertThat(f.range("sum_over_time(x[30s:10s])", 60_000, 120_000, 30_000))
        .isEqualTo("{} 15@60 24@90 33@120");
  }
}
