package dev.vigil.server.notify;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import dev.vigil.server.testing.ExternalTools;
import java.io.File;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Posts alerts to Debian's Alertmanager 0.25 and reads them back from its API. */
class AlertmanagerInteropTest {
  private final HttpClient http = HttpClient.newHttpClient();

  static Path alertmanagerBinary() {
    String path = System.getenv("PATH");
    if (path != null) {
      for (String dir : path.split(File.pathSeparator)) {
        Path p = Path.of(dir, "alertmanager");
        if (Files.isExecutable(p)) {
          return p;
        }
      }
    }
    return ExternalTools.require("prometheus-alertmanager", "prometheus-alertmanager");
  }

  static int freePort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void alertsPostedByTheSenderAppearInAlertmanager(@TempDir Path dir) throws Exception {
    Path bin = alertmanagerBinary();
    Files.writeString(dir.resolve("am.yml"), """
        route:
          receiver: blackhole
          group_by: [alertname]
        receivers:
        - name: blackhole
        """);
    int port = freePort();
    Process am = new ProcessBuilder(bin.toString(), "--config.file=" + dir.resolve("am.yml"),
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--cluster.listen-address=").redirectErrorStream(true)
        .redirectOutput(dir.resolve("am.log").toFile()).start();
    try (AlertmanagerSender sender = new AlertmanagerSender(new Registry(), 100)) {
      String base = "http://127.0.0.1:" + port;
      awaitReady(base, am, dir);
      sender.applyConfig(ConfigLoader.parse("""
          global:
            external_labels: {replica: r1}
          alerting:
            alertmanagers:
            - static_configs: [{targets: ['127.0.0.1:PORT']}]
          """.replace("PORT", String.valueOf(port)), "p.yml"));
      long now = System.currentTimeMillis();
      long startsAt = (now - 60_000) / 1000 * 1000 + 123; // millisecond precision survives
      sender.send(List.of(new Alert(Labels.of("alertname", "DiskFull", "instance", "db1:9100"),
          Labels.of("summary", "disk /var is full", "runbook", "http://wiki/disk"), startsAt,
          now + 3_600_000, "http://vigil:9090/graph?g0.expr=disk")));

      JsonNode alerts = null;
      long deadline = System.currentTimeMillis() + 15_000;
      while (System.currentTimeMillis() < deadline) {
        alerts = new ObjectMapper().readTree(get(base + "/api/v2/alerts"));
        if (alerts.size() > 0) {
          break;
        }
        Thread.sleep(100);
      }
      assertThat(alerts).hasSize(1);
      JsonNode a = alerts.get(0);
      assertThat(a.get("labels").toString()).isEqualTo(
          "{\"alertname\":\"DiskFull\",\"instance\":\"db1:9100\",\"replica\":\"r1\"}");
      assertThat(a.get("annotations").toString()).isEqualTo(
          "{\"runbook\":\"http://wiki/disk\",\"summary\":\"disk /var is full\"}");
      assertThat(a.get("startsAt").asText()).isEqualTo(AlertsJson.time(startsAt));
      assertThat(a.get("generatorURL").asText()).isEqualTo("http://vigil:9090/graph?g0.expr=disk");
      assertThat(a.get("status").get("state").asText()).isEqualTo("active");
    } finally {
      am.destroyForcibly();
      am.waitFor(10, TimeUnit.SECONDS);
    }
  }

  private void awaitReady(String base, Process am, Path dir) throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    while (System.currentTimeMillis() < deadline) {
      if (!am.isAlive()) {
        throw new AssertionError("alertmanager exited: " + Files.readString(dir.resolve("am.log")));
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(base + "/-/ready")).build(),
            HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return;
        }
      } catch (java.io.IOException e) {
        // not listening yet
      }
      Thread.sleep(100);
    }
    throw new AssertionError("alertmanager not ready: " + Files.readString(dir.resolve("am.log")));
  }

  private String get(String url) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString()).body();
  }
}
