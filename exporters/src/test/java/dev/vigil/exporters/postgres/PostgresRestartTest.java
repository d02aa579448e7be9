package dev.vigil.exporters.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * A private PostgreSQL (initdb as the postgres OS user, a spare port, a temp dir) is stopped and
 * started under one running exporter: pg_up goes 1, 0, 1. The shared service is never touched.
 */
class PostgresRestartTest {
  private static final String BIN = "/usr/lib/postgresql/15/bin/";

  @Test
  void upFollowsTheDatabaseWithoutRestartingTheExporter() throws Exception {
    Services.requireProgram(BIN + "initdb", "postgresql-15");
    Services.requireProgram("/usr/sbin/runuser", "util-linux");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("vigil-pg-restart");
    Path data = dir.resolve("data");
    try {
      run("chown", "postgres", dir.toString());
      run("runuser", "-u", "postgres", "--", BIN + "initdb", "-D", data.toString(),
          "--auth=trust", "-U", "postgres", "--no-sync");
      pgCtl(data, port, "start");
      String dsn = "postgresql://postgres@127.0.0.1:" + port + "/postgres?sslmode=disable";
      try (PgServer s = new PgServer(dev.vigil.exporters.common.Listen.plain("127.0.0.1:0"), "/metrics", List.of(Dsn.parse(dsn)), null,
          PgExporter.Options.defaults(Duration.ofSeconds(5)))) {
        String url = "http://127.0.0.1:" + s.port() + "/metrics";
        assertThat(Scrapes.samples(Scrapes.get(url))).containsEntry("pg_up{}", 1.0);
        pgCtl(data, port, "stop");
        assertThat(Scrapes.samples(Scrapes.get(url))).containsEntry("pg_up{}", 0.0)
            .containsEntry("pg_scrape_collector_success{collector=database}", 0.0);
        pgCtl(data, port, "start");
        assertThat(Scrapes.samples(Scrapes.get(url))).containsEntry("pg_up{}", 1.0)
            .containsEntry("pg_scrape_collector_success{collector=database}", 1.0);
      }
    } finally {
      if (Files.exists(data.resolve("postmaster.pid"))) {
        pgCtl(data, port, "stop");
      }
      run("rm", "-rf", dir.toString());
    }
  }

  private static void pgCtl(Path data, int port, String action) throws Exception {
    List<String> cmd = new ArrayList<>(List.of("runuser", "-u", "postgres", "--", BIN + "pg_ctl",
        "-D", data.toString(), "-w", "-t", "30", "-l", data.resolve("log").toString()));
    if (action.equals("start")) {
      cmd.addAll(List.of("-o", "-p " + port + " -k " + data + " -c listen_addresses=127.0.0.1"));
    } else {
      cmd.addAll(List.of("-m", "fast"));
    }
    cmd.add(action);
    run(cmd.toArray(new String[0]));
  }

  private static void run(String... cmd) throws IOException, InterruptedException {
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        throw new IOException("timed out: " + String.join(" ", cmd));
      }
      String out = new String(p.getInputStream().readAllBytes());
      if (p.exitValue() != 0) {
        throw new IOException(String.join(" ", cmd) + " failed: " + out);
      }
    } finally {
      p.destroyForcibly();
    }
  }
}
