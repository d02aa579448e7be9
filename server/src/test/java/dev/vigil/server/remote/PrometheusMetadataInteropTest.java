package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.vigil.client.model.Registry;
import dev.vigil.server.config.ConfigLoader;
import dev.vigil.server.tsdb.Tsdb;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Metadata in remote write against Debian's Prometheus 2.42. Its receiver answers metadata-only
 * requests with success but keeps nothing of them (its /api/v1/metadata shows only what it
 * scraped), so from Vigil to Prometheus what can be checked is that every request is accepted.
 * From Prometheus to Vigil, the receiver must decode what Prometheus sends into exactly the
 * metadata Prometheus's own API shows for the families it scraped.
 */
class PrometheusMetadataInteropTest {
  @Test
  void vigilDecodesTheMetadataPrometheusSends(@TempDir Path dir) throws Exception {
    Set<FamilyMetadata> received = ConcurrentHashMap.newKeySet();
    try (Tsdb db = Tsdb.open(dir.resolve("vigil"))) {
      WriteHandler handler = new WriteHandler(db, received::addAll);
      Undertow receiver = Undertow.builder().addHttpListener(0, "127.0.0.1")
          .setHandler(new BlockingHandler(handler)).build();
      receiver.start();
      int promPort = Peers.freePort();
      int port = ((InetSocketAddress) receiver.getListenerInfo().get(0).getAddress()).getPort();
      try (Peers.Prometheus prom = new Peers.Prometheus(dir.resolve("prom"), promPort, """
          global:
            scrape_interval: 1s
          scrape_configs:
            - job_name: prom
              static_configs:
                - targets: ['127.0.0.1:%d']
          remote_write:
            - url: http://127.0.0.1:%d/api/v1/write
              metadata_config:
                send_interval: 1s
          """.formatted(promPort, port))) {
        Peers.await(60, () -> received.stream()
            .anyMatch(m -> m.family().equals("prometheus_build_info")),
            "Prometheus's metadata arriving at Vigil");
        assertThat(handler.requestsRejected.sum()).isZero();
        JsonNode api = Peers.JSON.readTree(Peers.get(prom.url + "/api/v1/metadata").body())
            .path("data");
        int checked = 0;
        for (String family : List.of("prometheus_build_info", "go_goroutines",
            "prometheus_http_requests_total", "go_gc_duration_seconds",
            "prometheus_http_request_duration_seconds")) {
          JsonNode e = api.path(family).path(0);
          assertThat(e.isMissingNode()).as("%s in Prometheus's API", family).isFalse();
          assertThat(received).contains(new FamilyMetadata(family, e.path("type").asText(),
              e.path("help").asText(), e.path("unit").asText()));
          checked++;
        }
        assertThat(checked).isEqualTo(5);
        // Nothing that Prometheus does not know of was made up.
        assertThat(received).allMatch(m -> api.has(m.family()), "family known to Prometheus");
        assertThat(handler.metadataReceived.sum()).isGreaterThanOrEqualTo(received.size());
      } finally {
        receiver.stop();
      }
    }
  }

  @Test
  void prometheusAcceptsTheMetadataVigilSends(@TempDir Path dir) throws Exception {
    int promPort = Peers.freePort();
    try (Peers.Prometheus prom = new Peers.Prometheus(dir.resolve("prom"), promPort, """
        global:
          scrape_interval: 1h
        """, "--web.enable-remote-write-receiver");
        Tsdb db = Tsdb.open(dir.resolve("vigil"));
        RemoteStorage remote = new RemoteStorage(db, dir.resolve("vigil/remote_write"),
            new Registry())) {
      remote.metadataSource(() -> RemoteMetadataTest.FAMILIES);
      remote.applyConfig(ConfigLoader.parse("""
          remote_write:
            - url: %s/api/v1/write
              metadata_config:
                send_interval: 200ms
                max_samples_per_send: 3
          """.formatted(prom.url), "test.yml"));
      WriteQueue q = remote.queues().get(0);
      Peers.await(30, () -> q.metrics.metadataSent.sum() >= 2L * RemoteMetadataTest.FAMILIES
          .size(), "two rounds accepted by Prometheus");
      assertThat(q.metrics.metadataFailed.sum()).isZero();
      assertThat(q.metrics.metadataRetried.sum()).isZero();
    }
  }
}
