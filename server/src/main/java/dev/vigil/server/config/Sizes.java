package dev.vigil.server.config;

import java.math.BigDecimal;

/**
 * Prometheus sizes ({@code <size>}): a number with a required unit B, KB, MB, GB, TB, PB, EB
 * (or KiB ... EiB), powers of 1024 as the spec says ("1KB is 1024B"); {@code 0} alone means no
 * limit. Like Prometheus, fractions ({@code 1.5GB}) and sums ({@code 1GB512MB}) are accepted.
 */
public final class Sizes {
  private static final String[] PREFIXES = {"K", "M", "G", "T", "P", "E"};

  private Sizes() {}

  /** Parses {@code s} to a byte count; throws IllegalArgumentException with a short reason. */
  public static long parse(String s) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty size");
    }
    if (s.equals("0")) {
      return 0;
    }
    BigDecimal total = BigDecimal.ZERO;
    int i = 0;
    while (i < s.length()) {
      int start = i;
      while (i < s.length() && (Character.isDigit(s.charAt(i)) || s.charAt(i) == '.')) {
        i++;
      }
      String number = s.substring(start, i);
      int unitStart = i;
      while (i < s.length() && Character.isLetter(s.charAt(i))) {
        i++;
      }
      String unit = s.substring(unitStart, i);
      if (number.isEmpty() || number.equals(".")) {
        throw new IllegalArgumentException("invalid size \"" + s + "\"");
      }
      long mult = unitBytes(unit);
      if (mult < 0) {
        throw new IllegalArgumentException(unit.isEmpty()
            ? "invalid size \"" + s + "\": a unit is required (B, KB, MB, GB, TB, PB, EB)"
            : "invalid size \"" + s + "\": unknown unit \"" + unit + "\"");
      }
      BigDecimal n;
      try {
        n = new BigDecimal(number);
      } catch (NumberFormatException e) {
        throw new IllegalArgumentException("invalid size \"" + s + "\"");
      }
      total = total.add(n.multiply(BigDecimal.valueOf(mult)));
    }
    if (total.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) > 0) {
      throw new IllegalArgumentException("size out of range: \"" + s + "\"");
    }
    return total.longValue();
  }

  private static long unitBytes(String unit) {
    if (unit.equals("B")) {
      return 1;
    }
    long m = 1;
    for (String p : PREFIXES) {
      m *= 1024;
      if (unit.equals(p + "B") || unit.equals(p + "iB")) {
        return m;
      }
    }
    return -1;
  }
}
