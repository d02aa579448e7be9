package dev.vigil.client.model;

/**
 * The unit of a metric, written as {@code # UNIT} in OpenMetrics. A metric with a unit must have a
 * name ending in {@code _<unit>}; the builders append the suffix when it is missing.
 */
public final class Unit {
  public static final Unit SECONDS = new Unit("seconds");
  public static final Unit BYTES = new Unit("bytes");
  public static final Unit RATIO = new Unit("ratio");
  public static final Unit CELSIUS = new Unit("celsius");
  public static final Unit METERS = new Unit("meters");
  public static final Unit GRAMS = new Unit("grams");
  public static final Unit JOULES = new Unit("joules");
  public static final Unit VOLTS = new Unit("volts");
  public static final Unit AMPERES = new Unit("amperes");

  private final String name;

  public Unit(String name) {
    if (name == null || name.isEmpty()) {
      throw new IllegalArgumentException("unit must not be empty");
    }
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (!(c == '_' || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))) {
        throw new IllegalArgumentException("invalid unit \"" + name + "\": character '" + c
            + "' at position " + i + " (allowed: [a-zA-Z0-9_]+)");
      }
    }
    this.name = name;
  }

  public String getName() {
    return name;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Unit && ((Unit) o).name.equals(name);
  }

  @Override
  public int hashCode() {
    return name.hashCode();
  }

  @Override
  public String toString() {
    return name;
  }
}
