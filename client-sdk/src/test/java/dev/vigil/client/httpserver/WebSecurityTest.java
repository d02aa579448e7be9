package dev.vigil.client.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.Registry;
import dev.vigil.client.testing.TestCerts;
import java.io.IOException;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import javax.net.ssl.HttpsURLConnection;
import javax.net.ssl.SSLContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The metrics endpoint under a web configuration, over real TLS with openssl-made certs. */
class WebSecurityTest {
  private static final String TEST_HASH =
      "$2b$04$vzsctYjJcCQ7.IQisMedoOTL.lkTkVASUrIItsdvfPK0hhjww4HCm"; // "test"
  private static final String OTHER_HASH =
      "$2b$04$j1AIk4ZfU6RwynYB11xuXOBckYUlwigsUDOWCUAg68../ANsStlP2"; // correct horse...
  @TempDir static Path dir;
  static TestCerts certs;

  @BeforeAll
  static void pki() throws Exception {
    certs = TestCerts.create(dir);
  }

  private HTTPServer start(String yaml) throws Exception {
    Path file = dir.resolve("web-" + System.nanoTime() + ".yml");
    Files.writeString(file, yaml);
    return HTTPServer.builder().hostname("127.0.0.1").port(0).registry(new Registry())
        .webSecurity(WebSecurity.load(file)).start();
  }

  private static String tls(String extra) {
    return "tls_server_config:\n  cert_file: server.crt\n  key_file: server.key\n" + extra;
  }

  private static int get(HTTPServer s, SSLContext ctx, String auth) throws IOException {
    URL url = new URL("https://localhost:" + s.getPort() + "/metrics");
    HttpsURLConnection c = (HttpsURLConnection) url.openConnection();
    c.setSSLSocketFactory(ctx.getSocketFactory());
    if (auth != null) {
      c.setRequestProperty("Authorization", "Basic "
          + Base64.getEncoder().encodeToString(auth.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return c.getResponseCode();
    } finally {
      c.disconnect();
    }
  }

  @Test
  void servesOverTlsAndNotOverPlainHttp() throws Exception {
    try (HTTPServer s = start(tls(""))) {
      assertThat(get(s, certs.client(), null)).isEqualTo(200);
      URL plain = new URL("http://127.0.0.1:" + s.getPort() + "/metrics");
      assertThatThrownBy(() -> ((java.net.HttpURLConnection) plain.openConnection())
          .getResponseCode()).isInstanceOf(IOException.class);
    }
  }

  @Test
  void readsRsaPkcs1AndEcSec1Keys() throws Exception {
    try (HTTPServer s = start("tls_server_config:\n  cert_file: rsa.crt\n"
        + "  key_file: rsa-pkcs1.key\n")) {
      assertThat(get(s, certs.client(), null)).isEqualTo(200);
    }
    try (HTTPServer s = start("tls_server_config:\n  cert_file: server.crt\n"
        + "  key_file: server-sec1.key\n")) {
      assertThat(get(s, certs.client(), null)).isEqualTo(200);
    }
  }

  @Test
  void aKeyThatDoesNotMatchTheCertificateIsRefusedAtStart() {
    assertThatThrownBy(() -> start("tls_server_config:\n  cert_file: rsa.crt\n"
        + "  key_file: server.key\n"))
        .isInstanceOf(WebConfigException.class).hasMessageContaining("does not match");
  }

  @Test
  void requiredClientCertificatesAreChecked() throws Exception {
    try (HTTPServer s = start(tls("  client_auth_type: RequireAndVerifyClientCert\n"
        + "  client_ca_file: ca.crt\n"))) {
      assertThat(get(s, certs.client("client"), null)).isEqualTo(200);
      assertThatThrownBy(() -> get(s, certs.client(), null)).isInstanceOf(IOException.class);
      assertThatThrownBy(() -> get(s, certs.client("rogue"), null))
          .isInstanceOf(IOException.class);
    }
  }

  @Test
  void allowedSansLetOnlyNamedClientsIn() throws Exception {
    try (HTTPServer s = start(tls("  client_auth_type: RequireAndVerifyClientCert\n"
        + "  client_ca_file: ca.crt\n  client_allowed_sans: [other.example]\n"))) {
      assertThat(get(s, certs.client("client"), null)).isEqualTo(403);
    }
    try (HTTPServer s = start(tls("  client_auth_type: RequireAndVerifyClientCert\n"
        + "  client_ca_file: ca.crt\n  client_allowed_sans: [client.example]\n"))) {
      assertThat(get(s, certs.client("client"), null)).isEqualTo(200);
    }
  }

  @Test
  void basicAuthTakesTheRightPasswordOnly() throws Exception {
    try (HTTPServer s = start(tls("basic_auth_users:\n  alice: " + TEST_HASH + "\n"
        + "http_server_config:\n  headers:\n    X-Frame-Options: deny\n"))) {
      assertThat(get(s, certs.client(), "alice:test")).isEqualTo(200);
      assertThat(get(s, certs.client(), "alice:wrong")).isEqualTo(401);
      assertThat(get(s, certs.client(), "bob:test")).isEqualTo(401);
      assertThat(get(s, certs.client(), null)).isEqualTo(401);
      HttpsURLConnection c = (HttpsURLConnection) new URL("https://localhost:" + s.getPort()
          + "/metrics").openConnection();
      c.setSSLSocketFactory(certs.client().getSocketFactory());
      assertThat(c.getResponseCode()).isEqualTo(401);
      assertThat(c.getHeaderField("WWW-Authenticate")).isEqualTo("Basic");
      assertThat(c.getHeaderField("X-Frame-Options")).isEqualTo("deny");
    }
  }

  @Test
  void anUnknownUserCostsABcryptRunLikeAKnownOne() throws Exception {
    Path file = dir.resolve("users.yml");
    Files.writeString(file, "basic_auth_users:\n  alice: " + TEST_HASH + "\n");
    WebSecurity sec = WebSecurity.load(file);
    long before = Bcrypt.runs();
    assertThat(sec.authenticate(basic("mallory:test"))).isFalse();
    assertThat(Bcrypt.runs() - before).isEqualTo(1);
    assertThat(sec.authenticate(basic("alice:nope"))).isFalse();
    assertThat(Bcrypt.runs() - before).isEqualTo(2);
  }

  @Test
  void aChangedFileIsPickedUpAndABrokenOneKeepsThePrevious() throws Exception {
    Path file = dir.resolve("reload.yml");
    Files.writeString(file, "basic_auth_users:\n  alice: " + TEST_HASH + "\n");
    WebSecurity sec = WebSecurity.load(file);
    assertThat(sec.authenticate(basic("alice:test"))).isTrue();
    Files.writeString(file, "basic_auth_users:\n  alice: " + OTHER_HASH + "\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 5000));
    Thread.sleep(1100);
    assertThat(sec.authenticate(basic("alice:test"))).isFalse();
    assertThat(sec.authenticate(basic("alice:correct horse battery staple"))).isTrue();
    Files.writeString(file, "basic_auth_users:\n  alice: [broken\n");
    Files.setLastModifiedTime(file, java.nio.file.attribute.FileTime.fromMillis(
        System.currentTimeMillis() + 10000));
    Thread.sleep(1100);
    assertThat(sec.authenticate(basic("alice:correct horse battery staple"))).isTrue();
  }

  private static String basic(String userPass) {
    return "Basic " + Base64.getEncoder().encodeToString(userPass.getBytes(StandardCharsets.UTF_8));
  }
}
