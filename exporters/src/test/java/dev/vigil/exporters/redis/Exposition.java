package dev.vigil.exporters.redis;

import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.MultiCollector;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/** A parsed text-format scrape: series ("name{labels}") → value, for assertions. */
final class Exposition {
  final String text;
  final Map<String, Double> series = new LinkedHashMap<>();

  Exposition(String text) {
    this.text = text;
    for (String line : text.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int space = line.lastIndexOf(' ');
      series.put(line.substring(0, space), Double.parseDouble(line.substring(space + 1)));
    }
  }

  static Exposition of(MultiCollector c) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, c.collect());
    return new Exposition(out.toString(StandardCharsets.UTF_8));
  }

  static Exposition get(String url) throws IOException, InterruptedException {
    HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url))
        .timeout(Duration.ofSeconds(20)).build(), HttpResponse.BodyHandlers.ofString());
    if (r.statusCode() != 200) {
      throw new IOException(url + " answered " + r.statusCode() + ": " + r.body());
    }
    return new Exposition(r.body());
  }

  /** The value of a series, or NaN when absent. */
  double value(String series) {
    return this.series.getOrDefault(series, Double.NaN);
  }

  static String name(String series) {
    int brace = series.indexOf('{');
    return brace < 0 ? series : series.substring(0, brace);
  }

  /** Metric names → label names seen with them; _sum/_count of summaries are folded in. */
  Map<String, Set<String>> labelNames() {
    Map<String, Set<String>> out = new TreeMap<>();
    for (String s : series.keySet()) {
      Set<String> labels = out.computeIfAbsent(name(s), n -> new TreeSet<>());
      int brace = s.indexOf('{');
      if (brace >= 0) {
        for (String pair : s.substring(brace + 1, s.length() - 1).split(",(?=[a-zA-Z_]+=\")")) {
          labels.add(pair.substring(0, pair.indexOf('=')));
        }
      }
    }
    return out;
  }
}
