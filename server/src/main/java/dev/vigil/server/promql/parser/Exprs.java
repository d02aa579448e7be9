package dev.vigil.server.promql.parser;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/** Tree helpers for evaluators and tools: children, depth-first walks, unwrapping parentheses. */
public final class Exprs {
  private Exprs() {}

  /** Direct sub-expressions, left to right; an aggregation's parameter comes before its body. */
  public static List<Expr> children(Expr e) {
    if (e instanceof ParenExpr p) {
      return List.of(p.expr());
    }
    if (e instanceof UnaryExpr u) {
      return List.of(u.expr());
    }
    if (e instanceof MatrixSelector m) {
      return List.of(m.selector());
    }
    if (e instanceof SubqueryExpr s) {
      return List.of(s.expr());
    }
    if (e instanceof BinaryExpr b) {
      return List.of(b.lhs(), b.rhs());
    }
    if (e instanceof AggregateExpr a) {
      return a.param() == null ? List.of(a.expr()) : List.of(a.param(), a.expr());
    }
    if (e instanceof Call c) {
      return c.args();
    }
    return List.of();
  }

  /** Visits {@code e} and then its descendants, depth first. */
  public static void walk(Expr e, Consumer<Expr> visitor) {
    visitor.accept(e);
    for (Expr child : children(e)) {
      walk(child, visitor);
    }
  }

  /** Every vector selector in the tree, those inside range selectors included, in query order. */
  public static List<VectorSelector> selectors(Expr e) {
    List<VectorSelector> out = new ArrayList<>();
    walk(e, x -> {
      if (x instanceof VectorSelector v) {
        out.add(v);
      }
    });
    return out;
  }

  /** The expression inside any number of parentheses. */
  public static Expr unwrapParens(Expr e) {
    while (e instanceof ParenExpr p) {
      e = p.expr();
    }
    return e;
  }
}
