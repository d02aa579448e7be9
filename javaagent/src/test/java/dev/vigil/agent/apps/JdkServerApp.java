package dev.vigil.agent.apps;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;

/**
 * A JDK HttpServer application: {@code /hello} (its own context) answers 200 "hello";
 * {@code /users/<id>} under the root context answers 200; anything else 404.
 */
public final class JdkServerApp {
  private JdkServerApp() {}

  public static void main(String[] args) throws Exception {
    HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/hello", ex -> send(ex, 200, "hello"));
    server.createContext("/", ex -> {
      String path = ex.getRequestURI().getPath();
      if (path.startsWith("/users/")) {
        send(ex, 200, "user " + path.substring(7));
      } else {
        send(ex, 404, "not found");
      }
    });
    server.start();
    AppMain.ready(server.getAddress().getPort(), null);
  }

  static void send(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream out = ex.getResponseBody()) {
      out.write(b);
    }
  }
}
