package dev.vigil.server.alerting;

import com.google.re2j.Pattern;
import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;

/**
 * Alertmanager's classic matcher syntax (0.26 and older, still the first choice of its default
 * "fallback" mode): an optional leading '{' and trailing '}' are dropped, the rest is split at
 * commas outside double quotes, and each part is {@code name op value} where the name is a
 * Prometheus label name (colons allowed) and the value may be quoted, with OpenMetrics escapes
 * ({@code \"}, {@code \n}, {@code \\}); a lone backslash stays a backslash. Stateless.
 */
final class MatchersClassicParser {
  // '=~' before '=' so the '~' is not taken as part of the value.
  private static final Pattern MATCHER = Pattern.compile(
      "^\\s*([a-zA-Z_:][a-zA-Z0-9_:]*)\\s*(=~|=|!=|!~)\\s*((?s).*?)\\s*$");

  private MatchersClassicParser() {}

  static List<Matcher> parse(String s) {
    if (s.startsWith("{")) {
      s = s.substring(1);
    }
    if (s.endsWith("}")) {
      s = s.substring(0, s.length() - 1);
    }
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    boolean insideQuotes = false;
    boolean escaped = false;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      switch (c) {
        case ',' -> {
          if (!insideQuotes) {
            tokens.add(token.toString());
            token.setLength(0);
            continue;
          }
        }
        case '"' -> {
          if (!escaped) {
            insideQuotes = !insideQuotes;
          } else {
            escaped = false;
          }
        }
        case '\\' -> escaped = !escaped;
        default -> escaped = false;
      }
      token.append(c);
    }
    if (!token.toString().strip().isEmpty()) {
      tokens.add(token.toString().strip());
    }
    List<Matcher> out = new ArrayList<>(tokens.size());
    for (String t : tokens) {
      out.add(parseOne(t));
    }
    return out;
  }

  private static Matcher parseOne(String s) {
    com.google.re2j.Matcher m = MATCHER.matcher(s);
    if (!m.matches()) {
      throw new IllegalArgumentException("bad matcher format: " + s);
    }
    String raw = m.group(3);
    boolean expectTrailingQuote = false;
    if (raw.startsWith("\"")) {
      raw = raw.substring(1);
      expectTrailingQuote = true;
    }
    StringBuilder value = new StringBuilder(raw.length());
    boolean escaped = false;
    for (int i = 0; i < raw.length(); i++) {
      char c = raw.charAt(i);
      if (escaped) {
        escaped = false;
        switch (c) {
          case 'n' -> value.append('\n');
          case '"', '\\' -> value.append(c);
          default -> value.append('\\').append(c); // a spurious escape stays literal
        }
        continue;
      }
      if (c == '\\') {
        if (i < raw.length() - 1) {
          escaped = true;
        } else {
          value.append('\\');
        }
      } else if (c == '"') {
        if (!expectTrailingQuote || i < raw.length() - 1) {
          throw new IllegalArgumentException("matcher value contains unescaped double quote: "
              + m.group(3));
        }
        expectTrailingQuote = false;
      } else {
        value.append(c);
      }
    }
    if (expectTrailingQuote) {
      throw new IllegalArgumentException("matcher value contains unescaped double quote: "
          + m.group(3));
    }
    Matcher.Type type = switch (m.group(2)) {
      case "=" -> Matcher.Type.EQUAL;
      case "!=" -> Matcher.Type.NOT_EQUAL;
      case "=~" -> Matcher.Type.REGEX;
      default -> Matcher.Type.NOT_REGEX;
    };
    return Matcher.of(type, m.group(1), value.toString());
  }
}
