package dev.vigil.exporters.redis;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A private redis-server on a spare port is stopped and started again under one exporter:
 * redis_up goes 1 → 0 → 1 with no restart of the exporter. The shared Redis is not touched.
 */
@Timeout(60)
class RedisRestartTest {
  @Test
  void upFollowsARestartedRedis() throws Exception {
    Path server = Services.requireProgram("redis-server", "redis-server");
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    Path dir = Files.createTempDirectory("vigil-redis-restart");
    try (RedisExporter e = new RedisExporter("redis", Duration.ofSeconds(2),
        List.of(RedisAddress.parse("redis://127.0.0.1:" + port)))) {
      Process redis = start(server, port, dir);
      try {
        assertThat(Exposition.of(e).value("redis_up")).isEqualTo(1);
      } finally {
        stop(redis);
      }
      assertThat(Exposition.of(e).value("redis_up")).isEqualTo(0);
      redis = start(server, port, dir);
      try {
        Exposition back = Exposition.of(e);
        assertThat(back.value("redis_up")).isEqualTo(1);
        assertThat(back.value("redis_exporter_scrapes_total")).isEqualTo(3);
        assertThat(back.value("redis_uptime_in_seconds")).isLessThan(30);
      } finally {
        stop(redis);
      }
    } finally {
      try (var files = Files.walk(dir)) {
        files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
    }
  }

  private static Process start(Path server, int port, Path dir) throws Exception {
    Process p = new ProcessBuilder(server.toString(), "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", dir.toString())
        .redirectErrorStream(true).redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return p;
      } catch (IOException notYet) {
        if (!p.isAlive()) {
          throw new IllegalStateException("redis-server exited: "
              + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(50);
      }
    }
    p.destroyForcibly();
    throw new IllegalStateException("redis-server did not listen on " + port + " in 10 s");
  }

  private static void stop(Process p) throws InterruptedException {
    p.destroyForcibly();
    p.waitFor(10, TimeUnit.SECONDS);
  }
}
