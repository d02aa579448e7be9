package dev.vigil.exporters.redis;

import dev.vigil.exporters.common.Families;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.Protocol;

/**
 * One scrape of one Redis instance over an open connection: {@code INFO ALL}, a few
 * {@code CONFIG GET}s, {@code SLOWLOG} and {@code LATENCY LATEST}, turned into redis_exporter's
 * names. INFO failing fails the scrape (the caller reports {@code redis_up 0}); the optional
 * commands failing (renamed or ACL-denied, as on managed Redis) only drop their metrics, as the
 * peer does.
 */
final class RedisScrape {
  private final String ns;
  /** Label pairs added to every sample: which instance, when one endpoint shows several. */
  private final String[] extra;
  /**
   * The samples, kept apart until the scrape is known to be whole: a scrape that fails half-way
   * contributes nothing but {@code up 0}.
   */
  private final Families staged = new Families();

  RedisScrape(String namespace, String... extraLabels) {
    this.ns = namespace + "_";
    this.extra = extraLabels;
    this.names = Names.of(ns);
  }

  /** Metric names used once per command or database line, built once per namespace. */
  private record Names(String commands, String commandsDuration, String commandsRejected,
      String commandsFailed, String dbKeys, String dbKeysExpiring, String dbAvgTtl) {
    private static final Map<String, Names> BY_NAMESPACE = new ConcurrentHashMap<>();

    static Names of(String ns) {
      Names n = BY_NAMESPACE.get(ns);
      if (n == null) {
        n = new Names(ns + "commands_total", ns + "commands_duration_seconds_total",
            ns + "commands_rejected_calls_total", ns + "commands_failed_calls_total",
            ns + "db_keys", ns + "db_keys_expiring", ns + "db_avg_ttl_seconds");
        // Namespaces come from the command line, so this holds one or a few entries.
        BY_NAMESPACE.putIfAbsent(ns, n);
      }
      return n;
    }
  }

  private final Names names;

  /** Adds the samples gathered so far to {@code out}. */
  void addTo(Families out) {
    out.addAll(staged);
  }

  private String[] labels(String[] own) {
    if (extra.length == 0) {
      return own;
    }
    String[] all = java.util.Arrays.copyOf(own, own.length + extra.length);
    System.arraycopy(extra, 0, all, own.length, extra.length);
    return all;
  }

  void gauge(String name, String help, double v, String... l) {
    staged.gauge(name, help, v, labels(l));
  }

  void counter(String name, String help, double v, String... l) {
    staged.counter(name, help, v, labels(l));
  }

  void untyped(String name, String help, double v, String... l) {
    staged.untyped(name, help, v, labels(l));
  }

  void info(String name, String help, String... l) {
    staged.info(name, help, labels(l));
  }

  void run(Jedis jedis, KeyChecks keys, int homeDb) {
    String info = jedis.info("all");
    Map<String, String> config = config(jedis);
    parseInfo(info, databases(config));
    configMetrics(config);
    slowlog(jedis);
    latency(jedis);
    keys.collect(jedis, homeDb, this, ns);
  }

  /** CONFIG GET one parameter at a time: several at once needs Redis 7. */
  private static Map<String, String> config(Jedis jedis) {
    Map<String, String> all = new java.util.HashMap<>();
    for (String p : List.of("maxmemory", "maxclients", "io-threads", "databases")) {
      try {
        all.putAll(jedis.configGet(p));
      } catch (RuntimeException e) {
        // CONFIG is often renamed or denied on managed Redis; the peer also goes on without it.
        if (isConnectionProblem(e)) {
          throw e;
        }
      }
    }
    return all;
  }

  private static boolean isConnectionProblem(RuntimeException e) {
    return e instanceof redis.clients.jedis.exceptions.JedisConnectionException;
  }

  private static int databases(Map<String, String> config) {
    try {
      return Integer.parseInt(config.getOrDefault("databases", "0"));
    } catch (NumberFormatException e) {
      return 0;
    }
  }

  private void configMetrics(Map<String, String> config) {
    configGauge(config, "maxmemory", "config_maxmemory");
    configGauge(config, "maxclients", "config_maxclients");
    configGauge(config, "io-threads", "config_io_threads");
  }

  private void configGauge(Map<String, String> config, String key, String name) {
    Double v = config.containsKey(key) ? InfoFields.parse(config.get(key)) : null;
    if (v != null) {
      gauge(ns + name, name + " metric", v);
    }
  }

  /** Parses the INFO text; {@code databases} is how many db{n} to report even when empty. */
  void parseInfo(String text, int databases) {
    Map<String, String> server = new java.util.HashMap<>();
    Set<String> seenDbs = new HashSet<>();
    // Walks the lines in place (INFO has hundreds, each ending in \r\n) instead of splitting
    // and stripping, which copied every line twice before taking key and value out of it.
    for (int start = 0, next; start < text.length(); start = next) {
      int nl = text.indexOf('\n', start);
      next = nl < 0 ? text.length() : nl + 1;
      int from = start;
      int to = nl < 0 ? text.length() : nl;
      while (from < to && Character.isWhitespace(text.charAt(from))) {
        from++;
      }
      while (to > from && Character.isWhitespace(text.charAt(to - 1))) {
        to--;
      }
      int colon = text.indexOf(':', from);
      if (from == to || text.charAt(from) == '#' || colon < 0 || colon >= to) {
        continue;
      }
      String key = text.substring(from, colon);
      String value = text.substring(colon + 1, to);
      if (key.startsWith("cmdstat_")) {
        commandStats(key.substring("cmdstat_".length()), value);
      } else if (key.startsWith("latency_percentiles_usec_")) {
        latencyPercentiles(key.substring("latency_percentiles_usec_".length()), value);
      } else if (key.startsWith("errorstat_")) {
        // errorstat_ERR:count=3 (Redis 6.2+)
        Double count = pair(value, "count");
        if (count != null) {
          counter(ns + "errors_total", "Total number of errors per error type", count,
              "err", key.substring("errorstat_".length()));
        }
      } else if (key.startsWith("db") && value.startsWith("keys=")) {
        keyspace(key, value);
        seenDbs.add(key);
      } else {
        server.put(key, value);
        field(key, value);
      }
    }
    // The peer reports every configured database, so empty ones show 0 instead of vanishing.
    for (int i = 0; i < databases; i++) {
      if (!seenDbs.contains("db" + i)) {
        gauge(ns + "db_keys", "Total number of keys by DB", 0, "db", "db" + i);
        gauge(ns + "db_keys_expiring", "Total number of expiring keys by DB", 0,
            "db", "db" + i);
      }
    }
    instanceInfo(server);
    Replication.add(server, this, ns);
  }

  private void field(String key, String value) {
    if ("latest_fork_usec".equals(key)) {
      Double v = InfoFields.parse(value);
      if (v != null) {
        gauge(ns + "latest_fork_seconds", "latest_fork_seconds metric", v / 1e6);
      }
      return;
    }
    if ("uptime_in_seconds".equals(key)) {
      Double v = InfoFields.parse(value);
      if (v != null) {
        gauge(ns + "start_time_seconds", "Start time of the Redis instance since unix epoch"
            + " in seconds.", Math.floor(System.currentTimeMillis() / 1000.0 - v));
      }
    }
    String name;
    Double v;
    if ((name = InfoFields.GAUGES.get(key)) != null && (v = InfoFields.parse(value)) != null) {
      gauge(ns + name, name + " metric", v);
    } else if ((name = InfoFields.COUNTERS.get(key)) != null
        && (v = InfoFields.parse(value)) != null) {
      counter(ns + name, name + " metric", v);
    } else if ((name = InfoFields.COUNTERS_AS_GAUGE_NAMES.get(key)) != null
        && (v = InfoFields.parse(value)) != null) {
      counter(ns + name, name + " metric", v);
    } else if ((name = InfoFields.SUFFIXLESS_COUNTERS.get(key)) != null
        && (v = InfoFields.parse(value)) != null) {
      untyped(ns + name, name + " metric", v);
    }
  }

  private void instanceInfo(Map<String, String> s) {
    if (!s.containsKey("redis_version")) {
      return;
    }
    info(ns + "instance_info", "Information about the Redis instance",
        "maxmemory_policy", s.getOrDefault("maxmemory_policy", ""),
        "os", s.getOrDefault("os", ""),
        "process_id", s.getOrDefault("process_id", ""),
        "redis_build_id", s.getOrDefault("redis_build_id", ""),
        "redis_mode", s.getOrDefault("redis_mode", ""),
        "redis_version", s.getOrDefault("redis_version", ""),
        "role", s.getOrDefault("role", ""),
        "run_id", s.getOrDefault("run_id", ""),
        "tcp_port", s.getOrDefault("tcp_port", ""));
  }

  /** {@code db0:keys=1,expires=0,avg_ttl=0}. */
  private void keyspace(String db, String value) {
    Double keys = pair(value, "keys");
    Double expires = pair(value, "expires");
    Double ttl = pair(value, "avg_ttl");
    gauge(names.dbKeys, "Total number of keys by DB", keys == null ? 0 : keys, "db", db);
    gauge(names.dbKeysExpiring, "Total number of expiring keys by DB",
        expires == null ? 0 : expires, "db", db);
    if (ttl != null) {
      gauge(names.dbAvgTtl, "Avg TTL in seconds", ttl / 1000, "db", db);
    }
  }

  /** {@code get:calls=3,usec=10,usec_per_call=3.33,rejected_calls=0,failed_calls=0}. */
  private void commandStats(String cmd, String value) {
    Double calls = pair(value, "calls");
    Double usec = pair(value, "usec");
    Double rejected = pair(value, "rejected_calls");
    Double failed = pair(value, "failed_calls");
    counter(names.commands, "Total number of calls per command", calls == null ? 0 : calls,
        "cmd", cmd);
    counter(names.commandsDuration, "Total amount of time in seconds spent per command",
        usec == null ? 0 : usec / 1e6, "cmd", cmd);
    if (rejected != null) {
      counter(names.commandsRejected, "Total number of errors prior command execution per "
          + "command", rejected, "cmd", cmd);
    }
    if (failed != null) {
      counter(names.commandsFailed, "Total number of errors within command execution per "
          + "command", failed, "cmd", cmd);
    }
  }

  /**
   * The value of {@code key} in {@code k1=v1,k2=v2}, or null; scans in place instead of building
   * a map, since INFO has one such line per command and database on every scrape.
   */
  static Double pair(String value, String key) {
    int from = 0;
    while (from < value.length()) {
      int end = value.indexOf(',', from);
      if (end < 0) {
        end = value.length();
      }
      int eq = from + key.length();
      if (eq < end && value.charAt(eq) == '=' && value.startsWith(key, from)) {
        return InfoFields.parse(value.substring(eq + 1, end));
      }
      from = end + 1;
    }
    return null;
  }

  /**
   * {@code get:p50=1.003,p99=2.007,p99.9=2.007}. The peer exposes these as a summary with
   * quantile labels 50/99/99.9, which client-sdk's summaries (ranks in [0, 1]) cannot carry, so
   * the quantiles are gauges with the peer's labels, without the _sum/_count series.
   */
  private void latencyPercentiles(String cmd, String value) {
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 1 && part.charAt(0) == 'p') {
        Double v = InfoFields.parse(part.substring(eq + 1));
        if (v != null) {
          gauge(ns + "latency_percentiles_usec", "A summary of latency percentile"
              + " distribution per command", v, "cmd", cmd, "quantile", part.substring(1, eq));
        }
      }
    }
  }

  private void slowlog(Jedis jedis) {
    try {
      Object len = jedis.sendCommand(Protocol.Command.SLOWLOG, "LEN");
      if (len instanceof Long n) {
        gauge(ns + "slowlog_length", "Total slowlog", n);
      }
      Object last = jedis.sendCommand(Protocol.Command.SLOWLOG, "GET", "1");
      double id = 0;
      double micros = 0;
      if (last instanceof List<?> entries && !entries.isEmpty()
          && entries.get(0) instanceof List<?> entry && entry.size() > 2) {
        id = ((Number) entry.get(0)).doubleValue();
        micros = ((Number) entry.get(2)).doubleValue();
      }
      gauge(ns + "slowlog_last_id", "Last id of slowlog", id);
      gauge(ns + "last_slow_execution_duration_seconds",
          "The amount of time needed for last slow execution, in seconds", micros / 1e6);
    } catch (RuntimeException e) {
      if (isConnectionProblem(e)) {
        throw e;
      }
    }
  }

  /** {@code LATENCY LATEST}: [event, time of last spike, last ms, max ms] per event. */
  private void latency(Jedis jedis) {
    try {
      Object reply = jedis.sendCommand(Protocol.Command.LATENCY, "LATEST");
      if (!(reply instanceof List<?> events)) {
        return;
      }
      for (Object o : events) {
        if (o instanceof List<?> e && e.size() >= 3 && e.get(0) instanceof byte[] name) {
          String event = new String(name, StandardCharsets.UTF_8);
          gauge(ns + "latency_spike_last", "When the latency spike last occurred",
              ((Number) e.get(1)).doubleValue(), "event_name", event);
          gauge(ns + "latency_spike_duration_seconds", "Length of the last latency spike in"
              + " seconds", ((Number) e.get(2)).doubleValue() / 1e3, "event_name", event);
        }
      }
    } catch (RuntimeException e) {
      if (isConnectionProblem(e)) {
        throw e;
      }
    }
  }
}
