package dev.vigil.exporters.mysql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Properties;

/**
 * Where and as whom to connect to one MySQL/MariaDB server, read from the Go driver's DSN form
 * ({@code user:password@tcp(host:port)/db}, {@code user@(host:port)/}, {@code user@unix(/sock)/})
 * that mysqld_exporter's {@code DATA_SOURCE_NAME} takes, or from a my.cnf {@code [client]}
 * section. {@link #toString()} masks the password, so a DSN can be logged safely.
 */
public record MysqlDsn(String user, String password, String host, int port, String socket,
    String database, String sslMode) {

  /**
   * Parses a Go MySQL DSN.
   *
   * @throws IllegalArgumentException saying what is wrong, never echoing the password
   */
  public static MysqlDsn parse(String dsn) {
    if (dsn == null || dsn.isBlank()) {
      throw new IllegalArgumentException("empty MySQL DSN");
    }
    String user = "";
    String password = "";
    String rest = dsn;
    // The Go driver splits at the last '@' before the '/': passwords may contain '@'.
    int slash = rest.lastIndexOf('/');
    if (slash < 0) {
      throw new IllegalArgumentException(
          "invalid MySQL DSN " + mask(dsn) + ": missing '/' (expected user:password@(host:port)/)");
    }
    int at = rest.lastIndexOf('@', slash);
    if (at >= 0) {
      String cred = rest.substring(0, at);
      int colon = cred.indexOf(':');
      user = colon < 0 ? cred : cred.substring(0, colon);
      password = colon < 0 ? "" : cred.substring(colon + 1);
      rest = rest.substring(at + 1);
      slash = rest.lastIndexOf('/');
    }
    String net = rest.substring(0, slash);
    String db = rest.substring(slash + 1);
    String sslMode = "disable"; // the Go driver's default: no TLS unless tls= says so
    int q = db.indexOf('?');
    if (q >= 0) {
      for (String param : db.substring(q + 1).split("&")) {
        if (param.startsWith("tls=")) {
          sslMode = switch (param.substring(4)) {
            case "true" -> "verify-full";
            case "skip-verify", "preferred" -> "trust";
            case "false" -> "disable";
            default -> throw new IllegalArgumentException("invalid MySQL DSN " + mask(dsn)
                + ": tls must be true, false, skip-verify or preferred");
          };
        }
      }
      db = db.substring(0, q); // other driver parameters are not needed by the exporter
    }
    String protocol = "tcp";
    String addr = "";
    int open = net.indexOf('(');
    if (open >= 0) {
      if (!net.endsWith(")")) {
        throw new IllegalArgumentException("invalid MySQL DSN " + mask(dsn) + ": unclosed '('");
      }
      protocol = open == 0 ? "tcp" : net.substring(0, open);
      addr = net.substring(open + 1, net.length() - 1);
    } else if (!net.isEmpty()) {
      protocol = net;
    }
    if (protocol.equals("unix")) {
      return new MysqlDsn(user, password, "localhost", 3306, addr, db, sslMode);
    }
    if (!protocol.equals("tcp")) {
      throw new IllegalArgumentException(
          "invalid MySQL DSN " + mask(dsn) + ": unknown protocol \"" + protocol + "\"");
    }
    HostPort hp = HostPort.parse(addr.isEmpty() ? "127.0.0.1:3306" : addr, "MySQL DSN " + mask(dsn));
    return new MysqlDsn(user, password, hp.host(), hp.port(), null, db, sslMode);
  }

  /**
   * Reads the {@code [client]} section (or {@code [client.<module>]} when {@code section} says
   * so) of a my.cnf file: user, password, host, port, socket.
   */
  public static MysqlDsn fromMyCnf(Path file, String section) throws IOException {
    if (!Files.isReadable(file)) {
      throw new IllegalArgumentException("my.cnf file " + file + " is not readable");
    }
    Properties p = new Properties();
    String current = null;
    for (String raw : Files.readAllLines(file)) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#") || line.startsWith(";")) {
        continue;
      }
      if (line.startsWith("[") && line.endsWith("]")) {
        current = line.substring(1, line.length() - 1).strip();
        continue;
      }
      if (!section.equals(current)) {
        continue;
      }
      int eq = line.indexOf('=');
      String key = (eq < 0 ? line : line.substring(0, eq)).strip();
      String value = eq < 0 ? "" : unquote(line.substring(eq + 1).strip());
      p.setProperty(key, value);
    }
    if (current == null && p.isEmpty() || !p.containsKey("user")) {
      throw new IllegalArgumentException(
          "my.cnf file " + file + ": no user in section [" + section + "]");
    }
    String host = p.getProperty("host", "localhost");
    int port;
    try {
      port = Integer.parseInt(p.getProperty("port", "3306"));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("my.cnf file " + file + ": invalid port");
    }
    String socket = p.getProperty("socket");
    return new MysqlDsn(p.getProperty("user"), p.getProperty("password", ""), host, port,
        socket, "", "disable");
  }

  /** The same credentials pointed at another {@code host:port} (for {@code /probe}). */
  public MysqlDsn withTarget(String target) {
    HostPort hp = HostPort.parse(target, "target");
    return new MysqlDsn(user, password, hp.host(), hp.port(), null, database, sslMode);
  }

  /** The JDBC URL; credentials go in {@link #properties}, never in the URL. */
  String jdbcUrl() {
    String url = "jdbc:mariadb://" + (host.contains(":") ? "[" + host + "]" : host) + ":" + port
        + "/" + database;
    return socket == null || socket.isEmpty() ? url : url + "?localSocket=" + socket;
  }

  /** Connection properties; the timeouts bound connecting and every read on the socket. */
  Properties properties(long timeoutMillis) {
    Properties p = new Properties();
    p.setProperty("user", user);
    p.setProperty("password", password);
    p.setProperty("connectTimeout", Long.toString(timeoutMillis));
    p.setProperty("socketTimeout", Long.toString(timeoutMillis + 1000));
    p.setProperty("sslMode", sslMode);
    return p;
  }

  /** {@code host:port} (or the socket), the {@code target} of this instance. */
  public String address() {
    return socket == null || socket.isEmpty() ? host + ":" + port : "unix(" + socket + ")";
  }

  /** Removes the password from {@code text} (an error message, a log line). */
  String scrub(String text) {
    if (text == null || password.isEmpty()) {
      return text;
    }
    return text.replace(password, "******");
  }

  @Override
  public String toString() {
    return user + (password.isEmpty() ? "" : ":******") + "@tcp(" + address() + ")/" + database;
  }

  /** A DSN with everything between the first ':' and the last '@' replaced. */
  static String mask(String dsn) {
    int at = dsn.lastIndexOf('@');
    int colon = dsn.indexOf(':');
    if (at < 0 || colon < 0 || colon > at) {
      return at < 0 ? "(no credentials)" : dsn;
    }
    return dsn.substring(0, colon) + ":******" + dsn.substring(at);
  }

  private static String unquote(String v) {
    if (v.length() >= 2 && (v.startsWith("\"") && v.endsWith("\"")
        || v.startsWith("'") && v.endsWith("'"))) {
      return v.substring(1, v.length() - 1);
    }
    return v;
  }

  /** A parsed {@code host:port}, {@code [v6]:port} or bare host (port 3306). */
  record HostPort(String host, int port) {
    static HostPort parse(String s, String what) {
      String host = s;
      int port = 3306;
      int colon = s.lastIndexOf(':');
      if (colon >= 0 && (s.indexOf(':') == colon || s.startsWith("["))) {
        host = s.substring(0, colon);
        try {
          port = Integer.parseInt(s.substring(colon + 1));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException("invalid port in " + what);
        }
        if (port <= 0 || port > 65535) {
          throw new IllegalArgumentException("port out of range in " + what);
        }
      }
      if (host.startsWith("[") && host.endsWith("]")) {
        host = host.substring(1, host.length() - 1);
      }
      if (host.isEmpty()) {
        throw new IllegalArgumentException("empty host in " + what);
      }
      return new HostPort(host, port);
    }
  }
}
