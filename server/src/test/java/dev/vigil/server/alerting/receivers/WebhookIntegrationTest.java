package dev.vigil.server.alerting.receivers;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import dev.vigil.server.alerting.Integration;
import dev.vigil.server.alerting.NotifyException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class WebhookIntegrationTest {
  @RegisterExtension
  static WireMockExtension hook = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  static final String GOLDEN = """
      {"receiver":"team-db","status":"firing","alerts":[
        {"status":"firing",
         "labels":{"alertname":"DiskFull","instance":"db1:9100","severity":"page"},
         "annotations":{"runbook":"http://wiki/disk","summary":"disk full on db1"},
         "startsAt":"2023-11-14T22:13:20.123Z","endsAt":"0001-01-01T00:00:00Z",
         "generatorURL":"http://vigil:9090/graph?g0.expr=disk","fingerprint":"1a2b3c4d5e6f7a8b"},
        {"status":"firing",
         "labels":{"alertname":"DiskFull","instance":"db2:9100","severity":"page"},
         "annotations":{"summary":"disk full on db2"},
         "startsAt":"2023-11-14T22:14:20Z","endsAt":"0001-01-01T00:00:00Z",
         "generatorURL":"http://vigil:9090/graph?g0.expr=disk","fingerprint":"0f0f0f0f0f0f0f0f"},
        {"status":"resolved",
         "labels":{"alertname":"DiskFull","instance":"db3:9100","severity":"page"},
         "annotations":{"summary":"disk full on db3"},
         "startsAt":"2023-11-14T21:56:40Z","endsAt":"2023-11-14T22:15:00.5Z",
         "generatorURL":"","fingerprint":"ffffffffffffffff"}],
       "groupLabels":{"alertname":"DiskFull"},
       "commonLabels":{"alertname":"DiskFull","severity":"page"},
       "commonAnnotations":{},
       "externalURL":"http://am.example:9093","version":"4",
       "groupKey":"{}:{alertname=\\"DiskFull\\"}","truncatedAlerts":0}""";

  private Integration webhook(String entryYaml) throws Exception {
    Samples.Created c = Samples.create("webhook", ("entry:\n" + entryYaml)
        .replace("PORT", String.valueOf(hook.getPort())));
    assertThat(c.problems()).isEmpty();
    return c.integration();
  }

  @Test
  void postsVersion4MessageWithAuth() throws Exception {
    hook.stubFor(post("/hook").willReturn(aResponse().withStatus(200)));
    Integration w = webhook("""
          url: http://127.0.0.1:PORT/hook
          http_config:
            authorization: {credentials: s3cret}
        """);
    assertThat(w.type()).isEqualTo("webhook");
    assertThat(w.sendResolved()).isTrue();
    w.send(Samples.data());
    hook.verify(postRequestedFor(urlEqualTo("/hook"))
        .withHeader("Authorization", equalTo("Bearer s3cret"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(equalToJson(GOLDEN)));
    // Field order follows Alertmanager's (Go struct order), for byte-level diffs with it.
    String body = hook.findAll(postRequestedFor(urlEqualTo("/hook"))).get(0).getBodyAsString();
    assertThat(body).startsWith("{\"receiver\":\"team-db\",\"status\":\"firing\",\"alerts\":[")
        .endsWith("\"version\":\"4\",\"groupKey\":\"{}:{alertname=\\\"DiskFull\\\"}\","
            + "\"truncatedAlerts\":0}");
  }

  @Test
  void maxAlertsTruncatesAndCounts(@TempDir Path dir) throws Exception {
    hook.stubFor(post("/from-file").willReturn(aResponse().withStatus(204)));
    Files.writeString(dir.resolve("url"), "http://127.0.0.1:" + hook.getPort() + "/from-file\n");
    Integration w = webhook("""
          url_file: DIR/url
          max_alerts: 2
          send_resolved: false
        """.replace("DIR", dir.toString()));
    assertThat(w.sendResolved()).isFalse();
    w.send(Samples.data());
    String body = hook.findAll(postRequestedFor(urlEqualTo("/from-file"))).get(0)
        .getBodyAsString();
    assertThat(body).contains("\"truncatedAlerts\":1").doesNotContain("db3:9100")
        .contains("db2:9100");
  }

  @ParameterizedTest(name = "status {0} → retryable {1}")
  @CsvSource({"500, true", "503, true", "429, true", "400, false", "404, false", "301, false"})
  void failuresAreClassified(int status, boolean retryable) throws Exception {
    hook.stubFor(post("/fail/token123").willReturn(aResponse().withStatus(status)
        .withBody("nope: quota\n")));
    Integration w = webhook("""
          url: http://127.0.0.1:PORT/fail/token123
          http_config: {follow_redirects: false}
        """);
    assertThatThrownBy(() -> w.send(Samples.data()))
        .isInstanceOfSatisfying(NotifyException.class, e -> {
          assertThat(e.retryable()).isEqualTo(retryable);
          assertThat(e.getMessage()).isEqualTo("webhook http://127.0.0.1:" + hook.getPort()
              + "/<redacted>: unexpected status code " + status + ": nope: quota");
        });
  }

  @Test
  void connectionRefusedIsRetryable() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Integration w = webhook("  url: http://127.0.0.1:" + port + "/x\n");
    assertThatThrownBy(() -> w.send(Samples.data()))
        .isInstanceOfSatisfying(NotifyException.class,
            e -> assertThat(e.retryable()).isTrue());
  }

  @Test
  void timeoutIsRetryable() throws Exception {
    hook.stubFor(post("/slow").willReturn(aResponse().withStatus(200).withFixedDelay(2_000)));
    Integration w = webhook("""
          url: http://127.0.0.1:PORT/slow
          timeout: 200ms
        """);
    assertThatThrownBy(() -> w.send(Samples.data()))
        .isInstanceOfSatisfying(NotifyException.class,
            e -> assertThat(e.retryable()).isTrue());
  }

  @ParameterizedTest(name = "{0}")
  @CsvSource(delimiter = '|', textBlock = """
      no url            | 'entry: {send_resolved: true}'                                   | am.yml:1:1: receivers[0].webhook_configs[0].url: one of url or url_file must be configured
      both urls         | 'entry: {url: "http://a/", url_file: f}'                         | am.yml:1:27: receivers[0].webhook_configs[0].url_file: at most one of url & url_file must be configured
      bad scheme        | 'entry: {url: "ftp://a/"}'                                       | am.yml:1:9: receivers[0].webhook_configs[0].url: URL scheme must be 'http' or 'https', got "ftp://a/"
      payload           | 'entry: {url: "http://a/", payload: {a: b}}'                     | am.yml:1:27: receivers[0].webhook_configs[0].payload: payload is not supported by Vigil
      oauth2            | 'entry: {url: "http://a/", http_config: {oauth2: {client_id: a, token_url: "http://t/"}}}' | am.yml:1:41: receivers[0].webhook_configs[0].http_config.oauth2: oauth2 is not supported by Vigil
      unknown key       | 'entry: {url: "http://a/", colour: red}'                         | am.yml:1:27: field "colour" not found in webhook_config
      negative max      | 'entry: {url: "http://a/", max_alerts: -1}'                      | am.yml:1:27: receivers[0].webhook_configs[0].max_alerts: must not be negative, got -1
      """)
  void badEntriesAreRefusedWithFileLineAndField(String name, String yaml, String problem)
      throws Exception {
    Samples.Created c = Samples.create("webhook", yaml);
    assertThat(c.integration()).isNull();
    assertThat(c.problems()).containsExactly(problem);
  }

  @Test
  void globalHttpConfigIsTheDefault() throws Exception {
    hook.stubFor(post("/g").willReturn(aResponse().withStatus(200)));
    Samples.Created c = Samples.create("webhook", """
        global:
          http_config:
            basic_auth: {username: u, password: p}
        entry:
          url: http://127.0.0.1:PORT/g
        """.replace("PORT", String.valueOf(hook.getPort())));
    assertThat(c.problems()).isEmpty();
    c.integration().send(Samples.resolved());
    hook.verify(postRequestedFor(urlEqualTo("/g")).withHeader("Authorization",
        equalTo("Basic dTpw")));
  }

  @Test
  void goTimeFormatting() {
    assertThat(List.of(WebhookPayload.goTime(0), WebhookPayload.goTime(1_700_000_000_000L),
        WebhookPayload.goTime(1_700_000_000_120L), WebhookPayload.goTime(1_700_000_000_007L)))
        .containsExactly("0001-01-01T00:00:00Z", "2023-11-14T22:13:20Z",
            "2023-11-14T22:13:20.12Z", "2023-11-14T22:13:20.007Z");
  }
}
