package dev.vigil.server;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.containing;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server as wired by Main: a rule file's alert reaches the embedded alert handling, which
 * routes it to a webhook receiver, and also every Alertmanager under {@code alerting}.
 */
@Timeout(60)
class AlertingEndToEndTest {
  @RegisterExtension
  static WireMockExtension hooks = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;

  @Test
  void ruleAlertIsNotifiedByTheEmbeddedAlertHandlingAndSentToExternalAlertmanagers()
      throws Exception {
    hooks.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(200)));
    hooks.stubFor(post(urlEqualTo("/api/v2/alerts")).willReturn(aResponse().withStatus(200)));
    Files.writeString(dir.resolve("rules.yml"), """
        groups:
          - name: demo
            interval: 1s
            rules:
              - alert: AlwaysFiring
                expr: vector(42)
                labels: {severity: page}
                annotations: {summary: 'value {{ $value }}'}
        """);
    Files.writeString(dir.resolve("prometheus.yml"), """
        global: {scrape_interval: 1s, evaluation_interval: 1s}
        rule_files: [rules.yml]
        alerting:
          alertmanagers:
            - static_configs: [{targets: ['127.0.0.1:%d']}]
        """.formatted(hooks.getPort()));
    Files.writeString(dir.resolve("alertmanager.yml"), """
        route:
          receiver: hook
          group_by: [alertname]
          group_wait: 0s
          group_interval: 1s
        receivers:
          - name: hook
            webhook_configs: [{url: 'http://127.0.0.1:%d/hook'}]
        """.formatted(hooks.getPort()));
    try (VigilServer s = new VigilServer(dir.resolve("prometheus.yml"), dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      s.alertmanager(true, dir.resolve("alertmanager.yml"));
      s.start();
      await(() -> !hooks.findAll(postRequestedFor(urlEqualTo("/hook"))).isEmpty());
      hooks.verify(postRequestedFor(urlEqualTo("/hook"))
          .withRequestBody(containing("\"alertname\":\"AlwaysFiring\""))
          .withRequestBody(containing("\"summary\":\"value 42\""))
          .withRequestBody(containing("\"version\":\"4\"")));
      await(() -> !hooks.findAll(postRequestedFor(urlEqualTo("/api/v2/alerts"))).isEmpty());
      hooks.verify(postRequestedFor(urlEqualTo("/api/v2/alerts"))
          .withRequestBody(containing("AlwaysFiring")));
      String v2 = get(s, "/api/v2/alerts");
      assertThat(v2).contains("\"alertname\":\"AlwaysFiring\"").contains("{\"name\":\"hook\"}");
      assertThat(get(s, "/api/v1/alerts")).contains("\"state\":\"firing\"");
    }
  }

  private static String get(VigilServer s, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + s.address().getPort() + path)).build();
    return HttpClient.newHttpClient().send(req, HttpResponse.BodyHandlers.ofString()).body();
  }

  private static void await(java.util.function.BooleanSupplier condition)
      throws InterruptedException {
    long deadline = System.currentTimeMillis() + 30_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }
}
