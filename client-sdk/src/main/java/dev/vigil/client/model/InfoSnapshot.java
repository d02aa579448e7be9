package dev.vigil.client.model;

import java.util.Collection;

/** An info family: constant value 1, the information is in the labels; written as {@code name_info}. */
public final class InfoSnapshot extends MetricSnapshot<InfoSnapshot.DataPoint> {
  public InfoSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
    if (metadata.getUnit() != null) {
      throw new IllegalArgumentException(metadata.getName() + ": an info metric has no unit");
    }
  }

  @Override
  public MetricType getType() {
    return MetricType.INFO;
  }

  public static final class DataPoint extends DataPointSnapshot {
    public DataPoint(Labels labels) {
      super(labels, 0);
    }
  }
}
