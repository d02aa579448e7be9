package dev.vigil.agent;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** One scrape in text format 0.0.4, read into series for assertions. */
final class Scraped {
  private static final Pattern LABEL = Pattern.compile("(\\w+)=\"((?:[^\"\\\\]|\\\\.)*)\"");

  final String body;
  private final List<Series> series = new ArrayList<>();

  Scraped(String body) {
    this.body = body;
    for (String line : body.split("\n")) {
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      int brace = line.indexOf('{');
      int space = line.lastIndexOf(' ');
      String name = brace >= 0 ? line.substring(0, brace) : line.substring(0, space);
      Map<String, String> labels = new LinkedHashMap<>();
      if (brace >= 0) {
        Matcher m = LABEL.matcher(line.substring(brace, line.lastIndexOf('}') + 1));
        while (m.find()) {
          labels.put(m.group(1), m.group(2));
        }
      }
      series.add(new Series(name, labels, number(line.substring(space + 1))));
    }
  }

  private static double number(String s) {
    switch (s) {
      case "+Inf": return Double.POSITIVE_INFINITY;
      case "-Inf": return Double.NEGATIVE_INFINITY;
      default: return Double.parseDouble(s);
    }
  }

  /**
   * The sum over series named {@code name} whose labels include {@code pairs} (name, value,
   * name, value, ...); null when there is none.
   */
  Double value(String name, String... pairs) {
    Double sum = null;
    for (Series s : series) {
      if (!s.name.equals(name)) {
        continue;
      }
      boolean all = true;
      for (int i = 0; i < pairs.length; i += 2) {
        all &= pairs[i + 1].equals(s.labels.get(pairs[i]));
      }
      if (all) {
        sum = (sum == null ? 0 : sum) + s.value;
      }
    }
    return sum;
  }

  /** The distinct values of {@code label} on series named {@code name}. */
  List<String> labelValues(String name, String label) {
    List<String> out = new ArrayList<>();
    for (Series s : series) {
      String v = s.labels.get(label);
      if (s.name.equals(name) && v != null && !out.contains(v)) {
        out.add(v);
      }
    }
    return out;
  }

  private static final class Series {
    final String name;
    final Map<String, String> labels;
    final double value;

    Series(String name, Map<String, String> labels, double value) {
      this.name = name;
      this.labels = labels;
      this.value = value;
    }
  }
}
