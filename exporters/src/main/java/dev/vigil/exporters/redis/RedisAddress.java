package dev.vigil.exporters.redis;

import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;

/**
 * A Redis address as redis_exporter takes it: {@code redis://[user[:password]@]host[:port][/db]},
 * {@code rediss://…} for TLS, or a bare {@code host:port}. {@link #toString()} never shows the
 * password, so an address can go into logs and errors as it is.
 */
record RedisAddress(boolean tls, String host, int port, String user, String password, int db) {
  static final int DEFAULT_PORT = 6379;

  /** @throws IllegalArgumentException naming what is wrong (without the password) */
  static RedisAddress parse(String s) {
    if (s == null || s.isBlank()) {
      throw new IllegalArgumentException("empty Redis address");
    }
    String text = s.contains("://") ? s : "redis://" + s;
    URI uri;
    try {
      uri = new URI(text);
    } catch (URISyntaxException e) {
      throw new IllegalArgumentException("invalid Redis address " + mask(s) + ": " + e.getReason());
    }
    String scheme = uri.getScheme();
    if (!"redis".equals(scheme) && !"rediss".equals(scheme)) {
      throw new IllegalArgumentException("Redis address " + mask(s)
          + " must start with redis:// or rediss://");
    }
    if (uri.getHost() == null) {
      throw new IllegalArgumentException("Redis address " + mask(s) + " has no host");
    }
    String user = null;
    String password = null;
    String info = uri.getRawUserInfo();
    if (info != null) {
      int colon = info.indexOf(':');
      user = decode(colon < 0 ? info : info.substring(0, colon));
      password = colon < 0 ? null : decode(info.substring(colon + 1));
      if (user.isEmpty()) {
        user = null;
      }
    }
    int db = 0;
    String path = uri.getPath();
    if (path != null && path.length() > 1) {
      try {
        db = Integer.parseInt(path.substring(1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("Redis address " + mask(s)
            + ": database must be a number, not \"" + path.substring(1) + "\"");
      }
    }
    return new RedisAddress("rediss".equals(scheme), uri.getHost(),
        uri.getPort() < 0 ? DEFAULT_PORT : uri.getPort(), user, password, db);
  }

  /** The same address with the user and password given by flags when the URL has none. */
  RedisAddress withCredentials(String flagUser, String flagPassword) {
    return new RedisAddress(tls, host, port, user != null ? user : blankToNull(flagUser),
        password != null ? password : blankToNull(flagPassword), db);
  }

  /** {@code s} with any password in it replaced by {@code ***}, for messages about bad input. */
  static String mask(String s) {
    return s == null ? null : s.replaceAll("(://[^:/@]*:)[^@/]*@", "$1***@");
  }

  @Override
  public String toString() {
    return (tls ? "rediss://" : "redis://") + (user != null ? user + "@" : "")
        + (password != null && user == null ? "***@" : "")
        + (host.contains(":") ? "[" + host + "]" : host) + ":" + port + (db != 0 ? "/" + db : "");
  }

  private static String decode(String s) {
    return URLDecoder.decode(s, StandardCharsets.UTF_8);
  }

  private static String blankToNull(String s) {
    return s == null || s.isEmpty() ? null : s;
  }
}
