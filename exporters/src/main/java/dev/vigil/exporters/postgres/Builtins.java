package dev.vigil.exporters.postgres;

import dev.vigil.exporters.common.Families;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.sql.Types;
import java.util.Map;
import java.util.Set;

/**
 * postgres_exporter 0.11's built-in metrics, with its names, labels and help texts. Its
 * counters without a {@code _total} suffix are exposed untyped (client-sdk adds {@code _total}
 * to counters); names and values stay the peer's.
 */
final class Builtins {
  private Builtins() {}

  static final String UP_HELP = "Whether the last scrape of metrics from PostgreSQL was able to "
      + "connect to the server (1 for yes, 0 for no).";

  private static final String ACTIVITY = """
      SELECT pg_database.datname, tmp.state, COALESCE(count, 0) AS count,
        COALESCE(max_tx_duration, 0) AS max_tx_duration
      FROM (VALUES ('active'), ('idle'), ('idle in transaction'),
        ('idle in transaction (aborted)'), ('fastpath function call'), ('disabled'))
        AS tmp(state) CROSS JOIN pg_database
      LEFT JOIN (SELECT datname, state, count(*) AS count,
          MAX(EXTRACT(EPOCH FROM now() - xact_start))::float AS max_tx_duration
        FROM pg_stat_activity GROUP BY datname, state) AS tmp2
      ON tmp.state = tmp2.state AND pg_database.datname = tmp2.datname""";

  private static final String LOCKS = """
      SELECT pg_database.datname, tmp.mode, COALESCE(count, 0) AS count
      FROM (VALUES ('accesssharelock'), ('rowsharelock'), ('rowexclusivelock'),
        ('shareupdateexclusivelock'), ('sharelock'), ('sharerowexclusivelock'),
        ('exclusivelock'), ('accessexclusivelock'), ('sireadlock')) AS tmp(mode)
      CROSS JOIN pg_database
      LEFT JOIN (SELECT database, lower(mode) AS mode, count(*) AS count FROM pg_locks
        WHERE database IS NOT NULL GROUP BY database, lower(mode)) AS tmp2
      ON tmp.mode = tmp2.mode AND pg_database.oid = tmp2.database ORDER BY 1""";

  /** Columns of pg_stat_database the peer types as gauges; the rest it knows are counters. */
  private static final Set<String> GAUGES = Set.of("numbackends");
  private static final Set<String> KNOWN_DATABASE = Set.of("numbackends", "xact_commit",
      "xact_rollback", "blks_read", "blks_hit", "tup_returned", "tup_fetched", "tup_inserted",
      "tup_updated", "tup_deleted", "conflicts", "temp_files", "temp_bytes", "deadlocks",
      "blk_read_time", "blk_write_time", "stats_reset");

  private static final Map<String, String> BGWRITER = Map.ofEntries(
      Map.entry("checkpoints_timed", "Number of scheduled checkpoints that have been performed"),
      Map.entry("checkpoints_req", "Number of requested checkpoints that have been performed"),
      Map.entry("checkpoint_write_time", "Total amount of time that has been spent in the portion"
          + " of checkpoint processing where files are written to disk, in milliseconds"),
      Map.entry("checkpoint_sync_time", "Total amount of time that has been spent in the portion"
          + " of checkpoint processing where files are synchronized to disk, in milliseconds"),
      Map.entry("buffers_checkpoint", "Number of buffers written during checkpoints"),
      Map.entry("buffers_clean", "Number of buffers written by the background writer"),
      Map.entry("maxwritten_clean", "Number of times the background writer stopped a cleaning"
          + " scan because it had written too many buffers"),
      Map.entry("buffers_backend", "Number of buffers written directly by a backend"),
      Map.entry("buffers_backend_fsync", "Number of times a backend had to execute its own fsync"
          + " call (normally the background writer handles those even when the backend does its"
          + " own write)"),
      Map.entry("buffers_alloc", "Number of buffers allocated"),
      Map.entry("stats_reset", "Time at which these statistics were last reset"));

  /** pg_static and the server's short version. */
  static void version(Instance db, Families out) throws SQLException {
    db.query("SELECT version(), current_setting('server_version_num')::int", rs -> {
      int num = rs.getInt(2);
      String shortVersion = (num / 10000) + "." + (num % 10000) + ".0";
      if (num < 100000) { // before 10: 9.6.24 is 90624
        shortVersion = (num / 10000) + "." + (num / 100 % 100) + "." + (num % 100);
      }
      out.untyped("pg_static", "Version string as reported by postgres", 1,
          "server", db.dsn.server(), "short_version", shortVersion, "version", rs.getString(1));
    });
    db.query("SELECT EXTRACT(EPOCH FROM pg_postmaster_start_time())::float", rs ->
        out.gauge("pg_postmaster_start_time_seconds", "Time at which postmaster started", 
            rs.getDouble(1), "server", db.dsn.server()));
  }

  static void activityAndLocks(Instance db, Families out) throws SQLException {
    String server = db.dsn.server();
    db.query(ACTIVITY, rs -> {
      String[] l = {"datname", rs.getString(1), "server", server, "state", rs.getString(2)};
      out.gauge("pg_stat_activity_count", "number of connections in this state",
          rs.getDouble(3), l);
      out.gauge("pg_stat_activity_max_tx_duration",
          "max duration in seconds any active transaction has been running", rs.getDouble(4), l);
    });
    db.query(LOCKS, rs -> out.gauge("pg_locks_count", "Number of locks", rs.getDouble(3),
        "datname", rs.getString(1), "mode", rs.getString(2), "server", server));
  }

  static void statDatabase(Instance db, Families out) throws SQLException {
    String server = db.dsn.server();
    db.query("SELECT * FROM pg_stat_database", rs -> {
      String[] l = {"datid", rs.getString("datid"), "datname", nz(rs.getString("datname")),
          "server", server};
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String col = md.getColumnName(i);
        if (col.equals("datid") || col.equals("datname")) {
          continue;
        }
        String name = "pg_stat_database_" + col;
        double v = number(rs, i);
        if (GAUGES.contains(col)) {
          out.gauge(name, "Number of backends currently connected to this database", v, l);
        } else {
          out.untyped(name, KNOWN_DATABASE.contains(col) ? col + " from pg_stat_database"
              : "Unknown metric from pg_stat_database", v, l);
        }
      }
    });
    db.query("SELECT * FROM pg_stat_database_conflicts", rs -> {
      String[] l = {"datid", rs.getString("datid"), "datname", nz(rs.getString("datname")),
          "server", server};
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String col = md.getColumnName(i);
        if (col.startsWith("confl_")) {
          out.untyped("pg_stat_database_conflicts_" + col, "Number of queries in this database"
              + " that have been canceled due to " + col.substring(6), number(rs, i), l);
        }
      }
    });
  }

  static void archiver(Instance db, Families out) throws SQLException {
    String server = db.dsn.server();
    db.query("SELECT archived_count, failed_count, EXTRACT(EPOCH FROM now() - "
        + "last_archived_time)::float AS last_archive_age FROM pg_stat_archiver", rs -> {
          out.untyped("pg_stat_archiver_archived_count",
              "Number of WAL files that have been successfully archived", number(rs, 1),
              "server", server);
          out.untyped("pg_stat_archiver_failed_count",
              "Number of failed attempts for archiving WAL files", number(rs, 2),
              "server", server);
          out.gauge("pg_stat_archiver_last_archive_age",
              "Time in seconds since last WAL segment was successfully archived", number(rs, 3),
              "server", server);
        });
  }

  /** Replication: lag on a replica, and per standby byte lag on a primary. */
  static void replication(Instance db, Families out) throws SQLException {
    String server = db.dsn.server();
    db.query("SELECT CASE WHEN NOT pg_is_in_recovery() THEN 0 ELSE GREATEST(0, EXTRACT(EPOCH "
        + "FROM (now() - pg_last_xact_replay_timestamp()))) END::float, "
        + "CASE WHEN pg_is_in_recovery() THEN 1 ELSE 0 END", rs -> {
          out.gauge("pg_replication_lag", "Replication lag behind master in seconds",
              number(rs, 1), "server", server);
          out.gauge("pg_replication_is_replica", "Indicates if the server is a replica",
              rs.getDouble(2), "server", server);
        });
    db.query("SELECT application_name, COALESCE(host(client_addr), ''), COALESCE(state, ''), "
        + "pg_wal_lsn_diff(CASE WHEN pg_is_in_recovery() THEN pg_last_wal_receive_lsn() "
        + "ELSE pg_current_wal_lsn() END, replay_lsn)::float FROM pg_stat_replication", rs ->
        out.gauge("pg_stat_replication_pg_wal_lsn_diff",
            "Lag in bytes between master and slave", number(rs, 4), "application_name",
            rs.getString(1), "client_addr", rs.getString(2), "server", server,
            "state", rs.getString(3)));
  }

  /** The "bgwriter" collector of postgres_exporter 0.11. */
  static void bgwriter(Instance db, Families out) throws SQLException {
    db.query("SELECT * FROM pg_stat_bgwriter", rs -> {
      ResultSetMetaData md = rs.getMetaData();
      for (int i = 1; i <= md.getColumnCount(); i++) {
        String col = md.getColumnName(i);
        String help = BGWRITER.get(col);
        if (help != null) {
          out.counter("pg_stat_bgwriter_" + col + "_total", help, number(rs, i),
              "server", db.dsn.server());
        }
      }
    });
  }

  /** The "database" collector of postgres_exporter 0.11. */
  static void databaseSize(Instance db, Families out) throws SQLException {
    db.query("SELECT datname, pg_database_size(datname)::float FROM pg_database", rs ->
        out.gauge("pg_database_size_bytes", "Disk space used by the database", rs.getDouble(2),
            "datname", rs.getString(1), "server", db.dsn.server()));
  }

  /** A column as a number: NULL is NaN, a timestamp is its Unix time in seconds. */
  static double number(ResultSet rs, int i) throws SQLException {
    int type = rs.getMetaData().getColumnType(i);
    if (type == Types.TIMESTAMP || type == Types.TIMESTAMP_WITH_TIMEZONE) {
      Timestamp t = rs.getTimestamp(i);
      return t == null ? Double.NaN : t.getTime() / 1000.0;
    }
    if (type == Types.BIT || type == Types.BOOLEAN) {
      Object o = rs.getObject(i);
      return o == null ? Double.NaN : ((Boolean) o) ? 1 : 0;
    }
    double v = rs.getDouble(i);
    return rs.wasNull() ? Double.NaN : v;
  }

  private static String nz(String s) {
    return s == null ? "" : s;
  }
}
