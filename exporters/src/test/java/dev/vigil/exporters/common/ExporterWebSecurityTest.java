package dev.vigil.exporters.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.core.Counter;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.client.model.Registry;
import dev.vigil.client.testing.TestCerts;
import dev.vigil.exporters.testing.Services;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Exporters behind {@code --web.config.file}: the single-target server (host) and the
 * multi-target one (postgres, mysql, redis), and the real Prometheus scraping one over TLS
 * with basic auth.
 */
@Timeout(120)
class ExporterWebSecurityTest {
  private static final String TEST_HASH =
      "$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm"; // "test"
  @TempDir static Path dir;
  static TestCerts certs;
  static Listen listen;
  static Registry registry = new Registry();

  @BeforeAll
  static void setUp() throws Exception {
    certs = TestCerts.create(dir);
    Path web = dir.resolve("web.yml");
    Files.writeString(web, "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n"
        + "basic_auth_users:\n  prometheus: " + TEST_HASH + "\n");
    listen = new Listen("127.0.0.1:0", WebSecurity.load(web));
    Counter.builder().name("secured_total").help("h").register(registry).inc();
  }

  private static int get(String url, String auth) throws Exception {
    HttpClient c = HttpClient.newBuilder().sslContext(certs.client()).build();
    HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(url));
    if (auth != null) {
      b.header("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    return c.send(b.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
  }

  @Test
  void theSingleTargetServerChecksCredentials() throws Exception {
    try (HTTPServer s = Serve.start(listen, registry)) {
      String url = "https://localhost:" + s.getPort() + "/metrics";
      assertThat(get(url, "prometheus:test")).isEqualTo(200);
      assertThat(get(url, "prometheus:wrong")).isEqualTo(401);
      assertThat(get(url, null)).isEqualTo(401);
    }
  }

  @Test
  void everyPathOfTheMultiTargetServerChecksCredentials() throws Exception {
    try (ExporterHttp s = new ExporterHttp("test", listen, "/metrics", registry, "/probe",
        q -> registry)) {
      String base = "https://localhost:" + s.port();
      for (String path : new String[] {"/metrics", "/probe?target=x", "/"}) {
        assertThat(get(base + path, "prometheus:test")).as(path).isEqualTo(200);
        assertThat(get(base + path, null)).as(path).isEqualTo(401);
      }
    }
  }

  @Test
  void prometheusScrapesAnExporterOverTlsWithBasicAuth() throws Exception {
    Path bin = Services.requireProgram("prometheus", "prometheus");
    try (HTTPServer exporter = Serve.start(listen, registry)) {
      int port;
      try (ServerSocket free = new ServerSocket(0)) {
        port = free.getLocalPort();
      }
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, "global:\n  scrape_interval: 1s\nscrape_configs:\n"
          + "  - job_name: secured\n    scheme: https\n"
          + "    tls_config:\n      ca_file: " + certs.file("ca.crt") + "\n"
          + "    basic_auth:\n      username: prometheus\n      password: test\n"
          + "    static_configs:\n      - targets: ['localhost:" + exporter.getPort() + "']\n");
      Process prom = new ProcessBuilder(bin.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("prom-data"),
          "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
          .redirectOutput(dir.resolve("prometheus.log").toFile()).start();
      try {
        String query = "http://127.0.0.1:" + port + "/api/v1/query?query="
            + URLEncoder.encode("secured_total and on() up{job=\"secured\"} == 1",
                StandardCharsets.UTF_8);
        HttpClient plain = HttpClient.newHttpClient();
        String body = "";
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline && !body.contains("secured_total")) {
          Thread.sleep(500);
          try {
            body = plain.send(HttpRequest.newBuilder(URI.create(query)).build(),
                HttpResponse.BodyHandlers.ofString()).body();
          } catch (java.io.IOException notYet) {
            body = "";
          }
        }
        assertThat(body).as("Prometheus scraped the exporter; its log: "
            + Files.readString(dir.resolve("prometheus.log"))).contains("secured_total");
      } finally {
        prom.destroy();
        if (!prom.waitFor(20, TimeUnit.SECONDS)) {
          prom.destroyForcibly();
        }
      }
    }
  }
}
