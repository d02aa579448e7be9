package dev.vigil.exporters.mysql;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MysqlParsingTest {
  @Test
  void goDsnForms() {
    Object[][] cases = {
        {"root@(127.0.0.1:3306)/", "root", "", "127.0.0.1", 3306, null},
        {"u:p@tcp(db:3307)/test", "u", "p", "db", 3307, null},
        {"u:p@w@rd@tcp(db)/?tls=false", "u", "p@w@rd", "db", 3306, null},
        {"u@unix(/run/mysqld/mysqld.sock)/", "u", "", "localhost", 3306,
            "/run/mysqld/mysqld.sock"},
        {"u:p@tcp([::1]:3306)/", "u", "p", "::1", 3306, null},
        {"/", "", "", "127.0.0.1", 3306, null},
    };
    for (Object[] c : cases) {
      MysqlDsn d = MysqlDsn.parse((String) c[0]);
      assertThat(d.user()).as((String) c[0]).isEqualTo(c[1]);
      assertThat(d.password()).as((String) c[0]).isEqualTo(c[2]);
      assertThat(d.host()).as((String) c[0]).isEqualTo(c[3]);
      assertThat(d.port()).as((String) c[0]).isEqualTo(c[4]);
      assertThat(d.socket()).as((String) c[0]).isEqualTo(c[5]);
    }
  }

  @Test
  void badDsnsSayWhyWithoutThePassword() {
    for (String bad : new String[] {"", "u:topsecret@tcp(db:x)/", "u:topsecret@tcp(db:1",
        "u:topsecret@udp(db:1)/", "u:topsecret@tcp(db:3306)"}) {
      assertThatThrownBy(() -> MysqlDsn.parse(bad)).isInstanceOf(IllegalArgumentException.class)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("topsecret"));
    }
  }

  @Test
  void toStringMasksThePassword() {
    MysqlDsn d = MysqlDsn.parse("exporter:hunter2@(db:3306)/");
    assertThat(d.toString()).isEqualTo("exporter:******@tcp(db:3306)/").doesNotContain("hunter2");
    assertThat(d.scrub("failed for hunter2")).isEqualTo("failed for ******");
    assertThat(d.jdbcUrl()).doesNotContain("hunter2");
  }

  @Test
  void myCnfSections(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("my.cnf");
    Files.writeString(f, "[client]\nuser = exporter\npassword = \"s3cret\"\nhost=db1\n"
        + "port=3307\n\n[client.other]\nuser=o\n");
    MysqlDsn d = MysqlDsn.fromMyCnf(f, "client");
    assertThat(d.user()).isEqualTo("exporter");
    assertThat(d.password()).isEqualTo("s3cret");
    assertThat(d.address()).isEqualTo("db1:3307");
    assertThat(MysqlDsn.fromMyCnf(f, "client.other").user()).isEqualTo("o");
    assertThatThrownBy(() -> MysqlDsn.fromMyCnf(f, "client.none"))
        .hasMessageContaining("no user in section [client.none]");
  }

  @Test
  void valuesAsThePeerReadsThem() {
    Object[][] cases = {
        {"42", 42.0}, {"ON", 1.0}, {"off", 0.0}, {"YES", 1.0}, {"DISABLED", 0.0},
        {"Connecting", 0.0}, {"Primary", 1.0}, {"1.5", 1.5}, {"2024-01-02 03:04:05", 1704164645.0},
        {"Jan 02 03:04:05 2024 GMT", 1704164645.0},
    };
    for (Object[] c : cases) {
      assertThat(MysqlValues.parse((String) c[0])).as((String) c[0]).isEqualTo(c[1]);
    }
    for (String text : new String[] {"", "REPEATABLE-READ", "10.11.19-MariaDB", "utf8mb4"}) {
      assertThat(MysqlValues.parse(text)).as(text).isNaN();
    }
    assertThat(MysqlValues.name("Com_show_create_db")).isEqualTo("com_show_create_db");
    assertThat(MysqlValues.name("Innodb_x-y.z")).isEqualTo("innodb_x_y_z");
    assertThat(MysqlValues.state("Waiting for table metadata lock"))
        .isEqualTo("waiting_for_table_metadata_lock");
    assertThat(MysqlValues.state("")).isEqualTo("unknown");
    assertThat(MysqlValues.state("User sleep")).isEqualTo("user_sleep");
  }

  @Test
  void durations() {
    assertThat(MysqlCommand.parseDuration("10s").toMillis()).isEqualTo(10_000);
    assertThat(MysqlCommand.parseDuration("500ms").toMillis()).isEqualTo(500);
    assertThatThrownBy(() -> MysqlCommand.parseDuration("ten"))
        .hasMessageContaining("invalid duration");
  }
}
