package dev.vigil.server.promql.parser;

import java.util.List;

/** A function call; arguments already checked against {@link FunctionDef}. */
public record Call(FunctionDef function, List<Expr> args, PosRange pos) implements Expr {
  public Call {
    args = List.copyOf(args);
  }

  @Override
  public ValueType type() {
    return function.returnType();
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
