package dev.vigil.exporters.host;

import static dev.vigil.exporters.host.Proc.fields;
import static dev.vigil.exporters.host.Proc.lines;
import static dev.vigil.exporters.host.Proc.num;
import static dev.vigil.exporters.host.Proc.source;

import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Pattern;

/** netdev (/proc/net/dev), netstat (netstat, snmp, snmp6) and sockstat (sockstat, sockstat6). */
final class NetSources {
  private static final String[] RECEIVE =
      {"bytes", "packets", "errs", "drop", "fifo", "frame", "compressed", "multicast"};
  private static final String[] TRANSMIT =
      {"bytes", "packets", "errs", "drop", "fifo", "colls", "carrier", "compressed"};

  private NetSources() {}

  static Source netdev(Path proc, Pattern deviceExclude) {
    return source("netdev", out -> {
      for (String line : lines(proc.resolve("net/dev"))) {
        int colon = line.indexOf(':');
        if (colon < 0 || line.contains("|")) {
          continue; // the two header lines
        }
        String dev = line.substring(0, colon).trim();
        if (deviceExclude != null && deviceExclude.matcher(dev).matches()) {
          continue;
        }
        String[] f = fields(line.substring(colon + 1));
        for (int i = 0; i < 16 && i < f.length; i++) {
          String dir = i < 8 ? "receive" : "transmit";
          String what = i < 8 ? RECEIVE[i] : TRANSMIT[i - 8];
          out.counter("node_network_" + dir + "_" + what + "_total",
              "Network device statistic " + dir + "_" + what + ".", num(f[i]), "device", dev);
        }
      }
    });
  }

  static Source netstat(Path proc, Pattern fieldsIncluded) {
    Map<String, Boolean> memo = new ConcurrentHashMap<>();
    return source("netstat", out -> {
      pairs(proc.resolve("net/netstat"), fieldsIncluded, memo, out);
      pairs(proc.resolve("net/snmp"), fieldsIncluded, memo, out);
      Path snmp6 = proc.resolve("net/snmp6");
      if (Files.exists(snmp6)) { // absent when IPv6 is disabled
        for (String line : lines(snmp6)) {
          String[] f = fields(line);
          int six = f[0].indexOf('6');
          if (f.length == 2 && six >= 0) {
            add(f[0].substring(0, six + 1), f[0].substring(six + 1), f[1], fieldsIncluded, memo,
                out);
          }
        }
      }
    });
  }

  /** netstat and snmp: a "Proto: Name Name …" line followed by "Proto: value value …". */
  private static void pairs(Path file, Pattern included, Map<String, Boolean> memo,
      Families out) throws IOException {
    List<String> ls = lines(file);
    for (int i = 0; i + 1 < ls.size(); i += 2) {
      String[] names = fields(ls.get(i));
      String[] values = fields(ls.get(i + 1));
      String proto = names[0].substring(0, names[0].length() - 1);
      for (int j = 1; j < names.length && j < values.length; j++) {
        add(proto, names[j], values[j], included, memo, out);
      }
    }
  }

  private static void add(String proto, String name, String value, Pattern included,
      Map<String, Boolean> memo, Families out) {
    String key = proto + "_" + name;
    if (Proc.matches(included, memo, key)) {
      out.untyped("node_netstat_" + key, "Statistic " + proto + name + ".", num(value));
    }
  }

  static Source sockstat(Path proc) {
    return source("sockstat", out -> {
      sockstat(proc.resolve("net/sockstat"), out);
      Path v6 = proc.resolve("net/sockstat6");
      if (Files.exists(v6)) {
        sockstat(v6, out);
      }
    });
  }

  private static void sockstat(Path file, Families out) throws IOException {
    for (String line : lines(file)) {
      String[] f = fields(line);
      String proto = f[0].substring(0, f[0].length() - 1);
      for (int i = 1; i + 1 < f.length; i += 2) {
        String name = "node_sockstat_" + proto + "_" + f[i];
        double v = num(f[i + 1]);
        out.gauge(name, "Number of " + proto + " sockets in state " + f[i] + ".", v);
        // "mem" is in pages; node_exporter adds the same figure in bytes.
        if (f[i].equals("mem")) {
          out.gauge(name + "_bytes", "Number of " + proto + " sockets in state mem_bytes.",
              v * Proc.PAGE_SIZE);
        }
      }
    }
  }
}
