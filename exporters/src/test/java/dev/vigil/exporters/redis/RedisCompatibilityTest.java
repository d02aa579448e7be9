package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.File;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Debian's prometheus-redis-exporter (1.45) and Vigil's exporter scrape the shared Redis; Vigil
 * must have at least 90% of the peer's redis_* names, the same label names on the names both
 * have, and the same values where both read a setting that does not move.
 */
@Timeout(90)
class RedisCompatibilityTest {
  private static final Pattern TYPE = Pattern.compile("(?m)^# TYPE (\\S+) (\\S+)$");

  /** Settings and identity: the same for both exporters whenever they scrape. */
  private static final List<String> STABLE = List.of("redis_config_maxclients",
      "redis_config_maxmemory", "redis_config_io_threads", "redis_memory_max_bytes",
      "redis_process_id", "redis_cluster_enabled", "redis_aof_enabled",
      "redis_replication_backlog_bytes", "redis_rdb_last_save_timestamp_seconds",
      "redis_db_keys{db=\"db15\"}", "redis_up");

  @Test
  void coversThePeersNamesLabelsAndValues() throws Exception {
    Services.requireTcp(6379, "Redis");
    Path peerBin = Services.requireProgram("/usr/bin/prometheus-redis-exporter",
        "prometheus-redis-exporter");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    File log = File.createTempFile("vigil-redis-peer", ".log");
    Process peer = new ProcessBuilder(peerBin.toString(), "--redis.addr=redis://127.0.0.1:6379",
        "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
        .redirectOutput(log).start();
    Exposition theirs;
    Exposition ours;
    try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(5),
        List.of(RedisAddress.parse("redis://127.0.0.1:6379")))) {
      theirs = scrapePeer("http://127.0.0.1:" + port + "/metrics", peer);
      ours = Exposition.of(e);
    } finally {
      peer.destroyForcibly();
      peer.waitFor(10, TimeUnit.SECONDS);
      log.delete();
    }

    Map<String, String> peerTypes = types(theirs.text);
    Map<String, String> ourTypes = types(ours.text);
    Set<String> missing = new TreeSet<>(peerTypes.keySet());
    missing.removeAll(ourTypes.keySet());
    int covered = peerTypes.size() - missing.size();
    double coverage = covered / (double) peerTypes.size();

    Map<String, Set<String>> peerLabels = theirs.labelNames();
    Map<String, Set<String>> ourLabels = ours.labelNames();
    Map<String, String> labelMismatches = new TreeMap<>();
    Map<String, String> typeMismatches = new TreeMap<>();
    for (String name : peerTypes.keySet()) {
      if (ourTypes.containsKey(name) && peerLabels.containsKey(name)
          && !peerLabels.get(name).equals(ourLabels.get(name))) {
        labelMismatches.put(name, peerLabels.get(name) + " vs " + ourLabels.get(name));
      }
      if (ourTypes.containsKey(name) && !peerTypes.get(name).equals(ourTypes.get(name))) {
        typeMismatches.put(name, peerTypes.get(name) + " vs " + ourTypes.get(name));
      }
    }
    Map<String, String> valueMismatches = new TreeMap<>();
    for (String series : STABLE) {
      if (theirs.value(series) != ours.value(series)
          && !(Double.isNaN(theirs.value(series)) && Double.isNaN(ours.value(series)))) {
        valueMismatches.put(series, theirs.value(series) + " vs " + ours.value(series));
      }
    }
    // Counters both read a moment apart: Vigil scraped second, so it may be a little ahead.
    for (String counter : List.of("redis_connections_received_total",
        "redis_commands_processed_total", "redis_commands_total{cmd=\"ping\"}")) {
      double diff = ours.value(counter) - theirs.value(counter);
      if (!(diff >= 0 && diff < 100)) {
        valueMismatches.put(counter, theirs.value(counter) + " vs " + ours.value(counter));
      }
    }
    if (!(Math.abs(ours.value("redis_start_time_seconds")
        - theirs.value("redis_start_time_seconds")) <= 1)) {
      valueMismatches.put("redis_start_time_seconds", "differ by more than 1 s");
    }
    String info = series(theirs, "redis_instance_info");
    System.out.printf("redis coverage: %d/%d peer names (%.1f%%); missing %s%n"
        + "label mismatches %s%ntype differences %s%nvalue mismatches %s%n", covered,
        peerTypes.size(), coverage * 100, missing, labelMismatches, typeMismatches,
        valueMismatches);

    assertThat(coverage).as("covered peer names; missing: %s", missing).isGreaterThanOrEqualTo(0.9);
    assertThat(labelMismatches).isEmpty();
    assertThat(valueMismatches).isEmpty();
    assertThat(series(ours, "redis_instance_info")).isEqualTo(info).isNotNull();
  }

  /**
   * A private master and replica: the replication names (link status, offsets, connected
   * replicas) of both, read by the peer through its /scrape?target= and by Vigil.
   */
  @Test
  void coversThePeersReplicationNamesAndLabels() throws Exception {
    Path peerBin = Services.requireProgram("/usr/bin/prometheus-redis-exporter",
        "prometheus-redis-exporter");
    try (PrivateRedis master = new PrivateRedis();
        PrivateRedis replica = new PrivateRedis()) {
      master.start();
      new PrivateRedisLink(replica, master).startAndWait();
      int port;
      try (ServerSocket s = new ServerSocket(0)) {
        port = s.getLocalPort();
      }
      File log = File.createTempFile("vigil-redis-peer", ".log");
      Process peer = new ProcessBuilder(peerBin.toString(), "--redis.addr=",
          "--web.listen-address=127.0.0.1:" + port).redirectErrorStream(true)
          .redirectOutput(log).start();
      Map<String, Set<String>> theirs = new TreeMap<>();
      Map<String, Set<String>> ours = new TreeMap<>();
      try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(5), List.of())) {
        for (PrivateRedis r : List.of(master, replica)) {
          String base = "http://127.0.0.1:" + port + "/scrape?target=" + r.address();
          scrapePeer(base, peer).labelNames().forEach(theirs::putIfAbsent);
          Exposition.of(e.forTarget(RedisAddress.parse(r.address()))).labelNames()
              .forEach(ours::putIfAbsent);
        }
      } finally {
        peer.destroyForcibly();
        peer.waitFor(10, TimeUnit.SECONDS);
        log.delete();
      }
      List<String> replicationNames = List.of("redis_master_link_up",
          "redis_master_last_io_seconds_ago", "redis_slave_repl_offset",
          "redis_master_sync_in_progress", "redis_slave_info", "redis_connected_slave_offset_bytes",
          "redis_connected_slave_lag_seconds");
      Map<String, String> compared = new TreeMap<>();
      for (String name : replicationNames) {
        compared.put(name, theirs.get(name) + " vs " + ours.get(name));
      }
      System.out.printf("redis replication names, peer labels vs ours: %s%n", compared);
      for (String name : replicationNames) {
        assertThat(theirs).as("the peer shows %s", name).containsKey(name);
        assertThat(ours.get(name)).as(name).isEqualTo(theirs.get(name));
      }
      Map<String, String> labelMismatches = new TreeMap<>();
      theirs.forEach((name, labels) -> {
        if (ours.containsKey(name) && !ours.get(name).equals(labels)) {
          labelMismatches.put(name, labels + " vs " + ours.get(name));
        }
      });
      assertThat(labelMismatches).isEmpty();
      Set<String> missing = new TreeSet<>(theirs.keySet());
      missing.removeAll(ours.keySet());
      missing.removeIf(n -> n.endsWith("_sum") || n.endsWith("_count")); // summary series
      System.out.printf("redis names of master+replica the peer has and Vigil not: %s%n",
          missing);
      assertThat(missing.size()).isLessThanOrEqualTo(theirs.size() / 10);
    }
  }

  /** The peer's names from its TYPE lines, without the Go runtime's and the HTTP handler's. */
  private static Map<String, String> types(String text) {
    Map<String, String> out = new TreeMap<>();
    Matcher m = TYPE.matcher(text);
    while (m.find()) {
      String name = m.group(1);
      if (name.startsWith("redis_")) {
        out.put(name, m.group(2));
      }
    }
    return out;
  }

  private static String series(Exposition x, String name) {
    return x.series.keySet().stream().filter(s -> s.startsWith(name + "{")).findFirst()
        .orElse(null);
  }

  private static Exposition scrapePeer(String url, Process peer) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(15);
    while (true) {
      try {
        return Exposition.get(url);
      } catch (IOException notYet) {
        if (!peer.isAlive() || System.nanoTime() > deadline) {
          throw new IllegalStateException("the peer exporter did not answer on " + url, notYet);
        }
        Thread.sleep(100);
      }
    }
  }
}
