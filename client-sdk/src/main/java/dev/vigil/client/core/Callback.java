package dev.vigil.client.core;

/** Receives the values a callback metric reports on a scrape, one call per label set. */
@FunctionalInterface
public interface Callback {
  /** Reports {@code value} for the data point with these label values. */
  void call(double value, String... labelValues);
}
