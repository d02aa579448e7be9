package dev.vigil.server.scrape.parse;

import static org.assertj.core.api.Assertions.assertThat;

import dev.vigil.server.model.Labels;
import dev.vigil.server.testing.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** Parses real exposition from Debian's prometheus-node-exporter in both formats. */
class NodeExporterParseTest {
  static final Path BINARY = Path.of("/usr/bin/prometheus-node-exporter");
  private static Process process;
  private static int port;
  private static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(2)).build();

  @BeforeAll
  static void start() throws Exception {
    ExternalTools.requireAt(BINARY, "prometheus-node-exporter");
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    process = new ProcessBuilder(BINARY.toString(), "--web.listen-address=127.0.0.1:" + port)
        .redirectErrorStream(true)
        .redirectOutput(ProcessBuilder.Redirect.DISCARD)
        .start();
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    while (true) {
      try {
        fetch("text/plain");
        return;
      } catch (IOException e) {
        if (System.nanoTime() > deadline || !process.isAlive()) {
          throw new IllegalStateException("node exporter did not start on port " + port, e);
        }
        Thread.sleep(100);
      }
    }
  }

  @AfterAll
  static void stop() throws InterruptedException {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(5, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static HttpResponse<byte[]> fetch(String accept) throws IOException, InterruptedException {
    HttpRequest req = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
        .header("Accept", accept).timeout(Duration.ofSeconds(20)).build();
    return HTTP.send(req, HttpResponse.BodyHandlers.ofByteArray());
  }

  @Test
  void textFormat() throws Exception {
    HttpResponse<byte[]> r = fetch("text/plain;version=0.0.4");
    String ct = r.headers().firstValue("Content-Type").orElse("");
    assertThat(ct).startsWith("text/plain");
    check(r.body(), ct);
  }

  @Test
  void openMetrics() throws Exception {
    HttpResponse<byte[]> r = fetch("application/openmetrics-text; version=1.0.0");
    String ct = r.headers().firstValue("Content-Type").orElse("");
    // Debian's node_exporter 1.5 does not enable OpenMetrics negotiation and answers with the
    // text format; the parser is chosen by the answer's Content-Type, as the scraper will.
    if (!ct.startsWith("application/openmetrics-text")) {
      System.out.println("node exporter answered an OpenMetrics request with " + ct);
    }
    check(r.body(), ct);
  }

  private static void check(byte[] body, String contentType) throws ParseException {
    ExpositionParser p = ExpositionParser.forContentType(contentType, body, body.length);
    Labels.Builder b = new Labels.Builder();
    int samples = 0;
    int types = 0;
    for (ExpositionParser.Entry e; (e = p.next()) != null; ) {
      if (e == ExpositionParser.Entry.SERIES) {
        samples++;
        p.labels(b);
        assertThat(b.build().metricName()).isNotEmpty();
        assertThat(p.value()).isNotNull();
      } else if (e == ExpositionParser.Entry.TYPE) {
        types++;
      }
    }
    int naive = 0;
    int naiveTypes = 0;
    for (String line : new String(body, StandardCharsets.UTF_8).split("\n")) {
      if (!line.isBlank() && !line.startsWith("#")) {
        naive++;
      } else if (line.startsWith("# TYPE ")) {
        naiveTypes++;
      }
    }
    assertThat(samples).as("samples in %d bytes of %s", body.length, contentType)
        .isEqualTo(naive).isGreaterThan(100);
    assertThat(types).isEqualTo(naiveTypes);
  }
}
