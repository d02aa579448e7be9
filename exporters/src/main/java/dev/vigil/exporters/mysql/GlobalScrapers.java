package dev.vigil.exporters.mysql;

import dev.vigil.exporters.common.Families;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.function.BiConsumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** SHOW GLOBAL STATUS and SHOW GLOBAL VARIABLES, named as mysqld_exporter 0.14 names them. */
final class GlobalScrapers {
  private GlobalScrapers() {}

  // The status families the peer splits into one labelled metric; everything else is generic.
  private static final Pattern LABELLED = Pattern.compile(
      "^(com|handler|connection_errors|innodb_buffer_pool_pages|innodb_rows|performance_schema)_(.*)$");

  /** Runs a two-column SHOW statement and hands each (name, value) row to {@code row}. */
  static void show(Connection db, int timeoutSeconds, String sql, BiConsumer<String, String> row)
      throws SQLException {
    try (Statement st = db.createStatement()) {
      st.setQueryTimeout(timeoutSeconds);
      try (ResultSet rs = st.executeQuery(sql)) {
        while (rs.next()) {
          row.accept(rs.getString(1), rs.getString(2));
        }
      }
    }
  }

  static final class Status implements Scraper {
    @Override
    public String name() {
      return "global_status";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      Map<String, String> text = new HashMap<>();
      show(db, timeoutSeconds, "SHOW GLOBAL STATUS", (rawKey, raw) -> {
        String key = MysqlValues.name(rawKey);
        double v = MysqlValues.parse(raw);
        if (Double.isNaN(v)) {
          text.put(key, raw);
          return;
        }
        Matcher m = LABELLED.matcher(key);
        if (!m.matches()) {
          Scraper.generic(out, "mysql_global_status_" + key,
              "Generic metric from SHOW GLOBAL STATUS.", false, v);
          return;
        }
        String sub = m.group(2);
        switch (m.group(1)) {
          case "com" -> out.counter("mysql_global_status_commands_total",
              "Total number of executed MySQL commands.", v, "command", sub);
          case "handler" -> out.counter("mysql_global_status_handlers_total",
              "Total number of executed MySQL handlers.", v, "handler", sub);
          case "connection_errors" -> out.counter("mysql_global_status_connection_errors_total",
              "Total number of MySQL connection errors.", v, "error", sub);
          case "innodb_buffer_pool_pages" -> bufferPool(out, sub, v);
          case "innodb_rows" -> out.counter("mysql_global_status_innodb_row_ops_total",
              "Total number of MySQL InnoDB row operations.", v, "operation", sub);
          default -> out.counter("mysql_global_status_performance_schema_lost_total",
              "Total number of MySQL instrumentations that could not be loaded or created due "
                  + "to memory constraints.", v, "instrumentation", sub);
        }
      });
      String uuid = text.get("wsrep_local_state_uuid");
      if (uuid != null && !uuid.isEmpty()) {
        out.info("mysql_galera_status_info", "PXC/Galera status information.",
            "wsrep_local_state_uuid", uuid,
            "wsrep_cluster_state_uuid", text.getOrDefault("wsrep_cluster_state_uuid", ""),
            "wsrep_provider_version", text.getOrDefault("wsrep_provider_version", ""));
      }
    }

    private static void bufferPool(Families out, String sub, double v) {
      switch (sub) {
        case "data", "free", "misc", "old" -> out.gauge("mysql_global_status_buffer_pool_pages",
            "Innodb buffer pool pages by state.", v, "state", sub);
        case "dirty" -> out.gauge("mysql_global_status_buffer_pool_dirty_pages",
            "Innodb buffer pool dirty pages.", v);
        case "total" -> { } // the peer leaves it out: the sum of the states
        default -> out.counter("mysql_global_status_buffer_pool_page_changes_total",
            "Innodb buffer pool page state changes.", v, "operation", sub);
      }
    }
  }

  static final class Variables implements Scraper {
    @Override
    public String name() {
      return "global_variables";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      Map<String, String> text = new HashMap<>();
      show(db, timeoutSeconds, "SHOW GLOBAL VARIABLES", (rawKey, raw) -> {
        String key = MysqlValues.name(rawKey);
        double v = MysqlValues.parse(raw);
        if (Double.isNaN(v)) {
          text.put(key, raw == null ? "" : raw);
        } else {
          Scraper.generic(out, "mysql_global_variables_" + key,
              "Generic gauge metric from SHOW GLOBAL VARIABLES.", true, v);
        }
      });
      out.info("mysql_version_info", "MySQL version and distribution.",
          "innodb_version", text.getOrDefault("innodb_version", ""),
          "version", text.getOrDefault("version", ""),
          "version_comment", text.getOrDefault("version_comment", ""));
      String cluster = text.get("wsrep_cluster_name");
      if (cluster != null && !cluster.isEmpty()) {
        out.info("mysql_galera_variables_info", "PXC/Galera variables information.",
            "wsrep_cluster_name", cluster);
      }
      String level = text.getOrDefault("transaction_isolation", text.get("tx_isolation"));
      if (level != null && !level.isEmpty()) {
        out.gauge("mysql_transaction_isolation", "MySQL transaction isolation.", 1,
            "level", level);
      }
    }
  }
}
