package dev.vigil.exporters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Debian's prometheus-postgres-exporter (0.11) and Vigil read the shared PostgreSQL; Vigil must
 * cover at least 90% of the peer's pg_* names with the same label names, and agree on values
 * that do not move between two reads (settings, the size of template0).
 */
class PostgresCompatibilityTest {
  private static final String PEER = "/usr/bin/prometheus-postgres-exporter";
  private static final String DSN = "postgresql://postgres@127.0.0.1:5432/postgres?sslmode=disable";

  @Test
  void coversThePeersNamesLabelsAndValues() throws Exception {
    Services.requireTcp(5432, "PostgreSQL");
    Services.requireProgram(PEER, "prometheus-postgres-exporter");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("vigil-pg-peer");
    ProcessBuilder pb = new ProcessBuilder(PEER, "--web.listen-address=127.0.0.1:" + port)
        .directory(dir.toFile()).redirectErrorStream(true)
        .redirectOutput(dir.resolve("peer.log").toFile());
    pb.environment().put("DATA_SOURCE_NAME", DSN);
    Process peer = pb.start();
    String theirs;
    String ours;
    try (PgServer s = new PgServer(dev.vigil.exporters.common.Listen.plain("127.0.0.1:0"), "/metrics", List.of(Dsn.parse(DSN)),
        Dsn.parse(DSN), PgExporter.Options.defaults(Duration.ofSeconds(10)))) {
      theirs = scrapeWhenReady("http://127.0.0.1:" + port + "/metrics");
      ours = Scrapes.get("http://127.0.0.1:" + s.port() + "/metrics");
    } finally {
      peer.destroyForcibly().waitFor();
      Files.deleteIfExists(dir.resolve("peer.log"));
      Files.deleteIfExists(dir);
    }
    Map<String, Set<String>> peerNames = new TreeMap<>(Scrapes.labelNames(theirs));
    peerNames.keySet().removeIf(n -> n.startsWith("go_") || n.startsWith("process_")
        || n.startsWith("promhttp_") || n.startsWith("postgres_exporter"));
    Map<String, Set<String>> ourNames = Scrapes.labelNames(ours);
    Set<String> missing = new TreeSet<>(peerNames.keySet());
    missing.removeAll(ourNames.keySet());
    List<String> labelMismatches = new ArrayList<>();
    for (var e : peerNames.entrySet()) {
      Set<String> mine = ourNames.get(e.getKey());
      if (mine != null && !mine.equals(e.getValue())) {
        labelMismatches.add(e.getKey() + " peer " + e.getValue() + " vigil " + mine);
      }
    }
    Map<String, Double> pv = Scrapes.samples(theirs);
    Map<String, Double> ov = Scrapes.samples(ours);
    List<String> valueMismatches = new ArrayList<>();
    int compared = 0;
    for (var e : pv.entrySet()) {
      String k = e.getKey();
      if (k.startsWith("pg_settings_extra_float_digits")) {
        continue; // a session setting each client driver sets for itself (lib/pq: 2)
      }
      if (k.startsWith("pg_settings_") || k.startsWith("pg_database_size_bytes{datname=template0")
          || k.startsWith("pg_static")) {
        compared++;
        Double mine = ov.get(k);
        if (mine == null || !(mine.equals(e.getValue())
            || Math.abs(mine - e.getValue()) <= 1e-9 * Math.abs(e.getValue()))) {
          valueMismatches.add(k + " peer " + e.getValue() + " vigil " + mine);
        }
      }
    }
    double coverage = 1 - (double) missing.size() / peerNames.size();
    System.out.printf("postgres compatibility: %d/%d peer names covered (%.1f%%); missing %s;"
        + " label-name mismatches %s; %d stable values compared, mismatches %s%n",
        peerNames.size() - missing.size(), peerNames.size(), 100 * coverage, missing,
        labelMismatches, compared, valueMismatches);
    assertThat(coverage).isGreaterThanOrEqualTo(0.9);
    assertThat(labelMismatches).isEmpty();
    assertThat(compared).isGreaterThan(100);
    assertThat(valueMismatches).isEmpty();
  }

  private static String scrapeWhenReady(String url) throws Exception {
    long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
    while (true) {
      try {
        return Scrapes.get(url);
      } catch (IOException e) {
        if (System.nanoTime() > deadline) {
          throw e;
        }
        Thread.sleep(200);
      }
    }
  }
}
