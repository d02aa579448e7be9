package dev.vigil.server.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;

import com.github.tomakehurst.wiremock.junit5.WireMockExtension;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.wal.Wal;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * {@code send_exemplars} against WireMock: what goes on the wire (decoded back), and how the
 * exemplar counters follow retries (5xx) and drops (4xx), apart from the sample counters.
 */
class RemoteWriteExemplarTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  @TempDir
  Path dir;
  private Tsdb tsdb;
  private Registry registry;
  private RemoteStorage remote;
  private final long now = System.currentTimeMillis();

  @BeforeEach
  void open() throws Exception {
    tsdb = Tsdb.open(dir.resolve("data"), Wal.Options.defaults(), Tsdb.DEFAULT_BLOCK_RANGE, 100);
    registry = new Registry();
    remote = new RemoteStorage(tsdb, dir.resolve("data/remote_write"), registry);
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    tsdb.close();
  }

  private WriteQueue configure(boolean sendExemplars) throws Exception {
    remote.applyConfig(ConfigLoader.parse("""
        remote_write:
          - url: %s/api/v1/write
            name: wm
            send_exemplars: %s
            queue_config:
              batch_send_deadline: 50ms
              min_backoff: 100ms
              max_backoff: 200ms
        """.formatted(wm.baseUrl(), sendExemplars), "test.yml"));
    return remote.queues().get(0);
  }

  /** Two series, a sample and an exemplar each (the second exemplar without labels). */
  private void append() {
    Appender a = tsdb.appender();
    Labels s1 = Labels.of("__name__", "rq_total", "code", "200");
    Labels s2 = Labels.of("__name__", "rq_total", "code", "500");
    long r1 = a.append(0, s1, now, 1);
    long r2 = a.append(0, s2, now, 2);
    a.appendExemplar(r1, s1, Labels.of("trace_id", "abc"), now - 5, 0.5, true);
    a.appendExemplar(r2, s2, Labels.EMPTY, now, 7, false);
    a.commit();
  }

  private static List<Prompb.Series> sent(LoggedRequest r) throws Exception {
    byte[] raw = Snappy.uncompress(r.getBody());
    return Prompb.decodeWriteRequest(raw, raw.length).series();
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void exemplarsTravelWithTheirSeriesAndCountApartFromSamples() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("5xx")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("5xx")
        .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure(true);
    append();
    Peers.await(20, () -> q.metrics.exemplarsSent.sum() == 2, "two exemplars delivered");
    assertThat(q.metrics.samplesSent.sum()).isEqualTo(2);
    assertThat(q.metrics.exemplarsRetried.sum()).isEqualTo(2);
    assertThat(q.metrics.samplesRetried.sum()).isEqualTo(2);
    assertThat(q.pendingExemplars()).isZero();
    // The delivered request: each exemplar in a TimeSeries of its own series (the WAL has
    // samples and exemplars in separate records, so they may come in separate TimeSeries).
    List<String> onWire = new ArrayList<>();
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")));
    assertThat(reqs).hasSize(2);
    int samples = 0;
    for (Prompb.Series s : sent(reqs.get(1))) {
      samples += s.timestamps().length;
      for (Prompb.Exemplar e : s.exemplarList()) {
        onWire.add(s.labels().get("code") + " " + e);
      }
    }
    assertThat(samples).isEqualTo(2);
    assertThat(onWire).containsExactlyInAnyOrder(
        "200 " + new Prompb.Exemplar(Labels.of("trace_id", "abc"), 0.5, now - 5),
        "500 " + new Prompb.Exemplar(Labels.EMPTY, 7, now));
    assertThat(metrics()).contains(
        "prometheus_remote_storage_exemplars_total{remote_name=\"wm\"",
        "prometheus_remote_storage_exemplars_retried_total{remote_name=\"wm\"",
        "prometheus_remote_storage_exemplars_pending{remote_name=\"wm\"");
  }

  @Test
  void clientErrorsDropExemplarsAsFailed() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(400)));
    WriteQueue q = configure(true);
    append();
    Peers.await(20, () -> q.metrics.exemplarsFailed.sum() == 2, "two exemplars failed");
    assertThat(q.metrics.samplesFailed.sum()).isEqualTo(2);
    assertThat(q.metrics.exemplarsSent.sum()).isZero();
  }

  @Test
  void withoutSendExemplarsOnlySamplesGo() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure(false);
    append();
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 2, "two samples delivered");
    for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")))) {
      for (Prompb.Series s : sent(r)) {
        assertThat(s.exemplars()).isZero();
      }
    }
    assertThat(q.metrics.exemplarsIn.sum()).isZero();
  }
}
