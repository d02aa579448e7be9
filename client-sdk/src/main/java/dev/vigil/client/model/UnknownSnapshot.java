package dev.vigil.client.model;

import java.util.Collection;

/** A family of untyped values, for collectors that bridge sources without type information. */
public final class UnknownSnapshot extends MetricSnapshot<UnknownSnapshot.DataPoint> {
  public UnknownSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
  }

  @Override
  public MetricType getType() {
    return MetricType.UNKNOWN;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final double value;

    public DataPoint(Labels labels, double value) {
      super(labels, 0);
      this.value = value;
    }

    public double getValue() {
      return value;
    }
  }
}
