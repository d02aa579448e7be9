package dev.vigil.exporters.redis;

import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The replication section's per-link metrics, labelled as redis_exporter labels them. */
final class Replication {
  private Replication() {}

  /**
   * A replica's link to its master, labelled with the master as the peer does, and a master's
   * {@code slave<n>:ip=…,port=…,state=…,offset=…,lag=…} lines.
   */
  static void add(Map<String, String> s, RedisScrape out, String ns) {
    if ("slave".equals(s.get("role"))) {
      String host = s.getOrDefault("master_host", "");
      String port = s.getOrDefault("master_port", "");
      out.info(ns + "slave_info", "Information about the Redis slave", "master_host", host,
          "master_port", port, "read_only", s.getOrDefault("slave_read_only", ""));
      out.gauge(ns + "master_link_up", "master_link_up metric",
          "up".equals(s.get("master_link_status")) ? 1 : 0, "master_host", host,
          "master_port", port);
      for (String f : List.of("master_last_io_seconds_ago", "slave_repl_offset",
          "master_sync_in_progress")) {
        Double v = s.containsKey(f) ? InfoFields.parse(s.get(f)) : null;
        if (v != null) {
          out.gauge(ns + f, f + " metric", v, "master_host", host, "master_port", port);
        }
      }
    }
    for (Map.Entry<String, String> e : s.entrySet()) {
      if (!isSlaveKey(e.getKey())) {
        continue;
      }
      Map<String, String> f = new HashMap<>();
      for (String part : e.getValue().split(",")) {
        int eq = part.indexOf('=');
        if (eq > 0) {
          f.put(part.substring(0, eq), part.substring(eq + 1));
        }
      }
      Double offset = InfoFields.parse(f.getOrDefault("offset", ""));
      if (offset == null) {
        continue;
      }
      String ip = f.getOrDefault("ip", "");
      String port = f.getOrDefault("port", "");
      String state = f.getOrDefault("state", "");
      out.gauge(ns + "connected_slave_offset_bytes", "Offset of connected slave", offset,
          "slave_ip", ip, "slave_port", port, "slave_state", state);
      Double lag = InfoFields.parse(f.getOrDefault("lag", ""));
      if (lag != null) {
        out.gauge(ns + "connected_slave_lag_seconds", "Lag of connected slave", lag,
            "slave_ip", ip, "slave_port", port, "slave_state", state);
      }
    }
  }

  /** {@code slave0}, {@code slave12}: checked by hand, as String.matches compiles per call. */
  static boolean isSlaveKey(String k) {
    if (!k.startsWith("slave") || k.length() == 5) {
      return false;
    }
    for (int i = 5; i < k.length(); i++) {
      if (k.charAt(i) < '0' || k.charAt(i) > '9') {
        return false;
      }
    }
    return true;
  }
}
