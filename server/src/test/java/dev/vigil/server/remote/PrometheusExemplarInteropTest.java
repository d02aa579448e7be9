package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Matcher;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exemplars end to end with Debian's Prometheus ({@code --enable-feature=exemplar-storage}): an
 * OpenMetrics target with exemplars is scraped by both Vigil and Prometheus; Vigil remote-writes
 * with {@code send_exemplars: true} to Prometheus's receiver, under the external label
 * {@code source="vigil"} so its series stay apart from Prometheus's own scrape. Prometheus's
 * {@code query_exemplars} must return exactly Vigil's exemplars, and for the same scraped target
 * Vigil's {@code query_exemplars} body must be Prometheus's, byte for byte. The other way,
 * Prometheus remote-writes its own scrape (external label {@code source="prom"}) with
 * {@code send_exemplars: true} to Vigil's receiver, which must then hold exactly Prometheus's
 * exemplars. Each side's write_relabel_configs drops what it received, so nothing loops.
 */
@Timeout(180)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class PrometheusExemplarInteropTest {
  private HttpServer target;
  private VigilServer vigil;
  private Peers.Prometheus prom;
  private String vigilUrl;
  private long base;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    // Exemplars with their own timestamps (recent: receivers refuse very old data), and one
    // without, which takes its sample's scrape time.
    base = System.currentTimeMillis() / 1000 - 60;
    byte[] body = """
        # TYPE ex_requests counter
        # HELP ex_requests Requests.
        ex_requests_total{code="200"} 10 # {trace_id="abc"} 1.5 %d.123
        ex_requests_total{code="500"} 3 # {trace_id="def",span_id="x"} 0.25 %d.5
        # TYPE ex_latency_seconds histogram
        ex_latency_seconds_bucket{le="0.1"} 2 # {trace_id="h1"} 0.05 %d
        ex_latency_seconds_bucket{le="+Inf"} 5 # {trace_id="nots"} 7
        ex_latency_seconds_count 5
        ex_latency_seconds_sum 8.5
        # EOF
        """.formatted(base, base + 1, base + 2).getBytes(StandardCharsets.UTF_8);
    target = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    target.createContext("/metrics", ex -> {
      ex.getResponseHeaders().set("Content-Type",
          "application/openmetrics-text; version=1.0.0; charset=utf-8");
      ex.sendResponseHeaders(200, body.length);
      try (OutputStream o = ex.getResponseBody()) {
        o.write(body);
      }
    });
    target.start();
    String scrape = """
        scrape_configs:
          - job_name: ex
            scrape_interval: 1s
            scrape_timeout: 1s
            static_configs:
              - targets: ['127.0.0.1:%d']
        """.formatted(target.getAddress().getPort());
    int promPort = Peers.freePort();
    int vigilPort = Peers.freePort();
    prom = new Peers.Prometheus(dir.resolve("prom"), promPort, """
        global:
          external_labels:
            source: prom
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            send_exemplars: true
            write_relabel_configs:
              - source_labels: [__name__, source]
                regex: ex_.*;prom
                action: keep
            queue_config:
              batch_send_deadline: 100ms
              min_backoff: 50ms
        """.formatted(vigilPort) + scrape,
        "--web.enable-remote-write-receiver", "--enable-feature=exemplar-storage");
    Path config = dir.resolve("vigil.yml");
    Files.writeString(config, """
        global:
          external_labels:
            source: vigil
        remote_write:
          - url: http://127.0.0.1:%d/api/v1/write
            send_exemplars: true
            write_relabel_configs:
              - source_labels: [__name__, source]
                regex: ex_.*;vigil
                action: keep
            queue_config:
              batch_send_deadline: 100ms
              min_backoff: 50ms
        """.formatted(promPort) + scrape);
    vigil = new VigilServer(config, dir.resolve("vigil-data"),
        new InetSocketAddress("127.0.0.1", vigilPort), false);
    vigil.exemplarStorage(true);
    vigil.remoteWriteReceiver(true);
    vigil.start();
    vigilUrl = "http://127.0.0.1:" + vigil.address().getPort();
  }

  @AfterAll
  void stop() throws Exception {
    if (vigil != null) {
      vigil.close();
    }
    if (prom != null) {
      prom.close();
    }
    if (target != null) {
      target.stop(0);
    }
  }

  @Test
  void vigilHoldsExactlyTheExemplarsPrometheusSent() throws Exception {
    Peers.await(60, () -> {
      try {
        return exemplars(prom.url, "ex_latency_seconds_bucket{le=\"+Inf\",source=\"\"}",
            System.currentTimeMillis()).contains("nots");
      } catch (Exception e) {
        return false;
      }
    }, "the exemplar without a timestamp in Prometheus");
    long end = System.currentTimeMillis();
    JsonNode own = Peers.JSON.readTree(exemplars(prom.url, "{__name__=~\"ex_.*\",source=\"\"}",
        end));
    for (JsonNode s : own.path("data")) {
      ((ObjectNode) s.path("seriesLabels")).put("source", "prom");
    }
    assertThat(own.path("data")).hasSize(4);
    JsonNode[] received = new JsonNode[1];
    Peers.await(60, () -> {
      try {
        received[0] = Peers.JSON.readTree(exemplars(vigilUrl,
            "{__name__=~\"ex_.*\",source=\"prom\"}", end));
        return received[0].equals(own);
      } catch (Exception e) {
        return false;
      }
    }, "Vigil to hold Prometheus's exemplars\n  Prometheus: " + own + "\n  Vigil: " + received[0]);
  }

  private static String exemplars(String url, String query, long endMs) throws Exception {
    HttpResponse<String> r = Peers.get(url + "/api/v1/query_exemplars?query=" + Peers.q(query)
        + "&start=" + (endMs / 1000 - 3600) + "&end=" + (endMs / 1000.0));
    assertThat(r.statusCode()).as(url + " " + r.body()).isEqualTo(200);
    return r.body();
  }

  @Test
  void vigilAnswersAsPrometheusForTheSameScrapedTarget() throws Exception {
    // Only the exemplars carrying their own timestamps: both servers then hold the same ones.
    String query = "ex_requests_total{source=\"\"} or ex_latency_seconds_bucket{le=\"0.1\","
        + "source=\"\"}";
    String[] got = new String[2];
    Peers.await(60, () -> {
      try {
        long now = System.currentTimeMillis();
        got[0] = exemplars(vigilUrl, query, now);
        got[1] = exemplars(prom.url, query, now);
        return got[0].contains("h1") && got[1].contains("h1");
      } catch (Exception e) {
        return false;
      }
    }, "exemplars scraped by both");
    assertThat(got[0]).contains("\"timestamp\":" + base + ".123");
    assertThat(got[0]).isEqualTo(got[1]);
  }

  @Test
  void prometheusHoldsExactlyTheExemplarsVigilSent() throws Exception {
    Peers.await(60, () -> {
      try {
        return exemplars(vigilUrl, "ex_latency_seconds_bucket{le=\"+Inf\"}",
            System.currentTimeMillis()).contains("nots");
      } catch (Exception e) {
        return false;
      }
    }, "the exemplar without a timestamp in Vigil");
    Peers.await(60, () -> Peers.read(vigil.storage(), 0, Long.MAX_VALUE,
        Matcher.equal("__name__", "ex_latency_seconds_bucket"), Matcher.equal("le", "+Inf"))
        .firstEntry().getValue().size() >= 3, "three scrapes in Vigil");
    // Everything up to now is in Vigil's ring already; later scrapes cannot change this answer.
    long end = System.currentTimeMillis();
    JsonNode local = Peers.JSON.readTree(exemplars(vigilUrl,
        "{__name__=~\"ex_.*\",source=\"\"}", end));
    for (JsonNode s : local.path("data")) {
      ((ObjectNode) s.path("seriesLabels")).put("source", "vigil");
    }
    assertThat(local.path("data")).hasSize(4);
    JsonNode[] remote = new JsonNode[1];
    Peers.await(60, () -> {
      try {
        remote[0] = Peers.JSON.readTree(exemplars(prom.url,
            "{__name__=~\"ex_.*\",source=\"vigil\"}", end));
        return remote[0].equals(local);
      } catch (Exception e) {
        return false;
      }
    }, "Prometheus to hold Vigil's exemplars\n  Vigil: " + local + "\n  Prometheus: " + remote[0]);
    WriteQueue q = vigil.remoteWrite().queues().get(0);
    // Four exemplars, each sent once: repeats in later scrapes never reached the WAL.
    assertThat(q.metrics.exemplarsSent.sum()).isEqualTo(4);
    assertThat(q.metrics.exemplarsFailed.sum()).isZero();
    // The exemplar without a timestamp took its sample's (the scrape's) time.
    TreeMap<Long, Double> samples = Peers.read(vigil.storage(), 0, Long.MAX_VALUE,
        Matcher.equal("__name__", "ex_latency_seconds_bucket"), Matcher.equal("le", "+Inf"))
        .firstEntry().getValue();
    for (JsonNode s : local.path("data")) {
      if (s.path("seriesLabels").path("le").asText().equals("+Inf")) {
        // Repeated unchanged in every scrape, it was kept once, as Prometheus keeps it.
        assertThat(s.path("exemplars")).hasSize(1);
        for (JsonNode e : s.path("exemplars")) {
          assertThat(samples).containsKey(Math.round(e.path("timestamp").asDouble() * 1000));
        }
      }
    }
  }
}
