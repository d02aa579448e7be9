package dev.vigil.server.rules;

import dev.vigil.server.model.StaleNaN;
import java.util.Arrays;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The expanding value notation of unit-test input series: {@code 1 2 3}, {@code 1+2x3}
 * (1 3 5 7), {@code 5-1x2} (5 4 3), {@code 7x2} (7 7 7), {@code _} and {@code _x3} (missing
 * points), {@code stale}, {@code Inf}, {@code -Inf}, {@code NaN}. Native histograms are refused.
 *
 * <p>The PromQL test scripts' parser ({@code promql.script.ValueSequence}) reads the same
 * notation but is package-private there; this small copy of the grammar stays until it is
 * exposed.
 */
final class SeriesValues {
  /** A guard against a typo like {@code 0+1x100000000000} eating the heap. */
  static final int MAX_POINTS = 10_000_000;

  private static final String NUM =
      "[+-]?(?:(?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?|[Ii]nf|NaN|nan)";
  private static final Pattern ITEM = Pattern.compile(
      "(" + NUM + ")(?:([+-])((?:\\d+\\.?\\d*|\\.\\d+)(?:[eE][+-]?\\d+)?)x(\\d+)|x(\\d+))?");
  private static final Pattern BLANK = Pattern.compile("_(?:x(\\d+))?");

  /** Expanded points: {@code present[i]} false for a missing one. */
  record Points(double[] values, boolean[] present) {
    int size() {
      return values.length;
    }
  }

  private double[] values = new double[16];
  private boolean[] present = new boolean[16];
  private int n;

  private SeriesValues() {}

  /** Expands {@code text}; throws IllegalArgumentException naming the bad item. */
  static Points parse(String text) {
    SeriesValues v = new SeriesValues();
    for (String item : text.trim().split("\\s+")) {
      if (!item.isEmpty()) {
        v.item(item);
      }
    }
    return new Points(Arrays.copyOf(v.values, v.n), Arrays.copyOf(v.present, v.n));
  }

  private void item(String item) {
    if (item.startsWith("{{")) {
      throw new IllegalArgumentException("native histograms are not supported: \"" + item + "\"");
    }
    Matcher b = BLANK.matcher(item);
    if (b.matches()) {
      long times = b.group(1) == null ? 1 : count(b.group(1), item);
      for (long i = 0; i < times; i++) {
        add(0, false);
      }
      return;
    }
    if (item.equals("stale")) {
      add(StaleNaN.VALUE, true);
      return;
    }
    Matcher m = ITEM.matcher(item);
    if (!m.matches()) {
      throw new IllegalArgumentException("invalid value \"" + item + "\"");
    }
    double v = number(m.group(1));
    if (m.group(5) != null) {
      long times = count(m.group(5), item);
      for (long i = 0; i <= times; i++) {
        add(v, true);
      }
      return;
    }
    if (m.group(2) == null) {
      add(v, true);
      return;
    }
    double delta = number(m.group(3)) * (m.group(2).equals("-") ? -1 : 1);
    long times = count(m.group(4), item);
    for (long i = 0; i <= times; i++) {
      add(v, true);
      // Repeated addition rather than v0 + i*delta, so values match Prometheus's to the bit.
      v += delta;
    }
  }

  private long count(String digits, String item) {
    long c;
    try {
      c = Long.parseLong(digits);
    } catch (NumberFormatException e) {
      c = Long.MAX_VALUE;
    }
    if (c + n >= MAX_POINTS) {
      throw new IllegalArgumentException("too many points in \"" + item + "\"");
    }
    return c;
  }

  private static double number(String s) {
    String t = s.startsWith("+") ? s.substring(1) : s;
    return switch (t.toLowerCase(java.util.Locale.ROOT)) {
      case "inf" -> Double.POSITIVE_INFINITY;
      case "-inf" -> Double.NEGATIVE_INFINITY;
      case "nan", "-nan" -> Double.NaN;
      default -> Double.parseDouble(t);
    };
  }

  private void add(double v, boolean p) {
    if (n == values.length) {
      values = Arrays.copyOf(values, n * 2);
      present = Arrays.copyOf(present, n * 2);
    }
    values[n] = v;
    present[n] = p;
    n++;
  }
}
