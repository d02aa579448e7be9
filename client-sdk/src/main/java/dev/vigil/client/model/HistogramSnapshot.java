package dev.vigil.client.model;

import java.util.Collection;

/** A histogram family with classic (explicit upper bound) buckets. */
public final class HistogramSnapshot extends MetricSnapshot<HistogramSnapshot.DataPoint> {
  public HistogramSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
    for (DataPoint p : getDataPoints()) {
      checkReservedLabel(metadata.getName(), p.getLabels(), "le");
    }
  }

  @Override
  public MetricType getType() {
    return MetricType.HISTOGRAM;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final double[] upperBounds;
    private final long[] cumulativeCounts;
    private final double sum;
    private final Exemplar[] exemplars;

    /**
     * @param upperBounds strictly increasing, the last one +Inf
     * @param cumulativeCounts observations at or below each bound; the last is the total count
     * @param exemplars one per bucket, entries may be null; the array itself may be null
     */
    public DataPoint(Labels labels, double[] upperBounds, long[] cumulativeCounts, double sum,
        Exemplar[] exemplars, long createdTimestampMillis) {
      super(labels, createdTimestampMillis);
      Buckets.check(upperBounds);
      if (cumulativeCounts.length != upperBounds.length) {
        throw new IllegalArgumentException(upperBounds.length + " buckets but "
            + cumulativeCounts.length + " counts");
      }
      for (int i = 0; i < cumulativeCounts.length; i++) {
        if (cumulativeCounts[i] < 0 || (i > 0 && cumulativeCounts[i] < cumulativeCounts[i - 1])) {
          throw new IllegalArgumentException("bucket counts must be cumulative and not negative");
        }
      }
      if (exemplars != null && exemplars.length != upperBounds.length) {
        throw new IllegalArgumentException(upperBounds.length + " buckets but "
            + exemplars.length + " exemplar slots");
      }
      this.upperBounds = upperBounds.clone();
      this.cumulativeCounts = cumulativeCounts.clone();
      this.sum = sum;
      this.exemplars = exemplars == null ? new Exemplar[upperBounds.length] : exemplars.clone();
    }

    public int getBucketCount() {
      return upperBounds.length;
    }

    public double getUpperBound(int i) {
      return upperBounds[i];
    }

    public long getCumulativeCount(int i) {
      return cumulativeCounts[i];
    }

    public long getCount() {
      return cumulativeCounts[cumulativeCounts.length - 1];
    }

    public double getSum() {
      return sum;
    }

    /** The exemplar of bucket i, or null. */
    public Exemplar getExemplar(int i) {
      return exemplars[i];
    }
  }
}
