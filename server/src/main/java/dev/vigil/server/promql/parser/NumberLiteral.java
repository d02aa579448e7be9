package dev.vigil.server.promql.parser;

/** A float literal, also a duration written where a number is expected ({@code 1h} = 3600). */
public record NumberLiteral(double value, PosRange pos) implements Expr {
  @Override
  public ValueType type() {
    return ValueType.SCALAR;
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
