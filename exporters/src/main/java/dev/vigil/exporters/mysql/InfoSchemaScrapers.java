package dev.vigil.exporters.mysql;

import dev.vigil.exporters.common.Families;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** The information_schema scrapers: InnoDB compression, processlist and table sizes. */
final class InfoSchemaScrapers {
  private InfoSchemaScrapers() {}

  private static ResultSet query(Statement st, int timeoutSeconds, String sql)
      throws SQLException {
    st.setQueryTimeout(timeoutSeconds);
    return st.executeQuery(sql);
  }

  static final class InnodbCmp implements Scraper {
    @Override
    public String name() {
      return "info_schema.innodb_cmp";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      try (Statement st = db.createStatement(); ResultSet rs = query(st, timeoutSeconds,
          "SELECT page_size, compress_ops, compress_ops_ok, compress_time, uncompress_ops, "
              + "uncompress_time FROM information_schema.innodb_cmp")) {
        while (rs.next()) {
          String page = rs.getString(1);
          String p = "mysql_info_schema_innodb_cmp_";
          out.counter(p + "compress_ops_total", "Number of times a B-tree page of the size "
              + "PAGE_SIZE has been compressed.", rs.getDouble(2), "page_size", page);
          out.counter(p + "compress_ops_ok_total", "Number of times a B-tree page of the size "
              + "PAGE_SIZE has been successfully compressed.", rs.getDouble(3), "page_size", page);
          out.counter(p + "compress_time_seconds_total", "Total time in seconds spent in "
              + "attempts to compress B-tree pages.", rs.getDouble(4), "page_size", page);
          out.counter(p + "uncompress_ops_total", "Number of times a B-tree page of the size "
              + "PAGE_SIZE has been uncompressed.", rs.getDouble(5), "page_size", page);
          out.counter(p + "uncompress_time_seconds_total", "Total time in seconds spent in "
              + "uncompressing B-tree pages.", rs.getDouble(6), "page_size", page);
        }
      }
    }
  }

  static final class InnodbCmpMem implements Scraper {
    @Override
    public String name() {
      return "info_schema.innodb_cmpmem";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      try (Statement st = db.createStatement(); ResultSet rs = query(st, timeoutSeconds,
          "SELECT page_size, buffer_pool_instance, pages_used, pages_free, relocation_ops, "
              + "relocation_time FROM information_schema.innodb_cmpmem")) {
        while (rs.next()) {
          String[] l = {"page_size", rs.getString(1), "buffer_pool", rs.getString(2)};
          String p = "mysql_info_schema_innodb_cmpmem_";
          out.counter(p + "pages_used_total", "Number of blocks of the size PAGE_SIZE that are "
              + "currently in use.", rs.getDouble(3), l);
          out.counter(p + "pages_free_total", "Number of blocks of the size PAGE_SIZE that are "
              + "currently available for allocation.", rs.getDouble(4), l);
          out.counter(p + "relocation_ops_total", "Number of times a block of the size "
              + "PAGE_SIZE has been relocated.", rs.getDouble(5), l);
          // relocation_time is in microseconds; the peer divides by 1000 (its unit bug kept).
          out.counter(p + "relocation_time_seconds_total", "Total time in seconds spent in "
              + "relocating blocks.", rs.getDouble(6) / 1000, l);
        }
      }
    }
  }

  /** Threads by command and state, as --collect.info_schema.processlist reports them. */
  static final class Processlist implements Scraper {
    private final int minTime;
    private final boolean byUser;
    private final boolean byHost;

    Processlist(int minTime, boolean byUser, boolean byHost) {
      this.minTime = minTime;
      this.byUser = byUser;
      this.byHost = byHost;
    }

    @Override
    public String name() {
      return "info_schema.processlist";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      Map<List<String>, double[]> byState = new TreeMap<>(InfoSchemaScrapers::compare);
      Map<String, Double> users = new TreeMap<>();
      Map<String, Double> hosts = new TreeMap<>();
      try (PreparedStatement st = db.prepareStatement("SELECT user, "
          + "SUBSTRING_INDEX(host, ':', 1) AS host, COALESCE(command, '') AS command, "
          + "COALESCE(state, '') AS state, COUNT(*) AS processes, SUM(time) AS seconds "
          + "FROM information_schema.processlist WHERE ID != connection_id() AND TIME >= ? "
          + "GROUP BY user, SUBSTRING_INDEX(host, ':', 1), command, state")) {
        st.setQueryTimeout(timeoutSeconds);
        st.setInt(1, minTime);
        try (ResultSet rs = st.executeQuery()) {
          while (rs.next()) {
            String command = rs.getString(3).toLowerCase(java.util.Locale.ROOT);
            String state = MysqlValues.state(rs.getString(4));
            double n = rs.getDouble(5);
            double[] acc = byState.computeIfAbsent(List.of(command, state), k -> new double[2]);
            acc[0] += n;
            acc[1] += rs.getDouble(6);
            users.merge(String.valueOf(rs.getString(1)), n, Double::sum);
            hosts.merge(String.valueOf(rs.getString(2)), n, Double::sum);
          }
        }
      }
      byState.forEach((k, v) -> out.gauge("mysql_info_schema_processlist_threads",
          "The number of threads split by current state.", v[0],
          "command", k.get(0), "state", k.get(1)));
      byState.forEach((k, v) -> out.gauge("mysql_info_schema_processlist_seconds",
          "The number of seconds threads have used split by current state.", v[1],
          "command", k.get(0), "state", k.get(1)));
      if (byUser) {
        users.forEach((u, n) -> out.gauge("mysql_info_schema_processlist_processes_by_user",
            "The number of processes by user.", n, "mysql_user", u));
      }
      if (byHost) {
        hosts.forEach((h, n) -> out.gauge("mysql_info_schema_processlist_processes_by_host",
            "The number of processes by host.", n, "client_host", h));
      }
    }
  }

  /** Table rows and sizes for --collect.info_schema.tables. */
  static final class Tables implements Scraper {
    private final String databases;

    /** {@code databases}: "*" for every schema but the system ones, else a comma list. */
    Tables(String databases) {
      this.databases = databases;
    }

    @Override
    public String name() {
      return "info_schema.tables";
    }

    @Override
    public void scrape(Connection db, int timeoutSeconds, Families out) throws SQLException {
      List<String> schemas = new ArrayList<>();
      if (databases.equals("*")) {
        try (Statement st = db.createStatement(); ResultSet rs = query(st, timeoutSeconds,
            "SELECT SCHEMA_NAME FROM information_schema.schemata WHERE SCHEMA_NAME NOT IN "
                + "('mysql', 'performance_schema', 'information_schema')")) {
          while (rs.next()) {
            schemas.add(rs.getString(1));
          }
        }
      } else {
        for (String s : databases.split(",")) {
          if (!s.isBlank()) {
            schemas.add(s.strip());
          }
        }
      }
      String sql = "SELECT TABLE_SCHEMA, TABLE_NAME, TABLE_TYPE, IFNULL(ENGINE, 'NONE'), "
          + "IFNULL(VERSION, 0), IFNULL(ROW_FORMAT, 'NONE'), IFNULL(TABLE_ROWS, 0), "
          + "IFNULL(DATA_LENGTH, 0), IFNULL(INDEX_LENGTH, 0), IFNULL(DATA_FREE, 0), "
          + "IFNULL(CREATE_OPTIONS, 'NONE') FROM information_schema.tables WHERE TABLE_SCHEMA = ?";
      try (PreparedStatement st = db.prepareStatement(sql)) {
        st.setQueryTimeout(timeoutSeconds);
        for (String schema : schemas) {
          st.setString(1, schema);
          try (ResultSet rs = st.executeQuery()) {
            while (rs.next()) {
              row(rs, out);
            }
          }
        }
      }
    }

    private static void row(ResultSet rs, Families out) throws SQLException {
      String schema = rs.getString(1);
      String table = rs.getString(2);
      out.gauge("mysql_info_schema_table_version", "The version number of the table's .frm file",
          rs.getDouble(5), "schema", schema, "table", table, "type", rs.getString(3),
          "engine", rs.getString(4), "row_format", rs.getString(6),
          "create_options", rs.getString(11));
      out.gauge("mysql_info_schema_table_rows",
          "The estimated number of rows in the table from information_schema.tables",
          rs.getDouble(7), "schema", schema, "table", table);
      String help = "The size of the table components from information_schema.tables";
      out.gauge("mysql_info_schema_table_size", help, rs.getDouble(8),
          "schema", schema, "table", table, "component", "data_length");
      out.gauge("mysql_info_schema_table_size", help, rs.getDouble(9),
          "schema", schema, "table", table, "component", "index_length");
      out.gauge("mysql_info_schema_table_size", help, rs.getDouble(10),
          "schema", schema, "table", table, "component", "data_free");
    }
  }

  private static int compare(List<String> a, List<String> b) {
    int c = a.get(0).compareTo(b.get(0));
    return c != 0 ? c : a.get(1).compareTo(b.get(1));
  }
}
