package dev.vigil.exporters.host;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.common.TimedCollectors;
import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
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
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's prometheus-node-exporter and Vigil's host exporter read the same fixture tree and the
 * same textfile directory; their metric names, label names and values are compared.
 */
@Timeout(60)
class NodeExporterCompatTest {
  /** Values that differ between two reads by nature (clocks, live statfs, timings). */
  private static final List<String> TIME_DEPENDENT = List.of("node_time_seconds",
      "node_scrape_collector_duration_seconds", "node_filesystem_", "node_uname_info");

  @TempDir Path textfiles;

  @Test
  void coversThePeersNamesWithTheSameLabelsAndValues() throws Exception {
    Path peer = Services.requireProgram("/usr/bin/prometheus-node-exporter",
        "prometheus-node-exporter");
    Files.writeString(textfiles.resolve("good.prom"),
        "# HELP my_metric From a file.\n# TYPE my_metric gauge\nmy_metric{a=\"b\"} 3\n"
            + "my_requests_total 7\n");
    Files.writeString(textfiles.resolve("bad.prom"), "not a { sample\n");
    String[] shared = Fixtures.onFixtures("--collector.textfile.directory=" + textfiles);

    List<String> peerArgs = new ArrayList<>(List.of(peer.toString(),
        "--collector.disable-defaults", "--no-collector.netdev.netlink"));
    peerArgs.addAll(List.of(shared));
    HostCommand.COLLECTORS.forEach(c -> peerArgs.add("--collector." + c));
    int port = freePort();
    peerArgs.add("--web.listen-address=127.0.0.1:" + port);
    String peerText;
    Process p = new ProcessBuilder(peerArgs).redirectErrorStream(true)
        .redirectOutput(textfiles.resolve("peer.log").toFile()).start();
    try {
      peerText = scrape(port);
    } finally {
      p.destroyForcibly().waitFor();
    }
    String ourText;
    try (TimedCollectors ours = Fixtures.collectors(shared)) {
      ourText = Exposition.text(ours.collect());
    }

    Map<String, Exposition.Sample> theirs = compared(Exposition.parse(peerText));
    Map<String, Exposition.Sample> mine = compared(Exposition.parse(ourText));
    Map<String, Set<Set<String>>> theirLabels = labelNames(theirs);
    Map<String, Set<Set<String>>> myLabels = labelNames(mine);

    Set<String> missing = new TreeSet<>(theirLabels.keySet());
    missing.removeAll(myLabels.keySet());
    int covered = theirLabels.size() - missing.size();
    double coverage = (double) covered / theirLabels.size();
    System.out.printf("node_exporter coverage: %d/%d names (%.1f%%); missing: %s%n", covered,
        theirLabels.size(), 100 * coverage, missing);
    assertThat(coverage).isGreaterThanOrEqualTo(0.9);

    List<String> labelMismatches = new ArrayList<>();
    theirLabels.forEach((name, sets) -> {
      if (myLabels.containsKey(name) && !myLabels.get(name).equals(sets)) {
        labelMismatches.add(name + ": peer " + sets + ", vigil " + myLabels.get(name));
      }
    });
    assertThat(labelMismatches).isEmpty();

    // The same series (label values too), except uname's, which the peer reads from the live
    // kernel and Vigil from the fixture tree.
    Set<String> onlyPeer = new TreeSet<>();
    Set<String> onlyVigil = new TreeSet<>();
    theirs.forEach((k, s) -> {
      if (!mine.containsKey(k) && !missing.contains(s.name())
          && !s.name().equals("node_uname_info")) {
        onlyPeer.add(k);
      }
    });
    mine.forEach((k, s) -> {
      if (!theirs.containsKey(k) && theirLabels.containsKey(s.name())
          && !s.name().equals("node_uname_info")) {
        onlyVigil.add(k);
      }
    });
    assertThat(onlyPeer).as("series only the peer has").isEmpty();
    assertThat(onlyVigil).as("series only Vigil has").isEmpty();

    List<String> valueMismatches = new ArrayList<>();
    int comparedValues = 0;
    for (Exposition.Sample s : theirs.values()) {
      Exposition.Sample m = mine.get(s.key());
      if (m == null || TIME_DEPENDENT.stream().anyMatch(s.name()::startsWith)) {
        continue;
      }
      comparedValues++;
      if (Math.abs(m.value() - s.value()) > 1e-9 * Math.max(1, Math.abs(s.value()))) {
        valueMismatches.add(s.key() + ": peer " + s.value() + ", vigil " + m.value());
      }
    }
    System.out.printf("node_exporter values: %d samples compared, %d differ%n", comparedValues,
        valueMismatches.size());
    assertThat(valueMismatches).isEmpty();
    assertThat(comparedValues).isGreaterThan(200);
  }

  /** Without the peer's and the SDK's own process/runtime metrics. */
  private static Map<String, Exposition.Sample> compared(Map<String, Exposition.Sample> all) {
    Map<String, Exposition.Sample> out = new TreeMap<>();
    all.forEach((k, s) -> {
      String n = s.name();
      if (!n.startsWith("go_") && !n.startsWith("promhttp_") && !n.startsWith("process_")
          && !n.equals("node_exporter_build_info")) {
        out.put(k, s);
      }
    });
    return out;
  }

  private static Map<String, Set<Set<String>>> labelNames(Map<String, Exposition.Sample> all) {
    Map<String, Set<Set<String>>> out = new TreeMap<>();
    all.values().forEach(s -> out.computeIfAbsent(s.name(), n -> new TreeSet<>(
        (a, b) -> a.toString().compareTo(b.toString()))).add(new TreeSet<>(s.labels().keySet())));
    return out;
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** The peer's /metrics once it listens (it needs a moment to start). */
  private static String scrape(int port) throws Exception {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(1)).build();
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .timeout(Duration.ofSeconds(10)).build();
    for (int i = 0; ; i++) {
      try {
        return http.send(req, HttpResponse.BodyHandlers.ofString()).body();
      } catch (IOException e) {
        if (i > 100) {
          throw e;
        }
        Thread.sleep(100);
      }
    }
  }
}
