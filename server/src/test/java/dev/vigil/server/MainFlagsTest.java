package dev.vigil.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** What {@code /api/v1/status/flags} and runtimeinfo's storageRetention show. */
class MainFlagsTest {

  @Test
  void everyFlagWithItsValueAsText() {
    CommandLine cl = Main.commandLine();
    cl.parseArgs("--web.enable-admin-api", "--storage.tsdb.path", "/tmp/x",
        "--web.listen-address", ":9999");
    Map<String, String> flags = Main.flags(cl.getCommandSpec());
    assertThat(flags).containsEntry("web.enable-admin-api", "true")
        .containsEntry("web.enable-lifecycle", "false")
        .containsEntry("storage.tsdb.path", "/tmp/x")
        .containsEntry("web.listen-address", ":9999")
        .containsEntry("storage.tsdb.retention.time", "15d")
        .containsEntry("config.file", "")
        .containsEntry("log.level", "info")
        .doesNotContainKeys("help", "version", "h", "V");
  }

  @Test
  void exemplarStorageIsAFeatureFlagAmongOthers() {
    CommandLine off = Main.commandLine();
    off.parseArgs();
    assertThat(((Main) off.getCommand()).exemplarStorage()).isFalse();
    CommandLine on = Main.commandLine();
    on.parseArgs("--enable-feature=memory-snapshot-on-shutdown,exemplar-storage",
        "--enable-feature", "promql-experimental-functions");
    assertThat(((Main) on.getCommand()).exemplarStorage()).isTrue();
    assertThat(Main.flags(on.getCommandSpec())).containsEntry("enable-feature",
        "memory-snapshot-on-shutdown,exemplar-storage,promql-experimental-functions");
  }

  @Test
  void theEmbeddedAlertHandlingCanBeTurnedOff() {
    CommandLine on = Main.commandLine();
    on.parseArgs();
    assertThat(((Main) on.getCommand()).embeddedAlertmanager()).isTrue();
    CommandLine off = Main.commandLine();
    off.parseArgs("--no-alertmanager.embedded");
    assertThat(((Main) off.getCommand()).embeddedAlertmanager()).isFalse();
    assertThat(Main.flags(off.getCommandSpec())).containsEntry("alertmanager.embedded", "false")
        .doesNotContainKey("no-alertmanager.embedded");
  }

  @Test
  void retentionAsPrometheusWritesIt() {
    assertThat(VigilServer.retentionText(15 * 86_400_000L, 0)).isEqualTo("15d");
    assertThat(VigilServer.retentionText(0, 512L << 20)).isEqualTo("512MiB");
    assertThat(VigilServer.retentionText(3_600_000L, 1536)).isEqualTo("1h or 1536B");
    assertThat(VigilServer.retentionText(0, 0)).isEmpty();
  }
}
