package dev.vigil.client.httpserver;

import com.sun.net.httpserver.Filter;
import com.sun.net.httpserver.HttpContext;
import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsExchange;
import com.sun.net.httpserver.HttpsParameters;
import com.sun.net.httpserver.HttpsServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import javax.net.ssl.SSLPeerUnverifiedException;

/**
 * The JDK's HTTP server with a web configuration applied: HTTPS when it has TLS, and on each
 * context a filter that adds the configured headers, checks client certificate names and asks
 * for basic-auth credentials.
 */
public final class SecureHttpServer {
  private SecureHttpServer() {}

  /** An unstarted HTTP or HTTPS server bound to {@code bind}. */
  public static HttpServer create(InetSocketAddress bind, WebSecurity security) throws IOException {
    if (!security.tlsEnabled()) {
      return HttpServer.create(bind, 0);
    }
    HttpsServer server = HttpsServer.create(bind, 0);
    server.setHttpsConfigurator(new HttpsConfigurator(security.sslContext()) {
      @Override
      public void configure(HttpsParameters params) {
        params.setSSLParameters(security.sslParameters());
      }
    });
    return server;
  }

  /** Puts the security filter in front of {@code context}'s handler. */
  public static HttpContext protect(HttpContext context, WebSecurity security) {
    context.getFilters().add(filter(security));
    return context;
  }

  static Filter filter(WebSecurity security) {
    return new Filter() {
      @Override
      public void doFilter(HttpExchange ex, Chain chain) throws IOException {
        for (Map.Entry<String, String> h : security.headers().entrySet()) {
          ex.getResponseHeaders().set(h.getKey(), h.getValue());
        }
        if (ex instanceof HttpsExchange && !peerAllowed((HttpsExchange) ex, security)) {
          reject(ex, 403, "Forbidden\n", false);
          return;
        }
        if (!security.authenticate(ex.getRequestHeaders().getFirst("Authorization"))) {
          reject(ex, 401, "Unauthorized\n", true);
          return;
        }
        chain.doFilter(ex);
      }

      @Override
      public String description() {
        return "web configuration: headers, client certificates, basic auth";
      }
    };
  }

  private static boolean peerAllowed(HttpsExchange ex, WebSecurity security) {
    try {
      return security.allowsPeer(ex.getSSLSession().getPeerCertificates());
    } catch (SSLPeerUnverifiedException e) {
      return security.allowsPeer(null);
    }
  }

  private static void reject(HttpExchange ex, int status, String body, boolean challenge)
      throws IOException {
    try {
      if (challenge) {
        ex.getResponseHeaders().set("WWW-Authenticate", "Basic");
      }
      byte[] b = body.getBytes(StandardCharsets.UTF_8);
      ex.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
      ex.sendResponseHeaders(status, b.length);
      ex.getResponseBody().write(b);
    } finally {
      ex.close();
    }
  }
}
