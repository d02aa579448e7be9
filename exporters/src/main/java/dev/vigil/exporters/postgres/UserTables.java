package dev.vigil.exporters.postgres;

import dev.vigil.exporters.common.Families;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.util.Set;

/** pg_stat_user_tables_* of the current database, as postgres_exporter's queries.yaml names them. */
final class UserTables {
  private UserTables() {}

  private static final Set<String> GAUGES = Set.of("n_live_tup", "n_dead_tup",
      "n_mod_since_analyze", "last_vacuum", "last_autovacuum", "last_analyze",
      "last_autoanalyze");
  private static final Set<String> SKIP = Set.of("relid", "schemaname", "relname", "datname",
      "last_seq_scan", "last_idx_scan", "n_ins_since_vacuum");

  static void collect(Instance db, Families out) throws SQLException {
    db.query("SELECT current_database() AS datname, * FROM pg_stat_user_tables", rs -> {
      String[] l = {"datname", rs.getString("datname"), "relname", rs.getString("relname"),
          "schemaname", rs.getString("schemaname"), "server", db.dsn.server()};
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String col = md.getColumnName(i);
        if (SKIP.contains(col)) {
          continue;
        }
        String name = "pg_stat_user_tables_" + col;
        double v = Builtins.number(rs, i);
        if (GAUGES.contains(col)) {
          out.gauge(name, col + " of the table", v, l);
        } else {
          out.untyped(name, col + " of the table", v, l); // the peer's counter, no _total
        }
      }
    });
  }
}
