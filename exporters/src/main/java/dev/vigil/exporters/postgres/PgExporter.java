package dev.vigil.exporters.postgres;

import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;
import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import dev.vigil.exporters.common.TimedCollectors;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The metrics of one or more PostgreSQL instances, as postgres_exporter 0.11 exposes them. The
 * peer's collectors ("bgwriter", "database") run under {@link TimedCollectors}; its built-in
 * query maps run per instance, each statement bounded by the scrape timeout. With
 * auto-discovery, every database of an instance is read for per-database metrics (user tables,
 * non-master user queries) over its own connection.
 */
final class PgExporter implements MultiCollector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(PgExporter.class);

  /** What to read besides the instances. */
  record Options(Duration timeout, UserQueries userQueries, boolean autoDiscover,
      Set<String> include, Set<String> exclude, boolean settings) {
    static Options defaults(Duration timeout) {
      return new Options(timeout, new UserQueries(List.of()), false, Set.of(), Set.of(), true);
    }
  }

  private final List<Instance> instances;
  private final Options options;
  private final TimedCollectors collectors;
  private final Map<String, Instance> discovered = new ConcurrentHashMap<>();
  private final AtomicLong scrapes = new AtomicLong();
  private final Set<Instance> upNow = ConcurrentHashMap.newKeySet();

  PgExporter(List<Dsn> dsns, Options options) {
    this.options = options;
    List<Instance> list = new ArrayList<>();
    for (Dsn d : dsns) {
      list.add(new Instance(d, options.timeout()));
    }
    this.instances = List.copyOf(list);
    this.collectors = new TimedCollectors("pg", List.of(
        source("bgwriter", Builtins::bgwriter), source("database", Builtins::databaseSize)),
        options.timeout());
  }

  private interface Read {
    void read(Instance db, Families out) throws SQLException;
  }

  /** A peer collector over every reachable instance; an unreachable one fails it. */
  private Source source(String name, Read read) {
    return new Source() {
      @Override
      public String name() {
        return name;
      }

      @Override
      public void collect(Families out) throws Exception {
        for (Instance db : instances) {
          if (upNow.contains(db)) { // a down one is reported by pg_up and logged once
            read.read(db, out);
          }
        }
      }
    };
  }

  @Override
  public MetricSnapshots collect() {
    long start = System.nanoTime();
    Families out = new Families();
    boolean error = false;
    boolean multi = instances.size() > 1;
    for (Instance db : instances) {
      boolean up = db.up();
      if (multi) {
        out.gauge("pg_up", Builtins.UP_HELP, up ? 1 : 0, "server", db.dsn.server());
      } else {
        out.gauge("pg_up", Builtins.UP_HELP, up ? 1 : 0);
      }
      if (up) {
        upNow.add(db);
      } else {
        upNow.remove(db);
        error = true;
        continue;
      }
      error |= !read(db, out, start + options.timeout().toNanos());
    }
    List<MetricSnapshot<?>> all = new ArrayList<>();
    if (upNow.isEmpty()) {
      // nothing to read: report the peer's collectors as failed without a log line per scrape
      for (String c : List.of("bgwriter", "database")) {
        out.gauge("pg_scrape_collector_duration_seconds",
            "pg_exporter: Duration of a collector scrape.", 0, "collector", c);
        out.gauge("pg_scrape_collector_success", "pg_exporter: Whether a collector succeeded.",
            0, "collector", c);
      }
    } else {
      for (MetricSnapshot<?> s : collectors.collect()) {
        all.add(s);
      }
    }
    scrapes.incrementAndGet();
    out.gauge("pg_exporter_last_scrape_duration_seconds",
        "Duration of the last scrape of metrics from PostgreSQL.",
        (System.nanoTime() - start) / 1e9);
    out.gauge("pg_exporter_last_scrape_error", "Whether the last scrape of metrics from "
        + "PostgreSQL resulted in an error (1 for error, 0 for success).", error ? 1 : 0);
    out.counter("pg_exporter_scrapes_total",
        "Total number of times PostgreSQL was scraped for metrics.", scrapes.get());
    for (MetricSnapshot<?> s : out.build()) {
      all.add(s);
    }
    return new MetricSnapshots(all);
  }

  /** The built-in maps of one instance; false when one of them failed. */
  private boolean read(Instance db, Families out, long deadline) {
    boolean ok = true;
    List<Read> reads = new ArrayList<>(List.of(Builtins::version, Builtins::activityAndLocks,
        Builtins::statDatabase, Builtins::archiver, Builtins::replication));
    if (options.settings()) {
      reads.add(Settings::collect);
    }
    if (!options.autoDiscover()) {
      reads.add(UserTables::collect);
    }
    for (Read r : reads) {
      if (System.nanoTime() > deadline) {
        // each statement is bounded already; this keeps their sum within the scrape timeout
        LOG.warn("scrape of {} ran past {}; the rest is skipped this time", db.dsn,
            options.timeout());
        return false;
      }
      try {
        r.read(db, out);
      } catch (SQLException e) {
        LOG.warn("reading {} failed: {}", db.dsn, e.getMessage());
        ok = false;
      }
    }
    options.userQueries().collect(db, true, out);
    if (options.autoDiscover()) {
      ok &= discover(db, out);
    }
    return ok;
  }

  /** Reads every database of {@code db}'s server that the include/exclude lists let through. */
  private boolean discover(Instance db, Families out) {
    List<String> names = new ArrayList<>();
    try {
      db.query("SELECT datname FROM pg_database WHERE datallowconn AND NOT datistemplate "
          + "ORDER BY 1", rs -> names.add(rs.getString(1)));
    } catch (SQLException e) {
      LOG.warn("discovering the databases of {} failed: {}", db.dsn, e.getMessage());
      return false;
    }
    boolean ok = true;
    for (String name : names) {
      if (options.exclude().contains(name)
          || (!options.include().isEmpty() && !options.include().contains(name))) {
        continue;
      }
      Instance each = name.equals(db.dsn.database()) ? db : discovered.computeIfAbsent(
          db.dsn.server() + "/" + name,
          k -> new Instance(db.dsn.withDatabase(name), options.timeout()));
      if (!each.up()) {
        ok = false;
        continue;
      }
      try {
        UserTables.collect(each, out);
      } catch (SQLException e) {
        LOG.warn("reading {} failed: {}", each.dsn, e.getMessage());
        ok = false;
      }
      if (each != db) {
        options.userQueries().collect(each, false, out);
      }
    }
    return ok;
  }

  @Override
  public void close() {
    collectors.close();
    instances.forEach(Instance::close);
    discovered.values().forEach(Instance::close);
  }
}
