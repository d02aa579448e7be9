package dev.vigil.server.alerting;

import dev.vigil.server.model.Matcher;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Alertmanager's UTF-8 matcher syntax: {@code [ "{" ] [ matcher { "," matcher } [ "," ] ] [ "}" ]}
 * where a matcher is {@code name op value}, name and value each an unquoted literal (any
 * character but whitespace and <code>{}!=~,\"'`</code>) or a double-quoted string with Go's
 * escapes. Braces must be both present or both absent. Not thread-safe; one instance per input.
 */
final class MatchersUtf8Parser {
  private static final String RESERVED = "{}!=~,\\\"'`";

  private final String in;
  private int pos;

  private MatchersUtf8Parser(String in) {
    this.in = in;
  }

  /** Parses {@code in}; throws IllegalArgumentException naming the position (1-based column). */
  static List<Matcher> parse(String in) {
    return new MatchersUtf8Parser(in).all();
  }

  private List<Matcher> all() {
    List<Matcher> out = new ArrayList<>();
    skipSpace();
    boolean open = peek('{');
    if (open) {
      pos++;
    }
    while (true) {
      skipSpace();
      if (pos == in.length()) {
        if (open) {
          throw error("missing closing '}'");
        }
        return out;
      }
      if (peek('}')) {
        if (!open) {
          throw error("unexpected '}' without an opening '{'");
        }
        pos++;
        skipSpace();
        if (pos != in.length()) {
          throw error("unexpected input after closing '}'");
        }
        return out;
      }
      out.add(matcher());
      skipSpace();
      if (peek(',')) {
        pos++;
        skipSpace();
        if (peek(',')) {
          throw error("unexpected ',': expected a matcher or the end");
        }
      } else if (pos < in.length() && !peek('}')) {
        throw error("unexpected " + describeHere() + ": expected ',' or '}'");
      }
    }
  }

  private Matcher matcher() {
    int nameAt = pos;
    String name = literal("label name");
    if (name.isEmpty()) {
      throw errorAt(nameAt, "label name must not be empty");
    }
    skipSpace();
    Matcher.Type type = operator();
    skipSpace();
    String value = literal("label value");
    try {
      return Matcher.of(type, name, value);
    } catch (IllegalArgumentException e) {
      throw errorAt(nameAt, e.getMessage());
    }
  }

  private Matcher.Type operator() {
    if (in.startsWith("=~", pos)) {
      pos += 2;
      return Matcher.Type.REGEX;
    }
    if (in.startsWith("!=", pos)) {
      pos += 2;
      return Matcher.Type.NOT_EQUAL;
    }
    if (in.startsWith("!~", pos)) {
      pos += 2;
      return Matcher.Type.NOT_REGEX;
    }
    if (peek('=')) {
      pos++;
      return Matcher.Type.EQUAL;
    }
    throw error("unexpected " + describeHere() + ": expected one of =, !=, =~, !~");
  }

  /** An unquoted literal or a quoted string. */
  private String literal(String what) {
    if (pos == in.length()) {
      throw error("unexpected end of input: expected " + what);
    }
    if (peek('"')) {
      return quoted();
    }
    int start = pos;
    while (pos < in.length()) {
      int c = in.codePointAt(pos);
      if (Character.isWhitespace(c) || (c < 128 && RESERVED.indexOf(c) >= 0)) {
        break;
      }
      pos += Character.charCount(c);
    }
    if (pos == start) {
      throw error("unexpected " + describeHere() + ": expected " + what);
    }
    return in.substring(start, pos);
  }

  /** A Go interpreted string literal; byte escapes must form valid UTF-8. */
  private String quoted() {
    int start = pos;
    pos++; // opening quote
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    while (true) {
      if (pos >= in.length()) {
        throw errorAt(start, "unterminated quoted string");
      }
      char c = in.charAt(pos);
      if (c == '"') {
        pos++;
        break;
      }
      if (c == '\n') {
        throw errorAt(pos, "newline in quoted string");
      }
      if (c != '\\') {
        int cp = in.codePointAt(pos);
        pos += Character.charCount(cp);
        bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        continue;
      }
      int escAt = pos;
      pos++;
      if (pos >= in.length()) {
        throw errorAt(start, "unterminated quoted string");
      }
      char e = in.charAt(pos++);
      switch (e) {
        case 'a' -> bytes.write(7);
        case 'b' -> bytes.write('\b');
        case 'f' -> bytes.write('\f');
        case 'n' -> bytes.write('\n');
        case 'r' -> bytes.write('\r');
        case 't' -> bytes.write('\t');
        case 'v' -> bytes.write(11);
        case '\\' -> bytes.write('\\');
        case '"' -> bytes.write('"');
        case 'x' -> bytes.write(hex(2, escAt));
        case 'u', 'U' -> {
          int cp = hex(e == 'u' ? 4 : 8, escAt);
          if (cp > Character.MAX_CODE_POINT || (cp >= 0xd800 && cp <= 0xdfff)) {
            throw errorAt(escAt, "invalid Unicode code point in escape");
          }
          bytes.writeBytes(new String(Character.toChars(cp)).getBytes(StandardCharsets.UTF_8));
        }
        default -> {
          if (e >= '0' && e <= '7') {
            pos--;
            int v = 0;
            for (int i = 0; i < 3; i++) {
              char d = pos < in.length() ? in.charAt(pos) : 0;
              if (d < '0' || d > '7') {
                throw errorAt(escAt, "invalid octal escape");
              }
              v = v * 8 + (d - '0');
              pos++;
            }
            if (v > 255) {
              throw errorAt(escAt, "octal escape value > 255");
            }
            bytes.write(v);
          } else {
            throw errorAt(escAt, "invalid escape sequence \\" + e + " in quoted string");
          }
        }
      }
    }
    try {
      return StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(bytes.toByteArray())).toString();
    } catch (CharacterCodingException ex) {
      throw errorAt(start, "quoted string is not valid UTF-8");
    }
  }

  private int hex(int digits, int escAt) {
    if (pos + digits > in.length()) {
      throw errorAt(escAt, "invalid escape: expected " + digits + " hex digits");
    }
    int v = 0;
    for (int i = 0; i < digits; i++) {
      int d = Character.digit(in.charAt(pos + i), 16);
      if (d < 0) {
        throw errorAt(escAt, "invalid escape: expected " + digits + " hex digits");
      }
      v = v * 16 + d;
    }
    pos += digits;
    return v;
  }

  private boolean peek(char c) {
    return pos < in.length() && in.charAt(pos) == c;
  }

  private void skipSpace() {
    while (pos < in.length() && Character.isWhitespace(in.charAt(pos))) {
      pos++;
    }
  }

  private String describeHere() {
    if (pos >= in.length()) {
      return "end of input";
    }
    return "'" + new String(Character.toChars(in.codePointAt(pos))) + "'";
  }

  private IllegalArgumentException error(String msg) {
    return errorAt(pos, msg);
  }

  private IllegalArgumentException errorAt(int at, String msg) {
    return new IllegalArgumentException(msg + " at column " + (at + 1) + " of " + quoteInput());
  }

  private String quoteInput() {
    return dev.vigil.server.promql.parser.Printer.quote(in);
  }
}
