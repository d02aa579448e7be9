package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.storage.Appender;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code /api/v1/query_exemplars} of a running server with exemplar storage on, bodies compared
 * with golden strings, and the exemplar self-metrics on {@code /metrics}.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ExemplarsApiTest {
  private final HttpClient http = HttpClient.newHttpClient();
  private VigilServer server;
  private VigilServer off;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, "storage:\n  exemplars:\n    max_exemplars: 3\n");
    server = new VigilServer(file, dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0),
        false);
    server.exemplarStorage(true);
    server.start();
    off = new VigilServer(file, dir.resolve("data-off"), new InetSocketAddress("127.0.0.1", 0),
        false);
    off.start();
    for (VigilServer s : new VigilServer[] {server, off}) {
      Appender a = s.storage().appender();
      Labels ok = Labels.of("__name__", "rpc_total", "code", "200");
      Labels bad = Labels.of("__name__", "rpc_total", "code", "500");
      long r1 = a.append(0, ok, 1_000_000, 1);
      long r2 = a.append(0, bad, 1_000_000, 2);
      a.appendExemplar(r1, ok, Labels.of("trace_id", "t1"), 999_500, 0.25, true);
      a.appendExemplar(r2, bad, Labels.EMPTY, 1_000_000, 1e-7, true);
      a.appendExemplar(r1, ok, Labels.of("trace_id", "t2", "span", "s"), 1_000_250, 12, true);
      a.commit();
    }
  }

  @AfterAll
  void stop() {
    server.close();
    off.close();
  }

  private HttpResponse<String> get(VigilServer s, String query) throws Exception {
    return http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + s.address().getPort() + "/api/v1/query_exemplars?" + query)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  @Test
  void answersPrometheusShapeForEverySelectorOfTheQuery() throws Exception {
    HttpResponse<String> r = get(server, "query=" + q("sum(rate(rpc_total{code=\"200\"}[5m]))"
        + " / rpc_total{code=\"500\"}") + "&start=999&end=1001");
    assertThat(r.statusCode()).isEqualTo(200);
    // Values as Go's strconv 'f' formats them (0.0000001, not 1e-07), as the query API does.
    assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":["
        + "{\"seriesLabels\":{\"__name__\":\"rpc_total\",\"code\":\"200\"},\"exemplars\":["
        + "{\"labels\":{\"trace_id\":\"t1\"},\"value\":\"0.25\",\"timestamp\":999.500},"
        + "{\"labels\":{\"span\":\"s\",\"trace_id\":\"t2\"},\"value\":\"12\","
        + "\"timestamp\":1000.250}]},"
        + "{\"seriesLabels\":{\"__name__\":\"rpc_total\",\"code\":\"500\"},\"exemplars\":["
        + "{\"labels\":{},\"value\":\"0.0000001\",\"timestamp\":1000}]}]}");
  }

  @Test
  void timeRangeAndPostFormWork() throws Exception {
    HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.address().getPort() + "/api/v1/query_exemplars"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString("query=" + q("rpc_total")
            + "&start=1000.1&end=1000.3")).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(r.body()).isEqualTo("{\"status\":\"success\",\"data\":["
        + "{\"seriesLabels\":{\"__name__\":\"rpc_total\",\"code\":\"200\"},\"exemplars\":["
        + "{\"labels\":{\"span\":\"s\",\"trace_id\":\"t2\"},\"value\":\"12\","
        + "\"timestamp\":1000.250}]}]}");
    assertThat(get(server, "query=" + q("nothing_here")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":[]}");
    assertThat(get(server, "query=" + q("1 + 1")).body())
        .isEqualTo("{\"status\":\"success\",\"data\":null}");
  }

  @Test
  void badInputIsBadData() throws Exception {
    HttpResponse<String> r = get(server, "query=" + q("rpc_total{"));
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).startsWith("{\"status\":\"error\",\"errorType\":\"bad_data\","
        + "\"error\":\"1:11: parse error: ");
    r = get(server, "query=rpc_total&start=10&end=5");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).isEqualTo("{\"status\":\"error\",\"errorType\":\"bad_data\","
        + "\"error\":\"end timestamp must not be before start timestamp\"}");
    r = get(server, "query=rpc_total&start=yesterday");
    assertThat(r.statusCode()).isEqualTo(400);
    assertThat(r.body()).contains("\"errorType\":\"bad_data\"", "invalid parameter \\\"start\\\"");
  }

  @Test
  void withoutTheFeatureNothingIsKept() throws Exception {
    assertThat(get(off, "query=rpc_total").body())
        .isEqualTo("{\"status\":\"success\",\"data\":[]}");
  }

  @Test
  void aReloadResizesTheRingKeepingTheNewest(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, "storage:\n  exemplars:\n    max_exemplars: 10\n");
    try (VigilServer s = new VigilServer(file, dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      s.exemplarStorage(true);
      s.start();
      Labels series = Labels.of("__name__", "rpc_total");
      for (int i = 1; i <= 5; i++) {
        Appender a = s.storage().appender();
        long ref = a.append(0, series, i * 1000L, i);
        a.appendExemplar(ref, series, Labels.of("trace_id", "t" + i), i * 1000L, i, true);
        a.commit();
      }
      Files.writeString(file, "storage:\n  exemplars:\n    max_exemplars: 2\n");
      s.reload();
      assertThat(s.storage().head().exemplars().capacity()).isEqualTo(2);
      assertThat(get(s, "query=rpc_total").body()).isEqualTo("{\"status\":\"success\",\"data\":["
          + "{\"seriesLabels\":{\"__name__\":\"rpc_total\"},\"exemplars\":["
          + "{\"labels\":{\"trace_id\":\"t4\"},\"value\":\"4\",\"timestamp\":4},"
          + "{\"labels\":{\"trace_id\":\"t5\"},\"value\":\"5\",\"timestamp\":5}]}]}");
      Files.writeString(file, "storage:\n  exemplars:\n    max_exemplars: 0\n");
      s.reload();
      assertThat(get(s, "query=rpc_total").body())
          .isEqualTo("{\"status\":\"success\",\"data\":[]}");
    }
  }

  @Test
  void selfMetricsFollowTheRing() throws Exception {
    String metrics = http.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:"
        + server.address().getPort() + "/metrics")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    assertThat(metrics).contains("prometheus_tsdb_exemplar_max_exemplars 3\n",
        "prometheus_tsdb_exemplar_exemplars_in_storage 3\n",
        "prometheus_tsdb_exemplar_series_with_exemplars_in_storage 2\n",
        "prometheus_tsdb_exemplar_exemplars_appended_total 3\n",
        "prometheus_tsdb_exemplar_out_of_order_exemplars_total 0\n",
        "prometheus_tsdb_exemplar_last_exemplars_timestamp_seconds 999.5");
  }
}
