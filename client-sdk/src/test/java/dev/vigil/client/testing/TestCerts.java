package dev.vigil.client.testing;

import dev.vigil.client.ExternalTools;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;

/**
 * A throwaway PKI made with the real openssl: a CA, a server certificate for localhost and
 * 127.0.0.1, a client certificate the CA signed (SAN {@code client.example}) and a self-signed
 * client certificate no CA vouches for. Also the server key in the older PKCS#1 and SEC1 forms.
 */
public final class TestCerts {
  public final Path dir;

  private TestCerts(Path dir) {
    this.dir = dir;
  }

  /** Makes the files in {@code dir}; skips the test (fails under CI) without openssl. */
  public static TestCerts create(Path dir) throws IOException, InterruptedException {
    String openssl = ExternalTools.require("openssl", "openssl");
    Files.writeString(dir.resolve("server.ext"),
        "subjectAltName=DNS:localhost,IP:127.0.0.1\nextendedKeyUsage=serverAuth\n");
    Files.writeString(dir.resolve("client.ext"),
        "subjectAltName=DNS:client.example\nextendedKeyUsage=clientAuth\n");
    String ec = "-newkey ec -pkeyopt ec_paramgen_curve:prime256v1 -nodes";
    run(dir, openssl + " req -x509 " + ec + " -keyout ca.key -out ca.crt -days 3650"
        + " -subj /CN=vigil-test-ca");
    for (String who : new String[] {"server", "client"}) {
      run(dir, openssl + " req " + ec + " -keyout " + who + ".key -out " + who + ".csr -subj /CN="
          + who);
      run(dir, openssl + " x509 -req -in " + who + ".csr -CA ca.crt -CAkey ca.key"
          + " -CAcreateserial -out " + who + ".crt -days 3650 -extfile " + who + ".ext");
    }
    run(dir, openssl + " req -x509 " + ec + " -keyout rogue.key -out rogue.crt -days 3650"
        + " -subj /CN=rogue -addext subjectAltName=DNS:client.example");
    run(dir, openssl + " ec -in server.key -out server-sec1.key");
    run(dir, openssl + " req -x509 -newkey rsa:2048 -nodes -keyout rsa.key -out rsa.crt"
        + " -days 3650 -subj /CN=localhost -addext subjectAltName=DNS:localhost,IP:127.0.0.1");
    run(dir, openssl + " rsa -traditional -in rsa.key -out rsa-pkcs1.key");
    return new TestCerts(dir);
  }

  public Path file(String name) {
    return dir.resolve(name);
  }

  /** A client context trusting the test CA (and the RSA self-signed server), with no cert. */
  public SSLContext client() throws Exception {
    return client(null);
  }

  /** A client context presenting {@code who}.crt/{@code who}.key ("client" or "rogue"). */
  public SSLContext client(String who) throws Exception {
    KeyStore trust = KeyStore.getInstance(KeyStore.getDefaultType());
    trust.load(null, null);
    int i = 0;
    for (String f : new String[] {"ca.crt", "rsa.crt"}) {
      for (Certificate c : certs(dir.resolve(f))) {
        trust.setCertificateEntry("t" + i++, c);
      }
    }
    TrustManagerFactory tmf =
        TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(trust);
    KeyManagerFactory kmf = null;
    if (who != null) {
      KeyStore keys = KeyStore.getInstance(KeyStore.getDefaultType());
      keys.load(null, null);
      keys.setKeyEntry(who, pkcs8(dir.resolve(who + ".key")), new char[0],
          certs(dir.resolve(who + ".crt")).toArray(new Certificate[0]));
      kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(keys, new char[0]);
    }
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(kmf == null ? null : kmf.getKeyManagers(), tmf.getTrustManagers(), null);
    return ctx;
  }

  private static List<Certificate> certs(Path f) throws Exception {
    try (InputStream in = Files.newInputStream(f)) {
      return new ArrayList<>(CertificateFactory.getInstance("X.509").generateCertificates(in));
    }
  }

  private static PrivateKey pkcs8(Path f) throws Exception {
    String pem = Files.readString(f, StandardCharsets.US_ASCII);
    String body = pem.replaceAll("-----[A-Z ]+-----", "");
    return KeyFactory.getInstance("EC")
        .generatePrivate(new PKCS8EncodedKeySpec(Base64.getMimeDecoder().decode(body)));
  }

  private static void run(Path dir, String command) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(command.split(" ")).directory(dir.toFile())
        .redirectErrorStream(true).start();
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    if (p.waitFor() != 0) {
      throw new IOException(command + " failed: " + out);
    }
  }
}
