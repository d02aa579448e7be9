package dev.vigil.server;

import dev.vigil.client.core.CounterWithCallback;
import dev.vigil.client.core.GaugeWithCallback;
import dev.vigil.client.model.Registry;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryMXBean;
import java.lang.management.ThreadMXBean;

/**
 * A few JVM and process metrics under client_java's names, read at scrape time, so the server's
 * health shows on its own /metrics. Deliberately not client-sdk's full {@code JvmMetrics}: the
 * server scrapes itself every interval, and per-thread states and pools would add to the light
 * load CPU that issue 4 is still working down.
 */
final class JvmMetrics {
  private JvmMetrics() {}

  static void register(Registry r) {
    MemoryMXBean mem = ManagementFactory.getMemoryMXBean();
    ThreadMXBean threads = ManagementFactory.getThreadMXBean();
    GaugeWithCallback.builder().name("jvm_memory_used_bytes").help("Used bytes of a memory area.")
        .labelNames("area").callback(cb -> {
          cb.call(mem.getHeapMemoryUsage().getUsed(), "heap");
          cb.call(mem.getNonHeapMemoryUsage().getUsed(), "nonheap");
        }).register(r);
    GaugeWithCallback.builder().name("jvm_threads_current").help("Current thread count.")
        .value(threads::getThreadCount).register(r);
    GaugeWithCallback.builder().name("process_start_time_seconds")
        .help("Start time of the process since unix epoch in seconds.")
        .value(() -> ManagementFactory.getRuntimeMXBean().getStartTime() / 1000.0).register(r);
    var os = ManagementFactory.getOperatingSystemMXBean();
    if (os instanceof com.sun.management.OperatingSystemMXBean sun) {
      CounterWithCallback.builder().name("process_cpu_seconds_total")
          .help("Total user and system CPU time spent in seconds.")
          .value(() -> sun.getProcessCpuTime() / 1e9).register(r);
    }
  }
}
