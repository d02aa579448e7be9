package dev.vigil.exporters.mysql;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * A private MariaDB on a spare port (never the shared one on 3306), with a real user and
 * password: the exporter shows mysql_up 1, then 0 while it is stopped, then 1 again after it
 * is started, without restarting the exporter.
 */
class MysqlRestartTest {
  @Test
  void upFollowsTheDatabaseAcrossARestart() throws Exception {
    Services.requireProgram("/usr/bin/mariadb-install-db", "mariadb-server");
    Services.requireProgram("/usr/sbin/mariadbd", "mariadb-server");
    Services.requireProgram("mariadb", "mariadb-client");
    Path dir = Files.createTempDirectory("vigil-mariadb");
    Path data = dir.resolve("data");
    int port = freePort();
    Process db = null;
    try {
      run(List.of("mariadb-install-db", "--no-defaults", "--datadir=" + data, "--user=root",
          "--auth-root-authentication-method=socket", "--skip-test-db"), dir, "install");
      db = startDb(dir, data, port);
      run(List.of("mariadb", "--no-defaults", "--socket=" + dir.resolve("sock"), "-uroot", "-e",
          "CREATE USER 'vigil'@'127.0.0.1' IDENTIFIED BY 'Rest4rtPw';"
              + " GRANT PROCESS, REPLICATION CLIENT, SLAVE MONITOR, SELECT ON *.* TO 'vigil'@'127.0.0.1';"),
          dir, "grant");
      try (MysqlCommand.Running r = Scrapes.start("vigil:Rest4rtPw@(127.0.0.1:" + port + ")/",
          "--scrape.timeout=2s")) {
        assertThat(up(r)).isEqualTo(1.0);
        db.destroy(); // SIGTERM: a clean shutdown, as an operator's restart does
        assertThat(db.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(up(r)).isEqualTo(0.0);
        assertThat(up(r)).isEqualTo(0.0);
        db = startDb(dir, data, port);
        double last = 0;
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (last != 1.0 && System.nanoTime() < deadline) {
          last = up(r);
          Thread.sleep(200);
        }
        assertThat(last).isEqualTo(1.0);
        String body = Scrapes.text(r.port(), "/metrics");
        assertThat(body).doesNotContain("Rest4rtPw").contains("mysql_global_status_uptime");
        assertThat(Scrapes.samples(body)).containsEntry("mysql_exporter_last_scrape_error", 0.0);
      }
    } finally {
      if (db != null) {
        db.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
      }
      try (Stream<Path> files = Files.walk(dir)) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static double up(MysqlCommand.Running r) throws Exception {
    return Scrapes.value(Scrapes.samples(Scrapes.text(r.port(), "/metrics")), "mysql_up");
  }

  private static Process startDb(Path dir, Path data, int port) throws Exception {
    Process p = new ProcessBuilder("/usr/sbin/mariadbd", "--no-defaults", "--datadir=" + data,
        "--port=" + port, "--bind-address=127.0.0.1", "--socket=" + dir.resolve("sock"),
        "--pid-file=" + dir.resolve("pid"), "--user=root", "--skip-log-bin",
        "--innodb-buffer-pool-size=16M", "--log-error=" + dir.resolve("error.log"))
        .redirectErrorStream(true).redirectOutput(dir.resolve("mariadbd.out").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (System.nanoTime() < deadline) {
      if (!p.isAlive()) {
        throw new AssertionError("mariadbd exited: " + Files.readString(dir.resolve("error.log")));
      }
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 500);
        return p;
      } catch (IOException e) {
        Thread.sleep(200);
      }
    }
    p.destroyForcibly();
    throw new AssertionError("mariadbd did not listen on " + port + " within 60 s");
  }

  private static void run(List<String> cmd, Path dir, String what) throws Exception {
    Path log = dir.resolve(what + ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile())
        .start();
    try {
      if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
        throw new AssertionError(what + " failed: " + Files.readString(log));
      }
    } finally {
      p.destroyForcibly();
    }
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
