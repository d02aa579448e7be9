package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The standalone server: management endpoints, metrics, reload keeping the old config. */
class AlertmanagerServerTest {
  static final String YAML = """
      route:
        receiver: team
        group_wait: 1s
      receivers:
        - name: team
          webhook_configs:
            - url: http://team.example/hook
      """;

  @TempDir
  Path dir;
  final HttpClient http = HttpClient.newHttpClient();

  HttpResponse<String> call(String method, String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url))
        .method(method, HttpRequest.BodyPublishers.noBody()).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void servesManagementMetricsAndReloads() throws Exception {
    Path cfg = dir.resolve("alertmanager.yml");
    Files.writeString(cfg, YAML);
    RecordingFactory factory = new RecordingFactory();
    try (AlertmanagerServer s = new AlertmanagerServer(new AlertmanagerServer.Settings(cfg,
        dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0), "", Duration.ofHours(120),
        Duration.ofHours(120)), factory)) {
      s.start();
      String base = "http://127.0.0.1:" + s.boundAddress().getPort();
      assertThat(call("GET", base + "/-/healthy").statusCode()).isEqualTo(200);
      assertThat(call("GET", base + "/-/ready").statusCode()).isEqualTo(200);

      HttpResponse<String> post = http.send(HttpRequest.newBuilder(
          URI.create(base + "/api/v2/alerts")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString("[{\"labels\":{\"alertname\":\"X\"}}]"))
          .build(), HttpResponse.BodyHandlers.ofString());
      assertThat(post.statusCode()).isEqualTo(200);
      // Real time: group_wait is 1 s.
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (factory.get("team").sent().isEmpty() && System.nanoTime() < deadline) {
        Thread.sleep(50);
      }
      assertThat(factory.get("team").summary()).containsExactly("firing: X/firing");
      assertThat(factory.get("team").sent().get(0).externalUrl()).startsWith("http://");

      String metrics = call("GET", base + "/metrics").body();
      assertThat(metrics).contains("alertmanager_alerts{state=\"active\"} 1",
          "alertmanager_alerts_received_total{status=\"firing\",version=\"v2\"} 1",
          "alertmanager_notifications_total{integration=\"webhook\"} 1",
          "alertmanager_notification_requests_total{integration=\"webhook\"} 1",
          "alertmanager_dispatcher_aggregation_groups 1",
          "alertmanager_config_last_reload_successful 1",
          "alertmanager_silences{state=\"active\"} 0",
          "alertmanager_notification_latency_seconds_bucket");

      Files.writeString(cfg, "route: {receiver: nobody}\nreceivers: []\n");
      HttpResponse<String> bad = call("POST", base + "/-/reload");
      assertThat(bad.statusCode()).isEqualTo(500);
      assertThat(call("GET", base + "/metrics").body())
          .contains("alertmanager_config_last_reload_successful 0");
      assertThat(call("GET", base + "/api/v2/receivers").body()).isEqualTo("[{\"name\":\"team\"}]");

      Files.writeString(cfg, YAML.replace("team", "ops"));
      assertThat(call("POST", base + "/-/reload").statusCode()).isEqualTo(200);
      assertThat(call("GET", base + "/api/v2/receivers").body()).isEqualTo("[{\"name\":\"ops\"}]");
      assertThat(call("GET", base + "/metrics").body())
          .contains("alertmanager_config_last_reload_successful 1");
    }
    assertThat(dir.resolve("data/nflog")).exists();
  }
}
