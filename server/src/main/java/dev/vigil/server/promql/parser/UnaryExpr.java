package dev.vigil.server.promql.parser;

/** {@code -expr} or {@code +expr}; {@code op} is '-' or '+'. */
public record UnaryExpr(char op, Expr expr, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
