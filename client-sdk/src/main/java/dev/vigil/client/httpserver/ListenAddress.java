package dev.vigil.client.httpserver;

import java.net.InetSocketAddress;

/**
 * {@code --web.listen-address} values as the Prometheus ecosystem writes them: {@code :9090},
 * {@code host:9090}, {@code [::1]:9090}. The server, the alert handling and the exporters parse
 * their flag with it.
 */
public final class ListenAddress {
  private ListenAddress() {}

  /**
   * Parses an address as Go's listeners take it; an empty host means every interface.
   *
   * @throws IllegalArgumentException saying what is wrong, starting with the flag's name
   */
  public static InetSocketAddress parse(String s) {
    int colon = s.lastIndexOf(':');
    if (colon < 0) {
      throw new IllegalArgumentException(
          "--web.listen-address: \"" + s + "\" has no port (expected host:port or :port)");
    }
    String host = s.substring(0, colon);
    if (host.startsWith("[") && host.endsWith("]")) {
      host = host.substring(1, host.length() - 1);
    }
    int port;
    try {
      port = Integer.parseInt(s.substring(colon + 1));
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("--web.listen-address: invalid port in \"" + s + "\"");
    }
    return host.isEmpty() ? new InetSocketAddress(port) : new InetSocketAddress(host, port);
  }
}
