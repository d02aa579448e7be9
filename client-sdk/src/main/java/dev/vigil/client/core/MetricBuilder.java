package dev.vigil.client.core;

import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.Names;
import dev.vigil.client.model.Registry;
import dev.vigil.client.model.Unit;

/**
 * What every metric builder shares: name, help, unit, label names and constant labels.
 *
 * @param <B> the concrete builder, for chaining
 * @param <M> the metric it builds
 */
public abstract class MetricBuilder<B extends MetricBuilder<B, M>, M extends Metric> {
  String name;
  String help;
  Unit unit;
  String[] labelNames = new String[0];
  Labels constLabels = Labels.EMPTY;

  MetricBuilder() {}

  @SuppressWarnings("unchecked")
  final B self() {
    return (B) this;
  }

  /** The metric name. Builders strip suffixes the format adds where that is unambiguous. */
  public B name(String name) {
    this.name = name;
    return self();
  }

  public B help(String help) {
    this.help = help;
    return self();
  }

  /** The unit; {@code _<unit>} is appended to the name when the name does not end with it. */
  public B unit(Unit unit) {
    this.unit = unit;
    return self();
  }

  /** The names of the labels whose values are given per child by {@code labelValues(...)}. */
  public B labelNames(String... labelNames) {
    this.labelNames = labelNames.clone();
    return self();
  }

  /** Labels with the same value on every data point of this metric. */
  public B constLabels(Labels constLabels) {
    this.constLabels = constLabels;
    return self();
  }

  static String stripSuffix(String name, String suffix) {
    return name != null && name.endsWith(suffix)
        ? name.substring(0, name.length() - suffix.length()) : name;
  }

  /** Builds the metric without registering it. */
  public abstract M build();

  /** Builds the metric and registers it with {@link Registry#defaultRegistry}. */
  public M register() {
    return register(Registry.defaultRegistry);
  }

  /** Builds the metric and registers it with {@code registry}. */
  public M register(Registry registry) {
    M metric = build();
    registry.register(metric);
    return metric;
  }

  /** Validated metadata; {@code reservedLabels} may not be used by this metric type. */
  MetricMetadata metadata(String... reservedLabels) {
    if (name == null) {
      throw new IllegalArgumentException("a metric needs a name: call name(...) before build()");
    }
    String full = name;
    if (unit != null && !full.endsWith("_" + unit.getName())) {
      full = full + "_" + unit.getName();
    }
    Names.checkBaseName(full);
    for (int i = 0; i < labelNames.length; i++) {
      Names.checkLabelName(labelNames[i]);
      checkNotReserved(full, labelNames[i], reservedLabels);
      if (constLabels.contains(labelNames[i])) {
        throw new IllegalArgumentException(full + ": label " + labelNames[i]
            + " is both a constant label and a label name");
      }
      for (int j = 0; j < i; j++) {
        if (labelNames[j].equals(labelNames[i])) {
          throw new IllegalArgumentException(full + ": duplicate label name " + labelNames[i]);
        }
      }
    }
    for (int i = 0; i < constLabels.size(); i++) {
      checkNotReserved(full, constLabels.getName(i), reservedLabels);
    }
    return new MetricMetadata(full, help, unit);
  }

  private static void checkNotReserved(String metric, String label, String[] reserved) {
    for (String r : reserved) {
      if (r.equals(label)) {
        throw new IllegalArgumentException(metric + ": label name " + label
            + " is reserved for this metric type");
      }
    }
  }
}
