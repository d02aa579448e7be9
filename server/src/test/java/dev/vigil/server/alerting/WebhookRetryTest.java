package dev.vigil.server.alerting;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import dev.vigil.server.alerting.config.AmConfigLoader;
import dev.vigil.server.config.Fields;
import dev.vigil.server.config.Node;
import dev.vigil.server.config.ParseContext;
import dev.vigil.server.model.Alert;
import dev.vigil.server.model.Labels;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Retries over real HTTP: a minimal webhook integration (the real one is another package's)
 * against WireMock answering 503 then 200, and 400 which is not retried.
 */
class WebhookRetryTest {
  static final long T0 = Instant.parse("2024-01-01T00:00:00Z").toEpochMilli();

  @TempDir
  Path dir;
  WireMockServer wm;
  final FakeScheduler clock = new FakeScheduler(T0);
  Alertmanager am;

  /** POSTs a small JSON payload; 5xx and 429 are retryable, other non-2xx are not. */
  static final class HttpWebhook implements Integration {
    private static final HttpClient HTTP = HttpClient.newBuilder()
        .connectTimeout(Duration.ofSeconds(5)).build();
    private final String url;

    HttpWebhook(String url) {
      this.url = url;
    }

    @Override
    public String type() {
      return "webhook";
    }

    @Override
    public int index() {
      return 0;
    }

    @Override
    public boolean sendResolved() {
      return true;
    }

    @Override
    public void send(NotificationData d) throws NotifyException {
      ObjectMapper m = new ObjectMapper();
      ObjectNode body = m.createObjectNode().put("receiver", d.receiver())
          .put("status", d.status()).put("groupKey", d.groupKey());
      ArrayNode alerts = body.putArray("alerts");
      for (NotificationData.AlertData a : d.alerts()) {
        alerts.addObject().put("fingerprint", a.fingerprint())
            .put("alertname", a.labels().get("alertname"));
      }
      try {
        HttpResponse<String> r = HTTP.send(HttpRequest.newBuilder(URI.create(url))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(),
            HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
          throw new NotifyException(url + " answered " + r.statusCode() + ": " + r.body(),
              r.statusCode() >= 500 || r.statusCode() == 429);
        }
      } catch (java.io.IOException e) {
        throw new NotifyException(url + ": " + e.getMessage(), true, e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new NotifyException("interrupted", false, e);
      }
    }
  }

  final IntegrationFactory factory = new IntegrationFactory() {
    @Override
    public Set<String> types() {
      return Set.of("webhook");
    }

    @Override
    public Integration create(String receiver, String type, int index, Node.Mapping entry,
        Node.Mapping global, List<String> templateFiles, ParseContext ctx, String path) {
      Fields f = new Fields(ctx, entry, path, "webhook_config");
      String url = f.string("url", "");
      f.finish();
      return new HttpWebhook(url);
    }
  };

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    am = new Alertmanager(Alertmanager.Options.defaults().withScheduler(clock));
    am.applyConfig(AmConfigLoader.parse("""
        route:
          receiver: hook
          group_by: [alertname]
        receivers:
          - name: hook
            webhook_configs:
              - url: %s/hook
        """.formatted(wm.baseUrl()), "alertmanager.yml", dir, factory));
  }

  @AfterEach
  void stop() {
    am.close();
    wm.stop();
  }

  @Test
  void serverErrorIsRetriedUntilDelivered() {
    wm.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503).withBody("busy")).willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/hook")).inScenario("flaky").whenScenarioStateIs("ok")
        .willReturn(aResponse().withStatus(200)));
    am.sink().send(List.of(new Alert(Labels.of("alertname", "Down"), Labels.EMPTY, 0,
        T0 + 86_400_000L, "")));
    clock.advanceSeconds(30);
    wm.verify(2, postRequestedFor(urlEqualTo("/hook"))
        .withHeader("Content-Type", equalTo("application/json"))
        .withRequestBody(matchingJsonPath("$.alerts[0].alertname", equalTo("Down"))));
    List<NotificationHistory.Attempt> h = am.history().list("hook", 0, 0);
    assertThat(h).extracting(NotificationHistory.Attempt::ok).containsExactly(true, false);
    assertThat(h.get(1).error()).contains("503", "busy");
    assertThat(clock.slept).isEqualTo(Pipeline.FIRST_BACKOFF_MILLIS);
  }

  @Test
  void clientErrorIsNotRetried() {
    wm.stubFor(post(urlEqualTo("/hook")).willReturn(aResponse().withStatus(400)));
    am.sink().send(List.of(new Alert(Labels.of("alertname", "Down"), Labels.EMPTY, 0,
        T0 + 86_400_000L, "")));
    clock.advanceSeconds(30);
    wm.verify(1, postRequestedFor(urlEqualTo("/hook")));
    assertThat(am.history().list("hook", 0, 0)).singleElement()
        .satisfies(a -> assertThat(a.ok()).isFalse());
  }
}
