package dev.vigil.server.remote;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.tsdb.Tsdb;
import io.undertow.Undertow;
import io.undertow.server.handlers.BlockingHandler;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's Prometheus with {@code remote_read} pointed at Vigil's read endpoint (it asks for
 * SAMPLES; see {@link PrometheusStreamedReadTest} for the streamed type) answers a range query
 * with exactly Vigil's samples: NaN with a payload, infinities, signed zero, irregular and large
 * gaps, hundreds of samples per series. Stale markers are stored and sent too, but PromQL leaves
 * them out of range vectors, so the expected samples are Vigil's less its stale markers.
 */
class PrometheusRemoteReadValuesTest {
  @Test
  void prometheusReadsExactlyVigilsSamples(@TempDir Path dir) throws Exception {
    long now = System.currentTimeMillis();
    long base = now - 3_600_000 + 11;
    Labels irregular = Labels.of("__name__", "vigil_rr_values", "kind", "irregular");
    Labels regular = Labels.of("__name__", "vigil_rr_values", "kind", "regular");
    long[][] a = PrometheusStreamedReadTest.irregular(base);
    long[][] b = PrometheusStreamedReadTest.regular(base + 60_000);
    try (Tsdb db = Tsdb.open(dir.resolve("vigil"))) {
      Appender app = db.appender();
      for (int i = 0; i < a[0].length; i++) {
        app.append(0, irregular, a[0][i], Double.longBitsToDouble(a[1][i]));
      }
      for (int i = 0; i < b[0].length; i++) {
        app.append(0, regular, b[0][i], Double.longBitsToDouble(b[1][i]));
      }
      app.commit();
      Undertow vigil = Undertow.builder().addHttpListener(0, "127.0.0.1")
          .setHandler(new BlockingHandler(new ReadHandler(db, () -> Labels.EMPTY))).build();
      vigil.start();
      int port = ((InetSocketAddress) vigil.getListenerInfo().get(0).getAddress()).getPort();
      try (Peers.Prometheus prom = new Peers.Prometheus(dir.resolve("prom"), Peers.freePort(),
          """
          global:
            scrape_interval: 1h
          remote_read:
            - url: http://127.0.0.1:%d/api/v1/read
              read_recent: true
          """.formatted(port))) {
        long at = a[0][a[0].length - 1] + 1;
        var got = Peers.matrix(prom.url, "vigil_rr_values[2h]", at);
        assertThat(got).hasSize(2);
        assertThat(got.get("{\"__name__\":\"vigil_rr_values\",\"kind\":\"irregular\"}"))
            .isEqualTo(expected(a, at - 7_200_000, at));
        assertThat(got.get("{\"__name__\":\"vigil_rr_values\",\"kind\":\"regular\"}"))
            .hasSize(360).isEqualTo(expected(b, at - 7_200_000, at));
      } finally {
        vigil.stop();
      }
    }
  }

  /** Samples in (from, to] as the query API shows them: stale markers left out. */
  private static TreeMap<Long, Double> expected(long[][] s, long from, long to) {
    TreeMap<Long, Double> out = new TreeMap<>();
    for (int i = 0; i < s[0].length; i++) {
      if (s[0][i] > from && s[0][i] <= to && s[1][i] != StreamedReadTest.STALE_NAN) {
        out.put(s[0][i], Double.longBitsToDouble(s[1][i]));
      }
    }
    return out;
  }
}
