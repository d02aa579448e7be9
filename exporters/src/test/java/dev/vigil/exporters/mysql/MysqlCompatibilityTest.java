package dev.vigil.exporters.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.junit.jupiter.api.Test;

/**
 * Runs Debian's prometheus-mysqld-exporter (0.14) and Vigil's against the shared MariaDB with
 * the same default collectors and compares metric names, label names and stable values.
 */
class MysqlCompatibilityTest {
  private static final String DSN = "root@(127.0.0.1:3306)/";

  @Test
  void coversThePeersNamesLabelsAndValues() throws Exception {
    Services.requireTcp(3306, "MariaDB");
    Path peerBin = Services.requireProgram("/usr/bin/prometheus-mysqld-exporter",
        "prometheus-mysqld-exporter");
    String peerText = peerScrape(peerBin);
    String ours;
    try (MysqlCommand.Running r = Scrapes.start(DSN)) {
      ours = Scrapes.text(r.port(), "/metrics");
    }
    Map<String, Set<String>> peer = mysqlOnly(Scrapes.families(peerText));
    Map<String, Set<String>> vigil = mysqlOnly(Scrapes.families(ours));

    Set<String> missing = new TreeSet<>(peer.keySet());
    missing.removeAll(vigil.keySet());
    List<String> labelMismatches = new ArrayList<>();
    for (String name : peer.keySet()) {
      if (vigil.containsKey(name) && !vigil.get(name).equals(peer.get(name))) {
        labelMismatches.add(name + " peer " + peer.get(name) + " vigil " + vigil.get(name));
      }
    }
    double coverage = 1.0 - (double) missing.size() / peer.size();
    System.out.printf("mysql coverage: %d of %d peer mysql_* names (%.1f%%)%n",
        peer.size() - missing.size(), peer.size(), 100 * coverage);
    System.out.println("mysql names missing: " + missing);
    System.out.println("mysql label mismatches: " + labelMismatches);

    // Global variables do not move between the two scrapes: their values must agree.
    Map<String, Double> peerValues = Scrapes.samples(peerText);
    Map<String, Double> ourValues = Scrapes.samples(ours);
    List<String> disagree = new ArrayList<>();
    int compared = 0;
    for (Map.Entry<String, Double> e : peerValues.entrySet()) {
      if (e.getKey().startsWith("mysql_global_variables_") && ourValues.containsKey(e.getKey())) {
        compared++;
        if (Double.compare(e.getValue(), ourValues.get(e.getKey())) != 0) {
          disagree.add(e.getKey() + " peer " + e.getValue() + " vigil " + ourValues.get(e.getKey()));
        }
      }
    }
    System.out.println("mysql global variables compared: " + compared + ", disagreeing: "
        + disagree);
    assertThat(coverage).isGreaterThanOrEqualTo(0.9);
    assertThat(labelMismatches).isEmpty();
    assertThat(compared).isGreaterThan(300);
    assertThat(disagree).isEmpty();
    assertThat(ourValues.get("mysql_version_info{innodb_version=\"\",version=\"")).isNull();
    assertThat(ours).contains(peerText.lines().filter(l -> l.startsWith("mysql_version_info"))
        .findFirst().orElseThrow().replaceAll(" 1$", ""));
  }

  @Test
  void processlistAndTablesMatchThePeer() throws Exception {
    Services.requireTcp(3306, "MariaDB");
    Path peerBin = Services.requireProgram("/usr/bin/prometheus-mysqld-exporter",
        "prometheus-mysqld-exporter");
    String[] flags = {"--collect.info_schema.processlist", "--collect.info_schema.tables"};
    // A sleeping session, so the processlist has a thread in a known state for both scrapes.
    try (java.sql.Connection c = MysqlExporterTest.sql()) {
      java.util.concurrent.CompletableFuture<Void> sleeping =
          java.util.concurrent.CompletableFuture.runAsync(() -> {
            try (java.sql.Statement st = c.createStatement()) {
              st.execute("SELECT SLEEP(4)");
            } catch (java.sql.SQLException e) {
              throw new RuntimeException(e);
            }
          });
      Thread.sleep(300);
      String peerText = peerScrape(peerBin, flags);
      String ours;
      try (MysqlCommand.Running r = Scrapes.start(DSN, flags)) {
        ours = Scrapes.text(r.port(), "/metrics");
      }
      sleeping.get();
      Map<String, Set<String>> peer = Scrapes.families(peerText);
      Map<String, Set<String>> vigil = Scrapes.families(ours);
      peer.keySet().removeIf(n -> !n.startsWith("mysql_info_schema_") || n.contains("innodb_cmp"));
      vigil.keySet().removeIf(n -> !n.startsWith("mysql_info_schema_") || n.contains("innodb_cmp"));
      System.out.println("mysql info_schema families, peer: " + peer + "; vigil: " + vigil);
      assertThat(peer).containsKey("mysql_info_schema_processlist_threads")
          .containsKey("mysql_info_schema_table_size");
      assertThat(vigil).isEqualTo(peer);
    }
  }

  private static Map<String, Set<String>> mysqlOnly(Map<String, Set<String>> families) {
    families.keySet().removeIf(n -> !n.startsWith("mysql_"));
    return families;
  }

  private static String peerScrape(Path bin, String... flags) throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("vigil-mysqld-exporter");
    List<String> cmd = new ArrayList<>(List.of(bin.toString(),
        "--web.listen-address=127.0.0.1:" + port));
    cmd.addAll(List.of(flags));
    ProcessBuilder pb = new ProcessBuilder(cmd)
        .redirectErrorStream(true).redirectOutput(dir.resolve("peer.log").toFile());
    pb.environment().put("DATA_SOURCE_NAME", DSN);
    // No ~/.my.cnf from the machine: the DSN alone configures the peer.
    pb.environment().put("HOME", dir.toString());
    Process p = pb.start();
    try {
      long deadline = System.nanoTime() + 10_000_000_000L;
      while (true) {
        try {
          return Scrapes.text(port, "/metrics");
        } catch (java.io.IOException e) {
          if (System.nanoTime() > deadline || !p.isAlive()) {
            throw new AssertionError("peer did not start: "
                + Files.readString(dir.resolve("peer.log")), e);
          }
          Thread.sleep(100);
        }
      }
    } finally {
      p.destroyForcibly().waitFor();
      Files.deleteIfExists(dir.resolve("peer.log"));
      Files.deleteIfExists(dir);
    }
  }
}
