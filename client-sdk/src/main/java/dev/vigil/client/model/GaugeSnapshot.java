package dev.vigil.client.model;

import java.util.Collection;

/** A gauge family: values that go up and down. */
public final class GaugeSnapshot extends MetricSnapshot<GaugeSnapshot.DataPoint> {
  public GaugeSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
  }

  @Override
  public MetricType getType() {
    return MetricType.GAUGE;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final double value;
    private final Exemplar exemplar;

    /** @param exemplar may be null */
    public DataPoint(Labels labels, double value, Exemplar exemplar) {
      super(labels, 0);
      this.value = value;
      this.exemplar = exemplar;
    }

    public DataPoint(Labels labels, double value) {
      this(labels, value, null);
    }

    public double getValue() {
      return value;
    }

    /** The exemplar, or null. */
    public Exemplar getExemplar() {
      return exemplar;
    }
  }
}
