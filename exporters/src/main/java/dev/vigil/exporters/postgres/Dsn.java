package dev.vigil.exporters.postgres;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A PostgreSQL data source name as postgres_exporter takes it: a URI
 * ({@code postgresql://user:pass@host:port/db?sslmode=disable}) or libpq's key=value form
 * ({@code host=... port=... user=... password=... dbname=...}). {@link #toString()} masks the
 * password, so a Dsn can be logged as is.
 */
record Dsn(String host, int port, String database, String user, String password,
    Map<String, String> options) {

  /** Parses either form; a bad DSN is an IllegalArgumentException that never shows a password. */
  static Dsn parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("empty data source name");
    }
    s = s.strip();
    return s.startsWith("postgresql://") || s.startsWith("postgres://") ? uri(s) : keyValue(s);
  }

  private static Dsn uri(String s) {
    URI u;
    try {
      u = new URI(s);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid data source URI " + maskUri(s));
    }
    if (u.getHost() == null && u.getRawAuthority() != null) {
      throw new IllegalArgumentException("invalid host or port in data source URI " + maskUri(s));
    }
    String user = "postgres";
    String password = "";
    if (u.getRawUserInfo() != null) {
      String[] up = u.getRawUserInfo().split(":", 2);
      user = decode(up[0]);
      password = up.length > 1 ? decode(up[1]) : "";
    }
    String host = u.getHost() == null ? "localhost" : u.getHost();
    int port = u.getPort() < 0 ? 5432 : u.getPort();
    String path = u.getRawPath() == null ? "" : u.getRawPath().replaceFirst("^/", "");
    Map<String, String> options = new LinkedHashMap<>();
    if (u.getRawQuery() != null) {
      for (String kv : u.getRawQuery().split("&")) {
        String[] p = kv.split("=", 2);
        options.put(decode(p[0]), p.length > 1 ? decode(p[1]) : "");
      }
    }
    return new Dsn(host, port, path.isEmpty() ? user : decode(path), user, password, options);
  }

  private static Dsn keyValue(String s) {
    Map<String, String> kv = new LinkedHashMap<>();
    for (String part : s.trim().split("\\s+")) {
      int eq = part.indexOf('=');
      if (eq <= 0) {
        throw new IllegalArgumentException(
            "invalid data source name: expected key=value pairs or a postgresql:// URI");
      }
      String v = part.substring(eq + 1);
      if (v.length() >= 2 && v.startsWith("'") && v.endsWith("'")) {
        v = v.substring(1, v.length() - 1);
      }
      kv.put(part.substring(0, eq), v);
    }
    String user = kv.getOrDefault("user", "postgres");
    int port;
    try {
      port = Integer.parseInt(kv.getOrDefault("port", "5432"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("invalid port in data source name: " + kv.get("port"));
    }
    Map<String, String> options = new LinkedHashMap<>(kv);
    for (String k : new String[] {"host", "port", "user", "password", "dbname"}) {
      options.remove(k);
    }
    return new Dsn(kv.getOrDefault("host", "localhost"), port, kv.getOrDefault("dbname", user),
        user, kv.getOrDefault("password", ""), options);
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  /** postgres_exporter's {@code server} label: host:port. */
  String server() {
    return host + ":" + port;
  }

  Dsn withDatabase(String db) {
    return new Dsn(host, port, db, user, password, options);
  }

  Dsn withCredentials(String newUser, String newPassword) {
    return new Dsn(host, port, database, newUser == null ? user : newUser,
        newPassword == null ? password : newPassword, options);
  }

  /** The JDBC URL; credentials travel as connection properties, never in the URL. */
  String jdbcUrl() {
    String h = host.contains(":") ? "[" + host + "]" : host;
    StringBuilder b = new StringBuilder("jdbc:postgresql://").append(h).append(':').append(port)
        .append('/').append(java.net.URLEncoder.encode(database, StandardCharsets.UTF_8));
    String ssl = options.get("sslmode");
    if (ssl != null) {
      b.append("?sslmode=").append(java.net.URLEncoder.encode(ssl, StandardCharsets.UTF_8));
    }
    return b.toString();
  }

  /** Hides a password in any text (an error message from the driver, say). */
  String mask(String text) {
    return text == null || password.isEmpty() ? text : text.replace(password, "******");
  }

  @Override
  public String toString() {
    return "postgresql://" + user + (password.isEmpty() ? "" : ":******") + "@" + server() + "/"
        + database;
  }

  private static String maskUri(String s) {
    return s.replaceAll("(://[^:/@]*:)[^@]*@", "$1******@");
  }
}
