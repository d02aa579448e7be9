package dev.vigil.exporters.host;

import dev.vigil.client.exposition.PrometheusTextWriter;
import dev.vigil.client.model.MetricSnapshots;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Text format 0.0.4 for the tests: rendering Vigil's snapshots and reading either side back. */
final class Exposition {
  private static final Pattern LABEL = Pattern.compile("([a-zA-Z_]\\w*)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  /** One sample: its name, its labels (sorted), its value. */
  record Sample(String name, Map<String, String> labels, double value) {
    String key() {
      return name + labels;
    }
  }

  private Exposition() {}

  static String text(MetricSnapshots snapshots) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    new PrometheusTextWriter().write(out, snapshots);
    return out.toString(StandardCharsets.UTF_8);
  }

  /** Samples by {@link Sample#key()}. */
  static Map<String, Sample> parse(String text) {
    Map<String, Sample> out = new TreeMap<>();
    for (String line : text.split("\n")) {
      if (line.isBlank() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name;
      Map<String, String> labels = new TreeMap<>();
      if (brace >= 0 && brace < space) {
        name = line.substring(0, brace);
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (m.find()) {
          labels.put(m.group(1), m.group(2));
        }
      } else {
        name = line.substring(0, line.indexOf(' '));
      }
      String v = line.substring(space + 1);
      double value = switch (v) {
        case "+Inf" -> Double.POSITIVE_INFINITY;
        case "-Inf" -> Double.NEGATIVE_INFINITY;
        case "NaN" -> Double.NaN;
        default -> Double.parseDouble(v);
      };
      Sample s = new Sample(name, labels, value);
      out.put(s.key(), s);
    }
    return out;
  }
}
