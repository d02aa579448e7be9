package dev.vigil.server.api;

import dev.vigil.server.model.Matcher;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;

/**
 * A stand-in for the PromQL parser's selector parsing, for {@code match[]} until the real parser
 * is wired: {@code name}, {@code name{a="b",c=~"d"}} and {@code {a!="b"}}, values in double or
 * single quotes with backslash escapes. To be deleted then.
 */
public final class SimpleSelectorParser implements Function<String, List<Matcher>> {
  private String s;
  private int pos;

  @Override
  public List<Matcher> apply(String text) {
    SimpleSelectorParser p = new SimpleSelectorParser();
    p.s = text;
    return p.parse();
  }

  private List<Matcher> parse() {
    List<Matcher> out = new ArrayList<>();
    String name = ident(true);
    if (!name.isEmpty()) {
      out.add(Matcher.equal("__name__", name));
    }
    if (eat('{')) {
      while (!eat('}')) {
        String label = ident(false);
        if (label.isEmpty()) {
          throw error(pos >= s.length() ? "unclosed \"{\"" : "expected a label name");
        }
        Matcher.Type type = op();
        out.add(Matcher.of(type, label, quoted())); // a bad regex fails here with its reason
        if (!eat(',') && !(pos < s.length() && s.charAt(pos) == '}')) {
          throw error("expected \",\" or \"}\"");
        }
      }
    } else if (name.isEmpty()) {
      throw error("expected a metric name or \"{\"");
    }
    if (pos < s.length()) {
      throw error("unexpected " + ApiParams.goQuote(s.substring(pos, pos + 1)));
    }
    return out;
  }

  /** Skips spaces, then consumes {@code c} (and the spaces after it) when it is next. */
  private boolean eat(char c) {
    skipSpace();
    boolean found = pos < s.length() && s.charAt(pos) == c;
    pos += found ? 1 : 0;
    skipSpace();
    return found;
  }

  private String ident(boolean metric) {
    skipSpace();
    int start = pos;
    while (pos < s.length() && (s.charAt(pos) < 0x80 && Character.isLetter(s.charAt(pos))
        || s.charAt(pos) == '_' || (metric && s.charAt(pos) == ':')
        || (pos > start && Character.isDigit(s.charAt(pos)) && s.charAt(pos) < 0x80))) {
      pos++;
    }
    return s.substring(start, pos);
  }

  private Matcher.Type op() {
    skipSpace();
    for (Matcher.Type t : List.of(Matcher.Type.REGEX, Matcher.Type.NOT_REGEX,
        Matcher.Type.NOT_EQUAL, Matcher.Type.EQUAL)) { // two-character operators first
      if (s.startsWith(t.op(), pos)) {
        pos += t.op().length();
        skipSpace();
        return t;
      }
    }
    throw error("expected one of =, !=, =~, !~");
  }

  private String quoted() {
    char q = pos < s.length() ? s.charAt(pos) : 0;
    if (q != '"' && q != '\'') {
      throw error("expected a quoted label value");
    }
    StringBuilder b = new StringBuilder();
    for (pos++; pos < s.length() && s.charAt(pos) != q; pos++) {
      char c = s.charAt(pos);
      if (c == '\\' && ++pos < s.length()) {
        c = s.charAt(pos) == 'n' ? '\n' : s.charAt(pos) == 't' ? '\t' : s.charAt(pos);
      }
      b.append(c);
    }
    if (pos >= s.length()) {
      throw error("unterminated quoted string");
    }
    pos++;
    return b.toString();
  }

  private void skipSpace() {
    while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
      pos++;
    }
  }

  private IllegalArgumentException error(String what) {
    return new IllegalArgumentException("1:" + (pos + 1) + ": parse error: " + what);
  }
}
