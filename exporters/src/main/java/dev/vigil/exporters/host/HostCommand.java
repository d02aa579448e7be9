package dev.vigil.exporters.host;

import dev.vigil.exporters.common.WebConfigFlag;
import dev.vigil.client.model.Registry;
import dev.vigil.exporters.common.ProcessMetrics;
import dev.vigil.exporters.common.Serve;
import dev.vigil.exporters.common.Source;
import dev.vigil.exporters.common.TimedCollectors;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Unmatched;

/**
 * {@code vigil-exporter host}: node_exporter's flags, names and default port (9100) for the
 * collectors Vigil implements.
 */
@Command(name = "host", mixinStandardHelpOptions = true,
    description = "Host exporter, node_exporter-compatible (default port 9100).",
    footer = {"", "Collectors, all enabled by default: cpu, diskstats, entropy,",
        "filefd, filesystem, loadavg, meminfo, netdev, netstat, pressure, sockstat,",
        "stat, textfile, time, uname, vmstat. Switch one with --collector.<name>",
        "or --no-collector.<name>; --collector.disable-defaults starts from none."})
public final class HostCommand implements Callable<Integer> {
  /** Every collector Vigil implements; node_exporter 1.5 enables all of them by default. */
  static final List<String> COLLECTORS = List.of("cpu", "diskstats", "entropy", "filefd",
      "filesystem", "loadavg", "meminfo", "netdev", "netstat", "pressure", "sockstat", "stat",
      "textfile", "time", "uname", "vmstat");

  @Spec CommandSpec spec;

  @Option(names = "--web.listen-address", defaultValue = ":9100",
      description = "Address to listen on (default: ${DEFAULT-VALUE}).")
  String listenAddress;

  @Mixin WebConfigFlag web;

  @Option(names = "--path.procfs", defaultValue = "/proc", description = "procfs mountpoint.")
  Path procfs;

  @Option(names = "--path.sysfs", defaultValue = "/sys", description = "sysfs mountpoint.")
  Path sysfs;

  @Option(names = "--path.rootfs", defaultValue = "/", description = "rootfs mountpoint.")
  Path rootfs;

  @Option(names = "--path.udev.data", defaultValue = "/run/udev/data",
      description = "udev data path (disk model, serial, …).")
  Path udevData;

  @Option(names = "--collector.filesystem.mount-points-exclude",
      defaultValue = FilesystemSource.DEFAULT_MOUNT_POINTS_EXCLUDE,
      description = "Regexp of mount points to exclude.")
  String mountPointsExclude;

  @Option(names = "--collector.filesystem.fs-types-exclude",
      defaultValue = FilesystemSource.DEFAULT_FS_TYPES_EXCLUDE,
      description = "Regexp of filesystem types to exclude.")
  String fsTypesExclude;

  @Option(names = "--collector.filesystem.mount-timeout", defaultValue = "5s",
      description = "How long to wait for one mount's statfs before marking it in error.")
  String mountTimeout;

  @Option(names = "--collector.diskstats.device-exclude",
      defaultValue = DiskstatsSource.DEFAULT_EXCLUDE,
      description = "Regexp of diskstats devices to exclude.")
  String diskExclude;

  @Option(names = "--collector.netdev.device-exclude", defaultValue = "^lo$",
      description = "Regexp of net devices to exclude (default, as Debian's node_exporter: "
          + "${DEFAULT-VALUE}).")
  String netdevExclude;

  @Option(names = "--collector.netstat.fields", defaultValue = "^(.*_(InErrors|InErrs)"
      + "|Ip_Forwarding|Ip(6|Ext)_(InOctets|OutOctets)|Icmp6?_(InMsgs|OutMsgs)"
      + "|TcpExt_(Listen.*|Syncookies.*|TCPSynRetrans|TCPTimeouts)"
      + "|Tcp_(ActiveOpens|InSegs|OutSegs|OutRsts|PassiveOpens|RetransSegs|CurrEstab)"
      + "|Udp6?_(InDatagrams|OutDatagrams|NoPorts|RcvbufErrors|SndbufErrors))$",
      description = "Regexp of netstat fields to return.")
  String netstatFields;

  @Option(names = "--collector.vmstat.fields", defaultValue = "^(oom_kill|pgpg|pswp|pg.*fault).*",
      description = "Regexp of /proc/vmstat fields to return.")
  String vmstatFields;

  @Option(names = "--collector.textfile.directory",
      description = "Directory to read *.prom files from (none by default).")
  Path textfileDirectory;

  @Option(names = "--scrape.timeout", defaultValue = "10s",
      description = "How long one scrape waits for its collectors (e.g. 10s, 500ms).")
  String scrapeTimeout;

  @Option(names = "--collector.disable-defaults",
      description = "Start with every collector disabled; enable some with --collector.<name>.")
  boolean disableDefaults;

  /** --collector.<name> and --no-collector.<name>: picocli cannot negate names with dots. */
  @Unmatched List<String> switches = new ArrayList<>();

  @Override
  public Integer call() throws Exception {
    try {
      Serve.address(listenAddress);
    } catch (IllegalArgumentException e) {
      throw new ParameterException(spec.commandLine(), e.getMessage());
    }
    Registry registry = new Registry();
    TimedCollectors collectors = collectors();
    registry.register(collectors);
    registry.register(new ProcessMetrics());
    return Serve.run("host", web.listen(listenAddress), registry);
  }

  /** The enabled collectors under the scrape timeout; bad flags throw ParameterException. */
  TimedCollectors collectors() {
    Map<String, Boolean> enabled = new LinkedHashMap<>();
    COLLECTORS.forEach(c -> enabled.put(c, !disableDefaults));
    for (String s : switches) {
      String arg = s.contains("=") ? s.substring(0, s.indexOf('=')) : s;
      boolean on = true;
      if (s.contains("=")) {
        on = Boolean.parseBoolean(s.substring(s.indexOf('=') + 1));
      }
      String name;
      if (arg.startsWith("--no-collector.")) {
        name = arg.substring("--no-collector.".length());
        on = !on;
      } else if (arg.startsWith("--collector.")) {
        name = arg.substring("--collector.".length());
      } else {
        throw new ParameterException(spec.commandLine(), "unknown argument: " + s);
      }
      if (!enabled.containsKey(name)) {
        throw new ParameterException(spec.commandLine(), "unknown collector \"" + name
            + "\" in " + s + " (known: " + String.join(", ", COLLECTORS) + ")");
      }
      enabled.put(name, on);
    }
    List<Source> sources = new ArrayList<>();
    for (Map.Entry<String, Boolean> e : enabled.entrySet()) {
      if (e.getValue()) {
        sources.add(source(e.getKey()));
      }
    }
    return new TimedCollectors("node", sources, duration("--scrape.timeout", scrapeTimeout));
  }

  private Source source(String name) {
    return switch (name) {
      case "cpu" -> KernelSources.cpu(procfs);
      case "stat" -> KernelSources.stat(procfs);
      case "meminfo" -> KernelSources.meminfo(procfs);
      case "loadavg" -> KernelSources.loadavg(procfs);
      case "vmstat" -> KernelSources.vmstat(procfs, regex("--collector.vmstat.fields",
          vmstatFields));
      case "pressure" -> KernelSources.pressure(procfs);
      case "filefd" -> KernelSources.filefd(procfs);
      case "entropy" -> KernelSources.entropy(procfs);
      case "uname" -> KernelSources.uname(procfs);
      case "time" -> KernelSources.time(sysfs);
      case "netdev" -> NetSources.netdev(procfs, netdevExclude.isEmpty() ? null
          : regex("--collector.netdev.device-exclude", netdevExclude));
      case "netstat" -> NetSources.netstat(procfs, regex("--collector.netstat.fields",
          netstatFields));
      case "sockstat" -> NetSources.sockstat(procfs);
      case "diskstats" -> DiskstatsSource.create(procfs, udevData,
          regex("--collector.diskstats.device-exclude", diskExclude));
      case "filesystem" -> new FilesystemSource(procfs, rootfs,
          regex("--collector.filesystem.mount-points-exclude", mountPointsExclude),
          regex("--collector.filesystem.fs-types-exclude", fsTypesExclude),
          duration("--collector.filesystem.mount-timeout", mountTimeout).toMillis());
      case "textfile" -> new TextfileSource(textfileDirectory);
      default -> throw new IllegalStateException(name);
    };
  }

  private Pattern regex(String flag, String value) {
    try {
      return Pattern.compile(value);
    } catch (PatternSyntaxException e) {
      throw new ParameterException(spec.commandLine(), flag + ": invalid regexp: "
          + e.getDescription());
    }
  }

  /** "10s", "500ms", "1m": Prometheus-style durations. */
  private Duration duration(String flag, String value) {
    var m = Pattern.compile("(\\d+)(ms|s|m)").matcher(value.trim());
    if (!m.matches() || Long.parseLong(m.group(1)) == 0) {
      throw new ParameterException(spec.commandLine(), flag + ": \"" + value
          + "\" is not a positive duration such as 10s or 500ms");
    }
    long n = Long.parseLong(m.group(1));
    return switch (m.group(2)) {
      case "ms" -> Duration.ofMillis(n);
      case "s" -> Duration.ofSeconds(n);
      default -> Duration.ofMinutes(n);
    };
  }
}
