package dev.vigil.client.httpserver;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;

/**
 * A web configuration in force: TLS material, basic-auth users and headers. The file is looked at
 * again at most once a second and reloaded when it changed, so certificates and users can be
 * rotated without a restart (as Prometheus reads it on every request); whether TLS is on and the
 * client-certificate policy are fixed at start. A file that breaks on reload is reported on
 * stderr and the previous configuration stays in force. Thread-safe.
 */
public final class WebSecurity {
  private static final long RECHECK_MILLIS = 1000;
  private static final int AUTH_CACHE = 256;

  private final Path file;
  private final WebConfig.Tls startTls;
  private volatile Loaded current;
  private volatile long checkedAt;
  private volatile String lastReloadError;
  private final SSLContext ssl;
  private final Map<String, String> authCache = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, String> eldest) {
      return size() > AUTH_CACHE;
    }
  };

  /** A configuration and the key material read from the files it names. */
  static final class Loaded {
    final WebConfig config;
    final long modified;
    final long size;
    final TlsMaterial tls;

    Loaded(WebConfig config, long modified, long size, TlsMaterial tls) {
      this.config = config;
      this.modified = modified;
      this.size = size;
      this.tls = tls;
    }
  }

  private WebSecurity(Path file, Loaded loaded) throws WebConfigException {
    this.file = file;
    this.current = loaded;
    this.checkedAt = System.currentTimeMillis();
    this.startTls = loaded.config.tls();
    this.ssl = startTls == null ? null : TlsMaterial.context(this::material);
    if (ssl != null) {
      List<String> supported = Arrays.asList(ssl.getSupportedSSLParameters().getCipherSuites());
      for (String suite : startTls.cipherSuites) {
        if (!supported.contains(suite)) {
          throw new WebConfigException(file + ": cipher suite " + suite
              + " is not supported by this JVM");
        }
      }
    }
  }

  /** Plain HTTP, no authentication. */
  public static WebSecurity none() {
    try {
      return new WebSecurity(null, new Loaded(WebConfig.none(), 0, 0, null));
    } catch (WebConfigException e) {
      throw new AssertionError(e);
    }
  }

  /** {@code --web.config.file}: null or empty means {@link #none()}. */
  public static WebSecurity fromFlag(String file) throws WebConfigException {
    return file == null || file.isEmpty() ? none() : load(Path.of(file));
  }

  /** Reads {@code file} and everything it names; any problem is an error naming the file. */
  public static WebSecurity load(Path file) throws WebConfigException {
    return new WebSecurity(file, read(file));
  }

  private static Loaded read(Path file) throws WebConfigException {
    try {
      long modified = Files.getLastModifiedTime(file).toMillis();
      long size = Files.size(file);
      WebConfig config = WebConfig.load(file);
      TlsMaterial tls = config.tls() == null ? null : TlsMaterial.read(config.tls());
      return new Loaded(config, modified, size, tls);
    } catch (IOException e) {
      throw new WebConfigException(file + ": cannot read the web configuration: " + e);
    }
  }

  /** Whether a file configures this (it may gain users or headers when it changes). */
  public boolean fromFile() {
    return file != null;
  }

  /** The configuration in force, reloaded first if the file changed. */
  public WebConfig config() {
    return loaded().config;
  }

  private Loaded loaded() {
    long now = System.currentTimeMillis();
    if (file == null || now - checkedAt < RECHECK_MILLIS) {
      return current;
    }
    checkedAt = now;
    Loaded cur = current;
    try {
      if (Files.getLastModifiedTime(file).toMillis() == cur.modified
          && Files.size(file) == cur.size) {
        return cur;
      }
      Loaded next = read(file);
      if ((next.config.tls() == null) != (startTls == null)) {
        throw new WebConfigException(file + ": turning TLS on or off needs a restart");
      }
      current = next;
      lastReloadError = null;
      synchronized (authCache) {
        authCache.clear();
      }
      return next;
    } catch (IOException | WebConfigException e) {
      String msg = e.getMessage();
      if (!msg.equals(lastReloadError)) {
        lastReloadError = msg;
        System.err.println("vigil: web configuration not reloaded, the previous one stays in "
            + "force: " + msg);
      }
      return cur;
    }
  }

  TlsMaterial material() {
    return loaded().tls;
  }

  public boolean tlsEnabled() {
    return ssl != null;
  }

  /** The server's TLS context; its key and trusted client CAs follow reloads. Null without TLS. */
  public SSLContext sslContext() {
    return ssl;
  }

  /**
   * A context whose engines already carry {@link #sslParameters()}, for servers that take a
   * context and create engines themselves (Undertow). Null without TLS.
   */
  public SSLContext configuredSslContext() {
    return ssl == null ? null : new ConfiguredSslContext(ssl, this::sslParameters);
  }

  /** The client-certificate policy chosen at start. */
  public WebConfig.ClientAuth clientAuth() {
    return startTls == null ? WebConfig.ClientAuth.NoClientCert : startTls.clientAuth;
  }

  /** Protocol versions, cipher suites and the client-certificate policy for one connection. */
  public SSLParameters sslParameters() {
    WebConfig.Tls t = loaded().config.tls();
    SSLParameters p = ssl.getDefaultSSLParameters();
    List<String> versions = new ArrayList<>();
    for (String v : new String[] {"TLSv1", "TLSv1.1", "TLSv1.2", "TLSv1.3"}) {
      if (v.compareTo(t.minVersion) >= 0 && v.compareTo(t.maxVersion) <= 0
          && Arrays.asList(ssl.getSupportedSSLParameters().getProtocols()).contains(v)) {
        versions.add(v);
      }
    }
    p.setProtocols(versions.toArray(new String[0]));
    if (!t.cipherSuites.isEmpty()) {
      List<String> suites = new ArrayList<>(t.cipherSuites);
      // TLS 1.3's suites are not configurable in Go either; keep them available.
      for (String s : p.getCipherSuites()) {
        if (s.startsWith("TLS_AES_") || s.startsWith("TLS_CHACHA20_")) {
          suites.add(s);
        }
      }
      p.setCipherSuites(suites.toArray(new String[0]));
    }
    p.setUseCipherSuitesOrder(t.preferServerCipherSuites);
    TlsMaterial.namedGroups(p, t.curvePreferences);
    WebConfig.ClientAuth auth = clientAuth();
    if (auth.requires()) {
      p.setNeedClientAuth(true);
    } else if (auth != WebConfig.ClientAuth.NoClientCert) {
      p.setWantClientAuth(true);
    }
    return p;
  }

  /** Whether {@code client_allowed_sans} lets this verified client in (true when unset). */
  public boolean allowsPeer(Certificate[] peer) {
    WebConfig.Tls tls = loaded().config.tls();
    List<String> sans = tls == null ? List.of() : tls.clientAllowedSans;
    if (sans.isEmpty()) {
      return true;
    }
    if (peer == null || peer.length == 0 || !(peer[0] instanceof X509Certificate)) {
      return false;
    }
    try {
      java.util.Collection<List<?>> names = ((X509Certificate) peer[0]).getSubjectAlternativeNames();
      if (names != null) {
        for (List<?> n : names) {
          if (n.size() > 1 && sans.contains(String.valueOf(n.get(1)))) {
            return true;
          }
        }
      }
    } catch (GeneralSecurityException e) {
      return false;
    }
    return false;
  }

  /** Whether requests need basic-auth credentials. */
  public boolean authRequired() {
    return !loaded().config.users().isEmpty();
  }

  /**
   * Checks an {@code Authorization} header against the users. The hash comparison is
   * constant-time, and an unknown user costs a bcrypt run like a known one, so timing tells
   * nothing about which users exist. Successful checks are cached (bounded), because bcrypt
   * is slow on purpose.
   */
  public boolean authenticate(String authorization) {
    Map<String, String> users = loaded().config.users();
    if (users.isEmpty()) {
      return true;
    }
    if (authorization == null || authorization.length() < 6
        || !authorization.regionMatches(true, 0, "Basic ", 0, 6)) {
      return false;
    }
    String decoded;
    try {
      decoded = new String(Base64.getDecoder().decode(authorization.substring(6).trim()),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      return false;
    }
    int colon = decoded.indexOf(':');
    if (colon < 0) {
      return false;
    }
    String user = decoded.substring(0, colon);
    String password = decoded.substring(colon + 1);
    String hash = users.get(user);
    if (hash == null) {
      Bcrypt.verify(password, users.values().iterator().next());
      return false;
    }
    String key = user + '\0' + digest(password + '\0' + hash);
    synchronized (authCache) {
      if (authCache.containsKey(key)) {
        return true;
      }
    }
    boolean ok = Bcrypt.verify(password, hash);
    if (ok) {
      synchronized (authCache) {
        authCache.put(key, user);
      }
    }
    return ok;
  }

  /** Response headers from {@code http_server_config.headers}. */
  public Map<String, String> headers() {
    return loaded().config.headers();
  }

  private static String digest(String s) {
    try {
      byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
      return Base64.getEncoder().encodeToString(d);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
