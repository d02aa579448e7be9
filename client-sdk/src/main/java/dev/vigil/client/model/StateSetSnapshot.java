package dev.vigil.client.model;

import java.util.Collection;

/**
 * A state set family: per data point, a fixed list of states of which any may be enabled. Each
 * state is written as a sample with a label named after the metric.
 */
public final class StateSetSnapshot extends MetricSnapshot<StateSetSnapshot.DataPoint> {
  public StateSetSnapshot(MetricMetadata metadata, Collection<DataPoint> dataPoints) {
    super(metadata, dataPoints);
    if (metadata.getUnit() != null) {
      throw new IllegalArgumentException(metadata.getName() + ": a state set has no unit");
    }
    if (metadata.getName().indexOf(':') >= 0) {
      throw new IllegalArgumentException(metadata.getName() + ": a state set's name is also the"
          + " label name of its states, and label names cannot contain ':'");
    }
    for (DataPoint p : getDataPoints()) {
      checkReservedLabel(metadata.getName(), p.getLabels(), metadata.getName());
    }
  }

  @Override
  public MetricType getType() {
    return MetricType.STATESET;
  }

  public static final class DataPoint extends DataPointSnapshot {
    private final String[] states;
    private final boolean[] enabled;

    /** @param states distinct state names, written in this order */
    public DataPoint(Labels labels, String[] states, boolean[] enabled) {
      super(labels, 0);
      if (states.length != enabled.length) {
        throw new IllegalArgumentException(states.length + " states but " + enabled.length
            + " enabled flags");
      }
      for (int i = 0; i < states.length; i++) {
        for (int j = 0; j < i; j++) {
          if (states[i].equals(states[j])) {
            throw new IllegalArgumentException("duplicate state " + states[i]);
          }
        }
      }
      this.states = states.clone();
      this.enabled = enabled.clone();
    }

    public int size() {
      return states.length;
    }

    public String getState(int i) {
      return states[i];
    }

    public boolean isEnabled(int i) {
      return enabled[i];
    }
  }
}
