package dev.vigil.server.promql.parser;

/**
 * A range vector selector {@code selector[range]}. Offset, {@code @} and the extended-range
 * modifiers live on the inner selector, as they apply to it.
 */
public record MatrixSelector(VectorSelector selector, Duration range, PosRange pos)
    implements Expr {
  @Override
  public ValueType type() {
    return ValueType.MATRIX;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
