package dev.vigil.exporters.postgres;

import dev.vigil.client.model.Labels;
import dev.vigil.exporters.common.Families;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * pg_settings as postgres_exporter converts them: booleans to 1/0, time units to seconds and
 * size units to bytes, with {@code _seconds} / {@code _bytes} appended to the name.
 */
final class Settings {
  private Settings() {}

  private static final Map<String, Double> SECONDS = Map.of("ms", 0.001, "s", 1.0,
      "min", 60.0, "h", 3600.0, "d", 86400.0);
  private static final Map<String, Double> BYTES = Map.ofEntries(Map.entry("B", 1.0),
      Map.entry("kB", 1024.0), Map.entry("MB", 1024.0 * 1024), Map.entry("GB", 1024.0 * 1024 * 1024),
      Map.entry("TB", 1024.0 * 1024 * 1024 * 1024), Map.entry("1kB", 1024.0),
      Map.entry("2kB", 2048.0), Map.entry("4kB", 4096.0), Map.entry("8kB", 8192.0),
      Map.entry("16kB", 16384.0), Map.entry("32kB", 32768.0), Map.entry("64kB", 65536.0),
      Map.entry("16MB", 16.0 * 1024 * 1024), Map.entry("32MB", 32.0 * 1024 * 1024),
      Map.entry("64MB", 64.0 * 1024 * 1024));

  /**
   * Settings' descriptions (the metrics' help), by name: fetched once rather than on every
   * scrape, since they are most of what pg_settings sends and never change for a server version.
   */
  private static final Map<String, String> DESCRIPTIONS = new ConcurrentHashMap<>();
  private static final int MAX_DESCRIPTIONS = 10_000;

  static void collect(Instance db, Families out) throws SQLException {
    List<String[]> rows = new ArrayList<>();
    db.query("SELECT name, setting, COALESCE(unit, ''), vartype FROM pg_settings "
        + "WHERE vartype IN ('bool', 'integer', 'real') AND name != 'sync_commit_cancel_wait'",
        rs -> rows.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3),
            rs.getString(4)}));
    boolean missing = false;
    for (String[] r : rows) {
      missing |= !DESCRIPTIONS.containsKey(r[0]);
    }
    if (missing && DESCRIPTIONS.size() < MAX_DESCRIPTIONS) {
      db.query("SELECT name, short_desc FROM pg_settings",
          rs -> DESCRIPTIONS.put(rs.getString(1), String.valueOf(rs.getString(2))));
    }
    Labels server = Labels.of("server", db.dsn.server());
    for (String[] r : rows) {
      Converted c = convert(r[0], r[1], r[2], DESCRIPTIONS.getOrDefault(r[0], ""), r[3]);
      if (c != null) {
        out.gauge(c.name, c.help, c.value, server);
      }
    }
  }

  record Converted(String name, String help, double value) {}

  /** One setting; null when its value or unit is not one the peer converts. */
  static Converted convert(String name, String setting, String unit, String desc, String type) {
    String metric = "pg_settings_" + name.replace('.', '_').replace('-', '_');
    double v;
    if (type.equals("bool")) {
      v = setting.equals("on") ? 1 : 0;
      return new Converted(metric, desc, v);
    }
    try {
      v = Double.parseDouble(setting);
    } catch (NumberFormatException e) {
      return null;
    }
    if (unit.isEmpty()) {
      return new Converted(metric, desc, v);
    }
    Double f = SECONDS.get(unit);
    if (f != null) {
      // -1 (disabled) stays -1, as the peer leaves it
      return new Converted(metric + "_seconds", desc + " [Units converted to seconds.]",
          v < 0 ? v : v * f);
    }
    f = BYTES.get(unit);
    if (f != null) {
      return new Converted(metric + "_bytes", desc + " [Units converted to bytes.]",
          v < 0 ? v : v * f);
    }
    return null;
  }
}
