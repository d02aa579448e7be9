package dev.vigil.server.template;

import java.math.BigInteger;

/** Go literal syntax: number constants and interpreted string literals. */
final class GoNumbers {
  private GoNumbers() {}

  /**
   * Parses a Go number literal as the template engine types it: Long when it is an integer
   * literal, Double when it has a fraction or exponent (Go's untyped float constants); null when
   * malformed.
   */
  static Object parseLiteral(String s) {
    String t = s;
    boolean neg = false;
    if (t.startsWith("+") || t.startsWith("-")) {
      neg = t.charAt(0) == '-';
      t = t.substring(1);
    }
    if (t.isEmpty() || t.startsWith("_") || t.endsWith("_") || t.contains("__")) {
      return null;
    }
    t = t.replace("_", "");
    String lower = t.toLowerCase();
    try {
      if (lower.startsWith("0x")) {
        if (lower.contains("p") || lower.contains(".")) {
          double d = Double.parseDouble((neg ? "-" : "") + t);
          return d;
        }
        return integer(new BigInteger(t.substring(2), 16), neg);
      }
      if (lower.startsWith("0o")) {
        return integer(new BigInteger(t.substring(2), 8), neg);
      }
      if (lower.startsWith("0b")) {
        return integer(new BigInteger(t.substring(2), 2), neg);
      }
      if (lower.contains(".") || lower.contains("e")) {
        if (lower.contains("inf") || lower.contains("nan") || lower.contains("d")
            || lower.contains("f")) {
          return null;
        }
        return Double.parseDouble((neg ? "-" : "") + t);
      }
      for (int i = 0; i < t.length(); i++) {
        if (!Character.isDigit(t.charAt(i)) || t.charAt(i) > '9') {
          return null;
        }
      }
      if (t.length() > 1 && t.startsWith("0")) {
        return integer(new BigInteger(t.substring(1), 8), neg); // Go's legacy octal
      }
      return integer(new BigInteger(t), neg);
    } catch (NumberFormatException e) {
      return null;
    }
  }

  private static Object integer(BigInteger v, boolean neg) {
    if (neg) {
      v = v.negate();
    }
    if (v.bitLength() < 64) {
      return v.longValue();
    }
    return v.doubleValue(); // Go would report an overflow of int; a float keeps the value usable
  }

  /** Go's strconv.Unquote for "..." and '...' literals; null when malformed. */
  static String unquote(String s) {
    if (s.length() < 2) {
      return null;
    }
    char q = s.charAt(0);
    if (s.charAt(s.length() - 1) != q) {
      return null;
    }
    StringBuilder b = new StringBuilder();
    String body = s.substring(1, s.length() - 1);
    for (int i = 0; i < body.length(); i++) {
      char c = body.charAt(i);
      if (c == q || c == '\n') {
        return null;
      }
      if (c != '\\') {
        b.append(c);
        continue;
      }
      if (++i >= body.length()) {
        return null;
      }
      char e = body.charAt(i);
      switch (e) {
        case 'a' -> b.append('\u0007');
        case 'b' -> b.append('\b');
        case 'f' -> b.append('\f');
        case 'n' -> b.append('\n');
        case 'r' -> b.append('\r');
        case 't' -> b.append('\t');
        case 'v' -> b.append('\u000b');
        case '\\' -> b.append('\\');
        case '\'', '"' -> {
          if (e != q) {
            return null;
          }
          b.append(e);
        }
        case 'x', 'u', 'U' -> {
          int n = e == 'x' ? 2 : e == 'u' ? 4 : 8;
          if (i + n >= body.length() + 0 && i + n > body.length() - 1 + 1) {
            return null;
          }
          if (i + 1 + n > body.length()) {
            return null;
          }
          int v;
          try {
            v = Integer.parseUnsignedInt(body.substring(i + 1, i + 1 + n), 16);
          } catch (NumberFormatException ex) {
            return null;
          }
          if (e == 'x') {
            // A byte: only meaningful as UTF-8 together with its neighbours; keep ASCII exact.
            b.append((char) v);
          } else {
            if (v > 0x10FFFF || (v >= 0xD800 && v < 0xE000)) {
              return null;
            }
            b.appendCodePoint(v);
          }
          i += n;
        }
        case '0', '1', '2', '3', '4', '5', '6', '7' -> {
          if (i + 3 > body.length()) {
            return null;
          }
          int v;
          try {
            v = Integer.parseInt(body.substring(i, i + 3), 8);
          } catch (NumberFormatException ex) {
            return null;
          }
          if (v > 255) {
            return null;
          }
          b.append((char) v);
          i += 2;
        }
        default -> {
          return null;
        }
      }
    }
    return b.toString();
  }
}
