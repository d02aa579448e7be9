package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.tsdb.Tsdb;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Restoring {@code for} state across a restart of a real TSDB: evaluate, close, reopen, restore.
 */
class ForStateRestoreTest {
  private static final long MIN = 60_000;
  private static final long T = 1_700_000_000_000L;
  private static final String RULES = """
      groups:
      - name: g
        rules:
        - alert: Long
          expr: up == 0
          for: 30m
        - alert: NearlyDue
          expr: up == 0
          for: 15m
        - alert: Fired
          expr: up == 0
          for: 10m
        - alert: Short
          expr: up == 0
          for: 5m
      """;

  @TempDir Path dir;

  /** Evaluates every minute from T to T+10m, stops; restarts after {@code downMinutes}. */
  private Map<String, Long> restartAfter(long downMinutes) throws Exception {
    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, RULES);
    QueryFunction down = (e, t) -> List.of(new Sample(Labels.of("__name__", "up", "job", "j"),
        t, 0));
    Path data = dir.resolve("data");
    try (Tsdb db = Tsdb.open(data)) {
      RuleManager m = manager(db, down);
      RuleGroup g = m.groups().get(0);
      for (long t = T; t <= T + 10 * MIN; t += MIN) {
        m.runIteration(g, t);
      }
      m.stop();
    }
    try (Tsdb db = Tsdb.open(data)) {
      RuleManager m = manager(db, down);
      RuleGroup g = m.groups().get(0);
      m.runIteration(g, T + (10 + downMinutes) * MIN);
      Map<String, Long> activeAt = new HashMap<>();
      for (AlertingRule r : m.alertingRules()) {
        activeAt.put(r.name(), r.alerts().get(0).activeAt());
      }
      m.stop();
      return activeAt;
    }
  }

  private RuleManager manager(Tsdb db, QueryFunction q) throws Exception {
    RuleManager m = new RuleManager(RuleOptions.DEFAULTS, q, db, db, alerts -> { },
        TemplateExpander.VERBATIM, null, Clock.systemUTC());
    m.update(List.of(dir.resolve("*.yml").toString()), Duration.ofMinutes(1), Duration.ZERO,
        Labels.EMPTY);
    return m;
  }

  @Test
  void restoresActiveAtShiftedByTheOutageWithAGracePeriod() throws Exception {
    Map<String, Long> activeAt = restartAfter(5);
    long restart = T + 15 * MIN;
    // 10m spent of 30m: the 5m outage does not count.
    assertThat(activeAt.get("Long")).isEqualTo(T + 5 * MIN);
    // 10m spent of 15m, 5m left < 10m grace period: fires 10m after the restart.
    assertThat(activeAt.get("NearlyDue")).isEqualTo(restart + 10 * MIN - 15 * MIN);
    // Had fired before the outage: keeps its activeAt.
    assertThat(activeAt.get("Fired")).isEqualTo(T);
    // for below the grace period: not restored.
    assertThat(activeAt.get("Short")).isEqualTo(restart);
  }

  @Test
  void anOutageLongerThanTheToleranceRestoresNothing() throws Exception {
    Map<String, Long> activeAt = restartAfter(61);
    long restart = T + 71 * MIN;
    assertThat(activeAt).containsOnly(Map.entry("Long", restart), Map.entry("NearlyDue", restart),
        Map.entry("Fired", restart), Map.entry("Short", restart));
  }
}
