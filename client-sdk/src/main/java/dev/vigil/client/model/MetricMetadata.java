package dev.vigil.client.model;

/**
 * Name, help text and unit of a metric family. The name is the base name: without the
 * {@code _total} of a counter or the {@code _info} of an info metric, which the formats add.
 */
public final class MetricMetadata {
  private final String name;
  private final String help;
  private final Unit unit;

  /**
   * @param help may be null (written as no HELP line)
   * @param unit may be null; when set, {@code name} must end with {@code _<unit>}
   */
  public MetricMetadata(String name, String help, Unit unit) {
    Names.checkBaseName(name);
    if (unit != null && !name.endsWith("_" + unit.getName())) {
      throw new IllegalArgumentException("metric " + name + " has unit " + unit
          + ", so its name must end with _" + unit);
    }
    this.name = name;
    this.help = help;
    this.unit = unit;
  }

  public MetricMetadata(String name) {
    this(name, null, null);
  }

  public String getName() {
    return name;
  }

  /** The help text, or null. */
  public String getHelp() {
    return help;
  }

  /** The unit, or null. */
  public Unit getUnit() {
    return unit;
  }
}
