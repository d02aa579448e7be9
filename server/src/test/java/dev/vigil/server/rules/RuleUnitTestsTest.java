package dev.vigil.server.rules;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code test rules} on the example files under src/test/resources/rules. */
class RuleUnitTestsTest {
  static final String DIR = "src/test/resources/rules/";

  record Run(int code, String out, String err) {}

  static Run run(TemplateFactory templates, List<String> runOnly, String... files) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code = new RuleUnitTests(templates, false, runOnly).run(
        Arrays.stream(files).map(Path::of).toList(),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(code, out.toString(StandardCharsets.UTF_8),
        err.toString(StandardCharsets.UTF_8));
  }

  static Run run(String... files) {
    return run(TemplateFactory.PROMETHEUS, List.of(), files);
  }

  @Test
  void passingFile() {
    Run r = run(DIR + "recording.test.yml");
    assertThat(r.err).isEmpty();
    assertThat(r.out).isEqualTo("Unit Testing:  " + DIR + "recording.test.yml\n  SUCCESS\n\n");
    assertThat(r.code).isZero();
  }

  @Test
  void failingFileReportsLikePromtool() {
    Run r = run(DIR + "recording-failing.test.yml");
    assertThat(r.code).isEqualTo(1);
    assertThat(r.out).isEqualTo("Unit Testing:  " + DIR + "recording-failing.test.yml\n\n\n\n\n");
    assertThat(r.err).isEqualTo("""
          FAILED:
            name: too early,
            alertname: HighErrorRatio, time: 8m,\s
                exp:[
                    0:
                      Labels:{alertname="HighErrorRatio", job="api", severity="warning"}
                      Annotations:{}
                    ],\s
                got:[]
            expr: "job:requests:rate1m", time: 5m,
                exp: {__name__="job:requests:rate1m", job="api"} 2E+00
                got: {__name__="job:requests:rate1m", job="api"} 1E+00
            expr: "job:requests:rate1m{job=\\"web\\"} or vector(3)", time: 5m,
                exp: {} 3E+00, {__name__="job:requests:rate1m", job="web"} 1E+00
                got: {} 3E+00
        """);
  }

  @Test
  void templatedExamples() {
    Run ok = run(DIR + "passing.test.yml");
    assertThat(ok.err).isEmpty();
    assertThat(ok.code).isZero();
    Run failed = run(DIR + "failing.test.yml");
    assertThat(failed.code).isEqualTo(1);
    assertThat(failed.err).isEqualTo("""
          FAILED:
            name: wrong expectations,
            alertname: InstanceDown, time: 2m,\s
                exp:[
                    0:
                      Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}
                      Annotations:{}
                    ],\s
                got:[]
            name: wrong expectations,
            alertname: InstanceDown, time: 10m,\s
                exp:[
                    0:
                      Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="ticket"}
                      Annotations:{description="localhost:9090 of job prometheus has been down for more than 5 minutes.", summary="Instance localhost:9090 down"}
                    ],\s
                got:[
                    0:
                      Labels:{alertname="InstanceDown", instance="localhost:9090", job="prometheus", severity="page"}
                      Annotations:{description="localhost:9090 of job prometheus has been down for more than 5 minutes.", summary="Instance localhost:9090 down"}
                    ]
            expr: "go_goroutines", time: 4m,
                exp: {__name__="go_goroutines", instance="localhost:9090", job="prometheus"} 4E+01
                got: {__name__="go_goroutines", instance="localhost:9090", job="prometheus"} 5E+01
        """);
  }

  @Test
  void runSelectsTestGroupsByName() {
    assertThat(run(TemplateFactory.VERBATIM, List.of("^other"),
        DIR + "recording-failing.test.yml").code).isZero();
    assertThat(run(TemplateFactory.VERBATIM, List.of("early"),
        DIR + "recording-failing.test.yml").code).isEqualTo(1);
  }

  @Test
  void startTimestampShiftsSamplesAndTime(@TempDir Path dir) throws Exception {
    Files.copy(Path.of(DIR + "recording.yml"), dir.resolve("recording.yml"));
    Path test = dir.resolve("t.yml");
    Files.writeString(test, """
        rule_files: [recording.yml]
        tests:
          - start_timestamp: "2021-01-01T00:00:00Z"
            input_series:
              - series: 'requests_total{job="api"}'
                values: '0+60x10'
            promql_expr_test:
              - expr: time()
                eval_time: 2m
                exp_samples:
                  - labels: '{}'
                    value: 1609459320
              - expr: job:requests:rate1m
                eval_time: 2m
                exp_samples:
                  - labels: 'job:requests:rate1m{job="api"}'
                    value: 1
          - start_timestamp: 1609459200
            input_series:
              - series: 'up'
                values: '1 _ stale 2'
            promql_expr_test:
              - expr: up
                eval_time: 1m
                exp_samples:
                  - labels: 'up'
                    value: 1
              - expr: up
                eval_time: 2m
                exp_samples: []
              - expr: up
                eval_time: 3m
                exp_samples:
                  - labels: 'up'
                    value: 2
        """);
    Run r = run(test.toString());
    assertThat(r.err).isEmpty();
    assertThat(r.code).isZero();
  }

  @Test
  void fileProblemsAreReportedWithPositions(@TempDir Path dir) throws Exception {
    Path test = dir.resolve("t.yml");
    Files.writeString(test, """
        rule_files: [missing-dir/*.yml]
        bogus: 1
        tests:
          - input_series:
              - series: 'up{'
                values: '1 2 x'
        """);
    Run r = run(test.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).isEqualTo("  FAILED:\n"
        + test + ":2:1: field \"bogus\" not found in unit test file\n"
        + test + ":5:9: tests[0].input_series[0].series: 1:4: parse error: unexpected end of"
        + " input inside braces\n"
        + test + ":6:9: tests[0].input_series[0].values: expected a number or 'stale', found \"x\"\n");
  }

  @Test
  void ruleErrorsFailTheTest(@TempDir Path dir) throws Exception {
    Files.writeString(dir.resolve("r.yml"), "groups:\n- name: g\n  rules:\n"
        + "  - record: r\n    expr: up\n    labels:\n      job: same\n");
    Path test = dir.resolve("t.yml");
    Files.writeString(test, """
        rule_files: [r.yml]
        tests:
          - input_series:
              - series: 'up{job="a"}'
                values: '1 1'
              - series: 'up{job="b"}'
                values: '1 1'
            promql_expr_test:
              - expr: r
                eval_time: 1m
                exp_samples: []
        """);
    Run r = run(test.toString());
    assertThat(r.code).isEqualTo(1);
    assertThat(r.err).isEqualTo("  FAILED:\n    rule: r, time: 0s, err: vector contains metrics"
        + " with the same labelset after applying rule labels\n");
  }
}
