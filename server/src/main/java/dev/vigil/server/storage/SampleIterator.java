package dev.vigil.server.storage;

/**
 * Samples of one series in time order, read through primitives so nothing is boxed:
 * {@code while (it.next()) { it.atT(); it.atV(); }}.
 */
public interface SampleIterator {
  /** Moves to the next sample; false at the end. */
  boolean next();

  /** Moves to the first sample at or after {@code t}; false if there is none. */
  boolean seek(long t);

  long atT();

  double atV();
}
