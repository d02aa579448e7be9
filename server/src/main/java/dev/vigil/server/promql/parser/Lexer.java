package dev.vigil.server.promql.parser;

import dev.vigil.server.promql.parser.Token.Kind;
import java.util.ArrayList;
import java.util.List;

/** Turns a query into tokens; comments and white space are dropped. */
final class Lexer {
  private final String in;
  private int pos;
  private int parenDepth;
  // Inside brackets ':' separates a subquery's range and step, so it ends identifiers there.
  private int bracketDepth;
  // Whether a label matcher list is open: the end of input there is reported as such, before
  // any unclosed parenthesis around it, as Prometheus's lexer reports it.
  private boolean braceOpen;
  private final List<Token> out = new ArrayList<>();

  private Lexer(String in) {
    this.in = in;
  }

  static List<Token> lex(String query) {
    Lexer l = new Lexer(query);
    l.run();
    return l.out;
  }

  private ParseException error(int at, String msg) {
    return new ParseException(in, at, msg);
  }

  private void run() {
    while (true) {
      skipSpaceAndComments();
      if (pos >= in.length()) {
        if (braceOpen) {
          throw error(pos, "unexpected end of input inside braces");
        }
        if (parenDepth > 0) {
          throw error(pos, "unclosed left parenthesis");
        }
        if (bracketDepth > 0) {
          throw error(pos, "unclosed left bracket");
        }
        out.add(new Token(Kind.EOF, "", pos, pos, 0, 0));
        return;
      }
      int start = pos;
      char c = in.charAt(pos);
      if (isDigit(c) || (c == '.' && pos + 1 < in.length() && isDigit(in.charAt(pos + 1)))) {
        number();
      } else if (c == ':' && bracketDepth > 0) {
        pos++;
        add(Kind.COLON, start);
      } else if (isIdentStart(c)) {
        identifier();
      } else if (c == '"' || c == '\'') {
        quoted(c);
      } else if (c == '`') {
        raw();
      } else {
        pos++;
        switch (c) {
          case '(' -> {
            parenDepth++;
            add(Kind.LPAREN, start);
          }
          case ')' -> {
            if (parenDepth == 0) {
              throw error(start, "unexpected right parenthesis ')'");
            }
            parenDepth--;
            add(Kind.RPAREN, start);
          }
          case '{' -> {
            braceOpen = true;
            add(Kind.LBRACE, start);
          }
          case '}' -> {
            braceOpen = false;
            add(Kind.RBRACE, start);
          }
          case '[' -> {
            bracketDepth++;
            add(Kind.LBRACKET, start);
          }
          case ']' -> {
            bracketDepth = Math.max(0, bracketDepth - 1);
            add(Kind.RBRACKET, start);
          }
          case ',' -> add(Kind.COMMA, start);
          case ':' -> add(Kind.COLON, start);
          case '@' -> add(Kind.AT, start);
          case '+', '-', '*', '/', '%', '^' -> add(Kind.OP, start);
          case '=' -> {
            if (peek('=')) {
              pos++;
              add(Kind.OP, start);
            } else if (peek('~')) {
              pos++;
              add(Kind.REGEX_MATCH, start);
            } else {
              add(Kind.ASSIGN, start);
            }
          }
          case '!' -> {
            if (peek('=')) {
              pos++;
              add(Kind.OP, start);
            } else if (peek('~')) {
              pos++;
              add(Kind.REGEX_NOT_MATCH, start);
            } else {
              throw error(start, "unexpected character after '!': "
                  + (pos < in.length() ? runeQuote(in.codePointAt(pos)) : "end of input"));
            }
          }
          case '<', '>' -> {
            if (peek('=')) {
              pos++;
            }
            add(Kind.OP, start);
          }
          default -> throw error(start, "unexpected character: " + runeQuote(in.codePointAt(start)));
        }
      }
    }
  }

  private boolean peek(char c) {
    return pos < in.length() && in.charAt(pos) == c;
  }

  private void add(Kind kind, int start) {
    out.add(new Token(kind, in.substring(start, pos), start, pos, 0, 0));
  }

  private void skipSpaceAndComments() {
    while (pos < in.length()) {
      char c = in.charAt(pos);
      if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
        pos++;
      } else if (c == '#') {
        while (pos < in.length() && in.charAt(pos) != '\n') {
          pos++;
        }
      } else {
        return;
      }
    }
  }

  private void identifier() {
    int start = pos;
    while (pos < in.length() && isIdentPart(in.charAt(pos))
        && !(bracketDepth > 0 && in.charAt(pos) == ':')) {
      pos++;
    }
    String text = in.substring(start, pos);
    String lower = text.toLowerCase(java.util.Locale.ROOT);
    if (lower.equals("inf")) {
      out.add(new Token(Kind.NUMBER, text, start, pos, Double.POSITIVE_INFINITY, 0));
    } else if (lower.equals("nan")) {
      out.add(new Token(Kind.NUMBER, text, start, pos, Double.NaN, 0));
    } else {
      out.add(new Token(Kind.IDENT, text, start, pos, 0, 0));
    }
  }

  /** A float, hex integer or duration such as {@code 1h30m}; anything glued to it is an error. */
  private void number() {
    int start = pos;
    if (in.startsWith("0x", pos) || in.startsWith("0X", pos)) {
      pos += 2;
      while (pos < in.length() && (isHex(in.charAt(pos)) || in.charAt(pos) == '_')) {
        pos++;
      }
      String digits = in.substring(start + 2, pos).replace("_", "");
      checkGlued(start);
      if (digits.isEmpty()) {
        throw badNumber(start);
      }
      double v = new java.math.BigInteger(digits, 16).doubleValue();
      out.add(new Token(Kind.NUMBER, in.substring(start, pos), start, pos, v, 0));
      return;
    }
    digits();
    boolean integer = true;
    if (peek('.')) {
      integer = false;
      pos++;
      digits();
    }
    if (pos < in.length() && (in.charAt(pos) == 'e' || in.charAt(pos) == 'E')
        && pos + 1 < in.length()
        && (isDigit(in.charAt(pos + 1)) || ((in.charAt(pos + 1) == '+' || in.charAt(pos + 1) == '-')
            && pos + 2 < in.length() && isDigit(in.charAt(pos + 2))))) {
      integer = false;
      pos += 2;
      digits();
    }
    if (integer && pos < in.length() && isUnitStart(in.charAt(pos))) {
      pos = start;
      duration(start);
      return;
    }
    checkGlued(start);
    String text = in.substring(start, pos);
    String clean = text.replace("_", "");
    if (text.startsWith("_") || text.endsWith("_") || text.contains("__")
        || text.contains("_.") || text.contains("._")) {
      throw badNumber(start);
    }
    out.add(new Token(Kind.NUMBER, text, start, pos, Double.parseDouble(clean), 0));
  }

  private void digits() {
    while (pos < in.length() && (isDigit(in.charAt(pos)) || in.charAt(pos) == '_')) {
      pos++;
    }
  }

  private static final String[] UNITS = {"y", "w", "d", "h", "m", "s", "ms"};
  private static final long[] UNIT_MS = {365L * 86400000, 7L * 86400000, 86400000L, 3600000L,
      60000L, 1000L, 1L};

  /** {@code 1h30m}: integer-unit pairs, units from largest to smallest, each at most once. */
  private void duration(int start) {
    long total = 0;
    int lastUnit = -1;
    while (pos < in.length() && isDigit(in.charAt(pos))) {
      int numStart = pos;
      while (pos < in.length() && isDigit(in.charAt(pos))) {
        pos++;
      }
      long n;
      try {
        n = Long.parseLong(in.substring(numStart, pos));
      } catch (NumberFormatException tooLong) {
        throw error(start, "duration out of range: " + Printer.quote(in.substring(start, pos)));
      }
      int unit = -1;
      if (in.startsWith("ms", pos)) {
        unit = 6;
      } else if (pos < in.length()) {
        unit = "ywdhms".indexOf(in.charAt(pos));
      }
      if (unit < 0) {
        pos = Math.max(pos, numStart + 1);
        checkGlued(start);
        throw badNumber(start);
      }
      pos += UNITS[unit].length();
      if (unit <= lastUnit) {
        checkGlued(start);
        throw error(start, "not a valid duration string: " + Printer.quote(in.substring(start, pos)));
      }
      lastUnit = unit;
      try {
        total = Math.addExact(total, Math.multiplyExact(n, UNIT_MS[unit]));
      } catch (ArithmeticException overflow) {
        throw error(start, "duration out of range: " + Printer.quote(in.substring(start, pos)));
      }
    }
    checkGlued(start);
    out.add(new Token(Kind.DURATION, in.substring(start, pos), start, pos, total / 1000.0, total));
  }

  private void checkGlued(int start) {
    // A colon may follow (subquery "[5m:1m]"); letters, digits and dots glued on may not.
    if (pos < in.length() && isGlued(in.charAt(pos))) {
      while (pos < in.length() && isGlued(in.charAt(pos))) {
        pos++;
      }
      throw badNumber(start);
    }
  }

  private ParseException badNumber(int start) {
    return error(start, "bad number or duration syntax: " + Printer.quote(in.substring(start, pos)));
  }

  private void quoted(char q) {
    int start = pos;
    pos++;
    Utf8 b = new Utf8();
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') {
        throw error(start, "unterminated quoted string");
      }
      char c = in.charAt(pos);
      if (c == q) {
        pos++;
        break;
      }
      if (c == '\\') {
        escape(b, q);
      } else {
        int cp = in.codePointAt(pos);
        b.appendCodePoint(cp);
        pos += Character.charCount(cp);
      }
    }
    out.add(new Token(Kind.STRING, b.toString(), start, pos, 0, 0));
  }

  /** A Go escape sequence inside a quoted string. */
  private void escape(Utf8 b, char quote) {
    int start = pos;
    pos++;
    if (pos >= in.length()) {
      throw error(start, "unterminated quoted string");
    }
    char c = in.charAt(pos++);
    switch (c) {
      case 'a' -> b.appendCodePoint(0x07);
      case 'b' -> b.appendCodePoint('\b');
      case 'f' -> b.appendCodePoint('\f');
      case 'n' -> b.appendCodePoint('\n');
      case 'r' -> b.appendCodePoint('\r');
      case 't' -> b.appendCodePoint('\t');
      case 'v' -> b.appendCodePoint(0x0b);
      case '\\' -> b.appendCodePoint('\\');
      case '\'', '"' -> b.appendCodePoint(c);
      case 'x' -> b.appendByte(hexDigits(start, 2));
      case 'u' -> b.appendCodePoint(hexDigits(start, 4));
      case 'U' -> b.appendCodePoint(hexDigits(start, 8));
      default -> {
        if (c >= '0' && c <= '7') {
          pos--;
          int v = 0;
          for (int i = 0; i < 3; i++) {
            if (pos >= in.length() || in.charAt(pos) < '0' || in.charAt(pos) > '7') {
              throw error(start, "invalid syntax in escape sequence");
            }
            v = v * 8 + (in.charAt(pos++) - '0');
          }
          if (v > 255) {
            throw error(start, "octal escape value > 255: " + v);
          }
          b.appendByte(v);
        } else {
          throw error(start, "unknown escape sequence " + runeQuote(c));
        }
      }
    }
  }

  private int hexDigits(int start, int n) {
    if (pos + n > in.length()) {
      throw error(start, "invalid syntax in escape sequence");
    }
    int v = 0;
    for (int i = 0; i < n; i++) {
      int d = Character.digit(in.charAt(pos++), 16);
      if (d < 0) {
        throw error(start, "invalid syntax in escape sequence");
      }
      v = v * 16 + d;
    }
    if (!Character.isValidCodePoint(v) || (v >= 0xd800 && v <= 0xdfff)) {
      throw error(start, "escape sequence is invalid Unicode code point");
    }
    return v;
  }

  /**
   * Collects a string as UTF-8 bytes, since Go's {@code \x} and octal escapes give raw bytes:
   * {@code "\xc3\xa9"} is "é". Bytes that do not form UTF-8 become U+FFFD.
   */
  private static final class Utf8 {
    private final java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();

    void appendByte(int b) {
      bytes.write(b);
    }

    void appendCodePoint(int cp) {
      byte[] enc = new String(Character.toChars(cp)).getBytes(java.nio.charset.StandardCharsets.UTF_8);
      bytes.write(enc, 0, enc.length);
    }

    @Override
    public String toString() {
      return bytes.toString(java.nio.charset.StandardCharsets.UTF_8);
    }
  }

  private void raw() {
    int start = pos;
    int end = in.indexOf('`', pos + 1);
    if (end < 0) {
      throw error(start, "unterminated raw string");
    }
    pos = end + 1;
    out.add(new Token(Kind.STRING, in.substring(start + 1, end), start, pos, 0, 0));
  }

  private static String runeQuote(int c) {
    if (c == '\'') {
      return "'\\''";
    }
    return "'" + new String(Character.toChars(c)) + "'";
  }

  private static boolean isGlued(char c) {
    return c != ':' && (isIdentPart(c) || c == '.');
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static boolean isHex(char c) {
    return isDigit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
  }

  private static boolean isUnitStart(char c) {
    return "ywdhms".indexOf(c) >= 0;
  }

  static boolean isIdentStart(char c) {
    return c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
  }

  static boolean isIdentPart(char c) {
    return isIdentStart(c) || isDigit(c);
  }
}
