package dev.vigil.server.alerting.receivers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.server.alerting.NotificationData;
import dev.vigil.server.alerting.NotificationData.AlertData;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Alertmanager 0.25 notifies a webhook and a Slack endpoint (both WireMock) and an
 * SMTP server (GreenMail) for the same group; Vigil's encoders, given the data Alertmanager's
 * webhook message carries, must produce the same JSON and email headers Alertmanager sent.
 */
class AlertmanagerPayloadInteropTest {
  @RegisterExtension
  static WireMockExtension sink = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @RegisterExtension
  static com.icegreen.greenmail.junit5.GreenMailExtension smtp =
      new com.icegreen.greenmail.junit5.GreenMailExtension(
          com.icegreen.greenmail.util.ServerSetup.SMTP.dynamicPort());

  private final HttpClient http = HttpClient.newHttpClient();
  private final ObjectMapper json = new ObjectMapper();

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

  @Test
  void vigilEncodesWhatAlertmanagerSends(@TempDir Path dir) throws Exception {
    Path bin = alertmanagerBinary();
    sink.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    sink.stubFor(post("/slack").willReturn(aResponse().withStatus(200).withBody("ok")));
    String base = "http://127.0.0.1:" + sink.getPort();
    Files.writeString(dir.resolve("am.yml"), """
        global:
          slack_api_url: BASE/slack
        route:
          receiver: team-db
          group_by: [alertname]
          group_wait: 1s
        receivers:
        - name: team-db
          webhook_configs: [{url: 'BASE/hook'}]
          slack_configs: [{channel: '#db'}]
          email_configs: [{to: 'oncall@example.org', from: 'am@example.org',
            smarthost: '127.0.0.1:SMTP', require_tls: false}]
        """.replace("BASE", base).replace("SMTP", String.valueOf(smtp.getSmtp().getPort())));
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String am = "http://127.0.0.1:" + port;
    Process p = new ProcessBuilder(bin.toString(), "--config.file=" + dir.resolve("am.yml"),
        "--storage.path=" + dir.resolve("data"), "--web.listen-address=127.0.0.1:" + port,
        "--web.external-url=http://am.example:9093", "--cluster.listen-address=")
        .redirectErrorStream(true).redirectOutput(dir.resolve("am.log").toFile()).start();
    try {
      awaitReady(am, p, dir);
      long now = System.currentTimeMillis();
      String alerts = """
          [{"labels":{"alertname":"DiskFull","instance":"db1:9100","severity":"page"},
            "annotations":{"summary":"disk full on db1","runbook":"http://wiki/disk"},
            "startsAt":"START1","endsAt":"END","generatorURL":"http://vigil:9090/graph"},
           {"labels":{"alertname":"DiskFull","instance":"db2:9100","severity":"page"},
            "annotations":{"summary":"disk full on db2"},
            "startsAt":"START2","endsAt":"END","generatorURL":"http://vigil:9090/graph"}]"""
          .replace("START1", Instant.ofEpochMilli(now - 60_123).toString())
          .replace("START2", Instant.ofEpochMilli(now - 30_000).toString())
          .replace("END", Instant.ofEpochMilli(now + 3_600_000).toString());
      HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(am
          + "/api/v2/alerts")).header("Content-Type", "application/json")
          .POST(HttpRequest.BodyPublishers.ofString(alerts)).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
      long deadline = System.currentTimeMillis() + 20_000;
      while (sink.findAll(postRequestedFor(urlEqualTo("/hook"))).isEmpty()
          || sink.findAll(postRequestedFor(urlEqualTo("/slack"))).isEmpty()) {
        assertThat(System.currentTimeMillis()).as("notifications within 20s").isLessThan(deadline);
        Thread.sleep(100);
      }
      String hook = sink.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getBodyAsString();
      NotificationData data = fromWebhook(json.readTree(hook));
      // Same bytes, not only the same JSON: field order too (Alertmanager ends with a newline).
      assertThat(new String(WebhookPayload.encode(data, 0))).isEqualTo(hook.strip());
      String slack = sink.findAll(postRequestedFor(urlEqualTo("/slack"))).get(0)
          .getBodyAsString();
      compareSlack(data, slack);
      assertThat(smtp.waitForIncomingEmail(20_000, 1)).isTrue();
      jakarta.mail.internet.MimeMessage mail = smtp.getReceivedMessages()[0];
      Samples.Created c = Samples.create("email", "entry: {to: 'oncall@example.org', from: "
          + "'am@example.org', smarthost: 'h:25'}\n");
      MailSender.Mail ours = ((EmailIntegration) c.integration()).render(data);
      assertThat(ours.headers().get("Subject")).isEqualTo(mail.getSubject());
      assertThat(ours.headers().get("To")).isEqualTo(mail.getHeader("To")[0]);
      assertThat(ours.headers().get("From")).isEqualTo(mail.getHeader("From")[0]);
    } finally {
      p.destroyForcibly();
      p.waitFor(10, TimeUnit.SECONDS);
    }
  }

  /** Vigil's default Slack message for the same data, byte for byte. */
  private void compareSlack(NotificationData data, String alertmanagersBody) throws Exception {
    Samples.Created c = Samples.create("slack",
        "entry: {api_url: 'http://unused/', channel: '#db'}\n");
    assertThat(c.problems()).isEmpty();
    SlackMessage ours = ((SlackIntegration) c.integration()).render(data);
    assertThat(new String(ours.encode())).isEqualTo(alertmanagersBody.strip());
  }

  /** The notification Alertmanager's webhook message describes. */
  static NotificationData fromWebhook(JsonNode m) {
    List<AlertData> alerts = new ArrayList<>();
    for (JsonNode a : m.get("alerts")) {
      alerts.add(new AlertData(a.get("status").asText().equals("resolved"),
          labels(a.get("labels")), labels(a.get("annotations")), millis(a.get("startsAt")),
          millis(a.get("endsAt")), a.get("generatorURL").asText(),
          a.get("fingerprint").asText()));
    }
    return new NotificationData(m.get("receiver").asText(), m.get("groupKey").asText(),
        labels(m.get("groupLabels")), alerts, labels(m.get("commonLabels")),
        labels(m.get("commonAnnotations")), m.get("externalURL").asText(),
        m.get("truncatedAlerts").asInt());
  }

  private static Labels labels(JsonNode o) {
    Labels.Builder b = new Labels.Builder();
    o.fields().forEachRemaining(e -> b.set(e.getKey(), e.getValue().asText()));
    return b.build();
  }

  private static long millis(JsonNode t) {
    String s = t.asText();
    return s.startsWith("0001-") ? 0 : Instant.parse(s).toEpochMilli();
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
}
