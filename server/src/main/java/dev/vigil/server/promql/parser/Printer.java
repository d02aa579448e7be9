package dev.vigil.server.promql.parser;

import dev.vigil.server.model.LabelNames;
import dev.vigil.server.model.Matcher;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The canonical one-line form of an expression, as Prometheus prints it: numbers as Go's
 * {@code %v}, durations as {@code 1h30m}, strings double-quoted with Go escapes, and modifiers
 * in the order {@code @ ... offset ...}.
 */
public final class Printer {
  private Printer() {}

  public static String print(Expr e) {
    StringBuilder b = new StringBuilder();
    write(b, e);
    return b.toString();
  }

  /**
   * The form of Prometheus's {@code format_query}: the one-line form when it fits in 100
   * characters, else operands and arguments on their own lines, indented two spaces per level.
   */
  public static String pretty(Expr e) {
    return PrettyPrinter.pretty(e, 0);
  }

  static void write(StringBuilder b, Expr e) {
    if (e instanceof NumberLiteral n) {
      b.append(formatNumber(n.value()));
    } else if (e instanceof StringLiteral s) {
      b.append(quote(s.value()));
    } else if (e instanceof ParenExpr p) {
      b.append('(');
      write(b, p.expr());
      b.append(')');
    } else if (e instanceof UnaryExpr u) {
      b.append(u.op());
      write(b, u.expr());
    } else if (e instanceof VectorSelector v) {
      selector(b, v);
      modifiers(b, v.at(), v.offset());
      extended(b, v);
    } else if (e instanceof MatrixSelector m) {
      selector(b, m.selector());
      b.append('[').append(range(m.range())).append(']');
      modifiers(b, m.selector().at(), m.selector().offset());
      extended(b, m.selector());
    } else if (e instanceof SubqueryExpr s) {
      write(b, s.expr());
      b.append('[').append(range(s.range())).append(':');
      if (s.step() != null) {
        b.append(range(s.step()));
      }
      b.append(']');
      modifiers(b, s.at(), s.offset());
    } else if (e instanceof BinaryExpr x) {
      write(b, x.lhs());
      b.append(' ').append(x.op().symbol());
      binaryModifiers(b, x);
      b.append(' ');
      write(b, x.rhs());
    } else if (e instanceof AggregateExpr a) {
      aggregateHead(b, a);
      b.append('(');
      if (a.param() != null) {
        write(b, a.param());
        b.append(", ");
      }
      write(b, a.expr());
      b.append(')');
    } else if (e instanceof Call c) {
      b.append(c.function().name()).append('(');
      for (int i = 0; i < c.args().size(); i++) {
        if (i > 0) {
          b.append(", ");
        }
        write(b, c.args().get(i));
      }
      b.append(')');
    }
  }

  /** {@code sum by (job) } or {@code sum}: the part before the argument list. */
  static void aggregateHead(StringBuilder b, AggregateExpr a) {
    b.append(a.op());
    if (a.without()) {
      b.append(" without (");
      labelList(b, a.grouping());
      b.append(") ");
    } else if (!a.grouping().isEmpty()) {
      b.append(" by (");
      labelList(b, a.grouping());
      b.append(") ");
    }
  }

  /** {@code bool}, {@code on(...)}, {@code group_left(...)} and fill modifiers, each led by a space. */
  static void binaryModifiers(StringBuilder b, BinaryExpr x) {
    if (x.returnBool()) {
      b.append(" bool");
    }
    VectorMatching m = x.matching();
    boolean grouped = m != null && (m.card() == VectorMatching.Cardinality.MANY_TO_ONE
        || m.card() == VectorMatching.Cardinality.ONE_TO_MANY);
    if (m != null && (m.on() || !m.labels().isEmpty() || grouped)) {
      b.append(m.on() ? " on (" : " ignoring (");
      labelList(b, m.labels());
      b.append(')');
      if (grouped) {
        b.append(m.card() == VectorMatching.Cardinality.MANY_TO_ONE ? " group_left (" : " group_right (");
        labelList(b, m.include());
        b.append(')');
      }
    }
    Fill f = x.fill();
    if (f != null) {
      if (f.both()) {
        b.append(" fill(").append(formatNumber(f.left())).append(')');
      } else {
        if (f.left() != null) {
          b.append(" fill_left(").append(formatNumber(f.left())).append(')');
        }
        if (f.right() != null) {
          b.append(" fill_right(").append(formatNumber(f.right())).append(')');
        }
      }
    }
  }

  private static void labelList(StringBuilder b, List<String> labels) {
    for (int i = 0; i < labels.size(); i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(labelName(labels.get(i)));
    }
  }

  private static void selector(StringBuilder b, VectorSelector v) {
    List<String> parts = new ArrayList<>();
    String name = v.name();
    boolean legacyName = name != null && !name.isEmpty() && LabelNames.isValidMetricName(name);
    if (name != null && !name.isEmpty() && !legacyName) {
      parts.add(quote(name));
    }
    for (Matcher m : v.matchers()) {
      if (m.name().equals("__name__") && m.type() == Matcher.Type.EQUAL && name != null
          && !name.isEmpty() && m.value().equals(name)) {
        continue;
      }
      parts.add(labelName(m.name()) + m.type().op() + quote(m.value()));
    }
    if (legacyName) {
      b.append(name);
      if (parts.isEmpty()) {
        return;
      }
    }
    b.append('{').append(String.join(", ", parts)).append('}');
  }

  private static void modifiers(StringBuilder b, At at, Duration offset) {
    if (at.kind() == At.Kind.TIMESTAMP) {
      b.append(" @ ").append(String.format(Locale.ROOT, "%.3f", at.ms() / 1000.0));
    } else if (at.kind() == At.Kind.START) {
      b.append(" @ start()");
    } else if (at.kind() == At.Kind.END) {
      b.append(" @ end()");
    }
    if (offset != null) {
      if (offset instanceof Duration.Literal l) {
        if (l.ms() != 0) {
          b.append(" offset ").append(formatDuration(l.ms()));
        }
      } else {
        b.append(" offset ").append(offset);
      }
    }
  }

  private static void extended(StringBuilder b, VectorSelector v) {
    if (v.anchored()) {
      b.append(" anchored");
    }
    if (v.smoothed()) {
      b.append(" smoothed");
    }
  }

  /** A range or step: a literal as a duration ({@code 5s} even when written {@code 5}). */
  static String range(Duration d) {
    return d instanceof Duration.Literal l ? formatDuration(l.ms()) : d.toString();
  }

  /** Milliseconds as Prometheus writes durations: {@code 1h30m}, {@code 1s500ms}, {@code 0s}. */
  public static String formatDuration(long ms) {
    if (ms == 0) {
      return "0s";
    }
    if (ms < 0) {
      return "-" + formatDuration(-ms);
    }
    StringBuilder b = new StringBuilder();
    long rest = ms;
    // Years and weeks only when exact: 90d reads better than 12w6d.
    long year = 365L * 24 * 3600 * 1000;
    long week = 7L * 24 * 3600 * 1000;
    if (rest % year == 0) {
      b.append(rest / year).append('y');
      return b.toString();
    }
    if (rest % week == 0) {
      b.append(rest / week).append('w');
      return b.toString();
    }
    long[] mult = {24L * 3600 * 1000, 3600 * 1000, 60 * 1000, 1000, 1};
    String[] unit = {"d", "h", "m", "s", "ms"};
    for (int i = 0; i < mult.length; i++) {
      long v = rest / mult[i];
      if (v > 0) {
        b.append(v).append(unit[i]);
        rest -= v * mult[i];
      }
    }
    return b.toString();
  }

  /** A float as Go's {@code %v} prints it: shortest digits, exponent below 1e-4 and from 1e6 on (Go's
   * {@code 'g'} with shortest precision). */
  public static String formatNumber(double v) {
    if (Double.isNaN(v)) {
      return "NaN";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "Inf" : "-Inf";
    }
    if (v == 0) {
      return (1 / v < 0) ? "-0" : "0";
    }
    BigDecimal d = new BigDecimal(Double.toString(Math.abs(v))).stripTrailingZeros();
    String digits = d.unscaledValue().toString();
    int exp = digits.length() - d.scale() - 1;
    StringBuilder b = new StringBuilder();
    if (v < 0) {
      b.append('-');
    }
    if (exp < -4 || exp >= 6) {
      b.append(digits.charAt(0));
      if (digits.length() > 1) {
        b.append('.').append(digits, 1, digits.length());
      }
      b.append('e').append(exp < 0 ? '-' : '+');
      int ae = Math.abs(exp);
      if (ae < 10) {
        b.append('0');
      }
      b.append(ae);
    } else if (exp < 0) {
      b.append("0.");
      b.append("0".repeat(-exp - 1)).append(digits);
    } else if (digits.length() <= exp + 1) {
      b.append(digits).append("0".repeat(exp + 1 - digits.length()));
    } else {
      b.append(digits, 0, exp + 1).append('.').append(digits, exp + 1, digits.length());
    }
    return b.toString();
  }

  /** A string as Go's {@code strconv.Quote} writes it. */
  public static String quote(String s) {
    StringBuilder b = new StringBuilder(s.length() + 2).append('"');
    for (int i = 0; i < s.length(); ) {
      int c = s.codePointAt(i);
      i += Character.charCount(c);
      switch (c) {
        case '"' -> b.append("\\\"");
        case '\\' -> b.append("\\\\");
        case '\n' -> b.append("\\n");
        case '\t' -> b.append("\\t");
        case '\r' -> b.append("\\r");
        case 0x07 -> b.append("\\a");
        case '\b' -> b.append("\\b");
        case '\f' -> b.append("\\f");
        case 0x0b -> b.append("\\v");
        default -> {
          if (c < 0x20 || c == 0x7f) {
            b.append(String.format("\\x%02x", c));
          } else if (!isGoPrintable(c)) {
            b.append(c > 0xffff ? String.format("\\U%08x", c) : String.format("\\u%04x", c));
          } else {
            b.appendCodePoint(c);
          }
        }
      }
    }
    return b.append('"').toString();
  }

  /** Go's unicode.IsPrint: letters, marks, numbers, punctuation, symbols and the ASCII space. */
  private static boolean isGoPrintable(int c) {
    switch (Character.getType(c)) {
      case Character.CONTROL, Character.FORMAT, Character.SURROGATE, Character.PRIVATE_USE,
          Character.UNASSIGNED, Character.LINE_SEPARATOR, Character.PARAGRAPH_SEPARATOR,
          Character.SPACE_SEPARATOR:
        return c == ' ';
      default:
        return true;
    }
  }

  static String labelName(String name) {
    return LabelNames.isValid(name) ? name : quote(name);
  }


}
