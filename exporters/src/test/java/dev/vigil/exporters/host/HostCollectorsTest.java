package dev.vigil.exporters.host;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.exporters.common.TimedCollectors;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import picocli.CommandLine.ParameterException;

/** The host collectors on the fixture tree: exact values, switches, textfiles, bad input. */
@Timeout(30)
class HostCollectorsTest {
  @TempDir Path tmp;

  private static Map<String, Exposition.Sample> scrape(String... args) throws Exception {
    try (TimedCollectors c = Fixtures.collectors(Fixtures.onFixtures(args))) {
      return Exposition.parse(Exposition.text(c.collect()));
    }
  }

  /** Expected values read by hand from the fixture files (units converted as node_exporter). */
  @ParameterizedTest
  @CsvSource(delimiter = '|', textBlock = """
      node_cpu_seconds_total{cpu=0, mode=idle}             | 2448.4
      node_cpu_seconds_total{cpu=1, mode=system}           | 345.41
      node_cpu_guest_seconds_total{cpu=0, mode=nice}       | 0
      node_boot_time_seconds{}                             | 1795646870
      node_context_switches_total{}                        | 14062670
      node_forks_total{}                                   | 276735
      node_intr_total{}                                    | 4947550
      node_procs_running{}                                 | 1
      node_load1{}                                         | 0.11
      node_load15{}                                        | 2.21
      node_disk_read_bytes_total{device=vda}               | 2325255168
      node_disk_read_time_seconds_total{device=vda}        | 71.304
      node_disk_io_now{device=vda}                         | 0
      node_disk_flush_requests_total{device=vda}           | 122131
      node_disk_info{device=vda, major=254, minor=0, model=, path=, revision=, serial=, wwn=} | 1
      node_entropy_available_bits{}                        | 256
      node_filefd_allocated{}                              | 838
      node_filefd_maximum{}                                | 2466165
      node_pressure_io_waiting_seconds_total{}             | 26.463152
      node_pressure_io_stalled_seconds_total{}             | 15.239688
      node_pressure_cpu_waiting_seconds_total{}            | 1575.965589
      node_vmstat_pgmajfault{}                             | 2972
      node_netstat_Tcp_CurrEstab{}                         | 6
      node_sockstat_sockets_used{}                         | 35
      node_sockstat_TCP_mem_bytes{}                        | 491520
      node_textfile_scrape_error{}                         | 0
      node_time_clocksource_current_info{clocksource=tsc, device=0} | 1
      node_time_clocksource_available_info{clocksource=kvm-clock, device=0} | 1
      """)
  void readsTheFixtureValues(String key, double value) throws Exception {
    Map<String, Exposition.Sample> got = scrape();
    assertThat(got).containsKey(key);
    assertThat(got.get(key).value()).isCloseTo(value, org.assertj.core.data.Offset.offset(1e-9));
  }

  @Test
  void memoryNamesFollowNodeExporter() throws Exception {
    Map<String, Exposition.Sample> got = scrape("--collector.disable-defaults",
        "--collector.meminfo");
    assertThat(got).containsKeys("node_memory_Active_anon_bytes{}", "node_memory_HugePages_Total{}",
        "node_memory_MemTotal_bytes{}", "node_scrape_collector_success{collector=meminfo}");
    assertThat(got.keySet()).noneMatch(k -> k.startsWith("node_cpu"));
  }

  @Test
  void switchesTurnCollectorsOnAndOff() throws Exception {
    Map<String, Exposition.Sample> got = scrape("--no-collector.cpu", "--collector.stat=false");
    assertThat(got.keySet()).noneMatch(k -> k.startsWith("node_cpu") || k.startsWith("node_forks"))
        .anyMatch(k -> k.startsWith("node_load1"));
    assertThat(got).doesNotContainKey("node_scrape_collector_success{collector=cpu}");
  }

  @Test
  void badFlagsAreClearErrors() {
    assertThatThrownBy(() -> Fixtures.collectors("--collector.nosuch"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("unknown collector \"nosuch\"");
    assertThatThrownBy(() -> Fixtures.collectors("--collector.vmstat.fields=("))
        .isInstanceOf(ParameterException.class).hasMessageContaining("--collector.vmstat.fields");
    assertThatThrownBy(() -> Fixtures.collectors("--scrape.timeout=soon"))
        .isInstanceOf(ParameterException.class).hasMessageContaining("10s or 500ms");
  }

  @Test
  void aBadTextfileIsAnErrorForThatFileOnly() throws Exception {
    Files.writeString(tmp.resolve("a.prom"), """
        # HELP jobs_done_total Jobs done.
        # TYPE jobs_done_total counter
        jobs_done_total{queue="mail"} 12
        temperature{room="a \\"b\\""} 21.5 1700000000000
        """);
    Files.writeString(tmp.resolve("b.prom"), "good_one 1\nbroken{x=\"y\" 2\n");
    Files.writeString(tmp.resolve("ignored.txt"), "not read 1\n");
    Map<String, Exposition.Sample> got = scrape("--collector.disable-defaults",
        "--collector.textfile", "--collector.textfile.directory=" + tmp);
    assertThat(got.get("jobs_done_total{queue=mail}").value()).isEqualTo(12);
    assertThat(got.get("temperature{room=a \\\"b\\\"}").value()).isEqualTo(21.5);
    assertThat(got).containsKey("node_textfile_mtime_seconds{file=" + tmp.resolve("a.prom") + "}")
        .doesNotContainKey("node_textfile_mtime_seconds{file=" + tmp.resolve("b.prom") + "}")
        .doesNotContainKey("good_one{}");
    assertThat(got.get("node_textfile_scrape_error{}").value()).isEqualTo(1);
    assertThat(got.get("node_scrape_collector_success{collector=textfile}").value()).isEqualTo(1);
  }

  @Test
  void aMissingFileFailsOnlyItsCollector() throws Exception {
    Path proc = tmp.resolve("proc");
    Files.createDirectories(proc);
    Files.writeString(proc.resolve("loadavg"), "0.50 0.25 0.10 1/100 42\n");
    try (TimedCollectors c = Fixtures.collectors("--path.procfs=" + proc,
        "--collector.disable-defaults", "--collector.loadavg", "--collector.meminfo")) {
      Map<String, Exposition.Sample> got = Exposition.parse(Exposition.text(c.collect()));
      assertThat(got.get("node_load1{}").value()).isEqualTo(0.5);
      assertThat(got.get("node_scrape_collector_success{collector=loadavg}").value()).isEqualTo(1);
      assertThat(got.get("node_scrape_collector_success{collector=meminfo}").value()).isEqualTo(0);
    }
  }

  @Test
  void filesystemHonoursRootfsAndExcludes() throws Exception {
    Path proc = tmp.resolve("proc/1");
    Files.createDirectories(proc);
    Files.createDirectories(tmp.resolve("root/data dir"));
    Files.writeString(proc.resolve("mounts"), """
        /dev/vdb /data\\040dir ext4 ro,relatime 0 0
        proc /proc proc rw 0 0
        /dev/vdc /gone xfs rw 0 0
        """);
    try (TimedCollectors c = Fixtures.collectors("--path.procfs=" + tmp.resolve("proc"),
        "--path.rootfs=" + tmp.resolve("root"), "--collector.disable-defaults",
        "--collector.filesystem")) {
      Map<String, Exposition.Sample> got = Exposition.parse(Exposition.text(c.collect()));
      String data = "{device=/dev/vdb, fstype=ext4, mountpoint=/data dir}";
      assertThat(got.get("node_filesystem_readonly" + data).value()).isEqualTo(1);
      assertThat(got.get("node_filesystem_device_error" + data).value()).isEqualTo(0);
      assertThat(got.get("node_filesystem_size_bytes" + data).value()).isPositive();
      String gone = "{device=/dev/vdc, fstype=xfs, mountpoint=/gone}";
      assertThat(got.get("node_filesystem_device_error" + gone).value()).isEqualTo(1);
      assertThat(got).doesNotContainKey("node_filesystem_size_bytes" + gone);
      assertThat(got.keySet()).noneMatch(k -> k.contains("mountpoint=/proc"));
    }
  }
}
