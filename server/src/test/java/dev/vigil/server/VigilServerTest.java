package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.core.Counter;
import dev.vigil.client.model.Registry;
import dev.vigil.server.scrape.Target;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** The whole server: config file, scraping a real target, the API, reload and lifecycle. */
@Timeout(60)
class VigilServerTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient http = HttpClient.newHttpClient();

  @TempDir
  Path dir;

  private HttpResponse<String> send(VigilServer s, String method, String path) throws Exception {
    HttpRequest req = HttpRequest.newBuilder(
        URI.create("http://127.0.0.1:" + s.address().getPort() + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).build();
    return http.send(req, HttpResponse.BodyHandlers.ofString());
  }

  private static void await(BooleanSupplier condition) throws InterruptedException {
    long deadline = System.currentTimeMillis() + 20_000;
    while (!condition.getAsBoolean()) {
      assertThat(System.currentTimeMillis()).as("condition not met in time").isLessThan(deadline);
      Thread.sleep(50);
    }
  }

  private static String config(String... jobs) {
    StringBuilder sb = new StringBuilder("global:\n  scrape_interval: 1s\n  scrape_timeout: 1s\n"
        + "scrape_configs:\n");
    for (String j : jobs) {
      sb.append(j);
    }
    return sb.toString();
  }

  private static String job(String name, int port) {
    return "  - job_name: " + name + "\n    static_configs:\n      - targets: ['127.0.0.1:" + port
        + "']\n        labels: {team: core}\n";
  }

  @Test
  void scrapesTargetsServesApiAndReloadsWithoutDroppingUnchangedLoops() throws Exception {
    Registry appRegistry = new Registry();
    Counter.builder().name("app_requests").help("Requests.").register(appRegistry).inc(5);
    try (HTTPServer app = HTTPServer.builder().hostname("127.0.0.1").registry(appRegistry)
        .start()) {
      Path file = dir.resolve("prometheus.yml");
      Files.writeString(file, config(job("app", app.getPort())));
      try (VigilServer s = new VigilServer(file, dir.resolve("data"),
          new InetSocketAddress("127.0.0.1", 0), true)) {
        s.start();
        assertThat(send(s, "GET", "/-/healthy").statusCode()).isEqualTo(200);
        assertThat(send(s, "GET", "/-/ready").body()).isEqualTo("Vigil Server is Ready.\n");
        await(() -> s.storage().head().seriesCount() > 0 && health(s).equals("up"));
        JsonNode t = targets(s).get(0);
        assertThat(t.get("labels").get("job").asText()).isEqualTo("app");
        assertThat(t.get("labels").get("team").asText()).isEqualTo("core");
        assertThat(t.get("scrapeUrl").asText()).isEqualTo(
            "http://127.0.0.1:" + app.getPort() + "/metrics");
        assertThat(t.get("discoveredLabels").get("__address__").asText())
            .isEqualTo("127.0.0.1:" + app.getPort());
        assertThat(t.get("lastError").asText()).isEmpty();
        assertThat(t.get("scrapeInterval").asText()).isEqualTo("1s");
        Target before = s.scrapeManager().pools().get(0).active().get(0);

        // An invalid file is refused with its position; the old configuration keeps running.
        Files.writeString(file, "scrape_configs:\n  - job_name: app\n    scrape_intervall: 5s\n");
        HttpResponse<String> bad = send(s, "POST", "/-/reload");
        assertThat(bad.statusCode()).isEqualTo(500);
        assertThat(bad.body()).contains("prometheus.yml:3:5").contains("scrape_intervall");
        assertThat(send(s, "GET", "/metrics").body())
            .contains("prometheus_config_last_reload_successful 0");
        long scraped = before.lastScrapeMillis();
        await(() -> before.lastScrapeMillis() > scraped);

        // A valid change elsewhere keeps the unchanged job's loop (same target object).
        Files.writeString(file, config(job("app", app.getPort()), job("other", 1)));
        assertThat(send(s, "POST", "/-/reload").statusCode()).isEqualTo(200);
        assertThat(s.scrapeManager().pools()).hasSize(2);
        assertThat(s.scrapeManager().pools().get(0).active().get(0)).isSameAs(before);
        assertThat(send(s, "GET", "/metrics").body())
            .contains("prometheus_config_last_reload_successful 1")
            .contains("prometheus_target_scrape_pool_targets{scrape_job=\"other\"} 1")
            .contains("vigil_target_scrape_duration_seconds_count{scrape_job=\"app\"}")
            .contains("vigil_tsdb_head_series_creations_total ")
            .contains("prometheus_tsdb_head_series_removed_total 0")
            .containsPattern("vigil_tsdb_head_memory_bytes [1-9]");
        assertThat(send(s, "GET", "/api/v1/targets?scrapePool=other").body())
            .doesNotContain("\"app\"");

        JsonNode status = JSON.readTree(send(s, "GET", "/api/v1/status/tsdb?limit=3").body())
            .get("data");
        assertThat(status.get("headStats").get("numSeries").asInt()).isPositive();
        assertThat(status.get("headStats").get("memoryBytesPerSeries").asLong())
            .isBetween(100L, 8192L);
        assertThat(status.get("seriesCountByMetricName")).hasSize(3);
        assertThat(status.get("seriesCountByLabelValuePair").toString()).contains("job=app");
        assertThat(send(s, "GET", "/api/v1/status/tsdb?limit=x").statusCode()).isEqualTo(400);
      }
    }
  }

  @Test
  void scrapedSamplesAreBackAfterARestart() throws Exception {
    Registry appRegistry = new Registry();
    Counter.builder().name("kept").help("Kept across restarts.").register(appRegistry).inc();
    try (HTTPServer app = HTTPServer.builder().hostname("127.0.0.1").registry(appRegistry)
        .start()) {
      Path file = dir.resolve("prometheus.yml");
      Files.writeString(file, config(job("app", app.getPort())));
      Path data = dir.resolve("data");
      long samples;
      try (VigilServer s = new VigilServer(file, data, new InetSocketAddress("127.0.0.1", 0),
          false)) {
        s.start();
        await(() -> s.storage().head().appendedSamples() > 0);
        s.scrapeManager().close();
        samples = s.storage().head().appendedSamples();
      }
      try (VigilServer s = new VigilServer(file, data, new InetSocketAddress("127.0.0.1", 0),
          false)) {
        s.start();
        assertThat(s.storage().replayStats().samples()).isGreaterThanOrEqualTo(samples);
        assertThat(s.storage().head().postings().labelValues("__name__"))
            .contains("kept_total", "up");
      }
    }
  }

  @Test
  void embeddedDefaultScrapesTheServerItselfAndLifecycleIsOffByDefault() throws Exception {
    try (VigilServer s = new VigilServer(null, dir, new InetSocketAddress("127.0.0.1", 0),
        false)) {
      s.start();
      JsonNode t = targets(s).get(0);
      assertThat(t.get("scrapePool").asText()).isEqualTo("vigil");
      assertThat(t.get("scrapeUrl").asText()).endsWith(":" + s.address().getPort() + "/metrics");
      HttpResponse<String> reload = send(s, "POST", "/-/reload");
      assertThat(reload.statusCode()).isEqualTo(403);
      assertThat(send(s, "GET", "/metrics").body()).contains("jvm_memory_used_bytes")
          .contains("vigil_build_info")
          .contains("prometheus_tsdb_compactions_total 0")
          .contains("prometheus_tsdb_compactions_failed_total 0")
          .contains("prometheus_tsdb_compaction_duration_seconds_count 0")
          .contains("prometheus_tsdb_tombstone_cleanup_seconds_count 0");
    }
  }

  @Test
  void theOutOfOrderWindowFollowsTheConfigOnReload() throws Exception {
    Path file = dir.resolve("prometheus.yml");
    Files.writeString(file, "storage:\n  tsdb:\n    out_of_order_time_window: 30m\n");
    try (VigilServer s = new VigilServer(file, dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      s.start();
      assertThat(s.storage().head().outOfOrderWindow()).isEqualTo(Duration.ofMinutes(30));
      Files.writeString(file, "scrape_configs: []\n");
      s.reload();
      assertThat(s.storage().head().outOfOrderWindow()).isZero();
    }
  }

  @Test
  void checkConfigCommandReportsErrorsWithExitCode() throws Exception {
    Path good = dir.resolve("good.yml");
    Files.writeString(good, config(job("a", 9100)));
    Path bad = dir.resolve("bad.yml");
    Files.writeString(bad, "global:\n  scrape_interval: 5 minutes\n");
    assertThat(Main.commandLine().execute("check", "config", good.toString())).isZero();
    assertThat(Main.commandLine().execute("check", "config", bad.toString())).isEqualTo(1);
  }

  private JsonNode targets(VigilServer s) throws Exception {
    return JSON.readTree(send(s, "GET", "/api/v1/targets").body()).get("data").get("activeTargets");
  }

  private String health(VigilServer s) {
    try {
      List<JsonNode> list = List.of(targets(s).get(0));
      return list.get(0).get("health").asText();
    } catch (Exception e) {
      return "error";
    }
  }
}
