package dev.vigil.server.promql.parser;

/**
 * {@code expr[range:step]}. {@code step} is null for {@code [range:]} (the engine's default
 * evaluation interval); {@code offset} is null when there is no offset modifier.
 */
public record SubqueryExpr(
    Expr expr, Duration range, Duration step, Duration offset, At at, PosRange pos)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  SubqueryExpr withOffset(Duration newOffset, PosRange newPos) {
    return new SubqueryExpr(expr, range, step, newOffset, at, newPos);
  }

  SubqueryExpr withAt(At newAt, PosRange newPos) {
    return new SubqueryExpr(expr, range, step, offset, newAt, newPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
