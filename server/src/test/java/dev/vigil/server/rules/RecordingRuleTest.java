package dev.vigil.server.rules;

import static dev.vigil.server.rules.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class RecordingRuleTest {
  private static final long MIN = 60_000;

  @Test
  void recordsRenamedRelabelledSeriesAndMarksVanishedOnesStale() throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  labels:\n    team: a\n    env: prod\n"
        + "  rules:\n  - record: job:up:sum\n    expr: sum by (job) (up)\n"
        + "    labels:\n      team: b\n");
    f.answer(0, sample(1, "job", "x"), sample(2, "job", "y"));
    f.answer(MIN, sample(3, "job", "x"));
    g.evaluate(0);
    g.evaluate(MIN);
    g.evaluate(2 * MIN);
    Map<Labels, List<String>> got = Fixtures.read(f.head, Matcher.equal("__name__", "job:up:sum"));
    assertThat(got).containsExactly(
        Map.entry(Labels.of("__name__", "job:up:sum", "env", "prod", "job", "x", "team", "b"),
            List.of("0=1", "60000=3", "120000=stale")),
        Map.entry(Labels.of("__name__", "job:up:sum", "env", "prod", "job", "y", "team", "b"),
            List.of("0=2", "60000=stale")));
    assertThat(g.rules().get(0).health()).isEqualTo(Rule.OK);
  }

  @Test
  void queryOffsetShiftsQueryAndSampleTime() throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  query_offset: 30s\n  rules:\n"
        + "  - record: r\n    expr: up\n");
    f.answer(MIN - 30_000, sample(7, "__name__", "up"));
    g.evaluate(MIN);
    assertThat(g.queryOffset()).isEqualTo(Duration.ofSeconds(30));
    assertThat(Fixtures.read(f.head, Matcher.equal("__name__", "r")))
        .containsExactly(Map.entry(Labels.of("__name__", "r"), List.of("30000=7")));
  }

  @Test
  void duplicateOutputAndLimitFailTheWholeRuleWithoutStaleMarkers() throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  limit: 2\n  rules:\n"
        + "  - record: r\n    expr: up\n");
    f.answer(0, sample(1, "__name__", "up", "i", "1"));
    f.answer(MIN, sample(1, "__name__", "up", "i", "1"), sample(1, "__name__", "up", "i", "2"),
        sample(1, "__name__", "up", "i", "3"));
    f.answer(2 * MIN, sample(1, "__name__", "a"), sample(2, "__name__", "b"));
    g.evaluate(0);
    g.evaluate(MIN);
    Rule r = g.rules().get(0);
    assertThat(r.health()).isEqualTo(Rule.ERR);
    assertThat(r.lastError()).isEqualTo("exceeded limit of 2 with 3 series");
    g.evaluate(2 * MIN);
    assertThat(r.lastError()).isEqualTo(
        "vector contains metrics with the same labelset after applying rule labels");
    // Nothing written by the failed evaluations, and no stale marker for i=1 either.
    assertThat(Fixtures.read(f.head, Matcher.equal("__name__", "r"))).containsExactly(
        Map.entry(Labels.of("__name__", "r", "i", "1"), List.of("0=1")));
  }
}
