package dev.vigil.exporters.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.vigil.exporters.common.TimedCollectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** Smoke test on this machine's real /proc and /sys. */
@Timeout(30)
class LiveHostTest {
  @Test
  void everyCollectorSucceedsOnTheLiveMachine() throws Exception {
    assumeTrue(Files.isReadable(Path.of("/proc/stat")), "not Linux: no /proc");
    try (TimedCollectors c = Fixtures.collectors()) {
      Map<String, Exposition.Sample> got = Exposition.parse(Exposition.text(c.collect()));
      for (String name : HostCommand.COLLECTORS) {
        if (name.equals("pressure") && !Files.exists(Path.of("/proc/pressure"))) {
          continue; // kernels without PSI
        }
        assertThat(got.get("node_scrape_collector_success{collector=" + name + "}").value())
            .as(name).isEqualTo(1);
      }
      assertThat(got.keySet()).anyMatch(k -> k.startsWith("node_cpu_seconds_total{cpu=0"))
          .anyMatch(k -> k.startsWith("node_filesystem_size_bytes{"))
          .contains("node_memory_MemTotal_bytes{}");
      assertThat(got.get("node_time_seconds{}").value())
          .isCloseTo(System.currentTimeMillis() / 1000.0,
              org.assertj.core.data.Offset.offset(5.0));
    }
  }
}
