package dev.vigil.client.model;

/** One labelled data point of a metric at scrape time. Immutable. */
public abstract class DataPointSnapshot {
  private final Labels labels;
  private final long createdTimestampMillis;

  protected DataPointSnapshot(Labels labels, long createdTimestampMillis) {
    if (labels == null) {
      throw new IllegalArgumentException("labels must not be null (use Labels.EMPTY)");
    }
    this.labels = labels;
    this.createdTimestampMillis = createdTimestampMillis;
  }

  public Labels getLabels() {
    return labels;
  }

  /** When this data point started counting, in ms since the epoch; 0 when unknown. */
  public long getCreatedTimestampMillis() {
    return createdTimestampMillis;
  }

  public boolean hasCreatedTimestamp() {
    return createdTimestampMillis != 0;
  }
}
