package dev.vigil.exporters.common;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import dev.vigil.client.model.MetricSnapshots;
import dev.vigil.client.model.MultiCollector;

/**
 * The exporter process's own metrics, with the names every Prometheus exporter uses
 * ({@code process_*} from /proc/self), plus {@code jvm_allocated_bytes_total} so the benchmark
 * can compare allocation per scrape with a Go peer's {@code go_memstats_alloc_bytes_total}.
 * On a system without /proc (not Linux) only the allocation counter is exported.
 */
public final class ProcessMetrics implements MultiCollector {
  /** USER_HZ, the unit of utime, stime and starttime in /proc/self/stat. */
  private static final java.util.regex.Pattern SPACES = java.util.regex.Pattern.compile("\\s+");
  private static final double USER_HZ = 100.0;
  private static final long PAGE_SIZE = 4096;

  private final Path proc;
  private final com.sun.management.ThreadMXBean threads =
      (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
  /** Last allocation figure seen per live thread, and the sum of those of exited threads. */
  private final Map<Long, Long> lastSeen = new HashMap<>();
  private long exited;

  public ProcessMetrics() {
    this(Path.of("/proc"));
  }

  ProcessMetrics(Path proc) {
    this.proc = proc;
  }

  @Override
  public MetricSnapshots collect() {
    Families out = new Families();
    try {
      stat(out);
    } catch (IOException | RuntimeException e) {
      // not Linux, or /proc hidden: the process_* metrics are simply absent
    }
    out.counter("jvm_allocated_bytes_total", "Bytes allocated on the heap by the JVM's threads. "
        + "Approximate: the sum over live threads plus what exited threads had allocated when "
        + "last seen by a scrape.", allocated());
    return out.build();
  }

  private void stat(Families out) throws IOException {
    Path self = proc.resolve("self");
    String stat = Files.readString(self.resolve("stat"), StandardCharsets.UTF_8);
    // The command name may hold spaces and parentheses; the fields start after the last ')'.
    String[] f = SPACES.split(stat.substring(stat.lastIndexOf(')') + 2).trim());
    // f[0] is field 3 (state) of proc(5), so field n is f[n - 3].
    out.counter("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
        (Double.parseDouble(f[11]) + Double.parseDouble(f[12])) / USER_HZ);
    out.gauge("process_virtual_memory_bytes", "Virtual memory size in bytes.",
        Double.parseDouble(f[20]));
    out.gauge("process_resident_memory_bytes", "Resident memory size in bytes.",
        Double.parseDouble(f[21]) * PAGE_SIZE);
    if (startTime == 0) {
      // Constant for the process: read the machine's boot time (all of /proc/stat) only once.
      startTime = bootTime() + Double.parseDouble(f[19]) / USER_HZ;
    }
    out.gauge("process_start_time_seconds",
        "Start time of the process since unix epoch in seconds.", startTime);
    int fds = 0;
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(self.resolve("fd"))) {
      for (Path ignored : ds) {
        fds++;
      }
    }
    out.gauge("process_open_fds", "Number of open file descriptors.", fds);
    for (String line : Files.readString(self.resolve("limits"), StandardCharsets.UTF_8)
        .split("\n")) {
      if (line.startsWith("Max open files")) {
        String soft = SPACES.split(line.substring("Max open files".length()).trim())[0];
        out.gauge("process_max_fds", "Maximum number of open file descriptors.",
            soft.equals("unlimited") ? Double.POSITIVE_INFINITY : Double.parseDouble(soft));
      }
    }
  }

  private volatile double startTime;

  private double bootTime() throws IOException {
    for (String line : Files.readString(proc.resolve("stat"), StandardCharsets.UTF_8)
        .split("\n")) {
      if (line.startsWith("btime ")) {
        return Double.parseDouble(line.substring(6).trim());
      }
    }
    return 0;
  }

  /** Synchronized: scrapes may overlap and share lastSeen. */
  private synchronized double allocated() {
    if (!threads.isThreadAllocatedMemorySupported() || !threads.isThreadAllocatedMemoryEnabled()) {
      return 0;
    }
    long[] ids = threads.getAllThreadIds();
    long[] bytes = threads.getThreadAllocatedBytes(ids);
    Set<Long> alive = new HashSet<>();
    long live = 0;
    for (int i = 0; i < ids.length; i++) {
      if (bytes[i] >= 0) { // -1: the thread ended between the two calls
        alive.add(ids[i]);
        lastSeen.put(ids[i], bytes[i]);
        live += bytes[i];
      }
    }
    var it = lastSeen.entrySet().iterator();
    while (it.hasNext()) {
      var e = it.next();
      if (!alive.contains(e.getKey())) {
        exited += e.getValue();
        it.remove();
      }
    }
    return exited + live;
  }
}
