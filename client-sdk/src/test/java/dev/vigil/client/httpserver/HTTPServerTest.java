package dev.vigil.client.httpserver;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.vigil.client.model.Collector;
import dev.vigil.client.model.CounterSnapshot;
import dev.vigil.client.model.GaugeSnapshot;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.Registry;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.logging.Level;
import java.util.logging.Logger;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class HTTPServerTest {
  private static final String TEXT_BODY = """
      # HELP requests_total Requests.
      # TYPE requests_total counter
      requests_total{path="/a"} 7
      # TYPE temperature gauge
      temperature 21.5
      """;

  private final HttpClient client = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  private Registry registry;
  private HTTPServer server;

  @BeforeEach
  void start() throws IOException {
    registry = new Registry();
    registry.register(() -> new CounterSnapshot(new MetricMetadata("requests", "Requests.", null),
        List.of(new CounterSnapshot.DataPoint(Labels.of("path", "/a"), 7, null, 0))));
    registry.register(() -> new GaugeSnapshot(new MetricMetadata("temperature"),
        List.of(new GaugeSnapshot.DataPoint(Labels.EMPTY, 21.5))));
    server = HTTPServer.builder().hostname("127.0.0.1").port(0).registry(registry).start();
  }

  @AfterEach
  void stop() {
    server.close();
  }

  private HttpResponse<byte[]> send(String method, String path, String... headers)
      throws IOException, InterruptedException {
    HttpRequest.Builder b = HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + server.getPort() + path))
        .timeout(Duration.ofSeconds(10))
        .method(method, HttpRequest.BodyPublishers.noBody());
    if (headers.length > 0) {
      b.headers(headers);
    }
    return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  private static String text(HttpResponse<byte[]> r) {
    return new String(r.body(), StandardCharsets.UTF_8);
  }

  @Test
  void servesTextByDefault() throws Exception {
    assertThat(server.getPort()).isPositive();
    for (String path : new String[] {"/metrics", "/"}) {
      HttpResponse<byte[]> r = send("GET", path);
      assertThat(r.statusCode()).isEqualTo(200);
      assertThat(r.headers().firstValue("Content-Type"))
          .hasValue("text/plain; version=0.0.4; charset=utf-8");
      assertThat(r.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(text(r)).isEqualTo(TEXT_BODY);
    }
  }

  @Test
  void servesOpenMetricsWhenAsked() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/metrics", "Accept",
        "application/openmetrics-text;version=1.0.0;escaping=allow-utf-8;q=0.5,"
            + "application/openmetrics-text;version=0.0.1;q=0.4,"
            + "text/plain;version=0.0.4;q=0.2,*/*;q=0.1");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(text(r)).isEqualTo("""
        # TYPE requests counter
        # HELP requests Requests.
        requests_total{path="/a"} 7
        # TYPE temperature gauge
        temperature 21.5
        # EOF
        """);
  }

  @Test
  void gzipWhenAccepted() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/metrics", "Accept-Encoding", "gzip");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Encoding")).hasValue("gzip");
    assertThat(r.headers().firstValue("Vary")).hasValue("Accept, Accept-Encoding");
    try (GZIPInputStream in = new GZIPInputStream(new ByteArrayInputStream(r.body()))) {
      assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo(TEXT_BODY);
    }

    HttpResponse<byte[]> refused = send("GET", "/metrics", "Accept-Encoding", "gzip;q=0");
    assertThat(refused.headers().firstValue("Content-Encoding")).isEmpty();
    assertThat(text(refused)).isEqualTo(TEXT_BODY);
  }

  @Test
  void filtersByName() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/metrics?name%5B%5D=requests_total");
    assertThat(text(r)).isEqualTo("""
        # HELP requests_total Requests.
        # TYPE requests_total counter
        requests_total{path="/a"} 7
        """);
  }

  @Test
  void healthy() throws Exception {
    HttpResponse<byte[]> r = send("GET", "/-/healthy");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(text(r)).isEqualTo("OK\n");
  }

  @Test
  void headAnswersWithHeadersOnly() throws Exception {
    HttpResponse<byte[]> r = send("HEAD", "/metrics", "Accept", "application/openmetrics-text");
    assertThat(r.statusCode()).isEqualTo(200);
    assertThat(r.headers().firstValue("Content-Type"))
        .hasValue("application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertThat(r.body()).isEmpty();
    assertThat(send("HEAD", "/-/healthy").statusCode()).isEqualTo(200);
  }

  @Test
  void otherMethodsAreNotAllowed() throws Exception {
    for (String method : new String[] {"POST", "PUT", "DELETE"}) {
      HttpResponse<byte[]> r = send(method, "/metrics");
      assertThat(r.statusCode()).as(method).isEqualTo(405);
      assertThat(r.headers().firstValue("Allow")).hasValue("GET, HEAD");
    }
  }

  @Test
  void unknownPathsAreNotFound() throws Exception {
    assertThat(send("GET", "/metricsfoo").statusCode()).isEqualTo(404);
    assertThat(send("GET", "/favicon.ico").statusCode()).isEqualTo(404);
  }

  @Test
  void aThrowingCollectorGives500AndTheServerStaysUp() throws Exception {
    AtomicBoolean broken = new AtomicBoolean(true);
    registry.register((Collector) () -> {
      if (broken.get()) {
        throw new IllegalStateException("database down");
      }
      return new GaugeSnapshot(new MetricMetadata("zz_recovered"),
          List.of(new GaugeSnapshot.DataPoint(Labels.EMPTY, 1)));
    });
    Logger log = Logger.getLogger(HTTPServer.class.getName());
    Level level = log.getLevel();
    log.setLevel(Level.OFF); // the expected failure would only clutter the build output
    try {
      HttpResponse<byte[]> failed = send("GET", "/metrics", "Accept-Encoding", "gzip");
      assertThat(failed.statusCode()).isEqualTo(500);
      assertThat(failed.headers().firstValue("Content-Encoding")).isEmpty();
      assertThat(text(failed)).contains("IllegalStateException: database down");
    } finally {
      log.setLevel(level);
    }

    broken.set(false);
    HttpResponse<byte[]> ok = send("GET", "/metrics");
    assertThat(ok.statusCode()).isEqualTo(200);
    assertThat(text(ok)).startsWith(TEXT_BODY).endsWith("zz_recovered 1\n");
  }

  @Test
  void concurrentScrapes() throws Exception {
    List<CompletableFuture<HttpResponse<String>>> responses = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      HttpRequest request = HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build();
      responses.add(client.sendAsync(request, HttpResponse.BodyHandlers.ofString()));
    }
    for (CompletableFuture<HttpResponse<String>> f : responses) {
      assertThat(f.get().body()).isEqualTo(TEXT_BODY);
    }
  }

  @Test
  void threadsAreDaemons() throws Exception {
    send("GET", "/metrics");
    List<Thread> nonDaemon = new ArrayList<>();
    for (Thread t : Thread.getAllStackTraces().keySet()) {
      boolean ours = t.getName().startsWith("vigil-http") || t.getName().startsWith("HTTP-")
          || t.getName().contains("server-timer");
      if (ours && !t.isDaemon()) {
        nonDaemon.add(t);
      }
    }
    assertThat(nonDaemon).isEmpty();
  }

  @Test
  void aRunningServerDoesNotKeepTheJvmAlive() throws Exception {
    Path java = Path.of(System.getProperty("java.home"), "bin", "java");
    Process child = new ProcessBuilder(java.toString(), "-cp",
        System.getProperty("java.class.path"), StartAndReturn.class.getName())
        .redirectErrorStream(true).start();
    boolean exited = child.waitFor(30, TimeUnit.SECONDS);
    if (!exited) {
      child.destroyForcibly();
    }
    String output = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(exited).as("JVM exited after main returned; output: %s", output).isTrue();
    assertThat(output).contains("served 200");
    assertThat(child.exitValue()).isZero();
  }

  /** Starts a server, scrapes it once so that every thread exists, and returns from main. */
  static final class StartAndReturn {
    public static void main(String[] args) throws Exception {
      HTTPServer server = HTTPServer.builder().hostname("127.0.0.1").registry(new Registry())
          .start();
      HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + server.getPort() + "/metrics")).build(),
          HttpResponse.BodyHandlers.ofString());
      System.out.println("served " + r.statusCode());
    }
  }

  @Test
  void closeReleasesThePortAndIsIdempotent() throws Exception {
    int port = server.getPort();
    server.close();
    server.close();
    assertThatThrownBy(() -> new Socket().connect(new InetSocketAddress("127.0.0.1", port), 2000))
        .isInstanceOf(ConnectException.class);
  }

  @Test
  void oneLinerServesTheDefaultRegistry() throws Exception {
    try (HTTPServer s = HTTPServer.start(0)) {
      assertThat(s.getPort()).isPositive();
      HttpResponse<String> r = client.send(HttpRequest.newBuilder(
              URI.create("http://127.0.0.1:" + s.getPort() + "/-/healthy")).build(),
          HttpResponse.BodyHandlers.ofString());
      assertThat(r.body()).isEqualTo("OK\n");
    }
  }

  @Test
  void rejectsBadPorts() {
    assertThatThrownBy(() -> HTTPServer.builder().port(70000))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
