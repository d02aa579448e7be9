package dev.vigil.server.config;

import java.time.Duration;

/**
 * Prometheus durations: {@code 1y2w3d4h5m6s7ms}, units in this order, each at most once, integer
 * counts, {@code 0} alone allowed; a year is 365 days and a week 7 days. No sign, no fractions,
 * no spaces, no empty string.
 */
public final class Durations {
  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] MILLIS = {
    365L * 24 * 3600 * 1000, 7L * 24 * 3600 * 1000, 24L * 3600 * 1000, 3600L * 1000, 60L * 1000,
    1000L, 1L
  };
  // Go's time.Duration is int64 nanoseconds; larger values are out of range in Prometheus too.
  private static final long MAX_MILLIS = Long.MAX_VALUE / 1_000_000;

  private Durations() {}

  /** Parses {@code s}; throws IllegalArgumentException with a short reason. */
  public static Duration parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty duration string");
    }
    if (s.equals("0")) {
      return Duration.ZERO;
    }
    long total = 0;
    int next = 0; // the first unit still allowed
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && s.charAt(i) >= '0' && s.charAt(i) <= '9') {
        i++;
      }
      if (i == start) {
        throw invalid(s);
      }
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      int u = indexOf(unit, next);
      if (u < 0) {
        throw invalid(s);
      }
      next = u + 1;
      long count;
      try {
        count = Long.parseLong(s.substring(start, unitStart));
        total = Math.addExact(total, Math.multiplyExact(count, MILLIS[u]));
      } catch (ArithmeticException | NumberFormatException e) {
        throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
      }
      if (total > MAX_MILLIS) {
        throw new IllegalArgumentException("duration out of range: \"" + s + "\"");
      }
    }
    return Duration.ofMillis(total);
  }

  private static int indexOf(String unit, int from) {
    for (int u = from; u < UNITS.length; u++) {
      if (UNITS[u].equals(unit)) {
        return u;
      }
    }
    return -1;
  }

  private static IllegalArgumentException invalid(String s) {
    return new IllegalArgumentException("invalid duration \"" + s + "\"");
  }

  /**
   * Formats as Prometheus prints durations: {@code 0s}, {@code 1m30s}, {@code 1d}, {@code 2w};
   * years, weeks and days only when they divide the duration exactly.
   */
  public static String format(Duration d) {
    long ms = d.toMillis();
    if (ms == 0) {
      return "0s";
    }
    StringBuilder sb = new StringBuilder();
    for (int u = 0; u < UNITS.length; u++) {
      boolean exactOnly = u <= 2;
      if (exactOnly && ms % MILLIS[u] != 0) {
        continue;
      }
      long v = ms / MILLIS[u];
      if (v > 0) {
        sb.append(v).append(UNITS[u]);
        ms -= v * MILLIS[u];
      }
    }
    return sb.toString();
  }
}
