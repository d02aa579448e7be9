package dev.vigil.exporters.postgres;

import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ExporterHttp;
import dev.vigil.exporters.common.Listen;
import dev.vigil.exporters.common.ProcessMetrics;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The exporter's HTTP side: {@code /metrics} for the configured instances and
 * {@code /probe?target=host:port/db} for any other (blackbox style, as postgres_exporter's
 * multi-target mode), both through client-sdk's scrape handler (negotiation, gzip). A probed
 * target keeps its connection between probes; the least recently probed are closed past
 * {@link #MAX_TARGETS}.
 */
final class PgServer implements AutoCloseable {
  static final int MAX_TARGETS = 64;

  private final ExporterHttp http;
  private final PgExporter main;
  private final Dsn base;
  private final PgExporter.Options options;
  private final Map<String, PgExporter> probed = new LinkedHashMap<>(16, 0.75f, true);
  private final Map<PgExporter, Registry> probeRegistries = new java.util.HashMap<>();

  /**
   * @param base where a probe target's credentials and options come from (may be null: probe
   *     targets then connect as postgres without a password)
   */
  PgServer(Listen listenAddress, String metricsPath, List<Dsn> dsns, Dsn base,
      PgExporter.Options options) throws IOException {
    this.base = base;
    this.options = options;
    this.main = new PgExporter(dsns, options);
    Registry registry = new Registry();
    registry.register(main);
    registry.register(new ProcessMetrics());
    http = new ExporterHttp("postgres", listenAddress, metricsPath, registry, "/probe",
        q -> probe(q.get("target")));
  }

  int port() {
    return http.port();
  }

  private Registry probe(String target) {
    if (target == null || target.isBlank()) {
      throw new IllegalArgumentException("missing target parameter (host:port/database)");
    }
    Dsn dsn;
    try {
      dsn = target(target);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException("invalid target: " + e.getMessage(), e);
    }
    synchronized (probed) {
      PgExporter e = probed.computeIfAbsent(dsn.toString(),
          k -> new PgExporter(List.of(dsn), options));
      Registry r = probeRegistries.computeIfAbsent(e, k -> {
        Registry one = new Registry();
        one.register(k);
        return one;
      });
      if (probed.size() > MAX_TARGETS) {
        var oldest = probed.entrySet().iterator().next();
        probeRegistries.remove(oldest.getValue());
        oldest.getValue().close();
        probed.remove(oldest.getKey());
      }
      return r;
    }
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

  @Override
  public void close() {
    http.close();
    main.close();
    synchronized (probed) {
      probed.values().forEach(PgExporter::close);
      probed.clear();
    }
  }
}
