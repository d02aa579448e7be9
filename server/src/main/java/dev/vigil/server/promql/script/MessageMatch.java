package dev.vigil.server.promql.script;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * How an {@code expect fail|warn|info} line matches a message: any message (no {@code msg:} or
 * {@code regex:}), exact text ({@code msg:}), or a regular expression found anywhere in it
 * ({@code regex:}, RE2 syntax as in Prometheus, unanchored as Go's MatchString).
 */
final class MessageMatch {
  static final MessageMatch ANY = new MessageMatch(null, null);

  private final String exact;
  private final Pattern regex;

  private MessageMatch(String exact, Pattern regex) {
    this.exact = exact;
    this.regex = regex;
  }

  static MessageMatch exact(String text) {
    return new MessageMatch(text, null);
  }

  /** Throws IllegalArgumentException with the syntax error when {@code pattern} is invalid. */
  static MessageMatch regex(String pattern) {
    try {
      return new MessageMatch(null, Pattern.compile(pattern));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException("invalid regex " + pattern + ": " + e.getMessage());
    }
  }

  boolean matches(String message) {
    if (exact != null) {
      return exact.equals(message);
    }
    return regex == null || regex.matcher(message).find();
  }

  @Override
  public String toString() {
    if (exact != null) {
      return "msg: " + exact;
    }
    return regex == null ? "(any message)" : "regex: " + regex.pattern();
  }
}
