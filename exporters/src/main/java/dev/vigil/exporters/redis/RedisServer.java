package dev.vigil.exporters.redis;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.Serve;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.function.UnaryOperator;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The redis exporter's HTTP endpoint: {@code /metrics} for the configured instances and
 * {@code /scrape?target=redis://host:port} for any instance (the multi-target pattern of
 * redis_exporter and blackbox_exporter). client-sdk's HTTPServer only routes {@code /metrics},
 * so this is a JDK server whose handlers are client-sdk's, with its gzip and negotiation.
 */
final class RedisServer implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(RedisServer.class);

  private final HttpServer server;
  private final ExecutorService pool;

  /**
   * @param credentials fills in the user and password for a {@code /scrape} target that has
   *     none, from the exporter's flags, as the peer does
   */
  RedisServer(String listenAddress, Registry registry, RedisExporter exporter,
      UnaryOperator<RedisAddress> credentials) throws IOException {
    InetSocketAddress bind = Serve.address(listenAddress);
    server = HttpServer.create(bind, 0);
    pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "redis-http");
      t.setDaemon(true);
      return t;
    });
    server.setExecutor(pool);
    HttpHandler metrics = HTTPServer.metricsHandler(registry);
    server.createContext("/metrics", metrics);
    server.createContext("/scrape", exchange -> scrape(exchange, exporter, credentials));
    server.createContext("/", this::landing);
    server.start();
  }

  int port() {
    return server.getAddress().getPort();
  }

  String host() {
    return server.getAddress().getHostString();
  }

  private static void scrape(HttpExchange exchange, RedisExporter exporter,
      UnaryOperator<RedisAddress> credentials) throws IOException {
    String target = param(exchange.getRequestURI().getRawQuery(), "target");
    RedisAddress address;
    try {
      if (target == null || target.isEmpty()) {
        throw new IllegalArgumentException("'target' parameter must be specified");
      }
      address = credentials.apply(RedisAddress.parse(target));
    } catch (IllegalArgumentException e) {
      exporter.countRequestError();
      LOG.warn("bad /scrape request: {}", e.getMessage());
      text(exchange, 400, e.getMessage() + "\n");
      return;
    }
    Registry one = new Registry();
    one.register(exporter.forTarget(address));
    HTTPServer.metricsHandler(one).handle(exchange);
  }

  private void landing(HttpExchange exchange) throws IOException {
    String path = exchange.getRequestURI().getPath();
    if (!"/".equals(path)) {
      text(exchange, 404, "Not Found\n");
      return;
    }
    exchange.getResponseHeaders().set("Content-Type", "text/html; charset=utf-8");
    byte[] body = ("<html><head><title>Redis Exporter</title></head><body>"
        + "<h1>Redis Exporter (Vigil)</h1><p><a href=\"/metrics\">Metrics</a></p>"
        + "<p><a href=\"/scrape?target=redis://localhost:6379\">/scrape?target=</a></p>"
        + "</body></html>\n").getBytes(StandardCharsets.UTF_8);
    exchange.sendResponseHeaders(200, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  /** The first value of {@code name} in a raw query string, decoded. */
  static String param(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String pair : rawQuery.split("&")) {
      int eq = pair.indexOf('=');
      String key = URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq),
          StandardCharsets.UTF_8);
      if (key.equals(name)) {
        return eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      }
    }
    return null;
  }

  private static void text(HttpExchange exchange, int status, String text) throws IOException {
    byte[] body = text.getBytes(StandardCharsets.UTF_8);
    exchange.getResponseHeaders().set("Content-Type", "text/plain; charset=utf-8");
    exchange.sendResponseHeaders(status, body.length);
    try (OutputStream out = exchange.getResponseBody()) {
      out.write(body);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    pool.shutdownNow();
  }
}
