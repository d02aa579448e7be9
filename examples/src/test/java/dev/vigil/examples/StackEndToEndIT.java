package dev.vigil.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.VigilServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The whole chain, as a user's first ten minutes go: the uninstrumented shop runs with the Java
 * agent; the server scrapes the agent's endpoint; the data answers through the HTTP API; an
 * alert rule on the shop's errors fires; the embedded alert handling notifies a webhook; a
 * silence made through the API holds back the next notification; and once the shop recovers,
 * the resolved notification arrives.
 */
@Timeout(240)
class StackEndToEndIT {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final List<JsonNode> notifications = new CopyOnWriteArrayList<>();
  @TempDir Path dir;

  @Test
  void agentToServerToAlertToWebhookWithSilenceAndResolve() throws Exception {
    if (System.getProperty("vigil.agent.jar") == null) {
      org.junit.jupiter.api.Assumptions.abort(
          "the end-to-end test needs the packaged jars: it runs in the integration-test phase");
    }
    Path agent = Path.of(System.getProperty("vigil.agent.jar"));
    Path plain = Path.of(System.getProperty("vigil.plain.jar"));
    if (!Files.isRegularFile(agent) || !Files.isRegularFile(plain)) {
      fail("run in the integration-test phase, after javaagent and examples are packaged: "
          + agent + ", " + plain);
    }
    HttpServer webhook = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    webhook.createContext("/", ex -> {
      try (InputStream in = ex.getRequestBody()) {
        notifications.add(JSON.readTree(in.readAllBytes()));
      }
      ex.sendResponseHeaders(200, -1);
      ex.close();
    });
    webhook.start();
    int shopPort = freePort();
    int agentPort = freePort();
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    Process shop = new ProcessBuilder(java, "-Xmx128m",
        "-javaagent:" + agent + "=port=" + agentPort + ",host=127.0.0.1",
        "-jar", plain.toString(), "--port", Integer.toString(shopPort), "--no-load")
        .redirectErrorStream(true).redirectOutput(dir.resolve("shop.log").toFile()).start();
    AtomicBoolean failing = new AtomicBoolean(true);
    AtomicBoolean running = new AtomicBoolean(true);
    Thread traffic = new Thread(() -> drive(shopPort, failing, running), "traffic");
    try {
      Path rules = dir.resolve("rules.yml");
      Files.writeString(rules, """
          groups:
            - name: shop
              interval: 1s
              rules:
                - alert: ShopErrors
                  expr: sum(rate(http_server_request_duration_seconds_count{http_response_status_code=~"5.."}[5s])) > 0
                  labels:
                    severity: page
                  annotations:
                    summary: the shop answers with errors
          """);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, """
          global:
            scrape_interval: 1s
            scrape_timeout: 1s
            evaluation_interval: 1s
          rule_files: [%s]
          scrape_configs:
            - job_name: shop
              static_configs:
                - targets: ['127.0.0.1:%d']
          """.formatted(rules, agentPort));
      Path am = dir.resolve("alertmanager.yml");
      Files.writeString(am, """
          route:
            receiver: hook
            group_by: [alertname]
            group_wait: 1s
            group_interval: 2s
            repeat_interval: 3s
          receivers:
            - name: hook
              webhook_configs:
                - url: http://127.0.0.1:%d/
                  send_resolved: true
          """.formatted(webhook.getAddress().getPort()));
      try (VigilServer server = new VigilServer(config, dir.resolve("data"),
          new InetSocketAddress("127.0.0.1", 0), false)) {
        server.alertmanager(true, am);
        server.start();
        String base = "http://127.0.0.1:" + server.address().getPort();
        traffic.start();

        // The agent's request metrics, through the server's query API.
        await(120, "the shop's failing requests in the server", () -> query(base,
            "http_server_request_duration_seconds_count{job=\"shop\",http_route=\"/api/fail\","
                + "http_response_status_code=\"500\"}").size() > 0);

        await(60, "a firing notification", () -> count("firing") > 0);
        JsonNode firing = notifications.stream()
            .filter(n -> n.path("status").asText().equals("firing")).findFirst().orElseThrow();
        assertThat(firing.path("alerts").get(0).path("labels").path("alertname").asText())
            .isEqualTo("ShopErrors");

        // Silenced: with a 3 s repeat interval another would come within a few seconds.
        String silence = silence(base);
        Thread.sleep(2_500); // a notification already on its way may still land
        int before = count("firing");
        Thread.sleep(8_000);
        assertThat(count("firing")).as("firing notifications while silenced").isEqualTo(before);

        // The silence ends and the shop recovers: the resolved notification arrives.
        expire(base, silence);
        failing.set(false);
        await(90, "a resolved notification", () -> count("resolved") > 0);
      }
    } finally {
      running.set(false);
      shop.destroy();
      shop.waitFor(10, TimeUnit.SECONDS);
      webhook.stop(0);
    }
  }

  private int count(String status) {
    return (int) notifications.stream()
        .filter(n -> n.path("status").asText().equals(status)).count();
  }

  /** Requests to the shop every 50 ms: the always-failing path while failing, then good ones. */
  private void drive(int port, AtomicBoolean failing, AtomicBoolean running) {
    while (running.get()) {
      String path = failing.get() ? "/api/fail" : "/";
      try {
        http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.discarding());
      } catch (IOException e) {
        // still starting
      } catch (InterruptedException e) {
        return;
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        return;
      }
    }
  }

  private JsonNode query(String base, String promql) {
    try {
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
          + "/api/v1/query?query=" + URLEncoder.encode(promql, StandardCharsets.UTF_8))).build(),
          HttpResponse.BodyHandlers.ofString());
      return JSON.readTree(r.body()).path("data").path("result");
    } catch (IOException | InterruptedException e) {
      throw new IllegalStateException(e);
    }
  }

  private String silence(String base) throws Exception {
    String body = """
        {"matchers": [{"name": "alertname", "value": "ShopErrors", "isRegex": false}],
         "startsAt": "%s", "endsAt": "%s", "createdBy": "e2e", "comment": "on it"}
        """.formatted(Instant.now().minusSeconds(1), Instant.now().plusSeconds(3600));
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base + "/api/v2/silences"))
        .header("Content-Type", "application/json")
        .POST(HttpRequest.BodyPublishers.ofString(body)).build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return JSON.readTree(r.body()).path("silenceID").asText();
  }

  private void expire(String base, String id) throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(base
        + "/api/v2/silence/" + id)).DELETE().build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
  }

  private static void await(int seconds, String what, BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (!condition.getAsBoolean()) {
      if (System.nanoTime() > deadline) {
        fail("no " + what + " within " + seconds + " s");
      }
      Thread.sleep(200);
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
