package dev.vigil.server.scrape;

import dev.vigil.server.http.TlsClients;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import dev.vigil.server.config.TlsConfig;
import java.io.FileInputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.util.Map;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import okhttp3.OkHttpClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Scraping an HTTPS target with a self-signed certificate made by the JDK's keytool. */
class TlsScrapeTest {
  @TempDir
  static Path dir;

  private HttpsServer server;
  private Path caPem;

  @BeforeEach
  void start() throws Exception {
    Path ks = dir.resolve("server.p12");
    Files.deleteIfExists(ks);
    String keytool = Path.of(System.getProperty("java.home"), "bin", "keytool").toString();
    run(keytool, "-genkeypair", "-alias", "s", "-keyalg", "RSA", "-keysize", "2048",
        "-dname", "CN=vigil.test", "-ext", "SAN=dns:vigil.test", "-validity", "2",
        "-storetype", "PKCS12", "-keystore", ks.toString(), "-storepass", "secret");
    caPem = dir.resolve("ca.pem");
    run(keytool, "-exportcert", "-rfc", "-alias", "s", "-keystore", ks.toString(),
        "-storepass", "secret", "-file", caPem.toString());
    KeyStore store = KeyStore.getInstance("PKCS12");
    try (FileInputStream in = new FileInputStream(ks.toFile())) {
      store.load(in, "secret".toCharArray());
    }
    KeyManagerFactory kmf = KeyManagerFactory.getInstance("SunX509");
    kmf.init(store, "secret".toCharArray());
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf.getKeyManagers(), null, null);
    server = HttpsServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.setHttpsConfigurator(new HttpsConfigurator(ctx));
    server.createContext("/metrics", ex -> {
      byte[] b = "secure 1\n".getBytes(StandardCharsets.UTF_8);
      ex.sendResponseHeaders(200, b.length);
      ex.getResponseBody().write(b);
      ex.close();
    });
    server.start();
  }

  @AfterEach
  void stop() {
    server.stop(0);
  }

  private static void run(String... cmd) throws Exception {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.waitFor()).as(out).isZero();
  }

  private ScrapeResponse fetch(TlsConfig tls) throws Exception {
    OkHttpClient client = TlsClients.apply(new OkHttpClient.Builder(), tls).build();
    return new Fetcher(client, null).fetch("https://127.0.0.1:" + server.getAddress().getPort()
        + "/metrics", 5000, Map.of(), 0, new byte[1024]);
  }

  private static TlsConfig tls(String caFile, String serverName, boolean insecure) {
    return new TlsConfig(null, caFile, null, null, null, null, serverName, insecure, null, null);
  }

  @Test
  void trustsTheConfiguredCaAndVerifiesServerName() throws Exception {
    ScrapeResponse r = fetch(tls(caPem.toString(), "vigil.test", false));
    assertThat(new String(r.body(), 0, r.length(), StandardCharsets.UTF_8)).isEqualTo("secure 1\n");
  }

  @Test
  void refusesUnknownCaAndWrongServerName() {
    assertThatThrownBy(() -> fetch(tls(null, "vigil.test", false)))
        .hasMessageContaining("SSLHandshakeException");
    assertThatThrownBy(() -> fetch(tls(caPem.toString(), "other.test", false)))
        .hasMessageContaining("SSLPeerUnverifiedException");
  }

  @Test
  void insecureSkipVerifyAcceptsAnyCertificate() throws Exception {
    assertThat(fetch(tls(null, null, true)).length()).isEqualTo(9);
  }

  @Test
  void anUnusableKeyIsReportedByName() throws Exception {
    Path key = dir.resolve("bad.key");
    Files.writeString(key, "-----BEGIN RSA PRIVATE KEY-----\nAAAA\n-----END RSA PRIVATE KEY-----\n");
    TlsConfig t = new TlsConfig(null, null, null, caPem.toString(), null, key.toString(), null,
        false, null, null);
    assertThatThrownBy(() -> TlsClients.apply(new OkHttpClient.Builder(), t))
        .hasMessageContaining("PKCS#8");
  }
}
