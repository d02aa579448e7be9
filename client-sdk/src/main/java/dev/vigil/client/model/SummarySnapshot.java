package dev.vigil.client.model;

import java.util.Collection;

/** A summary family: count, sum and optional quantiles over a sliding time window. */
public final class SummarySnapshot extends MetricSnapshot<SummarySnapshot.DataPoint> {
  public SummarySnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
    for (DataPoint p : getDataPoints()) {
      checkReservedLabel(metadata.getName(), p.getLabels(), "quantile");
    }
  }

  @Override
  public MetricType getType() {
    return MetricType.SUMMARY;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final long count;
    private final double sum;
    private final double[] quantiles;
    private final double[] values;

    /**
     * @param quantiles sorted ranks in [0, 1]
     * @param values the estimate for each rank; NaN when the window holds no observation
     */
    public DataPoint(Labels labels, long count, double sum, double[] quantiles, double[] values,
        long createdTimestampMillis) {
      super(labels, createdTimestampMillis);
      if (count < 0) {
        throw new IllegalArgumentException("summary count must not be negative: " + count);
      }
      if (quantiles.length != values.length) {
        throw new IllegalArgumentException(quantiles.length + " quantiles but " + values.length
            + " values");
      }
      for (int i = 0; i < quantiles.length; i++) {
        if (!(quantiles[i] >= 0 && quantiles[i] <= 1)) {
          throw new IllegalArgumentException("quantile " + quantiles[i] + " is not in [0, 1]");
        }
        if (i > 0 && quantiles[i] <= quantiles[i - 1]) {
          throw new IllegalArgumentException("quantiles must be sorted and distinct");
        }
      }
      this.count = count;
      this.sum = sum;
      this.quantiles = quantiles.clone();
      this.values = values.clone();
    }

    public long getCount() {
      return count;
    }

    public double getSum() {
      return sum;
    }

    public int getQuantileCount() {
      return quantiles.length;
    }

    public double getQuantile(int i) {
      return quantiles[i];
    }

    public double getValue(int i) {
      return values[i];
    }
  }
}
