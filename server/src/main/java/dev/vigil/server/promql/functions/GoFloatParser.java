package dev.vigil.server.promql.functions;

/**
 * Checks a string against Go's {@code ParseFloat} syntax, then lets Java's correctly rounding
 * parser compute the value. Java alone would accept more ({@code "1d"}, {@code " 1"},
 * {@code "Infinity"} only in one case) and less ({@code "inf"}, underscores in hex).
 */
final class GoFloatParser {
  private GoFloatParser() {}

  static double parse(String s) {
    int n = s.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      negative = s.charAt(i) == '-';
      i++;
    }
    String rest = s.substring(i);
    if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (i == 0 && rest.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    boolean hex = n - i > 2 && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x';
    String cleaned = hex ? checkHex(s, i + 2) : checkDecimal(s, i);
    double v = Double.parseDouble(cleaned);
    if (Double.isInfinite(v)) {
      throw new NumberFormatException("value out of range: \"" + s + "\"");
    }
    return v;
  }

  private static String checkDecimal(String s, int start) {
    int n = s.length();
    int i = start;
    int digits = 0;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && isDigit(s.charAt(i))) {
        i++;
        digits++;
      }
    }
    if (digits == 0) {
      throw invalid(s, i);
    }
    if (i < n && (s.charAt(i) | 0x20) == 'e') {
      i = exponentDigits(s, i + 1);
    }
    if (i != n) {
      throw invalid(s, i);
    }
    return s;
  }

  /** Hex mantissa with a required binary exponent; underscores only between digits. */
  private static String checkHex(String s, int start) {
    int n = s.length();
    StringBuilder out = new StringBuilder(n).append(s, 0, start);
    int i = start;
    int digits = 0;
    boolean afterDigitOrPrefix = true;
    boolean dotSeen = false;
    for (; i < n; i++) {
      char c = s.charAt(i);
      if (Character.digit(c, 16) >= 0) {
        digits++;
        afterDigitOrPrefix = true;
        out.append(c);
      } else if (c == '_') {
        if (!afterDigitOrPrefix || i + 1 >= n || Character.digit(s.charAt(i + 1), 16) < 0) {
          throw invalid(s, i);
        }
        afterDigitOrPrefix = false;
      } else if (c == '.' && !dotSeen) {
        dotSeen = true;
        afterDigitOrPrefix = false;
        out.append(c);
      } else {
        break;
      }
    }
    if (digits == 0 || i >= n || (s.charAt(i) | 0x20) != 'p') {
      throw invalid(s, i);
    }
    int end = exponentDigits(s, i + 1);
    if (end != n) {
      throw invalid(s, end);
    }
    return out.append(s, i, n).toString();
  }

  /** Index after an optionally signed, non-empty run of decimal digits starting at i. */
  private static int exponentDigits(String s, int i) {
    int n = s.length();
    if (i < n && (s.charAt(i) == '+' || s.charAt(i) == '-')) {
      i++;
    }
    int startDigits = i;
    while (i < n && isDigit(s.charAt(i))) {
      i++;
    }
    if (i == startDigits) {
      throw invalid(s, i);
    }
    return i;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static NumberFormatException invalid(String s, int pos) {
    return new NumberFormatException(
        "invalid float syntax: \"" + s + "\" at position " + pos);
  }
}
