package dev.vigil.server.template;

import dev.vigil.server.model.Labels;
import java.util.List;
import java.util.Map;

/** Go's json.Marshal for template values (maps sorted by key, HTML characters escaped). */
final class Json {
  private Json() {}

  static String write(Object v) throws TemplateException {
    StringBuilder b = new StringBuilder();
    write(b, v, 0);
    return b.toString();
  }

  private static void write(StringBuilder b, Object v, int depth) throws TemplateException {
    if (depth > 1000) {
      throw new TemplateException("json: unsupported value: nesting too deep");
    }
    boolean struct = false;
    if (v instanceof AmData.JsonValue j) {
      v = j.jsonValue();
      struct = true; // Go writes struct fields in declaration order, maps sorted by key
    }
    if (v == null || v == Values.NO_VALUE) {
      b.append("null");
    } else if (v instanceof String s) {
      string(b, s);
    } else if (v instanceof Boolean) {
      b.append(v);
    } else if (Fmt.isInt(v)) {
      b.append(((Number) v).longValue());
    } else if (Fmt.isFloat(v)) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw new TemplateException("json: unsupported value: " + Fmt.formatV(d));
      }
      b.append(floatText(d));
    } else if (v instanceof GoTime t) {
      string(b, t.format("2006-01-02T15:04:05.999999999Z07:00"));
    } else if (v instanceof GoDuration d) {
      b.append(d.nanos());
    } else if (v instanceof Labels l) {
      b.append('{');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        string(b, l.name(i));
        b.append(':');
        string(b, l.value(i));
      }
      b.append('}');
    } else if (v instanceof Map<?, ?> m) {
      b.append('{');
      boolean first = true;
      for (Object k : struct ? List.copyOf(m.keySet()) : Values.sortedKeys(m)) {
        if (!first) {
          b.append(',');
        }
        first = false;
        string(b, String.valueOf(k));
        b.append(':');
        write(b, m.get(k), depth + 1);
      }
      b.append('}');
    } else if (Fmt.asList(v) != null) {
      List<?> l = Fmt.asList(v);
      b.append('[');
      for (int i = 0; i < l.size(); i++) {
        if (i > 0) {
          b.append(',');
        }
        write(b, l.get(i), depth + 1);
      }
      b.append(']');
    } else if (v instanceof TemplateObject) {
      b.append("{}");
    } else {
      string(b, v.toString());
    }
  }

  /** encoding/json's float format: 'f' in [1e-6, 1e21), else 'e' with a short exponent. */
  static String floatText(double d) {
    double a = Math.abs(d);
    if (a != 0 && (a < 1e-6 || a >= 1e21)) {
      String s = GoFloat.format(d, 'e', -1);
      // Go trims e-07 to e-7.
      int n = s.length();
      if (n >= 4 && s.charAt(n - 4) == 'e' && s.charAt(n - 3) == '-' && s.charAt(n - 2) == '0') {
        s = s.substring(0, n - 2) + s.charAt(n - 1);
      }
      return s;
    }
    return GoFloat.format(d, 'f', -1);
  }

  private static void string(StringBuilder b, String s) {
    b.append('"');
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\r' -> b.append("\\r");
        case '\t' -> b.append("\\t");
        case '<', '>', '&', '\u2028', '\u2029' -> b.append(String.format("\\u%04x", (int) c));
        default -> {
          if (c < 0x20) {
            b.append(String.format("\\u%04x", (int) c));
          } else {
            b.append(c);
          }
        }
      }
    }
    b.append('"');
  }
}
