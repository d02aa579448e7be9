package dev.vigil.client.model;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;

/**
 * All data points of one metric family at scrape time, sorted by labels, each label set once.
 * Immutable: exposition writers only ever see these, never live metric state.
 */
public abstract class MetricSnapshot<D extends DataPointSnapshot> {
  private final MetricMetadata metadata;
  private final List<D> dataPoints;

  protected MetricSnapshot(MetricMetadata metadata, Collection<D> dataPoints) {
    if (metadata == null) {
      throw new IllegalArgumentException("metadata must not be null");
    }
    List<D> sorted = new ArrayList<>(dataPoints);
    sorted.sort((a, b) -> a.getLabels().compareTo(b.getLabels()));
    for (int i = 1; i < sorted.size(); i++) {
      if (sorted.get(i).getLabels().equals(sorted.get(i - 1).getLabels())) {
        throw new IllegalArgumentException(metadata.getName() + ": two data points with labels "
            + sorted.get(i).getLabels());
      }
    }
    this.metadata = metadata;
    this.dataPoints = Collections.unmodifiableList(sorted);
  }

  public MetricMetadata getMetadata() {
    return metadata;
  }

  public String getName() {
    return metadata.getName();
  }

  public List<D> getDataPoints() {
    return dataPoints;
  }

  public abstract MetricType getType();

  static void checkReservedLabel(String metric, Labels labels, String reserved) {
    if (labels.contains(reserved)) {
      throw new IllegalArgumentException(metric + ": label name " + reserved
          + " is reserved for this metric type");
    }
  }
}
