package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.VigilServer;
import dev.vigil.server.model.Labels;
import dev.vigil.server.promql.engine.Engine;
import dev.vigil.server.promql.engine.EngineOptions;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.web.WebServer;
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
 * The query endpoints of a running server over samples appended to its storage: bodies compared
 * as whole strings where the exact JSON matters (timestamps, value text), errors by type, status
 * and message.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QueryApiTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long T0 = 1_700_000_000_000L;
  private final HttpClient http = HttpClient.newHttpClient();
  private VigilServer server;
  private Path config;
  /** A second web server whose query API runs over a slow engine and a tiny sample limit. */
  private WebServer limited;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    server = new VigilServer(config, dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0),
        false);
    server.start();
    Appender a = server.storage().appender();
    for (int i = 0; i <= 10; i++) {
      long t = T0 + i * 30_000L;
      a.append(0, Labels.of("__name__", "req_total", "job", "api", "code", "200"), t, i * 3);
      a.append(0, Labels.of("__name__", "req_total", "job", "api", "code", "500"), t, i);
      a.append(0, Labels.of("__name__", "temp", "room", "a"), t, 20.25);
    }
    a.commit();
    QueryApi api = new QueryApi(
        new Engine(server.storage(), EngineOptions.DEFAULTS.withMaxSamples(3)), () -> T0);
    limited = WebServer.builder(new InetSocketAddress("127.0.0.1", 0))
        .get("/api/v1/query", ApiJson.handler(api::query))
        .get("/api/v1/query_range", ApiJson.handler(api::queryRange))
        .build();
    limited.start();
  }

  @AfterAll
  void stop() {
    limited.close();
    server.close();
  }

  @Test
  void instantVectorIsWrittenAsPrometheusWritesIt() throws Exception {
    String body = ok(get("/api/v1/query?query=" + q("req_total{code=\"500\"}")
        + "&time=1700000060"));
    assertThat(body).isEqualTo("{\"status\":\"success\",\"data\":{\"resultType\":\"vector\","
        + "\"result\":[{\"metric\":{\"__name__\":\"req_total\",\"code\":\"500\",\"job\":\"api\"},"
        + "\"value\":[1700000060,\"2\"]}]}}");
  }

  @Test
  void vectorTimesKeepThreeFractionDigitsAndValuesUseGoFormatting() throws Exception {
    assertThat(ok(get("/api/v1/query?query=temp*1e21&time=1700000060.5"))).contains(
        "\"value\":[1700000060.500,\"20250000000000000000000\"]");
    assertThat(ok(get("/api/v1/query?query=temp/3&time=1700000060.05"))).contains(
        "\"value\":[1700000060.050,\"6.75\"]");
    assertThat(ok(get("/api/v1/query?query=" + q("-temp/0") + "&time=2015-07-01T20:10:51.781Z")))
        .contains("\"result\":[]");
    assertThat(ok(get("/api/v1/query?query=" + q("-temp/0") + "&time=1700000060")))
        .contains("\"value\":[1700000060,\"-Inf\"]");
  }

  @Test
  void timestampsAsPrometheusWritesThem() {
    long[] ms = {0, 1, 10, 100, 1500, 1050, 1005, 1234, -500, -1500, -1001, 1700000000000L};
    String[] full = {"0", "0.001", "0.010", "0.100", "1.500", "1.050", "1.005", "1.234",
        "-0.500", "-1.500", "-1.001", "1700000000"};
    String[] shortest = {"0", "0.001", "0.01", "0.1", "1.5", "1.05", "1.005", "1.234", "-0.5",
        "-1.5", "-1.001", "1700000000"};
    for (int i = 0; i < ms.length; i++) {
      StringBuilder sb = new StringBuilder();
      QueryJson.appendTimestamp(sb, ms[i]);
      assertThat(sb.toString()).as("%d ms", ms[i]).isEqualTo(full[i]);
      sb.setLength(0);
      QueryJson.appendShortTimestamp(sb, ms[i]);
      assertThat(sb.toString()).as("%d ms, shortest", ms[i]).isEqualTo(shortest[i]);
    }
  }

  @Test
  void scalarsAndStringsArePairs() throws Exception {
    assertThat(ok(get("/api/v1/query?query=1.5&time=1700000000.001"))).isEqualTo(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"scalar\","
            + "\"result\":[1700000000.001,\"1.5\"]}}");
    assertThat(ok(get("/api/v1/query?query=2&time=1700000000.5"))).contains(
        "\"result\":[1700000000.5,\"2\"]");
    assertThat(ok(get("/api/v1/query?query=" + q("\"hi\"") + "&time=1"))).isEqualTo(
        "{\"status\":\"success\",\"data\":{\"resultType\":\"string\",\"result\":[1,\"hi\"]}}");
  }

  @Test
  void rangeQueryTakesStepAsDurationOrSeconds() throws Exception {
    String expected = "{\"status\":\"success\",\"data\":{\"resultType\":\"matrix\","
        + "\"result\":[{\"metric\":{\"room\":\"a\"},\"values\":[[1700000000,\"21.25\"],"
        + "[1700000060,\"21.25\"],[1700000120,\"21.25\"]]}]}}";
    String path = "/api/v1/query_range?query=" + q("temp + 1")
        + "&start=1700000000&end=1700000120&step=";
    assertThat(ok(get(path + "1m"))).isEqualTo(expected);
    assertThat(ok(get(path + "60"))).isEqualTo(expected);
    assertThat(ok(post("/api/v1/query_range", "query=" + q("temp + 1")
        + "&start=1700000000&end=1700000120&step=60.0"))).isEqualTo(expected);
  }

  @Test
  void postFormWorksForInstantQueries() throws Exception {
    JsonNode body = JSON.readTree(ok(post("/api/v1/query",
        "query=" + q("sum by (job) (req_total)") + "&time=1700000300")));
    assertThat(body.at("/data/result/0/metric").toString()).isEqualTo("{\"job\":\"api\"}");
    assertThat(body.at("/data/result/0/value/1").asText()).isEqualTo("40");
  }

  @Test
  void limitTruncatesSeriesWithAWarning() throws Exception {
    JsonNode body = JSON.readTree(ok(get("/api/v1/query?query=req_total&time=1700000300"
        + "&limit=1")));
    assertThat(body.at("/data/result").size()).isEqualTo(1);
    assertThat(body.at("/warnings/0").asText()).isEqualTo("results truncated due to limit");
    body = JSON.readTree(ok(get("/api/v1/query?query=req_total&time=1700000300&limit=2")));
    assertThat(body.at("/data/result").size()).isEqualTo(2);
    assertThat(body.has("warnings")).isFalse();
  }

  @Test
  void statsHaveTimingsAndSamples() throws Exception {
    JsonNode stats = JSON.readTree(ok(get("/api/v1/query_range?query=req_total&start=1700000000"
        + "&end=1700000300&step=30&stats=all"))).at("/data/stats");
    assertThat(stats.get("timings").fieldNames()).toIterable().containsExactly("evalTotalTime",
        "resultSortTime", "queryPreparationTime", "innerEvalTime", "execQueueTime",
        "execTotalTime");
    assertThat(stats.at("/samples/totalQueryableSamples").asLong()).isEqualTo(22);
    assertThat(stats.at("/samples/peakSamples").asLong()).isPositive();
    assertThat(ok(get("/api/v1/query?query=1&time=1"))).doesNotContain("stats");
  }

  @Test
  void badParametersAreRefusedWithPrometheusWording() throws Exception {
    error(get("/api/v1/query?query=" + q("sum(") + "&time=1"), 400, "bad_data",
        "invalid parameter \"query\": 1:5: parse error: unclosed left parenthesis");
    error(get("/api/v1/query?query=1&time=soon"), 400, "bad_data",
        "invalid parameter \"time\": invalid time value for 'time': cannot parse \"soon\" to a "
            + "valid timestamp");
    error(get("/api/v1/query_range?query=1&start=10&end=5&step=1"), 400, "bad_data",
        "invalid parameter \"end\": end timestamp must not be before start time");
    error(get("/api/v1/query_range?query=1&start=0&end=5&step=0"), 400, "bad_data",
        "invalid parameter \"step\": zero or negative query resolution step widths are not "
            + "accepted. Try a positive integer");
    error(get("/api/v1/query_range?query=1&start=0&end=5&step=often"), 400, "bad_data",
        "invalid parameter \"step\": cannot parse \"often\" to a valid duration");
    error(get("/api/v1/query_range?query=1&start=0&end=11001&step=1"), 400, "bad_data",
        "exceeded maximum resolution of 11,000 points per timeseries. Try decreasing the query "
            + "resolution (?step=XX)");
    ok(get("/api/v1/query_range?query=1&start=0&end=11000&step=1"));
    error(get("/api/v1/query_range?query=1&end=5&step=1"), 400, "bad_data",
        "invalid parameter \"start\": cannot parse \"\" to a valid timestamp");
    error(get("/api/v1/query?query=1&timeout=soon"), 400, "bad_data",
        "invalid parameter \"timeout\": cannot parse \"soon\" to a valid duration");
    error(get("/api/v1/query_range?query=" + q("temp[5m]") + "&start=0&end=5&step=1"), 400,
        "bad_data", "invalid expression type \"range vector\" for range query, must be Scalar or "
            + "instant Vector");
    error(get("/api/v1/query_range?query=" + q("sum(") + "&start=0&end=5&step=1"), 400,
        "bad_data", "1:5: parse error: unclosed left parenthesis");
  }

  @Test
  void aShorterTimeoutStopsTheQueryItself() throws Exception {
    // About 17 million samples at one-second steps: far longer than a millisecond to evaluate.
    String heavy = "/api/v1/query?query=" + q("count_over_time(req_total[200d:1s])")
        + "&time=1700000300&timeout=";
    long begin = System.nanoTime();
    HttpResponse<String> r = get(heavy + "1ms");
    assertThat(r.statusCode()).isEqualTo(503);
    assertThat(JSON.readTree(r.body()).get("errorType").asText()).isEqualTo("timeout");
    assertThat(JSON.readTree(r.body()).get("error").asText())
        .startsWith("query timed out in ");
    assertThat(System.nanoTime() - begin).isLessThan(2_000_000_000L);
    // An expired timeout fails before evaluation starts, with Prometheus's wording.
    error(get("/api/v1/query?query=1&timeout=0"), 503, "timeout",
        "query timed out in query execution");
    error(get("/api/v1/query?query=1&timeout=-1"), 503, "timeout",
        "query timed out in query execution");
    assertThat(ok(get("/api/v1/query?query=1&timeout=5s"))).contains("\"1\"");
  }

  @Test
  void lookbackDeltaIsPerQuery() throws Exception {
    // The last temp sample is at T0 + 300 s; the query is 30 s later.
    String path = "/api/v1/query?query=temp&time=1700000330";
    assertThat(ok(get(path))).contains("\"20.25\"");
    assertThat(ok(get(path + "&lookback_delta=20s"))).contains("\"result\":[]");
    assertThat(ok(get(path + "&lookback_delta=40"))).contains("\"20.25\"");
    // Zero or negative leaves the server's setting, as in Prometheus.
    assertThat(ok(get(path + "&lookback_delta=0"))).contains("\"20.25\"");
    assertThat(ok(get("/api/v1/query_range?query=temp&start=1700000330&end=1700000340&step=10"
        + "&lookback_delta=35s"))).contains("[1700000330,\"20.25\"]")
        .doesNotContain("1700000340");
    error(get(path + "&lookback_delta=soon"), 400, "bad_data",
        "error parsing lookback delta duration: cannot parse \"soon\" to a valid duration");
  }

  @Test
  void tooManySamplesIsAnExecutionError() throws Exception {
    error(send(limited, "/api/v1/query_range?query=req_total&start=1700000000&end=1700000300"
        + "&step=30"), 422, "execution",
        "query processing would load too many samples into memory in query execution");
  }

  @Test
  void subqueriesWithoutStepUseTheEvaluationIntervalAfterAReload() throws Exception {
    String path = "/api/v1/query?query=" + q("count_over_time(temp[4m:])") + "&time=1700000300";
    // T0 is 20 s past a minute: steps at +100, +160, +220 and +280 s fall in (T0+60, T0+300].
    assertThat(ok(get(path))).contains("\"4\"");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n  evaluation_interval: 2m\n");
    server.reload();
    try {
      // Every 2 minutes: +160 and +280 s.
      assertThat(ok(get(path))).contains("\"2\"");
    } finally {
      Files.writeString(config, "global:\n  scrape_interval: 1m\n");
      server.reload();
    }
    assertThat(ok(get(path))).contains("\"4\"");
  }

  @Test
  void formatAndParseQuery() throws Exception {
    assertThat(ok(get("/api/v1/format_query?query=" + q("foo/bar")))).isEqualTo(
        "{\"status\":\"success\",\"data\":\"foo / bar\"}");
    JsonNode ast = JSON.readTree(ok(post("/api/v1/parse_query", "query=" + q("foo/bar"))));
    assertThat(ast.at("/data/type").asText()).isEqualTo("binaryExpr");
    assertThat(ast.at("/data/lhs/name").asText()).isEqualTo("foo");
    error(get("/api/v1/format_query?query=" + q("foo{")), 400, "bad_data",
        "invalid parameter \"query\": 1:5: parse error: unexpected end of input inside braces");
  }

  @Test
  void matchSelectorsUseThePromqlParser() throws Exception {
    JsonNode body = JSON.readTree(ok(get("/api/v1/series?match[]="
        + q("{__name__=~\"req_.*\", code!~\"5..\"}"))));
    assertThat(body.at("/data").size()).isEqualTo(1);
    error(get("/api/v1/series?match[]=" + q("req_total[5m]")), 400, "bad_data",
        "invalid parameter \"match[]\": 1:10: parse error: unexpected \"[\"");
  }

  private HttpResponse<String> get(String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(server.address(), pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(WebServer s, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(s.boundAddress(), pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> post(String path, String form) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(server.address(), path))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(InetSocketAddress a, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + a.getPort() + pathAndQuery);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  private static String ok(HttpResponse<String> r) {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    return r.body();
  }

  private static void error(HttpResponse<String> r, int status, String type, String message)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("errorType").asText()).isEqualTo(type);
    assertThat(body.get("error").asText()).isEqualTo(message);
  }
}
