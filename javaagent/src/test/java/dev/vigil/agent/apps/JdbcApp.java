package dev.vigil.agent.apps;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;

/**
 * JDBC through a HikariCP pool against the real PostgreSQL (args[0] is the JDBC URL): 1 CREATE,
 * 2 UPDATEs with a plain Statement, 3 INSERTs and 1 SELECT with PreparedStatements. It then holds
 * one connection while the test scrapes, so the pool shows 1 used and, once filled, 1 or more idle.
 */
public final class JdbcApp {
  private JdbcApp() {}

  public static void main(String[] args) throws Exception {
    HikariConfig config = new HikariConfig();
    config.setJdbcUrl(args.length > 0 ? args[0] : "jdbc:postgresql://127.0.0.1:5432/test");
    config.setUsername("postgres");
    config.setPoolName("vigil-test-pool");
    config.setMaximumPoolSize(4);
    config.setMinimumIdle(2);
    HikariDataSource ds = new HikariDataSource(config);
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TEMP TABLE agent_it (id int, name text)");
      try (PreparedStatement insert = c.prepareStatement("INSERT INTO agent_it VALUES (?, ?)")) {
        for (int i = 0; i < 3; i++) {
          insert.setInt(1, i);
          insert.setString(2, "n" + i);
          insert.executeUpdate();
        }
      }
      s.executeUpdate("UPDATE agent_it SET name = 'x' WHERE id = 1");
      s.executeUpdate("  update agent_it SET name = 'y' WHERE id = 2");
      try (PreparedStatement count = c.prepareStatement("SELECT count(*) FROM agent_it");
          ResultSet rs = count.executeQuery()) {
        rs.next();
        if (rs.getInt(1) != 3) {
          throw new IllegalStateException("expected 3 rows, got " + rs.getInt(1));
        }
      }
    }
    Connection held = ds.getConnection();
    // Hikari opens the minimum-idle connections in the background; wait for one so the
    // scrape sees a settled pool rather than racing the filler.
    long deadline = System.nanoTime() + 30_000_000_000L;
    while (ds.getHikariPoolMXBean().getIdleConnections() < 1 && System.nanoTime() < deadline) {
      Thread.sleep(20);
    }
    AppMain.ready(0, null);
    held.close();
  }
}
