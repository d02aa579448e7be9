package dev.vigil.server.rules;

import static dev.vigil.server.rules.Fixtures.sample;
import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/** The alert state machine, the ALERTS series and what is sent, evaluation by evaluation. */
class AlertingRuleTest {
  private static final long MIN = 60_000;

  /**
   * Rows: for, keep_firing_for, whether the condition holds at each 1m evaluation, and the
   * rule's state after each (I inactive, P pending, F firing).
   */
  static Stream<Arguments> states() {
    return Stream.of(
        Arguments.of("0s", "0s", "1 1 0 0", "F F I I"),
        Arguments.of("2m", "0s", "1 1 1 1 0", "P P F F I"),
        Arguments.of("2m", "0s", "1 0 1 1 1", "P I P P F"),
        Arguments.of("1m", "0s", "1 1 0 1 1", "P F I P F"),
        Arguments.of("0s", "2m", "1 0 0 0 0", "F F F I I"),
        Arguments.of("0s", "2m", "1 0 1 0 0 0", "F F F F F I"),
        Arguments.of("2m", "5m", "1 0 0", "P I I"),
        Arguments.of("1m", "1m", "1 1 0 0 1", "P F F I P"));
  }

  @ParameterizedTest(name = "for {0}, keep_firing_for {1}: {2} -> {3}")
  @MethodSource("states")
  void stateMachine(String forText, String keep, String present, String expected)
      throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"
        + "    for: " + forText + "\n    keep_firing_for: " + keep + "\n");
    AlertingRule rule = (AlertingRule) g.rules().get(0);
    String[] p = present.split(" ");
    List<String> got = new ArrayList<>();
    for (int i = 0; i < p.length; i++) {
      if (p[i].equals("1")) {
        f.answer(i * MIN, sample(0, "__name__", "up", "job", "j"));
      }
      g.evaluate(i * MIN);
      got.add(rule.state().text().substring(0, 1).toUpperCase());
      assertThat(rule.health()).isEqualTo(Rule.OK);
    }
    assertThat(String.join(" ", got)).isEqualTo(expected);
  }

  @Test
  void alertsSeriesFollowTheStateAndGoStale() throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  rules:\n  - alert: Down\n    expr: up == 0\n"
        + "    for: 1m\n    labels:\n      severity: page\n");
    f.answer(0, sample(0, "__name__", "up", "job", "j"));
    f.answer(MIN, sample(0, "__name__", "up", "job", "j"));
    g.evaluate(0);
    g.evaluate(MIN);
    g.evaluate(2 * MIN);
    Labels base = Labels.of("alertname", "Down", "job", "j", "severity", "page");
    assertThat(Fixtures.read(f.head, Matcher.equal("__name__", "ALERTS"))).containsExactly(
        entry(base.toBuilder().set("__name__", "ALERTS").set("alertstate", "firing").build(),
            List.of("60000=1", "120000=stale")),
        entry(base.toBuilder().set("__name__", "ALERTS").set("alertstate", "pending").build(),
            List.of("0=1", "60000=stale")));
    assertThat(Fixtures.read(f.head, Matcher.equal("__name__", "ALERTS_FOR_STATE")))
        .containsExactly(entry(base.toBuilder().set("__name__", "ALERTS_FOR_STATE").build(),
            List.of("0=0", "60000=0", "120000=stale")));
  }

  private static <K, V> java.util.Map.Entry<K, V> entry(K k, V v) {
    return java.util.Map.entry(k, v);
  }

  @Test
  void sendsFiringAlertsOnChangeAndEveryResendDelayThenResolvedFor15Minutes() throws Exception {
    Fixtures f = new Fixtures();
    f.options = RuleOptions.DEFAULTS.withExternalUrl("http://vigil:9090/");
    f.externalLabels = Labels.of("region", "eu", "job", "ignored");
    RuleGroup g = f.group("groups:\n- name: g\n  interval: 30s\n  rules:\n  - alert: Down\n"
        + "    expr: up{job=\"j\"} == 0\n    annotations:\n      summary: it is down\n");
    long half = MIN / 2;
    for (int i = 0; i <= 3; i++) {
      f.answer(i * half, sample(0, "__name__", "up", "job", "j"));
    }
    // Sent at 0; at 30s and 60s the last send is not older than the 1m resend delay; at 90s it is.
    List<Long> firingSends = new ArrayList<>();
    for (int i = 0; i <= 3; i++) {
      int before = f.sent.size();
      g.evaluate(i * half);
      if (f.sent.size() > before) {
        firingSends.add(i * half);
      }
    }
    assertThat(firingSends).containsExactly(0L, 3 * half);
    Alert first = f.sent.get(0);
    assertThat(first.labels()).isEqualTo(
        Labels.of("alertname", "Down", "job", "j", "region", "eu"));
    assertThat(first.annotations()).isEqualTo(Labels.of("summary", "it is down"));
    assertThat(first.startsAtMillis()).isZero();
    assertThat(first.endsAtMillis()).isEqualTo(4 * MIN); // 4 x max(resend delay 1m, interval 30s)
    assertThat(first.generatorUrl()).isEqualTo(
        "http://vigil:9090/graph?g0.expr=up%7Bjob%3D%22j%22%7D+%3D%3D+0&g0.tab=1");

    // Resolved at 2m: sent at once with endsAt = resolved time, then every minute while kept.
    f.sent.clear();
    long resolved = 4 * half;
    for (long t = resolved; t <= resolved + 17 * MIN; t += half) {
      g.evaluate(t);
    }
    assertThat(f.sent).allSatisfy(a -> assertThat(a.endsAtMillis()).isEqualTo(resolved));
    assertThat(f.sent.get(0).startsAtMillis()).isZero();
    // At 2m, then 3m30s and every 1m30s (sent when strictly older than the 1m delay, 30s steps),
    // until the alert is dropped after 15m.
    assertThat(f.sent).hasSize(11);
    assertThat(((AlertingRule) g.rules().get(0)).alerts()).isEmpty();
  }

  @Test
  void labelTemplatesOrDuplicateLabelSetsAndLimitsAreRuleErrors() throws Exception {
    Fixtures f = new Fixtures();
    RuleGroup g = f.group("groups:\n- name: g\n  limit: 1\n  rules:\n  - alert: A\n"
        + "    expr: up == 0\n    labels:\n      job: same\n");
    f.answer(0, sample(0, "__name__", "up", "job", "a"), sample(0, "__name__", "up", "job", "b"));
    g.evaluate(0);
    Rule r = g.rules().get(0);
    assertThat(r.health()).isEqualTo(Rule.ERR);
    assertThat(r.lastError()).isEqualTo(
        "vector contains metrics with the same labelset after applying alert labels");

    Fixtures f2 = new Fixtures();
    RuleGroup g2 = f2.group("groups:\n- name: g\n  limit: 1\n  rules:\n  - alert: A\n"
        + "    expr: up == 0\n");
    f2.answer(0, sample(0, "__name__", "up", "job", "a"), sample(0, "__name__", "up", "job", "b"));
    g2.evaluate(0);
    AlertingRule r2 = (AlertingRule) g2.rules().get(0);
    assertThat(r2.lastError()).isEqualTo("exceeded limit of 1 with 2 alerts");
    assertThat(r2.alerts()).isEmpty();
    assertThat(Fixtures.read(f2.head, Matcher.equal("__name__", "ALERTS"))).isEmpty();
    f2.answer(MIN, sample(0, "__name__", "up", "job", "a"));
    g2.evaluate(MIN);
    assertThat(r2.health()).isEqualTo(Rule.OK);
    assertThat(r2.lastError()).isEmpty();
  }

  @Test
  void queryErrorsBecomeHealthNotExceptions() throws Exception {
    Fixtures f = new Fixtures();
    List<String> defs = List.of("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up\n"
        + "  - record: r\n    expr: up\n");
    var parsed = new RuleFileParser(TemplateExpander.VERBATIM).parse(defs.get(0), "t.yml");
    GroupDeps deps = new GroupDeps((e, t) -> {
      throw new IllegalStateException("query timed out");
    }, f.head, f.sent::addAll, TemplateExpander.VERBATIM, RuleOptions.DEFAULTS, Labels.EMPTY,
        new RuleMetrics(null));
    RuleGroup g = new RuleGroup(parsed.get(0), Duration.ofMinutes(1), Duration.ZERO, deps);
    g.evaluate(5);
    for (Rule r : g.rules()) {
      assertThat(r.health()).isEqualTo(Rule.ERR);
      assertThat(r.lastError()).isEqualTo("query timed out");
      assertThat(r.lastEvaluationMillis()).isEqualTo(5);
    }
  }

  @Test
  void labelsAndAnnotationsAreExpandedPerAlert() throws Exception {
    Fixtures f = new Fixtures();
    f.externalLabels = Labels.of("region", "eu");
    f.options = RuleOptions.DEFAULTS.withExternalUrl("http://vigil:9090");
    f.templates = TemplateFactory.PROMETHEUS.create(f.query(), "http://vigil:9090");
    RuleGroup g = f.group("""
        groups:
        - name: g
          rules:
          - alert: Hot
            expr: temp > 30
            labels:
              severity: '{{ if gt $value 40.0 }}page{{ else }}ticket{{ end }}'
            annotations:
              summary: '{{ $labels.room }} is {{ $value | humanize }} degrees in {{ $externalLabels.region }}'
              link: '{{ $externalURL }}/alerts'
        """);
    f.answer(0, sample(45.5, "__name__", "temp", "room", "a"), sample(31, "__name__", "temp",
        "room", "b"));
    g.evaluate(0);
    AlertingRule r = (AlertingRule) g.rules().get(0);
    assertThat(r.health()).isEqualTo(Rule.OK);
    assertThat(r.alerts()).extracting(AlertView::labels, AlertView::annotations).containsExactly(
        org.assertj.core.groups.Tuple.tuple(
            Labels.of("alertname", "Hot", "room", "a", "severity", "page"),
            Labels.of("link", "http://vigil:9090/alerts", "summary", "a is 45.5 degrees in eu")),
        org.assertj.core.groups.Tuple.tuple(
            Labels.of("alertname", "Hot", "room", "b", "severity", "ticket"),
            Labels.of("link", "http://vigil:9090/alerts", "summary", "b is 31 degrees in eu")));
  }

  @Test
  void aTemplateThatFailsAtRunTimeMakesTheRuleUnhealthyButKeepsTheAlert() throws Exception {
    Fixtures f = new Fixtures();
    f.templates = TemplateFactory.PROMETHEUS.create(f.query(), "");
    RuleGroup g = f.group("groups:\n- name: g\n  rules:\n  - alert: A\n    expr: up == 0\n"
        + "    annotations:\n      summary: '{{ query \"up\" | first | value | humanize }}'\n"
        + "      text: '{{ index $labels 5 }}'\n");
    f.answer(0, sample(0, "__name__", "up", "job", "j"));
    g.evaluate(0);
    AlertingRule r = (AlertingRule) g.rules().get(0);
    assertThat(r.health()).isEqualTo(Rule.ERR);
    assertThat(r.lastError()).startsWith("error expanding template: error executing template"
        + " __alert_A: ");
    assertThat(r.alerts()).hasSize(1);
    assertThat(r.alerts().get(0).annotations().get("summary")).isEqualTo("0");
    assertThat(r.alerts().get(0).annotations().get("text")).startsWith("<error expanding template:");
  }

  @Test
  void templatesSeeTheMetricNameAndAFailingSinkDoesNotBreakEvaluation() throws Exception {
    Fixtures f = new Fixtures();
    f.templates = TemplateFactory.PROMETHEUS.create(f.query(), "");
    List<GroupDefinition> defs = new RuleFileParser(f.templates).parse("groups:\n- name: g\n"
        + "  rules:\n  - alert: A\n    expr: up == 0\n    annotations:\n"
        + "      metric: '{{ $labels.__name__ }}'\n", "t.yml");
    GroupDeps deps = new GroupDeps(f.query(), f.head, alerts -> {
      throw new IllegalStateException("queue full");
    }, f.templates, RuleOptions.DEFAULTS, Labels.EMPTY, new RuleMetrics(null));
    RuleGroup g = new RuleGroup(defs.get(0), Duration.ofMinutes(1), Duration.ZERO, deps);
    f.answer(0, sample(0, "__name__", "up", "job", "j"));
    g.evaluate(0);
    AlertingRule r = (AlertingRule) g.rules().get(0);
    assertThat(r.health()).isEqualTo(Rule.OK);
    assertThat(r.alerts().get(0).annotations()).isEqualTo(Labels.of("metric", "up"));
    assertThat(r.alerts().get(0).labels()).isEqualTo(Labels.of("alertname", "A", "job", "j"));
  }
}
