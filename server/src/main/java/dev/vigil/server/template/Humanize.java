package dev.vigil.server.template;

import java.util.List;

/** Prometheus's number humanizing and conversion helpers, with Go's %.4g formatting. */
final class Humanize {
  private Humanize() {}

  private static final String[] BIG = {"k", "M", "G", "T", "P", "E", "Z", "Y"};
  private static final String[] SMALL = {"m", "u", "n", "p", "f", "a", "z", "y"};
  private static final String[] BINARY = {"ki", "Mi", "Gi", "Ti", "Pi", "Ei", "Zi", "Yi"};

  private static String g4(double v, String suffix) {
    return Fmt.sprintf("%.4g", List.of(v)) + suffix;
  }

  static String humanize(double v) {
    if (v == 0 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    String prefix = "";
    if (Math.abs(v) >= 1) {
      for (String p : BIG) {
        if (Math.abs(v) < 1000) {
          break;
        }
        prefix = p;
        v /= 1000;
      }
      return g4(v, prefix);
    }
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v, prefix);
  }

  static String humanize1024(double v) {
    if (Math.abs(v) <= 1 || Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    String prefix = "";
    for (String p : BINARY) {
      if (Math.abs(v) < 1024) {
        break;
      }
      prefix = p;
      v /= 1024;
    }
    return g4(v, prefix);
  }

  static String duration(double v) {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      return g4(v, "");
    }
    if (v == 0) {
      return g4(v, "s");
    }
    if (Math.abs(v) >= 1) {
      String sign = "";
      if (v < 0) {
        sign = "-";
        v = -v;
      }
      long d = floatToInt64(v);
      long seconds = d % 60;
      long minutes = (d / 60) % 60;
      long hours = (d / 60 / 60) % 24;
      long days = d / 60 / 60 / 24;
      if (days != 0) {
        return sign + days + "d " + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (hours != 0) {
        return sign + hours + "h " + minutes + "m " + seconds + "s";
      }
      if (minutes != 0) {
        return sign + minutes + "m " + seconds + "s";
      }
      return sign + g4(v, "s");
    }
    String prefix = "";
    for (String p : SMALL) {
      if (Math.abs(v) >= 1) {
        break;
      }
      prefix = p;
      v *= 1000;
    }
    return g4(v, prefix + "s");
  }

  /** Go's int64(f) for in-range values; saturates instead of Go's undefined result. */
  static long floatToInt64(double v) {
    return (long) v;
  }

  /** Prometheus's convertToFloat: numbers, numeric strings (strconv.ParseFloat), durations. */
  static double toFloat(Object o) throws TemplateException {
    if (o instanceof Number n) {
      return n.doubleValue();
    }
    if (o instanceof String s) {
      return parseFloat(s);
    }
    if (o instanceof GoDuration d) {
      return d.nanos() / 1e9;
    }
    throw new TemplateException("can't convert " + Fmt.typeName(o) + " to float");
  }

  private static final java.util.regex.Pattern DECIMAL = java.util.regex.Pattern.compile(
      "[+-]?(\\d+(_\\d+)*(\\.(\\d+(_\\d+)*)?)?|\\.\\d+(_\\d+)*)([eE][+-]?\\d+(_\\d+)*)?");
  private static final java.util.regex.Pattern HEX = java.util.regex.Pattern.compile(
      "[+-]?0[xX][0-9a-fA-F_]*(\\.[0-9a-fA-F_]*)?[pP][+-]?\\d+");

  /** Go's strconv.ParseFloat(s, 64). */
  static double parseFloat(String s) throws TemplateException {
    String lower = s.toLowerCase(java.util.Locale.ROOT);
    String unsigned = lower.startsWith("+") || lower.startsWith("-") ? lower.substring(1) : lower;
    boolean neg = lower.startsWith("-");
    if (unsigned.equals("inf") || unsigned.equals("infinity")) {
      return neg ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (unsigned.equals("nan")) {
      return Double.NaN;
    }
    try {
      if (DECIMAL.matcher(s).matches() && !s.contains("_")) {
        double d = Double.parseDouble(s);
        if (Double.isInfinite(d)) {
          throw new TemplateException("strconv.ParseFloat: parsing " + Fmt.quote(s)
              + ": value out of range");
        }
        return d;
      }
      if (HEX.matcher(s).matches()) {
        return Double.parseDouble(s.replace("_", ""));
      }
    } catch (NumberFormatException e) {
      // fall through to the syntax error
    }
    throw new TemplateException("strconv.ParseFloat: parsing " + Fmt.quote(s)
        + ": invalid syntax");
  }

  /** Prometheus's floatToTime: seconds → UTC time with millisecond precision. */
  static GoTime toTime(double v) throws TemplateException {
    double ts = v * 1e9;
    if (ts > 9.223372036854775807E18 || ts < -9.223372036854775808E18) {
      throw new TemplateException(Fmt.formatV(v)
          + " cannot be represented as a nanoseconds timestamp since it overflows int64");
    }
    long nanos = (long) ts;
    return PrometheusTemplates.utc(nanos / 1_000_000);
  }

  /** Prometheus's model.ParseDuration, in milliseconds. */
  static long parseDuration(String s) throws TemplateException {
    if (s.equals("0")) {
      return 0;
    }
    if (s.isEmpty()) {
      throw new TemplateException("empty duration string");
    }
    String bad = "not a valid duration string: " + Fmt.quote(s);
    long total = 0;
    int lastUnit = 0;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        throw new TemplateException(bad);
      }
      long v;
      try {
        v = Long.parseLong(s.substring(start, i));
      } catch (NumberFormatException e) {
        throw new TemplateException(bad);
      }
      int us = i;
      while (i < s.length() && !(s.charAt(i) >= '0' && s.charAt(i) <= '9')) {
        i++;
      }
      String unit = s.substring(us, i);
      if (unit.isEmpty()) {
        throw new TemplateException(bad);
      }
      long mult;
      int pos;
      switch (unit) {
        case "y" -> { mult = 365L * 24 * 3600_000; pos = 1; }
        case "w" -> { mult = 7L * 24 * 3600_000; pos = 2; }
        case "d" -> { mult = 24L * 3600_000; pos = 3; }
        case "h" -> { mult = 3600_000L; pos = 4; }
        case "m" -> { mult = 60_000L; pos = 5; }
        case "s" -> { mult = 1000L; pos = 6; }
        case "ms" -> { mult = 1L; pos = 7; }
        default -> throw new TemplateException("unknown unit " + Fmt.quote(unit) + " in duration "
            + Fmt.quote(s));
      }
      if (pos <= lastUnit) {
        throw new TemplateException(bad);
      }
      lastUnit = pos;
      // Go checks against time.Duration (nanoseconds) overflow.
      if (v > Long.MAX_VALUE / (mult * 1_000_000)) {
        throw new TemplateException("duration out of range");
      }
      total += v * mult;
      if (total > Long.MAX_VALUE / 1_000_000) {
        throw new TemplateException("duration out of range");
      }
    }
    return total;
  }
}
