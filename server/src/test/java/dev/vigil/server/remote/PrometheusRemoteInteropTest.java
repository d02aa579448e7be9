package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.io.TempDir;

/**
 * Remote write, the receiver and remote read against Debian's real Prometheus, both ways. Each
 * side's write_relabel_configs forwards only its own metrics, so nothing loops back. Prometheus
 * carries the external label {@code source="prom"}: it arrives on what it writes to Vigil, and
 * Vigil's remote_read requires it, so Vigil reads remotely only when a query names it.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusRemoteInteropTest {
  private static final List<Labels> WRITTEN = List.of(
      Labels.of("__name__", "vigil_interop_requests_total", "code", "200"),
      Labels.of("__name__", "vigil_interop_requests_total", "code", "500"),
      Labels.of("__name__", "vigil_interop_temperature", "zone", "a\"b\\c"));
  private static final Labels READ_ONLY = Labels.of("__name__", "vigil_readonly_gauge", "k", "v");

  private VigilServer vigil;
  private Peers.Prometheus prom;
  private long start;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    int promPort = Peers.freePort();
    int vigilPort = Peers.freePort();
    Path vigilConfig = dir.resolve("vigil.yml");
    Files.writeString(vigilConfig, """
        global:
          scrape_interval: 1h
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            name: to-prometheus
            write_relabel_configs:
              - source_labels: [__name__]
                regex: vigil_interop_.*
                action: keep
            queue_config:
              batch_send_deadline: 100ms
              min_backoff: 50ms
              max_backoff: 500ms
        remote_read:
          - url: http://127.0.0.1:%d/api/v1/read
            read_recent: true
            required_matchers:
              source: prom
        """.formatted(promPort, promPort));
    vigil = new VigilServer(vigilConfig, dir.resolve("vigil-data"),
        new InetSocketAddress("127.0.0.1", vigilPort), false);
    vigil.remoteWriteReceiver(true);
    vigil.start();
    prom = new Peers.Prometheus(dir.resolve("prom"), promPort, """
        global:
          scrape_interval: 1s
          external_labels:
            source: prom
        scrape_configs:
          - job_name: prom
            static_configs:
              - targets: ['127.0.0.1:%d']
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            write_relabel_configs:
              - source_labels: [__name__]
                regex: up|scrape_samples_scraped
                action: keep
            queue_config:
              batch_send_deadline: 1s
              min_backoff: 50ms
        remote_read:
          - url: http://127.0.0.1:%d/api/v1/read
            read_recent: true
            filter_external_labels: false
        """.formatted(promPort, vigilPort, vigilPort), "--web.enable-remote-write-receiver");
    // After Prometheus started: its head refuses samples older than an hour before its newest.
    start = System.currentTimeMillis() - 120_000 + 7;
    Peers.append(vigil.storage(), WRITTEN, start, 15_003, 8);
    Peers.append(vigil.storage(), List.of(READ_ONLY), start, 10_000, 12);
  }

  @AfterAll
  void stop() throws Exception {
    if (prom != null) {
      prom.close();
    }
    if (vigil != null) {
      vigil.close();
    }
  }

  @Test
  void prometheusHoldsExactlyWhatVigilWrote() throws Exception {
    long at = start + 8 * 15_003L;
    TreeMap<String, TreeMap<Long, Double>>[] got = new TreeMap[1];
    Peers.await(60, () -> {
      try {
        got[0] = Peers.matrix(prom.url, "{__name__=~\"vigil_interop_.*\"}[5m]", at);
        return got[0].values().stream().mapToInt(Map::size).sum() == 3 * 8;
      } catch (Exception e) {
        return false;
      }
    }, "24 samples on Prometheus; it has " + got[0]);
    TreeMap<Labels, TreeMap<Long, Double>> local = Peers.read(vigil.storage(), start, at,
        Matcher.regex("__name__", "vigil_interop_.*"));
    assertThat(got[0].values()).containsExactlyInAnyOrderElementsOf(local.values());
    assertThat(got[0].keySet()).anyMatch(k -> k.contains("a\\\"b\\\\c"));
    // Nothing the relabelling dropped went out: exactly the 24 samples were sent.
    WriteQueue q = vigil.remoteWrite().queues().get(0);
    assertThat(q.metrics.samplesSent.sum()).isEqualTo(24);
    assertThat(q.metrics.samplesDropped.sum()).isGreaterThanOrEqualTo(12);
  }

  @Test
  void vigilHoldsExactlyWhatPrometheusWrote() throws Exception {
    long[] last = new long[1];
    Peers.await(60, () -> {
      var up = Peers.read(vigil.storage(), 0, Long.MAX_VALUE, Matcher.equal("__name__", "up"));
      if (up.isEmpty() || up.firstEntry().getValue().size() < 3) {
        return false;
      }
      last[0] = up.firstEntry().getValue().lastKey();
      return true;
    }, "three scrapes of up arriving at Vigil");
    var received = Peers.read(vigil.storage(), 0, last[0],
        Matcher.regex("__name__", "up|scrape_samples_scraped"));
    var onProm = Peers.matrix(prom.url, "{__name__=~\"up|scrape_samples_scraped\"}[10m]",
        last[0]);
    assertThat(received).hasSize(2);
    assertThat(received.keySet()).allMatch(l -> "prom".equals(l.get("source"))
        && "prom".equals(l.get("job")));
    // Prometheus answers with its own series and, through its remote_read of Vigil, with
    // Vigil's copies (which carry source="prom"): a copy missing or altering a sample would
    // make a fifth distinct sample list.
    assertThat(new java.util.HashSet<>(onProm.values()))
        .isEqualTo(new java.util.HashSet<>(received.values()));
  }

  @Test
  void prometheusRemoteReadsFromVigil() throws Exception {
    long at = start + 12 * 10_000L;
    var viaProm = Peers.matrix(prom.url, "vigil_readonly_gauge[5m]", at);
    var local = Peers.read(vigil.storage(), at - 300_000, at,
        Matcher.equal("__name__", "vigil_readonly_gauge"));
    assertThat(local.firstEntry().getValue()).hasSize(12);
    assertThat(viaProm.values()).containsExactlyElementsOf(local.values());
  }

  @Test
  void vigilRemoteReadsFromPrometheusWhenTheRequiredMatcherIsThere() throws Exception {
    String vigilUrl = "http://127.0.0.1:" + vigil.address().getPort();
    Peers.await(30, () -> {
      try {
        return !Peers.matrix(prom.url, "scrape_duration_seconds[1m]",
            System.currentTimeMillis()).isEmpty();
      } catch (Exception e) {
        return false;
      }
    }, "Prometheus scraping itself");
    long at = System.currentTimeMillis();
    // scrape_duration_seconds is never forwarded: Vigil can only have it through remote read.
    var onProm = Peers.matrix(prom.url, "scrape_duration_seconds[1m]", at);
    var viaVigil = Peers.matrix(vigilUrl, "scrape_duration_seconds{source=\"prom\"}[1m]", at);
    assertThat(viaVigil.values()).containsExactlyElementsOf(onProm.values());
    assertThat(Peers.matrix(vigilUrl, "scrape_duration_seconds[1m]", at))
        .as("without the required matcher the endpoint is not asked").isEmpty();
  }
}
