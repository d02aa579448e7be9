package dev.vigil.exporters.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Against the shared MariaDB on 127.0.0.1:3306 (root, no password, database test). */
class MysqlExporterTest {
  static final String DSN = "root@(127.0.0.1:3306)/";

  @BeforeAll
  static void mariadb() {
    Services.requireTcp(3306, "MariaDB");
  }

  static Connection sql() throws Exception {
    return DriverManager.getConnection("jdbc:mariadb://127.0.0.1:3306/test?user=root&sslMode=disable");
  }

  @Test
  void insertsAndTableRowsShowUp() throws Exception {
    String table = "vigil_xm_" + ProcessHandle.current().pid();
    try (MysqlCommand.Running r = Scrapes.start(DSN, "--collect.info_schema.tables",
        "--collect.info_schema.tables.databases=test");
        Connection c = sql(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE " + table + " (id INT PRIMARY KEY, v VARCHAR(20)) ENGINE=Aria");
      try {
        Map<String, Double> before = Scrapes.samples(Scrapes.text(r.port(), "/metrics"));
        for (int i = 0; i < 7; i++) {
          st.execute("INSERT INTO " + table + " VALUES (" + i + ", 'x')");
        }
        Map<String, Double> after = Scrapes.samples(Scrapes.text(r.port(), "/metrics"));
        String insert = "mysql_global_status_commands_total{command=\"insert\"}";
        assertThat(Scrapes.value(after, insert) - Scrapes.value(before, insert))
            .isGreaterThanOrEqualTo(7);
        assertThat(Scrapes.value(after,
            "mysql_info_schema_table_rows{schema=\"test\",table=\"" + table + "\"}"))
            .isEqualTo(7);
        assertThat(after).containsEntry("mysql_up", 1.0)
            .containsEntry("mysql_exporter_last_scrape_error", 0.0)
            .containsEntry("mysql_exporter_collector_success{collector=\"collect.global_status\"}",
                1.0)
            .containsKey("mysql_info_schema_table_size{component=\"data_length\",schema=\"test\","
                + "table=\"" + table + "\"}");
        assertThat(Scrapes.value(after, "mysql_global_status_uptime")).isPositive();
        assertThat(after.keySet()).noneMatch(k -> k.startsWith("mysql_slave_status_"));
      } finally {
        st.execute("DROP TABLE " + table);
      }
    }
  }

  @Test
  void processlistCountsASleepingQuery() throws Exception {
    try (MysqlCommand.Running r = Scrapes.start(DSN, "--collect.info_schema.processlist");
        Connection c = sql()) {
      CompletableFuture<Void> sleeping = CompletableFuture.runAsync(() -> {
        try (Statement st = c.createStatement()) {
          st.execute("SELECT SLEEP(3)");
        } catch (Exception e) {
          throw new RuntimeException(e);
        }
      });
      Thread.sleep(500);
      Map<String, Double> s = Scrapes.samples(Scrapes.text(r.port(), "/metrics"));
      sleeping.get();
      assertThat(Scrapes.value(s,
          "mysql_info_schema_processlist_threads{command=\"query\",state=\"user_sleep\"}"))
          .isGreaterThanOrEqualTo(1);
      assertThat(Scrapes.value(s,
          "mysql_info_schema_processlist_processes_by_user{mysql_user=\"root\"}"))
          .isGreaterThanOrEqualTo(1);
    }
  }

  @Test
  void badPasswordGivesUpZeroAndNeverShowsIt() throws Exception {
    PrintStream err = System.err;
    ByteArrayOutputStream log = new ByteArrayOutputStream();
    System.setErr(new PrintStream(log, true, StandardCharsets.UTF_8));
    String body;
    try (MysqlCommand.Running r = Scrapes.start("vigil_nobody:Sup3rS3cretPw@(127.0.0.1:3306)/")) {
      body = Scrapes.text(r.port(), "/metrics");
      Scrapes.text(r.port(), "/metrics");
    } finally {
      System.setErr(err);
    }
    String logged = log.toString(StandardCharsets.UTF_8);
    assertThat(Scrapes.samples(body)).containsEntry("mysql_up", 0.0)
        .containsEntry("mysql_exporter_last_scrape_error", 1.0);
    assertThat(body).doesNotContain("Sup3rS3cretPw");
    assertThat(logged).doesNotContain("Sup3rS3cretPw").contains("******")
        .contains("Access denied");
    // One error per failure streak, not one per scrape.
    assertThat(logged.split("is unreachable", -1)).hasSize(2);
  }

  @Test
  void probeEndpointWatchesOtherInstances(@TempDir Path dir) throws Exception {
    Path file = dir.resolve("instances.yml");
    Files.writeString(file, "instances:\n  - name: shared\n    dsn: \"root@(127.0.0.1:3306)/\"\n"
        + "  - name: nowhere\n    dsn: \"root:pw@(127.0.0.1:1)/\"\n");
    try (MysqlCommand.Running r = Scrapes.start(null, "--config.instances=" + file,
        "--config.my-cnf=" + dir.resolve("absent.cnf"))) {
      assertThat(Scrapes.samples(Scrapes.text(r.port(), "/probe?target=shared")))
          .containsEntry("mysql_up", 1.0);
      assertThat(Scrapes.samples(Scrapes.text(r.port(), "/probe?target=nowhere")))
          .containsEntry("mysql_up", 0.0);
      assertThat(Scrapes.get(r.port(), "/probe").statusCode()).isEqualTo(400);
      assertThat(Scrapes.get(r.port(), "/probe?target=127.0.0.1:3306").statusCode())
          .isEqualTo(400); // no default credentials in this setup
      assertThat(Scrapes.get(r.port(), "/metrics").statusCode()).isEqualTo(404);
    }
    try (MysqlCommand.Running r = Scrapes.start(DSN)) {
      assertThat(Scrapes.samples(Scrapes.text(r.port(), "/probe?target=127.0.0.1:3306")))
          .containsEntry("mysql_up", 1.0);
    }
  }

  @Test
  void myCnfCredentialsAndAuthModules(@TempDir Path dir) throws Exception {
    Path cnf = dir.resolve("my.cnf");
    Files.writeString(cnf, "[client]\nuser=root\nhost=127.0.0.1\nport=3306\n\n"
        + "[client.wrong]\nuser=vigil_nobody\npassword=An0therSecret\n");
    try (MysqlCommand.Running r = Scrapes.start(null, "--config.my-cnf=" + cnf)) {
      assertThat(Scrapes.samples(Scrapes.text(r.port(), "/metrics")))
          .containsEntry("mysql_up", 1.0);
      String wrong = Scrapes.text(r.port(), "/probe?target=127.0.0.1:3306&auth_module=wrong");
      assertThat(Scrapes.samples(wrong)).containsEntry("mysql_up", 0.0);
      assertThat(wrong).doesNotContain("An0therSecret");
      assertThat(Scrapes.get(r.port(), "/probe?target=127.0.0.1:3306&auth_module=none")
          .statusCode()).isEqualTo(400);
    }
  }

  @Test
  void helpAndBadFlags() {
    java.io.StringWriter out = new java.io.StringWriter();
    picocli.CommandLine cl = new picocli.CommandLine(new MysqlCommand());
    cl.setOut(new java.io.PrintWriter(out));
    assertThat(cl.execute("--help")).isZero();
    assertThat(out.toString()).contains("--web.listen-address", "--config.my-cnf",
        "--no-collect.info_schema.processlist", "DATA_SOURCE_NAME");
    MysqlCommand cmd = new MysqlCommand();
    new picocli.CommandLine(cmd).parseArgs("--no-collect.global_status",
        "--collect.info_schema.tables");
    assertThat(cmd.scrapers()).extracting(Scraper::name).containsExactly("global_variables",
        "slave_status", "info_schema.innodb_cmp", "info_schema.innodb_cmpmem",
        "info_schema.tables");
    picocli.CommandLine bad = new picocli.CommandLine(new MysqlCommand());
    bad.setErr(new java.io.PrintWriter(new java.io.StringWriter()));
    assertThat(bad.execute("--collect.nonsense")).isNotZero();
  }

  @Test
  void slowQueriesAreBoundedByTheScrapeTimeout() throws Exception {
    // A scraper stuck in a real slow query (SLEEP) must not stall the scrape: its query is
    // cancelled at the timeout and the other scrapers still report.
    Scraper stuck = new Scraper() {
      @Override
      public String name() {
        return "stuck";
      }

      @Override
      public void scrape(Connection db, int timeoutSeconds, dev.vigil.exporters.common.Families out)
          throws java.sql.SQLException {
        try (Statement st = db.createStatement()) {
          st.setQueryTimeout(timeoutSeconds);
          st.execute("SELECT SLEEP(30)");
        }
      }
    };
    try (MysqlInstance i = new MysqlInstance(MysqlDsn.parse(DSN),
        java.util.List.of(stuck, new GlobalScrapers.Variables()), java.time.Duration.ofSeconds(2),
        2)) {
      for (int round = 0; round < 2; round++) {
        long t0 = System.nanoTime();
        Map<String, Double> s = Scrapes.samples(text(i));
        assertThat((System.nanoTime() - t0) / 1e9).isLessThan(5);
        assertThat(s).containsEntry("mysql_up", 1.0)
            .containsEntry("mysql_exporter_collector_success{collector=\"collect.stuck\"}", 0.0)
            .containsEntry("mysql_exporter_last_scrape_error", 1.0)
            .containsEntry("mysql_exporter_scrape_errors_total{collector=\"collect.stuck\"}",
                round + 1.0);
      }
    }
  }

  private static String text(MysqlInstance i) throws Exception {
    dev.vigil.client.model.Registry r = new dev.vigil.client.model.Registry();
    r.register(i);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new dev.vigil.client.exposition.MetricsResponder(r).write(out);
    return out.toString(StandardCharsets.UTF_8);
  }
}
