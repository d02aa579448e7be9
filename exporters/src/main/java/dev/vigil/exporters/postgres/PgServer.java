package dev.vigil.exporters.postgres;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpHandler;
import com.sun.net.httpserver.HttpServer;
import dev.vigil.client.httpserver.HTTPServer;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ProcessMetrics;
import dev.vigil.exporters.common.Serve;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * The exporter's HTTP side: {@code /metrics} for the configured instances and
 * {@code /probe?target=host:port/db} for any other (blackbox style, as postgres_exporter's
 * multi-target mode), both through client-sdk's scrape handler (negotiation, gzip). A probed
 * target keeps its connection between probes; the least recently probed are closed past
 * {@link #MAX_TARGETS}.
 */
final class PgServer implements AutoCloseable {
  static final int MAX_TARGETS = 64;

  private final HttpServer http;
  private final ExecutorService pool;
  private final PgExporter main;
  private final Dsn base;
  private final PgExporter.Options options;
  private final Map<String, PgExporter> probed = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<PgExporter, HttpHandler> probeHandlers = new java.util.HashMap<>();

  /**
   * @param base where a probe target's credentials and options come from (may be null: probe
   *     targets then connect as postgres without a password)
   */
  PgServer(String listenAddress, String metricsPath, List<Dsn> dsns, Dsn base,
      PgExporter.Options options) throws IOException {
    this.base = base;
    this.options = options;
    this.main = new PgExporter(dsns, options);
    Registry registry = new Registry();
    registry.register(main);
    registry.register(new ProcessMetrics());
    http = HttpServer.create(Serve.address(listenAddress), 0);
    http.createContext(metricsPath, HTTPServer.metricsHandler(registry));
    http.createContext("/probe", this::probe);
    http.createContext("/", ex -> {
      if (!ex.getRequestURI().getPath().equals("/")) {
        reply(ex, 404, "not found\n");
        return;
      }
      reply(ex, 200, "<html><head><title>Postgres exporter</title></head><body>"
          + "<h1>Postgres exporter</h1><p><a href=\"" + metricsPath + "\">Metrics</a></p>"
          + "</body></html>\n");
    });
    pool = Executors.newFixedThreadPool(4, r -> {
      Thread t = new Thread(r, "pg-http");
      t.setDaemon(true);
      return t;
    });
    http.setExecutor(pool);
    http.start();
  }

  int port() {
    return http.getAddress().getPort();
  }

  private void probe(HttpExchange ex) throws IOException {
    String target = param(ex.getRequestURI().getRawQuery(), "target");
    if (target == null || target.isBlank()) {
      reply(ex, 400, "missing target parameter (host:port/database)\n");
      return;
    }
    Dsn dsn;
    try {
      dsn = target(target);
    } catch (IllegalArgumentException e) {
      reply(ex, 400, "invalid target: " + e.getMessage() + "\n");
      return;
    }
    HttpHandler handler;
    synchronized (probed) {
      PgExporter e = probed.computeIfAbsent(dsn.toString(),
          k -> new PgExporter(List.of(dsn), options));
      handler = probeHandlers.computeIfAbsent(e, k -> {
        Registry r = new Registry();
        r.register(k);
        return HTTPServer.metricsHandler(r);
      });
      if (probed.size() > MAX_TARGETS) {
        var oldest = probed.entrySet().iterator().next();
        probeHandlers.remove(oldest.getValue());
        oldest.getValue().close();
        probed.remove(oldest.getKey());
      }
    }
    handler.handle(ex);
  }

  /** {@code host[:port][/db]} with the base DSN's credentials, or a full DSN. */
  Dsn target(String t) {
    if (t.startsWith("postgres://") || t.startsWith("postgresql://") || t.contains("=")) {
      return Dsn.parse(t);
    }
    Dsn b = base != null ? base : Dsn.parse("postgresql://postgres@localhost:5432/postgres");
    String rest = t;
    String db = b.database();
    int slash = t.indexOf('/');
    if (slash >= 0) {
      rest = t.substring(0, slash);
      db = t.substring(slash + 1);
    }
    String host = rest;
    int port = 5432;
    int colon = rest.lastIndexOf(':');
    if (colon > 0 && !rest.endsWith("]")) {
      host = rest.substring(0, colon);
      try {
        port = Integer.parseInt(rest.substring(colon + 1));
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("bad port in " + t);
      }
    }
    host = host.replace("[", "").replace("]", "");
    if (host.isEmpty()) {
      throw new IllegalArgumentException("no host in " + t);
    }
    return new Dsn(host, port, db.isEmpty() ? b.database() : db, b.user(), b.password(),
        b.options());
  }

  private static String param(String rawQuery, String name) {
    if (rawQuery == null) {
      return null;
    }
    for (String kv : rawQuery.split("&")) {
      String[] p = kv.split("=", 2);
      if (p[0].equals(name)) {
        return p.length > 1 ? URLDecoder.decode(p[1], StandardCharsets.UTF_8) : "";
      }
    }
    return null;
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
    http.stop(0);
    pool.shutdownNow();
    main.close();
    synchronized (probed) {
      probed.values().forEach(PgExporter::close);
      probed.clear();
    }
  }
}
