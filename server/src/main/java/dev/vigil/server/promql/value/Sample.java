package dev.vigil.server.promql.value;

import dev.vigil.server.model.Labels;

/** One element of an instant vector: a series' labels and its value at time {@code t} (ms). */
public record Sample(Labels labels, long t, double v) {}
