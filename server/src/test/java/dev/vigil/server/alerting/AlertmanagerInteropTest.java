package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.testing.ExternalTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's peers against the in-process server: {@code amtool} manages silences, and
 * {@code prometheus} delivers an alert from a {@code vector(1)} rule. Skipped when they are not
 * installed, failed under CI=true.
 */
class AlertmanagerInteropTest {
  static final String YAML = """
      route:
        receiver: team
        group_wait: 1s
        group_interval: 1s
      receivers:
        - name: team
          webhook_configs:
            - url: http://team.example/hook
      """;

  @TempDir
  Path dir;

  AlertmanagerServer start(RecordingFactory factory) throws Exception {
    Path cfg = dir.resolve("alertmanager.yml");
    Files.writeString(cfg, YAML);
    AlertmanagerServer s = new AlertmanagerServer(new AlertmanagerServer.Settings(cfg,
        dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0), "", Duration.ofHours(120),
        Duration.ofHours(120)), factory);
    s.start();
    return s;
  }

  static String run(Path dir, String... cmd) throws Exception {
    // stderr apart: amtool warns there that its version differs from the server's.
    Path err = Files.createTempFile(dir, "stderr", ".txt");
    Process p = new ProcessBuilder(cmd).directory(dir.toFile())
        .redirectError(err.toFile()).start();
    try {
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      if (!p.waitFor(30, TimeUnit.SECONDS)) {
        throw new AssertionError(String.join(" ", cmd) + " timed out");
      }
      assertThat(p.exitValue()).as("%s\n%s%s", String.join(" ", cmd), out,
          Files.readString(err)).isZero();
      return out.trim();
    } finally {
      p.destroyForcibly();
    }
  }

  @Test
  void amtoolAddsQueriesAndExpiresSilences() throws Exception {
    Path amtool = ExternalTools.require("amtool", "prometheus-alertmanager");
    try (AlertmanagerServer s = start(new RecordingFactory())) {
      String url = "--alertmanager.url=http://127.0.0.1:" + s.boundAddress().getPort();
      String id = run(dir, amtool.toString(), url, "silence", "add", "alertname=Foo",
          "env=~\"prod|dev\"", "--comment=maintenance", "--author=me", "--duration=1h");
      assertThat(id).matches("[0-9a-f-]{36}");
      assertThat(s.alertmanager().silences().get(id).createdBy()).isEqualTo("me");
      String query = run(dir, amtool.toString(), url, "silence", "query", "-o", "extended");
      assertThat(query).contains(id, "alertname=\"Foo\"", "env=~\"prod|dev\"", "maintenance");
      assertThat(run(dir, amtool.toString(), url, "silence", "query", "-q")).isEqualTo(id);
      run(dir, amtool.toString(), url, "silence", "expire", id);
      assertThat(run(dir, amtool.toString(), url, "silence", "query", "-q")).isEmpty();
      assertThat(run(dir, amtool.toString(), url, "silence", "query", "--expired", "-q"))
          .isEqualTo(id);
      assertThat(run(dir, amtool.toString(), url, "alert", "query")).contains("Alertname");
    }
  }

  @Test
  void prometheusDeliversAlertFromRule() throws Exception {
    Path prometheus = ExternalTools.require("prometheus", "prometheus");
    RecordingFactory factory = new RecordingFactory();
    try (AlertmanagerServer s = start(factory)) {
      Files.writeString(dir.resolve("rules.yml"), """
          groups:
            - name: g
              interval: 1s
              rules:
                - alert: AlwaysFiring
                  expr: vector(1)
                  labels:
                    severity: test
                  annotations:
                    summary: always
          """);
      Files.writeString(dir.resolve("prometheus.yml"), """
          global:
            evaluation_interval: 1s
          rule_files: [rules.yml]
          alerting:
            alertmanagers:
              - api_version: v2
                static_configs:
                  - targets: ['127.0.0.1:%d']
          """.formatted(s.boundAddress().getPort()));
      int port = freePort();
      List<String> cmd = new ArrayList<>(List.of(prometheus.toString(),
          "--config.file=" + dir.resolve("prometheus.yml"),
          "--storage.tsdb.path=" + dir.resolve("prom"),
          "--web.listen-address=127.0.0.1:" + port,
          // The first send can come before the Alertmanager was discovered; resend soon.
          "--rules.alert.resend-delay=1s"));
      Process p = new ProcessBuilder(cmd).directory(dir.toFile())
          .redirectErrorStream(true).redirectOutput(dir.resolve("prometheus.log").toFile())
          .start();
      try {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (factory.get("team").sent().isEmpty() && System.nanoTime() < deadline) {
          Thread.sleep(200);
        }
        assertThat(factory.get("team").summary())
            .as("prometheus log:\n%s", Files.readString(dir.resolve("prometheus.log")))
            .isNotEmpty().first().isEqualTo("firing: AlwaysFiring/firing");
        NotificationData d = factory.get("team").sent().get(0);
        assertThat(d.alerts().get(0).labels().get("severity")).isEqualTo("test");
        assertThat(d.alerts().get(0).annotations().get("summary")).isEqualTo("always");
        assertThat(d.alerts().get(0).generatorUrl()).contains("/graph?g0.expr=");
        HttpResponse<String> alerts = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + s.boundAddress().getPort() + "/api/v2/alerts"))
            .build(), HttpResponse.BodyHandlers.ofString());
        assertThat(alerts.body()).contains("\"alertname\":\"AlwaysFiring\"",
            "\"state\":\"active\"");
      } finally {
        p.destroy();
        if (!p.waitFor(10, TimeUnit.SECONDS)) {
          p.destroyForcibly();
        }
      }
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
