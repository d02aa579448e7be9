package dev.vigil.server.promql.parser;

import dev.vigil.server.promql.parser.Token.Kind;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** {@code op [by|without (labels)] ([param,] expr) [by|without (labels)]}. */
final class Aggregations {
  private Aggregations() {}

  static Expr parse(Parser p, AggregateOp op) {
    Token name = p.next();
    if (op.experimental() && !p.options.experimentalFunctions()) {
      throw p.error(name.start(), "limitk() and limit_ratio() are experimental and must be "
          + "enabled with --enable-feature=promql-experimental-functions");
    }
    List<String> grouping = List.of();
    boolean without = false;
    boolean grouped = false;
    if (p.peek().isIdent("by") || p.peek().isIdent("without")) {
      without = p.next().isIdent("without");
      grouping = p.labelList("grouping opts");
      grouped = true;
    }
    Token open = p.peek();
    if (!open.is(Kind.LPAREN)) {
      throw p.unexpected(open, "aggregation", "\"(\"");
    }
    p.next();
    List<Expr> args = new ArrayList<>();
    while (!p.peek().is(Kind.RPAREN)) {
      if (p.peek().is(Kind.EOF)) {
        throw p.error(p.peek().start(), "unclosed left parenthesis");
      }
      args.add(p.parseExpr(0));
      if (p.peek().is(Kind.COMMA)) {
        Token comma = p.next();
        if (p.peek().is(Kind.RPAREN)) {
          throw p.error(comma.start(), "trailing commas not allowed in function call args");
        }
      } else if (!p.peek().is(Kind.RPAREN)) {
        if (p.peek().is(Kind.EOF)) {
          throw p.error(p.peek().start(), "unclosed left parenthesis");
        }
        throw p.unexpected(p.peek(), "aggregation", "\",\" or \")\"");
      }
    }
    int end = p.next().end();
    if (p.peek().isIdent("by") || p.peek().isIdent("without")) {
      if (grouped) {
        throw p.error(p.peek().start(), "aggregation modifiers (by/without) may only be given once");
      }
      without = p.next().isIdent("without");
      grouping = p.labelList("grouping opts");
      end = p.previous().end();
    }
    PosRange pos = new PosRange(name.start(), end);
    int want = op.hasParam() ? 2 : 1;
    if (args.size() != want) {
      throw p.error(pos, "wrong number of arguments for aggregate expression provided, expected "
          + want + ", got " + args.size());
    }
    Set<String> seen = new HashSet<>();
    for (String l : grouping) {
      if (!seen.add(l)) {
        throw p.error(pos, "duplicate label " + Printer.quote(l) + " in "
            + (without ? "without" : "by") + " clause");
      }
    }
    Expr param = op.hasParam() ? args.get(0) : null;
    Expr body = args.get(want - 1);
    if (param != null && param.type() != op.paramType()) {
      throw p.error(param.pos(), "expected type " + op.paramType().docName()
          + " in aggregation parameter, got " + param.type().docName());
    }
    if (body.type() != ValueType.VECTOR) {
      throw p.error(body.pos(), "expected type instant vector in aggregation expression, got "
          + body.type().docName());
    }
    return new AggregateExpr(op, body, param, grouping, without, pos);
  }
}
