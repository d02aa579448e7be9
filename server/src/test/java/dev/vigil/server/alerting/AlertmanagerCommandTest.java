package dev.vigil.server.alerting;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class AlertmanagerCommandTest {
  @TempDir
  Path dir;

  @Test
  void flagsAsAlertmanagerNamesThem() {
    AlertmanagerCommand c = new AlertmanagerCommand(new RecordingFactory());
    new CommandLine(c).parseArgs("--config.file=am.yml", "--storage.path=/tmp/x",
        "--web.listen-address=127.0.0.1:19093", "--web.external-url=http://am.example/",
        "--data.retention=24h", "--notification-history.retention=1h", "--log.level=debug",
        "--cluster.listen-address=", "--cluster.peer=10.0.0.1:9094");
    AlertmanagerServer.Settings s = c.settings();
    assertThat(s.configFile()).isEqualTo(Path.of("am.yml"));
    assertThat(s.storagePath()).isEqualTo(Path.of("/tmp/x"));
    assertThat(s.listen().getPort()).isEqualTo(19093);
    assertThat(s.listen().getHostString()).isEqualTo("127.0.0.1");
    assertThat(s.externalUrl()).isEqualTo("http://am.example/");
    assertThat(s.dataRetention()).isEqualTo(Duration.ofHours(24));
    assertThat(s.historyRetention()).isEqualTo(Duration.ofHours(1));
  }

  @Test
  void defaults() {
    AlertmanagerCommand c = new AlertmanagerCommand(new RecordingFactory());
    new CommandLine(c).parseArgs();
    AlertmanagerServer.Settings s = c.settings();
    assertThat(s.configFile()).isEqualTo(Path.of("alertmanager.yml"));
    assertThat(s.storagePath()).isEqualTo(Path.of("data/"));
    assertThat(s.listen().getPort()).isEqualTo(9093);
    assertThat(s.dataRetention()).isEqualTo(Duration.ofHours(120));
    assertThat(s.historyRetention()).isEqualTo(Duration.ofHours(120));
  }

  @Test
  void badValuesAreUsageErrors() {
    AlertmanagerCommand c = new AlertmanagerCommand(new RecordingFactory());
    new CommandLine(c).parseArgs("--data.retention=5 days");
    assertThatThrownBy(c::settings).isInstanceOf(CommandLine.ParameterException.class)
        .hasMessageContaining("retention");
    AlertmanagerCommand d = new AlertmanagerCommand(new RecordingFactory());
    new CommandLine(d).parseArgs("--web.listen-address=9093");
    assertThatThrownBy(d::settings).hasMessageContaining("has no port");
  }

  @Test
  void badConfigurationExitsWithOne() throws Exception {
    Path cfg = dir.resolve("alertmanager.yml");
    Files.writeString(cfg, "route:\n  receiver: nobody\nreceivers: []\n");
    StringWriter err = new StringWriter();
    CommandLine cl = new CommandLine(new AlertmanagerCommand(new RecordingFactory()));
    cl.setErr(new PrintWriter(err));
    int code = cl.execute("--config.file=" + cfg, "--storage.path=" + dir.resolve("data"),
        "--web.listen-address=127.0.0.1:0");
    assertThat(code).isEqualTo(1);
  }
}
