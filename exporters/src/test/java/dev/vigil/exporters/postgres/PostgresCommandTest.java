package dev.vigil.exporters.postgres;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.exporters.testing.Services;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

class PostgresCommandTest {
  @Test
  void helpNamesThePeersFlags() {
    StringWriter out = new StringWriter();
    CommandLine cl = new CommandLine(new PostgresCommand());
    cl.setOut(new PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--web.listen-address", "--extend.query-path",
        "--auto-discover-databases", "--exclude-databases", "--include-databases",
        "--instances.file", "DATA_SOURCE_NAME", ":9187");
  }

  @Test
  void instancesFile(@TempDir Path dir) throws Exception {
    Path f = dir.resolve("instances.yaml");
    Files.writeString(f, "instances:\n  - dsn: postgresql://postgres@127.0.0.1:5432/postgres\n"
        + "  - dsn: host=127.0.0.1 port=5432 user=postgres dbname=test\n");
    List<Dsn> d = PostgresCommand.dsns(Map.of(), f);
    assertThat(d).extracting(Dsn::database).containsExactly("postgres", "test");
    Files.writeString(f, "instances: []\n");
    assertThatThrownBy(() -> PostgresCommand.dsns(Map.of(), f)).hasMessageContaining("no instances");
  }

  @Test
  void severalInstancesFromOneProcess() throws Exception {
    Services.requireTcp(5432, "PostgreSQL");
    List<Dsn> d = List.of(Dsn.parse("postgresql://postgres@127.0.0.1:5432/postgres"),
        Dsn.parse("postgresql://postgres@localhost:5432/test"));
    try (PgServer s = new PgServer(dev.vigil.exporters.common.Listen.plain("127.0.0.1:0"), "/metrics", d, d.get(0),
            PgExporter.Options.defaults(Duration.ofSeconds(10)))) {
      Map<String, Double> m = Scrapes.samples(Scrapes.get("http://127.0.0.1:" + s.port()
          + "/metrics"));
      assertThat(m).containsEntry("pg_up{server=127.0.0.1:5432}", 1.0)
          .containsEntry("pg_up{server=localhost:5432}", 1.0);
      assertThat(m).containsKey("pg_database_size_bytes{datname=test, server=localhost:5432}");
    }
  }
}
