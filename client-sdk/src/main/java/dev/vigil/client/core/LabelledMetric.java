package dev.vigil.client.core;

import dev.vigil.client.model.MetricMetadata;
import java.util.function.Function;

/**
 * A metric with one child per combination of label values. Without label names it has exactly
 * one child, created with the metric, which the metric's own methods update.
 *
 * @param <C> the child type, whose handle callers may keep to skip the lookup
 */
public abstract class LabelledMetric<C> extends Metric {
  private final ChildMap<C> children = new ChildMap<>();
  /** Makes a child from the builder's settings; must not capture the half-built metric. */
  private final Function<String[], C> newChild;
  /** The only child when there are no label names, else null. */
  final C noLabels;

  LabelledMetric(MetricBuilder<?, ?> b, MetricMetadata metadata, Function<String[], C> newChild) {
    super(b, metadata);
    this.newChild = newChild;
    this.noLabels = labelNames.length == 0 ? newChild.apply(new String[0]) : null;
  }

  /**
   * The child for these label values, created on first use. Lock-free and allocation-free once
   * the child exists; keep the returned handle on the hottest paths.
   */
  public C labelValues(String... values) {
    if (values.length == 0 && noLabels != null) {
      return noLabels;
    }
    C c = children.get(checked(values));
    return c != null ? c : children.computeIfAbsent(values, newChild);
  }

  /** {@link #labelValues(String...)} for one label, without allocating once the child exists. */
  public C labelValues(String value) {
    C c = labelNames.length == 1 && value != null ? children.get(1, value, null, null) : null;
    return c != null ? c : labelValues(new String[] {value});
  }

  /** {@link #labelValues(String...)} for two labels, without allocating once the child exists. */
  public C labelValues(String v1, String v2) {
    C c = labelNames.length == 2 && v1 != null && v2 != null ? children.get(2, v1, v2, null) : null;
    return c != null ? c : labelValues(new String[] {v1, v2});
  }

  /** {@link #labelValues(String...)} for three labels, without allocating once the child exists. */
  public C labelValues(String v1, String v2, String v3) {
    C c = labelNames.length == 3 && v1 != null && v2 != null && v3 != null
        ? children.get(3, v1, v2, v3) : null;
    return c != null ? c : labelValues(new String[] {v1, v2, v3});
  }

  private String[] checked(String[] values) {
    checkLabelValues(values);
    return values;
  }

  /** Removes the child for these label values, so it is no longer exposed. */
  public void remove(String... values) {
    children.remove(checked(values));
  }

  /** Removes every labelled child. A metric without label names keeps its single child. */
  public void clear() {
    children.clear();
  }

  /** The single child of a metric without label names. */
  final C noLabels() {
    if (noLabels == null) {
      throw new IllegalStateException(metadata.getName() + " has label names "
          + java.util.Arrays.toString(labelNames) + ": use labelValues(...) to pick a child");
    }
    return noLabels;
  }

  /** Every child with its label values, the unlabelled one included. */
  final void forEachChild(ChildMap.Visitor<C> visitor) {
    if (noLabels != null) {
      visitor.visit(new String[0], noLabels);
    }
    children.forEach(visitor);
  }
}
