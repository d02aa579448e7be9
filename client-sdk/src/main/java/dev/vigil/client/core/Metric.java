package dev.vigil.client.core;

import dev.vigil.client.model.Collector;
import dev.vigil.client.model.Labels;
import dev.vigil.client.model.MetricMetadata;

/** Base of the metric types: metadata, label names and constant labels. */
public abstract class Metric implements Collector {
  final MetricMetadata metadata;
  final String[] labelNames;
  final Labels constLabels;

  Metric(MetricBuilder<?, ?> b, MetricMetadata metadata) {
    this.metadata = metadata;
    this.labelNames = b.labelNames.clone();
    this.constLabels = b.constLabels;
  }

  @Override
  public String getName() {
    return metadata.getName();
  }

  public MetricMetadata getMetadata() {
    return metadata;
  }

  /** The labels of a child: its label values paired with the names, plus the constant labels. */
  Labels labels(String[] values) {
    return constLabels.merge(Labels.of(labelNames, values));
  }

  /** Throws unless {@code values} fits the label names; cheap enough for the hot lookup. */
  void checkLabelValues(String[] values) {
    if (values.length != labelNames.length) {
      throw new IllegalArgumentException(metadata.getName() + " has " + labelNames.length
          + " label name(s) " + java.util.Arrays.toString(labelNames) + " but got "
          + values.length + " label value(s)");
    }
    for (int i = 0; i < values.length; i++) {
      if (values[i] == null) {
        throw new IllegalArgumentException(metadata.getName() + ": label value for "
            + labelNames[i] + " is null");
      }
    }
  }
}
