package dev.vigil.exporters.redis;

import dev.vigil.exporters.common.Families;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
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
   * The samples, kept until the scrape is known to be whole: a scrape that fails half-way
   * contributes nothing but {@code up 0}.
   */
  private final List<Consumer<Families>> samples = new ArrayList<>();

  RedisScrape(String namespace, String... extraLabels) {
    this.ns = namespace + "_";
    this.extra = extraLabels;
  }

  /** Adds the samples gathered so far to {@code out}. */
  void addTo(Families out) {
    samples.forEach(s -> s.accept(out));
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
    String[] all = labels(l);
    samples.add(out -> out.gauge(name, help, v, all));
  }

  void counter(String name, String help, double v, String... l) {
    String[] all = labels(l);
    samples.add(out -> out.counter(name, help, v, all));
  }

  void untyped(String name, String help, double v, String... l) {
    String[] all = labels(l);
    samples.add(out -> out.untyped(name, help, v, all));
  }

  void info(String name, String help, String... l) {
    String[] all = labels(l);
    samples.add(out -> out.info(name, help, all));
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
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      int colon = line.indexOf(':');
      if (line.isEmpty() || line.startsWith("#") || colon < 0) {
        continue;
      }
      String key = line.substring(0, colon);
      String value = line.substring(colon + 1);
      if (key.startsWith("cmdstat_")) {
        commandStats(key.substring("cmdstat_".length()), value);
      } else if (key.startsWith("latency_percentiles_usec_")) {
        latencyPercentiles(key.substring("latency_percentiles_usec_".length()), value);
      } else if (key.startsWith("errorstat_")) {
        // errorstat_ERR:count=3 (Redis 6.2+)
        Double count = pairs(value).get("count");
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
    Map<String, Double> f = pairs(value);
    gauge(ns + "db_keys", "Total number of keys by DB", f.getOrDefault("keys", 0.0),
        "db", db);
    gauge(ns + "db_keys_expiring", "Total number of expiring keys by DB",
        f.getOrDefault("expires", 0.0), "db", db);
    if (f.containsKey("avg_ttl")) {
      gauge(ns + "db_avg_ttl_seconds", "Avg TTL in seconds", f.get("avg_ttl") / 1000,
          "db", db);
    }
  }

  /** {@code get:calls=3,usec=10,usec_per_call=3.33,rejected_calls=0,failed_calls=0}. */
  private void commandStats(String cmd, String value) {
    Map<String, Double> f = pairs(value);
    counter(ns + "commands_total", "Total number of calls per command",
        f.getOrDefault("calls", 0.0), "cmd", cmd);
    counter(ns + "commands_duration_seconds_total",
        "Total amount of time in seconds spent per command", f.getOrDefault("usec", 0.0) / 1e6,
        "cmd", cmd);
    if (f.containsKey("rejected_calls")) {
      counter(ns + "commands_rejected_calls_total", "Total number of errors prior command"
          + " execution per command", f.get("rejected_calls"), "cmd", cmd);
    }
    if (f.containsKey("failed_calls")) {
      counter(ns + "commands_failed_calls_total", "Total number of errors within command"
          + " execution per command", f.get("failed_calls"), "cmd", cmd);
    }
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

  private static Map<String, Double> pairs(String value) {
    Map<String, Double> m = new java.util.HashMap<>();
    for (String part : value.split(",")) {
      int eq = part.indexOf('=');
      if (eq > 0) {
        Double v = InfoFields.parse(part.substring(eq + 1));
        if (v != null) {
          m.put(part.substring(0, eq), v);
        }
      }
    }
    return m;
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
