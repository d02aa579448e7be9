package dev.vigil.server.promql.parser;

import dev.vigil.server.promql.parser.Token.Kind;

/**
 * What may follow an operand: a range {@code [5m]}, a subquery {@code [5m:1m]}, {@code offset},
 * {@code @}, and the experimental {@code anchored}/{@code smoothed} modifiers.
 */
final class Postfix {
  private Postfix() {}

  static Expr apply(Parser p, Expr e) {
    while (true) {
      Token t = p.peek();
      if (t.is(Kind.LBRACKET)) {
        e = bracket(p, e);
      } else if (t.isIdent("offset")) {
        p.next();
        e = offset(p, e, t, offsetDuration(p));
      } else if (t.is(Kind.AT)) {
        p.next();
        e = at(p, e, t);
      } else if ((t.isIdent("anchored") || t.isIdent("smoothed"))
          && (e instanceof VectorSelector || e instanceof MatrixSelector)) {
        p.next();
        e = extended(p, e, t);
      } else {
        return e;
      }
    }
  }

  private static Expr bracket(Parser p, Expr e) {
    Token open = p.next();
    Duration range = p.durationExpr(0);
    checkPositive(p, open, range, "range");
    if (p.peek().is(Kind.COLON)) {
      p.next();
      Duration step = null;
      if (!p.peek().is(Kind.RBRACKET)) {
        step = p.durationExpr(0);
        checkPositive(p, open, step, "step");
      }
      Token close = p.expect(Kind.RBRACKET, "subquery selector", "\"]\"");
      if (e.type() != ValueType.VECTOR) {
        throw p.error(e.pos(), "subquery is only allowed on instant vector, got "
            + e.type().apiName() + " instead");
      }
      return new SubqueryExpr(e, range, step, null, At.NONE,
          new PosRange(e.pos().start(), close.end()));
    }
    Token close = p.expect(Kind.RBRACKET, "range selector", "\"]\" or \":\"");
    if (!(e instanceof VectorSelector v)) {
      throw p.error(open.start(), "ranges only allowed for vector selectors");
    }
    if (v.offset() != null) {
      throw p.error(open.start(), "no offset modifiers allowed before range");
    }
    if (v.at().isSet()) {
      throw p.error(open.start(), "no @ modifiers allowed before range");
    }
    if (v.anchored() || v.smoothed()) {
      throw p.error(open.start(), "no anchored or smoothed modifiers allowed before range");
    }
    return new MatrixSelector(v, range, new PosRange(v.pos().start(), close.end()));
  }

  private static void checkPositive(Parser p, Token at, Duration d, String what) {
    if (d.isConstant() && d.evaluateMs(0) <= 0) {
      throw p.error(at.end(), what + " must be greater than 0, got " + d);
    }
  }

  /** {@code 5m}, {@code -5m}, {@code (1h / 2)}, {@code step()} ... after {@code offset}. */
  private static Duration offsetDuration(Parser p) {
    boolean negative = false;
    if (p.peek().isOp("-") || p.peek().isOp("+")) {
      negative = p.next().text().equals("-");
    }
    Duration d = p.durationAtom();
    if (!negative) {
      return d;
    }
    if (d instanceof Duration.Literal l) {
      return new Duration.Literal(-l.ms(), l.number());
    }
    return new Duration.Negate(d);
  }

  private static Expr offset(Parser p, Expr e, Token t, Duration d) {
    PosRange pos = new PosRange(e.pos().start(), previousEnd(p));
    if (e instanceof VectorSelector v) {
      if (v.offset() != null) {
        throw p.error(t.start(), "offset may not be set multiple times");
      }
      return v.withOffset(d, pos);
    }
    if (e instanceof MatrixSelector m) {
      if (m.selector().offset() != null) {
        throw p.error(t.start(), "offset may not be set multiple times");
      }
      return new MatrixSelector(m.selector().withOffset(d, m.selector().pos()), m.range(), pos);
    }
    if (e instanceof SubqueryExpr s) {
      if (s.offset() != null) {
        throw p.error(t.start(), "offset may not be set multiple times");
      }
      return s.withOffset(d, pos);
    }
    throw p.error(t.start(), "offset modifier must be preceded by an instant vector selector or "
        + "range vector selector or a subquery");
  }

  private static int previousEnd(Parser p) {
    return p.previous().end();
  }

  private static Expr at(Parser p, Expr e, Token t) {
    At at;
    Token v = p.peek();
    if ((v.isIdent("start") || v.isIdent("end")) && p.peek(1).is(Kind.LPAREN)) {
      p.next();
      p.next();
      p.expect(Kind.RPAREN, "@ modifier", "\")\"");
      at = v.isIdent("start") ? At.START : At.END;
    } else {
      double sign = 1;
      if (v.isOp("-") || v.isOp("+")) {
        sign = p.next().text().equals("-") ? -1 : 1;
        v = p.peek();
      }
      if (!v.is(Kind.NUMBER) && !v.is(Kind.DURATION)) {
        throw p.unexpected(v, "@", "timestamp");
      }
      p.next();
      double seconds = sign * v.number();
      double ms = seconds * 1000;
      if (Double.isNaN(ms) || Double.isInfinite(ms) || Math.abs(ms) >= 0x1p63) {
        throw p.error(v.start(), String.format(java.util.Locale.ROOT,
            "timestamp out of bounds for @ modifier: %f", seconds));
      }
      at = At.timestamp(Math.round(ms));
    }
    PosRange pos = new PosRange(e.pos().start(), previousEnd(p));
    String twice = "@ <timestamp> may not be set multiple times";
    if (e instanceof VectorSelector vs) {
      if (vs.at().isSet()) {
        throw p.error(t.start(), twice);
      }
      return vs.withAt(at, pos);
    }
    if (e instanceof MatrixSelector m) {
      if (m.selector().at().isSet()) {
        throw p.error(t.start(), twice);
      }
      return new MatrixSelector(m.selector().withAt(at, m.selector().pos()), m.range(), pos);
    }
    if (e instanceof SubqueryExpr s) {
      if (s.at().isSet()) {
        throw p.error(t.start(), twice);
      }
      return s.withAt(at, pos);
    }
    throw p.error(t.start(), "@ modifier must be preceded by an instant vector selector or "
        + "range vector selector or a subquery");
  }

  private static Expr extended(Parser p, Expr e, Token t) {
    boolean anchored = t.isIdent("anchored");
    if (!p.options.extendedRangeSelectors()) {
      throw p.error(t.start(), t.text() + " modifier is experimental and must be enabled with "
          + "--enable-feature=promql-extended-range-selectors");
    }
    VectorSelector v = e instanceof MatrixSelector m ? m.selector() : (VectorSelector) e;
    if (v.anchored() || v.smoothed()) {
      throw p.error(t.start(), "anchored and smoothed modifiers may be used only once and not "
          + "together");
    }
    if (anchored && e instanceof VectorSelector) {
      throw p.error(t.start(), "anchored modifier can only be used with range vector selectors");
    }
    PosRange pos = new PosRange(e.pos().start(), t.end());
    if (e instanceof MatrixSelector m) {
      return new MatrixSelector(v.withModifiers(anchored, !anchored, v.pos()), m.range(), pos);
    }
    return v.withModifiers(anchored, !anchored, pos);
  }
}
