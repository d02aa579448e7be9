package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.parser.ParseException;
import dev.vigil.server.promql.parser.PromQL;
import dev.vigil.server.rules.QueryFunction;
import dev.vigil.server.rules.RuleGroup;
import dev.vigil.server.rules.RuleManager;
import dev.vigil.server.rules.RuleOptions;
import dev.vigil.server.rules.TemplateFactory;
import dev.vigil.server.testing.ExternalTools;
import dev.vigil.server.tsdb.Head;
import dev.vigil.server.web.WebServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Loads one rule file into Debian's Prometheus 2.42 and into Vigil, lets both evaluate, and
 * compares {@code /api/v1/rules} and {@code /api/v1/alerts}: the same fields in the same order,
 * the same values, except measured durations and times (compared by type only).
 */
@Timeout(120)
class PrometheusRulesApiInteropTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  /** Fields whose values are measurements or clock readings. */
  private static final Set<String> VOLATILE = Set.of("evaluationTime", "lastEvaluation",
      "activeAt");
  private static final String RULES = """
      groups:
      - name: alerts
        rules:
        - alert: Waiting
          expr: vector(1) > 0
          for: 10m
          labels:
            severity: ticket
          annotations:
            summary: 'value {{ $value }}'
        - alert: Firing
          expr: label_replace(vector(2.5), "job", "api", "", "")
          keep_firing_for: 5m
          labels:
            severity: page
          annotations:
            summary: '{{ $labels.job }} is at {{ $value | humanize }}'
      - name: records
        interval: 2s
        limit: 10
        rules:
        - record: job:three
          expr: vector(3)
          labels:
            team: infra
        - record: plain
          expr: vector(4)
        - record: clash
          expr: label_replace(vector(1), "x", "1", "", "") or label_replace(vector(1), "x", "2", "", "")
          labels:
            x: same
      """;

  private final HttpClient http = HttpClient.newHttpClient();

  @Test
  void rulesAndAlertsHaveTheSameShapeAndValues(@TempDir Path dir) throws Exception {
    Path bin = ExternalTools.require("prometheus", "prometheus");
    Path rules = dir.resolve("rules.yml");
    Files.writeString(rules, RULES);
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  evaluation_interval: 1s\nrule_files:\n  - "
        + rules + "\n");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Process prometheus = new ProcessBuilder(bin.toString(), "--config.file=" + config,
        "--storage.tsdb.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile()).start();
    RuleManager manager = null;
    WebServer web = null;
    try {
      String theirs = "http://127.0.0.1:" + port;
      JsonNode theirRules = awaitEvaluated(theirs, prometheus, dir.resolve("prometheus.log"));
      JsonNode theirAlerts = get(theirs + "/api/v1/alerts");

      Head head = new Head();
      QueryFunction q = QueryFunction.of(new Engine(head));
      manager = new RuleManager(RuleOptions.DEFAULTS, q, head, null, a -> { },
          TemplateFactory.PROMETHEUS.create(q, ""), null, Clock.systemUTC());
      manager.update(List.of(rules.toString()), Duration.ofSeconds(1), Duration.ZERO,
          Labels.EMPTY);
      for (RuleGroup g : manager.groups()) {
        g.evaluate(System.currentTimeMillis());
      }
      RulesApi api = new RulesApi(manager, s -> {
        try {
          return PromQL.parseSeriesSelector(s);
        } catch (ParseException e) {
          throw new IllegalArgumentException(e.getMessage(), e);
        }
      });
      web = WebServer.builder(new InetSocketAddress("127.0.0.1", 0))
          .get("/api/v1/rules", ApiJson.handler(api::rules))
          .get("/api/v1/alerts", ApiJson.handler(api::alerts)).build();
      web.start();
      String ours = "http://127.0.0.1:" + web.boundAddress().getPort();
      assertThat(normalize(get(ours + "/api/v1/rules")).toPrettyString())
          .isEqualTo(normalize(theirRules).toPrettyString());
      assertThat(normalize(get(ours + "/api/v1/alerts")).toPrettyString())
          .isEqualTo(normalize(theirAlerts).toPrettyString());
      // 2.42 keeps a group whose rules the filter removed (with "rules": []); the spec, like
      // 3.x, leaves such a group out. Compare the rest.
      JsonNode theirRecords = normalize(get(theirs + "/api/v1/rules?type=record"));
      ((com.fasterxml.jackson.databind.node.ArrayNode) theirRecords.path("data").path("groups"))
          .removeIf(g -> g.path("rules").isEmpty());
      assertThat(normalize(get(ours + "/api/v1/rules?type=record")).toPrettyString())
          .isEqualTo(theirRecords.toPrettyString());
    } finally {
      prometheus.destroy();
      if (!prometheus.waitFor(20, TimeUnit.SECONDS)) {
        prometheus.destroyForcibly();
      }
      if (web != null) {
        web.close();
      }
      if (manager != null) {
        manager.stop();
      }
    }
  }

  private JsonNode get(String url) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(url + ": " + r.body()).isEqualTo(200);
    return JSON.readTree(r.body());
  }

  /** Waits until every rule of Prometheus has been evaluated; returns /api/v1/rules. */
  private JsonNode awaitEvaluated(String base, Process p, Path log) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("prometheus exited: " + Files.readString(log));
      }
      try {
        JsonNode rules = get(base + "/api/v1/rules");
        boolean all = rules.path("data").path("groups").size() == 2;
        for (JsonNode g : rules.path("data").path("groups")) {
          for (JsonNode r : g.path("rules")) {
            all &= !r.path("health").asText().equals("unknown");
          }
        }
        if (all) {
          return rules;
        }
      } catch (IOException | AssertionError e) {
        // Not up yet.
      }
      Thread.sleep(200);
    }
    throw new AssertionError("prometheus did not evaluate the rules: " + Files.readString(log));
  }

  /** The tree with volatile values replaced by their JSON type. */
  static JsonNode normalize(JsonNode n) {
    if (n.isObject()) {
      ObjectNode out = JsonNodeFactory.instance.objectNode();
      for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
        Map.Entry<String, JsonNode> e = it.next();
        out.set(e.getKey(), VOLATILE.contains(e.getKey())
            ? JsonNodeFactory.instance.textNode("<" + e.getValue().getNodeType() + ">")
            : normalize(e.getValue()));
      }
      return out;
    }
    if (n.isArray()) {
      var out = JsonNodeFactory.instance.arrayNode();
      n.forEach(x -> out.add(normalize(x)));
      return out;
    }
    return n;
  }
}
