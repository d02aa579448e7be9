package dev.vigil.server.promql.parser;

import java.util.List;

/** Prometheus's type rules for operators and calls, applied as nodes are built. */
final class TypeChecker {
  private TypeChecker() {}

  static void unary(Parser p, Expr operand) {
    ValueType t = operand.type();
    if (t != ValueType.SCALAR && t != ValueType.VECTOR) {
      throw p.error(operand.pos(), "unary expression only allowed on expressions of type scalar "
          + "or instant vector, got " + Printer.quote(t.docName()));
    }
  }

  static BinaryExpr binary(Parser p, BinaryOp op, Token opToken, Expr lhs, Expr rhs,
      Parser.Modifiers m) {
    PosRange pos = lhs.pos().to(rhs.pos());
    if (m.bool() && !op.isComparison()) {
      throw p.error(opToken.start(), "bool modifier can only be used on comparison operators");
    }
    ValueType lt = lhs.type();
    ValueType rt = rhs.type();
    if (op.isComparison() && !m.bool() && lt == ValueType.SCALAR && rt == ValueType.SCALAR) {
      throw p.error(opToken.start(), "comparisons between scalars must use BOOL modifier");
    }
    VectorMatching.Cardinality card = m.card();
    if (op.isSetOperator() && card == VectorMatching.Cardinality.ONE_TO_ONE) {
      card = VectorMatching.Cardinality.MANY_TO_MANY;
    }
    if (m.on()) {
      for (String l : m.labels()) {
        if (m.include().contains(l)) {
          throw p.error(opToken.start(), "label " + Printer.quote(l)
              + " must not occur in ON and GROUP clause at once");
        }
      }
    }
    if (lt != ValueType.SCALAR && lt != ValueType.VECTOR
        || rt != ValueType.SCALAR && rt != ValueType.VECTOR) {
      throw p.error(pos, "binary expression must contain only scalar and instant vector types");
    }
    VectorMatching matching = null;
    if (lt != ValueType.VECTOR || rt != ValueType.VECTOR) {
      if (!m.labels().isEmpty()) {
        throw p.error(pos, "vector matching only allowed between instant vectors");
      }
      if (m.groupToken() != null) {
        throw p.error(m.groupToken().start(),
            "vector matching only allowed between instant vectors");
      }
    } else {
      if (op.isSetOperator() && card != VectorMatching.Cardinality.MANY_TO_MANY) {
        throw p.error(pos, "no grouping allowed for " + Printer.quote(op.symbol()) + " operation");
      }
      matching = new VectorMatching(card, m.labels(), m.on(), m.include());
    }
    if ((lt == ValueType.SCALAR || rt == ValueType.SCALAR) && op.isSetOperator()) {
      throw p.error(pos, "set operator " + Printer.quote(op.symbol())
          + " not allowed in binary scalar expression");
    }
    if (m.fill() != null) {
      if (op.isSetOperator()) {
        throw p.error(m.fillToken().start(), "fill modifiers are not allowed for set operator "
            + Printer.quote(op.symbol()));
      }
      if (matching == null) {
        throw p.error(m.fillToken().start(),
            "fill modifiers are only allowed between instant vectors");
      }
    }
    return new BinaryExpr(op, lhs, rhs, m.bool(), matching, m.fill(), pos);
  }

  static void call(Parser p, Call c) {
    FunctionDef f = c.function();
    List<Expr> args = c.args();
    int n = args.size();
    String name = Printer.quote(f.name());
    if (f.variadic() == 0) {
      if (n != f.argTypes().size()) {
        throw p.error(c.pos(), "expected " + f.argTypes().size() + " argument(s) in call to "
            + name + ", got " + n);
      }
    } else {
      if (n < f.minArgs()) {
        throw p.error(c.pos(), "expected at least " + f.minArgs() + " argument(s) in call to "
            + name + ", got " + n);
      }
      if (f.maxArgs() >= 0 && n > f.maxArgs()) {
        throw p.error(c.pos(), "expected at most " + f.maxArgs() + " argument(s) in call to "
            + name + ", got " + n);
      }
    }
    for (int i = 0; i < n; i++) {
      ValueType want = f.argType(i);
      ValueType have = args.get(i).type();
      if (want != have) {
        throw p.error(args.get(i).pos(), "expected type " + want.docName() + " in call to function "
            + name + ", got " + have.docName());
      }
    }
    if (f.name().equals("info") && n == 2) {
      infoSelector(p, args.get(1));
    }
  }

  /** The second argument of info() only looks like a selector: braces with matchers, no name. */
  private static void infoSelector(Parser p, Expr e) {
    if (!(e instanceof VectorSelector v) || v.offset() != null || v.at().isSet()) {
      throw p.error(e.pos(), "expected label selectors only, got " + e);
    }
  }
}
