package dev.vigil.client.httpserver;

import dev.vigil.client.httpserver.MiniYaml.Value;
import dev.vigil.client.httpserver.MiniYaml.YamlException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A web configuration file ({@code --web.config.file}) in Prometheus's format: TLS for the
 * server, basic-auth users with bcrypt hashes, extra response headers. Immutable; relative file
 * names are resolved against the configuration file's directory.
 */
public final class WebConfig {
  /** Go's {@code tls.ClientAuthType} names, as the file spells them. */
  public enum ClientAuth {
    NoClientCert, RequestClientCert, RequireAnyClientCert, VerifyClientCertIfGiven,
    RequireAndVerifyClientCert;

    boolean requires() {
      return this == RequireAnyClientCert || this == RequireAndVerifyClientCert;
    }

    boolean verifies() {
      return this == VerifyClientCertIfGiven || this == RequireAndVerifyClientCert;
    }
  }

  /** The {@code tls_server_config} section. */
  public static final class Tls {
    public final Path certFile;
    public final Path keyFile;
    public final ClientAuth clientAuth;
    public final Path clientCaFile;
    public final List<String> clientAllowedSans;
    public final String minVersion;
    public final String maxVersion;
    public final List<String> cipherSuites;
    public final boolean preferServerCipherSuites;
    public final List<String> curvePreferences;

    private Tls(Path certFile, Path keyFile, ClientAuth clientAuth, Path clientCaFile,
        List<String> sans, String minVersion, String maxVersion, List<String> cipherSuites,
        boolean preferServer, List<String> curves) {
      this.certFile = certFile;
      this.keyFile = keyFile;
      this.clientAuth = clientAuth;
      this.clientCaFile = clientCaFile;
      this.clientAllowedSans = sans;
      this.minVersion = minVersion;
      this.maxVersion = maxVersion;
      this.cipherSuites = cipherSuites;
      this.preferServerCipherSuites = preferServer;
      this.curvePreferences = curves;
    }
  }

  private static final Map<String, String> TLS_VERSIONS = Map.of(
      "TLS10", "TLSv1", "TLS11", "TLSv1.1", "TLS12", "TLSv1.2", "TLS13", "TLSv1.3");
  private static final Map<String, String> CURVES = Map.of(
      "X25519", "x25519", "CurveP256", "secp256r1", "CurveP384", "secp384r1",
      "CurveP521", "secp521r1");
  private static final Set<String> HEADERS = Set.of("Content-Security-Policy", "X-Frame-Options",
      "X-Content-Type-Options", "X-XSS-Protection", "Strict-Transport-Security");

  private final String source;
  private final Tls tls;
  private final boolean http2;
  private final Map<String, String> headers;
  private final Map<String, String> users;

  private WebConfig(String source, Tls tls, boolean http2, Map<String, String> headers,
      Map<String, String> users) {
    this.source = source;
    this.tls = tls;
    this.http2 = http2;
    this.headers = headers;
    this.users = users;
  }

  /** No TLS, no users, no headers: what a server without {@code --web.config.file} uses. */
  public static WebConfig none() {
    return new WebConfig("(none)", null, true, Map.of(), Map.of());
  }

  /** Reads and checks {@code file}; errors name the file and line. */
  public static WebConfig load(Path file) throws WebConfigException {
    String text;
    try {
      text = new String(Files.readAllBytes(file), StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new WebConfigException(file + ": cannot read the web configuration: " + e);
    }
    Path base = file.toAbsolutePath().getParent();
    return parse(text, file.toString(), base);
  }

  /** Parses {@code text}; {@code source} names it in errors, {@code base} resolves files. */
  public static WebConfig parse(String text, String source, Path base) throws WebConfigException {
    try {
      Value root = MiniYaml.parse(text);
      if (root.isNull()) {
        return new WebConfig(source, null, true, Map.of(), Map.of());
      }
      Map<String, Value> top = map(root, "the web configuration");
      only(top, "the web configuration",
          Set.of("tls_server_config", "http_server_config", "basic_auth_users"));
      Tls tls = top.containsKey("tls_server_config") && !top.get("tls_server_config").isNull()
          ? tls(map(top.get("tls_server_config"), "tls_server_config"), base) : null;
      boolean http2 = true;
      Map<String, String> headers = Map.of();
      Value httpValue = top.get("http_server_config");
      if (httpValue != null && !httpValue.isNull()) {
        Map<String, Value> http = map(httpValue, "http_server_config");
        only(http, "http_server_config", Set.of("http2", "headers"));
        if (http.containsKey("http2")) {
          http2 = bool(http.get("http2"), "http2");
        }
        if (http.containsKey("headers") && !http.get("headers").isNull()) {
          headers = headers(map(http.get("headers"), "headers"));
        }
      }
      Map<String, String> users = Map.of();
      Value usersValue = top.get("basic_auth_users");
      if (usersValue != null && !usersValue.isNull()) {
        users = users(map(usersValue, "basic_auth_users"));
      }
      return new WebConfig(source, tls, http2, headers, users);
    } catch (YamlException e) {
      throw new WebConfigException(source + ":" + e.line + ": "
          + e.getMessage().substring(e.getMessage().indexOf(": ") + 2));
    }
  }

  private static Tls tls(Map<String, Value> m, Path base) throws YamlException {
    only(m, "tls_server_config", Set.of("cert_file", "key_file", "client_auth_type",
        "client_ca_file", "client_allowed_sans", "min_version", "max_version", "cipher_suites",
        "prefer_server_cipher_suites", "curve_preferences"));
    int line = firstLine(m);
    String cert = string(m.get("cert_file"), "cert_file");
    String key = string(m.get("key_file"), "key_file");
    if (cert == null || cert.isEmpty()) {
      throw new YamlException(line, "tls_server_config: missing cert_file");
    }
    if (key == null || key.isEmpty()) {
      throw new YamlException(line, "tls_server_config: missing key_file");
    }
    ClientAuth auth = ClientAuth.NoClientCert;
    String authName = string(m.get("client_auth_type"), "client_auth_type");
    if (authName != null && !authName.isEmpty()) {
      try {
        auth = ClientAuth.valueOf(authName);
      } catch (IllegalArgumentException e) {
        throw new YamlException(m.get("client_auth_type").line, "invalid client_auth_type \""
            + authName + "\" (one of NoClientCert, RequestClientCert, RequireAnyClientCert, "
            + "VerifyClientCertIfGiven, RequireAndVerifyClientCert)");
      }
    }
    String ca = string(m.get("client_ca_file"), "client_ca_file");
    if (ca != null && !ca.isEmpty() && !auth.verifies()) {
      throw new YamlException(m.get("client_ca_file").line,
          "client_ca_file is set but client_auth_type " + auth + " does not verify client "
              + "certificates; use RequireAndVerifyClientCert");
    }
    if (auth.verifies() && (ca == null || ca.isEmpty())) {
      throw new YamlException(line, "client_auth_type " + auth + " needs client_ca_file");
    }
    List<String> sans = strings(m.get("client_allowed_sans"), "client_allowed_sans");
    if (!sans.isEmpty() && !auth.verifies()) {
      throw new YamlException(m.get("client_allowed_sans").line,
          "client_allowed_sans needs a client_auth_type that verifies client certificates");
    }
    String min = version(m.get("min_version"), "min_version", "TLS12");
    String max = version(m.get("max_version"), "max_version", "TLS13");
    if (min.compareTo(max) > 0) {
      throw new YamlException(line, "min_version " + min + " is above max_version " + max);
    }
    List<String> curves = new ArrayList<>();
    for (String c : strings(m.get("curve_preferences"), "curve_preferences")) {
      String jsse = CURVES.get(c);
      if (jsse == null) {
        throw new YamlException(m.get("curve_preferences").line, "unknown curve " + c
            + " (one of " + String.join(", ", new java.util.TreeSet<>(CURVES.keySet())) + ")");
      }
      curves.add(jsse);
    }
    boolean prefer = m.containsKey("prefer_server_cipher_suites")
        ? bool(m.get("prefer_server_cipher_suites"), "prefer_server_cipher_suites") : true;
    return new Tls(file(base, m, "cert_file", cert), file(base, m, "key_file", key), auth,
        ca == null || ca.isEmpty() ? null : file(base, m, "client_ca_file", ca), sans,
        TLS_VERSIONS.get(min),
        TLS_VERSIONS.get(max), strings(m.get("cipher_suites"), "cipher_suites"), prefer,
        List.copyOf(curves));
  }

  /** {@code name} resolved against {@code base}; a name no path can have is a config error. */
  private static Path file(Path base, Map<String, Value> m, String field, String name)
      throws YamlException {
    try {
      return base.resolve(name);
    } catch (InvalidPathException e) {
      // Found by fuzzing: a NUL in a file name escaped the parser as an unchecked exception.
      throw new YamlException(m.get(field).line, field + ": invalid file name: " + e.getReason());
    }
  }

  private static Map<String, String> headers(Map<String, Value> m) throws YamlException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : m.entrySet()) {
      String name = e.getKey();
      if (!HEADERS.contains(name)) {
        throw new YamlException(e.getValue().line, "header " + name + " can not be set here ("
            + "one of " + String.join(", ", new java.util.TreeSet<>(HEADERS)) + ")");
      }
      String v = string(e.getValue(), name);
      if (v == null || v.isEmpty()) {
        continue;
      }
      if (name.equals("X-Frame-Options") && !v.equalsIgnoreCase("deny")
          && !v.equalsIgnoreCase("sameorigin")) {
        throw new YamlException(e.getValue().line,
            "X-Frame-Options must be deny or sameorigin, not \"" + v + "\"");
      }
      if (name.equals("X-Content-Type-Options") && !v.equalsIgnoreCase("nosniff")) {
        throw new YamlException(e.getValue().line,
            "X-Content-Type-Options must be nosniff, not \"" + v + "\"");
      }
      out.put(name, v);
    }
    return Collections.unmodifiableMap(out);
  }

  private static Map<String, String> users(Map<String, Value> m) throws YamlException {
    Map<String, String> out = new LinkedHashMap<>();
    for (Map.Entry<String, Value> e : m.entrySet()) {
      String hash = string(e.getValue(), e.getKey());
      String problem = hash == null ? "no password hash" : Bcrypt.problem(hash);
      if (problem != null) {
        throw new YamlException(e.getValue().line,
            "basic_auth_users: " + e.getKey() + ": " + problem);
      }
      out.put(e.getKey(), hash);
    }
    return Collections.unmodifiableMap(out);
  }

  private static String version(Value v, String field, String dflt) throws YamlException {
    String s = string(v, field);
    if (s == null || s.isEmpty()) {
      return dflt;
    }
    if (!TLS_VERSIONS.containsKey(s)) {
      throw new YamlException(v.line, "unknown TLS version: " + s
          + " (one of TLS10, TLS11, TLS12, TLS13)");
    }
    return s;
  }

  @SuppressWarnings("unchecked")
  private static Map<String, Value> map(Value v, String field) throws YamlException {
    if (!(v.value instanceof Map)) {
      throw new YamlException(v.line, field + " must be a mapping");
    }
    return (Map<String, Value>) v.value;
  }

  private static void only(Map<String, Value> m, String where, Set<String> allowed)
      throws YamlException {
    for (Map.Entry<String, Value> e : m.entrySet()) {
      if (!allowed.contains(e.getKey())) {
        throw new YamlException(e.getValue().line,
            "field " + e.getKey() + " not found in " + where);
      }
    }
  }

  private static int firstLine(Map<String, Value> m) {
    return m.values().stream().mapToInt(x -> x.line).min().orElse(1);
  }

  private static String string(Value v, String field) throws YamlException {
    if (v == null || v.isNull()) {
      return null;
    }
    if (!(v.value instanceof String)) {
      throw new YamlException(v.line, field + " must be a string");
    }
    return (String) v.value;
  }

  private static boolean bool(Value v, String field) throws YamlException {
    String s = string(v, field);
    if ("true".equals(s)) {
      return true;
    }
    if ("false".equals(s)) {
      return false;
    }
    throw new YamlException(v.line, field + " must be true or false, not \"" + s + "\"");
  }

  private static List<String> strings(Value v, String field) throws YamlException {
    if (v == null || v.isNull()) {
      return List.of();
    }
    if (!(v.value instanceof List)) {
      throw new YamlException(v.line, field + " must be a list");
    }
    List<String> out = new ArrayList<>();
    for (Object o : (List<?>) v.value) {
      out.add(string((Value) o, field));
    }
    return List.copyOf(out);
  }

  /** Where the configuration came from, for messages. */
  public String source() {
    return source;
  }

  /** The TLS settings, or null when the server speaks plain HTTP. */
  public Tls tls() {
    return tls;
  }

  public boolean http2() {
    return http2;
  }

  /** Headers added to every response. */
  public Map<String, String> headers() {
    return headers;
  }

  /** User name → bcrypt hash; empty when no authentication is required. */
  public Map<String, String> users() {
    return users;
  }
}
