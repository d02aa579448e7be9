package dev.vigil.server.remote;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
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
import dev.vigil.server.tsdb.Tsdb;
import dev.vigil.server.tsdb.wal.Wal;
import dev.vigil.server.tsdb.wal.WalBatch;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.junit.jupiter.api.io.TempDir;
import org.xerial.snappy.Snappy;

/**
 * How a queue treats receiver answers, against WireMock: 5xx retried with doubling backoff,
 * 429 dropped unless {@code retry_on_http_429} (then Retry-After is honoured), other 4xx
 * dropped and counted failed, a slow receiver or a backlog making the queue add shards, and the
 * queue's series map following the WAL's checkpoints.
 */
class RemoteWriteRetryTest {
  @RegisterExtension
  static WireMockExtension wm = WireMockExtension.newInstance()
      .options(wireMockConfig().dynamicPort()).build();

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
  }

  @AfterEach
  void close() throws Exception {
    remote.close();
    tsdb.close();
  }

  private WriteQueue configure(String queueConfig) throws Exception {
    remote.applyConfig(ConfigLoader.parse("""
        remote_write:
          - url: %s/api/v1/write
            name: wm
            headers:
              X-Scope-OrgID: tenant-1
            basic_auth:
              username: user
              password: secret
            queue_config:
        %s
        """.formatted(wm.baseUrl(), queueConfig.indent(6)), "test.yml"));
    return remote.queues().get(0);
  }

  private void append(int n) {
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      series.add(Labels.of("__name__", "retry_test", "i", Integer.toString(i)));
    }
    Peers.append(tsdb, series, System.currentTimeMillis(), 1000, 1);
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void serverErrorsAreRetriedWithDoublingBackoffThenDelivered() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("5xx")
        .whenScenarioStateIs(Scenario.STARTED).willReturn(aResponse().withStatus(500))
        .willSetStateTo("again"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("5xx")
        .whenScenarioStateIs("again").willReturn(aResponse().withStatus(503))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("5xx")
        .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure("""
        batch_send_deadline: 50ms
        min_backoff: 200ms
        max_backoff: 2s
        """);
    append(10);
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 10, "delivery after two 5xx");
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")));
    assertThat(reqs).hasSize(3);
    long gap1 = reqs.get(1).getLoggedDate().getTime() - reqs.get(0).getLoggedDate().getTime();
    long gap2 = reqs.get(2).getLoggedDate().getTime() - reqs.get(1).getLoggedDate().getTime();
    assertThat(gap1).as("first backoff").isGreaterThanOrEqualTo(190);
    assertThat(gap2).as("doubled backoff").isGreaterThanOrEqualTo(390);
    assertThat(q.metrics.samplesRetried.sum()).isEqualTo(20);
    assertThat(q.metrics.samplesFailed.sum()).isZero();
    // Every attempt carries the same body, the protocol headers, auth and custom headers.
    for (LoggedRequest r : reqs) {
      assertThat(r.getHeader("Content-Encoding")).isEqualTo("snappy");
      assertThat(r.getHeader("Content-Type")).isEqualTo("application/x-protobuf");
      assertThat(r.getHeader("X-Prometheus-Remote-Write-Version")).isEqualTo("0.1.0");
      assertThat(r.getHeader("User-Agent")).startsWith("Vigil/");
      assertThat(r.getHeader("X-Scope-OrgID")).isEqualTo("tenant-1");
      assertThat(r.getHeader("Authorization")).isEqualTo("Basic dXNlcjpzZWNyZXQ=");
      assertThat(r.getBody()).isEqualTo(reqs.get(0).getBody());
    }
    byte[] raw = Snappy.uncompress(reqs.get(2).getBody());
    assertThat(Prompb.decodeWriteRequest(raw, raw.length).series()).hasSize(10);
    String text = metrics();
    assertThat(text).contains("prometheus_remote_storage_samples_retried_total{remote_name=\"wm\","
        + "url=\"" + wm.baseUrl() + "/api/v1/write\"} 20\n");
    assertThat(text).contains("prometheus_remote_storage_samples_total{remote_name=\"wm\"");
  }

  @Test
  void tooManyRequestsIsDroppedUnlessRetryOnHttp429() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(429)));
    WriteQueue q = configure("""
        batch_send_deadline: 50ms
        min_backoff: 50ms
        """);
    append(5);
    Peers.await(20, () -> q.metrics.samplesFailed.sum() == 5, "the 429 counted as failed");
    Thread.sleep(300);
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")))).hasSize(1);
    assertThat(q.metrics.samplesRetried.sum()).isZero();
  }

  @Test
  void tooManyRequestsHonoursRetryAfterWhenRetryOnHttp429() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("429")
        .whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "1"))
        .willSetStateTo("ok"));
    wm.stubFor(post(urlEqualTo("/api/v1/write")).inScenario("429")
        .whenScenarioStateIs("ok").willReturn(aResponse().withStatus(200)));
    WriteQueue q = configure("""
        batch_send_deadline: 50ms
        min_backoff: 50ms
        max_backoff: 5s
        retry_on_http_429: true
        """);
    append(5);
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 5, "delivery after the 429");
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")));
    assertThat(reqs).hasSize(2);
    assertThat(reqs.get(1).getLoggedDate().getTime() - reqs.get(0).getLoggedDate().getTime())
        .as("waited as Retry-After said").isGreaterThanOrEqualTo(990);
    assertThat(q.metrics.samplesRetried.sum()).isEqualTo(5);
  }

  @Test
  void badRequestIsDroppedCountedAndLaterSamplesStillFlow() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write"))
        .willReturn(aResponse().withStatus(400).withBody("out of order sample")));
    WriteQueue q = configure("""
        batch_send_deadline: 50ms
        min_backoff: 50ms
        """);
    append(7);
    Peers.await(20, () -> q.metrics.samplesFailed.sum() == 7, "the 400 counted as failed");
    wm.resetAll();
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    append(3);
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 3, "later samples delivered");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write")))).hasSize(1);
    assertThat(metrics()).contains("prometheus_remote_storage_samples_failed_total{remote_name="
        + "\"wm\",url=\"" + wm.baseUrl() + "/api/v1/write\"} 7\n");
  }

  @Test
  void aSlowReceiverMakesTheQueueAddShards() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write"))
        .willReturn(aResponse().withStatus(204).withFixedDelay(100)));
    remote.reshardInterval(300);
    WriteQueue q = configure("""
        batch_send_deadline: 20ms
        max_samples_per_send: 20
        capacity: 100
        min_shards: 1
        max_shards: 8
        """);
    long[] maxPending = new long[1];
    for (int round = 0; round < 30 && q.shardCount() == 1; round++) {
      append(200);
      maxPending[0] = Math.max(maxPending[0], q.pending());
      Thread.sleep(100);
    }
    Peers.await(30, () -> q.shardCount() > 1, "more shards");
    assertThat(maxPending[0]).isPositive();
    assertThat(q.shardCount()).isLessThanOrEqualTo(8);
    Peers.await(60, () -> q.pending() == 0
        && q.metrics.samplesSent.sum() == q.metrics.samplesIn.sum(), "the backlog sent");
    assertThat(wm.findAll(postRequestedFor(urlEqualTo("/api/v1/write"))
        .withHeader("Content-Encoding", equalTo("snappy")))).isNotEmpty();
  }

  @Test
  void aBacklogLeftInTheWalAfterAnOutageAddsShardsAtOnce() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(503)));
    remote.reshardInterval(60_000); // only the checks made while the reader waits can act
    WriteQueue q = configure("""
        batch_send_deadline: 20ms
        max_samples_per_send: 50
        capacity: 100
        min_shards: 1
        max_shards: 16
        min_backoff: 20ms
        max_backoff: 50ms
        """);
    List<Labels> series = new ArrayList<>();
    for (int i = 0; i < 500; i++) {
      series.add(Labels.of("__name__", "backlog_test", "i", Integer.toString(i)));
    }
    // 100,000 samples during the outage, one commit per scrape as a server makes them: the one
    // shard holds 100 (and 50 in flight), the WAL the rest.
    long start = System.currentTimeMillis() - 200_000;
    for (int i = 0; i < 200; i++) {
      Peers.append(tsdb, series, start + i * 1000, 1000, 1);
    }
    Peers.await(20, () -> q.pending() >= 100, "the shard full");
    wm.resetAll();
    wm.stubFor(post(urlEqualTo("/api/v1/write"))
        .willReturn(aResponse().withStatus(204).withFixedDelay(20)));
    // Counting only what the shards hold, the queue would grow one shard per check; counting
    // the WAL's backlog, its first step is a big one.
    long deadline = System.nanoTime() + 15_000_000_000L;
    int first = 1;
    while (first == 1 && System.nanoTime() < deadline) {
      first = q.shardCount();
      Thread.sleep(5);
    }
    assertThat(first).as("shard count after the first reshard").isGreaterThanOrEqualTo(4);
    Peers.await(60, () -> q.metrics.samplesSent.sum() >= 100_000, "the backlog sent");
    assertThat(q.metrics.samplesSent.sum()).isEqualTo(100_000);
    assertThat(q.metrics.samplesFailed.sum()).isZero();
  }

  @Test
  void seriesTheCheckpointDropsAreForgottenAndTheRestStillSent() throws Exception {
    wm.stubFor(post(urlEqualTo("/api/v1/write")).willReturn(aResponse().withStatus(204)));
    WriteQueue q = configure("""
        batch_send_deadline: 20ms
        """);
    Wal wal = tsdb.wal();
    long t = System.currentTimeMillis();
    // Refs far above anything the head hands out, so they never meet its own series.
    long gone = 1L << 40;
    long kept = gone + 1;
    WalBatch b = new WalBatch();
    b.series(gone, Labels.of("__name__", "churned", "pod", "a"));
    b.series(kept, Labels.of("__name__", "steady"));
    b.sample(gone, t, 1);
    b.sample(kept, t, 2);
    wal.log(b);
    Peers.await(20, () -> q.metrics.samplesSent.sum() == 2, "both first samples sent");
    assertThat(q.metrics.seriesKnown).isEqualTo(2);

    int closed = wal.cutSegment();
    wal.checkpoint(closed, ref -> ref == kept, (ref, ts) -> true);
    wal.log(new WalBatch().sample(kept, t + 1000, 3));
    wal.cutSegment(); // the reader forgets once it is past the checkpoint's segment
    wal.log(new WalBatch().sample(kept, t + 2000, 4));

    Peers.await(20, () -> q.metrics.samplesSent.sum() == 4, "the kept series' samples sent");
    Peers.await(20, () -> q.metrics.seriesKnown == 1, "the churned series forgotten");
    assertThat(q.metrics.samplesDropped.sum()).isZero();
  }
}
