package dev.vigil.exporters.mysql;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine;

/** Test helpers: start the exporter in-process, fetch and parse text-format scrapes. */
final class Scrapes {
  private static final HttpClient HTTP =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

  private Scrapes() {}

  /** Starts {@code mysql} with these flags (port 0) and DATA_SOURCE_NAME = {@code dsn}. */
  static MysqlCommand.Running start(String dsn, String... flags) throws IOException {
    MysqlCommand cmd = new MysqlCommand();
    String[] args = new String[flags.length + 1];
    args[0] = "--web.listen-address=127.0.0.1:0";
    System.arraycopy(flags, 0, args, 1, flags.length);
    new CommandLine(cmd).parseArgs(args);
    cmd.env = dsn == null ? Map.of() : Map.of("DATA_SOURCE_NAME", dsn);
    return cmd.start();
  }

  static HttpResponse<String> get(int port, String path) throws Exception {
    return HTTP.send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
        .timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
  }

  static String text(int port, String path) throws Exception {
    HttpResponse<String> r = get(port, path);
    if (r.statusCode() != 200) {
      throw new AssertionError("GET " + path + " → " + r.statusCode() + ": " + r.body());
    }
    return r.body();
  }

  /** Sample lines of a text scrape: {@code name{labels}} → value. */
  static Map<String, Double> samples(String body) {
    Map<String, Double> out = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int sp = line.lastIndexOf(' ');
      out.put(line.substring(0, sp), Double.parseDouble(line.substring(sp + 1)));
    }
    return out;
  }

  /** The family names (from # TYPE lines) of a text scrape, with their label names. */
  static Map<String, java.util.Set<String>> families(String body) {
    Map<String, java.util.Set<String>> out = new TreeMap<>();
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int sp = line.lastIndexOf(' ');
      String name = brace > 0 && brace < sp ? line.substring(0, brace) : line.substring(0, sp);
      java.util.Set<String> labels = out.computeIfAbsent(name, k -> new java.util.TreeSet<>());
      if (brace > 0 && brace < sp) {
        for (String kv : line.substring(brace + 1, line.lastIndexOf('}')).split(",(?=[a-z_]+=\")")) {
          if (kv.contains("=")) {
            labels.add(kv.substring(0, kv.indexOf('=')));
          }
        }
      }
    }
    return out;
  }

  static double value(Map<String, Double> samples, String key) {
    Double v = samples.get(key);
    if (v == null) {
      throw new AssertionError("no sample " + key);
    }
    return v;
  }
}
