package dev.vigil.server.http;

import dev.vigil.server.config.TlsConfig;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;
import okhttp3.TlsVersion;

/**
 * Applies a {@code tls_config} to an HTTP client: the CA to trust, a client certificate,
 * {@code server_name} for certificate verification, {@code insecure_skip_verify} and the TLS
 * version range.
 */
public final class TlsClients {
  private TlsClients() {}

  public static OkHttpClient.Builder apply(OkHttpClient.Builder b, TlsConfig tls)
      throws GeneralSecurityException, IOException {
    if (tls == null || tls.equals(TlsConfig.DEFAULT)) {
      return b;
    }
    X509TrustManager trust = tls.insecureSkipVerify() ? new TrustAll()
        : trustManager(pem(tls.ca(), tls.caFile()));
    KeyManager[] keys = keyManagers(pem(tls.cert(), tls.certFile()), pem(tls.key(), tls.keyFile()));
    SSLContext ctx = SSLContext.getInstance("TLS");
    ctx.init(keys, new TrustManager[] {trust}, null);
    b.sslSocketFactory(ctx.getSocketFactory(), trust);
    if (tls.insecureSkipVerify()) {
      b.hostnameVerifier((host, session) -> true);
    } else if (tls.serverName() != null) {
      // The certificate must be valid for server_name rather than for the address scraped.
      String name = tls.serverName();
      b.hostnameVerifier((host, session) -> {
        try {
          return matches((X509Certificate) session.getPeerCertificates()[0], name);
        } catch (javax.net.ssl.SSLPeerUnverifiedException e) {
          return false;
        }
      });
    }
    if (tls.minVersion() != null || tls.maxVersion() != null) {
      List<TlsVersion> versions = new ArrayList<>();
      String[] order = {"TLS10", "TLS11", "TLS12", "TLS13"};
      TlsVersion[] java = {TlsVersion.TLS_1_0, TlsVersion.TLS_1_1, TlsVersion.TLS_1_2,
          TlsVersion.TLS_1_3};
      int lo = tls.minVersion() == null ? 2 : List.of(order).indexOf(tls.minVersion());
      int hi = tls.maxVersion() == null ? 3 : List.of(order).indexOf(tls.maxVersion());
      for (int i = Math.max(0, lo); i <= hi; i++) {
        versions.add(java[i]);
      }
      b.connectionSpecs(List.of(new ConnectionSpec.Builder(ConnectionSpec.MODERN_TLS)
          .tlsVersions(versions.toArray(new TlsVersion[0])).build()));
    }
    return b;
  }

  private static String pem(String inline, String file) throws IOException {
    if (inline != null) {
      return inline;
    }
    return file == null ? null : Files.readString(Path.of(file));
  }

  private static X509TrustManager trustManager(String caPem) throws GeneralSecurityException,
      IOException {
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(
        TrustManagerFactory.getDefaultAlgorithm());
    if (caPem == null) {
      tmf.init((KeyStore) null);
    } else {
      KeyStore ks = KeyStore.getInstance("PKCS12");
      ks.load(null, null);
      int i = 0;
      for (Certificate c : certificates(caPem)) {
        ks.setCertificateEntry("ca" + i++, c);
      }
      if (i == 0) {
        throw new GeneralSecurityException("ca_file holds no PEM certificate");
      }
      tmf.init(ks);
    }
    return (X509TrustManager) tmf.getTrustManagers()[0];
  }

  private static KeyManager[] keyManagers(String certPem, String keyPem)
      throws GeneralSecurityException, IOException {
    if (certPem == null || keyPem == null) {
      return null;
    }
    KeyStore ks = KeyStore.getInstance("PKCS12");
    ks.load(null, null);
    char[] pass = new char[0];
    ks.setKeyEntry("client", privateKey(keyPem), pass,
        certificates(certPem).toArray(new Certificate[0]));
    KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
    kmf.init(ks, pass);
    return kmf.getKeyManagers();
  }

  private static List<Certificate> certificates(String pem) throws GeneralSecurityException {
    CertificateFactory cf = CertificateFactory.getInstance("X.509");
    return new ArrayList<>(cf.generateCertificates(
        new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII))));
  }

  private static PrivateKey privateKey(String pem) throws GeneralSecurityException {
    if (!pem.contains("-----BEGIN PRIVATE KEY-----")) {
      throw new GeneralSecurityException("key_file must be a PKCS#8 PEM key (BEGIN PRIVATE KEY);"
          + " convert with: openssl pkcs8 -topk8 -nocrypt -in key.pem");
    }
    String b64 = pem.substring(pem.indexOf("-----BEGIN PRIVATE KEY-----") + 27,
        pem.indexOf("-----END PRIVATE KEY-----")).replaceAll("\\s", "");
    byte[] der = Base64.getDecoder().decode(b64);
    for (String alg : new String[] {"RSA", "EC", "Ed25519"}) {
      try {
        return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(der));
      } catch (GeneralSecurityException e) {
        // try the next algorithm
      }
    }
    throw new GeneralSecurityException("key_file: unsupported private key algorithm");
  }

  /** Whether the certificate names {@code host}: a DNS or IP SAN, with one leading wildcard. */
  static boolean matches(X509Certificate cert, String host) {
    try {
      if (cert.getSubjectAlternativeNames() == null) {
        return false;
      }
      for (List<?> san : cert.getSubjectAlternativeNames()) {
        String name = String.valueOf(san.get(1)).toLowerCase(java.util.Locale.ROOT);
        String h = host.toLowerCase(java.util.Locale.ROOT);
        if (name.equals(h) || (name.startsWith("*.") && h.indexOf('.') > 0
            && h.substring(h.indexOf('.')).equals(name.substring(1)))) {
          return true;
        }
      }
    } catch (java.security.cert.CertificateParsingException e) {
      return false;
    }
    return false;
  }

  /** insecure_skip_verify: the user asked for no verification at all. */
  private static final class TrustAll implements X509TrustManager {
    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType) {}

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      return new X509Certificate[0];
    }
  }
}
