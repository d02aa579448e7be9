package dev.vigil.server.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.httpserver.WebSecurity;
import dev.vigil.client.testing.TestCerts;
import dev.vigil.server.VigilServer;
import dev.vigil.server.alerting.AlertmanagerServer;
import dev.vigil.server.alerting.receivers.Receivers;
import dev.vigil.server.testing.ExternalTools;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The server and the alertmanager behind {@code --web.config.file}: TLS with required client
 * certificates, basic auth, headers, body limits; and promtool reading the same files.
 */
@Timeout(120)
class WebSecurityServerTest {
  private static final String TEST_HASH =
      "$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm"; // "test"
  @TempDir static Path dir;
  static TestCerts certs;

  @BeforeAll
  static void pki() throws Exception {
    certs = TestCerts.create(dir);
  }

  private static Path webConfig(String name, String yaml) throws IOException {
    Path f = dir.resolve(name);
    Files.writeString(f, yaml);
    return f;
  }

  private static HttpResponse<String> send(SSLContext ssl, String url, String auth, String method,
      HttpRequest.BodyPublisher body) throws Exception {
    HttpClient.Builder cb = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5));
    if (ssl != null) {
      cb.sslContext(ssl);
    }
    HttpRequest.Builder rb = HttpRequest.newBuilder(URI.create(url)).method(method, body)
        .header("Content-Type", "application/x-www-form-urlencoded");
    if (auth != null) {
      rb.header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
          auth.getBytes(StandardCharsets.UTF_8)));
    }
    return cb.build().send(rb.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static HttpResponse<String> get(SSLContext ssl, String url, String auth)
      throws Exception {
    return send(ssl, url, auth, "GET", HttpRequest.BodyPublishers.noBody());
  }

  @Test
  void theServerWantsAClientCertificateAndAPassword() throws Exception {
    Path web = webConfig("server-web.yml", "tls_server_config:\n  cert_file: server.crt\n"
        + "  key_file: server.key\n  client_auth_type: RequireAndVerifyClientCert\n"
        + "  client_ca_file: ca.crt\nbasic_auth_users:\n  alice: " + TEST_HASH + "\n"
        + "http_server_config:\n  headers:\n    X-Content-Type-Options: nosniff\n");
    Path config = dir.resolve("prometheus.yml");
    Files.writeString(config, "global:\n  scrape_interval: 1m\n");
    try (VigilServer server = new VigilServer(config, dir.resolve("data"),
        new InetSocketAddress("127.0.0.1", 0), false)) {
      server.webSecurity(WebSecurity.load(web));
      server.alertmanager(false, null);
      server.start();
      String base = "https://localhost:" + server.address().getPort();
      SSLContext client = certs.client("client");

      HttpResponse<String> ok = get(client, base + "/api/v1/query?query=1", "alice:test");
      assertThat(ok.statusCode()).isEqualTo(200);
      assertThat(ok.headers().firstValue("X-Content-Type-Options")).hasValue("nosniff");
      assertThat(get(client, base + "/-/healthy", "alice:wrong").statusCode()).isEqualTo(401);
      HttpResponse<String> none = get(client, base + "/metrics", null);
      assertThat(none.statusCode()).isEqualTo(401);
      assertThat(none.headers().firstValue("WWW-Authenticate")).hasValue("Basic");
      assertThatThrownBy(() -> get(certs.client(), base + "/-/healthy", "alice:test"))
          .as("no client certificate").isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(certs.client("rogue"), base + "/-/healthy", "alice:test"))
          .as("a certificate no trusted CA signed").isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(null, "http://127.0.0.1:" + server.address().getPort()
          + "/-/healthy", "alice:test")).as("plain HTTP").isInstanceOf(IOException.class);

      assertThat(declareTooBigBody(client, server.address().getPort()))
          .startsWith("HTTP/1.1 413").contains("request body larger than");

      HttpResponse<String> admin = send(client, base + "/api/v1/admin/tsdb/clean_tombstones",
          "alice:test", "POST", HttpRequest.BodyPublishers.noBody());
      assertThat(admin.statusCode()).as("admin API off by default").isEqualTo(503);
      HttpResponse<String> quit = send(client, base + "/-/quit", "alice:test", "POST",
          HttpRequest.BodyPublishers.noBody());
      assertThat(quit.statusCode()).as("lifecycle API off by default").isEqualTo(403);
    }
  }

  @Test
  void theAlertmanagerTakesTheSameFile() throws Exception {
    Path web = webConfig("am-web.yml", "basic_auth_users:\n  alice: " + TEST_HASH + "\n");
    Path amConfig = dir.resolve("alertmanager.yml");
    Files.writeString(amConfig, "route:\n  receiver: none\nreceivers:\n  - name: none\n");
    try (AlertmanagerServer am = new AlertmanagerServer(new AlertmanagerServer.Settings(amConfig,
        dir.resolve("am-data"), new InetSocketAddress("127.0.0.1", 0), "",
        Duration.ofHours(1), Duration.ofHours(1)), new Receivers())) {
      am.webSecurity(WebSecurity.load(web));
      am.start();
      String base = "http://127.0.0.1:" + am.boundAddress().getPort();
      assertThat(get(null, base + "/api/v2/status", "alice:test").statusCode()).isEqualTo(200);
      assertThat(get(null, base + "/api/v2/status", "alice:nope").statusCode()).isEqualTo(401);
      assertThat(get(null, base + "/api/v2/status", null).statusCode()).isEqualTo(401);
    }
  }

  @Test
  void promtoolAgreesAboutTheFiles() throws Exception {
    Path promtool = ExternalTools.require("promtool", "prometheus");
    Path good = webConfig("good-web.yml", "tls_server_config:\n  cert_file: server.crt\n"
        + "  key_file: server-sec1.key\nbasic_auth_users:\n  alice: " + TEST_HASH + "\n");
    Path bad = webConfig("bad-web.yml", "basic_auth_users:\n  alice: plaintext\n");
    assertThat(run(promtool, "check", "web-config", good.toString())).isZero();
    assertThat(vigil("check", "web-config", good.toString())).isZero();
    assertThat(run(promtool, "check", "web-config", bad.toString())).isNotZero();
    assertThat(vigil("check", "web-config", bad.toString())).isEqualTo(1);
    assertThatThrownBy(() -> WebSecurity.load(bad))
        .hasMessageContaining("bad-web.yml:2: basic_auth_users: alice: not a bcrypt hash");
  }

  /** Announces a body one byte over the limit and reads the answer before sending any. */
  private static String declareTooBigBody(SSLContext ssl, int port) throws IOException {
    try (javax.net.ssl.SSLSocket socket =
        (javax.net.ssl.SSLSocket) ssl.getSocketFactory().createSocket("localhost", port)) {
      socket.setSoTimeout(10_000);
      String auth = Base64.getEncoder().encodeToString("alice:test".getBytes(
          StandardCharsets.UTF_8));
      socket.getOutputStream().write(("POST /api/v1/query HTTP/1.1\r\nHost: localhost\r\n"
          + "Authorization: Basic " + auth + "\r\n"
          + "Content-Type: application/x-www-form-urlencoded\r\n"
          + "Content-Length: " + (WebServer.DEFAULT_MAX_BODY_BYTES + 1) + "\r\n\r\n")
          .getBytes(StandardCharsets.US_ASCII));
      socket.getOutputStream().flush();
      return new String(socket.getInputStream().readNBytes(400), StandardCharsets.UTF_8);
    }
  }

  private static int vigil(String... args) {
    return dev.vigil.server.Main.commandLine().execute(args);
  }

  private static int run(Path program, String... args) throws Exception {
    String[] cmd = new String[args.length + 1];
    cmd[0] = program.toString();
    System.arraycopy(args, 0, cmd, 1, args.length);
    Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD).start();
    return p.waitFor();
  }
}
