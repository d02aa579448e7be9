package dev.vigil.exporters.redis;

import dev.vigil.exporters.testing.Services;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A redis-server of the test's own on a spare port, in a temp dir, never persisting; the
 * shared Redis on 6379 is never touched. Can be stopped and started again on the same port.
 */
final class PrivateRedis implements AutoCloseable {
  final int port;
  private final Path server;
  private final Path dir;
  private final List<String> extraArgs;
  private Process process;

  PrivateRedis(String... extraArgs) throws IOException {
    this.server = Services.requireProgram("redis-server", "redis-server");
    try (ServerSocket s = new ServerSocket(0)) {
      this.port = s.getLocalPort();
    }
    this.dir = Files.createTempDirectory("vigil-redis-" + port);
    this.extraArgs = List.of(extraArgs);
  }

  String address() {
    return "redis://127.0.0.1:" + port;
  }

  PrivateRedis start() throws Exception {
    List<String> cmd = new ArrayList<>(List.of(server.toString(), "--port", String.valueOf(port),
        "--bind", "127.0.0.1", "--save", "", "--appendonly", "no", "--daemonize", "no",
        "--dir", dir.toString()));
    cmd.addAll(extraArgs);
    process = new ProcessBuilder(cmd).redirectErrorStream(true)
        .redirectOutput(dir.resolve("redis.log").toFile()).start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
    while (System.nanoTime() < deadline) {
      try (Socket s = new Socket()) {
        s.connect(new InetSocketAddress("127.0.0.1", port), 200);
        return this;
      } catch (IOException notYet) {
        if (!process.isAlive()) {
          throw new IllegalStateException("redis-server exited: "
              + Files.readString(dir.resolve("redis.log")));
        }
        Thread.sleep(50);
      }
    }
    stop();
    throw new IllegalStateException("redis-server did not listen on " + port + " in 10 s");
  }

  /** SIGSTOP/SIGCONT: a Redis that accepts nothing and answers nothing, as a hung one. */
  void signal(String signal) throws Exception {
    new ProcessBuilder("kill", "-" + signal, String.valueOf(process.pid())).inheritIO().start()
        .waitFor(10, TimeUnit.SECONDS);
  }

  void stop() throws InterruptedException {
    if (process != null) {
      process.destroyForcibly();
      process.waitFor(10, TimeUnit.SECONDS);
      process = null;
    }
  }

  @Override
  public void close() throws Exception {
    stop();
    try (var files = Files.walk(dir)) {
      files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
