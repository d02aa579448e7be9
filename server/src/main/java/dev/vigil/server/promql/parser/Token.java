package dev.vigil.server.promql.parser;

/** A lexed token: its kind, the text it covers, and for numbers and durations the value. */
record Token(Kind kind, String text, int start, int end, double number, long durationMs) {

  enum Kind {
    IDENT, NUMBER, DURATION, STRING, LPAREN, RPAREN, LBRACE, RBRACE, LBRACKET, RBRACKET, COMMA,
    COLON, AT, ASSIGN, REGEX_MATCH, REGEX_NOT_MATCH, OP, EOF
  }

  static final java.util.Set<String> KEYWORDS = java.util.Set.of("and", "or", "unless", "atan2",
      "by", "without", "on", "ignoring", "group_left", "group_right", "bool", "offset");

  boolean is(Kind k) {
    return kind == k;
  }

  /** Keywords and aggregation operators are case-insensitive, as in Prometheus. */
  boolean isIdent(String word) {
    return kind == Kind.IDENT && text.equalsIgnoreCase(word);
  }

  /** The identifier in lower case, for keyword and aggregation-operator lookups. */
  String word() {
    return text.toLowerCase(java.util.Locale.ROOT);
  }

  boolean isOp(String symbol) {
    return kind == Kind.OP && text.equals(symbol);
  }

  /** How Prometheus names a token in "unexpected ..." messages; {@code query} gives the raw text. */
  String describe(String query) {
    String raw = query.substring(start, end);
    switch (kind) {
      case EOF:
        return "end of input";
      case IDENT:
        if (AggregateOp.byName(word()) != null) {
          return "<aggr:" + text + ">";
        }
        if (isIdent("and") || isIdent("or") || isIdent("unless") || isIdent("atan2")) {
          return "<op:" + text + ">";
        }
        if (KEYWORDS.contains(word())) {
          return "<" + text + ">";
        }
        return "identifier " + Printer.quote(text);
      case NUMBER:
        return "number " + shortQuote(raw);
      case DURATION:
        return "duration " + shortQuote(raw);
      case STRING:
        return "string " + shortQuote(raw);
      case OP:
      case ASSIGN:
      case REGEX_MATCH:
      case REGEX_NOT_MATCH:
        return "<op:" + text + ">";
      case AT:
        return "<@>";
      default:
        return Printer.quote(text);
    }
  }

  /** Long literals are cut to ten characters, as Prometheus does. */
  private static String shortQuote(String raw) {
    if (raw.codePointCount(0, raw.length()) > 10) {
      return Printer.quote(raw.substring(0, raw.offsetByCodePoints(0, 10))) + "...";
    }
    return Printer.quote(raw);
  }
}
