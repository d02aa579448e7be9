package dev.vigil.server.rules;

import java.math.BigDecimal;

/** Numbers written the way Go's strconv writes them, for outputs that must match Prometheus's. */
public final class GoFloats {
  private GoFloats() {}

  /**
   * {@code strconv.FormatFloat(v, 'e', -1, 64)}: the shortest digits that read back as
   * {@code v}, in exponent form with at least two exponent digits: {@code 1e+00},
   * {@code 2.5e-01}, {@code 1.23456e+02}; {@code NaN}, {@code +Inf}, {@code -Inf}.
   */
  public static String exponent(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "+Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0 ? "-" : "") + "0e+00";
    }
    // Double.toString gives the shortest round-tripping digits, as Go's -1 precision does
    // (exactly so from JDK 19; JDK 17 may add a digit for a few rare values).
    BigDecimal d = new BigDecimal(Double.toString(v)).stripTrailingZeros();
    String digits = d.unscaledValue().abs().toString();
    int exp = digits.length() - 1 - d.scale();
    StringBuilder sb = new StringBuilder(v < 0 ? "-" : "");
    sb.append(digits.charAt(0));
    if (digits.length() > 1) {
      sb.append('.').append(digits, 1, digits.length());
    }
    sb.append('e').append(exp < 0 ? '-' : '+');
    if (Math.abs(exp) < 10) {
      sb.append('0');
    }
    return sb.append(Math.abs(exp)).toString();
  }
}
