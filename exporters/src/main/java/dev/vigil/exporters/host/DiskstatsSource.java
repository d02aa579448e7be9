package dev.vigil.exporters.host;

import static dev.vigil.exporters.host.Proc.fields;
import static dev.vigil.exporters.host.Proc.lines;
import static dev.vigil.exporters.host.Proc.num;
import static dev.vigil.exporters.host.Proc.source;

import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Pattern;

/** diskstats: /proc/diskstats with node_exporter 1.5's names and units, plus node_disk_info. */
final class DiskstatsSource {
  /** Sectors in /proc/diskstats are always 512 bytes, whatever the device's sector size. */
  private static final double SECTOR = 512;

  /** Column (after the device name) → name, unit factor; a null name is a gauge handled apart. */
  private static final Object[][] COLUMNS = {
      {"node_disk_reads_completed_total", 1.0, "The total number of reads completed successfully."},
      {"node_disk_reads_merged_total", 1.0, "The total number of reads merged."},
      {"node_disk_read_bytes_total", SECTOR, "The total number of bytes read successfully."},
      {"node_disk_read_time_seconds_total", 0.001, "The total number of seconds spent by all reads."},
      {"node_disk_writes_completed_total", 1.0, "The total number of writes completed successfully."},
      {"node_disk_writes_merged_total", 1.0, "The number of writes merged."},
      {"node_disk_written_bytes_total", SECTOR, "The total number of bytes written successfully."},
      {"node_disk_write_time_seconds_total", 0.001, "This is the total number of seconds spent by all writes."},
      {null, 1.0, "The number of I/Os currently in progress."},
      {"node_disk_io_time_seconds_total", 0.001, "Total seconds spent doing I/Os."},
      {"node_disk_io_time_weighted_seconds_total", 0.001, "The weighted # of seconds spent doing I/Os."},
      {"node_disk_discards_completed_total", 1.0, "The total number of discards completed successfully."},
      {"node_disk_discards_merged_total", 1.0, "The total number of discards merged."},
      {"node_disk_discarded_sectors_total", 1.0, "The total number of sectors discarded successfully."},
      {"node_disk_discard_time_seconds_total", 0.001, "This is the total number of seconds spent by all discards."},
      {"node_disk_flush_requests_total", 1.0, "The total number of flush requests completed successfully"},
      {"node_disk_flush_requests_time_seconds_total", 0.001, "This is the total number of seconds spent by all flush requests."},
  };

  private DiskstatsSource() {}

  /** node_exporter 1.5's default for --collector.diskstats.device-exclude. */
  static final String DEFAULT_EXCLUDE = "^(ram|loop|fd|(h|s|v|xv)d[a-z]|nvme\\d+n\\d+p)\\d+$";

  static Source create(Path proc, Path udevData, Pattern deviceExclude) {
    return source("diskstats", out -> {
      for (String line : lines(proc.resolve("diskstats"))) {
        String[] f = fields(line);
        if (f.length < 14) {
          continue;
        }
        String dev = f[2];
        if (deviceExclude.matcher(dev).find()) {
          continue;
        }
        Map<String, String> udev = udev(udevData.resolve("b" + f[0] + ":" + f[1]));
        out.info("node_disk_info", "Info of /sys/block/<block_device>.", "device", dev,
            "major", f[0], "minor", f[1], "path", udev.getOrDefault("ID_PATH", ""),
            "wwn", udev.getOrDefault("ID_WWN", ""), "model", udev.getOrDefault("ID_MODEL", ""),
            "serial", udev.getOrDefault("ID_SERIAL_SHORT", ""),
            "revision", udev.getOrDefault("ID_REVISION", ""));
        for (int i = 0; i < COLUMNS.length && i + 3 < f.length; i++) {
          double v = num(f[i + 3]) * (double) COLUMNS[i][1];
          if (COLUMNS[i][0] == null) {
            out.gauge("node_disk_io_now", (String) COLUMNS[i][2], v, "device", dev);
          } else {
            out.counter((String) COLUMNS[i][0], (String) COLUMNS[i][2], v, "device", dev);
          }
        }
      }
    });
  }

  /** udev's "E:KEY=value" properties of a block device; none when udev keeps no data. */
  private static Map<String, String> udev(Path file) throws IOException {
    Map<String, String> m = new HashMap<>();
    if (Files.isReadable(file)) {
      for (String line : lines(file)) {
        int eq = line.indexOf('=');
        if (line.startsWith("E:") && eq > 2) {
          m.put(line.substring(2, eq), line.substring(eq + 1));
        }
      }
    }
    return m;
  }
}
