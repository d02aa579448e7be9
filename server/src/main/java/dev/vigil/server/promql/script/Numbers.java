package dev.vigil.server.promql.script;

import dev.vigil.server.model.StaleNaN;

/** Numbers as scripts write them (Go's ParseFloat rules) and as failure reports print them. */
final class Numbers {
  private Numbers() {}

  /**
   * Parses a float the way Go's strconv.ParseFloat does for the forms scripts use: decimal with
   * optional exponent, {@code Inf}/{@code Infinity}/{@code NaN} in any case, an optional sign.
   * Throws NumberFormatException otherwise.
   */
  static double parse(String s) {
    if (s.isEmpty()) {
      throw new NumberFormatException("empty number");
    }
    int start = s.charAt(0) == '+' || s.charAt(0) == '-' ? 1 : 0;
    String body = s.substring(start);
    boolean negative = s.charAt(0) == '-';
    if (body.equalsIgnoreCase("inf") || body.equalsIgnoreCase("infinity")) {
      return negative ? Double.NEGATIVE_INFINITY : Double.POSITIVE_INFINITY;
    }
    if (body.equalsIgnoreCase("nan")) {
      return Double.NaN;
    }
    // Java also takes "1d", "1f", hex floats and surrounding spaces; Go does not.
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (!(c >= '0' && c <= '9') && c != '.' && c != 'e' && c != 'E' && c != '+' && c != '-') {
        throw new NumberFormatException("invalid number \"" + s + "\"");
      }
    }
    return Double.parseDouble(s);
  }

  /** Shortest readable form: {@code 5}, {@code 0.25}, {@code 1e+21}, {@code NaN}, {@code stale}. */
  static String format(double v) {
    if (StaleNaN.is(v)) {
      return "stale";
    }
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
