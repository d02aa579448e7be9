package dev.vigil.server.storage;

import dev.vigil.server.model.FloatHistogram;

/**
 * Samples of one series in time order, read through primitives so nothing is boxed:
 * {@code while (it.next()) { it.atT(); it.atV(); }}.
 *
 * <p>A series may also hold native histogram samples. Readers check {@link #mayHaveHistograms()}
 * once per series, and only then ask {@link #atHistogram()} per sample, so float series cost
 * nothing more.
 */
public interface SampleIterator {
  /** Moves to the next sample; false at the end. */
  boolean next();

  /** Moves to the first sample at or after {@code t}; false if there is none. */
  boolean seek(long t);

  long atT();

  double atV();

  /**
   * Whether this series can have histogram samples; false means {@link #atHistogram()} is always
   * null and need not be asked.
   */
  default boolean mayHaveHistograms() {
    return false;
  }

  /** The current sample's histogram, or null when it is a float sample ({@link #atV()}). */
  default FloatHistogram atHistogram() {
    return null;
  }
}
