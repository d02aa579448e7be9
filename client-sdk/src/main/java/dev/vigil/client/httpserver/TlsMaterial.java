package dev.vigil.client.httpserver;

import java.lang.reflect.Method;
import java.net.Socket;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.List;
import java.util.function.Supplier;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509ExtendedTrustManager;
import javax.net.ssl.X509TrustManager;

/**
 * The server's key and certificate chain and the CAs its clients' certificates must chain to,
 * read from the files a web configuration names; and an SSL context whose managers ask for the
 * current material on every handshake, so a reload takes effect without a new context.
 */
final class TlsMaterial {
  private static final String ALIAS = "vigil";
  final PrivateKey key;
  final X509Certificate[] chain;
  /** Checks client certificates against client_ca_file; null when they are not verified. */
  final X509TrustManager clientTrust;

  private TlsMaterial(PrivateKey key, X509Certificate[] chain, X509TrustManager clientTrust) {
    this.key = key;
    this.chain = chain;
    this.clientTrust = clientTrust;
  }

  static TlsMaterial read(WebConfig.Tls tls) throws WebConfigException {
    X509Certificate[] chain = PemKeys.certificates(tls.certFile);
    PrivateKey key = PemKeys.privateKey(tls.keyFile);
    if (!chain[0].getPublicKey().getAlgorithm().equals(key.getAlgorithm())
        && !(key.getAlgorithm().startsWith("Ed") && chain[0].getPublicKey().getAlgorithm()
            .startsWith("Ed"))) {
      throw new WebConfigException(tls.keyFile + ": the key (" + key.getAlgorithm()
          + ") does not match the certificate in " + tls.certFile);
    }
    X509TrustManager trust = null;
    if (tls.clientCaFile != null) {
      try {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        int i = 0;
        for (X509Certificate ca : PemKeys.certificates(tls.clientCaFile)) {
          ks.setCertificateEntry("ca" + i++, ca);
        }
        TrustManagerFactory f =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        f.init(ks);
        trust = (X509TrustManager) f.getTrustManagers()[0];
      } catch (java.io.IOException | GeneralSecurityException e) {
        throw new WebConfigException(tls.clientCaFile + ": cannot use the client CAs: " + e, e);
      }
    }
    return new TlsMaterial(key, chain, trust);
  }

  static SSLContext context(Supplier<TlsMaterial> current) throws WebConfigException {
    try {
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(new X509ExtendedKeyManager[] {new Keys(current)},
          new X509ExtendedTrustManager[] {new ClientCerts(current)}, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new WebConfigException("cannot set up TLS: " + e, e);
    }
  }

  /** Sets the ECDHE groups where the JDK can (setNamedGroups is Java 20+). */
  static void namedGroups(SSLParameters p, List<String> groups) {
    if (groups.isEmpty()) {
      return;
    }
    try {
      Method m = SSLParameters.class.getMethod("setNamedGroups", String[].class);
      m.invoke(p, (Object) groups.toArray(new String[0]));
    } catch (NoSuchMethodException e) {
      // Older JDKs choose groups with -Djdk.tls.namedGroups only; the defaults include these.
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException("cannot set curve_preferences: " + e, e);
    }
  }

  private static final class Keys extends X509ExtendedKeyManager {
    private final Supplier<TlsMaterial> current;

    Keys(Supplier<TlsMaterial> current) {
      this.current = current;
    }

    @Override
    public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine e) {
      return ALIAS;
    }

    @Override
    public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
      return ALIAS;
    }

    @Override
    public X509Certificate[] getCertificateChain(String alias) {
      return current.get().chain.clone();
    }

    @Override
    public PrivateKey getPrivateKey(String alias) {
      return current.get().key;
    }

    @Override
    public String[] getServerAliases(String keyType, Principal[] issuers) {
      return new String[] {ALIAS};
    }

    @Override
    public String[] getClientAliases(String keyType, Principal[] issuers) {
      return new String[0];
    }

    @Override
    public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
      return null;
    }
  }

  /**
   * Client certificates: checked against client_ca_file when the policy verifies them, taken as
   * they come when it only requests or requires one (Go's RequestClientCert and
   * RequireAnyClientCert do the same).
   */
  private static final class ClientCerts extends X509ExtendedTrustManager {
    private final Supplier<TlsMaterial> current;

    ClientCerts(Supplier<TlsMaterial> current) {
      this.current = current;
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      X509TrustManager t = current.get().clientTrust;
      if (t != null) {
        t.checkClientTrusted(chain, authType);
      }
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkClientTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType)
        throws CertificateException {
      throw new CertificateException("a server does not check server certificates");
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine)
        throws CertificateException {
      checkServerTrusted(chain, authType);
    }

    @Override
    public X509Certificate[] getAcceptedIssuers() {
      X509TrustManager t = current.get().clientTrust;
      return t == null ? new X509Certificate[0] : t.getAcceptedIssuers();
    }
  }
}
