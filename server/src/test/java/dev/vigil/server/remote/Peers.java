package dev.vigil.server.remote;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.vigil.server.model.Labels;
import dev.vigil.server.model.Matcher;
import dev.vigil.server.storage.Appender;
import dev.vigil.server.storage.Querier;
import dev.vigil.server.storage.Queryable;
import dev.vigil.server.storage.SampleIterator;
import dev.vigil.server.storage.SeriesSet;
import dev.vigil.server.testing.ExternalTools;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;

/** Shared helpers of the remote tests: a real Prometheus process, HTTP queries, storage reads. */
final class Peers {
  static final HttpClient HTTP = HttpClient.newBuilder()
      .connectTimeout(Duration.ofSeconds(5)).build();
  static final ObjectMapper JSON = new ObjectMapper();

  private Peers() {}

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Debian's prometheus, started on {@code port} with {@code yaml} and extra flags. */
  static final class Prometheus implements AutoCloseable {
    final Process process;
    final String url;
    final Path log;

    Prometheus(Path dir, int port, String yaml, String... flags) throws Exception {
      Path bin = ExternalTools.require("prometheus", "prometheus");
      Files.createDirectories(dir);
      Path config = dir.resolve("prometheus.yml");
      Files.writeString(config, yaml);
      log = dir.resolve("prometheus.log");
      List<String> cmd = new ArrayList<>(List.of(bin.toString(), "--config.file=" + config,
          "--storage.tsdb.path=" + dir.resolve("data"),
          "--web.listen-address=127.0.0.1:" + port));
      cmd.addAll(List.of(flags));
      process = new ProcessBuilder(cmd).redirectErrorStream(true)
          .redirectOutput(log.toFile()).start();
      url = "http://127.0.0.1:" + port;
      await(90, () -> {
        if (!process.isAlive()) {
          throw new AssertionError("prometheus exited: " + readLog());
        }
        try {
          return get(url + "/-/ready").statusCode() == 200;
        } catch (IOException e) {
          return false;
        }
      }, "prometheus ready");
    }

    String readLog() {
      try {
        return Files.readString(log);
      } catch (IOException e) {
        return e.toString();
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  static HttpResponse<String> get(String url) throws IOException {
    try {
      return HTTP.send(HttpRequest.newBuilder(URI.create(url)).timeout(Duration.ofSeconds(30))
          .build(), HttpResponse.BodyHandlers.ofString());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException(e);
    }
  }

  static String q(String s) {
    return URLEncoder.encode(s, StandardCharsets.UTF_8);
  }

  /**
   * The samples of a range-vector query {@code expr} at {@code timeMs} on a Prometheus API,
   * as series (labels text) → (ms → value bits); a failed query fails the test.
   */
  static TreeMap<String, TreeMap<Long, Double>> matrix(String base, String expr, long timeMs)
      throws IOException {
    HttpResponse<String> r = get(base + "/api/v1/query?query=" + q(expr) + "&time="
        + (timeMs / 1000.0));
    if (r.statusCode() != 200) {
      throw new AssertionError(base + " " + expr + ": HTTP " + r.statusCode() + " " + r.body());
    }
    JsonNode res = JSON.readTree(r.body()).path("data").path("result");
    TreeMap<String, TreeMap<Long, Double>> out = new TreeMap<>();
    for (JsonNode s : res) {
      TreeMap<Long, Double> samples = new TreeMap<>();
      for (JsonNode v : s.path("values")) {
        long t = Math.round(v.get(0).asDouble() * 1000);
        samples.put(t, parseValue(v.get(1).asText()));
      }
      out.put(s.path("metric").toString(), samples);
    }
    return out;
  }

  /** A sample value as the query API writes it (Go's "+Inf", "-Inf", "NaN" included). */
  static double parseValue(String s) {
    return switch (s) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      default -> Double.parseDouble(s);
    };
  }

  /** Every sample of the series matching {@code matchers} in storage, by series. */
  static TreeMap<Labels, TreeMap<Long, Double>> read(Queryable storage, long mint, long maxt,
      Matcher... matchers) {
    TreeMap<Labels, TreeMap<Long, Double>> out = new TreeMap<>();
    try (Querier q = storage.querier(mint, maxt)) {
      SeriesSet set = q.select(true, matchers);
      while (set.next()) {
        TreeMap<Long, Double> samples = new TreeMap<>();
        SampleIterator it = set.iterator();
        while (it.next()) {
          if (it.atT() >= mint && it.atT() <= maxt) {
            samples.put(it.atT(), it.atV());
          }
        }
        out.put(set.labels(), samples);
      }
    }
    return out;
  }

  /** Appends {@code n} samples per series, one every {@code stepMs} from {@code startMs}. */
  static void append(dev.vigil.server.storage.Appendable storage, List<Labels> series,
      long startMs, long stepMs, int n) {
    Appender app = storage.appender();
    for (int i = 0; i < n; i++) {
      for (int s = 0; s < series.size(); s++) {
        app.append(0, series.get(s), startMs + i * stepMs, s * 1000 + i + 0.25);
      }
    }
    app.commit();
  }

  static void await(int seconds, BooleanSupplier condition, String what) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      if (condition.getAsBoolean()) {
        return;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("timed out after " + seconds + " s waiting for " + what);
  }
}
