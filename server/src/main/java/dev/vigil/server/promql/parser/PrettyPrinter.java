package dev.vigil.server.promql.parser;

/**
 * The multi-line form of Prometheus's {@code format_query}: a node whose one-line form fits in
 * 100 characters stays on one line; longer binary expressions, aggregations, calls and
 * parentheses put their operands on their own lines, indented two spaces per level.
 */
final class PrettyPrinter {
  private static final int MAX_LINE = 100;

  private PrettyPrinter() {}

  static String pretty(Expr e, int level) {
    String one = Printer.print(e);
    boolean split = one.length() > MAX_LINE;
    if (e instanceof AggregateExpr a) {
      if (!split) {
        return indent(level) + one;
      }
      StringBuilder b = new StringBuilder(indent(level));
      Printer.aggregateHead(b, a);
      b.append("(\n");
      if (a.param() != null) {
        b.append(pretty(a.param(), level + 1)).append(",\n");
      }
      return b.append(pretty(a.expr(), level + 1)).append('\n').append(indent(level)).append(')')
          .toString();
    }
    if (e instanceof BinaryExpr x) {
      if (!split) {
        return indent(level) + one;
      }
      StringBuilder b = new StringBuilder();
      b.append(pretty(x.lhs(), level + 1)).append('\n').append(indent(level))
          .append(x.op().symbol());
      Printer.binaryModifiers(b, x);
      return b.append('\n').append(pretty(x.rhs(), level + 1)).toString();
    }
    if (e instanceof Call c) {
      if (!split) {
        return indent(level) + one;
      }
      StringBuilder b = new StringBuilder(indent(level)).append(c.function().name()).append("(\n");
      for (int i = 0; i < c.args().size(); i++) {
        if (i > 0) {
          b.append(",\n");
        }
        b.append(pretty(c.args().get(i), level + 1));
      }
      return b.append('\n').append(indent(level)).append(')').toString();
    }
    if (e instanceof ParenExpr p) {
      if (!split) {
        return indent(level) + one;
      }
      return indent(level) + "(\n" + pretty(p.expr(), level + 1) + "\n" + indent(level) + ")";
    }
    if (e instanceof SubqueryExpr s) {
      // Like Prometheus: a short subquery is not indented, a long one keeps its suffix unsplit.
      if (!split) {
        return one;
      }
      String inner = Printer.print(s.expr());
      return pretty(s.expr(), level) + one.substring(inner.length());
    }
    if (e instanceof UnaryExpr u) {
      return indent(level) + u.op() + pretty(u.expr(), level).strip();
    }
    return indent(level) + one;
  }

  private static String indent(int level) {
    return "  ".repeat(level);
  }
}
