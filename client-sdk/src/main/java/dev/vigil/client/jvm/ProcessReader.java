package dev.vigil.client.jvm;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.lang.management.OperatingSystemMXBean;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * process_* metrics. CPU and fds come from com.sun.management interfaces, looked up guardedly
 * (absent on some JVMs: those metrics are skipped); memory from /proc/self/status, as
 * client_java does, only where that file exists.
 */
final class ProcessReader {
  private static final Path STATUS = Paths.get("/proc/self/status");

  private ProcessReader() {}

  static void collect(Families f) {
    OperatingSystemMXBean os = ManagementFactory.getOperatingSystemMXBean();
    try {
      if (os instanceof com.sun.management.OperatingSystemMXBean) {
        long cpu = ((com.sun.management.OperatingSystemMXBean) os).getProcessCpuTime();
        if (cpu >= 0) {
          f.counter("process_cpu_seconds", "Total user and system CPU time spent in seconds.",
              cpu / 1e9);
        }
      }
      if (os instanceof com.sun.management.UnixOperatingSystemMXBean) {
        com.sun.management.UnixOperatingSystemMXBean u =
            (com.sun.management.UnixOperatingSystemMXBean) os;
        f.gauge("process_open_fds", "Number of open file descriptors.",
            u.getOpenFileDescriptorCount());
        f.gauge("process_max_fds", "Maximum number of open file descriptors.",
            u.getMaxFileDescriptorCount());
      }
    } catch (LinkageError e) {
      // no jdk.management module: skip CPU and fd metrics
    }
    if (!Files.isReadable(STATUS)) {
      return;
    }
    try {
      double vm = -1;
      double rss = -1;
      for (String line : Files.readAllLines(STATUS, StandardCharsets.UTF_8)) {
        if (line.startsWith("VmSize:")) {
          vm = kib(line);
        } else if (line.startsWith("VmRSS:")) {
          rss = kib(line);
        }
      }
      if (vm >= 0) {
        f.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.", vm);
      }
      if (rss >= 0) {
        f.gauge("process_resident_memory_bytes", "Resident memory size in bytes.", rss);
      }
    } catch (IOException | NumberFormatException e) {
      // unreadable now: leave the memory metrics out of this scrape
    }
  }

  /** "VmRSS:     1234 kB" to bytes. */
  private static double kib(String line) {
    String[] parts = line.substring(line.indexOf(':') + 1).trim().split("\\s+");
    return Long.parseLong(parts[0]) * 1024.0;
  }
}
