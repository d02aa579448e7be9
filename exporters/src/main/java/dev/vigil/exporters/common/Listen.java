package dev.vigil.exporters.common;

import dev.vigil.client.httpserver.WebSecurity;

/**
 * Where and how an exporter serves: {@code --web.listen-address} and the web configuration
 * ({@code --web.config.file}: TLS, basic auth, headers).
 */
public record Listen(String address, WebSecurity security) {
  /** Plain HTTP on {@code address}. */
  public static Listen plain(String address) {
    return new Listen(address, WebSecurity.none());
  }

  public String scheme() {
    return security.tlsEnabled() ? "https" : "http";
  }
}
