package dev.vigil.server.template;

import java.util.ArrayList;
import java.util.List;

/** Splits template text into tokens the way Go's text/template lexer does (delimiters {{ }}). */
final class Lexer {
  enum Kind {
    TEXT, LEFT, RIGHT, SPACE, IDENT, FIELD, VARIABLE, DOT, STRING, RAW, CHAR, NUMBER, BOOL, NIL,
    PIPE, LPAREN, RPAREN, DECLARE, ASSIGN, CHAR_ITEM, KEYWORD, EOF, ERROR
  }

  record Token(Kind kind, String text, int pos) {
    @Override
    public String toString() {
      return switch (kind) {
        case EOF -> "EOF";
        case ERROR -> text;
        case KEYWORD -> "<" + text + ">";
        default -> text.length() > 10 ? '"' + text.substring(0, 10) + "\"..." : '"' + text + '"';
      };
    }
  }

  private static final String LEFT = "{{";
  private static final String RIGHT = "}}";

  private final String in;
  private final List<Token> out = new ArrayList<>();
  private int pos;
  private int parenDepth;

  private Lexer(String in) {
    this.in = in;
  }

  /** Tokens ending with EOF or ERROR (whose text is the message). */
  static List<Token> lex(String text) {
    Lexer l = new Lexer(text);
    l.run();
    return l.out;
  }

  private void run() {
    while (true) {
      int next = in.indexOf(LEFT, pos);
      if (next < 0) {
        if (pos < in.length()) {
          out.add(new Token(Kind.TEXT, in.substring(pos), pos));
        }
        out.add(new Token(Kind.EOF, "", in.length()));
        return;
      }
      boolean trimLeft = hasLeftTrim(next + LEFT.length());
      int textEnd = next;
      if (trimLeft) {
        while (textEnd > pos && isSpace(in.charAt(textEnd - 1))) {
          textEnd--;
        }
      }
      if (textEnd > pos) {
        out.add(new Token(Kind.TEXT, in.substring(pos, textEnd), pos));
      }
      pos = next + LEFT.length() + (trimLeft ? 2 : 0);
      if (!lexAction(next)) {
        return;
      }
    }
  }

  private boolean hasLeftTrim(int at) {
    return at + 1 < in.length() && in.charAt(at) == '-' && isSpace(in.charAt(at + 1));
  }

  /** Whether a right trim marker " -}}" starts at {@code at}. */
  private boolean atRightTrim(int at) {
    return at + 2 + RIGHT.length() <= in.length() && isSpace(in.charAt(at))
        && in.charAt(at + 1) == '-' && in.startsWith(RIGHT, at + 2);
  }

  /** Lexes one action; false after an error token. */
  private boolean lexAction(int actionStart) {
    // Comments: {{/* ... */}}, optionally with trim markers.
    if (in.startsWith("/*", pos)) {
      int end = in.indexOf("*/", pos + 2);
      if (end < 0) {
        return error("unclosed comment", actionStart);
      }
      pos = end + 2;
      if (atRightTrim(pos)) {
        pos += 2 + RIGHT.length();
        trimFollowingSpace();
        return true;
      }
      if (!in.startsWith(RIGHT, pos)) {
        return error("comment ends before closing delimiter", actionStart);
      }
      pos += RIGHT.length();
      return true;
    }
    out.add(new Token(Kind.LEFT, LEFT, actionStart));
    parenDepth = 0;
    while (true) {
      if (atRightTrim(pos)) {
        if (parenDepth > 0) {
          return error("unclosed left paren", pos);
        }
        out.add(new Token(Kind.RIGHT, RIGHT, pos + 2));
        pos += 2 + RIGHT.length();
        trimFollowingSpace();
        return true;
      }
      if (in.startsWith(RIGHT, pos)) {
        if (parenDepth > 0) {
          return error("unclosed left paren", pos);
        }
        out.add(new Token(Kind.RIGHT, RIGHT, pos));
        pos += RIGHT.length();
        return true;
      }
      if (pos >= in.length()) {
        return error("unclosed action", pos);
      }
      char c = in.charAt(pos);
      int start = pos;
      if (isSpace(c)) {
        while (pos < in.length() && isSpace(in.charAt(pos)) && !atRightTrim(pos)) {
          pos++;
        }
        if (pos == start) { // a lone space before " -}}" is part of the marker
          continue;
        }
        out.add(new Token(Kind.SPACE, in.substring(start, pos), start));
      } else if (c == '=') {
        pos++;
        out.add(new Token(Kind.ASSIGN, "=", start));
      } else if (c == ':') {
        if (pos + 1 >= in.length() || in.charAt(pos + 1) != '=') {
          return error("expected :=", start);
        }
        pos += 2;
        out.add(new Token(Kind.DECLARE, ":=", start));
      } else if (c == '|') {
        pos++;
        out.add(new Token(Kind.PIPE, "|", start));
      } else if (c == '"') {
        if (!lexQuote('"', Kind.STRING, "unterminated quoted string")) {
          return false;
        }
      } else if (c == '`') {
        int end = in.indexOf('`', pos + 1);
        if (end < 0) {
          return error("unterminated raw quoted string", start);
        }
        pos = end + 1;
        out.add(new Token(Kind.RAW, in.substring(start, pos), start));
      } else if (c == '\'') {
        if (!lexQuote('\'', Kind.CHAR, "unterminated character constant")) {
          return false;
        }
      } else if (c == '$') {
        pos++;
        while (pos < in.length() && isAlnum(in.charAt(pos))) {
          pos++;
        }
        out.add(new Token(Kind.VARIABLE, in.substring(start, pos), start));
        if (!checkTerminator()) {
          return false;
        }
      } else if (c == '.') {
        if (pos + 1 < in.length() && Character.isDigit(in.charAt(pos + 1))) {
          if (!lexNumber()) {
            return false;
          }
        } else {
          pos++;
          if (pos < in.length() && isAlnum(in.charAt(pos))) {
            while (pos < in.length() && isAlnum(in.charAt(pos))) {
              pos++;
            }
            out.add(new Token(Kind.FIELD, in.substring(start, pos), start));
          } else {
            out.add(new Token(Kind.DOT, ".", start));
          }
          if (!checkTerminator()) {
            return false;
          }
        }
      } else if (c == '+' || c == '-' || Character.isDigit(c)) {
        if (!lexNumber()) {
          return false;
        }
      } else if (isAlnum(c)) {
        while (pos < in.length() && isAlnum(in.charAt(pos))) {
          pos++;
        }
        String word = in.substring(start, pos);
        Kind k = switch (word) {
          case "true", "false" -> Kind.BOOL;
          case "nil" -> Kind.NIL;
          case "block", "break", "continue", "define", "else", "end", "if", "range", "template",
              "with" -> Kind.KEYWORD;
          default -> Kind.IDENT;
        };
        out.add(new Token(k, word, start));
        if (!checkTerminator()) {
          return false;
        }
      } else if (c == '(') {
        pos++;
        parenDepth++;
        out.add(new Token(Kind.LPAREN, "(", start));
      } else if (c == ')') {
        pos++;
        parenDepth--;
        if (parenDepth < 0) {
          return error("unexpected right paren", start);
        }
        out.add(new Token(Kind.RPAREN, ")", start));
      } else if (c < 0x7f && c >= ' ') {
        // Go emits any other printable ASCII character as a token; the parser rejects it.
        pos++;
        out.add(new Token(Kind.CHAR_ITEM, String.valueOf(c), start));
      } else {
        int cp = in.codePointAt(pos);
        return error(String.format("bad character U+%04X '%s'", cp, new String(Character.toChars(cp))),
            start);
      }
    }
  }

  private boolean checkTerminator() {
    if (pos >= in.length()) {
      return true;
    }
    char c = in.charAt(pos);
    if (isSpace(c) || c == '.' || c == ',' || c == '|' || c == ':' || c == ')' || c == '('
        || c == '=' || in.startsWith(RIGHT, pos)) {
      return true;
    }
    int cp = in.codePointAt(pos);
    return error(String.format("bad character U+%04X '%s'", cp, new String(Character.toChars(cp))),
        pos);
  }

  private boolean lexQuote(char q, Kind kind, String unterminated) {
    int start = pos;
    pos++;
    while (true) {
      if (pos >= in.length() || in.charAt(pos) == '\n') {
        return error(unterminated, start);
      }
      char c = in.charAt(pos);
      if (c == '\\') {
        pos += 2;
        continue;
      }
      pos++;
      if (c == q) {
        break;
      }
    }
    out.add(new Token(kind, in.substring(start, Math.min(pos, in.length())), start));
    return true;
  }

  private boolean lexNumber() {
    // Go's scanNumber: sign, base prefix, digits, fraction, exponent; no letter may follow.
    int start = pos;
    accept("+-");
    String digits = "0123456789_";
    if (accept("0")) {
      if (accept("xX")) {
        digits = "0123456789abcdefABCDEF_";
      } else if (accept("oO")) {
        digits = "01234567_";
      } else if (accept("bB")) {
        digits = "01_";
      }
    }
    acceptRun(digits);
    if (accept(".")) {
      acceptRun(digits);
    }
    if (digits.length() == 11 && accept("eE")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (digits.length() == 23 && accept("pP")) {
      accept("+-");
      acceptRun("0123456789_");
    }
    if (pos < in.length() && isAlnum(in.charAt(pos))) {
      pos++;
      return error("bad number syntax: " + Fmt.quote(in.substring(start, pos)), start);
    }
    out.add(new Token(Kind.NUMBER, in.substring(start, pos), start));
    return true;
  }

  private boolean accept(String valid) {
    if (pos < in.length() && valid.indexOf(in.charAt(pos)) >= 0) {
      pos++;
      return true;
    }
    return false;
  }

  private void acceptRun(String valid) {
    while (accept(valid)) {
      // consume
    }
  }

  private void trimFollowingSpace() {
    while (pos < in.length() && isSpace(in.charAt(pos))) {
      pos++;
    }
  }

  private boolean error(String msg, int at) {
    out.add(new Token(Kind.ERROR, msg, at));
    return false;
  }

  static boolean isSpace(char c) {
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
  }

  static boolean isAlnum(char c) {
    return c == '_' || Character.isLetterOrDigit(c);
  }
}
