package dev.vigil.exporters.mysql;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.Serve;
import java.io.IOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The exporter's endpoints on the JDK server: {@code /metrics} (the DSN's instance) and
 * {@code /probe?target=…[&auth_module=…]} (any instance, as newer mysqld_exporter and
 * blackbox_exporter do). client-sdk's HTTPServer serves only /metrics, so its handler is reused
 * here for both: gzip and content negotiation come with it.
 */
final class MysqlHttp implements AutoCloseable {
  private final HttpServer server;
  private final ExecutorService pool;

  MysqlHttp(String listenAddress, Registry metrics, MysqlTargets targets) throws IOException {
    server = HttpServer.create(Serve.address(listenAddress), 64);
    pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "mysql-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    if (metrics != null) {
      server.createContext("/metrics", HTTPServer.metricsHandler(metrics));
    }
    server.createContext("/probe", ex -> probe(ex, targets));
    server.createContext("/", ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        reply(ex, 404, "not found\n");
        return;
      }
      reply(ex, 200, "<html><body><h1>Vigil MySQL exporter</h1><a href=\"/metrics\">Metrics"
          + "</a> · /probe?target=host:port</body></html>\n");
    });
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  private static void probe(HttpExchange ex, MysqlTargets targets) throws IOException {
    Map<String, String> q = query(ex.getRequestURI().getRawQuery());
    MysqlInstance instance;
    try {
      instance = targets.instance(q.get("target"), q.get("auth_module"));
    } catch (IllegalArgumentException e) {
      reply(ex, 400, e.getMessage() + "\n");
      return;
    }
    Registry one = new Registry();
    one.register(instance);
    HTTPServer.metricsHandler(one).handle(ex);
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> out = new HashMap<>();
    if (raw == null) {
      return out;
    }
    for (String p : raw.split("&")) {
      int eq = p.indexOf('=');
      if (eq > 0) {
        try {
          out.putIfAbsent(URLDecoder.decode(p.substring(0, eq), StandardCharsets.UTF_8),
              URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
        } catch (IllegalArgumentException e) {
          // a malformed escape: ignore the parameter
        }
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int code, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type",
        body.startsWith("<html>") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    ex.sendResponseHeaders(code, b.length);
    ex.getResponseBody().write(b);
    ex.close();
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
