package dev.vigil.exporters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DsnTest {
  @Test
  void uriForm() {
    Dsn d = Dsn.parse("postgresql://alice:s%40cret@db.example:6543/app?sslmode=disable");
    assertThat(d.user()).isEqualTo("alice");
    assertThat(d.password()).isEqualTo("s@cret");
    assertThat(d.server()).isEqualTo("db.example:6543");
    assertThat(d.database()).isEqualTo("app");
    assertThat(d.jdbcUrl()).isEqualTo("jdbc:postgresql://db.example:6543/app?sslmode=disable");
    assertThat(d.toString()).doesNotContain("s@cret").contains("******");
  }

  @Test
  void keyValueForm() {
    Dsn d = Dsn.parse("host=127.0.0.1 port=5433 user=bob password='pw' dbname=test sslmode=disable");
    assertThat(d.server()).isEqualTo("127.0.0.1:5433");
    assertThat(d.user()).isEqualTo("bob");
    assertThat(d.password()).isEqualTo("pw");
    assertThat(d.database()).isEqualTo("test");
    assertThat(d.options()).containsEntry("sslmode", "disable");
  }

  @Test
  void badInputIsAClearErrorWithoutThePassword() {
    assertThatThrownBy(() -> Dsn.parse("")).hasMessageContaining("empty");
    assertThatThrownBy(() -> Dsn.parse("nonsense")).hasMessageContaining("key=value");
    assertThatThrownBy(() -> Dsn.parse("postgresql://u:topsecret@h:x/db"))
        .hasMessageNotContaining("topsecret");
  }

  @Test
  void environmentAsThePeerReadsIt() throws Exception {
    List<Dsn> d = PostgresCommand.dsns(Map.of("DATA_SOURCE_URI", "h1:5432/a,h2:5433/b",
        "DATA_SOURCE_USER", "u", "DATA_SOURCE_PASS", "p"), null);
    assertThat(d).extracting(Dsn::server).containsExactly("h1:5432", "h2:5433");
    assertThat(d).extracting(Dsn::password).containsOnly("p");
    assertThatThrownBy(() -> PostgresCommand.dsns(Map.of(), null))
        .hasMessageContaining("DATA_SOURCE_NAME");
    assertThat(PostgresCommand.duration("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThatThrownBy(() -> PostgresCommand.duration("soon")).hasMessageContaining("invalid");
  }

  @Test
  void settingsConvertUnitsAsThePeer() {
    assertThat(Settings.convert("work_mem", "4096", "kB", "d", "integer"))
        .isEqualTo(new Settings.Converted("pg_settings_work_mem_bytes",
            "d [Units converted to bytes.]", 4194304));
    assertThat(Settings.convert("checkpoint_timeout", "300", "s", "d", "integer").name())
        .isEqualTo("pg_settings_checkpoint_timeout_seconds");
    assertThat(Settings.convert("deadlock_timeout", "1000", "ms", "d", "integer").value())
        .isEqualTo(1.0);
    assertThat(Settings.convert("fsync", "on", "", "d", "bool").value()).isEqualTo(1.0);
  }
}
