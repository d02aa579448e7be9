package dev.vigil.server.promql.parser;

/** An expression in parentheses; kept so printing keeps the user's grouping. */
public record ParenExpr(Expr expr, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return expr.type();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
