package dev.vigil.exporters.common;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.httpserver.SecureHttpServer;
import com.sun.net.httpserver.HttpContext;
import dev.vigil.client.model.Registry;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * A database exporter's endpoints: its own instances on the metrics path, any instance on a
 * multi-target path ({@code /probe?target=…} as blackbox_exporter and postgres_exporter have it,
 * {@code /scrape?target=…} for redis_exporter), and a landing page. client-sdk's HTTPServer serves
 * one registry only, so its handler is reused here per request: gzip and content negotiation come
 * with it.
 */
public final class ExporterHttp implements AutoCloseable {
  /** The registry to scrape for one multi-target request. */
  @FunctionalInterface
  public interface Targets {
    /**
     * @param params the query parameters, decoded (first value of each)
     * @throws IllegalArgumentException when the request names no usable target; its message is
     *     the 400 answer
     */
    Registry registry(Map<String, String> params);
  }

  private final HttpServer server;
  private final ExecutorService pool;

  /**
   * @param name for the landing page and thread names ({@code postgres}, {@code redis})
   * @param metrics the configured instances; null to serve only the multi-target path
   */
  public ExporterHttp(String name, Listen listen, String metricsPath, Registry metrics,
      String targetPath, Targets targets) throws IOException {
    server = SecureHttpServer.create(Serve.address(listen.address()), listen.security());
    pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, name + "-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    if (metrics != null) {
      protect(server.createContext(metricsPath, HTTPServer.metricsHandler(metrics)), listen);
    }
    protect(server.createContext(targetPath, ex -> {
      Registry one;
      try {
        one = targets.registry(params(ex.getRequestURI().getRawQuery()));
      } catch (IllegalArgumentException e) {
        reply(ex, 400, e.getMessage() + "\n");
        return;
      }
      HTTPServer.metricsHandler(one).handle(ex);
    }), listen);
    protect(server.createContext("/", ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        reply(ex, 404, "not found\n");
        return;
      }
      reply(ex, 200, "<html><head><title>Vigil " + name + " exporter</title></head><body>"
          + "<h1>Vigil " + name + " exporter</h1><p><a href=\"" + metricsPath + "\">Metrics</a>"
          + "</p><p>" + targetPath + "?target=…</p></body></html>\n");
    }), listen);
    server.start();
  }

  private static void protect(HttpContext context, Listen listen) {
    if (listen.security().fromFile()) {
      SecureHttpServer.protect(context, listen.security());
    }
  }

  public int port() {
    return server.getAddress().getPort();
  }

  public String host() {
    return server.getAddress().getHostString();
  }

  /** The query's parameters, decoded, the first value of each; malformed escapes are skipped. */
  public static Map<String, String> params(String rawQuery) {
    Map<String, String> out = new HashMap<>();
    if (rawQuery == null) {
      return out;
    }
    for (String p : rawQuery.split("&")) {
      int eq = p.indexOf('=');
      try {
        out.putIfAbsent(URLDecoder.decode(eq < 0 ? p : p.substring(0, eq), StandardCharsets.UTF_8),
            eq < 0 ? "" : URLDecoder.decode(p.substring(eq + 1), StandardCharsets.UTF_8));
      } catch (IllegalArgumentException e) {
        // a malformed escape: the parameter is ignored
      }
    }
    return out;
  }

  private static void reply(HttpExchange ex, int status, String body) throws IOException {
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    ex.getResponseHeaders().set("Content-Type",
        body.startsWith("<html>") ? "text/html; charset=utf-8" : "text/plain; charset=utf-8");
    ex.sendResponseHeaders(status, b.length);
    try (OutputStream o = ex.getResponseBody()) {
      o.write(b);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
