package dev.vigil.server.model;

import com.google.re2j.Pattern;
import com.google.re2j.PatternSyntaxException;

/**
 * A label matcher of a selector: {@code name="v"}, {@code !=}, {@code =~}, {@code !~}. Regular
 * expressions use RE2 syntax and are fully anchored, as in PromQL. Immutable and thread-safe.
 */
public final class Matcher {
  public enum Type {
    EQUAL("="), NOT_EQUAL("!="), REGEX("=~"), NOT_REGEX("!~");

    private final String op;

    Type(String op) {
      this.op = op;
    }

    public String op() {
      return op;
    }
  }

  private final Type type;
  private final String name;
  private final String value;
  private final Pattern pattern;

  private Matcher(Type type, String name, String value) {
    this.type = type;
    this.name = name;
    this.value = value;
    Pattern p = null;
    if (type == Type.REGEX || type == Type.NOT_REGEX) {
      try {
        p = Pattern.compile("^(?:" + value + ")$", Pattern.DOTALL);
      } catch (PatternSyntaxException e) {
        throw new IllegalArgumentException("invalid regular expression \"" + value + "\" for label "
            + name + ": " + e.getDescription(), e);
      }
    }
    this.pattern = p;
  }

  public static Matcher of(Type type, String name, String value) {
    return new Matcher(type, name, value);
  }

  public static Matcher equal(String name, String value) {
    return new Matcher(Type.EQUAL, name, value);
  }

  public static Matcher regex(String name, String value) {
    return new Matcher(Type.REGEX, name, value);
  }

  public Type type() {
    return type;
  }

  public String name() {
    return name;
  }

  public String value() {
    return value;
  }

  /** Whether a label value matches; an absent label is the empty string. */
  public boolean matches(String labelValue) {
    String v = labelValue == null ? "" : labelValue;
    switch (type) {
      case EQUAL:
        return v.equals(value);
      case NOT_EQUAL:
        return !v.equals(value);
      case REGEX:
        return pattern.matcher(v).matches();
      case NOT_REGEX:
        return !pattern.matcher(v).matches();
      default:
        throw new AssertionError(type);
    }
  }

  public boolean matches(Labels labels) {
    return matches(labels.get(name));
  }

  @Override
  public String toString() {
    return name + type.op + "\"" + value.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
