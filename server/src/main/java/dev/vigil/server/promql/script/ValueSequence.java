package dev.vigil.server.promql.script;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.StaleNaN;
import java.util.ArrayList;
import java.util.List;

/**
 * The expanding value notation of series lines: {@code 1 2 3}, {@code 1+2x3} (1 3 5 7),
 * {@code 5-1x2} (5 4 3), {@code 7x2} (7 7 7), {@code _} (no point), {@code _x3} (three missing
 * points), {@code stale}, {@code Inf}, {@code -Inf}, {@code NaN}, and native histograms
 * {@code {{...}}}, {@code {{...}}x3}, {@code {{...}}+{{...}}x3}, {@code {{...}}-{{...}}x3}.
 * Whitespace between tokens does not matter, as in Prometheus's lexer: {@code 1 +2 x3} is
 * {@code 1+2x3}.
 */
public final class ValueSequence {
  /** A guard against a typo like {@code 0+1x100000000000} eating the heap. */
  static final long MAX_POINTS = 10_000_000;

  private enum Kind { NUMBER, WORD, ADD, SUB, TIMES, BLANK, HISTOGRAM }

  private record Token(Kind kind, String text, int at) {}

  private final List<Token> tokens = new ArrayList<>();
  private final int lineNo;
  private final int columnOffset;
  private final Points points = new Points();
  private int i;

  private ValueSequence(int lineNo, int columnOffset) {
    this.lineNo = lineNo;
    this.columnOffset = columnOffset;
  }

  /** Expands {@code text}; {@code lineNo} and {@code columnOffset} place errors in a file. */
  public static Points parse(String text, int lineNo, int columnOffset)
      throws ScriptSyntaxException {
    ValueSequence v = new ValueSequence(lineNo, columnOffset);
    v.lex(text);
    while (v.i < v.tokens.size()) {
      v.item();
    }
    return v.points;
  }

  private void item() throws ScriptSyntaxException {
    Token t = tokens.get(i);
    if (t.kind == Kind.BLANK) {
      i++;
      long n = peek(Kind.TIMES) ? times() : 1;
      for (long k = 0; k < n; k++) {
        points.add(Points.OMITTED, 0);
      }
      return;
    }
    int start = i;
    if (tokens.get(start).kind == Kind.HISTOGRAM) {
      histogramItem();
      return;
    }
    double v = value();
    byte kind = Points.VALUE;
    double delta = 0;
    long n = 0;
    if (peek(Kind.TIMES)) {
      n = times();
    } else if ((peek(Kind.ADD) || peek(Kind.SUB)) && i + 2 < tokens.size()
        && tokens.get(i + 2).kind == Kind.TIMES) {
      // `a+bxn`: otherwise the sign starts the next value, as in `1 -1`.
      if (StaleNaN.is(v)) {
        throw error(tokens.get(i), "a stale marker cannot be incremented");
      }
      boolean histogram = kind == Points.HISTOGRAM;
      if (histogram != (tokens.get(i + 1).kind == Kind.HISTOGRAM)) {
        throw error(tokens.get(i + 1), histogram ? "a native histogram can only be incremented"
            + " by a native histogram" : "a number cannot be incremented by a native histogram");
      }
      delta = histogram ? 0 : value();
      i += histogram ? 2 : 0;
      n = times();
    }
    for (long k = 0; k <= n; k++) {
      points.add(kind, v);
      // Repeated addition, not v0 + k*delta, so values match Prometheus to the last bit. Never
      // for a plain repeat: arithmetic on the stale marker's NaN would change its bits.
      if (delta != 0) {
        v += delta;
      }
    }
  }

  /** {@code h}, {@code hxn}, {@code h+dxn} or {@code h-dxn} with histograms h and d. */
  private void histogramItem() throws ScriptSyntaxException {
    FloatHistogram h = histogram(tokens.get(i++));
    FloatHistogram delta = null;
    boolean minus = false;
    long n = 0;
    if (peek(Kind.TIMES)) {
      n = times();
    } else if ((peek(Kind.ADD) || peek(Kind.SUB)) && i + 2 < tokens.size()
        && tokens.get(i + 2).kind == Kind.TIMES) {
      minus = tokens.get(i).kind == Kind.SUB;
      if (tokens.get(i + 1).kind != Kind.HISTOGRAM) {
        throw error(tokens.get(i + 1), "a native histogram can only be incremented by a native"
            + " histogram");
      }
      delta = histogram(tokens.get(i + 1));
      i += 2;
      n = times();
    }
    for (long k = 0; k <= n; k++) {
      points.addHistogram(h);
      if (delta != null) {
        try {
          // Repeated addition, as Prometheus expands the notation.
          h = minus ? h.sub(delta, null) : h.add(delta, null).withHint(h.counterResetHint());
        } catch (RuntimeException e) {
          throw error(tokens.get(i - 1), "cannot expand the histogram series: " + e.getMessage());
        }
      }
    }
  }

  private FloatHistogram histogram(Token t) throws ScriptSyntaxException {
    try {
      return HistogramNotation.parse(t.text);
    } catch (RuntimeException e) {
      throw error(t, "bad native histogram: " + e.getMessage());
    }
  }

  /** A number (optionally signed), {@code stale}, {@code Inf}, {@code NaN} or a histogram. */
  private double value() throws ScriptSyntaxException {
    Token t = next("a value");
    boolean negative = false;
    boolean signed = t.kind == Kind.ADD || t.kind == Kind.SUB;
    if (signed) {
      negative = t.kind == Kind.SUB;
      t = next("a number after '" + t.text + "'");
      if (t.kind != Kind.NUMBER && t.kind != Kind.WORD) {
        throw error(t, "expected a number after the sign, found " + describe(t));
      }
    }
    switch (t.kind) {
      case HISTOGRAM:
        return 0;
      case WORD:
        if (t.text.equals("stale")) {
          if (signed) {
            throw error(t, "a stale marker cannot have a sign");
          }
          return StaleNaN.VALUE;
        }
        // Fall through: Inf and NaN are numbers to Go's ParseFloat.
      case NUMBER:
        try {
          double d = Numbers.parse(t.text);
          return negative ? -d : d;
        } catch (NumberFormatException e) {
          throw error(t, "expected a number or 'stale', found \"" + t.text + "\"");
        }
      default:
        throw error(t, "expected a value, found " + describe(t));
    }
  }

  private long times() throws ScriptSyntaxException {
    i++; // the 'x'
    Token t = next("a repeat count after 'x'");
    if (t.kind != Kind.NUMBER || !t.text.chars().allMatch(c -> c >= '0' && c <= '9')) {
      throw error(t, "expected a whole repeat count after 'x', found " + describe(t));
    }
    long n;
    try {
      n = Long.parseLong(t.text);
    } catch (NumberFormatException e) {
      n = Long.MAX_VALUE;
    }
    if (n >= MAX_POINTS || points.size() + n >= MAX_POINTS) {
      throw error(t, "too many points: more than " + MAX_POINTS + " in one series");
    }
    return n;
  }

  private boolean peek(Kind kind) {
    return i < tokens.size() && tokens.get(i).kind == kind;
  }

  private Token next(String what) throws ScriptSyntaxException {
    if (i >= tokens.size()) {
      int end = tokens.isEmpty() ? 0 : tokens.get(tokens.size() - 1).at + 1;
      throw new ScriptSyntaxException(lineNo, columnOffset + end + 1,
          "expected " + what + " at the end of the line");
    }
    return tokens.get(i++);
  }

  private void lex(String s) throws ScriptSyntaxException {
    int p = 0;
    while (p < s.length()) {
      char c = s.charAt(p);
      int start = p;
      if (Character.isWhitespace(c)) {
        p++;
      } else if (c == '+' || c == '-') {
        tokens.add(new Token(c == '+' ? Kind.ADD : Kind.SUB, String.valueOf(c), p++));
      } else if (c == '_') {
        tokens.add(new Token(Kind.BLANK, "_", p++));
      } else if (c == 'x' && p + 1 < s.length() && isDigit(s.charAt(p + 1))) {
        tokens.add(new Token(Kind.TIMES, "x", p++));
      } else if (isDigit(c) || c == '.') {
        p = number(s, p);
        tokens.add(new Token(Kind.NUMBER, s.substring(start, p), start));
      } else if (Character.isLetter(c)) {
        while (p < s.length() && Character.isLetter(s.charAt(p))) {
          p++;
        }
        String word = s.substring(start, p);
        // `stalex3`, `NaNx2`: the lexer reads the 'x' as part of the word; split it off.
        if (word.length() > 1 && word.endsWith("x") && p < s.length() && isDigit(s.charAt(p))) {
          word = word.substring(0, word.length() - 1);
          p--;
        }
        tokens.add(new Token(Kind.WORD, word, start));
      } else if (s.startsWith("{{", p)) {
        int end = s.indexOf("}}", p + 2);
        if (end < 0) {
          throw new ScriptSyntaxException(lineNo, columnOffset + p + 1,
              "unterminated native histogram: missing '}}'");
        }
        p = end + 2;
        tokens.add(new Token(Kind.HISTOGRAM, s.substring(start, p), start));
      } else {
        throw new ScriptSyntaxException(lineNo, columnOffset + p + 1,
            "unexpected character '" + c + "' in the values");
      }
    }
  }

  /** The end of a decimal number starting at {@code p}: digits, a point, an exponent. */
  private static int number(String s, int p) {
    while (p < s.length() && (isDigit(s.charAt(p)) || s.charAt(p) == '.')) {
      p++;
    }
    if (p < s.length() && (s.charAt(p) == 'e' || s.charAt(p) == 'E')) {
      int q = p + 1;
      if (q < s.length() && (s.charAt(q) == '+' || s.charAt(q) == '-')) {
        q++;
      }
      if (q < s.length() && isDigit(s.charAt(q))) {
        p = q;
        while (p < s.length() && isDigit(s.charAt(p))) {
          p++;
        }
      }
    }
    return p;
  }

  private static boolean isDigit(char c) {
    return c >= '0' && c <= '9';
  }

  private static String describe(Token t) {
    return t.kind == Kind.HISTOGRAM ? "a native histogram" : "'" + t.text + "'";
  }

  private ScriptSyntaxException error(Token t, String detail) {
    return new ScriptSyntaxException(lineNo, columnOffset + t.at + 1, detail);
  }
}
