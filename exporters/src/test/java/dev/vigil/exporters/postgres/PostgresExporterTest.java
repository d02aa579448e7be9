package dev.vigil.exporters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the shared PostgreSQL on 127.0.0.1:5432 (trust auth, databases postgres and test). */
class PostgresExporterTest {
  static final String TEST_DB = "postgresql://postgres@127.0.0.1:5432/test?sslmode=disable";

  @BeforeAll
  static void requirePostgres() {
    Services.requireTcp(5432, "PostgreSQL");
  }

  private static PgServer server(String dsn, PgExporter.Options options) throws Exception {
    return new PgServer(dev.vigil.exporters.common.Listen.plain("127.0.0.1:0"), "/metrics", List.of(Dsn.parse(dsn)), Dsn.parse(dsn),
        options);
  }

  @Test
  void readsWhatTheTestCauses() throws Exception {
    String table = "vigil_pg_" + ProcessHandle.current().pid();
    try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
        "postgres", "");
        Statement st = c.createStatement()) {
      st.execute("DROP TABLE IF EXISTS " + table);
      st.execute("CREATE TABLE " + table + " (id int primary key, v int)");
      st.execute("INSERT INTO " + table + " SELECT g, 0 FROM generate_series(1, 10) g");
      st.execute("UPDATE " + table + " SET v = v + 1 WHERE id <= 7");
      st.execute("SELECT pg_stat_force_next_flush()");
      st.execute("SELECT 1"); // ends a transaction, so the backend flushes its stats
      try (PgServer s = server(TEST_DB, PgExporter.Options.defaults(Duration.ofSeconds(10)))) {
        String url = "http://127.0.0.1:" + s.port() + "/metrics";
        Map<String, Double> m = Scrapes.samples(Scrapes.get(url));
        String labels = "{datname=test, relname=" + table
            + ", schemaname=public, server=127.0.0.1:5432}";
        assertThat(m).containsEntry("pg_up{}", 1.0);
        assertThat(m).containsEntry("pg_stat_user_tables_n_tup_ins" + labels, 10.0);
        assertThat(m).containsEntry("pg_stat_user_tables_n_tup_upd" + labels, 7.0);
        assertThat(m).containsEntry("pg_stat_user_tables_n_live_tup" + labels, 10.0);
        assertThat(m).containsEntry("pg_scrape_collector_success{collector=bgwriter}", 1.0);
        assertThat(m).containsEntry("pg_scrape_collector_success{collector=database}", 1.0);
        assertThat(m).containsKey("pg_database_size_bytes{datname=test, server=127.0.0.1:5432}");
        assertThat(m).containsKey("pg_stat_activity_count{datname=test, server=127.0.0.1:5432, "
            + "state=idle}");
        assertThat(m).containsKey("pg_locks_count{datname=test, mode=accesssharelock, "
            + "server=127.0.0.1:5432}");
        assertThat(m).containsEntry("pg_settings_fsync{server=127.0.0.1:5432}", 1.0);
        assertThat(m.get("pg_postmaster_start_time_seconds{server=127.0.0.1:5432}"))
            .isGreaterThan(1.6e9);
        assertThat(m).containsKey("pg_stat_bgwriter_buffers_alloc_total{server=127.0.0.1:5432}");
        assertThat(m).containsEntry("pg_replication_is_replica{server=127.0.0.1:5432}", 0.0);
        assertThat(m.keySet()).anyMatch(k -> k.startsWith("pg_static{server=127.0.0.1:5432, "
            + "short_version="));
        // the same connection serves the next scrape
        assertThat(Scrapes.samples(Scrapes.get(url))).containsEntry("pg_up{}", 1.0);
      }
    } finally {
      try (Connection c = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:5432/test",
          "postgres", ""); Statement st = c.createStatement()) {
        st.execute("DROP TABLE IF EXISTS " + table);
      }
    }
  }

  @Test
  void userQueriesAndTheirTimeout(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("queries.yaml");
    Files.copy(PostgresExporterTest.class.getResourceAsStream("/postgres/queries.yaml"), file);
    UserQueries q = UserQueries.load(file);
    PgExporter.Options o = new PgExporter.Options(Duration.ofSeconds(2), q, false, Set.of(),
        Set.of(), true);
    try (PgServer s = server(TEST_DB, o)) {
      long start = System.nanoTime();
      String text = Scrapes.get("http://127.0.0.1:" + s.port() + "/metrics");
      // pg_sleep(30) is cut by the statement timeout; the scrape still answers
      assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(10));
      Map<String, Double> m = Scrapes.samples(text);
      assertThat(m).containsEntry(
          "vigil_answer_value{kind=fixed, server=127.0.0.1:5432}", 42.0);
      assertThat(m).containsEntry(
          "vigil_answer_events{kind=fixed, server=127.0.0.1:5432}", 7.0);
      assertThat(text).contains("# TYPE vigil_answer_value gauge");
      assertThat(m.keySet()).noneMatch(k -> k.startsWith("vigil_slow"));
      assertThat(m).containsEntry("pg_up{}", 1.0);
    }
  }

  @Test
  void badQueriesFileIsAClearError(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("bad.yaml");
    Files.writeString(file, "x:\n  query: SELECT 1\n  metrics:\n    - a: {usage: SOMETIMES}\n");
    org.assertj.core.api.Assertions.assertThatThrownBy(() -> UserQueries.load(file))
        .hasMessageContaining("unknown usage \"SOMETIMES\"");
  }

  @Test
  void probeReadsAnyTarget() throws Exception {
    try (PgServer s = server(TEST_DB, PgExporter.Options.defaults(Duration.ofSeconds(10)))) {
      String base = "http://127.0.0.1:" + s.port() + "/probe?target=";
      Map<String, Double> m = Scrapes.samples(Scrapes.get(base + "127.0.0.1:5432/postgres"));
      assertThat(m).containsEntry("pg_up{}", 1.0);
      assertThat(m).containsKey(
          "pg_database_size_bytes{datname=postgres, server=127.0.0.1:5432}");
      int free;
      try (ServerSocket ss = new ServerSocket(0)) {
        free = ss.getLocalPort();
      }
      assertThat(Scrapes.samples(Scrapes.get(base + "127.0.0.1:" + free + "/postgres")))
          .containsEntry("pg_up{}", 0.0);
    }
  }

  @Test
  void autoDiscoveryReadsEachDatabase() throws Exception {
    PgExporter.Options o = new PgExporter.Options(Duration.ofSeconds(10),
        new UserQueries(List.of()), true, Set.of(), Set.of("root"), true);
    try (PgServer s = server("postgresql://postgres@127.0.0.1:5432/postgres", o)) {
      String text = Scrapes.get("http://127.0.0.1:" + s.port() + "/metrics");
      assertThat(Scrapes.samples(text)).containsEntry("pg_up{}", 1.0);
      assertThat(text).contains("pg_exporter_last_scrape_error 0");
    }
  }

  @Test
  void unreachableOrRefusedIsUpZeroWithThePasswordMasked() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true));
    try (PgServer s = server("postgresql://no_such_role:Hunter2Secret@127.0.0.1:5432/test",
        PgExporter.Options.defaults(Duration.ofSeconds(5)))) {
      String url = "http://127.0.0.1:" + s.port() + "/metrics";
      for (int i = 0; i < 3; i++) {
        String text = Scrapes.get(url);
        assertThat(Scrapes.samples(text)).containsEntry("pg_up{}", 0.0);
        assertThat(text).doesNotContain("Hunter2Secret");
      }
    } finally {
      System.setErr(err);
    }
    String logged = log.toString();
    System.err.print(logged);
    assertThat(logged).doesNotContain("Hunter2Secret").contains("no_such_role");
    // one error per failure streak, not one per scrape
    assertThat(logged.split("cannot read", -1)).hasSize(2);
  }
}
