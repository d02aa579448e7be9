package dev.vigil.client.model;

import java.util.Collection;

/** A counter family: monotonic values, written as {@code name_total}. */
public final class CounterSnapshot extends MetricSnapshot<CounterSnapshot.DataPoint> {
  public CounterSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
  }

  @Override
  public MetricType getType() {
    return MetricType.COUNTER;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final double value;
    private final Exemplar exemplar;

    /** @param exemplar may be null */
    public DataPoint(Labels labels, double value, Exemplar exemplar, long createdTimestampMillis) {
      super(labels, createdTimestampMillis);
      if (value < 0) {
        throw new IllegalArgumentException("counter value must not be negative: " + value);
      }
      this.value = value;
      this.exemplar = exemplar;
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
