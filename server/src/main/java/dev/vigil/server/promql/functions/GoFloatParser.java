package dev.vigil.server.promql.functions;

/**
 * Checks a string against Go's {@code ParseFloat} syntax, then lets Java's correctly rounding
 * parser compute the value. Java alone would accept more ({@code "1d"}, {@code " 1"},
 * {@code "0x1"}-style oddities) and less ({@code "inf"}, {@code "1_000"}).
 */
final class GoFloatParser {
  private GoFloatParser() {}

  static double parse(String s) {
    String body = s;
    if (s.indexOf('_') >= 0) {
      if (!underscoresOk(s)) {
        throw invalid(s, s.indexOf('_'));
      }
      body = s.replace("_", "");
    }
    int n = body.length();
    int i = 0;
    boolean negative = false;
    if (i < n && (body.charAt(i) == '+' || body.charAt(i) == '-')) {
      negative = body.charAt(i) == '-';
      i++;
    }
    String rest = body.substring(i);
    if (rest.equalsIgnoreCase("inf") || rest.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (i == 0 && rest.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    boolean hex = n - i > 2 && body.charAt(i) == '0' && (body.charAt(i + 1) | 0x20) == 'x';
    int end = hex ? hexEnd(body, i + 2) : decimalEnd(body, i);
    if (end != n) {
      throw invalid(s, end);
    }
    double v = Double.parseDouble(body);
    if (Double.isInfinite(v)) {
      throw new NumberFormatException("value out of range: \"" + s + "\"");
    }
    return v;
  }

  /** Where a decimal float starting at {@code start} ends; throws if it has no digits. */
  private static int decimalEnd(String s, int start) {
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
      i = exponentEnd(s, i + 1);
    }
    return i;
  }

  /** Where a hex mantissa after "0x" and its required binary exponent end. */
  private static int hexEnd(String s, int start) {
    int n = s.length();
    int i = start;
    int digits = 0;
    while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
      i++;
      digits++;
    }
    if (i < n && s.charAt(i) == '.') {
      i++;
      while (i < n && Character.digit(s.charAt(i), 16) >= 0) {
        i++;
        digits++;
      }
    }
    if (digits == 0 || i >= n || (s.charAt(i) | 0x20) != 'p') {
      throw invalid(s, i);
    }
    return exponentEnd(s, i + 1);
  }

  /** Index after an optionally signed, non-empty run of decimal digits starting at i. */
  private static int exponentEnd(String s, int i) {
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

  /**
   * Go's rule for digit separators: an underscore must sit between two digits, or between a
   * base prefix ("0x") and a digit.
   */
  private static boolean underscoresOk(String s) {
    int i = 0;
    if (!s.isEmpty() && (s.charAt(0) == '+' || s.charAt(0) == '-')) {
      i = 1;
    }
    char saw = '^'; // ^ start, 0 digit or prefix, _ underscore, ! anything else
    boolean hex = false;
    if (s.length() - i >= 2 && s.charAt(i) == '0' && (s.charAt(i + 1) | 0x20) == 'x') {
      i += 2;
      saw = '0';
      hex = true;
    }
    for (; i < s.length(); i++) {
      char c = s.charAt(i);
      if (isDigit(c) || (hex && Character.digit(c, 16) >= 0)) {
        saw = '0';
      } else if (c == '_') {
        if (saw != '0') {
          return false;
        }
        saw = '_';
      } else {
        if (saw == '_') {
          return false;
        }
        saw = '!';
      }
    }
    return saw != '_';
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static NumberFormatException invalid(String s, int pos) {
    return new NumberFormatException(
        "invalid float syntax: \"" + s + "\" at position " + pos);
  }
}
