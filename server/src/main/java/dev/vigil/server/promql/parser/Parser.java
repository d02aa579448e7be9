package dev.vigil.server.promql.parser;

import dev.vigil.server.model.Matcher;
import dev.vigil.server.promql.parser.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/**
 * Recursive descent over the tokens, with precedence climbing for binary operators. Type rules
 * live in {@link TypeChecker}; this class builds nodes and reports syntax errors.
 */
final class Parser {
  private final String query;
  private final List<Token> tokens;
  final ParseOptions options;
  private int i;

  Parser(String query, ParseOptions options) {
    this.query = query;
    this.tokens = Lexer.lex(query);
    this.options = options;
  }

  ParseException error(int at, String msg) {
    return new ParseException(query, at, msg);
  }

  ParseException error(PosRange at, String msg) {
    return new ParseException(query, at.start(), msg);
  }

  Token peek() {
    return tokens.get(i);
  }

  Token peek(int ahead) {
    return tokens.get(Math.min(i + ahead, tokens.size() - 1));
  }

  /** The last token consumed. */
  Token previous() {
    return tokens.get(Math.max(0, i - 1));
  }

  Token next() {
    Token t = tokens.get(i);
    if (t.kind() != Kind.EOF) {
      i++;
    }
    return t;
  }

  ParseException unexpected(Token t, String context, String expected) {
    StringBuilder b = new StringBuilder("unexpected ").append(t.describe(query));
    if (context != null) {
      b.append(" in ").append(context);
    }
    if (expected != null) {
      b.append(", expected ").append(expected);
    }
    return error(t.start(), b.toString());
  }

  Token expect(Kind kind, String context, String expected) {
    Token t = peek();
    if (t.kind() != kind) {
      throw unexpected(t, context, expected);
    }
    return next();
  }

  Expr parseQuery() {
    if (peek().is(Kind.EOF)) {
      throw error(0, "no expression found in input");
    }
    Expr e = parseExpr(0);
    Token t = peek();
    if (!t.is(Kind.EOF)) {
      throw unexpected(t, null, null);
    }
    return e;
  }

  VectorSelector parseSelectorOnly() {
    if (peek().is(Kind.EOF)) {
      throw error(0, "no expression found in input");
    }
    Token t = peek();
    VectorSelector v;
    // The empty-matcher check is the caller's: PromQL.parseSeriesSelector says why.
    if (t.is(Kind.LBRACE)) {
      v = selector(null, t.start(), true);
    } else if (t.is(Kind.IDENT) && !Token.KEYWORDS.contains(t.word())
        && AggregateOp.byName(t.word()) == null) {
      next();
      v = selector(t.text(), t.start(), true);
    } else {
      throw unexpected(t, null, "label matching");
    }
    if (!peek().is(Kind.EOF)) {
      throw unexpected(peek(), null, null);
    }
    return v;
  }

  /** Binary expressions whose operators bind at least as tight as {@code minPrec}. */
  Expr parseExpr(int minPrec) {
    Expr lhs = parseUnary();
    while (true) {
      Token t = peek();
      BinaryOp op = binaryOp(t);
      if (op == null || op.precedence() < minPrec) {
        return lhs;
      }
      next();
      Modifiers mods = binaryModifiers();
      if (peek().is(Kind.EOF)) {
        throw unexpected(peek(), null, null);
      }
      Expr rhs = parseExpr(op.rightAssociative() ? op.precedence() : op.precedence() + 1);
      lhs = TypeChecker.binary(this, op, t, lhs, rhs, mods);
    }
  }

  private static BinaryOp binaryOp(Token t) {
    if (t.is(Kind.OP)) {
      return BinaryOp.bySymbol(t.text());
    }
    if (t.is(Kind.IDENT)) {
      switch (t.word()) {
        case "and", "or", "unless", "atan2":
          return BinaryOp.bySymbol(t.word());
        default:
          return null;
      }
    }
    return null;
  }

  /** What follows a binary operator before its right operand. */
  record Modifiers(boolean bool, boolean on, List<String> labels,
      VectorMatching.Cardinality card, List<String> include, Fill fill, Token groupToken,
      Token fillToken) {}

  private Modifiers binaryModifiers() {
    boolean bool = false;
    if (peek().isIdent("bool")) {
      next();
      bool = true;
    }
    boolean on = false;
    List<String> labels = List.of();
    VectorMatching.Cardinality card = VectorMatching.Cardinality.ONE_TO_ONE;
    List<String> include = List.of();
    Token groupToken = null;
    if (peek().isIdent("on") || peek().isIdent("ignoring")) {
      on = next().isIdent("on");
      labels = labelList("grouping opts");
      if (peek().isIdent("group_left") || peek().isIdent("group_right")) {
        groupToken = next();
        card = groupToken.isIdent("group_left") ? VectorMatching.Cardinality.MANY_TO_ONE
            : VectorMatching.Cardinality.ONE_TO_MANY;
        if (peek().is(Kind.LPAREN)) {
          include = labelList("grouping opts");
        }
      }
    } else if (peek().isIdent("group_left") || peek().isIdent("group_right")) {
      throw unexpected(peek(), null, null);
    }
    if (!options.fillModifiers() && peek(1).is(Kind.LPAREN) && (peek().isIdent("fill")
        || peek().isIdent("fill_left") || peek().isIdent("fill_right"))) {
      throw error(peek().start(), "fill modifiers are experimental and must be enabled with "
          + "--enable-feature=promql-binop-fill-modifiers");
    }
    Token fillToken = null;
    Double left = null;
    Double right = null;
    boolean both = false;
    while (peek(1).is(Kind.LPAREN) && (peek().isIdent("fill") || peek().isIdent("fill_left")
        || peek().isIdent("fill_right"))) {
      Token f = next();
      if (fillToken == null) {
        fillToken = f;
      }
      next();
      double v = fillValue();
      expect(Kind.RPAREN, "fill modifier", "\")\"");
      String which = f.word();
      boolean dup = both || (which.equals("fill") && (left != null || right != null))
          || (which.equals("fill_left") && left != null)
          || (which.equals("fill_right") && right != null);
      if (dup) {
        throw error(f.start(), "duplicate or conflicting fill modifier " + Printer.quote(which));
      }
      if (which.equals("fill")) {
        left = v;
        right = v;
        both = true;
      } else if (which.equals("fill_left")) {
        left = v;
      } else {
        right = v;
      }
    }
    Fill fill = fillToken == null ? null : new Fill(left, right, both);
    return new Modifiers(bool, on, labels, card, include, fill, groupToken, fillToken);
  }

  private double fillValue() {
    double sign = 1;
    if (peek().isOp("-") || peek().isOp("+")) {
      sign = next().text().equals("-") ? -1 : 1;
    }
    Token t = peek();
    if (!t.is(Kind.NUMBER)) {
      throw unexpected(t, "fill modifier", "number literal");
    }
    next();
    return sign * t.number();
  }

  /** {@code (a, b, "c.d")}: label names in parentheses, a trailing comma allowed. */
  List<String> labelList(String context) {
    expect(Kind.LPAREN, context, "\"(\"");
    List<String> out = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      Token t = next();
      String name = labelName(t);
      if (name == null) {
        throw unexpected(t, context, "label");
      }
      out.add(name);
      if (peek().is(Kind.COMMA)) {
        next();
      } else if (!peek().is(Kind.RPAREN)) {
        throw unexpected(peek(), context, "\",\" or \")\"");
      }
    }
    next();
    return out;
  }

  /** The label name a token stands for (identifier, keyword or quoted), or null. */
  static String labelName(Token t) {
    if (t.is(Kind.IDENT) && t.text().indexOf(':') < 0) {
      return t.text();
    }
    if (t.is(Kind.STRING)) {
      return t.text();
    }
    if (t.is(Kind.NUMBER) && Character.isLetter(t.text().charAt(0))) {
      return t.text(); // "inf" and "nan" lex as numbers but are fine label names
    }
    return null;
  }

  private Expr parseUnary() {
    Token t = peek();
    if (t.isOp("-") || t.isOp("+")) {
      next();
      Expr operand = parseExpr(BinaryOp.UNARY_PRECEDENCE + 1);
      PosRange pos = new PosRange(t.start(), operand.pos().end());
      if (operand instanceof NumberLiteral n) {
        return new NumberLiteral(t.text().equals("-") ? -n.value() : n.value(), pos);
      }
      TypeChecker.unary(this, operand);
      return new UnaryExpr(t.text().charAt(0), operand, pos);
    }
    return Postfix.apply(this, parsePrimary());
  }

  private Expr parsePrimary() {
    Token t = peek();
    switch (t.kind()) {
      case NUMBER:
      case DURATION:
        next();
        return new NumberLiteral(t.number(), new PosRange(t.start(), t.end()));
      case STRING:
        next();
        return new StringLiteral(t.text(), new PosRange(t.start(), t.end()));
      case LPAREN: {
        next();
        if (peek().is(Kind.RPAREN)) {
          throw unexpected(peek(), "paren expression", null);
        }
        Expr inner = parseExpr(0);
        Token close = peek();
        if (close.is(Kind.EOF)) {
          throw error(close.start(), "unclosed left parenthesis");
        }
        if (!close.is(Kind.RPAREN)) {
          throw unexpected(close, "paren expression", "\")\"");
        }
        next();
        return new ParenExpr(inner, new PosRange(t.start(), close.end()));
      }
      case LBRACE:
        return selector(null, t.start());
      case IDENT:
        return identifier(t);
      default:
        throw unexpected(t, null, null);
    }
  }

  private Expr identifier(Token t) {
    AggregateOp agg = AggregateOp.byName(t.word());
    if (agg != null) {
      return Aggregations.parse(this, agg);
    }
    if (Token.KEYWORDS.contains(t.word())) {
      throw unexpected(t, null, null);
    }
    next();
    if (peek().is(Kind.LPAREN)) {
      return call(t);
    }
    return selector(t.text(), t.start());
  }

  private Expr call(Token name) {
    FunctionDef f = Functions.get(name.text());
    if (f == null) {
      throw error(name.start(), "unknown function with name " + Printer.quote(name.text()));
    }
    if (f.experimental() && !options.experimentalFunctions()) {
      throw error(name.start(), "function " + Printer.quote(name.text()) + " is not enabled");
    }
    next(); // (
    List<Expr> args = new ArrayList<>();
    while (!peek().is(Kind.RPAREN)) {
      if (peek().is(Kind.EOF)) {
        throw error(peek().start(), "unclosed left parenthesis");
      }
      if (f.name().equals("info") && args.size() == 1 && peek().is(Kind.LBRACE)) {
        // info()'s data-label selector may match only empty values: it is not a real selector.
        args.add(selector(null, peek().start(), true));
      } else {
        args.add(parseExpr(0));
      }
      if (peek().is(Kind.COMMA)) {
        Token comma = next();
        if (peek().is(Kind.RPAREN)) {
          throw error(comma.start(), "trailing commas not allowed in function call args");
        }
      } else if (!peek().is(Kind.RPAREN)) {
        if (peek().is(Kind.EOF)) {
          throw error(peek().start(), "unclosed left parenthesis");
        }
        throw unexpected(peek(), "function call", "\",\" or \")\"");
      }
    }
    Token close = next();
    Call c = new Call(f, args, new PosRange(name.start(), close.end()));
    TypeChecker.call(this, c);
    return c;
  }

  /** {@code name{...}}, {@code name} or {@code {...}}, with {@code name} null for the last. */
  VectorSelector selector(String name, int start) {
    return selector(name, start, false);
  }

  private VectorSelector selector(String name, int start, boolean allowEmpty) {
    List<Matcher> matchers = new ArrayList<>();
    int end = start + (name == null ? 0 : name.length());
    String metric = name;
    if (peek().is(Kind.LBRACE)) {
      next();
      while (!peek().is(Kind.RBRACE)) {
        Token t = next();
        if (t.is(Kind.STRING) && (peek().is(Kind.COMMA) || peek().is(Kind.RBRACE))) {
          if (metric != null) {
            throw error(t.start(), "metric name must not be set twice: " + Printer.quote(metric)
                + " or " + Printer.quote(t.text()));
          }
          metric = t.text();
        } else {
          matchers.add(matcher(t));
        }
        if (peek().is(Kind.COMMA)) {
          next();
        } else if (!peek().is(Kind.RBRACE)) {
          if (peek().is(Kind.EOF)) {
            throw error(peek().start(), "unexpected end of input inside braces");
          }
          throw unexpected(peek(), "label matching", "\",\" or \"}\"");
        }
      }
      end = next().end();
    }
    for (Matcher m : matchers) {
      if (m.name().equals("__name__") && metric != null) {
        throw error(start, "metric name must not be set twice: " + Printer.quote(metric) + " or "
            + Printer.quote(m.value()));
      }
    }
    if (metric != null) {
      matchers.add(Matcher.equal("__name__", metric));
    }
    boolean nonEmpty = false;
    for (Matcher m : matchers) {
      nonEmpty |= !m.matches("");
    }
    if (!nonEmpty && !allowEmpty) {
      throw error(start, "vector selector must contain at least one non-empty matcher");
    }
    return new VectorSelector(metric, matchers, null, At.NONE, false, false,
        new PosRange(start, end));
  }

  private Matcher matcher(Token nameToken) {
    String label = labelName(nameToken);
    if (label == null) {
      if (nameToken.is(Kind.EOF)) {
        throw error(nameToken.start(), "unexpected end of input inside braces");
      }
      throw unexpected(nameToken, "label matching", "label matching operator");
    }
    Token op = next();
    Matcher.Type type;
    switch (op.kind()) {
      case ASSIGN -> type = Matcher.Type.EQUAL;
      case REGEX_MATCH -> type = Matcher.Type.REGEX;
      case REGEX_NOT_MATCH -> type = Matcher.Type.NOT_REGEX;
      default -> {
        if (op.isOp("!=")) {
          type = Matcher.Type.NOT_EQUAL;
        } else {
          throw unexpected(op, "label matching", "label matching operator");
        }
      }
    }
    Token value = next();
    if (!value.is(Kind.STRING)) {
      throw unexpected(value, "label matching", "string");
    }
    try {
      return Matcher.of(type, label, value.text());
    } catch (IllegalArgumentException e) {
      throw error(value.start(), e.getMessage());
    }
  }

  // Duration expressions (ranges, steps, offsets): + - * / % ^ over seconds.

  Duration durationExpr(int minPrec) {
    Duration lhs = durationUnary();
    while (true) {
      Token t = peek();
      int prec = t.is(Kind.OP) ? durationPrecedence(t.text()) : -1;
      if (prec < minPrec || prec < 0) {
        return lhs;
      }
      next();
      Duration rhs = durationExpr(t.text().equals("^") ? prec : prec + 1);
      lhs = new Duration.Binary(t.text().charAt(0), lhs, rhs);
    }
  }

  private static int durationPrecedence(String op) {
    switch (op) {
      case "+", "-": return 1;
      case "*", "/", "%": return 2;
      case "^": return 3;
      default: return -1;
    }
  }

  private Duration durationUnary() {
    Token t = peek();
    if (t.isOp("-") || t.isOp("+")) {
      next();
      Duration d = durationExpr(3);
      return t.text().equals("-") ? new Duration.Negate(d) : d;
    }
    return durationAtom();
  }

  /** A literal, {@code step()}, {@code range()}, {@code min_of/max_of(a, b)} or a parenthesised expression. */
  Duration durationAtom() {
    Token t = next();
    switch (t.kind()) {
      case DURATION:
        return new Duration.Literal(t.durationMs(), false);
      case NUMBER:
        if (Double.isNaN(t.number()) || Double.isInfinite(t.number())) {
          throw error(t.start(), "invalid duration " + Printer.quote(t.text()));
        }
        return new Duration.Literal(Math.round(t.number() * 1000), true);
      case LPAREN: {
        Duration d = durationExpr(0);
        expect(Kind.RPAREN, "duration expression", "\")\"");
        return new Duration.Paren(d);
      }
      case IDENT:
        if ((t.text().equals("step") || t.text().equals("range")) && peek().is(Kind.LPAREN)) {
          next();
          expect(Kind.RPAREN, "duration expression", "\")\"");
          return t.text().equals("step") ? new Duration.Step() : new Duration.Range();
        }
        if ((t.text().equals("min_of") || t.text().equals("max_of")) && peek().is(Kind.LPAREN)) {
          next();
          Duration a = durationExpr(0);
          expect(Kind.COMMA, "duration expression", "\",\"");
          Duration b = durationExpr(0);
          expect(Kind.RPAREN, "duration expression", "\")\"");
          return new Duration.MinMax(t.text().equals("max_of"), a, b);
        }
        throw unexpected(t, "duration expression", "duration");
      default:
        throw unexpected(t, "duration expression", "duration");
    }
  }
}
