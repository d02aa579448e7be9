package dev.vigil.server.promql.parser;

/**
 * {@code lhs op rhs}. {@code matching} is null when either side is a scalar; {@code fill} is null
 * when no fill modifier is given.
 */
public record BinaryExpr(
    BinaryOp op, Expr lhs, Expr rhs, boolean returnBool, VectorMatching matching, Fill fill,
    PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    if (lhs.type() == ValueType.SCALAR && rhs.type() == ValueType.SCALAR) {
      return ValueType.SCALAR;
    }
    return ValueType.VECTOR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
