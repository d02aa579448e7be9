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
import dev.vigil.server.VigilServer;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.tsdb.Tsdb;
import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/** Metadata sending ({@code metadata_config}) against WireMock, decoded request by request. */
class RemoteMetadataTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

  static final List<FamilyMetadata> FAMILIES = List.of(
      new FamilyMetadata("http_requests", "counter", "Requests served.", ""),
      new FamilyMetadata("temperature_celsius", "gauge", "Température, °C \"quoted\"", "celsius"),
      new FamilyMetadata("latency_seconds", "histogram", "Latency.", "seconds"),
      new FamilyMetadata("rpc_seconds", "summary", "", ""),
      new FamilyMetadata("build", "info", "Build.", ""),
      new FamilyMetadata("mode", "stateset", "Mode.", ""),
      new FamilyMetadata("queue", "gaugehistogram", "Queue.", ""),
      new FamilyMetadata("odd", "unknown", "Untyped.", ""));

  @TempDir
  Path dir;
  private Tsdb tsdb;
  private Registry registry;
  private RemoteStorage remote;

  @BeforeEach
  void open() throws Exception {
    tsdb = Tsdb.open(dir.resolve("data"));
    registry = new Registry();
    remote = new RemoteStorage(tsdb, dir.resolve("data/remote_write"), registry);
    // Two targets exposing the same families: each entry goes out once per round.
    List<FamilyMetadata> twoTargets = new ArrayList<>(FAMILIES);
    twoTargets.addAll(FAMILIES);
    remote.metadataSource(() -> twoTargets);
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    tsdb.close();
  }

  private WriteQueue configure(String metadataConfig) throws Exception {
    remote.applyConfig(ConfigLoader.parse("""
        remote_write:
          - url: %s/api/v1/write
            name: wm
            queue_config:
              min_backoff: 100ms
              max_backoff: 400ms
            metadata_config:
        %s
        """.formatted(wm.baseUrl(), metadataConfig.indent(6)), "test.yml"));
    return remote.queues().get(0);
  }

  static List<FamilyMetadata> decode(LoggedRequest r) throws Exception {
    byte[] raw = Snappy.uncompress(r.getBody());
    assertThat(Prompb.decodeWriteRequest(raw, raw.length).series()).as("no samples").isEmpty();
    return Prompb.decodeMetadata(raw, raw.length);
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void everyIntervalTheMetadataGoesOutInBatches() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure("""
        send_interval: 300ms
        max_samples_per_send: 3
        """);
    Peers.await(20, () -> wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write"))).size() >= 6,
        "two rounds of three requests");
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")));
    List<FamilyMetadata> round = new ArrayList<>();
    for (int i = 0; i < 3; i++) {
      LoggedRequest r = reqs.get(i);
      assertThat(r.getHeader("Content-Encoding")).isEqualTo("snappy");
      assertThat(r.getHeader("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
      List<FamilyMetadata> batch = decode(r);
      assertThat(batch).hasSize(i < 2 ? 3 : 2);
      round.addAll(batch);
    }
    assertThat(round).containsExactlyElementsOf(FAMILIES);
    long gap = reqs.get(3).getLoggedDate().getTime() - reqs.get(2).getLoggedDate().getTime();
    assertThat(gap).as("next round after send_interval").isGreaterThanOrEqualTo(250);
    assertThat(decode(reqs.get(3))).containsExactlyElementsOf(FAMILIES.subList(0, 3));
    assertThat(q.metrics.metadataSent.sum()).isGreaterThanOrEqualTo(16);
    String m = metrics();
    assertThat(m).containsPattern(
        "prometheus_remote_storage_metadata_total\\{remote_name=\"wm\",url=\"[^\"]+\"} \\d+");
    assertThat(m).contains("prometheus_remote_storage_metadata_failed_total{remote_name=\"wm\"");
    assertThat(m).containsPattern(
        "prometheus_remote_storage_metadata_bytes_total\\{remote_name=\"wm\",url=\"[^\"]+\"} "
            + "[1-9]");
  }

  @Test
  void serverErrorsAreRetriedAndRefusalsCountedFailed() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("m")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(503))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("m")
        .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204))
        .willSetStateTo("refuse"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("m")
        .whenScenarioStateIs("refuse").willReturn(aResponse().withStatus(400)
            .withBody("no metadata here")));
    WriteQueue q = configure("""
        send_interval: 200ms
        max_samples_per_send: 5
        """);
    // 503 → retried (5 entries), then 204 (5 sent), then 400 on the round's second batch:
    // its 3 entries fail, and every later round fails whole (8).
    Peers.await(20, () -> q.metrics.metadataFailed.sum() >= 3 + 8, "a failed round");
    assertThat(q.metrics.metadataRetried.sum()).isEqualTo(5);
    assertThat(q.metrics.metadataSent.sum()).isEqualTo(5);
    assertThat((q.metrics.metadataFailed.sum() - 3) % 8).isZero();
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")));
    long backoff = reqs.get(1).getLoggedDate().getTime() - reqs.get(0).getLoggedDate().getTime();
    assertThat(backoff).isGreaterThanOrEqualTo(90);
    assertThat(decode(reqs.get(0))).isEqualTo(decode(reqs.get(1)));
  }

  @Test
  void nothingIsSentWhenSendIsOff() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure("""
        send: false
        send_interval: 100ms
        """);
    Thread.sleep(800);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")))).isEmpty();
    assertThat(q.metrics.metadataSent.sum()).isZero();
  }

  /** The whole server: what it scrapes from its own /metrics is the metadata it sends. */
  @Test
  void theServerSendsItsTargetsMetadata() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    int port = Peers.freePort();
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, """
        global:
          scrape_interval: 500ms
        scrape_configs:
          - job_name: self
            static_configs:
              - targets: ['127.0.0.1:%d']
        remote_write:
          - url: %s/api/v1/write
            metadata_config:
              send_interval: 500ms
        """.formatted(port, wm.baseUrl()));
    try (VigilServer vigil = new VigilServer(config, dir.resolve("vigil-data"),
        new InetSocketAddress("127.0.0.1", port), false)) {
      vigil.start();
      FamilyMetadata shards = new FamilyMetadata("prometheus_remote_storage_shards", "gauge",
          "The number of shards used for parallel sending to the remote storage.", "");
      List<FamilyMetadata> seen = new ArrayList<>();
      Peers.await(30, () -> {
        for (LoggedRequest r : wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")))) {
          try {
            byte[] raw = Snappy.uncompress(r.getBody());
            seen.addAll(Prompb.decodeMetadata(raw, raw.length));
          } catch (Exception e) {
            throw new AssertionError(e);
          }
        }
        return seen.contains(shards);
      }, "the server's own gauge's metadata in a request");
      assertThat(seen).anyMatch(m -> m.type().equals("counter"));
    }
  }
}
