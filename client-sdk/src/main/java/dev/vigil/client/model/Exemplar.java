package dev.vigil.client.model;

/**
 * An example observation attached to a counter or histogram bucket: typically carries a
 * {@code trace_id} and {@code span_id} so a graph can link to a trace. Immutable.
 */
public final class Exemplar {
  /** OpenMetrics caps the combined length of an exemplar's label names and values. */
  public static final int MAX_LABEL_RUNES = 128;

  private final Labels labels;
  private final double value;
  private final long timestampMillis;

  /** @param timestampMillis 0 when the exemplar has no timestamp */
  public Exemplar(Labels labels, double value, long timestampMillis) {
    int runes = 0;
    for (int i = 0; i < labels.size(); i++) {
      String n = labels.getName(i);
      String v = labels.getValue(i);
      runes += n.codePointCount(0, n.length()) + v.codePointCount(0, v.length());
    }
    if (runes > MAX_LABEL_RUNES) {
      throw new IllegalArgumentException("exemplar labels " + labels + " have " + runes
          + " characters; OpenMetrics allows at most " + MAX_LABEL_RUNES);
    }
    this.labels = labels;
    this.value = value;
    this.timestampMillis = timestampMillis;
  }

  public Labels getLabels() {
    return labels;
  }

  public double getValue() {
    return value;
  }

  /** Milliseconds since the epoch, or 0 when unset. */
  public long getTimestampMillis() {
    return timestampMillis;
  }

  public boolean hasTimestamp() {
    return timestampMillis != 0;
  }

  @Override
  public String toString() {
    return "Exemplar" + labels + " " + value + (hasTimestamp() ? " @" + timestampMillis : "");
  }
}
