package dev.vigil.server.promql.value;

import dev.vigil.server.model.FloatHistogram;
import dev.vigil.server.model.Labels;

/**
 * One element of an instant vector: a series' labels and its value at time {@code t} (ms), a
 * float {@code v} or, when {@code h} is not null, a native histogram.
 */
public record Sample(Labels labels, long t, double v, FloatHistogram h) {
  public Sample(Labels labels, long t, double v) {
    this(labels, t, v, null);
  }
}
