package dev.vigil.server.api;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.client.core.Counter;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The metadata, status and admin endpoints of a running server (ephemeral port, temporary data
 * directory) with samples appended straight to its storage and one real target scraped for
 * metadata; bodies are checked field by field.
 */
@Timeout(60)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class ApiEndpointsTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();
  private final long now = System.currentTimeMillis();

  private HTTPServer app;
  private VigilServer server;
  private String yaml;

  @BeforeAll
  void start(@TempDir Path dir) throws Exception {
    Registry registry = new Registry();
    Counter.builder().name("app_requests").help("Requests served.").register(registry).inc();
    app = HTTPServer.builder().hostname("127.0.0.1").registry(registry).start();
    yaml = "global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\nscrape_configs:\n"
        + "  - job_name: app\n    static_configs:\n      - targets: ['127.0.0.1:" + app.getPort()
        + "']\n";
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, yaml);
    server = new VigilServer(file, dir.resolve("data"), new InetSocketAddress("127.0.0.1", 0),
        false);
    server.flags(Map.of("storage.tsdb.path", "data/", "web.enable-admin-api", "false"));
    server.start();
    Appender a = server.storage().appender();
    a.append(0, Labels.of("__name__", "rpc", "job", "api", "code", "200"), now - 60_000, 1);
    a.append(0, Labels.of("__name__", "rpc", "job", "api", "code", "500"), now - 60_000, 2);
    a.append(0, Labels.of("__name__", "rpc", "job", "db", "code", "200"), now - 60_000, 3);
    a.append(0, Labels.of("__name__", "disk", "job", "db", "dev.name", "sda"), now - 60_000, 4);
    a.commit();
  }

  @AfterAll
  void stop() {
    server.close();
    app.close();
  }

  private HttpResponse<String> get(VigilServer s, String pathAndQuery) throws Exception {
    return http.send(HttpRequest.newBuilder(uri(s, pathAndQuery)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  private HttpResponse<String> send(VigilServer s, String method, String pathAndQuery,
      String form) throws Exception {
    HttpRequest.Builder b = HttpRequest.newBuilder(uri(s, pathAndQuery));
    if (form != null) {
      b.header("Content-Type", "application/x-www-form-urlencoded");
    }
    b.method(method, form == null ? HttpRequest.BodyPublishers.noBody()
        : HttpRequest.BodyPublishers.ofString(form));
    return http.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(VigilServer s, String pathAndQuery) {
    return URI.create("http://127.0.0.1:" + s.address().getPort() + pathAndQuery);
  }

  private static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /** The body of a 200 success envelope. */
  private static JsonNode ok(HttpResponse<String> r) throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type")).hasValue("application/json");
    JsonNode body = JSON.readTree(r.body());
    assertThat(body.get("status").asText()).isEqualTo("success");
    return body;
  }

  private static void error(HttpResponse<String> r, int status, String type, String message)
      throws Exception {
    assertThat(r.statusCode()).as(r.body()).isEqualTo(status);
    JsonNode body = JSON.readTree(r.body());
    assertThat(fieldNames(body)).containsExactly("status", "errorType", "error");
    assertThat(body.get("status").asText()).isEqualTo("error");
    assertThat(body.get("errorType").asText()).isEqualTo(type);
    assertThat(body.get("error").asText()).isEqualTo(message);
  }

  private static List<String> fieldNames(JsonNode n) {
    List<String> out = new ArrayList<>();
    n.fieldNames().forEachRemaining(out::add);
    return out;
  }

  private static List<String> texts(JsonNode array) {
    List<String> out = new ArrayList<>();
    array.forEach(n -> out.add(n.asText()));
    return out;
  }

  @Test
  void seriesBySelectorsInLabelOrder() throws Exception {
    JsonNode body = ok(get(server, "/api/v1/series?match[]=" + q("rpc{job=\"api\"}")));
    assertThat(fieldNames(body)).containsExactly("status", "data");
    assertThat(body.get("data")).hasSize(2);
    JsonNode first = body.get("data").get(0);
    assertThat(fieldNames(first)).containsExactly("__name__", "code", "job");
    assertThat(first.get("code").asText()).isEqualTo("200");
    assertThat(body.get("data").get(1).get("code").asText()).isEqualTo("500");

    // Two selectors: the union, each series once, in label order.
    body = ok(get(server, "/api/v1/series?match[]=rpc&match[]=" + q("{job=\"db\"}")));
    List<String> got = new ArrayList<>();
    body.get("data").forEach(s -> got.add(s.get("__name__").asText() + "/" + s.get("job")
        .asText() + "/" + s.path("code").asText()));
    // Labels order by name, then value: code sorts before job.
    assertThat(got).containsExactly("disk/db/", "rpc/api/200", "rpc/db/200", "rpc/api/500");
  }

  @Test
  void seriesLimitWarnsWhenItCuts() throws Exception {
    JsonNode body = ok(get(server, "/api/v1/series?match[]=rpc&limit=2"));
    assertThat(body.get("data")).hasSize(2);
    assertThat(fieldNames(body)).containsExactly("status", "data", "warnings");
    assertThat(texts(body.get("warnings"))).containsExactly("results truncated due to limit");
    body = ok(get(server, "/api/v1/series?match[]=rpc&limit=3"));
    assertThat(body.get("data")).hasSize(3);
    assertThat(body.has("warnings")).isFalse();
  }

  @Test
  void seriesTimeRange() throws Exception {
    JsonNode body = ok(get(server, "/api/v1/series?match[]=rpc&start=0&end=1"));
    assertThat(body.get("data").isArray()).isTrue();
    assertThat(body.get("data")).isEmpty();
    String start = java.time.Instant.ofEpochMilli(now - 120_000).toString();
    body = ok(get(server, "/api/v1/series?match[]=rpc&start=" + start + "&end="
        + (now / 1000.0)));
    assertThat(body.get("data")).hasSize(3);
  }

  @Test
  void seriesErrors() throws Exception {
    error(get(server, "/api/v1/series"), 400, "bad_data", "no match[] parameter provided");
    error(get(server, "/api/v1/series?match[]=rpc&start=yesterday"), 400, "bad_data",
        "invalid parameter \"start\": invalid time value for 'start': cannot parse "
            + "\"yesterday\" to a valid timestamp");
    error(get(server, "/api/v1/series?match[]=rpc&limit=-1"), 400, "bad_data",
        "invalid parameter \"limit\": limit must be non-negative");
    error(get(server, "/api/v1/series?match[]=" + q("{job=~\".*\"}")), 400, "bad_data",
        "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
    error(get(server, "/api/v1/series?match[]=" + q("rpc{job=}")), 400, "bad_data",
        "invalid parameter \"match[]\": 1:9: parse error: unexpected \"}\" in label matching, "
            + "expected string");
  }

  @Test
  void postFormsReadLikeQueries() throws Exception {
    // Body values and URL values together, as Go's Request.Form has them.
    JsonNode body = ok(send(server, "POST", "/api/v1/series?match[]=disk",
        "match[]=" + q("rpc{code=\"500\"}")));
    assertThat(body.get("data")).hasSize(2);
    body = ok(send(server, "POST", "/api/v1/labels", "match[]=disk&limit=0"));
    assertThat(texts(body.get("data"))).containsExactly("__name__", "dev.name", "job");
    body = ok(send(server, "POST", "/api/v1/label/job/values", "match[]=rpc"));
    assertThat(texts(body.get("data"))).containsExactly("api", "db");
    error(send(server, "POST", "/api/v1/series", "limit=x"), 400, "bad_data",
        "no match[] parameter provided");
  }

  @Test
  void labelNamesAndValues() throws Exception {
    assertThat(texts(ok(get(server, "/api/v1/labels")).get("data")))
        .contains("__name__", "code", "dev.name", "job").isSorted();
    assertThat(texts(ok(get(server, "/api/v1/labels?match[]=rpc")).get("data")))
        .containsExactly("__name__", "code", "job");
    JsonNode limited = ok(get(server, "/api/v1/labels?match[]=rpc&limit=1"));
    assertThat(texts(limited.get("data"))).containsExactly("__name__");
    assertThat(texts(limited.get("warnings"))).containsExactly("results truncated due to limit");

    assertThat(texts(ok(get(server, "/api/v1/label/__name__/values")).get("data")))
        .contains("disk", "rpc").isSorted();
    assertThat(texts(ok(get(server, "/api/v1/label/code/values?match[]=" + q("{job=\"db\"}")))
        .get("data"))).containsExactly("200");
    assertThat(texts(ok(get(server, "/api/v1/label/U__dev_2e_name/values")).get("data")))
        .containsExactly("sda");
    assertThat(ok(get(server, "/api/v1/label/code/values?start=0&end=1")).get("data"))
        .isEmpty();
    assertThat(ok(get(server, "/api/v1/label/nothing/values")).get("data")).isEmpty();
    error(get(server, "/api/v1/label/code/values?end=x"), 400, "bad_data",
        "invalid parameter \"end\": invalid time value for 'end': cannot parse \"x\" to a "
            + "valid timestamp");
  }

  @Test
  void metadataFromTheScrapedTarget() throws Exception {
    long deadline = System.currentTimeMillis() + 20_000;
    JsonNode data;
    do {
      Thread.sleep(100);
      data = ok(get(server, "/api/v1/metadata")).get("data");
    } while (!data.has("app_requests") && System.currentTimeMillis() < deadline);
    JsonNode entries = data.get("app_requests");
    assertThat(entries).as(data.toString()).hasSize(1);
    assertThat(fieldNames(entries.get(0))).containsExactly("type", "help", "unit");
    assertThat(entries.get(0).get("type").asText()).isEqualTo("counter");
    assertThat(entries.get(0).get("help").asText()).isEqualTo("Requests served.");
    assertThat(entries.get(0).get("unit").asText()).isEmpty();

    assertThat(fieldNames(ok(get(server, "/api/v1/metadata?metric=app_requests"))
        .get("data"))).containsExactly("app_requests");
    assertThat(ok(get(server, "/api/v1/metadata?metric=nope")).get("data")).isEmpty();
    assertThat(ok(get(server, "/api/v1/metadata?limit=1")).get("data")).hasSize(1);
    assertThat(ok(get(server, "/api/v1/metadata?limit=0")).get("data")).isEmpty();
    assertThat(ok(get(server, "/api/v1/metadata?limit_per_metric=1")).get("data")
        .get("app_requests")).hasSize(1);
    error(get(server, "/api/v1/metadata?limit=x"), 400, "bad_data", "limit must be a number");
    error(get(server, "/api/v1/metadata?limit_per_metric=x"), 400, "bad_data",
        "limit_per_metric must be a number");

    JsonNode rows = ok(get(server, "/api/v1/targets/metadata?match_target="
        + q("{job=\"app\"}") + "&metric=app_requests")).get("data");
    assertThat(rows).hasSize(1);
    assertThat(fieldNames(rows.get(0))).containsExactly("target", "type", "help", "unit");
    assertThat(rows.get(0).get("target").get("job").asText()).isEqualTo("app");
    assertThat(rows.get(0).get("target").get("instance").asText())
        .isEqualTo("127.0.0.1:" + app.getPort());
    rows = ok(get(server, "/api/v1/targets/metadata?match_target=" + q("{job=\"app\"}")))
        .get("data");
    assertThat(rows.size()).isGreaterThanOrEqualTo(1);
    assertThat(fieldNames(rows.get(0))).containsExactly("target", "metric", "type", "help",
        "unit");
    assertThat(ok(get(server, "/api/v1/targets/metadata?match_target="
        + q("{job=\"other\"}"))).get("data")).isEmpty();
    // Prometheus takes a match-everything target selector here; only match[] refuses one.
    assertThat(ok(get(server, "/api/v1/targets/metadata?match_target="
        + q("{job=~\".*\"}"))).get("data").size()).isGreaterThanOrEqualTo(rows.size());
    assertThat(ok(get(server, "/api/v1/targets/metadata?limit=0")).get("data")).isEmpty();
    error(get(server, "/api/v1/targets/metadata?limit=many"), 400, "bad_data",
        "limit must be a number");
    error(get(server, "/api/v1/targets/metadata?match_target=" + q("{job=")), 400,
        "bad_data", "invalid parameter \"match_target\": 1:6: parse error: unexpected end of "
            + "input inside braces");
  }

  @Test
  void statusEndpoints() throws Exception {
    JsonNode config = ok(get(server, "/api/v1/status/config")).get("data");
    assertThat(fieldNames(config)).containsExactly("yaml");
    assertThat(config.get("yaml").asText()).isEqualTo(yaml);

    JsonNode flags = ok(get(server, "/api/v1/status/flags")).get("data");
    assertThat(flags.get("storage.tsdb.path").asText()).isEqualTo("data/");
    assertThat(flags.get("web.enable-admin-api").asText()).isEqualTo("false");

    JsonNode info = ok(get(server, "/api/v1/status/runtimeinfo")).get("data");
    assertThat(info.get("reloadConfigSuccess").asBoolean()).isTrue();
    assertThat(info.get("CWD").asText()).isEqualTo(Path.of("").toAbsolutePath().toString());
    assertThat(info.get("goroutineCount").asInt()).isPositive();
    assertThat(info.get("GOMAXPROCS").asInt())
        .isEqualTo(Runtime.getRuntime().availableProcessors());
    assertThat(info.get("GOGC").asText()).isEmpty();
    assertThat(info.get("GODEBUG").asText()).isEmpty();
    assertThat(info.get("storageRetention").asText()).isEqualTo("15d");
    assertThat(info.get("corruptionCount").asLong()).isZero();
    assertThat(info.get("timeSeriesCount").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(java.time.OffsetDateTime.parse(info.get("startTime").asText()).toInstant())
        .isBeforeOrEqualTo(java.time.Instant.now());
    assertThat(java.time.OffsetDateTime.parse(info.get("lastConfigTime").asText())).isNotNull();

    JsonNode build = ok(get(server, "/api/v1/status/buildinfo")).get("data");
    assertThat(fieldNames(build)).containsExactly("version", "revision", "branch", "buildUser",
        "buildDate", "goVersion");
    assertThat(build.get("version").asText()).isEqualTo("dev"); // classes, not the jar
    assertThat(build.get("goVersion").asText()).isEqualTo("java " + Runtime.version());
  }

  @Test
  void targetsAndTsdbStatusUseTheSameEnvelope() throws Exception {
    JsonNode targets = ok(get(server, "/api/v1/targets")).get("data");
    assertThat(fieldNames(targets)).containsExactly("activeTargets", "droppedTargets",
        "droppedTargetCounts");
    assertThat(targets.get("activeTargets").get(0).get("scrapePool").asText()).isEqualTo("app");
    assertThat(targets.get("droppedTargetCounts").get("app").asInt()).isZero();
    assertThat(ok(get(server, "/api/v1/targets?state=dropped")).get("data")
        .get("activeTargets")).isEmpty();

    JsonNode tsdb = ok(get(server, "/api/v1/status/tsdb?limit=1")).get("data");
    assertThat(tsdb.get("seriesCountByMetricName")).hasSize(1);
    assertThat(tsdb.get("headStats").get("numSeries").asInt()).isGreaterThanOrEqualTo(4);
    error(get(server, "/api/v1/status/tsdb?limit=0"), 400, "bad_data",
        "limit must be a positive number");
    error(get(server, "/api/v1/status/tsdb?limit=10001"), 400, "bad_data",
        "limit must not exceed 10000");
  }

  @Test
  void adminApiIsUnavailableUnlessEnabled() throws Exception {
    for (String path : List.of("delete_series?match[]=rpc", "clean_tombstones", "snapshot")) {
      error(send(server, "POST", "/api/v1/admin/tsdb/" + path, null), 503, "unavailable",
          "admin APIs disabled");
      error(send(server, "PUT", "/api/v1/admin/tsdb/" + path, null), 503, "unavailable",
          "admin APIs disabled");
    }
    assertThat(ok(get(server, "/api/v1/series?match[]=rpc")).get("data")).hasSize(3);
  }

  @Test
  void adminApiWhenEnabled(@TempDir Path other) throws Exception {
    try (VigilServer s = new VigilServer(null, other.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      s.adminApi(true);
      s.start();
      Appender a = s.storage().appender();
      a.append(0, Labels.of("__name__", "gone", "k", "1"), now - 1000, 1);
      a.append(0, Labels.of("__name__", "kept", "k", "1"), now - 1000, 1);
      a.commit();

      error(send(s, "POST", "/api/v1/admin/tsdb/delete_series", null), 400, "bad_data",
          "no match[] parameter provided");
      error(send(s, "POST", "/api/v1/admin/tsdb/delete_series?match[]=gone&start=x", null), 400,
          "bad_data", "invalid parameter \"start\": invalid time value for 'start': cannot "
              + "parse \"x\" to a valid timestamp");
      error(send(s, "POST", "/api/v1/admin/tsdb/delete_series?match[]=" + q("{"), null), 400,
          "bad_data", "invalid parameter \"match[]\": 1:2: parse error: unexpected end of input "
              + "inside braces");
      error(send(s, "POST", "/api/v1/admin/tsdb/delete_series?match[]=" + q("{k=~\".*\"}"),
          null), 400, "bad_data",
          "invalid parameter \"match[]\": match[] must contain at least one non-empty matcher");
      HttpResponse<String> r = send(s, "POST", "/api/v1/admin/tsdb/delete_series",
          "match[]=gone");
      assertThat(r.statusCode()).isEqualTo(204);
      assertThat(r.body()).isEmpty();
      assertThat(ok(get(s, "/api/v1/series?match[]=gone")).get("data")).isEmpty();
      assertThat(ok(get(s, "/api/v1/series?match[]=kept")).get("data")).hasSize(1);
      assertThat(send(s, "PUT", "/api/v1/admin/tsdb/clean_tombstones", null).statusCode())
          .isEqualTo(204);

      JsonNode snap = ok(send(s, "POST", "/api/v1/admin/tsdb/snapshot", null)).get("data");
      assertThat(fieldNames(snap)).containsExactly("name");
      String name = snap.get("name").asText();
      assertThat(name).matches("\\d{8}T\\d{6}Z-[0-9a-f]{16}");
      Path snapDir = other.resolve("data").resolve("snapshots").resolve(name);
      try (var blocks = Files.list(snapDir)) {
        // The head, written as a block: meta, index and chunks.
        Path block = blocks.findFirst().orElseThrow();
        assertThat(block.resolve("meta.json")).exists();
        assertThat(block.resolve("index")).exists();
      }
      String skipped = ok(send(s, "POST", "/api/v1/admin/tsdb/snapshot?skip_head=true", null))
          .get("data").get("name").asText();
      try (var blocks = Files.list(other.resolve("data/snapshots").resolve(skipped))) {
        assertThat(blocks).isEmpty();
      }
      error(send(s, "POST", "/api/v1/admin/tsdb/snapshot?skip_head=maybe", null), 400,
          "bad_data", "unable to parse boolean 'skip_head' argument: strconv.ParseBool: "
              + "parsing \"maybe\": invalid syntax");
    }
  }
}
