package dev.vigil.server.relabel;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;
import java.util.Map;

/**
 * A relabelling regular expression: RE2 syntax, anchored at both ends, {@code .} does not match a
 * newline (as Prometheus compiles {@code ^(?:regex)$}). Keeps the text the user wrote, so two
 * configs compare equal when they were written the same way. Immutable and thread-safe.
 */
public final class RelabelRegex {
  public static final String DEFAULT = "(.*)";
  public static final RelabelRegex DEFAULT_REGEX = compile(DEFAULT);

  private final String source;
  private final Pattern pattern;
  private final Map<String, Integer> namedGroups;

  private RelabelRegex(String source, Pattern pattern) {
    this.source = source;
    this.pattern = pattern;
    this.namedGroups = pattern.namedGroups();
  }

  /** Compiles {@code regex}; throws IllegalArgumentException with RE2's description when invalid. */
  public static RelabelRegex compile(String regex) {
    try {
      return new RelabelRegex(regex, Pattern.compile("^(?:" + regex + ")$"));
    } catch (PatternSyntaxException e) {
      throw new IllegalArgumentException(e.getDescription(), e);
    }
  }

  public String source() {
    return source;
  }

  public Pattern pattern() {
    return pattern;
  }

  Map<String, Integer> namedGroups() {
    return namedGroups;
  }

  public boolean matches(String s) {
    return pattern.matcher(s).matches();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof RelabelRegex && ((RelabelRegex) o).source.equals(source);
  }

  @Override
  public int hashCode() {
    return source.hashCode();
  }

  @Override
  public String toString() {
    return source;
  }
}
