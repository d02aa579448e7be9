package dev.vigil.exporters.redis;

import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import redis.clients.jedis.Jedis;
import redis.clients.jedis.params.ScanParams;
import redis.clients.jedis.resps.ScanResult;

/**
 * redis_exporter's {@code --check-keys} (SCAN patterns) and {@code --check-single-keys} (exact
 * names): {@code redis_key_size{db,key}} and, for numeric strings, {@code redis_key_value}.
 * Patterns are cut off at {@link #MAX_KEYS_PER_PATTERN} keys so a broad pattern on a big
 * database cannot turn a scrape into a full keyspace walk.
 */
final class KeyChecks {
  static final int MAX_KEYS_PER_PATTERN = 1000;
  static final KeyChecks NONE = new KeyChecks(List.of(), List.of());

  /** One {@code [db<n>=]key} item of the flag. */
  record Check(int db, String key) {}

  private final List<Check> patterns;
  private final List<Check> singles;

  KeyChecks(List<Check> patterns, List<Check> singles) {
    this.patterns = List.copyOf(patterns);
    this.singles = List.copyOf(singles);
  }

  boolean isEmpty() {
    return patterns.isEmpty() && singles.isEmpty();
  }

  /**
   * Parses {@code db3=user_count,queue:*} (no {@code db} means db 0).
   *
   * @throws IllegalArgumentException naming the flag and the bad item
   */
  static List<Check> parse(String flag, String spec) {
    List<Check> out = new ArrayList<>();
    if (spec == null || spec.isBlank()) {
      return out;
    }
    for (String item : spec.split(",")) {
      String s = item.strip();
      if (s.isEmpty()) {
        continue;
      }
      int eq = s.indexOf('=');
      int db = 0;
      String key = s;
      if (eq > 0 && s.startsWith("db")) {
        try {
          db = Integer.parseInt(s.substring(2, eq));
        } catch (NumberFormatException e) {
          throw new IllegalArgumentException(flag + ": \"" + s + "\" must be db<number>=<key>");
        }
        key = s.substring(eq + 1);
      }
      if (key.isEmpty()) {
        throw new IllegalArgumentException(flag + ": \"" + s + "\" names no key");
      }
      out.add(new Check(db, key));
    }
    return out;
  }

  /** Reads the keys; leaves the connection on {@code homeDb}. */
  void collect(Jedis jedis, int homeDb, RedisScrape out, String ns) {
    if (isEmpty()) {
      return;
    }
    try {
      for (Check c : singles) {
        jedis.select(c.db());
        key(jedis, c.db(), c.key(), out, ns);
      }
      for (Check c : patterns) {
        jedis.select(c.db());
        for (String key : scan(jedis, c.key())) {
          key(jedis, c.db(), key, out, ns);
        }
      }
    } finally {
      jedis.select(homeDb);
    }
  }

  private static Set<String> scan(Jedis jedis, String pattern) {
    Set<String> keys = new LinkedHashSet<>();
    ScanParams params = new ScanParams().match(pattern).count(500);
    String cursor = ScanParams.SCAN_POINTER_START;
    do {
      ScanResult<String> r = jedis.scan(cursor, params);
      for (String k : r.getResult()) {
        if (keys.size() >= MAX_KEYS_PER_PATTERN) {
          return keys;
        }
        keys.add(k);
      }
      cursor = r.getCursor();
    } while (!ScanParams.SCAN_POINTER_START.equals(cursor));
    return keys;
  }

  private static Double number(String value) {
    if (value == null) {
      return null;
    }
    try {
      return Double.parseDouble(value);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static void key(Jedis jedis, int db, String key, RedisScrape out, String ns) {
    String type = jedis.type(key);
    String dbLabel = "db" + db;
    long size;
    switch (type) {
      case "string" -> {
        String value = jedis.get(key);
        size = value == null ? 0 : jedis.strlen(key);
        Double number = number(value);
        if (number != null) {
          out.gauge(ns + "key_value", "The value of \"key\"", number, "db", dbLabel, "key", key);
        }
      }
      case "list" -> size = jedis.llen(key);
      case "set" -> size = jedis.scard(key);
      case "zset" -> size = jedis.zcard(key);
      case "hash" -> size = jedis.hlen(key);
      case "stream" -> size = jedis.xlen(key);
      default -> {
        return; // "none": the key does not exist (any more); the peer skips it too
      }
    }
    out.gauge(ns + "key_size", "The length or size of \"key\"", size, "db", dbLabel, "key", key);
  }
}
