package dev.vigil.server.rules;

import static dev.vigil.server.rules.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.Registry;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigException;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.tsdb.Head;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RuleManagerTest {
  private static final long MIN = 60_000;
  @TempDir Path dir;
  private final Head head = new Head();
  private final Registry registry = new Registry();

  private RuleManager manager(QueryFunction q) {
    return new RuleManager(RuleOptions.DEFAULTS, q, head, null, a -> { },
        TemplateExpander.VERBATIM, registry, Clock.systemUTC());
  }

  private void update(RuleManager m) throws ConfigException {
    m.update(List.of(dir.resolve("*.yml").toString()), Duration.ofMinutes(1), Duration.ZERO,
        Labels.EMPTY);
  }

  @Test
  void reloadKeepsAlertStateOfUnchangedRulesOnlyAndIsAllOrNothing() throws Exception {
    QueryFunction q = (e, t) -> List.of(sample(0, "__name__", "up", "job", "j"));
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  rules:\n"
        + "  - alert: Kept\n    expr: up == 0\n    for: 5m\n"
        + "  - alert: Changed\n    expr: up == 0\n    for: 5m\n");
    RuleManager m = manager(q);
    update(m);
    RuleGroup g = m.groups().get(0);
    m.runIteration(g, 0);
    m.runIteration(g, MIN);

    // A broken second file: nothing changes.
    Files.writeString(dir.resolve("b.yml"), "groups:\n- name: g\n  rules:\n  - record: r\n");
    assertThatThrownBy(() -> update(m)).isInstanceOf(ConfigException.class)
        .hasMessageContaining("b.yml:4:5: groups[0].rules[0].expr: field 'expr' must be set");
    assertThat(m.groups()).containsExactly(g);

    Files.delete(dir.resolve("b.yml"));
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  rules:\n"
        + "  - alert: Kept\n    expr: up == 0\n    for: 5m\n    annotations:\n      new: text\n"
        + "  - alert: Changed\n    expr: up == 0\n    for: 6m\n");
    update(m);
    RuleGroup g2 = m.groups().get(0);
    assertThat(g2).isNotSameAs(g);
    AlertingRule kept = (AlertingRule) g2.rules().get(0);
    AlertingRule changed = (AlertingRule) g2.rules().get(1);
    assertThat(kept.alerts()).extracting(AlertView::activeAt).containsExactly(0L);
    assertThat(kept.health()).isEqualTo(Rule.OK);
    assertThat(changed.alerts()).isEmpty();
    assertThat(changed.health()).isEqualTo(Rule.UNKNOWN);
    m.runIteration(g2, 5 * MIN);
    assertThat(kept.state()).isEqualTo(AlertState.FIRING);
    assertThat(changed.state()).isEqualTo(AlertState.PENDING);
    m.stop();
  }

  @Test
  void removedGroupsAndRulesLeaveStaleMarkersAndMetricsGo() throws Exception {
    QueryFunction q = (e, t) -> List.of(sample(1, "job", "j"));
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  rules:\n"
        + "  - record: one\n    expr: up\n  - record: two\n    expr: up\n"
        + "- name: h\n  rules:\n  - record: three\n    expr: up\n");
    RuleManager m = new RuleManager(RuleOptions.DEFAULTS, q, head, null, a -> { },
        TemplateExpander.VERBATIM, registry, Clock.fixed(java.time.Instant.ofEpochMilli(10 * MIN),
        java.time.ZoneOffset.UTC));
    update(m);
    for (RuleGroup g : m.groups()) {
      m.runIteration(g, 5 * MIN);
    }
    assertThat(scrape()).contains("prometheus_rule_group_rules{rule_group=\"" + dir.resolve(
        "a.yml") + ";h\"} 1");
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  rules:\n"
        + "  - record: one\n    expr: up\n");
    update(m);
    assertThat(Fixtures.read(head, Matcher.regex("__name__", ".+"))).containsOnly(
        Map.entry(Labels.of("__name__", "one", "job", "j"), List.of("300000=1")),
        Map.entry(Labels.of("__name__", "two", "job", "j"), List.of("300000=1", "600000=stale")),
        Map.entry(Labels.of("__name__", "three", "job", "j"),
            List.of("300000=1", "600000=stale")));
    String metrics = scrape();
    assertThat(metrics).doesNotContain(";h\"}");
    assertThat(metrics).contains("prometheus_rule_evaluations_total{rule_group=\""
        + dir.resolve("a.yml") + ";g\"} 2");
    m.stop();
  }

  @Test
  void applyConfigReadsRuleFilesRelativeToTheConfig() throws Exception {
    Files.createDirectory(dir.resolve("rules"));
    Files.writeString(dir.resolve("rules/x.yml"), "groups:\n- name: x\n  rules:\n"
        + "  - record: r\n    expr: up\n");
    Path cfg = dir.resolve("prometheus.yml");
    Files.writeString(cfg, "global:\n  evaluation_interval: 15s\n  rule_query_offset: 10s\n"
        + "rule_files:\n  - rules/*.yml\n");
    Config c = ConfigLoader.load(cfg);
    RuleManager m = manager((e, t) -> List.of());
    m.applyConfig(c);
    RuleGroup g = m.groups().get(0);
    assertThat(g.file()).isEqualTo(dir.resolve("rules/x.yml").toString());
    assertThat(g.interval()).isEqualTo(Duration.ofSeconds(15));
    assertThat(g.queryOffset()).isEqualTo(Duration.ofSeconds(10));
    m.stop();
  }

  @Test
  void evalTimestampsAreAlignedWithAStablePerGroupOffset() throws Exception {
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  interval: 10s\n  rules: []\n");
    RuleManager m = manager((e, t) -> List.of());
    update(m);
    RuleGroup g = m.groups().get(0);
    long a = g.evalTimestamp(1_000_000_123L);
    assertThat(a).isLessThanOrEqualTo(1_000_000_123L).isGreaterThan(1_000_000_123L - 10_000);
    assertThat(g.evalTimestamp(a)).isEqualTo(a);
    assertThat(g.evalTimestamp(a + 9_999)).isEqualTo(a);
    assertThat(g.evalTimestamp(a + 10_000)).isEqualTo(a + 10_000);
    m.stop();
  }

  /** A short real-time run: the schedule evaluates on its own, and stop() ends it. */
  @Test
  void scheduleRunsGroupsUntilStopped() throws Exception {
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: g\n  interval: 50ms\n  rules:\n"
        + "  - record: r\n    expr: up\n");
    RuleManager m = manager((e, t) -> List.of(sample(1, "job", "j")));
    update(m);
    m.start();
    RuleGroup g = m.groups().get(0);
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline
        && Fixtures.read(head, Matcher.equal("__name__", "r")).values().stream()
            .mapToInt(List::size).sum() < 3) {
      Thread.sleep(20);
    }
    m.stop();
    int n = Fixtures.read(head, Matcher.equal("__name__", "r")).values().iterator().next().size();
    assertThat(n).isGreaterThanOrEqualTo(3);
    assertThat(g.evaluated()).isTrue();
    Thread.sleep(150);
    assertThat(Fixtures.read(head, Matcher.equal("__name__", "r")).values().iterator().next())
        .hasSize(n);
  }

  /** A group slower than its interval skips iterations and counts them, short real time. */
  @Test
  void slowGroupsCountMissedIterations() throws Exception {
    Files.writeString(dir.resolve("a.yml"), "groups:\n- name: slow\n  interval: 40ms\n"
        + "  rules:\n  - record: r\n    expr: up\n");
    RuleManager m = manager((e, t) -> {
      Thread.sleep(130);
      return List.of();
    });
    update(m);
    m.start();
    String key = dir.resolve("a.yml") + ";slow";
    long deadline = System.currentTimeMillis() + 5_000;
    while (System.currentTimeMillis() < deadline
        && !scrape().contains("prometheus_rule_group_iterations_missed_total{rule_group=\""
            + key + "\"} ")) {
      Thread.sleep(20);
    }
    Thread.sleep(300);
    m.stop();
    String metrics = scrape();
    double missed = value(metrics, "prometheus_rule_group_iterations_missed_total", key);
    double iterations = value(metrics, "prometheus_rule_group_iterations_total", key);
    double evaluations = value(metrics, "prometheus_rule_evaluations_total", key);
    assertThat(missed).isGreaterThanOrEqualTo(2);
    // Every scheduled iteration either ran (one rule evaluation each) or was missed.
    assertThat(iterations).isEqualTo(missed + evaluations);
  }

  private static double value(String metrics, String name, String group) {
    String prefix = name + "{rule_group=\"" + group + "\"} ";
    return metrics.lines().filter(l -> l.startsWith(prefix))
        .mapToDouble(l -> Double.parseDouble(l.substring(prefix.length()))).findFirst()
        .orElse(0);
  }

  private String scrape() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new dev.vigil.client.exposition.PrometheusTextWriter().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
