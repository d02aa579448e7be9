package dev.vigil.server.promql.parser;

import dev.vigil.server.model.Matcher;
import java.util.List;

/**
 * An instant vector selector. {@code name} is null when the query names no metric outside the
 * braces; {@code matchers} always include the {@code __name__} matcher when there is a name.
 * {@code offset} is null when there is no offset modifier. {@code anchored} and {@code smoothed}
 * are the experimental extended-range modifiers.
 */
public record VectorSelector(
    String name, List<Matcher> matchers, Duration offset, At at, boolean anchored,
    boolean smoothed, PosRange pos) implements Expr {

  public VectorSelector {
    matchers = List.copyOf(matchers);
  }

  @Override
  public ValueType type() {
    return ValueType.VECTOR;
  }

  VectorSelector withOffset(Duration newOffset, PosRange newPos) {
    return new VectorSelector(name, matchers, newOffset, at, anchored, smoothed, newPos);
  }

  VectorSelector withAt(At newAt, PosRange newPos) {
    return new VectorSelector(name, matchers, offset, newAt, anchored, smoothed, newPos);
  }

  VectorSelector withModifiers(boolean newAnchored, boolean newSmoothed, PosRange newPos) {
    return new VectorSelector(name, matchers, offset, at, newAnchored, newSmoothed, newPos);
  }

  @Override
  public String toString() {
    return Printer.print(this);
  }
}
