package dev.vigil.exporters.postgres;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Properties;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One PostgreSQL database the exporter reads: a single JDBC connection, reused across scrapes
 * and re-opened after a failure. Every statement is bounded by the scrape timeout (login,
 * socket and statement timeouts). A failure streak is logged once, with the password masked,
 * and its end once more.
 */
final class Instance implements AutoCloseable {
  private static final Logger LOG = LoggerFactory.getLogger(Instance.class);

  /** Reads one row of a result set. */
  interface Rows {
    void row(ResultSet rs) throws SQLException;
  }

  final Dsn dsn;
  private final Duration timeout;
  private Connection conn;
  private boolean failing;

  Instance(Dsn dsn, Duration timeout) {
    this.dsn = dsn;
    this.timeout = timeout;
  }

  /** Opens the connection if needed; false (and one log line per streak) when it cannot. */
  synchronized boolean up() {
    try {
      if (conn != null && !conn.isValid(seconds())) {
        close(); // the server went away since the last scrape: reconnect below
      }
      connection();
      if (failing) {
        LOG.info("{} is reachable again", dsn);
        failing = false;
      }
      return true;
    } catch (SQLException e) {
      failed(e);
      return false;
    }
  }

  /** Runs {@code sql}, calling {@code rows} per row; a broken connection is dropped for later. */
  synchronized void query(String sql, Rows rows) throws SQLException {
    Connection c = connection();
    try (Statement st = c.createStatement()) {
      st.setQueryTimeout(seconds());
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          rows.row(rs);
        }
      }
    } catch (SQLException e) {
      dropIfBroken(e);
      throw new SQLException(dsn.mask(e.getMessage()), e.getSQLState());
    }
  }

  private int seconds() {
    return (int) Math.max(1, (timeout.toMillis() + 999) / 1000);
  }

  private Connection connection() throws SQLException {
    if (conn != null) {
      return conn;
    }
    Properties p = new Properties();
    p.setProperty("user", dsn.user());
    if (!dsn.password().isEmpty()) {
      p.setProperty("password", dsn.password());
    }
    p.setProperty("connectTimeout", Integer.toString(seconds()));
    p.setProperty("loginTimeout", Integer.toString(seconds()));
    // socketTimeout backs up setQueryTimeout when the server stops answering altogether.
    p.setProperty("socketTimeout", Integer.toString(seconds() + 5));
    p.setProperty("ApplicationName", "vigil-postgres-exporter");
    try {
      conn = DriverManager.getConnection(dsn.jdbcUrl(), p);
    } catch (SQLException e) {
      throw new SQLException(dsn.mask(e.getMessage()), e.getSQLState());
    }
    conn.setAutoCommit(true);
    return conn;
  }

  private void dropIfBroken(SQLException e) {
    boolean broken;
    try {
      broken = conn.isClosed() || (e.getSQLState() != null && e.getSQLState().startsWith("08"))
          || !conn.isValid(1);
    } catch (SQLException ignored) {
      broken = true;
    }
    if (broken) {
      failed(e);
      close();
    }
  }

  private void failed(SQLException e) {
    if (!failing) {
      LOG.error("cannot read {}: {}", dsn, dsn.mask(e.getMessage()));
      failing = true;
    }
  }

  @Override
  public synchronized void close() {
    if (conn != null) {
      try {
        conn.close();
      } catch (SQLException ignored) {
        // already broken; nothing to release
      }
      conn = null;
    }
  }
}
