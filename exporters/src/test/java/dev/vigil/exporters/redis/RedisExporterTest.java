package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.model.Registry;
import dev.vigil.exporters.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import redis.clients.jedis.Jedis;

/** Against the shared Redis on 127.0.0.1:6379: db 9, keys under a unique prefix, removed after. */
@Timeout(60)
class RedisExporterTest {
  private static final int DB = 9;
  private final String prefix = "vigil-test-" + UUID.randomUUID() + ":";
  private Jedis jedis;

  @BeforeEach
  void connect() {
    Services.requireTcp(6379, "Redis");
    jedis = new Jedis("127.0.0.1", 6379, 5000);
    jedis.select(DB);
  }

  @AfterEach
  void cleanUp() {
    if (jedis != null) {
      for (String k : jedis.keys(prefix + "*")) {
        jedis.del(k);
      }
      jedis.close();
    }
  }

  private static RedisExporter exporter(String addr) {
    return new RedisExporter("redis", Duration.ofSeconds(5), List.of(RedisAddress.parse(addr)));
  }

  @Test
  void reportsTheValuesATestCauses() throws Exception {
    try (RedisExporter e = exporter("redis://127.0.0.1:6379")) {
      Exposition before = Exposition.of(e);
      assertThat(before.value("redis_up")).isEqualTo(1);
      double keys = before.series.getOrDefault("redis_db_keys{db=\"db9\"}", 0.0);
      double hits = before.value("redis_keyspace_hits_total");
      double misses = before.value("redis_keyspace_misses_total");
      double sets = before.series.getOrDefault("redis_commands_total{cmd=\"set\"}", 0.0);

      for (int i = 0; i < 5; i++) {
        jedis.set(prefix + i, "v" + i);
      }
      jedis.setex(prefix + "ttl", 1000, "x");
      for (int i = 0; i < 3; i++) {
        jedis.get(prefix + i);
      }
      jedis.get(prefix + "absent-1");
      jedis.get(prefix + "absent-2");

      Exposition after = Exposition.of(e);
      assertThat(after.value("redis_db_keys{db=\"db9\"}") - keys).isEqualTo(6);
      assertThat(after.value("redis_db_keys_expiring{db=\"db9\"}")).isGreaterThanOrEqualTo(1);
      // avg_ttl is a sampled estimate Redis refreshes in its expire cycle: present, maybe 0.
      assertThat(after.value("redis_db_avg_ttl_seconds{db=\"db9\"}")).isNotNaN();
      assertThat(after.value("redis_keyspace_hits_total") - hits).isGreaterThanOrEqualTo(3);
      assertThat(after.value("redis_keyspace_misses_total") - misses).isGreaterThanOrEqualTo(2);
      assertThat(after.value("redis_commands_total{cmd=\"set\"}") - sets)
          .isGreaterThanOrEqualTo(5);
      assertThat(after.value("redis_commands_duration_seconds_total{cmd=\"set\"}"))
          .isGreaterThan(0);
      assertThat(after.value("redis_exporter_scrapes_total")).isEqualTo(2);
      assertThat(after.value("redis_exporter_last_scrape_error{err=\"\"}")).isEqualTo(0);
      assertThat(after.value("redis_config_maxclients")).isGreaterThan(0);
      assertThat(after.value("redis_memory_used_bytes")).isGreaterThan(0);
      assertThat(after.value("redis_connected_clients")).isGreaterThanOrEqualTo(2);
      assertThat(after.text).contains("# TYPE redis_commands_processed_total counter")
          .contains("# TYPE redis_connected_clients gauge")
          .containsPattern("redis_instance_info\\{.*redis_version=\"[0-9.]+\".*\\} 1");
    }
  }

  @Test
  void anUnreachableRedisIsUpZeroWithoutThePassword() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort(); // free once closed: nothing listens there
    }
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    try (RedisExporter e = exporter("redis://bob:hunter2@127.0.0.1:" + port)) {
      Exposition x = Exposition.of(e);
      assertThat(x.value("redis_up")).isEqualTo(0);
      assertThat(x.text).doesNotContain("redis_connected_clients").doesNotContain("hunter2")
          .contains("redis_exporter_last_scrape_error{err=\"");
      Exposition.of(e);
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(logged).doesNotContain("hunter2");
    // One error per failure streak, not one per scrape (slf4j-simple logs to stderr).
    assertThat(logged.split("scraping Redis at", -1)).hasSizeLessThanOrEqualTo(2);
  }

  @Test
  void servesMetricsAndScrapeTargetsOverHttp() throws Exception {
    Registry registry = new Registry();
    try (RedisExporter e = exporter("redis://127.0.0.1:6379");
        RedisServer server = new RedisServer(dev.vigil.exporters.common.Listen.plain("127.0.0.1:0"), registry, e, a -> a)) {
      registry.register(e);
      String base = "http://127.0.0.1:" + server.port();
      assertThat(Exposition.get(base + "/metrics").value("redis_up")).isEqualTo(1);
      Exposition probe = Exposition.get(base + "/scrape?target=redis://127.0.0.1:6379");
      assertThat(probe.value("redis_up")).isEqualTo(1);
      assertThat(probe.value("redis_exporter_scrapes_total")).isEqualTo(1);

      HttpClient http = HttpClient.newHttpClient();
      HttpResponse<byte[]> gz = http.send(HttpRequest.newBuilder(URI.create(base + "/metrics"))
          .header("Accept-Encoding", "gzip").build(), HttpResponse.BodyHandlers.ofByteArray());
      assertThat(gz.headers().firstValue("Content-Encoding")).hasValue("gzip");

      HttpResponse<String> bad = http.send(HttpRequest.newBuilder(URI.create(base
          + "/scrape?target=http://bob:hunter2@x")).build(), HttpResponse.BodyHandlers.ofString());
      assertThat(bad.statusCode()).isEqualTo(400);
      assertThat(bad.body()).contains("redis://").doesNotContain("hunter2");
      assertThat(Exposition.get(base + "/metrics")
          .value("redis_target_scrape_request_errors_total")).isEqualTo(1);
    }
  }

  @Test
  void severalInstancesAreToldApartByAddress() throws Exception {
    try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(2), List.of(
        RedisAddress.parse("redis://127.0.0.1:6379"), RedisAddress.parse("127.0.0.1:1")))) {
      Exposition x = Exposition.of(e);
      assertThat(x.value("redis_up{redis_addr=\"redis://127.0.0.1:6379\"}")).isEqualTo(1);
      assertThat(x.value("redis_up{redis_addr=\"redis://127.0.0.1:1\"}")).isEqualTo(0);
    }
  }

  @Test
  void checkKeysReportsSizesAndNumericValues() throws Exception {
    jedis.set(prefix + "count", "42");
    jedis.rpush(prefix + "queue:a", "1", "2", "3");
    jedis.sadd(prefix + "queue:b", "x", "y");
    KeyChecks keys = new KeyChecks(KeyChecks.parse("--check-keys", "db9=" + prefix + "queue:*"),
        KeyChecks.parse("--check-single-keys", "db9=" + prefix + "count,db9=" + prefix + "gone"));
    try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(5),
        List.of(RedisAddress.parse("redis://127.0.0.1:6379")), keys)) {
      Exposition x = Exposition.of(e);
      String db = "redis_key_size{db=\"db9\",key=\"" + prefix;
      assertThat(x.value(db + "count\"}")).isEqualTo(2);
      assertThat(x.value(db + "queue:a\"}")).isEqualTo(3);
      assertThat(x.value(db + "queue:b\"}")).isEqualTo(2);
      assertThat(x.value("redis_key_value{db=\"db9\",key=\"" + prefix + "count\"}"))
          .isEqualTo(42);
      assertThat(x.text).doesNotContain(prefix + "gone");
    }
  }
}
