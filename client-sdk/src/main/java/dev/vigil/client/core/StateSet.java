package dev.vigil.client.core;

import dev.vigil.client.model.MetricMetadata;
import dev.vigil.client.model.StateSetSnapshot;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * A fixed set of named states, each on or off (feature flags, a state machine's state), exposed
 * as one sample per state with a label named after the metric.
 */
public final class StateSet extends LabelledMetric<StateSet.Child> {
  private final String[] states;

  private StateSet(Builder b, MetricMetadata metadata) {
    super(b, metadata, childFactory(b.states));
    this.states = b.states;
  }

  private static Function<String[], Child> childFactory(String[] states) {
    return values -> new Child(states);
  }

  public static Builder builder() {
    return new Builder();
  }

  public void setTrue(String state) {
    noLabels().setTrue(state);
  }

  public void setFalse(String state) {
    noLabels().setFalse(state);
  }

  /** Turns {@code state} on and every other state off, for states that exclude each other. */
  public void set(Enum<?> state) {
    noLabels().set(state);
  }

  @Override
  public StateSetSnapshot collect() {
    List<StateSetSnapshot.DataPoint> points = new ArrayList<>();
    forEachChild((values, c) -> points.add(
        new StateSetSnapshot.DataPoint(labels(values), states, c.enabled())));
    return new StateSetSnapshot(metadata, points);
  }

  /** The states of one label value combination. Thread-safe. */
  public static final class Child {
    private final String[] states;
    private final AtomicIntegerArray on;

    Child(String[] states) {
      this.states = states;
      this.on = new AtomicIntegerArray(states.length);
    }

    public void setTrue(String state) {
      on.set(indexOf(state), 1);
    }

    public void setFalse(String state) {
      on.set(indexOf(state), 0);
    }

    public synchronized void set(Enum<?> state) {
      int k = indexOf(state.name());
      for (int i = 0; i < states.length; i++) {
        on.set(i, i == k ? 1 : 0);
      }
    }

    private int indexOf(String state) {
      for (int i = 0; i < states.length; i++) {
        if (states[i].equals(state)) {
          return i;
        }
      }
      throw new IllegalArgumentException("unknown state " + state + ", expected one of "
          + String.join(", ", states));
    }

    synchronized boolean[] enabled() {
      boolean[] b = new boolean[states.length];
      for (int i = 0; i < b.length; i++) {
        b[i] = on.get(i) == 1;
      }
      return b;
    }
  }

  public static final class Builder extends MetricBuilder<Builder, StateSet> {
    private String[] states;

    Builder() {}

    public Builder states(String... states) {
      if (states.length == 0) {
        throw new IllegalArgumentException("a state set needs at least one state");
      }
      for (int i = 0; i < states.length; i++) {
        for (int j = 0; j < i; j++) {
          if (states[i].equals(states[j])) {
            throw new IllegalArgumentException("duplicate state " + states[i]);
          }
        }
      }
      this.states = states.clone();
      return this;
    }

    /** The constants of an enum as the states. */
    public Builder states(Class<? extends Enum<?>> type) {
      Enum<?>[] constants = type.getEnumConstants();
      String[] names = new String[constants.length];
      for (int i = 0; i < names.length; i++) {
        names[i] = constants[i].name();
      }
      return states(names);
    }

    @Override
    public StateSet build() {
      if (states == null) {
        throw new IllegalArgumentException("a state set needs states(...)");
      }
      if (unit != null) {
        throw new IllegalArgumentException("a state set has no unit");
      }
      // The metric's own name is the label that carries the state.
      return new StateSet(this, metadata(name));
    }
  }
}
