package dev.vigil.server.promql.script;

import dev.vigil.server.model.Labels;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Parses the label set of a series line in PromQL selector syntax: {@code metric},
 * {@code metric{a="b"}}, {@code {__name__="m", a='b'}}, {@code {"dotted.name", "odd label"="v"}}.
 * Only {@code =} is allowed, as in Prometheus's series descriptions. The values that follow are
 * {@link ValueSequence}'s job.
 */
final class SeriesLineParser {
  private final String s;
  private final int lineNo;
  /** Where {@code s} starts in the file's line, so columns point into the original text. */
  private final int columnOffset;
  private int pos;

  private SeriesLineParser(String s, int lineNo, int columnOffset) {
    this.s = s;
    this.lineNo = lineNo;
    this.columnOffset = columnOffset;
  }

  /** Parses a whole series line: labels, then points. */
  static SeriesLine parse(String text, int lineNo, int columnOffset) throws ScriptSyntaxException {
    SeriesLineParser p = new SeriesLineParser(text, lineNo, columnOffset);
    Labels labels = p.labels();
    if (p.pos < text.length() && !Character.isWhitespace(text.charAt(p.pos))) {
      throw p.error(p.pos, "expected a space between the series and its values, found '"
          + text.charAt(p.pos) + "'");
    }
    Points points = ValueSequence.parse(text.substring(p.pos), lineNo, columnOffset + p.pos);
    return new SeriesLine(lineNo, labels, points);
  }

  /**
   * A whole quoted string ({@code "a\tb"}, {@code 'x'}, {@code `raw`}) with Go's escapes, as
   * {@code expect string} takes it.
   */
  static String unquote(String text, int lineNo, int columnOffset) throws ScriptSyntaxException {
    SeriesLineParser p = new SeriesLineParser(text, lineNo, columnOffset);
    if (text.isEmpty() || !isQuote(text.charAt(0))) {
      throw p.error(0, "expected a quoted string");
    }
    String v = p.string();
    if (p.pos != text.length()) {
      throw p.error(p.pos, "unexpected text after the closing quote");
    }
    return v;
  }

  private Labels labels() throws ScriptSyntaxException {
    Labels.Builder b = new Labels.Builder();
    if (pos < s.length() && isNameStart(s.charAt(pos), true)) {
      int start = pos;
      while (pos < s.length() && isNameChar(s.charAt(pos), true)) {
        pos++;
      }
      b.set(Labels.METRIC_NAME, s.substring(start, pos));
    }
    if (pos < s.length() && s.charAt(pos) == '{') {
      pos++;
      braces(b);
    } else if (b.size() == 0) {
      throw error(pos, "expected a metric name or '{' to start a series");
    }
    return b.build();
  }

  private void braces(Labels.Builder b) throws ScriptSyntaxException {
    skipSpaces();
    while (pos < s.length() && s.charAt(pos) != '}') {
      int itemStart = pos;
      String name;
      boolean quoted = isQuote(s.charAt(pos));
      if (quoted) {
        name = string();
      } else if (isNameStart(s.charAt(pos), false)) {
        int start = pos;
        while (pos < s.length() && isNameChar(s.charAt(pos), false)) {
          pos++;
        }
        name = s.substring(start, pos);
      } else {
        throw error(pos, "expected a label name, found '" + s.charAt(pos) + "'");
      }
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == '=' && !s.startsWith("=~", pos)) {
        pos++;
        skipSpaces();
        if (pos >= s.length() || !isQuote(s.charAt(pos))) {
          throw error(pos, "expected a quoted value for label " + name);
        }
        set(b, name, string(), itemStart);
      } else if (quoted) {
        // A lone quoted string in braces is the metric name (UTF-8 names).
        set(b, Labels.METRIC_NAME, name, itemStart);
      } else if (s.startsWith("!=", pos) || s.startsWith("=~", pos) || s.startsWith("!~", pos)) {
        throw error(pos, "only '=' is allowed in a series, not '" + s.substring(pos, pos + 2)
            + "'");
      } else {
        throw error(pos, "expected '=' after label name " + name);
      }
      skipSpaces();
      if (pos < s.length() && s.charAt(pos) == ',') {
        pos++;
        skipSpaces();
      } else if (pos < s.length() && s.charAt(pos) != '}') {
        throw error(pos, "expected ',' or '}' after label " + name);
      }
    }
    if (pos >= s.length()) {
      throw error(pos, "unclosed '{' in series");
    }
    pos++;
  }

  private void set(Labels.Builder b, String name, String value, int at)
      throws ScriptSyntaxException {
    if (b.get(name) != null) {
      throw error(at, "label " + name + " is given twice");
    }
    b.set(name, value);
  }

  /** A quoted string with Go's escapes; the opening quote is at {@code pos}. */
  private String string() throws ScriptSyntaxException {
    int start = pos;
    char quote = s.charAt(pos++);
    // Bytes, because \x escapes may spell UTF-8 sequences byte by byte.
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    while (pos < s.length()) {
      char c = s.charAt(pos++);
      if (c == quote) {
        return out.toString(StandardCharsets.UTF_8);
      }
      if (c == '\\' && quote != '`') {
        escape(out, start);
      } else {
        int cp = Character.isHighSurrogate(c) && pos < s.length()
            ? Character.toCodePoint(c, s.charAt(pos++)) : c;
        out.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
      }
    }
    throw error(start, "unterminated string");
  }

  private void escape(ByteArrayOutputStream out, int stringStart) throws ScriptSyntaxException {
    if (pos >= s.length()) {
      throw error(stringStart, "unterminated string");
    }
    int at = pos - 1;
    char c = s.charAt(pos++);
    switch (c) {
      case 'a' -> out.write(7);
      case 'b' -> out.write('\b');
      case 'f' -> out.write('\f');
      case 'n' -> out.write('\n');
      case 'r' -> out.write('\r');
      case 't' -> out.write('\t');
      case 'v' -> out.write(11);
      case '\\', '"', '\'' -> out.write(c);
      case 'x' -> out.write(digits(2, 16, at));
      case 'u' -> out.writeBytes(Character.toString(digits(4, 16, at))
          .getBytes(StandardCharsets.UTF_8));
      case 'U' -> out.writeBytes(Character.toString(digits(8, 16, at))
          .getBytes(StandardCharsets.UTF_8));
      default -> {
        if (c >= '0' && c <= '7') {
          pos--;
          out.write(digits(3, 8, at));
        } else {
          throw error(at, "unknown escape sequence \\" + c);
        }
      }
    }
  }

  private int digits(int n, int radix, int at) throws ScriptSyntaxException {
    if (pos + n > s.length()) {
      throw error(at, "short escape sequence");
    }
    try {
      int v = Integer.parseInt(s.substring(pos, pos + n), radix);
      pos += n;
      if (v > Character.MAX_CODE_POINT) {
        throw error(at, "escape sequence is not a valid code point");
      }
      return v;
    } catch (NumberFormatException e) {
      throw error(at, "invalid escape sequence " + s.substring(at, pos + n));
    }
  }

  private void skipSpaces() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private static boolean isQuote(char c) {
    return c == '"' || c == '\'' || c == '`';
  }

  private static boolean isNameStart(char c, boolean metric) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' || (metric && c == ':');
  }

  private static boolean isNameChar(char c, boolean metric) {
    return isNameStart(c, metric) || (c >= '0' && c <= '9');
  }

  private ScriptSyntaxException error(int at, String detail) {
    return new ScriptSyntaxException(lineNo, columnOffset + at + 1, detail);
  }
}
