package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.promql.value.Sample;
import dev.vigil.server.rules.QueryFunction;
import dev.vigil.server.rules.RuleGroup;
import dev.vigil.server.rules.RuleManager;
import dev.vigil.server.rules.RuleOptions;
import dev.vigil.server.rules.TemplateExpander;
import dev.vigil.server.tsdb.Head;
import dev.vigil.server.web.WebServer;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The rules and alerts endpoints over a real web server; bodies compared as whole strings. */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class RulesApiTest {
  private static final long T0 = 1_700_000_000_000L;
  private final HttpClient http = HttpClient.newHttpClient();
  private RuleManager manager;
  private WebServer web;
  private String file;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path rules = dir.resolve("rules.yml");
    file = rules.toString();
    Files.writeString(rules, """
        groups:
        - name: example
          interval: 30s
          rules:
          - alert: HighLatency
            expr: latency > 0.5
            for: 10m
            keep_firing_for: 1m
            labels:
              severity: page
            annotations:
              summary: High request latency
          - record: job:up:sum
            expr: sum by (job) (up)
            labels:
              team: infra
        - name: second
          rules:
          - record: broken
            expr: up
        - name: third
          rules: []
        """);
    QueryFunction q = (expr, t) -> switch (expr) {
      case "latency > 0.5" -> List.of(new Sample(Labels.of("__name__", "latency", "job", "api"),
          t, 0.75));
      case "up" -> throw new IllegalStateException("query timed out in query execution");
      default -> List.of();
    };
    manager = new RuleManager(RuleOptions.DEFAULTS, q, new Head(), null, a -> { },
        TemplateExpander.VERBATIM, null, Clock.systemUTC());
    manager.update(List.of(file), Duration.ofMinutes(1), Duration.ZERO, Labels.EMPTY);
    RuleGroup example = manager.groups().get(0);
    example.evaluate(T0);
    example.evaluate(T0 + 30_500);
    manager.groups().get(1).evaluate(T0 + 1_000);
    RulesApi api = new RulesApi(manager, s -> {
      try {
        return PromQL.parseSeriesSelector(s);
      } catch (ParseException e) {
        throw new IllegalArgumentException(e.getMessage(), e);
      }
    });
    web = WebServer.builder(new InetSocketAddress("127.0.0.1", 0))
        .get("/api/v1/rules", ApiJson.handler(api::rules))
        .get("/api/v1/alerts", ApiJson.handler(api::alerts))
        .build();
    web.start();
  }

  @AfterAll
  void stop() {
    web.close();
    manager.stop();
  }

  private String get(String pathAndQuery, int status) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + web.boundAddress().getPort() + pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    // Evaluation durations are real measurements: the only part not fixed by the test.
    return r.body().replaceAll("\"evaluationTime\":[0-9.e+-]+", "\"evaluationTime\":0");
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private String alertingRule(String alerts) {
    return "{\"state\":\"pending\",\"name\":\"HighLatency\",\"query\":\"latency > 0.5\","
        + "\"duration\":600,\"keepFiringFor\":60,\"labels\":{\"severity\":\"page\"},"
        + "\"annotations\":{\"summary\":\"High request latency\"},\"alerts\":" + alerts + ","
        + "\"health\":\"ok\",\"evaluationTime\":0,\"lastEvaluation\":\"2023-11-14T22:13:50.5Z\","
        + "\"type\":\"alerting\"}";
  }

  private static final String ALERT = "{\"labels\":{\"alertname\":\"HighLatency\",\"job\":\"api\","
      + "\"severity\":\"page\"},\"annotations\":{\"summary\":\"High request latency\"},"
      + "\"state\":\"pending\",\"activeAt\":\"2023-11-14T22:13:20Z\",\"value\":\"7.5e-01\"}";

  private String recordingRule() {
    return "{\"name\":\"job:up:sum\",\"query\":\"sum by (job) (up)\",\"labels\":{\"team\":"
        + "\"infra\"},\"health\":\"ok\",\"evaluationTime\":0,"
        + "\"lastEvaluation\":\"2023-11-14T22:13:50.5Z\",\"type\":\"recording\"}";
  }

  private String example(String rules) {
    return "{\"name\":\"example\",\"file\":\"" + file + "\",\"rules\":[" + rules + "],"
        + "\"interval\":30,\"limit\":0,\"evaluationTime\":0,"
        + "\"lastEvaluation\":\"2023-11-14T22:13:50.5Z\"}";
  }

  private String second() {
    return "{\"name\":\"second\",\"file\":\"" + file + "\",\"rules\":[{\"name\":\"broken\","
        + "\"query\":\"up\",\"health\":\"err\",\"lastError\":\"query timed out in query "
        + "execution\",\"evaluationTime\":0,\"lastEvaluation\":\"2023-11-14T22:13:21Z\","
        + "\"type\":\"recording\"}],\"interval\":60,\"limit\":0,\"evaluationTime\":0,"
        + "\"lastEvaluation\":\"2023-11-14T22:13:21Z\"}";
  }

  private String third() {
    return "{\"name\":\"third\",\"file\":\"" + file + "\",\"rules\":[],\"interval\":60,"
        + "\"limit\":0,\"evaluationTime\":0,\"lastEvaluation\":\"0001-01-01T00:00:00Z\"}";
  }

  private static String ok(String data) {
    return "{\"status\":\"success\",\"data\":" + data + "}";
  }

  @Test
  void allRules() throws Exception {
    assertThat(get("/api/v1/rules", 200)).isEqualTo(ok("{\"groups\":[" + example(
        alertingRule("[" + ALERT + "]") + "," + recordingRule()) + "," + second() + ","
        + third() + "]}"));
  }

  @Test
  void filters() throws Exception {
    assertThat(get("/api/v1/rules?type=alert&exclude_alerts=true", 200)).isEqualTo(ok(
        "{\"groups\":[" + example(alertingRule("null")) + "]}"));
    assertThat(get("/api/v1/rules?type=record&rule_group[]=second", 200)).isEqualTo(ok(
        "{\"groups\":[" + second() + "]}"));
    assertThat(get("/api/v1/rules?rule_name[]=job:up:sum&file[]=" + q(file), 200)).isEqualTo(
        ok("{\"groups\":[" + example(recordingRule()) + "]}"));
    assertThat(get("/api/v1/rules?match[]=" + q("{severity=\"page\"}"), 200)).isEqualTo(ok(
        "{\"groups\":[" + example(alertingRule("[" + ALERT + "]")) + "]}"));
    assertThat(get("/api/v1/rules?file[]=other.yml", 200)).isEqualTo(ok("{\"groups\":[]}"));
  }

  @Test
  void pagination() throws Exception {
    String first = get("/api/v1/rules?group_limit=2&exclude_alerts=1", 200);
    String token = first.replaceAll(".*\"groupNextToken\":\"([0-9a-f]+)\".*", "$1");
    assertThat(token).hasSize(40);
    assertThat(first).isEqualTo(ok("{\"groups\":[" + example(alertingRule("null") + ","
        + recordingRule()) + "," + second() + "],\"groupNextToken\":\"" + token + "\"}"));
    assertThat(get("/api/v1/rules?group_limit=2&group_next_token=" + token, 200))
        .isEqualTo(ok("{\"groups\":[" + third() + "]}"));
  }

  @Test
  void badParameters() throws Exception {
    assertThat(get("/api/v1/rules?type=x", 400)).isEqualTo("{\"status\":\"error\","
        + "\"errorType\":\"bad_data\",\"error\":\"invalid parameter \\\"type\\\": not supported"
        + " value \\\"x\\\"\"}");
    assertThat(get("/api/v1/rules?group_limit=0", 400)).contains(
        "group_limit needs to be greater than 0");
    assertThat(get("/api/v1/rules?group_next_token=abc", 400)).contains(
        "group_limit needs to be present in order to paginate over the groups");
    assertThat(get("/api/v1/rules?group_limit=1&group_next_token=abc", 400)).contains(
        "invalid parameter \\\"group_next_token\\\"");
    assertThat(get("/api/v1/rules?exclude_alerts=maybe", 400)).contains(
        "strconv.ParseBool: parsing \\\"maybe\\\": invalid syntax");
  }

  @Test
  void alerts() throws Exception {
    assertThat(get("/api/v1/alerts", 200)).isEqualTo(ok("{\"alerts\":[" + ALERT + "]}"));
  }

  @Test
  void goNumberFormats() {
    assertThat(RulesApi.goExponent(1)).isEqualTo("1e+00");
    assertThat(RulesApi.goExponent(123.456)).isEqualTo("1.23456e+02");
    assertThat(RulesApi.goExponent(-1e-10)).isEqualTo("-1e-10");
    assertThat(RulesApi.goExponent(1e100)).isEqualTo("1e+100");
    assertThat(RulesApi.goExponent(Double.NaN)).isEqualTo("NaN");
    assertThat(RulesApi.goFloat(0.000123)).isEqualTo("0.000123");
    assertThat(RulesApi.goFloat(1.5e-7)).isEqualTo("1.5e-7");
    assertThat(RulesApi.goFloat(600)).isEqualTo("600");
  }
}
