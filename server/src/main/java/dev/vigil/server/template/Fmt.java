package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import java.lang.reflect.Array;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** Go's fmt package for the Java value kinds templates see: Sprint, Sprintln, Sprintf. */
final class Fmt {
  private Fmt() {}

  // --- kinds and names ---

  static boolean isInt(Object v) {
    return v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte;
  }

  static boolean isFloat(Object v) {
    return v instanceof Double || v instanceof Float;
  }

  /** Go's type name for a value, as fmt and template errors print it. */
  static String typeName(Object v) {
    if (v == null) {
      return "<nil>";
    } else if (v instanceof String) {
      return "string";
    } else if (v instanceof Long || v instanceof Integer) {
      return "int";
    } else if (v instanceof Short) {
      return "int16";
    } else if (v instanceof Byte) {
      return "int8";
    } else if (v instanceof Double) {
      return "float64";
    } else if (v instanceof Float) {
      return "float32";
    } else if (v instanceof Boolean) {
      return "bool";
    } else if (v instanceof Labels) {
      return "map[string]string";
    } else if (v instanceof Map) {
      return "map[string]interface {}";
    } else if (v instanceof List || v.getClass().isArray()) {
      return "[]interface {}";
    } else if (v instanceof TemplateObject o) {
      return o.typeName();
    } else if (v instanceof TemplateFunction) {
      return "func(...interface {}) (interface {}, error)";
    }
    return v.getClass().getSimpleName();
  }

  /** A list view of a List or array, or null. */
  static List<?> asList(Object v) {
    if (v instanceof List<?> l) {
      return l;
    }
    if (v != null && v.getClass().isArray()) {
      int n = Array.getLength(v);
      Object[] out = new Object[n];
      for (int i = 0; i < n; i++) {
        out[i] = Array.get(v, i);
      }
      return java.util.Arrays.asList(out);
    }
    return null;
  }

  // --- Sprint family ---

  /** fmt.Sprint: spaces between operands when neither side is a string. */
  static String sprint(List<Object> args) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      Object a = args.get(i);
      if (i > 0 && !(a instanceof String) && !(args.get(i - 1) instanceof String)) {
        b.append(' ');
      }
      b.append(formatV(a));
    }
    return b.toString();
  }

  /** fmt.Sprintln: always a space between operands, and a newline. */
  static String sprintln(List<Object> args) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < args.size(); i++) {
      if (i > 0) {
        b.append(' ');
      }
      b.append(formatV(args.get(i)));
    }
    return b.append('\n').toString();
  }

  /** The %v form of a value. */
  static String formatV(Object v) {
    return format(v, 'v', new Spec());
  }

  /** Flags, width and precision of one printf directive. */
  static final class Spec {
    boolean minus;
    boolean plus;
    boolean sharp;
    boolean space;
    boolean zero;
    int width = -1;
    int prec = -1;
  }

  /** What {@link #intArg} returns for a missing, non-integer or too large argument. */
  private static final long BAD_INT = Long.MIN_VALUE;

  /**
   * The integer argument at {@code i} for a {@code *} width or precision, or {@link #BAD_INT}.
   * Go refuses magnitudes over 1e6 the same way: without the bound a template could ask for a
   * 2 GB string ({@code printf "%*d" 2000000000 1}).
   */
  private static long intArg(List<Object> args, int i) {
    if (i >= args.size() || !isInt(args.get(i))) {
      return BAD_INT;
    }
    long v = ((Number) args.get(i)).longValue();
    return v > 1_000_000 || v < -1_000_000 ? BAD_INT : v;
  }

  static String sprintf(String format, List<Object> args) {
    StringBuilder b = new StringBuilder();
    int argi = 0;
    boolean reordered = false;
    int n = format.length();
    for (int i = 0; i < n; ) {
      char c = format.charAt(i);
      if (c != '%') {
        b.append(c);
        i++;
        continue;
      }
      i++;
      Spec s = new Spec();
      flags:
      while (i < n) {
        switch (format.charAt(i)) {
          case '-' -> { s.minus = true; s.zero = false; }
          case '+' -> s.plus = true;
          case '#' -> s.sharp = true;
          case ' ' -> s.space = true;
          case '0' -> s.zero = !s.minus;
          default -> { break flags; }
        }
        i++;
      }
      // Argument index [n] before width.
      int[] idx = argIndex(format, i, argi, args.size());
      if (idx != null) {
        i = idx[0];
        argi = idx[1];
        reordered = true;
      }
      if (i < n && format.charAt(i) == '*') {
        i++;
        long w = intArg(args, argi);
        if (w != BAD_INT) {
          s.width = (int) Math.abs(w);
          if (w < 0) {
            s.minus = true;
            s.zero = false;
          }
        } else {
          b.append("%!(BADWIDTH)");
        }
        argi++;
      } else {
        int start = i;
        while (i < n && Character.isDigit(format.charAt(i))) {
          i++;
        }
        if (i > start) {
          s.width = Math.min(Integer.parseInt(format.substring(start, Math.min(i, start + 6))),
              100_000);
        }
      }
      if (i < n && format.charAt(i) == '.') {
        i++;
        idx = argIndex(format, i, argi, args.size());
        if (idx != null) {
          i = idx[0];
          argi = idx[1];
          reordered = true;
        }
        if (i < n && format.charAt(i) == '*') {
          i++;
          long p = intArg(args, argi);
          if (p != BAD_INT && p >= 0) {
            s.prec = (int) p;
          } else {
            // As in Go, a negative precision is as bad as a missing one.
            b.append("%!(BADPREC)");
          }
          argi++;
        } else {
          int start = i;
          while (i < n && Character.isDigit(format.charAt(i))) {
            i++;
          }
          s.prec = i > start
              ? Math.min(Integer.parseInt(format.substring(start, Math.min(i, start + 6))), 100_000)
              : 0;
        }
      }
      idx = argIndex(format, i, argi, args.size());
      if (idx != null) {
        i = idx[0];
        argi = idx[1];
        reordered = true;
      }
      if (i >= n) {
        b.append("%!(NOVERB)");
        break;
      }
      int verb = format.codePointAt(i);
      i += Character.charCount(verb);
      if (verb == '%') {
        b.append('%');
        continue;
      }
      if (argi >= args.size()) {
        b.append("%!").appendCodePoint(verb).append("(MISSING)");
        continue;
      }
      b.append(format(args.get(argi++), verb, s));
    }
    if (!reordered && argi < args.size()) {
      b.append("%!(EXTRA ");
      for (int k = argi; k < args.size(); k++) {
        if (k > argi) {
          b.append(", ");
        }
        Object a = args.get(k);
        b.append(a == null ? "<nil>" : typeName(a) + "=" + formatV(a));
      }
      b.append(')');
    }
    return b.toString();
  }

  /** Parses {@code [n]} at i; returns {new i, new arg index} or null. */
  private static int[] argIndex(String f, int i, int argi, int nargs) {
    if (i >= f.length() || f.charAt(i) != '[') {
      return null;
    }
    int close = f.indexOf(']', i);
    if (close < 0) {
      return null;
    }
    try {
      int k = Integer.parseInt(f.substring(i + 1, close));
      if (k >= 1 && k <= nargs) {
        return new int[] {close + 1, k - 1};
      }
    } catch (NumberFormatException e) {
      // fall through: Go prints %!v(BADINDEX); we treat it as no index
    }
    return null;
  }

  /** Formats one operand for a verb, as fmt's printArg does. */
  static String format(Object v, int verb, Spec s) {
    if (v == null) {
      return verb == 'v' ? pad("<nil>", s) : badVerb(v, verb);
    }
    if (v instanceof Boolean bo) {
      return verb == 't' || verb == 'v' ? pad(bo.toString(), s) : badVerb(v, verb);
    }
    if (isInt(v)) {
      return formatInt(((Number) v).longValue(), verb, s, v);
    }
    if (isFloat(v)) {
      double d = v instanceof Float f ? Double.parseDouble(Float.toString(f)) : (Double) v;
      return formatFloatVerb(d, verb, s, v);
    }
    if (v instanceof String str) {
      return formatString(str, verb, s, v);
    }
    if (v instanceof TemplateObject o) {
      if (verb == 'v' || verb == 's' || verb == 'q' || verb == 'x' || verb == 'X') {
        return formatString(o.toString(), verb == 'v' ? 's' : verb, s, v);
      }
      return badVerb(v, verb);
    }
    List<?> list = asList(v);
    if (list != null) {
      StringBuilder b = new StringBuilder("[");
      for (int i = 0; i < list.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        b.append(format(list.get(i), verb, s));
      }
      return b.append(']').toString();
    }
    if (v instanceof Labels l) {
      StringBuilder b = new StringBuilder("map[");
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(' ');
        }
        b.append(format(l.name(i), verb, s)).append(':').append(format(l.value(i), verb, s));
      }
      return b.append(']').toString();
    }
    if (v instanceof Map<?, ?> m) {
      StringBuilder b = new StringBuilder("map[");
      boolean first = true;
      for (Object k : Values.sortedKeys(m)) {
        if (!first) {
          b.append(' ');
        }
        first = false;
        b.append(format(k, verb, s)).append(':').append(format(m.get(k), verb, s));
      }
      return b.append(']').toString();
    }
    return verb == 'v' || verb == 's' ? pad(v.toString(), s) : badVerb(v, verb);
  }

  private static String badVerb(Object v, int verb) {
    StringBuilder b = new StringBuilder("%!").appendCodePoint(verb).append('(');
    if (v == null) {
      b.append("<nil>");
    } else {
      b.append(typeName(v)).append('=').append(formatV(v));
    }
    return b.append(')').toString();
  }

  // --- strings ---

  private static String formatString(String str, int verb, Spec s, Object orig) {
    switch (verb) {
      case 'v', 's' -> {
        if (s.prec >= 0 && str.codePointCount(0, str.length()) > s.prec) {
          str = str.substring(0, str.offsetByCodePoints(0, s.prec));
        }
        return pad(str, s);
      }
      case 'q' -> {
        if (s.sharp && str.indexOf('`') < 0 && noControl(str)) {
          return pad("`" + str + "`", s);
        }
        return pad(quote(str), s);
      }
      case 'x', 'X' -> {
        StringBuilder b = new StringBuilder();
        byte[] bytes = str.getBytes(StandardCharsets.UTF_8);
        for (int i = 0; i < bytes.length; i++) {
          if (s.space && i > 0) {
            b.append(' ');
          }
          if (s.sharp && (s.space || i == 0)) {
            b.append(verb == 'x' ? "0x" : "0X");
          }
          String h = String.format("%02x", bytes[i] & 0xff);
          b.append(verb == 'X' ? h.toUpperCase() : h);
        }
        return pad(b.toString(), s);
      }
      default -> {
        return badVerb(orig, verb);
      }
    }
  }

  private static boolean noControl(String str) {
    for (int i = 0; i < str.length(); i++) {
      char c = str.charAt(i);
      if (c < ' ' && c != '\t' || c == 0x7f) {
        return false;
      }
    }
    return true;
  }

  /** Go's strconv.Quote. */
  static String quote(String str) {
    StringBuilder b = new StringBuilder("\"");
    quoteInto(b, str, '"');
    return b.append('"').toString();
  }

  private static void quoteInto(StringBuilder b, String str, char q) {
    for (int i = 0; i < str.length(); ) {
      int cp = str.codePointAt(i);
      i += Character.charCount(cp);
      if (cp == q || cp == '\\') {
        b.append('\\').append((char) cp);
      } else if (isPrint(cp)) {
        b.appendCodePoint(cp);
      } else {
        switch (cp) {
          case 7 -> b.append("\\a");
          case '\b' -> b.append("\\b");
          case '\f' -> b.append("\\f");
          case '\n' -> b.append("\\n");
          case '\r' -> b.append("\\r");
          case '\t' -> b.append("\\t");
          case 11 -> b.append("\\v");
          default -> {
            if (cp < ' ' || cp == 0x7f) {
              b.append(String.format("\\x%02x", cp));
            } else if (cp > 0xFFFF) {
              b.append(String.format("\\U%08x", cp));
            } else {
              b.append(String.format("\\u%04x", cp));
            }
          }
        }
      }
    }
  }

  static boolean isPrint(int cp) {
    if (cp < 0x80) {
      return cp >= ' ' && cp < 0x7f;
    }
    int t = Character.getType(cp);
    return !(t == Character.CONTROL || t == Character.FORMAT || t == Character.SURROGATE
        || t == Character.UNASSIGNED || t == Character.PRIVATE_USE
        || t == Character.LINE_SEPARATOR || t == Character.PARAGRAPH_SEPARATOR
        || (t == Character.SPACE_SEPARATOR && cp != 0x20));
  }

  // --- integers ---

  private static String formatInt(long v, int verb, Spec s, Object orig) {
    boolean neg = v < 0;
    String mag = neg ? (v == Long.MIN_VALUE ? "9223372036854775808" : Long.toString(-v))
        : Long.toString(v);
    java.math.BigInteger big = java.math.BigInteger.valueOf(v).abs();
    String prefix = "";
    String digits;
    switch (verb) {
      case 'd', 'v' -> digits = mag;
      case 'b' -> digits = big.toString(2);
      case 'o', 'O' -> {
        digits = big.toString(8);
        if (verb == 'O') {
          prefix = "0o";
        } else if (s.sharp) {
          prefix = "0";
        }
      }
      case 'x' -> {
        digits = big.toString(16);
        prefix = s.sharp ? "0x" : "";
      }
      case 'X' -> {
        digits = big.toString(16).toUpperCase();
        prefix = s.sharp ? "0X" : "";
      }
      case 'c' -> {
        return pad(validRune(v) ? new String(Character.toChars((int) v)) : "\uFFFD", s);
      }
      case 'q' -> {
        StringBuilder b = new StringBuilder("'");
        int cp = validRune(v) ? (int) v : 0xFFFD;
        if (cp == '\'') {
          b.append("\\'");
        } else if (cp == '"') {
          b.append('"');
        } else {
          quoteInto(b, new String(Character.toChars(cp)), '\'');
        }
        return pad(b.append('\'').toString(), s);
      }
      case 'U' -> {
        String h = Long.toHexString(v).toUpperCase();
        while (h.length() < 4) {
          h = "0" + h;
        }
        return pad("U+" + h, s);
      }
      case 'e', 'E', 'f', 'F', 'g', 'G', 's', 't' -> {
        return badVerb(orig, verb);
      }
      default -> {
        return badVerb(orig, verb);
      }
    }
    if (s.prec >= 0) {
      if (s.prec == 0 && v == 0) {
        digits = "";
      }
      while (digits.length() < s.prec) {
        digits = "0" + digits;
      }
    }
    String sign = neg ? "-" : s.plus ? "+" : s.space ? " " : "";
    return padNumber(sign + prefix, digits, s, s.prec < 0);
  }

  private static boolean validRune(long v) {
    return v >= 0 && v <= 0x10FFFF && !(v >= 0xD800 && v < 0xE000);
  }

  // --- floats ---

  private static String formatFloatVerb(double d, int verb, Spec s, Object orig) {
    char fmt;
    int prec = s.prec;
    switch (verb) {
      case 'v' -> {
        fmt = 'g';
        prec = s.prec;
      }
      case 'e', 'E', 'f', 'F', 'g', 'G' -> {
        fmt = (char) verb;
        if (prec < 0 && verb != 'g' && verb != 'G') {
          prec = 6;
        }
      }
      default -> {
        return badVerb(orig, verb);
      }
    }
    String num = GoFloat.format(d, fmt == 'F' ? 'f' : fmt, prec);
    if (Double.isNaN(d) || Double.isInfinite(d)) {
      Spec nz = copy(s);
      nz.zero = false;
      if (Double.isNaN(d)) {
        num = s.plus ? "+NaN" : s.space ? " NaN" : "NaN";
      } else if (d > 0 && s.space && !s.plus) {
        num = " Inf";
      }
      return pad(num, nz);
    }
    String sign = "";
    if (num.startsWith("-")) {
      sign = "-";
      num = num.substring(1);
    } else if (s.plus) {
      sign = "+";
    } else if (s.space) {
      sign = " ";
    }
    if (s.sharp && fmt != 'e' && fmt != 'E' && !num.contains(".")) {
      // Go keeps a decimal point with '#'; rare in templates, handled for %g/%f roughly.
      int e = num.indexOf('e');
      num = e < 0 ? num + "." : num.substring(0, e) + "." + num.substring(e);
    }
    return padNumber(sign, num, s, true);
  }

  private static Spec copy(Spec s) {
    Spec c = new Spec();
    c.minus = s.minus;
    c.plus = s.plus;
    c.sharp = s.sharp;
    c.space = s.space;
    c.zero = s.zero;
    c.width = s.width;
    c.prec = s.prec;
    return c;
  }

  // --- padding ---

  static String pad(String str, Spec s) {
    int n = str.codePointCount(0, str.length());
    if (s.width <= n) {
      return str;
    }
    String fill = (s.zero && !s.minus ? "0" : " ").repeat(s.width - n);
    return s.minus ? str + " ".repeat(s.width - n) : fill + str;
  }

  /** Pads a number: zero padding goes between the sign/prefix and the digits. */
  private static String padNumber(String sign, String digits, Spec s, boolean zeroAllowed) {
    int n = sign.length() + digits.length();
    if (s.width <= n) {
      return sign + digits;
    }
    if (s.minus) {
      return sign + digits + " ".repeat(s.width - n);
    }
    if (s.zero && zeroAllowed) {
      return sign + "0".repeat(s.width - n) + digits;
    }
    return " ".repeat(s.width - n) + sign + digits;
  }
}
