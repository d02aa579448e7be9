package dev.vigil.server.notify;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.Config;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

class AlertmanagerSenderTest {
  @RegisterExtension
  static WireMockExtension am = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  private AlertmanagerSender sender;
  private final Registry registry = new Registry();
  private final ObjectMapper json = new ObjectMapper();

  @AfterEach
  void close() {
    if (sender != null) {
      sender.close();
    }
  }

  private AlertmanagerSender start(String yaml, int capacity, int batch) throws Exception {
    Config c = ConfigLoader.parse(yaml.replace("PORT", String.valueOf(am.getPort())), "p.yml");
    sender = new AlertmanagerSender(registry, capacity, batch, System::nanoTime);
    sender.applyConfig(c);
    return sender;
  }

  static void await(BooleanSupplier cond) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 10_000;
    while (!cond.getAsBoolean()) {
      if (System.currentTimeMillis() > deadline) {
        throw new AssertionError("condition not met within 10s");
      }
      Thread.sleep(10);
    }
  }

  private List<LoggedRequest> posts(String path) {
    return am.findAll(postRequestedFor(urlEqualTo(path)));
  }

  @Test
  void postsApiV2JsonWithExternalLabelsAuthAndPathPrefix() throws Exception {
    am.stubFor(post("/am/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    start("""
        global:
          external_labels: {replica: a, severity: none}
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
            path_prefix: /am/
            basic_auth: {username: user, password: pass}
            http_headers:
              X-Team: {values: [ops]}
        """, 100, 256);
    assertThat(sender.activeAlertmanagers())
        .containsExactly("http://127.0.0.1:" + am.getPort() + "/am/api/v2/alerts");
    sender.send(List.of(new Alert(Labels.of("alertname", "Down", "severity", "page"),
        Labels.of("summary", "it is down"), 1_700_000_000_123L, 1_700_000_300_000L,
        "http://vigil:9090/graph?g0.expr=up")));
    await(() -> posts("/am/api/v2/alerts").size() == 1);
    LoggedRequest r = posts("/am/api/v2/alerts").get(0);
    assertThat(r.getHeader("Authorization")).isEqualTo("Basic dXNlcjpwYXNz");
    assertThat(r.getHeader("X-Team")).isEqualTo("ops");
    assertThat(r.getHeader("Content-Type")).startsWith("application/json");
    // External labels fill in what the alert lacks; the alert's own severity wins.
    am.verify(postRequestedFor(urlEqualTo("/am/api/v2/alerts")).withRequestBody(equalToJson("""
        [{"startsAt":"2023-11-14T22:13:20.123Z","endsAt":"2023-11-14T22:18:20.000Z",
          "labels":{"alertname":"Down","replica":"a","severity":"page"},
          "annotations":{"summary":"it is down"},
          "generatorURL":"http://vigil:9090/graph?g0.expr=up"}]""")));
    await(() -> sender.metrics.sent.labelValues(sender.activeAlertmanagers().get(0)).get() == 1);
    assertThat(sender.metrics.errors.labelValues(sender.activeAlertmanagers().get(0)).get())
        .isZero();
  }

  @Test
  void relabelsAlertsGloballyThenPerAlertmanagerSet() throws Exception {
    am.stubFor(post("/one/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    am.stubFor(post("/two/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    start("""
        global:
          external_labels: {replica: a}
        alerting:
          alert_relabel_configs:
          - {action: labeldrop, regex: replica}
          - {source_labels: [alertname], regex: Noise, action: drop}
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
            path_prefix: /one
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
            path_prefix: /two
            alert_relabel_configs:
            - {target_label: team, replacement: db}
            - {source_labels: [alertname], regex: Quiet, action: drop}
        """, 100, 256);
    sender.send(List.of(alert("Loud"), alert("Noise"), alert("Quiet")));
    await(() -> posts("/one/api/v2/alerts").size() == 1 && posts("/two/api/v2/alerts").size() == 1);
    assertThat(names(posts("/one/api/v2/alerts").get(0))).containsExactly(
        "{alertname=\"Loud\"}", "{alertname=\"Quiet\"}");
    assertThat(names(posts("/two/api/v2/alerts").get(0))).containsExactly(
        "{alertname=\"Loud\", team=\"db\"}");
  }

  @Test
  void sendsBatchesOfAtMostTheBatchSize() throws Exception {
    am.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    start("""
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
        """, 10_000, 256);
    List<Alert> many = new java.util.ArrayList<>();
    for (int i = 0; i < 600; i++) {
      many.add(alert("A" + i));
    }
    sender.send(many);
    await(() -> posts("/api/v2/alerts").size() == 3);
    List<Integer> sizes = posts("/api/v2/alerts").stream().map(r -> size(r)).sorted().toList();
    assertThat(sizes).containsExactly(88, 256, 256);
    assertThat(sender.queueLength()).isZero();
  }

  @Test
  void fullQueueDropsTheOldestAndCounts() throws Exception {
    // The overflow count is exact: one send call enqueues atomically, whatever the sender
    // thread is doing meanwhile.
    start("""
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
            timeout: 1s
        """, 10, 256);
    am.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(200)
        .withFixedDelay(300)));
    List<Alert> many = new java.util.ArrayList<>();
    for (int i = 0; i < 25; i++) {
      many.add(alert("A" + i));
    }
    sender.send(many);
    assertThat(sender.metrics.dropped.get()).isEqualTo(15);
    await(() -> posts("/api/v2/alerts").size() == 1);
    assertThat(size(posts("/api/v2/alerts").get(0))).isEqualTo(10);
    // The newest ten survived.
    assertThat(names(posts("/api/v2/alerts").get(0)).get(0)).isEqualTo("{alertname=\"A15\"}");
  }

  @Test
  void failedPostsAreCountedAsErrorsAndDropped() throws Exception {
    am.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(500)
        .withBody("storage broken")));
    start("""
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
        """, 100, 256);
    sender.send(List.of(alert("A"), alert("B")));
    String url = "http://127.0.0.1:" + am.getPort() + "/api/v2/alerts";
    await(() -> sender.metrics.dropped.get() == 2);
    assertThat(sender.metrics.errors.labelValues(url).get()).isEqualTo(2);
    assertThat(sender.metrics.sent.labelValues(url).get()).isEqualTo(2);
    // No retry: Prometheus logs and counts, and the rule engine resends on its next evaluation.
    Thread.sleep(200);
    assertThat(posts("/api/v2/alerts")).hasSize(1);
  }

  @Test
  void discoversAlertmanagersFromFilesAndRelabelsTargets(@TempDir Path dir) throws Exception {
    am.stubFor(post("/custom/path").willReturn(aResponse().withStatus(200)));
    Files.writeString(dir.resolve("ams.json"), "[{\"targets\":[\"127.0.0.1:" + am.getPort()
        + "\",\"10.0.0.9:9093\"],\"labels\":{\"dc\":\"x\"}}]");
    start("""
        alerting:
          alertmanagers:
          - file_sd_configs: [{files: ['DIR/*.json']}]
            relabel_configs:
            - {source_labels: [__address__], regex: '10\\..*', action: drop}
            - {target_label: __alerts_path__, replacement: /custom/path}
        """.replace("DIR", dir.toString()), 100, 256);
    await(() -> !sender.activeAlertmanagers().isEmpty());
    assertThat(sender.activeAlertmanagers())
        .containsExactly("http://127.0.0.1:" + am.getPort() + "/custom/path");
    assertThat(sender.droppedAlertmanagers()).containsExactly("http://10.0.0.9:9093/api/v2/alerts");
    sender.send(List.of(alert("A")));
    await(() -> posts("/custom/path").size() == 1);
    assertThat(new String(AlertmanagersHandler.body(sender.activeAlertmanagers(),
        sender.droppedAlertmanagers()))).isEqualTo("{\"status\":\"success\",\"data\":{"
        + "\"activeAlertmanagers\":[{\"url\":\"http://127.0.0.1:" + am.getPort()
        + "/custom/path\"}],\"droppedAlertmanagers\":[{\"url\":"
        + "\"http://10.0.0.9:9093/api/v2/alerts\"}]}}");
  }

  @Test
  void discoversAlertmanagersOverHttpSd() throws Exception {
    am.stubFor(com.github.tomakehurst.wiremock.client.WireMock.get("/sd").willReturn(aResponse()
        .withHeader("Content-Type", "application/json")
        .withBody("[{\"targets\":[\"127.0.0.1:" + am.getPort() + "\"],\"labels\":{}}]")));
    am.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    start("""
        alerting:
          alertmanagers:
          - http_sd_configs: [{url: 'http://127.0.0.1:PORT/sd'}]
        """, 100, 256);
    await(() -> !sender.activeAlertmanagers().isEmpty());
    sender.send(List.of(alert("A")));
    await(() -> posts("/api/v2/alerts").size() == 1);
  }

  @Test
  void servesTheAlertmanagerListOverHttp() throws Exception {
    start("""
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT', 'drop.me:9093']}]
            relabel_configs:
            - {source_labels: [__address__], regex: 'drop.*', action: drop}
        """, 100, 256);
    io.undertow.Undertow server = io.undertow.Undertow.builder()
        .addHttpListener(0, "127.0.0.1").setHandler(new AlertmanagersHandler(sender)).build();
    server.start();
    try {
      int port = ((java.net.InetSocketAddress) server.getListenerInfo().get(0).getAddress())
          .getPort();
      java.net.http.HttpResponse<String> r = java.net.http.HttpClient.newHttpClient().send(
          java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port
              + "/api/v1/alertmanagers")).build(),
          java.net.http.HttpResponse.BodyHandlers.ofString());
      assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
      assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":{"
          + "\"activeAlertmanagers\":[{\"url\":\"http://127.0.0.1:" + am.getPort()
          + "/api/v2/alerts\"}],\"droppedAlertmanagers\":[{\"url\":"
          + "\"http://drop.me:9093/api/v2/alerts\"}]}}");
    } finally {
      server.stop();
    }
  }

  @Test
  void reloadKeepsAnUnchangedSetAndReplacesAChangedOne() throws Exception {
    String yaml = """
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
            scheme: SCHEME
        """;
    start(yaml.replace("SCHEME", "http"), 100, 256);
    AlertmanagerSet first = sender.sets().get(0);
    sender.applyConfig(ConfigLoader.parse(yaml.replace("SCHEME", "http")
        .replace("PORT", String.valueOf(am.getPort())), "p.yml"));
    assertThat(sender.sets().get(0)).isSameAs(first);
    sender.applyConfig(ConfigLoader.parse(yaml.replace("SCHEME", "https")
        .replace("PORT", String.valueOf(am.getPort())), "p.yml"));
    assertThat(sender.activeAlertmanagers())
        .containsExactly("https://127.0.0.1:" + am.getPort() + "/api/v2/alerts");
    sender.applyConfig(ConfigLoader.parse("", "p.yml"));
    assertThat(sender.activeAlertmanagers()).isEmpty();
  }

  @Test
  void exposesPrometheusNotificationMetrics() throws Exception {
    am.stubFor(post("/api/v2/alerts").willReturn(aResponse().withStatus(200)));
    start("""
        alerting:
          alertmanagers:
          - static_configs: [{targets: ['127.0.0.1:PORT']}]
        """, 50, 256);
    String url = "http://127.0.0.1:" + am.getPort() + "/api/v2/alerts";
    sender.send(List.of(alert("A"), alert("B"), alert("C")));
    await(() -> sender.metrics.sent.labelValues(url).get() == 3);
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    new dev.vigil.client.exposition.PrometheusTextWriter().write(out, registry.scrape());
    String text = out.toString(java.nio.charset.StandardCharsets.UTF_8);
    assertThat(text).contains(
        "prometheus_notifications_sent_total{alertmanager=\"" + url + "\"} 3",
        "prometheus_notifications_queue_capacity 50",
        "prometheus_notifications_queue_length 0",
        "prometheus_notifications_alertmanagers_discovered 1",
        "prometheus_notifications_dropped_total 0",
        "prometheus_notifications_latency_seconds_count{alertmanager=\"" + url + "\"} 1",
        "# TYPE prometheus_notifications_latency_seconds summary");
  }

  static Alert alert(String name) {
    return new Alert(Labels.of("alertname", name), Labels.EMPTY, 1_000, 0, "");
  }

  private List<String> names(LoggedRequest r) {
    try {
      JsonNode arr = json.readTree(r.getBodyAsString());
      List<String> out = new java.util.ArrayList<>();
      for (JsonNode a : arr) {
        Labels.Builder b = new Labels.Builder();
        a.get("labels").fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
        out.add(b.build().toString());
      }
      return out;
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }

  private int size(LoggedRequest r) {
    try {
      return json.readTree(r.getBodyAsString()).size();
    } catch (java.io.IOException e) {
      throw new AssertionError(e);
    }
  }
}
