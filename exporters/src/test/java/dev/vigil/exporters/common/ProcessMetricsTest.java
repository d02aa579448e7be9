package dev.vigil.exporters.common;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.MetricSnapshot;
import dev.vigil.client.model.MetricSnapshots;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ProcessMetricsTest {
  private static Map<String, Double> values(MetricSnapshots snapshots) {
    Map<String, Double> out = new HashMap<>();
    for (MetricSnapshot<?> s : snapshots) {
      Object p = s.getDataPoints().get(0);
      double v = p instanceof CounterSnapshot.DataPoint c ? c.getValue()
          : ((GaugeSnapshot.DataPoint) p).getValue();
      out.put(s.getMetadata().getName(), v);
    }
    return out;
  }

  @Test
  void readsTheProcessAndCountsAllocations() throws Exception {
    ProcessMetrics m = new ProcessMetrics();
    double before = values(m.collect()).get("jvm_allocated_bytes");
    byte[][] garbage = new byte[64][];
    for (int i = 0; i < garbage.length; i++) {
      garbage[i] = new byte[64 * 1024];
    }
    Thread t = new Thread(() -> {
      byte[] b = new byte[1 << 20];
      b[0] = 1;
    });
    t.start();
    t.join();
    Map<String, Double> after = values(m.collect());
    // 4 MiB here plus at least part of the 1 MiB of a thread that has exited
    assertThat(after.get("jvm_allocated_bytes") - before).isGreaterThan(4.0 * 1024 * 1024);
    if (Files.isReadable(Path.of("/proc/self/stat"))) {
      assertThat(after.get("process_cpu_seconds")).isPositive();
      assertThat(after.get("process_resident_memory_bytes")).isGreaterThan(1e6);
      assertThat(after.get("process_virtual_memory_bytes"))
          .isGreaterThan(after.get("process_resident_memory_bytes"));
      assertThat(after.get("process_open_fds")).isPositive()
          .isLessThan(after.get("process_max_fds"));
      assertThat(after.get("process_start_time_seconds"))
          .isBetween(System.currentTimeMillis() / 1000.0 - 3600,
              System.currentTimeMillis() / 1000.0);
    }
  }
}
