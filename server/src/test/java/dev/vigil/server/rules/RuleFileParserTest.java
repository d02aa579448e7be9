package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.server.config.ConfigException;
import dev.vigil.server.model.Labels;
import java.time.Duration;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RuleFileParserTest {
  private final RuleFileParser parser = new RuleFileParser(TemplateExpander.VERBATIM);

  @Test
  void parsesGroupsAndRules() throws Exception {
    List<GroupDefinition> groups = parser.parse("""
        groups:
          - name: example
            interval: 30s
            limit: 10
            query_offset: 1m
            labels:
              team: a
            rules:
              - record: job:up:sum
                expr: sum by (job) (up)
              - alert: Down
                expr: up == 0
                for: 5m
                keep_firing_for: 1m
                labels:
                  severity: page
                annotations:
                  summary: "{{ $labels.job }} is down"
          - name: other
            rules: []
        """, "r.yml");
    assertThat(groups).hasSize(2);
    GroupDefinition g = groups.get(0);
    assertThat(g.key()).isEqualTo("r.yml;example");
    assertThat(g.interval()).isEqualTo(Duration.ofSeconds(30));
    assertThat(g.limit()).isEqualTo(10);
    assertThat(g.queryOffset()).isEqualTo(Duration.ofMinutes(1));
    assertThat(g.labels()).isEqualTo(Labels.of("team", "a"));
    assertThat(g.rules()).containsExactly(
        new RuleDefinition(RuleDefinition.Kind.RECORDING, "job:up:sum", "sum by (job) (up)",
            Duration.ZERO, Duration.ZERO, Labels.EMPTY, Labels.EMPTY, 9),
        new RuleDefinition(RuleDefinition.Kind.ALERTING, "Down", "up == 0", Duration.ofMinutes(5),
            Duration.ofMinutes(1), Labels.of("severity", "page"),
            Labels.of("summary", "{{ $labels.job }} is down"), 11));
    assertThat(groups.get(1).interval()).isNull();
    assertThat(groups.get(1).queryOffset()).isNull();
  }

  static Stream<Arguments> errors() {
    return Stream.of(
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: r\n    expr: sum(up\n",
            "r.yml:5:5: groups[0].rules[0].expr: could not parse expression: 1:7: parse error:"
                + " unclosed left parenthesis"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: r\n    alert: a\n    expr: up\n",
            "r.yml:4:5: groups[0].rules[0].record: only one of 'record' and 'alert' must be set"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - expr: up\n",
            "r.yml:4:5: groups[0].rules[0].record: one of 'record' or 'alert' must be set"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: r\n",
            "r.yml:4:5: groups[0].rules[0].expr: field 'expr' must be set in rule"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: 'bad name'\n    expr: up\n",
            "r.yml:4:5: groups[0].rules[0].record: invalid recording rule name: bad name"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n    for: 1m\n",
            "r.yml:6:5: groups[0].rules[0].for: invalid field 'for' in recording rule"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - alert: a\n    expr: up\n    labels:\n"
            + "      0bad: x\n",
            "r.yml:7:7: groups[0].rules[0].labels: invalid label name: 0bad"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - alert: a\n    expr: up\n    severity: x\n",
            "r.yml:6:5: field \"severity\" not found in rule"),
        Arguments.of("groups:\n- name: g\n  interval: 5 minutes\n",
            "r.yml:3:3: groups[0].interval: invalid duration \"5 minutes\""),
        Arguments.of("groups:\n- name: g\n- name: g\n",
            "r.yml:3:3: groups[1].name: groupname \"g\" is repeated in the same file"
                + " (first at line 2)"),
        Arguments.of("groups:\n- rules: []\n",
            "r.yml:2:3: groups[0].name: Groupname must not be empty"),
        Arguments.of("group:\n- name: g\n", "r.yml:1:1: field \"group\" not found in rule file"),
        Arguments.of("groups:\n- name: g\n  rules:\n  - record: r\n    expr: up\n"
            + "    labels:\n      __name__: x\n",
            "r.yml:6:5: groups[0].rules[0].labels: invalid label name: __name__"));
  }

  @ParameterizedTest
  @MethodSource("errors")
  void reportsProblemsWithPositionAndPath(String yaml, String problem) {
    assertThatThrownBy(() -> parser.parse(yaml, "r.yml"))
        .isInstanceOfSatisfying(ConfigException.class,
            e -> assertThat(e.problems()).contains(problem));
  }

  @Test
  void reportsEveryProblemInFileOrder() {
    assertThatThrownBy(() -> parser.parse("groups:\n- name: g\n  rules:\n  - record: r\n"
        + "    expr: up +\n  - alert: a\n    expr: ')'\n", "r.yml"))
        .isInstanceOfSatisfying(ConfigException.class, e -> {
          assertThat(e.problems()).hasSize(2);
          assertThat(e.problems().get(0)).startsWith("r.yml:5:5: groups[0].rules[0].expr:");
          assertThat(e.problems().get(1)).startsWith("r.yml:7:5: groups[0].rules[1].expr:");
        });
  }

  @Test
  void templatesAreParsed() {
    RuleFileParser p = new RuleFileParser(TemplateFactory.PROMETHEUS.create(null, ""));
    assertThatThrownBy(() -> p.parse("groups:\n- name: g\n  rules:\n"
        + "  - alert: a\n    expr: up\n    labels:\n      x: '{{ nosuchfunc }}'\n"
        + "    annotations:\n      summary: '{{ $value'\n", "r.yml"))
        .isInstanceOfSatisfying(ConfigException.class, e -> assertThat(e.problems())
            .containsExactly(
                "r.yml:6:5: groups[0].rules[0].labels: x: template: __alert_a:1: function"
                    + " \"nosuchfunc\" not defined",
                "r.yml:8:5: groups[0].rules[0].annotations: summary: template: __alert_a:1:"
                    + " unclosed action"));
  }

  @Test
  void unknownFieldsCanBeIgnoredForPromtoolsFlag() throws Exception {
    assertThat(new RuleFileParser(TemplateExpander.VERBATIM, true).parse(
        "groups:\n- name: g\n  owner: me\n  rules:\n  - record: r\n    expr: up\n    x: 1\n",
        "r.yml").get(0).rules()).hasSize(1);
  }
}
