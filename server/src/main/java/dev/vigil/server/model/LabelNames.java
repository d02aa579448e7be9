package dev.vigil.server.model;

import com.google.re2j.Pattern;

/** Label and metric name checks (the spec's {@code <labelname>}, names that need no quoting). */
public final class LabelNames {
  // A name, or a template that expands to one: letters/underscore, or $1 / ${name} references.
  private static final Pattern TEMPLATE =
      Pattern.compile("^(?:(?:[a-zA-Z_]|\\$(?:\\{\\w+\\}|\\w+))+\\w*)+$");

  private LabelNames() {}

  /** {@code [a-zA-Z_][a-zA-Z0-9_]*}. */
  public static boolean isValid(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** {@code [a-zA-Z_:][a-zA-Z0-9_:]*}: a metric name that needs no quoting. */
  public static boolean isValidMetricName(String name) {
    if (name == null || name.isEmpty()) {
      return false;
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        return false;
      }
    }
    return true;
  }

  /** Whether a target_label / labelmap replacement can expand to a label name. */
  public static boolean isValidTemplate(String template) {
    return TEMPLATE.matcher(template).matches();
  }
}
