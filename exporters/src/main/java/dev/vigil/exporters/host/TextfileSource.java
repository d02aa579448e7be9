package dev.vigil.exporters.host;

import dev.vigil.client.model.Names;
import dev.vigil.exporters.common.Families;
import dev.vigil.exporters.common.Source;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * textfile: the samples of every {@code *.prom} file in a directory, as node_exporter's textfile
 * collector publishes them, with {@code node_textfile_mtime_seconds{file}} per file read and
 * {@code node_textfile_scrape_error} 1 when any file could not be read. A bad file is dropped
 * whole (never half of it) and does not affect the others.
 */
final class TextfileSource implements Source {
  private static final Logger LOG = LoggerFactory.getLogger(TextfileSource.class);

  private record Sample(String name, String type, String help, String[] labels, double value) {}

  private final Path directory;

  /** @param directory null when no directory is configured: only the error gauge is exported */
  TextfileSource(Path directory) {
    this.directory = directory;
  }

  @Override
  public String name() {
    return "textfile";
  }

  @Override
  public void collect(Families out) throws IOException {
    boolean error = false;
    Map<String, Double> mtimes = new TreeMap<>();
    if (directory != null) {
      List<Path> files = new ArrayList<>();
      try (DirectoryStream<Path> ds = Files.newDirectoryStream(directory, "*.prom")) {
        ds.forEach(files::add);
      } catch (IOException e) {
        LOG.error("textfile: cannot read directory {}: {}", directory, e.toString());
        error = true;
      }
      files.sort(null);
      for (Path file : files) {
        try {
          List<Sample> samples = parse(Files.readString(file, StandardCharsets.UTF_8));
          for (Sample s : samples) {
            add(out, s);
          }
          mtimes.put(file.toString(), Files.getLastModifiedTime(file).toMillis() / 1000.0);
        } catch (IOException | IllegalArgumentException e) {
          LOG.error("textfile: {}: {}", file, e.getMessage());
          error = true;
        }
      }
    }
    mtimes.forEach((file, t) -> out.gauge("node_textfile_mtime_seconds",
        "Unixtime mtime of textfiles successfully read.", t, "file", file));
    out.gauge("node_textfile_scrape_error",
        "1 if there was an error opening or reading a file, 0 otherwise", error ? 1 : 0);
  }

  private static void add(Families out, Sample s) {
    switch (s.type) {
      case "counter" -> {
        if (s.name.endsWith("_total")) {
          out.counter(s.name, s.help, s.value, s.labels);
        } else {
          out.untyped(s.name, s.help, s.value, s.labels);
        }
      }
      case "gauge" -> out.gauge(s.name, s.help, s.value, s.labels);
      default -> out.untyped(s.name, s.help, s.value, s.labels);
    }
  }

  /**
   * Parses the text format leniently: unknown comment lines and timestamps are ignored; a line
   * that is not a sample, or a name client-sdk cannot expose, fails the whole file.
   */
  static List<Sample> parse(String text) {
    Map<String, String> types = new HashMap<>();
    Map<String, String> helps = new HashMap<>();
    List<Sample> out = new ArrayList<>();
    int lineNo = 0;
    for (String raw : text.split("\n")) {
      lineNo++;
      String line = raw.strip();
      if (line.isEmpty()) {
        continue;
      }
      if (line.startsWith("#")) {
        String[] f = line.split("\\s+", 4);
        if (f.length >= 3 && f[1].equals("TYPE")) {
          types.put(f[2], f.length > 3 ? f[3].strip() : "untyped");
        } else if (f.length >= 3 && f[1].equals("HELP")) {
          helps.put(f[2], f.length > 3 ? f[3] : "");
        }
        continue;
      }
      try {
        out.add(sample(line, types, helps));
      } catch (IndexOutOfBoundsException e) {
        throw new IllegalArgumentException("line " + lineNo + ": malformed sample (unterminated "
            + "label set or missing value): " + line, e);
      } catch (RuntimeException e) {
        throw new IllegalArgumentException("line " + lineNo + ": " + e.getMessage(), e);
      }
    }
    return out;
  }

  private static Sample sample(String line, Map<String, String> types, Map<String, String> helps) {
    int i = 0;
    while (i < line.length() && line.charAt(i) != '{' && !Character.isWhitespace(line.charAt(i))) {
      i++;
    }
    String name = line.substring(0, i);
    List<String> labels = new ArrayList<>();
    if (i < line.length() && line.charAt(i) == '{') {
      i++;
      while (true) {
        while (line.charAt(i) == ' ' || line.charAt(i) == ',') {
          i++;
        }
        if (line.charAt(i) == '}') {
          i++;
          break;
        }
        int eq = line.indexOf('=', i);
        labels.add(line.substring(i, eq).strip());
        i = eq + 1;
        if (line.charAt(i) != '"') {
          throw new IllegalArgumentException("expected '\"' after " + labels.get(labels.size() - 1) + "=");
        }
        StringBuilder v = new StringBuilder();
        for (i++; line.charAt(i) != '"'; i++) {
          char c = line.charAt(i);
          if (c == '\\') {
            char n = line.charAt(++i);
            v.append(n == 'n' ? '\n' : n);
          } else {
            v.append(c);
          }
        }
        i++;
        labels.add(v.toString());
      }
    }
    String[] rest = line.substring(i).strip().split("\\s+");
    double value = switch (rest[0]) {
      case "+Inf" -> Double.POSITIVE_INFINITY;
      case "-Inf" -> Double.NEGATIVE_INFINITY;
      case "NaN" -> Double.NaN;
      default -> Double.parseDouble(rest[0]);
    };
    String family = name;
    String type = types.get(name);
    if (type == null) { // a histogram's or summary's series, or a metric without TYPE
      for (String suffix : new String[] {"_bucket", "_sum", "_count"}) {
        if (name.endsWith(suffix)) {
          family = name.substring(0, name.length() - suffix.length());
        }
      }
      type = types.getOrDefault(family, "untyped");
    }
    if (name.endsWith("_total") && !type.equals("gauge")) {
      type = "counter"; // an untyped "_total" can only be exposed as a counter by client-sdk
    } else {
      Names.checkBaseName(name); // an untyped "foo_bucket" cannot be exposed by client-sdk
    }
    for (int l = 0; l < labels.size(); l += 2) {
      Names.checkLabelName(labels.get(l));
    }
    String kind = type.equals("gauge") || type.equals("counter") ? type : "untyped";
    return new Sample(name, kind, helps.getOrDefault(family, "Metric read from textfile."),
        labels.toArray(new String[0]), value);
  }
}
