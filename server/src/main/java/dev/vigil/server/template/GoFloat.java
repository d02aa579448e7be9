package dev.vigil.server.template;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;

/** Go's strconv.FormatFloat for 64-bit floats, on exact decimal expansions (BigDecimal). */
final class GoFloat {
  private GoFloat() {}

  /**
   * strconv.FormatFloat(d, fmt, prec, 64) for fmt in e, E, f, g, G; prec -1 means the shortest
   * representation that reads back as d.
   */
  static String format(double d, char fmt, int prec) {
    if (Double.isNaN(d)) {
      return "NaN";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "+Inf" : "-Inf";
    }
    boolean neg = d < 0 || (d == 0 && 1 / d < 0);
    double a = Math.abs(d);
    String digits;
    int dp;
    boolean shortest = prec < 0;
    if (a == 0) {
      digits = "";
      dp = 0;
    } else {
      BigDecimal exact = new BigDecimal(a);
      BigDecimal r;
      if (shortest) {
        r = null;
        for (int p = 1; p <= 17; p++) {
          BigDecimal c = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
          if (c.doubleValue() == a) {
            r = c;
            break;
          }
        }
        if (r == null) {
          r = exact.round(new MathContext(17, RoundingMode.HALF_EVEN));
        }
      } else if (fmt == 'f') {
        r = exact.setScale(prec, RoundingMode.HALF_EVEN);
      } else {
        int p = fmt == 'e' || fmt == 'E' ? prec + 1 : Math.max(prec, 1);
        r = exact.round(new MathContext(p, RoundingMode.HALF_EVEN));
      }
      if (r.signum() == 0) {
        digits = "";
        dp = 0;
      } else {
        r = r.stripTrailingZeros();
        digits = r.unscaledValue().toString();
        dp = digits.length() - r.scale();
      }
    }
    int nd = digits.length();
    StringBuilder b = new StringBuilder();
    if (neg) {
      b.append('-');
    }
    switch (fmt) {
      case 'e', 'E' -> {
        if (shortest) {
          prec = Math.max(nd - 1, 0);
        }
        fmtE(b, digits, dp, prec, fmt);
      }
      case 'f' -> {
        if (shortest) {
          prec = Math.max(nd - dp, 0);
        }
        fmtF(b, digits, dp, prec);
      }
      default -> { // g, G
        int eprec = prec;
        if (shortest) {
          eprec = 6;
          prec = nd;
        } else {
          if (prec == 0) {
            prec = 1;
          }
          eprec = prec;
          if (eprec > nd && nd >= dp) {
            eprec = nd;
          }
        }
        int exp = dp - 1;
        if (exp < -4 || exp >= eprec) {
          if (prec > nd) {
            prec = nd;
          }
          fmtE(b, digits, dp, Math.max(prec - 1, 0), fmt == 'G' ? 'E' : 'e');
        } else {
          if (prec > dp) {
            prec = nd;
          }
          fmtF(b, digits, dp, Math.max(prec - dp, 0));
        }
      }
    }
    return b.toString();
  }

  private static void fmtE(StringBuilder b, String d, int dp, int prec, char fmt) {
    int nd = d.length();
    b.append(nd == 0 ? '0' : d.charAt(0));
    if (prec > 0) {
      b.append('.');
      int i = 1;
      int m = Math.min(nd, prec + 1);
      if (i < m) {
        b.append(d, i, m);
        i = m;
      }
      for (; i <= prec; i++) {
        b.append('0');
      }
    }
    b.append(fmt);
    int exp = nd == 0 ? 0 : dp - 1;
    if (exp < 0) {
      b.append('-');
      exp = -exp;
    } else {
      b.append('+');
    }
    if (exp < 10) {
      b.append('0');
    }
    b.append(exp);
  }

  private static void fmtF(StringBuilder b, String d, int dp, int prec) {
    int nd = d.length();
    if (dp > 0) {
      int m = Math.min(nd, dp);
      b.append(d, 0, m);
      for (; m < dp; m++) {
        b.append('0');
      }
    } else {
      b.append('0');
    }
    if (prec > 0) {
      b.append('.');
      for (int i = 0; i < prec; i++) {
        int j = dp + i;
        b.append(j >= 0 && j < nd ? d.charAt(j) : '0');
      }
    }
  }

}
