package dev.vigil.exporters.host;

import static dev.vigil.exporters.host.Proc.fields;
import static dev.vigil.exporters.host.Proc.lines;
import static dev.vigil.exporters.host.Proc.num;
import static dev.vigil.exporters.host.Proc.source;
import static dev.vigil.exporters.host.Proc.text;

import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.TimeZone;
import java.util.regex.Pattern;

/**
 * The host collectors that read one or two small procfs files each: cpu, stat, meminfo,
 * loadavg, vmstat, pressure, filefd, entropy, uname and time. Names, labels and units are
 * node_exporter 1.5's.
 */
final class KernelSources {
  private static final String[] CPU_MODES =
      {"user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"};

  private KernelSources() {}

  /** clocksourceN/available_clocksource and current_clocksource, when sysfs has them. */
  private static void clocksources(Path dir, Families out) throws IOException {
    if (!Files.isDirectory(dir)) {
      return;
    }
    List<Path> devices = new ArrayList<>();
    try (DirectoryStream<Path> ds = Files.newDirectoryStream(dir, "clocksource[0-9]*")) {
      ds.forEach(devices::add);
    }
    devices.sort(null);
    for (Path d : devices) {
      String device = d.getFileName().toString().substring("clocksource".length());
      for (String c : fields(text(d.resolve("available_clocksource")))) {
        out.info("node_time_clocksource_available_info",
            "Available clocksources read from '/sys/devices/system/clocksource'.",
            "clocksource", c, "device", device);
      }
      out.info("node_time_clocksource_current_info",
          "Current clocksource read from '/sys/devices/system/clocksource'.",
          "clocksource", text(d.resolve("current_clocksource")), "device", device);
    }
  }

  static Source cpu(Path proc) {
    return source("cpu", out -> {
      for (String line : lines(proc.resolve("stat"))) {
        // "cpu" alone is the sum over all CPUs; node_exporter reports only the per-CPU lines.
        if (!line.startsWith("cpu") || line.startsWith("cpu ")) {
          continue;
        }
        String[] f = fields(line);
        String cpu = f[0].substring(3);
        for (int i = 0; i < CPU_MODES.length && i + 1 < f.length; i++) {
          out.counter("node_cpu_seconds_total", "Seconds the CPUs spent in each mode.",
              num(f[i + 1]) / Proc.USER_HZ, "cpu", cpu, "mode", CPU_MODES[i]);
        }
        if (f.length > 10) {
          String help = "Seconds the CPUs spent in guests (VMs) for each mode.";
          out.counter("node_cpu_guest_seconds_total", help, num(f[9]) / Proc.USER_HZ,
              "cpu", cpu, "mode", "user");
          out.counter("node_cpu_guest_seconds_total", help, num(f[10]) / Proc.USER_HZ,
              "cpu", cpu, "mode", "nice");
        }
      }
    });
  }

  static Source stat(Path proc) {
    return source("stat", out -> {
      for (String line : lines(proc.resolve("stat"))) {
        // Only the first value of each line is used; the "intr" line has thousands.
        String[] f = fields(line.length() > 64 ? line.substring(0, 64) : line);
        if (f.length < 2) {
          continue;
        }
        switch (f[0]) {
          case "intr" -> out.counter("node_intr_total", "Total number of interrupts serviced.",
              num(f[1]));
          case "ctxt" -> out.counter("node_context_switches_total",
              "Total number of context switches.", num(f[1]));
          case "btime" -> out.gauge("node_boot_time_seconds", "Node boot time, in unixtime.",
              num(f[1]));
          case "processes" -> out.counter("node_forks_total", "Total number of forks.",
              num(f[1]));
          case "procs_running" -> out.gauge("node_procs_running",
              "Number of processes in runnable state.", num(f[1]));
          case "procs_blocked" -> out.gauge("node_procs_blocked",
              "Number of processes blocked waiting for I/O to complete.", num(f[1]));
          default -> { }
        }
      }
    });
  }

  static Source meminfo(Path proc) {
    return source("meminfo", out -> {
      for (String line : lines(proc.resolve("meminfo"))) {
        int colon = line.indexOf(':');
        if (colon < 0) {
          continue;
        }
        String[] f = fields(line.substring(colon + 1));
        // "Active(anon)" becomes "Active_anon", as node_exporter names it.
        String key = line.substring(0, colon).replace("(", "_").replace(")", "");
        double v = num(f[0]);
        String name = "node_memory_" + key;
        if (f.length > 1 && f[1].equals("kB")) {
          v *= 1024;
          name += "_bytes";
        }
        out.gauge(name, "Memory information field " + name.substring(12) + ".", v);
      }
    });
  }

  static Source loadavg(Path proc) {
    return source("loadavg", out -> {
      String[] f = fields(text(proc.resolve("loadavg")));
      out.gauge("node_load1", "1m load average.", num(f[0]));
      out.gauge("node_load5", "5m load average.", num(f[1]));
      out.gauge("node_load15", "15m load average.", num(f[2]));
    });
  }

  static Source vmstat(Path proc, Pattern fieldsIncluded) {
    Map<String, Boolean> memo = new ConcurrentHashMap<>();
    return source("vmstat", out -> {
      for (String line : lines(proc.resolve("vmstat"))) {
        String[] f = fields(line);
        if (f.length == 2 && Proc.matches(fieldsIncluded, memo, f[0])) {
          out.untyped("node_vmstat_" + f[0], "/proc/vmstat information field " + f[0] + ".",
              num(f[1]));
        }
      }
    });
  }

  static Source pressure(Path proc) {
    return source("pressure", out -> {
      for (String resource : new String[] {"cpu", "io", "memory"}) {
        for (String line : lines(proc.resolve("pressure").resolve(resource))) {
          String[] f = fields(line);
          double total = 0;
          for (String kv : f) {
            if (kv.startsWith("total=")) {
              total = num(kv.substring(6)) / 1e6; // microseconds
            }
          }
          if (f[0].equals("some")) {
            out.counter("node_pressure_" + resource + "_waiting_seconds_total",
                "Total time in seconds that processes have waited for " + resource + ".", total);
          } else if (f[0].equals("full") && !resource.equals("cpu")) {
            // node_exporter 1.5 ignores the cpu "full" line newer kernels print.
            out.counter("node_pressure_" + resource + "_stalled_seconds_total",
                "Total time in seconds no process could make progress due to " + resource
                    + " congestion.", total);
          }
        }
      }
    });
  }

  static Source filefd(Path proc) {
    return source("filefd", out -> {
      String[] f = fields(text(proc.resolve("sys/fs/file-nr")));
      out.gauge("node_filefd_allocated", "File descriptor statistics: allocated.", num(f[0]));
      out.gauge("node_filefd_maximum", "File descriptor statistics: maximum.", num(f[2]));
    });
  }

  static Source entropy(Path proc) {
    return source("entropy", out -> {
      Path random = proc.resolve("sys/kernel/random");
      out.gauge("node_entropy_available_bits", "Bits of available entropy.",
          num(text(random.resolve("entropy_avail"))));
      out.gauge("node_entropy_pool_size_bits", "Bits of entropy pool.",
          num(text(random.resolve("poolsize"))));
    });
  }

  /** From procfs's copies of the uname(2) fields, so fixture trees can supply them. */
  static Source uname(Path proc) {
    return source("uname", out -> {
      Path k = proc.resolve("sys/kernel");
      String arch = System.getProperty("os.arch", "");
      String machine = switch (arch) {
        case "amd64" -> "x86_64";
        default -> arch;
      };
      out.info("node_uname_info", "Labeled system information as provided by the uname system call.",
          "sysname", text(k.resolve("ostype")), "release", text(k.resolve("osrelease")),
          "version", text(k.resolve("version")), "machine", machine,
          "nodename", text(k.resolve("hostname")), "domainname", text(k.resolve("domainname")));
    });
  }

  static Source time(Path sys) {
    return source("time", out -> {
      clocksources(sys.resolve("devices/system/clocksource"), out);
      Instant now = Instant.now();
      out.gauge("node_time_seconds", "System time in seconds since epoch (1970).",
          now.getEpochSecond() + now.getNano() / 1e9);
      TimeZone tz = TimeZone.getDefault();
      boolean dst = tz.inDaylightTime(java.util.Date.from(now));
      out.gauge("node_time_zone_offset_seconds", "System time zone offset in seconds.",
          tz.getOffset(now.toEpochMilli()) / 1000.0, "time_zone",
          tz.getDisplayName(dst, TimeZone.SHORT, Locale.ROOT));
    });
  }
}
