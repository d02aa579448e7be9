package dev.vigil.server.web;

import dev.vigil.client.httpserver.WebSecurity;
import io.undertow.server.HttpHandler;
import io.undertow.server.HttpServerExchange;
import io.undertow.server.SSLSessionInfo;
import io.undertow.util.Headers;
import io.undertow.util.HttpString;
import java.security.cert.Certificate;
import java.util.Map;

/**
 * The web configuration's checks for every request: response headers, client certificate
 * names ({@code client_allowed_sans}) and basic-auth credentials. Bcrypt is slow on purpose,
 * so the check runs off the IO threads.
 */
final class SecurityHandler implements HttpHandler {
  private final WebSecurity security;
  private final HttpHandler next;

  SecurityHandler(WebSecurity security, HttpHandler next) {
    this.security = security;
    this.next = next;
  }

  @Override
  public void handleRequest(HttpServerExchange ex) throws Exception {
    if (ex.isInIoThread()) {
      ex.dispatch(this);
      return;
    }
    for (Map.Entry<String, String> h : security.headers().entrySet()) {
      ex.getResponseHeaders().put(HttpString.tryFromString(h.getKey()), h.getValue());
    }
    if (security.tlsEnabled() && !security.allowsPeer(peer(ex))) {
      WebServer.send(ex, 403, "text/plain; charset=utf-8", "Forbidden\n");
      return;
    }
    if (!security.authenticate(ex.getRequestHeaders().getFirst(Headers.AUTHORIZATION))) {
      ex.getResponseHeaders().put(Headers.WWW_AUTHENTICATE, "Basic");
      WebServer.send(ex, 401, "text/plain; charset=utf-8", "Unauthorized\n");
      return;
    }
    next.handleRequest(ex);
  }

  private static Certificate[] peer(HttpServerExchange ex) {
    SSLSessionInfo ssl = ex.getConnection().getSslSessionInfo();
    if (ssl == null) {
      return null;
    }
    try {
      return ssl.getPeerCertificates();
    } catch (Exception e) {
      return null;
    }
  }
}
