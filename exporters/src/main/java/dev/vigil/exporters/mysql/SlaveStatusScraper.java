package dev.vigil.exporters.mysql;

import dev.vigil.exporters.common.Families;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;

/**
 * SHOW SLAVE STATUS as mysql_slave_status_*: one series per numeric column and replication
 * channel. A server that is not a replica returns no rows, so the family is absent.
 */
final class SlaveStatusScraper implements Scraper {
  // MariaDB lists every channel with SHOW ALL SLAVES STATUS; MySQL only knows SHOW SLAVE STATUS.
  private static final String[] QUERIES = {"SHOW ALL SLAVES STATUS", "SHOW SLAVE STATUS"};

  @Override
  public String name() {
    return "slave_status";
  }

  @Override
  public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
    SQLException last = null;
    for (String sql : QUERIES) {
      try (Statement st = db.createStatement()) {
        st.setQueryTimeout(timeoutSeconds);
        try (ResultSet rs = st.executeQuery(sql)) {
          while (rs.next()) {
            row(rs, out);
          }
          return;
        }
      } catch (SQLException e) {
        last = e; // syntax not known to this server: try the next form
        if (db.isClosed()) {
          throw e;
        }
      }
    }
    throw last;
  }

  private static void row(ResultSet rs, Families out) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int n = md.getColumnCount();
    String host = "";
    String uuid = "";
    String channel = "";
    String connection = "";
    for (int i = 1; i <= n; i++) {
      String col = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
      String v = rs.getString(i) == null ? "" : rs.getString(i);
      switch (col) {
        case "master_host" -> host = v;
        case "master_uuid" -> uuid = v;
        case "channel_name" -> channel = v;
        case "connection_name" -> connection = v;
        default -> { }
      }
    }
    for (int i = 1; i <= n; i++) {
      double v = MysqlValues.parse(rs.getString(i));
      if (Double.isNaN(v)) {
        continue;
      }
      String col = md.getColumnLabel(i).toLowerCase(Locale.ROOT);
      Scraper.generic(out, "mysql_slave_status_" + MysqlValues.name(col),
          "Generic metric from SHOW SLAVE STATUS.", false, v, "master_host", host,
          "master_uuid", uuid, "channel_name", channel, "connection_name", connection);
    }
  }
}
