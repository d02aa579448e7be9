package dev.vigil.agent;

import static org.assertj.core.api.Assertions.fail;
import static org.junit.jupiter.api.Assumptions.abort;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A test application in a child JVM, optionally with the real, shaded agent jar attached: it is
 * started, waited for ({@code READY <port>} on stdout), driven over HTTP, scraped, and stopped.
 */
final class ChildApp implements AutoCloseable {
  static final String JDK25 = "/usr/lib/jvm/temurin-25-jdk-amd64/bin/java";
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(10)).build();

  final Process process;
  final int port;
  final int metricsPort;
  private final BlockingQueue<String> stdout = new LinkedBlockingQueue<>();
  private final StringBuffer stderr = new StringBuffer();

  private ChildApp(Process process, int metricsPort) throws Exception {
    this.process = process;
    this.metricsPort = metricsPort;
    drain(process.getInputStream(), line -> stdout.add(line));
    drain(process.getErrorStream(), line -> stderr.append(line).append('\n'));
    String ready = nextLine(120);
    if (ready == null || !ready.startsWith("READY ")) {
      process.destroyForcibly();
      fail("child did not start: " + ready + "\nstderr:\n" + stderr);
    }
    this.port = Integer.parseInt(ready.substring(6).trim());
  }

  /** The JDKs to run each test on: this one, and Temurin 25 where installed. */
  static Stream<String> javas() {
    return Stream.of("17", "25");
  }

  /** The java binary for {@code version}; skips (or fails under CI=true) when missing. */
  static String java(String version) {
    if (version.equals("17")) {
      return Path.of(System.getProperty("java.home"), "bin", "java").toString();
    }
    if (!Files.isExecutable(Path.of(JDK25))) {
      String msg = "JDK 25 is missing at " + JDK25;
      if ("true".equals(System.getenv("CI"))) {
        fail(msg + ", and CI=true: CI must install Temurin 25");
      }
      abort(msg + "; skipping the JDK 25 run");
    }
    return JDK25;
  }

  static Path agentJar() {
    Path jar = Path.of(System.getProperty("vigil.agent.jar", "target/vigil-agent.jar"));
    if (!Files.isRegularFile(jar)) {
      fail("no agent jar at " + jar.toAbsolutePath() + ": run ./mvnw -pl javaagent verify");
    }
    return jar.toAbsolutePath();
  }

  /**
   * This build's test class path (surefire's, not its booter jar) without the agent's own
   * unshaded classes, which would shadow the jar's. The application thus has client-sdk and
   * Byte Buddy of its own on its class path, unrelocated, as a real one might.
   */
  static String testClassPath() {
    String all = System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path"));
    String own = Path.of("target", "classes").toAbsolutePath().toString();
    List<String> kept = new ArrayList<>();
    for (String entry : all.split(java.io.File.pathSeparator)) {
      if (!Path.of(entry).toAbsolutePath().toString().equals(own)) {
        kept.add(entry);
      }
    }
    return String.join(java.io.File.pathSeparator, kept);
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Builder-ish start: {@code agentArgs} null runs without the agent. */
  static ChildApp start(String java, String agentArgs, String classPath, Class<?> main,
      String... jvmArgs) throws Exception {
    if (System.getProperty("vigil.agent.jar") == null) {
      abort("child-JVM tests need the packaged agent: they run in the integration-test phase");
    }
    int metricsPort = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(java);
    cmd.add("-Xmx256m");
    cmd.add("-XX:TieredStopAtLevel=1");
    if (agentArgs != null) {
      cmd.add("-javaagent:" + agentJar() + "=port=" + metricsPort
          + (agentArgs.isEmpty() ? "" : "," + agentArgs));
    }
    cmd.addAll(List.of(jvmArgs));
    cmd.add("-cp");
    cmd.add(classPath);
    cmd.add(main.getName());
    Process p = new ProcessBuilder(cmd).start();
    return new ChildApp(p, metricsPort);
  }

  static ChildApp start(String java, String agentArgs, Class<?> main, String... jvmArgs)
      throws Exception {
    return start(java, agentArgs, testClassPath(), main, jvmArgs);
  }

  String stderr() {
    return stderr.toString();
  }

  /** Sends {@code check} and returns the line the application answers with. */
  String check() throws Exception {
    OutputStream in = process.getOutputStream();
    in.write("check\n".getBytes(StandardCharsets.UTF_8));
    in.flush();
    String line = nextLine(60);
    if (line == null) {
      fail("no answer to check; stderr:\n" + stderr);
    }
    return line;
  }

  String nextLine(int seconds) throws InterruptedException {
    return stdout.poll(seconds, TimeUnit.SECONDS);
  }

  /** Sends a request to the application; returns status and body. */
  HttpResponse<String> request(String method, String path) throws Exception {
    return send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .method(method, HttpRequest.BodyPublishers.noBody()).timeout(Duration.ofSeconds(30))
        .build());
  }

  static HttpResponse<String> send(HttpRequest request) throws Exception {
    return HTTP.send(request, HttpResponse.BodyHandlers.ofString());
  }

  /** Scrapes the agent's endpoint, retrying while it is still starting. */
  Scraped scrape() throws Exception {
    return scrape(null);
  }

  Scraped scrape(String accept) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    while (true) {
      try {
        HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + metricsPort + "/metrics"))
            .timeout(Duration.ofSeconds(30));
        if (accept != null) {
          b.header("Accept", accept);
        }
        HttpResponse<String> r = send(b.build());
        if (r.statusCode() != 200) {
          fail("scrape answered " + r.statusCode() + ": " + r.body());
        }
        return new Scraped(r.body());
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          fail("no metrics endpoint on " + metricsPort + ": " + e + "\nstderr:\n" + stderr);
        }
        Thread.sleep(200);
      }
    }
  }

  @Override
  public void close() throws Exception {
    try {
      process.getOutputStream().close();
    } catch (IOException ignored) {
      // already gone
    }
    if (!process.waitFor(10, TimeUnit.SECONDS)) {
      process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
    }
  }

  private interface LineSink {
    void accept(String line);
  }

  private static void drain(java.io.InputStream in, LineSink sink) {
    Thread t = new Thread(() -> {
      try (BufferedReader r = new BufferedReader(
          new InputStreamReader(in, StandardCharsets.UTF_8))) {
        for (String line; (line = r.readLine()) != null; ) {
          sink.accept(line);
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }, "child-output");
    t.setDaemon(true);
    t.start();
  }
}
