package dev.vigil.exporters.mysql;

import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;
import dev.vigil.exporters.common.Families;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One watched MySQL/MariaDB server: a single connection, reused across scrapes and re-opened
 * after a failure, and the scrapers run on it one after another within the scrape timeout.
 *
 * <p>Scrapers share the connection, so they run in turn, not in parallel (a JDBC connection
 * serves one statement at a time); each statement's timeout is what is left of the scrape's.
 * Overlapping scrapes wait for the lock no longer than the timeout, then answer mysql_up 0.
 * An unreachable server gives {@code mysql_up 0} and one logged error per failure streak.
 */
final class MysqlInstance implements MultiCollector, AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(MysqlInstance.class);

  private final MysqlDsn dsn;
  private final List<Scraper> scrapers;
  private final Duration timeout;
  private final int lockWaitTimeout;
  private final ReentrantLock lock = new ReentrantLock();
  private final AtomicLong scrapes = new AtomicLong();
  /** Failures per collector label since start, as the peer's scrape_errors_total counts them. */
  private final java.util.Map<String, AtomicLong> errors =
      new java.util.concurrent.ConcurrentSkipListMap<>();
  private Connection conn; // guarded by lock
  private boolean failing; // guarded by lock: an error was logged and not yet recovered from
  private final java.util.Set<String> failingScrapers = new java.util.HashSet<>(); // ditto

  MysqlInstance(MysqlDsn dsn, List<Scraper> scrapers, Duration timeout, int lockWaitTimeout) {
    this.dsn = dsn;
    this.scrapers = List.copyOf(scrapers);
    this.timeout = timeout;
    this.lockWaitTimeout = lockWaitTimeout;
  }

  MysqlDsn dsn() {
    return dsn;
  }

  @Override
  public MetricSnapshots collect() {
    long start = System.nanoTime();
    long deadline = start + timeout.toNanos();
    scrapes.incrementAndGet();
    List<MetricSnapshot<?>> out = new ArrayList<>();
    Families self = new Families();
    boolean up = false;
    boolean error = true;
    try {
      if (lock.tryLock(timeout.toNanos(), TimeUnit.NANOSECONDS)) {
        try {
          up = connect();
          self.gauge("mysql_exporter_collector_duration_seconds", "Collector time duration.",
              (System.nanoTime() - start) / 1e9, "collector", "connection");
          if (up) {
            error = !runScrapers(deadline, out, self);
          }
        } finally {
          lock.unlock();
        }
      } else {
        LOG.warn("MySQL {}: an earlier scrape is still running; answering mysql_up 0", dsn);
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    self.gauge("mysql_up", "Whether the MySQL server is up.", up ? 1 : 0);
    self.counter("mysql_exporter_scrapes_total",
        "Total number of times MySQL was scraped for metrics.", scrapes.get());
    errors.forEach((label, n) -> self.counter("mysql_exporter_scrape_errors_total",
        "Total number of times an error occurred scraping a MySQL.", n.get(),
        "collector", label));
    self.gauge("mysql_exporter_last_scrape_error", "Whether the last scrape of metrics from "
        + "MySQL resulted in an error (1 for error, 0 for success).", error ? 1 : 0);
    self.build().forEach(out::add);
    return new MetricSnapshots(out);
  }

  /** Runs every scraper; true when all succeeded. Caller holds the lock. */
  private boolean runScrapers(long deadline, List<MetricSnapshot<?>> out, Families self) {
    boolean allOk = true;
    for (Scraper s : scrapers) {
      long t0 = System.nanoTime();
      boolean ok = false;
      long left = deadline - t0;
      if (left <= 0 || conn == null) {
        LOG.warn("MySQL {}: no time left for scraper {}", dsn, s.name());
      } else {
        Families f = new Families();
        try {
          // JDBC timeouts are whole seconds; rounding up keeps a short budget from meaning "none".
          s.scrape(conn, (int) Math.max(1, (left + 999_999_999L) / 1_000_000_000L), f);
          f.build().forEach(out::add);
          ok = true;
          if (failingScrapers.remove(s.name())) {
            LOG.info("MySQL {}: scraper {} works again", dsn, s.name());
          }
        } catch (SQLException | RuntimeException e) {
          // Logged once per streak (a missing grant fails every scrape); debug afterwards.
          if (failingScrapers.add(s.name())) {
            LOG.error("MySQL {}: scraper {} failed: {}", dsn, s.name(), dsn.scrub(e.getMessage()));
          } else {
            LOG.debug("MySQL {}: scraper {} failed: {}", dsn, s.name(), dsn.scrub(e.getMessage()));
          }
          dropIfBroken();
        }
      }
      allOk &= ok;
      String label = "collect." + s.name();
      if (!ok) {
        errors.computeIfAbsent(label, k -> new AtomicLong()).incrementAndGet();
      }
      self.gauge("mysql_exporter_collector_duration_seconds", "Collector time duration.",
          (System.nanoTime() - t0) / 1e9, "collector", label);
      self.gauge("mysql_exporter_collector_success",
          "Whether the collector succeeded in the last scrape.", ok ? 1 : 0, "collector", label);
    }
    return allOk;
  }

  /** Opens the connection when there is none or it broke. Caller holds the lock. */
  private boolean connect() {
    try {
      if (conn != null && conn.isValid((int) Math.max(1, timeout.toSeconds()))) {
        return true;
      }
      closeQuietly();
      Connection c = DriverManager.getConnection(dsn.jdbcUrl(),
          dsn.properties(timeout.toMillis()));
      try (Statement st = c.createStatement()) {
        // As the peer does: the exporter never waits long on metadata locks of busy tables.
        st.setQueryTimeout((int) Math.max(1, timeout.toSeconds()));
        st.execute("SET SESSION lock_wait_timeout=" + lockWaitTimeout);
      }
      conn = c;
      if (failing) {
        LOG.info("MySQL {} is reachable again", dsn);
        failing = false;
      }
      return true;
    } catch (SQLException | RuntimeException e) {
      closeQuietly();
      if (!failing) {
        // One error per failure streak: a database down for an hour must not flood the log.
        LOG.error("MySQL {} is unreachable: {}", dsn, dsn.scrub(e.getMessage()));
        failing = true;
      }
      return false;
    }
  }

  private void dropIfBroken() {
    try {
      if (conn != null && !conn.isValid(1)) {
        closeQuietly();
      }
    } catch (SQLException e) {
      closeQuietly();
    }
  }

  private void closeQuietly() {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException e) {
        // already broken; nothing to do
      }
      conn = null;
    }
  }

  @Override
  public void close() {
    lock.lock();
    try {
      closeQuietly();
    } finally {
      lock.unlock();
    }
  }
}
