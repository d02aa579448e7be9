package dev.vigil.client.model;

/** Validation of metric and label names, shared by the builders and the snapshots. */
public final class Names {
  private Names() {}

  /** Suffixes the exposition formats add to a family name; a base name may not end with them. */
  private static final String[] RESERVED_SUFFIXES = {"_total", "_created", "_bucket", "_info"};

  /** Throws a precise {@link IllegalArgumentException} unless {@code name} is a legal metric name. */
  public static void checkMetricName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("metric name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || c == ':' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        throw new IllegalArgumentException("invalid metric name \"" + name + "\": character '" + c
            + "' at position " + i + " (allowed: [a-zA-Z_:][a-zA-Z0-9_:]*)");
      }
    }
  }

  /** Like {@link #checkMetricName} and also rejects names ending in a suffix the formats add. */
  public static void checkBaseName(String name) {
    checkMetricName(name);
    for (String suffix : RESERVED_SUFFIXES) {
      if (name.endsWith(suffix)) {
        throw new IllegalArgumentException("invalid metric name \"" + name + "\": the suffix "
            + suffix + " is added by the exposition format; leave it off");
      }
    }
  }

  /** Throws a precise {@link IllegalArgumentException} unless {@code name} is a legal label name. */
  public static void checkLabelName(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("label name must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      boolean ok = c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')
          || (i > 0 && c >= '0' && c <= '9');
      if (!ok) {
        throw new IllegalArgumentException("invalid label name \"" + name + "\": character '" + c
            + "' at position " + i + " (allowed: [a-zA-Z_][a-zA-Z0-9_]*)");
      }
    }
    if (name.startsWith("__")) {
      throw new IllegalArgumentException("invalid label name \"" + name
          + "\": names starting with __ are reserved for internal use");
    }
  }
}
